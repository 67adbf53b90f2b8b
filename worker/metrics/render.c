/* connectd_worker_*, connectd_connector_* and the per-task families. */
#include "metrics/render.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "metrics/prometheus.h"

/* The states of GET /connectors/{c}/status, as it spells them. */
static const char *const states[] = {"UNASSIGNED", "RUNNING", "PAUSED",
                                     "STOPPED",    "FAILED",  "RESTARTING"};
#define N_STATES (sizeof states / sizeof states[0])

static bool on_worker(const instance_state_t *s, const char *worker_id) {
    return !worker_id || (s->worker_id && strcmp(s->worker_id, worker_id) == 0);
}

/* what is "connector" or "task", as in Kafka's names. */
static void render_startups(buf_t *b, const char *what, const metrics_startup_snapshot_t *s) {
    static const char *const suffix[] = {"attempts", "success", "failure"};
    static const char *const verb[] = {"this worker attempted", "that succeeded", "that failed"};
    const uint64_t values[] = {s->attempts, s->successes, s->failures};
    for (int i = 0; i < 3; i++) {
        char name[96], help[192];
        snprintf(name, sizeof name, "connectd_worker_%s_startup_%s_total", what, suffix[i]);
        snprintf(help, sizeof help, "%c%s startups %s (%s-startup-%s-total).",
                 toupper((unsigned char)what[0]), what + 1, verb[i], what, suffix[i]);
        prom_family(b, name, "counter", help);
        prom_sample_u64(b, name, NULL, 0, values[i]);
    }
}

void metrics_render_worker(buf_t *b, const metrics_connector_view_t *views, size_t n,
                           const char *worker_id) {
    uint64_t connectors = 0, tasks = 0;
    for (size_t i = 0; i < n; i++) {
        const connector_state_info_t *s = views[i].status;
        if (on_worker(&s->connector, worker_id)) connectors++;
        for (size_t t = 0; t < s->n_tasks; t++)
            if (on_worker(&s->tasks[t], worker_id)) tasks++;
    }
    prom_family(b, "connectd_worker_connectors", "gauge",
                "Connectors run in this worker (connector-count).");
    prom_sample_u64(b, "connectd_worker_connectors", NULL, 0, connectors);
    prom_family(b, "connectd_worker_tasks", "gauge", "Tasks run in this worker (task-count).");
    prom_sample_u64(b, "connectd_worker_tasks", NULL, 0, tasks);
    metrics_startup_snapshot_t cs, ts;
    metrics_snapshot_startups(&cs, &ts);
    render_startups(b, "connector", &cs);
    render_startups(b, "task", &ts);

    prom_family(b, "connectd_connector_info", "gauge",
                "Always 1; labels carry the connector's class, type and version "
                "(connector-class, connector-type, connector-version).");
    for (size_t i = 0; i < n; i++) {
        const connector_state_info_t *s = views[i].status;
        prom_label_t l[] = {{"connector", s->name},
                            {"class", views[i].class_name ? views[i].class_name : ""},
                            {"type", s->type ? s->type : "unknown"},
                            {"version", s->connector.version ? s->connector.version : ""}};
        prom_sample_u64(b, "connectd_connector_info", l, 4, 1);
    }
    prom_family(b, "connectd_connector_status", "gauge",
                "1 for the connector's current state, 0 for the others (status).");
    for (size_t i = 0; i < n; i++) {
        const connector_state_info_t *s = views[i].status;
        for (size_t k = 0; k < N_STATES; k++) {
            prom_label_t l[] = {{"connector", s->name}, {"state", states[k]}};
            bool is = s->connector.state && strcmp(s->connector.state, states[k]) == 0;
            prom_sample_u64(b, "connectd_connector_status", l, 2, is);
        }
    }
    prom_family(b, "connectd_connector_tasks", "gauge",
                "The connector's tasks in each state (connector-running-task-count, "
                "connector-paused-task-count, connector-failed-task-count, ...).");
    for (size_t i = 0; i < n; i++) {
        const connector_state_info_t *s = views[i].status;
        for (size_t k = 0; k < N_STATES; k++) {
            uint64_t count = 0;
            for (size_t t = 0; t < s->n_tasks; t++)
                if (s->tasks[t].state && strcmp(s->tasks[t].state, states[k]) == 0) count++;
            prom_label_t l[] = {{"connector", s->name}, {"state", states[k]}};
            prom_sample_u64(b, "connectd_connector_tasks", l, 2, count);
        }
    }
    prom_family(b, "connectd_task_status", "gauge",
                "1 for the task's current state, 0 for the others (status).");
    for (size_t i = 0; i < n; i++) {
        const connector_state_info_t *s = views[i].status;
        for (size_t t = 0; t < s->n_tasks; t++) {
            char id[16];
            snprintf(id, sizeof id, "%d", s->tasks[t].id);
            for (size_t k = 0; k < N_STATES; k++) {
                prom_label_t l[] = {{"connector", s->name}, {"task", id}, {"state", states[k]}};
                bool is = s->tasks[t].state && strcmp(s->tasks[t].state, states[k]) == 0;
                prom_sample_u64(b, "connectd_task_status", l, 3, is);
            }
        }
    }
}

/* ---- per-task families, table-driven ---- */

enum { FOR_SOURCE = 1, FOR_SINK = 2, FOR_ALL = 3 };
typedef enum { V_COUNTER, V_GAUGE, V_GAUGE_MS, V_TIMER, V_TIMER_MAX } value_kind_t;

typedef struct task_family {
    const char *name;
    const char *help;
    unsigned kinds;     /* FOR_* */
    value_kind_t value;
    int index;          /* into counters, gauges or timers */
} task_family_t;

static const task_family_t families[] = {
    {"connectd_source_record_poll_total",
     "Records returned by the task's poll(), before transformations (source-record-poll-total).",
     FOR_SOURCE, V_COUNTER, TM_SOURCE_RECORD_POLL},
    {"connectd_source_record_write_total",
     "Records output by the transformations and acknowledged by Kafka "
     "(source-record-write-total).",
     FOR_SOURCE, V_COUNTER, TM_SOURCE_RECORD_WRITE},
    {"connectd_source_record_active",
     "Records polled but not yet acknowledged by Kafka (source-record-active-count).", FOR_SOURCE,
     V_GAUGE, TG_SOURCE_RECORD_ACTIVE},
    {"connectd_source_poll_batch_seconds",
     "Time of poll() calls that returned records (poll-batch-avg-time-ms).", FOR_SOURCE, V_TIMER,
     TT_POLL_BATCH},
    {"connectd_source_poll_batch_max_seconds",
     "Longest such poll() in the last 30 to 60 seconds (poll-batch-max-time-ms).", FOR_SOURCE,
     V_TIMER_MAX, TT_POLL_BATCH},
    {"connectd_sink_record_read_total",
     "Records read from Kafka, before transformations (sink-record-read-total).", FOR_SINK,
     V_COUNTER, TM_SINK_RECORD_READ},
    {"connectd_sink_record_send_total",
     "Records output by the transformations and delivered to the task's put() "
     "(sink-record-send-total).",
     FOR_SINK, V_COUNTER, TM_SINK_RECORD_SEND},
    {"connectd_sink_record_active",
     "Records read from Kafka but not yet committed (sink-record-active-count).", FOR_SINK,
     V_GAUGE, TG_SINK_RECORD_ACTIVE},
    {"connectd_sink_partitions", "Topic partitions assigned to the task (partition-count).",
     FOR_SINK, V_GAUGE, TG_SINK_PARTITIONS},
    {"connectd_sink_put_batch_seconds", "Time of successful put() calls (put-batch-avg-time-ms).",
     FOR_SINK, V_TIMER, TT_PUT_BATCH},
    {"connectd_sink_put_batch_max_seconds",
     "Longest put() in the last 30 to 60 seconds (put-batch-max-time-ms).", FOR_SINK,
     V_TIMER_MAX, TT_PUT_BATCH},
    {"connectd_sink_offset_commit_completion_total",
     "Offset commits that completed (offset-commit-completion-total).", FOR_SINK, V_COUNTER,
     TM_SINK_COMMIT_COMPLETION},
    {"connectd_sink_offset_commit_skip_total",
     "Offset commits skipped because the task's flush() asked to retry later "
     "(offset-commit-skip-total).",
     FOR_SINK, V_COUNTER, TM_SINK_COMMIT_SKIP},
    {"connectd_task_offset_commit_seconds",
     "Time of offset commits, successful or not (offset-commit-avg-time-ms).", FOR_ALL, V_TIMER,
     TT_OFFSET_COMMIT},
    {"connectd_task_offset_commit_max_seconds",
     "Longest offset commit in the last 30 to 60 seconds (offset-commit-max-time-ms).", FOR_ALL,
     V_TIMER_MAX, TT_OFFSET_COMMIT},
    {"connectd_task_offset_commit_success_total",
     "Successful offset commits (offset-commit-success-percentage, as a count).", FOR_ALL,
     V_COUNTER, TM_OFFSET_COMMIT_SUCCESS},
    {"connectd_task_offset_commit_failure_total",
     "Failed offset commits (offset-commit-failure-percentage, as a count).", FOR_ALL, V_COUNTER,
     TM_OFFSET_COMMIT_FAILURE},
    {"connectd_task_record_errors_total",
     "Records that ended in an error after any retries (total-record-errors).", FOR_ALL,
     V_COUNTER, TM_RECORD_ERRORS},
    {"connectd_task_record_failures_total",
     "Failed attempts at processing a record, retries included (total-record-failures).",
     FOR_ALL, V_COUNTER, TM_RECORD_FAILURES},
    {"connectd_task_records_skipped_total",
     "Records skipped because errors.tolerance=all (total-records-skipped).", FOR_ALL, V_COUNTER,
     TM_RECORDS_SKIPPED},
    {"connectd_task_retries_total", "Retries of failed operations (total-retries).", FOR_ALL,
     V_COUNTER, TM_RETRIES},
    {"connectd_task_errors_logged_total",
     "Errors written to the log by errors.log.enable (total-errors-logged).", FOR_ALL, V_COUNTER,
     TM_ERRORS_LOGGED},
    {"connectd_task_deadletterqueue_produce_requests_total",
     "Records sent to the dead letter queue (deadletterqueue-produce-requests).", FOR_ALL,
     V_COUNTER, TM_DLQ_PRODUCE_REQUESTS},
    {"connectd_task_deadletterqueue_produce_failures_total",
     "Records that could not be written to the dead letter queue "
     "(deadletterqueue-produce-failures).",
     FOR_ALL, V_COUNTER, TM_DLQ_PRODUCE_FAILURES},
    {"connectd_task_last_error_timestamp_seconds",
     "Unix time of the task's last record error, 0 if none (last-error-timestamp).", FOR_ALL,
     V_GAUGE_MS, TG_LAST_ERROR_MS},
};

static const char *family_type(value_kind_t v) {
    switch (v) {
    case V_COUNTER: return "counter";
    case V_TIMER: return "summary";
    default: return "gauge";
    }
}

static void render_family(buf_t *b, const task_family_t *f, const metrics_task_snapshot_t *s,
                          size_t n) {
    prom_family(b, f->name, family_type(f->value), f->help);
    char sum_name[128], count_name[128];
    snprintf(sum_name, sizeof sum_name, "%s_sum", f->name);
    snprintf(count_name, sizeof count_name, "%s_count", f->name);
    for (size_t i = 0; i < n; i++) {
        unsigned kind = s[i].kind == METRICS_TASK_SOURCE ? FOR_SOURCE : FOR_SINK;
        if (!(f->kinds & kind)) continue;
        char id[16];
        snprintf(id, sizeof id, "%d", s[i].task);
        prom_label_t l[] = {{"connector", s[i].connector}, {"task", id}};
        switch (f->value) {
        case V_COUNTER: prom_sample_u64(b, f->name, l, 2, s[i].counters[f->index]); break;
        case V_GAUGE: prom_sample_i64(b, f->name, l, 2, s[i].gauges[f->index]); break;
        case V_GAUGE_MS: {
            int64_t ms = s[i].gauges[f->index];
            prom_sample_ns(b, f->name, l, 2, ms > 0 ? (uint64_t)ms * 1000000u : 0);
            break;
        }
        case V_TIMER:
            prom_sample_ns(b, sum_name, l, 2, s[i].timers[f->index].sum_ns);
            prom_sample_u64(b, count_name, l, 2, s[i].timers[f->index].count);
            break;
        case V_TIMER_MAX: prom_sample_ns(b, f->name, l, 2, s[i].timers[f->index].max_ns); break;
        }
    }
}

void metrics_render_tasks(buf_t *b, const metrics_task_snapshot_t *s, size_t n) {
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
        render_family(b, &families[i], s, n);
}
