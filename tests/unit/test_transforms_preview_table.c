/*
 * POST /connectd/v1/transforms/preview through rest_api_handle: the
 * transform and predicate cases of test_smt_*.c again, as a user would
 * send them (records as JSON, schemas in JsonConverter's form), one loop
 * iteration per table row. The registry comes from CONNECTD_PLUGIN_DIR.
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
#include "transforms_preview_helpers.h"
#include "util/mem.h"

/* ---- the table ---------------------------------------------------------- */

typedef struct preview_case {
    const char *name;
    const char *config; /* the transforms.* keys, ' form, without braces */
    const char *record;
    const char *outcome; /* kept, dropped, skipped, failed */
    const char *expect;  /* a subset of the final record; NULL when it is null */
    const char *error;   /* part of the failing step's message */
} preview_case_t;

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

Suite *suite_transforms_preview_table(void);
Suite *suite_transforms_preview_table(void) {
    Suite *s = suite_create("transforms_preview_table");
    TCase *tc = tcase_create("transforms_preview_table");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, every_transform_and_predicate, 0, sizeof cases / sizeof cases[0]);
    suite_add_tcase(s, tc);
    return s;
}
