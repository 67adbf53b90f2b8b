/*
 * connectd-routing.so through the transform chain, configured as a
 * connector config would: RegexRouter, TimestampRouter, Filter, the header
 * transforms, TimestampConverter and the predicates. Expected values come
 * from Kafka 4.3.1's behaviour (its unit tests where they exist).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "runtime/transform_chain.h"

#define PKG "org.apache.kafka.connect.transforms."

static plugin_registry_t *reg;
static cd_arena_t *A;

static void setup(void) {
    const char *dir = getenv("CONNECTD_PLUGIN_DIR");
    reg = plugin_registry_new();
    plugin_registry_load_path(reg, dir ? dir : "plugins");
    A = cd_arena_new(0);
}

static void teardown(void) {
    plugin_registry_destroy(reg);
    cd_arena_destroy(A);
}

/* A chain from "key=value" strings (NULL-terminated). */
static transform_chain_t *chain_kv(const char *const *kv, cd_error_t *err) {
    cd_props_t *p = cd_props_new();
    for (; *kv; kv++) {
        const char *eq = strchr(*kv, '=');
        char *k = strndup(*kv, (size_t)(eq - *kv));
        cd_props_set(p, k, eq + 1);
        free(k);
    }
    cd_error_clear(err);
    transform_chain_t *c = transform_chain_new(reg, p, err);
    cd_props_destroy(p);
    return c;
}

/* One transform "t" of type cls with its own keys ("k=v", NULL-terminated). */
static transform_chain_t *xform(const char *cls, const char *const *kv, cd_error_t *err) {
    const char *all[32] = {"transforms=t"};
    size_t n = 1;
    all[n++] = cd_arena_sprintf(A, "transforms.t.type=%s", cls);
    for (; kv && *kv && n < 31; kv++) all[n++] = cd_arena_sprintf(A, "transforms.t.%s", *kv);
    all[n] = NULL;
    return chain_kv(all, err);
}

#define KV(...) ((const char *const[]){__VA_ARGS__, NULL})

static void expect_config_error(const char *cls, const char *const *kv, const char *msg) {
    cd_error_t err;
    transform_chain_t *c = xform(cls, kv, &err);
    ck_assert_msg(c == NULL, "%s accepted a bad config (%s)", cls, msg);
    ck_assert_int_eq(err.code, CD_ERR_CONFIG);
    ck_assert_str_eq(err.message, msg);
}

static cd_record_t *rec(const char *topic) {
    cd_record_t *r = cd_record_new(A);
    r->topic = topic;
    r->partition = 0;
    r->timestamp = 1483425001864LL; /* 2017-01-03T06:30:01.864Z, a Tuesday */
    return r;
}

static const cd_record_t *run(transform_chain_t *c, const cd_record_t *in) {
    const cd_record_t *out = NULL;
    const char *cls = NULL;
    cd_error_t err;
    cd_error_clear(&err);
    int rc = transform_chain_apply(c, in, A, &out, &cls, &err);
    ck_assert_msg(rc == 0, "apply failed: %s", err.message);
    return out;
}

static void run_fails(transform_chain_t *c, const cd_record_t *in, const char *exception,
                      const char *msg) {
    const cd_record_t *out = NULL;
    const char *cls = NULL;
    cd_error_t err;
    cd_error_clear(&err);
    ck_assert_int_eq(transform_chain_apply(c, in, A, &out, &cls, &err), CD_ERR_DATA);
    ck_assert_str_eq(err.exception_class, exception);
    ck_assert_str_eq(err.message, msg);
}

#define DATA_EX "org.apache.kafka.connect.errors.DataException"

/* ---- RegexRouter ------------------------------------------------------ */

START_TEST(regex_router_table) {
    static const struct { const char *regex, *replacement, *topic, *want; } rows[] = {
        {"foo", "bar", "foo", "bar"},
        {"foo", "bar", "orig", "orig"},
        {"(.*)", "$1", "orig", "orig"},
        {"(.*)", "prefix-$1", "orig", "prefix-orig"},
        {"(.*)", "$1-suffix", "orig", "orig-suffix"},
        {"(.*)-(\\d\\d\\d\\d\\d\\d\\d\\d)", "$1", "index-20160117", "index"},
        /* matches() accepts "ab", but replaceFirst uses find(): "a" only. */
        {"a|ab", "X", "ab", "Xb"},
        {"(?<name>\\w+)-v\\d", "${name}", "orders-v2", "orders"},
        {"(.*)", "\\$$1", "t", "$t"},
        {"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)", "$10-$11", "abcdefghij", "j-a1"},
        {"(x)?(.*)", "[$1]$2", "topic", "[]topic"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        cd_error_t err;
        transform_chain_t *c = xform(PKG "RegexRouter",
                                     KV(cd_arena_sprintf(A, "regex=%s", rows[i].regex),
                                        cd_arena_sprintf(A, "replacement=%s", rows[i].replacement)),
                                     &err);
        ck_assert_msg(c != NULL, "%s", err.message);
        cd_record_t *in = rec(rows[i].topic);
        in->value = cd_value_cstring(A, "v");
        cd_record_add_header(A, in, "h", NULL, NULL);
        const cd_record_t *out = run(c, in);
        ck_assert_str_eq(out->topic, rows[i].want);
        ck_assert_ptr_eq(out->value, in->value);
        ck_assert_uint_eq(out->n_headers, 1);
        ck_assert_int_eq(out->timestamp, in->timestamp);
        transform_chain_destroy(c);
    }
}
END_TEST

START_TEST(regex_router_errors) {
    static const struct { const char *replacement, *cls, *msg; } rows[] = {
        {"$", "java.lang.IllegalArgumentException", "Illegal group reference: group index is missing"},
        {"$x", "java.lang.IllegalArgumentException", "Illegal group reference"},
        {"a\\", "java.lang.IllegalArgumentException", "character to be escaped is missing"},
        {"$2", "java.lang.IndexOutOfBoundsException", "No group 2"},
        {"${nope}", "java.lang.IllegalArgumentException", "No group with name {nope}"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        cd_error_t err;
        transform_chain_t *c = xform(PKG "RegexRouter",
                                     KV("regex=(t.*)", cd_arena_sprintf(A, "replacement=%s",
                                                                        rows[i].replacement)),
                                     &err);
        ck_assert_ptr_nonnull(c);
        run_fails(c, rec("topic"), rows[i].cls, rows[i].msg);
        /* Only matching topics use the replacement, as in Kafka. */
        ck_assert_str_eq(run(c, rec("other"))->topic, "other");
        transform_chain_destroy(c);
    }
    expect_config_error(PKG "RegexRouter", KV("replacement=x"),
                        "Missing required configuration \"regex\" which has no default value.");
    expect_config_error(PKG "RegexRouter", KV("regex=x"),
                        "Missing required configuration \"replacement\" which has no default "
                        "value.");
    cd_error_t err;
    ck_assert_ptr_null(xform(PKG "RegexRouter", KV("regex=[", "replacement=x"), &err));
    ck_assert_ptr_nonnull(strstr(err.message, "Invalid value [ for configuration regex: Invalid regex: "));
}
END_TEST

/* ---- TimestampRouter and Filter --------------------------------------- */

START_TEST(timestamp_router) {
    static const struct { const char *topic_format, *ts_format, *want; } rows[] = {
        {NULL, NULL, "test-20170103"},
        {"${timestamp}_${topic}_${topic}", "yyyy-MM-dd'T'HH", "2017-01-03T06_test_test"},
        {"static", "yyyy", "static"},
        {"${topic}", "HH:mm:ss.SSS", "test"},
        {"${timestamp}", "EEE, d MMM yy", "Tue, 3 Jan 17"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *kv[3] = {NULL, NULL, NULL};
        size_t n = 0;
        if (rows[i].topic_format) kv[n++] = cd_arena_sprintf(A, "topic.format=%s", rows[i].topic_format);
        if (rows[i].ts_format) kv[n++] = cd_arena_sprintf(A, "timestamp.format=%s", rows[i].ts_format);
        cd_error_t err;
        transform_chain_t *c = xform(PKG "TimestampRouter", kv, &err);
        ck_assert_msg(c != NULL, "%s", err.message);
        ck_assert_str_eq(run(c, rec("test"))->topic, rows[i].want);
        transform_chain_destroy(c);
    }
    cd_error_t err;
    transform_chain_t *c = xform("TimestampRouter", NULL, &err); /* alias works too */
    ck_assert_ptr_nonnull(c);
    cd_record_t *r = rec("test");
    r->timestamp = CD_NO_TIMESTAMP;
    const cd_record_t *out;
    const char *cls;
    ck_assert_int_eq(transform_chain_apply(c, r, A, &out, &cls, &err), CD_ERR_DATA);
    ck_assert_str_eq(err.exception_class, DATA_EX);
    ck_assert_ptr_nonnull(strstr(err.message, "Timestamp missing on record: SourceRecord{"));
    ck_assert_ptr_nonnull(strstr(err.message, "topic='test', kafkaPartition=0"));
    transform_chain_destroy(c);
    expect_config_error(PKG "TimestampRouter", KV("timestamp.format=yyyyq"),
                        "Invalid value yyyyq for configuration timestamp.format: Illegal pattern "
                        "character 'q'");
    expect_config_error(PKG "TimestampRouter", KV("timestamp.format='yyyy"),
                        "Invalid value 'yyyy for configuration timestamp.format: Unterminated "
                        "quote");
}
END_TEST

START_TEST(filter_with_predicates) {
    cd_error_t err;
    transform_chain_t *all = xform(PKG "Filter", NULL, &err);
    ck_assert_ptr_nonnull(all);
    ck_assert_ptr_null(run(all, rec("t")));
    transform_chain_destroy(all);

    static const struct {
        const char *pred_type, *pred_key; /* pred_key: "k=v" or NULL */
        bool negate;
        const char *topic, *header;
        bool tombstone, dropped;
    } rows[] = {
        {"predicates.RecordIsTombstone", NULL, false, "t", NULL, true, true},
        {"predicates.RecordIsTombstone", NULL, false, "t", NULL, false, false},
        {"predicates.RecordIsTombstone", NULL, true, "t", NULL, false, true},
        {"predicates.TopicNameMatches", "pattern=my-prefix-.*", false, "my-prefix-", NULL, false, true},
        {"predicates.TopicNameMatches", "pattern=my-prefix-.*", false, "my-prefix-foo", NULL, false, true},
        {"predicates.TopicNameMatches", "pattern=my-prefix-.*", false, "x-my-prefix-foo", NULL, false, false},
        {"predicates.TopicNameMatches", "pattern=my-prefix-.*", false, "your-prefix-", NULL, false, false},
        {"predicates.TopicNameMatches", "pattern=my-prefix-.*", true, "your-prefix-", NULL, false, true},
        {"predicates.HasHeaderKey", "name=foo", false, "t", "foo", false, true},
        {"predicates.HasHeaderKey", "name=foo", false, "t", "bar", false, false},
        {"predicates.HasHeaderKey", "name=foo", false, "t", NULL, false, false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *kv[] = {"transforms=f", "transforms.f.type=" PKG "Filter",
                            "transforms.f.predicate=p",
                            cd_arena_sprintf(A, "transforms.f.negate=%s", rows[i].negate ? "true" : "false"),
                            "predicates=p",
                            cd_arena_sprintf(A, "predicates.p.type=" PKG "%s", rows[i].pred_type),
                            rows[i].pred_key ? cd_arena_sprintf(A, "predicates.p.%s", rows[i].pred_key) : NULL,
                            NULL};
        transform_chain_t *c = chain_kv(kv, &err);
        ck_assert_msg(c != NULL, "%s", err.message);
        cd_record_t *r = rec(rows[i].topic);
        r->value = rows[i].tombstone ? NULL : cd_value_cstring(A, "v");
        if (rows[i].header) {
            cd_record_add_header(A, r, "other", NULL, NULL);
            cd_record_add_header(A, r, rows[i].header, NULL, NULL);
        }
        const cd_record_t *out = run(c, r);
        ck_assert_msg((out == NULL) == rows[i].dropped, "row %zu", i);
        if (out) ck_assert_ptr_eq(out, r);
        transform_chain_destroy(c);
    }
}
END_TEST

START_TEST(predicate_config_errors) {
    static const struct { const char *type, *kv, *msg; bool prefix; } rows[] = {
        {"TopicNameMatches", NULL, "Missing required configuration \"pattern\" which has no default value.", false},
        {"TopicNameMatches", "pattern=", "Invalid value  for configuration pattern: String must be non-empty", false},
        {"TopicNameMatches", "pattern=[", "Invalid value [ for configuration pattern: Invalid regex: ", true},
        {"HasHeaderKey", NULL, "Missing required configuration \"name\" which has no default value.", false},
        {"HasHeaderKey", "name=", "Invalid value  for configuration name: String must be non-empty", false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *kv[] = {"transforms=", "predicates=p",
                            cd_arena_sprintf(A, "predicates.p.type=" PKG "predicates.%s", rows[i].type),
                            rows[i].kv ? cd_arena_sprintf(A, "predicates.p.%s", rows[i].kv) : NULL, NULL};
        cd_error_t err;
        ck_assert_ptr_null(chain_kv(kv, &err));
        ck_assert_int_eq(err.code, CD_ERR_CONFIG);
        if (rows[i].prefix)
            ck_assert_msg(strncmp(err.message, rows[i].msg, strlen(rows[i].msg)) == 0, "%s", err.message);
        else
            ck_assert_str_eq(err.message, rows[i].msg);
    }
}
END_TEST

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

START_TEST(plugins_are_listed_with_kafka_names) {
    static const char *const names[] = {
        "DropHeaders", "Filter", "HeaderFrom$Key", "HeaderFrom$Value", "InsertHeader",
        "RegexRouter", "TimestampConverter$Key", "TimestampConverter$Value", "TimestampRouter"};
    char err[512];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *n = cd_arena_sprintf(A, PKG "%s", names[i]);
        const cd_plugin_desc_t *d = plugin_registry_find(reg, PLUGIN_MASK(CD_PLUGIN_TRANSFORMATION), n, err, sizeof err);
        ck_assert_msg(d != NULL, "%s", n);
        ck_assert_str_eq(d->version, "4.3.1");
        ck_assert_ptr_nonnull(d->config_defs);
    }
    static const char *const preds[] = {"HasHeaderKey", "RecordIsTombstone", "TopicNameMatches"};
    for (size_t i = 0; i < 3; i++)
        ck_assert_ptr_nonnull(plugin_registry_find(reg, PLUGIN_MASK(CD_PLUGIN_PREDICATE),
                                                   cd_arena_sprintf(A, PKG "predicates.%s", preds[i]),
                                                   err, sizeof err));
    /* The REST validation path runs our validators with Kafka's texts. */
    const cd_plugin_desc_t *d = plugin_registry_find(reg, PLUGIN_MASK(CD_PLUGIN_TRANSFORMATION),
                                                     PKG "TimestampConverter$Value", err, sizeof err);
    cd_props_t *p = cd_props_new();
    cd_props_set(p, "target.type", "date");
    cd_validation_t *v = validation_new();
    config_validate(d->config_defs, p, v);
    const validation_entry_t *e = validation_find(v, "target.type");
    ck_assert_uint_eq(validation_entry_error_count(e), 1);
    ck_assert_str_eq(validation_entry_error(e, 0),
                     "Invalid value date for configuration target.type: String must be one of: "
                     "string, unix, Date, Time, Timestamp");
    validation_destroy(v);
    cd_props_destroy(p);
}
END_TEST

Suite *suite_smt_routing(void);
Suite *suite_smt_routing(void) {
    Suite *s = suite_create("smt_routing");
    TCase *tc = tcase_create("routing");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, regex_router_table);
    tcase_add_test(tc, regex_router_errors);
    tcase_add_test(tc, timestamp_router);
    tcase_add_test(tc, filter_with_predicates);
    tcase_add_test(tc, predicate_config_errors);
    tcase_add_test(tc, insert_and_drop_headers);
    tcase_add_test(tc, header_from_with_schema);
    tcase_add_test(tc, header_from_schemaless_and_errors);
    tcase_add_test(tc, timestamp_converter_whole_value);
    tcase_add_test(tc, timestamp_converter_fields_and_key);
    tcase_add_test(tc, timestamp_converter_errors);
    tcase_add_test(tc, simple_date_format_table);
    tcase_add_test(tc, plugins_are_listed_with_kafka_names);
    suite_add_tcase(s, tc);
    return s;
}
