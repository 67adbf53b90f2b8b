/*
 * Connect's group-protocol payloads (Kafka's ConnectProtocol and
 * IncrementalCooperativeConnectProtocol): the member metadata each worker
 * sends in JoinGroup and the assignment the leader returns in SyncGroup.
 * Versions: 0 ("default", eager), 1 ("compatible"), 2 ("sessioned"); v2 is
 * v1's bytes with another version number. Big-endian Kafka primitives.
 */
#ifndef CONNECTD_CLUSTER_CONNECT_PROTOCOL_H
#define CONNECTD_CLUSTER_CONNECT_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONNECT_PROTOCOL_EAGER "default"
#define CONNECT_PROTOCOL_COMPATIBLE "compatible"
#define CONNECT_PROTOCOL_SESSIONED "sessioned"

#define CONNECT_ASSIGNMENT_NO_ERROR 0
#define CONNECT_ASSIGNMENT_CONFIG_MISMATCH 1

/* A connector instance (task == -1) or task `task` of `connector`. */
typedef struct connect_work {
    char *connector; /* malloc'd */
    int32_t task;
} connect_work_t;

typedef struct connect_assignment {
    int16_t version;
    int16_t error;
    char *leader;        /* leader's member id */
    char *leader_url;
    int64_t config_offset;
    connect_work_t *assigned; /* newly assigned (v1+) or everything (v0) */
    size_t n_assigned;
    connect_work_t *revoked;  /* v1+ */
    size_t n_revoked;
    int32_t delay_ms;         /* v1+: scheduled rebalance delay */
} connect_assignment_t;

typedef struct connect_member_metadata {
    int16_t version;
    char *url;
    int64_t config_offset;
    /* v1+: the member's current assignment (only assigned[] is meaningful),
     * or NULL when it holds nothing. */
    connect_assignment_t *allocation;
} connect_member_metadata_t;

/* Encode into *out (malloc'd, caller frees). Work items are grouped per
 * connector in the order first seen, the connector (-1) before its tasks.
 * Return 0. */
int connect_metadata_encode(const connect_member_metadata_t *m, uint8_t **out, size_t *len);
int connect_assignment_encode(const connect_assignment_t *a, uint8_t **out, size_t *len);
/* Decode; -1 with err filled on truncated or malformed input. Missing
 * trailing v1 fields read as null/0 (Kafka's tolerance). Free with _clear. */
int connect_metadata_decode(const uint8_t *buf, size_t len, connect_member_metadata_t *out,
                            char *err, size_t errlen);
int connect_assignment_decode(const uint8_t *buf, size_t len, connect_assignment_t *out,
                              char *err, size_t errlen);
void connect_metadata_clear(connect_member_metadata_t *m);
void connect_assignment_clear(connect_assignment_t *a);

/* Helpers for work lists. */
void connect_work_list_add(connect_work_t **list, size_t *n, const char *connector, int32_t task);
void connect_work_list_free(connect_work_t *list, size_t n);
bool connect_work_list_contains(const connect_work_t *list, size_t n, const char *connector,
                                int32_t task);

#endif
