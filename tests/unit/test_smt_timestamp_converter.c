/*
 * connectd-routing.so through the transform chain, configured as a
 * connector config would: TimestampConverter (whole values, fields, keys,
 * errors) and its SimpleDateFormat patterns. Expected values come
 * from Kafka 4.3.1's behaviour (its unit tests where they exist).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/transform_chain.h"
#include "smt_routing_helpers.h"

/* ---- TimestampConverter ------------------------------------------------- */

#define DPT_MS 86401234LL /* 1970-01-02T00:00:01.234Z */
#define FMT "yyyy MM dd HH mm ss SSS z"
#define DPT_STRING "1970 01 02 00 00 01 234 UTC"

static transform_chain_t *tsc(const char *cls, const char *target, const char *extra1,
                              const char *extra2) {
    cd_error_t err;
    transform_chain_t *c = xform(cls, KV(cd_arena_sprintf(A, "target.type=%s", target),
                                         "format=" FMT, extra1 ? extra1 : "x=1", extra2 ? extra2 : "y=1"),
                                 &err);
    ck_assert_msg(c != NULL, "%s", err.message);
    return c;
}

START_TEST(timestamp_converter_whole_value) {
    static const cd_schema_t *(*const schemas[])(bool) = {cd_schema_timestamp, cd_schema_date, cd_schema_time};
    static const struct {
        int in_schema; /* -1 schemaless, 0 Timestamp, 1 Date, 2 Time, 3 int64, 4 string */
        const char *in_str; int64_t in;
        const char *target, *precision;
        int out_type; int64_t out; const char *out_str; const char *out_logical;
    } rows[] = {
        {-1, NULL, DPT_MS, "Timestamp", NULL, CD_TYPE_INT64, DPT_MS, NULL, NULL},
        {-1, NULL, DPT_MS, "Date", NULL, CD_TYPE_INT64, 86400000, NULL, NULL},
        {-1, NULL, DPT_MS, "Time", NULL, CD_TYPE_INT64, 1234, NULL, NULL},
        {-1, NULL, DPT_MS, "unix", NULL, CD_TYPE_INT64, DPT_MS, NULL, NULL},
        {-1, NULL, DPT_MS, "string", NULL, CD_TYPE_STRING, 0, DPT_STRING, NULL},
        {-1, DPT_STRING, 0, "Timestamp", NULL, CD_TYPE_INT64, DPT_MS, NULL, NULL},
        {-1, NULL, 86401234123LL, "unix", "microseconds", CD_TYPE_INT64, 86401234000LL, NULL, NULL},
        {0, NULL, DPT_MS, "Timestamp", NULL, CD_TYPE_INT64, DPT_MS, NULL, CD_LOGICAL_TIMESTAMP},
        {0, NULL, DPT_MS, "Date", NULL, CD_TYPE_INT32, 1, NULL, CD_LOGICAL_DATE},
        {0, NULL, DPT_MS, "Time", NULL, CD_TYPE_INT32, 1234, NULL, CD_LOGICAL_TIME},
        {0, NULL, DPT_MS, "unix", NULL, CD_TYPE_INT64, DPT_MS, NULL, NULL},
        {0, NULL, DPT_MS, "unix", "seconds", CD_TYPE_INT64, 86401, NULL, NULL},
        {0, NULL, DPT_MS, "unix", "nanoseconds", CD_TYPE_INT64, 86401234000000LL, NULL, NULL},
        {0, NULL, DPT_MS, "string", NULL, CD_TYPE_STRING, 0, DPT_STRING, NULL},
        {1, NULL, 1, "Timestamp", NULL, CD_TYPE_INT64, 86400000, NULL, CD_LOGICAL_TIMESTAMP},
        {2, NULL, 1234, "Timestamp", NULL, CD_TYPE_INT64, 1234, NULL, CD_LOGICAL_TIMESTAMP},
        {3, NULL, 86401234123456LL, "Timestamp", "nanoseconds", CD_TYPE_INT64, DPT_MS, NULL, CD_LOGICAL_TIMESTAMP},
        {3, NULL, 86401, "Timestamp", "seconds", CD_TYPE_INT64, 86401000, NULL, CD_LOGICAL_TIMESTAMP},
        {4, DPT_STRING, 0, "Timestamp", NULL, CD_TYPE_INT64, DPT_MS, NULL, CD_LOGICAL_TIMESTAMP},
        {-1, NULL, -1, "Date", NULL, CD_TYPE_INT64, -86400000, NULL, NULL}, /* floors, not truncates */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        transform_chain_t *c = tsc(PKG "TimestampConverter$Value", rows[i].target,
                                   rows[i].precision ? cd_arena_sprintf(A, "unix.precision=%s", rows[i].precision) : NULL,
                                   NULL);
        cd_record_t *in = rec("t");
        int s = rows[i].in_schema;
        if (s >= 0 && s <= 2) in->value_schema = schemas[s](false);
        if (s == 3) in->value_schema = cd_schema_primitive(CD_TYPE_INT64, false);
        if (s == 4) in->value_schema = cd_schema_primitive(CD_TYPE_STRING, true);
        in->value = rows[i].in_str ? cd_value_cstring(A, rows[i].in_str)
                                   : cd_value_int(A, s == 1 || s == 2 ? CD_TYPE_INT32 : CD_TYPE_INT64, rows[i].in);
        const cd_record_t *out = run(c, in);
        ck_assert_msg(out->value->type == (cd_type_t)rows[i].out_type, "row %zu", i);
        if (rows[i].out_str) ck_assert_str_eq(out->value->u.str.data, rows[i].out_str);
        else ck_assert_msg(out->value->u.i == rows[i].out, "row %zu: %lld", i, (long long)out->value->u.i);
        if (s < 0) ck_assert_ptr_null(out->value_schema);
        else {
            ck_assert_int_eq(out->value_schema->type, rows[i].out_type);
            ck_assert_int_eq(out->value_schema->optional, s == 4);
            if (rows[i].out_logical) ck_assert(cd_schema_is_logical(out->value_schema, rows[i].out_logical));
        }
        /* Tombstones pass: null stays null (the schema is still updated). */
        in->value = NULL;
        ck_assert_ptr_null(run(c, in)->value);
        transform_chain_destroy(c);
    }
}
END_TEST

START_TEST(timestamp_converter_fields_and_key) {
    /* struct{ts: int64 optional default 0, other: string}, optional. */
    transform_chain_t *c = tsc(PKG "TimestampConverter$Value", "Timestamp", "field=ts", NULL);
    transform_chain_t *nodef = tsc(PKG "TimestampConverter$Value", "Timestamp", "field=ts",
                                   "replace.null.with.default=false");
    for (int round = 0; round < 2; round++) {
        cd_schema_t *s = cd_schema_new(A, CD_TYPE_STRUCT);
        s->optional = true;
        cd_schema_t *ts = cd_schema_new(A, CD_TYPE_INT64);
        ts->optional = true;
        ts->default_value = cd_value_int(A, CD_TYPE_INT64, 0);
        ts->has_default = true;
        cd_schema_add_field(A, s, "ts", ts);
        cd_schema_add_field(A, s, "other", cd_schema_primitive(CD_TYPE_STRING, false));
        cd_value_t *v = cd_value_struct_new(A, s);
        cd_value_struct_put(v, "ts", cd_value_int(A, CD_TYPE_INT64, DPT_MS));
        cd_value_struct_put(v, "other", cd_value_cstring(A, "test"));
        cd_record_t *in = rec("t");
        in->value_schema = s;
        in->value = v;
        const cd_record_t *out = run(c, in);
        ck_assert(cd_schema_is_logical(out->value_schema->fields[0].schema, CD_LOGICAL_TIMESTAMP));
        ck_assert(out->value_schema->fields[0].schema->optional);
        ck_assert(out->value_schema->optional);
        ck_assert_int_eq(cd_value_struct_get(out->value, "ts")->u.i, DPT_MS);
        ck_assert_str_eq(cd_value_struct_get(out->value, "other")->u.str.data, "test");
        cd_value_struct_put(v, "ts", NULL);
        ck_assert_int_eq(cd_value_struct_get(run(c, in)->value, "ts")->u.i, 0);
        ck_assert_ptr_null(run(nodef, in)->value->u.strct.fields[0]);
        in->value = NULL;
        out = run(c, in);
        ck_assert_ptr_null(out->value);
        ck_assert_uint_eq(out->value_schema->n_fields, 2);
    }
    transform_chain_destroy(c);
    transform_chain_destroy(nodef);

    /* Schemaless field; a missing field is added as null, like HashMap.put. */
    c = tsc(PKG "TimestampConverter$Value", "Date", "field=ts", NULL);
    cd_value_t *m = cd_value_map_new(A, 2);
    cd_value_map_put_str(A, m, "ts", cd_value_int(A, CD_TYPE_INT64, DPT_MS));
    cd_record_t *in = rec("t");
    in->value = m;
    ck_assert_int_eq(cd_value_map_get(run(c, in)->value, "ts")->u.i, 86400000);
    in->value = cd_value_map_new(A, 1);
    const cd_record_t *out = run(c, in);
    ck_assert_uint_eq(out->value->u.map.n, 1);
    ck_assert_ptr_null(out->value->u.map.values[0]);
    transform_chain_destroy(c);

    /* $Key converts the key and leaves the value alone. */
    c = tsc(PKG "TimestampConverter$Key", "string", NULL, NULL);
    in = rec("t");
    in->key_schema = cd_schema_timestamp(false);
    in->key = cd_value_int(A, CD_TYPE_INT64, DPT_MS);
    in->value = cd_value_int(A, CD_TYPE_INT64, 5);
    out = run(c, in);
    ck_assert_str_eq(out->key->u.str.data, DPT_STRING);
    ck_assert_int_eq(out->key_schema->type, CD_TYPE_STRING);
    ck_assert_ptr_eq(out->value, in->value);
    transform_chain_destroy(c);
}
END_TEST

START_TEST(timestamp_converter_errors) {
    transform_chain_t *c = tsc(PKG "TimestampConverter$Value", "Timestamp", NULL, NULL);
    cd_record_t *in = rec("t");
    in->value = cd_value_int(A, CD_TYPE_INT32, 5);
    run_fails(c, in, DATA_EX, "TimestampConverter does not support class java.lang.Integer objects as timestamps");
    in->value_schema = cd_schema_primitive(CD_TYPE_INT32, false);
    run_fails(c, in, "org.apache.kafka.connect.errors.ConnectException",
              "Schema Schema{INT32} does not correspond to a known timestamp type format");
    in->value_schema = NULL;
    in->value = cd_value_cstring(A, "garbage");
    run_fails(c, in, DATA_EX, "Could not parse timestamp: value (garbage) does not match pattern (" FMT ")");
    transform_chain_destroy(c);
    c = tsc(PKG "TimestampConverter$Value", "Timestamp", "field=ts", NULL);
    run_fails(c, in, DATA_EX,
              "Only Map objects supported in absence of schema for [converting timestamp formats], found: java.lang.String");
    in->value_schema = cd_schema_primitive(CD_TYPE_STRING, false);
    run_fails(c, in, DATA_EX, "Only Struct objects supported for [converting timestamp formats], found: java.lang.String");
    transform_chain_destroy(c);

    const char *cls = PKG "TimestampConverter$Value";
    expect_config_error(cls, NULL, "Missing required configuration \"target.type\" which has no default value.");
    expect_config_error(cls, KV("target.type=date"),
                        "Invalid value date for configuration target.type: String must be one of: "
                        "string, unix, Date, Time, Timestamp");
    expect_config_error(cls, KV("target.type=unix", "unix.precision=invalid"),
                        "Invalid value invalid for configuration unix.precision: String must be one of: "
                        "nanoseconds, microseconds, milliseconds, seconds");
    expect_config_error(cls, KV("target.type=string"),
                        "TimestampConverter requires format option to be specified when using string timestamps");
    expect_config_error(cls, KV("target.type=string", "format=bad-format"),
                        "TimestampConverter requires a SimpleDateFormat-compatible pattern for string "
                        "timestamps: bad-format");
}
END_TEST

/* SimpleDateFormat through TimestampConverter (unix <-> string). */
START_TEST(simple_date_format_table) {
    static const struct { const char *pattern; int64_t ms; const char *text; } fmt[] = {
        {"yyyy-MM-dd'T'HH:mm:ss.SSSXXX", 1483425001864LL, "2017-01-03T06:30:01.864Z"},
        {"yy/M/d h:mm a", 1483425001864LL, "17/1/3 6:30 AM"},
        {"EEE, d MMM yyyy HH:mm:ss Z", 1483425001864LL, "Tue, 3 Jan 2017 06:30:01 +0000"},
        {"EEEE MMMM dd", 1483425001864LL, "Tuesday January 03"},
        {"'week' w 'of' YYYY, D'th day', u F W", 1483425001864LL, "week 1 of 2017, 3th day, 2 1 1"},
        {"YYYY-ww yyyy", 1546214400000LL, "2019-01 2018"},
        {"k K h H a", 0, "24 0 12 0 AM"},
        {"z zzzz G X", 0, "UTC Coordinated Universal Time AD Z"},
        {"''yyyy'''s'", 0, "'1970's"},
        {"S SS SSSS yyyyy", 1483425001864LL, "864 864 0864 02017"},
        {"yyyy-MM-dd HH:mm:ss.SSS", -1, "1969-12-31 23:59:59.999"},
    };
    for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
        transform_chain_t *c = xform(PKG "TimestampConverter$Value",
                                     KV("target.type=string", cd_arena_sprintf(A, "format=%s", fmt[i].pattern)),
                                     &(cd_error_t){0});
        ck_assert_ptr_nonnull(c);
        cd_record_t *in = rec("t");
        in->value = cd_value_int(A, CD_TYPE_INT64, fmt[i].ms);
        ck_assert_str_eq(run(c, in)->value->u.str.data, fmt[i].text);
        transform_chain_destroy(c);
    }
    static const struct { const char *pattern, *text; int64_t ms; } parse[] = {
        {"yyyy-MM-dd", "2017-01-03", 1483401600000LL},
        {"yyyyMMddHHmmss", "20170103063001", 1483425001000LL},
        {"dd MMM yyyy", "03 jan 2017", 1483401600000LL},
        {"dd MMM yyyy", "03 January 2017", 1483401600000LL},
        {"yyyy-MM-dd'T'HH:mm:ssXXX", "2017-01-03T08:30:01+02:00", 1483425001000LL},
        {"yyyy-MM-dd HH:mm Z", "2017-01-03 01:30 -0500", 1483425000000LL},
        {"yyyy-MM-dd z", "2017-01-02 GMT-01:00", 1483401600000LL - 82800000LL},
        {"yyyy-MM-dd", "2017-13-01", 1514764800000LL},           /* lenient roll-over */
        {"yyyy-MM-dd", "2017-01-03 trailing", 1483401600000LL},  /* rest ignored */
        {"yy-MM-dd", "17-01-03", 1483401600000LL},
        {"h:mm a", "6:30 PM", 66600000LL},
        {"EEE, d MMM yyyy", "Tue, 3 Jan 2017", 1483401600000LL},
        {"yyyy-MM-dd HH:mm", "2017-01-03  6:30", 1483425000000LL},
        {"yyyy D", "2017 3", 1483401600000LL},
        {"MMMddyyyy", "Jan032017", 1483401600000LL}, /* widths only before numbers */
        {"yyyyMMMdd", "2017Jan03", 1483401600000LL},
        {"HHmm a", "0630 PM", 23400000LL},           /* HH set, no h: a is ignored */
    };
    for (size_t i = 0; i < sizeof parse / sizeof parse[0]; i++) {
        transform_chain_t *c = xform(PKG "TimestampConverter$Value",
                                     KV("target.type=unix", cd_arena_sprintf(A, "format=%s", parse[i].pattern)),
                                     &(cd_error_t){0});
        cd_record_t *in = rec("t");
        in->value = cd_value_cstring(A, parse[i].text);
        const cd_record_t *out = run(c, in);
        ck_assert_msg(out->value->u.i == parse[i].ms, "%s / %s: %lld", parse[i].pattern,
                      parse[i].text, (long long)out->value->u.i);
        transform_chain_destroy(c);
    }
    static const char *const bad[][2] = {{"yyyy-MM-dd", "2017/01/03"}, {"yyyy-MM-dd", ""},
                                         {"MMM", "Foo"}, {"yyyyMMdd", "2017"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        transform_chain_t *c = xform(PKG "TimestampConverter$Value",
                                     KV("target.type=unix", cd_arena_sprintf(A, "format=%s", bad[i][0])),
                                     &(cd_error_t){0});
        cd_record_t *in = rec("t");
        in->value = cd_value_cstring(A, bad[i][1]);
        run_fails(c, in, DATA_EX,
                  cd_arena_sprintf(A, "Could not parse timestamp: value (%s) does not match pattern (%s)",
                                   bad[i][1], bad[i][0]));
        transform_chain_destroy(c);
    }
}
END_TEST

Suite *suite_smt_timestamp_converter(void);
Suite *suite_smt_timestamp_converter(void) {
    Suite *s = suite_create("smt_timestamp_converter");
    TCase *tc = tcase_create("smt_timestamp_converter");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, timestamp_converter_whole_value);
    tcase_add_test(tc, timestamp_converter_fields_and_key);
    tcase_add_test(tc, timestamp_converter_errors);
    tcase_add_test(tc, simple_date_format_table);
    suite_add_tcase(s, tc);
    return s;
}
