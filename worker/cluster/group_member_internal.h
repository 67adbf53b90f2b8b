/*
 * The member's state, shared by group_member.c (public API, thread loop)
 * and group_session.c (the protocol steps against the coordinator).
 * Fields under "member thread only" are touched by the cd-group thread
 * alone; the rest are immutable after group_member_new() or guarded by mu.
 */
#ifndef CONNECTD_CLUSTER_GROUP_MEMBER_INTERNAL_H
#define CONNECTD_CLUSTER_GROUP_MEMBER_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "cluster/group_member.h"
#include "kafka/broker_conn.h"

#define GM_LOGGER "org.apache.kafka.connect.runtime.distributed.WorkerGroupMember"

struct group_member {
    /* configuration */
    char *group_id;
    char *client_id;
    char *protocol_type;
    char **boot_hosts;
    int *boot_ports;
    size_t n_boot;
    int session_timeout_ms;
    int rebalance_timeout_ms;
    int heartbeat_interval_ms;
    int request_timeout_ms;
    int retry_backoff_ms;
    broker_security_t sec;
    group_member_callbacks_t cb;

    /* shared, under mu */
    pthread_mutex_t mu;
    pthread_cond_t cv; /* CLOCK_MONOTONIC */
    bool stop;
    int64_t rejoin_at_ms; /* 0: no rejoin requested */
    bool started;
    bool joined; /* the thread was joined (or never started) */
    pthread_t thread;
    /* Written once by group_member_leave(): every network wait of the
     * thread watches cancel[0], so a JoinGroup blocked on the broker ends
     * at once. */
    int cancel[2];
    _Atomic int32_t public_generation;

    /* member thread only */
    broker_conn_t *coord;
    char *coord_host; /* last known coordinator, kept for LeaveGroup */
    int coord_port;
    char *member_id; /* "" when not a member */
    int32_t generation;
    bool have_assignment; /* an `assigned` callback ran and no `lost` since */
    size_t next_boot;
};

/* What a protocol step asks the thread loop to do next. */
typedef enum gm_step {
    GM_OK,          /* done */
    GM_RETRY_NOW,   /* join again at once (new member id, rebalance under way) */
    GM_REJOIN,      /* heartbeat: the group is rebalancing or the membership was lost */
    GM_RETRY_LATER, /* retry after retry.backoff.ms */
    GM_COORDINATOR, /* the coordinator moved or the connection broke: rediscover */
    GM_FATAL,       /* the coordinator refused the group config: retry slowly */
    GM_STOPPED,     /* group_member_leave() interrupted the step */
} gm_step_t;

int64_t gm_now_ms(void);
bool gm_stopping(group_member_t *m);
/* Forget the member id and generation; calls `lost` when an assignment
 * was held. */
void gm_reset_membership(group_member_t *m, const char *why);
void gm_close_coordinator(group_member_t *m);

/* group_session.c */
gm_step_t gm_find_coordinator(group_member_t *m);
gm_step_t gm_join_and_sync(group_member_t *m);
gm_step_t gm_heartbeat(group_member_t *m);
void gm_send_leave(group_member_t *m);

/* group_keepalive.c: heartbeat on m->coord from a helper thread while the
 * member thread runs the leader's `assign` callback. NULL when there is
 * no connection. stop returns false when the connection broke (the
 * caller closes it). */
typedef struct gm_keepalive gm_keepalive_t;
gm_keepalive_t *gm_keepalive_start(group_member_t *m);
bool gm_keepalive_stop(gm_keepalive_t *k);

#endif
