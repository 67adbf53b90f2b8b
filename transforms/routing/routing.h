/*
 * connectd-routing.so: Kafka's routing, header and timestamp transforms
 * (RegexRouter, TimestampRouter, Filter, HeaderFrom, InsertHeader,
 * DropHeaders, TimestampConverter) and the three predicates. What the
 * plugin's files share; nothing here is exported from the .so (it is built
 * with -fvisibility=hidden, only the manifest entry point is visible).
 */
#ifndef CONNECTD_ROUTING_H
#define CONNECTD_ROUTING_H

#include <connectd/connectd.h>
#include <stdbool.h>
#include <stddef.h>

#define RT_VERSION "4.3.1"
#define RT_PKG "org.apache.kafka.connect.transforms."
#define RT_DATA_EXCEPTION "org.apache.kafka.connect.errors.DataException"
#define RT_CONNECT_EXCEPTION "org.apache.kafka.connect.errors.ConnectException"
#define RT_NPE "java.lang.NullPointerException"

/* Kafka's replace.null.with.default definition (HeaderFrom,
 * TimestampConverter). */
#define RT_REPLACE_NULL_DEF                                                                       \
    {.name = "replace.null.with.default",                                                         \
     .type = CD_CFG_BOOLEAN,                                                                      \
     .default_value = "true",                                                                     \
     .importance = CD_IMPORTANCE_MEDIUM,                                                          \
     .documentation = "Whether to replace fields that have a default value and that are null to " \
                      "the default value. When set to true, the default value is used, otherwise " \
                      "null is used."}

/* ---- descriptors, one per plugin (defined next to their code) --------- */

extern const cd_plugin_desc_t rt_regex_router_desc;
extern const cd_plugin_desc_t rt_timestamp_router_desc;
extern const cd_plugin_desc_t rt_filter_desc;
extern const cd_plugin_desc_t rt_header_from_key_desc;
extern const cd_plugin_desc_t rt_header_from_value_desc;
extern const cd_plugin_desc_t rt_insert_header_desc;
extern const cd_plugin_desc_t rt_drop_headers_desc;
extern const cd_plugin_desc_t rt_timestamp_converter_key_desc;
extern const cd_plugin_desc_t rt_timestamp_converter_value_desc;
extern const cd_plugin_desc_t rt_topic_name_matches_desc;
extern const cd_plugin_desc_t rt_has_header_key_desc;
extern const cd_plugin_desc_t rt_record_is_tombstone_desc;

/* Descriptor definitions, so that each plugin states only what is its own.
 * A plugin <prefix> provides static <prefix>_configure, _apply (or _test
 * for a predicate) and _destroy; the macro defines rt_<prefix>_desc with
 * the Java class RT_PKG cls. */
#define RT_PLUGIN_DESC(sym, plugin_type, cls, doc, defs, ops_ptr)                                 \
    const cd_plugin_desc_t sym = {CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),                         \
                                  .type = plugin_type,                                            \
                                  .name = RT_PKG cls,                                             \
                                  .version = RT_VERSION,                                          \
                                  .documentation = doc,                                           \
                                  .config_defs = defs,                                            \
                                  .ops = ops_ptr}

#define RT_TRANSFORM(prefix, cls, doc, defs)                                                      \
    static const cd_transform_ops_t prefix##_ops = {CD_DESCRIPTOR_HEADER(cd_transform_ops_t),     \
                                                    .configure = prefix##_configure,              \
                                                    .apply = prefix##_apply,                      \
                                                    .destroy = prefix##_destroy};                 \
    RT_PLUGIN_DESC(rt_##prefix##_desc, CD_PLUGIN_TRANSFORMATION, cls, doc, defs, &prefix##_ops)

#define RT_PREDICATE(prefix, cls, doc, defs)                                                      \
    static const cd_predicate_ops_t prefix##_ops = {CD_DESCRIPTOR_HEADER(cd_predicate_ops_t),     \
                                                    .configure = prefix##_configure,              \
                                                    .test = prefix##_test,                        \
                                                    .destroy = prefix##_destroy};                 \
    RT_PLUGIN_DESC(rt_##prefix##_desc, CD_PLUGIN_PREDICATE, "predicates." cls, doc, defs,         \
                   &prefix##_ops)

/* A $Key / $Value pair (rt_<prefix>_key_desc, rt_<prefix>_value_desc) over
 * one <prefix>_configure(state, config, is_key, err). */
#define RT_KV_TRANSFORM(prefix, cls, doc, defs)                                                   \
    static int prefix##_key_configure(void **state, const cd_config_t *c, cd_error_t *err) {      \
        return prefix##_configure(state, c, true, err);                                           \
    }                                                                                             \
    static int prefix##_value_configure(void **state, const cd_config_t *c, cd_error_t *err) {    \
        return prefix##_configure(state, c, false, err);                                          \
    }                                                                                             \
    static const cd_transform_ops_t prefix##_key_ops = {                                          \
        CD_DESCRIPTOR_HEADER(cd_transform_ops_t), .configure = prefix##_key_configure,            \
        .apply = prefix##_apply, .destroy = prefix##_destroy};                                    \
    static const cd_transform_ops_t prefix##_value_ops = {                                        \
        CD_DESCRIPTOR_HEADER(cd_transform_ops_t), .configure = prefix##_value_configure,          \
        .apply = prefix##_apply, .destroy = prefix##_destroy};                                    \
    RT_PLUGIN_DESC(rt_##prefix##_key_desc, CD_PLUGIN_TRANSFORMATION, cls "$Key", doc, defs,       \
                   &prefix##_key_ops);                                                            \
    RT_PLUGIN_DESC(rt_##prefix##_value_desc, CD_PLUGIN_TRANSFORMATION, cls "$Value", doc, defs,   \
                   &prefix##_value_ops)

/* ---- configuration (rt_config.c) --------------------------------------- */

/*
 * Kafka's SimpleConfig(CONFIG_DEF, props): walks defs in order and fails on
 * the first key that is missing, does not parse (BOOLEAN) or fails its
 * validator (CD_CFG_F_NONEMPTY, CD_CFG_F_REGEX, def->validator), with the
 * ConfigException text Kafka would throw. The worker's chain does not
 * validate plugin configs, so every configure() starts with this.
 */
int rt_config_check(const cd_config_def_t *defs, const cd_config_t *config, cd_error_t *err);

/* Validators with Kafka's messages (also run by the worker's REST
 * validation, which passes them the trimmed value). */
int rt_valid_nonempty_list(const char *key, const char *value, cd_error_t *err);
/* ValidString.in(...): case-sensitive, unlike the worker's .choices check. */
int rt_valid_choice(const char *key, const char *value, const char *const *choices,
                    cd_error_t *err);
/* The definitions of a plugin without configuration. */
extern const cd_config_def_t rt_no_defs[];

/* ---- records and values (rt_util.c) ------------------------------------ */

/* Java class name of a value as Kafka's Requirements print it
 * ("java.lang.String", "org.apache.kafka.connect.data.Struct"), "null"
 * for NULL. */
#define rt_java_class cd_value_java_class /* the ABI's */
/* Schema.Type's enum name ("INT32", "STRUCT"), as Kafka's messages print it. */
#define rt_type_name cd_type_java_name
/* Struct.get (with_default: a null field reads as its schema's default)
 * or Struct.getWithoutDefault. */
const cd_value_t *rt_struct_get(const cd_value_t *st, const cd_field_t *f, bool with_default);
/* The half of a record a $Key / $Value transform operates on, and setting
 * it in a copy of the record. */
const cd_schema_t *rt_side_schema(const cd_record_t *r, bool is_key);
const cd_value_t *rt_side_value(const cd_record_t *r, bool is_key);
void rt_set_side(cd_record_t *r, bool is_key, const cd_schema_t *schema, const cd_value_t *value);
/* Requirements.requireMap / requireStruct messages as DataExceptions. */
int rt_require_map_error(const cd_value_t *v, const char *purpose, cd_error_t *err);
int rt_require_struct_error(const cd_value_t *v, const char *purpose, cd_error_t *err);
/* A struct schema that copies name, version, doc and parameters of src
 * (SchemaUtil.copySchemaBasics); not optional, no default, no fields. */
cd_schema_t *rt_copy_schema_basics(cd_arena_t *arena, const cd_schema_t *src);
/* A short Java-like toString of a record for error messages. */
const char *rt_record_string(cd_arena_t *arena, const cd_record_t *r);

/* Schema -> updated schema cache kept in a transform's state (Kafka's
 * LRUCache(16)), in the cache's own arena; it never evicts. Keys compare
 * structurally, never by pointer: a batch arena reuses addresses. */
typedef struct rt_schema_cache rt_schema_cache_t;
rt_schema_cache_t *rt_schema_cache_new(void);
void rt_schema_cache_destroy(rt_schema_cache_t *c);
/* NULL when absent. */
const cd_schema_t *rt_schema_cache_get(rt_schema_cache_t *c, const cd_schema_t *key);
/* The arena to build a new value schema in before put(): the cache's own,
 * or batch_arena once 16 schemas are cached (put() then keeps nothing). */
cd_arena_t *rt_schema_cache_reserve(rt_schema_cache_t *c, cd_arena_t *batch_arena);
/* key is deep-copied; value must have been built in the reserve() arena. */
void rt_schema_cache_put(rt_schema_cache_t *c, const cd_schema_t *key, const cd_schema_t *value);
/* Deep structural schema equality (Kafka's ConnectSchema.equals). */
#define rt_schema_equals cd_schema_equals

/* ---- Java regex through PCRE2 (rt_regex.c) ----------------------------- */

typedef struct rt_regex rt_regex_t;
/* NULL with msg filled ("missing closing parenthesis near index 1"). */
rt_regex_t *rt_regex_compile(const char *pattern, char *msg, size_t msglen);
void rt_regex_destroy(rt_regex_t *re);
/* Pattern.matcher(s).matches(). */
bool rt_regex_matches(rt_regex_t *re, const char *s);
/* Matcher.replaceFirst(replacement): the first find() match is replaced,
 * with $n, ${name} and \x handled as Java does. Returns the new string in
 * arena, or NULL with err filled for Java's replacement errors. */
const char *rt_regex_replace_first(rt_regex_t *re, const char *s, const char *replacement,
                                   cd_arena_t *arena, cd_error_t *err);

#endif
