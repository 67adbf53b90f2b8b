/*
 * Records to Kafka bytes and back, through a task's converters: the
 * converter stage of both task loops.
 */
#ifndef CONNECTD_RUNTIME_RECORD_CONVERT_H
#define CONNECTD_RUNTIME_RECORD_CONVERT_H

#include <connectd/plugin.h>
#include <librdkafka/rdkafka.h>

#include "runtime/error_handler.h"
#include "runtime/task_converters.h"
#include "util/buf.h"

/* Source side. *headers is NULL when the record has none, else the caller
 * hands it to the producer or destroys it. On error, *stage says which
 * converter failed. */
int record_to_kafka(task_converters_t *tc, const cd_record_t *r, buf_t *key, buf_t *value,
                    rd_kafka_headers_t **headers, error_stage_t *stage, cd_error_t *err);

/* Sink side: a SinkRecord in arena from a consumed message. */
int record_from_kafka(task_converters_t *tc, const rd_kafka_message_t *m, cd_arena_t *arena,
                      cd_record_t **out, error_stage_t *stage, cd_error_t *err);

/* The class that runs a converter stage (Kafka's __connect.errors.class.name). */
const char *record_convert_stage_class(const task_converters_t *tc, error_stage_t stage);

#endif
