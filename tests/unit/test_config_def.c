/* Config definitions: parsing, getters, Kafka's validation messages, the
 * framework tables and the sink cross-field checks. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "config/connector_config.h"
#include "config/worker_config.h"

static cd_props_t *props_of(const char *const *kv) {
    cd_props_t *p = cd_props_new();
    for (; kv && kv[0]; kv += 2) cd_props_set(p, kv[0], kv[1]);
    return p;
}

/* Validate kv against table; the caller destroys the result. */
static cd_validation_t *validate(const cd_config_def_t *table, const char *const *kv) {
    cd_props_t *p = props_of(kv);
    cd_validation_t *v = validation_new();
    config_validate(table, p, v);
    cd_props_destroy(p);
    return v;
}

static const validation_entry_t *entry(const cd_validation_t *v, const char *key) {
    const validation_entry_t *e = validation_find(v, key);
    ck_assert_msg(e != NULL, "no entry for %s", key);
    return e;
}

static void assert_errors(const cd_validation_t *v, const char *key, const char *const *want) {
    const validation_entry_t *e = entry(v, key);
    size_t n = 0;
    while (want[n]) n++;
    ck_assert_msg(validation_entry_error_count(e) == n, "%s: %zu errors, want %zu (first: %s)",
                  key, validation_entry_error_count(e), n,
                  validation_entry_error_count(e) ? validation_entry_error(e, 0) : "-");
    for (size_t i = 0; i < n; i++) ck_assert_str_eq(validation_entry_error(e, i), want[i]);
}

static void assert_one_error(const cd_validation_t *v, const char *key, const char *msg) {
    const char *want[] = {msg, NULL};
    assert_errors(v, key, want);
}

static void assert_no_error(const cd_validation_t *v, const char *key) {
    const char *want[] = {NULL};
    assert_errors(v, key, want);
}

static int reject_foo(const char *key, const char *value, cd_error_t *err) {
    if (strcmp(value, "foo") == 0)
        return cd_error_set(err, CD_ERR_CONFIG, "Invalid value foo for configuration %s: no foo",
                            key);
    return 0;
}

static const char *const COLORS[] = {"red", "green", NULL};

static const cd_config_def_t TEST_DEFS[] = {
    {.name = "topic", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_HIGH,
     .flags = CD_CFG_F_REQUIRED | CD_CFG_F_NONEMPTY},
    {.name = "batch.size", .type = CD_CFG_INT, .default_value = "2000",
     .importance = CD_IMPORTANCE_LOW},
    {.name = "small", .type = CD_CFG_SHORT, .default_value = "1"},
    {.name = "big", .type = CD_CFG_LONG, .default_value = "-5"},
    {.name = "ratio", .type = CD_CFG_DOUBLE, .default_value = "0.75",
     .flags = CD_CFG_F_HAS_MIN | CD_CFG_F_HAS_MAX, .min = 0.5, .max = 1.0},
    {.name = "bounded", .type = CD_CFG_INT, .default_value = "5",
     .flags = CD_CFG_F_HAS_MIN | CD_CFG_F_HAS_MAX, .min = 1, .max = 10},
    {.name = "flag", .type = CD_CFG_BOOLEAN, .default_value = "false"},
    {.name = "color", .type = CD_CFG_STRING, .default_value = "red", .choices = COLORS},
    {.name = "colors", .type = CD_CFG_LIST, .default_value = "red, green", .choices = COLORS},
    {.name = "items", .type = CD_CFG_LIST, .default_value = ""},
    {.name = "secret", .type = CD_CFG_PASSWORD, .flags = CD_CFG_F_NONEMPTY},
    {.name = "pattern", .type = CD_CFG_STRING, .default_value = ".*", .flags = CD_CFG_F_REGEX},
    {.name = "custom", .type = CD_CFG_STRING, .validator = reject_foo, .group = "G",
     .width = CD_WIDTH_SHORT, .display_name = "Custom"},
    {.name = "optional", .type = CD_CFG_STRING, .group = "G"},
    {.name = NULL},
};

/* FileStreamSourceConnector's own definitions, as Kafka declares them. */
static const cd_config_def_t FILE_SOURCE_DEFS[] = {
    {.name = "file", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_HIGH},
    {.name = "topic", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_HIGH,
     .flags = CD_CFG_F_REQUIRED | CD_CFG_F_NONEMPTY},
    {.name = "batch.size", .type = CD_CFG_INT, .default_value = "2000"},
    {.name = NULL}};

/* ---- names, defaults, orders --------------------------------------------- */

START_TEST(test_names_and_defaults) {
    ck_assert_str_eq(config_type_name(CD_CFG_INT), "INT");
    ck_assert_str_eq(config_type_name(CD_CFG_PASSWORD), "PASSWORD");
    ck_assert_str_eq(config_type_name(CD_CFG_LIST), "LIST");
    ck_assert_str_eq(config_importance_name(CD_IMPORTANCE_HIGH), "HIGH");
    ck_assert_str_eq(config_importance_name(CD_IMPORTANCE_MEDIUM), "MEDIUM");
    ck_assert_str_eq(config_width_name(CD_WIDTH_NONE), "NONE");
    ck_assert_str_eq(config_width_name(CD_WIDTH_LONG), "LONG");

    const cd_config_def_t *colors = config_def_find(TEST_DEFS, "colors");
    char *d = config_def_default_string(colors);
    ck_assert_str_eq(d, "red,green");
    free(d);
    ck_assert_ptr_null(config_def_default_string(config_def_find(TEST_DEFS, "topic")));
    ck_assert_ptr_null(config_def_default_string(config_def_find(TEST_DEFS, "optional")));
    d = config_def_default_string(config_def_find(TEST_DEFS, "ratio"));
    ck_assert_str_eq(d, "0.75");
    free(d);
    ck_assert(config_def_required(config_def_find(TEST_DEFS, "topic")));
    ck_assert(!config_def_required(config_def_find(TEST_DEFS, "optional")));
    ck_assert_str_eq(config_def_display_name(config_def_find(TEST_DEFS, "custom")), "Custom");
    ck_assert_str_eq(config_def_display_name(config_def_find(TEST_DEFS, "items")), "items");
    ck_assert_int_eq(config_def_order_in_group(TEST_DEFS, config_def_find(TEST_DEFS, "custom")),
                     1);
    ck_assert_int_eq(
        config_def_order_in_group(TEST_DEFS, config_def_find(TEST_DEFS, "optional")), 2);
    ck_assert_int_eq(config_def_order_in_group(TEST_DEFS, config_def_find(TEST_DEFS, "topic")),
                     -1);
    ck_assert_uint_eq(config_def_count(TEST_DEFS), 14);
    ck_assert_ptr_null(config_def_find(TEST_DEFS, "nope"));
}
END_TEST

START_TEST(test_defs_with_defaults) {
    const char *kv[] = {"key.converter", "org.apache.kafka.connect.json.JsonConverter",
                        "connector.plugin.version", "4.3.1", NULL};
    cd_props_t *dflt = props_of(kv);
    cd_config_def_t *copy = config_defs_with_defaults(connector_config_common_defs(), dflt);
    ck_assert_uint_eq(config_def_count(copy), config_def_count(connector_config_common_defs()));
    ck_assert_str_eq(config_def_find(copy, "key.converter")->default_value,
                     "org.apache.kafka.connect.json.JsonConverter");
    ck_assert_ptr_null(config_def_find(connector_config_common_defs(), "key.converter")
                           ->default_value);
    cd_props_t *p = cd_props_new();
    cd_validation_t *v = validation_new();
    config_validate_ordered(copy, connector_config_order, p, v);
    ck_assert_str_eq(validation_entry_value(entry(v, "connector.plugin.version")), "4.3.1");
    ck_assert_int_eq(validation_entry_order(entry(v, "connector.plugin.version")), 3);
    validation_destroy(v);
    cd_props_destroy(p);
    free(copy);
    cd_props_destroy(dflt);
}
END_TEST

START_TEST(test_java_double) {
    char b[64];
    struct {
        double d;
        const char *s;
    } cases[] = {{1.0, "1.0"},        {100.0, "100.0"},     {0.75, "0.75"},
                 {123.456, "123.456"}, {1e7, "1.0E7"},       {1.5e-4, "1.5E-4"},
                 {0.001, "0.001"},     {-2.5, "-2.5"},       {0.0, "0.0"},
                 {1234567.0, "1234567.0"}, {12345678.9, "1.23456789E7"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        config_java_double(cases[i].d, b, sizeof b);
        ck_assert_str_eq(b, cases[i].s);
    }
    config_java_double(NAN, b, sizeof b);
    ck_assert_str_eq(b, "NaN");
    config_java_double(-INFINITY, b, sizeof b);
    ck_assert_str_eq(b, "-Infinity");
}
END_TEST

START_TEST(test_parsers) {
    int64_t n;
    ck_assert(config_parse_integer(" +42 ", INT32_MIN, INT32_MAX, &n) && n == 42);
    ck_assert(config_parse_integer("-2147483648", INT32_MIN, INT32_MAX, &n) && n == INT32_MIN);
    ck_assert(!config_parse_integer("2147483648", INT32_MIN, INT32_MAX, &n));
    ck_assert(config_parse_integer("-9223372036854775808", INT64_MIN, INT64_MAX, &n));
    ck_assert(!config_parse_integer("9223372036854775808", INT64_MIN, INT64_MAX, &n));
    ck_assert(!config_parse_integer("1.0", INT64_MIN, INT64_MAX, &n));
    ck_assert(!config_parse_integer("0x10", INT64_MIN, INT64_MAX, &n));
    ck_assert(!config_parse_integer("", INT64_MIN, INT64_MAX, &n));
    ck_assert(!config_parse_integer("-", INT64_MIN, INT64_MAX, &n));
    double d;
    ck_assert(config_parse_double("1e3", &d) && d == 1000.0);
    ck_assert(config_parse_double(" .5 ", &d) && d == 0.5);
    ck_assert(config_parse_double("2.5d", &d) && d == 2.5);
    ck_assert(config_parse_double("-Infinity", &d) && isinf(d) && d < 0);
    ck_assert(!config_parse_double("inf", &d));
    ck_assert(!config_parse_double("nan", &d));
    ck_assert(!config_parse_double("1e", &d));
    ck_assert(!config_parse_double("abc", &d));
    bool b;
    ck_assert(config_parse_bool(" TRUE ", &b) && b);
    ck_assert(config_parse_bool("False", &b) && !b);
    ck_assert(!config_parse_bool("yes", &b));
    size_t cnt;
    char **items = config_split_list("  a , b,,c ,  ", &cnt);
    ck_assert_uint_eq(cnt, 5);
    ck_assert_str_eq(items[0], "a");
    ck_assert_str_eq(items[1], "b");
    ck_assert_str_eq(items[2], "");
    ck_assert_str_eq(items[3], "c");
    ck_assert_str_eq(items[4], "");
    ck_assert_ptr_null(items[5]);
    free(items);
    items = config_split_list("   ", &cnt);
    ck_assert_uint_eq(cnt, 0);
    ck_assert_ptr_null(items[0]);
    free(items);
}
END_TEST

/* ---- getters --------------------------------------------------------------- */

START_TEST(test_getters) {
    const char *kv[] = {"topic",  "  t1  ", "small", "7",      "big",     "9000000000",
                        "flag",   "TRUE",   "items", " a , b,c", "colors", "",
                        "extra",  " raw ",  "num",   "12",     "ratio",   "0.9",
                        "custom", "x,y",    NULL};
    cd_props_t *p = props_of(kv);
    const cd_config_def_t *tables[] = {TEST_DEFS};
    cd_config_t *c = config_new(tables, 1, p);
    cd_props_set(p, "topic", "changed"); /* the config keeps its own copy */
    ck_assert_str_eq(cd_config_string(c, "topic"), "t1");
    ck_assert_int_eq(cd_config_int(c, "batch.size"), 2000);
    ck_assert_int_eq(cd_config_int(c, "small"), 7);
    ck_assert(cd_config_long(c, "big") == 9000000000LL);
    ck_assert(cd_config_bool(c, "flag"));
    ck_assert(fabs(cd_config_double(c, "ratio") - 0.9) < 1e-12);
    ck_assert_str_eq(cd_config_string(c, "color"), "red");
    ck_assert_ptr_null(cd_config_string(c, "optional"));
    /* Undeclared keys are readable as given. */
    ck_assert_str_eq(cd_config_string(c, "extra"), " raw ");
    ck_assert_int_eq(cd_config_int(c, "num"), 12);
    ck_assert_ptr_null(cd_config_string(c, "absent"));
    ck_assert_int_eq(cd_config_int(c, "absent"), 0);
    size_t n = 99;
    const char *const *l = cd_config_list(c, "items", &n);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(l[0], "a");
    ck_assert_str_eq(l[1], "b");
    ck_assert_str_eq(l[2], "c");
    ck_assert_ptr_null(l[3]);
    l = cd_config_list(c, "colors", &n); /* given as empty: no items */
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(l[0]);
    l = cd_config_list(c, "custom", &n); /* a STRING read as a list */
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(l[1], "y");
    ck_assert_ptr_eq(cd_config_list(c, "custom", &n), l); /* cached */
    l = cd_config_list(c, "absent", &n);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_eq(config_find_def(c, "flag"), config_def_find(TEST_DEFS, "flag"));
    ck_assert_str_eq(cd_props_get(cd_config_props(c), "topic"), "  t1  ");
    config_destroy(c);
    config_destroy(NULL);
    cd_props_destroy(p);
}
END_TEST

START_TEST(test_getters_fall_back_and_override) {
    /* Unparseable values read as the default; a later table's definition wins. */
    static const cd_config_def_t override[] = {
        {.name = "small", .type = CD_CFG_SHORT, .default_value = "10"}, {.name = NULL}};
    const char *kv[] = {"batch.size", "oops", "flag", "maybe", "ratio", "x", NULL};
    cd_props_t *p = props_of(kv);
    const cd_config_def_t *tables[] = {TEST_DEFS, override};
    cd_config_t *c = config_new(tables, 2, p);
    ck_assert_int_eq(cd_config_int(c, "batch.size"), 2000);
    ck_assert(!cd_config_bool(c, "flag"));
    ck_assert(fabs(cd_config_double(c, "ratio") - 0.75) < 1e-12);
    ck_assert_int_eq(cd_config_int(c, "small"), 10);
    ck_assert_ptr_eq(config_find_def(c, "small"), &override[0]);
    config_destroy(c);
    cd_props_destroy(p);
}
END_TEST

/* ---- validation messages ----------------------------------------------------- */

START_TEST(test_missing_required_and_type_errors) {
    const char *kv[] = {"batch.size", "abc", "small", "40000", "big", "1.5", "ratio", "x",
                        "flag",       "maybe", NULL};
    cd_validation_t *v = validate(TEST_DEFS, kv);
    assert_one_error(v, "topic",
                     "Missing required configuration \"topic\" which has no default value.");
    assert_one_error(v, "batch.size",
                     "Invalid value abc for configuration batch.size: Not a number of type INT");
    assert_one_error(v, "small",
                     "Invalid value 40000 for configuration small: Not a number of type SHORT");
    assert_one_error(v, "big",
                     "Invalid value 1.5 for configuration big: Not a number of type LONG");
    /* Kafka's Range also complains about the null left by the parse error. */
    const char *ratio[] = {"Invalid value x for configuration ratio: Not a number of type DOUBLE",
                           "Invalid value null for configuration ratio: Value must be non-null",
                           NULL};
    assert_errors(v, "ratio", ratio);
    assert_one_error(
        v, "flag", "Invalid value maybe for configuration flag: Expected value to be either true "
                   "or false");
    ck_assert_ptr_null(validation_entry_value(entry(v, "batch.size")));
    ck_assert_ptr_null(validation_entry_value(entry(v, "topic")));
    ck_assert_uint_eq(validation_error_count(v), 7);
    validation_destroy(v);
}
END_TEST

START_TEST(test_range_messages) {
    const char *low[] = {"topic", "t", "bounded", "0", "ratio", "0.1", NULL};
    cd_validation_t *v = validate(TEST_DEFS, low);
    assert_one_error(v, "bounded",
                     "Invalid value 0 for configuration bounded: Value must be at least 1");
    assert_one_error(v, "ratio",
                     "Invalid value 0.1 for configuration ratio: Value must be at least 0.5");
    validation_destroy(v);
    const char *high[] = {"topic", "t", "bounded", " 11 ", "ratio", "2", NULL};
    v = validate(TEST_DEFS, high);
    assert_one_error(v, "bounded",
                     "Invalid value 11 for configuration bounded: Value must be no more than 10");
    assert_one_error(v, "ratio",
                     "Invalid value 2.0 for configuration ratio: Value must be no more than 1.0");
    validation_destroy(v);
    const char *ok[] = {"topic", "t", "bounded", "010", "ratio", "1", NULL};
    v = validate(TEST_DEFS, ok);
    assert_no_error(v, "bounded");
    ck_assert_str_eq(validation_entry_value(entry(v, "bounded")), "10");
    ck_assert_str_eq(validation_entry_value(entry(v, "ratio")), "1.0");
    ck_assert_uint_eq(validation_error_count(v), 0);
    validation_destroy(v);
}
END_TEST

START_TEST(test_string_validators) {
    const char *kv[] = {"topic",  "",   "color",   "blue", "colors", "red,pink",
                        "secret", "  ", "pattern", "(",    "custom", "foo",
                        NULL};
    cd_validation_t *v = validate(TEST_DEFS, kv);
    assert_one_error(v, "topic",
                     "Invalid value  for configuration topic: String must be non-empty");
    assert_one_error(v, "color",
                     "Invalid value blue for configuration color: String must be one of: red, "
                     "green");
    assert_one_error(v, "colors",
                     "Invalid value pink for configuration colors: String must be one of: red, "
                     "green");
    assert_one_error(v, "secret",
                     "Invalid value  for configuration secret: String must be non-empty");
    const validation_entry_t *e = entry(v, "pattern");
    ck_assert_uint_eq(validation_entry_error_count(e), 1);
    const char *prefix = "Invalid value ( for configuration pattern: Invalid regex: ";
    ck_assert_msg(strncmp(validation_entry_error(e, 0), prefix, strlen(prefix)) == 0, "got %s",
                  validation_entry_error(e, 0));
    assert_one_error(v, "custom", "Invalid value foo for configuration custom: no foo");
    validation_destroy(v);

    /* Choices match case-insensitively; values are rendered as parsed. */
    const char *good[] = {"topic", " t ", "color", "GREEN", "colors", " red ,GREEN ", "secret",
                          "pw",    "flag", "TRUE",  "items", "a, b",  NULL};
    v = validate(TEST_DEFS, good);
    ck_assert_uint_eq(validation_error_count(v), 0);
    ck_assert_str_eq(validation_entry_value(entry(v, "topic")), "t");
    ck_assert_str_eq(validation_entry_value(entry(v, "colors")), "red,GREEN");
    ck_assert_str_eq(validation_entry_value(entry(v, "items")), "a,b");
    ck_assert_str_eq(validation_entry_value(entry(v, "secret")), "[hidden]");
    ck_assert_str_eq(validation_entry_value(entry(v, "flag")), "true");
    ck_assert_str_eq(validation_entry_value(entry(v, "batch.size")), "2000");
    ck_assert_ptr_null(validation_entry_value(entry(v, "optional")));
    validation_destroy(v);
}
END_TEST

START_TEST(test_required_with_choices_reports_null) {
    static const cd_config_def_t defs[] = {
        {.name = "mode", .type = CD_CFG_STRING, .flags = CD_CFG_F_REQUIRED, .choices = COLORS},
        {.name = "count", .type = CD_CFG_INT, .flags = CD_CFG_F_REQUIRED | CD_CFG_F_HAS_MIN,
         .min = 1},
        {.name = NULL}};
    cd_validation_t *v = validate(defs, NULL);
    const char *mode[] = {"Missing required configuration \"mode\" which has no default value.",
                          "Invalid value null for configuration mode: String must be one of: red, "
                          "green",
                          NULL};
    assert_errors(v, "mode", mode);
    const char *count[] = {"Missing required configuration \"count\" which has no default value.",
                           "Invalid value null for configuration count: Value must be non-null",
                           NULL};
    assert_errors(v, "count", count);
    validation_destroy(v);
}
END_TEST

START_TEST(test_entries_order_and_message) {
    /* Sample 11 of the recorded Kafka answers: one missing key. */
    const char *kv[] = {"name", "bad3", "connector.class", "FileStreamSource", "tasks.max", "1",
                        NULL};
    cd_props_t *p = props_of(kv);
    cd_validation_t *v = validation_new();
    connector_config_validate_common(p, v);
    connector_config_validate_source(p, v);
    config_validate(FILE_SOURCE_DEFS, p, v);
    ck_assert_uint_eq(validation_error_count(v), 1);
    char *msg = validation_format_message(v);
    ck_assert_str_eq(msg, "Connector configuration is invalid and contains the following 1 "
                          "error(s):\nMissing required configuration \"topic\" which has no "
                          "default value.\nYou can also find the above list of errors at the "
                          "endpoint `/connector-plugins/{connectorType}/config/validate`");
    free(msg);

    /* A connector's validate() adds errors; unknown keys come first. */
    cd_validation_add_error(v, "file", "bad file %d", 1);
    cd_validation_add_error(v, "zz.unknown", "not %s", "declared");
    ck_assert_uint_eq(validation_error_count(v), 3);
    size_t n = validation_entry_count(v);
    ck_assert_uint_eq(n, 19 + 5 + 3 + 1);
    ck_assert_str_eq(validation_entry_key(validation_entry_at(v, 0)), "zz.unknown");
    ck_assert_ptr_null(validation_entry_def(validation_entry_at(v, 0)));
    ck_assert_int_eq(validation_entry_order(validation_entry_at(v, 0)), -1);
    ck_assert_str_eq(validation_entry_key(validation_entry_at(v, 1)), "name");
    ck_assert_str_eq(validation_entry_key(validation_entry_at(v, n - 1)), "batch.size");
    ck_assert_ptr_null(validation_entry_at(v, n));
    msg = validation_format_message(v);
    ck_assert_str_eq(msg, "Connector configuration is invalid and contains the following 3 "
                          "error(s):\nnot declared\nbad file 1\nMissing required configuration "
                          "\"topic\" which has no default value.\nYou can also find the above "
                          "list of errors at the endpoint "
                          "`/connector-plugins/{connectorType}/config/validate`");
    free(msg);

    /* Kafka's order_in_group and groups for the framework keys. */
    ck_assert_int_eq(validation_entry_order(entry(v, "transforms")), 12);
    ck_assert_int_eq(validation_entry_order(entry(v, "config.action.reload")), 14);
    ck_assert_int_eq(validation_entry_order(entry(v, "errors.tolerance")), 3);
    ck_assert_int_eq(validation_entry_order(entry(v, "exactly.once.support")), 2);
    ck_assert_int_eq(validation_entry_order(entry(v, "offsets.storage.topic")), 1);
    ck_assert_int_eq(validation_entry_order(entry(v, "topic")), -1);
    const char *groups[16];
    size_t ng = validation_groups(v, groups, 16);
    const char *want[] = {"Common",         "Transforms",           "Predicates",
                          "Error Handling", "Topic Creation",       "Exactly Once Support",
                          "offsets.topic"};
    ck_assert_uint_eq(ng, 7);
    for (size_t i = 0; i < ng; i++) ck_assert_str_eq(groups[i], want[i]);
    ck_assert_str_eq(validation_entry_value(entry(v, "tasks.max")), "1");
    ck_assert_str_eq(validation_entry_value(entry(v, "errors.tolerance")), "none");
    ck_assert_ptr_null(validation_entry_value(entry(v, "transaction.boundary.interval.ms")));
    validation_destroy(v);
    cd_props_destroy(p);
}
END_TEST

START_TEST(test_kafka_sample_validate_bad) {
    /* PUT /connector-plugins/FileStreamSource/config/validate as recorded
     * from Kafka 4.3.1 (error_count 4, values as shown there). */
    const char *kv[] = {"connector.class", "FileStreamSource", "tasks.max", "0", "topic", "",
                        "batch.size", "abc", NULL};
    cd_props_t *p = props_of(kv);
    cd_validation_t *v = validation_new();
    connector_config_validate_common(p, v);
    connector_config_validate_source(p, v);
    config_validate(FILE_SOURCE_DEFS, p, v);
    ck_assert_uint_eq(validation_error_count(v), 4);
    assert_one_error(v, "name", "Missing required configuration \"name\" which has no default "
                                "value.");
    ck_assert_ptr_null(validation_entry_value(entry(v, "name")));
    assert_one_error(v, "tasks.max",
                     "Invalid value 0 for configuration tasks.max: Value must be at least 1");
    ck_assert_str_eq(validation_entry_value(entry(v, "tasks.max")), "0");
    assert_one_error(v, "topic",
                     "Invalid value  for configuration topic: String must be non-empty");
    ck_assert_str_eq(validation_entry_value(entry(v, "topic")), "");
    assert_one_error(v, "batch.size",
                     "Invalid value abc for configuration batch.size: Not a number of type INT");
    ck_assert_ptr_null(validation_entry_value(entry(v, "batch.size")));
    ck_assert_str_eq(validation_entry_value(entry(v, "tasks.max.enforce")), "true");
    ck_assert_str_eq(validation_entry_value(entry(v, "transforms")), "");
    ck_assert_ptr_null(validation_entry_value(entry(v, "key.converter")));
    ck_assert_int_eq(validation_entry_order(entry(v, "header.converter.plugin.version")), 11);
    validation_destroy(v);
    cd_props_destroy(p);
}
END_TEST

START_TEST(test_redefinition_keeps_place) {
    static const cd_config_def_t later[] = {
        {.name = "batch.size", .type = CD_CFG_INT, .default_value = "1",
         .flags = CD_CFG_F_HAS_MIN, .min = 5},
        {.name = NULL}};
    const char *kv[] = {"topic", "t", NULL};
    cd_props_t *p = props_of(kv);
    cd_validation_t *v = validation_new();
    cd_validation_add_error(v, "custom", "early error");
    config_validate(TEST_DEFS, p, v);
    /* The error added before the definition stays with the key. */
    assert_one_error(v, "custom", "early error");
    ck_assert_ptr_nonnull(validation_entry_def(entry(v, "custom")));
    config_validate(later, p, v);
    ck_assert_uint_eq(validation_entry_count(v), 14);
    ck_assert_str_eq(validation_entry_key(validation_entry_at(v, 1)), "batch.size");
    assert_one_error(v, "batch.size",
                     "Invalid value 1 for configuration batch.size: Value must be at least 5");
    validation_destroy(v);
    cd_props_destroy(p);
}
END_TEST

/* ---- framework tables ------------------------------------------------------- */

START_TEST(test_connector_common_messages) {
    const char *kv[] = {"name",       "a\nb",  "connector.class", "X",
                        "tasks.max",  "0",     "transforms",      "a, b,a",
                        "errors.tolerance", "some", "config.action.reload", "RESTART",
                        NULL};
    cd_validation_t *v = validation_new();
    cd_props_t *p = props_of(kv);
    connector_config_validate_common(p, v);
    assert_one_error(v, "name",
                     "Invalid value a\nb for configuration name: String may not contain control "
                     "sequences but had the following ASCII chars: 10");
    assert_one_error(v, "tasks.max",
                     "Invalid value 0 for configuration tasks.max: Value must be at least 1");
    assert_one_error(v, "transforms",
                     "Invalid value [a, b, a] for configuration transforms: Duplicate alias "
                     "provided.");
    assert_one_error(v, "errors.tolerance",
                     "Invalid value some for configuration errors.tolerance: String must be one "
                     "of: none, all");
    assert_no_error(v, "config.action.reload");
    assert_no_error(v, "connector.class");
    validation_destroy(v);
    cd_props_destroy(p);

    const char *kv2[] = {"name", "", "tasks.max", "abc", NULL};
    v = validate(connector_config_common_defs(), kv2);
    assert_one_error(v, "name", "Invalid value  for configuration name: String may not be empty");
    const char *tm[] = {"Invalid value abc for configuration tasks.max: Not a number of type INT",
                        "Invalid value null for configuration tasks.max: Value must be non-null",
                        NULL};
    assert_errors(v, "tasks.max", tm);
    assert_one_error(v, "connector.class", "Missing required configuration \"connector.class\" "
                                           "which has no default value.");
    validation_destroy(v);
}
END_TEST

START_TEST(test_connector_source_messages) {
    const char *kv[] = {"exactly.once.support", "maybe", "transaction.boundary", "never",
                        "transaction.boundary.interval.ms", "-1", "offsets.storage.topic", " ",
                        "topic.creation.groups", "g1,g1", NULL};
    cd_validation_t *v = validate(connector_config_source_defs(), kv);
    assert_one_error(v, "exactly.once.support",
                     "Invalid value maybe for configuration exactly.once.support: String must be "
                     "one of (case insensitive): REQUIRED, REQUESTED");
    assert_one_error(v, "transaction.boundary",
                     "Invalid value never for configuration transaction.boundary: String must be "
                     "one of (case insensitive): INTERVAL, POLL, CONNECTOR");
    assert_one_error(v, "transaction.boundary.interval.ms",
                     "Invalid value -1 for configuration transaction.boundary.interval.ms: Value "
                     "must be at least 0");
    assert_one_error(v, "offsets.storage.topic",
                     "Invalid value  for configuration offsets.storage.topic: String must be "
                     "non-empty");
    assert_one_error(v, "topic.creation.groups",
                     "Invalid value [g1, g1] for configuration topic.creation.groups: Duplicate "
                     "alias provided.");
    validation_destroy(v);
    const char *ok[] = {"exactly.once.support", "REQUIRED", "transaction.boundary", "Interval",
                        NULL};
    v = validate(connector_config_source_defs(), ok);
    ck_assert_uint_eq(validation_error_count(v), 0);
    validation_destroy(v);
}
END_TEST

static cd_validation_t *sink_check(const char *const *kv) {
    cd_props_t *p = props_of(kv);
    cd_validation_t *v = validation_new();
    connector_config_validate_sink_defs(p, v);
    connector_config_validate_sink(p, v);
    cd_props_destroy(p);
    return v;
}

START_TEST(test_sink_cross_field) {
    const char *both[] = {"topics", "a", "topics.regex", "b.*", NULL};
    cd_validation_t *v = sink_check(both);
    const char *msg = "topics and topics.regex are mutually exclusive options, but both are set.";
    assert_one_error(v, "topics", msg);
    assert_one_error(v, "topics.regex", msg);
    validation_destroy(v);

    const char *neither[] = {"topics", "  ", NULL};
    v = sink_check(neither);
    assert_one_error(v, "topics", "Must configure one of topics or topics.regex");
    assert_one_error(v, "topics.regex", "Must configure one of topics or topics.regex");
    ck_assert_int_eq(validation_entry_order(entry(v, "topics")), 4);
    ck_assert_uint_eq(validation_error_count(v), 2);
    validation_destroy(v);

    const char *dlq_in_topics[] = {"topics", "a, dlq,,a", "errors.deadletterqueue.topic.name",
                                   " dlq ", NULL};
    v = sink_check(dlq_in_topics);
    assert_one_error(v, "topics",
                     "The DLQ topic 'dlq' may not be included in the list of topics "
                     "('topics=[a, dlq]') consumed by the connector");
    validation_destroy(v);

    const char *dlq_regex[] = {"topics.regex", "d.*", "errors.deadletterqueue.topic.name", "dlq",
                               NULL};
    v = sink_check(dlq_regex);
    assert_one_error(v, "topics.regex",
                     "The DLQ topic 'dlq' may not be matched by the regex for the topics "
                     "('topics.regex=d.*') consumed by the connector");
    validation_destroy(v);

    /* Java's matches() needs the whole name to match. */
    const char *partial[] = {"topics.regex", "dl", "errors.deadletterqueue.topic.name", "dlq",
                             NULL};
    v = sink_check(partial);
    ck_assert_uint_eq(validation_error_count(v), 0);
    validation_destroy(v);

    /* Without the table, the check creates the entries itself. */
    cd_props_t *p = cd_props_new();
    v = validation_new();
    connector_config_validate_sink(p, v);
    ck_assert_uint_eq(validation_entry_count(v), 2);
    ck_assert_ptr_null(validation_entry_def(validation_entry_at(v, 0)));
    validation_destroy(v);
    cd_props_destroy(p);
}
END_TEST

START_TEST(test_worker_config) {
    const cd_config_def_t *w = worker_config_defs();
    char *d = config_def_default_string(config_def_find(w, "listeners"));
    ck_assert_str_eq(d, "http://:8083");
    free(d);
    ck_assert_str_eq(config_def_find(w, "offset.flush.interval.ms")->default_value, "60000");
    ck_assert_str_eq(config_def_find(w, "bootstrap.servers")->default_value, "localhost:9092");
    ck_assert_str_eq(config_def_find(w, "header.converter")->default_value,
                     "org.apache.kafka.connect.storage.SimpleHeaderConverter");
    ck_assert_str_eq(config_def_find(w, "task.shutdown.graceful.timeout.ms")->default_value,
                     "5000");
    ck_assert(config_def_required(config_def_find(w, "value.converter")));

    const char *kv[] = {"bootstrap.servers", "embedded", "key.converter", "K",
                        "producer.acks", "all", "producer.linger.ms", "5", "producer.", "x",
                        "consumer.max.poll.records", "10", "admin.retries", "3", NULL};
    cd_props_t *p = props_of(kv);
    cd_validation_t *v = validation_new();
    config_validate(w, p, v);
    config_validate(worker_config_standalone_defs(), p, v);
    ck_assert_uint_eq(validation_error_count(v), 2);
    assert_one_error(v, "value.converter", "Missing required configuration \"value.converter\" "
                                           "which has no default value.");
    assert_one_error(v, "offset.storage.file.filename",
                     "Missing required configuration \"offset.storage.file.filename\" which has "
                     "no default value.");
    validation_destroy(v);

    cd_props_t *out = cd_props_new();
    cd_props_set(out, "acks", "1");
    worker_config_client_overrides(p, "producer.", out);
    ck_assert_uint_eq(cd_props_count(out), 2);
    ck_assert_str_eq(cd_props_get(out, "acks"), "all");
    ck_assert_str_eq(cd_props_get(out, "linger.ms"), "5");
    cd_props_destroy(out);
    out = cd_props_new();
    worker_config_client_overrides(p, "consumer", out);
    ck_assert_uint_eq(cd_props_count(out), 1);
    ck_assert_str_eq(cd_props_get(out, "max.poll.records"), "10");
    cd_props_destroy(out);
    cd_props_destroy(p);

    const char *dist[] = {"group.id", "g", "config.storage.topic", "c", "offset.storage.topic",
                          "o", "status.storage.topic", "s", "offset.storage.partitions", "0",
                          "status.storage.replication.factor", "-1", NULL};
    v = validate(worker_config_distributed_defs(), dist);
    ck_assert_uint_eq(validation_error_count(v), 1);
    assert_one_error(v, "offset.storage.partitions",
                     "Invalid value 0 for configuration offset.storage.partitions: Number of "
                     "partitions must be positive, or -1 to use the broker's default");
    validation_destroy(v);
}
END_TEST

Suite *suite_config_def(void);
Suite *suite_config_def(void) {
    Suite *s = suite_create("config_def");
    TCase *tc = tcase_create("defs");
    tcase_add_test(tc, test_names_and_defaults);
    tcase_add_test(tc, test_defs_with_defaults);
    tcase_add_test(tc, test_java_double);
    tcase_add_test(tc, test_parsers);
    suite_add_tcase(s, tc);
    tc = tcase_create("getters");
    tcase_add_test(tc, test_getters);
    tcase_add_test(tc, test_getters_fall_back_and_override);
    suite_add_tcase(s, tc);
    tc = tcase_create("validation");
    tcase_add_test(tc, test_missing_required_and_type_errors);
    tcase_add_test(tc, test_range_messages);
    tcase_add_test(tc, test_string_validators);
    tcase_add_test(tc, test_required_with_choices_reports_null);
    tcase_add_test(tc, test_entries_order_and_message);
    tcase_add_test(tc, test_kafka_sample_validate_bad);
    tcase_add_test(tc, test_redefinition_keeps_place);
    suite_add_tcase(s, tc);
    tc = tcase_create("framework");
    tcase_add_test(tc, test_connector_common_messages);
    tcase_add_test(tc, test_connector_source_messages);
    tcase_add_test(tc, test_sink_cross_field);
    tcase_add_test(tc, test_worker_config);
    suite_add_tcase(s, tc);
    return s;
}
