#include "runtime/dlq.h"

#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kafka/client_config.h"
#include "log/log.h"
#include "runtime/task.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.runtime.errors.DeadLetterQueueReporter"
#define HDR "__connect.errors."

struct dlq {
    rd_kafka_t *producer;
    char *topic;
    char *connector;
    int task;
    bool context_headers;
    atomic_int failed;       /* a DLQ delivery failed since the last flush */
    atomic_ullong delivered; /* acknowledged DLQ records */
    task_metrics_t *metrics; /* borrowed, may be NULL */
};

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
    (void)rk;
    dlq_t *d = opaque;
    if (m->err) {
        LOG_ERROR(LOGGER, "Could not produce message to dead letter queue topic %s: %s", d->topic,
                  rd_kafka_err2str(m->err));
        atomic_store(&d->failed, 1);
        task_metrics_add(d->metrics, TM_DLQ_PRODUCE_FAILURES, 1);
    } else {
        atomic_fetch_add(&d->delivered, 1);
    }
}

dlq_t *dlq_new(const struct task_env *env, const cd_props_t *cfg, const char *connector, int task,
               char *err, size_t errlen) {
    err[0] = '\0';
    const char *topic = cd_props_get(cfg, "errors.deadletterqueue.topic.name");
    if (!topic || !*topic) return NULL;
    cd_props_t *extra = cd_props_new();
    cd_props_set(extra, "acks", "all");
    cd_props_set(extra, "enable.idempotence", "true");
    rd_kafka_conf_t *conf =
        kafka_client_conf_new(env->bootstrap, env->worker_props, KAFKA_CLIENT_PRODUCER, extra, err,
                              errlen);
    cd_props_destroy(extra);
    if (!conf) return NULL;
    dlq_t *d = xcalloc(1, sizeof *d);
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_conf_set_opaque(conf, d);
    d->producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, errlen);
    if (!d->producer) {
        rd_kafka_conf_destroy(conf);
        free(d);
        return NULL;
    }
    d->topic = xstrdup(topic);
    d->connector = xstrdup(connector);
    d->task = task;
    const char *ctx = cd_props_get(cfg, "errors.deadletterqueue.context.headers.enable");
    d->context_headers = ctx && strcasecmp(ctx, "true") == 0;
    return d;
}

static void add_header(rd_kafka_headers_t *h, const char *name, const char *value) {
    rd_kafka_header_add(h, name, -1, value, value ? -1 : 0);
}

int dlq_report(dlq_t *d, const rd_kafka_message_t *msg, const char *stage, const char *class_name,
               const cd_error_t *err) {
    rd_kafka_headers_t *orig = NULL;
    rd_kafka_headers_t *hdrs = NULL;
    if (rd_kafka_message_headers(msg, &orig) == RD_KAFKA_RESP_ERR_NO_ERROR && orig)
        hdrs = rd_kafka_headers_copy(orig);
    else
        hdrs = rd_kafka_headers_new(10);
    if (d->context_headers) {
        char num[32];
        add_header(hdrs, HDR "topic", rd_kafka_topic_name(msg->rkt));
        snprintf(num, sizeof num, "%" PRId32, msg->partition);
        add_header(hdrs, HDR "partition", num);
        snprintf(num, sizeof num, "%" PRId64, msg->offset);
        add_header(hdrs, HDR "offset", num);
        add_header(hdrs, HDR "connector.name", d->connector);
        snprintf(num, sizeof num, "%d", d->task);
        add_header(hdrs, HDR "task.id", num);
        add_header(hdrs, HDR "stage", stage);
        add_header(hdrs, HDR "class.name", class_name);
        add_header(hdrs, HDR "exception.class.name", err->exception_class);
        add_header(hdrs, HDR "exception.message", err->message);
        char *trace = xasprintf("%s: %s\n\tat connectd.%s(%s)\n", err->exception_class,
                                err->message, stage, class_name);
        add_header(hdrs, HDR "exception.stacktrace", trace);
        free(trace);
    }
    rd_kafka_timestamp_type_t tstype;
    int64_t ts = rd_kafka_message_timestamp(msg, &tstype);
    task_metrics_add(d->metrics, TM_DLQ_PRODUCE_REQUESTS, 1);
    for (int attempt = 0;; attempt++) {
        rd_kafka_resp_err_t e = rd_kafka_producev(
            d->producer, RD_KAFKA_V_TOPIC(d->topic), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_KEY(msg->key, msg->key_len), RD_KAFKA_V_VALUE(msg->payload, msg->len),
            RD_KAFKA_V_TIMESTAMP(ts > 0 ? ts : 0), RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_END);
        if (!e) return 0; /* the producer owns hdrs now */
        if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL || attempt >= 100) {
            LOG_ERROR(LOGGER, "Cannot queue a record for dead letter queue topic %s: %s", d->topic,
                      rd_kafka_err2str(e));
            rd_kafka_headers_destroy(hdrs);
            task_metrics_add(d->metrics, TM_DLQ_PRODUCE_FAILURES, 1);
            return -1;
        }
        rd_kafka_poll(d->producer, 100);
    }
}

int dlq_flush(dlq_t *d, int timeout_ms) {
    if (!d) return 0;
    rd_kafka_resp_err_t e = rd_kafka_flush(d->producer, timeout_ms);
    int failed = atomic_exchange(&d->failed, 0);
    return (e || failed) ? -1 : 0;
}

uint64_t dlq_records_total(const dlq_t *d) { return d ? atomic_load(&d->delivered) : 0; }

void dlq_set_metrics(dlq_t *d, task_metrics_t *m) {
    if (d) d->metrics = m;
}

void dlq_destroy(dlq_t *d) {
    if (!d) return;
    rd_kafka_flush(d->producer, 10000);
    rd_kafka_destroy(d->producer);
    free(d->topic);
    free(d->connector);
    free(d);
}
