/*
 * Regression cases, one per bug the robustness inputs
 * (test_robustness_*.c) found, each with the behaviour Kafka has.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/providers.h"
#include "robustness_convert.h"
#include "robustness_inputs.h"
#include "util/mem.h"

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

Suite *suite_robustness_regressions(void);
Suite *suite_robustness_regressions(void) {
    Suite *s = suite_create("robustness_regressions");
    TCase *tc = tcase_create("robustness_regressions");
    /* A few seconds each under ASan; the default 4 s limit is too tight. */
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_regression_huge_exponent_as_integer);
    tcase_add_test(tc, test_regression_narrow_temporal_schemas);
    tcase_add_test(tc, test_regression_file_provider_special_files);
    tcase_add_test(tc, test_regression_string_date_overflow);
    suite_add_tcase(s, tc);
    return s;
}
