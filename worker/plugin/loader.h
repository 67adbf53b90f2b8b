/*
 * Loading plugin libraries: dlopen() with RTLD_LOCAL, find the entry point,
 * check the manifest. Registry-internal: only plugin/ uses it.
 */
#ifndef CONNECTD_PLUGIN_LOADER_H
#define CONNECTD_PLUGIN_LOADER_H

#include <connectd/plugin.h>

#include "plugin/registry.h"

typedef struct plugin_library plugin_library_t;

/* NULL with err filled when the file is not a usable plugin. */
plugin_library_t *plugin_library_open(const char *path, char *err, size_t errlen);
const cd_plugin_manifest_t *plugin_library_manifest(const plugin_library_t *lib);
const char *plugin_library_path(const plugin_library_t *lib);
void plugin_library_close(plugin_library_t *lib);

/* The registry keeps the library open until it is destroyed. */
void plugin_registry_adopt_library(plugin_registry_t *reg, plugin_library_t *lib);

#endif
