/*
 * Robustness of the configuration parsers: properties text and config
 * provider references, on mutated seeds (robustness_inputs.h). What must
 * hold for every input: the call returns; a failure has a non-empty
 * message and no result; a success round-trips (properties re-escaped
 * and re-read; values without references unchanged). Under
 * `make SAN=1 unit` any leak or undefined behaviour fails the run.
 */
#include <check.h>
#include <stdlib.h>

#include "robustness_config.h"
#include "robustness_inputs.h"

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
static const corpus_t props_corpus = CORPUS(props_seeds, props_dict);
static const corpus_t providers_corpus = CORPUS(providers_seeds, providers_dict);

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

Suite *suite_robustness_config(void);
Suite *suite_robustness_config(void) {
    Suite *s = suite_create("robustness_config");
    TCase *tc = tcase_create("robustness_config");
    /* A few seconds each under ASan; the default 4 s limit is too tight. */
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_properties_inputs);
    tcase_add_test(tc, test_providers_inputs);
    suite_add_tcase(s, tc);
    return s;
}
