/*
 * connectd-routing.so through the transform chain, configured as a
 * connector config would: InsertHeader, DropHeaders and HeaderFrom. Expected values come
 * from Kafka 4.3.1's behaviour (its unit tests where they exist).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/transform_chain.h"
#include "smt_routing_helpers.h"

/* ---- headers ----------------------------------------------------------- */

START_TEST(insert_and_drop_headers) {
    static const struct { const char *literal; int type; } rows[] = {
        {"inserted-value", CD_TYPE_STRING}, {"1", CD_TYPE_INT8}, {"true", CD_TYPE_BOOLEAN},
        {"[1,2]", CD_TYPE_ARRAY}, {"null", -1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        cd_error_t err;
        transform_chain_t *c = xform(PKG "InsertHeader",
                                     KV("header=inserted", cd_arena_sprintf(A, "value.literal=%s", rows[i].literal)),
                                     &err);
        ck_assert_msg(c != NULL, "%s", err.message);
        cd_record_t *in = rec("t");
        cd_record_add_header(A, in, "existing", cd_schema_primitive(CD_TYPE_STRING, false),
                             cd_value_cstring(A, "existing-value"));
        const cd_record_t *out = run(c, in);
        ck_assert_uint_eq(in->n_headers, 1); /* the input is not modified */
        ck_assert_uint_eq(out->n_headers, 2);
        ck_assert_str_eq(out->headers[0].key, "existing");
        ck_assert_str_eq(out->headers[1].key, "inserted");
        if (rows[i].type < 0) {
            ck_assert_ptr_null(out->headers[1].value);
            ck_assert_ptr_null(out->headers[1].schema);
        } else {
            ck_assert_int_eq(out->headers[1].schema->type, rows[i].type);
            ck_assert_int_eq(out->headers[1].value->type, rows[i].type);
        }
        if (rows[i].type == CD_TYPE_INT8) ck_assert_int_eq(out->headers[1].value->u.i, 1);
        if (rows[i].type == CD_TYPE_STRING)
            ck_assert_str_eq(out->headers[1].value->u.str.data, "inserted-value");
        transform_chain_destroy(c);
    }
    expect_config_error(PKG "InsertHeader", KV("value.literal=1"),
                        "Missing required configuration \"header\" which has no default value.");
    expect_config_error(PKG "InsertHeader", KV("header=h"),
                        "Missing required configuration \"value.literal\" which has no default value.");

    cd_error_t err;
    transform_chain_t *c = xform(PKG "DropHeaders", KV("headers=a, c"), &err);
    ck_assert_ptr_nonnull(c);
    cd_record_t *in = rec("t");
    const char *keys[] = {"a", "b", "c", "a", "d"};
    for (int i = 0; i < 5; i++) cd_record_add_header(A, in, keys[i], NULL, NULL);
    const cd_record_t *out = run(c, in);
    ck_assert_uint_eq(out->n_headers, 2);
    ck_assert_str_eq(out->headers[0].key, "b");
    ck_assert_str_eq(out->headers[1].key, "d");
    ck_assert_uint_eq(in->n_headers, 5);
    transform_chain_destroy(c);
    expect_config_error(PKG "DropHeaders", KV("headers="),
                        "Invalid value [] for configuration headers: Empty list");
    expect_config_error(PKG "DropHeaders", KV("other=1"),
                        "Missing required configuration \"headers\" which has no default value.");
}
END_TEST

/* struct{field1: string, field2: int32 optional default 42, other: string} */
static const cd_schema_t *hf_schema(void) {
    cd_schema_t *s = cd_schema_new(A, CD_TYPE_STRUCT);
    s->name = "rec";
    cd_schema_add_field(A, s, "field1", cd_schema_primitive(CD_TYPE_STRING, false));
    cd_schema_t *f2 = cd_schema_new(A, CD_TYPE_INT32);
    f2->optional = true;
    f2->default_value = cd_value_int(A, CD_TYPE_INT32, 42);
    f2->has_default = true;
    cd_schema_add_field(A, s, "field2", f2);
    cd_schema_add_field(A, s, "other", cd_schema_primitive(CD_TYPE_STRING, false));
    return s;
}

START_TEST(header_from_with_schema) {
    static const struct { const char *cls, *op, *replace; bool key; } rows[] = {
        {PKG "HeaderFrom$Value", "copy", "true", false}, {PKG "HeaderFrom$Value", "move", "true", false},
        {PKG "HeaderFrom$Key", "move", "true", true}, {PKG "HeaderFrom$Value", "move", "false", false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        cd_error_t err;
        transform_chain_t *c = xform(rows[i].cls,
                                     KV("fields=field1,field2", "headers=h1,h2",
                                        cd_arena_sprintf(A, "operation=%s", rows[i].op),
                                        cd_arena_sprintf(A, "replace.null.with.default=%s", rows[i].replace)),
                                     &err);
        ck_assert_msg(c != NULL, "%s", err.message);
        for (int round = 0; round < 2; round++) { /* the second one hits the schema cache */
            const cd_schema_t *schema = hf_schema();
            cd_value_t *v = cd_value_struct_new(A, schema);
            cd_value_struct_put(v, "field1", cd_value_cstring(A, "value1"));
            cd_value_struct_put(v, "other", cd_value_cstring(A, "o"));
            cd_record_t *in = rec("t");
            cd_record_add_header(A, in, "existing", NULL, NULL);
            if (rows[i].key) { in->key_schema = schema; in->key = v; }
            else { in->value_schema = schema; in->value = v; }
            const cd_record_t *out = run(c, in);
            const cd_schema_t *os = rows[i].key ? out->key_schema : out->value_schema;
            const cd_value_t *ov = rows[i].key ? out->key : out->value;
            ck_assert_uint_eq(out->n_headers, 3);
            ck_assert_str_eq(out->headers[1].key, "h1");
            ck_assert_str_eq(out->headers[1].value->u.str.data, "value1");
            ck_assert_ptr_eq(out->headers[1].schema, schema->fields[0].schema);
            ck_assert_str_eq(out->headers[2].key, "h2");
            if (strcmp(rows[i].replace, "true") == 0) ck_assert_int_eq(out->headers[2].value->u.i, 42);
            else ck_assert_ptr_null(out->headers[2].value);
            if (strcmp(rows[i].op, "copy") == 0) {
                ck_assert_ptr_eq(os, schema);
                ck_assert_ptr_eq(ov, v);
            } else {
                ck_assert_uint_eq(os->n_fields, 1);
                ck_assert_str_eq(os->fields[0].name, "other");
                ck_assert_str_eq(os->name, "rec");
                ck_assert_str_eq(cd_value_struct_get(ov, "other")->u.str.data, "o");
            }
        }
        transform_chain_destroy(c);
    }
}
END_TEST

START_TEST(header_from_schemaless_and_errors) {
    cd_error_t err;
    transform_chain_t *c = xform(PKG "HeaderFrom$Value", KV("fields=a,missing", "headers=ha,hm", "operation=move"), &err);
    ck_assert_ptr_nonnull(c);
    cd_value_t *m = cd_value_map_new(A, 2);
    cd_value_map_put_str(A, m, "a", cd_value_int(A, CD_TYPE_INT64, 7));
    cd_value_map_put_str(A, m, "b", cd_value_cstring(A, "keep"));
    cd_record_t *in = rec("t");
    in->value = m;
    const cd_record_t *out = run(c, in);
    ck_assert_uint_eq(out->value->u.map.n, 1);
    ck_assert_str_eq(out->value->u.map.keys[0]->u.str.data, "b");
    ck_assert_uint_eq(m->u.map.n, 2); /* the input map is untouched */
    ck_assert_uint_eq(out->n_headers, 2);
    ck_assert_int_eq(out->headers[0].value->u.i, 7);
    ck_assert_ptr_null(out->headers[0].schema);
    ck_assert_ptr_null(out->headers[1].value);
    /* Tombstones and non-maps fail as in Kafka (requireMap). */
    run_fails(c, rec("t"), DATA_EX,
              "Only Map objects supported in absence of schema for [header move], found: null");
    in = rec("t");
    in->value = cd_value_cstring(A, "s");
    run_fails(c, in, DATA_EX,
              "Only Map objects supported in absence of schema for [header move], found: java.lang.String");
    in->value_schema = cd_schema_primitive(CD_TYPE_STRING, false);
    run_fails(c, in, DATA_EX, "Only Struct objects supported for [header move], found: java.lang.String");
    /* A listed field the schema lacks: Kafka's NullPointerException. */
    /* Struct.put refuses null for a required field of the moved schema. */
    in->value_schema = hf_schema();
    cd_value_t *sv = cd_value_struct_new(A, in->value_schema);
    in->value = sv;
    run_fails(c, in, DATA_EX,
              "Invalid value: null used for required field: \"field1\", schema type: STRING");
    cd_value_struct_put(sv, "field1", cd_value_cstring(A, "x"));
    cd_value_struct_put(sv, "other", cd_value_cstring(A, "y"));
    run_fails(c, in, "java.lang.NullPointerException",
              "Cannot invoke \"org.apache.kafka.connect.data.Field.schema()\" because the return "
              "value of \"org.apache.kafka.connect.data.Schema.field(String)\" is null");
    transform_chain_destroy(c);

    expect_config_error(PKG "HeaderFrom$Value", KV("fields=a,b", "headers=h", "operation=copy"),
                        "'fields' config must have the same number of elements as 'headers' config.");
    expect_config_error(PKG "HeaderFrom$Value", KV("fields=a", "headers=h", "operation=Copy"),
                        "Invalid value Copy for configuration operation: String must be one of: move, copy");
    expect_config_error(PKG "HeaderFrom$Key", KV("fields=a", "headers=h"),
                        "Missing required configuration \"operation\" which has no default value.");
    expect_config_error(PKG "HeaderFrom$Key", KV("fields=", "headers=h", "operation=copy"),
                        "Invalid value [] for configuration fields: Empty list");
    expect_config_error(PKG "HeaderFrom$Key",
                        KV("fields=a", "headers=h", "operation=copy", "replace.null.with.default=maybe"),
                        "Invalid value maybe for configuration replace.null.with.default: Expected "
                        "value to be either true or false");
}
END_TEST

Suite *suite_smt_headers(void);
Suite *suite_smt_headers(void) {
    Suite *s = suite_create("smt_headers");
    TCase *tc = tcase_create("smt_headers");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, insert_and_drop_headers);
    tcase_add_test(tc, header_from_with_schema);
    tcase_add_test(tc, header_from_schemaless_and_errors);
    suite_add_tcase(s, tc);
    return s;
}
