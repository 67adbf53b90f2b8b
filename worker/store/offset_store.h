/*
 * Source offsets: key bytes `["<connector>",{source partition}]` ->
 * value bytes `{source offset}` (NULL value = deleted), exactly the bytes of
 * Kafka Connect's offsets topic, so standalone files and the distributed
 * offsets topic hold the same thing. Thread-safe.
 */
#ifndef CONNECTD_STORE_OFFSET_STORE_H
#define CONNECTD_STORE_OFFSET_STORE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct offset_entry {
    const char *key;   /* JSON bytes, NUL-terminated */
    const char *value; /* JSON bytes, NULL for a tombstone */
} offset_entry_t;

typedef struct offset_store offset_store_t;

typedef struct offset_store_ops {
    int (*get)(offset_store_t *s, const char *key, char **value);
    int (*put)(offset_store_t *s, const offset_entry_t *entries, size_t n, char *err,
               size_t errlen);
    /* Every live entry (no tombstones), copied: keys[i] -> values[i]. */
    int (*list)(offset_store_t *s, char ***keys, char ***values, size_t *n);
    void (*destroy)(offset_store_t *s);
} offset_store_ops_t;

struct offset_store {
    const offset_store_ops_t *ops;
};

/* Standalone: offset.storage.file.filename. Reads the file if present (an
 * unreadable or corrupt file is an error, never silently emptied). */
offset_store_t *offset_store_file_new(const char *path, char *err, size_t errlen);

/* Distributed: the offsets topic (offset.storage.topic), read to the end
 * before it returns and followed afterwards, so offsets written by any
 * worker (or by the Java worker before a migration) are seen. put waits
 * for the broker's acknowledgement (acks=all) of every entry. log_cfg is
 * declared in kafka/kafka_log.h. */
struct kafka_log_config;
offset_store_t *offset_store_kafka_new(const struct kafka_log_config *log_cfg, int timeout_ms,
                                       char *err, size_t errlen);

/* *value: malloc'd copy (caller frees) or NULL when absent. Returns 0. */
int offset_store_get(offset_store_t *s, const char *key, char **value);
/* Durable when it returns 0 (file: written, fsynced and renamed). */
int offset_store_put(offset_store_t *s, const offset_entry_t *entries, size_t n, char *err,
                     size_t errlen);
/* Snapshot of every stored entry (for GET offsets); release with
 * offset_store_list_free. */
int offset_store_list(offset_store_t *s, char ***keys, char ***values, size_t *n);
void offset_store_list_free(char **keys, char **values, size_t n);
void offset_store_destroy(offset_store_t *s);

#endif
