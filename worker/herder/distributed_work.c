/*
 * What this worker runs in distributed mode (herder thread only): apply
 * assignments, keep each owned connector and task in line with the config
 * snapshot (start, stop, pause, restart on config change), publish the
 * task configs of the connectors it runs, carry out restarts, and write
 * status records when an instance's state changes.
 */
#include "herder/distributed_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "herder/connector_validation.h"
#include "herder/request_signature.h"
#include "herder/task_generation.h"
#include "log/log.h"
#include "runtime/active_topics.h"
#include "runtime/contexts.h"
#include "util/http_client.h"
#include "util/mem.h"

/* Do not regenerate task configs sooner than this after publishing some:
 * the commit record needs a moment to come back through the topic. */
#define REPUBLISH_MS 3000

static bool props_equal(const cd_props_t *a, const cd_props_t *b) {
    if (!a || !b) return a == b;
    if (cd_props_count(a) != cd_props_count(b)) return false;
    for (size_t i = 0; i < cd_props_count(a); i++) {
        const char *v = cd_props_get(b, cd_props_key_at(a, i));
        if (!v || strcmp(v, cd_props_value_at(a, i)) != 0) return false;
    }
    return true;
}

static owned_t *find_owned(distributed_herder_t *dh, const char *connector, int task) {
    for (owned_t *o = dh->owned; o; o = o->next)
        if (o->task == task && strcmp(o->connector, connector) == 0) return o;
    return NULL;
}

bool dh_owns(distributed_herder_t *dh, const char *connector, int task) {
    pthread_mutex_lock(&dh->lock);
    bool found = connect_work_list_contains(dh->held, dh->n_held, connector, task);
    pthread_mutex_unlock(&dh->lock);
    return found;
}

/* Publish the owned list for JoinGroup metadata and REST (dh_owns). */
static void update_held(distributed_herder_t *dh) {
    connect_work_t *list = NULL;
    size_t n = 0;
    for (owned_t *o = dh->owned; o; o = o->next) connect_work_list_add(&list, &n, o->connector, o->task);
    pthread_mutex_lock(&dh->lock);
    connect_work_list_free(dh->held, dh->n_held);
    dh->held = list;
    dh->n_held = n;
    pthread_mutex_unlock(&dh->lock);
}

static void stop_instance(distributed_herder_t *dh, owned_t *o) {
    if (!o->started) return;
    if (o->task < 0) worker_stop_connector(dh->worker, o->connector);
    else worker_stop_task(dh->worker, o->connector, o->task);
    o->started = false;
}

static void owned_free(owned_t *o) {
    free(o->connector);
    cd_props_destroy(o->config);
    free(o->last_state);
    for (size_t i = 0; i < o->n_topics_published; i++) free(o->topics_published[i]);
    free(o->topics_published);
    free(o);
}

/* Stop and forget one owned instance; UNASSIGNED is written (safely: a
 * newer owner's RUNNING wins) when it was revoked rather than deleted. */
static void release(distributed_herder_t *dh, owned_t *o, bool write_unassigned) {
    bool was_started = o->started;
    stop_instance(dh, o);
    if (write_unassigned && (was_started || o->last_state))
        dh_put_status(dh, o->connector, o->task, "UNASSIGNED", NULL, NULL, true);
    owned_t **pp = &dh->owned;
    while (*pp && *pp != o) pp = &(*pp)->next;
    if (*pp) *pp = o->next;
    owned_free(o);
}

void dh_stop_all(distributed_herder_t *dh, bool write_unassigned) {
    /* The tasks of a connector stop together: they flush in parallel. */
    for (owned_t *o = dh->owned; o; o = o->next) {
        if (o->task < 0 || !o->started) continue;
        worker_stop_tasks(dh->worker, o->connector);
        for (owned_t *p = dh->owned; p; p = p->next)
            if (p->task >= 0 && strcmp(p->connector, o->connector) == 0) p->started = false;
    }
    while (dh->owned) release(dh, dh->owned, write_unassigned);
    update_held(dh);
}

void dh_apply_assignment(distributed_herder_t *dh, connect_assignment_t *a) {
    if (a->error != CONNECT_ASSIGNMENT_NO_ERROR) {
        LOG_WARN(LOGGER, "The leader reported a config mismatch; reading the config topic and "
                 "rejoining");
        config_store_refresh(dh->configs, dh->sync_timeout_ms);
        group_member_request_rejoin(dh->member, 0);
        return;
    }
    if (config_store_offset(dh->configs) < a->config_offset &&
        (config_store_refresh(dh->configs, dh->sync_timeout_ms) != 0 ||
         config_store_offset(dh->configs) < a->config_offset)) {
        LOG_WARN(LOGGER, "Could not read the config topic up to offset %lld within %d ms; "
                 "rejoining", (long long)a->config_offset, dh->sync_timeout_ms);
        group_member_request_rejoin(dh->member, 1000);
        return;
    }
    /* Work of a deleted connector goes without a status: the leader wrote
     * its tombstones, an UNASSIGNED now would bring the record back. */
    config_snapshot_t *snap = config_store_snapshot(dh->configs);
    for (size_t i = 0; i < a->n_revoked; i++) {
        owned_t *o = find_owned(dh, a->revoked[i].connector, a->revoked[i].task);
        if (!o) continue;
        LOG_INFO(LOGGER, "Revoked %s%s", o->connector, DH_TASK_SUFFIX(o->task).s);
        release(dh, o, config_snapshot_find(snap, o->connector) != NULL);
    }
    config_snapshot_destroy(snap);
    for (size_t i = 0; i < a->n_assigned; i++) {
        if (find_owned(dh, a->assigned[i].connector, a->assigned[i].task)) continue;
        owned_t *o = xcalloc(1, sizeof *o);
        o->connector = xstrdup(a->assigned[i].connector);
        o->task = a->assigned[i].task;
        o->reconfigure = o->task < 0;
        o->next = dh->owned;
        dh->owned = o;
    }
    update_held(dh);
    pthread_mutex_lock(&dh->lock);
    free(dh->leader_id);
    dh->leader_id = xstrdup(a->leader ? a->leader : "");
    free(dh->leader_url);
    dh->leader_url = a->leader_url && *a->leader_url ? xstrdup(a->leader_url) : NULL;
    dh->is_leader = dh->member_id && strcmp(dh->member_id, dh->leader_id) == 0;
    dh->rebalancing = false;
    dh->joined = true;
    pthread_cond_broadcast(&dh->stable);
    pthread_mutex_unlock(&dh->lock);
    /* Cooperative protocol, second round: what was revoked here gets
     * assigned elsewhere in a rebalance this worker asks for at once. */
    if (a->n_revoked) group_member_request_rejoin(dh->member, 0);
    else if (a->delay_ms > 0) group_member_request_rejoin(dh->member, a->delay_ms);
}

/* ---- task configs ---- */

static bool same_task_configs(const config_connector_t *c, const cd_task_configs_t *tc) {
    if ((size_t)c->n_tasks != tc->n || c->inconsistent) return false;
    for (size_t i = 0; i < tc->n; i++)
        if (!props_equal(c->task_configs[i], tc->configs[i])) return false;
    return true;
}

/* A follower hands its connector's task configs to the leader
 * (POST /connectors/{c}/tasks, Kafka's internal endpoint). */
static int send_to_leader(distributed_herder_t *dh, const config_snapshot_t *snap,
                          const char *name, cd_props_t *const *configs, size_t n, char *err,
                          size_t errlen) {
    pthread_mutex_lock(&dh->lock);
    char *leader = dh->leader_url ? xstrdup(dh->leader_url) : NULL;
    pthread_mutex_unlock(&dh->lock);
    if (!leader) {
        snprintf(err, errlen, "no known leader");
        return -1;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *obj = json_object();
        for (size_t k = 0; k < cd_props_count(configs[i]); k++)
            json_object_set_new(obj, cd_props_key_at(configs[i], k),
                                json_string(cd_props_value_at(configs[i], k)));
        json_array_append_new(arr, obj);
    }
    char *body = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    char *seg = http_client_escape(name);
    size_t ll = strlen(leader);
    char *url = xasprintf("%s%sconnectors/%s/tasks?forward=true", leader,
                          ll && leader[ll - 1] == '/' ? "" : "/", seg);
    /* Signed with the session key when the cluster has one (KIP-507). */
    char *sig = snap->session_key ? request_signature_sign(snap->session_key, body, strlen(body))
                                  : NULL;
    char *sig_header = sig ? xasprintf("%s: %s", REQUEST_SIGNATURE_HEADER, sig) : NULL;
    const char *headers[] = {"Content-Type: application/json", "Accept: application/json",
                             sig_header ? REQUEST_SIGNATURE_ALGORITHM_HEADER
                                          ": " REQUEST_SIGNATURE_ALGORITHM
                                        : NULL,
                             sig_header, NULL};
    int status = 0;
    char *out = NULL;
    size_t out_len = 0;
    int rc = http_client_call("POST", url, body, strlen(body), headers, 30000, &status, &out,
                              &out_len, NULL, err, errlen);
    if (rc == 0 && status != 204 && status != 200) {
        snprintf(err, errlen, "leader answered %d: %.*s", status, (int)(out_len > 300 ? 300 : out_len),
                 out ? out : "");
        rc = -1;
    }
    free(out);
    free(url);
    free(seg);
    free(body);
    free(leader);
    free(sig);
    free(sig_header);
    return rc;
}

/* The newest target state, not the snapshot's this tick started with. */
static bool stopped_now(distributed_herder_t *dh, const char *name) {
    config_snapshot_t *now = config_store_snapshot(dh->configs);
    const config_connector_t *c = config_snapshot_find(now, name);
    bool stopped = !c || c->target == TARGET_STOPPED;
    config_snapshot_destroy(now);
    return stopped;
}

static void publish_task_configs(distributed_herder_t *dh, const config_snapshot_t *snap,
                                 const config_connector_t *c, owned_t *o) {
    cd_task_configs_t tc = {0};
    char err[1024];
    if (herder_generate_task_configs(dh->worker, c->name, c->config, &tc) != 0) {
        o->reconfigure = false;
        return;
    }
    if (same_task_configs(c, &tc)) {
        o->reconfigure = false;
        task_configs_fini(&tc);
        return;
    }
    pthread_mutex_lock(&dh->lock);
    bool leader = dh->is_leader;
    pthread_mutex_unlock(&dh->lock);
    if (leader && stopped_now(dh, c->name)) { /* a PUT /stop raced us: it wins */
        o->reconfigure = false;
        task_configs_fini(&tc);
        return;
    }
    int rc = leader ? config_store_put_task_configs(dh->configs, c->name, tc.configs, (int)tc.n,
                                                    err, sizeof err)
                    : send_to_leader(dh, snap, c->name, tc.configs, tc.n, err, sizeof err);
    if (rc == 0) {
        LOG_INFO(LOGGER, "Published %zu task config(s) for connector %s%s", tc.n, c->name,
                 leader ? "" : " through the leader");
        o->reconfigure = false;
        o->published_ms = dh_now_ms();
    } else {
        LOG_WARN(LOGGER, "Could not publish the task configs of %s (will retry): %s", c->name, err);
    }
    task_configs_fini(&tc);
}

/* ---- reconciling owned instances with the snapshot ---- */

static void reconcile_connector(distributed_herder_t *dh, const config_connector_t *c, owned_t *o) {
    if (!c) { /* deleted: stop; the assignor revokes it next round */
        stop_instance(dh, o);
        return;
    }
    if (o->started && o->applied != TARGET_STOPPED && !props_equal(o->config, c->config)) {
        LOG_INFO(LOGGER, "Connector %s config changed; restarting it", c->name);
        stop_instance(dh, o);
    }
    if (c->target == TARGET_STOPPED) {
        stop_instance(dh, o);
        o->applied = TARGET_STOPPED;
        return;
    }
    if (!o->started) {
        const cd_plugin_desc_t *desc = dh_find_plugin(dh, c->config);
        char err[1024];
        cd_props_destroy(o->config);
        o->config = cd_props_clone(c->config);
        o->started = true;
        o->applied = c->target;
        o->reconfigure = true;
        if (!desc) {
            LOG_ERROR(LOGGER, "Connector %s: no plugin for class %s", c->name,
                      cd_props_get(c->config, "connector.class"));
            dh_put_status(dh, c->name, -1, "FAILED", "No plugin found for the connector class",
                          NULL, false);
            free(o->last_state);
            o->last_state = xstrdup("FAILED");
            o->reconfigure = false;
            return;
        }
        if (worker_start_connector(dh->worker, c->name, c->config, desc, err, sizeof err) != 0) {
            o->reconfigure = false; /* FAILED; its status says why */
            return;
        }
        if (c->target == TARGET_PAUSED)
            worker_set_connector_state(dh->worker, c->name, STATE_PAUSED);
    } else if (o->applied != c->target) {
        worker_set_connector_state(dh->worker, c->name,
                                   c->target == TARGET_PAUSED ? STATE_PAUSED : STATE_RUNNING);
        if (o->applied == TARGET_STOPPED) o->reconfigure = true;
        o->applied = c->target;
    }
}

static void reconcile_task(distributed_herder_t *dh, const config_connector_t *c, owned_t *o) {
    if (!c || c->target == TARGET_STOPPED || o->task >= c->n_tasks || !c->task_configs ||
        !c->task_configs[o->task]) {
        stop_instance(dh, o);
        if (c && c->target == TARGET_STOPPED) o->applied = TARGET_STOPPED;
        return;
    }
    const cd_props_t *tc = c->task_configs[o->task];
    if (o->started && !props_equal(o->config, tc)) {
        LOG_INFO(LOGGER, "Task %s-%d config changed; restarting it", c->name, o->task);
        stop_instance(dh, o);
    }
    if (!o->started) {
        const cd_plugin_desc_t *desc = dh_find_plugin(dh, c->config);
        cd_props_destroy(o->config);
        o->config = cd_props_clone(tc);
        o->applied = c->target;
        o->started = true;
        char err[1024];
        if (!desc) {
            dh_put_status(dh, c->name, o->task, "FAILED",
                          "No plugin found for the connector class", NULL, false);
            return;
        }
        if (worker_start_task_of(dh->worker, c->name, o->task, desc, c->config, tc,
                                 c->target == TARGET_PAUSED, err, sizeof err) != 0) {
            LOG_ERROR(LOGGER, "Failed to start task %s-%d: %s", c->name, o->task, err);
            dh_put_status(dh, c->name, o->task, "FAILED", err, desc, false);
        }
    } else if (o->applied != c->target) {
        worker_pause_tasks(dh->worker, c->name, c->target == TARGET_PAUSED);
        o->applied = c->target;
    }
}

void dh_reconcile(distributed_herder_t *dh, const config_snapshot_t *snap) {
    for (owned_t *o = dh->owned; o; o = o->next) {
        const config_connector_t *c = config_snapshot_find(snap, o->connector);
        if (o->task >= 0) {
            reconcile_task(dh, c, o);
            continue;
        }
        reconcile_connector(dh, c, o);
        if (!c || !o->started || c->target == TARGET_STOPPED) continue;
        run_state_t st;
        char *trace = NULL;
        bool running = worker_connector_state(dh->worker, c->name, &st, &trace) &&
                       st != STATE_FAILED;
        free(trace);
        if (!running) continue;
        if (worker_connector_reconfiguration_requested(dh->worker, c->name)) o->reconfigure = true;
        if (c->inconsistent && dh_now_ms() - o->published_ms > REPUBLISH_MS) o->reconfigure = true;
        if (o->reconfigure && dh_now_ms() - o->published_ms > 200)
            publish_task_configs(dh, snap, c, o);
    }
}

/* ---- restarts ---- */

static bool failed_now(distributed_herder_t *dh, const owned_t *o) {
    run_state_t st;
    char *trace = NULL;
    bool known = o->task < 0 ? worker_connector_state(dh->worker, o->connector, &st, &trace)
                             : worker_task_state(dh->worker, o->connector, o->task, &st, &trace);
    free(trace);
    return known && st == STATE_FAILED;
}

static void restart(distributed_herder_t *dh, owned_t *o) {
    LOG_INFO(LOGGER, "Restarting %s%s", o->connector, DH_TASK_SUFFIX(o->task).s);
    dh_put_status(dh, o->connector, o->task, "RESTARTING", NULL, NULL, false);
    free(o->last_state);
    o->last_state = xstrdup("RESTARTING");
    stop_instance(dh, o);
}

void dh_run_restarts(distributed_herder_t *dh, restart_req_t *list) {
    while (list) {
        restart_req_t *r = list;
        list = r->next;
        for (owned_t *o = dh->owned; o; o = o->next) {
            if (strcmp(o->connector, r->connector) != 0) continue;
            bool go;
            if (r->task >= 0) go = o->task == r->task;
            else if (r->task == -1) go = o->task < 0;
            else if (o->task < 0) go = !r->only_failed || failed_now(dh, o);
            else go = r->include_tasks && (!r->only_failed || failed_now(dh, o));
            if (go) restart(dh, o);
        }
        free(r->connector);
        free(r);
    }
}

/* ---- statuses ---- */

static void publish_topics(distributed_herder_t *dh, owned_t *o) {
    char **names = NULL;
    size_t n = 0;
    if (active_topics_list(o->connector, &names, &n) != 0) return;
    for (size_t i = 0; i < n; i++) {
        bool known = false;
        for (size_t j = 0; j < o->n_topics_published && !known; j++)
            known = strcmp(o->topics_published[j], names[i]) == 0;
        if (known) continue;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        if (status_store_put_topic(dh->statuses, o->connector, names[i], o->task,
                                   (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000) == 0) {
            o->topics_published = xrealloc(o->topics_published,
                                           (o->n_topics_published + 1) * sizeof(char *));
            o->topics_published[o->n_topics_published++] = xstrdup(names[i]);
        }
    }
    active_topics_names_free(names, n);
}

void dh_write_statuses(distributed_herder_t *dh, const config_snapshot_t *snap) {
    for (owned_t *o = dh->owned; o; o = o->next) {
        const config_connector_t *c = config_snapshot_find(snap, o->connector);
        if (!c) continue;
        const char *state = NULL;
        char *trace = NULL;
        run_state_t st;
        if (o->task < 0 && o->applied == TARGET_STOPPED && !o->started) {
            state = "STOPPED";
        } else if (o->started) {
            bool known = o->task < 0
                             ? worker_connector_state(dh->worker, o->connector, &st, &trace)
                             : worker_task_state(dh->worker, o->connector, o->task, &st, &trace);
            if (known) state = run_state_name(st);
        }
        if (state && (!o->last_state || strcmp(o->last_state, state) != 0)) {
            dh_put_status(dh, o->connector, o->task, state, trace, dh_find_plugin(dh, c->config),
                          false);
            free(o->last_state);
            o->last_state = xstrdup(state);
        }
        free(trace);
        if (o->task >= 0 && o->started) publish_topics(dh, o);
    }
}
