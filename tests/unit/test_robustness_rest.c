/*
 * Robustness of the REST dispatcher: whole requests (method, target,
 * content type, body) from mutated seeds, through rest_api_handle and an
 * in-memory herder (robustness_rest.h). Every answer has a status of
 * 200..599, a JSON body, and for errors {"error_code","message"}.
 */
#include <check.h>
#include <stdlib.h>

#include "robustness_inputs.h"
#include "robustness_rest.h"

/* ---- corpora --------------------------------------------------------- */

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

static const corpus_t rest_corpus = CORPUS(rest_seeds, rest_dict);

/* ---- random and mutated inputs ---------------------------------------- */

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

Suite *suite_robustness_rest(void);
Suite *suite_robustness_rest(void) {
    Suite *s = suite_create("robustness_rest");
    TCase *tc = tcase_create("robustness_rest");
    /* A few seconds each under ASan; the default 4 s limit is too tight. */
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_rest_inputs);
    suite_add_tcase(s, tc);
    return s;
}
