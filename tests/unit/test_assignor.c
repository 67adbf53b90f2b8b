/* The leader's incremental cooperative assignor, driven through simulated
 * rebalance rounds in which members apply what they are told and report it
 * back as owned, as DistributedHerder does. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/assignor.h"

#define MAX_MEMBERS 8
#define MAX_CONNS 8

typedef struct sim_member {
    char id[16];
    connect_work_t *owned;
    size_t n_owned;
    bool present;
} sim_member_t;

typedef struct sim {
    assignor_t *a;
    sim_member_t m[MAX_MEMBERS];
    size_t n_m;
    assignor_connector_t conns[MAX_CONNS];
    size_t n_conns;
    int32_t gen;
    int64_t now;
    int32_t last_delay;
    size_t last_assigned, last_revoked; /* totals of the last round */
    bool ignore_revocations;            /* members fail to stop revoked work */
} sim_t;

static void sim_init(sim_t *s, int max_delay) {
    memset(s, 0, sizeof *s);
    s->a = assignor_new(max_delay);
    s->gen = 1;
    s->now = 1000;
}

static sim_member_t *sim_add_member(sim_t *s, const char *id) {
    ck_assert_uint_lt(s->n_m, MAX_MEMBERS);
    sim_member_t *m = &s->m[s->n_m++];
    snprintf(m->id, sizeof m->id, "%s", id);
    m->present = true;
    return m;
}

/* The member's process goes away with everything it ran. */
static void sim_remove_member(sim_t *s, const char *id) {
    for (size_t i = 0; i < s->n_m; i++) {
        if (s->m[i].present && strcmp(s->m[i].id, id) == 0) {
            s->m[i].present = false;
            connect_work_list_free(s->m[i].owned, s->m[i].n_owned);
            s->m[i].owned = NULL;
            s->m[i].n_owned = 0;
            return;
        }
    }
    ck_abort_msg("no member %s", id);
}

static void sim_set_conn(sim_t *s, const char *name, int tasks) {
    for (size_t i = 0; i < s->n_conns; i++) {
        if (strcmp(s->conns[i].name, name) == 0) {
            s->conns[i].n_tasks = tasks;
            return;
        }
    }
    ck_assert_uint_lt(s->n_conns, MAX_CONNS);
    s->conns[s->n_conns++] = (assignor_connector_t){name, tasks};
}

static void sim_delete_conn(sim_t *s, const char *name) {
    for (size_t i = 0; i < s->n_conns; i++) {
        if (strcmp(s->conns[i].name, name) == 0) {
            s->conns[i] = s->conns[--s->n_conns];
            return;
        }
    }
}

static sim_member_t *sim_member(sim_t *s, const char *id) {
    for (size_t i = 0; i < s->n_m; i++)
        if (s->m[i].present && strcmp(s->m[i].id, id) == 0)
            return &s->m[i];
    ck_abort_msg("no member %s", id);
    return NULL;
}

static size_t owners_of(const sim_t *s, const char *c, int32_t t) {
    size_t n = 0;
    for (size_t i = 0; i < s->n_m; i++)
        if (s->m[i].present && connect_work_list_contains(s->m[i].owned, s->m[i].n_owned, c, t))
            n++;
    return n;
}

static void remove_work(sim_member_t *m, const char *c, int32_t t) {
    for (size_t i = 0; i < m->n_owned; i++) {
        if (m->owned[i].task == t && strcmp(m->owned[i].connector, c) == 0) {
            free(m->owned[i].connector);
            m->owned[i] = m->owned[--m->n_owned];
            return;
        }
    }
    ck_abort_msg("revoked %s/%d which the member does not own", c, (int)t);
}

/* One rebalance round; returns whether anything was assigned or revoked.
 * Checks that nothing is assigned while some member still runs it. */
static bool sim_round(sim_t *s) {
    assignor_member_t members[MAX_MEMBERS] = {0};
    sim_member_t *who[MAX_MEMBERS] = {0};
    size_t n = 0;
    for (size_t i = 0; i < s->n_m; i++) {
        if (!s->m[i].present)
            continue;
        who[n] = &s->m[i];
        members[n++] = (assignor_member_t){s->m[i].id, s->m[i].owned, s->m[i].n_owned};
    }
    assignor_result_t out[MAX_MEMBERS];
    ck_assert_int_eq(assignor_assign(s->a, s->gen++, s->now, members, n, s->conns, s->n_conns, out),
                     0);
    s->last_assigned = s->last_revoked = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(out[i].delay_ms, out[0].delay_ms); /* same delay for everyone */
        for (size_t j = 0; j < out[i].n_assigned; j++) {
            const connect_work_t *w = &out[i].assigned[j];
            ck_assert_msg(owners_of(s, w->connector, w->task) == 0,
                          "%s/%d assigned to %s while another member runs it", w->connector,
                          (int)w->task, who[i]->id);
        }
    }
    s->last_delay = n ? out[0].delay_ms : 0;
    /* Members stop revoked work first, then start the new work. */
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < out[i].n_revoked && !s->ignore_revocations; j++)
            remove_work(who[i], out[i].revoked[j].connector, out[i].revoked[j].task);
        s->last_revoked += out[i].n_revoked;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < out[i].n_assigned; j++)
            connect_work_list_add(&who[i]->owned, &who[i]->n_owned, out[i].assigned[j].connector,
                                  out[i].assigned[j].task);
        s->last_assigned += out[i].n_assigned;
        assignor_result_clear(&out[i]);
    }
    return s->last_assigned || s->last_revoked;
}

/* Rounds until one changes nothing; returns how many rounds changed something. */
static int sim_converge(sim_t *s) {
    int changing = 0;
    while (sim_round(s)) {
        changing++;
        ck_assert_int_le(changing, 10);
    }
    return changing;
}

static size_t count_kind(const sim_member_t *m, bool connectors) {
    size_t n = 0;
    for (size_t i = 0; i < m->n_owned; i++)
        n += (m->owned[i].task == -1) == connectors;
    return n;
}

/* Every configured item runs exactly once, nothing else runs, and each member
 * has floor or ceil of the average of connectors and of tasks. */
static void assert_balanced(const sim_t *s) {
    size_t n_conn = s->n_conns, n_tasks = 0, w = 0, owned_total = 0;
    for (size_t i = 0; i < s->n_conns; i++) {
        ck_assert_uint_eq(owners_of(s, s->conns[i].name, -1), 1);
        for (int t = 0; t < s->conns[i].n_tasks; t++)
            ck_assert_msg(owners_of(s, s->conns[i].name, t) == 1, "%s/%d owned by %zu members",
                          s->conns[i].name, t, owners_of(s, s->conns[i].name, t));
        n_tasks += (size_t)s->conns[i].n_tasks;
    }
    for (size_t i = 0; i < s->n_m; i++) {
        if (!s->m[i].present)
            continue;
        w++;
        owned_total += s->m[i].n_owned;
    }
    ck_assert_uint_eq(owned_total, n_conn + n_tasks); /* nothing unconfigured */
    for (size_t i = 0; i < s->n_m; i++) {
        if (!s->m[i].present)
            continue;
        size_t c = count_kind(&s->m[i], true), t = count_kind(&s->m[i], false);
        ck_assert_msg(c >= n_conn / w && c <= (n_conn + w - 1) / w, "%s has %zu of %zu connectors",
                      s->m[i].id, c, n_conn);
        ck_assert_msg(t >= n_tasks / w && t <= (n_tasks + w - 1) / w, "%s has %zu of %zu tasks",
                      s->m[i].id, t, n_tasks);
    }
}

static void sim_free(sim_t *s) {
    for (size_t i = 0; i < s->n_m; i++)
        connect_work_list_free(s->m[i].owned, s->m[i].n_owned);
    assignor_destroy(s->a);
}

/* 3 members, connectors a (3 tasks) and b (4 tasks). */
static void three_members(sim_t *s, int max_delay) {
    sim_init(s, max_delay);
    sim_add_member(s, "w3");
    sim_add_member(s, "w1");
    sim_add_member(s, "w2");
    sim_set_conn(s, "conn-b", 4);
    sim_set_conn(s, "conn-a", 3);
}

START_TEST(test_first_round_balanced) {
    sim_t s;
    three_members(&s, 0);
    ck_assert(sim_round(&s));
    ck_assert_uint_eq(s.last_assigned, 9);
    ck_assert_uint_eq(s.last_revoked, 0);
    assert_balanced(&s);
    /* Deterministic: connectors to the lowest ids, ties round-robin. */
    ck_assert(connect_work_list_contains(sim_member(&s, "w1")->owned, sim_member(&s, "w1")->n_owned,
                                         "conn-a", -1));
    ck_assert(connect_work_list_contains(sim_member(&s, "w2")->owned, sim_member(&s, "w2")->n_owned,
                                         "conn-b", -1));
    ck_assert_uint_eq(count_kind(sim_member(&s, "w1"), false), 3);
    ck_assert(!sim_round(&s)); /* stable */
    ck_assert_int_eq(s.last_delay, 0);
    sim_free(&s);
}
END_TEST

START_TEST(test_member_leaves_no_delay) {
    sim_t s;
    three_members(&s, 0);
    ck_assert_int_eq(sim_converge(&s), 1);
    size_t lost = sim_member(&s, "w2")->n_owned;
    ck_assert_uint_gt(lost, 0);
    sim_remove_member(&s, "w2");
    ck_assert(sim_round(&s));
    /* Exactly the departed member's work moves, in one round, to survivors. */
    ck_assert_uint_eq(s.last_assigned, lost);
    ck_assert_uint_eq(s.last_revoked, 0);
    ck_assert_int_eq(s.last_delay, 0);
    assert_balanced(&s);
    ck_assert(!sim_round(&s));
    sim_free(&s);
}
END_TEST

START_TEST(test_member_joins) {
    sim_t s;
    sim_init(&s, 0);
    sim_add_member(&s, "w1");
    sim_add_member(&s, "w2");
    sim_set_conn(&s, "conn-a", 3);
    sim_set_conn(&s, "conn-b", 4);
    ck_assert_int_eq(sim_converge(&s), 1);
    assert_balanced(&s);
    size_t before_w1 = sim_member(&s, "w1")->n_owned, before_w2 = sim_member(&s, "w2")->n_owned;

    sim_add_member(&s, "w3");
    /* Round 1: only the excess is revoked (7 tasks over 3: 4,3 -> 3,2);
     * nothing runs twice (sim_round checks every assignment). */
    ck_assert(sim_round(&s));
    ck_assert_uint_eq(s.last_revoked, 2);
    ck_assert_uint_eq(sim_member(&s, "w1")->n_owned, before_w1 - 1);
    ck_assert_uint_eq(sim_member(&s, "w2")->n_owned, before_w2 - 1);
    /* Round 2: the revoked tasks go to the newcomer. */
    ck_assert(sim_round(&s));
    ck_assert_uint_eq(s.last_revoked, 0);
    ck_assert_uint_eq(s.last_assigned, 2);
    ck_assert_uint_eq(sim_member(&s, "w3")->n_owned, 2);
    assert_balanced(&s);
    ck_assert(!sim_round(&s));
    sim_free(&s);
}
END_TEST

START_TEST(test_revocation_not_applied) {
    sim_t s;
    sim_init(&s, 0);
    sim_add_member(&s, "w1");
    sim_set_conn(&s, "conn-a", 6);
    sim_converge(&s);
    sim_add_member(&s, "w2");
    /* w1 is told to give up 3 tasks but comes back still running them:
     * they must not be handed to w2 (sim_round checks), and are revoked
     * again. */
    s.ignore_revocations = true;
    ck_assert(sim_round(&s));
    ck_assert_uint_eq(s.last_revoked, 3);
    ck_assert(sim_round(&s));
    ck_assert_uint_eq(s.last_assigned, 0);
    ck_assert_uint_eq(s.last_revoked, 3);
    s.ignore_revocations = false;
    ck_assert_int_le(sim_converge(&s), 2);
    assert_balanced(&s);
    sim_free(&s);
}
END_TEST

START_TEST(test_connector_deleted_and_tasks_reduced) {
    sim_t s;
    three_members(&s, 0);
    sim_set_conn(&s, "conn-c", 2);
    sim_converge(&s);
    assert_balanced(&s);
    sim_delete_conn(&s, "conn-b");
    sim_set_conn(&s, "conn-a", 1);
    ck_assert(sim_round(&s));
    /* conn-b with its 4 tasks, conn-a's tasks 1 and 2. */
    ck_assert_uint_ge(s.last_revoked, 7);
    ck_assert_uint_eq(owners_of(&s, "conn-b", -1), 0);
    for (int t = 0; t < 4; t++)
        ck_assert_uint_eq(owners_of(&s, "conn-b", t), 0);
    ck_assert_uint_eq(owners_of(&s, "conn-a", 1), 0);
    ck_assert_uint_eq(owners_of(&s, "conn-a", 2), 0);
    ck_assert_int_le(sim_converge(&s), 2);
    assert_balanced(&s);
    sim_free(&s);
}
END_TEST

START_TEST(test_lost_work_waits_for_delay) {
    sim_t s;
    three_members(&s, 10000);
    sim_converge(&s);
    size_t lost = sim_member(&s, "w3")->n_owned;
    sim_remove_member(&s, "w3");

    s.now = 2000;
    ck_assert(!sim_round(&s)); /* nothing moves yet */
    ck_assert_int_eq(s.last_delay, 10000);
    s.now = 5000;
    sim_member_t *back = sim_add_member(&s, "w9"); /* the worker restarts, new id */
    ck_assert(!sim_round(&s));
    ck_assert_int_eq(s.last_delay, 7000); /* the remaining time, not a new delay */
    ck_assert_uint_eq(back->n_owned, 0);   /* no balancing while waiting */

    s.now = 12000; /* the deadline */
    ck_assert(sim_round(&s));
    ck_assert_int_eq(s.last_delay, 0);
    ck_assert_uint_eq(s.last_revoked, 0);
    ck_assert_uint_eq(s.last_assigned, lost);
    ck_assert_uint_eq(back->n_owned, lost); /* the empty worker gets it back */
    assert_balanced(&s);
    ck_assert(!sim_round(&s));
    sim_free(&s);
}
END_TEST

START_TEST(test_lost_work_after_delay_without_return) {
    sim_t s;
    three_members(&s, 500);
    sim_converge(&s);
    sim_remove_member(&s, "w1");
    ck_assert(!sim_round(&s));
    ck_assert_int_eq(s.last_delay, 500);
    s.now += 499;
    ck_assert(!sim_round(&s));
    ck_assert_int_eq(s.last_delay, 1);
    s.now += 1;
    ck_assert(sim_round(&s));
    ck_assert_int_eq(s.last_delay, 0);
    assert_balanced(&s);
    ck_assert(!sim_round(&s));
    sim_free(&s);
}
END_TEST

START_TEST(test_duplicates_revoked_from_all) {
    sim_t s;
    three_members(&s, 0);
    sim_converge(&s);
    /* w1 and w2 both claim conn-a/0 (say, after a botched handover). */
    sim_member_t *w1 = sim_member(&s, "w1"), *w2 = sim_member(&s, "w2");
    if (!connect_work_list_contains(w1->owned, w1->n_owned, "conn-a", 0))
        connect_work_list_add(&w1->owned, &w1->n_owned, "conn-a", 0);
    if (!connect_work_list_contains(w2->owned, w2->n_owned, "conn-a", 0))
        connect_work_list_add(&w2->owned, &w2->n_owned, "conn-a", 0);
    ck_assert(sim_round(&s));
    ck_assert_uint_eq(owners_of(&s, "conn-a", 0), 0);
    ck_assert_int_le(sim_converge(&s), 2);
    assert_balanced(&s);
    sim_free(&s);
}
END_TEST

START_TEST(test_new_leader_keeps_running_work) {
    sim_t s;
    three_members(&s, 10000);
    sim_converge(&s);
    /* A new leader knows nothing: running work stays put, and unowned
     * configured work is simply new (no delay). */
    assignor_destroy(s.a);
    s.a = assignor_new(10000);
    sim_remove_member(&s, "w2");
    ck_assert(sim_round(&s));
    ck_assert_uint_eq(s.last_revoked, 0);
    ck_assert_int_eq(s.last_delay, 0);
    assert_balanced(&s);
    /* Same when this leader skipped generations (another led in between). */
    sim_add_member(&s, "w4");
    sim_converge(&s);
    sim_remove_member(&s, "w4");
    s.gen += 5;
    ck_assert(sim_round(&s));
    ck_assert_int_eq(s.last_delay, 0);
    assert_balanced(&s);
    sim_free(&s);
}
END_TEST

/* Many shapes of cluster, joins and leaves: every step converges in at most
 * two changing rounds to a balanced assignment. */
START_TEST(test_churn_converges) {
    static const char *names[] = {"c0", "c1", "c2", "c3", "c4", "c5"};
    uint32_t seed = 7;
    for (int scenario = 0; scenario < 60; scenario++) {
        sim_t s;
        sim_init(&s, 0);
        size_t nc = (size_t)(scenario % 6) + 1;
        for (size_t i = 0; i < nc; i++) {
            seed = seed * 1103515245u + 12345u;
            sim_set_conn(&s, names[i], (int)((seed >> 16) % 7));
        }
        int next_id = 0;
        char id[16];
        for (int i = 0; i < 1 + scenario % 4; i++) {
            snprintf(id, sizeof id, "m%02d", next_id++);
            sim_add_member(&s, id);
        }
        ck_assert_int_le(sim_converge(&s), 2);
        assert_balanced(&s);
        for (int step = 0; step < 6 && next_id < MAX_MEMBERS; step++) {
            seed = seed * 1103515245u + 12345u;
            size_t present = 0;
            for (size_t i = 0; i < s.n_m; i++)
                present += s.m[i].present;
            if ((seed >> 16) % 2 && present > 1) {
                size_t k = (seed >> 20) % present;
                for (size_t i = 0; i < s.n_m; i++) {
                    if (s.m[i].present && k-- == 0) {
                        sim_remove_member(&s, s.m[i].id);
                        break;
                    }
                }
            } else {
                snprintf(id, sizeof id, "m%02d", next_id++);
                sim_add_member(&s, id);
            }
            if ((seed >> 24) % 3 == 0)
                sim_set_conn(&s, names[(seed >> 12) % 6], (int)((seed >> 8) % 5));
            ck_assert_int_le(sim_converge(&s), 2);
            assert_balanced(&s);
        }
        sim_free(&s);
    }
}
END_TEST

START_TEST(test_no_members_no_connectors) {
    assignor_t *a = assignor_new(0);
    ck_assert_int_eq(assignor_assign(a, 1, 0, NULL, 0, NULL, 0, NULL), 0);
    assignor_member_t m = {"w1", NULL, 0};
    assignor_result_t r;
    ck_assert_int_eq(assignor_assign(a, 2, 0, &m, 1, NULL, 0, &r), 0);
    ck_assert_uint_eq(r.n_assigned, 0);
    ck_assert_uint_eq(r.n_revoked, 0);
    assignor_result_clear(&r);
    assignor_result_clear(NULL);
    assignor_destroy(a);
    assignor_destroy(NULL);
}
END_TEST

Suite *suite_assignor(void);
Suite *suite_assignor(void) {
    Suite *s = suite_create("assignor");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_first_round_balanced);
    tcase_add_test(tc, test_member_leaves_no_delay);
    tcase_add_test(tc, test_member_joins);
    tcase_add_test(tc, test_revocation_not_applied);
    tcase_add_test(tc, test_connector_deleted_and_tasks_reduced);
    tcase_add_test(tc, test_lost_work_waits_for_delay);
    tcase_add_test(tc, test_lost_work_after_delay_without_return);
    tcase_add_test(tc, test_duplicates_revoked_from_all);
    tcase_add_test(tc, test_new_leader_keeps_running_work);
    tcase_add_test(tc, test_churn_converges);
    tcase_add_test(tc, test_no_members_no_connectors);
    suite_add_tcase(s, tc);
    return s;
}
