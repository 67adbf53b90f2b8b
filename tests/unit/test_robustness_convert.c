/*
 * Robustness of the converters' byte parsers: JSON with and without
 * schemas, strings, raw bytes and header text, plus the schemaless JSON
 * codec, on mutated seeds (robustness_inputs.h). A success round-trips
 * to the same bytes and every other converter can write what was read;
 * a failure is CD_ERR_DATA with a message (robustness_convert.h).
 */
#include <check.h>
#include <stdlib.h>

#include "log/log.h"
#include "robustness_convert.h"
#include "robustness_inputs.h"

/* ---- corpora --------------------------------------------------------- */

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

static const corpus_t json_corpus = CORPUS(json_seeds, json_dict);
static const corpus_t header_corpus = CORPUS(header_seeds, header_dict);

/* ---- random and mutated inputs ---------------------------------------- */

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

Suite *suite_robustness_convert(void);
Suite *suite_robustness_convert(void) {
    Suite *s = suite_create("robustness_convert");
    TCase *tc = tcase_create("robustness_convert");
    /* A few seconds each under ASan; the default 4 s limit is too tight. */
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_json_codec_inputs);
    tcase_add_test(tc, test_json_converter_inputs);
    tcase_add_test(tc, test_plain_converter_inputs);
    suite_add_tcase(s, tc);
    return s;
}
