/*
 * Connector config validation (herder/connector_validation): the create
 * path's 400 messages (rest-samples 09 and 11) and the keys, orders,
 * groups, values and errors Kafka's ConnectorConfig.enrich adds for
 * transforms and predicates, with in-test plugins.
 */
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "config/validation.h"
#include "convert/builtin.h"
#include "herder/connector_validation.h"

/* ---- in-test plugins ---- */

static const cd_config_def_t router_defs[] = {
    {.name = "replacement", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Replacement string.", .flags = CD_CFG_F_REQUIRED},
    {.name = "regex", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Regular expression.", .flags = CD_CFG_F_REQUIRED | CD_CFG_F_REGEX},
    {.name = "max", .type = CD_CFG_INT, .default_value = "10", .importance = CD_IMPORTANCE_LOW,
     .documentation = "At most this many.", .flags = CD_CFG_F_HAS_MIN, .min = 1},
    {.name = "label", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "A label.", .group = "Extra", .display_name = "Label"},
    /* Masked by the implicit key of that name. */
    {.name = "predicate", .type = CD_CFG_INT, .importance = CD_IMPORTANCE_LOW,
     .documentation = "masked"},
    {.name = NULL},
};

static int t_configure(void **s, const cd_config_t *c, cd_error_t *e) {
    (void)c, (void)e;
    *s = NULL;
    return 0;
}
static int t_apply(void *s, const cd_record_t *in, cd_arena_t *a, const cd_record_t **out,
                   cd_error_t *e) {
    (void)s, (void)a, (void)e;
    *out = in;
    return 0;
}
static void t_destroy(void *s) { (void)s; }
static bool p_test(void *s, const cd_record_t *r) {
    (void)s, (void)r;
    return true;
}

static const cd_transform_ops_t router_ops = {CD_DESCRIPTOR_HEADER(cd_transform_ops_t),
                                              t_configure, t_apply, t_destroy};
static const char *const router_aliases[] = {"Router", NULL};
static const cd_plugin_desc_t router_desc = {CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
                                             .type = CD_PLUGIN_TRANSFORMATION,
                                             .name = "test.Router", .aliases = router_aliases,
                                             .version = "1.0", .config_defs = router_defs,
                                             .ops = &router_ops};
static const cd_plugin_desc_t drop_desc = {CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
                                           .type = CD_PLUGIN_TRANSFORMATION, .name = "test.Drop$Key",
                                           .version = "1.0", .ops = &router_ops};

static const cd_config_def_t pred_defs[] = {
    {.name = "pattern", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Pattern.", .flags = CD_CFG_F_REQUIRED | CD_CFG_F_NONEMPTY},
    {.name = NULL},
};
static const cd_predicate_ops_t pred_ops = {CD_DESCRIPTOR_HEADER(cd_predicate_ops_t), t_configure,
                                            p_test, t_destroy};
static const cd_plugin_desc_t pred_desc = {CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
                                           .type = CD_PLUGIN_PREDICATE, .name = "test.IsFoo",
                                           .version = "2.0", .config_defs = pred_defs,
                                           .ops = &pred_ops};

static const cd_config_def_t src_defs[] = {
    {.name = "topic", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_HIGH,
     .documentation = "The topic to publish data to",
     .flags = CD_CFG_F_REQUIRED | CD_CFG_F_NONEMPTY},
    {.name = NULL},
};
/* A source connector that is never started: only its definitions count. */
static int c_start(void **s, const cd_config_t *c, cd_connector_context_t *ctx, cd_error_t *e) {
    (void)c, (void)ctx, (void)e;
    *s = NULL;
    return 0;
}
static int c_task_configs(void *s, int max, cd_task_configs_t *out, cd_error_t *e) {
    (void)s, (void)max, (void)out, (void)e;
    return 0;
}
static int st_start(void **s, const cd_config_t *c, cd_task_context_t *ctx, cd_error_t *e) {
    (void)c, (void)ctx, (void)e;
    *s = NULL;
    return 0;
}
static int st_poll(void *s, cd_source_batch_t *b, cd_error_t *e) {
    (void)s, (void)b, (void)e;
    return 0;
}
static const cd_source_task_ops_t src_task_ops = {CD_DESCRIPTOR_HEADER(cd_source_task_ops_t),
                                                  .start = st_start, .poll = st_poll,
                                                  .stop = t_destroy};
static const cd_connector_ops_t src_ops = {CD_DESCRIPTOR_HEADER(cd_connector_ops_t),
                                           .start = c_start, .task_configs = c_task_configs,
                                           .stop = t_destroy, .source_task = &src_task_ops,
                                           .task_class = "test.SourceTask"};
static const cd_plugin_desc_t src_desc = {CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
                                          .type = CD_PLUGIN_SOURCE, .name = "test.FileSourceConnector",
                                          .version = "4.3.1", .config_defs = src_defs,
                                          .ops = &src_ops};

static plugin_registry_t *reg;

static void setup(void) {
    reg = plugin_registry_new();
    char err[256];
    const cd_plugin_desc_t *const *list;
    size_t n = convert_builtin_plugins(&list);
    for (size_t i = 0; i < n; i++) plugin_registry_add(reg, list[i], "builtin", err, sizeof err);
    const cd_plugin_desc_t *mine[] = {&router_desc, &drop_desc, &pred_desc, &src_desc};
    for (size_t i = 0; i < 4; i++)
        ck_assert_msg(plugin_registry_add(reg, mine[i], "builtin", err, sizeof err) == 0, "%s", err);
}

static void teardown(void) { plugin_registry_destroy(reg); }

/* A config from "k", "v", ... pairs, NULL-terminated. */
static cd_props_t *props_of(const char *first, ...) {
    cd_props_t *p = cd_props_new();
    va_list ap;
    va_start(ap, first);
    for (const char *k = first; k; k = va_arg(ap, const char *)) cd_props_set(p, k, va_arg(ap, const char *));
    va_end(ap);
    return p;
}

static cd_validation_t *run(cd_props_t *config) {
    cd_validation_t *v = NULL;
    const cd_plugin_desc_t *d = NULL;
    herder_error_t err = {0};
    ck_assert_int_eq(connector_validation_run(reg, NULL, config, &v, &d, &err), 0);
    ck_assert_ptr_eq(d, &src_desc);
    cd_props_destroy(config);
    return v;
}

static const validation_entry_t *entry(const cd_validation_t *v, const char *key) {
    const validation_entry_t *e = validation_find(v, key);
    ck_assert_msg(e != NULL, "no entry for %s", key);
    return e;
}

/* Errors of a key joined with '|'. */
static void expect_errors(const cd_validation_t *v, const char *key, const char *want) {
    const validation_entry_t *e = entry(v, key);
    char got[2048] = "";
    for (size_t i = 0; i < validation_entry_error_count(e); i++) {
        if (i) strcat(got, "|");
        strncat(got, validation_entry_error(e, i), sizeof got - strlen(got) - 1);
    }
    ck_assert_str_eq(got, want);
}

static size_t index_of(const cd_validation_t *v, const char *key) {
    for (size_t i = 0; i < validation_entry_count(v); i++)
        if (strcmp(validation_entry_key(validation_entry_at(v, i)), key) == 0) return i;
    ck_abort_msg("no entry %s", key);
    return 0;
}

START_TEST(create_messages_as_kafka) {
    herder_error_t err = {0};
    const cd_plugin_desc_t *d = NULL;
    cd_props_t *c = props_of("name", "bad", "tasks.max", "1", NULL);
    ck_assert_int_eq(connector_validate(reg, c, &d, &err), HERDER_BAD_REQUEST);
    ck_assert_str_eq(err.message, "Connector config {name=bad, tasks.max=1} contains no connector type");
    cd_props_destroy(c);

    c = props_of("name", "bad3", "connector.class", "test.FileSourceConnector", "tasks.max", "1", NULL);
    ck_assert_int_eq(connector_validate(reg, c, &d, &err), HERDER_BAD_REQUEST);
    ck_assert_str_eq(err.message,
                     "Connector configuration is invalid and contains the following 1 error(s):\n"
                     "Missing required configuration \"topic\" which has no default value.\n"
                     "You can also find the above list of errors at the endpoint "
                     "`/connector-plugins/{connectorType}/config/validate`");
    cd_props_destroy(c);

    c = props_of("name", "bad2", "connector.class", "com.example.Nope", NULL);
    ck_assert_int_eq(connector_validate(reg, c, &d, &err), HERDER_BAD_REQUEST);
    const char *prefix = "Failed to find any class that implements Connector and which name "
                         "matches com.example.Nope, available connectors are: ";
    ck_assert_msg(strncmp(err.message, prefix, strlen(prefix)) == 0, "%s", err.message);
    cd_props_destroy(c);

    c = props_of("name", "ok", "connector.class", "test.FileSourceConnector", "topic", "t", NULL);
    ck_assert_int_eq(connector_validate(reg, c, &d, &err), 0);
    ck_assert_ptr_eq(d, &src_desc);
    cd_props_destroy(c);
}
END_TEST

START_TEST(transform_keys_embedded) {
    cd_validation_t *v = run(props_of("name", "c", "connector.class", "test.FileSourceConnector",
                                      "topic", "t", "transforms", "a", "transforms.a.type", "Router",
                                      "transforms.a.regex", "x.*", "transforms.a.replacement", "y",
                                      NULL));
    ck_assert_uint_eq(validation_error_count(v), 0);
    /* Canonical class name shown for an alias; installed transforms recommended. */
    const validation_entry_t *e = entry(v, "transforms.a.type");
    ck_assert_str_eq(validation_entry_value(e), "test.Router");
    ck_assert_uint_eq(validation_entry_recommended_count(e), 2);
    ck_assert_str_eq(validation_entry_recommended(e, 0), "test.Drop$Key");
    ck_assert_str_eq(validation_entry_recommended(e, 1), "test.Router");
    const cd_config_def_t *d = validation_entry_def(e);
    ck_assert_str_eq(d->group, "Transforms: a");
    ck_assert_str_eq(d->documentation, "Class for the 'a' transformation.");
    ck_assert_str_eq(config_def_display_name(d), "Transformation type for a");
    ck_assert(config_def_required(d));
    ck_assert_int_eq(validation_entry_order(e), 0);
    e = entry(v, "transforms.a.plugin.version");
    ck_assert_str_eq(validation_entry_value(e), "1.0");
    ck_assert_int_eq(validation_entry_order(e), 1);

    /* ConfigDef.embed order: ungrouped required keys by name, then by
     * importance and name, then grouped keys. */
    const char *order[] = {"transforms.a.type",       "transforms.a.plugin.version",
                           "transforms.a.regex",      "transforms.a.replacement",
                           "transforms.a.negate",     "transforms.a.predicate",
                           "transforms.a.max",        "transforms.a.label"};
    size_t first = index_of(v, order[0]);
    for (size_t i = 0; i < 8; i++) {
        e = validation_entry_at(v, first + i);
        ck_assert_str_eq(validation_entry_key(e), order[i]);
        ck_assert_int_eq(validation_entry_order(e), (int)i);
    }
    /* Transforms come after the framework keys, before the connector's. */
    ck_assert_uint_gt(first, index_of(v, "offsets.storage.topic"));
    ck_assert_uint_lt(first, index_of(v, "topic"));
    e = entry(v, "transforms.a.label");
    ck_assert_str_eq(validation_entry_def(e)->group, "Transforms: a: Extra");
    ck_assert_str_eq(config_def_display_name(validation_entry_def(e)), "Label");
    /* The implicit predicate masks the plugin's key of that name. */
    e = entry(v, "transforms.a.predicate");
    ck_assert_int_eq(validation_entry_def(e)->type, CD_CFG_STRING);
    ck_assert_str_eq(config_def_display_name(validation_entry_def(e)), "predicate");
    ck_assert_str_eq(validation_entry_value(entry(v, "transforms.a.negate")), "false");
    ck_assert_str_eq(validation_entry_value(entry(v, "transforms.a.max")), "10");

    const char *groups[16];
    size_t ng = validation_groups(v, groups, 16);
    ck_assert_uint_eq(ng, 9);
    ck_assert_str_eq(groups[6], "offsets.topic");
    ck_assert_str_eq(groups[7], "Transforms: a");
    ck_assert_str_eq(groups[8], "Transforms: a: Extra");
    validation_destroy(v);
}
END_TEST

START_TEST(transform_errors_name_the_key) {
    cd_validation_t *v = run(props_of("name", "c", "connector.class", "test.FileSourceConnector",
                                      "topic", "t", "transforms", "a", "transforms.a.type",
                                      "test.Router", "transforms.a.regex", "(", "transforms.a.max",
                                      "zero", NULL));
    expect_errors(v, "transforms.a.replacement",
                  "Missing required configuration \"transforms.a.replacement\" which has no "
                  "default value.");
    /* Kafka's Range still sees the null a failed parse leaves. */
    expect_errors(v, "transforms.a.max",
                  "Invalid value zero for configuration transforms.a.max: Not a number of type "
                  "INT|Invalid value null for configuration max: Value must be non-null");
    /* Validators word messages with the unprefixed name (embeddedValidator). */
    const validation_entry_t *e = entry(v, "transforms.a.regex");
    ck_assert_uint_eq(validation_entry_error_count(e), 1);
    ck_assert_msg(strncmp(validation_entry_error(e, 0),
                          "Invalid value ( for configuration regex: Invalid regex: ", 56) == 0,
                  "%s", validation_entry_error(e, 0));
    ck_assert_uint_eq(validation_error_count(v), 4);
    validation_destroy(v);

    v = run(props_of("name", "c", "connector.class", "test.FileSourceConnector", "topic", "t",
                     "transforms", "a", "transforms.a.type", "test.Router", "transforms.a.regex",
                     "x", "transforms.a.replacement", "y", "transforms.a.max", "0", NULL));
    expect_errors(v, "transforms.a.max", "Invalid value 0 for configuration max: Value must be at least 1");
    validation_destroy(v);
}
END_TEST

START_TEST(transform_type_problems) {
    /* Unknown class: null value, nothing embedded. */
    cd_validation_t *v = run(props_of("name", "c", "connector.class", "test.FileSourceConnector",
                                      "topic", "t", "transforms", "a, b ,c,d,a", "transforms.a.type",
                                      "Nope", "transforms.b.negate", "true", "transforms.c.type",
                                      "test.IsFoo", "transforms.d.type", "test.Drop", NULL));
    expect_errors(v, "transforms.a.type",
                  "Invalid value Nope for configuration transforms.a.type: Class Nope could not be found.");
    ck_assert_ptr_null(validation_entry_value(entry(v, "transforms.a.type")));
    ck_assert_ptr_null(validation_find(v, "transforms.a.regex"));
    ck_assert_ptr_null(validation_find(v, "transforms.a.negate"));
    ck_assert_ptr_null(validation_entry_value(entry(v, "transforms.a.plugin.version")));
    ck_assert_uint_eq(validation_entry_recommended_count(entry(v, "transforms.a.plugin.version")), 0);
    /* Missing type, and negate without predicate, both on the type key. */
    expect_errors(v, "transforms.b.type",
                  "Missing required configuration \"transforms.b.type\" which has no default value.|"
                  "Config 'transforms.b.negate' was provided but there is no config "
                  "'transforms.b.predicate' defining a predicate to be negated.");
    /* A class of another kind. */
    expect_errors(v, "transforms.c.type",
                  "Class class test.IsFoo does not implement the Transformation interface");
    ck_assert_str_eq(validation_entry_value(entry(v, "transforms.c.type")), "test.IsFoo");
    /* An abstract outer class. */
    expect_errors(v, "transforms.d.type",
                  "This class is abstract and cannot be created. Did you mean test.Drop$Key?");
    expect_errors(v, "transforms",
                  "Invalid value [a, b, c, d, a] for configuration transforms: Duplicate alias provided.");
    ck_assert_uint_eq(validation_error_count(v), 6);
    validation_destroy(v);
}
END_TEST

START_TEST(predicates_validated) {
    cd_validation_t *v = run(props_of(
        "name", "c", "connector.class", "test.FileSourceConnector", "topic", "t", "transforms", "a",
        "transforms.a.type", "test.Router", "transforms.a.regex", "x", "transforms.a.replacement",
        "y", "transforms.a.predicate", "q", "predicates", "p", "predicates.p.type", "IsFoo",
        "predicates.p.pattern", "", NULL));
    expect_errors(v, "transforms.a.predicate",
                  "Invalid value q for configuration transforms.a.predicate: predicate is not "
                  "listed in 'predicates'");
    expect_errors(v, "predicates.p.pattern", "Invalid value  for configuration pattern: String must be non-empty");
    const validation_entry_t *e = entry(v, "predicates.p.type");
    ck_assert_str_eq(validation_entry_value(e), "test.IsFoo");
    ck_assert_str_eq(validation_entry_def(e)->documentation, "Class for the 'p' predicate.");
    ck_assert_str_eq(config_def_display_name(validation_entry_def(e)), "Predicate type for p");
    ck_assert_str_eq(validation_entry_def(e)->group, "Predicates: p");
    ck_assert_str_eq(validation_entry_value(entry(v, "predicates.p.plugin.version")), "2.0");
    ck_assert_int_eq(validation_entry_order(entry(v, "predicates.p.pattern")), 2);
    /* Predicates follow every transform key. */
    ck_assert_uint_gt(index_of(v, "predicates.p.type"), index_of(v, "transforms.a.label"));
    ck_assert_ptr_null(validation_find(v, "predicates.p.negate"));
    ck_assert_uint_eq(validation_error_count(v), 2);

    /* The create path refuses it with the keys named. */
    validation_destroy(v);
    herder_error_t err = {0};
    const cd_plugin_desc_t *d = NULL;
    cd_props_t *c = props_of("name", "c", "connector.class", "test.FileSourceConnector", "topic",
                             "t", "transforms", "x", "transforms.x.type", "Nope", NULL);
    ck_assert_int_eq(connector_validate(reg, c, &d, &err), HERDER_BAD_REQUEST);
    ck_assert_str_eq(err.message,
                     "Connector configuration is invalid and contains the following 1 error(s):\n"
                     "Invalid value Nope for configuration transforms.x.type: Class Nope could not "
                     "be found.\nYou can also find the above list of errors at the endpoint "
                     "`/connector-plugins/{connectorType}/config/validate`");
    cd_props_destroy(c);
}
END_TEST

START_TEST(converter_keys) {
    cd_props_t *worker = props_of("key.converter", "StringConverter", "value.converter",
                                  "org.apache.kafka.connect.json.JsonConverter", NULL);
    cd_props_t *config = props_of("name", "c", "connector.class", "test.FileSourceConnector", "topic",
                                  "t", "value.converter", "LongConverter", "header.converter",
                                  "Nope", "key.converter", "SimpleHeaderConverter", NULL);
    cd_validation_t *v = NULL;
    const cd_plugin_desc_t *d = NULL;
    herder_error_t err = {0};
    ck_assert_int_eq(connector_validation_run(reg, worker, config, &v, &d, &err), 0);
    /* The default stays the worker's even when the connector sets its own. */
    const validation_entry_t *e = entry(v, "key.converter");
    ck_assert_str_eq(validation_entry_def(e)->default_value, "org.apache.kafka.connect.storage.StringConverter");
    expect_errors(v, "key.converter",
                  "Class class org.apache.kafka.connect.storage.SimpleHeaderConverter does not "
                  "implement the Converter interface");
    e = entry(v, "value.converter");
    ck_assert_str_eq(validation_entry_value(e), "org.apache.kafka.connect.converters.LongConverter");
    ck_assert_uint_eq(validation_entry_recommended_count(e), 9);
    expect_errors(v, "header.converter",
                  "Invalid value Nope for configuration header.converter: Class Nope could not be found.");
    e = entry(v, "header.converter");
    ck_assert_str_eq(validation_entry_def(e)->default_value,
                     "org.apache.kafka.connect.storage.SimpleHeaderConverter");
    ck_assert_uint_eq(validation_entry_recommended_count(e), 10);
    ck_assert_uint_eq(validation_entry_recommended_count(entry(v, "header.converter.plugin.version")), 0);
    ck_assert_str_eq(validation_entry_recommended(entry(v, "value.converter.plugin.version"), 0), "4.3.1");
    ck_assert_str_eq(validation_entry_value(entry(v, "connector.plugin.version")), "4.3.1");
    validation_destroy(v);
    cd_props_destroy(config);
    cd_props_destroy(worker);
}
END_TEST

Suite *suite_connector_validation(void);
Suite *suite_connector_validation(void) {
    Suite *s = suite_create("connector_validation");
    TCase *tc = tcase_create("connector_validation");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, create_messages_as_kafka);
    tcase_add_test(tc, transform_keys_embedded);
    tcase_add_test(tc, transform_errors_name_the_key);
    tcase_add_test(tc, transform_type_problems);
    tcase_add_test(tc, predicates_validated);
    tcase_add_test(tc, converter_keys);
    suite_add_tcase(s, tc);
    return s;
}
