/* JsonConverter's schema cache (schemas.cache.size): a hit gives what a
 * full parse gives, different schema bytes never share an entry, envelopes
 * the fast path does not handle still get Kafka's answers, and evicted
 * schemas stay valid while records of the batch may use them. */
#include <check.h>
#include <connectd/plugin.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "convert/converters.h"
#include "convert/json_schema_cache.h"
#include "util/mem.h"

typedef struct conv {
    const cd_converter_ops_t *ops;
    void *state;
    cd_config_t *cfg;
} conv_t;

static void open_json(conv_t *c, const char *cache_size) {
    cd_props_t *props = cd_props_new();
    cd_props_set(props, "converter.type", "value");
    if (cache_size) cd_props_set(props, "schemas.cache.size", cache_size);
    const cd_config_def_t *tables[1] = {convert_json_converter.config_defs};
    c->cfg = config_new(tables, 1, props);
    cd_props_destroy(props);
    c->ops = convert_json_converter.ops;
    cd_error_t err;
    ck_assert_int_eq(c->ops->configure(&c->state, c->cfg, false, &err), 0);
}

static void close_json(conv_t *c) {
    c->ops->destroy(c->state);
    config_destroy(c->cfg);
}

static int to_connect(conv_t *c, cd_arena_t *a, const char *json, const cd_schema_t **s,
                      const cd_value_t **v, cd_error_t *err) {
    return c->ops->to_connect(c->state, "t", json, strlen(json), a, s, v, err);
}

static const cd_value_t *read_ok(conv_t *c, cd_arena_t *a, const char *json, const cd_schema_t **s) {
    const cd_value_t *v;
    cd_error_t err;
    int rc = to_connect(c, a, json, s, &v, &err);
    ck_assert_msg(rc == 0, "%s: %s", json, err.message);
    return v;
}

/* The error message of a conversion that must fail. */
static void read_err(conv_t *c, cd_arena_t *a, const char *json, char *msg, size_t n) {
    const cd_schema_t *s;
    const cd_value_t *v;
    cd_error_t err;
    ck_assert_int_eq(to_connect(c, a, json, &s, &v, &err), CD_ERR_DATA);
    ck_assert_ptr_null(s);
    ck_assert_ptr_null(v);
    snprintf(msg, n, "%s", err.message);
}

#define STRUCT_SCHEMA                                                                           \
    "{\"type\":\"struct\",\"fields\":[{\"type\":\"int64\",\"optional\":false,\"field\":\"id\"}," \
    "{\"type\":\"string\",\"optional\":true,\"field\":\"user\",\"default\":\"nobody\"}],"        \
    "\"optional\":false,\"name\":\"bench.Record\",\"version\":3}"
#define ENV(schema, payload) "{\"schema\":" schema ",\"payload\":" payload "}"

START_TEST(hit_equals_miss) {
    conv_t cached, plain;
    open_json(&cached, NULL); /* the default, 1000 */
    open_json(&plain, "0");   /* no cache: the full parse every time */
    cd_arena_t *a = cd_arena_new(0);
    const char *docs[] = {
        ENV(STRUCT_SCHEMA, "{\"id\":1,\"user\":\"u-1\"}"),
        ENV(STRUCT_SCHEMA, "{\"id\":2,\"user\":null}"),
        " \xEF\xBB\xBF" ENV(STRUCT_SCHEMA, "{\"id\":3}"), /* not a BOM here: an error */
        "\xEF\xBB\xBF { \"schema\" : " STRUCT_SCHEMA " , \"payload\" : {\"id\":4} } trailing",
        ENV(STRUCT_SCHEMA, "{\"id\":5,\"user\":\"a\\\"}\"}"),
    };
    const cd_schema_t *first = NULL;
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
            const cd_schema_t *s1, *s2;
            const cd_value_t *v1, *v2;
            cd_error_t e1, e2;
            int rc1 = to_connect(&cached, a, docs[i], &s1, &v1, &e1);
            int rc2 = to_connect(&plain, a, docs[i], &s2, &v2, &e2);
            ck_assert_int_eq(rc1, rc2);
            if (rc1) {
                ck_assert_str_eq(e1.message, e2.message);
                continue;
            }
            ck_assert(cd_schema_equals(s1, s2));
            ck_assert(cd_value_equals(v1, v2));
            ck_assert_str_eq(s1->name, "bench.Record");
            ck_assert_int_eq(s1->version, 3);
            ck_assert_str_eq(s1->fields[1].schema->default_value->u.str.data, "nobody");
            /* After the first conversion every hit hands out the one
             * cached schema; the uncached converter builds a new one. */
            if (round > 0 || i > 0) {
                if (!first) first = s1;
                ck_assert_ptr_eq(s1, first);
                ck_assert_ptr_ne(s2, first);
            }
        }
        cd_arena_reset(a);
    }
    ck_assert_ptr_nonnull(first);
    cd_arena_destroy(a);
    close_json(&cached);
    close_json(&plain);
}
END_TEST

START_TEST(different_bytes_do_not_collide) {
    conv_t c;
    open_json(&c, NULL);
    cd_arena_t *a = cd_arena_new(0);
    /* Same prefix, different schemas; the same schema spelled with a
     * space; and one that is a prefix of the next document's bytes. */
    const char *docs[] = {
        ENV("{\"type\":\"int32\"}", "7"),
        ENV("{\"type\":\"int32\",\"optional\":true}", "null"),
        ENV("{\"type\":\"int64\"}", "7"),
        ENV("{\"type\": \"int32\"}", "8"),
        ENV("{\"type\":\"string\",\"name\":\"a}\"}", "\"x\""),
        ENV("{\"type\":\"string\",\"name\":\"a}\\\"\"}", "\"y\""),
    };
    const cd_type_t types[] = {CD_TYPE_INT32, CD_TYPE_INT32, CD_TYPE_INT64,
                               CD_TYPE_INT32, CD_TYPE_STRING, CD_TYPE_STRING};
    const cd_schema_t *seen[6] = {0};
    for (int round = 0; round < 4; round++) {
        for (size_t i = 0; i < 6; i++) {
            const cd_schema_t *s;
            const cd_value_t *v = read_ok(&c, a, docs[i], &s);
            ck_assert_int_eq(s->type, types[i]);
            if (i == 1) {
                ck_assert(s->optional);
                ck_assert_ptr_null(v);
            } else {
                ck_assert(!s->optional);
                ck_assert_ptr_nonnull(v);
            }
            if (i == 4) ck_assert_str_eq(s->name, "a}");
            if (i == 5) ck_assert_str_eq(s->name, "a}\"");
            if (round >= 1) {
                /* Cached from round 1 on, one entry per distinct bytes. */
                if (round == 1) seen[i] = s;
                ck_assert_ptr_eq(s, seen[i]);
                for (size_t j = 0; j < i; j++) ck_assert_ptr_ne(s, seen[j]);
            }
        }
        cd_arena_reset(a);
    }
    cd_arena_destroy(a);
    close_json(&c);
}
END_TEST

/* A cached schema must not let a document through that the full parse
 * refuses, nor change its message. */
START_TEST(hits_keep_kafka_errors) {
    conv_t cached, plain;
    open_json(&cached, NULL);
    open_json(&plain, "0");
    cd_arena_t *a = cd_arena_new(0);
    const cd_schema_t *s;
    read_ok(&cached, a, ENV(STRUCT_SCHEMA, "{\"id\":1}"), &s);
    char deep_ok[4096], deep_bad[4096];
    /* The envelope is level 1: 999 more levels are the most allowed. */
    snprintf(deep_ok, sizeof deep_ok, "{\"schema\":{\"type\":\"array\",\"items\":{\"type\":\"int32\"}},\"payload\":");
    snprintf(deep_bad, sizeof deep_bad, "%s", deep_ok);
    size_t n = strlen(deep_ok);
    for (int i = 0; i < 999; i++) deep_ok[n + i] = '[';
    for (int i = 0; i < 999; i++) deep_ok[n + 999 + i] = ']';
    strcpy(deep_ok + n + 1998, "}");
    for (int i = 0; i < 1000; i++) deep_bad[n + i] = '[';
    for (int i = 0; i < 1000; i++) deep_bad[n + 1000 + i] = ']';
    strcpy(deep_bad + n + 2000, "}");
    const char *docs[] = {
        ENV(STRUCT_SCHEMA, "{\"id\":1},\"extra\":1"),
        ENV(STRUCT_SCHEMA, "{\"id\":1},\"payload\":{\"id\":2}"),
        ENV(STRUCT_SCHEMA, "{\"id\":1},\"schema\":{\"type\":\"int32\"}"),
        ENV(STRUCT_SCHEMA, "{\"id\":}"),
        ENV(STRUCT_SCHEMA, ""),
        ENV(STRUCT_SCHEMA, "{\"id\":1"),
        ENV(STRUCT_SCHEMA, "{\"id\":\"x\"}"),
        ENV(STRUCT_SCHEMA, "{}"),
        ENV(STRUCT_SCHEMA, "{\"id\":1}x"),
        ENV(STRUCT_SCHEMA, "1x"),
        "{\"schema\":" STRUCT_SCHEMA ",\"payload\":{\"id\":1}",
        "{\"schema\":" STRUCT_SCHEMA "  ,  \"payload\"",
        "{\"schema\":" STRUCT_SCHEMA,
        deep_ok,
        deep_bad,
        deep_ok,
    };
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
            const cd_schema_t *s1, *s2;
            const cd_value_t *v1, *v2;
            cd_error_t e1, e2;
            int rc1 = to_connect(&cached, a, docs[i], &s1, &v1, &e1);
            int rc2 = to_connect(&plain, a, docs[i], &s2, &v2, &e2);
            ck_assert_msg(rc1 == rc2, "doc %zu: %d vs %d", i, rc1, rc2);
            if (rc1) {
                ck_assert_str_eq(e1.message, e2.message);
            } else {
                ck_assert(cd_schema_equals(s1, s2));
                ck_assert(cd_value_equals(v1, v2));
            }
        }
    }
    char msg[CD_ERROR_MSG_MAX];
    read_err(&cached, a, docs[0], msg, sizeof msg);
    ck_assert_ptr_nonnull(strstr(msg, "requires \"schema\" and \"payload\" fields"));
    read_err(&cached, a, deep_bad, msg, sizeof msg);
    cd_arena_destroy(a);
    close_json(&cached);
    close_json(&plain);
}
END_TEST

/* With room for two schemas and three in turn, entries are evicted while
 * records converted with them in the same batch are still in use. */
START_TEST(eviction_keeps_batch_schemas_alive) {
    conv_t c;
    open_json(&c, "2");
    cd_arena_t *a = cd_arena_new(0);
    char doc[256];
    for (int batch = 0; batch < 20; batch++) {
        const cd_schema_t *ss[30];
        const cd_value_t *vs[30];
        for (int i = 0; i < 30; i++) {
            snprintf(doc, sizeof doc,
                     ENV("{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"field\":\"f%d\"}],"
                         "\"name\":\"n%d\"}",
                         "{\"f%d\":%d}"),
                     i % 3, i % 3, i % 3, i);
            vs[i] = read_ok(&c, a, doc, &ss[i]);
        }
        /* Every schema and value of the batch is still intact (ASan
         * would see a use after free here). */
        for (int i = 0; i < 30; i++) {
            char want[8];
            snprintf(want, sizeof want, "n%d", i % 3);
            ck_assert_str_eq(ss[i]->name, want);
            snprintf(want, sizeof want, "f%d", i % 3);
            ck_assert_str_eq(ss[i]->fields[0].name, want);
            ck_assert_int_eq(vs[i]->u.strct.fields[0]->u.i, i);
        }
        cd_arena_reset(a);
    }
    cd_arena_destroy(a);
    close_json(&c);
}
END_TEST

START_TEST(cache_unit) {
    ck_assert_ptr_null(json_schema_cache_new(0));
    ck_assert_ptr_null(json_schema_cache_new(-1));
    json_schema_cache_t *c = json_schema_cache_new(2);
    json_data_opts_t o = {.replace_null_with_default = true};
    cd_arena_t *a = cd_arena_new(0);
    const char *k1 = "{\"type\":\"int32\"}", *k2 = "{\"type\":\"int64\"}", *k3 = "{\"type\":\"string\"}";
    size_t span;
    json_schema_cache_begin(c, a);
    ck_assert_ptr_null(json_schema_cache_lookup(c, k1, strlen(k1), &span));
    ck_assert_uint_eq(span, strlen(k1));
    json_schema_cache_put(c, k1, strlen(k1), &o);
    json_schema_cache_put(c, k1, strlen(k1), &o); /* already there */
    ck_assert_uint_eq(json_schema_cache_count(c), 1);
    json_schema_cache_put(c, "{\"type\":\"nope\"}", 15, &o); /* no schema: not cached */
    ck_assert_uint_eq(json_schema_cache_count(c), 1);
    json_schema_cache_put(c, k2, strlen(k2), &o);
    ck_assert_uint_eq(json_schema_cache_count(c), 2);
    const cd_schema_t *s = json_schema_cache_lookup(c, k1, strlen(k1), &span);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(s->type, CD_TYPE_INT32);
    /* Full: never more than the capacity. */
    for (int i = 0; i < 5; i++) {
        cd_arena_alloc(a, 16);
        json_schema_cache_begin(c, a);
        json_schema_cache_put(c, k3, strlen(k3), &o);
        ck_assert_uint_le(json_schema_cache_count(c), 2);
        cd_arena_reset(a);
    }
    s = json_schema_cache_lookup(c, k3, strlen(k3), &span);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(s->type, CD_TYPE_STRING);
    /* An unclosed object has no span. */
    ck_assert_ptr_null(json_schema_cache_lookup(c, "{\"a\":[", 6, &span));
    ck_assert_uint_eq(span, 0);
    json_schema_cache_destroy(c);
    json_schema_cache_destroy(NULL);
    cd_arena_destroy(a);
}
END_TEST

Suite *suite_json_schema_cache(void);
Suite *suite_json_schema_cache(void) {
    Suite *s = suite_create("json_schema_cache");
    TCase *tc = tcase_create("cache");
    tcase_add_test(tc, hit_equals_miss);
    tcase_add_test(tc, different_bytes_do_not_collide);
    tcase_add_test(tc, hits_keep_kafka_errors);
    tcase_add_test(tc, eviction_keeps_batch_schemas_alive);
    tcase_add_test(tc, cache_unit);
    suite_add_tcase(s, tc);
    return s;
}
