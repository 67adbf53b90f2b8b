/*
 * Robustness on inputs far beyond anything the mutated seeds grow into:
 * nesting at and past the limit, long runs, huge REST targets and the
 * most tangled provider references, through every target at once.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "log/log.h"
#include "robustness_config.h"
#include "robustness_convert.h"
#include "robustness_inputs.h"
#include "robustness_rest.h"
#include "util/mem.h"

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

Suite *suite_robustness_extremes(void);
Suite *suite_robustness_extremes(void) {
    Suite *s = suite_create("robustness_extremes");
    TCase *tc = tcase_create("robustness_extremes");
    /* A few seconds each under ASan; the default 4 s limit is too tight. */
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_extreme_inputs);
    tcase_add_test(tc, test_extreme_references);
    suite_add_tcase(s, tc);
    return s;
}
