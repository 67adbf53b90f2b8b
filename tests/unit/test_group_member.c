/* Worker-group membership against the real broker (KAFKA_BOOTSTRAP): two
 * members in one process join a fresh "connect" group, one leads and
 * assigns, both receive what it assigned them, rejoin on request, and the
 * survivor becomes the sole member promptly when the other leaves. The
 * configuration checks need no broker. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <connectd/config.h>

#include "cluster/group_member.h"
#include "kafka/broker_conn.h"

typedef struct member_ctx {
    pthread_mutex_t mu;
    const char *meta; /* this member's protocol metadata */
    /* last `assigned` */
    int assigned_count;
    int32_t assigned_gen;
    char member_id[256];
    char leader_id[256];
    char data[512];
    /* last `assign` (leader) */
    int32_t assign_gen;
    size_t assign_n;
    char assign_meta[4][64];
    int rebalances;
    int lost;
    int block_rebalance_ms; /* rebalance_started sleeps this long once */
    int assign_delay_ms;    /* assign sleeps this long once */
    int assign_calls;
} member_ctx_t;

static size_t cb_metadata(void *opaque, group_protocol_t *out, size_t max) {
    member_ctx_t *c = opaque;
    ck_assert_uint_ge(max, 1);
    pthread_mutex_lock(&c->mu);
    out[0].name = strdup("sessioned");
    out[0].len = strlen(c->meta);
    out[0].metadata = (uint8_t *)strdup(c->meta);
    pthread_mutex_unlock(&c->mu);
    return 1;
}

/* Each member gets "gen=G;for=<its id>;n=<members>". */
static int cb_assign(void *opaque, const char *protocol, const char *leader_id, int32_t generation,
                     const group_member_info_t *members, size_t n, uint8_t **out_data,
                     size_t *out_len) {
    member_ctx_t *c = opaque;
    ck_assert_str_eq(protocol, "sessioned");
    pthread_mutex_lock(&c->mu);
    int delay = c->assign_delay_ms;
    c->assign_delay_ms = 0;
    pthread_mutex_unlock(&c->mu);
    if (delay) usleep((useconds_t)delay * 1000);
    pthread_mutex_lock(&c->mu);
    c->assign_calls++;
    c->assign_gen = generation;
    c->assign_n = n;
    for (size_t i = 0; i < n && i < 4; i++)
        snprintf(c->assign_meta[i], sizeof c->assign_meta[i], "%.*s", (int)members[i].len,
                 (const char *)members[i].metadata);
    pthread_mutex_unlock(&c->mu);
    bool leader_listed = false;
    for (size_t i = 0; i < n; i++) {
        char *s = NULL;
        if (asprintf(&s, "gen=%d;for=%s;n=%zu", (int)generation, members[i].member_id, n) < 0)
            return -1;
        out_data[i] = (uint8_t *)s;
        out_len[i] = strlen(s);
        if (strcmp(members[i].member_id, leader_id) == 0) leader_listed = true;
    }
    ck_assert(leader_listed);
    return 0;
}

static void cb_assigned(void *opaque, const char *protocol, int32_t generation,
                        const char *member_id, const char *leader_id, const uint8_t *data,
                        size_t len) {
    member_ctx_t *c = opaque;
    ck_assert_str_eq(protocol, "sessioned");
    pthread_mutex_lock(&c->mu);
    c->assigned_count++;
    c->assigned_gen = generation;
    snprintf(c->member_id, sizeof c->member_id, "%s", member_id);
    snprintf(c->leader_id, sizeof c->leader_id, "%s", leader_id);
    snprintf(c->data, sizeof c->data, "%.*s", (int)len, (const char *)data);
    pthread_mutex_unlock(&c->mu);
}

static void cb_rebalance(void *opaque) {
    member_ctx_t *c = opaque;
    pthread_mutex_lock(&c->mu);
    c->rebalances++;
    int block = c->block_rebalance_ms;
    c->block_rebalance_ms = 0;
    pthread_mutex_unlock(&c->mu);
    if (block) usleep((useconds_t)block * 1000);
}

static void cb_lost(void *opaque) {
    member_ctx_t *c = opaque;
    pthread_mutex_lock(&c->mu);
    c->lost++;
    pthread_mutex_unlock(&c->mu);
}

static void ctx_init(member_ctx_t *c, const char *meta) {
    memset(c, 0, sizeof *c);
    pthread_mutex_init(&c->mu, NULL);
    c->meta = meta;
    c->assigned_gen = -1;
    c->assign_gen = -1;
}

static int64_t mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char group_id[128];

static group_member_t *new_member(member_ctx_t *c, const char *bootstrap, const char *client) {
    group_member_config_t cfg = {
        .bootstrap = bootstrap,
        .group_id = group_id,
        .client_id = client,
        .protocol_type = "connect",
        .session_timeout_ms = 6000,
        .rebalance_timeout_ms = 10000,
        .heartbeat_interval_ms = 500,
        .request_timeout_ms = 10000,
        .retry_backoff_ms = 100,
        .worker_props = NULL,
    };
    group_member_callbacks_t cb = {c, cb_metadata, cb_assign, cb_assigned, cb_rebalance, cb_lost};
    char err[256];
    group_member_t *m = group_member_new(&cfg, &cb, err, sizeof err);
    ck_assert_msg(m != NULL, "group_member_new: %s", err);
    return m;
}

static const char *broker(void) {
    const char *b = getenv("KAFKA_BOOTSTRAP");
    if (!b || !*b) {
        fprintf(stderr, "test_group_member: KAFKA_BOOTSTRAP is not set; this test needs a "
                        "broker (tests/run-all sets it) and is skipped\n");
        return NULL;
    }
    snprintf(group_id, sizeof group_id, "connectd-gm-test-%d-%lld", (int)getpid(),
             (long long)mono_ms());
    return b;
}

/* Both members hold an assignment of the same generation, newer than
 * `after`, that the leader computed for `n` members. */
static bool converged(member_ctx_t *a, member_ctx_t *b, int32_t after, size_t n, int32_t *gen) {
    pthread_mutex_lock(&a->mu);
    pthread_mutex_lock(&b->mu);
    bool ok = a->assigned_gen > after && a->assigned_gen == b->assigned_gen;
    if (ok) {
        member_ctx_t *leader = strcmp(a->leader_id, a->member_id) == 0 ? a : b;
        ok = leader->assign_gen == a->assigned_gen && leader->assign_n == n;
        *gen = a->assigned_gen;
    }
    pthread_mutex_unlock(&b->mu);
    pthread_mutex_unlock(&a->mu);
    return ok;
}

static int32_t wait_converged(member_ctx_t *a, member_ctx_t *b, int32_t after, size_t n,
                              int timeout_ms) {
    int32_t gen = -1;
    int64_t until = mono_ms() + timeout_ms;
    while (!converged(a, b, after, n, &gen)) {
        ck_assert_msg(mono_ms() < until, "members did not converge on a generation after %d "
                                         "with %zu members (A gen %d, B gen %d)",
                      (int)after, n, (int)a->assigned_gen, (int)b->assigned_gen);
        usleep(20000);
    }
    return gen;
}

static void check_assignment(member_ctx_t *c, int32_t gen, size_t n) {
    char want[512];
    snprintf(want, sizeof want, "gen=%d;for=%s;n=%zu", (int)gen, c->member_id, n);
    ck_assert_str_eq(c->data, want);
}

START_TEST(two_members_join_rejoin_and_leave) {
    const char *b = broker();
    if (!b) return;
    member_ctx_t ca, cb;
    ctx_init(&ca, "meta-A");
    ctx_init(&cb, "meta-B");
    group_member_t *a = new_member(&ca, b, "connect-A");
    group_member_t *m2 = new_member(&cb, b, "connect-B");
    ck_assert_int_eq(group_member_generation(a), -1);
    ck_assert_int_eq(group_member_start(a), 0);
    ck_assert_int_eq(group_member_start(m2), 0);

    /* Both join one generation; exactly one leads and saw both metadata. */
    int32_t g1 = wait_converged(&ca, &cb, -1, 2, 15000);
    ck_assert_str_eq(ca.leader_id, cb.leader_id);
    ck_assert_str_ne(ca.member_id, cb.member_id);
    bool a_leads = strcmp(ca.leader_id, ca.member_id) == 0;
    bool b_leads = strcmp(cb.leader_id, cb.member_id) == 0;
    ck_assert(a_leads != b_leads);
    member_ctx_t *leader = a_leads ? &ca : &cb;
    member_ctx_t *follower = a_leads ? &cb : &ca;
    pthread_mutex_lock(&follower->mu);
    ck_assert_int_lt(follower->assign_gen, g1); /* the follower did not assign this round */
    pthread_mutex_unlock(&follower->mu);
    pthread_mutex_lock(&leader->mu);
    bool metas = (strcmp(leader->assign_meta[0], "meta-A") == 0 &&
                  strcmp(leader->assign_meta[1], "meta-B") == 0) ||
                 (strcmp(leader->assign_meta[0], "meta-B") == 0 &&
                  strcmp(leader->assign_meta[1], "meta-A") == 0);
    pthread_mutex_unlock(&leader->mu);
    ck_assert_msg(metas, "leader saw metadata %s / %s", leader->assign_meta[0],
                  leader->assign_meta[1]);
    pthread_mutex_lock(&ca.mu);
    pthread_mutex_lock(&cb.mu);
    check_assignment(&ca, g1, 2);
    check_assignment(&cb, g1, 2);
    pthread_mutex_unlock(&cb.mu);
    pthread_mutex_unlock(&ca.mu);
    ck_assert_int_eq(group_member_generation(a), g1);
    ck_assert_int_eq(group_member_generation(m2), g1);

    /* The leader's rejoin request starts a new generation for both. */
    int rebalances_before = follower->rebalances;
    group_member_request_rejoin(a_leads ? a : m2, 0);
    int32_t g2 = wait_converged(&ca, &cb, g1, 2, 10000);
    ck_assert_int_gt(follower->rebalances, rebalances_before); /* learned by heartbeat */
    /* A follower that asks with new metadata does too (the coordinator
     * hands a follower with unchanged metadata the current generation, as
     * for any client; the Connect metadata carries the config offset). */
    pthread_mutex_lock(&follower->mu);
    follower->meta = a_leads ? "meta-B2" : "meta-A2";
    pthread_mutex_unlock(&follower->mu);
    group_member_request_rejoin(a_leads ? m2 : a, 0);
    int32_t g3 = wait_converged(&ca, &cb, g2, 2, 10000);
    member_ctx_t *lead3 = strcmp(ca.leader_id, ca.member_id) == 0 ? &ca : &cb;
    pthread_mutex_lock(&lead3->mu);
    bool seen = strcmp(lead3->assign_meta[0], follower->meta) == 0 ||
                strcmp(lead3->assign_meta[1], follower->meta) == 0;
    pthread_mutex_unlock(&lead3->mu);
    ck_assert_msg(seen, "the leader did not see the new metadata %s", follower->meta);
    ck_assert_int_eq(group_member_generation(a), g3);
    ck_assert_int_eq(ca.lost + cb.lost, 0);
    g2 = g3;

    /* B leaves: A is the sole member within a few seconds. */
    int64_t t0 = mono_ms();
    group_member_leave(m2);
    ck_assert_int_lt(mono_ms() - t0, 3000);
    int64_t until = mono_ms() + 5000;
    for (;;) {
        pthread_mutex_lock(&ca.mu);
        bool alone = ca.assigned_gen > g2 && ca.assign_gen == ca.assigned_gen && ca.assign_n == 1;
        pthread_mutex_unlock(&ca.mu);
        if (alone) break;
        ck_assert_msg(mono_ms() < until, "A did not become the sole member after B left");
        usleep(20000);
    }
    ck_assert_str_eq(ca.leader_id, ca.member_id);
    ck_assert_str_eq(ca.assign_meta[0], ca.meta);
    check_assignment(&ca, ca.assigned_gen, 1);
    int32_t b_assigned = cb.assigned_count;
    group_member_leave(m2); /* idempotent */
    group_member_destroy(m2);
    ck_assert_int_eq(cb.assigned_count, b_assigned); /* no callback after leave */
    group_member_destroy(a);
}
END_TEST

/* A member whose JoinGroup is parked on the coordinator (the other member
 * is slow to rejoin) leaves at once, and its LeaveGroup lets the rebalance
 * finish without it. */
START_TEST(leave_interrupts_a_parked_join) {
    const char *b = broker();
    if (!b) return;
    member_ctx_t ca, cb;
    ctx_init(&ca, "meta-A");
    ctx_init(&cb, "meta-B");
    group_member_t *a = new_member(&ca, b, "connect-A");
    ck_assert_int_eq(group_member_start(a), 0);
    int64_t until = mono_ms() + 10000;
    for (;;) {
        pthread_mutex_lock(&ca.mu);
        bool ok = ca.assigned_gen >= 0;
        if (ok) ca.block_rebalance_ms = 4000; /* A's next rejoin is late */
        pthread_mutex_unlock(&ca.mu);
        if (ok) break;
        ck_assert_msg(mono_ms() < until, "A did not join");
        usleep(20000);
    }
    int32_t g1 = ca.assigned_gen;
    group_member_t *m2 = new_member(&cb, b, "connect-B");
    ck_assert_int_eq(group_member_start(m2), 0);
    usleep(1500 * 1000); /* B is waiting in JoinGroup for A */
    pthread_mutex_lock(&cb.mu);
    ck_assert_int_eq(cb.assigned_count, 0);
    pthread_mutex_unlock(&cb.mu);
    int64_t t0 = mono_ms();
    group_member_leave(m2);
    ck_assert_int_lt(mono_ms() - t0, 1500);
    group_member_destroy(m2);
    ck_assert_int_eq(cb.assigned_count, 0);

    /* A rejoins after its slow callback and is alone in the new generation. */
    until = mono_ms() + 10000;
    for (;;) {
        pthread_mutex_lock(&ca.mu);
        bool alone = ca.assigned_gen > g1 && ca.assign_gen == ca.assigned_gen && ca.assign_n == 1;
        pthread_mutex_unlock(&ca.mu);
        if (alone) break;
        ck_assert_msg(mono_ms() < until, "A did not become the sole member");
        usleep(20000);
    }
    group_member_destroy(a);
}
END_TEST

/* The leader's assignment may take longer than the session timeout (it
 * reads the config topic): the member keeps its session meanwhile. */
START_TEST(slow_assignment_keeps_the_session) {
    const char *b = broker();
    if (!b) return;
    member_ctx_t ca;
    ctx_init(&ca, "meta-A");
    ca.assign_delay_ms = 7500; /* session.timeout.ms is 6000 */
    group_member_t *a = new_member(&ca, b, "connect-A");
    ck_assert_int_eq(group_member_start(a), 0);
    int64_t until = mono_ms() + 15000;
    for (;;) {
        pthread_mutex_lock(&ca.mu);
        bool ok = ca.assigned_gen >= 0;
        pthread_mutex_unlock(&ca.mu);
        if (ok) break;
        ck_assert_msg(mono_ms() < until, "A did not complete its slow assignment");
        usleep(20000);
    }
    int32_t g = ca.assigned_gen;
    usleep(1000 * 1000); /* heartbeats go on in that generation */
    ck_assert_int_eq(group_member_generation(a), g);
    /* one round: the coordinator did not expire A and make it join again */
    ck_assert_int_eq(ca.assign_calls, 1);
    ck_assert_int_eq(ca.assigned_count, 1);
    ck_assert_int_eq(ca.lost, 0);
    group_member_destroy(a);
}
END_TEST

/* No broker at the address: leave still returns at once, nothing assigned. */
START_TEST(unreachable_bootstrap_leaves_promptly) {
    snprintf(group_id, sizeof group_id, "connectd-gm-unreachable");
    member_ctx_t c;
    ctx_init(&c, "meta");
    group_member_t *m = new_member(&c, "127.0.0.1:1", "connect-X");
    ck_assert_int_eq(group_member_start(m), 0);
    usleep(300 * 1000);
    int64_t t0 = mono_ms();
    group_member_destroy(m);
    ck_assert_int_lt(mono_ms() - t0, 1000);
    ck_assert_int_eq(c.assigned_count, 0);
}
END_TEST

START_TEST(security_settings) {
    member_ctx_t c;
    ctx_init(&c, "meta");
    group_member_callbacks_t cb = {&c, cb_metadata, cb_assign, cb_assigned, NULL, NULL};
    cd_props_t *p = cd_props_new();
    group_member_config_t cfg = {.bootstrap = "127.0.0.1:19092", .group_id = "g",
                                 .worker_props = p};
    char err[512];
    group_member_t *m;

    /* SSL works (test_broker_tls.c); a CA file that is not there is
     * refused at start with the key named. */
    cd_props_set(p, "security.protocol", "SSL");
    cd_props_set(p, "ssl.ca.location", "/nonexistent/ca.pem");
    m = group_member_new(&cfg, &cb, err, sizeof err);
    ck_assert_ptr_null(m);
    ck_assert_ptr_nonnull(strstr(err, "ssl.ca.location"));
    cd_props_remove(p, "ssl.ca.location");
    cd_props_set(p, "security.protocol", "PLAINTEXT_OR_WHATEVER");
    ck_assert_ptr_null(group_member_new(&cfg, &cb, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "security.protocol"));

    cd_props_set(p, "security.protocol", "SASL_PLAINTEXT"); /* default mechanism GSSAPI */
    ck_assert_ptr_null(group_member_new(&cfg, &cb, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "sasl.mechanism=GSSAPI"));

    cd_props_set(p, "sasl.mechanism", "PLAIN"); /* no credentials */
    ck_assert_ptr_null(group_member_new(&cfg, &cb, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "username"));

    cd_props_set(p, "sasl.jaas.config",
                 "org.apache.kafka.common.security.plain.PlainLoginModule required "
                 "username=\"alice\" password=\"s3\\\"cr;et\";");
    broker_security_t sec;
    ck_assert_int_eq(broker_security_from_props(p, &sec, err, sizeof err), 0);
    ck_assert(sec.sasl_plain);
    ck_assert_str_eq(sec.username, "alice");
    ck_assert_str_eq(sec.password, "s3\"cr;et");
    broker_security_clear(&sec);
    m = group_member_new(&cfg, &cb, err, sizeof err);
    ck_assert_ptr_nonnull(m);
    group_member_destroy(m);

    /* librdkafka's spelling works too */
    cd_props_t *q = cd_props_new();
    cd_props_set(q, "security.protocol", "sasl_plaintext");
    cd_props_set(q, "sasl.mechanisms", "PLAIN");
    cd_props_set(q, "sasl.username", "bob");
    cd_props_set(q, "sasl.password", "pw");
    ck_assert_int_eq(broker_security_from_props(q, &sec, err, sizeof err), 0);
    ck_assert_str_eq(sec.username, "bob");
    ck_assert_str_eq(sec.password, "pw");
    broker_security_clear(&sec);
    cd_props_destroy(q);

    cd_props_set(p, "security.protocol", "PLAINTEXT");
    cfg.bootstrap = "localhost";
    ck_assert_ptr_null(group_member_new(&cfg, &cb, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "localhost"));
    cfg.bootstrap = " [::1]:9092 , 127.0.0.1:19092";
    m = group_member_new(&cfg, &cb, err, sizeof err);
    ck_assert_msg(m != NULL, "%s", err);
    group_member_destroy(m);
    cd_props_destroy(p);
}
END_TEST

Suite *suite_group_member(void);
Suite *suite_group_member(void) {
    Suite *s = suite_create("group_member");
    TCase *tc = tcase_create("membership");
    tcase_set_timeout(tc, 40);
    tcase_add_test(tc, security_settings);
    tcase_add_test(tc, unreachable_bootstrap_leaves_promptly);
    tcase_add_test(tc, two_members_join_rejoin_and_leave);
    tcase_add_test(tc, leave_interrupts_a_parked_join);
    tcase_add_test(tc, slow_assignment_keeps_the_session);
    suite_add_tcase(s, tc);
    return s;
}
