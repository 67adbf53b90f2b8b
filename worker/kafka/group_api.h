/*
 * Codec for the classic group-membership APIs that cluster/group_member.c
 * speaks, plus the SASL/PLAIN handshake that kafka/broker_conn.c needs:
 *
 *   FindCoordinator v2  (api 10)   JoinGroup v5   (api 11)
 *   Heartbeat v3        (api 12)   LeaveGroup v3  (api 13)
 *   SyncGroup v3        (api 14)   SaslHandshake v1 (api 17)
 *   SaslAuthenticate v2 (api 36, flexible)
 *
 * These are the newest non-flexible versions of the group APIs; Kafka 4.x
 * brokers accept them (KIP-896 only dropped JoinGroup v0-1 and the like).
 * JoinGroup v5 uses the KIP-394 flow: the first join (empty member id) is
 * answered MEMBER_ID_REQUIRED with the member id to join with.
 *
 * Encoders write the request body only (broker_conn adds the header).
 * Decoders take the response body (header stripped), fill a struct whose
 * strings and byte arrays are malloc'd copies, and return -1 with err
 * filled on any malformed or truncated input (nothing to free then).
 */
#ifndef CONNECTD_KAFKA_GROUP_API_H
#define CONNECTD_KAFKA_GROUP_API_H

#include <stddef.h>
#include <stdint.h>

#include "kafka/kafka_wire.h"

enum {
    GA_API_FIND_COORDINATOR = 10,
    GA_API_JOIN_GROUP = 11,
    GA_API_HEARTBEAT = 12,
    GA_API_LEAVE_GROUP = 13,
    GA_API_SYNC_GROUP = 14,
    GA_API_SASL_HANDSHAKE = 17,
    GA_API_SASL_AUTHENTICATE = 36,
};

enum {
    GA_V_FIND_COORDINATOR = 2,
    GA_V_JOIN_GROUP = 5,
    GA_V_HEARTBEAT = 3,
    GA_V_LEAVE_GROUP = 3,
    GA_V_SYNC_GROUP = 3,
    GA_V_SASL_HANDSHAKE = 1,
    GA_V_SASL_AUTHENTICATE = 2, /* flexible: request header v2, response header v1 */
};

/* Kafka error codes this client reacts to (protocol "Error Codes" table). */
enum {
    GA_ERR_NONE = 0,
    GA_ERR_COORDINATOR_LOAD_IN_PROGRESS = 14,
    GA_ERR_COORDINATOR_NOT_AVAILABLE = 15,
    GA_ERR_NOT_COORDINATOR = 16,
    GA_ERR_ILLEGAL_GENERATION = 22,
    GA_ERR_INCONSISTENT_GROUP_PROTOCOL = 23,
    GA_ERR_INVALID_GROUP_ID = 24,
    GA_ERR_UNKNOWN_MEMBER_ID = 25,
    GA_ERR_INVALID_SESSION_TIMEOUT = 26,
    GA_ERR_REBALANCE_IN_PROGRESS = 27,
    GA_ERR_GROUP_AUTHORIZATION_FAILED = 30,
    GA_ERR_UNSUPPORTED_VERSION = 35,
    GA_ERR_UNSUPPORTED_SASL_MECHANISM = 33,
    GA_ERR_ILLEGAL_SASL_STATE = 34,
    GA_ERR_SASL_AUTHENTICATION_FAILED = 58,
    GA_ERR_MEMBER_ID_REQUIRED = 79,
    GA_ERR_GROUP_MAX_SIZE_REACHED = 81,
    GA_ERR_FENCED_INSTANCE_ID = 82,
};

/* "REBALANCE_IN_PROGRESS" for 27 etc.; "UNKNOWN" for codes not listed. */
const char *ga_error_name(int16_t code);

/* ---- FindCoordinator v2 ---- */
void ga_find_coordinator_encode(kw_writer_t *w, const char *key, int8_t key_type);
typedef struct ga_find_coordinator_resp {
    int32_t throttle_ms;
    int16_t error;
    char *error_message; /* may be NULL */
    int32_t node_id;
    char *host;
    int32_t port;
} ga_find_coordinator_resp_t;
int ga_find_coordinator_decode(const uint8_t *p, size_t n, ga_find_coordinator_resp_t *out,
                               char *err, size_t errlen);
void ga_find_coordinator_free(ga_find_coordinator_resp_t *r);

/* ---- JoinGroup v5 ---- */
typedef struct ga_protocol {
    const char *name;
    const uint8_t *metadata;
    size_t len;
} ga_protocol_t;
typedef struct ga_join_group_req {
    const char *group_id;
    int32_t session_timeout_ms;
    int32_t rebalance_timeout_ms;
    const char *member_id;         /* "" on the first join */
    const char *group_instance_id; /* NULL: dynamic membership */
    const char *protocol_type;
    const ga_protocol_t *protocols;
    size_t n_protocols;
} ga_join_group_req_t;
void ga_join_group_encode(kw_writer_t *w, const ga_join_group_req_t *req);

typedef struct ga_join_member {
    char *member_id;
    char *group_instance_id; /* may be NULL */
    uint8_t *metadata;       /* malloc'd (non-NULL even when len is 0) */
    size_t len;
} ga_join_member_t;
typedef struct ga_join_group_resp {
    int32_t throttle_ms;
    int16_t error;
    int32_t generation;
    char *protocol_name;
    char *leader;
    char *member_id;
    ga_join_member_t *members; /* only the leader gets members */
    size_t n_members;
} ga_join_group_resp_t;
int ga_join_group_decode(const uint8_t *p, size_t n, ga_join_group_resp_t *out, char *err,
                         size_t errlen);
void ga_join_group_free(ga_join_group_resp_t *r);

/* ---- SyncGroup v3 ---- */
typedef struct ga_assignment {
    const char *member_id;
    const uint8_t *data;
    size_t len;
} ga_assignment_t;
void ga_sync_group_encode(kw_writer_t *w, const char *group_id, int32_t generation,
                          const char *member_id, const char *group_instance_id,
                          const ga_assignment_t *assignments, size_t n);
typedef struct ga_sync_group_resp {
    int32_t throttle_ms;
    int16_t error;
    uint8_t *assignment; /* malloc'd (non-NULL even when len is 0) */
    size_t len;
} ga_sync_group_resp_t;
int ga_sync_group_decode(const uint8_t *p, size_t n, ga_sync_group_resp_t *out, char *err,
                         size_t errlen);
void ga_sync_group_free(ga_sync_group_resp_t *r);

/* ---- Heartbeat v3 ---- */
void ga_heartbeat_encode(kw_writer_t *w, const char *group_id, int32_t generation,
                         const char *member_id, const char *group_instance_id);
/* The response is throttle_time_ms + error_code. */
int ga_heartbeat_decode(const uint8_t *p, size_t n, int16_t *error, char *err, size_t errlen);

/* ---- LeaveGroup v3 (one member, dynamic membership) ---- */
void ga_leave_group_encode(kw_writer_t *w, const char *group_id, const char *member_id,
                           const char *group_instance_id);
/* *error is the top-level error, else the first member's error. */
int ga_leave_group_decode(const uint8_t *p, size_t n, int16_t *error, char *err, size_t errlen);

/* ---- SaslHandshake v1 / SaslAuthenticate v2 ---- */
void ga_sasl_handshake_encode(kw_writer_t *w, const char *mechanism);
/* *mechanisms: the broker's enabled mechanisms joined with ", " (malloc'd). */
int ga_sasl_handshake_decode(const uint8_t *p, size_t n, int16_t *error, char **mechanisms,
                             char *err, size_t errlen);
void ga_sasl_authenticate_encode(kw_writer_t *w, const uint8_t *auth, size_t len);
typedef struct ga_sasl_auth_resp {
    int16_t error;
    char *error_message; /* may be NULL */
    int64_t session_lifetime_ms;
} ga_sasl_auth_resp_t;
int ga_sasl_authenticate_decode(const uint8_t *p, size_t n, ga_sasl_auth_resp_t *out, char *err,
                                size_t errlen);
void ga_sasl_auth_resp_free(ga_sasl_auth_resp_t *r);

#endif
