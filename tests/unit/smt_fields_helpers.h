/*
 * Shared by the connectd-fields.so suites (test_smt_insert_replace.c,
 * test_smt_extract_flatten.c, test_smt_cast_mask.c): the registry fixture,
 * one-transform chains built as a connector config would, and record and
 * value builders. Header-only (the Makefile compiles only test_*.c), each
 * including file gets its own fixture state; helpers are static inline so
 * a file that skips some stays warning-free.
 */
#ifndef CD_TESTS_UNIT_SMT_FIELDS_HELPERS_H
#define CD_TESTS_UNIT_SMT_FIELDS_HELPERS_H

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

static inline void setup(void) {
    reg = plugin_registry_new();
    const char *dir = getenv("CONNECTD_PLUGIN_DIR");
    plugin_registry_load_path(reg, dir ? dir : "plugins");
    arena = cd_arena_new(0);
    cd_error_clear(&err);
}

static inline void teardown(void) {
    plugin_registry_destroy(reg);
    cd_arena_destroy(arena);
}

/* A chain with one transform "t" of type cls; then key, value pairs,
 * NULL-terminated. */
static inline transform_chain_t *chain(const char *cls, ...) {
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
static inline const char *config_error(transform_chain_t *c) {
    ck_assert_ptr_null(c);
    ck_assert_int_eq(err.code, CD_ERR_CONFIG);
    return err.message;
}

static inline const cd_record_t *apply(transform_chain_t *c, const cd_record_t *in) {
    const cd_record_t *out = NULL;
    const char *cls = NULL;
    int rc = transform_chain_apply(c, in, arena, &out, &cls, &err);
    ck_assert_msg(rc == 0, "apply failed: %s", err.message);
    return out;
}

/* The DataException message of a failing apply. */
static inline const char *apply_error(transform_chain_t *c, const cd_record_t *in) {
    const cd_record_t *out = NULL;
    const char *cls = NULL;
    ck_assert_int_ne(transform_chain_apply(c, in, arena, &out, &cls, &err), 0);
    return err.message;
}

/* ---- value builders ---------------------------------------------------- */

static inline const cd_value_t *str(const char *s) { return cd_value_cstring(arena, s); }
static inline const cd_value_t *i32(int64_t v) { return cd_value_int(arena, CD_TYPE_INT32, v); }
static inline const cd_value_t *i64(int64_t v) { return cd_value_int(arena, CD_TYPE_INT64, v); }
static inline const cd_value_t *f64(double v) { return cd_value_float(arena, CD_TYPE_FLOAT64, v); }

/* A schemaless map from key, value pairs; NULL-terminated keys. */
static inline cd_value_t *map_of(const char *k, ...) {
    cd_value_t *m = cd_value_map_new(arena, 4);
    va_list ap;
    va_start(ap, k);
    for (; k; k = va_arg(ap, const char *)) cd_value_map_put_str(arena, m, k, va_arg(ap, const cd_value_t *));
    va_end(ap);
    return m;
}

static inline const cd_value_t *get(const cd_value_t *m, const char *k) {
    if (m->type == CD_TYPE_STRUCT) return cd_value_struct_get(m, k);
    return cd_value_map_get(m, k);
}

static inline bool has_key(const cd_value_t *m, const char *k) {
    for (size_t i = 0; i < m->u.map.n; i++)
        if (strcmp(m->u.map.keys[i]->u.str.data, k) == 0) return true;
    return false;
}

static inline const char *gets(const cd_value_t *m, const char *k) {
    const cd_value_t *v = get(m, k);
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(v->type, CD_TYPE_STRING);
    return v->u.str.data;
}

static inline int64_t geti(const cd_value_t *m, const char *k) {
    const cd_value_t *v = get(m, k);
    ck_assert_msg(v != NULL, "no field %s", k);
    return v->u.i;
}

static inline cd_record_t *rec(const cd_schema_t *vs, const cd_value_t *v) {
    cd_record_t *r = cd_record_new(arena);
    r->topic = "orders";
    r->partition = 3;
    r->timestamp = 1700000000000;
    r->value_schema = vs;
    r->value = v;
    return r;
}

static inline cd_record_t *sink_rec(const cd_schema_t *vs, const cd_value_t *v) {
    cd_record_t *r = rec(vs, v);
    r->kafka_offset = 42;
    r->original_topic = "orders";
    r->original_partition = 3;
    r->original_offset = 42;
    return r;
}

/* struct { name: string, age: optional int32 default 7 } */
static inline const cd_schema_t *person_schema(void) {
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

static inline cd_value_t *person(const cd_schema_t *s, const char *name, const cd_value_t *age) {
    cd_value_t *v = cd_value_struct_new(arena, s);
    cd_value_struct_put(v, "name", name ? str(name) : NULL);
    cd_value_struct_put(v, "age", age);
    return v;
}

#endif
