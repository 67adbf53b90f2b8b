/* The whole public plugin API in one include. */
#ifndef CONNECTD_CONNECTD_H
#define CONNECTD_CONNECTD_H
#include "abi.h"
#include "config.h"
#include "data.h"
#include "error.h"
#include "log.h"
#include "plugin.h"
#include "record.h"
#endif
