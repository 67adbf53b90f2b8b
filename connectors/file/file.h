/*
 * The FileStream connectors (Kafka's org.apache.kafka.connect.file.*):
 * what the plugin's files share. Nothing here is exported from the .so
 * (it is built with -fvisibility=hidden; only the manifest entry point is).
 */
#ifndef CONNECTD_FILE_FILE_H
#define CONNECTD_FILE_FILE_H

#include <connectd/connectd.h>
#include <stddef.h>

#define FILE_SOURCE_TASK_LOGGER "org.apache.kafka.connect.file.FileStreamSourceTask"
#define FILE_SINK_TASK_LOGGER "org.apache.kafka.connect.file.FileStreamSinkTask"

#define FILE_CONFIG_FILE "file"
#define FILE_CONFIG_TOPIC "topic"
#define FILE_CONFIG_BATCH_SIZE "batch.size"
/* Source partition and offset keys, as Kafka's FileStreamSourceTask. */
#define FILE_FILENAME_FIELD "filename"
#define FILE_POSITION_FIELD "position"

/* KIP-875 offset checks (file_offsets.c). */
int file_source_alter_offsets(const cd_config_t *config, const cd_value_t *const *partitions,
                              const cd_value_t *const *offsets, size_t n, bool *external,
                              cd_error_t *err);
int file_sink_alter_offsets(const cd_config_t *config, const cd_value_t *const *partitions,
                            const cd_value_t *const *offsets, size_t n, bool *external,
                              cd_error_t *err);

/* Task function tables (file_source_task.c, file_sink_task.c). */
extern const cd_source_task_ops_t file_source_task_ops;
extern const cd_sink_task_ops_t file_sink_task_ops;

/* A growable byte buffer owned by one task (not the worker's buf). */
typedef struct file_buf {
    char *data;
    size_t len;
    size_t cap;
} file_buf_t;

/* Make room for `more` bytes; aborts on out of memory like the worker's
 * allocators (a task cannot do anything useful without memory). */
void file_buf_reserve(file_buf_t *b, size_t more);
void file_buf_append(file_buf_t *b, const void *data, size_t len);
void file_buf_free(file_buf_t *b);

/* Append the Java toString() form of a Connect value, as Kafka's
 * FileStreamSinkTask prints it (file_format.c). schema may be NULL
 * (schemaless); it is only consulted for logical types and child schemas. */
void file_format_value(file_buf_t *b, const cd_schema_t *schema, const cd_value_t *v);

#endif
