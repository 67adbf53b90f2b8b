/* SimpleHeaderConverter: Values.parseString and Values.convertToString.
 * Every expected result below was produced by Kafka 4.3.1's own
 * SimpleHeaderConverter (Temurin 25; Java 17 agrees except where noted). */
#include <check.h>
#include <connectd/plugin.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "convert/builtin.h"
#include "convert/converters.h"
#include "convert/values_text.h"
#include "util/buf.h"

static const cd_converter_ops_t *ops(void) { return convert_simple_header_converter.ops; }

/* ---- descriptions: "<schema> <value>", one compact form for both ---- */

static void describe_schema(buf_t *b, const cd_schema_t *s) {
    static const char *const names[] = {"INT8",    "INT16",   "INT32",  "INT64",
                                        "FLOAT32", "FLOAT64", "BOOLEAN", "STRING",
                                        "BYTES",   "ARRAY",   "MAP",    "STRUCT"};
    if (!s) {
        buf_append_str(b, "null");
        return;
    }
    buf_append_str(b, names[s->type]);
    if (s->name) {
        const char *n = strrchr(s->name, '.') + 1;
        buf_appendf(b, "[%s", n);
        if (strcmp(n, "Decimal") == 0) buf_appendf(b, ":%s", cd_schema_param(s, "scale"));
        buf_append_str(b, "]");
    }
    if (s->optional) buf_append_str(b, "?");
    if (s->type == CD_TYPE_ARRAY) {
        buf_append_str(b, "<");
        describe_schema(b, s->value_schema);
        buf_append_str(b, ">");
    } else if (s->type == CD_TYPE_MAP) {
        buf_append_str(b, "<");
        describe_schema(b, s->key_schema);
        buf_append_str(b, ",");
        describe_schema(b, s->value_schema);
        buf_append_str(b, ">");
    }
}

/* b:/s:/i:/l: integers, f:/d: float bits in hex, S:"text", T:<epoch ms>
 * for Date/Time/Timestamp, D:<unscaled bytes hex> for decimals. */
static void describe_value(buf_t *b, const cd_schema_t *s, const cd_value_t *v) {
    if (!v) {
        buf_append_str(b, "null");
        return;
    }
    if (s && s->name && cd_schema_is_logical(s, CD_LOGICAL_DATE)) {
        buf_appendf(b, "T:%" PRId64, v->u.i * 86400000);
        return;
    }
    if (s && s->name && (cd_schema_is_logical(s, CD_LOGICAL_TIME) ||
                         cd_schema_is_logical(s, CD_LOGICAL_TIMESTAMP))) {
        buf_appendf(b, "T:%" PRId64, v->u.i);
        return;
    }
    switch (v->type) {
    case CD_TYPE_INT8: buf_appendf(b, "b:%" PRId64, v->u.i); break;
    case CD_TYPE_INT16: buf_appendf(b, "s:%" PRId64, v->u.i); break;
    case CD_TYPE_INT32: buf_appendf(b, "i:%" PRId64, v->u.i); break;
    case CD_TYPE_INT64: buf_appendf(b, "l:%" PRId64, v->u.i); break;
    case CD_TYPE_FLOAT32: {
        float f = (float)v->u.f;
        uint32_t u;
        memcpy(&u, &f, sizeof u);
        buf_appendf(b, "f:%08" PRIx32, u);
        break;
    }
    case CD_TYPE_FLOAT64: {
        uint64_t u;
        memcpy(&u, &v->u.f, sizeof u);
        buf_appendf(b, "d:%016" PRIx64, u);
        break;
    }
    case CD_TYPE_BOOLEAN: buf_append_str(b, v->u.b ? "true" : "false"); break;
    case CD_TYPE_STRING: buf_appendf(b, "S:\"%s\"", v->u.str.data); break;
    case CD_TYPE_BYTES:
        buf_append_str(b, s && cd_schema_is_logical(s, CD_LOGICAL_DECIMAL) ? "D:" : "B:");
        for (size_t i = 0; i < v->u.bytes.len; i++) buf_appendf(b, "%02x", v->u.bytes.data[i]);
        break;
    case CD_TYPE_ARRAY:
        buf_append_str(b, "[");
        for (size_t i = 0; i < v->u.array.n; i++) {
            if (i) buf_append_str(b, ",");
            describe_value(b, s ? s->value_schema : NULL, v->u.array.items[i]);
        }
        buf_append_str(b, "]");
        break;
    case CD_TYPE_MAP:
        buf_append_str(b, "{");
        for (size_t i = 0; i < v->u.map.n; i++) {
            if (i) buf_append_str(b, ",");
            describe_value(b, s ? s->key_schema : NULL, v->u.map.keys[i]);
            buf_append_str(b, "=");
            describe_value(b, s ? s->value_schema : NULL, v->u.map.values[i]);
        }
        buf_append_str(b, "}");
        break;
    case CD_TYPE_STRUCT: buf_append_str(b, "struct"); break;
    }
}

/* toConnectHeader of len bytes, described; "null" for no schema and value. */
static void parse_describe(buf_t *out, const char *data, size_t len) {
    cd_arena_t *arena = cd_arena_new(0);
    const cd_schema_t *s = (const cd_schema_t *)1;
    const cd_value_t *v = (const cd_value_t *)1;
    cd_error_t err;
    ck_assert_int_eq(ops()->to_connect(NULL, "topic", data, len, arena, &s, &v, &err), 0);
    buf_reset(out);
    if (!s && !v) {
        buf_append_str(out, "null");
    } else {
        describe_schema(out, s);
        buf_append_str(out, " ");
        describe_value(out, s, v);
    }
    cd_arena_destroy(arena);
}

/* ---- parsing -------------------------------------------------------- */

typedef struct parse_case {
    const char *in;
    const char *want;
} parse_case_t;

static const parse_case_t parse_cases[] = {
    /* booleans and null: the whole text must be the literal */
    {"true", "BOOLEAN true"},
    {"false", "BOOLEAN false"},
    {" true ", "BOOLEAN true"},
    {"true}", "STRING S:\"true}\""},
    {"null", "null"},
    {"nul", "STRING S:\"nul\""},
    /* integers: the smallest type that holds them, then Decimal */
    {"127", "INT8 b:127"},
    {"-128", "INT8 b:-128"},
    {"128", "INT16 s:128"},
    {"-129", "INT16 s:-129"},
    {"32768", "INT32 i:32768"},
    {"2147483647", "INT32 i:2147483647"},
    {"2147483648", "INT64 l:2147483648"},
    {"-9223372036854775808", "INT64 l:-9223372036854775808"},
    {"-9223372036854775809", "BYTES[Decimal:0] D:ff7fffffffffffffff"},
    {"9999999999999999999", "BYTES[Decimal:0] D:008ac7230489e7ffff"},
    {"+5", "INT8 b:5"},
    {"-0", "INT8 b:0"},
    {"0.000", "INT8 b:0"},
    {"1.0", "INT8 b:1"},
    {"1e2", "INT8 b:100"},
    {"5.", "INT8 b:5"},
    /* fractions: FLOAT32 unless a float overflows, then FLOAT64 */
    {"1.5", "FLOAT32 f:3fc00000"},
    {"0.1", "FLOAT32 f:3dcccccd"},
    {"+.5", "FLOAT32 f:3f000000"},
    {"1e20", "FLOAT32 f:60ad78ec"},
    {"1E+19", "FLOAT32 f:5f0ac723"},
    {"1e-50", "FLOAT32 f:00000000"},
    {"1e39", "FLOAT64 d:48078287f49c4a1d"},
    {"1e400", "BYTES[Decimal:-400] D:01"},
    {"1e2147483648", "BYTES[Decimal:-2147483648] D:01"}, /* Java 17: a string */
    {"1e10000000000", "STRING S:\"1e10000000000\""}, /* too many exponent digits */
    {".5", "STRING S:\".5\""},
    {"0x10", "STRING S:\"0x10\""},
    /* text after the first value is ignored at the top level */
    {"123,456", "INT8 b:123"},
    {"12:34:56.789", "INT8 b:12"},
    /* strings */
    {"", "STRING S:\"\""},
    {"hello world", "STRING S:\"hello world\""},
    {"\"abc\"", "STRING S:\"\"abc\"\""},
    {"  [", "STRING S:\"  \""},
    {"  ", "STRING S:\"  \""},
    /* dates, times and timestamps of exactly 10, 13 and 24 characters */
    {"2023-11-14", "INT32[Date] T:1699920000000"},
    {" 2023-11-14", "INT32[Date] T:1699920000000"},
    {"12:34:56.789Z", "INT32[Time] T:45296789"},
    {"12\\:34\\:56.789Z", "INT32[Time] T:45296789"},
    {"12:34:56.789Z:xx", "INT32[Time] T:45296789"},
    {"2023-11-14T12:34:56.789Z", "INT64[Timestamp] T:1699965296789"},
    {"2023-11-14T12:34:56.789", "STRING S:\"2023-11-14T12:34:56.789\""},
    {"2023-11-14 12:34:56.789Z", "STRING S:\"2023-11-14 12:34:56.789Z\""},
    {"2023-11-14x", "STRING S:\"2023-11-14x\""},
    /* SimpleDateFormat is lenient and may stop early */
    {"2023-11-1x", "INT32[Date] T:1698796800000"},
    {"2023-13-01", "INT32[Date] T:1704067200000"},
    {"2023--1-01", "INT32[Date] T:1667260800000"},
    {"2023- 1-14", "INT32[Date] T:1673654400000"},
    {"2023-NaN-1", "INT32[Date] T:1669852800000"},
    {"2023-1E1-01", "STRING S:\"2023-1E1-01\""},
    {"1:2:3.456789Z", "INT32[Time] T:4179789"},
    {"99999999999-1-1T1:1:1.1Z", "INT64[Timestamp] T:1471883220706157769"},
    /* the Julian calendar before 1582-10-15, and the days it skipped */
    {"1582-10-15", "INT32[Date] T:-12219292800000"},
    {"1582-10-04", "INT32[Date] T:-12219379200000"},
    {"1582-10-10", "INT32[Date] T:-12218860800000"},
    {"0000-01-01", "INT32[Date] T:-62167392000000"},
    {"1-1-1xxxxx", "INT32[Date] T:-62135769600000"},
    /* arrays: a common element schema, elements converted to it */
    {"[1,2,3]", "ARRAY<INT8> [b:1,b:2,b:3]"},
    {"[1,300]", "ARRAY<INT16> [s:1,s:300]"},
    {"[1,1.5]", "ARRAY<FLOAT32> [f:3f800000,f:3fc00000]"},
    {"[1.5,1e39]", "ARRAY<FLOAT64> [d:3ff8000000000000,d:48078287f49c4a1d]"},
    {"[true,false]", "ARRAY<BOOLEAN> [true,false]"},
    {"[1, \"a\"]", "ARRAY<null> [b:1,S:\"a\"]"},
    {"[]", "ARRAY<null> []"},
    {"[ ]", "ARRAY<null> []"},
    {"[null]", "ARRAY<null> [null]"},
    {"[1, null]", "STRING S:\"[1, null]\""},
    {"[,]", "STRING S:\"[,]\""},
    {"[1 2]", "STRING S:\"[1 2]\""},
    {"[1,", "STRING S:\"[1,\""},
    {"[[1],[300]]", "ARRAY<ARRAY<INT16>> [[b:1],[s:300]]"},
    {"[[1],[2,\"a\"]]", "ARRAY<ARRAY<null>> [[b:1],[b:2,S:\"a\"]]"},
    {"[\"a\\\"b\"]", "ARRAY<STRING> [S:\"a\\\"b\"]"},
    {"[\"12:34:56.789Z\"]", "ARRAY<INT32[Time]> [T:45296789]"},
    {"[12\\:34\\:56.789Z]", "ARRAY<INT32[Time]> [T:45296789]"},
    {"[100000, 2023-11-14]", "ARRAY<INT32[Date]> [T:8640000000000,T:1699920000000]"},
    {"[2023-11-14, 100000]", "STRING S:\"[2023-11-14, 100000]\""},
    /* maps */
    {"{\"a\":1}", "MAP<STRING,INT8> {S:\"a\"=b:1}"},
    {"{\"a\":1 \"b\":2}", "MAP<STRING,INT8> {S:\"a\"=b:1,S:\"b\"=b:2}"},
    {"{1:2,1:3}", "MAP<INT8,INT8> {b:1=b:3}"},
    {"{\"a\":null}", "MAP<STRING,null> {S:\"a\"=null}"},
    {"{\"a\":1,\"b\":null}", "STRING S:\"{\"a\":1,\"b\":null}\""},
    {"{\"a\":}", "STRING S:\"{\"a\":}\""},
    {"{}", "MAP<null,null> {}"},
    {"{\"x\":[1,2],\"y\":[3]}", "MAP<STRING,ARRAY<INT8>> {S:\"x\"=[b:1,b:2],S:\"y\"=[b:3]}"},
    {"{\"b\":true,\"n\":-2147483649}", "MAP<STRING,null> {S:\"b\"=true,S:\"n\"=l:-2147483649}"},
};

START_TEST(parse_table) {
    buf_t got;
    buf_init(&got);
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        const parse_case_t *c = &parse_cases[i];
        parse_describe(&got, c->in, strlen(c->in));
        ck_assert_msg(strcmp(got.data, c->want) == 0, "parse(%s): got %s, want %s", c->in,
                      got.data, c->want);
    }
    buf_free(&got);
}
END_TEST

START_TEST(parse_null_and_raw_bytes) {
    buf_t got;
    buf_init(&got);
    parse_describe(&got, NULL, 0);
    ck_assert_str_eq(got.data, "null");
    /* Not UTF-8: the bytes are kept (Java would parse U+FFFD text). */
    parse_describe(&got, "a\xff", 2);
    ck_assert_str_eq(got.data, "BYTES B:61ff");
    /* A NUL is an ordinary character. */
    parse_describe(&got, "1\0", 2);
    ck_assert_str_eq(got.data, "INT8 b:1");
    buf_free(&got);
}
END_TEST

/* Nesting past what Java's stack takes is kept as bytes (Kafka catches
 * the StackOverflowError); 1,000 levels still parse. */
START_TEST(parse_deep_nesting) {
    buf_t text, got;
    buf_init(&text);
    buf_init(&got);
    for (int depth = 1000; depth <= 1001; depth++) {
        buf_reset(&text);
        for (int i = 0; i < depth; i++) buf_append_str(&text, "[");
        buf_append_str(&text, "1");
        for (int i = 0; i < depth; i++) buf_append_str(&text, "]");
        parse_describe(&got, text.data, text.len);
        if (depth == 1000) ck_assert(strncmp(got.data, "ARRAY<ARRAY<", 12) == 0);
        else ck_assert(strncmp(got.data, "BYTES B:5b5b5b", 14) == 0);
    }
    buf_free(&text);
    buf_free(&got);
}
END_TEST

/* A large map keeps its order and its last value per key. */
START_TEST(parse_large_map) {
    buf_t text;
    buf_init(&text);
    buf_append_str(&text, "{");
    for (int i = 0; i < 5000; i++) buf_appendf(&text, "\"k%d\":%d,", i % 4000, i);
    buf_append_str(&text, "}");
    cd_arena_t *arena = cd_arena_new(0);
    const cd_schema_t *s;
    const cd_value_t *v;
    ck_assert_int_eq(values_parse_string(arena, text.data, text.len, &s, &v), 0);
    ck_assert_int_eq(s->type, CD_TYPE_MAP);
    ck_assert_int_eq(s->value_schema->type, CD_TYPE_INT16);
    ck_assert_uint_eq(v->u.map.n, 4000);
    ck_assert_str_eq(v->u.map.keys[3999]->u.str.data, "k3999");
    ck_assert_int_eq(v->u.map.values[0]->u.i, 4000); /* k0 came again as 4000 */
    ck_assert_int_eq(v->u.map.values[0]->type, CD_TYPE_INT16);
    ck_assert_int_eq(v->u.map.values[3999]->u.i, 3999);
    cd_arena_destroy(arena);
    buf_free(&text);
}
END_TEST

/* ---- writing -------------------------------------------------------- */

static void expect_text(const cd_schema_t *s, const cd_value_t *v, const char *want) {
    buf_t out;
    buf_init(&out);
    cd_error_t err;
    ck_assert_int_eq(ops()->from_connect(NULL, "topic", s, v, &out, &err), 0);
    ck_assert(!out.is_null);
    ck_assert_msg(out.len == strlen(want) && memcmp(out.data ? out.data : "", want, out.len) == 0,
                  "got %s, want %s", out.data ? out.data : "", want);
    buf_free(&out);
}

START_TEST(write_primitives) {
    cd_arena_t *a = cd_arena_new(0);
    const cd_schema_t *str = cd_schema_primitive(CD_TYPE_STRING, false);
    expect_text(str, cd_value_cstring(a, "hello world"), "hello world");
    expect_text(str, cd_value_cstring(a, "a\"b\\c"), "a\"b\\c");
    expect_text(str, cd_value_cstring(a, ""), "");
    expect_text(str, cd_value_cstring(a, "h\xc3\xa9llo \xe2\x82\xac"), "h\xc3\xa9llo \xe2\x82\xac");
    expect_text(cd_schema_primitive(CD_TYPE_INT8, false), cd_value_int(a, CD_TYPE_INT8, -5), "-5");
    expect_text(cd_schema_primitive(CD_TYPE_INT16, false), cd_value_int(a, CD_TYPE_INT16, 300),
                "300");
    expect_text(cd_schema_primitive(CD_TYPE_INT32, false), cd_value_int(a, CD_TYPE_INT32, -70000),
                "-70000");
    expect_text(cd_schema_primitive(CD_TYPE_INT64, false),
                cd_value_int(a, CD_TYPE_INT64, INT64_MAX), "9223372036854775807");
    const cd_schema_t *f32 = cd_schema_primitive(CD_TYPE_FLOAT32, false);
    expect_text(f32, cd_value_float(a, CD_TYPE_FLOAT32, 1.5), "1.5");
    expect_text(f32, cd_value_float(a, CD_TYPE_FLOAT32, 0.1f), "0.1");
    expect_text(f32, cd_value_float(a, CD_TYPE_FLOAT32, 1.0e10f), "1.0E10");
    expect_text(f32, cd_value_float(a, CD_TYPE_FLOAT32, -0.0), "-0.0");
    expect_text(f32, cd_value_float(a, CD_TYPE_FLOAT32, NAN), "NaN");
    const cd_schema_t *f64 = cd_schema_primitive(CD_TYPE_FLOAT64, false);
    expect_text(f64, cd_value_float(a, CD_TYPE_FLOAT64, 0.1), "0.1");
    expect_text(f64, cd_value_float(a, CD_TYPE_FLOAT64, 1.0e20), "1.0E20");
    expect_text(f64, cd_value_float(a, CD_TYPE_FLOAT64, 1.0e-5), "1.0E-5");
    expect_text(f64, cd_value_float(a, CD_TYPE_FLOAT64, 100.0), "100.0");
    expect_text(f64, cd_value_float(a, CD_TYPE_FLOAT64, -INFINITY), "-Infinity");
    expect_text(cd_schema_primitive(CD_TYPE_BOOLEAN, false), cd_value_bool(a, true), "true");
    const cd_schema_t *bytes = cd_schema_primitive(CD_TYPE_BYTES, false);
    expect_text(bytes, cd_value_bytes(a, "\x00\x01\x02\xff", 4), "AAEC/w==");
    expect_text(bytes, cd_value_bytes(a, "", 0), "");
    /* without a schema the value's own type decides */
    expect_text(NULL, cd_value_int(a, CD_TYPE_INT32, 42), "42");
    cd_arena_destroy(a);
}
END_TEST

START_TEST(write_null) {
    buf_t out;
    buf_init(&out);
    cd_error_t err;
    ck_assert_int_eq(ops()->from_connect(NULL, "topic", cd_schema_primitive(CD_TYPE_STRING, true),
                                         NULL, &out, &err),
                     0);
    ck_assert(out.is_null);
    buf_free(&out);
}
END_TEST

START_TEST(write_logical) {
    cd_arena_t *a = cd_arena_new(0);
    const uint8_t d150[] = {0x00, 0x96}, dneg[] = {0xcf, 0xc7}, one[] = {0x01};
    expect_text(cd_schema_decimal(a, 2, false), cd_value_bytes(a, d150, 2), "1.50");
    expect_text(cd_schema_decimal(a, -2, false), cd_value_bytes(a, dneg, 2), "-1.2345E+6");
    expect_text(cd_schema_decimal(a, 10, false), cd_value_bytes(a, one, 1), "1E-10");
    const cd_schema_t *date = cd_schema_date(false), *time = cd_schema_time(false);
    const cd_schema_t *ts = cd_schema_timestamp(false);
    expect_text(date, cd_value_int(a, CD_TYPE_INT32, 19675), "2023-11-14");
    expect_text(date, cd_value_int(a, CD_TYPE_INT32, 1), "1970-01-02");
    expect_text(date, cd_value_int(a, CD_TYPE_INT32, 2932897), "10000-01-01");
    /* anything before 1970-01-02 prints as a time of day */
    expect_text(date, cd_value_int(a, CD_TYPE_INT32, 0), "00:00:00.000Z");
    expect_text(date, cd_value_int(a, CD_TYPE_INT32, -719162), "00:00:00.000Z");
    expect_text(time, cd_value_int(a, CD_TYPE_INT32, 45296789), "12:34:56.789Z");
    expect_text(time, cd_value_int(a, CD_TYPE_INT32, 0), "00:00:00.000Z");
    expect_text(ts, cd_value_int(a, CD_TYPE_INT64, 1699965296789), "2023-11-14T12:34:56.789Z");
    expect_text(ts, cd_value_int(a, CD_TYPE_INT64, 1699920000000), "2023-11-14");
    expect_text(ts, cd_value_int(a, CD_TYPE_INT64, 1000), "00:00:01.000Z");
    expect_text(ts, cd_value_int(a, CD_TYPE_INT64, -1000), "23:59:59.000Z");
    expect_text(ts, cd_value_int(a, CD_TYPE_INT64, INT64_MAX), "292278994-08-17T07:12:55.807Z");
    expect_text(ts, cd_value_int(a, CD_TYPE_INT64, INT64_MIN), "16:47:04.192Z");
    cd_arena_destroy(a);
}
END_TEST

static cd_schema_t *array_of(cd_arena_t *a, const cd_schema_t *items) {
    cd_schema_t *s = cd_schema_new(a, CD_TYPE_ARRAY);
    s->value_schema = items;
    return s;
}

static cd_value_t *array_with(cd_arena_t *a, int n, ...) {
    cd_value_t *arr = cd_value_array_new(a, (size_t)n);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) cd_value_array_append(a, arr, va_arg(ap, const cd_value_t *));
    va_end(ap);
    return arr;
}

START_TEST(write_containers) {
    cd_arena_t *a = cd_arena_new(0);
    const cd_schema_t *str = cd_schema_primitive(CD_TYPE_STRING, false);
    expect_text(array_of(a, str),
                array_with(a, 4, cd_value_cstring(a, "a"), cd_value_cstring(a, "b\"c"),
                           cd_value_cstring(a, "d\\e"), cd_value_cstring(a, "")),
                "[\"a\",\"b\\\"c\",\"d\\\\e\",\"\"]");
    expect_text(array_of(a, cd_schema_primitive(CD_TYPE_INT32, true)),
                array_with(a, 3, cd_value_int(a, CD_TYPE_INT32, 1), NULL,
                           cd_value_int(a, CD_TYPE_INT32, 3)),
                "[1,null,3]");
    expect_text(array_of(a, str), array_with(a, 0), "[]");
    expect_text(array_of(a, cd_schema_primitive(CD_TYPE_BYTES, false)),
                array_with(a, 2, cd_value_bytes(a, "\x00\x01", 2), cd_value_bytes(a, "", 0)),
                "[\"AAE=\",\"\"]");
    const uint8_t d150[] = {0x00, 0x96}, dm5[] = {0xfb};
    expect_text(array_of(a, cd_schema_decimal(a, 2, false)),
                array_with(a, 2, cd_value_bytes(a, d150, 2), cd_value_bytes(a, dm5, 1)),
                "[1.50,-0.05]");
    expect_text(array_of(a, cd_schema_date(false)),
                array_with(a, 2, cd_value_int(a, CD_TYPE_INT32, 19675),
                           cd_value_int(a, CD_TYPE_INT32, 19676)),
                "[2023-11-14,2023-11-15]");
    expect_text(array_of(a, array_of(a, cd_schema_primitive(CD_TYPE_FLOAT64, false))),
                array_with(a, 2,
                           array_with(a, 2, cd_value_float(a, CD_TYPE_FLOAT64, 1.5),
                                      cd_value_float(a, CD_TYPE_FLOAT64, 2.0)),
                           array_with(a, 0)),
                "[[1.5,2.0],[]]");

    cd_schema_t *ms = cd_schema_new(a, CD_TYPE_MAP);
    ms->key_schema = str;
    ms->value_schema = cd_schema_primitive(CD_TYPE_INT64, true);
    cd_value_t *m = cd_value_map_new(a, 3);
    cd_value_map_put_str(a, m, "a", cd_value_int(a, CD_TYPE_INT64, 1));
    cd_value_map_put_str(a, m, "b", NULL);
    cd_value_map_put_str(a, m, "c\"", cd_value_int(a, CD_TYPE_INT64, -2));
    expect_text(ms, m, "{\"a\":1,\"b\":null,\"c\\\"\":-2}");
    cd_schema_t *mt = cd_schema_new(a, CD_TYPE_MAP);
    mt->key_schema = str;
    mt->value_schema = array_of(a, cd_schema_time(false));
    cd_value_t *m2 = cd_value_map_new(a, 1);
    cd_value_map_put_str(a, m2, "t",
                         array_with(a, 2, cd_value_int(a, CD_TYPE_INT32, 1),
                                    cd_value_int(a, CD_TYPE_INT32, 86399999)));
    expect_text(mt, m2, "{\"t\":[00:00:00.001Z,23:59:59.999Z]}");

    /* schemaless: Kafka's List and Map print the same way */
    expect_text(NULL,
                array_with(a, 4, cd_value_cstring(a, "a"), cd_value_int(a, CD_TYPE_INT32, 1),
                           cd_value_bool(a, true), NULL),
                "[\"a\",1,true,null]");
    cd_arena_destroy(a);
}
END_TEST

START_TEST(write_structs) {
    cd_arena_t *a = cd_arena_new(0);
    cd_schema_t *def = cd_schema_new(a, CD_TYPE_INT16);
    def->has_default = true;
    def->default_value = cd_value_int(a, CD_TYPE_INT16, 7);
    cd_schema_t *tags = array_of(a, cd_schema_primitive(CD_TYPE_STRING, false));
    tags->optional = true;
    cd_schema_t *st = cd_schema_new(a, CD_TYPE_STRUCT);
    cd_schema_add_field(a, st, "name", cd_schema_primitive(CD_TYPE_STRING, false));
    cd_schema_add_field(a, st, "age", cd_schema_primitive(CD_TYPE_INT32, false));
    cd_schema_add_field(a, st, "opt", cd_schema_primitive(CD_TYPE_STRING, true));
    cd_schema_add_field(a, st, "def", def);
    cd_schema_add_field(a, st, "when", cd_schema_date(false));
    cd_schema_add_field(a, st, "tags", tags);
    cd_value_t *v = cd_value_struct_new(a, st);
    cd_value_struct_put(v, "name", cd_value_cstring(a, "n\"x"));
    cd_value_struct_put(v, "age", cd_value_int(a, CD_TYPE_INT32, 30));
    cd_value_struct_put(v, "when", cd_value_int(a, CD_TYPE_INT32, 19675));
    cd_value_struct_put(v, "tags", array_with(a, 1, cd_value_cstring(a, "x")));
    expect_text(st, v,
                "{\"name\":\"n\\\"x\",\"age\":30,\"opt\":null,\"def\":7,\"when\":2023-11-14,"
                "\"tags\":[\"x\"]}");

    cd_schema_t *inner = cd_schema_new(a, CD_TYPE_STRUCT);
    cd_schema_add_field(a, inner, "b", cd_schema_primitive(CD_TYPE_BOOLEAN, false));
    cd_schema_t *outer = cd_schema_new(a, CD_TYPE_STRUCT);
    cd_schema_add_field(a, outer, "in", inner);
    cd_schema_add_field(a, outer, "k", cd_schema_primitive(CD_TYPE_BYTES, false));
    cd_value_t *iv = cd_value_struct_new(a, inner);
    cd_value_struct_put(iv, "b", cd_value_bool(a, false));
    cd_value_t *ov = cd_value_struct_new(a, outer);
    cd_value_struct_put(ov, "in", iv);
    cd_value_struct_put(ov, "k", cd_value_bytes(a, "\xfb\xff", 2));
    expect_text(outer, ov, "{\"in\":{\"b\":false},\"k\":\"+/8=\"}");
    cd_schema_t *empty = cd_schema_new(a, CD_TYPE_STRUCT);
    expect_text(empty, cd_value_struct_new(a, empty), "{}");
    cd_arena_destroy(a);
}
END_TEST

/* Header text read back and written again is what Kafka writes for it. */
START_TEST(round_trips) {
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"[1, 2.5]", "[1.0,2.5]"},
        {"{\"a\" : 1, \"b\":[true]}", "{\"a\":1,\"b\":[true]}"},
        {"[1, null]", "STRING"}, /* read back as a string: written as it was */
        {"{\"a\":[1], \"b\":[300]}", "{\"a\":[1],\"b\":[300]}"},
        {"[2023-11-14,2023-11-15T00:00:00.001Z]", "[2023-11-14,2023-11-15T00:00:00.001Z]"},
        {"[\"12:34:56.789Z\", 1]", "[12:34:56.789Z,00:00:00.001Z]"}, /* 1 became a Time */
        {"[\"x\\\\y\"]", "[\"x\\\\\\\\y\"]"},
        {" 1.10 ", "1.1"},
        {"1e400", "1E+400"},
        {"hello", "hello"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cd_arena_t *a = cd_arena_new(0);
        const cd_schema_t *s;
        const cd_value_t *v;
        cd_error_t err;
        ck_assert_int_eq(ops()->to_connect(NULL, "t", cases[i].in, strlen(cases[i].in), a, &s, &v,
                                           &err),
                         0);
        if (strcmp(cases[i].out, "STRING") == 0) {
            ck_assert_int_eq(s->type, CD_TYPE_STRING);
            expect_text(s, v, cases[i].in);
        } else {
            expect_text(s, v, cases[i].out);
        }
        cd_arena_destroy(a);
    }
}
END_TEST

/* ---- the plugin ----------------------------------------------------- */

START_TEST(registered_as_header_converter) {
    const cd_plugin_desc_t *const *list;
    size_t n = convert_builtin_plugins(&list);
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(list[i]->name, SIMPLE_HEADER_CONVERTER_CLASS) != 0) continue;
        found++;
        ck_assert_int_eq(list[i]->type, CD_PLUGIN_HEADER_CONVERTER);
        ck_assert_str_eq(list[i]->aliases[0], "SimpleHeaderConverter");
        ck_assert_ptr_null(list[i]->aliases[1]);
        ck_assert_str_eq(list[i]->version, "4.3.1");
        ck_assert_ptr_null(list[i]->config_defs[0].name); /* Kafka's ConfigDef is empty */
    }
    ck_assert_int_eq(found, 1);
    void *state = NULL;
    cd_error_t err;
    ck_assert_int_eq(ops()->configure(&state, NULL, false, &err), 0);
    ck_assert_ptr_nonnull(state);
    ops()->destroy(state);
}
END_TEST

Suite *suite_simple_header_converter(void);
Suite *suite_simple_header_converter(void) {
    Suite *s = suite_create("simple_header_converter");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, parse_table);
    tcase_add_test(tc, parse_null_and_raw_bytes);
    tcase_add_test(tc, parse_deep_nesting);
    tcase_add_test(tc, parse_large_map);
    tcase_add_test(tc, write_primitives);
    tcase_add_test(tc, write_null);
    tcase_add_test(tc, write_logical);
    tcase_add_test(tc, write_containers);
    tcase_add_test(tc, write_structs);
    tcase_add_test(tc, round_trips);
    tcase_add_test(tc, registered_as_header_converter);
    suite_add_tcase(s, tc);
    return s;
}
