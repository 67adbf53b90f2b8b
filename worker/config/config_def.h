/*
 * The engine behind cd_config_def_t tables (include/connectd/config.h):
 * Kafka's ConfigDef type parsing and rendering, parsed configurations
 * (cd_config_t) for plugins, and validation (cd_validation_t) producing
 * Kafka's exact error messages for the REST validate document and the 400
 * "Connector configuration is invalid" text.
 *
 * Order in group: cd_config_def_t has no "order" field. Unless a caller
 * supplies Kafka's numbers (config_validate_ordered; the framework tables in
 * connector_config.h do), a definition's order is its 1-based position among
 * the definitions of the same group in its table, and -1 when it has no group.
 */
#ifndef CONNECTD_CONFIG_CONFIG_DEF_H
#define CONNECTD_CONFIG_CONFIG_DEF_H

#include <connectd/config.h>
#include <connectd/plugin.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- definitions: names and rendering (config_def.c) ------------------ */

const char *config_type_name(cd_config_type_t t);              /* "INT", "LIST", ... */
const char *config_importance_name(cd_config_importance_t i);  /* "HIGH", ... */
const char *config_width_name(cd_config_width_t w);            /* "NONE", ... */
/* Required = no default at all (Kafka's NO_DEFAULT_VALUE). */
bool config_def_required(const cd_config_def_t *d);
/* display_name, else the name. */
const char *config_def_display_name(const cd_config_def_t *d);
/* Kafka's definition.default_value: the default parsed and rendered again
 * (LIST comma-joined without spaces, "TRUE" -> "true", "01" -> "1"); NULL
 * when required or the default is null. Caller frees. */
char *config_def_default_string(const cd_config_def_t *d);
/* See the header comment; d must point into table. */
int config_def_order_in_group(const cd_config_def_t *table, const cd_config_def_t *d);
size_t config_def_count(const cd_config_def_t *table);
const cd_config_def_t *config_def_find(const cd_config_def_t *table, const char *name);
/* A copy of table (terminator included) where each definition named in
 * defaults gets that default and is no longer required: the herder fills
 * worker-level defaults (key.converter, plugin versions) this way. Strings
 * are borrowed from table and defaults, which must outlive the copy. Caller
 * free()s the copy. */
cd_config_def_t *config_defs_with_defaults(const cd_config_def_t *table,
                                           const cd_props_t *defaults);

/* ---- Kafka's value parsing (config_def.c) ------------------------------ */

/* Java's String.trim(): copy without leading/trailing chars <= ' '. */
char *config_trim_dup(const char *s);
/* Integer.parseInt & co on the trimmed text, within [min, max]. */
bool config_parse_integer(const char *s, int64_t min, int64_t max, int64_t *out);
bool config_parse_double(const char *s, double *out);
/* Trimmed, case-insensitive "true"/"false". */
bool config_parse_bool(const char *s, bool *out);
/* Kafka's LIST parse: trim, empty -> 0 items, else split on \s*,\s* keeping
 * empty items. One allocation holding the NULL-terminated array and the
 * strings; caller free()s it. */
char **config_split_list(const char *s, size_t *n);
/* Java's Double.toString (1.0, 1.5E-4, 1.0E7, NaN, Infinity). */
void config_java_double(double d, char *out, size_t len);
/* Parse raw as type and render the parsed value as Kafka's
 * ConfigDef.convertToString does (PASSWORD -> "[hidden]"). Returns NULL for
 * NULL raw; on a parse error returns NULL and sets *reason to Kafka's reason
 * ("Not a number of type INT"). Caller frees. */
char *config_render_value(cd_config_type_t type, const char *raw, const char **reason);

/* ---- parsed configuration for plugins (config.c) ----------------------- */

/* Built from definition tables (a key defined in several tables takes the
 * last definition) and a copy of props. Values are read with the cd_config_*
 * getters of the ABI. Caller destroys. */
cd_config_t *config_new(const cd_config_def_t *const *tables, size_t n_tables,
                        const cd_props_t *props);
void config_destroy(cd_config_t *c);
/* The definition used for key, or NULL. */
const cd_config_def_t *config_find_def(const cd_config_t *c, const char *key);

/* ---- validation (validation.c) ----------------------------------------- */

cd_validation_t *validation_new(void); /* caller destroys */
void validation_destroy(cd_validation_t *v);

/* Validate props against defs and append one entry per definition, in
 * definition order. Callable several times with different tables: a key
 * defined again takes the new definition, value and errors but keeps its
 * place (as Kafka's merged ConfigInfos do). */
void config_validate(const cd_config_def_t *defs, const cd_props_t *props, cd_validation_t *v);
/* Same with Kafka's order_in_group numbers given by order_of(name). */
typedef int (*config_order_fn)(const char *name);
void config_validate_ordered(const cd_config_def_t *defs, config_order_fn order_of,
                             const cd_props_t *props, cd_validation_t *v);
/* Add msg to key's entry, creating an entry without definition (value
 * value_if_new, may be NULL) when the key has none yet. */
void validation_add_error(cd_validation_t *v, const char *key, const char *value_if_new,
                          const char *msg);
/* Total number of error messages (Kafka's error_count). */
size_t validation_error_count(const cd_validation_t *v);

/* Entries in Kafka's document order: keys without definition first (in the
 * order they were added), then defined keys in definition order. */
typedef struct validation_entry validation_entry_t;
size_t validation_entry_count(const cd_validation_t *v);
const validation_entry_t *validation_entry_at(const cd_validation_t *v, size_t i);
const validation_entry_t *validation_find(const cd_validation_t *v, const char *key);
const char *validation_entry_key(const validation_entry_t *e);
const cd_config_def_t *validation_entry_def(const validation_entry_t *e); /* NULL: none */
/* Kafka's value.value: parsed and rendered, default applied, NULL when
 * missing or unparseable; "[hidden]" for PASSWORD. */
const char *validation_entry_value(const validation_entry_t *e);
int validation_entry_order(const validation_entry_t *e); /* -1 without group */
size_t validation_entry_error_count(const validation_entry_t *e);
const char *validation_entry_error(const validation_entry_t *e, size_t i);
/* Distinct groups of the defined entries, in order of first appearance
 * (Kafka's "groups"). Writes up to max names (borrowed) and returns the
 * total count. */
size_t validation_groups(const cd_validation_t *v, const char **out, size_t max);
/* Kafka's 400 message: "Connector configuration is invalid and contains the
 * following N error(s):\n<error>\n...\nYou can also find the above list of
 * errors at the endpoint `/connector-plugins/{connectorType}/config/validate`".
 * Caller frees. */
char *validation_format_message(const cd_validation_t *v);

#endif
