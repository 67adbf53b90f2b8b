/*
 * Robustness of every parser that takes user input: properties text,
 * config provider references, converter bytes (JSON with and without
 * schemas, strings, raw bytes, header text), schemaless JSON and whole
 * REST requests. Inputs are deterministic: valid seeds, mutated by an
 * xorshift generator with fixed seeds (bit flips, truncation, duplication,
 * splicing of fragments, deep nesting), plus a few hand-made extremes.
 *
 * What must hold for every input: the call returns; a failure has the
 * documented error code and a non-empty message; a success round-trips
 * where that is defined (properties re-escaped and re-read, JSON written
 * and re-read to the same bytes). Under `make SAN=1 unit` any leak or
 * undefined behaviour fails the run. Regression cases for the bugs these
 * inputs found come last.
 */
#include <check.h>
#include <connectd/plugin.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config_def.h"
#include "config/properties.h"
#include "config/providers.h"
#include "convert/builtin.h"
#include "convert/converters.h"
#include "convert/json_codec.h"
#include "herder/herder.h"
#include "log/log.h"
#include "plugin/registry.h"
#include "rest/rest_api.h"
#include "util/buf.h"
#include "util/mem.h"

/* ck_assert_msg records a checkpoint on every call; a plain test keeps
 * millions of checks cheap and only reports failures. */
#define REQUIRE(cond, ...)                          \
    do {                                            \
        if (!(cond)) ck_abort_msg(__VA_ARGS__);     \
    } while (0)

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_INPUT (64u * 1024u)

/* ---- inputs: xorshift generator and mutations ----------------------- */

typedef struct rng {
    uint64_t s;
} rng_t;

static uint64_t rng_next(rng_t *r) {
    uint64_t x = r->s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return r->s = x;
}

static size_t rng_below(rng_t *r, size_t n) { return n ? (size_t)(rng_next(r) % n) : 0; }

typedef struct input {
    uint8_t *d;
    size_t n, cap;
} input_t;

static void in_insert(input_t *in, size_t at, const void *src, size_t len) {
    if (in->n + len > MAX_INPUT) len = MAX_INPUT - in->n;
    if (!len) return;
    if (in->n + len + 1 > in->cap) {
        in->cap = (in->n + len + 1) * 2;
        in->d = xrealloc(in->d, in->cap);
    }
    memmove(in->d + at + len, in->d + at, in->n - at);
    memcpy(in->d + at, src, len);
    in->n += len;
}

static void in_set(input_t *in, const void *src, size_t len) {
    in->n = 0;
    in_insert(in, 0, src, len);
    if (!in->d) in->d = xcalloc(1, 1);
}

/* What a target's inputs are made of: whole valid seeds and fragments
 * worth splicing in. */
typedef struct corpus {
    const char *const *seeds;
    size_t n_seeds;
    const char *const *dict;
    size_t n_dict;
} corpus_t;

static const uint8_t interesting[] = {0x00, 0x01, '\\', '"', '{', '}', '[', ']', ':', ',',
                                      '\n', '\r', ' ', '\t', '=', '%', '$', 0x7f, 0x80, 0xbf,
                                      0xc3, 0xe2, 0xed, 0xf0, 0xf4, 0xff, '0', '9', '-', '.'};

static void mutate_once(rng_t *r, input_t *in, const corpus_t *c) {
    size_t pos = rng_below(r, in->n + 1);
    switch (rng_below(r, 9)) {
    case 0: /* bit flip */
        if (in->n) in->d[rng_below(r, in->n)] ^= (uint8_t)(1u << rng_below(r, 8));
        break;
    case 1: /* one interesting byte, replaced or inserted */
        if (in->n && rng_below(r, 2))
            in->d[rng_below(r, in->n)] = interesting[rng_below(r, sizeof interesting)];
        else
            in_insert(in, pos, &interesting[rng_below(r, sizeof interesting)], 1);
        break;
    case 2: { /* delete a range */
        size_t len = rng_below(r, in->n - (pos < in->n ? pos : in->n) + 1);
        memmove(in->d + pos, in->d + pos + len, in->n - pos - len);
        in->n -= len;
        break;
    }
    case 3: /* truncate */
        in->n = pos < in->n ? pos : in->n;
        break;
    case 4: { /* duplicate a range somewhere */
        if (!in->n) break;
        size_t from = rng_below(r, in->n), len = 1 + rng_below(r, in->n - from);
        uint8_t *copy = xmalloc(len);
        memcpy(copy, in->d + from, len);
        in_insert(in, rng_below(r, in->n + 1), copy, len);
        free(copy);
        break;
    }
    case 5:
    case 6: { /* a dictionary fragment */
        const char *f = c->dict[rng_below(r, c->n_dict)];
        in_insert(in, pos, f, strlen(f));
        break;
    }
    case 7: { /* splice: our prefix, another seed's suffix */
        const char *s = c->seeds[rng_below(r, c->n_seeds)];
        size_t sl = strlen(s), cut = rng_below(r, sl + 1);
        in->n = pos < in->n ? pos : in->n;
        in_insert(in, in->n, s + cut, sl - cut);
        break;
    }
    default: { /* a fragment repeated: deep nesting, long runs */
        const char *f = c->dict[rng_below(r, c->n_dict)];
        size_t times = 1 + rng_below(r, rng_below(r, 4) ? 40 : 3000);
        for (size_t i = 0; i < times && in->n < MAX_INPUT; i++) in_insert(in, pos, f, strlen(f));
        break;
    }
    }
}

/* The next input: a seed mutated one to six times, or random bytes. */
static void next_input(rng_t *r, input_t *in, const corpus_t *c) {
    if (rng_below(r, 16) == 0) {
        uint8_t tmp[64];
        size_t n = rng_below(r, sizeof tmp + 1);
        for (size_t i = 0; i < n; i++) tmp[i] = (uint8_t)rng_next(r);
        in_set(in, tmp, n);
        return;
    }
    const char *s = c->seeds[rng_below(r, c->n_seeds)];
    in_set(in, s, strlen(s));
    for (size_t k = 1 + rng_below(r, 6); k > 0; k--) mutate_once(r, in, c);
}

static char *repeat(const char *unit, size_t times, const char *tail) {
    buf_t b;
    buf_init(&b);
    for (size_t i = 0; i < times; i++) buf_append_str(&b, unit);
    buf_append_str(&b, tail);
    return buf_steal(&b);
}

/* ---- properties ------------------------------------------------------ */

/* Properties.store's escaping, so that re-reading gives the same map. */
static void props_escape(buf_t *b, const char *s, bool is_key) {
    for (size_t i = 0; s[i]; i++) {
        char c = s[i];
        const char *esc = c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n"
                        : c == '\r' ? "\\r" : c == '\f' ? "\\f" : NULL;
        if (esc) {
            buf_append_str(b, esc);
            continue;
        }
        if (c == '=' || c == ':' || c == '#' || c == '!' || (c == ' ' && (is_key || i == 0)))
            cd_buf_append(b, "\\", 1);
        cd_buf_append(b, &c, 1);
    }
}

static void check_properties(const uint8_t *d, size_t n) {
    cd_props_t *p = (cd_props_t *)0x1;
    char err[256] = "";
    if (properties_parse_string((const char *)d, n, &p, err, sizeof err) != 0) {
        REQUIRE(p == NULL && err[0], "properties: failure without a message or with a map");
        return;
    }
    REQUIRE(p != NULL, "properties: success without a map");
    buf_t b;
    buf_init(&b);
    for (size_t i = 0; i < cd_props_count(p); i++) {
        props_escape(&b, cd_props_key_at(p, i), true);
        cd_buf_append(&b, "=", 1);
        props_escape(&b, cd_props_value_at(p, i), false);
        cd_buf_append(&b, "\n", 1);
    }
    cd_props_t *q = NULL;
    REQUIRE(properties_parse_string(b.data, b.len, &q, err, sizeof err) == 0,
            "properties: re-reading the stored form failed: %s", err);
    REQUIRE(cd_props_count(q) == cd_props_count(p), "properties: round trip changed the count");
    for (size_t i = 0; i < cd_props_count(p); i++)
        REQUIRE(strcmp(cd_props_key_at(p, i), cd_props_key_at(q, i)) == 0 &&
                    strcmp(cd_props_value_at(p, i), cd_props_value_at(q, i)) == 0,
                "properties: round trip changed entry %zu (%s)", i, cd_props_key_at(p, i));
    cd_props_destroy(q);
    cd_props_destroy(p);
    buf_free(&b);
}

/* ---- config providers ------------------------------------------------ */

typedef struct providers_env {
    char dir[64];
    config_providers_t *cp;
} providers_env_t;

static void write_file(const char *dir, const char *name, const char *text) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void providers_open(providers_env_t *e) {
    snprintf(e->dir, sizeof e->dir, "/tmp/cd-robust-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(e->dir));
    write_file(e->dir, "a.properties", "user=alice\npass=s3cr\\u0065t\nempty=\n");
    write_file(e->dir, "secret", "hunter2");
    setenv("CD_ROBUST_VAR", "from-env", 1);
    cd_props_t *w = cd_props_new();
    cd_props_set(w, "config.providers", "file,dir,env,envall");
    cd_props_set(w, "config.providers.file.class", "FileConfigProvider");
    cd_props_set(w, "config.providers.file.param.allowed.paths", e->dir);
    cd_props_set(w, "config.providers.dir.class", "DirectoryConfigProvider");
    cd_props_set(w, "config.providers.dir.param.allowed.paths", e->dir);
    cd_props_set(w, "config.providers.env.class", "EnvVarConfigProvider");
    cd_props_set(w, "config.providers.env.param.allowlist.pattern", "CD_ROBUST_[A-Z]*");
    cd_props_set(w, "config.providers.envall.class", "EnvVarConfigProvider");
    char err[512];
    e->cp = config_providers_new(w, err, sizeof err);
    ck_assert_msg(e->cp != NULL, "%s", err);
    cd_props_destroy(w);
}

static void providers_close(providers_env_t *e) {
    config_providers_destroy(e->cp);
    char path[256];
    snprintf(path, sizeof path, "%s/a.properties", e->dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/secret", e->dir);
    unlink(path);
    rmdir(e->dir);
}

/* Input lines "key=value" (no escapes); "@D" stands for the test dir. */
static void check_providers(const providers_env_t *e, const uint8_t *d, size_t n) {
    buf_t text;
    buf_init(&text);
    for (size_t i = 0; i < n; i++) {
        if (d[i] == '@' && i + 1 < n && d[i + 1] == 'D') {
            buf_append_str(&text, e->dir);
            i++;
        } else {
            char c = d[i] ? (char)d[i] : '?';
            cd_buf_append(&text, &c, 1);
        }
    }
    cd_props_t *in = cd_props_new();
    int line = 0;
    for (char *s = text.data, *next; s && *s; s = next) {
        next = strchr(s, '\n');
        if (next) *next++ = '\0';
        char *eq = strchr(s, '='), key[32];
        if (eq) *eq = '\0';
        snprintf(key, sizeof key, "k%d", line++);
        cd_props_set(in, eq ? s : key, eq ? eq + 1 : s);
    }
    cd_props_t *out = (cd_props_t *)0x1;
    char err[512] = "";
    if (config_providers_resolve(e->cp, in, &out, err, sizeof err) != 0) {
        REQUIRE(out == NULL && err[0], "providers: failure without a message or with a map");
    } else {
        REQUIRE(out && cd_props_count(out) == cd_props_count(in), "providers: entries changed");
        for (size_t i = 0; i < cd_props_count(in); i++) {
            const char *v = cd_props_value_at(in, i);
            REQUIRE(strcmp(cd_props_key_at(in, i), cd_props_key_at(out, i)) == 0,
                    "providers: key %zu changed", i);
            REQUIRE(config_providers_has_reference(v) || strcmp(v, cd_props_value_at(out, i)) == 0,
                    "providers: a value without references changed: %s", v);
        }
        cd_props_destroy(out);
    }
    cd_props_destroy(in);
    buf_free(&text);
}

/* ---- converters -------------------------------------------------------- */

typedef struct conv {
    const cd_converter_ops_t *ops;
    void *state;
    cd_config_t *cfg;
} conv_t;

/* Configure a built-in converter; kv is NULL-terminated key/value pairs. */
static void conv_open(conv_t *c, const char *cls, cd_plugin_type_t type, const char *const *kv) {
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

static void conv_close(conv_t *c) {
    c->ops->destroy(c->state);
    config_destroy(c->cfg);
}

typedef struct convs {
    conv_t json[4]; /* schemas on/off x decimal BASE64/NUMERIC (and no null defaults) */
    conv_t string, bytes, header;
} convs_t;

static void convs_open(convs_t *cv) {
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

static void convs_close(convs_t *cv) {
    for (size_t i = 0; i < 4; i++) conv_close(&cv->json[i]);
    conv_close(&cv->string);
    conv_close(&cv->bytes);
    conv_close(&cv->header);
}

static void require_error(int rc, const cd_error_t *err, const char *what) {
    REQUIRE(rc == CD_ERR_DATA && err->code == CD_ERR_DATA, "%s: error code %d/%d", what, rc,
            err->code);
    REQUIRE(err->message[0], "%s: error without a message", what);
}

/* from_connect into b, which is reset first. */
static int conv_write(conv_t *c, const cd_schema_t *s, const cd_value_t *v, buf_t *b,
                      cd_error_t *err) {
    buf_reset(b);
    b->is_null = false;
    memset(err, 0, sizeof *err);
    return c->ops->from_connect(c->state, "t", s, v, b, err);
}

static int conv_read(conv_t *c, const buf_t *b, cd_arena_t *a, const cd_schema_t **s,
                     const cd_value_t **v, cd_error_t *err) {
    memset(err, 0, sizeof *err);
    return c->ops->to_connect(c->state, "t", b->is_null ? NULL : (b->data ? b->data : ""), b->len,
                              a, s, v, err);
}

/* Whatever one converter read, the others must be able to write (or
 * refuse with a proper error). */
static void check_cross(convs_t *cv, const cd_schema_t *s, const cd_value_t *v, cd_arena_t *a) {
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
static bool has_infinity(const cd_schema_t *s, const cd_value_t *v, int depth) {
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
static bool has_overlong_number(const buf_t *b) {
    size_t run = 0;
    for (size_t i = 0; i < b->len; i++) {
        run = strchr("0123456789.eE+-", b->data[i]) && b->data[i] ? run + 1 : 0;
        if (run > 1000) return true;
    }
    return false;
}

/* to_connect, then from_connect; what was written must read back and
 * write again to the very same bytes (infinities aside, see above). */
static void check_json_converter(convs_t *cv, size_t which, const uint8_t *d, size_t n,
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
static void check_json_codec(const uint8_t *d, size_t n, cd_arena_t *a) {
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

static bool utf8_ok(const uint8_t *s, size_t n) {
    json_t *j = json_stringn((const char *)s, n); /* jansson validates UTF-8 */
    json_decref(j);
    return j != NULL;
}

/* String, bytes and header converters read anything. */
static void check_plain_converters(convs_t *cv, const uint8_t *d, size_t n, cd_arena_t *a) {
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

/* ---- REST: the whole dispatcher against a small in-memory herder ------ */

#define MINI_MAX 16
typedef struct mini_herder {
    herder_t base;
    char *names[MINI_MAX];
    cd_props_t *configs[MINI_MAX];
    size_t n;
} mini_herder_t;

static int mini_find(mini_herder_t *m, const char *name) {
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->names[i], name) == 0) return (int)i;
    return -1;
}

static const char *mini_type(const cd_props_t *config) {
    const char *cls = cd_props_get(config, "connector.class");
    return cls && strstr(cls, "Sink") ? "sink" : "source";
}

static connector_info_t *mini_info(mini_herder_t *m, int i) {
    connector_info_t *info = xcalloc(1, sizeof *info);
    info->name = xstrdup(m->names[i]);
    info->config = cd_props_clone(m->configs[i]);
    info->n_tasks = 1;
    info->type = mini_type(m->configs[i]);
    return info;
}

static int mini_names(herder_t *h, char ***names, size_t *n) {
    mini_herder_t *m = (mini_herder_t *)h;
    *names = xcalloc(m->n + 1, sizeof **names);
    for (size_t i = 0; i < m->n; i++) (*names)[i] = xstrdup(m->names[i]);
    *n = m->n;
    return HERDER_OK;
}

static int mini_connector_info(herder_t *h, const char *name, connector_info_t **out,
                               herder_error_t *err) {
    mini_herder_t *m = (mini_herder_t *)h;
    int i = mini_find(m, name);
    if (i < 0) return herder_fail(err, HERDER_NOT_FOUND, "Connector %s not found", name);
    *out = mini_info(m, i);
    return HERDER_OK;
}

static int mini_put(herder_t *h, const char *name, const cd_props_t *config, target_state_t initial,
                    bool allow_replace, bool *created, connector_info_t **out,
                    herder_error_t *err) {
    (void)initial;
    mini_herder_t *m = (mini_herder_t *)h;
    int i = mini_find(m, name);
    if (!*name) return herder_fail(err, HERDER_BAD_REQUEST, "Connector name is empty");
    if (i >= 0 && !allow_replace)
        return herder_fail(err, HERDER_ALREADY_EXISTS, "Connector %s already exists", name);
    if (i < 0 && m->n == MINI_MAX) return herder_fail(err, HERDER_INTERNAL, "herder is full");
    if (i < 0) {
        i = (int)m->n++;
        m->names[i] = xstrdup(name);
    } else {
        cd_props_destroy(m->configs[i]);
    }
    m->configs[i] = cd_props_clone(config);
    *created = true;
    *out = mini_info(m, i);
    return HERDER_OK;
}

static int mini_delete(herder_t *h, const char *name, herder_error_t *err) {
    mini_herder_t *m = (mini_herder_t *)h;
    int i = mini_find(m, name);
    if (i < 0) return herder_fail(err, HERDER_NOT_FOUND, "Connector %s not found", name);
    free(m->names[i]);
    cd_props_destroy(m->configs[i]);
    m->n--;
    m->names[i] = m->names[m->n];
    m->configs[i] = m->configs[m->n];
    return HERDER_OK;
}

static void mini_state(instance_state_t *s, int id) {
    s->id = id;
    s->state = xstrdup("RUNNING");
    s->worker_id = xstrdup("127.0.0.1:8083");
    s->version = xstrdup("4.3.1");
}

static int mini_status(herder_t *h, const char *name, connector_state_info_t **out,
                       herder_error_t *err) {
    mini_herder_t *m = (mini_herder_t *)h;
    int i = mini_find(m, name);
    if (i < 0) return herder_fail(err, HERDER_NOT_FOUND, "No status found for connector %s", name);
    connector_state_info_t *s = xcalloc(1, sizeof *s);
    s->name = xstrdup(name);
    mini_state(&s->connector, -1);
    s->tasks = xcalloc(1, sizeof *s->tasks);
    mini_state(&s->tasks[0], 0);
    s->n_tasks = 1;
    s->type = mini_type(m->configs[i]);
    *out = s;
    return HERDER_OK;
}

static int mini_task_status(herder_t *h, const char *name, int task, instance_state_t **out,
                            herder_error_t *err) {
    mini_herder_t *m = (mini_herder_t *)h;
    if (mini_find(m, name) < 0 || task != 0)
        return herder_fail(err, HERDER_NOT_FOUND, "No status found for task %s-%d", name, task);
    *out = xcalloc(1, sizeof **out);
    mini_state(*out, 0);
    return HERDER_OK;
}

static const char *mini_cluster_id(herder_t *h) {
    (void)h;
    return "robust-cluster";
}

static void mini_stop(herder_t *h) { (void)h; }

static void mini_destroy(herder_t *h) {
    mini_herder_t *m = (mini_herder_t *)h;
    for (size_t i = 0; i < m->n; i++) {
        free(m->names[i]);
        cd_props_destroy(m->configs[i]);
    }
    m->n = 0;
}

static const herder_ops_t mini_ops = {
    .connector_names = mini_names,
    .connector_info = mini_connector_info,
    .put_connector = mini_put,
    .delete_connector = mini_delete,
    .connector_status = mini_status,
    .task_status = mini_task_status,
    .kafka_cluster_id = mini_cluster_id,
    .worker_id = mini_cluster_id,
    .stop = mini_stop,
    .destroy = mini_destroy,
};

typedef struct rest_env {
    mini_herder_t herder;
    plugin_registry_t *registry;
    rest_api_t *api;
} rest_env_t;

static void rest_env_open(rest_env_t *e) {
    memset(&e->herder, 0, sizeof e->herder);
    e->herder.base.ops = &mini_ops;
    e->registry = plugin_registry_new();
    const cd_plugin_desc_t *const *all;
    size_t n = convert_builtin_plugins(&all);
    char err[512];
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(plugin_registry_add(e->registry, all[i], "builtin", err, sizeof err) == 0,
                      "%s", err);
    e->api = rest_api_new(&e->herder.base, e->registry, err, sizeof err);
    ck_assert_msg(e->api != NULL, "%s", err);
}

static void rest_env_close(rest_env_t *e) {
    rest_api_destroy(e->api);
    herder_destroy(&e->herder.base);
    plugin_registry_destroy(e->registry);
}

/* One request and the answer's invariants: a status of 200..599, a body
 * that is JSON, and for errors {"error_code":status,"message":"..."}. */
static void rest_call(rest_env_t *e, const char *method, const char *target, const char *ct,
                      const char *body, size_t body_len, rest_response_t *resp) {
    rest_api_handle(e->api, method, target, ct, body, body_len, "http://localhost:8083", resp);
    REQUIRE(resp->status >= 200 && resp->status <= 599, "REST %s %s: status %d", method, target,
            resp->status);
    REQUIRE(resp->body || resp->status == 204, "REST %s %s: %d without a body", method, target,
            resp->status);
    if (!resp->body) return;
    REQUIRE(resp->body_len == strlen(resp->body), "REST: body length is wrong");
    json_error_t jerr;
    json_t *doc = json_loadb(resp->body, resp->body_len, JSON_DECODE_ANY, &jerr);
    REQUIRE(doc != NULL, "REST %s %s: body is not JSON: %s", method, target, resp->body);
    if (resp->status >= 400) {
        json_t *msg = json_object_get(doc, "message");
        REQUIRE(json_integer_value(json_object_get(doc, "error_code")) == resp->status &&
                    json_is_string(msg) && json_string_length(msg) > 0,
                "REST %s %s: malformed error %s", method, target, resp->body);
    }
    if (resp->status == 201) REQUIRE(resp->location != NULL, "REST: 201 without a Location");
    json_decref(doc);
}

/* Input: a method selector byte, the target up to '\n', the content type
 * up to the next '\n' (empty: none), then the body. */
static void check_rest(rest_env_t *e, const uint8_t *d, size_t n) {
    static const char *const methods[] = {"GET",  "POST",    "PUT", "DELETE", "PATCH",
                                          "HEAD", "OPTIONS", "",    "get"};
    /* '0'..'8' pick a method directly, so seeds stay printable. */
    unsigned sel = !n ? 0 : d[0] >= '0' && d[0] <= '8' ? (unsigned)(d[0] - '0') : d[0];
    const char *method = methods[sel % N_ELEMS(methods)];
    size_t i = n ? 1 : 0;
    char *line[2];
    for (int k = 0; k < 2; k++) {
        size_t start = i;
        while (i < n && d[i] != '\n') i++;
        line[k] = xstrndup((const char *)d + start, i - start);
        for (size_t j = 0; j < i - start; j++)
            if (!line[k][j]) line[k][j] = '?'; /* HTTP hands us C strings */
        if (i < n) i++;
    }
    rest_response_t resp;
    rest_call(e, method, line[0], line[1][0] ? line[1] : NULL, (const char *)d + i, n - i, &resp);
    rest_response_clear(&resp);
    free(line[0]);
    free(line[1]);
}

/* ---- corpora --------------------------------------------------------- */

static const char *const props_seeds[] = {
    "# comment\n! bang\nkey=value\nkey2 : value2\nkey3 value3\n  indented=yes\n"
    "multi=line1\\\n   line2\\\n\tline3\nunicode=\\u00e9\\u20AC\\ud83d\\ude00\n"
    "esc=\\t\\n\\r\\f\\=\\:\\\\\na\\=b=c\na\\\\=b\nempty=\n\n",
    "a=1\r\nb=2\rc=3\r\n\\\r\nd\\ e=f\\",
    "k\\u0000z=v\\u0000w\nlone=\\ud800x\\udc00\ncont=\\\n",
    "x.y.z=${file:/p:k}\nbad=\\u12",
};
static const char *const props_dict[] = {
    "\\", "\\u", "\\u00", "\\uD800", "\\uDC00", "\\u0041", "\\\n", "\\\r\n", "=", ":", " ",
    "\t", "\f", "#", "!", "\r\n", "\n", "\r", "\\u0000", "${", "}", "\xC3\xA9", "\xFF", "key",
};

static const char *const providers_seeds[] = {
    "a=${file:@D/a.properties:user}\nb=${dir:@D:secret}\nc=${env:CD_ROBUST_VAR}\n"
    "d=${env::CD_ROBUST_VAR}\ne=${unknown:x}\nf=plain\ng=${envall:HOME}",
    "h=${file:@D/a.properties:missing}${dir:@D:secret}x${file:@D/a.properties:pass}",
    "i=${file:@D/../a.properties:user}\nj=${dir:@D:../secret}\nk=${env:PATH}",
    "l=${${file:@D/a.properties:user}}\nm=${file:@D/nope:x}\nn=${dir:@D:}\no=${env:p:q}",
};
static const char *const providers_dict[] = {
    "${", "}", ":", "@D", "/", "..", ".", "file", "dir", "env", "envall", "a.properties",
    "secret", "$", "{", "\n", "=", "CD_ROBUST_VAR", "//", "::",
};

static const char *const json_seeds[] = {
    "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\\u00e9\\ud83d\\ude00\\n\"},\"f\":-1.5e-3}",
    "[1,2,3,-9223372036854775808,9223372036854775808,1.0E7,0.001]",
    "\"str\\\\\\\"\\/\\b\\f\\t\"",
    "12345678901234567890123",
    "-0.0",
    "1e400",
    "null",
    "",
    " \n\t ",
    "\xEF\xBB\xBF{\"x\":1}",
    "[[[[]]],{},{\"a\":{\"a\":{\"a\":{}}}}]",
    "{\"dup\":1,\"dup\":2}",
    "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"int8\",\"optional\":false,"
    "\"field\":\"a\"},{\"type\":\"int16\",\"optional\":true,\"field\":\"b\"},{\"type\":\"int32\","
    "\"optional\":true,\"default\":7,\"field\":\"c\"},{\"type\":\"int64\",\"optional\":false,"
    "\"field\":\"d\"},{\"type\":\"float\",\"optional\":true,\"field\":\"e\"},{\"type\":\"double\","
    "\"optional\":true,\"field\":\"f\"},{\"type\":\"boolean\",\"optional\":true,\"field\":\"g\"},"
    "{\"type\":\"string\",\"optional\":true,\"field\":\"h\"},{\"type\":\"bytes\",\"optional\":true,"
    "\"field\":\"i\"}],\"optional\":false,\"name\":\"rec\",\"version\":3,\"doc\":\"d\","
    "\"parameters\":{\"p\":\"q\"}},\"payload\":{\"a\":1,\"b\":2,\"c\":null,\"d\":4,\"e\":1.5,"
    "\"f\":2.5,\"g\":true,\"h\":\"x\",\"i\":\"AQID\"}}",
    "{\"schema\":{\"type\":\"bytes\",\"optional\":false,\"name\":"
    "\"org.apache.kafka.connect.data.Decimal\",\"version\":1,\"parameters\":{\"scale\":\"2\"}},"
    "\"payload\":\"AN4=\"}",
    "{\"schema\":{\"type\":\"bytes\",\"optional\":true,\"name\":"
    "\"org.apache.kafka.connect.data.Decimal\",\"parameters\":{\"scale\":\"-3\"},\"default\":1.5E+4},"
    "\"payload\":12.34E5}",
    "{\"schema\":{\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Date\",\"version\":1},"
    "\"payload\":19000}",
    "{\"schema\":{\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Time\",\"version\":1},"
    "\"payload\":3600000}",
    "{\"schema\":{\"type\":\"int64\",\"name\":\"org.apache.kafka.connect.data.Timestamp\","
    "\"version\":1},\"payload\":1700000000000}",
    "{\"schema\":{\"type\":\"map\",\"keys\":{\"type\":\"string\"},\"values\":{\"type\":\"int32\","
    "\"optional\":true}},\"payload\":{\"a\":1,\"b\":null}}",
    "{\"schema\":{\"type\":\"map\",\"keys\":{\"type\":\"int32\"},\"values\":{\"type\":\"array\","
    "\"items\":{\"type\":\"string\"}}},\"payload\":[[1,[\"a\"]],[2,[]],[1,[\"b\"]]]}",
    "{\"schema\":{\"type\":\"array\",\"items\":{\"type\":\"struct\",\"optional\":true,\"fields\":"
    "[{\"type\":\"string\",\"field\":\"n\",\"default\":\"d\"}]}},\"payload\":[{\"n\":\"x\"},null,{}]}",
    "{\"schema\":null,\"payload\":{\"x\":[1,2.5,\"s\",{\"y\":null}]}}",
    "{\"schema\":{\"type\":\"string\",\"optional\":true,\"default\":\"dflt\"},\"payload\":null}",
};
static const char *const json_dict[] = {
    "{", "}", "[", "]", "\"", ":", ",", "null", "true", "false", "-", "0", "1e999", ".5", "\\u",
    "\\ud800", "\\udc00", "\\\"", "\"type\":\"struct\"", "\"optional\":true", "\"default\":",
    "\"name\":\"org.apache.kafka.connect.data.Decimal\"", "\"parameters\":{\"scale\":\"-2147483648\"}",
    "\"parameters\":{\"scale\":\"2147483647\"}", "\"fields\":[", "\"items\":", "\"keys\":",
    "\"values\":", "\"schema\":", "\"payload\":", "\"type\":\"int64\"", "\"type\":\"bytes\"",
    "\"name\":\"org.apache.kafka.connect.data.Timestamp\"",
    "\"name\":\"org.apache.kafka.connect.data.Date\"", "\"name\":\"org.apache.kafka.connect.data.Time\"",
    "\"version\":2147483648", "99999999999999999999999", "1e-99999", "1e9999999999999999999",
    "\xC3\xA9", "\xF0\x9F\x98\x80", "\xFF", "\"AAAA\"", "\"field\":\"f\"", "1.5E+3",
};

static const char *const header_seeds[] = {
    "42", "-1.5", "true", "null", "[1,2,3]", "{\"a\":1,\"b\":2}", "2023-11-14", "12:30:00.000Z",
    "2023-11-14T12:30:00.000Z", "[1, null]", "{a:1 b:2}", "\"quoted\"", "[\"x\",\"y\"]", "1e400",
    "12345678901234567890", "1.0E2147483647", "[[1],[300]]", "{\"k\":[1,2]}", "", "  ", "\\\"",
    "1,2", "[2023-11-14, 1]", "{1:2, 1:3}", "[12:30:00.000Z, 2023-11-14T12:30:00.000Z]",
    "99999999-99-99T99:99:99.999Z", "-1e-5", "0.1e2", "\xE2\x88\x9E", "[\"a\\\"b\"]",
};
static const char *const header_dict[] = {
    "[", "]", "{", "}", ":", ",", "\"", "\\", "null", "true", "-", ".", "e", "E", "Z", "T", "NaN",
    "\xE2\x88\x9E", "2023-11-14", "12:30:00.000Z", " ", "\t", "9999999999", "\\:", "1e-99",
};

static const char *const rest_seeds[] = {
    "0/connectors\n\n",
    "1/connectors\napplication/json\n{\"name\":\"c1\",\"config\":{\"connector.class\":"
    "\"FileStreamSource\",\"tasks.max\":1,\"b\":true,\"r\":1.5}}",
    "1/connectors\napplication/json; charset=utf-8\n{\"name\":\" sink \",\"config\":"
    "{\"connector.class\":\"FileStreamSink\",\"name\":\"sink\"},\"initial_state\":\"paused\"}",
    "1/connectors\napplication/json\n{\"name\":\"x\",\"config\":{\"name\":\"y\"}}",
    "1/connectors\napplication/json\n{\"name\":\"x\",\"config\":{\"a\":[1]},\"initial_state\":7}",
    "1/connectors\ntext/plain\nhello",
    "1/connectors\n\n{}",
    "0/connectors/c1\n\n",
    "0/connectors/c1/status\n\n",
    "0/connectors/c1/tasks/0/status\n\n",
    "0/connectors/c1/tasks/2147483648/status\n\n",
    "0/connectors?expand=status&expand=info&expand=bogus\n\n",
    "3/connectors/c1\n\n",
    "0/connector-plugins?connectorsOnly=false\n\n",
    "0/\n\n",
    "0/health\n\n",
    "0/connectors/%63%31/\n\n",
    "0/connectors/a%2Fb/status\n\n",
    "5/connectors/%FF%FE\n\n",
    "2/connectors/c1/config\napplication/json\n{\"connector.class\":\"X\"}",
};
static const char *const rest_dict[] = {
    "/", "%", "%2F", "%00", "%FF", "%C3%A9", "?", "&", "=", "+", "connectors", "tasks", "status",
    "expand", "info", "{", "}", "[", "\"name\":", "\"config\":", "\"initial_state\":",
    "application/json", "text/plain", ";charset=utf-8", "\n", "\"connector.class\":\"Sink\"",
    "connector-plugins", "health", "//", "%%", "-1", "0",
};

#define CORPUS(seeds, dict) {seeds, N_ELEMS(seeds), dict, N_ELEMS(dict)}
static const corpus_t props_corpus = CORPUS(props_seeds, props_dict);
static const corpus_t providers_corpus = CORPUS(providers_seeds, providers_dict);
static const corpus_t json_corpus = CORPUS(json_seeds, json_dict);
static const corpus_t header_corpus = CORPUS(header_seeds, header_dict);
static const corpus_t rest_corpus = CORPUS(rest_seeds, rest_dict);

/* Inputs per target: enough to cover every mutation many times over,
 * small enough for a few seconds under ASan. */
#ifndef ROBUST_ITERATIONS
#define ROBUST_ITERATIONS 2000
#endif

/* ---- random and mutated inputs ---------------------------------------- */

START_TEST(test_properties_inputs) {
    rng_t r = {0x9E3779B97F4A7C15ULL};
    input_t in = {0};
    for (int i = 0; i < ROBUST_ITERATIONS; i++) {
        next_input(&r, &in, &props_corpus);
        check_properties(in.d, in.n);
    }
    free(in.d);
}
END_TEST

START_TEST(test_providers_inputs) {
    providers_env_t e;
    providers_open(&e);
    rng_t r = {0xD1B54A32D192ED03ULL};
    input_t in = {0};
    for (int i = 0; i < ROBUST_ITERATIONS; i++) {
        next_input(&r, &in, &providers_corpus);
        check_providers(&e, in.d, in.n);
    }
    free(in.d);
    providers_close(&e);
}
END_TEST

START_TEST(test_json_codec_inputs) {
    rng_t r = {0x2545F4914F6CDD1DULL};
    input_t in = {0};
    cd_arena_t *a = cd_arena_new(0);
    for (int i = 0; i < ROBUST_ITERATIONS; i++) {
        next_input(&r, &in, &json_corpus);
        check_json_codec(in.d, in.n, a);
        cd_arena_reset(a);
    }
    cd_arena_destroy(a);
    free(in.d);
}
END_TEST

START_TEST(test_json_converter_inputs) {
    cd_log_level_t level = log_get_level();
    log_set_level(CD_LOG_ERROR); /* parse errors and header fallbacks log */
    convs_t cv;
    convs_open(&cv);
    rng_t r = {0x853C49E6748FEA9BULL};
    input_t in = {0};
    cd_arena_t *a = cd_arena_new(0);
    for (int i = 0; i < ROBUST_ITERATIONS; i++) {
        next_input(&r, &in, &json_corpus);
        check_json_converter(&cv, (size_t)i % 4, in.d, in.n, a);
        cd_arena_reset(a);
    }
    cd_arena_destroy(a);
    free(in.d);
    convs_close(&cv);
    log_set_level(level);
}
END_TEST

START_TEST(test_plain_converter_inputs) {
    cd_log_level_t level = log_get_level();
    log_set_level(CD_LOG_ERROR);
    convs_t cv;
    convs_open(&cv);
    rng_t r = {0xDA942042E4DD58B5ULL};
    input_t in = {0};
    cd_arena_t *a = cd_arena_new(0);
    for (int i = 0; i < ROBUST_ITERATIONS; i++) {
        next_input(&r, &in, i % 4 ? &header_corpus : &json_corpus);
        check_plain_converters(&cv, in.d, in.n, a);
        cd_arena_reset(a);
    }
    cd_arena_destroy(a);
    free(in.d);
    convs_close(&cv);
    log_set_level(level);
}
END_TEST

START_TEST(test_rest_inputs) {
    rest_env_t e;
    rest_env_open(&e);
    rng_t r = {0x6A09E667F3BCC909ULL};
    input_t in = {0};
    for (int i = 0; i < ROBUST_ITERATIONS; i++) {
        next_input(&r, &in, &rest_corpus);
        check_rest(&e, in.d, in.n);
    }
    free(in.d);
    rest_env_close(&e);
}
END_TEST

/* ---- extremes: nesting, length, repetition ----------------------------- */

/* Every byte-level target on one input. */
static void check_everything(convs_t *cv, rest_env_t *re, const char *s) {
    size_t n = strlen(s);
    const uint8_t *d = (const uint8_t *)s;
    cd_arena_t *a = cd_arena_new(0);
    check_properties(d, n);
    check_json_codec(d, n, a);
    for (size_t i = 0; i < 4; i++) check_json_converter(cv, i, d, n, a);
    check_plain_converters(cv, d, n, a);
    cd_arena_destroy(a);
    char *req = xasprintf("1/connectors\napplication/json\n%s", s);
    check_rest(re, (const uint8_t *)req, strlen(req));
    free(req);
}

/* Inputs far beyond anything the seeds grow into. */
static size_t extreme_inputs(char **out) {
    size_t n = 0;
    /* Exactly at and one past the 1000-level nesting limit, closed. */
    for (size_t k = 0; k < 2; k++) {
        char *closes = repeat("]", 1000 + k, "");
        out[n++] = repeat("[", 1000 + k, closes);
        free(closes);
    }
    char *closes = repeat("}}", 400, "");
    out[n++] = repeat("{\"schema\":{\"type\":\"array\",\"items\":", 400, closes); /* deep schema */
    free(closes);
    out[n++] = repeat("[", 10000, "");
    out[n++] = repeat("{\"a\":", 10000, "");
    out[n++] = repeat("{", 10000, "");
    out[n++] = repeat("[1,", 5000, "");
    out[n++] = repeat("\"", 10001, "");
    out[n++] = repeat("\\", 10001, "\n");
    out[n++] = repeat("\\\n", 5000, "x=y");
    out[n++] = repeat("9", 20000, "");
    out[n++] = repeat("0", 999, "1e-2147483649");
    out[n++] = repeat("1", 1, ".5e9223372036854775807");
    out[n++] = repeat("\\u", 5000, "");
    out[n++] = repeat("\\ud800", 5000, "");
    out[n++] = repeat("{1:", 5000, "");
    out[n++] = repeat("[\"\\\\\",", 3000, "");
    out[n++] = repeat("${", 5000, "}");
    out[n++] = repeat("a:", 5000, "b");
    out[n++] = repeat("2023-11-14,", 2000, "");
    return n;
}

START_TEST(test_extreme_inputs) {
    cd_log_level_t level = log_get_level();
    log_set_level(CD_LOG_ERROR);
    convs_t cv;
    convs_open(&cv);
    rest_env_t re;
    rest_env_open(&re);
    char *inputs[32];
    size_t n = extreme_inputs(inputs);
    for (size_t i = 0; i < n; i++) {
        check_everything(&cv, &re, inputs[i]);
        free(inputs[i]);
    }
    /* The REST dispatcher with absurd targets. */
    char *long_name = repeat("x", 100000, "");
    char *expand = repeat("expand=status&expand=info&", 500, "");
    char *targets[] = {
        repeat("/a", 20000, ""),
        repeat("/", 20000, ""),
        repeat("%", 50000, ""),
        xasprintf("/connectors/%s", long_name),
        xasprintf("/connectors/%s/status", long_name),
        repeat("/connectors?", 1, long_name),
        repeat("/connectors?expand=status&", 1, long_name),
        xasprintf("/connectors?%s", expand),
        xasprintf("/connectors/c/tasks/%s/status", long_name),
    };
    free(long_name);
    free(expand);
    for (size_t i = 0; i < N_ELEMS(targets); i++) {
        for (size_t m = 0; m < 3; m++) {
            rest_response_t resp;
            rest_call(&re, (const char *[]){"GET", "DELETE", "POST"}[m], targets[i], NULL, NULL, 0,
                      &resp);
            rest_response_clear(&resp);
        }
        free(targets[i]);
    }
    rest_env_close(&re);
    convs_close(&cv);
    log_set_level(level);
}
END_TEST

/* Provider references at their most tangled. */
START_TEST(test_extreme_references) {
    providers_env_t e;
    providers_open(&e);
    char *dotdots = repeat("/..", 5000, ":k}");
    char *long_key = repeat("a", 50000, "}");
    char *values[] = {
        repeat("${", 5000, "}"),
        repeat("${file:", 3000, ":x}"),
        repeat("${env:CD_ROBUST_VAR}", 3000, ""),
        repeat("${dir:@D:secret}", 2000, ""),
        repeat("v=${file:@D", 1, dotdots),
        repeat("v=${dir:@D:", 1, long_key),
        repeat("v=${envall:", 1, long_key),
    };
    for (size_t i = 0; i < N_ELEMS(values); i++) {
        check_providers(&e, (const uint8_t *)values[i], strlen(values[i]));
        free(values[i]);
    }
    free(dotdots);
    free(long_key);
    providers_close(&e);
}
END_TEST

/* ---- regressions: one case per bug these inputs found ------------------ */

/* JSON to Connect data through one converter; returns the JSON written
 * back (caller frees). */
static char *json_round_trip(conv_t *c, cd_arena_t *a, const char *json, const cd_value_t **v) {
    const cd_schema_t *s;
    cd_error_t err;
    int rc = c->ops->to_connect(c->state, "t", json, strlen(json), a, &s, v, &err);
    ck_assert_msg(rc == 0, "to_connect(%s): %s", json, err.message);
    buf_t b;
    buf_init(&b);
    ck_assert_msg(conv_write(c, s, *v, &b, &err) == 0, "from_connect: %s", err.message);
    return buf_steal(&b);
}

/* Bug: an integer read from a number with an exponent near the long
 * range (1e9223372036854775807) overflowed a signed addition in
 * jtree_long_value. Java's BigDecimal.longValue() keeps the low 64 bits:
 * 0 once 64 or more zeros are appended, 0 when every digit shifts out. */
START_TEST(test_regression_huge_exponent_as_integer) {
    convs_t cv;
    convs_open(&cv);
    cd_arena_t *a = cd_arena_new(0);
    static const char *const payloads[] = {"1e9223372036854775807", "-7.5E+99999999999999999999",
                                           "17302456789012341e99956789010000000000",
                                           "1e-9223372036854775808", "123e-99999999999999999999"};
    for (size_t i = 0; i < N_ELEMS(payloads); i++) {
        char *json = xasprintf("{\"schema\":{\"type\":\"int64\",\"optional\":false},\"payload\":%s}",
                               payloads[i]);
        const cd_value_t *v;
        char *out = json_round_trip(&cv.json[0], a, json, &v);
        ck_assert_int_eq(v->type, CD_TYPE_INT64);
        ck_assert_msg(v->u.i == 0, "%s read as %lld", payloads[i], (long long)v->u.i);
        ck_assert_str_eq(out, "{\"schema\":{\"type\":\"int64\",\"optional\":false},\"payload\":0}");
        free(out);
        free(json);
    }
    /* Digits that stay within 64 bits after the shift are still exact. */
    const cd_value_t *v;
    char *out = json_round_trip(&cv.json[0], a, "{\"schema\":{\"type\":\"int32\"},\"payload\":12.5e3}", &v);
    ck_assert_int_eq(v->u.i, 12500);
    free(out);
    cd_arena_destroy(a);
    convs_close(&cv);
}
END_TEST

/* Bug: Date, Time and Timestamp took the schema's integer type, so an
 * int16 Time of 3600000 came out as -4480 and the converter could not
 * read its own output back. Kafka holds a java.util.Date and writes the
 * int (Date, Time) or long (Timestamp) unchanged. */
START_TEST(test_regression_narrow_temporal_schemas) {
    convs_t cv;
    convs_open(&cv);
    cd_arena_t *a = cd_arena_new(0);
    static const struct {
        const char *type, *logical, *payload;
    } cases[] = {
        {"int16", "Time", "3600000"},
        {"int8", "Date", "19000"},
        {"int32", "Timestamp", "1700000000000"},
        {"int16", "Timestamp", "-9223372036854775808"},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        char *json = xasprintf("{\"schema\":{\"type\":\"%s\",\"optional\":false,\"name\":"
                               "\"org.apache.kafka.connect.data.%s\",\"version\":1},\"payload\":%s}",
                               cases[i].type, cases[i].logical, cases[i].payload);
        const cd_value_t *v;
        char *out = json_round_trip(&cv.json[0], a, json, &v);
        ck_assert_str_eq(out, json);
        free(out);
        free(json);
    }
    cd_arena_destroy(a);
    convs_close(&cv);
}
END_TEST

/* Bug: the FileConfigProvider read any path, so with no allowed.paths a
 * connector config submitted over REST with ${file:/dev/zero:k} made the
 * worker allocate until it aborted, and a FIFO blocked it forever. Only
 * regular files are read now, as the DirectoryConfigProvider already did. */
START_TEST(test_regression_file_provider_special_files) {
    char dir[] = "/tmp/cd-robust-fifo-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char *fifo = xasprintf("%s/fifo", dir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    cd_props_t *w = cd_props_new();
    cd_props_set(w, "config.providers", "file");
    cd_props_set(w, "config.providers.file.class", "FileConfigProvider");
    char err[512];
    config_providers_t *cp = config_providers_new(w, err, sizeof err);
    ck_assert_msg(cp != NULL, "%s", err);
    const char *paths[] = {"/dev/zero", fifo, dir};
    for (size_t i = 0; i < N_ELEMS(paths); i++) {
        cd_props_t *in = cd_props_new(), *out = NULL;
        char *ref = xasprintf("${file:%s:k}", paths[i]);
        cd_props_set(in, "secret", ref);
        ck_assert_int_eq(config_providers_resolve(cp, in, &out, err, sizeof err), -1);
        ck_assert_ptr_null(out);
        char *want = xasprintf("Could not read properties from file %s (configuration secret)",
                               paths[i]);
        ck_assert_str_eq(err, want);
        free(want);
        free(ref);
        cd_props_destroy(in);
    }
    config_providers_destroy(cp);
    cd_props_destroy(w);
    unlink(fifo);
    free(fifo);
    rmdir(dir);
}
END_TEST

/* Bug: the StringConverter multiplied a Date's days by 86400000 in signed
 * arithmetic, undefined for an INT64 day count past about 1e11. Java's
 * long wraps: 2^54 days is exactly 0 ms. */
START_TEST(test_regression_string_date_overflow) {
    convs_t cv;
    convs_open(&cv);
    cd_arena_t *a = cd_arena_new(0);
    cd_schema_t *s = cd_schema_new(a, CD_TYPE_INT64);
    s->name = CD_LOGICAL_DATE;
    buf_t b;
    buf_init(&b);
    cd_error_t err;
    static const struct {
        int64_t days;
        const char *want;
    } cases[] = {
        {1, "Fri Jan 02 00:00:00 UTC 1970"},
        {INT64_C(1) << 54, "Thu Jan 01 00:00:00 UTC 1970"},
        {INT64_MAX, NULL},
        {INT64_MIN, NULL},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        const cd_value_t *v = cd_value_int(a, CD_TYPE_INT64, cases[i].days);
        ck_assert_int_eq(conv_write(&cv.string, s, v, &b, &err), 0);
        ck_assert_uint_gt(b.len, 0);
        if (cases[i].want) ck_assert_str_eq(b.data, cases[i].want);
    }
    buf_free(&b);
    cd_arena_destroy(a);
    convs_close(&cv);
}
END_TEST

Suite *suite_robustness(void);
Suite *suite_robustness(void) {
    Suite *s = suite_create("robustness");
    TCase *tc = tcase_create("robustness");
    /* A few seconds each under ASan; the default 4 s limit is too tight. */
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_properties_inputs);
    tcase_add_test(tc, test_providers_inputs);
    tcase_add_test(tc, test_json_codec_inputs);
    tcase_add_test(tc, test_json_converter_inputs);
    tcase_add_test(tc, test_plain_converter_inputs);
    tcase_add_test(tc, test_rest_inputs);
    tcase_add_test(tc, test_extreme_inputs);
    tcase_add_test(tc, test_extreme_references);
    tcase_add_test(tc, test_regression_huge_exponent_as_integer);
    tcase_add_test(tc, test_regression_narrow_temporal_schemas);
    tcase_add_test(tc, test_regression_file_provider_special_files);
    tcase_add_test(tc, test_regression_string_date_overflow);
    suite_add_tcase(s, tc);
    return s;
}
