/*
 * POST /connectd/v1/transforms/preview: the request itself, config errors
 * answered with a 400 naming the key, malformed bodies, the record count
 * cap, and records that come back as they went in.
 *
 * The JSON is written with ' for " to stay readable.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rest/rest_api.h"
#include "runtime/transform_chain.h"
#include "runtime/transform_preview.h"
#include "transforms_preview_helpers.h"
#include "util/mem.h"

/* ---- config errors: 400 naming the key ----------------------------------- */

static const struct {
    const char *config;
    const char *message; /* part of the 400's message */
} config_errors[] = {
    {"{'transforms':'t','transforms.t.type':'NoSuchTransform'}",
     "Invalid value NoSuchTransform for configuration transforms.t.type"},
    {"{'transforms':'t'}", "Missing required configuration \"transforms.t.type\""},
    {"{" ONE("Cast$Value") "}", "transforms.t: Missing required configuration \"spec\""},
    {"{" ONE("RegexRouter") ",'transforms.t.regex':'(','transforms.t.replacement':'x'}",
     "transforms.t: Invalid value ( for configuration regex"},
    {"{" ONE("Filter") ",'transforms.t.predicate':'p'}",
     "Invalid value p for configuration transforms.t.predicate"},
    {"{" ONE("Filter") ",'transforms.t.negate':'true'}", "'transforms.t.negate' was provided"},
    {"{'predicates':'p','predicates.p.type':'HasHeaderKey'}",
     "predicates.p: Missing required configuration \"name\""},
    {"{'transforms':'a,a'}", "configuration transforms: Duplicate alias provided."},
    {"{'errors.tolerance':'some'}",
     "Invalid value some for configuration errors.tolerance: String must be one of: none, all"},
    {"{'transforms':['t']}", "Invalid value for configuration transforms: must be a string"},
};

START_TEST(config_errors_name_the_key) {
    int status;
    json_t *a = post(config_errors[_i].config, "{'topic':'t'}", &status);
    char *text = dump(a);
    ck_assert_msg(status == 400, "status %d: %s", status, text);
    ck_assert_int_eq(json_integer_value(json_object_get(a, "error_code")), 400);
    const char *msg = json_string_value(json_object_get(a, "message"));
    ck_assert_msg(msg && strstr(msg, config_errors[_i].message), "message: %s", text);
    free(text);
    json_decref(a);
}
END_TEST

/* ---- the request's own mistakes ----------------------------------------- */

static void expect_status(const char *body, int want, const char *message) {
    char *b = dq(body);
    int status;
    json_t *a = post_raw(b, &status);
    char *text = dump(a);
    ck_assert_msg(status == want, "%s: status %d: %s", b, status, text);
    const char *msg = json_string_value(json_object_get(a, "message"));
    ck_assert_msg(msg && strstr(msg, message), "%s: %s", b, text);
    free(text);
    free(b);
    json_decref(a);
}

START_TEST(malformed_requests) {
    expect_status("[]", 400, "must be a JSON object");
    expect_status("{'records':[]}", 400, "\"config\" must be an object");
    expect_status("{'config':{}}", 400, "\"records\" must be an array");
    expect_status("{'config':{},'records':[],'extra':1}", 400, "Unknown member \"extra\"");
    expect_status("{'config':{},'records':[{'value':1}]}", 400, "records[0]: topic: must be");
    expect_status("{'config':{},'records':[{'topic':'t'},{'topic':'t','valeu':1}]}", 400,
                  "records[1]: valeu: unknown record field");
    expect_status("{'config':{},'records':[{'topic':'t','partition':-2}]}", 400,
                  "records[0]: partition: must be an integer");
    expect_status("{'config':{},'records':[{'topic':'t','timestamp':'now'}]}", 400,
                  "records[0]: timestamp: must be an integer");
    expect_status("{'config':{},'records':[{'topic':'t','value_schema':{'type':'strin'}}]}", 400,
                  "records[0]: value_schema: Unknown schema type: strin");
    expect_status("{'config':{},'records':[{'topic':'t','value_schema':{'type':'string'}}]}", 400,
                  "records[0]: value: Invalid null value for required STRING field");
    expect_status("{'config':{},'records':[{'topic':'t','headers':[{'value':1}]}]}", 400,
                  "records[0]: headers[0]: must be an object with a string \"key\"");

    /* Empty body and wrong method. */
    rest_response_t resp;
    rest_api_handle(api, "POST", URL, "application/json", NULL, 0, NULL, &resp);
    ck_assert_int_eq(resp.status, 400);
    rest_response_clear(&resp);
    rest_api_handle(api, "GET", URL, NULL, NULL, 0, NULL, &resp);
    ck_assert_int_eq(resp.status, 405);
    rest_response_clear(&resp);
}
END_TEST

/* n records {"topic":"t"} in ' form (caller frees). */
static char *n_records(size_t n) {
    static const char one[] = "{'topic':'t'}";
    char *out = xmalloc(n * sizeof one + 1);
    size_t len = 0;
    for (size_t i = 0; i < n; i++) len += (size_t)sprintf(out + len, "%s%s", i ? "," : "", one);
    out[len] = '\0';
    return out;
}

START_TEST(record_count_is_capped) {
    char *records = n_records(TRANSFORM_PREVIEW_MAX_RECORDS + 1);
    int status;
    json_t *a = post("{}", records, &status);
    ck_assert_int_eq(status, 413);
    ck_assert_int_eq(json_integer_value(json_object_get(a, "error_code")), 413);
    json_decref(a);
    free(records);
    /* Exactly the cap is fine. */
    records = n_records(TRANSFORM_PREVIEW_MAX_RECORDS);
    a = post("{}", records, &status);
    ck_assert_int_eq(status, 200);
    ck_assert_uint_eq(json_array_size(json_object_get(a, "records")), TRANSFORM_PREVIEW_MAX_RECORDS);
    json_decref(a);
    free(records);
}
END_TEST

/* Schemas, headers and sink coordinates come back as they went in when no
 * transform touches them (the record codec is lossless for these). */
START_TEST(records_round_trip) {
    const char *rec =
        "{'topic':'t','partition':2,'key':{'id':1},'key_schema':null,"
        "'value':{'name':'ann','age':null},'value_schema':{'type':'struct','fields':["
        "{'type':'string','optional':false,'field':'name'},{'type':'int32','optional':true,"
        "'field':'age'}],'optional':false,'name':'Person','version':2},"
        "'timestamp':5,'headers':[{'key':'h','value':'x','schema':{'type':'string',"
        "'optional':false}},{'key':'raw','value':[1,2]}],'offset':11}";
    int status;
    json_t *a = post("{}", rec, &status);
    ck_assert_int_eq(status, 200);
    json_t *want = parse(rec);
    json_t *got = json_array_get(json_object_get(a, "records"), 0);
    char *text = dump(got);
    ck_assert_msg(json_equal(want, got), "got %s", text);
    free(text);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(a, "stages"),
                                                                      0),
                                                       "outcome")),
                     "kept");
    json_decref(want);
    json_decref(a);
}
END_TEST
Suite *suite_transforms_preview_requests(void);
Suite *suite_transforms_preview_requests(void) {
    Suite *s = suite_create("transforms_preview_requests");
    TCase *tc = tcase_create("transforms_preview_requests");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, config_errors_name_the_key, 0, sizeof config_errors / sizeof config_errors[0]);
    tcase_add_test(tc, malformed_requests);
    tcase_add_test(tc, record_count_is_capped);
    tcase_add_test(tc, records_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
