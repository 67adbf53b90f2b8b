#include "kafka/group_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/mem.h"

const char *ga_error_name(int16_t code) {
    switch (code) {
    case GA_ERR_NONE: return "NONE";
    case GA_ERR_COORDINATOR_LOAD_IN_PROGRESS: return "COORDINATOR_LOAD_IN_PROGRESS";
    case GA_ERR_COORDINATOR_NOT_AVAILABLE: return "COORDINATOR_NOT_AVAILABLE";
    case GA_ERR_NOT_COORDINATOR: return "NOT_COORDINATOR";
    case GA_ERR_ILLEGAL_GENERATION: return "ILLEGAL_GENERATION";
    case GA_ERR_INCONSISTENT_GROUP_PROTOCOL: return "INCONSISTENT_GROUP_PROTOCOL";
    case GA_ERR_INVALID_GROUP_ID: return "INVALID_GROUP_ID";
    case GA_ERR_UNKNOWN_MEMBER_ID: return "UNKNOWN_MEMBER_ID";
    case GA_ERR_INVALID_SESSION_TIMEOUT: return "INVALID_SESSION_TIMEOUT";
    case GA_ERR_REBALANCE_IN_PROGRESS: return "REBALANCE_IN_PROGRESS";
    case GA_ERR_GROUP_AUTHORIZATION_FAILED: return "GROUP_AUTHORIZATION_FAILED";
    case GA_ERR_UNSUPPORTED_SASL_MECHANISM: return "UNSUPPORTED_SASL_MECHANISM";
    case GA_ERR_ILLEGAL_SASL_STATE: return "ILLEGAL_SASL_STATE";
    case GA_ERR_UNSUPPORTED_VERSION: return "UNSUPPORTED_VERSION";
    case GA_ERR_SASL_AUTHENTICATION_FAILED: return "SASL_AUTHENTICATION_FAILED";
    case GA_ERR_MEMBER_ID_REQUIRED: return "MEMBER_ID_REQUIRED";
    case GA_ERR_GROUP_MAX_SIZE_REACHED: return "GROUP_MAX_SIZE_REACHED";
    case GA_ERR_FENCED_INSTANCE_ID: return "FENCED_INSTANCE_ID";
    default: return "UNKNOWN";
    }
}

/* A decoder's verdict: the whole body must have been read, as a response
 * longer than its fields means the version was misread. */
static int finish(kw_reader_t *r, const char *what, char *err, size_t errlen) {
    if (!kr_ok(r)) {
        snprintf(err, errlen, "malformed %s response (truncated or invalid at byte %zu)", what,
                 r->pos);
        return -1;
    }
    if (kr_remaining(r) != 0) {
        snprintf(err, errlen, "malformed %s response (%zu unexpected trailing bytes)", what,
                 kr_remaining(r));
        return -1;
    }
    return 0;
}

static uint8_t *dup_bytes(const uint8_t *p, size_t n) {
    uint8_t *d = xmalloc(n ? n : 1);
    if (n) memcpy(d, p, n);
    return d;
}

/* ---- FindCoordinator v2: key STRING, key_type INT8 ---- */

void ga_find_coordinator_encode(kw_writer_t *w, const char *key, int8_t key_type) {
    kw_string(w, key);
    kw_i8(w, key_type);
}

int ga_find_coordinator_decode(const uint8_t *p, size_t n, ga_find_coordinator_resp_t *out,
                               char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    kw_reader_t r;
    kr_init(&r, p, n);
    kr_i32(&r, &out->throttle_ms);
    kr_i16(&r, &out->error);
    kr_nullable_string(&r, &out->error_message);
    kr_i32(&r, &out->node_id);
    kr_string(&r, &out->host);
    kr_i32(&r, &out->port);
    if (finish(&r, "FindCoordinator", err, errlen)) {
        ga_find_coordinator_free(out);
        return -1;
    }
    return 0;
}

void ga_find_coordinator_free(ga_find_coordinator_resp_t *r) {
    if (!r) return;
    free(r->error_message);
    free(r->host);
    memset(r, 0, sizeof *r);
}

/* ---- JoinGroup v5 ---- */

void ga_join_group_encode(kw_writer_t *w, const ga_join_group_req_t *req) {
    kw_string(w, req->group_id);
    kw_i32(w, req->session_timeout_ms);
    kw_i32(w, req->rebalance_timeout_ms);
    kw_string(w, req->member_id);
    kw_nullable_string(w, req->group_instance_id);
    kw_string(w, req->protocol_type);
    kw_array_len(w, (int32_t)req->n_protocols);
    for (size_t i = 0; i < req->n_protocols; i++) {
        kw_string(w, req->protocols[i].name);
        kw_bytes(w, req->protocols[i].metadata, req->protocols[i].len);
    }
}

int ga_join_group_decode(const uint8_t *p, size_t n, ga_join_group_resp_t *out, char *err,
                         size_t errlen) {
    memset(out, 0, sizeof *out);
    kw_reader_t r;
    kr_init(&r, p, n);
    kr_i32(&r, &out->throttle_ms);
    kr_i16(&r, &out->error);
    kr_i32(&r, &out->generation);
    kr_string(&r, &out->protocol_name);
    kr_string(&r, &out->leader);
    kr_string(&r, &out->member_id);
    int32_t count;
    /* member: member_id (2) + group_instance_id (2) + metadata (4) at least */
    if (kr_array_len(&r, false, 8, &count) == 0 && count > 0) {
        out->members = xcalloc((size_t)count, sizeof *out->members);
        for (int32_t i = 0; i < count && kr_ok(&r); i++) {
            ga_join_member_t *m = &out->members[i];
            out->n_members = (size_t)i + 1;
            const uint8_t *md;
            kr_string(&r, &m->member_id);
            kr_nullable_string(&r, &m->group_instance_id);
            if (kr_bytes(&r, &md, &m->len) == 0) m->metadata = dup_bytes(md, m->len);
        }
    }
    if (finish(&r, "JoinGroup", err, errlen)) {
        ga_join_group_free(out);
        return -1;
    }
    return 0;
}

void ga_join_group_free(ga_join_group_resp_t *r) {
    if (!r) return;
    free(r->protocol_name);
    free(r->leader);
    free(r->member_id);
    for (size_t i = 0; i < r->n_members; i++) {
        free(r->members[i].member_id);
        free(r->members[i].group_instance_id);
        free(r->members[i].metadata);
    }
    free(r->members);
    memset(r, 0, sizeof *r);
}

/* ---- SyncGroup v3 ---- */

void ga_sync_group_encode(kw_writer_t *w, const char *group_id, int32_t generation,
                          const char *member_id, const char *group_instance_id,
                          const ga_assignment_t *assignments, size_t n) {
    kw_string(w, group_id);
    kw_i32(w, generation);
    kw_string(w, member_id);
    kw_nullable_string(w, group_instance_id);
    kw_array_len(w, (int32_t)n);
    for (size_t i = 0; i < n; i++) {
        kw_string(w, assignments[i].member_id);
        kw_bytes(w, assignments[i].data, assignments[i].len);
    }
}

int ga_sync_group_decode(const uint8_t *p, size_t n, ga_sync_group_resp_t *out, char *err,
                         size_t errlen) {
    memset(out, 0, sizeof *out);
    kw_reader_t r;
    kr_init(&r, p, n);
    const uint8_t *a;
    kr_i32(&r, &out->throttle_ms);
    kr_i16(&r, &out->error);
    if (kr_bytes(&r, &a, &out->len) == 0) out->assignment = dup_bytes(a, out->len);
    if (finish(&r, "SyncGroup", err, errlen)) {
        ga_sync_group_free(out);
        return -1;
    }
    return 0;
}

void ga_sync_group_free(ga_sync_group_resp_t *r) {
    if (!r) return;
    free(r->assignment);
    memset(r, 0, sizeof *r);
}

/* ---- Heartbeat v3 ---- */

void ga_heartbeat_encode(kw_writer_t *w, const char *group_id, int32_t generation,
                         const char *member_id, const char *group_instance_id) {
    kw_string(w, group_id);
    kw_i32(w, generation);
    kw_string(w, member_id);
    kw_nullable_string(w, group_instance_id);
}

int ga_heartbeat_decode(const uint8_t *p, size_t n, int16_t *error, char *err, size_t errlen) {
    kw_reader_t r;
    kr_init(&r, p, n);
    int32_t throttle;
    kr_i32(&r, &throttle);
    kr_i16(&r, error);
    return finish(&r, "Heartbeat", err, errlen);
}

/* ---- LeaveGroup v3 ---- */

void ga_leave_group_encode(kw_writer_t *w, const char *group_id, const char *member_id,
                           const char *group_instance_id) {
    kw_string(w, group_id);
    kw_array_len(w, 1);
    kw_string(w, member_id);
    kw_nullable_string(w, group_instance_id);
}

int ga_leave_group_decode(const uint8_t *p, size_t n, int16_t *error, char *err, size_t errlen) {
    kw_reader_t r;
    kr_init(&r, p, n);
    int32_t throttle, count;
    kr_i32(&r, &throttle);
    kr_i16(&r, error);
    /* member: member_id (2) + group_instance_id (2) + error_code (2) */
    kr_array_len(&r, false, 6, &count);
    for (int32_t i = 0; i < count && kr_ok(&r); i++) {
        char *id = NULL, *inst = NULL;
        int16_t merr = 0;
        kr_string(&r, &id);
        kr_nullable_string(&r, &inst);
        kr_i16(&r, &merr);
        if (*error == 0 && merr != 0) *error = merr;
        free(id);
        free(inst);
    }
    return finish(&r, "LeaveGroup", err, errlen);
}

/* ---- SaslHandshake v1 / SaslAuthenticate v2 ---- */

void ga_sasl_handshake_encode(kw_writer_t *w, const char *mechanism) { kw_string(w, mechanism); }

int ga_sasl_handshake_decode(const uint8_t *p, size_t n, int16_t *error, char **mechanisms,
                             char *err, size_t errlen) {
    *mechanisms = NULL;
    kw_reader_t r;
    kr_init(&r, p, n);
    int32_t count;
    kr_i16(&r, error);
    kr_array_len(&r, false, 2, &count);
    buf_t names;
    buf_init(&names);
    buf_append_str(&names, "");
    for (int32_t i = 0; i < count && kr_ok(&r); i++) {
        char *s = NULL;
        if (kr_string(&r, &s) == 0) buf_appendf(&names, "%s%s", i ? ", " : "", s);
        free(s);
    }
    if (finish(&r, "SaslHandshake", err, errlen)) {
        buf_free(&names);
        return -1;
    }
    *mechanisms = buf_steal(&names);
    return 0;
}

void ga_sasl_authenticate_encode(kw_writer_t *w, const uint8_t *auth, size_t len) {
    kw_compact_bytes(w, auth, len);
    kw_empty_tags(w);
}

int ga_sasl_authenticate_decode(const uint8_t *p, size_t n, ga_sasl_auth_resp_t *out, char *err,
                                size_t errlen) {
    memset(out, 0, sizeof *out);
    kw_reader_t r;
    kr_init(&r, p, n);
    const uint8_t *auth;
    size_t auth_len;
    kr_i16(&r, &out->error);
    kr_compact_nullable_string(&r, &out->error_message);
    kr_compact_bytes(&r, &auth, &auth_len);
    kr_i64(&r, &out->session_lifetime_ms);
    kr_skip_tags(&r);
    if (finish(&r, "SaslAuthenticate", err, errlen)) {
        ga_sasl_auth_resp_free(out);
        return -1;
    }
    return 0;
}

void ga_sasl_auth_resp_free(ga_sasl_auth_resp_t *r) {
    if (!r) return;
    free(r->error_message);
    memset(r, 0, sizeof *r);
}
