/* The generated configuration reference: cells, tables, section order,
 * plugin sections and determinism. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "docs/config_docs.h"

static char *render_cell(const char *text) {
    buf_t b;
    buf_init(&b);
    buf_append_str(&b, "");
    config_docs_cell(&b, text);
    return buf_steal(&b);
}

START_TEST(cell_folds_whitespace_and_escapes_pipes) {
    char *s = render_cell("  a |b\n\n\tc  \r\n");
    ck_assert_str_eq(s, "a \\|b c");
    free(s);
    s = render_cell(NULL);
    ck_assert_str_eq(s, "");
    free(s);
}
END_TEST

static const char *const AB[] = {"a", "b", NULL};
static const cd_config_def_t TABLE[] = {
    {.name = "a.list", .type = CD_CFG_LIST, .default_value = "x, y",
     .importance = CD_IMPORTANCE_HIGH, .documentation = "Line one\n  line | two  "},
    {.name = "req", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_MEDIUM,
     .flags = CD_CFG_F_REQUIRED},
    {.name = "nul", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_LOW,
     .documentation = "Null default"},
    {.name = "empty", .type = CD_CFG_STRING, .default_value = "",
     .importance = CD_IMPORTANCE_LOW, .documentation = "Empty", .choices = AB},
    {.name = "n", .type = CD_CFG_INT, .default_value = "5", .importance = CD_IMPORTANCE_LOW,
     .documentation = "Num.", .flags = CD_CFG_F_HAS_MIN | CD_CFG_F_HAS_MAX, .min = 1, .max = 10},
    {.name = "m", .type = CD_CFG_INT, .default_value = "01", .importance = CD_IMPORTANCE_LOW,
     .documentation = "", .flags = CD_CFG_F_HAS_MIN, .min = 0},
    {.name = "pw", .type = CD_CFG_PASSWORD, .default_value = "secret",
     .importance = CD_IMPORTANCE_HIGH, .documentation = "Secret:"},
    {.name = NULL},
};

START_TEST(table_renders_every_column) {
    buf_t b;
    buf_init(&b);
    config_docs_table(&b, TABLE);
    ck_assert_str_eq(b.data,
                     "| key | type | default | importance | description |\n"
                     "|---|---|---|---|---|\n"
                     "| `a.list` | list | `x,y` | high | Line one line \\| two |\n"
                     "| `req` | string | (required) | medium |  |\n"
                     "| `nul` | string |  | low | Null default |\n"
                     "| `empty` | string | `\"\"` | low | Empty. Valid values: `a`, `b`. |\n"
                     "| `n` | int | `5` | low | Num. Valid values: 1 to 10. |\n"
                     "| `m` | int | `1` | low | Valid values: at least 0. |\n"
                     "| `pw` | password | `[hidden]` | high | Secret: |\n");
    buf_reset(&b);
    config_docs_table(&b, NULL);
    ck_assert_str_eq(b.data, "No configuration keys of its own.\n");
    buf_free(&b);
}
END_TEST

/* ---- fake plugins -------------------------------------------------------- */

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
static int v_configure(void **s, const cd_config_t *c, bool k, cd_error_t *e) {
    (void)s, (void)c, (void)k, (void)e;
    return 0;
}
static int v_from(void *s, const char *t, const cd_schema_t *sc, const cd_value_t *v, cd_buf_t *o,
                  cd_error_t *e) {
    (void)s, (void)t, (void)sc, (void)v, (void)o, (void)e;
    return 0;
}
static int v_to(void *s, const char *t, const void *d, size_t l, cd_arena_t *a,
                const cd_schema_t **sc, const cd_value_t **v, cd_error_t *e) {
    (void)s, (void)t, (void)d, (void)l, (void)a, (void)sc, (void)v, (void)e;
    return 0;
}

static const cd_source_task_ops_t task_ops = {
    CD_DESCRIPTOR_HEADER(cd_source_task_ops_t), .start = t_start, .poll = t_poll, .stop = c_stop};
static const cd_connector_ops_t conn_ops = {CD_DESCRIPTOR_HEADER(cd_connector_ops_t),
                                            .start = c_start, .task_configs = c_tasks,
                                            .stop = c_stop, .source_task = &task_ops};
static const cd_converter_ops_t conv_ops = {CD_DESCRIPTOR_HEADER(cd_converter_ops_t),
                                            .configure = v_configure, .from_connect = v_from,
                                            .to_connect = v_to};

static const cd_config_def_t ZED_DEFS[] = {
    {.name = "zed.key", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Zed key", .flags = CD_CFG_F_REQUIRED},
    {.name = NULL},
};
static const cd_config_def_t X_DEFS[] = {
    {.name = "x.key", .type = CD_CFG_BOOLEAN, .default_value = "TRUE",
     .importance = CD_IMPORTANCE_LOW, .documentation = "X key"},
    {.name = NULL},
};
static const cd_config_def_t X_DEFS_OTHER[] = {
    {.name = "x.other", .type = CD_CFG_BOOLEAN, .default_value = "false",
     .importance = CD_IMPORTANCE_LOW, .documentation = "Other"},
    {.name = NULL},
};
static const char *const ZED_ALIASES[] = {"Zed", "ZedSource", NULL};

#define DESC(t, n, defs, ops_)                                                                    \
    {CD_DESCRIPTOR_HEADER(cd_plugin_desc_t), .type = (t), .name = (n), .version = "1",            \
     .config_defs = (defs), .ops = (ops_)}

static const cd_plugin_desc_t zed = {CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
                                     .type = CD_PLUGIN_SOURCE,
                                     .name = "com.example.ZedSourceConnector",
                                     .aliases = ZED_ALIASES,
                                     .version = "1",
                                     .documentation = "Makes\nzeds.",
                                     .config_defs = ZED_DEFS,
                                     .ops = &conn_ops};
static const cd_plugin_desc_t plugins[] = {
    DESC(CD_PLUGIN_HEADER_CONVERTER, "com.example.XConverter", X_DEFS, &conv_ops),
    DESC(CD_PLUGIN_CONVERTER, "com.example.XConverter", X_DEFS, &conv_ops),
    DESC(CD_PLUGIN_HEADER_CONVERTER, "com.example.AHeaderConverter", NULL, &conv_ops),
    DESC(CD_PLUGIN_CONVERTER, "com.example.DiffConverter", X_DEFS, &conv_ops),
    DESC(CD_PLUGIN_HEADER_CONVERTER, "com.example.DiffConverter", X_DEFS_OTHER, &conv_ops),
    DESC(CD_PLUGIN_HEADER_CONVERTER, "com.example.YConverter", X_DEFS, &conv_ops),
};
#define N_PLUGINS (sizeof plugins / sizeof plugins[0])

static char *render_registry(bool reversed) {
    plugin_registry_t *r = plugin_registry_new();
    char err[256];
    if (!reversed) ck_assert_int_eq(plugin_registry_add(r, &zed, "/opt/zed.so", err, sizeof err), 0);
    for (size_t i = 0; i < N_PLUGINS; i++) {
        const cd_plugin_desc_t *d = &plugins[reversed ? N_PLUGINS - 1 - i : i];
        ck_assert_int_eq(plugin_registry_add(r, d, "/opt/x.so", err, sizeof err), 0);
    }
    if (reversed) ck_assert_int_eq(plugin_registry_add(r, &zed, "/opt/zed.so", err, sizeof err), 0);
    buf_t b;
    buf_init(&b);
    config_docs_render(&b, r);
    plugin_registry_destroy(r);
    return buf_steal(&b);
}

static size_t count_of(const char *hay, const char *needle) {
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

static const char *must_find(const char *hay, const char *needle) {
    const char *p = strstr(hay, needle);
    ck_assert_msg(p != NULL, "missing: %s", needle);
    return p;
}

START_TEST(sections_in_order_plugins_sorted_and_merged) {
    char *s = render_registry(false);
    ck_assert_int_eq(strncmp(s, "### Worker\n\n", 12), 0);
    const char *order[] = {
        "### Worker\n",
        "### Worker (standalone)\n",
        "### Connector (common)\n",
        "### Source connector\n",
        "### Sink connector\n",
        "### `com.example.ZedSourceConnector` (source)\n\nAliases: `Zed`, `ZedSource`.\n\n"
        "Makes zeds.\n\n| key |",
        "### `com.example.AHeaderConverter` (header_converter)\n\n"
        "No configuration keys of its own.\n",
        "### `com.example.DiffConverter` (converter)\n",
        "### `com.example.DiffConverter` (header_converter)\n",
        "### `com.example.XConverter` (converter, header_converter)\n\n"
        "Set in a worker or connector configuration with the prefix `key.converter.`, "
        "`value.converter.` or `header.converter.`.\n\n",
        "### `com.example.YConverter` (header_converter)\n\n"
        "Set in a worker or connector configuration with the prefix `header.converter.`.\n\n",
    };
    const char *prev = s;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *p = must_find(prev, order[i]);
        prev = p + 1;
    }
    ck_assert_uint_eq(count_of(s, "com.example.XConverter"), 1);
    ck_assert_ptr_nonnull(strstr(s, "| `zed.key` | string | (required) | high | Zed key |\n"));
    ck_assert_ptr_nonnull(strstr(s, "| `x.key` | boolean | `true` | low | X key |\n"));
    ck_assert_ptr_nonnull(
        strstr(s, "| `offset.storage.file.filename` | string | (required) | high |"));
    ck_assert_ptr_nonnull(strstr(s, "| `tasks.max` | int | `1` | high |"));
    ck_assert_ptr_nonnull(strstr(s, "| `topics` | list | `\"\"` | high |"));
    /* Where a plugin was found is not part of the reference. */
    ck_assert_ptr_null(strstr(s, "/opt/"));
    ck_assert_int_eq(s[strlen(s) - 1], '\n');

    char *again = render_registry(true);
    ck_assert_str_eq(again, s);
    free(again);
    free(s);
}
END_TEST

START_TEST(render_path_documents_builtins_and_plugin_path) {
    const char *rel = getenv("CONNECTD_PLUGIN_DIR");
    /* Absolute, so that "not in the output" means something. */
    char *dir = realpath(rel ? rel : "plugins", NULL);
    ck_assert_ptr_nonnull(dir);
    buf_t b;
    buf_init(&b);
    char err[256];
    ck_assert_int_eq(config_docs_render_path(&b, dir, err, sizeof err), 0);
    must_find(b.data, "### `org.apache.kafka.connect.json.JsonConverter` (converter, "
                      "header_converter)\n\nAliases: `JsonConverter`.\n\n");
    must_find(b.data, "; the worker sets `converter.type` itself.\n");
    must_find(b.data, "### `org.apache.kafka.connect.file.FileStreamSourceConnector` (source)\n");
    must_find(b.data, "| `batch.size` | int | `2000` | low |");
    ck_assert_ptr_null(strstr(b.data, dir));

    /* Without a plugin path: the built-ins only. */
    buf_t c;
    buf_init(&c);
    ck_assert_int_eq(config_docs_render_path(&c, NULL, err, sizeof err), 0);
    ck_assert_ptr_null(strstr(c.data, "FileStreamSourceConnector` (source)"));
    must_find(c.data, "### `org.apache.kafka.connect.storage.StringConverter`");
    buf_free(&c);
    buf_free(&b);
    free(dir);
}
END_TEST

Suite *suite_config_docs(void);
Suite *suite_config_docs(void) {
    Suite *s = suite_create("config_docs");
    TCase *tc = tcase_create("render");
    tcase_add_test(tc, cell_folds_whitespace_and_escapes_pipes);
    tcase_add_test(tc, table_renders_every_column);
    tcase_add_test(tc, sections_in_order_plugins_sorted_and_merged);
    tcase_add_test(tc, render_path_documents_builtins_and_plugin_path);
    suite_add_tcase(s, tc);
    return s;
}
