/*
 * connectd-fields.so: Kafka's field-level single-message transforms
 * (InsertField, ReplaceField, MaskField, ValueToKey, ExtractField,
 * HoistField, Cast, Flatten, SetSchemaMetadata) and what their files share:
 * key/value side selection, Kafka's Requirements checks and messages, the
 * schema-update cache, configuration checks at configure() time and KIP-821
 * field paths. Nothing here is exported from the .so (it is built with
 * -fvisibility=hidden; only the manifest entry point is).
 */
#ifndef CONNECTD_TRANSFORMS_FIELDS_H
#define CONNECTD_TRANSFORMS_FIELDS_H

#include <connectd/connectd.h>
#include <stdbool.h>
#include <stddef.h>

#define FIELDS_VERSION "4.3.1"
#define FIELDS_PKG "org.apache.kafka.connect.transforms."
#define FIELDS_DATA_EXCEPTION "org.apache.kafka.connect.errors.DataException"
#define FIELDS_CONFIG_EXCEPTION "org.apache.kafka.common.config.ConfigException"
#define FIELDS_ILLEGAL_ARGUMENT "java.lang.IllegalArgumentException"

#define FIELDS_REPLACE_NULL "replace.null.with.default"
#define FIELDS_REPLACE_NULL_DOC                                                                 \
    "Whether to replace fields that have a default value and that are null to the default "   \
    "value. When set to true, the default value is used, otherwise null is used."
/* The definition every transform with replace.null.with.default shares. */
#define FIELDS_REPLACE_NULL_DEF                                                                 \
    {.name = FIELDS_REPLACE_NULL, .type = CD_CFG_BOOLEAN, .default_value = "true",             \
     .importance = CD_IMPORTANCE_MEDIUM, .documentation = FIELDS_REPLACE_NULL_DOC}

/* The "Use the concrete transformation type ..." sentence of Kafka's docs. */
#define FIELDS_KV_DOC(cls)                                                                      \
    "<p/>Use the concrete transformation type designed for the record key (<code>" FIELDS_PKG \
    cls "$Key</code>) or value (<code>" FIELDS_PKG cls "$Value</code>)."

/* ---- which half of the record a $Key / $Value transform works on ------- */

typedef enum fields_side { FIELDS_KEY, FIELDS_VALUE } fields_side_t;

const cd_schema_t *fields_side_schema(const cd_record_t *r, fields_side_t side);
const cd_value_t *fields_side_value(const cd_record_t *r, fields_side_t side);
/* The opening of Kafka's apply() in InsertField, ReplaceField and Flatten:
 * a null half leaves the record as it is (0, *value NULL, *out = in);
 * otherwise the half must be a Map when there is no schema (requireMap)
 * or a Struct when there is one (requireStruct): 0 with *schema and
 * *value set, or the DataException's code. */
int fields_operand(const cd_record_t *in, fields_side_t side, const char *purpose,
                   const cd_schema_t **schema, const cd_value_t **value,
                   const cd_record_t **out, cd_error_t *err);
/* Kafka's record.newRecord(...) with the operated half replaced: a shallow
 * copy in arena that shares headers and everything else with `in`. */
const cd_record_t *fields_new_record(cd_arena_t *arena, const cd_record_t *in, fields_side_t side,
                                     const cd_schema_t *schema, const cd_value_t *value);

/* ---- errors and Kafka's Requirements ------------------------------------ */

/* CD_ERR_DATA with class DataException; returns CD_ERR_DATA. */
int fields_data_error(cd_error_t *err, const char *fmt, ...) CD_PRINTF(2, 3);
/* CD_ERR_CONFIG with class ConfigException; returns CD_ERR_CONFIG. */
int fields_config_error(cd_error_t *err, const char *fmt, ...) CD_PRINTF(2, 3);
/* Java's getClass().getName() of the value Kafka would hold ("null" for
 * NULL): java.lang.Long, [B, java.util.HashMap, ...Struct. */
#define fields_java_class cd_value_java_class /* the ABI's */
/* Schema.Type's enum name: "INT32", "STRUCT", ... */
#define fields_type_name cd_type_java_name
/* Requirements.requireMap / requireStruct / requireSinkRecord: 0 or a
 * DataException with Kafka's message. */
int fields_require_map(const cd_value_t *v, const char *purpose, cd_error_t *err);
int fields_require_struct(const cd_value_t *v, const char *purpose, cd_error_t *err);
int fields_require_sink(const cd_record_t *r, const char *purpose, cd_error_t *err);

/* ---- values and schemas ------------------------------------------------- */

/* Struct.get(field) (with_default) or Struct.getWithoutDefault. */
const cd_value_t *fields_struct_get(const cd_value_t *st, const cd_field_t *f, bool with_default);
/* Struct.put: rejects null for a required field as Kafka's validateValue
 * does ("Invalid value: null used for required field: ..."). */
int fields_struct_put(cd_value_t *st, const cd_field_t *f, const cd_value_t *v, cd_error_t *err);
/* Map.get(String) on a schemaless map; *found tells a null value apart
 * from a missing key (may be NULL). */
const cd_value_t *fields_map_get(const cd_value_t *map, const char *key, bool *found);
/* A new map in arena holding map's entries (HashMap's copy constructor). */
cd_value_t *fields_map_copy(cd_arena_t *arena, const cd_value_t *map, size_t extra);
/* Java's ConnectSchema.equals. */
#define fields_schema_equals cd_schema_equals
/* SchemaUtil.copySchemaBasics: a new schema of `type` with src's name,
 * version, doc and parameters (not optionality nor default). */
cd_schema_t *fields_schema_basics(cd_arena_t *arena, const cd_schema_t *src, cd_type_t type);
/* A shallow copy of s that the caller may change (fields and parameter
 * arrays stay shared; cd_schema_add_* copy them before changing). */
cd_schema_t *fields_schema_clone(cd_arena_t *arena, const cd_schema_t *s);

/* ---- the schema-update cache (Kafka's LRUCache<Schema, Schema>) --------- */

/* Keyed by schema equality, not address: a batch's schemas die with the
 * batch and a later one may reuse the address. Entries (a copy of the
 * input schema and the updated schema built from that copy) live in the
 * cache's own arena and are never evicted, so records of a batch can point
 * at them safely; once FIELDS_CACHE_MAX schemas are held, further updated
 * schemas are built in the batch arena every time instead. */
#define FIELDS_CACHE_MAX 64

typedef struct fields_cache fields_cache_t;
/* Build the updated schema for `in`, allocating in arena; *extra may be set
 * to anything else derived from `in` (e.g. a field index map), kept and
 * handed back with the schema. */
typedef int (*fields_build_fn)(const void *ctx, cd_arena_t *arena, const cd_schema_t *in,
                               const cd_schema_t **out, const void **extra, cd_error_t *err);

fields_cache_t *fields_cache_new(void); /* caller destroys */
void fields_cache_destroy(fields_cache_t *c);
/* The cached updated schema for `in`, else built (and cached when there is
 * room). Build errors are returned and not cached. */
int fields_cache_get(fields_cache_t *c, const cd_schema_t *in, cd_arena_t *batch,
                     fields_build_fn build, const void *ctx, const cd_schema_t **out,
                     const void **extra, cd_error_t *err);
size_t fields_cache_count(const fields_cache_t *c);

/* ---- configuration ------------------------------------------------------ */

/* Kafka's ConfigDef.parse of the transform's own table at configure time:
 * required keys, BOOLEAN/INT parsing, non-empty strings and each
 * definition's validator, in definition order; the first failure becomes
 * a CD_ERR_CONFIG with Kafka's message (which names the key). */
int fields_config_check(const cd_config_t *c, const cd_config_def_t *defs, cd_error_t *err);
/* Kafka's LIST parse of a raw value (trim; empty -> no items; split on
 * \s*,\s*), into a NULL-terminated array allocated in arena. */
char **fields_split_list(cd_arena_t *arena, const char *s, size_t *n);
/* Java's String.split(":"): trailing empty parts dropped. */
size_t fields_split_colon(cd_arena_t *arena, const char *s, char ***parts);
/* Java's List.toString of a raw LIST value: "[a, b]" (in arena). */
const char *fields_list_string(cd_arena_t *arena, const char *raw);

/* ---- KIP-821 field paths (field.syntax.version) ------------------------- */

#define FIELDS_SYNTAX_VERSION "field.syntax.version"
/* The definition as an initializer, for use inside a transform's table. */
int fields_syntax_version_validator(const char *key, const char *value, cd_error_t *err);
#define FIELDS_SYNTAX_VERSION_DOC                                                               \
    "Defines the version of the syntax to access fields. If set to `V1`, then the field paths " \
    "are limited to access the elements at the root level of the struct or map. If set to "    \
    "`V2`, the syntax will support accessing nested elements. To access nested elements, "     \
    "dotted notation is used. If dots are already included in the field name, then backtick "  \
    "pairs can be used to wrap field names containing dots. E.g. to access the subfield `baz` " \
    "from a field named \"foo.bar\" in a struct/map the following format can be used to "      \
    "access its elements: \"`foo.bar`.baz\"."
#define FIELDS_SYNTAX_VERSION_DEF                                                          \
    {.name = FIELDS_SYNTAX_VERSION, .type = CD_CFG_STRING, .default_value = "V1",               \
     .importance = CD_IMPORTANCE_HIGH, .documentation = FIELDS_SYNTAX_VERSION_DOC,              \
     .validator = fields_syntax_version_validator}

typedef struct fields_path {
    const char **steps;
    size_t n; /* >= 1 */
} fields_path_t;

/* Parse per version "V1" (one step: the whole text) or "V2" (dotted, with
 * backtick quoting). The path lives in arena. CD_ERR_CONFIG on an
 * incomplete backtick pair. */
int fields_path_parse(cd_arena_t *arena, const char *text, bool v2, fields_path_t *out,
                      cd_error_t *err);
/* SingleFieldPath.fieldFrom: the field at the path, NULL when absent.
 * DataException "Cannot look up fields on non-struct type" as Kafka's
 * Schema.field throws. */
int fields_path_field(const fields_path_t *p, const cd_schema_t *schema, const cd_field_t **out,
                      cd_error_t *err);
/* SingleFieldPath.valueFrom(Struct, withDefault) and valueFrom(Map). */
int fields_path_struct_value(const fields_path_t *p, const cd_value_t *st, bool with_default,
                             const cd_value_t **out, cd_error_t *err);
int fields_path_map_value(const fields_path_t *p, const cd_value_t *map, const cd_value_t **out,
                          cd_error_t *err);

/* ---- Java number rules (fields_number.c) ------------------------------- */

/* Integer.parseInt / Long.parseLong within [lo, hi]. */
bool fields_parse_java_long(const char *s, int64_t lo, int64_t hi, int64_t *out);
/* Double.parseDouble (Float.parseFloat: round the result to float). */
bool fields_parse_java_double(const char *s, double *out);
/* new BigDecimal(String): false when not a number or when the unscaled
 * value does not fit 64 bits; approx is the value as a double. */
bool fields_parse_big_decimal(const char *s, int64_t *unscaled, int32_t *scale, double *approx);
/* Java's (long) and (int) casts of a double: NaN -> 0, saturating. */
int64_t fields_java_d2l(double d);
int32_t fields_java_d2i(double d);
/* A Decimal's unscaled value (big-endian two's complement, up to 8
 * bytes), and back; the scale parameter of a Decimal schema. */
bool fields_decimal_unscaled(const cd_value_t *v, int64_t *out);
const cd_value_t *fields_decimal_value(cd_arena_t *arena, int64_t unscaled);
int32_t fields_decimal_scale(const cd_schema_t *s);
/* NonEmptyListValidator: "Invalid value [] for configuration k: Empty list". */
int fields_non_empty_list(const char *key, const char *value, cd_error_t *err);

/* ---- descriptors (one file per transform) ------------------------------- */

extern const cd_plugin_desc_t fields_insert_key_desc, fields_insert_value_desc;
extern const cd_plugin_desc_t fields_replace_key_desc, fields_replace_value_desc;
extern const cd_plugin_desc_t fields_mask_key_desc, fields_mask_value_desc;
extern const cd_plugin_desc_t fields_value_to_key_desc;
extern const cd_plugin_desc_t fields_extract_key_desc, fields_extract_value_desc;
extern const cd_plugin_desc_t fields_hoist_key_desc, fields_hoist_value_desc;
extern const cd_plugin_desc_t fields_cast_key_desc, fields_cast_value_desc;
extern const cd_plugin_desc_t fields_flatten_key_desc, fields_flatten_value_desc;
extern const cd_plugin_desc_t fields_set_schema_key_desc, fields_set_schema_value_desc;

/* Declares the $Key and $Value ops and descriptors of a K/V transform whose
 * configure is `<prefix>_configure(state, config, side, err)`. */
#define FIELDS_KV_PLUGIN(prefix, cls, doc, defs)                                                \
    static int prefix##_configure_key(void **s, const cd_config_t *c, cd_error_t *e) {         \
        return prefix##_configure(s, c, FIELDS_KEY, e);                                         \
    }                                                                                           \
    static int prefix##_configure_value(void **s, const cd_config_t *c, cd_error_t *e) {       \
        return prefix##_configure(s, c, FIELDS_VALUE, e);                                       \
    }                                                                                           \
    static const cd_transform_ops_t prefix##_key_ops = {CD_DESCRIPTOR_HEADER(cd_transform_ops_t), \
                                                        prefix##_configure_key, prefix##_apply, \
                                                        prefix##_destroy};                      \
    static const cd_transform_ops_t prefix##_value_ops = {                                      \
        CD_DESCRIPTOR_HEADER(cd_transform_ops_t), prefix##_configure_value, prefix##_apply,     \
        prefix##_destroy};                                                                      \
    const cd_plugin_desc_t fields_##prefix##_key_desc = {                                       \
        CD_DESCRIPTOR_HEADER(cd_plugin_desc_t), .type = CD_PLUGIN_TRANSFORMATION,               \
        .name = FIELDS_PKG cls "$Key", .version = FIELDS_VERSION, .documentation = doc,         \
        .config_defs = defs, .ops = &prefix##_key_ops};                                         \
    const cd_plugin_desc_t fields_##prefix##_value_desc = {                                     \
        CD_DESCRIPTOR_HEADER(cd_plugin_desc_t), .type = CD_PLUGIN_TRANSFORMATION,               \
        .name = FIELDS_PKG cls "$Value", .version = FIELDS_VERSION, .documentation = doc,       \
        .config_defs = defs, .ops = &prefix##_value_ops};

#endif
