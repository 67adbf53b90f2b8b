/* errors.* semantics: retry backoff and tolerance. */
#include <check.h>

#include "runtime/error_handler.h"
#include "runtime/task.h"

static error_handler_t handler_with(const char *const kv[][2], size_t n) {
    cd_props_t *p = cd_props_new();
    for (size_t i = 0; i < n; i++) cd_props_set(p, kv[i][0], kv[i][1]);
    error_handler_t eh;
    error_handler_init(&eh, p, "conn", 0, NULL);
    cd_props_destroy(p);
    return eh;
}

START_TEST(defaults_fail_fast_without_retries) {
    error_handler_t eh = handler_with(NULL, 0);
    ck_assert(!eh.tolerate_all);
    ck_assert_int_eq(error_handler_retry_delay(&eh, 1, monotonic_ms()), -1);
    cd_error_t err;
    cd_error_set(&err, CD_ERR_DATA, "bad");
    ck_assert(!error_handler_tolerate(&eh, STAGE_VALUE_CONVERTER, "X", &err, NULL));
    ck_assert_uint_eq(eh.errors_total, 1);
}
END_TEST

START_TEST(backoff_doubles_from_300ms_and_respects_the_cap) {
    const char *const kv[][2] = {{"errors.retry.timeout", "-1"},
                                 {"errors.retry.delay.max.ms", "1000"}};
    error_handler_t eh = handler_with(kv, 2);
    int64_t now = monotonic_ms();
    ck_assert_int_eq(error_handler_retry_delay(&eh, 1, now), 300);
    ck_assert_int_eq(error_handler_retry_delay(&eh, 2, now), 600);
    /* 1200 > max: a random delay below the cap. */
    for (int i = 0; i < 20; i++) {
        int64_t d = error_handler_retry_delay(&eh, 3, now);
        ck_assert_int_ge(d, 0);
        ck_assert_int_lt(d, 1000);
    }
}
END_TEST

START_TEST(retries_stop_at_the_timeout) {
    const char *const kv[][2] = {{"errors.retry.timeout", "500"}};
    error_handler_t eh = handler_with(kv, 1);
    int64_t now = monotonic_ms();
    ck_assert_int_eq(error_handler_retry_delay(&eh, 1, now), 300);
    /* Never sleeps past the deadline. */
    ck_assert_int_le(error_handler_retry_delay(&eh, 2, now), 500);
    ck_assert_int_eq(error_handler_retry_delay(&eh, 1, now - 1000), -1);
}
END_TEST

START_TEST(tolerance_all_skips_and_counts) {
    const char *const kv[][2] = {{"errors.tolerance", "all"}};
    error_handler_t eh = handler_with(kv, 1);
    cd_error_t err;
    cd_error_set(&err, CD_ERR_DATA, "bad");
    ck_assert(error_handler_tolerate(&eh, STAGE_KEY_CONVERTER, "X", &err, NULL));
    ck_assert_uint_eq(eh.skipped_total, 1);
    ck_assert_str_eq(error_stage_name(STAGE_KEY_CONVERTER), "KEY_CONVERTER");
}
END_TEST

Suite *suite_error_handler(void);
Suite *suite_error_handler(void) {
    Suite *s = suite_create("error_handler");
    TCase *tc = tcase_create("errors");
    tcase_add_test(tc, defaults_fail_fast_without_retries);
    tcase_add_test(tc, backoff_doubles_from_300ms_and_respects_the_cap);
    tcase_add_test(tc, retries_stop_at_the_timeout);
    tcase_add_test(tc, tolerance_all_skips_and_counts);
    suite_add_tcase(s, tc);
    return s;
}
