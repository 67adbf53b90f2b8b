/*
 * The shipped FileStream plugin (plugins/connectd-file.so), loaded with
 * dlopen like the worker does and driven with the worker's real runtime
 * objects: parsed configs, source batches, task contexts and a standalone
 * offset file. This file covers the source connector;
 * test_file_connector_sink.c covers the descriptors and the sink.
 */
#include <check.h>
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config/config_def.h"
#include "runtime/contexts.h"
#include "store/offset_store.h"

/* ---- fixture: the plugin and a temp dir --------------------------------- */

static void *so;
static const cd_plugin_desc_t *src_desc;
static const cd_connector_ops_t *src_ops;
static const cd_source_task_ops_t *task_ops;
static char dir[64];
static char in_path[128], offsets_path[128];

static void setup(void) {
    const char *plugdir = getenv("CONNECTD_PLUGIN_DIR");
    char path[512];
    snprintf(path, sizeof path, "%s/connectd-file.so", plugdir ? plugdir : "plugins");
    so = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    ck_assert_msg(so != NULL, "dlopen %s: %s", path, dlerror());
    cd_plugin_entry_fn entry = (cd_plugin_entry_fn)dlsym(so, CD_PLUGIN_ENTRY_SYMBOL);
    ck_assert_ptr_nonnull(entry);
    const cd_plugin_manifest_t *m = entry();
    src_desc = NULL;
    for (size_t i = 0; i < m->n_plugins; i++)
        if (m->plugins[i]->type == CD_PLUGIN_SOURCE) src_desc = m->plugins[i];
    ck_assert_ptr_nonnull(src_desc);
    src_ops = src_desc->ops;
    task_ops = src_ops->source_task;

    strcpy(dir, "/tmp/connectd-filesrc-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(in_path, sizeof in_path, "%s/in.txt", dir);
    snprintf(offsets_path, sizeof offsets_path, "%s/offsets", dir);
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

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void write_file(const char *path, const char *data, size_t len, const char *mode) {
    FILE *f = fopen(path, mode);
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}
#define WRITE(path, s, mode) write_file(path, s, strlen(s), mode)

/* kv: NULL-terminated key, value pairs (a NULL key ends early). */
static cd_config_t *make_config(const cd_plugin_desc_t *d, const char *const *kv) {
    cd_props_t *p = cd_props_new();
    for (; kv[0]; kv += 2) cd_props_set(p, kv[0], kv[1]);
    const cd_config_def_t *tables[1] = {d->config_defs};
    cd_config_t *c = config_new(tables, 1, p);
    cd_props_destroy(p);
    return c;
}

/* Store an offset for in_path as the worker's offset commit would. */
static void store_offset(const char *value_json) {
    char err[256], key[512];
    offset_store_t *s = offset_store_file_new(offsets_path, err, sizeof err);
    ck_assert_msg(s != NULL, "%s", err);
    snprintf(key, sizeof key, "[\"conn\",{\"filename\":\"%s\"}]", in_path);
    offset_entry_t e = {key, value_json};
    ck_assert_int_eq(offset_store_put(s, &e, 1, err, sizeof err), 0);
    offset_store_destroy(s);
}

/* A running source task with everything the worker would give it. */
typedef struct src {
    void *st;
    cd_config_t *config;
    offset_store_t *store;
    cd_task_context_t ctx;
    cd_arena_t *arena;
    cd_source_batch_t batch;
} src_t;

static int src_start(src_t *s, const char *file, const char *batch_size, cd_error_t *err) {
    memset(s, 0, sizeof *s);
    const char *kv[] = {"topic", "t1", "file", file, "batch.size", batch_size, NULL};
    if (!batch_size) kv[4] = NULL;
    s->config = make_config(src_desc, kv);
    char e[256];
    s->store = offset_store_file_new(offsets_path, e, sizeof e);
    ck_assert_msg(s->store != NULL, "%s", e);
    task_context_init(&s->ctx, "conn", 0, s->store);
    s->arena = cd_arena_new(0);
    source_batch_init(&s->batch, s->arena, 0);
    int rc = task_ops->start(&s->st, s->config, &s->ctx, err);
    if (rc != CD_OK) s->st = NULL;
    return rc;
}

static void src_stop(src_t *s) {
    if (s->st) task_ops->stop(s->st);
    source_batch_fini(&s->batch);
    cd_arena_destroy(s->arena);
    offset_store_destroy(s->store);
    config_destroy(s->config);
}

/* One poll with room for `room` records; the previous batch is dropped. */
static size_t src_poll(src_t *s, size_t room) {
    cd_arena_reset(s->arena);
    source_batch_clear(&s->batch, room);
    cd_error_t err = {0};
    ck_assert_int_eq(task_ops->poll(s->st, &s->batch, &err), CD_OK);
    return s->batch.n;
}

static const cd_record_t *rec(const src_t *s, size_t i) {
    ck_assert_uint_lt(i, s->batch.n);
    return s->batch.records[i];
}

static const char *line(const src_t *s, size_t i) {
    const cd_value_t *v = rec(s, i)->value;
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(v->type, CD_TYPE_STRING);
    ck_assert_uint_eq(strlen(v->u.str.data), v->u.str.len);
    return v->u.str.data;
}

static int64_t pos(const src_t *s, size_t i) {
    const cd_value_t *v = cd_value_map_get(rec(s, i)->source_offset, "position");
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(v->type, CD_TYPE_INT64);
    return v->u.i;
}

/* ---- connector ---------------------------------------------------------- */

START_TEST(source_connector_makes_one_full_task_config) {
    const char *kv[] = {"connector.class", "FileStreamSource", "name", "s", "tasks.max", "3",
                        "file", "/x", "topic", "t", NULL};
    cd_config_t *c = make_config(src_desc, kv);
    cd_connector_context_t ctx = {.name = "s"};
    void *st = NULL;
    cd_error_t err = {0};
    ck_assert_int_eq(src_ops->start(&st, c, &ctx, &err), CD_OK);
    cd_task_configs_t tc = {0};
    ck_assert_int_eq(src_ops->task_configs(st, 3, &tc, &err), CD_OK);
    ck_assert_uint_eq(tc.n, 1); /* one input stream whatever tasks.max says */
    const cd_props_t *p = tc.configs[0];
    ck_assert_uint_eq(cd_props_count(p), 5);
    for (size_t i = 0; i < 5; i++) {
        ck_assert_str_eq(cd_props_key_at(p, i), kv[2 * i]);
        ck_assert_str_eq(cd_props_value_at(p, i), kv[2 * i + 1]);
    }
    task_configs_fini(&tc);
    src_ops->stop(st);
    config_destroy(c);
}
END_TEST

/* ---- source: lines and offsets ------------------------------------------ */

START_TEST(source_splits_lines_and_holds_incomplete_ones) {
    WRITE(in_path, "a\nbb\r\nc\rd", "w");
    src_t s;
    cd_error_t err = {0};
    ck_assert_int_eq(src_start(&s, in_path, NULL, &err), CD_OK);
    ck_assert_uint_eq(src_poll(&s, 100), 3);
    ck_assert_str_eq(line(&s, 0), "a");
    ck_assert_int_eq(pos(&s, 0), 2);
    ck_assert_str_eq(line(&s, 1), "bb");
    ck_assert_int_eq(pos(&s, 1), 6);
    ck_assert_str_eq(line(&s, 2), "c");
    ck_assert_int_eq(pos(&s, 2), 8);

    const cd_record_t *r = rec(&s, 0);
    ck_assert_str_eq(r->topic, "t1");
    ck_assert_int_eq(r->partition, CD_NO_PARTITION);
    ck_assert_ptr_null(r->key);
    ck_assert_ptr_null(r->key_schema);
    ck_assert_int_eq(r->value_schema->type, CD_TYPE_STRING);
    ck_assert(!r->value_schema->optional);
    ck_assert_int_gt(r->timestamp, 1600000000000LL);
    const cd_value_t *fn = cd_value_map_get(r->source_partition, "filename");
    ck_assert_ptr_nonnull(fn);
    ck_assert_str_eq(fn->u.str.data, in_path);
    /* The partition is what the worker keys committed offsets by. */
    char *key = source_offset_key("conn", r->source_partition);
    char expect[512];
    snprintf(expect, sizeof expect, "[\"conn\",{\"filename\":\"%s\"}]", in_path);
    ck_assert_str_eq(key, expect);
    free(key);

    /* "d" has no terminator yet: nothing, after an idle wait of about 1 s. */
    double t0 = now_s();
    ck_assert_uint_eq(src_poll(&s, 100), 0);
    double waited = now_s() - t0;
    ck_assert_msg(waited > 0.9 && waited < 5.0, "idle poll took %.3f s", waited);

    /* A trailing "\r" is held: it may be the start of "\r\n". */
    WRITE(in_path, "\ne\r", "a");
    ck_assert_uint_eq(src_poll(&s, 100), 1);
    ck_assert_str_eq(line(&s, 0), "d");
    ck_assert_int_eq(pos(&s, 0), 10);

    WRITE(in_path, "\n\nf", "a");
    ck_assert_uint_eq(src_poll(&s, 100), 2);
    ck_assert_str_eq(line(&s, 0), "e");
    ck_assert_int_eq(pos(&s, 0), 13); /* "e\r\n" counted as one terminator */
    ck_assert_str_eq(line(&s, 1), "");
    ck_assert_int_eq(pos(&s, 1), 14);
    src_stop(&s);
}
END_TEST

START_TEST(source_wakeup_cuts_the_idle_wait_short) {
    WRITE(in_path, "x\n", "w");
    src_t s;
    cd_error_t err = {0};
    ck_assert_int_eq(src_start(&s, in_path, NULL, &err), CD_OK);
    ck_assert_uint_eq(src_poll(&s, 10), 1);
    task_ops->wakeup(s.st);
    double t0 = now_s();
    ck_assert_uint_eq(src_poll(&s, 10), 0);
    double took = now_s() - t0;
    ck_assert_msg(took < 0.9, "woken poll took %.3f s", took);
    src_stop(&s);
}
END_TEST

START_TEST(source_respects_batch_size_and_batch_room) {
    WRITE(in_path, "l1\nl2\nl3\nl4\nl5\n", "w");
    src_t s;
    cd_error_t err = {0};
    ck_assert_int_eq(src_start(&s, in_path, "2", &err), CD_OK);
    ck_assert_uint_eq(src_poll(&s, 100), 2);
    ck_assert_str_eq(line(&s, 1), "l2");
    ck_assert_uint_eq(src_poll(&s, 100), 2);
    ck_assert_str_eq(line(&s, 0), "l3");
    ck_assert_int_eq(pos(&s, 1), 12);
    ck_assert_uint_eq(src_poll(&s, 100), 1);
    ck_assert_str_eq(line(&s, 0), "l5");
    ck_assert_int_eq(pos(&s, 0), 15);
    src_stop(&s);

    /* The worker's room is smaller than batch.size: room wins, and the
     * rest comes on the next poll. */
    ck_assert_int_eq(src_start(&s, in_path, NULL, &err), CD_OK);
    ck_assert_uint_eq(src_poll(&s, 3), 3);
    ck_assert_str_eq(line(&s, 2), "l3");
    ck_assert_uint_eq(src_poll(&s, 3), 2);
    ck_assert_str_eq(line(&s, 0), "l4");
    src_stop(&s);
}
END_TEST

START_TEST(source_default_batch_size_is_2000) {
    FILE *f = fopen(in_path, "w");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < 2500; i++) fprintf(f, "%d\n", i);
    fclose(f);
    src_t s;
    cd_error_t err = {0};
    ck_assert_int_eq(src_start(&s, in_path, NULL, &err), CD_OK);
    ck_assert_uint_eq(src_poll(&s, 10000), 2000);
    ck_assert_str_eq(line(&s, 1999), "1999");
    ck_assert_uint_eq(src_poll(&s, 10000), 500);
    ck_assert_str_eq(line(&s, 499), "2499");
    src_stop(&s);
}
END_TEST

START_TEST(source_resumes_from_stored_offset) {
    WRITE(in_path, "l1\nl2\nl3\nl4\nl5\n", "w");
    store_offset("{\"position\":6}");
    src_t s;
    cd_error_t err = {0};
    ck_assert_int_eq(src_start(&s, in_path, NULL, &err), CD_OK);
    ck_assert_uint_eq(src_poll(&s, 100), 3);
    ck_assert_str_eq(line(&s, 0), "l3");
    ck_assert_int_eq(pos(&s, 0), 9);
    ck_assert_int_eq(pos(&s, 2), 15);
    src_stop(&s);

    /* The offset of the last record read, stored and read back, resumes
     * exactly after it. */
    WRITE(in_path, "l6\n", "a");
    store_offset("{\"position\":15}");
    ck_assert_int_eq(src_start(&s, in_path, NULL, &err), CD_OK);
    ck_assert_uint_eq(src_poll(&s, 100), 1);
    ck_assert_str_eq(line(&s, 0), "l6");
    ck_assert_int_eq(pos(&s, 0), 18);
    src_stop(&s);
}
END_TEST

START_TEST(source_fails_on_wrong_offset_type) {
    WRITE(in_path, "l1\n", "w");
    store_offset("{\"position\":\"6\"}");
    src_t s;
    cd_error_t err = {0};
    ck_assert_int_eq(src_start(&s, in_path, NULL, &err), CD_ERR_FATAL);
    ck_assert_str_eq(err.message, "Offset position is the incorrect type");
    src_stop(&s);
}
END_TEST

/* ---- source: splitting is independent of read and append boundaries ---- */

/* Deterministic pseudo-random numbers (no libc rand state shared). */
static uint32_t rng_next(uint32_t *x) {
    *x = *x * 1664525u + 1013904223u;
    return *x >> 8;
}

typedef struct ref_line {
    size_t start, len, end; /* end: byte position after the terminator */
    bool lone_cr;           /* ended by "\r" alone: known only once the next byte is */
} ref_line_t;

/* Lines complete once the first `written` bytes exist. */
static size_t ref_complete(const ref_line_t *lines, size_t n, size_t written) {
    size_t k = 0;
    while (k < n && lines[k].end + (lines[k].lone_cr ? 1 : 0) <= written) k++;
    return k;
}

START_TEST(source_split_matches_reference_across_boundaries) {
    /* ~1.5 MB of lines with mixed terminators (some lines longer than the
     * task's read buffer), appended in random chunks that split "\r\n"
     * pairs and lines anywhere, read with random batch rooms. */
    uint32_t seed = 12345;
    size_t cap = 4u << 20, len = 0, n = 0;
    char *content = malloc(cap);
    ref_line_t *lines = malloc(sizeof *lines * 20000);
    static const char *const terms[] = {"\n", "\r\n", "\r"};
    while (len < (3u << 19) && n < 20000) {
        size_t ll = rng_next(&seed) % 120;
        if (rng_next(&seed) % 400 == 0) ll = 140000 + rng_next(&seed) % 60000;
        if (rng_next(&seed) % 10 == 0) ll = 0;
        ref_line_t *l = &lines[n++];
        l->start = len;
        l->len = ll;
        for (size_t i = 0; i < ll; i++) content[len++] = (char)('a' + rng_next(&seed) % 26);
        const char *t = terms[rng_next(&seed) % 3];
        /* "\r" then an empty "\n" line would really be one "\r\n". */
        if (ll == 0 && n > 1 && lines[n - 2].lone_cr && t[0] == '\n') t = "\r\n";
        memcpy(content + len, t, strlen(t));
        len += strlen(t);
        l->end = len;
        l->lone_cr = strcmp(t, "\r") == 0;
    }
    /* End with a complete "\n" line. */
    memcpy(content + len, "end\n", 4);
    lines[n++] = (ref_line_t){.start = len, .len = 3, .end = len + 4, .lone_cr = false};
    len += 4;

    WRITE(in_path, "", "w");
    src_t s;
    cd_error_t err = {0};
    ck_assert_int_eq(src_start(&s, in_path, NULL, &err), CD_OK);
    size_t written = 0, got = 0;
    while (written < len) {
        size_t chunk = 1 + rng_next(&seed) % 70000;
        if (chunk > len - written) chunk = len - written;
        write_file(in_path, content + written, chunk, "a");
        written += chunk;
        size_t want = ref_complete(lines, n, written);
        while (got < want) {
            size_t k = src_poll(&s, 1 + rng_next(&seed) % 3000);
            ck_assert_msg(k > 0, "stalled at line %zu of %zu (%zu bytes written)", got, want,
                          written);
            ck_assert_uint_le(got + k, want);
            for (size_t i = 0; i < k; i++, got++) {
                const cd_value_t *v = rec(&s, i)->value;
                ck_assert_uint_eq(v->u.str.len, lines[got].len);
                ck_assert(memcmp(v->u.str.data, content + lines[got].start, lines[got].len) == 0);
                ck_assert_int_eq(pos(&s, i), (int64_t)lines[got].end);
            }
        }
    }
    ck_assert_uint_eq(got, n);
    src_stop(&s);
    free(lines);
    free(content);
}
END_TEST

START_TEST(source_resumes_on_a_named_pipe_by_skipping) {
    /* A FIFO cannot seek: the stored position is skipped by reading. */
    ck_assert_int_eq(mkfifo(in_path, 0600), 0);
    int w = open(in_path, O_RDWR | O_NONBLOCK); /* a writer that never blocks */
    ck_assert_int_ge(w, 0);
    store_offset("{\"position\":3}");
    src_t s;
    cd_error_t err = {0};
    ck_assert_int_eq(src_start(&s, in_path, NULL, &err), CD_OK);
    ck_assert_int_eq(write(w, "l1\nl2\nl3", 8), 8);
    ck_assert_uint_eq(src_poll(&s, 10), 1);
    ck_assert_str_eq(line(&s, 0), "l2");
    ck_assert_int_eq(pos(&s, 0), 6);
    ck_assert_int_eq(write(w, "\n", 1), 1);
    ck_assert_uint_eq(src_poll(&s, 10), 1);
    ck_assert_str_eq(line(&s, 0), "l3");
    ck_assert_int_eq(pos(&s, 0), 9);
    src_stop(&s);
    close(w);
}
END_TEST

/* ---- source: missing file, long lines, stdin ----------------------------- */

/* Runs one poll with stderr sent to a file; returns the poll's count and
 * what was logged (caller frees). */
static size_t poll_capturing_log(src_t *s, size_t room, char **logged) {
    char path[160];
    snprintf(path, sizeof path, "%s/stderr.log", dir);
    fflush(stderr);
    int saved = dup(2);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    dup2(fd, 2);
    close(fd);
    size_t n = src_poll(s, room);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char *buf = calloc(1, 8192);
    size_t got = fread(buf, 1, 8191, f);
    buf[got] = '\0';
    fclose(f);
    *logged = buf;
    return n;
}

START_TEST(source_waits_for_missing_file_then_reads_long_lines) {
    src_t s;
    cd_error_t err = {0};
    ck_assert_int_eq(src_start(&s, in_path, NULL, &err), CD_OK);
    char *logged = NULL;
    double t0 = now_s();
    ck_assert_uint_eq(poll_capturing_log(&s, 10, &logged), 0);
    double waited = now_s() - t0;
    ck_assert_msg(waited > 0.9 && waited < 5.0, "missing-file poll took %.3f s", waited);
    char expect[512];
    snprintf(expect, sizeof expect,
             "WARN  org.apache.kafka.connect.file.FileStreamSourceTask: Couldn't find file %s "
             "for FileStreamSourceTask, sleeping to wait for it to be created",
             in_path);
    ck_assert_msg(strstr(logged, expect) != NULL, "logged: %s", logged);
    free(logged);

    /* The file appears with a line longer than the read buffer. */
    size_t big = 300000;
    char *data = malloc(big + 1);
    memset(data, 'x', big);
    data[big] = '\n';
    write_file(in_path, data, big + 1, "w");
    free(data);
    WRITE(in_path, "tail\n", "a");
    ck_assert_uint_eq(src_poll(&s, 10), 2);
    ck_assert_uint_eq(rec(&s, 0)->value->u.str.len, big);
    ck_assert_int_eq(line(&s, 0)[big - 1], 'x');
    ck_assert_str_eq(line(&s, 1), "tail");
    ck_assert_int_eq(pos(&s, 1), (int64_t)big + 6);
    src_stop(&s);
}
END_TEST

START_TEST(source_reads_stdin_without_offsets) {
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    int saved = dup(0);
    dup2(fds[0], 0);
    close(fds[0]);
    src_t s;
    cd_error_t err = {0};
    ck_assert_int_eq(src_start(&s, "", NULL, &err), CD_OK);
    ck_assert_int_eq(write(fds[1], "x\ny", 3), 3);
    ck_assert_uint_eq(src_poll(&s, 10), 1);
    ck_assert_str_eq(line(&s, 0), "x");
    ck_assert_ptr_null(rec(&s, 0)->source_partition);
    ck_assert_ptr_null(rec(&s, 0)->source_offset);
    /* No complete line: the poll returns after its wait, it does not
     * block on the pipe. */
    double t0 = now_s();
    ck_assert_uint_eq(src_poll(&s, 10), 0);
    double waited = now_s() - t0;
    ck_assert_msg(waited > 0.9 && waited < 5.0, "idle stdin poll took %.3f s", waited);
    ck_assert_int_eq(write(fds[1], "\n", 1), 1);
    ck_assert_uint_eq(src_poll(&s, 10), 1);
    ck_assert_str_eq(line(&s, 0), "y");
    /* End of input (writer gone) still returns. */
    close(fds[1]);
    t0 = now_s();
    ck_assert_uint_eq(src_poll(&s, 10), 0);
    waited = now_s() - t0;
    ck_assert_msg(waited < 5.0, "poll at EOF took %.3f s", waited);
    src_stop(&s);
    dup2(saved, 0);
    close(saved);
}
END_TEST

Suite *suite_file_connector(void);
Suite *suite_file_connector(void) {
    Suite *s = suite_create("file_connector");
    TCase *tc = tcase_create("source");
    tcase_add_checked_fixture(tc, setup, teardown);
    /* Several tests sit through the source's one-second idle wait. */
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, source_connector_makes_one_full_task_config);
    tcase_add_test(tc, source_splits_lines_and_holds_incomplete_ones);
    tcase_add_test(tc, source_wakeup_cuts_the_idle_wait_short);
    tcase_add_test(tc, source_respects_batch_size_and_batch_room);
    tcase_add_test(tc, source_default_batch_size_is_2000);
    tcase_add_test(tc, source_resumes_from_stored_offset);
    tcase_add_test(tc, source_fails_on_wrong_offset_type);
    tcase_add_test(tc, source_split_matches_reference_across_boundaries);
    tcase_add_test(tc, source_resumes_on_a_named_pipe_by_skipping);
    tcase_add_test(tc, source_waits_for_missing_file_then_reads_long_lines);
    tcase_add_test(tc, source_reads_stdin_without_offsets);
    suite_add_tcase(s, tc);
    return s;
}
