/*
 * Kafka Connect's RetryWithToleranceOperator: retries of retriable errors
 * within errors.retry.timeout, tolerance (errors.tolerance none|all), error
 * logging, and the dead letter queue for sink records.
 */
#ifndef CONNECTD_RUNTIME_ERROR_HANDLER_H
#define CONNECTD_RUNTIME_ERROR_HANDLER_H

#include <connectd/plugin.h>
#include <librdkafka/rdkafka.h>
#include <stdbool.h>

#include "metrics/metrics.h"
#include "runtime/dlq.h"

typedef enum error_stage {
    STAGE_TASK_POLL,
    STAGE_TASK_PUT,
    STAGE_TRANSFORMATION,
    STAGE_KEY_CONVERTER,
    STAGE_VALUE_CONVERTER,
    STAGE_HEADER_CONVERTER,
    STAGE_KAFKA_PRODUCE,
    STAGE_KAFKA_CONSUME,
} error_stage_t;

const char *error_stage_name(error_stage_t s);

typedef struct error_handler {
    int64_t retry_timeout_ms;   /* 0: no retries, -1: forever */
    int64_t retry_delay_max_ms;
    bool tolerate_all;
    bool log_enable;
    bool log_include_messages;
    const char *connector;      /* borrowed */
    int task;
    dlq_t *dlq;                 /* borrowed; NULL without a DLQ */
    uint64_t errors_total;      /* records that hit an error */
    uint64_t skipped_total;     /* records skipped by tolerance */
    task_metrics_t *metrics;    /* borrowed; NULL: not counted (set after init) */
} error_handler_t;

/* Read the errors.* keys of a connector config. */
void error_handler_init(error_handler_t *eh, const cd_props_t *connector_config,
                        const char *connector, int task, dlq_t *dlq);

/* The delay before retry number `attempt` (1-based) of an operation that
 * began at started_ms (monotonic), or -1 when retrying must stop. */
int64_t error_handler_retry_delay(const error_handler_t *eh, int attempt, int64_t started_ms);

/* An attempt failed and is about to be retried (the caller got a delay
 * >= 0 from error_handler_retry_delay): counts the failure and the retry. */
void error_handler_note_retry(error_handler_t *eh);

/* A record failed at `stage` with err. Logs and reports it (DLQ for sink
 * records, when `consumed` is given), then returns true when the record is
 * to be skipped, false when the task must fail. */
bool error_handler_tolerate(error_handler_t *eh, error_stage_t stage, const char *class_name,
                            const cd_error_t *err, const rd_kafka_message_t *consumed);

#endif
