/* The built-in converter list, StringConverter, ByteArrayConverter,
 * JsonConverter configuration and JSON parsing, and the
 * schemaless JSON codec the offset store uses. */
#include <check.h>
#include <math.h>
#include <connectd/plugin.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "convert/builtin.h"
#include "convert/converters.h"
#include "convert/json_codec.h"
#include "util/buf.h"

typedef struct conv {
    const cd_converter_ops_t *ops;
    void *state;
    cd_config_t *cfg;
} conv_t;

static int conv_try_open(conv_t *c, const cd_plugin_desc_t *d, cd_error_t *err, ...) {
    cd_props_t *props = cd_props_new();
    cd_props_set(props, "converter.type", "value");
    va_list ap;
    va_start(ap, err);
    for (const char *k; (k = va_arg(ap, const char *));) cd_props_set(props, k, va_arg(ap, const char *));
    va_end(ap);
    const cd_config_def_t *tables[1] = {d->config_defs};
    c->cfg = config_new(tables, 1, props);
    cd_props_destroy(props);
    c->ops = d->ops;
    int rc = c->ops->configure(&c->state, c->cfg, false, err);
    if (rc) {
        config_destroy(c->cfg);
        c->cfg = NULL;
    }
    return rc;
}

static void conv_open(conv_t *c, const cd_plugin_desc_t *d) {
    cd_error_t err;
    ck_assert_int_eq(conv_try_open(c, d, &err, NULL), 0);
}

static void conv_close(conv_t *c) {
    c->ops->destroy(c->state);
    config_destroy(c->cfg);
}

/* fromConnectData into b (reset first); returns the return code. */
static int convert(conv_t *c, buf_t *b, const cd_schema_t *s, const cd_value_t *v, cd_error_t *err) {
    buf_reset(b);
    return c->ops->from_connect(c->state, "topic", s, v, b, err);
}

static void expect_bytes(conv_t *c, const cd_schema_t *s, const cd_value_t *v, const char *want,
                         size_t len) {
    buf_t b;
    buf_init(&b);
    cd_error_t err;
    ck_assert_int_eq(convert(c, &b, s, v, &err), 0);
    ck_assert(!b.is_null);
    ck_assert_uint_eq(b.len, len);
    ck_assert_mem_eq(b.data, want, len);
    buf_free(&b);
}

static void expect_text(conv_t *c, const cd_schema_t *s, const cd_value_t *v, const char *want) {
    expect_bytes(c, s, v, want, strlen(want));
}

/* ---- registry list -------------------------------------------------- */

START_TEST(builtin_list) {
    const cd_plugin_desc_t *const *list;
    size_t n = convert_builtin_plugins(&list);
    /* Three converters that are header converters too, SimpleHeaderConverter,
     * and Kafka's six number converters (both kinds too). */
    ck_assert_uint_eq(n, 7 + 2 * 6);
    const char *classes[] = {JSON_CONVERTER_CLASS, STRING_CONVERTER_CLASS, BYTEARRAY_CONVERTER_CLASS};
    const char *aliases[] = {"JsonConverter", "StringConverter", "ByteArrayConverter"};
    for (size_t k = 0; k < 3; k++) {
        int converters = 0, headers = 0;
        for (size_t i = 0; i < n; i++) {
            const cd_plugin_desc_t *d = list[i];
            ck_assert_uint_eq(d->abi_version, CD_ABI_VERSION);
            ck_assert_uint_eq(d->struct_size, sizeof(cd_plugin_desc_t));
            const cd_converter_ops_t *ops = d->ops;
            ck_assert_uint_eq(ops->struct_size, sizeof(cd_converter_ops_t));
            ck_assert_ptr_nonnull(ops->configure);
            ck_assert_ptr_nonnull(ops->from_connect);
            ck_assert_ptr_nonnull(ops->to_connect);
            ck_assert_ptr_nonnull(ops->destroy);
            ck_assert_str_eq(d->version, "4.3.1");
            if (strcmp(d->name, classes[k]) != 0) continue;
            ck_assert_str_eq(d->config_defs[0].name, "converter.type");
            ck_assert_str_eq(d->aliases[0], aliases[k]);
            converters += d->type == CD_PLUGIN_CONVERTER;
            headers += d->type == CD_PLUGIN_HEADER_CONVERTER;
        }
        ck_assert_int_eq(converters, 1);
        ck_assert_int_eq(headers, 1);
    }
}
END_TEST

/* ---- StringConverter ------------------------------------------------ */

START_TEST(string_converter_from_connect) {
    cd_arena_t *a = cd_arena_new(0);
    conv_t c;
    conv_open(&c, &convert_string_converter);
    expect_text(&c, NULL, cd_value_cstring(a, "plain text"), "plain text");
    expect_text(&c, cd_schema_primitive(CD_TYPE_INT32, false), cd_value_int(a, CD_TYPE_INT32, -42), "-42");
    expect_text(&c, NULL, cd_value_float(a, CD_TYPE_FLOAT64, 1.5), "1.5");
    expect_text(&c, NULL, cd_value_float(a, CD_TYPE_FLOAT64, 1e10), "1.0E10");
    expect_text(&c, NULL, cd_value_float(a, CD_TYPE_FLOAT32, 0.1f), "0.1");
    expect_text(&c, NULL, cd_value_bool(a, true), "true");
    expect_text(&c, NULL, cd_value_bytes(a, "\x01\xff", 2), "\x01\xff");
    cd_value_t *arr = cd_value_array_new(a, 0);
    cd_value_array_append(a, arr, cd_value_int(a, CD_TYPE_INT64, 1));
    cd_value_array_append(a, arr, NULL);
    cd_value_array_append(a, arr, cd_value_cstring(a, "x"));
    cd_value_array_append(a, arr, cd_value_bytes(a, "hi", 2));
    expect_text(&c, NULL, arr, "[1, null, x, aGk=]");
    cd_value_t *map = cd_value_map_new(a, 0);
    cd_value_map_put_str(a, map, "a", cd_value_int(a, CD_TYPE_INT64, 1));
    cd_value_map_put_str(a, map, "b", arr);
    expect_text(&c, NULL, map, "{a=1, b=[1, null, x, aGk=]}");
    cd_schema_t *s = cd_schema_new(a, CD_TYPE_STRUCT);
    cd_schema_add_field(a, s, "id", cd_schema_primitive(CD_TYPE_INT32, false));
    cd_schema_add_field(a, s, "skipped", cd_schema_primitive(CD_TYPE_STRING, true));
    cd_schema_add_field(a, s, "when", cd_schema_date(true));
    cd_schema_add_field(a, s, "price", cd_schema_decimal(a, 2, true));
    cd_value_t *st = cd_value_struct_new(a, s);
    cd_value_struct_put(st, "id", cd_value_int(a, CD_TYPE_INT32, 7));
    cd_value_struct_put(st, "when", cd_value_int(a, CD_TYPE_INT32, 19675));
    cd_value_struct_put(st, "price", cd_value_bytes(a, "\xff\x6a", 2));
    expect_text(&c, s, st, "Struct{id=7,when=Tue Nov 14 00:00:00 UTC 2023,price=-1.50}");
    expect_text(&c, cd_schema_timestamp(false), cd_value_int(a, CD_TYPE_INT64, 0),
                "Thu Jan 01 00:00:00 UTC 1970");
    expect_text(&c, cd_schema_timestamp(false), cd_value_int(a, CD_TYPE_INT64, -1),
                "Wed Dec 31 23:59:59 UTC 1969");
    expect_text(&c, cd_schema_time(false), cd_value_int(a, CD_TYPE_INT32, 45296000),
                "Thu Jan 01 12:34:56 UTC 1970");
    expect_text(&c, cd_schema_decimal(a, 3, false), cd_value_bytes(a, "\xCF\xC7", 2), "-12.345");
    /* null stays null, whatever the schema. */
    buf_t b;
    buf_init(&b);
    cd_error_t err;
    ck_assert_int_eq(convert(&c, &b, cd_schema_primitive(CD_TYPE_STRING, true), NULL, &err), 0);
    ck_assert(b.is_null);
    buf_free(&b);
    conv_close(&c);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(string_converter_to_connect) {
    cd_arena_t *a = cd_arena_new(0);
    conv_t c;
    conv_open(&c, &convert_string_header_converter);
    const cd_schema_t *s;
    const cd_value_t *v;
    cd_error_t err;
    ck_assert_int_eq(c.ops->to_connect(c.state, "t", "h\xc3\xa9", 3, a, &s, &v, &err), 0);
    ck_assert_ptr_eq(s, cd_schema_primitive(CD_TYPE_STRING, true));
    ck_assert_int_eq(v->type, CD_TYPE_STRING);
    ck_assert_str_eq(v->u.str.data, "h\xc3\xa9");
    /* Malformed UTF-8 decodes as Java does: one U+FFFD per bad sequence. */
    ck_assert_int_eq(c.ops->to_connect(c.state, "t", "a\xff" "b\xe2\x82" "c\xf0\x9f\x98\x80", 10, a, &s, &v, &err), 0);
    ck_assert_str_eq(v->u.str.data, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xf0\x9f\x98\x80");
    /* Java's own rules: an encoded surrogate is one replacement, an
     * out-of-range 4-byte sequence four, a truncated tail one. */
    ck_assert_int_eq(c.ops->to_connect(c.state, "t", "\xed\xa0\x80|\xf4\x90\x80\x80|\xe2\x82", 11, a, &s, &v, &err), 0);
    ck_assert_str_eq(v->u.str.data, "\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd");
    ck_assert_int_eq(c.ops->to_connect(c.state, "t", "", 0, a, &s, &v, &err), 0);
    ck_assert_uint_eq(v->u.str.len, 0);
    ck_assert_int_eq(c.ops->to_connect(c.state, "t", NULL, 0, a, &s, &v, &err), 0);
    ck_assert_ptr_null(v);
    ck_assert(s->optional);
    conv_close(&c);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(string_converter_encoding) {
    conv_t c;
    cd_error_t err;
    ck_assert_int_eq(conv_try_open(&c, &convert_string_converter, &err, "converter.encoding", "utf8", NULL), 0);
    conv_close(&c);
    ck_assert_int_eq(conv_try_open(&c, &convert_string_converter, &err, "converter.encoding", " UTF-8 ", NULL), 0);
    conv_close(&c);
    ck_assert_int_eq(conv_try_open(&c, &convert_string_converter, &err, "converter.encoding", "ISO-8859-1", NULL),
                     CD_ERR_CONFIG);
    ck_assert_int_eq(err.code, CD_ERR_CONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "converter.encoding"));
    ck_assert_ptr_nonnull(strstr(err.message, "ISO-8859-1"));
}
END_TEST

/* ---- ByteArrayConverter --------------------------------------------- */

START_TEST(bytearray_converter) {
    cd_arena_t *a = cd_arena_new(0);
    conv_t c;
    conv_open(&c, &convert_bytearray_converter);
    expect_bytes(&c, NULL, cd_value_bytes(a, "\0raw\xff", 5), "\0raw\xff", 5);
    expect_bytes(&c, cd_schema_primitive(CD_TYPE_BYTES, true), cd_value_bytes(a, "", 0), "", 0);
    expect_bytes(&c, cd_schema_decimal(a, 2, false), cd_value_bytes(a, "\x00\x96", 2), "\x00\x96", 2);
    buf_t b;
    buf_init(&b);
    cd_error_t err;
    ck_assert_int_eq(convert(&c, &b, cd_schema_primitive(CD_TYPE_INT32, false), cd_value_int(a, CD_TYPE_INT32, 1), &err),
                     CD_ERR_DATA);
    ck_assert_str_eq(err.message, "Invalid schema type for ByteArrayConverter: INT32");
    ck_assert_str_eq(err.exception_class, "org.apache.kafka.connect.errors.DataException");
    ck_assert_int_eq(convert(&c, &b, NULL, cd_value_cstring(a, "s"), &err), CD_ERR_DATA);
    ck_assert_str_eq(err.message, "ByteArrayConverter is not compatible with objects of type class java.lang.String");
    ck_assert_int_eq(convert(&c, &b, cd_schema_primitive(CD_TYPE_BYTES, true), NULL, &err), 0);
    ck_assert(b.is_null);
    buf_free(&b);
    const cd_schema_t *s;
    const cd_value_t *v;
    ck_assert_int_eq(c.ops->to_connect(c.state, "t", "\x01\x02", 2, a, &s, &v, &err), 0);
    ck_assert_ptr_eq(s, cd_schema_primitive(CD_TYPE_BYTES, true));
    ck_assert_uint_eq(v->u.bytes.len, 2);
    ck_assert_mem_eq(v->u.bytes.data, "\x01\x02", 2);
    ck_assert_int_eq(c.ops->to_connect(c.state, "t", NULL, 0, a, &s, &v, &err), 0);
    ck_assert_ptr_null(v);
    conv_close(&c);
    cd_arena_destroy(a);
}
END_TEST

/* ---- JsonConverter configuration and parsing ----------------------- */

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

static void expect_json(conv_t *c, const cd_schema_t *s, const cd_value_t *v, const char *want) {
    expect_text(c, s, v, want);
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

START_TEST(schemaless_inference) {
    cd_arena_t *a = cd_arena_new(0);
    conv_t c;
    JSON_OPEN(&c, "schemas.enable", "false");
    const cd_schema_t *s;
    const cd_value_t *v = read_ok(
        &c, a,
        "{\"a\":1,\"b\":2.5,\"c\":\"x\",\"d\":true,\"e\":null,\"f\":[1,\"y\"],\"g\":{\"h\":-3},"
        "\"big\":9223372036854775808,\"exp\":1e2,\"zero\":007}",
        &s);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(v->type, CD_TYPE_MAP);
    ck_assert_uint_eq(v->u.map.n, 10);
    ck_assert_str_eq(v->u.map.keys[0]->u.str.data, "a");
    const cd_value_t *x = cd_value_map_get(v, "a");
    ck_assert(x->type == CD_TYPE_INT64 && x->u.i == 1);
    x = cd_value_map_get(v, "b");
    ck_assert(x->type == CD_TYPE_FLOAT64 && x->u.f == 2.5);
    ck_assert_int_eq(cd_value_map_get(v, "c")->type, CD_TYPE_STRING);
    ck_assert(cd_value_map_get(v, "d")->u.b);
    ck_assert_ptr_null(cd_value_map_get(v, "e"));
    ck_assert_ptr_null(v->u.map.values[4]);
    x = cd_value_map_get(v, "f");
    ck_assert(x->type == CD_TYPE_ARRAY && x->u.array.n == 2);
    ck_assert_int_eq(x->u.array.items[1]->type, CD_TYPE_STRING);
    ck_assert_int_eq(cd_value_map_get(cd_value_map_get(v, "g"), "h")->u.i, -3);
    ck_assert_int_eq(cd_value_map_get(v, "big")->u.i, INT64_MIN); /* longValue() wraps */
    x = cd_value_map_get(v, "exp");
    ck_assert(x->type == CD_TYPE_FLOAT64 && x->u.f == 100.0);
    ck_assert_int_eq(cd_value_map_get(v, "zero")->u.i, 7);
    /* The same document written back (maps keep their order). */
    expect_json(&c, NULL, v,
                "{\"a\":1,\"b\":2.5,\"c\":\"x\",\"d\":true,\"e\":null,\"f\":[1,\"y\"],\"g\":{\"h\":-3},"
                "\"big\":-9223372036854775808,\"exp\":100.0,\"zero\":7}");
    ck_assert_ptr_null(read_ok(&c, a, "null", NULL));
    ck_assert_ptr_null(read_ok(&c, a, "", NULL)); /* Jackson's MissingNode */
    ck_assert_ptr_null(read_ok(&c, a, " \n", NULL));
    const cd_value_t *t = NULL;
    cd_error_t err;
    ck_assert_int_eq(from_json(&c, a, NULL, &s, &t, &err), 0);
    ck_assert_ptr_null(t);
    /* Duplicate keys: the last value wins, in the first key's place. */
    v = read_ok(&c, a, "{\"a\":1,\"b\":2,\"a\":3}", NULL);
    ck_assert_uint_eq(v->u.map.n, 2);
    ck_assert_int_eq(v->u.map.values[0]->u.i, 3);
    /* What follows a complete value is not read. */
    ck_assert_int_eq(read_ok(&c, a, "{\"a\":1} trailing", NULL)->u.map.n, 1);
    ck_assert(read_ok(&c, a, "-0.0", NULL)->u.f == 0.0 && !signbit(read_ok(&c, a, "-0.0", NULL)->u.f));
    conv_close(&c);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(lenient_reads_with_schema) {
    cd_arena_t *a = cd_arena_new(0);
    conv_t c;
    JSON_OPEN(&c);
    ck_assert(!read_ok(&c, a, "{\"schema\":{\"type\":\"boolean\"},\"payload\":\"yes\"}", NULL)->u.b);
    ck_assert_int_eq(read_ok(&c, a, "{\"schema\":{\"type\":\"int32\"},\"payload\":\"5\"}", NULL)->u.i, 0);
    ck_assert_int_eq(read_ok(&c, a, "{\"schema\":{\"type\":\"int8\"},\"payload\":300}", NULL)->u.i, 44);
    ck_assert_int_eq(read_ok(&c, a, "{\"schema\":{\"type\":\"int32\"},\"payload\":1.9}", NULL)->u.i, 1);
    ck_assert_int_eq(read_ok(&c, a, "{\"schema\":{\"type\":\"int64\"},\"payload\":-2.5e1}", NULL)->u.i, -25);
    ck_assert_ptr_null(read_ok(&c, a, "{\"schema\":{\"type\":\"string\"},\"payload\":5}", NULL));
    const cd_value_t *f = read_ok(&c, a, "{\"schema\":{\"type\":\"float\"},\"payload\":0.1}", NULL);
    ck_assert(f->type == CD_TYPE_FLOAT32 && f->u.f == (double)0.1f);
    /* An array schema iterates an object's values. */
    const cd_value_t *arr = read_ok(
        &c, a, "{\"schema\":{\"type\":\"array\",\"items\":{\"type\":\"int32\"}},\"payload\":{\"a\":1,\"b\":2}}",
        NULL);
    ck_assert_uint_eq(arr->u.array.n, 2);
    /* Optional without a value; version must be integral to count. */
    const cd_schema_t *s;
    ck_assert_ptr_null(read_ok(&c, a, "{\"schema\":{\"type\":\"int32\",\"optional\":true,\"version\":1.5},\"payload\":null}", &s));
    ck_assert(s->optional && !s->has_version);
    conv_close(&c);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(envelope_and_parse_errors) {
    conv_t c, nc;
    JSON_OPEN(&c);
    JSON_OPEN(&nc, "schemas.enable", "false");
    const char *envelope =
        "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may not "
        "contain additional fields. If you are trying to deserialize plain JSON data, set "
        "schemas.enable=false in your converter configuration.";
    expect_to_error(&c, "{\"payload\":1}", envelope);
    expect_to_error(&c, "{\"schema\":null,\"payload\":1,\"x\":2}", envelope);
    expect_to_error(&c, "{\"schema\":null,\"x\":2}", envelope);
    expect_to_error(&c, "[1]", envelope);
    expect_to_error(&c, "42", envelope);
    expect_to_error(&c, "", envelope);
    const char *parse = "Converting byte[] to Kafka Connect data failed due to serialization error: ";
    const char *bad[] = {"{not json", "{\"a\":}", "[1,]", "[1 2]", "123abc", "truex", "\"abc",
                         "\"a\x01\"", "\"\xff\"", "\"\\q\"", "-", "1.", "1e", "01.e1", "{\"a\" 1}",
                         "{1:2}", "nul", "+1", ".5", "NaN"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        expect_to_error(&c, bad[i], parse);
        expect_to_error(&nc, bad[i], parse);
    }
    /* Jackson's nesting limit is 1000. */
    char deep[2100];
    memset(deep, '[', 1000);
    memset(deep + 1000, ']', 1000);
    deep[2000] = '\0';
    cd_arena_t *a = cd_arena_new(0);
    ck_assert_ptr_nonnull(read_ok(&nc, a, deep, NULL));
    cd_arena_destroy(a);
    memset(deep, '[', 1001);
    memset(deep + 1001, ']', 1001);
    deep[2002] = '\0';
    expect_to_error(&nc, deep, parse);
    conv_close(&c);
    conv_close(&nc);
}
END_TEST

START_TEST(config_errors) {
    conv_t c;
    cd_error_t err;
    static const struct {
        const char *key, *value, *msg;
    } cases[] = {
        {"decimal.format", "foo",
         "Invalid value foo for configuration decimal.format: String must be one of (case insensitive): BASE64, NUMERIC"},
        {"schemas.enable", "maybe",
         "Invalid value maybe for configuration schemas.enable: Expected value to be either true or false"},
        {"schemas.cache.size", "x",
         "Invalid value x for configuration schemas.cache.size: Not a number of type INT"},
        {"replace.null.with.default", "1",
         "Invalid value 1 for configuration replace.null.with.default: Expected value to be either true or false"},
        {"converter.type", "Key",
         "Invalid value Key for configuration converter.type: String must be one of: key, value, header"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_int_eq(json_try_open(&c, &err, cases[i].key, cases[i].value, NULL), CD_ERR_CONFIG);
        ck_assert_str_eq(err.message, cases[i].msg);
        ck_assert_int_eq(err.code, CD_ERR_CONFIG);
    }
    ck_assert_int_eq(json_try_open(&c, &err, "schemas.enable", " FALSE ", "decimal.format", "Numeric",
                                   "converter.type", "header", NULL),
                     0);
    cd_arena_t *a = cd_arena_new(0);
    expect_json(&c, cd_schema_decimal(a, 1, false), cd_value_bytes(a, "\x0f", 1), "1.5");
    cd_arena_destroy(a);
    conv_close(&c);
}
END_TEST

START_TEST(descriptors) {
    ck_assert_str_eq(convert_json_converter.name, "org.apache.kafka.connect.json.JsonConverter");
    ck_assert_int_eq(convert_json_converter.type, CD_PLUGIN_CONVERTER);
    ck_assert_int_eq(convert_json_header_converter.type, CD_PLUGIN_HEADER_CONVERTER);
    ck_assert_str_eq(convert_json_header_converter.name, convert_json_converter.name);
    ck_assert_ptr_eq(convert_json_header_converter.ops, convert_json_converter.ops);
    ck_assert_str_eq(convert_json_converter.aliases[0], "JsonConverter");
    ck_assert_ptr_null(convert_json_converter.aliases[1]);
    const cd_config_def_t *d = convert_json_converter.config_defs;
    const char *names[] = {"converter.type", "schemas.enable", "schemas.cache.size", "decimal.format",
                           "replace.null.with.default", NULL};
    for (size_t i = 0; names[i]; i++) ck_assert_str_eq(d[i].name, names[i]);
    ck_assert_ptr_null(d[5].name);
    ck_assert_str_eq(d[1].default_value, "true");
    ck_assert_str_eq(d[2].default_value, "1000");
    ck_assert_str_eq(d[3].default_value, "BASE64");
}
END_TEST

/* ---- json_codec ----------------------------------------------------- */

START_TEST(codec_offset_key_and_value) {
    cd_arena_t *a = cd_arena_new(0);
    cd_value_t *partition = cd_value_map_new(a, 1);
    cd_value_map_put_str(a, partition, "filename", cd_value_cstring(a, "/tmp/in.txt"));
    buf_t b;
    buf_init(&b);
    buf_append_str(&b, "[");
    json_codec_write_string(&b, "file-source");
    buf_append_str(&b, ",");
    ck_assert_int_eq(json_codec_write(&b, partition), 0);
    buf_append_str(&b, "]");
    ck_assert_str_eq(b.data, "[\"file-source\",{\"filename\":\"/tmp/in.txt\"}]");
    cd_value_t *offset = cd_value_map_new(a, 1);
    cd_value_map_put_str(a, offset, "position", cd_value_int(a, CD_TYPE_INT64, 42));
    buf_reset(&b);
    ck_assert_int_eq(json_codec_write(&b, offset), 0);
    ck_assert_str_eq(b.data, "{\"position\":42}");
    buf_reset(&b);
    json_codec_write_string(&b, NULL);
    ck_assert_str_eq(b.data, "null");
    buf_reset(&b);
    ck_assert_int_eq(json_codec_write(&b, NULL), 0);
    ck_assert_str_eq(b.data, "null");

    /* Parsed back: integers are INT64, fractions FLOAT64. */
    const cd_value_t *v;
    cd_error_t err;
    const char *doc = "{\"position\":42,\"ratio\":0.5,\"done\":false,\"f\":\"x\"}";
    ck_assert_int_eq(json_codec_parse(doc, strlen(doc), a, &v, &err), 0);
    const cd_value_t *pos = cd_value_map_get(v, "position");
    ck_assert(pos->type == CD_TYPE_INT64 && pos->u.i == 42);
    ck_assert_int_eq(cd_value_map_get(v, "ratio")->type, CD_TYPE_FLOAT64);
    ck_assert(!cd_value_map_get(v, "done")->u.b);
    ck_assert_str_eq(cd_value_map_get(v, "f")->u.str.data, "x");
    const char *key = "[\"file-source\",{\"filename\":\"/tmp/in.txt\"}]";
    ck_assert_int_eq(json_codec_parse(key, strlen(key), a, &v, &err), 0);
    ck_assert_int_eq(v->type, CD_TYPE_ARRAY);
    ck_assert_str_eq(cd_value_map_get(v->u.array.items[1], "filename")->u.str.data, "/tmp/in.txt");
    /* Writing what was read gives the same bytes. */
    buf_reset(&b);
    ck_assert_int_eq(json_codec_write(&b, v), 0);
    ck_assert_str_eq(b.data, key);
    ck_assert_int_eq(json_codec_parse("null", 4, a, &v, &err), 0);
    ck_assert_ptr_null(v);
    ck_assert_int_eq(json_codec_parse("{\"a\":", 5, a, &v, &err), CD_ERR_DATA);
    ck_assert_int_eq(err.code, CD_ERR_DATA);
    ck_assert_ptr_nonnull(strstr(err.message, "Converting byte[] to Kafka Connect data failed"));
    buf_free(&b);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(codec_refuses_structs) {
    cd_arena_t *a = cd_arena_new(0);
    cd_schema_t *s = cd_schema_new(a, CD_TYPE_STRUCT);
    cd_schema_add_field(a, s, "x", cd_schema_primitive(CD_TYPE_INT32, true));
    cd_value_t *m = cd_value_map_new(a, 0);
    cd_value_map_put_str(a, m, "s", cd_value_struct_new(a, s));
    buf_t b;
    buf_init(&b);
    buf_append_str(&b, "prefix");
    ck_assert_int_eq(json_codec_write(&b, m), -1);
    ck_assert_str_eq(b.data, "prefix"); /* left as it was */
    buf_free(&b);
    cd_arena_destroy(a);
}
END_TEST

Suite *suite_converters(void);
Suite *suite_converters(void) {
    Suite *s = suite_create("converters");
    TCase *tc = tcase_create("builtin");
    tcase_add_test(tc, builtin_list);
    tcase_add_test(tc, string_converter_from_connect);
    tcase_add_test(tc, string_converter_to_connect);
    tcase_add_test(tc, string_converter_encoding);
    tcase_add_test(tc, bytearray_converter);
    suite_add_tcase(s, tc);
    tc = tcase_create("json");
    tcase_add_test(tc, schemaless_inference);
    tcase_add_test(tc, lenient_reads_with_schema);
    tcase_add_test(tc, envelope_and_parse_errors);
    tcase_add_test(tc, config_errors);
    tcase_add_test(tc, descriptors);
    tcase_add_test(tc, codec_offset_key_and_value);
    tcase_add_test(tc, codec_refuses_structs);
    suite_add_tcase(s, tc);
    return s;
}
