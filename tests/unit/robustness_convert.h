/*
 * Robustness targets for the converters: the built-in JSON (four
 * configurations), String, ByteArray and SimpleHeader converters, and the
 * schemaless JSON codec of the internal topics. A success must round-trip
 * to the same bytes; a failure must be a CD_ERR_DATA with a message.
 */
#ifndef CD_TESTS_UNIT_ROBUSTNESS_CONVERT_H
#define CD_TESTS_UNIT_ROBUSTNESS_CONVERT_H

#include <check.h>
#include <connectd/plugin.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "convert/builtin.h"
#include "convert/converters.h"
#include "convert/json_codec.h"
#include "robustness_inputs.h"
#include "util/buf.h"

/* ---- converters -------------------------------------------------------- */

typedef struct conv {
    const cd_converter_ops_t *ops;
    void *state;
    cd_config_t *cfg;
} conv_t;

/* Configure a built-in converter; kv is NULL-terminated key/value pairs. */
static inline void conv_open(conv_t *c, const char *cls, cd_plugin_type_t type, const char *const *kv) {
    const cd_plugin_desc_t *const *all;
    size_t n = convert_builtin_plugins(&all);
    const cd_plugin_desc_t *desc = NULL;
    for (size_t i = 0; i < n && !desc; i++)
        if (strcmp(all[i]->name, cls) == 0 && all[i]->type == type) desc = all[i];
    ck_assert_ptr_nonnull(desc);
    cd_props_t *props = cd_props_new();
    cd_props_set(props, "converter.type", type == CD_PLUGIN_CONVERTER ? "value" : "header");
    for (; kv && kv[0]; kv += 2) cd_props_set(props, kv[0], kv[1]);
    const cd_config_def_t *tables[1] = {desc->config_defs};
    c->cfg = config_new(tables, 1, props);
    cd_props_destroy(props);
    c->ops = desc->ops;
    cd_error_t err;
    ck_assert_msg(c->ops->configure(&c->state, c->cfg, false, &err) == 0, "%s", err.message);
}

static inline void conv_close(conv_t *c) {
    c->ops->destroy(c->state);
    config_destroy(c->cfg);
}

typedef struct convs {
    conv_t json[4]; /* schemas on/off x decimal BASE64/NUMERIC (and no null defaults) */
    conv_t string, bytes, header;
} convs_t;

static inline void convs_open(convs_t *cv) {
    static const char *const cfg[4][7] = {
        {"schemas.enable", "true", NULL},
        {"schemas.enable", "false", NULL},
        {"schemas.enable", "true", "decimal.format", "NUMERIC", "replace.null.with.default", "false",
         NULL},
        {"schemas.enable", "false", "decimal.format", "NUMERIC", NULL},
    };
    for (size_t i = 0; i < 4; i++)
        conv_open(&cv->json[i], JSON_CONVERTER_CLASS, CD_PLUGIN_CONVERTER, cfg[i]);
    conv_open(&cv->string, STRING_CONVERTER_CLASS, CD_PLUGIN_CONVERTER, NULL);
    conv_open(&cv->bytes, BYTEARRAY_CONVERTER_CLASS, CD_PLUGIN_CONVERTER, NULL);
    conv_open(&cv->header, SIMPLE_HEADER_CONVERTER_CLASS, CD_PLUGIN_HEADER_CONVERTER, NULL);
}

static inline void convs_close(convs_t *cv) {
    for (size_t i = 0; i < 4; i++) conv_close(&cv->json[i]);
    conv_close(&cv->string);
    conv_close(&cv->bytes);
    conv_close(&cv->header);
}

static inline void require_error(int rc, const cd_error_t *err, const char *what) {
    REQUIRE(rc == CD_ERR_DATA && err->code == CD_ERR_DATA, "%s: error code %d/%d", what, rc,
            err->code);
    REQUIRE(err->message[0], "%s: error without a message", what);
}

/* from_connect into b, which is reset first. */
static inline int conv_write(conv_t *c, const cd_schema_t *s, const cd_value_t *v, buf_t *b,
                      cd_error_t *err) {
    buf_reset(b);
    b->is_null = false;
    memset(err, 0, sizeof *err);
    return c->ops->from_connect(c->state, "t", s, v, b, err);
}

static inline int conv_read(conv_t *c, const buf_t *b, cd_arena_t *a, const cd_schema_t **s,
                     const cd_value_t **v, cd_error_t *err) {
    memset(err, 0, sizeof *err);
    return c->ops->to_connect(c->state, "t", b->is_null ? NULL : (b->data ? b->data : ""), b->len,
                              a, s, v, err);
}

/* Whatever one converter read, the others must be able to write (or
 * refuse with a proper error). */
static inline void check_cross(convs_t *cv, const cd_schema_t *s, const cd_value_t *v, cd_arena_t *a) {
    buf_t b;
    buf_init(&b);
    cd_error_t err;
    REQUIRE(conv_write(&cv->string, s, v, &b, &err) == 0, "StringConverter write: %s", err.message);
    REQUIRE(conv_write(&cv->header, s, v, &b, &err) == 0, "header write: %s", err.message);
    const cd_schema_t *hs;
    const cd_value_t *hv;
    REQUIRE(conv_read(&cv->header, &b, a, &hs, &hv, &err) == 0, "header re-read: %s", err.message);
    int rc = conv_write(&cv->bytes, s, v, &b, &err);
    if (rc) require_error(rc, &err, "ByteArrayConverter write");
    for (size_t i = 0; i < 4; i++) {
        rc = conv_write(&cv->json[i], s, v, &b, &err);
        if (rc) require_error(rc, &err, "JsonConverter cross write");
    }
    buf_free(&b);
}

/* Whether a value or a schema default holds an infinite float: Kafka
 * (Jackson) writes it as the string "Infinity", which reads back as 0.0
 * for a float schema, so such values do not round-trip there either. */
static inline bool has_infinity(const cd_schema_t *s, const cd_value_t *v, int depth) {
    if (depth > 1100) return false;
    if (s && s->has_default && s->default_value && has_infinity(NULL, s->default_value, depth + 1))
        return true;
    if (s && (has_infinity(s->key_schema, NULL, depth + 1) ||
              has_infinity(s->value_schema, NULL, depth + 1)))
        return true;
    for (size_t i = 0; s && i < s->n_fields; i++)
        if (has_infinity(s->fields[i].schema, NULL, depth + 1)) return true;
    if (!v) return false;
    switch (v->type) {
    case CD_TYPE_FLOAT32:
    case CD_TYPE_FLOAT64: return v->u.f - v->u.f != 0; /* inf - inf is NaN */
    case CD_TYPE_ARRAY:
        for (size_t i = 0; i < v->u.array.n; i++)
            if (has_infinity(NULL, v->u.array.items[i], depth + 1)) return true;
        return false;
    case CD_TYPE_MAP:
        for (size_t i = 0; i < v->u.map.n; i++)
            if (has_infinity(NULL, v->u.map.keys[i], depth + 1) ||
                has_infinity(NULL, v->u.map.values[i], depth + 1))
                return true;
        return false;
    case CD_TYPE_STRUCT:
        for (size_t i = 0; v->u.strct.schema && i < v->u.strct.schema->n_fields; i++)
            if (has_infinity(NULL, v->u.strct.fields[i], depth + 1)) return true;
        return false;
    default: return false;
    }
}

/* Whether text has a number longer than the 1000 characters JSON readers
 * accept (Jackson's limit, which Kafka has too): a NUMERIC decimal read
 * from 1e2000 is written back with all its digits at the schema's scale. */
static inline bool has_overlong_number(const buf_t *b) {
    size_t run = 0;
    for (size_t i = 0; i < b->len; i++) {
        run = strchr("0123456789.eE+-", b->data[i]) && b->data[i] ? run + 1 : 0;
        if (run > 1000) return true;
    }
    return false;
}

/* to_connect, then from_connect; what was written must read back and
 * write again to the very same bytes (infinities aside, see above). */
static inline void check_json_converter(convs_t *cv, size_t which, const uint8_t *d, size_t n,
                                 cd_arena_t *a) {
    conv_t *c = &cv->json[which];
    const cd_schema_t *s;
    const cd_value_t *v;
    cd_error_t err = {0};
    int rc = c->ops->to_connect(c->state, "t", d, n, a, &s, &v, &err);
    if (rc) {
        require_error(rc, &err, "JsonConverter read");
        return;
    }
    buf_t b1, b2;
    buf_init(&b1);
    buf_init(&b2);
    rc = conv_write(c, s, v, &b1, &err);
    if (rc) {
        require_error(rc, &err, "JsonConverter write");
    } else {
        const cd_schema_t *s2;
        const cd_value_t *v2;
        rc = conv_read(c, &b1, a, &s2, &v2, &err);
        REQUIRE(rc == 0 || has_overlong_number(&b1),
                "JsonConverter[%zu] cannot read its own output %s: %s", which,
                b1.data ? b1.data : "(null)", err.message);
        if (rc == 0) {
            rc = conv_write(c, s2, v2, &b2, &err);
            REQUIRE(rc == 0, "JsonConverter[%zu] cannot write what it read: %s", which,
                    err.message);
            REQUIRE(has_infinity(s, v, 0) ||
                        (b1.is_null == b2.is_null && b1.len == b2.len &&
                         (!b1.len || memcmp(b1.data, b2.data, b1.len) == 0)),
                    "JsonConverter[%zu] round trip differs:\n%s\n%s", which, b1.data, b2.data);
        }
    }
    buf_free(&b1);
    buf_free(&b2);
    check_cross(cv, s, v, a);
}

/* JSON without a schema as the worker's internal topics use it. */
static inline void check_json_codec(const uint8_t *d, size_t n, cd_arena_t *a) {
    const cd_value_t *v;
    cd_error_t err = {0};
    int rc = json_codec_parse((const char *)d, n, a, &v, &err);
    if (rc) {
        require_error(rc, &err, "json_codec_parse");
        return;
    }
    buf_t b1, b2;
    buf_init(&b1);
    buf_init(&b2);
    REQUIRE(json_codec_write(&b1, v) == 0, "json_codec_write refused a parsed value");
    const cd_value_t *v2;
    REQUIRE(json_codec_parse(b1.data, b1.len, a, &v2, &err) == 0, "json_codec re-read %s: %s",
            b1.data, err.message);
    REQUIRE(json_codec_write(&b2, v2) == 0 && b1.len == b2.len && memcmp(b1.data, b2.data, b1.len) == 0,
            "json_codec round trip differs:\n%s\n%s", b1.data, b2.data);
    buf_free(&b1);
    buf_free(&b2);
}

static inline bool utf8_ok(const uint8_t *s, size_t n) {
    json_t *j = json_stringn((const char *)s, n); /* jansson validates UTF-8 */
    json_decref(j);
    return j != NULL;
}

/* String, bytes and header converters read anything. */
static inline void check_plain_converters(convs_t *cv, const uint8_t *d, size_t n, cd_arena_t *a) {
    const cd_schema_t *s;
    const cd_value_t *v;
    cd_error_t err;
    buf_t in = {.data = (char *)d, .len = n}, b1, b2;
    buf_init(&b1);
    buf_init(&b2);

    REQUIRE(conv_read(&cv->bytes, &in, a, &s, &v, &err) == 0, "ByteArrayConverter read failed");
    REQUIRE(conv_write(&cv->bytes, s, v, &b1, &err) == 0 && b1.len == n &&
                (!n || memcmp(b1.data, d, n) == 0),
            "ByteArrayConverter changed the bytes");

    REQUIRE(conv_read(&cv->string, &in, a, &s, &v, &err) == 0, "StringConverter read failed");
    REQUIRE(conv_write(&cv->string, s, v, &b1, &err) == 0, "StringConverter write failed");
    bool valid = utf8_ok(d, n);
    REQUIRE(!valid || (b1.len == n && (!n || memcmp(b1.data, d, n) == 0)),
            "StringConverter changed valid UTF-8");
    REQUIRE(valid || utf8_ok((const uint8_t *)b1.data, b1.len),
            "StringConverter wrote invalid UTF-8");

    REQUIRE(conv_read(&cv->header, &in, a, &s, &v, &err) == 0, "header read failed");
    REQUIRE(conv_write(&cv->header, s, v, &b1, &err) == 0, "header write failed");
    const cd_schema_t *s2;
    const cd_value_t *v2;
    REQUIRE(conv_read(&cv->header, &b1, a, &s2, &v2, &err) == 0, "header re-read failed");
    REQUIRE(conv_write(&cv->header, s2, v2, &b2, &err) == 0, "header re-write failed");
    check_cross(cv, s, v, a);
    buf_free(&b1);
    buf_free(&b2);
}

#endif
