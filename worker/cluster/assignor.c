/*
 * Incremental cooperative assignor (see assignor.h; reference §6.5, modelled
 * on Kafka's IncrementalCooperativeAssignor).
 *
 * Work items are (connector, task) pairs, task -1 being the connector
 * instance. Sets of them are sorted arrays searched with bsearch, so a round
 * costs O(n log n) in the number of items plus O(items × members) for
 * placement.
 *
 * Differences from Kafka, on purpose:
 * - Anything a member holds that is not configured is revoked, even when this
 *   leader never assigned it (Kafka only revokes deletions it remembers, so a
 *   new leader leaves a deleted connector's leftovers running).
 * - Lost work whose delay expired is placed like new work (least-loaded
 *   members first) rather than round-robin over the members that were empty
 *   during the delay: the returning worker is the least loaded one and gets
 *   it back anyway, and the result is balanced in the same round.
 * - No back-off between consecutive load-balancing revocation rounds
 *   (§6.5 step 5): it guards against rounds that keep revoking, and here
 *   revocations converge in one follow-up round; with connectd's default
 *   delay (0) Kafka's back-off is 0 as well.
 * - "Last completed generation" is approximated by generation - 1: the
 *   remembered assignment is used only when this assignor computed the
 *   previous generation.
 */
#include "cluster/assignor.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "log/log.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.runtime.distributed.IncrementalCooperativeAssignor"

/* A work item; whether the name is owned depends on the set holding it. */
typedef struct wref {
    const char *c;
    int32_t t;
} wref_t;

typedef struct wset {
    wref_t *v;
    size_t n, cap;
} wset_t;

struct assignor {
    int max_delay_ms;
    wset_t prev;         /* owned names: the total assignment after the last round */
    wset_t prev_revoked; /* owned names: what the last round revoked */
    char **prev_members; /* sorted */
    size_t n_prev_members;
    int32_t prev_generation; /* -1: none */
    bool scheduled;          /* a delayed rebalance for lost work is pending */
    int64_t scheduled_at;
    int32_t delay_ms;
};

static int wref_cmp(const void *x, const void *y) {
    const wref_t *a = x, *b = y;
    int c = strcmp(a->c, b->c);
    if (c)
        return c;
    return a->t < b->t ? -1 : a->t > b->t;
}

static void wset_push(wset_t *s, const char *c, int32_t t) {
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->v = xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = (wref_t){c, t};
}

/* Sort and drop duplicates; with owned names the duplicates' names are freed. */
static void wset_normalize(wset_t *s, bool owned) {
    if (s->n == 0)
        return;
    qsort(s->v, s->n, sizeof *s->v, wref_cmp);
    size_t k = 1;
    for (size_t i = 1; i < s->n; i++) {
        if (wref_cmp(&s->v[i], &s->v[k - 1]) == 0) {
            if (owned)
                free((void *)s->v[i].c);
        } else {
            s->v[k++] = s->v[i];
        }
    }
    s->n = k;
}

static bool wset_has(const wset_t *s, const wref_t *w) {
    return s->n && bsearch(w, s->v, s->n, sizeof *s->v, wref_cmp) != NULL;
}

static void wset_free(wset_t *s, bool owned) {
    if (owned)
        for (size_t i = 0; i < s->n; i++)
            free((void *)s->v[i].c);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* A normalized copy with owned names (state outlives the round's inputs). */
static void wset_copy_owned(wset_t *dst, const wset_t *src) {
    for (size_t i = 0; i < src->n; i++)
        wset_push(dst, xstrdup(src->v[i].c), src->v[i].t);
    wset_normalize(dst, true);
}

assignor_t *assignor_new(int max_delay_ms) {
    assignor_t *a = xcalloc(1, sizeof *a);
    a->max_delay_ms = max_delay_ms > 0 ? max_delay_ms : 0;
    a->prev_generation = -1;
    return a;
}

static void free_members(assignor_t *a) {
    for (size_t i = 0; i < a->n_prev_members; i++)
        free(a->prev_members[i]);
    free(a->prev_members);
    a->prev_members = NULL;
    a->n_prev_members = 0;
}

void assignor_destroy(assignor_t *a) {
    if (!a)
        return;
    wset_free(&a->prev, true);
    wset_free(&a->prev_revoked, true);
    free_members(a);
    free(a);
}

void assignor_result_clear(assignor_result_t *r) {
    if (!r)
        return;
    connect_work_list_free(r->assigned, r->n_assigned);
    connect_work_list_free(r->revoked, r->n_revoked);
    memset(r, 0, sizeof *r);
}

static int str_ptr_cmp(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* One member's view during a round. */
typedef struct mstate {
    size_t idx;       /* into members[] / out[] */
    const char *id;
    wset_t conns;     /* kept connectors (borrowed names), sorted */
    wset_t tasks;     /* kept tasks, sorted */
    size_t n_conns;   /* load: kept + newly assigned */
    size_t n_tasks;
} mstate_t;

static int mstate_cmp(const void *x, const void *y) {
    const mstate_t *a = x, *b = y;
    int c = strcmp(a->id, b->id);
    if (c)
        return c;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* One item held by one member (to find the active set and duplicates). */
typedef struct holding {
    wref_t w;
    size_t m; /* index into the sorted mstate array */
} holding_t;

static int holding_cmp(const void *x, const void *y) {
    const holding_t *a = x, *b = y;
    int c = wref_cmp(&a->w, &b->w);
    if (c)
        return c;
    return a->m < b->m ? -1 : a->m > b->m;
}

static void reset_delay(assignor_t *a) {
    a->scheduled = false;
    a->scheduled_at = 0;
    a->delay_ms = 0;
}

/*
 * Load-balancing revocations for one kind of work (§6.5 step 5): with
 * `total` configured items over W members each may keep floor(total/W), and
 * total % W of them one more. Members above that give up their excess (the
 * last items of their sorted list). Which over-loaded members keep the extra
 * one does not change how many items move.
 */
static void balance_revocations(mstate_t *ms, size_t w, size_t total, bool tasks,
                                assignor_result_t *out) {
    size_t min = total / w, extras = total % w, given = 0;
    for (size_t i = 0; i < w; i++) {
        wset_t *held = tasks ? &ms[i].tasks : &ms[i].conns;
        if (held->n <= min)
            continue;
        size_t max = min;
        if (given < extras) {
            given++;
            max = min + 1;
        }
        while (held->n > max) {
            const wref_t *victim = &held->v[--held->n];
            connect_work_list_add(&out[ms[i].idx].revoked, &out[ms[i].idx].n_revoked, victim->c,
                                  victim->t);
        }
    }
    for (size_t i = 0; i < w; i++) {
        ms[i].n_conns = ms[i].conns.n;
        ms[i].n_tasks = ms[i].tasks.n;
    }
}

/* Place one item on the least-loaded member; ties go to the lowest member id,
 * which makes successive placements round-robin across the tied members. */
static size_t place(mstate_t *ms, size_t w, const wref_t *item, assignor_result_t *out) {
    bool is_conn = item->t == -1;
    size_t best = 0;
    for (size_t i = 1; i < w; i++) {
        size_t li = is_conn ? ms[i].n_conns : ms[i].n_tasks;
        size_t lb = is_conn ? ms[best].n_conns : ms[best].n_tasks;
        if (li < lb)
            best = i;
    }
    if (is_conn)
        ms[best].n_conns++;
    else
        ms[best].n_tasks++;
    connect_work_list_add(&out[ms[best].idx].assigned, &out[ms[best].idx].n_assigned, item->c,
                          item->t);
    return best;
}

int assignor_assign(assignor_t *a, int32_t generation, int64_t now_ms,
                    const assignor_member_t *members, size_t n_members,
                    const assignor_connector_t *connectors, size_t n_connectors,
                    assignor_result_t *out) {
    for (size_t i = 0; i < n_members; i++)
        memset(&out[i], 0, sizeof out[i]);
    if (n_members == 0)
        return 0;

    /* Configured work. */
    wset_t configured = {0};
    for (size_t i = 0; i < n_connectors; i++) {
        if (!connectors[i].name)
            continue;
        wset_push(&configured, connectors[i].name, -1);
        for (int t = 0; t < connectors[i].n_tasks; t++)
            wset_push(&configured, connectors[i].name, t);
    }
    wset_normalize(&configured, false);

    /* Members sorted by id: placement and balancing are deterministic. */
    size_t w = n_members;
    mstate_t *ms = xcalloc(w, sizeof *ms);
    for (size_t i = 0; i < w; i++) {
        ms[i].idx = i;
        ms[i].id = members[i].member_id ? members[i].member_id : "";
    }
    qsort(ms, w, sizeof *ms, mstate_cmp);

    /* Who holds what: the active set and the duplicates. */
    size_t n_hold = 0;
    for (size_t i = 0; i < w; i++)
        n_hold += members[ms[i].idx].n_owned;
    holding_t *hold = xmalloc((n_hold ? n_hold : 1) * sizeof *hold);
    n_hold = 0;
    for (size_t i = 0; i < w; i++) {
        const assignor_member_t *m = &members[ms[i].idx];
        for (size_t j = 0; j < m->n_owned; j++)
            if (m->owned[j].connector)
                hold[n_hold++] = (holding_t){{m->owned[j].connector, m->owned[j].task}, i};
    }
    qsort(hold, n_hold, sizeof *hold, holding_cmp);
    wset_t active = {0}, duplicated = {0};
    for (size_t i = 0; i < n_hold; i++) {
        if (i > 0 && wref_cmp(&hold[i].w, &hold[i - 1].w) == 0) {
            if (hold[i].m != hold[i - 1].m)
                wset_push(&duplicated, hold[i].w.c, hold[i].w.t);
            continue;
        }
        wset_push(&active, hold[i].w.c, hold[i].w.t);
    }
    wset_normalize(&duplicated, false);

    /* The remembered assignment is only valid if this assignor produced the
     * generation right before this one (§6.5 step 2). */
    if ((int64_t)a->prev_generation != (int64_t)generation - 1 && a->prev.n) {
        LOG_DEBUG(LOGGER, "forgetting the assignment of generation %d (assigning %d)",
                  (int)a->prev_generation, (int)generation);
        wset_free(&a->prev, true);
    }
    /* A revocation that did not take effect (the item is still running)
     * makes the remembered assignment wrong: start from what runs. */
    for (size_t i = 0; i < a->prev_revoked.n; i++) {
        if (wset_has(&active, &a->prev_revoked.v[i])) {
            wset_free(&a->prev, true);
            wset_copy_owned(&a->prev, &active);
            break;
        }
    }
    wset_free(&a->prev_revoked, true);

    /* Revoke deleted (not configured) and duplicated items; keep the rest. */
    for (size_t i = 0; i < n_hold; i++) {
        if (i > 0 && holding_cmp(&hold[i], &hold[i - 1]) == 0)
            continue; /* a member listing an item twice */
        mstate_t *m = &ms[hold[i].m];
        const wref_t *it = &hold[i].w;
        if (!wset_has(&configured, it) || wset_has(&duplicated, it))
            connect_work_list_add(&out[m->idx].revoked, &out[m->idx].n_revoked, it->c, it->t);
        else
            wset_push(it->t == -1 ? &m->conns : &m->tasks, it->c, it->t);
    }

    /* Lost: remembered, still configured, running nowhere. Created:
     * configured, neither remembered nor running. */
    wset_t lost = {0}, to_place = {0};
    for (size_t i = 0; i < a->prev.n; i++)
        if (wset_has(&configured, &a->prev.v[i]) && !wset_has(&active, &a->prev.v[i]))
            wset_push(&lost, a->prev.v[i].c, a->prev.v[i].t);
    for (size_t i = 0; i < configured.n; i++)
        if (!wset_has(&a->prev, &configured.v[i]) && !wset_has(&active, &configured.v[i]))
            wset_push(&to_place, configured.v[i].c, configured.v[i].t);

    /* §6.5 step 4: lost work waits for its holder to come back, up to
     * max_delay_ms, unless nobody actually left (then the previous
     * assignment simply never reached its member). */
    bool everyone_back = true;
    for (size_t i = 0; i < a->n_prev_members && everyone_back; i++) {
        bool found = false;
        for (size_t j = 0; j < w && !found; j++)
            found = strcmp(ms[j].id, a->prev_members[i]) == 0;
        everyone_back = found;
    }
    if (lost.n == 0) {
        reset_delay(a);
    } else if ((!a->scheduled && everyone_back) || a->max_delay_ms == 0) {
        for (size_t i = 0; i < lost.n; i++)
            wset_push(&to_place, lost.v[i].c, lost.v[i].t);
        reset_delay(a);
    } else if (a->scheduled && now_ms >= a->scheduled_at) {
        LOG_INFO(LOGGER, "scheduled rebalance delay expired: reassigning %zu lost items", lost.n);
        for (size_t i = 0; i < lost.n; i++)
            wset_push(&to_place, lost.v[i].c, lost.v[i].t);
        reset_delay(a);
    } else {
        if (!a->scheduled) {
            a->scheduled = true;
            a->scheduled_at = now_ms + a->max_delay_ms;
        }
        int64_t left = a->scheduled_at - now_ms;
        a->delay_ms = (int32_t)(left > a->max_delay_ms ? a->max_delay_ms : left);
        LOG_INFO(LOGGER, "%zu lost items wait %d ms for their worker to return", lost.n,
                 (int)a->delay_ms);
    }
    wset_normalize(&to_place, false);

    /* §6.5 step 5, only when no delay is pending (moving work while waiting
     * for a worker to return would be undone by its return). */
    size_t n_conf_conns = 0;
    for (size_t i = 0; i < configured.n; i++)
        n_conf_conns += configured.v[i].t == -1;
    for (size_t i = 0; i < w; i++) {
        ms[i].n_conns = ms[i].conns.n;
        ms[i].n_tasks = ms[i].tasks.n;
    }
    if (a->delay_ms == 0) {
        balance_revocations(ms, w, n_conf_conns, false, out);
        balance_revocations(ms, w, configured.n - n_conf_conns, true, out);
    }

    /* §6.5 step 6: new and reassigned work to the least-loaded members,
     * connectors first. None of it is running anywhere (it is not active),
     * so nothing starts twice. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < to_place.n; i++)
            if ((to_place.v[i].t == -1) == (pass == 0))
                place(ms, w, &to_place.v[i], out);

    /* Remember for the next round: what will run, what was revoked, lost
     * work still waiting, and who was there. */
    wset_t next = {0}; /* built aside: lost[] borrows names from a->prev */
    for (size_t i = 0; i < w; i++) {
        const assignor_result_t *r = &out[ms[i].idx];
        for (size_t j = 0; j < ms[i].conns.n; j++)
            wset_push(&next, xstrdup(ms[i].conns.v[j].c), -1);
        for (size_t j = 0; j < ms[i].tasks.n; j++)
            wset_push(&next, xstrdup(ms[i].tasks.v[j].c), ms[i].tasks.v[j].t);
        for (size_t j = 0; j < r->n_assigned; j++)
            wset_push(&next, xstrdup(r->assigned[j].connector), r->assigned[j].task);
        for (size_t j = 0; j < r->n_revoked; j++)
            wset_push(&a->prev_revoked, xstrdup(r->revoked[j].connector), r->revoked[j].task);
        out[ms[i].idx].delay_ms = a->delay_ms;
    }
    if (a->delay_ms > 0)
        for (size_t i = 0; i < lost.n; i++)
            wset_push(&next, xstrdup(lost.v[i].c), lost.v[i].t);
    wset_free(&lost, false);
    wset_free(&a->prev, true);
    a->prev = next;
    wset_normalize(&a->prev, true);
    wset_normalize(&a->prev_revoked, true);
    free_members(a);
    a->prev_members = xmalloc(w * sizeof *a->prev_members);
    for (size_t i = 0; i < w; i++)
        a->prev_members[i] = xstrdup(ms[i].id);
    a->n_prev_members = w;
    qsort(a->prev_members, w, sizeof *a->prev_members, str_ptr_cmp);
    a->prev_generation = generation;

    for (size_t i = 0; i < w; i++) {
        wset_free(&ms[i].conns, false);
        wset_free(&ms[i].tasks, false);
    }
    free(ms);
    free(hold);
    wset_free(&configured, false);
    wset_free(&active, false);
    wset_free(&duplicated, false);
    wset_free(&to_place, false);
    return 0;
}
