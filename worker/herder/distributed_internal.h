/*
 * The distributed herder's state, shared by its files:
 *   distributed.c        lifecycle, the herder thread, config listener
 *   distributed_group.c  group callbacks: metadata, leader assignment, assignments
 *   distributed_work.c   what this worker runs: assignments applied, instances
 *                        reconciled with the config snapshot, task configs
 *                        published, restarts, statuses written
 *   distributed_ops.c    the REST operations (herder_ops_t)
 *
 * Threads: the herder thread ("cd-herder") alone owns `owned` (what this
 * worker runs); the group thread calls distributed_group.c; the config
 * log thread calls the listener; REST threads call the ops. Fields marked
 * [lock] are guarded by dh->lock.
 */
#ifndef CONNECTD_HERDER_DISTRIBUTED_INTERNAL_H
#define CONNECTD_HERDER_DISTRIBUTED_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cluster/assignor.h"
#include "cluster/connect_protocol.h"
#include "cluster/group_member.h"
#include "herder/distributed.h"
#include "store/config_store.h"
#include "store/status_store.h"

#define LOGGER "org.apache.kafka.connect.runtime.distributed.DistributedHerder"

/* One connector instance (task -1) or task this worker was assigned. */
typedef struct owned {
    char *connector;
    int task;
    bool started;           /* handed to the worker (it may have failed since) */
    cd_props_t *config;     /* the config it was started with */
    target_state_t applied; /* the target state it runs under */
    bool reconfigure;       /* connector: task configs to (re)generate */
    int64_t published_ms;   /* connector: when it last published task configs */
    char *last_state;       /* last state written to the status topic */
    char **topics_published; /* KIP-558 topics already in the status topic */
    size_t n_topics_published;
    struct owned *next;
} owned_t;

/* A restart the herder thread must carry out on its own instances. */
typedef struct restart_req {
    char *connector;
    int task;           /* >= 0: that task only; -1: the connector only; -2: per the flags */
    bool include_tasks;
    bool only_failed;
    struct restart_req *next;
} restart_req_t;

typedef struct distributed_herder {
    herder_t base;
    worker_t *worker;
    const plugin_registry_t *registry;
    const cd_props_t *wp;
    char *worker_id;
    char *url;
    char *cluster_id;
    config_store_t *configs;
    status_store_t *statuses;
    group_member_t *member;
    assignor_t *assignor; /* group thread only */
    int sync_timeout_ms;  /* worker.sync.timeout.ms */
    int rest_wait_ms;     /* how long a REST write waits for a rebalance to end */
    bool offer_sessioned; /* connect.protocol=sessioned */

    pthread_mutex_t lock;
    pthread_cond_t wake;   /* [lock] the herder thread has something to do */
    pthread_cond_t stable; /* [lock] a rebalance ended */
    pthread_t thread;
    bool thread_started;
    bool stopping;                /* [lock] */
    connect_assignment_t *pending; /* [lock] the newest assignment, not yet applied */
    bool rebalancing;             /* [lock] between a rebalance start and its assignment applied */
    bool joined;                  /* [lock] an assignment has been applied */
    bool lost;                    /* [lock] membership lost: stop everything */
    bool config_changed;          /* [lock] */
    char *member_id;              /* [lock] */
    char *leader_id;              /* [lock] */
    char *leader_url;             /* [lock] */
    bool is_leader;               /* [lock] */
    int32_t generation;           /* [lock] */
    int16_t protocol_version;     /* [lock] 1 compatible, 2 sessioned */
    restart_req_t *restarts;      /* [lock] */
    connect_work_t *held;         /* [lock] what this worker runs, for its JoinGroup metadata */
    size_t n_held;
    char *assigned_signature;     /* [lock] leader: the configured work of its last assignment */
    char *rejoin_signature;       /* [lock] leader: the signature it last asked a rebalance for */

    owned_t *owned; /* herder thread only */
} distributed_herder_t;

/* "-<n>" for task n, "" for the connector (-1): log names as "c-0" / "c". */
typedef struct dh_task_suffix {
    char s[16];
} dh_task_suffix_t;
static inline dh_task_suffix_t dh_task_suffix(int task) {
    dh_task_suffix_t r = {""};
    if (task >= 0) snprintf(r.s, sizeof r.s, "-%d", task);
    return r;
}
#define DH_TASK_SUFFIX(task) (dh_task_suffix(task))

/* distributed_group.c */
extern const group_member_callbacks_t dh_group_callbacks_template;
/* "name:tasks;..." of the configured work, to see when it changes. */
char *dh_work_signature(const config_snapshot_t *snap);

/* distributed_work.c (herder thread) */
void dh_apply_assignment(distributed_herder_t *dh, connect_assignment_t *a);
void dh_reconcile(distributed_herder_t *dh, const config_snapshot_t *snap);
void dh_run_restarts(distributed_herder_t *dh, restart_req_t *list);
void dh_write_statuses(distributed_herder_t *dh, const config_snapshot_t *snap);
void dh_stop_all(distributed_herder_t *dh, bool write_unassigned);
bool dh_owns(distributed_herder_t *dh, const char *connector, int task);

/* distributed.c */
const cd_plugin_desc_t *dh_find_plugin(distributed_herder_t *dh, const cd_props_t *config);
int64_t dh_now_ms(void);
void dh_queue_restart(distributed_herder_t *dh, const char *connector, int task,
                      bool include_tasks, bool only_failed);
/* Write a status record for an instance of this worker. */
void dh_put_status(distributed_herder_t *dh, const char *connector, int task, const char *state,
                   const char *trace, const cd_plugin_desc_t *desc, bool safe);

/* distributed_ops.c */
extern const herder_ops_t dh_ops;

#endif
