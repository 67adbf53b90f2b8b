/* The metric registry and the timer primitives (see metrics.h). */
#include "metrics/metrics.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/mem.h"

#define SLOT_VALUE_BITS 44
#define SLOT_VALUE_MASK ((UINT64_C(1) << SLOT_VALUE_BITS) - 1)
#define SLOT_WINDOW_MASK ((UINT64_C(1) << (64 - SLOT_VALUE_BITS)) - 1)

/* A registered set; `m` first so a task_metrics_t* is also an entry*. */
typedef struct metrics_entry {
    task_metrics_t m;
    char *connector;
    int task;
    metrics_task_kind_t kind;
    int refs; /* the registry's (while registered) plus each holder's */
    struct metrics_entry *next;
} metrics_entry_t;

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static metrics_entry_t *registry; /* guarded by registry_lock, as are refs */

static atomic_uint_least64_t startups[2][3]; /* [what][attempts, successes, failures] */

uint64_t metrics_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- timers ---- */

static uint64_t window_of(uint64_t now_ns) {
    return (now_ns / METRICS_WINDOW_NS) & SLOT_WINDOW_MASK;
}

void metrics_timer_record(metrics_timer_t *t, uint64_t ns, uint64_t now_ns) {
    atomic_fetch_add_explicit(&t->count, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&t->sum_ns, ns, memory_order_relaxed);
    if (ns > SLOT_VALUE_MASK) ns = SLOT_VALUE_MASK; /* ~4.9 hours: plenty for a batch */
    uint64_t w = window_of(now_ns);
    atomic_uint_least64_t *slot = &t->max_slot[w & 1];
    uint64_t want = (w << SLOT_VALUE_BITS) | ns;
    uint64_t cur = atomic_load_explicit(slot, memory_order_relaxed);
    /* A slot of an older window is simply overwritten: that window ended. */
    while (((cur >> SLOT_VALUE_BITS) != w || (cur & SLOT_VALUE_MASK) < ns) &&
           !atomic_compare_exchange_weak_explicit(slot, &cur, want, memory_order_relaxed,
                                                  memory_order_relaxed)) {
    }
}

uint64_t metrics_timer_max(const metrics_timer_t *t, uint64_t now_ns) {
    uint64_t w = window_of(now_ns), prev = (w - 1) & SLOT_WINDOW_MASK, max = 0;
    for (int i = 0; i < 2; i++) {
        uint64_t v = atomic_load_explicit(&t->max_slot[i], memory_order_relaxed);
        uint64_t vw = v >> SLOT_VALUE_BITS;
        if ((vw == w || vw == prev) && (v & SLOT_VALUE_MASK) > max) max = v & SLOT_VALUE_MASK;
    }
    return max;
}

void task_metrics_time(task_metrics_t *m, task_timer_t t, uint64_t ns) {
    if (m) metrics_timer_record(&m->timers[t], ns, metrics_now_ns());
}

/* ---- registry ---- */

static void entry_free(metrics_entry_t *e) {
    free(e->connector);
    free(e);
}

task_metrics_t *metrics_task_acquire(const char *connector, int task, metrics_task_kind_t kind) {
    pthread_mutex_lock(&registry_lock);
    metrics_entry_t *e = registry;
    while (e && (e->task != task || strcmp(e->connector, connector) != 0)) e = e->next;
    if (!e) {
        e = xcalloc(1, sizeof *e); /* zeroed memory is a valid initial atomic state */
        e->connector = xstrdup(connector);
        e->task = task;
        e->refs = 1;
        e->next = registry;
        registry = e;
    }
    e->kind = kind; /* a connector recreated with another class may change it */
    e->refs++;
    pthread_mutex_unlock(&registry_lock);
    return &e->m;
}

void metrics_task_release(task_metrics_t *m) {
    if (!m) return;
    metrics_entry_t *e = (metrics_entry_t *)m;
    pthread_mutex_lock(&registry_lock);
    bool last = --e->refs == 0;
    pthread_mutex_unlock(&registry_lock);
    if (last) entry_free(e);
}

void metrics_forget_connector(const char *connector) {
    metrics_entry_t *dead = NULL;
    pthread_mutex_lock(&registry_lock);
    for (metrics_entry_t **pp = &registry; *pp;) {
        metrics_entry_t *e = *pp;
        if (strcmp(e->connector, connector) != 0) {
            pp = &e->next;
            continue;
        }
        *pp = e->next;
        if (--e->refs == 0) {
            e->next = dead;
            dead = e;
        }
    }
    pthread_mutex_unlock(&registry_lock);
    while (dead) {
        metrics_entry_t *e = dead;
        dead = e->next;
        entry_free(e);
    }
}

void metrics_startup_attempt(metrics_startup_of_t what) {
    atomic_fetch_add_explicit(&startups[what][0], 1, memory_order_relaxed);
}

void metrics_startup_result(metrics_startup_of_t what, bool ok) {
    atomic_fetch_add_explicit(&startups[what][ok ? 1 : 2], 1, memory_order_relaxed);
}

/* ---- snapshots ---- */

static int snapshot_cmp(const void *a, const void *b) {
    const metrics_task_snapshot_t *x = a, *y = b;
    int c = strcmp(x->connector, y->connector);
    return c ? c : (x->task > y->task) - (x->task < y->task);
}

void metrics_snapshot_tasks(metrics_task_snapshot_t **out, size_t *n) {
    uint64_t now = metrics_now_ns();
    pthread_mutex_lock(&registry_lock);
    size_t count = 0;
    for (metrics_entry_t *e = registry; e; e = e->next) count++;
    metrics_task_snapshot_t *s = xcalloc(count ? count : 1, sizeof *s);
    size_t i = 0;
    for (metrics_entry_t *e = registry; e; e = e->next, i++) {
        s[i].connector = xstrdup(e->connector);
        s[i].task = e->task;
        s[i].kind = e->kind;
        for (int c = 0; c < TM_N_COUNTERS; c++)
            s[i].counters[c] = atomic_load_explicit(&e->m.counters[c], memory_order_relaxed);
        for (int g = 0; g < TG_N_GAUGES; g++)
            s[i].gauges[g] = atomic_load_explicit(&e->m.gauges[g], memory_order_relaxed);
        for (int t = 0; t < TT_N_TIMERS; t++) {
            const metrics_timer_t *tm = &e->m.timers[t];
            s[i].timers[t].count = atomic_load_explicit(&tm->count, memory_order_relaxed);
            s[i].timers[t].sum_ns = atomic_load_explicit(&tm->sum_ns, memory_order_relaxed);
            s[i].timers[t].max_ns = metrics_timer_max(tm, now);
        }
    }
    pthread_mutex_unlock(&registry_lock);
    qsort(s, count, sizeof *s, snapshot_cmp);
    *out = s;
    *n = count;
}

void metrics_snapshot_free(metrics_task_snapshot_t *s, size_t n) {
    if (!s) return;
    for (size_t i = 0; i < n; i++) free(s[i].connector);
    free(s);
}

void metrics_snapshot_startups(metrics_startup_snapshot_t *connectors,
                               metrics_startup_snapshot_t *tasks) {
    metrics_startup_snapshot_t *outs[2] = {connectors, tasks};
    for (int w = 0; w < 2; w++) {
        if (!outs[w]) continue;
        outs[w]->attempts = atomic_load(&startups[w][0]);
        outs[w]->successes = atomic_load(&startups[w][1]);
        outs[w]->failures = atomic_load(&startups[w][2]);
    }
}
