/* connectd-fields.so: the plugin's registrations, InsertField,
 * ReplaceField and ValueToKey driven through the transform chain exactly
 * as a connector config would, with and without schemas. Expected values follow Kafka 4.3.1's behaviour (its
 * connect/transforms unit tests and messages). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/transform_chain.h"
#include "smt_fields_helpers.h"

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

Suite *suite_smt_insert_replace(void);
Suite *suite_smt_insert_replace(void) {
    Suite *s = suite_create("smt_insert_replace");
    TCase *tc = tcase_create("smt_insert_replace");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, registers_every_transform_with_kafka_names);
    tcase_add_test(tc, insert_field_schemaless);
    tcase_add_test(tc, insert_field_with_schema);
    tcase_add_test(tc, insert_field_config_errors);
    tcase_add_test(tc, replace_field_schemaless);
    tcase_add_test(tc, replace_field_with_schema);
    tcase_add_test(tc, value_to_key);
    tcase_add_test(tc, schema_cache_survives_arena_reuse);
    suite_add_tcase(s, tc);
    return s;
}
