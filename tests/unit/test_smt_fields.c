/* connectd-fields.so: Kafka's field transforms driven through the
 * transform chain exactly as a connector config would, with and without
 * schemas. Expected values follow Kafka 4.3.1's behaviour (its
 * connect/transforms unit tests and messages). */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/transform_chain.h"

#define PKG "org.apache.kafka.connect.transforms."

static plugin_registry_t *reg;
static cd_arena_t *arena;
static cd_error_t err;

static void setup(void) {
    reg = plugin_registry_new();
    const char *dir = getenv("CONNECTD_PLUGIN_DIR");
    plugin_registry_load_path(reg, dir ? dir : "plugins");
    arena = cd_arena_new(0);
    cd_error_clear(&err);
}

static void teardown(void) {
    plugin_registry_destroy(reg);
    cd_arena_destroy(arena);
}

/* A chain with one transform "t" of type cls; then key, value pairs,
 * NULL-terminated. */
static transform_chain_t *chain(const char *cls, ...) {
    cd_props_t *p = cd_props_new();
    cd_props_set(p, "transforms", "t");
    cd_props_set(p, "transforms.t.type", cls);
    va_list ap;
    va_start(ap, cls);
    for (const char *k; (k = va_arg(ap, const char *));) {
        char key[256];
        snprintf(key, sizeof key, "transforms.t.%s", k);
        cd_props_set(p, key, va_arg(ap, const char *));
    }
    va_end(ap);
    transform_chain_t *c = transform_chain_new(reg, p, &err);
    cd_props_destroy(p);
    return c;
}

/* The configure-time error of a chain that must not build. */
static const char *config_error(transform_chain_t *c) {
    ck_assert_ptr_null(c);
    ck_assert_int_eq(err.code, CD_ERR_CONFIG);
    return err.message;
}

static const cd_record_t *apply(transform_chain_t *c, const cd_record_t *in) {
    const cd_record_t *out = NULL;
    const char *cls = NULL;
    int rc = transform_chain_apply(c, in, arena, &out, &cls, &err);
    ck_assert_msg(rc == 0, "apply failed: %s", err.message);
    return out;
}

/* The DataException message of a failing apply. */
static const char *apply_error(transform_chain_t *c, const cd_record_t *in) {
    const cd_record_t *out = NULL;
    const char *cls = NULL;
    ck_assert_int_ne(transform_chain_apply(c, in, arena, &out, &cls, &err), 0);
    return err.message;
}

/* ---- value builders ---------------------------------------------------- */

static const cd_value_t *str(const char *s) { return cd_value_cstring(arena, s); }
static const cd_value_t *i32(int64_t v) { return cd_value_int(arena, CD_TYPE_INT32, v); }
static const cd_value_t *i64(int64_t v) { return cd_value_int(arena, CD_TYPE_INT64, v); }
static const cd_value_t *f64(double v) { return cd_value_float(arena, CD_TYPE_FLOAT64, v); }

/* A schemaless map from key, value pairs; NULL-terminated keys. */
static cd_value_t *map_of(const char *k, ...) {
    cd_value_t *m = cd_value_map_new(arena, 4);
    va_list ap;
    va_start(ap, k);
    for (; k; k = va_arg(ap, const char *)) cd_value_map_put_str(arena, m, k, va_arg(ap, const cd_value_t *));
    va_end(ap);
    return m;
}

static const cd_value_t *get(const cd_value_t *m, const char *k) {
    if (m->type == CD_TYPE_STRUCT) return cd_value_struct_get(m, k);
    return cd_value_map_get(m, k);
}

static bool has_key(const cd_value_t *m, const char *k) {
    for (size_t i = 0; i < m->u.map.n; i++)
        if (strcmp(m->u.map.keys[i]->u.str.data, k) == 0) return true;
    return false;
}

static const char *gets(const cd_value_t *m, const char *k) {
    const cd_value_t *v = get(m, k);
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(v->type, CD_TYPE_STRING);
    return v->u.str.data;
}

static int64_t geti(const cd_value_t *m, const char *k) {
    const cd_value_t *v = get(m, k);
    ck_assert_msg(v != NULL, "no field %s", k);
    return v->u.i;
}

static cd_record_t *rec(const cd_schema_t *vs, const cd_value_t *v) {
    cd_record_t *r = cd_record_new(arena);
    r->topic = "orders";
    r->partition = 3;
    r->timestamp = 1700000000000;
    r->value_schema = vs;
    r->value = v;
    return r;
}

static cd_record_t *sink_rec(const cd_schema_t *vs, const cd_value_t *v) {
    cd_record_t *r = rec(vs, v);
    r->kafka_offset = 42;
    r->original_topic = "orders";
    r->original_partition = 3;
    r->original_offset = 42;
    return r;
}

/* struct { name: string, age: optional int32 default 7 } */
static const cd_schema_t *person_schema(void) {
    cd_schema_t *s = cd_schema_new(arena, CD_TYPE_STRUCT);
    s->name = "person";
    cd_schema_add_field(arena, s, "name", cd_schema_primitive(CD_TYPE_STRING, false));
    cd_schema_t *age = cd_schema_new(arena, CD_TYPE_INT32);
    age->optional = true;
    age->has_default = true;
    age->default_value = cd_value_int(arena, CD_TYPE_INT32, 7);
    cd_schema_add_field(arena, s, "age", age);
    return s;
}

static cd_value_t *person(const cd_schema_t *s, const char *name, const cd_value_t *age) {
    cd_value_t *v = cd_value_struct_new(arena, s);
    cd_value_struct_put(v, "name", name ? str(name) : NULL);
    cd_value_struct_put(v, "age", age);
    return v;
}

/* ---- the plugin itself ------------------------------------------------- */

START_TEST(registers_every_transform_with_kafka_names) {
    static const char *const names[] = {
        "Cast$Key", "Cast$Value", "ExtractField$Key", "ExtractField$Value", "Flatten$Key",
        "Flatten$Value", "HoistField$Key", "HoistField$Value", "InsertField$Key",
        "InsertField$Value", "MaskField$Key", "MaskField$Value", "ReplaceField$Key",
        "ReplaceField$Value", "SetSchemaMetadata$Key", "SetSchemaMetadata$Value", "ValueToKey"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char full[128], msg[512];
        snprintf(full, sizeof full, PKG "%s", names[i]);
        const cd_plugin_desc_t *d =
            plugin_registry_find(reg, PLUGIN_MASK(CD_PLUGIN_TRANSFORMATION), full, msg, sizeof msg);
        ck_assert_msg(d != NULL, "%s missing", full);
        ck_assert_str_eq(d->version, "4.3.1");
    }
    const cd_plugin_desc_t *d = plugin_registry_find(reg, PLUGIN_MASK(CD_PLUGIN_TRANSFORMATION),
                                                     "ValueToKey", NULL, 0);
    ck_assert_ptr_nonnull(d);
    ck_assert_str_eq(d->config_defs[0].name, "fields");
}
END_TEST

/* ---- InsertField ------------------------------------------------------- */

START_TEST(insert_field_schemaless) {
    transform_chain_t *c = chain(PKG "InsertField$Value", "topic.field", "topic!",
                                 "partition.field", "partition", "offset.field", "offset?",
                                 "timestamp.field", "ts", "static.field", "instance_id",
                                 "static.value", "my-instance-id", NULL);
    ck_assert_ptr_nonnull(c);
    const cd_record_t *out = apply(c, sink_rec(NULL, map_of("magic", i64(42), NULL)));
    ck_assert_int_eq(geti(out->value, "magic"), 42);
    ck_assert_str_eq(gets(out->value, "topic"), "orders");
    ck_assert_int_eq(get(out->value, "partition")->type, CD_TYPE_INT32);
    ck_assert_int_eq(geti(out->value, "partition"), 3);
    ck_assert_int_eq(geti(out->value, "offset"), 42);
    ck_assert_int_eq(get(out->value, "ts")->type, CD_TYPE_INT64);
    ck_assert_int_eq(geti(out->value, "ts"), 1700000000000);
    ck_assert_str_eq(gets(out->value, "instance_id"), "my-instance-id");
    ck_assert_ptr_null(out->value_schema);
    /* Tombstones pass through untouched. */
    const cd_record_t *tomb = sink_rec(NULL, NULL);
    ck_assert_ptr_eq(apply(c, tomb), tomb);
    /* Without partition and timestamp those keys are skipped. */
    cd_record_t *r = sink_rec(NULL, map_of(NULL));
    r->partition = CD_NO_PARTITION;
    r->timestamp = CD_NO_TIMESTAMP;
    out = apply(c, r);
    ck_assert(!has_key(out->value, "partition"));
    ck_assert(!has_key(out->value, "ts"));
    /* offset.field needs a sink record. */
    ck_assert_str_eq(apply_error(c, rec(NULL, map_of(NULL))),
                     "Only SinkRecord supported for [field insertion], found: "
                     "org.apache.kafka.connect.source.SourceRecord");
    ck_assert_str_eq(apply_error(c, sink_rec(NULL, str("x"))),
                     "Only Map objects supported in absence of schema for [field insertion], "
                     "found: java.lang.String");
    ck_assert_str_eq(err.exception_class, "org.apache.kafka.connect.errors.DataException");
    transform_chain_destroy(c);
}
END_TEST

START_TEST(insert_field_with_schema) {
    transform_chain_t *c = chain(PKG "InsertField$Value", "topic.field", "topic_field!",
                                 "partition.field", "partition_field", "timestamp.field",
                                 "timestamp_field?", "static.field", "instance_id",
                                 "static.value", "my-instance-id", NULL);
    const cd_schema_t *ps = person_schema();
    const cd_record_t *out = apply(c, rec(ps, person(ps, "ann", NULL)));
    const cd_schema_t *s = out->value_schema;
    ck_assert_int_eq(s->n_fields, 6);
    ck_assert_str_eq(s->name, "person");
    ck_assert_str_eq(s->fields[2].name, "topic_field");
    ck_assert(!s->fields[2].schema->optional);
    ck_assert_int_eq(s->fields[3].schema->type, CD_TYPE_INT32);
    ck_assert(s->fields[3].schema->optional);
    ck_assert(cd_schema_is_logical(s->fields[4].schema, CD_LOGICAL_TIMESTAMP));
    ck_assert_str_eq(gets(out->value, "name"), "ann");
    ck_assert_int_eq(geti(out->value, "age"), 7); /* default filled in */
    ck_assert_ptr_nonnull(out->value->u.strct.fields[1]);
    ck_assert_str_eq(gets(out->value, "topic_field"), "orders");
    ck_assert_int_eq(geti(out->value, "timestamp_field"), 1700000000000);
    ck_assert_str_eq(gets(out->value, "instance_id"), "my-instance-id");
    ck_assert_ptr_eq(out->value->u.strct.schema, s);
    /* Same schema again (a different copy): the same cached update. */
    const cd_record_t *again = apply(c, rec(person_schema(), person(ps, "bob", i32(3))));
    ck_assert_ptr_eq(again->value_schema, s);
    ck_assert_int_eq(geti(again->value, "age"), 3);
    transform_chain_destroy(c);

    /* replace.null.with.default=false keeps the null; $Key works on keys. */
    c = chain(PKG "InsertField$Key", "topic.field", "t", "replace.null.with.default", "false",
              NULL);
    cd_record_t *r = rec(NULL, NULL);
    r->key_schema = ps;
    r->key = person(ps, "ann", NULL);
    out = apply(c, r);
    ck_assert_ptr_null(out->key->u.strct.fields[1]);
    ck_assert_str_eq(gets(out->key, "t"), "orders");
    ck_assert_ptr_null(out->value);
    ck_assert_ptr_eq(apply(c, r = rec(NULL, NULL)), r); /* null key: unchanged */
    transform_chain_destroy(c);
}
END_TEST

START_TEST(insert_field_config_errors) {
    ck_assert_str_eq(config_error(chain(PKG "InsertField$Value", NULL)),
                     "No field insertion configured");
    ck_assert_str_eq(config_error(chain(PKG "InsertField$Value", "static.field", "f", NULL)),
                     "Invalid value null for configuration static.value: No value specified for "
                     "static field: f");
    ck_assert_str_eq(config_error(chain(PKG "InsertField$Value", "topic.field", "t",
                                        "replace.null.with.default", "maybe", NULL)),
                     "Invalid value maybe for configuration replace.null.with.default: Expected "
                     "value to be either true or false");
    /* A duplicate field name fails on the record, as SchemaBuilder does. */
    transform_chain_t *c = chain(PKG "InsertField$Value", "topic.field", "name", NULL);
    const cd_schema_t *ps = person_schema();
    ck_assert_str_eq(apply_error(c, rec(ps, person(ps, "x", NULL))),
                     "Cannot create field because of field name duplication name");
    /* Struct.put validation: a required topic field cannot be null. */
    transform_chain_destroy(c);
    c = chain(PKG "InsertField$Value", "topic.field", "t!", NULL);
    cd_record_t *r = rec(ps, person(ps, "x", NULL));
    r->topic = NULL;
    ck_assert_str_eq(apply_error(c, r),
                     "Invalid value: null used for required field: \"t\", schema type: STRING");
    transform_chain_destroy(c);
}
END_TEST

/* ---- ReplaceField ------------------------------------------------------ */

START_TEST(replace_field_schemaless) {
    transform_chain_t *c = chain(PKG "ReplaceField$Value", "exclude", "dont", "include",
                                 "abc,foo,dont", "renames", "abc:xyz,foo:bar", "blacklist",
                                 "foo", NULL);
    ck_assert_ptr_nonnull(c);
    const cd_record_t *out = apply(c, rec(NULL, map_of("dont", str("whatever"), "abc", i64(42),
                                                       "foo", str("bar"), "etc", str("etc"),
                                                       NULL)));
    ck_assert_int_eq(out->value->u.map.n, 2);
    ck_assert_int_eq(geti(out->value, "xyz"), 42);
    ck_assert_str_eq(gets(out->value, "bar"), "bar");
    const cd_record_t *tomb = rec(NULL, NULL);
    ck_assert_ptr_eq(apply(c, tomb), tomb);
    transform_chain_destroy(c);
}
END_TEST

START_TEST(replace_field_with_schema) {
    transform_chain_t *c = chain(PKG "ReplaceField$Value", "renames", "name:full_name",
                                 "replace.null.with.default", "false", NULL);
    const cd_schema_t *ps = person_schema();
    const cd_record_t *out = apply(c, rec(ps, person(ps, "ann", NULL)));
    ck_assert_str_eq(out->value_schema->fields[0].name, "full_name");
    ck_assert_str_eq(out->value_schema->fields[1].name, "age");
    ck_assert_str_eq(out->value_schema->name, "person");
    ck_assert_str_eq(gets(out->value, "full_name"), "ann");
    ck_assert_ptr_null(out->value->u.strct.fields[1]);
    transform_chain_destroy(c);

    c = chain(PKG "ReplaceField$Value", "exclude", "age", NULL);
    out = apply(c, rec(ps, person(ps, "ann", i32(1))));
    ck_assert_int_eq(out->value_schema->n_fields, 1);
    ck_assert_str_eq(gets(out->value, "name"), "ann");
    ck_assert_str_eq(apply_error(c, rec(ps, map_of(NULL))),
                     "Only Struct objects supported for [field replacement], found: "
                     "java.util.HashMap");
    transform_chain_destroy(c);

    ck_assert_str_eq(config_error(chain(PKG "ReplaceField$Value", "renames", "a:b, c", NULL)),
                     "Invalid value [a:b, c] for configuration renames: Invalid rename mapping: c");
    ck_assert_str_eq(config_error(chain(PKG "ReplaceField$Value", "renames", "a:b:c", NULL)),
                     "Invalid value [a:b:c] for configuration renames: Invalid rename mapping: "
                     "a:b:c");
}
END_TEST

/* ---- ValueToKey -------------------------------------------------------- */

START_TEST(value_to_key) {
    transform_chain_t *c = chain(PKG "ValueToKey", "fields", "a,b", NULL);
    const cd_record_t *out = apply(c, rec(NULL, map_of("a", i64(1), "b", i64(2), "c", i64(3),
                                                       NULL)));
    ck_assert_int_eq(out->key->u.map.n, 2);
    ck_assert_int_eq(geti(out->key, "a"), 1);
    ck_assert_int_eq(geti(out->key, "b"), 2);
    ck_assert_ptr_null(out->key_schema);
    ck_assert_int_eq(geti(out->value, "c"), 3);
    ck_assert_str_eq(apply_error(c, rec(NULL, NULL)),
                     "Only Map objects supported in absence of schema for [copying fields from "
                     "value to key], found: null");
    transform_chain_destroy(c);

    c = chain(PKG "ValueToKey", "fields", "age", NULL);
    const cd_schema_t *ps = person_schema();
    out = apply(c, rec(ps, person(ps, "ann", NULL)));
    ck_assert_int_eq(out->key_schema->n_fields, 1);
    ck_assert_ptr_null(out->key_schema->name);
    ck_assert_int_eq(geti(out->key, "age"), 7);
    ck_assert_ptr_eq(out->value_schema, ps);
    transform_chain_destroy(c);

    c = chain(PKG "ValueToKey", "fields", "nope", NULL);
    ck_assert_str_eq(apply_error(c, rec(ps, person(ps, "ann", NULL))), "Field does not exist: nope");
    transform_chain_destroy(c);
    ck_assert_str_eq(config_error(chain(PKG "ValueToKey", "fields", "", NULL)),
                     "Invalid value [] for configuration fields: Empty list");
    ck_assert_str_eq(config_error(chain(PKG "ValueToKey", NULL)),
                     "Missing required configuration \"fields\" which has no default value.");
}
END_TEST

/* ---- ExtractField ------------------------------------------------------ */

START_TEST(extract_field) {
    transform_chain_t *c = chain(PKG "ExtractField$Key", "field", "magic", NULL);
    cd_record_t *r = rec(NULL, NULL);
    r->key = map_of("magic", i64(42), NULL);
    const cd_record_t *out = apply(c, r);
    ck_assert_int_eq(out->key->u.i, 42);
    ck_assert_ptr_null(out->key_schema);
    r->key = map_of(NULL);
    ck_assert_ptr_null(apply(c, r)->key); /* missing -> null */
    r->key = NULL;
    ck_assert_ptr_null(apply(c, r)->key);
    r->key = str("x");
    ck_assert_str_eq(apply_error(c, r), "Only Map objects supported in absence of schema for "
                                        "[field extraction], found: java.lang.String");
    transform_chain_destroy(c);

    c = chain(PKG "ExtractField$Value", "field", "age", NULL);
    const cd_schema_t *ps = person_schema();
    out = apply(c, rec(ps, person(ps, "ann", NULL)));
    ck_assert_int_eq(out->value->u.i, 7);
    ck_assert_ptr_eq(out->value_schema, ps->fields[1].schema);
    out = apply(c, rec(ps, NULL)); /* null struct: null with the field's schema */
    ck_assert_ptr_null(out->value);
    ck_assert_ptr_eq(out->value_schema, ps->fields[1].schema);
    transform_chain_destroy(c);

    c = chain(PKG "ExtractField$Value", "field", "age", "replace.null.with.default", "false", NULL);
    ck_assert_ptr_null(apply(c, rec(ps, person(ps, "ann", NULL)))->value);
    transform_chain_destroy(c);

    c = chain(PKG "ExtractField$Value", "field", "nope", NULL);
    ck_assert_str_eq(apply_error(c, rec(ps, person(ps, "ann", NULL))), "Unknown field: nope");
    ck_assert_str_eq(err.exception_class, "java.lang.IllegalArgumentException");
    ck_assert_str_eq(apply_error(c, rec(cd_schema_primitive(CD_TYPE_STRING, true), NULL)),
                     "Cannot look up fields on non-struct type");
    transform_chain_destroy(c);
}
END_TEST

START_TEST(extract_field_v2_paths) {
    /* V1: the dotted name is one field. */
    transform_chain_t *c = chain(PKG "ExtractField$Value", "field", "a.b", NULL);
    ck_assert_int_eq(apply(c, rec(NULL, map_of("a.b", i64(1), NULL)))->value->u.i, 1);
    transform_chain_destroy(c);

    c = chain(PKG "ExtractField$Value", "field", "a.`b.c`.d", "field.syntax.version", "v2", NULL);
    ck_assert_ptr_nonnull(c);
    cd_value_t *inner = map_of("d", str("deep"), NULL);
    const cd_record_t *out = apply(c, rec(NULL, map_of("a", map_of("b.c", inner, NULL), NULL)));
    ck_assert_str_eq(out->value->u.str.data, "deep");
    ck_assert_ptr_null(apply(c, rec(NULL, map_of("a", NULL, NULL)))->value);
    ck_assert_str_eq(apply_error(c, rec(NULL, map_of("a", i64(1), NULL))),
                     "Only Map objects supported in absence of schema for [nested field access], "
                     "found: java.lang.Long");
    transform_chain_destroy(c);

    /* Nested structs. */
    const cd_schema_t *ps = person_schema();
    cd_schema_t *outer = cd_schema_new(arena, CD_TYPE_STRUCT);
    cd_schema_add_field(arena, outer, "who", ps);
    cd_value_t *ov = cd_value_struct_new(arena, outer);
    cd_value_struct_put(ov, "who", person(ps, "ann", NULL));
    c = chain(PKG "ExtractField$Value", "field", "who.name", "field.syntax.version", "V2", NULL);
    out = apply(c, rec(outer, ov));
    ck_assert_str_eq(out->value->u.str.data, "ann");
    ck_assert_int_eq(out->value_schema->type, CD_TYPE_STRING);
    transform_chain_destroy(c);

    /* An escaped backtick is part of the name. */
    c = chain(PKG "ExtractField$Value", "field", "`a\\`.b`.c", "field.syntax.version", "V2", NULL);
    out = apply(c, rec(NULL, map_of("a`.b", map_of("c", i64(5), NULL), NULL)));
    ck_assert_int_eq(out->value->u.i, 5);
    transform_chain_destroy(c);

    ck_assert_str_eq(config_error(chain(PKG "ExtractField$Value", "field", "`a.b",
                                        "field.syntax.version", "V2", NULL)),
                     "Incomplete backtick pair in path: [`a.b], consider adding a backslash "
                     "before backtick at position 0 to escape it");
    ck_assert_str_eq(config_error(chain(PKG "ExtractField$Value", "field", "a",
                                        "field.syntax.version", "V3", NULL)),
                     "Invalid value V3 for configuration field.syntax.version: String must be one "
                     "of (case insensitive): V1, V2");
    ck_assert_str_eq(config_error(chain(PKG "ExtractField$Value", NULL)),
                     "Missing required configuration \"field\" which has no default value.");
}
END_TEST

/* ---- HoistField -------------------------------------------------------- */

START_TEST(hoist_field) {
    transform_chain_t *c = chain(PKG "HoistField$Value", "field", "wrapped", NULL);
    const cd_record_t *out = apply(c, rec(NULL, i64(42)));
    ck_assert_int_eq(geti(out->value, "wrapped"), 42);
    out = apply(c, rec(NULL, NULL)); /* a tombstone becomes {wrapped: null} */
    ck_assert_int_eq(out->value->type, CD_TYPE_MAP);
    ck_assert(has_key(out->value, "wrapped"));
    out = apply(c, rec(cd_schema_primitive(CD_TYPE_INT32, false), i32(7)));
    ck_assert_int_eq(out->value_schema->type, CD_TYPE_STRUCT);
    ck_assert_int_eq(out->value_schema->fields[0].schema->type, CD_TYPE_INT32);
    ck_assert_int_eq(geti(out->value, "wrapped"), 7);
    ck_assert_str_eq(apply_error(c, rec(cd_schema_primitive(CD_TYPE_INT32, false), NULL)),
                     "Invalid value: null used for required field: \"wrapped\", schema type: "
                     "INT32");
    transform_chain_destroy(c);
}
END_TEST

/* ---- Flatten ----------------------------------------------------------- */

START_TEST(flatten_schemaless) {
    transform_chain_t *c = chain(PKG "Flatten$Value", "delimiter", "#", NULL);
    cd_value_t *v = map_of("A", map_of("B", map_of("int8", cd_value_int(arena, CD_TYPE_INT8, 8),
                                                   "string", str("s"), NULL),
                                       "empty", map_of(NULL), NULL),
                           "top", NULL, NULL);
    const cd_record_t *out = apply(c, rec(NULL, v));
    ck_assert_int_eq(out->value->u.map.n, 3);
    ck_assert_int_eq(geti(out->value, "A#B#int8"), 8);
    ck_assert_str_eq(gets(out->value, "A#B#string"), "s");
    ck_assert(has_key(out->value, "top"));
    const cd_record_t *tomb = rec(NULL, NULL);
    ck_assert_ptr_eq(apply(c, tomb), tomb);
    transform_chain_destroy(c);
}
END_TEST

START_TEST(flatten_with_schema) {
    transform_chain_t *c = chain(PKG "Flatten$Value", NULL);
    const cd_schema_t *ps = person_schema();
    cd_schema_t *opt = cd_schema_new(arena, CD_TYPE_STRUCT);
    *opt = *ps;
    opt->optional = true;
    cd_schema_t *outer = cd_schema_new(arena, CD_TYPE_STRUCT);
    outer->name = "outer";
    cd_schema_add_field(arena, outer, "id", cd_schema_primitive(CD_TYPE_INT64, false));
    cd_schema_add_field(arena, outer, "who", opt);
    cd_value_t *ov = cd_value_struct_new(arena, outer);
    cd_value_struct_put(ov, "id", i64(9));
    cd_value_struct_put(ov, "who", person(opt, "ann", i32(30)));
    const cd_record_t *out = apply(c, rec(outer, ov));
    const cd_schema_t *s = out->value_schema;
    ck_assert_int_eq(s->n_fields, 3);
    ck_assert_str_eq(s->name, "outer");
    ck_assert_str_eq(s->fields[1].name, "who.name");
    ck_assert(s->fields[1].schema->optional); /* the parent is optional */
    ck_assert(!s->fields[0].schema->optional);
    ck_assert_int_eq(s->fields[2].schema->default_value->u.i, 7);
    ck_assert_int_eq(geti(out->value, "id"), 9);
    ck_assert_str_eq(gets(out->value, "who.name"), "ann");
    ck_assert_int_eq(geti(out->value, "who.age"), 30);
    /* A null nested struct leaves its fields null. */
    cd_value_struct_put(ov, "who", NULL);
    out = apply(c, rec(outer, ov));
    ck_assert_ptr_null(out->value->u.strct.fields[1]);
    transform_chain_destroy(c);

    cd_schema_t *with_map = cd_schema_new(arena, CD_TYPE_STRUCT);
    cd_schema_t *m = cd_schema_new(arena, CD_TYPE_MAP);
    m->key_schema = cd_schema_primitive(CD_TYPE_STRING, false);
    m->value_schema = cd_schema_primitive(CD_TYPE_STRING, false);
    cd_schema_add_field(arena, with_map, "m", m);
    c = chain(PKG "Flatten$Key", NULL);
    cd_record_t *r = rec(NULL, NULL);
    r->key_schema = with_map;
    r->key = cd_value_struct_new(arena, with_map);
    ck_assert_str_eq(apply_error(c, r), "Flatten transformation does not support MAP for record "
                                        "with schemas (for field m).");
    transform_chain_destroy(c);
}
END_TEST

/* ---- SetSchemaMetadata ------------------------------------------------- */

START_TEST(set_schema_metadata) {
    transform_chain_t *c = chain(PKG "SetSchemaMetadata$Value", "schema.name", "foo",
                                 "schema.version", "42", NULL);
    const cd_schema_t *ps = person_schema();
    const cd_record_t *out = apply(c, rec(ps, person(ps, "ann", NULL)));
    ck_assert_str_eq(out->value_schema->name, "foo");
    ck_assert(out->value_schema->has_version);
    ck_assert_int_eq(out->value_schema->version, 42);
    ck_assert_ptr_eq(out->value->u.strct.schema, out->value_schema);
    ck_assert_int_eq(geti(out->value, "age"), 7);
    const cd_record_t *tomb = rec(NULL, NULL);
    ck_assert_ptr_eq(apply(c, tomb), tomb);
    out = apply(c, rec(cd_schema_primitive(CD_TYPE_STRING, true), NULL));
    ck_assert_str_eq(out->value_schema->name, "foo");
    ck_assert_str_eq(apply_error(c, rec(NULL, str("x"))),
                     "Schema required for [updating schema metadata]");
    transform_chain_destroy(c);

    c = chain(PKG "SetSchemaMetadata$Key", "schema.version", "3", NULL);
    cd_record_t *r = rec(NULL, NULL);
    r->key_schema = cd_schema_primitive(CD_TYPE_INT64, false);
    r->key = i64(5);
    out = apply(c, r);
    ck_assert_ptr_null(out->key_schema->name);
    ck_assert_int_eq(out->key_schema->version, 3);
    ck_assert_int_eq(out->key->u.i, 5);
    transform_chain_destroy(c);

    ck_assert_str_eq(config_error(chain(PKG "SetSchemaMetadata$Value", NULL)),
                     "Neither schema name nor version configured");
    ck_assert_str_eq(config_error(chain(PKG "SetSchemaMetadata$Value", "schema.version", "x", NULL)),
                     "Invalid value x for configuration schema.version: Not a number of type INT");
}
END_TEST

/* ---- Cast -------------------------------------------------------------- */

START_TEST(cast_schemaless) {
    transform_chain_t *c = chain(PKG "Cast$Value",
                                 "spec", "int8:int8,half:boolean,big:string,s:int32,b:string,"
                                         "f:float32,t:boolean,missing:int64",
                                 NULL);
    ck_assert_ptr_nonnull(c);
    const uint8_t raw[] = {'h', 'i', '!'};
    cd_value_t *v = map_of("int8", i64(300), "half", f64(0.5), "big", f64(16777216.0), "s",
                           str("-12"), "b", cd_value_bytes(arena, raw, 3), "f", str("1.5"), "t",
                           str("TRUE"), "other", str("keep"), NULL);
    const cd_record_t *out = apply(c, rec(NULL, v));
    ck_assert_int_eq(get(out->value, "int8")->type, CD_TYPE_INT8);
    ck_assert_int_eq(geti(out->value, "int8"), 44);
    ck_assert(!get(out->value, "half")->u.b);
    ck_assert_str_eq(gets(out->value, "big"), "1.6777216E7");
    ck_assert_int_eq(geti(out->value, "s"), -12);
    ck_assert_str_eq(gets(out->value, "b"), "aGkh");
    ck_assert_int_eq(get(out->value, "f")->type, CD_TYPE_FLOAT32);
    ck_assert(get(out->value, "f")->u.f == 1.5);
    ck_assert(get(out->value, "t")->u.b);
    ck_assert(has_key(out->value, "missing"));
    ck_assert_str_eq(gets(out->value, "other"), "keep");
    ck_assert_str_eq(apply_error(c, rec(NULL, map_of("s", str(" 1"), NULL))),
                     "Value ( 1) was out of range for requested data type");
    ck_assert_str_eq(apply_error(c, rec(NULL, map_of("s", map_of(NULL), NULL))),
                     "Cast transformation does not support casting from MAP; supported types are "
                     "[INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES]");
    const cd_record_t *tomb = rec(NULL, NULL);
    ck_assert_ptr_eq(apply(c, tomb), tomb);
    transform_chain_destroy(c);

    c = chain(PKG "Cast$Key", "spec", "int16", NULL);
    cd_record_t *r = rec(NULL, NULL);
    r->key = str("123");
    out = apply(c, r);
    ck_assert_int_eq(out->key->type, CD_TYPE_INT16);
    ck_assert_int_eq(out->key->u.i, 123);
    r->key = str("40000");
    ck_assert_str_eq(apply_error(c, r), "Value (40000) was out of range for requested data type");
    transform_chain_destroy(c);
}
END_TEST

START_TEST(cast_with_schema) {
    transform_chain_t *c = chain(PKG "Cast$Value", "spec", "age:string,when:int64", NULL);
    cd_schema_t *s = cd_schema_new(arena, CD_TYPE_STRUCT);
    const cd_schema_t *ps = person_schema();
    cd_schema_add_field(arena, s, "age", ps->fields[1].schema);
    cd_schema_add_field(arena, s, "when", cd_schema_timestamp(false));
    cd_schema_add_field(arena, s, "day", cd_schema_date(false));
    cd_value_t *v = cd_value_struct_new(arena, s);
    cd_value_struct_put(v, "when", i64(86400000 + 1));
    cd_value_struct_put(v, "day", i32(2));
    const cd_record_t *out = apply(c, rec(s, v));
    const cd_schema_t *u = out->value_schema;
    ck_assert_int_eq(u->fields[0].schema->type, CD_TYPE_STRING);
    ck_assert(u->fields[0].schema->optional);
    ck_assert_str_eq(u->fields[0].schema->default_value->u.str.data, "7");
    ck_assert_int_eq(u->fields[1].schema->type, CD_TYPE_INT64);
    ck_assert_ptr_null(u->fields[1].schema->name);
    ck_assert_ptr_eq(u->fields[2].schema, s->fields[2].schema);
    ck_assert_str_eq(gets(out->value, "age"), "7");
    ck_assert_int_eq(geti(out->value, "when"), 86400001);
    transform_chain_destroy(c);

    c = chain(PKG "Cast$Value", "spec", "when:string,day:string", NULL);
    out = apply(c, rec(s, v));
    ck_assert_str_eq(gets(out->value, "when"), "1970-01-02T00:00:00.001Z");
    ck_assert_str_eq(gets(out->value, "day"), "1970-01-03");
    transform_chain_destroy(c);

    /* Whole value: schema basics are kept, the type changes. */
    c = chain(PKG "Cast$Value", "spec", "int32", NULL);
    out = apply(c, rec(cd_schema_primitive(CD_TYPE_FLOAT64, true), f64(-2.9)));
    ck_assert_int_eq(out->value_schema->type, CD_TYPE_INT32);
    ck_assert(out->value_schema->optional);
    ck_assert_int_eq(out->value->u.i, -2);
    transform_chain_destroy(c);

    ck_assert_str_eq(config_error(chain(PKG "Cast$Value", "spec", "", NULL)),
                     "Must specify at least one field to cast.");
    ck_assert_str_eq(config_error(chain(PKG "Cast$Value", "spec", "a:foo", NULL)),
                     "Invalid type found in casting spec: foo");
    ck_assert_str_eq(config_error(chain(PKG "Cast$Value", "spec", "a:bytes", NULL)),
                     "Cast transformation does not support casting to BYTES; supported types are "
                     "[INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING]");
    ck_assert_str_eq(config_error(chain(PKG "Cast$Value", "spec", "int8,a:int8", NULL)),
                     "Cast transformations that specify a type to cast the entire value to may "
                     "only specify a single cast in their spec");
}
END_TEST

/* ---- MaskField --------------------------------------------------------- */

START_TEST(mask_field_schemaless) {
    transform_chain_t *c = chain(PKG "MaskField$Value", "fields", "i,d,b,s,l,m,n,absent", NULL);
    cd_value_t *list = cd_value_array_new(arena, 1);
    cd_value_array_append(arena, list, i64(1));
    const uint8_t raw[] = {1};
    cd_value_t *v = map_of("i", i64(5), "d", f64(1.5), "b", cd_value_bool(arena, true), "s",
                           str("secret"), "l", list, "m", map_of("k", i64(1), NULL), "n", NULL,
                           "keep", str("k"), NULL);
    const cd_record_t *out = apply(c, rec(NULL, v));
    ck_assert_int_eq(geti(out->value, "i"), 0);
    ck_assert(get(out->value, "d")->u.f == 0.0);
    ck_assert(!get(out->value, "b")->u.b);
    ck_assert_str_eq(gets(out->value, "s"), "");
    ck_assert_int_eq(get(out->value, "l")->u.array.n, 0);
    ck_assert_int_eq(get(out->value, "m")->u.map.n, 0);
    ck_assert_ptr_null(get(out->value, "n"));
    ck_assert(has_key(out->value, "absent"));
    ck_assert_str_eq(gets(out->value, "keep"), "k");
    ck_assert_str_eq(apply_error(c, rec(NULL, NULL)),
                     "Only Map objects supported in absence of schema for [mask fields], found: "
                     "null");
    ck_assert_str_eq(apply_error(c, rec(NULL, map_of("s", cd_value_bytes(arena, raw, 1), NULL))),
                     "Cannot mask value of type: class [B");
    transform_chain_destroy(c);

    c = chain(PKG "MaskField$Value", "fields", "i,s,d", "replacement", "123", NULL);
    out = apply(c, rec(NULL, map_of("i", i64(5), "s", str("x"), "d", f64(2.0), NULL)));
    ck_assert_int_eq(geti(out->value, "i"), 123);
    ck_assert_str_eq(gets(out->value, "s"), "123");
    ck_assert(get(out->value, "d")->u.f == 123.0);
    ck_assert_str_eq(apply_error(c, rec(NULL, map_of("i", cd_value_bool(arena, true), NULL))),
                     "Cannot mask value of type class java.lang.Boolean with custom replacement.");
    transform_chain_destroy(c);

    c = chain(PKG "MaskField$Value", "fields", "i", "replacement", "abc", NULL);
    ck_assert_str_eq(apply_error(c, rec(NULL, map_of("i", i64(5), NULL))),
                     "Unable to convert abc (class java.lang.String) to a number");
    transform_chain_destroy(c);

    ck_assert_str_eq(config_error(chain(PKG "MaskField$Value", "fields", "a", "replacement", "",
                                        NULL)),
                     "Invalid value  for configuration replacement: String must be non-empty");
}
END_TEST

START_TEST(mask_field_with_schema) {
    transform_chain_t *c = chain(PKG "MaskField$Value", "fields", "price,day,name", NULL);
    cd_schema_t *s = cd_schema_new(arena, CD_TYPE_STRUCT);
    cd_schema_add_field(arena, s, "price", cd_schema_decimal(arena, 2, false));
    cd_schema_add_field(arena, s, "day", cd_schema_date(false));
    cd_schema_add_field(arena, s, "name", cd_schema_primitive(CD_TYPE_STRING, false));
    cd_value_t *v = cd_value_struct_new(arena, s);
    const uint8_t price[] = {0x30, 0x39}; /* 123.45 */
    cd_value_struct_put(v, "price", cd_value_bytes(arena, price, 2));
    cd_value_struct_put(v, "day", i32(19000));
    cd_value_struct_put(v, "name", str("ann"));
    const cd_record_t *out = apply(c, rec(s, v));
    ck_assert_ptr_eq(out->value_schema, s);
    const cd_value_t *p = get(out->value, "price");
    ck_assert_int_eq(p->u.bytes.len, 1);
    ck_assert_int_eq(p->u.bytes.data[0], 0);
    ck_assert_int_eq(geti(out->value, "day"), 0);
    ck_assert_str_eq(gets(out->value, "name"), "");
    transform_chain_destroy(c);

    c = chain(PKG "MaskField$Value", "fields", "day", "replacement", "1", NULL);
    ck_assert_str_eq(apply_error(c, rec(s, v)),
                     "Cannot mask value of type class java.util.Date with custom replacement.");
    transform_chain_destroy(c);
    c = chain(PKG "MaskField$Value", "fields", "price", "replacement", "-1.50", NULL);
    out = apply(c, rec(s, v));
    p = get(out->value, "price");
    ck_assert_int_eq(p->u.bytes.len, 2); /* -150 = 0xff6a */
    ck_assert_int_eq(p->u.bytes.data[0], 0xff);
    ck_assert_int_eq(p->u.bytes.data[1], 0x6a);
    transform_chain_destroy(c);
}
END_TEST

/* The schema cache is keyed by equality: records from a reset arena that
 * reuses addresses must not pick up a stale update. */
START_TEST(schema_cache_survives_arena_reuse) {
    transform_chain_t *c = chain(PKG "ReplaceField$Value", "exclude", "b", NULL);
    for (int round = 0; round < 3; round++) {
        cd_arena_reset(arena);
        cd_schema_t *s = cd_schema_new(arena, CD_TYPE_STRUCT);
        char name[16];
        snprintf(name, sizeof name, "f%d", round);
        cd_schema_add_field(arena, s, name, cd_schema_primitive(CD_TYPE_INT64, false));
        cd_schema_add_field(arena, s, "b", cd_schema_primitive(CD_TYPE_INT64, false));
        cd_value_t *v = cd_value_struct_new(arena, s);
        cd_value_struct_put(v, name, i64(round));
        cd_value_struct_put(v, "b", i64(0));
        const cd_record_t *out = apply(c, rec(s, v));
        ck_assert_int_eq(out->value_schema->n_fields, 1);
        ck_assert_str_eq(out->value_schema->fields[0].name, name);
        ck_assert_int_eq(geti(out->value, name), round);
    }
    transform_chain_destroy(c);
}
END_TEST

Suite *suite_smt_fields(void);
Suite *suite_smt_fields(void) {
    Suite *s = suite_create("smt_fields");
    TCase *tc = tcase_create("fields");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, registers_every_transform_with_kafka_names);
    tcase_add_test(tc, insert_field_schemaless);
    tcase_add_test(tc, insert_field_with_schema);
    tcase_add_test(tc, insert_field_config_errors);
    tcase_add_test(tc, replace_field_schemaless);
    tcase_add_test(tc, replace_field_with_schema);
    tcase_add_test(tc, value_to_key);
    tcase_add_test(tc, extract_field);
    tcase_add_test(tc, extract_field_v2_paths);
    tcase_add_test(tc, hoist_field);
    tcase_add_test(tc, flatten_schemaless);
    tcase_add_test(tc, flatten_with_schema);
    tcase_add_test(tc, set_schema_metadata);
    tcase_add_test(tc, cast_schemaless);
    tcase_add_test(tc, cast_with_schema);
    tcase_add_test(tc, mask_field_schemaless);
    tcase_add_test(tc, mask_field_with_schema);
    tcase_add_test(tc, schema_cache_survives_arena_reuse);
    suite_add_tcase(s, tc);
    return s;
}
