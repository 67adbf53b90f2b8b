/*
 * plugins/connectd-file.so's descriptors and its FileStreamSink half,
 * loaded with dlopen and driven with the worker's real configs, contexts
 * and data model: names and config definitions, the Java toString()
 * output format, appends, flush, errors and task configs. The source half
 * is in test_file_connector.c.
 */
#include <check.h>
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config_def.h"
#include "runtime/contexts.h"

/* ---- fixture: the plugin and a temp dir --------------------------------- */

static void *so;
static const cd_plugin_desc_t *src_desc, *sink_desc;
static const cd_connector_ops_t *sink_ops;
static const cd_sink_task_ops_t *task_ops;
static char dir[64];
static char out_path[128];

static void setup(void) {
    const char *plugdir = getenv("CONNECTD_PLUGIN_DIR");
    char path[512];
    snprintf(path, sizeof path, "%s/connectd-file.so", plugdir ? plugdir : "plugins");
    so = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    ck_assert_msg(so != NULL, "dlopen %s: %s", path, dlerror());
    cd_plugin_entry_fn entry = (cd_plugin_entry_fn)dlsym(so, CD_PLUGIN_ENTRY_SYMBOL);
    ck_assert_ptr_nonnull(entry);
    const cd_plugin_manifest_t *m = entry();
    src_desc = sink_desc = NULL;
    for (size_t i = 0; i < m->n_plugins; i++) {
        if (m->plugins[i]->type == CD_PLUGIN_SOURCE) src_desc = m->plugins[i];
        if (m->plugins[i]->type == CD_PLUGIN_SINK) sink_desc = m->plugins[i];
    }
    ck_assert_ptr_nonnull(src_desc);
    ck_assert_ptr_nonnull(sink_desc);
    sink_ops = sink_desc->ops;
    task_ops = sink_ops->sink_task;

    strcpy(dir, "/tmp/connectd-filesink-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(out_path, sizeof out_path, "%s/out.txt", dir);
}

static void teardown(void) {
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char p[512];
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
    if (so) dlclose(so);
    so = NULL;
}

/* ---- helpers ------------------------------------------------------------ */

/* kv: NULL-terminated key, value pairs. */
static cd_config_t *make_config(const char *const *kv) {
    cd_props_t *p = cd_props_new();
    for (; kv[0]; kv += 2) cd_props_set(p, kv[0], kv[1]);
    const cd_config_def_t *tables[1] = {sink_desc->config_defs};
    cd_config_t *c = config_new(tables, 1, p);
    cd_props_destroy(p);
    return c;
}

/* The whole file (caller frees); size in *len when len is not NULL. */
static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        n += fread(buf + n, 1, cap - n - 1, f);
        if (n < cap - 1) break;
        cap *= 2;
        buf = realloc(buf, cap);
    }
    buf[n] = '\0';
    fclose(f);
    if (len) *len = n;
    return buf;
}

/* A sink task as the worker runs it: a context without offset store. */
typedef struct sink {
    void *st;
    cd_config_t *config;
    cd_task_context_t ctx;
} sink_t;

static int sink_start(sink_t *s, const char *file, cd_error_t *err) {
    memset(s, 0, sizeof *s);
    const char *kv[] = {"topics", "t", "file", file, NULL};
    s->config = make_config(kv);
    task_context_init(&s->ctx, "sink", 0, NULL);
    int rc = task_ops->start(&s->st, s->config, &s->ctx, err);
    if (rc != CD_OK) s->st = NULL;
    return rc;
}

static void sink_stop(sink_t *s) {
    if (s->st) task_ops->stop(s->st);
    config_destroy(s->config);
}

/* A batch of records under construction, all in one arena. */
typedef struct recs {
    cd_arena_t *arena;
    cd_record_t *r[64];
    size_t n;
} recs_t;

static void add(recs_t *rs, const cd_schema_t *schema, const cd_value_t *v) {
    ck_assert_uint_lt(rs->n, 64);
    cd_record_t *r = cd_record_new(rs->arena);
    r->topic = "t";
    r->value_schema = schema;
    r->value = v;
    rs->r[rs->n++] = r;
}

static int put(sink_t *s, recs_t *rs, size_t n, cd_error_t *err) {
    return task_ops->put(s->st, (const cd_record_t *const *)rs->r, n, err);
}

/* ---- descriptors -------------------------------------------------------- */

START_TEST(manifest_names_aliases_versions) {
    const cd_plugin_manifest_t *m = ((cd_plugin_entry_fn)dlsym(so, CD_PLUGIN_ENTRY_SYMBOL))();
    ck_assert_uint_eq(m->abi_version, CD_ABI_VERSION);
    ck_assert_uint_eq(m->struct_size, sizeof(cd_plugin_manifest_t));
    ck_assert_uint_eq(m->n_plugins, 2);
    ck_assert_uint_eq(src_desc->struct_size, sizeof(cd_plugin_desc_t));
    const cd_connector_ops_t *src_ops = src_desc->ops;
    ck_assert_uint_eq(sink_desc->struct_size, sizeof(cd_plugin_desc_t));
    ck_assert_uint_eq(src_ops->struct_size, sizeof(cd_connector_ops_t));
    ck_assert_uint_eq(sink_ops->struct_size, sizeof(cd_connector_ops_t));
    ck_assert_uint_eq(src_ops->source_task->struct_size, sizeof(cd_source_task_ops_t));
    ck_assert_uint_eq(task_ops->struct_size, sizeof(cd_sink_task_ops_t));

    ck_assert_str_eq(src_desc->name, "org.apache.kafka.connect.file.FileStreamSourceConnector");
    ck_assert_str_eq(sink_desc->name, "org.apache.kafka.connect.file.FileStreamSinkConnector");
    ck_assert_str_eq(src_desc->aliases[0], "FileStreamSource");
    ck_assert_str_eq(src_desc->aliases[1], "FileStreamSourceConnector");
    ck_assert_ptr_null(src_desc->aliases[2]);
    ck_assert_str_eq(sink_desc->aliases[0], "FileStreamSink");
    ck_assert_str_eq(sink_desc->aliases[1], "FileStreamSinkConnector");
    ck_assert_ptr_null(sink_desc->aliases[2]);
    ck_assert_str_eq(src_desc->version, "4.3.1");
    ck_assert_str_eq(sink_desc->version, "4.3.1");
    ck_assert_str_eq(src_ops->task_class, "org.apache.kafka.connect.file.FileStreamSourceTask");
    ck_assert_str_eq(sink_ops->task_class, "org.apache.kafka.connect.file.FileStreamSinkTask");
    ck_assert_ptr_nonnull(src_ops->source_task);
    ck_assert_ptr_null(src_ops->sink_task);
    ck_assert_ptr_nonnull(sink_ops->sink_task);
    ck_assert_ptr_null(sink_ops->source_task);
}
END_TEST

START_TEST(config_definitions_match_kafka) {
    const cd_config_def_t *d = src_desc->config_defs;
    ck_assert_uint_eq(config_def_count(d), 3);
    ck_assert_str_eq(d[0].name, "file");
    ck_assert_int_eq(d[0].type, CD_CFG_STRING);
    ck_assert_ptr_null(d[0].default_value);
    ck_assert_int_eq(d[0].importance, CD_IMPORTANCE_HIGH);
    ck_assert_str_eq(d[0].documentation,
                     "Source filename. If not specified, the standard input will be used");
    ck_assert_str_eq(d[1].name, "topic");
    ck_assert_int_eq(d[1].type, CD_CFG_STRING);
    ck_assert_int_eq(d[1].flags, CD_CFG_F_REQUIRED | CD_CFG_F_NONEMPTY);
    ck_assert_str_eq(d[1].documentation, "The topic to publish data to");
    ck_assert_str_eq(d[2].name, "batch.size");
    ck_assert_int_eq(d[2].type, CD_CFG_INT);
    ck_assert_int_eq(d[2].importance, CD_IMPORTANCE_LOW);
    ck_assert_str_eq(d[2].default_value, "2000");
    ck_assert_str_eq(d[2].documentation, "The maximum number of records the source task can "
                                         "read from the file each time it is polled");
    d = sink_desc->config_defs;
    ck_assert_uint_eq(config_def_count(d), 1);
    ck_assert_str_eq(d[0].name, "file");
    ck_assert_ptr_null(d[0].default_value);
    ck_assert_str_eq(d[0].documentation,
                     "Destination filename. If not specified, the standard output will be used");

    /* Through the worker's validation, a missing topic is Kafka's error
     * (rest-samples/11-post-connectors-invalid-config.txt). */
    cd_props_t *p = cd_props_new();
    cd_props_set(p, "file", "/x");
    cd_validation_t *v = validation_new();
    config_validate(src_desc->config_defs, p, v);
    ck_assert_uint_eq(validation_error_count(v), 1);
    const validation_entry_t *e = validation_find(v, "topic");
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(validation_entry_error(e, 0),
                     "Missing required configuration \"topic\" which has no default value.");
    ck_assert_str_eq(validation_entry_value(validation_find(v, "batch.size")), "2000");
    validation_destroy(v);
    cd_props_destroy(p);
}
END_TEST

/* ---- output format ------------------------------------------------------ */

/* Every value type in its Java String.valueOf() form, one per line. */
static const char expect_all[] =
    "hello\nnull\n-42\ntrue\n"
    "1.0\n0.1\n1.0E7\n1.0E-4\n123456.789\n0.001\n0.1\n-1.5E300\nNaN\n9999999.0\n"
    "[1, null, x]\n{k=v, n=[1, null, x]}\nStruct{f=1,h=2.5}\n"
    "123.45\n-1\n1E-8\n0.00\n-1234.5\n1.2345E+7\n"
    "Thu Jan 01 00:00:00 UTC 1970\nMon Jan 01 00:00:00 UTC 2024\nraw\n";

static void add_all_kinds(recs_t *rs) {
    cd_arena_t *a = rs->arena;
    add(rs, cd_schema_primitive(CD_TYPE_STRING, false), cd_value_cstring(a, "hello"));
    add(rs, NULL, NULL);
    add(rs, NULL, cd_value_int(a, CD_TYPE_INT32, -42));
    add(rs, NULL, cd_value_bool(a, true));
    const double doubles[] = {1.0, 0.1, 1e7, 1.0e-4, 123456.789, 0.001};
    for (size_t i = 0; i < sizeof doubles / sizeof doubles[0]; i++)
        add(rs, NULL, cd_value_float(a, CD_TYPE_FLOAT64, doubles[i]));
    add(rs, NULL, cd_value_float(a, CD_TYPE_FLOAT32, (double)0.1f)); /* Float.toString */
    add(rs, NULL, cd_value_float(a, CD_TYPE_FLOAT64, -1.5e300));
    add(rs, NULL, cd_value_float(a, CD_TYPE_FLOAT64, 0.0 / 0.0));
    add(rs, NULL, cd_value_float(a, CD_TYPE_FLOAT64, 9999999.0));

    cd_value_t *arr = cd_value_array_new(a, 3);
    cd_value_array_append(a, arr, cd_value_int(a, CD_TYPE_INT64, 1));
    cd_value_array_append(a, arr, NULL);
    cd_value_array_append(a, arr, cd_value_cstring(a, "x"));
    add(rs, NULL, arr);
    cd_value_t *map = cd_value_map_new(a, 2);
    cd_value_map_put_str(a, map, "k", cd_value_cstring(a, "v"));
    cd_value_map_put_str(a, map, "n", arr);
    add(rs, NULL, map);

    /* Null struct fields are left out, as Struct.toString() does. */
    cd_schema_t *ss = cd_schema_new(a, CD_TYPE_STRUCT);
    cd_schema_add_field(a, ss, "f", cd_schema_primitive(CD_TYPE_INT32, false));
    cd_schema_add_field(a, ss, "g", cd_schema_primitive(CD_TYPE_STRING, true));
    cd_schema_add_field(a, ss, "h", cd_schema_primitive(CD_TYPE_FLOAT64, false));
    cd_value_t *sv = cd_value_struct_new(a, ss);
    ck_assert_int_eq(cd_value_struct_put(sv, "f", cd_value_int(a, CD_TYPE_INT32, 1)), 0);
    ck_assert_int_eq(cd_value_struct_put(sv, "h", cd_value_float(a, CD_TYPE_FLOAT64, 2.5)), 0);
    add(rs, ss, sv);

    /* Decimals: BigDecimal.toString() of unscaled value and scale. */
    static const uint8_t v12345[] = {0x30, 0x39}, vm1[] = {0xff}, v1[] = {0x01}, vz[] = {0x00},
                         vm12345[] = {0xcf, 0xc7};
    add(rs, cd_schema_decimal(a, 2, false), cd_value_bytes(a, v12345, 2));
    add(rs, cd_schema_decimal(a, 0, false), cd_value_bytes(a, vm1, 1));
    add(rs, cd_schema_decimal(a, 8, false), cd_value_bytes(a, v1, 1));
    add(rs, cd_schema_decimal(a, 2, false), cd_value_bytes(a, vz, 1));
    add(rs, cd_schema_decimal(a, 1, false), cd_value_bytes(a, vm12345, 2));
    add(rs, cd_schema_decimal(a, -3, false), cd_value_bytes(a, v12345, 2));

    add(rs, cd_schema_timestamp(false), cd_value_int(a, CD_TYPE_INT64, 0));
    add(rs, cd_schema_date(false), cd_value_int(a, CD_TYPE_INT32, 19723)); /* 2024-01-01 */
    /* Plain bytes are written raw (Java would print an identity hash). */
    add(rs, NULL, cd_value_bytes(a, "raw", 3));
}

START_TEST(sink_writes_java_string_forms) {
    sink_t s;
    cd_error_t err = {0};
    ck_assert_int_eq(sink_start(&s, out_path, &err), CD_OK);
    recs_t rs = {.arena = cd_arena_new(0)};
    add_all_kinds(&rs);
    ck_assert_int_eq(put(&s, &rs, rs.n, &err), CD_OK);
    /* Visible as soon as put() returns, before any flush. */
    char *got = slurp(out_path, NULL);
    ck_assert_str_eq(got, expect_all);
    free(got);
    sink_stop(&s);
    cd_arena_destroy(rs.arena);
}
END_TEST

START_TEST(sink_flush_keeps_offsets_and_restart_appends) {
    sink_t s;
    cd_error_t err = {0};
    ck_assert_int_eq(sink_start(&s, out_path, &err), CD_OK);
    recs_t rs = {.arena = cd_arena_new(0)};
    add(&rs, NULL, cd_value_cstring(rs.arena, "one"));
    add(&rs, NULL, cd_value_cstring(rs.arena, "two"));
    ck_assert_int_eq(put(&s, &rs, 2, &err), CD_OK);
    cd_topic_offset_t offs[2] = {{"t", 0, 27}, {"t", 1, 5}};
    ck_assert_int_eq(task_ops->flush(s.st, offs, 2, &err), CD_OK);
    /* Nothing held back: every offset is committed as given. */
    ck_assert_int_eq(offs[0].offset, 27);
    ck_assert_int_eq(offs[1].offset, 5);
    char *got = slurp(out_path, NULL);
    ck_assert_str_eq(got, "one\ntwo\n");
    free(got);
    sink_stop(&s);

    /* A restarted task appends instead of truncating. */
    ck_assert_int_eq(sink_start(&s, out_path, &err), CD_OK);
    ck_assert_int_eq(put(&s, &rs, 1, &err), CD_OK);
    ck_assert_int_eq(task_ops->flush(s.st, offs, 0, &err), CD_OK);
    sink_stop(&s);
    got = slurp(out_path, NULL);
    ck_assert_str_eq(got, "one\ntwo\none\n");
    free(got);
    cd_arena_destroy(rs.arena);
}
END_TEST

START_TEST(sink_large_batch_is_written_completely) {
    sink_t s;
    cd_error_t err = {0};
    ck_assert_int_eq(sink_start(&s, out_path, &err), CD_OK);
    /* 3 MiB in one put(), more than the sink formats before writing out. */
    size_t line_len = 1023, n = 3 * 1024;
    cd_arena_t *a = cd_arena_new(0);
    char *text = cd_arena_alloc(a, line_len + 1);
    memset(text, 'z', line_len);
    const cd_value_t *v = cd_value_string(a, text, line_len);
    cd_record_t **recs = calloc(n, sizeof *recs);
    for (size_t i = 0; i < n; i++) {
        recs[i] = cd_record_new(a);
        recs[i]->value = v;
    }
    ck_assert_int_eq(task_ops->put(s.st, (const cd_record_t *const *)recs, n, &err), CD_OK);
    sink_stop(&s);
    size_t len;
    char *got = slurp(out_path, &len);
    ck_assert_uint_eq(len, n * (line_len + 1));
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(got[i * (line_len + 1)], 'z');
        ck_assert_int_eq(got[i * (line_len + 1) + line_len], '\n');
    }
    free(got);
    free(recs);
    cd_arena_destroy(a);
}
END_TEST

START_TEST(sink_to_stdout_and_flush_on_a_pipe) {
    /* file unset: standard output, here a pipe, which cannot be fsynced;
     * flush must still succeed. */
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    fflush(stdout);
    int saved = dup(1);
    dup2(fds[1], 1);
    close(fds[1]);
    sink_t s;
    cd_error_t err = {0};
    ck_assert_int_eq(sink_start(&s, "", &err), CD_OK);
    recs_t rs = {.arena = cd_arena_new(0)};
    add(&rs, NULL, cd_value_cstring(rs.arena, "to-stdout"));
    ck_assert_int_eq(put(&s, &rs, 1, &err), CD_OK);
    ck_assert_int_eq(task_ops->flush(s.st, NULL, 0, &err), CD_OK);
    sink_stop(&s);
    dup2(saved, 1);
    close(saved);
    char buf[64] = {0};
    ck_assert_int_eq(read(fds[0], buf, sizeof buf - 1), 10);
    ck_assert_str_eq(buf, "to-stdout\n");
    close(fds[0]);
    cd_arena_destroy(rs.arena);
}
END_TEST

START_TEST(sink_fails_when_file_cannot_be_created) {
    char bad[192];
    snprintf(bad, sizeof bad, "%s/no-such-dir/out.txt", dir);
    sink_t s;
    cd_error_t err = {0};
    ck_assert_int_eq(sink_start(&s, bad, &err), CD_ERR_FATAL);
    char expect[256];
    snprintf(expect, sizeof expect, "Couldn't find or create file '%s' for FileStreamSinkTask",
             bad);
    ck_assert_str_eq(err.message, expect);
    sink_stop(&s);
}
END_TEST

START_TEST(sink_write_error_fails_the_put) {
    /* Kafka's PrintStream hides write errors; losing records silently is
     * worse, so a full disk fails the task. */
    sink_t s;
    cd_error_t err = {0};
    ck_assert_int_eq(sink_start(&s, "/dev/full", &err), CD_OK);
    recs_t rs = {.arena = cd_arena_new(0)};
    add(&rs, NULL, cd_value_cstring(rs.arena, "lost"));
    ck_assert_int_eq(put(&s, &rs, 1, &err), CD_ERR_FATAL);
    ck_assert_str_eq(err.message, "Couldn't write to /dev/full: No space left on device");
    sink_stop(&s);
    cd_arena_destroy(rs.arena);
}
END_TEST

START_TEST(sink_connector_makes_tasks_max_copies) {
    const char *kv[] = {"connector.class", "FileStreamSink", "name", "k", "tasks.max", "3",
                        "file", "/y", "topics", "t", NULL};
    cd_config_t *c = make_config(kv);
    cd_connector_context_t ctx = {.name = "k"};
    void *st = NULL;
    cd_error_t err = {0};
    ck_assert_int_eq(sink_ops->start(&st, c, &ctx, &err), CD_OK);
    cd_task_configs_t tc = {0};
    ck_assert_int_eq(sink_ops->task_configs(st, 3, &tc, &err), CD_OK);
    ck_assert_uint_eq(tc.n, 3);
    for (size_t i = 0; i < tc.n; i++) {
        ck_assert_uint_eq(cd_props_count(tc.configs[i]), 5);
        for (size_t k = 0; k < 5; k++)
            ck_assert_str_eq(cd_props_get(tc.configs[i], kv[2 * k]), kv[2 * k + 1]);
    }
    task_configs_fini(&tc);
    /* The worker may ask again (reconfiguration) with another count. */
    ck_assert_int_eq(sink_ops->task_configs(st, 1, &tc, &err), CD_OK);
    ck_assert_uint_eq(tc.n, 1);
    task_configs_fini(&tc);
    sink_ops->stop(st);
    config_destroy(c);
}
END_TEST

Suite *suite_file_connector_sink(void);
Suite *suite_file_connector_sink(void) {
    Suite *s = suite_create("file_connector_sink");
    TCase *tc = tcase_create("sink");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, manifest_names_aliases_versions);
    tcase_add_test(tc, config_definitions_match_kafka);
    tcase_add_test(tc, sink_writes_java_string_forms);
    tcase_add_test(tc, sink_flush_keeps_offsets_and_restart_appends);
    tcase_add_test(tc, sink_large_batch_is_written_completely);
    tcase_add_test(tc, sink_to_stdout_and_flush_on_a_pipe);
    tcase_add_test(tc, sink_fails_when_file_cannot_be_created);
    tcase_add_test(tc, sink_write_error_fails_the_put);
    tcase_add_test(tc, sink_connector_makes_tasks_max_copies);
    suite_add_tcase(s, tc);
    return s;
}
