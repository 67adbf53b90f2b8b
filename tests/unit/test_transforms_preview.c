/*
 * POST /connectd/v1/transforms/preview through rest_api_handle: the
 * transform and predicate cases of test_smt_fields.c and test_smt_routing.c
 * again, as a user would send them (records as JSON, schemas in
 * JsonConverter's form), plus what only the endpoint does: stages,
 * errors.tolerance decisions, config errors naming the key, and the
 * request's own mistakes. The registry comes from CONNECTD_PLUGIN_DIR.
 *
 * The JSON in the tables is written with ' for " to stay readable.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rest/rest_api.h"
#include "runtime/transform_chain.h"
#include "runtime/transform_preview.h"
#include "util/mem.h"

#define PKG "org.apache.kafka.connect.transforms."
#define URL "/connectd/v1/transforms/preview"

static plugin_registry_t *reg;
static rest_api_t *api;

static void setup(void) {
    reg = plugin_registry_new();
    const char *dir = getenv("CONNECTD_PLUGIN_DIR");
    plugin_registry_load_path(reg, dir ? dir : "plugins");
    char err[256];
    /* The preview needs no herder: nothing here may touch one. */
    api = rest_api_new(NULL, reg, err, sizeof err);
    ck_assert_msg(api != NULL, "%s", err);
}

static void teardown(void) {
    rest_api_destroy(api);
    plugin_registry_destroy(reg);
}

/* ' -> " (the tables' quoting). */
static char *dq(const char *s) {
    char *out = xstrdup(s);
    for (char *p = out; *p; p++)
        if (*p == '\'') *p = '"';
    return out;
}

static json_t *parse(const char *text) {
    char *t = dq(text);
    json_error_t jerr;
    json_t *j = json_loads(t, JSON_DECODE_ANY, &jerr);
    ck_assert_msg(j != NULL, "bad test JSON %s: %s", t, jerr.text);
    free(t);
    return j;
}

/* POST body (already in " form); returns the parsed answer, *status set. */
static json_t *post_raw(const char *body, int *status) {
    rest_response_t resp;
    rest_api_handle(api, "POST", URL, "application/json", body, strlen(body),
                    "http://127.0.0.1:8083", &resp);
    *status = resp.status;
    json_error_t jerr;
    json_t *j = resp.body ? json_loadb(resp.body, resp.body_len, 0, &jerr) : NULL;
    ck_assert_msg(j != NULL, "answer is not JSON: %s", resp.body ? resp.body : "(none)");
    rest_response_clear(&resp);
    return j;
}

/* {"config": config, "records": [records...]} in ' form. */
static json_t *post(const char *config, const char *records, int *status) {
    size_t n = strlen(config) + strlen(records) + 64;
    char *text = xmalloc(n);
    snprintf(text, n, "{'config':%s,'records':[%s]}", config, records);
    char *body = dq(text);
    json_t *j = post_raw(body, status);
    free(body);
    free(text);
    return j;
}

/* Every member of `want` is in `got` with the same value (recursively for
 * objects; arrays and scalars compare whole). */
static bool subset(const json_t *want, const json_t *got) {
    if (!json_is_object(want)) return json_equal((json_t *)want, (json_t *)got);
    if (!json_is_object(got)) return false;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)want, k, v) {
        if (!subset(v, json_object_get(got, k))) return false;
    }
    return true;
}

static char *dump(const json_t *j) { return json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT); }

/* ---- the table ---------------------------------------------------------- */

typedef struct preview_case {
    const char *name;
    const char *config; /* the transforms.* keys, ' form, without braces */
    const char *record;
    const char *outcome; /* kept, dropped, skipped, failed */
    const char *expect;  /* a subset of the final record; NULL when it is null */
    const char *error;   /* part of the failing step's message */
} preview_case_t;

#define ONE(type) "'transforms':'t','transforms.t.type':'" PKG type "'"
#define PERSON                                                                               \
    "'value_schema':{'type':'struct','name':'Person','fields':[{'field':'name','type':'string'}," \
    "{'field':'age','type':'int32','optional':true}]},'value':{'name':'ann','age':42}"
#define TOMBSTONE "'predicates':'tomb','predicates.tomb.type':'" PKG "predicates.RecordIsTombstone'"

static const preview_case_t cases[] = {
    /* InsertField */
    {"insert schemaless", ONE("InsertField$Value") ",'transforms.t.topic.field':'t',"
                          "'transforms.t.partition.field':'p','transforms.t.timestamp.field':'ts',"
                          "'transforms.t.static.field':'dc','transforms.t.static.value':'eu'",
     "{'topic':'orders','partition':3,'timestamp':1700000000000,'value':{'id':1}}", "kept",
     "{'value':{'id':1,'t':'orders','p':3,'ts':1700000000000,'dc':'eu'},'value_schema':null}",
     NULL},
    {"insert with schema", ONE("InsertField$Value") ",'transforms.t.static.field':'dc',"
                           "'transforms.t.static.value':'eu'",
     "{'topic':'t'," PERSON "}", "kept",
     "{'value':{'name':'ann','age':42,'dc':'eu'},'value_schema':{'type':'struct','fields':["
     "{'type':'string','optional':false,'field':'name'},{'type':'int32','optional':true,"
     "'field':'age'},{'type':'string','optional':true,'field':'dc'}],'optional':false,"
     "'name':'Person'}}",
     NULL},
    {"insert offset on a sink record", ONE("InsertField$Value") ",'transforms.t.offset.field':'o'",
     "{'topic':'t','partition':0,'offset':7,'value':{'a':1}}", "kept",
     "{'value':{'a':1,'o':7},'offset':7}", NULL},
    {"insert offset on a source record fails", ONE("InsertField$Value")
     ",'transforms.t.offset.field':'o'",
     "{'topic':'t','value':{'a':1}}", "failed", NULL, "Only SinkRecord supported"},
    {"insert passes a tombstone", ONE("InsertField$Value") ",'transforms.t.topic.field':'t'",
     "{'topic':'t','key':'k','value':null}", "kept", "{'key':'k','value':null}", NULL},
    /* ReplaceField */
    {"replace schemaless", ONE("ReplaceField$Value") ",'transforms.t.exclude':'pw',"
                           "'transforms.t.renames':'id:user_id'",
     "{'topic':'t','value':{'id':1,'pw':'x','n':2}}", "kept", "{'value':{'user_id':1,'n':2}}",
     NULL},
    {"replace with schema", ONE("ReplaceField$Value") ",'transforms.t.include':'name'",
     "{'topic':'t'," PERSON "}", "kept",
     "{'value':{'name':'ann'},'value_schema':{'type':'struct','fields':[{'type':'string',"
     "'optional':false,'field':'name'}],'optional':false,'name':'Person'}}",
     NULL},
    /* MaskField */
    {"mask with schema", ONE("MaskField$Value") ",'transforms.t.fields':'name,age'",
     "{'topic':'t'," PERSON "}", "kept", "{'value':{'name':'','age':0}}", NULL},
    {"mask schemaless with replacement", ONE("MaskField$Value") ",'transforms.t.fields':'ssn',"
                                         "'transforms.t.replacement':'***'",
     "{'topic':'t','value':{'ssn':'123','n':1}}", "kept", "{'value':{'ssn':'***','n':1}}", NULL},
    {"mask a tombstone is an error, skipped", ONE("MaskField$Value")
     ",'transforms.t.fields':'a','errors.tolerance':'all'",
     "{'topic':'t','value':null}", "skipped", NULL, "Only Map objects supported"},
    /* ValueToKey */
    {"value to key schemaless", ONE("ValueToKey") ",'transforms.t.fields':'id'",
     "{'topic':'t','key':null,'value':{'id':5,'x':1}}", "kept",
     "{'key':{'id':5},'key_schema':null}", NULL},
    {"value to key with schema", ONE("ValueToKey") ",'transforms.t.fields':'name'",
     "{'topic':'t'," PERSON "}", "kept",
     "{'key':{'name':'ann'},'key_schema':{'type':'struct','fields':[{'type':'string',"
     "'optional':false,'field':'name'}],'optional':false}}",
     NULL},
    {"value to key unknown field", ONE("ValueToKey") ",'transforms.t.fields':'nope'",
     "{'topic':'t'," PERSON "}", "failed", NULL, "Field does not exist: nope"},
    /* ExtractField */
    {"extract key schemaless", ONE("ExtractField$Key") ",'transforms.t.field':'id'",
     "{'topic':'t','key':{'id':9},'value':1}", "kept", "{'key':9,'value':1}", NULL},
    {"extract nested path (V2)", ONE("ExtractField$Value") ",'transforms.t.field':'a.b',"
                                 "'transforms.t.field.syntax.version':'V2'",
     "{'topic':'t','value':{'a':{'b':'deep'}}}", "kept", "{'value':'deep'}", NULL},
    {"extract with schema", ONE("ExtractField$Value") ",'transforms.t.field':'age'",
     "{'topic':'t'," PERSON "}", "kept",
     "{'value':42,'value_schema':{'type':'int32','optional':true}}", NULL},
    /* HoistField */
    {"hoist key with schema", ONE("HoistField$Key") ",'transforms.t.field':'k'",
     "{'topic':'t','key':'abc','key_schema':{'type':'string','optional':false}}", "kept",
     "{'key':{'k':'abc'},'key_schema':{'type':'struct','fields':[{'type':'string',"
     "'optional':false,'field':'k'}],'optional':false}}",
     NULL},
    {"hoist schemaless null", ONE("HoistField$Value") ",'transforms.t.field':'v'",
     "{'topic':'t','value':null}", "kept", "{'value':{'v':null}}", NULL},
    /* Cast */
    {"cast schemaless wraps", ONE("Cast$Value") ",'transforms.t.spec':'a:int8,b:string'",
     "{'topic':'t','value':{'a':300,'b':1.5}}", "kept", "{'value':{'a':44,'b':'1.5'}}", NULL},
    {"cast with schema", ONE("Cast$Value") ",'transforms.t.spec':'age:float64'",
     "{'topic':'t'," PERSON "}", "kept",
     "{'value':{'name':'ann','age':42.0},'value_schema':{'fields':[{'type':'string',"
     "'optional':false,'field':'name'},{'type':'double','optional':true,'field':'age'}]}}",
     NULL},
    {"cast a bad string fails", ONE("Cast$Value") ",'transforms.t.spec':'int32'",
     "{'topic':'t','value':'abc'}", "failed", NULL, "was out of range for requested data type"},
    {"cast passes a tombstone", ONE("Cast$Value") ",'transforms.t.spec':'int32'",
     "{'topic':'t','value':null}", "kept", "{'value':null}", NULL},
    /* Flatten */
    {"flatten schemaless", ONE("Flatten$Value") ",'transforms.t.delimiter':'_'",
     "{'topic':'t','value':{'a':{'b':1,'c':{'d':2}},'e':3}}", "kept",
     "{'value':{'a_b':1,'a_c_d':2,'e':3}}", NULL},
    {"flatten with schema", ONE("Flatten$Value"),
     "{'topic':'t','value_schema':{'type':'struct','fields':[{'field':'a','type':'struct',"
     "'fields':[{'field':'b','type':'int64'}]}]},'value':{'a':{'b':7}}}",
     "kept",
     "{'value':{'a.b':7},'value_schema':{'type':'struct','fields':[{'type':'int64',"
     "'optional':false,'field':'a.b'}],'optional':false}}",
     NULL},
    /* SetSchemaMetadata */
    {"set schema metadata", ONE("SetSchemaMetadata$Value") ",'transforms.t.schema.name':'x.Y',"
                            "'transforms.t.schema.version':'3'",
     "{'topic':'t'," PERSON "}", "kept",
     "{'value':{'name':'ann','age':42},'value_schema':{'name':'x.Y','version':3}}", NULL},
    {"set schema metadata schemaless fails", ONE("SetSchemaMetadata$Value")
     ",'transforms.t.schema.name':'x.Y'",
     "{'topic':'t','value':{'a':1}}", "failed", NULL,
     "Schema required for [updating schema metadata]"},
    /* RegexRouter, TimestampRouter */
    {"regex router", ONE("RegexRouter") ",'transforms.t.regex':'(.*)-(\\\\d+)',"
                     "'transforms.t.replacement':'$1'",
     "{'topic':'orders-42','value':1}", "kept", "{'topic':'orders'}", NULL},
    {"regex router leaves others", ONE("RegexRouter") ",'transforms.t.regex':'x',"
                                   "'transforms.t.replacement':'y'",
     "{'topic':'orders','value':1}", "kept", "{'topic':'orders'}", NULL},
    {"timestamp router", ONE("TimestampRouter") ",'transforms.t.topic.format':'${topic}_${timestamp}',"
                         "'transforms.t.timestamp.format':'yyyy-MM'",
     "{'topic':'logs','timestamp':1700000000000,'value':1}", "kept", "{'topic':'logs_2023-11'}",
     NULL},
    {"timestamp router without a timestamp", ONE("TimestampRouter"),
     "{'topic':'logs','value':1}", "failed", NULL, "Timestamp missing on record"},
    /* Filter and the predicates */
    {"filter drops a tombstone", ONE("Filter") ",'transforms.t.predicate':'tomb'," TOMBSTONE,
     "{'topic':'t','key':'k','value':null}", "dropped", NULL, NULL},
    {"filter keeps a live record", ONE("Filter") ",'transforms.t.predicate':'tomb'," TOMBSTONE,
     "{'topic':'t','value':'v'}", "kept", "{'value':'v'}", NULL},
    {"negated filter keeps the tombstone", ONE("Filter") ",'transforms.t.predicate':'tomb',"
                                           "'transforms.t.negate':'true'," TOMBSTONE,
     "{'topic':'t','value':null}", "kept", "{'value':null}", NULL},
    {"has header key", ONE("Filter") ",'transforms.t.predicate':'h','predicates':'h',"
                       "'predicates.h.type':'" PKG "predicates.HasHeaderKey',"
                       "'predicates.h.name':'debug'",
     "{'topic':'t','value':1,'headers':[{'key':'debug','value':true}]}", "dropped", NULL, NULL},
    {"topic name matches", ONE("RegexRouter") ",'transforms.t.regex':'.*',"
                           "'transforms.t.replacement':'audit','transforms.t.predicate':'m',"
                           "'predicates':'m','predicates.m.type':'" PKG "predicates.TopicNameMatches',"
                           "'predicates.m.pattern':'a.*'",
     "{'topic':'acct','value':1}", "kept", "{'topic':'audit'}", NULL},
    /* Header transforms */
    {"header from value, move, with schema", ONE("HeaderFrom$Value")
     ",'transforms.t.fields':'age','transforms.t.headers':'h-age','transforms.t.operation':'move'",
     "{'topic':'t'," PERSON "}", "kept",
     "{'value':{'name':'ann'},'headers':[{'key':'h-age','value':42,'schema':{'type':'int32',"
     "'optional':true}}]}",
     NULL},
    {"header from key, copy, schemaless", ONE("HeaderFrom$Key")
     ",'transforms.t.fields':'id','transforms.t.headers':'kid','transforms.t.operation':'copy'",
     "{'topic':'t','key':{'id':'a1'},'value':1}", "kept",
     "{'key':{'id':'a1'},'headers':[{'key':'kid','value':'a1'}]}", NULL},
    {"header from a tombstone fails", ONE("HeaderFrom$Value")
     ",'transforms.t.fields':'a','transforms.t.headers':'h','transforms.t.operation':'copy'",
     "{'topic':'t','value':null}", "failed", NULL,
     "Only Map objects supported in absence of schema for [header copy], found: null"},
    {"insert header", ONE("InsertHeader") ",'transforms.t.header':'n','transforms.t.value.literal':'1'",
     "{'topic':'t','value':1,'headers':[{'key':'a','value':'x'}]}", "kept",
     "{'headers':[{'key':'a','value':'x'},{'key':'n','value':1,'schema':{'type':'int8',"
     "'optional':false}}]}",
     NULL},
    {"drop headers", ONE("DropHeaders") ",'transforms.t.headers':'a,c'",
     "{'topic':'t','value':1,'headers':[{'key':'a','value':1},{'key':'b','value':2},"
     "{'key':'a','value':3}]}",
     "kept", "{'headers':[{'key':'b','value':2}]}", NULL},
    /* TimestampConverter */
    {"timestamp converter schemaless field", ONE("TimestampConverter$Value")
     ",'transforms.t.field':'ts','transforms.t.target.type':'string',"
     "'transforms.t.format':'yyyy-MM-dd'",
     "{'topic':'t','value':{'ts':1700000000000}}", "kept", "{'value':{'ts':'2023-11-14'}}", NULL},
    {"timestamp converter with schema", ONE("TimestampConverter$Value")
     ",'transforms.t.target.type':'unix'",
     "{'topic':'t','value_schema':{'type':'int64','name':'org.apache.kafka.connect.data.Timestamp',"
     "'version':1},'value':86400000}",
     "kept", "{'value':86400000,'value_schema':{'type':'int64','optional':false}}", NULL},
    {"timestamp converter bad string", ONE("TimestampConverter$Value")
     ",'transforms.t.target.type':'unix','transforms.t.format':'yyyy-MM-dd'",
     "{'topic':'t','value':'nope'}", "failed", NULL,
     "Could not parse timestamp: value (nope) does not match pattern (yyyy-MM-dd)"},
};

static void run_case(const preview_case_t *c) {
    char config[4096];
    snprintf(config, sizeof config, "{%s}", c->config);
    int status;
    json_t *answer = post(config, c->record, &status);
    char *text = dump(answer);
    ck_assert_msg(status == 200, "%s: status %d: %s", c->name, status, text);
    json_t *result = json_array_get(json_object_get(answer, "records"), 0);
    json_t *stage = json_array_get(json_object_get(answer, "stages"), 0);
    const char *outcome = json_string_value(json_object_get(stage, "outcome"));
    ck_assert_msg(outcome && strcmp(outcome, c->outcome) == 0, "%s: outcome %s: %s", c->name,
                  outcome, text);
    if (c->expect) {
        json_t *want = parse(c->expect);
        ck_assert_msg(subset(want, result), "%s: got %s", c->name, text);
        json_decref(want);
    } else {
        ck_assert_msg(json_is_null(result), "%s: expected null: %s", c->name, text);
    }
    json_t *steps = json_object_get(stage, "steps");
    json_t *last = json_array_get(steps, json_array_size(steps) - 1);
    json_t *error = json_object_get(last, "error");
    if (c->error) {
        const char *msg = json_string_value(json_object_get(error, "message"));
        ck_assert_msg(msg && strstr(msg, c->error), "%s: error %s: %s", c->name, msg, text);
        const char *decision = json_string_value(json_object_get(error, "decision"));
        ck_assert_str_eq(decision, strcmp(c->outcome, "skipped") == 0 ? "skip" : "fail");
        ck_assert_str_eq(json_string_value(json_object_get(error, "class")),
                         json_string_value(json_object_get(last, "type")));
    } else {
        ck_assert_msg(error == NULL, "%s: unexpected error: %s", c->name, text);
    }
    free(text);
    json_decref(answer);
}

START_TEST(every_transform_and_predicate) {
    run_case(&cases[_i]);
}
END_TEST

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

Suite *suite_transforms_preview(void);
Suite *suite_transforms_preview(void) {
    Suite *s = suite_create("transforms_preview");
    TCase *tc = tcase_create("preview");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, every_transform_and_predicate, 0, sizeof cases / sizeof cases[0]);
    tcase_add_test(tc, stages_show_every_step);
    tcase_add_test(tc, error_decisions_follow_tolerance);
    tcase_add_loop_test(tc, config_errors_name_the_key, 0,
                        sizeof config_errors / sizeof config_errors[0]);
    tcase_add_test(tc, malformed_requests);
    tcase_add_test(tc, record_count_is_capped);
    tcase_add_test(tc, records_round_trip);
    tcase_add_test(tc, chain_step_api);
    suite_add_tcase(s, tc);
    return s;
}
