/* The group-membership codec against byte vectors written out by hand from
 * the Kafka protocol's field layouts (clients/src/main/resources/common/
 * message/<Api>Request.json etc.): FindCoordinator v2, JoinGroup v5, SyncGroup v3,
 * Heartbeat v3, LeaveGroup v3, SaslHandshake v1, SaslAuthenticate v2. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "kafka/broker_conn.h"
#include "kafka/group_api.h"
#include "kafka/kafka_wire.h"

#define S(lit) (const uint8_t *)(lit), sizeof(lit) - 1
#define LEN(a) (sizeof(a) - 1)

static void assert_bytes(const kw_writer_t *w, const uint8_t *want, size_t n) {
    ck_assert_uint_eq(w->len, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(w->data[i] == want[i], "byte %zu: got %02x want %02x", i, w->data[i],
                      want[i]);
}

/* ---- requests ---- */

START_TEST(find_coordinator_request) {
    kw_writer_t w;
    kw_init(&w);
    ga_find_coordinator_encode(&w, "grp", 0);
    /* key STRING "grp", key_type INT8 0 */
    assert_bytes(&w, S("\x00\x03grp\x00"));
    kw_free(&w);
}
END_TEST

START_TEST(join_group_request) {
    const uint8_t md[] = {1, 2, 3};
    ga_protocol_t p[] = {{"sessioned", md, 3}, {"default", md, 0}};
    ga_join_group_req_t req = {"g", 6000, 10000, "", NULL, "connect", p, 2};
    kw_writer_t w;
    kw_init(&w);
    ga_join_group_encode(&w, &req);
    assert_bytes(&w, S("\x00\x01g"                         /* group_id */
                       "\x00\x00\x17\x70"                  /* session_timeout_ms 6000 */
                       "\x00\x00\x27\x10"                  /* rebalance_timeout_ms 10000 */
                       "\x00\x00"                          /* member_id "" */
                       "\xff\xff"                          /* group_instance_id null */
                       "\x00\x07" "connect"                /* protocol_type */
                       "\x00\x00\x00\x02"                  /* protocols: 2 */
                       "\x00\x09" "sessioned"              /* name */
                       "\x00\x00\x00\x03\x01\x02\x03"      /* metadata */
                       "\x00\x07" "default"
                       "\x00\x00\x00\x00"));
    kw_free(&w);
}
END_TEST

START_TEST(sync_group_request_leader_and_follower) {
    ga_assignment_t a[] = {{"m1", (const uint8_t *)"\x01", 1}, {"m2", (const uint8_t *)"\x02\x03", 2}};
    kw_writer_t w;
    kw_init(&w);
    ga_sync_group_encode(&w, "g", 2, "m1", NULL, a, 2);
    assert_bytes(&w, S("\x00\x01g"
                       "\x00\x00\x00\x02"        /* generation_id */
                       "\x00\x02m1"              /* member_id */
                       "\xff\xff"                /* group_instance_id null */
                       "\x00\x00\x00\x02"        /* assignments: 2 */
                       "\x00\x02m1\x00\x00\x00\x01\x01"
                       "\x00\x02m2\x00\x00\x00\x02\x02\x03"));
    kw_reset(&w);
    ga_sync_group_encode(&w, "g", 2, "m2", NULL, NULL, 0);
    assert_bytes(&w, S("\x00\x01g\x00\x00\x00\x02\x00\x02m2\xff\xff\x00\x00\x00\x00"));
    kw_free(&w);
}
END_TEST

START_TEST(heartbeat_and_leave_requests) {
    kw_writer_t w;
    kw_init(&w);
    ga_heartbeat_encode(&w, "g", 7, "m1", NULL);
    assert_bytes(&w, S("\x00\x01g\x00\x00\x00\x07\x00\x02m1\xff\xff"));
    kw_reset(&w);
    ga_leave_group_encode(&w, "g", "m1", NULL);
    /* group_id, members: [ {member_id, group_instance_id null} ] */
    assert_bytes(&w, S("\x00\x01g\x00\x00\x00\x01\x00\x02m1\xff\xff"));
    kw_free(&w);
}
END_TEST

START_TEST(sasl_requests) {
    kw_writer_t w;
    kw_init(&w);
    ga_sasl_handshake_encode(&w, "PLAIN");
    assert_bytes(&w, S("\x00\x05PLAIN"));
    kw_reset(&w);
    ga_sasl_authenticate_encode(&w, (const uint8_t *)"\0u\0p", 4);
    /* COMPACT_BYTES (uvarint length+1), then an empty tagged-field section */
    assert_bytes(&w, S("\x05\x00u\x00p\x00"));
    kw_free(&w);
}
END_TEST

/* ---- responses ---- */

static const uint8_t FIND_RESP[] = "\x00\x00\x00\x00"      /* throttle_time_ms */
                                   "\x00\x00"              /* error_code */
                                   "\xff\xff"              /* error_message null */
                                   "\x00\x00\x00\x01"      /* node_id */
                                   "\x00\x09" "127.0.0.1"  /* host */
                                   "\x00\x00\x4a\x94";     /* port 19092 */

static const uint8_t JOIN_LEADER_RESP[] = "\x00\x00\x00\x00"        /* throttle */
                                          "\x00\x00"                /* error */
                                          "\x00\x00\x00\x02"        /* generation 2 */
                                          "\x00\x09" "sessioned"    /* protocol_name */
                                          "\x00\x02m1"              /* leader */
                                          "\x00\x02m1"              /* member_id */
                                          "\x00\x00\x00\x02"        /* members: 2 */
                                          "\x00\x02m1\xff\xff\x00\x00\x00\x02\xaa\xbb"
                                          "\x00\x02m2\xff\xff\x00\x00\x00\x00";

static const uint8_t JOIN_MEMBER_ID_REQUIRED[] = "\x00\x00\x00\x00"
                                                 "\x00\x4f"            /* 79 */
                                                 "\xff\xff\xff\xff"    /* generation -1 */
                                                 "\x00\x00"            /* protocol_name "" */
                                                 "\x00\x00"            /* leader "" */
                                                 "\x00\x0d" "connect-1-abc"
                                                 "\x00\x00\x00\x00";   /* no members */

static const uint8_t SYNC_RESP[] = "\x00\x00\x00\x00\x00\x00"
                                   "\x00\x00\x00\x05\x00\x01\x02\x03\x04";

static const uint8_t HEARTBEAT_27[] = "\x00\x00\x00\x00\x00\x1b";

static const uint8_t LEAVE_RESP[] = "\x00\x00\x00\x00\x00\x00"
                                    "\x00\x00\x00\x01"
                                    "\x00\x02m1\xff\xff\x00\x19"; /* member error 25 */

static const uint8_t HANDSHAKE_RESP[] = "\x00\x00\x00\x00\x00\x02"
                                        "\x00\x05PLAIN\x00\x0dSCRAM-SHA-256";

static const uint8_t AUTH_FAIL_RESP[] = "\x00\x3a"                 /* 58 */
                                        "\x05" "nope"              /* compact error_message */
                                        "\x01"                     /* auth_bytes: empty */
                                        "\x00\x00\x00\x00\x00\x00\x00\x00"
                                        "\x00";                    /* no tags */

START_TEST(find_coordinator_response) {
    ga_find_coordinator_resp_t r;
    char err[256];
    ck_assert_int_eq(ga_find_coordinator_decode(FIND_RESP, LEN(FIND_RESP), &r, err, sizeof err), 0);
    ck_assert_int_eq(r.error, 0);
    ck_assert_ptr_null(r.error_message);
    ck_assert_int_eq(r.node_id, 1);
    ck_assert_str_eq(r.host, "127.0.0.1");
    ck_assert_int_eq(r.port, 19092);
    ga_find_coordinator_free(&r);
}
END_TEST

START_TEST(join_group_response_leader_view) {
    ga_join_group_resp_t r;
    char err[256];
    ck_assert_int_eq(ga_join_group_decode(JOIN_LEADER_RESP, LEN(JOIN_LEADER_RESP), &r, err, sizeof err), 0);
    ck_assert_int_eq(r.error, 0);
    ck_assert_int_eq(r.generation, 2);
    ck_assert_str_eq(r.protocol_name, "sessioned");
    ck_assert_str_eq(r.leader, "m1");
    ck_assert_str_eq(r.member_id, "m1");
    ck_assert_uint_eq(r.n_members, 2);
    ck_assert_str_eq(r.members[0].member_id, "m1");
    ck_assert_ptr_null(r.members[0].group_instance_id);
    ck_assert_uint_eq(r.members[0].len, 2);
    ck_assert_int_eq(r.members[0].metadata[0], 0xaa);
    ck_assert_int_eq(r.members[0].metadata[1], 0xbb);
    ck_assert_str_eq(r.members[1].member_id, "m2");
    ck_assert_uint_eq(r.members[1].len, 0);
    ck_assert_ptr_nonnull(r.members[1].metadata);
    ga_join_group_free(&r);
}
END_TEST

START_TEST(join_group_member_id_required) {
    ga_join_group_resp_t r;
    char err[256];
    ck_assert_int_eq(ga_join_group_decode(JOIN_MEMBER_ID_REQUIRED, LEN(JOIN_MEMBER_ID_REQUIRED), &r, err, sizeof err), 0);
    ck_assert_int_eq(r.error, GA_ERR_MEMBER_ID_REQUIRED);
    ck_assert_int_eq(r.generation, -1);
    ck_assert_str_eq(r.member_id, "connect-1-abc");
    ck_assert_str_eq(r.leader, "");
    ck_assert_uint_eq(r.n_members, 0);
    ga_join_group_free(&r);
    ck_assert_str_eq(ga_error_name(79), "MEMBER_ID_REQUIRED");
}
END_TEST

START_TEST(sync_group_response_assignment) {
    ga_sync_group_resp_t r;
    char err[256];
    ck_assert_int_eq(ga_sync_group_decode(SYNC_RESP, LEN(SYNC_RESP), &r, err, sizeof err), 0);
    ck_assert_int_eq(r.error, 0);
    ck_assert_uint_eq(r.len, 5);
    ck_assert_mem_eq(r.assignment, "\x00\x01\x02\x03\x04", 5);
    ga_sync_group_free(&r);
}
END_TEST

START_TEST(heartbeat_rebalance_in_progress) {
    int16_t code = -1;
    char err[256];
    ck_assert_int_eq(ga_heartbeat_decode(HEARTBEAT_27, LEN(HEARTBEAT_27), &code, err, sizeof err), 0);
    ck_assert_int_eq(code, GA_ERR_REBALANCE_IN_PROGRESS);
    ck_assert_str_eq(ga_error_name(code), "REBALANCE_IN_PROGRESS");
}
END_TEST

START_TEST(leave_group_member_error) {
    int16_t code = -1;
    char err[256];
    ck_assert_int_eq(ga_leave_group_decode(LEAVE_RESP, LEN(LEAVE_RESP), &code, err, sizeof err), 0);
    ck_assert_int_eq(code, GA_ERR_UNKNOWN_MEMBER_ID);
}
END_TEST

START_TEST(sasl_responses) {
    int16_t code = -1;
    char *mechs = NULL;
    char err[256];
    ck_assert_int_eq(ga_sasl_handshake_decode(HANDSHAKE_RESP, LEN(HANDSHAKE_RESP), &code, &mechs, err, sizeof err), 0);
    ck_assert_int_eq(code, 0);
    ck_assert_str_eq(mechs, "PLAIN, SCRAM-SHA-256");
    free(mechs);
    ga_sasl_auth_resp_t a;
    ck_assert_int_eq(ga_sasl_authenticate_decode(AUTH_FAIL_RESP, LEN(AUTH_FAIL_RESP), &a, err, sizeof err), 0);
    ck_assert_int_eq(a.error, GA_ERR_SASL_AUTHENTICATION_FAILED);
    ck_assert_str_eq(a.error_message, "nope");
    ck_assert_int_eq(a.session_lifetime_ms, 0);
    ga_sasl_auth_resp_free(&a);
}
END_TEST

/* Every proper prefix of a valid response is rejected, never read past
 * (ASan would see it: the prefix is copied to an exactly-sized block). */
static int decode_any(int kind, const uint8_t *p, size_t n) {
    char err[256];
    int16_t code;
    switch (kind) {
    case 0: {
        ga_find_coordinator_resp_t r;
        int rc = ga_find_coordinator_decode(p, n, &r, err, sizeof err);
        if (rc == 0) ga_find_coordinator_free(&r);
        return rc;
    }
    case 1:
    case 2: {
        ga_join_group_resp_t r;
        int rc = ga_join_group_decode(p, n, &r, err, sizeof err);
        if (rc == 0) ga_join_group_free(&r);
        return rc;
    }
    case 3: {
        ga_sync_group_resp_t r;
        int rc = ga_sync_group_decode(p, n, &r, err, sizeof err);
        if (rc == 0) ga_sync_group_free(&r);
        return rc;
    }
    case 4: return ga_heartbeat_decode(p, n, &code, err, sizeof err);
    case 5: return ga_leave_group_decode(p, n, &code, err, sizeof err);
    case 6: {
        char *m = NULL;
        int rc = ga_sasl_handshake_decode(p, n, &code, &m, err, sizeof err);
        free(m);
        return rc;
    }
    default: {
        ga_sasl_auth_resp_t a;
        int rc = ga_sasl_authenticate_decode(p, n, &a, err, sizeof err);
        if (rc == 0) ga_sasl_auth_resp_free(&a);
        return rc;
    }
    }
}

START_TEST(truncated_responses_rejected) {
    struct {
        const uint8_t *p;
        size_t n;
    } v[] = {{FIND_RESP, LEN(FIND_RESP)},
             {JOIN_LEADER_RESP, LEN(JOIN_LEADER_RESP)},
             {JOIN_MEMBER_ID_REQUIRED, LEN(JOIN_MEMBER_ID_REQUIRED)},
             {SYNC_RESP, LEN(SYNC_RESP)},
             {HEARTBEAT_27, LEN(HEARTBEAT_27)},
             {LEAVE_RESP, LEN(LEAVE_RESP)},
             {HANDSHAKE_RESP, LEN(HANDSHAKE_RESP)},
             {AUTH_FAIL_RESP, LEN(AUTH_FAIL_RESP)}};
    for (int k = 0; k < 8; k++) {
        ck_assert_int_eq(decode_any(k, v[k].p, v[k].n), 0);
        for (size_t cut = 0; cut < v[k].n; cut++) {
            uint8_t *copy = malloc(cut ? cut : 1);
            memcpy(copy, v[k].p, cut);
            ck_assert_msg(decode_any(k, copy, cut) == -1, "vector %d accepted at %zu bytes", k, cut);
            free(copy);
        }
        /* One extra byte means the layout was misread: rejected too. */
        uint8_t *longer = malloc(v[k].n + 1);
        memcpy(longer, v[k].p, v[k].n);
        longer[v[k].n] = 0;
        ck_assert_int_eq(decode_any(k, longer, v[k].n + 1), -1);
        free(longer);
    }
}
END_TEST

/* Random byte flips of every valid response: each decoder answers 0 or -1
 * and never reads outside the input (ASan checks that in SAN=1 builds). */
START_TEST(mutated_responses_are_handled) {
    const struct {
        const uint8_t *p;
        size_t n;
    } v[] = {{FIND_RESP, LEN(FIND_RESP)},
             {JOIN_LEADER_RESP, LEN(JOIN_LEADER_RESP)},
             {JOIN_MEMBER_ID_REQUIRED, LEN(JOIN_MEMBER_ID_REQUIRED)},
             {SYNC_RESP, LEN(SYNC_RESP)},
             {HEARTBEAT_27, LEN(HEARTBEAT_27)},
             {LEAVE_RESP, LEN(LEAVE_RESP)},
             {HANDSHAKE_RESP, LEN(HANDSHAKE_RESP)},
             {AUTH_FAIL_RESP, LEN(AUTH_FAIL_RESP)}};
    uint32_t x = 0x9e3779b9u;
    int rejected = 0;
    for (int k = 0; k < 8; k++) {
        for (int round = 0; round < 2000; round++) {
            uint8_t *copy = malloc(v[k].n);
            memcpy(copy, v[k].p, v[k].n);
            for (int flips = 1 + round % 3; flips > 0; flips--) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                copy[x % v[k].n] ^= (uint8_t)(1u << (x >> 29));
            }
            int rc = decode_any(k, copy, v[k].n);
            ck_assert(rc == 0 || rc == -1);
            if (rc) rejected++;
            free(copy);
        }
    }
    ck_assert_int_gt(rejected, 0); /* length fields were hit */
}
END_TEST

START_TEST(hostile_counts_rejected) {
    char err[256];
    /* JoinGroup claiming 2^31-1 members in a 4-byte tail */
    uint8_t j[] = "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00"
                  "\x7f\xff\xff\xff";
    ga_join_group_resp_t r;
    ck_assert_int_eq(ga_join_group_decode(j, LEN(j), &r, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "JoinGroup"));
    /* negative STRING length and negative BYTES length */
    uint8_t f[] = "\x00\x00\x00\x00\x00\x00\xff\xff\x00\x00\x00\x01\xff\xfe";
    ga_find_coordinator_resp_t fr;
    ck_assert_int_eq(ga_find_coordinator_decode(f, LEN(f), &fr, err, sizeof err), -1);
    uint8_t s[] = "\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff"; /* null where BYTES is required */
    ga_sync_group_resp_t sr;
    ck_assert_int_eq(ga_sync_group_decode(s, LEN(s), &sr, err, sizeof err), -1);
}
END_TEST

/* ---- wire primitives ---- */

START_TEST(wire_varints_and_tags) {
    kw_writer_t w;
    kw_init(&w);
    kw_uvarint(&w, 300);
    kw_compact_nullable_string(&w, NULL);
    kw_compact_string(&w, "ab");
    kw_compact_array_len(&w, -1);
    kw_i64(&w, -2);
    assert_bytes(&w, S("\xac\x02\x00\x03" "ab" "\x00\xff\xff\xff\xff\xff\xff\xff\xfe"));
    kw_reader_t r;
    kr_init(&r, w.data, w.len);
    uint32_t v;
    char *s;
    int32_t cnt;
    int64_t i64;
    ck_assert_int_eq(kr_uvarint(&r, &v), 0);
    ck_assert_uint_eq(v, 300);
    ck_assert_int_eq(kr_compact_nullable_string(&r, &s), 0);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(kr_compact_string(&r, &s), 0);
    ck_assert_str_eq(s, "ab");
    free(s);
    ck_assert_int_eq(kr_compact_array_len(&r, true, 1, &cnt), 0);
    ck_assert_int_eq(cnt, -1);
    ck_assert_int_eq(kr_i64(&r, &i64), 0);
    ck_assert_int_eq(i64, -2);
    ck_assert_uint_eq(kr_remaining(&r), 0);
    kw_free(&w);

    /* A varint longer than 32 bits is rejected, and the error is sticky. */
    kr_init(&r, "\xff\xff\xff\xff\x7f", 5);
    ck_assert_int_eq(kr_uvarint(&r, &v), -1);
    ck_assert_int_eq(kr_uvarint(&r, &v), -1);
    /* Two tagged fields (tag 0 size 2, tag 5 size 0) are skipped. */
    kr_init(&r, "\x02\x00\x02\xaa\xbb\x05\x00\x09", 8);
    ck_assert_int_eq(kr_skip_tags(&r), 0);
    int8_t b;
    ck_assert_int_eq(kr_i8(&r, &b), 0);
    ck_assert_int_eq(b, 9);
    /* A tag whose size runs past the end is rejected. */
    kr_init(&r, "\x01\x00\x05\xaa", 4);
    ck_assert_int_eq(kr_skip_tags(&r), -1);
}
END_TEST

/* ---- broker_conn framing against a scripted fake broker ---- */

typedef struct fake_broker {
    int listen_fd;
    int port;
    const uint8_t *reply; /* sent after the first request; NULL: say nothing */
    size_t reply_len;
    uint8_t request[256];
    size_t request_len;
} fake_broker_t;

static void *fake_broker_main(void *arg) {
    fake_broker_t *f = arg;
    int fd = accept(f->listen_fd, NULL, NULL);
    if (fd < 0) return NULL;
    uint8_t size[4];
    if (recv(fd, size, 4, MSG_WAITALL) == 4) {
        size_t n = ((size_t)size[0] << 24) | ((size_t)size[1] << 16) | ((size_t)size[2] << 8) | size[3];
        if (n <= sizeof f->request && recv(fd, f->request, n, MSG_WAITALL) == (ssize_t)n)
            f->request_len = n;
    }
    if (f->reply) {
        ssize_t w = send(fd, f->reply, f->reply_len, MSG_NOSIGNAL);
        (void)w;
    }
    char c;
    while (recv(fd, &c, 1, 0) > 0) {
    } /* until the client closes */
    close(fd);
    return NULL;
}

static void fake_broker_listen(fake_broker_t *f) {
    f->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    ck_assert_int_eq(bind(f->listen_fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(f->listen_fd, 1), 0);
    socklen_t len = sizeof a;
    getsockname(f->listen_fd, (struct sockaddr *)&a, &len);
    f->port = ntohs(a.sin_port);
}

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One request through a fake broker that answers `reply`; returns the rc. */
static int roundtrip(const uint8_t *reply, size_t reply_len, int cancel_fd, int timeout_ms,
                     fake_broker_t *f, char *err, size_t errlen, uint8_t **resp, size_t *n) {
    memset(f, 0, sizeof *f);
    f->reply = reply;
    f->reply_len = reply_len;
    fake_broker_listen(f);
    pthread_t t;
    pthread_create(&t, NULL, fake_broker_main, f);
    broker_conn_t *c = broker_conn_open("127.0.0.1", f->port, "cid", NULL, cancel_fd, 2000, err, errlen);
    ck_assert_msg(c != NULL, "%s", err);
    kw_writer_t w;
    kw_init(&w);
    ga_heartbeat_encode(&w, "g", 1, "m", NULL);
    int rc = broker_conn_request(c, GA_API_HEARTBEAT, GA_V_HEARTBEAT, false, &w, timeout_ms, resp, n, err, errlen);
    kw_free(&w);
    broker_conn_close(c);
    pthread_join(t, NULL);
    close(f->listen_fd);
    return rc;
}

START_TEST(conn_frames_and_checks_correlation) {
    fake_broker_t f;
    char err[256];
    uint8_t *resp;
    size_t n;
    /* size 10, correlation id 0 (the first request's), then the body */
    static const uint8_t ok[] = "\x00\x00\x00\x0a\x00\x00\x00\x00\x00\x00\x00\x00\x00\x1b";
    ck_assert_int_eq(roundtrip(ok, LEN(ok), -1, 2000, &f, err, sizeof err, &resp, &n), 0);
    ck_assert_uint_eq(n, 6);
    int16_t code;
    ck_assert_int_eq(ga_heartbeat_decode(resp, n, &code, err, sizeof err), 0);
    ck_assert_int_eq(code, 27);
    free(resp);
    /* request header v1: api_key 12, version 3, correlation 0, client_id "cid", body */
    static const uint8_t want[] = "\x00\x0c\x00\x03\x00\x00\x00\x00\x00\x03" "cid"
                                  "\x00\x01g\x00\x00\x00\x01\x00\x01m\xff\xff";
    ck_assert_uint_eq(f.request_len, LEN(want));
    ck_assert_mem_eq(f.request, want, LEN(want));

    static const uint8_t wrong_corr[] = "\x00\x00\x00\x0a\x00\x00\x00\x07\x00\x00\x00\x00\x00\x00";
    ck_assert_int_eq(roundtrip(wrong_corr, LEN(wrong_corr), -1, 2000, &f, err, sizeof err, &resp, &n), -1);
    ck_assert_ptr_nonnull(strstr(err, "correlation id 7"));

    static const uint8_t huge[] = "\x7f\xff\xff\xff";
    ck_assert_int_eq(roundtrip(huge, 4, -1, 2000, &f, err, sizeof err, &resp, &n), -1);
    ck_assert_ptr_nonnull(strstr(err, "invalid frame size"));

    static const uint8_t cut[] = "\x00\x00\x00\x0a\x00\x00"; /* then silence */
    int64_t t0 = now_ms();
    ck_assert_int_eq(roundtrip(cut, LEN(cut), -1, 300, &f, err, sizeof err, &resp, &n), -1);
    ck_assert_ptr_nonnull(strstr(err, "timed out"));
    ck_assert_int_lt(now_ms() - t0, 2000);
}
END_TEST

/* A readable cancel descriptor ends a wait at once. */
START_TEST(conn_cancel_interrupts_a_wait) {
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    ck_assert_int_eq(write(p[1], "x", 1), 1);
    fake_broker_t f;
    char err[256];
    uint8_t *resp;
    size_t n;
    memset(&f, 0, sizeof f);
    fake_broker_listen(&f);
    pthread_t t;
    pthread_create(&t, NULL, fake_broker_main, &f);
    /* connect to a local listener completes without waiting */
    broker_conn_t *c = broker_conn_open("127.0.0.1", f.port, "cid", NULL, -1, 2000, err, sizeof err);
    ck_assert_ptr_nonnull(c);
    broker_conn_set_cancel_fd(c, p[0]);
    kw_writer_t w;
    kw_init(&w);
    int64_t t0 = now_ms();
    ck_assert_int_eq(broker_conn_request(c, GA_API_HEARTBEAT, GA_V_HEARTBEAT, false, &w, 10000, &resp, &n, err, sizeof err), -1);
    ck_assert_int_lt(now_ms() - t0, 1000);
    ck_assert_ptr_nonnull(strstr(err, "interrupted"));
    kw_free(&w);
    broker_conn_close(c);
    pthread_join(t, NULL);
    close(f.listen_fd);
    close(p[0]);
    close(p[1]);
}
END_TEST

START_TEST(hostport_parsing) {
    char *h;
    int port;
    char err[128];
    ck_assert_int_eq(broker_parse_hostport(" broker-1.example:9092 ", &h, &port, err, sizeof err), 0);
    ck_assert_str_eq(h, "broker-1.example");
    ck_assert_int_eq(port, 9092);
    free(h);
    ck_assert_int_eq(broker_parse_hostport("[::1]:19092", &h, &port, err, sizeof err), 0);
    ck_assert_str_eq(h, "::1");
    ck_assert_int_eq(port, 19092);
    free(h);
    const char *bad[] = {"", "host", "host:", ":9092", "host:0", "host:65536", "host:9x", "[::1]9092"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(broker_parse_hostport(bad[i], &h, &port, err, sizeof err) == -1, "%s", bad[i]);
}
END_TEST

Suite *suite_group_api(void);
Suite *suite_group_api(void) {
    Suite *s = suite_create("group_api");
    TCase *tc = tcase_create("codec");
    tcase_add_test(tc, find_coordinator_request);
    tcase_add_test(tc, join_group_request);
    tcase_add_test(tc, sync_group_request_leader_and_follower);
    tcase_add_test(tc, heartbeat_and_leave_requests);
    tcase_add_test(tc, sasl_requests);
    tcase_add_test(tc, find_coordinator_response);
    tcase_add_test(tc, join_group_response_leader_view);
    tcase_add_test(tc, join_group_member_id_required);
    tcase_add_test(tc, sync_group_response_assignment);
    tcase_add_test(tc, heartbeat_rebalance_in_progress);
    tcase_add_test(tc, leave_group_member_error);
    tcase_add_test(tc, sasl_responses);
    tcase_add_test(tc, truncated_responses_rejected);
    tcase_add_test(tc, mutated_responses_are_handled);
    tcase_add_test(tc, hostile_counts_rejected);
    tcase_add_test(tc, wire_varints_and_tags);
    suite_add_tcase(s, tc);
    TCase *conn = tcase_create("broker_conn");
    tcase_add_test(conn, conn_frames_and_checks_correlation);
    tcase_add_test(conn, conn_cancel_interrupts_a_wait);
    tcase_add_test(conn, hostport_parsing);
    suite_add_tcase(s, conn);
    return s;
}
