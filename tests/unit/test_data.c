/* The data model: arena, schemas, values, records, decimal text. */
#include <check.h>
#include <connectd/data.h>
#include <connectd/record.h>
#include <math.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "data/arena.h"
#include "data/data_util.h"
#include "data/decimal.h"
#include "util/buf.h"

/* ---- arena ---------------------------------------------------------- */

START_TEST(arena_many_small_allocations) {
    cd_arena_t *a = cd_arena_new(4096);
    unsigned char *prev[2000];
    for (int i = 0; i < 2000; i++) {
        size_t n = 1 + (size_t)(i % 40);
        unsigned char *p = cd_arena_alloc(a, n);
        ck_assert_uint_eq((uintptr_t)p % alignof(max_align_t), 0);
        for (size_t k = 0; k < n; k++) ck_assert_uint_eq(p[k], 0);
        memset(p, 0xAB, n);
        prev[i] = p;
    }
    /* Distinct, non-overlapping: each still holds its own pattern. */
    for (int i = 1; i < 2000; i++) ck_assert_ptr_ne(prev[i], prev[i - 1]);
    arena_stats_t st;
    arena_stats(a, &st);
    ck_assert_uint_gt(st.chunks, 1);
    ck_assert_uint_ge(st.bytes_reserved, st.bytes_used);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(arena_large_allocation_gets_own_chunk) {
    cd_arena_t *a = cd_arena_new(0); /* default 64 KiB chunks */
    char *small = cd_arena_alloc(a, 16);
    arena_stats_t before;
    arena_stats(a, &before);
    ck_assert_uint_eq(before.chunks, 1);
    ck_assert_uint_eq(before.bytes_reserved, ARENA_DEFAULT_CHUNK_SIZE);
    unsigned char *big = cd_arena_alloc(a, 1 << 20);
    for (size_t i = 0; i < (1u << 20); i += 4096) ck_assert_uint_eq(big[i], 0);
    memset(big, 1, 1 << 20);
    arena_stats_t after;
    arena_stats(a, &after);
    ck_assert_uint_eq(after.chunks, 2);
    /* The small chunk keeps serving small allocations after the big one. */
    char *small2 = cd_arena_alloc(a, 16);
    ck_assert_ptr_eq(small2, small + 16);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(arena_reset_keeps_one_chunk) {
    cd_arena_t *a = cd_arena_new(1024);
    for (int i = 0; i < 100; i++) cd_arena_alloc(a, 100);
    cd_arena_alloc(a, 100000);
    arena_stats_t st;
    arena_stats(a, &st);
    ck_assert_uint_gt(st.chunks, 3);
    cd_arena_reset(a);
    arena_stats(a, &st);
    ck_assert_uint_eq(st.chunks, 1);
    ck_assert_uint_eq(st.bytes_used, 0);
    /* Reused memory comes back zeroed. */
    unsigned char *p = cd_arena_alloc(a, 200);
    for (int i = 0; i < 200; i++) ck_assert_uint_eq(p[i], 0);
    arena_stats(a, &st);
    ck_assert_uint_eq(st.chunks, 1);
    cd_arena_reset(a);
    cd_arena_reset(a);
    cd_arena_destroy(a);
    cd_arena_destroy(NULL);
}
END_TEST

START_TEST(arena_strings) {
    cd_arena_t *a = cd_arena_new(0);
    ck_assert_str_eq(cd_arena_strdup(a, "hello"), "hello");
    ck_assert_ptr_null(cd_arena_strdup(a, NULL));
    ck_assert_str_eq(cd_arena_strndup(a, "hello", 3), "hel");
    ck_assert_str_eq(cd_arena_sprintf(a, "%s-%d", "task", 7), "task-7");
    ck_assert_str_eq(cd_arena_sprintf(a, "%s", ""), "");
    cd_arena_destroy(a);
}
END_TEST

/* ---- schemas -------------------------------------------------------- */

START_TEST(schema_primitives_are_static) {
    for (cd_type_t t = CD_TYPE_INT8; t <= CD_TYPE_BYTES; t++) {
        const cd_schema_t *r = cd_schema_primitive(t, false), *o = cd_schema_primitive(t, true);
        ck_assert_int_eq(r->type, t);
        ck_assert(!r->optional);
        ck_assert(o->optional);
        ck_assert_ptr_eq(r, cd_schema_primitive(t, false));
        ck_assert(data_schema_is_static(r) && data_schema_is_static(o));
        ck_assert_ptr_null(r->name);
    }
    ck_assert_ptr_null(cd_schema_primitive(CD_TYPE_STRUCT, false));
    ck_assert_str_eq(cd_type_name(CD_TYPE_INT8), "int8");
    ck_assert_str_eq(cd_type_name(CD_TYPE_FLOAT32), "float");
    ck_assert_str_eq(cd_type_name(CD_TYPE_FLOAT64), "double");
    ck_assert_str_eq(cd_type_name(CD_TYPE_BOOLEAN), "boolean");
    ck_assert_str_eq(cd_type_name(CD_TYPE_STRING), "string");
    ck_assert_str_eq(cd_type_name(CD_TYPE_BYTES), "bytes");
    ck_assert_str_eq(cd_type_name(CD_TYPE_ARRAY), "array");
    ck_assert_str_eq(cd_type_name(CD_TYPE_MAP), "map");
    ck_assert_str_eq(cd_type_name(CD_TYPE_STRUCT), "struct");
    ck_assert_str_eq(data_type_java_name(CD_TYPE_FLOAT64), "FLOAT64");
}
END_TEST

START_TEST(schema_logical) {
    cd_arena_t *a = cd_arena_new(0);
    const cd_schema_t *d = cd_schema_date(true);
    ck_assert_int_eq(d->type, CD_TYPE_INT32);
    ck_assert(d->optional && d->has_version && d->version == 1);
    ck_assert(cd_schema_is_logical(d, CD_LOGICAL_DATE));
    ck_assert(!cd_schema_is_logical(d, CD_LOGICAL_TIME));
    ck_assert_int_eq(cd_schema_time(false)->type, CD_TYPE_INT32);
    ck_assert_int_eq(cd_schema_timestamp(false)->type, CD_TYPE_INT64);
    ck_assert_str_eq(cd_schema_timestamp(false)->name, CD_LOGICAL_TIMESTAMP);
    const cd_schema_t *dec = cd_schema_decimal(a, -3, false);
    ck_assert_int_eq(dec->type, CD_TYPE_BYTES);
    ck_assert(cd_schema_is_logical(dec, CD_LOGICAL_DECIMAL));
    ck_assert_str_eq(cd_schema_param(dec, "scale"), "-3");
    ck_assert_ptr_null(cd_schema_param(dec, "precision"));
    ck_assert(!data_schema_is_static(dec));
    ck_assert(!cd_schema_is_logical(NULL, CD_LOGICAL_DATE));
    cd_arena_destroy(a);
}
END_TEST

START_TEST(schema_struct_builder) {
    cd_arena_t *a = cd_arena_new(0);
    cd_schema_t *s = cd_schema_new(a, CD_TYPE_STRUCT);
    char name[16];
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "f%d", i);
        cd_schema_add_field(a, s, name, cd_schema_primitive(CD_TYPE_INT32, i % 2));
    }
    cd_schema_add_field(a, s, "f3", cd_schema_primitive(CD_TYPE_STRING, false)); /* duplicate */
    ck_assert_uint_eq(s->n_fields, 40);
    const cd_field_t *f = cd_schema_field(s, "f33");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->index, 33);
    ck_assert_str_eq(f->name, "f33");
    ck_assert(f->schema->optional);
    ck_assert_int_eq(cd_schema_field(s, "f3")->schema->type, CD_TYPE_INT32);
    ck_assert_ptr_null(cd_schema_field(s, "nope"));
    cd_schema_add_param(a, s, "k", "v1");
    cd_schema_add_param(a, s, "k2", "x");
    cd_schema_add_param(a, s, "k", "v2");
    ck_assert_uint_eq(s->n_params, 2);
    ck_assert_str_eq(cd_schema_param(s, "k"), "v2");
    ck_assert_str_eq(s->params[0].key, "k");
    cd_arena_destroy(a);
}
END_TEST

static cd_schema_t *sample_struct_schema(cd_arena_t *a) {
    cd_schema_t *inner = cd_schema_new(a, CD_TYPE_STRUCT);
    cd_schema_add_field(a, inner, "x", cd_schema_primitive(CD_TYPE_INT64, false));
    cd_schema_t *tags = cd_schema_new(a, CD_TYPE_ARRAY);
    tags->value_schema = inner;
    tags->optional = true;
    cd_schema_t *s = cd_schema_new(a, CD_TYPE_STRUCT);
    s->name = "com.example.Item";
    s->has_version = true;
    s->version = 3;
    s->doc = "an item";
    cd_schema_t *withdef = cd_schema_new(a, CD_TYPE_INT32);
    withdef->has_default = true;
    withdef->default_value = cd_value_int(a, CD_TYPE_INT32, 7);
    cd_schema_add_field(a, s, "id", withdef);
    cd_schema_add_field(a, s, "price", cd_schema_decimal(a, 2, false));
    cd_schema_add_field(a, s, "items", tags);
    cd_schema_add_param(a, s, "p", "q");
    return s;
}

START_TEST(schema_copy_and_equality) {
    cd_arena_t *a = cd_arena_new(0), *b = cd_arena_new(0);
    cd_schema_t *s = sample_struct_schema(a);
    const cd_schema_t *c = cd_schema_copy(b, s);
    ck_assert_ptr_ne(c, s);
    ck_assert(data_schema_equals(s, c));
    ck_assert(data_schema_equals(NULL, NULL));
    ck_assert(!data_schema_equals(s, NULL));
    cd_arena_destroy(a); /* the copy must not point into the original */
    ck_assert_str_eq(c->name, "com.example.Item");
    ck_assert_str_eq(c->fields[1].schema->params[0].value, "2");
    ck_assert_int_eq(c->fields[0].schema->default_value->u.i, 7);
    ck_assert_int_eq(c->fields[2].schema->value_schema->fields[0].schema->type, CD_TYPE_INT64);
    /* Static schemas are shared, not copied. */
    ck_assert_ptr_eq(cd_schema_copy(b, cd_schema_date(false)), cd_schema_date(false));

    cd_schema_t *d = (cd_schema_t *)cd_schema_copy(b, c);
    ck_assert(data_schema_equals(c, d));
    d->doc = "other";
    ck_assert(!data_schema_equals(c, d));
    d->doc = c->doc;
    cd_schema_add_param(b, d, "p", "z");
    ck_assert(!data_schema_equals(c, d));
    cd_arena_destroy(b);
}
END_TEST

START_TEST(schema_self_referencing_default) {
    cd_arena_t *a = cd_arena_new(0), *b = cd_arena_new(0);
    cd_schema_t *s = cd_schema_new(a, CD_TYPE_STRUCT);
    cd_schema_add_field(a, s, "n", cd_schema_primitive(CD_TYPE_INT32, false));
    cd_value_t *def = cd_value_struct_new(a, s);
    cd_value_struct_put(def, "n", cd_value_int(a, CD_TYPE_INT32, 5));
    s->has_default = true;
    s->default_value = def;
    const cd_schema_t *c = cd_schema_copy(b, s);
    ck_assert_ptr_eq(c->default_value->u.strct.schema, c);
    ck_assert(data_schema_equals(s, c));
    cd_arena_destroy(a);
    ck_assert_int_eq(c->default_value->u.strct.fields[0]->u.i, 5);
    cd_arena_destroy(b);
}
END_TEST

/* ---- values --------------------------------------------------------- */

START_TEST(value_primitives) {
    cd_arena_t *a = cd_arena_new(0);
    ck_assert_int_eq(cd_value_int(a, CD_TYPE_INT8, 300)->u.i, 44);
    ck_assert_int_eq(cd_value_int(a, CD_TYPE_INT8, -129)->u.i, 127);
    ck_assert_int_eq(cd_value_int(a, CD_TYPE_INT16, 70000)->u.i, 4464);
    ck_assert_int_eq(cd_value_int(a, CD_TYPE_INT32, 1LL << 32 | 5)->u.i, 5);
    ck_assert_int_eq(cd_value_int(a, CD_TYPE_INT64, INT64_MIN)->u.i, INT64_MIN);
    ck_assert_int_eq(cd_value_int(a, CD_TYPE_STRING, 1)->type, CD_TYPE_INT64);
    const cd_value_t *f = cd_value_float(a, CD_TYPE_FLOAT32, 0.1);
    ck_assert(f->u.f == (double)0.1f);
    ck_assert(cd_value_float(a, CD_TYPE_FLOAT64, 0.1)->u.f == 0.1);
    ck_assert(cd_value_bool(a, true)->u.b);
    char buf[] = "abc";
    const cd_value_t *s = cd_value_string(a, buf, 2);
    buf[0] = 'X';
    ck_assert_str_eq(s->u.str.data, "ab");
    ck_assert_uint_eq(s->u.str.len, 2);
    ck_assert_ptr_null(cd_value_cstring(a, NULL));
    ck_assert_uint_eq(cd_value_cstring(a, "")->u.str.len, 0);
    const cd_value_t *by = cd_value_bytes(a, "\0\1\2", 3);
    ck_assert_uint_eq(by->u.bytes.len, 3);
    ck_assert_uint_eq(by->u.bytes.data[2], 2);
    ck_assert_uint_eq(cd_value_bytes(a, NULL, 0)->u.bytes.len, 0);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(value_array_grows) {
    cd_arena_t *a = cd_arena_new(0);
    cd_value_t *arr = cd_value_array_new(a, 2);
    for (int i = 0; i < 1000; i++) cd_value_array_append(a, arr, cd_value_int(a, CD_TYPE_INT32, i));
    ck_assert_uint_eq(arr->u.array.n, 1000);
    for (int i = 0; i < 1000; i++) ck_assert_int_eq(arr->u.array.items[i]->u.i, i);
    cd_value_t *empty = cd_value_array_new(a, 0);
    cd_value_array_append(a, empty, NULL);
    ck_assert_uint_eq(empty->u.array.n, 1);
    ck_assert_ptr_null(empty->u.array.items[0]);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(value_map_put_get) {
    cd_arena_t *a = cd_arena_new(0);
    cd_value_t *m = cd_value_map_new(a, 1);
    cd_value_map_put_str(a, m, "filename", cd_value_cstring(a, "/tmp/in.txt"));
    cd_value_map_put_str(a, m, "position", cd_value_int(a, CD_TYPE_INT64, 1));
    cd_value_map_put_str(a, m, "nothing", NULL);
    cd_value_map_put_str(a, m, "filename", cd_value_cstring(a, "/tmp/other.txt"));
    ck_assert_uint_eq(m->u.map.n, 3);
    ck_assert_str_eq(m->u.map.keys[0]->u.str.data, "filename"); /* kept its place */
    ck_assert_str_eq(cd_value_map_get(m, "filename")->u.str.data, "/tmp/other.txt");
    ck_assert_int_eq(cd_value_map_get(m, "position")->u.i, 1);
    ck_assert_ptr_null(cd_value_map_get(m, "nothing"));
    ck_assert_ptr_null(cd_value_map_get(m, "absent"));
    ck_assert_ptr_null(cd_value_map_get(NULL, "x"));
    /* Non-string keys compare by value. */
    cd_value_t *im = cd_value_map_new(a, 0);
    for (int i = 0; i < 50; i++)
        cd_value_map_put(a, im, cd_value_int(a, CD_TYPE_INT32, i % 10), cd_value_int(a, CD_TYPE_INT32, i));
    ck_assert_uint_eq(im->u.map.n, 10);
    ck_assert_int_eq(im->u.map.values[3]->u.i, 43);
    cd_arena_destroy(a);
}
END_TEST

/* Transforms copy values and schemas by value and then change the copy:
 * the original must not see it. */
START_TEST(copies_by_value_do_not_share_changes) {
    cd_arena_t *a = cd_arena_new(0);
    cd_value_t *m = cd_value_map_new(a, 8);
    cd_value_map_put_str(a, m, "a", cd_value_int(a, CD_TYPE_INT64, 1));
    cd_value_t *copy = cd_arena_alloc(a, sizeof *copy);
    *copy = *m;
    cd_value_map_put_str(a, copy, "a", cd_value_int(a, CD_TYPE_INT64, 2));
    cd_value_map_put_str(a, copy, "b", cd_value_int(a, CD_TYPE_INT64, 3));
    cd_value_map_put_str(a, m, "c", cd_value_int(a, CD_TYPE_INT64, 4));
    ck_assert_int_eq(cd_value_map_get(m, "a")->u.i, 1);
    ck_assert_ptr_null(cd_value_map_get(m, "b"));
    ck_assert_ptr_null(cd_value_map_get(copy, "c"));
    ck_assert_int_eq(cd_value_map_get(copy, "a")->u.i, 2);
    ck_assert_int_eq(cd_value_map_get(copy, "b")->u.i, 3);
    cd_value_t *arr = cd_value_array_new(a, 8);
    cd_value_array_append(a, arr, cd_value_bool(a, true));
    cd_value_t *acopy = cd_arena_alloc(a, sizeof *acopy);
    *acopy = *arr;
    cd_value_array_append(a, acopy, cd_value_bool(a, false));
    cd_value_array_append(a, arr, cd_value_bool(a, true));
    ck_assert(!acopy->u.array.items[1]->u.b);
    ck_assert(arr->u.array.items[1]->u.b);

    cd_schema_t *s = cd_schema_new(a, CD_TYPE_STRUCT);
    cd_schema_add_field(a, s, "x", cd_schema_primitive(CD_TYPE_INT32, false));
    cd_schema_add_param(a, s, "k", "v");
    cd_schema_t *sc = cd_schema_new(a, CD_TYPE_STRUCT);
    *sc = *s;
    cd_schema_add_field(a, sc, "y", cd_schema_primitive(CD_TYPE_INT32, false));
    cd_schema_add_param(a, sc, "k", "changed");
    cd_schema_add_field(a, s, "z", cd_schema_primitive(CD_TYPE_INT32, false));
    ck_assert_str_eq(sc->fields[1].name, "y");
    ck_assert_str_eq(s->fields[1].name, "z");
    ck_assert_str_eq(cd_schema_param(s, "k"), "v");
    ck_assert_str_eq(cd_schema_param(sc, "k"), "changed");
    cd_arena_destroy(a);
}
END_TEST

START_TEST(value_struct_defaults) {
    cd_arena_t *a = cd_arena_new(0);
    cd_schema_t *s = sample_struct_schema(a);
    cd_value_t *v = cd_value_struct_new(a, s);
    ck_assert_int_eq(cd_value_struct_get(v, "id")->u.i, 7); /* the default */
    ck_assert_ptr_null(v->u.strct.fields[0]);                 /* raw stays null */
    ck_assert_int_eq(cd_value_struct_put(v, "id", cd_value_int(a, CD_TYPE_INT32, 1)), 0);
    ck_assert_int_eq(cd_value_struct_get(v, "id")->u.i, 1);
    ck_assert_int_eq(cd_value_struct_put(v, "nope", NULL), -1);
    ck_assert_ptr_null(cd_value_struct_get(v, "nope"));
    ck_assert_ptr_null(cd_value_struct_get(v, "price"));
    cd_arena_destroy(a);
}
END_TEST

START_TEST(value_equality) {
    cd_arena_t *a = cd_arena_new(0);
    ck_assert(cd_value_equals(NULL, NULL));
    ck_assert(!cd_value_equals(NULL, cd_value_bool(a, false)));
    ck_assert(!cd_value_equals(cd_value_int(a, CD_TYPE_INT32, 1), cd_value_int(a, CD_TYPE_INT64, 1)));
    ck_assert(cd_value_equals(cd_value_float(a, CD_TYPE_FLOAT64, NAN), cd_value_float(a, CD_TYPE_FLOAT64, NAN)));
    ck_assert(!cd_value_equals(cd_value_float(a, CD_TYPE_FLOAT64, 0.0), cd_value_float(a, CD_TYPE_FLOAT64, -0.0)));
    ck_assert(cd_value_equals(cd_value_cstring(a, "x"), cd_value_string(a, "xy", 1)));
    cd_value_t *m1 = cd_value_map_new(a, 0), *m2 = cd_value_map_new(a, 0);
    cd_value_map_put_str(a, m1, "a", cd_value_int(a, CD_TYPE_INT64, 1));
    cd_value_map_put_str(a, m1, "b", cd_value_int(a, CD_TYPE_INT64, 2));
    cd_value_map_put_str(a, m2, "b", cd_value_int(a, CD_TYPE_INT64, 2));
    cd_value_map_put_str(a, m2, "a", cd_value_int(a, CD_TYPE_INT64, 1));
    ck_assert(cd_value_equals(m1, m2)); /* order does not matter */
    cd_value_map_put_str(a, m2, "a", cd_value_int(a, CD_TYPE_INT64, 3));
    ck_assert(!cd_value_equals(m1, m2));
    cd_schema_t *s = sample_struct_schema(a);
    cd_value_t *v1 = cd_value_struct_new(a, s), *v2 = cd_value_struct_new(a, cd_schema_copy(a, s));
    cd_value_struct_put(v1, "id", cd_value_int(a, CD_TYPE_INT32, 1));
    cd_value_struct_put(v2, "id", cd_value_int(a, CD_TYPE_INT32, 1));
    ck_assert(cd_value_equals(v1, v2));
    cd_value_struct_put(v2, "id", cd_value_int(a, CD_TYPE_INT32, 2));
    ck_assert(!cd_value_equals(v1, v2));
    cd_arena_destroy(a);
}
END_TEST

START_TEST(value_deep_copy) {
    cd_arena_t *a = cd_arena_new(0), *b = cd_arena_new(0);
    cd_schema_t *s = sample_struct_schema(a);
    cd_value_t *v = cd_value_struct_new(a, s);
    cd_value_struct_put(v, "id", cd_value_int(a, CD_TYPE_INT32, 9));
    cd_value_struct_put(v, "price", cd_value_bytes(a, "\x00\x96", 2));
    cd_value_t *items = cd_value_array_new(a, 0);
    cd_value_t *inner = cd_value_struct_new(a, s->fields[2].schema->value_schema);
    cd_value_struct_put(inner, "x", cd_value_int(a, CD_TYPE_INT64, 42));
    cd_value_array_append(a, items, inner);
    cd_value_struct_put(v, "items", items);
    cd_value_t *m = cd_value_map_new(a, 0);
    cd_value_map_put_str(a, m, "k", v);
    const cd_value_t *c = cd_value_copy(b, m);
    ck_assert(cd_value_equals(m, c));
    cd_arena_destroy(a);
    const cd_value_t *cv = cd_value_map_get(c, "k");
    ck_assert_int_eq(cd_value_struct_get(cv, "id")->u.i, 9);
    const cd_value_t *ci = cd_value_struct_get(cv, "items")->u.array.items[0];
    ck_assert_int_eq(cd_value_struct_get(ci, "x")->u.i, 42);
    /* Nested struct values share the copied field schema. */
    ck_assert_ptr_eq(ci->u.strct.schema, cv->u.strct.schema->fields[2].schema->value_schema);
    /* A copied map can still grow. */
    cd_value_map_put_str(b, (cd_value_t *)c, "more", NULL);
    ck_assert_uint_eq(c->u.map.n, 2);
    ck_assert_ptr_null(cd_value_copy(b, NULL));
    cd_arena_destroy(b);
}
END_TEST

START_TEST(java_class_names) {
    cd_arena_t *a = cd_arena_new(0);
    ck_assert_str_eq(data_value_java_class(cd_value_cstring(a, "x")), "class java.lang.String");
    ck_assert_str_eq(data_value_java_class(cd_value_int(a, CD_TYPE_INT32, 1)), "class java.lang.Integer");
    ck_assert_str_eq(data_value_java_class(cd_value_bytes(a, "", 0)), "class [B");
    ck_assert_str_eq(data_value_java_class(NULL), "null");
    cd_arena_destroy(a);
}
END_TEST

/* ---- records -------------------------------------------------------- */

START_TEST(record_basics) {
    cd_arena_t *a = cd_arena_new(0);
    cd_record_t *r = cd_record_new(a);
    ck_assert_int_eq(r->partition, CD_NO_PARTITION);
    ck_assert_int_eq(r->timestamp, CD_NO_TIMESTAMP);
    ck_assert_uint_eq(r->n_headers, 0);
    char key[8] = "h1";
    cd_record_add_header(a, r, key, NULL, cd_value_cstring(a, "v1"));
    key[1] = 'X';
    cd_record_t *c = cd_record_copy(a, r);
    cd_record_add_header(a, r, "h2", cd_schema_primitive(CD_TYPE_STRING, true), NULL);
    ck_assert_uint_eq(r->n_headers, 2);
    ck_assert_uint_eq(c->n_headers, 1);
    ck_assert_str_eq(c->headers[0].key, "h1");
    ck_assert_str_eq(r->headers[1].key, "h2");
    ck_assert_str_eq(r->headers[0].value->u.str.data, "v1");
    cd_arena_destroy(a);
}
END_TEST

/* ---- decimal text --------------------------------------------------- */

static char *dec_str(buf_t *b, const char *bytes, size_t n, int32_t scale, bool plain) {
    buf_reset(b);
    if (plain)
        decimal_to_plain_string(b, (const uint8_t *)bytes, n, scale);
    else
        decimal_to_string(b, (const uint8_t *)bytes, n, scale);
    return b->data;
}

START_TEST(decimal_to_text) {
    buf_t b;
    buf_init(&b);
    ck_assert_str_eq(dec_str(&b, "\x00\x96", 2, 2, false), "1.50");
    ck_assert_str_eq(dec_str(&b, "\xCF\xC7", 2, 3, false), "-12.345");
    ck_assert_str_eq(dec_str(&b, "\x80", 1, 0, false), "-128");
    ck_assert_str_eq(dec_str(&b, "\xFF", 1, 1, false), "-0.1");
    ck_assert_str_eq(dec_str(&b, "\x00", 1, 2, false), "0.00");
    ck_assert_str_eq(dec_str(&b, "", 0, 0, false), "0");
    ck_assert_str_eq(dec_str(&b, "\x0F", 1, -2, false), "1.5E+3");
    ck_assert_str_eq(dec_str(&b, "\x0F", 1, -2, true), "1500");
    ck_assert_str_eq(dec_str(&b, "\x01", 1, 10, false), "1E-10");
    ck_assert_str_eq(dec_str(&b, "\x01", 1, 10, true), "0.0000000001");
    ck_assert_str_eq(dec_str(&b, "\x00", 1, 10, false), "0E-10");
    ck_assert_str_eq(dec_str(&b, "\x7B", 1, 8, false), "0.00000123");
    ck_assert_str_eq(dec_str(&b, "\x7B", 1, 9, false), "1.23E-7");
    /* 2^64 and -2^64 - 1: more bytes than a machine word. */
    ck_assert_str_eq(dec_str(&b, "\x01\x00\x00\x00\x00\x00\x00\x00\x00", 9, 0, false),
                     "18446744073709551616");
    ck_assert_str_eq(dec_str(&b, "\xFE\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 9, 4, false),
                     "-1844674407370955.1617");
    buf_free(&b);
}
END_TEST

static void check_parse(cd_arena_t *a, const char *text, int32_t scale, const char *bytes, size_t n) {
    const uint8_t *out;
    size_t len;
    ck_assert_int_eq(decimal_from_string(a, text, strlen(text), scale, &out, &len, NULL), DECIMAL_OK);
    ck_assert_uint_eq(len, n);
    ck_assert_mem_eq(out, bytes, n);
}

START_TEST(decimal_from_text) {
    cd_arena_t *a = cd_arena_new(0);
    check_parse(a, "1.50", 2, "\x00\x96", 2);
    check_parse(a, "1.5", 2, "\x00\x96", 2);
    check_parse(a, "1.500", 2, "\x00\x96", 2);
    check_parse(a, "-12.345", 3, "\xCF\xC7", 2);
    check_parse(a, "-1", 0, "\xFF", 1);
    check_parse(a, "-128", 0, "\x80", 1);
    check_parse(a, "128", 0, "\x00\x80", 2);
    check_parse(a, "-129", 0, "\xFF\x7F", 2);
    check_parse(a, "-256", 0, "\xFF\x00", 2);
    check_parse(a, "0", 5, "\x00", 1);
    check_parse(a, "-0.000", 1, "\x00", 1);
    check_parse(a, "+7", 0, "\x07", 1);
    check_parse(a, ".5", 1, "\x05", 1);
    check_parse(a, "1e2", 0, "\x64", 1);
    check_parse(a, "1.5E+3", -2, "\x0F", 1);
    check_parse(a, "18446744073709551616", 0, "\x01\x00\x00\x00\x00\x00\x00\x00\x00", 9);
    check_parse(a, "-1844674407370955.1617", 4, "\xFE\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 9);
    const uint8_t *out;
    size_t len;
    int32_t ls = 99;
    ck_assert_int_eq(decimal_from_string(a, "1.234", 5, 2, &out, &len, &ls), DECIMAL_ERR_INEXACT);
    ck_assert_int_eq(ls, 3);
    ck_assert_int_eq(decimal_from_string(a, "150", 3, -2, &out, &len, NULL), DECIMAL_ERR_INEXACT);
    check_parse(a, "1500", -2, "\x0F", 1);
    const char *bad[] = {"", "-", "abc", "1e", "1.2.3", "1e+", "--1", "1 ", "0x10"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_int_eq(decimal_from_string(a, bad[i], strlen(bad[i]), 0, &out, &len, NULL),
                         DECIMAL_ERR_SYNTAX);
    ck_assert_int_eq(decimal_from_string(a, "1e999999999", 11, 0, &out, &len, NULL), DECIMAL_ERR_RANGE);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(decimal_round_trip_long) {
    cd_arena_t *a = cd_arena_new(0);
    buf_t b;
    buf_init(&b);
    const char *values[] = {"123456789012345678901234567890.12", "-98765432109876543210987654321.99",
                            "-0.01", "99999999999999999999999999999999999999", "0.10"};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        const uint8_t *out;
        size_t len;
        int32_t scale = strchr(values[i], '.') ? 2 : 0;
        ck_assert_int_eq(decimal_from_string(a, values[i], strlen(values[i]), scale, &out, &len, NULL),
                         DECIMAL_OK);
        buf_reset(&b);
        decimal_to_string(&b, out, len, scale);
        ck_assert_str_eq(b.data, values[i]);
    }
    buf_free(&b);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(decimal_minimal_and_scale) {
    const uint8_t *m;
    size_t n;
    decimal_minimal((const uint8_t *)"\x00\x00\x96", 3, &m, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(m[0], 0x00);
    decimal_minimal((const uint8_t *)"\xFF\xFF\x80", 3, &m, &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(m[0], 0x80);
    decimal_minimal((const uint8_t *)"\xFF\x7F", 2, &m, &n);
    ck_assert_uint_eq(n, 2);
    decimal_minimal(NULL, 0, &m, &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(m[0], 0);

    cd_arena_t *a = cd_arena_new(0);
    int32_t scale;
    cd_error_t err;
    ck_assert_int_eq(decimal_schema_scale(cd_schema_decimal(a, 4, false), &scale, &err), 0);
    ck_assert_int_eq(scale, 4);
    cd_schema_t *s = cd_schema_new(a, CD_TYPE_BYTES);
    ck_assert_int_eq(decimal_schema_scale(s, &scale, &err), CD_ERR_DATA);
    ck_assert_str_eq(err.message, "Invalid Decimal schema: scale parameter not found.");
    cd_schema_add_param(a, s, "scale", "x1");
    ck_assert_int_eq(decimal_schema_scale(s, &scale, &err), CD_ERR_DATA);
    ck_assert_str_eq(err.message, "Invalid scale parameter found in Decimal schema: ");
    cd_arena_destroy(a);
}
END_TEST

Suite *suite_data(void);
Suite *suite_data(void) {
    Suite *s = suite_create("data");
    TCase *tc = tcase_create("arena");
    tcase_add_test(tc, arena_many_small_allocations);
    tcase_add_test(tc, arena_large_allocation_gets_own_chunk);
    tcase_add_test(tc, arena_reset_keeps_one_chunk);
    tcase_add_test(tc, arena_strings);
    suite_add_tcase(s, tc);
    tc = tcase_create("schema");
    tcase_add_test(tc, schema_primitives_are_static);
    tcase_add_test(tc, schema_logical);
    tcase_add_test(tc, schema_struct_builder);
    tcase_add_test(tc, schema_copy_and_equality);
    tcase_add_test(tc, schema_self_referencing_default);
    suite_add_tcase(s, tc);
    tc = tcase_create("value");
    tcase_add_test(tc, value_primitives);
    tcase_add_test(tc, value_array_grows);
    tcase_add_test(tc, value_map_put_get);
    tcase_add_test(tc, copies_by_value_do_not_share_changes);
    tcase_add_test(tc, value_struct_defaults);
    tcase_add_test(tc, value_equality);
    tcase_add_test(tc, value_deep_copy);
    tcase_add_test(tc, java_class_names);
    tcase_add_test(tc, record_basics);
    suite_add_tcase(s, tc);
    tc = tcase_create("decimal");
    tcase_add_test(tc, decimal_to_text);
    tcase_add_test(tc, decimal_from_text);
    tcase_add_test(tc, decimal_round_trip_long);
    tcase_add_test(tc, decimal_minimal_and_scale);
    suite_add_tcase(s, tc);
    return s;
}
