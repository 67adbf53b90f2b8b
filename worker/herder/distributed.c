/*
 * Distributed herder lifecycle and its thread. The thread wakes when an
 * assignment arrives, when the config topic changes or a restart is asked
 * for, and every TICK_MS anyway (statuses, the leader's rebalance check).
 */
#include "herder/distributed_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "convert/base64.h"
#include "herder/internal_topics.h"
#include "log/log.h"
#include "log/loggers.h"
#include "util/buf.h"
#include "util/mem.h"

#define TICK_MS 500
#define START_TIMEOUT_MS 60000

int64_t dh_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int prop_int(const cd_props_t *wp, const char *key, int dflt) {
    const char *v = cd_props_get(wp, key);
    return v && *v ? atoi(v) : dflt;
}

const cd_plugin_desc_t *dh_find_plugin(distributed_herder_t *dh, const cd_props_t *config) {
    const char *cls = config ? cd_props_get(config, "connector.class") : NULL;
    if (!cls) return NULL;
    char err[512];
    return plugin_registry_find(dh->registry, (1u << CD_PLUGIN_SOURCE) | (1u << CD_PLUGIN_SINK),
                                cls, err, sizeof err);
}

void dh_queue_restart(distributed_herder_t *dh, const char *connector, int task,
                      bool include_tasks, bool only_failed) {
    restart_req_t *r = xcalloc(1, sizeof *r);
    r->connector = xstrdup(connector);
    r->task = task;
    r->include_tasks = include_tasks;
    r->only_failed = only_failed;
    pthread_mutex_lock(&dh->lock);
    restart_req_t **tail = &dh->restarts;
    while (*tail) tail = &(*tail)->next;
    *tail = r;
    pthread_cond_signal(&dh->wake);
    pthread_mutex_unlock(&dh->lock);
}

void dh_put_status(distributed_herder_t *dh, const char *connector, int task, const char *state,
                   const char *trace, const cd_plugin_desc_t *desc, bool safe) {
    pthread_mutex_lock(&dh->lock);
    int32_t gen = dh->generation;
    pthread_mutex_unlock(&dh->lock);
    status_entry_t e = {
        .state = (char *)state,
        .trace = (char *)trace,
        .worker_id = dh->worker_id,
        .generation = gen < 0 ? 0 : gen,
        .version = desc && desc->version && strcmp(state, "UNASSIGNED") != 0 &&
                           strcmp(state, "RESTARTING") != 0
                       ? (char *)desc->version
                       : NULL,
    };
    if (status_store_put(dh->statuses, connector, task, &e, safe) != 0)
        LOG_WARN(LOGGER, "Could not write the %s status of %s%s", state, connector,
                 DH_TASK_SUFFIX(task).s);
}

/* ---- config topic listener (config log thread) ---- */

static void on_config_change(void *opaque) {
    distributed_herder_t *dh = opaque;
    pthread_mutex_lock(&dh->lock);
    dh->config_changed = true;
    pthread_cond_signal(&dh->wake);
    pthread_mutex_unlock(&dh->lock);
}
static void on_connector_config(void *opaque, const char *name, bool removed) {
    (void)name;
    (void)removed;
    on_config_change(opaque);
}
static void on_named_change(void *opaque, const char *name) {
    (void)name;
    on_config_change(opaque);
}
static void on_restart_request(void *opaque, const char *name, bool include_tasks,
                               bool only_failed) {
    dh_queue_restart(opaque, name, -2, include_tasks, only_failed);
}
/* KIP-976: a cluster-scoped level applies on every worker that reads it
 * after its start. */
static void on_logger_level(void *opaque, const char *ns, const char *level) {
    (void)opaque;
    log_level_t lv;
    if (!log_level_parse(level, &lv)) return;
    char **names = NULL;
    log_levels_set(ns, lv, log_now_ms(), &names);
    log_names_free(names);
    LOG_INFO(LOGGER, "Applied cluster-wide log level %s to %s", level, ns);
}

/* ---- the herder thread ---- */

static void leader_duties(distributed_herder_t *dh, const config_snapshot_t *snap) {
    pthread_mutex_lock(&dh->lock);
    bool leader = dh->is_leader && dh->joined && !dh->rebalancing;
    int16_t version = dh->protocol_version;
    pthread_mutex_unlock(&dh->lock);
    if (!leader) return;
    /* Connectors or task counts changed since the last assignment: the
     * leader asks for a rebalance so the new work gets placed. */
    char *sig = dh_work_signature(snap);
    pthread_mutex_lock(&dh->lock);
    bool changed = (!dh->assigned_signature || strcmp(sig, dh->assigned_signature) != 0) &&
                   (!dh->rejoin_signature || strcmp(sig, dh->rejoin_signature) != 0);
    if (changed) {
        free(dh->rejoin_signature);
        dh->rejoin_signature = xstrdup(sig);
    }
    pthread_mutex_unlock(&dh->lock);
    if (changed) {
        LOG_INFO(LOGGER, "Configured work changed; requesting a rebalance");
        group_member_request_rejoin(dh->member, 0);
    }
    free(sig);
    /* sessioned (KIP-507): the leader keeps a session key in the config
     * topic, as the Java worker does, so the topic reads the same. */
    if (version >= 2 && !snap->session_key) {
        unsigned char raw[32];
        FILE *f = fopen("/dev/urandom", "rb");
        size_t got = f ? fread(raw, 1, sizeof raw, f) : 0;
        if (f) fclose(f);
        if (got == sizeof raw) {
            buf_t kb;
            buf_init(&kb);
            base64_encode(&kb, raw, sizeof raw);
            char *key = buf_steal(&kb);
            buf_free(&kb);
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            char err[512];
            if (config_store_put_session_key(dh->configs, key, "HmacSHA256",
                                             (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000,
                                             err, sizeof err) != 0)
                LOG_WARN(LOGGER, "Could not write the session key: %s", err);
            free(key);
        }
    }
}

static void *herder_main(void *arg) {
    distributed_herder_t *dh = arg;
    pthread_setname_np(pthread_self(), "cd-herder");
    for (;;) {
        pthread_mutex_lock(&dh->lock);
        if (!dh->stopping && !dh->pending && !dh->lost && !dh->config_changed && !dh->restarts) {
            struct timespec dl;
            clock_gettime(CLOCK_REALTIME, &dl);
            dl.tv_nsec += (long)TICK_MS * 1000000L;
            if (dl.tv_nsec >= 1000000000L) {
                dl.tv_sec++;
                dl.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&dh->wake, &dh->lock, &dl);
        }
        if (dh->stopping) {
            pthread_mutex_unlock(&dh->lock);
            break;
        }
        connect_assignment_t *a = dh->pending;
        dh->pending = NULL;
        bool lost = dh->lost;
        dh->lost = false;
        dh->config_changed = false;
        restart_req_t *restarts = dh->restarts;
        dh->restarts = NULL;
        pthread_mutex_unlock(&dh->lock);

        if (lost) {
            LOG_WARN(LOGGER, "Group membership lost; stopping all work until the next assignment");
            dh_stop_all(dh, false);
        }
        if (a) {
            dh_apply_assignment(dh, a);
            connect_assignment_clear(a);
            free(a);
        }
        /* Restarts first: they stop instances that reconcile starts again. */
        dh_run_restarts(dh, restarts);
        config_snapshot_t *snap = config_store_snapshot(dh->configs);
        dh_reconcile(dh, snap);
        dh_write_statuses(dh, snap);
        leader_duties(dh, snap);
        config_snapshot_destroy(snap);
    }
    return NULL;
}

/* ---- lifecycle ---- */

herder_t *distributed_herder_new(const distributed_herder_config_t *cfg, char *err,
                                 size_t errlen) {
    const cd_props_t *wp = cfg->worker_props;
    const char *protocol = cd_props_get(wp, "connect.protocol");
    if (protocol && strcasecmp(protocol, "eager") == 0) {
        snprintf(err, errlen,
                 "connect.protocol=eager is not supported by connectd: use 'compatible' or "
                 "'sessioned' (the default), which keep tasks running through rebalances");
        return NULL;
    }
    const char *eos = cd_props_get(wp, "exactly.once.source.support");
    if (eos && strcasecmp(eos, "disabled") != 0) {
        snprintf(err, errlen,
                 "exactly.once.source.support=%s is not supported by connectd yet: set it to "
                 "'disabled' (source tasks are then at-least-once, as in Kafka's default)",
                 eos);
        return NULL;
    }
    distributed_herder_t *dh = xcalloc(1, sizeof *dh);
    dh->base.ops = &dh_ops;
    dh->worker = cfg->worker;
    dh->registry = cfg->registry;
    dh->wp = wp;
    dh->worker_id = xstrdup(cfg->worker_id);
    dh->url = xstrdup(cfg->url);
    dh->cluster_id = xstrdup(cfg->cluster_id ? cfg->cluster_id : "");
    dh->offer_sessioned = !protocol || strcasecmp(protocol, "sessioned") == 0;
    dh->sync_timeout_ms = prop_int(wp, "worker.sync.timeout.ms", 3000);
    dh->rest_wait_ms = 5000;
    dh->generation = -1;
    pthread_mutex_init(&dh->lock, NULL);
    pthread_cond_init(&dh->wake, NULL);
    pthread_cond_init(&dh->stable, NULL);

    internal_topic_config_t tc;
    internal_topic_config_init(&tc, wp, cfg->bootstrap, INTERNAL_TOPIC_CONFIG);
    config_store_listener_t listener = {
        .opaque = dh,
        .connector_config = on_connector_config,
        .task_configs = on_named_change,
        .target_state = on_named_change,
        .restart_request = on_restart_request,
        .logger_level = on_logger_level,
    };
    dh->configs = config_store_new(&tc.log, &listener, err, errlen);
    internal_topic_config_clear(&tc);
    if (!dh->configs) goto fail;
    internal_topic_config_init(&tc, wp, cfg->bootstrap, INTERNAL_TOPIC_STATUS);
    dh->statuses = status_store_new(&tc.log, err, errlen);
    internal_topic_config_clear(&tc);
    if (!dh->statuses) goto fail;

    group_member_callbacks_t cb = dh_group_callbacks_template;
    cb.opaque = dh;
    const char *group = cd_props_get(wp, "group.id");
    char *client_id = xasprintf("%s-worker-%s", group, cfg->worker_id);
    group_member_config_t gc = {
        .bootstrap = cfg->bootstrap,
        .group_id = group,
        .client_id = client_id,
        .protocol_type = "connect",
        .session_timeout_ms = prop_int(wp, "session.timeout.ms", 10000),
        .rebalance_timeout_ms = prop_int(wp, "rebalance.timeout.ms", 60000),
        .heartbeat_interval_ms = prop_int(wp, "heartbeat.interval.ms", 3000),
        .request_timeout_ms = prop_int(wp, "request.timeout.ms", 40000),
        .retry_backoff_ms = prop_int(wp, "retry.backoff.ms", 100),
        .worker_props = wp,
    };
    dh->member = group_member_new(&gc, &cb, err, errlen);
    free(client_id);
    if (!dh->member) goto fail;
    dh->assignor = assignor_new(prop_int(wp, "scheduled.rebalance.max.delay.ms", 0));
    return &dh->base;
fail:
    dh_ops.destroy(&dh->base);
    return NULL;
}

int distributed_herder_start(herder_t *h, char *err, size_t errlen) {
    distributed_herder_t *dh = (distributed_herder_t *)h;
    /* Read both topics to the end before serving or joining, as Kafka's
     * worker does: a worker never acts on a partial view. */
    if (config_store_start(dh->configs, START_TIMEOUT_MS, err, errlen) != 0) return -1;
    if (status_store_start(dh->statuses, START_TIMEOUT_MS, err, errlen) != 0) return -1;
    if (pthread_create(&dh->thread, NULL, herder_main, dh) != 0) {
        snprintf(err, errlen, "cannot start the herder thread");
        return -1;
    }
    dh->thread_started = true;
    if (group_member_start(dh->member) != 0) {
        snprintf(err, errlen, "cannot start the group member");
        return -1;
    }
    return 0;
}

/* SIGTERM: stop every task (flush and commit), then leave the group so the
 * others take the work over at once instead of after session.timeout.ms. */
static void dh_stop(herder_t *h) {
    distributed_herder_t *dh = (distributed_herder_t *)h;
    pthread_mutex_lock(&dh->lock);
    dh->stopping = true;
    pthread_cond_broadcast(&dh->wake);
    pthread_cond_broadcast(&dh->stable);
    pthread_mutex_unlock(&dh->lock);
    if (dh->thread_started) {
        pthread_join(dh->thread, NULL);
        dh->thread_started = false;
    }
    dh_stop_all(dh, true);
    group_member_leave(dh->member);
}

static void dh_destroy(herder_t *h) {
    distributed_herder_t *dh = (distributed_herder_t *)h;
    if (!dh) return;
    if (dh->thread_started) dh_stop(h);
    group_member_destroy(dh->member);
    dh_stop_all(dh, false);
    config_store_destroy(dh->configs);
    status_store_destroy(dh->statuses);
    assignor_destroy(dh->assignor);
    if (dh->pending) {
        connect_assignment_clear(dh->pending);
        free(dh->pending);
    }
    while (dh->restarts) {
        restart_req_t *r = dh->restarts;
        dh->restarts = r->next;
        free(r->connector);
        free(r);
    }
    connect_work_list_free(dh->held, dh->n_held);
    free(dh->member_id);
    free(dh->leader_id);
    free(dh->leader_url);
    free(dh->assigned_signature);
    free(dh->rejoin_signature);
    free(dh->worker_id);
    free(dh->url);
    free(dh->cluster_id);
    pthread_mutex_destroy(&dh->lock);
    pthread_cond_destroy(&dh->wake);
    pthread_cond_destroy(&dh->stable);
    free(dh);
}

/* Exposed to distributed_ops.c through dh_ops. */
void dh_ops_stop(herder_t *h);
void dh_ops_stop(herder_t *h) { dh_stop(h); }
void dh_ops_destroy(herder_t *h);
void dh_ops_destroy(herder_t *h) { dh_destroy(h); }
