/* The protocol steps of a group member against its coordinator:
 * FindCoordinator, JoinGroup + SyncGroup, Heartbeat and LeaveGroup. Each
 * runs on the cd-group thread and turns the broker's answer into a gm_step_t
 * for the loop in group_member.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/group_member_internal.h"
#include "kafka/group_api.h"
#include "log/log.h"
#include "util/mem.h"

#define PFX "[Worker clientId=%s, groupId=%s] "
#define PFX_ARGS m->client_id, m->group_id
/* Most protocols a member offers (Connect offers at most three). */
#define MAX_PROTOCOLS 8
/* JoinGroup/SyncGroup may be parked by the coordinator for the whole
 * rebalance timeout; the socket waits that long plus this margin. */
#define REBALANCE_MARGIN_MS 5000

static int max_int(int a, int b) { return a > b ? a : b; }
static int min_int(int a, int b) { return a < b ? a : b; }

/* One request on the coordinator connection. -1 with err filled means the
 * connection is gone (it is closed here). */
static int coord_call(group_member_t *m, int16_t api, int16_t version, const kw_writer_t *body,
                      int timeout_ms, uint8_t **resp, size_t *len, char *err, size_t errlen) {
    if (!m->coord) {
        snprintf(err, errlen, "no coordinator connection");
        return -1;
    }
    if (broker_conn_request(m->coord, api, version, false, body, timeout_ms, resp, len, err,
                            errlen) == 0)
        return 0;
    gm_close_coordinator(m);
    return -1;
}

/* A transport failure: stopping, or a coordinator to rediscover. */
static gm_step_t transport_failed(group_member_t *m, const char *what, const char *err) {
    if (gm_stopping(m)) return GM_STOPPED;
    LOG_WARN(GM_LOGGER, PFX "%s failed, rediscovering the group coordinator: %s", PFX_ARGS, what,
             err);
    return GM_COORDINATOR;
}

/* ---- FindCoordinator ---- */

static gm_step_t find_on(group_member_t *m, const char *host, int port) {
    char err[512];
    broker_conn_t *c = broker_conn_open(host, port, m->client_id, &m->sec, m->cancel[0],
                                        min_int(m->request_timeout_ms, 10000), err, sizeof err);
    if (!c) {
        if (gm_stopping(m)) return GM_STOPPED;
        LOG_WARN(GM_LOGGER, PFX "Bootstrap broker %s:%d unavailable: %s", PFX_ARGS, host, port,
                 err);
        return GM_RETRY_LATER;
    }
    kw_writer_t w;
    kw_init(&w);
    ga_find_coordinator_encode(&w, m->group_id, 0);
    uint8_t *resp = NULL;
    size_t n = 0;
    int rc = broker_conn_request(c, GA_API_FIND_COORDINATOR, GA_V_FIND_COORDINATOR, false, &w,
                                 m->request_timeout_ms, &resp, &n, err, sizeof err);
    kw_free(&w);
    ga_find_coordinator_resp_t fc;
    if (rc == 0) rc = ga_find_coordinator_decode(resp, n, &fc, err, sizeof err);
    free(resp);
    if (rc != 0) {
        broker_conn_close(c);
        if (gm_stopping(m)) return GM_STOPPED;
        LOG_WARN(GM_LOGGER, PFX "FindCoordinator on %s:%d failed: %s", PFX_ARGS, host, port, err);
        return GM_RETRY_LATER;
    }
    if (fc.error != 0) {
        broker_conn_close(c);
        LOG_INFO(GM_LOGGER, PFX "Group coordinator lookup failed: %s (%d)%s%s", PFX_ARGS,
                 ga_error_name(fc.error), fc.error, fc.error_message ? ": " : "",
                 fc.error_message ? fc.error_message : "");
        ga_find_coordinator_free(&fc);
        return GM_RETRY_LATER;
    }
    /* The bootstrap broker is often the coordinator itself: keep its connection. */
    if (strcmp(fc.host, host) != 0 || fc.port != port) {
        broker_conn_close(c);
        c = broker_conn_open(fc.host, fc.port, m->client_id, &m->sec, m->cancel[0],
                             min_int(m->request_timeout_ms, 10000), err, sizeof err);
        if (!c) {
            ga_find_coordinator_free(&fc);
            if (gm_stopping(m)) return GM_STOPPED;
            LOG_WARN(GM_LOGGER, PFX "Group coordinator unavailable: %s", PFX_ARGS, err);
            return GM_RETRY_LATER;
        }
    }
    LOG_INFO(GM_LOGGER, PFX "Discovered group coordinator %s:%d (id: %d rack: null)", PFX_ARGS,
             fc.host, (int)fc.port, (int)fc.node_id);
    gm_close_coordinator(m);
    m->coord = c;
    free(m->coord_host);
    m->coord_host = fc.host;
    m->coord_port = fc.port;
    fc.host = NULL;
    ga_find_coordinator_free(&fc);
    return GM_OK;
}

gm_step_t gm_find_coordinator(group_member_t *m) {
    gm_step_t last = GM_RETRY_LATER;
    for (size_t i = 0; i < m->n_boot; i++) {
        size_t k = (m->next_boot + i) % m->n_boot;
        last = find_on(m, m->boot_hosts[k], m->boot_ports[k]);
        if (last == GM_OK || last == GM_STOPPED) {
            m->next_boot = k;
            return last;
        }
    }
    m->next_boot = (m->next_boot + 1) % m->n_boot;
    return last;
}

/* ---- JoinGroup + SyncGroup ---- */

/* How a JoinGroup/SyncGroup error code moves the member on. */
static gm_step_t group_error(group_member_t *m, const char *api, int16_t code) {
    switch (code) {
    case GA_ERR_REBALANCE_IN_PROGRESS:
        LOG_INFO(GM_LOGGER, PFX "%s: the group is rebalancing again, rejoining", PFX_ARGS, api);
        return GM_RETRY_NOW;
    case GA_ERR_UNKNOWN_MEMBER_ID:
    case GA_ERR_ILLEGAL_GENERATION:
    case GA_ERR_FENCED_INSTANCE_ID: {
        char why[128];
        snprintf(why, sizeof why, "%s answered %s", api, ga_error_name(code));
        gm_reset_membership(m, why);
        return GM_RETRY_NOW;
    }
    case GA_ERR_COORDINATOR_LOAD_IN_PROGRESS:
        LOG_INFO(GM_LOGGER, PFX "%s: the coordinator is loading the group, retrying", PFX_ARGS,
                 api);
        return GM_RETRY_LATER;
    case GA_ERR_COORDINATOR_NOT_AVAILABLE:
    case GA_ERR_NOT_COORDINATOR:
        LOG_INFO(GM_LOGGER, PFX "%s: %s, rediscovering the group coordinator", PFX_ARGS, api,
                 ga_error_name(code));
        gm_close_coordinator(m);
        return GM_COORDINATOR;
    default:
        LOG_ERROR(GM_LOGGER, PFX "%s failed: %s (error code %d)", PFX_ARGS, api,
                  ga_error_name(code), (int)code);
        return GM_FATAL;
    }
}

static void free_protocols(group_protocol_t *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        free(p[i].name);
        free(p[i].metadata);
    }
}

/* JoinGroup until the coordinator answers with a generation (following
 * MEMBER_ID_REQUIRED once). *out is filled on GM_OK. */
static gm_step_t join(group_member_t *m, const group_protocol_t *protos, size_t n_protos,
                      ga_join_group_resp_t *out) {
    ga_protocol_t gp[MAX_PROTOCOLS];
    for (size_t i = 0; i < n_protos; i++)
        gp[i] = (ga_protocol_t){protos[i].name, protos[i].metadata, protos[i].len};
    int timeout = max_int(m->request_timeout_ms, m->rebalance_timeout_ms + REBALANCE_MARGIN_MS);
    for (int attempt = 0; attempt < 3; attempt++) {
        ga_join_group_req_t req = {
            .group_id = m->group_id,
            .session_timeout_ms = m->session_timeout_ms,
            .rebalance_timeout_ms = m->rebalance_timeout_ms,
            .member_id = m->member_id,
            .group_instance_id = NULL,
            .protocol_type = m->protocol_type,
            .protocols = gp,
            .n_protocols = n_protos,
        };
        kw_writer_t w;
        kw_init(&w);
        ga_join_group_encode(&w, &req);
        uint8_t *resp = NULL;
        size_t n = 0;
        char err[512];
        int rc = coord_call(m, GA_API_JOIN_GROUP, GA_V_JOIN_GROUP, &w, timeout, &resp, &n, err,
                            sizeof err);
        kw_free(&w);
        if (rc != 0) return transport_failed(m, "JoinGroup", err);
        rc = ga_join_group_decode(resp, n, out, err, sizeof err);
        free(resp);
        if (rc != 0) {
            gm_close_coordinator(m);
            return transport_failed(m, "JoinGroup", err);
        }
        if (out->error == GA_ERR_MEMBER_ID_REQUIRED && out->member_id[0]) {
            /* KIP-394: join again with the id the coordinator picked. */
            free(m->member_id);
            m->member_id = out->member_id;
            out->member_id = NULL;
            ga_join_group_free(out);
            continue;
        }
        if (out->error != 0) {
            int16_t code = out->error;
            ga_join_group_free(out);
            return group_error(m, "JoinGroup", code);
        }
        return GM_OK;
    }
    LOG_WARN(GM_LOGGER, PFX "JoinGroup kept answering MEMBER_ID_REQUIRED", PFX_ARGS);
    return GM_RETRY_LATER;
}

/* Leader: run the assignor over the members. -1 abandons the round. */
static int leader_assign(group_member_t *m, const ga_join_group_resp_t *jr,
                         ga_assignment_t **out, uint8_t ***datas) {
    size_t n = jr->n_members;
    group_member_info_t *info = xcalloc(n, sizeof *info);
    for (size_t i = 0; i < n; i++)
        info[i] = (group_member_info_t){jr->members[i].member_id, jr->members[i].metadata,
                                        jr->members[i].len};
    uint8_t **data = xcalloc(n, sizeof *data);
    size_t *lens = xcalloc(n, sizeof *lens);
    gm_keepalive_t *k = gm_keepalive_start(m);
    int rc = m->cb.assign ? m->cb.assign(m->cb.opaque, jr->protocol_name, jr->leader,
                                         jr->generation, info, n, data, lens)
                          : -1;
    if (!gm_keepalive_stop(k)) gm_close_coordinator(m); /* SyncGroup then rediscovers */
    free(info);
    ga_assignment_t *a = xcalloc(n, sizeof *a);
    for (size_t i = 0; i < n; i++)
        a[i] = (ga_assignment_t){jr->members[i].member_id, data[i] ? data[i] : (const uint8_t *)"",
                                 data[i] ? lens[i] : 0};
    free(lens);
    *out = a;
    *datas = data;
    return rc;
}

static void free_assignments(ga_assignment_t *a, uint8_t **data, size_t n) {
    for (size_t i = 0; data && i < n; i++) free(data[i]);
    free(data);
    free(a);
}

static gm_step_t sync(group_member_t *m, const ga_join_group_resp_t *jr) {
    ga_assignment_t *assignments = NULL;
    uint8_t **datas = NULL;
    size_t n_assign = 0;
    bool leader = strcmp(jr->leader, jr->member_id) == 0;
    if (leader) {
        if (gm_stopping(m)) return GM_STOPPED;
        n_assign = jr->n_members;
        if (leader_assign(m, jr, &assignments, &datas) != 0) {
            free_assignments(assignments, datas, n_assign);
            LOG_WARN(GM_LOGGER, PFX "The assignor failed in generation %d; rejoining", PFX_ARGS,
                     (int)jr->generation);
            return GM_RETRY_LATER;
        }
    }
    kw_writer_t w;
    kw_init(&w);
    ga_sync_group_encode(&w, m->group_id, jr->generation, m->member_id, NULL, assignments,
                         n_assign);
    free_assignments(assignments, datas, n_assign);
    uint8_t *resp = NULL;
    size_t n = 0;
    char err[512];
    int timeout = max_int(m->request_timeout_ms, m->rebalance_timeout_ms + REBALANCE_MARGIN_MS);
    int rc = coord_call(m, GA_API_SYNC_GROUP, GA_V_SYNC_GROUP, &w, timeout, &resp, &n, err,
                        sizeof err);
    kw_free(&w);
    if (rc != 0) return transport_failed(m, "SyncGroup", err);
    ga_sync_group_resp_t sr;
    rc = ga_sync_group_decode(resp, n, &sr, err, sizeof err);
    free(resp);
    if (rc != 0) {
        gm_close_coordinator(m);
        return transport_failed(m, "SyncGroup", err);
    }
    if (sr.error != 0) {
        int16_t code = sr.error;
        ga_sync_group_free(&sr);
        return group_error(m, "SyncGroup", code);
    }
    LOG_INFO(GM_LOGGER,
             PFX "Successfully synced group in generation Generation{generationId=%d, "
                 "memberId='%s', protocol='%s'}",
             PFX_ARGS, (int)jr->generation, m->member_id, jr->protocol_name);
    atomic_store(&m->public_generation, jr->generation);
    m->have_assignment = true;
    if (m->cb.assigned && !gm_stopping(m))
        m->cb.assigned(m->cb.opaque, jr->protocol_name, jr->generation, m->member_id, jr->leader,
                       sr.assignment, sr.len);
    ga_sync_group_free(&sr);
    return GM_OK;
}

gm_step_t gm_join_and_sync(group_member_t *m) {
    group_protocol_t protos[MAX_PROTOCOLS];
    memset(protos, 0, sizeof protos);
    size_t n_protos = m->cb.metadata ? m->cb.metadata(m->cb.opaque, protos, MAX_PROTOCOLS) : 0;
    if (n_protos > MAX_PROTOCOLS) n_protos = MAX_PROTOCOLS;
    if (n_protos == 0) {
        LOG_ERROR(GM_LOGGER, PFX "No group protocol to offer; cannot join", PFX_ARGS);
        return GM_FATAL;
    }
    LOG_INFO(GM_LOGGER, PFX "(Re-)joining group", PFX_ARGS);
    ga_join_group_resp_t jr;
    gm_step_t step = join(m, protos, n_protos, &jr);
    free_protocols(protos, n_protos);
    if (step != GM_OK) return step;

    free(m->member_id);
    m->member_id = xstrdup(jr.member_id);
    m->generation = jr.generation;
    bool leader = strcmp(jr.leader, jr.member_id) == 0;
    LOG_INFO(GM_LOGGER,
             PFX "Successfully joined group with generation Generation{generationId=%d, "
                 "memberId='%s', protocol='%s'}%s",
             PFX_ARGS, (int)jr.generation, jr.member_id, jr.protocol_name,
             leader ? " as the leader" : "");
    if (leader)
        LOG_INFO(GM_LOGGER, PFX "Performing assignment for %zu member(s) as the leader",
                 PFX_ARGS, jr.n_members);
    step = sync(m, &jr);
    ga_join_group_free(&jr);
    return step;
}

/* ---- Heartbeat ---- */

gm_step_t gm_heartbeat(group_member_t *m) {
    kw_writer_t w;
    kw_init(&w);
    ga_heartbeat_encode(&w, m->group_id, m->generation, m->member_id, NULL);
    uint8_t *resp = NULL;
    size_t n = 0;
    char err[512];
    /* A coordinator that does not answer within the session timeout has
     * expired us anyway; do not wait the whole request timeout. */
    int timeout = min_int(m->request_timeout_ms, max_int(m->session_timeout_ms, 1000));
    int rc = coord_call(m, GA_API_HEARTBEAT, GA_V_HEARTBEAT, &w, timeout, &resp, &n, err,
                        sizeof err);
    kw_free(&w);
    if (rc != 0) return transport_failed(m, "Heartbeat", err);
    int16_t code = 0;
    rc = ga_heartbeat_decode(resp, n, &code, err, sizeof err);
    free(resp);
    if (rc != 0) {
        gm_close_coordinator(m);
        return transport_failed(m, "Heartbeat", err);
    }
    switch (code) {
    case GA_ERR_NONE: return GM_OK;
    case GA_ERR_REBALANCE_IN_PROGRESS:
        LOG_INFO(GM_LOGGER, PFX "Attempt to heartbeat with generation %d failed: the group is "
                            "rebalancing; rejoining",
                 PFX_ARGS, (int)m->generation);
        return GM_REJOIN;
    case GA_ERR_UNKNOWN_MEMBER_ID:
    case GA_ERR_ILLEGAL_GENERATION:
    case GA_ERR_FENCED_INSTANCE_ID: {
        char why[128];
        snprintf(why, sizeof why, "Heartbeat answered %s", ga_error_name(code));
        gm_reset_membership(m, why);
        return GM_REJOIN;
    }
    case GA_ERR_COORDINATOR_LOAD_IN_PROGRESS: return GM_OK; /* try again next interval */
    case GA_ERR_COORDINATOR_NOT_AVAILABLE:
    case GA_ERR_NOT_COORDINATOR:
        LOG_INFO(GM_LOGGER, PFX "Heartbeat: %s, rediscovering the group coordinator", PFX_ARGS,
                 ga_error_name(code));
        gm_close_coordinator(m);
        return GM_COORDINATOR;
    default:
        LOG_WARN(GM_LOGGER, PFX "Heartbeat failed: %s (error code %d)", PFX_ARGS,
                 ga_error_name(code), (int)code);
        return GM_RETRY_LATER;
    }
}

/* ---- LeaveGroup ---- */

void gm_send_leave(group_member_t *m) {
    if (!m->member_id || !m->member_id[0]) return;
    /* Bounded: shutdown should not hang on an unreachable coordinator; the
     * session timeout removes the member anyway. */
    int timeout = min_int(m->request_timeout_ms, 5000);
    char err[512];
    if (!m->coord && m->coord_host)
        m->coord = broker_conn_open(m->coord_host, m->coord_port, m->client_id, &m->sec, -1,
                                    timeout, err, sizeof err);
    if (!m->coord) {
        LOG_WARN(GM_LOGGER, PFX "Could not send LeaveGroup (no coordinator connection); the "
                            "coordinator removes member %s after the session timeout",
                 PFX_ARGS, m->member_id);
        return;
    }
    broker_conn_set_cancel_fd(m->coord, -1); /* the stop signal already fired */
    LOG_INFO(GM_LOGGER, PFX "Member %s sending LeaveGroup request to coordinator %s", PFX_ARGS,
             m->member_id, broker_conn_peer(m->coord));
    kw_writer_t w;
    kw_init(&w);
    ga_leave_group_encode(&w, m->group_id, m->member_id, NULL);
    uint8_t *resp = NULL;
    size_t n = 0;
    int rc = coord_call(m, GA_API_LEAVE_GROUP, GA_V_LEAVE_GROUP, &w, timeout, &resp, &n, err,
                        sizeof err);
    kw_free(&w);
    int16_t code = 0;
    if (rc == 0) rc = ga_leave_group_decode(resp, n, &code, err, sizeof err);
    free(resp);
    if (rc != 0)
        LOG_WARN(GM_LOGGER, PFX "LeaveGroup failed: %s", PFX_ARGS, err);
    else if (code != 0)
        LOG_WARN(GM_LOGGER, PFX "LeaveGroup answered %s (%d)", PFX_ARGS, ga_error_name(code),
                 (int)code);
    free(m->member_id);
    m->member_id = xstrdup("");
    m->generation = -1;
    atomic_store(&m->public_generation, -1);
}
