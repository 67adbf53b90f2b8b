/*
 * connectd plugin ABI: versioning and the single entry point of a plugin.
 *
 * A plugin is a shared object that exports one symbol, CD_PLUGIN_ENTRY_SYMBOL,
 * returning its manifest. Every descriptor a plugin hands over starts with the
 * ABI version it was built against and its own sizeof, so the loader can
 * refuse a plugin built for another major version and tolerate an older,
 * smaller struct of the same major version (new fields are only ever added
 * at the end of a struct).
 *
 * The functions declared in these headers (cd_*) are provided by the connectd
 * executable at load time: a plugin compiles against include/ only and links
 * against nothing of the worker.
 */
#ifndef CONNECTD_ABI_H
#define CONNECTD_ABI_H

#include <stddef.h>
#include <stdint.h>

#define CD_ABI_MAJOR 1
#define CD_ABI_MINOR 0
#define CD_ABI_VERSION ((uint32_t)((CD_ABI_MAJOR << 16) | CD_ABI_MINOR))
#define CD_ABI_VERSION_MAJOR(v) ((uint32_t)(v) >> 16)

#define CD_PLUGIN_ENTRY_SYMBOL "connectd_plugin_manifest_v1"

#if defined(__GNUC__)
#define CD_EXPORT __attribute__((visibility("default")))
#define CD_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CD_EXPORT
#define CD_PRINTF(fmt, args)
#endif

/* Fill the two header fields of any versioned descriptor. */
#define CD_DESCRIPTOR_HEADER(type) .abi_version = CD_ABI_VERSION, .struct_size = sizeof(type)

#endif
