/*
 * The plugin registry: every plugin the worker can run, built-in ones and
 * those loaded from plugin.path, looked up by name or alias.
 */
#ifndef CONNECTD_PLUGIN_REGISTRY_H
#define CONNECTD_PLUGIN_REGISTRY_H

#include <connectd/plugin.h>
#include <stddef.h>

#define PLUGIN_MASK(t) (1u << (t))
#define PLUGIN_MASK_CONNECTOR (PLUGIN_MASK(CD_PLUGIN_SOURCE) | PLUGIN_MASK(CD_PLUGIN_SINK))

typedef struct plugin_registry plugin_registry_t;

plugin_registry_t *plugin_registry_new(void); /* caller destroys */
/* dlclose()s every loaded library: call after all plugin instances are gone. */
void plugin_registry_destroy(plugin_registry_t *reg);

/* Add a descriptor that lives as long as the registry (built-ins).
 * location: "builtin" or the .so path. Returns 0, or -1 with err filled when
 * the descriptor is not acceptable (ABI major, size, missing ops). */
int plugin_registry_add(plugin_registry_t *reg, const cd_plugin_desc_t *desc,
                        const char *location, char *err, size_t errlen);

/* Scan each directory of a comma-separated plugin.path (recursively one
 * level) for *.so, dlopen each with RTLD_LOCAL, check the manifest and add
 * its plugins. A broken or incompatible library is skipped with a WARN
 * line; returns the number of plugins added. */
int plugin_registry_load_path(plugin_registry_t *reg, const char *plugin_path);

/* Find a plugin of one of the types in mask by canonical name, alias, or
 * Kafka's alias rules (simple class name; simple name without the type
 * suffix such as "Connector"/"Converter"). NULL when none or ambiguous;
 * err then holds Kafka's message. */
const cd_plugin_desc_t *plugin_registry_find(const plugin_registry_t *reg, unsigned mask,
                                             const char *name, char *err, size_t errlen);

size_t plugin_registry_count(const plugin_registry_t *reg);
const cd_plugin_desc_t *plugin_registry_at(const plugin_registry_t *reg, size_t i);
const char *plugin_registry_location_at(const plugin_registry_t *reg, size_t i);

/* "source", "sink", "converter", "header_converter", "transformation",
 * "predicate" as in GET /connector-plugins. */
const char *plugin_type_name(cd_plugin_type_t t);

#endif
