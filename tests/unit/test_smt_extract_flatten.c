/* connectd-fields.so: ExtractField (V1 names and V2 paths), HoistField
 * and Flatten driven through the transform chain exactly as a connector
 * config would, with and without schemas. Expected values follow Kafka 4.3.1's behaviour (its
 * connect/transforms unit tests and messages). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/transform_chain.h"
#include "smt_fields_helpers.h"

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

Suite *suite_smt_extract_flatten(void);
Suite *suite_smt_extract_flatten(void) {
    Suite *s = suite_create("smt_extract_flatten");
    TCase *tc = tcase_create("smt_extract_flatten");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, extract_field);
    tcase_add_test(tc, extract_field_v2_paths);
    tcase_add_test(tc, hoist_field);
    tcase_add_test(tc, flatten_schemaless);
    tcase_add_test(tc, flatten_with_schema);
    suite_add_tcase(s, tc);
    return s;
}
