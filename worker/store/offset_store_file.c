/*
 * File-backed offset store for standalone mode. The whole map is rewritten
 * on every put: write a temp file, fsync it, rename it over the old one,
 * fsync the directory. A crash leaves either the old or the new file, never
 * a torn one.
 *
 * File format (ours; the Java worker's is a Java-serialized map):
 *   {"connectd.offsets":1,"entries":[["<key bytes>","<value bytes>"],...]}
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/offset_store.h"
#include "util/atomic_file.h"
#include "util/mem.h"

typedef struct file_store {
    offset_store_t base;
    pthread_mutex_t lock;
    char *path;
    char **keys;
    char **values;
    size_t n, cap;
} file_store_t;

static ssize_t find(const file_store_t *fs, const char *key) {
    for (size_t i = 0; i < fs->n; i++)
        if (strcmp(fs->keys[i], key) == 0) return (ssize_t)i;
    return -1;
}

static void set_locked(file_store_t *fs, const char *key, const char *value) {
    ssize_t i = find(fs, key);
    if (!value) {
        if (i < 0) return;
        free(fs->keys[i]);
        free(fs->values[i]);
        fs->keys[i] = fs->keys[fs->n - 1];
        fs->values[i] = fs->values[fs->n - 1];
        fs->n--;
        return;
    }
    if (i >= 0) {
        free(fs->values[i]);
        fs->values[i] = xstrdup(value);
        return;
    }
    if (fs->n == fs->cap) {
        fs->cap = fs->cap ? fs->cap * 2 : 16;
        fs->keys = xrealloc(fs->keys, fs->cap * sizeof *fs->keys);
        fs->values = xrealloc(fs->values, fs->cap * sizeof *fs->values);
    }
    fs->keys[fs->n] = xstrdup(key);
    fs->values[fs->n] = xstrdup(value);
    fs->n++;
}

static int file_get(offset_store_t *s, const char *key, char **value) {
    file_store_t *fs = (file_store_t *)s;
    pthread_mutex_lock(&fs->lock);
    ssize_t i = find(fs, key);
    *value = i >= 0 ? xstrdup(fs->values[i]) : NULL;
    pthread_mutex_unlock(&fs->lock);
    return 0;
}

static int persist_locked(file_store_t *fs, char *err, size_t errlen) {
    json_t *entries = json_array();
    for (size_t i = 0; i < fs->n; i++)
        json_array_append_new(entries, json_pack("[ss]", fs->keys[i], fs->values[i]));
    json_t *doc = json_pack("{s:i,s:o}", "connectd.offsets", 1, "entries", entries);
    char *text = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);

    size_t len = strlen(text);
    text[len] = '\n'; /* json_dumps left room: the NUL becomes a newline */
    int rc = atomic_file_write(fs->path, text, len + 1, "offsets file", err, errlen);
    free(text);
    return rc;
}

static int file_put(offset_store_t *s, const offset_entry_t *entries, size_t n, char *err,
                    size_t errlen) {
    file_store_t *fs = (file_store_t *)s;
    pthread_mutex_lock(&fs->lock);
    for (size_t i = 0; i < n; i++) set_locked(fs, entries[i].key, entries[i].value);
    int rc = persist_locked(fs, err, errlen);
    pthread_mutex_unlock(&fs->lock);
    return rc;
}

static void file_destroy(offset_store_t *s) {
    file_store_t *fs = (file_store_t *)s;
    for (size_t i = 0; i < fs->n; i++) {
        free(fs->keys[i]);
        free(fs->values[i]);
    }
    free(fs->keys);
    free(fs->values);
    free(fs->path);
    pthread_mutex_destroy(&fs->lock);
    free(fs);
}

static int file_list(offset_store_t *s, char ***keys, char ***values, size_t *n) {
    file_store_t *fs = (file_store_t *)s;
    pthread_mutex_lock(&fs->lock);
    *keys = xcalloc(fs->n ? fs->n : 1, sizeof **keys);
    *values = xcalloc(fs->n ? fs->n : 1, sizeof **values);
    for (size_t i = 0; i < fs->n; i++) {
        (*keys)[i] = xstrdup(fs->keys[i]);
        (*values)[i] = xstrdup(fs->values[i]);
    }
    *n = fs->n;
    pthread_mutex_unlock(&fs->lock);
    return 0;
}

static const offset_store_ops_t file_ops = {
    .get = file_get, .put = file_put, .list = file_list, .destroy = file_destroy};

static int load(file_store_t *fs, char *err, size_t errlen) {
    if (access(fs->path, F_OK) != 0) return 0; /* first run */
    json_error_t jerr;
    json_t *doc = json_load_file(fs->path, 0, &jerr);
    if (!doc) {
        snprintf(err, errlen, "offsets file %s is not readable: %s (line %d)", fs->path,
                 jerr.text, jerr.line);
        return -1;
    }
    json_t *entries = json_object_get(doc, "entries");
    if (!json_is_array(entries)) {
        json_decref(doc);
        snprintf(err, errlen, "offsets file %s has no entries array", fs->path);
        return -1;
    }
    size_t i;
    json_t *e;
    json_array_foreach(entries, i, e) {
        const char *k = json_string_value(json_array_get(e, 0));
        const char *v = json_string_value(json_array_get(e, 1));
        if (k && v) set_locked(fs, k, v);
    }
    json_decref(doc);
    return 0;
}

offset_store_t *offset_store_file_new(const char *path, char *err, size_t errlen) {
    if (!path || !*path) {
        snprintf(err, errlen, "offset.storage.file.filename is required in standalone mode");
        return NULL;
    }
    file_store_t *fs = xcalloc(1, sizeof *fs);
    fs->base.ops = &file_ops;
    fs->path = xstrdup(path);
    pthread_mutex_init(&fs->lock, NULL);
    if (load(fs, err, errlen) != 0) {
        file_destroy(&fs->base);
        return NULL;
    }
    return &fs->base;
}
