/* JsonConverter data mapping: exact bytes as Kafka writes them, round trips,
 * and the conversion errors Kafka names. */
#include <check.h>
#include <connectd/plugin.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "convert/converters.h"
#include "data/data_util.h"
#include "util/buf.h"
#include "util/mem.h"

typedef struct conv {
    const cd_converter_ops_t *ops;
    void *state;
    cd_config_t *cfg;
} conv_t;

/* Configure the JsonConverter with NULL-terminated key/value pairs. */
static int json_try_open(conv_t *c, cd_error_t *err, ...) {
    cd_props_t *props = cd_props_new();
    cd_props_set(props, "converter.type", "value");
    va_list ap;
    va_start(ap, err);
    for (const char *k; (k = va_arg(ap, const char *));) cd_props_set(props, k, va_arg(ap, const char *));
    va_end(ap);
    const cd_config_def_t *tables[1] = {convert_json_converter.config_defs};
    c->cfg = config_new(tables, 1, props);
    cd_props_destroy(props);
    c->ops = convert_json_converter.ops;
    c->state = NULL;
    int rc = c->ops->configure(&c->state, c->cfg, false, err);
    if (rc) {
        config_destroy(c->cfg);
        c->cfg = NULL;
    }
    return rc;
}

#define JSON_OPEN(c, ...)                                                   \
    do {                                                                    \
        cd_error_t e_;                                                      \
        ck_assert_int_eq(json_try_open((c), &e_, ##__VA_ARGS__, NULL), 0); \
    } while (0)

static void conv_close(conv_t *c) {
    if (c->ops && c->cfg) c->ops->destroy(c->state);
    config_destroy(c->cfg);
}

/* fromConnectData that must succeed; returns a malloc'd string, or NULL
 * for a null result. */
static char *to_json(conv_t *c, const cd_schema_t *s, const cd_value_t *v) {
    buf_t b;
    buf_init(&b);
    cd_error_t err;
    int rc = c->ops->from_connect(c->state, "t", s, v, &b, &err);
    ck_assert_msg(rc == 0, "from_connect failed: %s", err.message);
    if (b.is_null) {
        buf_free(&b);
        return NULL;
    }
    return buf_steal(&b);
}

static void expect_json(conv_t *c, const cd_schema_t *s, const cd_value_t *v, const char *want) {
    char *got = to_json(c, s, v);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    free(got);
}

static void expect_from_error(conv_t *c, const cd_schema_t *s, const cd_value_t *v, const char *msg) {
    buf_t b;
    buf_init(&b);
    cd_error_t err;
    ck_assert_int_eq(c->ops->from_connect(c->state, "t", s, v, &b, &err), CD_ERR_DATA);
    ck_assert_str_eq(err.message, msg);
    ck_assert_str_eq(err.exception_class, "org.apache.kafka.connect.errors.DataException");
    ck_assert_uint_eq(b.len, 0); /* nothing half-written is left behind */
    buf_free(&b);
}

static int from_json(conv_t *c, cd_arena_t *a, const char *json, const cd_schema_t **s,
                     const cd_value_t **v, cd_error_t *err) {
    return c->ops->to_connect(c->state, "t", json, json ? strlen(json) : 0, a, s, v, err);
}

static void expect_to_error(conv_t *c, const char *json, const char *msg) {
    cd_arena_t *a = cd_arena_new(0);
    const cd_schema_t *s;
    const cd_value_t *v;
    cd_error_t err;
    ck_assert_msg(from_json(c, a, json, &s, &v, &err) == CD_ERR_DATA, "accepted: %s", json);
    ck_assert_str_eq(err.message, msg);
    ck_assert_int_eq(err.code, CD_ERR_DATA);
    cd_arena_destroy(a);
}

static const cd_value_t *read_ok(conv_t *c, cd_arena_t *a, const char *json, const cd_schema_t **s) {
    const cd_schema_t *sch;
    const cd_value_t *v;
    cd_error_t err;
    int rc = from_json(c, a, json, &sch, &v, &err);
    ck_assert_msg(rc == 0, "to_connect(%s) failed: %s", json, err.message);
    if (s) *s = sch;
    return v;
}

/* ---- the spec's example --------------------------------------------- */

#define SPEC_SCHEMA                                                                                \
    "{\"type\":\"struct\",\"fields\":["                                                            \
    "{\"type\":\"int32\",\"optional\":false,\"field\":\"id\"},"                                    \
    "{\"type\":\"string\",\"optional\":true,\"field\":\"name\"},"                                  \
    "{\"type\":\"bytes\",\"optional\":false,\"name\":\"org.apache.kafka.connect.data.Decimal\","   \
    "\"version\":1,\"parameters\":{\"scale\":\"2\"},\"field\":\"price\"},"                         \
    "{\"type\":\"int64\",\"optional\":true,\"name\":\"org.apache.kafka.connect.data.Timestamp\","  \
    "\"version\":1,\"field\":\"ts\"},"                                                             \
    "{\"type\":\"array\",\"items\":{\"type\":\"string\",\"optional\":false},\"optional\":true,"    \
    "\"field\":\"tags\"},"                                                                         \
    "{\"type\":\"map\",\"keys\":{\"type\":\"string\",\"optional\":false},\"values\":{\"type\":"    \
    "\"int64\",\"optional\":false},\"optional\":true,\"field\":\"counts\"}],"                      \
    "\"optional\":false,\"name\":\"com.example.Item\",\"version\":3}"
#define SPEC_PAYLOAD                                                                               \
    "{\"id\":1,\"name\":null,\"price\":\"AJY=\",\"ts\":1700000000000,\"tags\":[\"a\",\"b\"],"      \
    "\"counts\":{\"x\":1}}"

static const cd_schema_t *spec_schema(cd_arena_t *a) {
    cd_schema_t *s = cd_schema_new(a, CD_TYPE_STRUCT);
    s->name = "com.example.Item";
    s->has_version = true;
    s->version = 3;
    cd_schema_t *tags = cd_schema_new(a, CD_TYPE_ARRAY);
    tags->value_schema = cd_schema_primitive(CD_TYPE_STRING, false);
    tags->optional = true;
    cd_schema_t *counts = cd_schema_new(a, CD_TYPE_MAP);
    counts->key_schema = cd_schema_primitive(CD_TYPE_STRING, false);
    counts->value_schema = cd_schema_primitive(CD_TYPE_INT64, false);
    counts->optional = true;
    cd_schema_add_field(a, s, "id", cd_schema_primitive(CD_TYPE_INT32, false));
    cd_schema_add_field(a, s, "name", cd_schema_primitive(CD_TYPE_STRING, true));
    cd_schema_add_field(a, s, "price", cd_schema_decimal(a, 2, false));
    cd_schema_add_field(a, s, "ts", cd_schema_timestamp(true));
    cd_schema_add_field(a, s, "tags", tags);
    cd_schema_add_field(a, s, "counts", counts);
    return s;
}

static const cd_value_t *spec_value(cd_arena_t *a, const cd_schema_t *s) {
    cd_value_t *v = cd_value_struct_new(a, s);
    cd_value_struct_put(v, "id", cd_value_int(a, CD_TYPE_INT32, 1));
    cd_value_struct_put(v, "price", cd_value_bytes(a, "\x00\x96", 2));
    cd_value_struct_put(v, "ts", cd_value_int(a, CD_TYPE_INT64, 1700000000000));
    cd_value_t *tags = cd_value_array_new(a, 2);
    cd_value_array_append(a, tags, cd_value_cstring(a, "a"));
    cd_value_array_append(a, tags, cd_value_cstring(a, "b"));
    cd_value_struct_put(v, "tags", tags);
    cd_value_t *counts = cd_value_map_new(a, 1);
    cd_value_map_put_str(a, counts, "x", cd_value_int(a, CD_TYPE_INT64, 1));
    cd_value_struct_put(v, "counts", counts);
    return v;
}

START_TEST(spec_struct_example) {
    cd_arena_t *a = cd_arena_new(0);
    conv_t c, nc;
    JSON_OPEN(&c);
    JSON_OPEN(&nc, "schemas.enable", "false");
    const cd_schema_t *s = spec_schema(a);
    const cd_value_t *v = spec_value(a, s);
    expect_json(&c, s, v, "{\"schema\":" SPEC_SCHEMA ",\"payload\":" SPEC_PAYLOAD "}");
    expect_json(&nc, s, v, SPEC_PAYLOAD);
    /* And back: the same schema and value. */
    const cd_schema_t *rs;
    const cd_value_t *rv = read_ok(&c, a, "{\"schema\":" SPEC_SCHEMA ",\"payload\":" SPEC_PAYLOAD "}", &rs);
    ck_assert(data_schema_equals(rs, s));
    ck_assert(cd_value_equals(rv, v));
    conv_close(&c);
    conv_close(&nc);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(simple_envelopes) {
    cd_arena_t *a = cd_arena_new(0);
    conv_t c;
    JSON_OPEN(&c);
    expect_json(&c, cd_schema_primitive(CD_TYPE_STRING, false), cd_value_cstring(a, "hello"),
                "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"hello\"}");
    expect_json(&c, NULL, cd_value_int(a, CD_TYPE_INT64, 42), "{\"schema\":null,\"payload\":42}");
    expect_json(&c, cd_schema_primitive(CD_TYPE_BOOLEAN, true), NULL,
                "{\"schema\":{\"type\":\"boolean\",\"optional\":true},\"payload\":null}");
    expect_json(&c, cd_schema_primitive(CD_TYPE_BYTES, false), cd_value_bytes(a, "hello", 5),
                "{\"schema\":{\"type\":\"bytes\",\"optional\":false},\"payload\":\"aGVsbG8=\"}");
    expect_json(&c, cd_schema_primitive(CD_TYPE_FLOAT32, false), cd_value_float(a, CD_TYPE_FLOAT32, 0.1),
                "{\"schema\":{\"type\":\"float\",\"optional\":false},\"payload\":0.1}");
    expect_json(&c, cd_schema_primitive(CD_TYPE_FLOAT64, false), cd_value_float(a, CD_TYPE_FLOAT64, 100),
                "{\"schema\":{\"type\":\"double\",\"optional\":false},\"payload\":100.0}");
    expect_json(&c, cd_schema_primitive(CD_TYPE_INT8, false), cd_value_int(a, CD_TYPE_INT8, -7),
                "{\"schema\":{\"type\":\"int8\",\"optional\":false},\"payload\":-7}");
    expect_json(&c, cd_schema_primitive(CD_TYPE_INT16, false), cd_value_int(a, CD_TYPE_INT16, 300),
                "{\"schema\":{\"type\":\"int16\",\"optional\":false},\"payload\":300}");
    /* A null schema and value is a tombstone: null bytes, not "null". */
    ck_assert_ptr_null(to_json(&c, NULL, NULL));
    conv_close(&c);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(schema_key_order_and_defaults) {
    cd_arena_t *a = cd_arena_new(0);
    conv_t c, keep;
    JSON_OPEN(&c);
    JSON_OPEN(&keep, "replace.null.with.default", "false");
    cd_schema_t *s = cd_schema_new(a, CD_TYPE_INT32);
    s->optional = true;
    s->name = "n";
    s->has_version = true;
    s->version = 2;
    s->doc = "d";
    cd_schema_add_param(a, s, "a", "b");
    s->has_default = true;
    s->default_value = cd_value_int(a, CD_TYPE_INT32, 5);
    const char *schema_json = "{\"type\":\"int32\",\"optional\":true,\"name\":\"n\",\"version\":2,"
                              "\"doc\":\"d\",\"parameters\":{\"a\":\"b\"},\"default\":5}";
    char want[512];
    snprintf(want, sizeof want, "{\"schema\":%s,\"payload\":5}", schema_json);
    expect_json(&c, s, NULL, want);
    snprintf(want, sizeof want, "{\"schema\":%s,\"payload\":null}", schema_json);
    expect_json(&keep, s, NULL, want);
    /* Reading applies the same rule. */
    const cd_schema_t *rs;
    ck_assert_int_eq(read_ok(&c, a, want, &rs)->u.i, 5);
    ck_assert(data_schema_equals(rs, s));
    ck_assert_ptr_null(read_ok(&keep, a, want, NULL));

    /* Struct fields: the raw null goes through the same rule. */
    cd_schema_t *st = cd_schema_new(a, CD_TYPE_STRUCT);
    cd_schema_add_field(a, st, "f", s);
    const cd_value_t *sv = cd_value_struct_new(a, st);
    conv_t nc, nkeep;
    JSON_OPEN(&nc, "schemas.enable", "false");
    JSON_OPEN(&nkeep, "schemas.enable", "false", "replace.null.with.default", "false");
    expect_json(&nc, st, sv, "{\"f\":5}");
    expect_json(&nkeep, st, sv, "{\"f\":null}");
    conv_close(&c);
    conv_close(&keep);
    conv_close(&nc);
    conv_close(&nkeep);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(doubles_like_java) {
    cd_arena_t *a = cd_arena_new(0);
    conv_t c;
    JSON_OPEN(&c, "schemas.enable", "false");
    static const struct {
        double v;
        const char *want;
    } doubles[] = {
        {1.5, "1.5"},         {100.0, "100.0"},           {1e10, "1.0E10"},
        {1e-5, "1.0E-5"},     {0.001, "0.001"},           {1234567.0, "1234567.0"},
        {1e7, "1.0E7"},       {12345678.9, "1.23456789E7"}, {-0.0, "-0.0"},
        {0.0, "0.0"},         {0.1 + 0.2, "0.30000000000000004"}, {-2.5e-300, "-2.5E-300"},
        {NAN, "\"NaN\""},     {INFINITY, "\"Infinity\""}, {-INFINITY, "\"-Infinity\""},
    };
    for (size_t i = 0; i < sizeof doubles / sizeof doubles[0]; i++)
        expect_json(&c, NULL, cd_value_float(a, CD_TYPE_FLOAT64, doubles[i].v), doubles[i].want);
    static const struct {
        float v;
        const char *want;
    } floats[] = {{0.1f, "0.1"}, {1e10f, "1.0E10"}, {16777216.0f, "1.6777216E7"},
                  {3.4028235e38f, "3.4028235E38"}, {-1.25f, "-1.25"}};
    for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++)
        expect_json(&c, NULL, cd_value_float(a, CD_TYPE_FLOAT32, floats[i].v), floats[i].want);
    conv_close(&c);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(strings_escaped_like_jackson) {
    cd_arena_t *a = cd_arena_new(0);
    conv_t c;
    JSON_OPEN(&c, "schemas.enable", "false");
    const char in[] = "a\"b\\c\n\t\r\b\f\x01\x1f\x7f/\xc3\xa9\xf0\x9f\x98\x80";
    expect_json(&c, NULL, cd_value_string(a, in, sizeof in - 1),
                "\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001F\x7f/\xc3\xa9\\uD83D\\uDE00\"");
    expect_json(&c, NULL, cd_value_string(a, "x\0y", 3), "\"x\\u0000y\"");
    /* And back, including \u escapes and surrogate pairs. */
    const cd_value_t *v = read_ok(&c, a, "\"a\\\"b\\u00e9\\ud83d\\ude00\\/\\u0000\"", NULL);
    ck_assert_uint_eq(v->u.str.len, 11);
    ck_assert_mem_eq(v->u.str.data, "a\"b\xc3\xa9\xf0\x9f\x98\x80/\0", 11);
    v = read_ok(&c, a, "\"\\ud800x\"", NULL); /* lone surrogate */
    ck_assert_str_eq(v->u.str.data, "\xef\xbf\xbdx");
    conv_close(&c);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(maps_with_non_string_keys) {
    cd_arena_t *a = cd_arena_new(0);
    conv_t c;
    JSON_OPEN(&c);
    cd_schema_t *ms = cd_schema_new(a, CD_TYPE_MAP);
    ms->key_schema = cd_schema_primitive(CD_TYPE_INT32, false);
    ms->value_schema = cd_schema_primitive(CD_TYPE_STRING, true);
    cd_value_t *m = cd_value_map_new(a, 2);
    cd_value_map_put(a, m, cd_value_int(a, CD_TYPE_INT32, 1), cd_value_cstring(a, "a"));
    cd_value_map_put(a, m, cd_value_int(a, CD_TYPE_INT32, 2), NULL);
    const char *want = "{\"schema\":{\"type\":\"map\",\"keys\":{\"type\":\"int32\",\"optional\":false},"
                       "\"values\":{\"type\":\"string\",\"optional\":true},\"optional\":false},"
                       "\"payload\":[[1,\"a\"],[2,null]]}";
    expect_json(&c, ms, m, want);
    const cd_schema_t *rs;
    const cd_value_t *rv = read_ok(&c, a, want, &rs);
    ck_assert(data_schema_equals(rs, ms));
    ck_assert(cd_value_equals(rv, m));
    /* Schemaless: any non-string key switches to pairs. */
    conv_t nc;
    JSON_OPEN(&nc, "schemas.enable", "false");
    cd_value_t *mixed = cd_value_map_new(a, 0);
    cd_value_map_put_str(a, mixed, "s", cd_value_int(a, CD_TYPE_INT64, 1));
    cd_value_map_put(a, mixed, cd_value_bool(a, true), cd_value_bytes(a, "\xff", 1));
    expect_json(&nc, NULL, mixed, "[[\"s\",1],[true,\"/w==\"]]");
    cd_value_t *strmap = cd_value_map_new(a, 0);
    expect_json(&nc, NULL, strmap, "{}");
    cd_value_map_put_str(a, strmap, "k", NULL);
    expect_json(&nc, NULL, strmap, "{\"k\":null}");
    conv_close(&c);
    conv_close(&nc);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(logical_types) {
    cd_arena_t *a = cd_arena_new(0);
    conv_t c, num;
    JSON_OPEN(&c);
    JSON_OPEN(&num, "decimal.format", " numeric ");
    const cd_schema_t *dec = cd_schema_decimal(a, 2, false);
    const char *dec_schema = "{\"type\":\"bytes\",\"optional\":false,\"name\":\"org.apache.kafka."
                             "connect.data.Decimal\",\"version\":1,\"parameters\":{\"scale\":\"2\"}}";
    char want[512];
    snprintf(want, sizeof want, "{\"schema\":%s,\"payload\":\"AJY=\"}", dec_schema);
    expect_json(&c, dec, cd_value_bytes(a, "\x00\x96", 2), want);
    /* Non-minimal bytes are written as Java's BigInteger would. */
    expect_json(&c, dec, cd_value_bytes(a, "\x00\x00\x96", 3), want);
    snprintf(want, sizeof want, "{\"schema\":%s,\"payload\":1.50}", dec_schema);
    expect_json(&num, dec, cd_value_bytes(a, "\x00\x96", 2), want);
    const cd_schema_t *big = cd_schema_decimal(a, 4, false);
    const cd_value_t *bigv = cd_value_bytes(a, "\xFE\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 9);
    char *got = to_json(&num, big, bigv);
    ck_assert_ptr_nonnull(strstr(got, "\"payload\":-1844674407370955.1617}"));
    /* Reading takes a number or base64, whatever the configured format. */
    ck_assert(cd_value_equals(read_ok(&c, a, got, NULL), bigv));
    free(got);
    const cd_value_t *r = read_ok(&c, a, want, NULL);
    ck_assert_uint_eq(r->u.bytes.len, 2);
    ck_assert_mem_eq(r->u.bytes.data, "\x00\x96", 2);
    snprintf(want, sizeof want, "{\"schema\":%s,\"payload\":1.5}", dec_schema);
    ck_assert_mem_eq(read_ok(&num, a, want, NULL)->u.bytes.data, "\x00\x96", 2);
    snprintf(want, sizeof want, "{\"schema\":%s,\"payload\":\"AJY=\"}", dec_schema);
    ck_assert_mem_eq(read_ok(&num, a, want, NULL)->u.bytes.data, "\x00\x96", 2);

    const cd_value_t *day = cd_value_int(a, CD_TYPE_INT32, 19000);
    expect_json(&c, cd_schema_date(false), day,
                "{\"schema\":{\"type\":\"int32\",\"optional\":false,\"name\":\"org.apache.kafka."
                "connect.data.Date\",\"version\":1},\"payload\":19000}");
    expect_json(&c, cd_schema_time(true), cd_value_int(a, CD_TYPE_INT32, 3600000),
                "{\"schema\":{\"type\":\"int32\",\"optional\":true,\"name\":\"org.apache.kafka."
                "connect.data.Time\",\"version\":1},\"payload\":3600000}");
    const cd_schema_t *rs;
    const cd_value_t *rv = read_ok(
        &c, a,
        "{\"schema\":{\"type\":\"int64\",\"optional\":false,\"name\":\"org.apache.kafka.connect."
        "data.Timestamp\",\"version\":1},\"payload\":1700000000000}",
        &rs);
    ck_assert(data_schema_equals(rs, cd_schema_timestamp(false)));
    ck_assert_int_eq(rv->type, CD_TYPE_INT64);
    ck_assert_int_eq(rv->u.i, 1700000000000);
    conv_close(&c);
    conv_close(&num);
    cd_arena_destroy(a);
}
END_TEST

/* Serialize with the envelope, read back, and compare. */
static void round_trip(conv_t *c, cd_arena_t *a, const cd_schema_t *s, const cd_value_t *v) {
    char *json = to_json(c, s, v);
    ck_assert_ptr_nonnull(json);
    const cd_schema_t *rs;
    const cd_value_t *rv = read_ok(c, a, json, &rs);
    ck_assert_msg(data_schema_equals(rs, s), "schema differs after %s", json);
    ck_assert_msg(cd_value_equals(rv, v), "value differs after %s", json);
    /* Writing what we read gives the same bytes. */
    char *again = to_json(c, rs, rv);
    ck_assert_str_eq(again, json);
    free(again);
    free(json);
}

START_TEST(round_trip_every_type) {
    cd_arena_t *a = cd_arena_new(0);
    conv_t c, num;
    JSON_OPEN(&c);
    JSON_OPEN(&num, "decimal.format", "NUMERIC");
    const struct {
        cd_type_t t;
        const cd_value_t *v;
    } prims[] = {
        {CD_TYPE_INT8, cd_value_int(a, CD_TYPE_INT8, -128)},
        {CD_TYPE_INT16, cd_value_int(a, CD_TYPE_INT16, 32767)},
        {CD_TYPE_INT32, cd_value_int(a, CD_TYPE_INT32, INT32_MIN)},
        {CD_TYPE_INT64, cd_value_int(a, CD_TYPE_INT64, INT64_MIN)},
        {CD_TYPE_INT64, cd_value_int(a, CD_TYPE_INT64, INT64_MAX)},
        {CD_TYPE_FLOAT32, cd_value_float(a, CD_TYPE_FLOAT32, 3.14159f)},
        {CD_TYPE_FLOAT64, cd_value_float(a, CD_TYPE_FLOAT64, -2.25e-300)},
        {CD_TYPE_FLOAT64, cd_value_float(a, CD_TYPE_FLOAT64, 123456789.125)},
        {CD_TYPE_BOOLEAN, cd_value_bool(a, false)},
        {CD_TYPE_STRING, cd_value_cstring(a, "h\xc3\xa9llo \"w\"")},
        {CD_TYPE_BYTES, cd_value_bytes(a, "\0\xff\x10", 3)},
        {CD_TYPE_BYTES, cd_value_bytes(a, "", 0)},
    };
    for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++) {
        round_trip(&c, a, cd_schema_primitive(prims[i].t, false), prims[i].v);
        round_trip(&c, a, cd_schema_primitive(prims[i].t, true), prims[i].v);
        round_trip(&c, a, cd_schema_primitive(prims[i].t, true), NULL);
    }
    round_trip(&c, a, cd_schema_date(false), cd_value_int(a, CD_TYPE_INT32, -1));
    round_trip(&c, a, cd_schema_time(false), cd_value_int(a, CD_TYPE_INT32, 86399999));
    round_trip(&c, a, cd_schema_timestamp(true), cd_value_int(a, CD_TYPE_INT64, -5));
    const cd_schema_t *dec = cd_schema_decimal(a, 3, true);
    round_trip(&c, a, dec, cd_value_bytes(a, "\xCF\xC7", 2));
    round_trip(&num, a, dec, cd_value_bytes(a, "\xCF\xC7", 2));
    round_trip(&num, a, cd_schema_decimal(a, -2, false), cd_value_bytes(a, "\x0F", 1));

    /* Containers, nested. */
    const cd_schema_t *spec = spec_schema(a);
    cd_schema_t *arr = cd_schema_new(a, CD_TYPE_ARRAY);
    arr->value_schema = spec;
    cd_schema_t *outer = cd_schema_new(a, CD_TYPE_STRUCT);
    outer->doc = "outer";
    cd_schema_add_param(a, outer, "k", "v");
    cd_schema_add_field(a, outer, "items", arr);
    cd_schema_t *m = cd_schema_new(a, CD_TYPE_MAP);
    m->key_schema = cd_schema_primitive(CD_TYPE_INT64, false);
    m->value_schema = cd_schema_primitive(CD_TYPE_FLOAT64, true);
    cd_schema_add_field(a, outer, "m", m);
    cd_schema_t *defaulted = cd_schema_new(a, CD_TYPE_STRING);
    defaulted->optional = true;
    defaulted->has_default = true;
    defaulted->default_value = cd_value_cstring(a, "dflt");
    cd_schema_add_field(a, outer, "d", defaulted);
    cd_value_t *ov = cd_value_struct_new(a, outer);
    cd_value_t *items = cd_value_array_new(a, 0);
    cd_value_array_append(a, items, spec_value(a, spec));
    cd_value_array_append(a, items, spec_value(a, spec));
    cd_value_struct_put(ov, "items", items);
    cd_value_t *mv = cd_value_map_new(a, 0);
    cd_value_map_put(a, mv, cd_value_int(a, CD_TYPE_INT64, 7), cd_value_float(a, CD_TYPE_FLOAT64, 0.5));
    cd_value_map_put(a, mv, cd_value_int(a, CD_TYPE_INT64, -7), NULL);
    cd_value_struct_put(ov, "m", mv);
    cd_value_struct_put(ov, "d", cd_value_cstring(a, "set"));
    round_trip(&c, a, outer, ov);
    round_trip(&num, a, outer, ov);
    conv_close(&c);
    conv_close(&num);
    cd_arena_destroy(a);
}
END_TEST

/* ---- errors --------------------------------------------------------- */

START_TEST(from_connect_errors) {
    cd_arena_t *a = cd_arena_new(0);
    conv_t c;
    JSON_OPEN(&c);
    expect_from_error(&c, cd_schema_primitive(CD_TYPE_INT32, false), NULL,
                      "Conversion error: null value for field that is required and has no default value");
    expect_from_error(&c, cd_schema_primitive(CD_TYPE_INT32, false), cd_value_cstring(a, "x"),
                      "Invalid type for INT32: class java.lang.String");
    expect_from_error(&c, cd_schema_primitive(CD_TYPE_INT64, false), cd_value_int(a, CD_TYPE_INT32, 1),
                      "Invalid type for INT64: class java.lang.Integer");
    expect_from_error(&c, cd_schema_decimal(a, 2, false), cd_value_cstring(a, "1.5"),
                      "Invalid type for Decimal, expected BigDecimal but was class java.lang.String");
    expect_from_error(&c, cd_schema_date(false), cd_value_float(a, CD_TYPE_FLOAT64, 1),
                      "Invalid type for Date, expected Date but was class java.lang.Double");
    const cd_schema_t *spec = spec_schema(a);
    const cd_value_t *v = spec_value(a, spec);
    /* An equal copy of the schema is fine; another schema is not. */
    char *ok = to_json(&c, cd_schema_copy(a, spec), v);
    free(ok);
    cd_schema_t *other = (cd_schema_t *)cd_schema_copy(a, spec);
    other->version = 4;
    expect_from_error(&c, other, v, "Mismatching schema.");
    expect_from_error(&c, NULL, v, "Mismatching schema.");
    /* A required struct field left null (nested errors empty the buffer). */
    cd_value_t *partial = cd_value_struct_new(a, spec);
    expect_from_error(&c, spec, partial,
                      "Conversion error: null value for field that is required and has no default value");
    conv_close(&c);
    cd_arena_destroy(a);
}
END_TEST

#define DEC_SCHEMA                                                                         \
    "{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\",\"parameters\":{" \
    "\"scale\":\"2\"}}"
#define ENV(schema, payload) "{\"schema\":" schema ",\"payload\":" payload "}"

START_TEST(schema_and_payload_errors) {
    conv_t c;
    JSON_OPEN(&c);
    static const struct {
        const char *json, *msg;
    } cases[] = {
        {ENV("{}", "1"), "Schema must contain 'type' field"},
        {ENV("5", "1"), "Schema must contain 'type' field"},
        {ENV("{\"type\":5}", "1"), "Schema must contain 'type' field"},
        {ENV("{\"type\":\"foo\"}", "1"), "Unknown schema type: foo"},
        {ENV("{\"type\":\"array\"}", "[]"), "Array schema did not specify the element type"},
        {ENV("{\"type\":\"array\",\"items\":null}", "[]"), "Array schema did not specify the element type"},
        {ENV("{\"type\":\"map\",\"values\":{\"type\":\"int32\"}}", "{}"), "Map schema did not specify the key type"},
        {ENV("{\"type\":\"map\",\"keys\":{\"type\":\"string\"}}", "{}"), "Map schema did not specify the value type"},
        {ENV("{\"type\":\"map\",\"keys\":null,\"values\":{\"type\":\"int32\"}}", "{}"), "keySchema cannot be null."},
        {ENV("{\"type\":\"map\",\"keys\":{\"type\":\"string\"},\"values\":null}", "{}"), "valueSchema cannot be null."},
        {ENV("{\"type\":\"struct\"}", "{}"), "Struct schema's \"fields\" argument is not an array."},
        {ENV("{\"type\":\"struct\",\"fields\":{}}", "{}"), "Struct schema's \"fields\" argument is not an array."},
        {ENV("{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\"}]}", "{}"), "Struct schema's field name not specified properly"},
        {ENV("{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"field\":1}]}", "{}"), "Struct schema's field name not specified properly"},
        {ENV("{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"field\":\"a\"},{\"type\":\"string\",\"field\":\"a\"}]}", "{}"),
         "Cannot create field because of field name duplication a"},
        {ENV("{\"type\":\"int32\",\"parameters\":{\"a\":1}}", "1"), "Schema parameters must have string values."},
        {ENV("{\"type\":\"int32\"}", "null"), "Invalid null value for required INT32 field"},
        {ENV("{\"type\":\"struct\",\"fields\":[{\"type\":\"int64\",\"field\":\"a\"}]}", "{}"), "Invalid null value for required INT64 field"},
        {ENV("{\"type\":\"map\",\"keys\":{\"type\":\"string\"},\"values\":{\"type\":\"int32\"}}", "[]"),
         "Maps with string fields should be encoded as JSON objects, but found ARRAY"},
        {ENV("{\"type\":\"map\",\"keys\":{\"type\":\"int32\"},\"values\":{\"type\":\"int32\"}}", "{}"),
         "Maps with non-string fields should be encoded as JSON array of tuples, but found OBJECT"},
        {ENV("{\"type\":\"map\",\"keys\":{\"type\":\"int32\"},\"values\":{\"type\":\"int32\"}}", "[1]"),
         "Found invalid map entry instead of array tuple: NUMBER"},
        {ENV("{\"type\":\"map\",\"keys\":{\"type\":\"int32\"},\"values\":{\"type\":\"int32\"}}", "[[1,2,3]]"),
         "Found invalid map entry, expected length 2 but found :3"},
        {ENV("{\"type\":\"struct\",\"fields\":[]}", "\"x\""), "Structs should be encoded as JSON objects, but found STRING"},
        {ENV("{\"type\":\"struct\",\"fields\":[{\"type\":\"string\",\"field\":\"s\"}]}", "{\"s\":5}"),
         "Invalid value: null used for required field: \"s\", schema type: STRING"},
        {ENV("{\"type\":\"bytes\"}", "\"!!\""), "Invalid bytes field"},
        {ENV("{\"type\":\"bytes\"}", "\"AJY\""), "Invalid bytes field"},
        {ENV(DEC_SCHEMA, "\"!!\""), "Invalid bytes for Decimal field"},
        {ENV(DEC_SCHEMA, "\"\""), "Invalid bytes for Decimal field"},
        {ENV(DEC_SCHEMA, "true"), "Invalid type for Decimal, underlying representation should be numeric or bytes but was BOOLEAN"},
        {ENV(DEC_SCHEMA, "1.234"), "Decimal value has mismatching scale for given Decimal schema. Schema has scale 2, value has scale 3."},
        {ENV("{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\"}", "1.5"),
         "Invalid Decimal schema: scale parameter not found."},
        {ENV("{\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Date\"}", "\"x\""),
         "Invalid type for Date, underlying representation should be integer but was STRING"},
        {ENV("{\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Date\"}", "3000000000"),
         "Invalid type for Date, underlying representation should be integer but was NUMBER"},
        {ENV("{\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Time\"}", "[]"),
         "Invalid type for Time, underlying representation should be integer but was ARRAY"},
        {ENV("{\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Time\"}", "86400001"),
         "Time values must use number of milliseconds greater than 0 and less than 86400000"},
        {ENV("{\"type\":\"int64\",\"name\":\"org.apache.kafka.connect.data.Timestamp\"}", "1.5"),
         "Invalid type for Timestamp, underlying representation should be integral but was NUMBER"},
        {ENV("{\"type\":\"string\",\"default\":5}", "null"), "Invalid default value"},
        {ENV("{\"type\":\"int32\",\"default\":null}", "null"), "Invalid null value for required INT32 field"},
        {ENV("{\"type\":\"struct\",\"fields\":[],\"default\":{}}", "{}"), "Invalid default value"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) expect_to_error(&c, cases[i].json, cases[i].msg);
    /* The builder's complaints carry their own exception class. */
    cd_arena_t *a = cd_arena_new(0);
    const cd_schema_t *s;
    const cd_value_t *v;
    cd_error_t err;
    ck_assert_int_eq(from_json(&c, a, ENV("{\"type\":\"string\",\"default\":5}", "null"), &s, &v, &err), CD_ERR_DATA);
    ck_assert_str_eq(err.exception_class, "org.apache.kafka.connect.errors.SchemaBuilderException");
    ck_assert_int_eq(from_json(&c, a, ENV("{\"type\":\"int32\"}", "null"), &s, &v, &err), CD_ERR_DATA);
    ck_assert_str_eq(err.exception_class, "org.apache.kafka.connect.errors.DataException");
    /* An optional schema with a null default simply has none. */
    ck_assert_ptr_null(read_ok(&c, a, ENV("{\"type\":\"int32\",\"optional\":true,\"default\":null}", "null"), &s));
    ck_assert(!s->has_default);
    cd_arena_destroy(a);
    conv_close(&c);
}
END_TEST

Suite *suite_json_converter(void);
Suite *suite_json_converter(void) {
    Suite *s = suite_create("json_converter");
    TCase *tc = tcase_create("from_connect");
    tcase_add_test(tc, spec_struct_example);
    tcase_add_test(tc, simple_envelopes);
    tcase_add_test(tc, schema_key_order_and_defaults);
    tcase_add_test(tc, doubles_like_java);
    tcase_add_test(tc, strings_escaped_like_jackson);
    tcase_add_test(tc, maps_with_non_string_keys);
    tcase_add_test(tc, logical_types);
    tcase_add_test(tc, round_trip_every_type);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, from_connect_errors);
    tcase_add_test(tc, schema_and_payload_errors);
    suite_add_tcase(s, tc);
    return s;
}
