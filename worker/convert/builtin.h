/* The converters compiled into the worker, for the plugin registry. */
#ifndef CONNECTD_CONVERT_BUILTIN_H
#define CONNECTD_CONVERT_BUILTIN_H

#include <connectd/plugin.h>
#include <stddef.h>

/* *out = a static array of every built-in converter descriptor (converters
 * and header converters); returns its length. */
size_t convert_builtin_plugins(const cd_plugin_desc_t *const **out);

#endif
