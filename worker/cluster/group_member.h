/*
 * Membership of the Connect worker group through Kafka's own group
 * coordinator (KIP-415 style "connect" groups). librdkafka has no public
 * API for a custom group protocol, so this speaks FindCoordinator,
 * JoinGroup, SyncGroup, Heartbeat and LeaveGroup itself on one connection
 * to the coordinator (codec: kafka/group_api.h, transport:
 * kafka/broker_conn.h).
 *
 * Threads: group_member_start() runs one thread ("cd-group") that owns the
 * connection: it finds the coordinator, joins, syncs, heartbeats every
 * heartbeat.interval.ms and rejoins when the coordinator says a rebalance
 * is in progress or when group_member_request_rejoin() asks. Every callback
 * runs on that thread; a callback must not block for long except `assign`
 * (the leader may read the config topic there, within rebalance.timeout.ms).
 */
#ifndef CONNECTD_CLUSTER_GROUP_MEMBER_H
#define CONNECTD_CLUSTER_GROUP_MEMBER_H

#include <connectd/config.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct group_member group_member_t;

/* One protocol offered in JoinGroup (name + opaque metadata bytes). */
typedef struct group_protocol {
    char *name;        /* malloc'd */
    uint8_t *metadata; /* malloc'd */
    size_t len;
} group_protocol_t;

/* A member of the group as the leader sees it in the JoinGroup response. */
typedef struct group_member_info {
    const char *member_id;
    const uint8_t *metadata; /* the metadata of the chosen protocol */
    size_t len;
} group_member_info_t;

typedef struct group_member_callbacks {
    void *opaque;
    /* Before each JoinGroup: the protocols to offer, in preference order.
     * Fill out[0..max-1] with malloc'd fields (the member frees them) and
     * return how many. */
    size_t (*metadata)(void *opaque, group_protocol_t *out, size_t max);
    /* Leader only, after JoinGroup: compute every member's assignment.
     * members[] includes the leader itself (leader_id). Fill out_data[i] /
     * out_len[i] (malloc'd, the member frees them) for members[i]. Return 0,
     * or -1 to abandon this round (the member rejoins). */
    int (*assign)(void *opaque, const char *protocol, const char *leader_id, int32_t generation,
                  const group_member_info_t *members, size_t n, uint8_t **out_data,
                  size_t *out_len);
    /* Every member, after a successful SyncGroup. data is borrowed. */
    void (*assigned)(void *opaque, const char *protocol, int32_t generation,
                     const char *member_id, const char *leader_id, const uint8_t *data,
                     size_t len);
    /* A rebalance began: the member is about to (re)join. With incremental
     * cooperative protocols work keeps running meanwhile. Optional. */
    void (*rebalance_started)(void *opaque);
    /* Membership was lost (session expired, fenced, coordinator says the
     * member id or generation is unknown): this member's assignment is no
     * longer its own; it rejoins as a new member. Optional. */
    void (*lost)(void *opaque);
} group_member_callbacks_t;

typedef struct group_member_config {
    const char *bootstrap;        /* "host:port[,host:port...]" */
    const char *group_id;
    const char *client_id;        /* e.g. "connect-cluster-1" */
    const char *protocol_type;    /* "connect" */
    int session_timeout_ms;       /* session.timeout.ms (10000) */
    int rebalance_timeout_ms;     /* rebalance.timeout.ms (60000) */
    int heartbeat_interval_ms;    /* heartbeat.interval.ms (3000) */
    int request_timeout_ms;       /* request.timeout.ms (40000) */
    int retry_backoff_ms;         /* retry.backoff.ms (100) */
    /* Worker properties: security.protocol and its ssl.* / sasl.* keys.
     * Borrowed; outlives the member. */
    const cd_props_t *worker_props;
} group_member_config_t;

/* Copies cfg strings. NULL with err filled when the config cannot work
 * (e.g. an unsupported security.protocol). */
group_member_t *group_member_new(const group_member_config_t *cfg,
                                 const group_member_callbacks_t *cb, char *err, size_t errlen);
/* Start the member thread. 0 or -1. */
int group_member_start(group_member_t *m);
/* Ask for a rebalance: the member rejoins as soon as possible (delay_ms 0)
 * or after delay_ms (a scheduled rebalance). Any thread. */
void group_member_request_rejoin(group_member_t *m, int delay_ms);
/* The current member id and generation (for status records); -1 before
 * the first successful sync. Any thread. */
int32_t group_member_generation(group_member_t *m);
/* Send LeaveGroup (so the others rebalance at once rather than after the
 * session timeout) and stop the thread. No callback runs after it returns.
 * Idempotent. */
void group_member_leave(group_member_t *m);
/* Leaves if still in the group, then frees. NULL is fine. */
void group_member_destroy(group_member_t *m);

#endif
