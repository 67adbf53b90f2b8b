/*
 * The distributed herder's side of group membership (Kafka's
 * WorkerCoordinator): the metadata a worker offers when it joins, the
 * leader's assignment (config offsets checked, then the incremental
 * cooperative assignor), and assignments handed to the herder thread.
 * Runs on the group thread.
 */
#include "herder/distributed_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log/log.h"
#include "util/buf.h"
#include "util/mem.h"

char *dh_work_signature(const config_snapshot_t *snap) {
    buf_t b;
    buf_init(&b);
    for (size_t i = 0; i < snap->n; i++)
        buf_appendf(&b, "%s:%d;", snap->connectors[i].name, snap->connectors[i].n_tasks);
    char *s = b.len ? buf_steal(&b) : xstrdup("");
    buf_free(&b);
    return s;
}

static size_t on_metadata(void *opaque, group_protocol_t *out, size_t max) {
    distributed_herder_t *dh = opaque;
    connect_assignment_t alloc = {0};
    pthread_mutex_lock(&dh->lock);
    /* What this worker holds, counting an assignment the herder thread has
     * not applied yet: reporting less would make the leader hand it out
     * twice. */
    const connect_assignment_t *p = dh->pending;
    for (size_t i = 0; i < dh->n_held; i++)
        if (!p || !connect_work_list_contains(p->revoked, p->n_revoked, dh->held[i].connector,
                                              dh->held[i].task))
            connect_work_list_add(&alloc.assigned, &alloc.n_assigned, dh->held[i].connector,
                                  dh->held[i].task);
    for (size_t i = 0; p && i < p->n_assigned; i++)
        if (!connect_work_list_contains(alloc.assigned, alloc.n_assigned, p->assigned[i].connector,
                                        p->assigned[i].task))
            connect_work_list_add(&alloc.assigned, &alloc.n_assigned, p->assigned[i].connector,
                                  p->assigned[i].task);
    alloc.leader = xstrdup(dh->leader_id ? dh->leader_id : "");
    alloc.leader_url = xstrdup(dh->leader_url ? dh->leader_url : "");
    pthread_mutex_unlock(&dh->lock);
    alloc.config_offset = config_store_offset(dh->configs);
    size_t n = 0;
    /* Preference order: sessioned (v2), then compatible (v1). */
    for (int16_t version = dh->offer_sessioned ? 2 : 1; version >= 1 && n < max; version--) {
        alloc.version = version;
        connect_member_metadata_t m = {
            .version = version,
            .url = dh->url,
            .config_offset = alloc.config_offset,
            .allocation = alloc.n_assigned ? &alloc : NULL,
        };
        out[n].name = xstrdup(version == 2 ? CONNECT_PROTOCOL_SESSIONED
                                           : CONNECT_PROTOCOL_COMPATIBLE);
        connect_metadata_encode(&m, &out[n].metadata, &out[n].len);
        n++;
    }
    connect_assignment_clear(&alloc);
    return n;
}

static int on_assign(void *opaque, const char *protocol, const char *leader_id,
                     int32_t generation, const group_member_info_t *members, size_t n,
                     uint8_t **out_data, size_t *out_len) {
    distributed_herder_t *dh = opaque;
    int16_t version = strcmp(protocol, CONNECT_PROTOCOL_SESSIONED) == 0 ? 2 : 1;
    connect_member_metadata_t *meta = xcalloc(n ? n : 1, sizeof *meta);
    int64_t max_offset = -1;
    for (size_t i = 0; i < n; i++) {
        char err[256];
        if (connect_metadata_decode(members[i].metadata, members[i].len, &meta[i], err,
                                    sizeof err) != 0) {
            LOG_WARN(LOGGER, "Ignoring the malformed metadata of member %s: %s",
                     members[i].member_id, err);
            memset(&meta[i], 0, sizeof meta[i]);
            continue;
        }
        if (meta[i].config_offset > max_offset) max_offset = meta[i].config_offset;
    }
    /* The leader must have read the config topic at least as far as any
     * member before it assigns (§6.3). */
    if (config_store_offset(dh->configs) < max_offset)
        config_store_refresh(dh->configs, dh->sync_timeout_ms);
    config_snapshot_t *snap = config_store_snapshot(dh->configs);
    bool mismatch = snap->offset < max_offset;

    assignor_result_t *res = xcalloc(n ? n : 1, sizeof *res);
    if (!mismatch) {
        assignor_member_t *am = xcalloc(n ? n : 1, sizeof *am);
        for (size_t i = 0; i < n; i++) {
            am[i].member_id = members[i].member_id;
            if (meta[i].allocation) {
                am[i].owned = meta[i].allocation->assigned;
                am[i].n_owned = meta[i].allocation->n_assigned;
            }
        }
        assignor_connector_t *ac = xcalloc(snap->n ? snap->n : 1, sizeof *ac);
        for (size_t i = 0; i < snap->n; i++) {
            ac[i].name = snap->connectors[i].name;
            ac[i].n_tasks = snap->connectors[i].n_tasks;
        }
        assignor_assign(dh->assignor, generation, dh_now_ms(), am, n, ac, snap->n, res);
        free(ac);
        free(am);
    } else {
        LOG_WARN(LOGGER, "Config topic read to offset %lld, behind a member at %lld: "
                 "asking every member to rejoin", (long long)snap->offset, (long long)max_offset);
    }
    for (size_t i = 0; i < n; i++) {
        connect_assignment_t a = {
            .version = version,
            .error = mismatch ? CONNECT_ASSIGNMENT_CONFIG_MISMATCH : CONNECT_ASSIGNMENT_NO_ERROR,
            .leader = (char *)leader_id,
            .leader_url = dh->url,
            .config_offset = mismatch ? max_offset : snap->offset,
            .assigned = res[i].assigned,
            .n_assigned = res[i].n_assigned,
            .revoked = res[i].revoked,
            .n_revoked = res[i].n_revoked,
            .delay_ms = res[i].delay_ms,
        };
        connect_assignment_encode(&a, &out_data[i], &out_len[i]);
        LOG_INFO(LOGGER, "Generation %d: member %s gets %zu new, %zu revoked%s", generation,
                 members[i].member_id, res[i].n_assigned, res[i].n_revoked,
                 res[i].delay_ms ? " (delayed rebalance scheduled)" : "");
        assignor_result_clear(&res[i]);
        connect_metadata_clear(&meta[i]);
    }
    free(res);
    free(meta);
    if (!mismatch) {
        char *sig = dh_work_signature(snap);
        pthread_mutex_lock(&dh->lock);
        free(dh->assigned_signature);
        dh->assigned_signature = sig;
        free(dh->rejoin_signature);
        dh->rejoin_signature = NULL;
        pthread_mutex_unlock(&dh->lock);
    }
    config_snapshot_destroy(snap);
    return 0;
}

static void on_assigned(void *opaque, const char *protocol, int32_t generation,
                        const char *member_id, const char *leader_id, const uint8_t *data,
                        size_t len) {
    distributed_herder_t *dh = opaque;
    connect_assignment_t *a = xcalloc(1, sizeof *a);
    char err[256];
    if (connect_assignment_decode(data, len, a, err, sizeof err) != 0) {
        LOG_ERROR(LOGGER, "Malformed assignment from leader %s: %s; rejoining", leader_id, err);
        free(a);
        group_member_request_rejoin(dh->member, 0);
        return;
    }
    LOG_INFO(LOGGER,
             "Joined group at generation %d as %s with protocol %s; leader %s (%s); "
             "%zu assigned, %zu revoked",
             generation, member_id, protocol, a->leader, a->leader_url, a->n_assigned,
             a->n_revoked);
    pthread_mutex_lock(&dh->lock);
    if (dh->pending) {
        /* An older assignment not yet applied: fold it in (its revocations
         * and assignments still count). */
        connect_assignment_t *old = dh->pending;
        for (size_t i = 0; i < old->n_revoked; i++)
            if (!connect_work_list_contains(a->revoked, a->n_revoked, old->revoked[i].connector,
                                            old->revoked[i].task))
                connect_work_list_add(&a->revoked, &a->n_revoked, old->revoked[i].connector,
                                      old->revoked[i].task);
        for (size_t i = 0; i < old->n_assigned; i++)
            if (!connect_work_list_contains(a->assigned, a->n_assigned,
                                            old->assigned[i].connector, old->assigned[i].task))
                connect_work_list_add(&a->assigned, &a->n_assigned, old->assigned[i].connector,
                                      old->assigned[i].task);
        connect_assignment_clear(old);
        free(old);
    }
    dh->pending = a;
    free(dh->member_id);
    dh->member_id = xstrdup(member_id);
    dh->generation = generation;
    dh->protocol_version = strcmp(protocol, CONNECT_PROTOCOL_SESSIONED) == 0 ? 2 : 1;
    pthread_cond_signal(&dh->wake);
    pthread_mutex_unlock(&dh->lock);
}

static void on_rebalance_started(void *opaque) {
    distributed_herder_t *dh = opaque;
    pthread_mutex_lock(&dh->lock);
    dh->rebalancing = true;
    pthread_mutex_unlock(&dh->lock);
}

static void on_lost(void *opaque) {
    distributed_herder_t *dh = opaque;
    pthread_mutex_lock(&dh->lock);
    dh->lost = true;
    dh->rebalancing = true;
    if (dh->pending) {
        connect_assignment_clear(dh->pending);
        free(dh->pending);
        dh->pending = NULL;
    }
    pthread_cond_signal(&dh->wake);
    pthread_mutex_unlock(&dh->lock);
}

const group_member_callbacks_t dh_group_callbacks_template = {
    .metadata = on_metadata,
    .assign = on_assign,
    .assigned = on_assigned,
    .rebalance_started = on_rebalance_started,
    .lost = on_lost,
};
