/*
 * POST /connectd/v1/transforms/preview: what only the endpoint shows,
 * the steps of every record and the errors.tolerance decision of a
 * failing step, and the transform chain's stage API beneath it.
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

/* ---- stages ------------------------------------------------------------- */

#define CHAIN                                                                                 \
    "{'transforms':'hoist,tag,drop','transforms.hoist.type':'" PKG "HoistField$Value',"       \
    "'transforms.hoist.field':'line','transforms.tag.type':'" PKG "InsertField$Value',"       \
    "'transforms.tag.static.field':'dc','transforms.tag.static.value':'eu',"                  \
    "'transforms.tag.predicate':'isTest','transforms.tag.negate':true,"                       \
    "'transforms.drop.type':'" PKG "Filter','transforms.drop.predicate':'isTest',"            \
    "'predicates':'isTest','predicates.isTest.type':'TopicNameMatches',"                      \
    "'predicates.isTest.pattern':'test-.*'}"

START_TEST(stages_show_every_step) {
    int status;
    json_t *a = post(CHAIN, "{'topic':'orders','value':'a'},{'topic':'test-x','value':'b'}",
                     &status);
    ck_assert_int_eq(status, 200);
    json_t *want = parse(
        "{'records':[{'topic':'orders','partition':null,'key':null,'key_schema':null,"
        "'value':{'line':'a','dc':'eu'},'value_schema':null,'timestamp':null,'headers':[]},null],"
        "'stages':[{'outcome':'kept','steps':["
        "{'transform':'hoist','type':'" PKG "HoistField$Value','applied':true,"
        "'record':{'topic':'orders','partition':null,'key':null,'key_schema':null,"
        "'value':{'line':'a'},'value_schema':null,'timestamp':null,'headers':[]}},"
        "{'transform':'tag','type':'" PKG "InsertField$Value','predicate':'isTest','negate':true,"
        "'predicate_matched':false,'applied':true,"
        "'record':{'topic':'orders','partition':null,'key':null,'key_schema':null,"
        "'value':{'line':'a','dc':'eu'},'value_schema':null,'timestamp':null,'headers':[]}},"
        "{'transform':'drop','type':'" PKG "Filter','predicate':'isTest','negate':false,"
        "'predicate_matched':false,'applied':false,"
        "'record':{'topic':'orders','partition':null,'key':null,'key_schema':null,"
        "'value':{'line':'a','dc':'eu'},'value_schema':null,'timestamp':null,'headers':[]}}]},"
        "{'outcome':'dropped','steps':["
        "{'transform':'hoist','type':'" PKG "HoistField$Value','applied':true,"
        "'record':{'topic':'test-x','partition':null,'key':null,'key_schema':null,"
        "'value':{'line':'b'},'value_schema':null,'timestamp':null,'headers':[]}},"
        "{'transform':'tag','type':'" PKG "InsertField$Value','predicate':'isTest','negate':true,"
        "'predicate_matched':true,'applied':false,"
        "'record':{'topic':'test-x','partition':null,'key':null,'key_schema':null,"
        "'value':{'line':'b'},'value_schema':null,'timestamp':null,'headers':[]}},"
        "{'transform':'drop','type':'" PKG "Filter','predicate':'isTest','negate':false,"
        "'predicate_matched':true,'applied':true,'record':null}]}]}");
    char *got = dump(a);
    ck_assert_msg(json_equal(want, a), "got %s", got);
    free(got);
    json_decref(want);
    json_decref(a);
}
END_TEST

/* A failing step ends the record's steps; the records after it still run
 * (the preview shows them all, where the task would have stopped). */
START_TEST(error_decisions_follow_tolerance) {
    const char *records = "{'topic':'t','value':1},{'topic':'t','timestamp':0,'value':2}";
    const char *tolerances[] = {"", ",'errors.tolerance':'none'", ",'errors.tolerance':'ALL'"};
    const char *decisions[] = {"fail", "fail", "skip"};
    const char *outcomes[] = {"failed", "failed", "skipped"};
    for (size_t i = 0; i < 3; i++) {
        char config[512];
        snprintf(config, sizeof config, "{" ONE("TimestampRouter") "%s}", tolerances[i]);
        int status;
        json_t *a = post(config, records, &status);
        ck_assert_int_eq(status, 200);
        json_t *stage = json_array_get(json_object_get(a, "stages"), 0);
        ck_assert_str_eq(json_string_value(json_object_get(stage, "outcome")), outcomes[i]);
        json_t *step = json_array_get(json_object_get(stage, "steps"), 0);
        json_t *error = json_object_get(step, "error");
        ck_assert_str_eq(json_string_value(json_object_get(error, "decision")), decisions[i]);
        ck_assert_str_eq(json_string_value(json_object_get(error, "exception")),
                         "org.apache.kafka.connect.errors.DataException");
        ck_assert_ptr_null(json_object_get(step, "record"));
        ck_assert(json_is_null(json_array_get(json_object_get(a, "records"), 0)));
        json_t *second = json_array_get(json_object_get(a, "records"), 1);
        ck_assert_str_eq(json_string_value(json_object_get(second, "topic")), "t-19700101");
        json_decref(a);
    }
}
END_TEST

/* The chain's stage API matches transform_chain_apply step for step. */
START_TEST(chain_step_api) {
    cd_props_t *p = cd_props_new();
    cd_props_set(p, "transforms", "a,b");
    cd_props_set(p, "transforms.a.type", "InsertHeader");
    cd_props_set(p, "transforms.a.header", "h");
    cd_props_set(p, "transforms.a.value.literal", "v");
    cd_props_set(p, "transforms.b.type", "Filter");
    cd_props_set(p, "transforms.b.predicate", "has");
    cd_props_set(p, "transforms.b.negate", "true");
    cd_props_set(p, "predicates", "has");
    cd_props_set(p, "predicates.has.type", "HasHeaderKey");
    cd_props_set(p, "predicates.has.name", "h");
    cd_error_t err;
    cd_error_clear(&err);
    char where[64] = "x";
    transform_chain_t *c = transform_chain_new_at(reg, p, where, sizeof where, &err);
    ck_assert_msg(c != NULL, "%s", err.message);
    ck_assert_str_eq(where, "");
    ck_assert_uint_eq(transform_chain_size(c), 2);
    transform_chain_step_info_t info;
    transform_chain_step_info(c, 1, &info);
    ck_assert_str_eq(info.alias, "b");
    ck_assert_str_eq(info.class_name, PKG "Filter");
    ck_assert_str_eq(info.predicate, "has");
    ck_assert_str_eq(info.predicate_class, PKG "predicates.HasHeaderKey");
    ck_assert(info.negate);

    cd_arena_t *arena = cd_arena_new(0);
    cd_record_t *in = cd_record_new(arena);
    in->topic = "t";
    const cd_record_t *out = NULL, *mid = NULL;
    transform_step_result_t res;
    ck_assert_int_eq(transform_chain_apply_step(c, 0, in, arena, &mid, &res, &err), 0);
    ck_assert(res.applied && !res.predicate_matched);
    ck_assert_uint_eq(mid->n_headers, 1);
    ck_assert_int_eq(transform_chain_apply_step(c, 1, mid, arena, &out, &res, &err), 0);
    ck_assert(res.predicate_matched && !res.applied); /* negated: Filter skipped */
    ck_assert_ptr_eq(out, mid);
    /* The whole chain agrees. */
    const char *cls = NULL;
    ck_assert_int_eq(transform_chain_apply(c, in, arena, &out, &cls, &err), 0);
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(out->n_headers, 1);
    transform_chain_destroy(c);

    /* Where a config error is. */
    cd_props_remove(p, "predicates.has.name");
    ck_assert_ptr_null(transform_chain_new_at(reg, p, where, sizeof where, &err));
    ck_assert_str_eq(where, "predicates.has");
    cd_props_set(p, "predicates.has.name", "h");
    cd_props_remove(p, "transforms.a.header");
    ck_assert_ptr_null(transform_chain_new_at(reg, p, where, sizeof where, &err));
    ck_assert_str_eq(where, "transforms.a");
    cd_arena_destroy(arena);
    cd_props_destroy(p);
}
END_TEST

Suite *suite_transforms_preview_stages(void);
Suite *suite_transforms_preview_stages(void) {
    Suite *s = suite_create("transforms_preview_stages");
    TCase *tc = tcase_create("transforms_preview_stages");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, stages_show_every_step);
    tcase_add_test(tc, error_decisions_follow_tolerance);
    tcase_add_test(tc, chain_step_api);
    suite_add_tcase(s, tc);
    return s;
}
