/* Plugin registry: ABI checks and Kafka's alias rules. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "plugin/registry.h"

static int c_start(void **s, const cd_config_t *c, cd_connector_context_t *x, cd_error_t *e) {
    (void)s, (void)c, (void)x, (void)e;
    return 0;
}
static int c_tasks(void *s, int m, cd_task_configs_t *o, cd_error_t *e) {
    (void)s, (void)m, (void)o, (void)e;
    return 0;
}
static void c_stop(void *s) { (void)s; }
static int t_start(void **s, const cd_config_t *c, cd_task_context_t *x, cd_error_t *e) {
    (void)s, (void)c, (void)x, (void)e;
    return 0;
}
static int t_poll(void *s, cd_source_batch_t *b, cd_error_t *e) {
    (void)s, (void)b, (void)e;
    return 0;
}

static const cd_source_task_ops_t task_ops = {
    CD_DESCRIPTOR_HEADER(cd_source_task_ops_t), .start = t_start, .poll = t_poll, .stop = c_stop};
static const cd_connector_ops_t conn_ops = {CD_DESCRIPTOR_HEADER(cd_connector_ops_t),
                                            .start = c_start, .task_configs = c_tasks,
                                            .stop = c_stop, .source_task = &task_ops};
static const cd_plugin_desc_t file_source = {CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
                                             .type = CD_PLUGIN_SOURCE,
                                             .name = "org.apache.kafka.connect.file.FileStreamSourceConnector",
                                             .version = "4.3.1", .ops = &conn_ops};
static const cd_plugin_desc_t other_source = {CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
                                              .type = CD_PLUGIN_SOURCE,
                                              .name = "com.example.FileStreamSourceConnector",
                                              .version = "1", .ops = &conn_ops};

START_TEST(finds_by_fqcn_simple_and_pruned_name) {
    plugin_registry_t *r = plugin_registry_new();
    char err[1024];
    ck_assert_int_eq(plugin_registry_add(r, &file_source, "builtin", err, sizeof err), 0);
    const char *names[] = {"org.apache.kafka.connect.file.FileStreamSourceConnector",
                           "FileStreamSourceConnector", "FileStreamSource"};
    for (int i = 0; i < 3; i++)
        ck_assert_ptr_eq(plugin_registry_find(r, PLUGIN_MASK_CONNECTOR, names[i], err, sizeof err),
                         &file_source);
    ck_assert_ptr_null(plugin_registry_find(r, PLUGIN_MASK_CONNECTOR, "FileStream", err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "Failed to find any class that implements Connector and which "
                                      "name matches FileStream, available connectors are: "
                                      "PluginDesc{klass=class org.apache.kafka.connect.file."
                                      "FileStreamSourceConnector, name='org.apache.kafka.connect."
                                      "file.FileStreamSourceConnector', version='4.3.1'"));
    /* Wrong type: a source is no converter. */
    ck_assert_ptr_null(plugin_registry_find(r, PLUGIN_MASK(CD_PLUGIN_CONVERTER), "FileStreamSource",
                                            err, sizeof err));
    plugin_registry_destroy(r);
}
END_TEST

START_TEST(ambiguous_alias_is_refused_but_fqcn_works) {
    plugin_registry_t *r = plugin_registry_new();
    char err[1024];
    plugin_registry_add(r, &file_source, "builtin", err, sizeof err);
    plugin_registry_add(r, &other_source, "/x.so", err, sizeof err);
    ck_assert_ptr_null(plugin_registry_find(r, PLUGIN_MASK_CONNECTOR, "FileStreamSource", err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "More than one connector matches alias FileStreamSource"));
    ck_assert_ptr_eq(plugin_registry_find(r, PLUGIN_MASK_CONNECTOR,
                                          "com.example.FileStreamSourceConnector", err, sizeof err),
                     &other_source);
    plugin_registry_destroy(r);
}
END_TEST

START_TEST(rejects_other_abi_major_and_short_structs) {
    plugin_registry_t *r = plugin_registry_new();
    char err[256];
    cd_plugin_desc_t bad = file_source;
    bad.abi_version = (CD_ABI_MAJOR + 1) << 16;
    ck_assert_int_ne(plugin_registry_add(r, &bad, "x", err, sizeof err), 0);
    ck_assert_ptr_nonnull(strstr(err, "ABI"));
    bad = file_source;
    bad.struct_size = 8;
    ck_assert_int_ne(plugin_registry_add(r, &bad, "x", err, sizeof err), 0);
    cd_connector_ops_t no_task = conn_ops;
    no_task.source_task = NULL;
    bad = file_source;
    bad.ops = &no_task;
    ck_assert_int_ne(plugin_registry_add(r, &bad, "x", err, sizeof err), 0);
    ck_assert_int_eq(plugin_registry_count(r), 0);
    /* Same name twice is refused too. */
    ck_assert_int_eq(plugin_registry_add(r, &file_source, "a", err, sizeof err), 0);
    ck_assert_int_ne(plugin_registry_add(r, &file_source, "b", err, sizeof err), 0);
    plugin_registry_destroy(r);
}
END_TEST

START_TEST(loads_shipped_plugins_and_skips_garbage) {
    const char *dir = getenv("CONNECTD_PLUGIN_DIR");
    if (!dir) dir = "plugins";
    plugin_registry_t *r = plugin_registry_new();
    int n = plugin_registry_load_path(r, dir);
    ck_assert_int_ge(n, 2);
    char err[512];
    ck_assert_ptr_nonnull(plugin_registry_find(r, PLUGIN_MASK_CONNECTOR, "FileStreamSink", err, sizeof err));
    /* A path that does not exist adds nothing and does not crash. */
    ck_assert_int_eq(plugin_registry_load_path(r, "/nonexistent/plugins"), 0);
    plugin_registry_destroy(r);
}
END_TEST

Suite *suite_registry(void);
Suite *suite_registry(void) {
    Suite *s = suite_create("registry");
    TCase *tc = tcase_create("lookup");
    tcase_add_test(tc, finds_by_fqcn_simple_and_pruned_name);
    tcase_add_test(tc, ambiguous_alias_is_refused_but_fqcn_works);
    tcase_add_test(tc, rejects_other_abi_major_and_short_structs);
    tcase_add_test(tc, loads_shipped_plugins_and_skips_garbage);
    suite_add_tcase(s, tc);
    return s;
}
