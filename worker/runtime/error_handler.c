#include "runtime/error_handler.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log/log.h"
#include "runtime/task.h"

#define LOGGER "org.apache.kafka.connect.runtime.errors.LogReporter"

static const char *const stage_names[] = {
    [STAGE_TASK_POLL] = "TASK_POLL",
    [STAGE_TASK_PUT] = "TASK_PUT",
    [STAGE_TRANSFORMATION] = "TRANSFORMATION",
    [STAGE_KEY_CONVERTER] = "KEY_CONVERTER",
    [STAGE_VALUE_CONVERTER] = "VALUE_CONVERTER",
    [STAGE_HEADER_CONVERTER] = "HEADER_CONVERTER",
    [STAGE_KAFKA_PRODUCE] = "KAFKA_PRODUCE",
    [STAGE_KAFKA_CONSUME] = "KAFKA_CONSUME",
};

const char *error_stage_name(error_stage_t s) {
    return (unsigned)s <= STAGE_KAFKA_CONSUME ? stage_names[s] : "UNKNOWN";
}

static int64_t prop_long(const cd_props_t *p, const char *key, int64_t def) {
    const char *v = cd_props_get(p, key);
    if (!v || !*v) return def;
    char *end;
    long long x = strtoll(v, &end, 10);
    return *end ? def : (int64_t)x;
}

static bool prop_bool(const cd_props_t *p, const char *key, bool def) {
    const char *v = cd_props_get(p, key);
    if (!v) return def;
    return strcasecmp(v, "true") == 0;
}

void error_handler_init(error_handler_t *eh, const cd_props_t *cfg, const char *connector,
                        int task, dlq_t *dlq) {
    memset(eh, 0, sizeof *eh);
    eh->retry_timeout_ms = prop_long(cfg, "errors.retry.timeout", 0);
    eh->retry_delay_max_ms = prop_long(cfg, "errors.retry.delay.max.ms", 60000);
    const char *tol = cd_props_get(cfg, "errors.tolerance");
    eh->tolerate_all = tol && strcasecmp(tol, "all") == 0;
    eh->log_enable = prop_bool(cfg, "errors.log.enable", false);
    eh->log_include_messages = prop_bool(cfg, "errors.log.include.messages", false);
    eh->connector = connector;
    eh->task = task;
    eh->dlq = dlq;
}

int64_t error_handler_retry_delay(const error_handler_t *eh, int attempt, int64_t started_ms) {
    if (eh->retry_timeout_ms == 0) return -1;
    int64_t now = monotonic_ms();
    int64_t left = eh->retry_timeout_ms < 0 ? INT64_MAX : started_ms + eh->retry_timeout_ms - now;
    if (left <= 0) return -1;
    /* Kafka: 300 ms << (n-1); past the cap, a random delay below the cap. */
    int shift = attempt - 1 < 20 ? attempt - 1 : 20;
    int64_t delay = (int64_t)300 << shift;
    if (delay > eh->retry_delay_max_ms)
        delay = eh->retry_delay_max_ms > 0 ? rand() % eh->retry_delay_max_ms : 0;
    return delay < left ? delay : left;
}

void error_handler_note_retry(error_handler_t *eh) {
    task_metrics_add(eh->metrics, TM_RECORD_FAILURES, 1);
    task_metrics_add(eh->metrics, TM_RETRIES, 1);
}

bool error_handler_tolerate(error_handler_t *eh, error_stage_t stage, const char *class_name,
                            const cd_error_t *err, const rd_kafka_message_t *consumed) {
    eh->errors_total++;
    /* Kafka's total-record-failures counts every failed attempt (the final
     * one here, earlier ones in error_handler_note_retry); total-record-
     * errors counts the records. */
    task_metrics_add(eh->metrics, TM_RECORD_FAILURES, 1);
    task_metrics_add(eh->metrics, TM_RECORD_ERRORS, 1);
    task_metrics_set(eh->metrics, TG_LAST_ERROR_MS, now_ms());
    if (eh->log_enable) {
        char where[512] = "";
        if (eh->log_include_messages && consumed)
            snprintf(where, sizeof where,
                     ", where consumed record is {topic='%s', partition=%d, offset=%lld}",
                     rd_kafka_topic_name(consumed->rkt), (int)consumed->partition,
                     (long long)consumed->offset);
        LOG_ERROR(LOGGER,
                  "Error encountered in task %s-%d. Executing stage '%s' with class '%s'%s. %s: %s",
                  eh->connector, eh->task, error_stage_name(stage), class_name, where,
                  err->exception_class, err->message);
        task_metrics_add(eh->metrics, TM_ERRORS_LOGGED, 1);
    }
    if (!eh->tolerate_all) return false;
    if (eh->dlq && consumed &&
        dlq_report(eh->dlq, consumed, error_stage_name(stage), class_name, err) != 0)
        return false; /* could not keep the record: failing beats losing it */
    eh->skipped_total++;
    task_metrics_add(eh->metrics, TM_RECORDS_SKIPPED, 1);
    return true;
}
