/*
 * connectd-routing.so through the transform chain, configured as a
 * connector config would: RegexRouter, TimestampRouter, Filter with the
 * predicates, and the plugins' registrations. Expected values come
 * from Kafka 4.3.1's behaviour (its unit tests where they exist).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "runtime/transform_chain.h"
#include "smt_routing_helpers.h"

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

Suite *suite_smt_routers(void);
Suite *suite_smt_routers(void) {
    Suite *s = suite_create("smt_routers");
    TCase *tc = tcase_create("smt_routers");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, regex_router_table);
    tcase_add_test(tc, regex_router_errors);
    tcase_add_test(tc, timestamp_router);
    tcase_add_test(tc, filter_with_predicates);
    tcase_add_test(tc, predicate_config_errors);
    tcase_add_test(tc, plugins_are_listed_with_kafka_names);
    suite_add_tcase(s, tc);
    return s;
}
