/*
 * The leader's incremental cooperative assignor (Kafka's
 * IncrementalCooperativeAssignor, KIP-415; reference §6.5): given what each
 * member holds now and what is configured, it says what each member must
 * stop (revoked) and what it starts (assigned), keeping work in place where
 * it can. Work moving between members is revoked in one round and assigned
 * in the next (members that revoke rejoin at once), so no task ever runs
 * twice. Lost work (held by members that vanished) waits for
 * scheduled.rebalance.max.delay.ms before being reassigned; connectd's
 * default for that delay is 0: reassign at once.
 *
 * Pure logic, no I/O: unit-tested on its own. Not thread-safe; the leader
 * calls it from the group thread only.
 */
#ifndef CONNECTD_CLUSTER_ASSIGNOR_H
#define CONNECTD_CLUSTER_ASSIGNOR_H

#include <stddef.h>
#include <stdint.h>

#include "cluster/connect_protocol.h"

typedef struct assignor assignor_t;

typedef struct assignor_member {
    const char *member_id;
    const connect_work_t *owned; /* what the member runs now (its metadata allocation) */
    size_t n_owned;
} assignor_member_t;

/* Configured work: connectors and their committed task counts. */
typedef struct assignor_connector {
    const char *name;
    int n_tasks;
} assignor_connector_t;

/* What one member gets this round (fields owned by the result). */
typedef struct assignor_result {
    connect_work_t *assigned;
    size_t n_assigned;
    connect_work_t *revoked;
    size_t n_revoked;
    int32_t delay_ms;
} assignor_result_t;

assignor_t *assignor_new(int max_delay_ms);
void assignor_destroy(assignor_t *a);

/* One round. generation: the generation being assigned; now_ms: a
 * monotonic clock. out[i] is for members[i]; release with
 * assignor_result_clear. Returns 0. */
int assignor_assign(assignor_t *a, int32_t generation, int64_t now_ms,
                    const assignor_member_t *members, size_t n_members,
                    const assignor_connector_t *connectors, size_t n_connectors,
                    assignor_result_t *out);
void assignor_result_clear(assignor_result_t *r);

#endif
