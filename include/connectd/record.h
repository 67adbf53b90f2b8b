/*
 * Records as Kafka Connect has them: topic, Kafka partition, key and value
 * with their schemas, timestamp, headers; source records add the source
 * partition and offset, sink records the Kafka offset.
 */
#ifndef CONNECTD_RECORD_H
#define CONNECTD_RECORD_H

#include "data.h"

#define CD_NO_PARTITION (-1)
#define CD_NO_TIMESTAMP (-1)

typedef enum cd_timestamp_type {
    CD_TS_NONE = 0,       /* NoTimestampType */
    CD_TS_CREATE_TIME,    /* CreateTime */
    CD_TS_LOG_APPEND_TIME /* LogAppendTime */
} cd_timestamp_type_t;

typedef struct cd_header {
    const char *key;
    const cd_schema_t *schema; /* may be NULL */
    const cd_value_t *value;   /* may be NULL */
} cd_header_t;

typedef struct cd_record {
    const char *topic;
    int32_t partition;         /* CD_NO_PARTITION: let the producer decide */
    const cd_schema_t *key_schema;
    const cd_value_t *key;
    const cd_schema_t *value_schema;
    const cd_value_t *value;   /* NULL: tombstone */
    int64_t timestamp;         /* ms since epoch, CD_NO_TIMESTAMP if none */
    const cd_header_t *headers;
    size_t n_headers;

    /* Source records: string-keyed maps of primitives (see offsets). */
    const cd_value_t *source_partition;
    const cd_value_t *source_offset;

    /* Sink records. */
    int64_t kafka_offset;
    cd_timestamp_type_t timestamp_type;
    /* Coordinates before transforms ran, used for offset commits. */
    const char *original_topic;
    int32_t original_partition;
    int64_t original_offset;
} cd_record_t;

/* A fresh record in the arena with partition/timestamp "none" and no
 * headers. */
cd_record_t *cd_record_new(cd_arena_t *arena);
/* Shallow copy (values are shared; headers array is copied). */
cd_record_t *cd_record_copy(cd_arena_t *arena, const cd_record_t *r);
/* Append a header (copies the headers array into the arena). */
void cd_record_add_header(cd_arena_t *arena, cd_record_t *r, const char *key,
                          const cd_schema_t *schema, const cd_value_t *value);

/*
 * A batch a source task fills in poll(). Records and everything they point
 * to are allocated from the batch's arena.
 */
typedef struct cd_source_batch cd_source_batch_t;

cd_arena_t *cd_source_batch_arena(cd_source_batch_t *batch);
/* A new record appended to the batch, initialised as cd_record_new(). */
cd_record_t *cd_source_batch_add(cd_source_batch_t *batch);
/* How many more records the worker accepts in this poll. */
size_t cd_source_batch_room(const cd_source_batch_t *batch);

#endif
