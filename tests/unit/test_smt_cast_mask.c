/* connectd-fields.so: SetSchemaMetadata, Cast and MaskField driven
 * through the transform chain exactly as a connector config would, with
 * and without schemas. Expected values follow Kafka 4.3.1's behaviour (its
 * connect/transforms unit tests and messages). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/transform_chain.h"
#include "smt_fields_helpers.h"

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

Suite *suite_smt_cast_mask(void);
Suite *suite_smt_cast_mask(void) {
    Suite *s = suite_create("smt_cast_mask");
    TCase *tc = tcase_create("smt_cast_mask");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, set_schema_metadata);
    tcase_add_test(tc, cast_schemaless);
    tcase_add_test(tc, cast_with_schema);
    tcase_add_test(tc, mask_field_schemaless);
    tcase_add_test(tc, mask_field_with_schema);
    suite_add_tcase(s, tc);
    return s;
}
