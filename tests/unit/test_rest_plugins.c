/*
 * /connector-plugins through rest_api_handle: the listing (samples 02,
 * 03), a plugin's config definitions (sample 04) and the validate
 * document (samples 35, 36, 37), byte for byte, with the shipped file
 * connectors (connectd-file.so) and the built-in converters; plus the
 * transform keys of a validate document and our 404 for unknown plugins.
 */
#include <check.h>
#include <dlfcn.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "convert/builtin.h"
#include "herder/connector_validation.h"
#include "rest/rest_api.h"
#include "rest/rest_validation.h"
#include "test_rest_plugins_samples.h"

static const cd_config_def_t hoist_defs[] = {
    {.name = "field", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "Field name for the single field that will be created in the resulting "
                      "Struct or Map.",
     .flags = CD_CFG_F_REQUIRED},
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
static const cd_transform_ops_t hoist_ops = {CD_DESCRIPTOR_HEADER(cd_transform_ops_t), t_configure,
                                             t_apply, t_destroy};
static const cd_plugin_desc_t hoist_desc = {CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
                                            .type = CD_PLUGIN_TRANSFORMATION,
                                            .name = "org.apache.kafka.connect.transforms.HoistField$Value",
                                            .version = "4.3.1", .config_defs = hoist_defs,
                                            .ops = &hoist_ops};

static void *so;
static plugin_registry_t *reg;
static rest_api_t *api;

static void setup(void) {
    const char *plugdir = getenv("CONNECTD_PLUGIN_DIR");
    char path[512];
    snprintf(path, sizeof path, "%s/connectd-file.so", plugdir ? plugdir : "plugins");
    so = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    ck_assert_msg(so != NULL, "dlopen %s: %s", path, dlerror());
    cd_plugin_entry_fn entry = (cd_plugin_entry_fn)dlsym(so, CD_PLUGIN_ENTRY_SYMBOL);
    ck_assert_ptr_nonnull(entry);
    const cd_plugin_manifest_t *m = entry();
    reg = plugin_registry_new();
    char err[512];
    for (size_t i = 0; i < m->n_plugins; i++)
        ck_assert_int_eq(plugin_registry_add(reg, m->plugins[i], path, err, sizeof err), 0);
    const cd_plugin_desc_t *const *list;
    size_t n = convert_builtin_plugins(&list);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(plugin_registry_add(reg, list[i], "builtin", err, sizeof err), 0);
    ck_assert_int_eq(plugin_registry_add(reg, &hoist_desc, "builtin", err, sizeof err), 0);
    api = rest_api_new(NULL, reg, err, sizeof err);
    ck_assert_ptr_nonnull(api);
}

static void teardown(void) {
    rest_api_destroy(api);
    plugin_registry_destroy(reg);
    dlclose(so);
}

static int request(const char *method, const char *target, const char *body, char **out) {
    rest_response_t r;
    rest_api_handle(api, method, target, body ? "application/json" : NULL, body,
                    body ? strlen(body) : 0, "http://localhost:8083", &r);
    int status = r.status;
    *out = strdup(r.body ? r.body : "");
    rest_response_clear(&r);
    return status;
}

static void expect(const char *method, const char *target, const char *body, int status,
                   const char *want) {
    char *got;
    int st = request(method, target, body, &got);
    ck_assert_msg(st == status, "%s %s: status %d, body %s", method, target, st, got);
    ck_assert_str_eq(got, want);
    free(got);
}

START_TEST(listing) {
    expect("GET", "/connector-plugins", NULL, 200, SAMPLE_02);
    char *got;
    ck_assert_int_eq(request("GET", "/connector-plugins?connectorsOnly=false", NULL, &got), 200);
    /* Connectors, transforms (sorted), then converters and header
     * converters exactly as Kafka lists its own. */
    const char *head = "[{\"class\":\"org.apache.kafka.connect.file.FileStreamSinkConnector\"";
    ck_assert_int_eq(strncmp(got, head, strlen(head)), 0);
    const char *hoist = strstr(got, "HoistField$Value\",\"type\":\"transformation\"");
    const char *convs = strstr(got, SAMPLE_03_CONVERTERS);
    ck_assert_ptr_nonnull(hoist);
    ck_assert_ptr_nonnull(convs);
    ck_assert(hoist < convs);
    ck_assert_str_eq(convs, SAMPLE_03_CONVERTERS);
    free(got);
}
END_TEST

START_TEST(plugin_config) {
    expect("GET", "/connector-plugins/FileStreamSource/config", NULL, 200, SAMPLE_04);
    expect("GET", "/connector-plugins/org.apache.kafka.connect.file.FileStreamSourceConnector/config",
           NULL, 200, SAMPLE_04);
    /* A converter's own definitions only (ConverterConfig). */
    const char *converter_type =
        "[{\"name\":\"converter.type\",\"type\":\"STRING\",\"required\":true,\"default_value\":null,"
        "\"importance\":\"LOW\",\"documentation\":\"How this converter will be used.\",\"group\":"
        "null,\"order_in_group\":-1,\"width\":\"NONE\",\"display_name\":\"converter.type\","
        "\"dependents\":[]}]";
    expect("GET", "/connector-plugins/LongConverter/config", NULL, 200, converter_type);
    /* Found by its full name too; a class that is both a converter and a
     * header converter answers once. */
    char *got;
    ck_assert_int_eq(request("GET", "/connector-plugins/org.apache.kafka.connect.converters.ShortConverter/config",
                             NULL, &got),
                     200);
    ck_assert_str_eq(got, converter_type);
    free(got);
}
END_TEST

START_TEST(plugin_config_other_kinds) {
    expect("GET", "/connector-plugins/org.apache.kafka.connect.transforms.HoistField$Value/config",
           NULL, 200,
           "[{\"name\":\"field\",\"type\":\"STRING\",\"required\":true,\"default_value\":null,"
           "\"importance\":\"MEDIUM\",\"documentation\":\"Field name for the single field that will "
           "be created in the resulting Struct or Map.\",\"group\":null,\"order_in_group\":-1,"
           "\"width\":\"NONE\",\"display_name\":\"field\",\"dependents\":[]}]");
    expect("GET", "/connector-plugins/Nope/config", NULL, 404,
           "{\"error_code\":404,\"message\":\"Unknown plugin Nope.\"}");
    /* A sink: its own key, then the common and sink framework keys. */
    char *got;
    ck_assert_int_eq(request("GET", "/connector-plugins/FileStreamSink/config", NULL, &got), 200);
    json_t *doc = json_loads(got, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(doc, 0), "name")), "file");
    json_t *last = json_array_get(doc, json_array_size(doc) - 1);
    ck_assert_str_eq(json_string_value(json_object_get(last, "name")),
                     "errors.deadletterqueue.context.headers.enable");
    json_decref(doc);
    free(got);
}
END_TEST

/* The validate document with the worker's converters (JsonConverter, as
 * Kafka's sample worker had them) is Kafka's, byte for byte. */
static char *validate_with_worker(const char *json_config) {
    cd_props_t *worker = cd_props_new();
    cd_props_set(worker, "key.converter", "org.apache.kafka.connect.json.JsonConverter");
    cd_props_set(worker, "value.converter", "JsonConverter");
    json_t *obj = json_loads(json_config, 0, NULL);
    cd_props_t *config = cd_props_new();
    const char *k;
    json_t *val;
    json_object_foreach(obj, k, val) cd_props_set(config, k, json_string_value(val));
    cd_validation_t *v = NULL;
    const cd_plugin_desc_t *d = NULL;
    herder_error_t err = {0};
    ck_assert_int_eq(connector_validation_run(reg, worker, config, &v, &d, &err), 0);
    json_t *doc = rest_entity_config_infos(cd_props_get(config, "connector.class"), v);
    char *text = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    validation_destroy(v);
    cd_props_destroy(config);
    cd_props_destroy(worker);
    json_decref(obj);
    return text;
}

START_TEST(validate_documents) {
    char *got = validate_with_worker("{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"0\","
                                     "\"topic\":\"\",\"batch.size\":\"abc\"}");
    ck_assert_str_eq(got, SAMPLE_35);
    free(got);
    got = validate_with_worker("{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\","
                               "\"topic\":\"t1\",\"file\":\"/tmp/demo/in.txt\"}");
    ck_assert_str_eq(got, SAMPLE_36);
    free(got);
}
END_TEST

START_TEST(validate_endpoint) {
    expect("PUT", "/connector-plugins/FileStreamSource/config/validate",
           "{\"connector.class\":\"FileStreamSink\",\"topics\":\"t1\"}", 400, SAMPLE_37);
    /* Kafka answers 500 here; we say what is wrong. */
    expect("PUT", "/connector-plugins/NoSuchConnector/config/validate",
           "{\"connector.class\":\"NoSuchConnector\"}", 404,
           "{\"error_code\":404,\"message\":\"Unknown plugin NoSuchConnector.\"}");
    expect("PUT", "/connector-plugins/FileStreamSource/config/validate", "{\"tasks.max\":\"1\"}",
           400,
           "{\"error_code\":400,\"message\":\"Connector config {tasks.max=1} contains no connector "
           "type\"}");

    char *got;
    ck_assert_int_eq(request("PUT", "/connector-plugins/FileStreamSourceConnector/config/validate",
                             "{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"0\","
                             "\"topic\":\"\",\"batch.size\":\"abc\",\"extra\":null,"
                             "\"transforms\":\"h\",\"transforms.h.type\":"
                             "\"org.apache.kafka.connect.transforms.HoistField$Value\"}",
                             &got),
                     200);
    json_t *doc = json_loads(got, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "name")), "FileStreamSource");
    /* name, tasks.max, topic, batch.size, the null value, transforms.h.field */
    ck_assert_int_eq(json_integer_value(json_object_get(doc, "error_count")), 6);
    json_t *groups = json_object_get(doc, "groups");
    ck_assert_str_eq(json_string_value(json_array_get(groups, 7)), "Transforms: h");
    json_t *configs = json_object_get(doc, "configs");
    /* Keys without definition come first. */
    json_t *first = json_array_get(configs, 0);
    ck_assert(json_is_null(json_object_get(first, "definition")));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(first, "value"), "name")),
                     "extra");
    ck_assert_str_eq(json_string_value(json_array_get(
                         json_object_get(json_object_get(first, "value"), "errors"), 0)),
                     "Null value can not be supplied as the configuration value.");
    size_t i;
    json_t *c;
    bool seen_field = false;
    json_array_foreach(configs, i, c) {
        json_t *def = json_object_get(c, "definition");
        const char *name = json_string_value(json_object_get(def, "name"));
        if (!name || strcmp(name, "transforms.h.field") != 0) continue;
        seen_field = true;
        ck_assert_str_eq(json_string_value(json_object_get(def, "group")), "Transforms: h");
        ck_assert_int_eq(json_integer_value(json_object_get(def, "order_in_group")), 2);
        ck_assert_str_eq(json_string_value(json_object_get(def, "display_name")), "field");
        json_t *errs = json_object_get(json_object_get(c, "value"), "errors");
        ck_assert_str_eq(json_string_value(json_array_get(errs, 0)),
                         "Missing required configuration \"transforms.h.field\" which has no "
                         "default value.");
    }
    ck_assert(seen_field);
    json_decref(doc);
    free(got);
}
END_TEST

Suite *suite_rest_plugins(void);
Suite *suite_rest_plugins(void) {
    Suite *s = suite_create("rest_plugins");
    TCase *tc = tcase_create("rest_plugins");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, listing);
    tcase_add_test(tc, plugin_config);
    tcase_add_test(tc, plugin_config_other_kinds);
    tcase_add_test(tc, validate_documents);
    tcase_add_test(tc, validate_endpoint);
    suite_add_tcase(s, tc);
    return s;
}
