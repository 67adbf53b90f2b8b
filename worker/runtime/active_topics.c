/* The active topic registry and the tasks' caches (see active_topics.h). */
#include "runtime/active_topics.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/mem.h"

typedef struct connector_topics {
    char *connector;
    char **topics; /* sorted */
    size_t n, cap;
    struct connector_topics *next;
} connector_topics_t;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static connector_topics_t *connectors; /* guarded by lock */
/* Bumped by every reset and forget, so that task caches notice that what
 * they reported may be gone. */
static atomic_uint generation;

static connector_topics_t *find(const char *connector) {
    for (connector_topics_t *c = connectors; c; c = c->next)
        if (strcmp(c->connector, connector) == 0) return c;
    return NULL;
}

static void clear_topics(connector_topics_t *c) {
    for (size_t i = 0; i < c->n; i++) free(c->topics[i]);
    c->n = 0;
}

/* Binary search: the insertion point of topic; *found when present. */
static size_t position(const connector_topics_t *c, const char *topic, bool *found) {
    size_t lo = 0, hi = c->n;
    *found = false;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(c->topics[mid], topic);
        if (cmp == 0) {
            *found = true;
            return mid;
        }
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void active_topics_record(const char *connector, const char *topic) {
    pthread_mutex_lock(&lock);
    connector_topics_t *c = find(connector);
    if (!c) {
        c = xcalloc(1, sizeof *c);
        c->connector = xstrdup(connector);
        c->next = connectors;
        connectors = c;
    }
    bool found;
    size_t at = position(c, topic, &found);
    if (!found) {
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 4;
            c->topics = xrealloc(c->topics, c->cap * sizeof *c->topics);
        }
        memmove(c->topics + at + 1, c->topics + at, (c->n - at) * sizeof *c->topics);
        c->topics[at] = xstrdup(topic);
        c->n++;
    }
    pthread_mutex_unlock(&lock);
}

int active_topics_list(const char *connector, char ***names, size_t *n) {
    pthread_mutex_lock(&lock);
    connector_topics_t *c = find(connector);
    size_t count = c ? c->n : 0;
    char **out = xcalloc(count + 1, sizeof *out);
    for (size_t i = 0; i < count; i++) out[i] = xstrdup(c->topics[i]);
    pthread_mutex_unlock(&lock);
    *names = out;
    *n = count;
    return 0;
}

void active_topics_names_free(char **names, size_t n) {
    if (!names) return;
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

void active_topics_reset(const char *connector) {
    pthread_mutex_lock(&lock);
    connector_topics_t *c = find(connector);
    if (c) clear_topics(c);
    atomic_fetch_add(&generation, 1);
    pthread_mutex_unlock(&lock);
}

void active_topics_forget(const char *connector) {
    pthread_mutex_lock(&lock);
    for (connector_topics_t **pp = &connectors; *pp; pp = &(*pp)->next) {
        connector_topics_t *c = *pp;
        if (strcmp(c->connector, connector) != 0) continue;
        *pp = c->next;
        clear_topics(c);
        free(c->topics);
        free(c->connector);
        free(c);
        break;
    }
    atomic_fetch_add(&generation, 1);
    pthread_mutex_unlock(&lock);
}

/* ---- task caches ---- */

bool active_topics_tracking_enabled(const cd_props_t *worker_props) {
    const char *v = worker_props ? cd_props_get(worker_props, "topic.tracking.enable") : NULL;
    return !v || strcasecmp(v, "false") != 0;
}

void active_topics_cache_init(active_topics_cache_t *c, const char *connector, bool enabled) {
    memset(c, 0, sizeof *c);
    c->connector = xstrdup(connector);
    c->enabled = enabled;
    c->gen = atomic_load(&generation);
}

static void cache_clear(active_topics_cache_t *c) {
    for (size_t i = 0; i < c->n; i++) free(c->topics[i]);
    c->n = 0;
    c->last = 0;
}

void active_topics_cache_fini(active_topics_cache_t *c) {
    cache_clear(c);
    free(c->topics);
    free(c->connector);
    memset(c, 0, sizeof *c);
}

void active_topics_note(active_topics_cache_t *c, const char *topic) {
    if (!c->enabled || !topic) return;
    /* Read before looking: a reset after this load makes the next call
     * see a new generation and report again. */
    unsigned gen = atomic_load_explicit(&generation, memory_order_acquire);
    if (gen != c->gen) {
        cache_clear(c);
        c->gen = gen;
    }
    if (c->last < c->n && strcmp(c->topics[c->last], topic) == 0) return;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->topics[i], topic) == 0) {
            c->last = i;
            return;
        }
    active_topics_record(c->connector, topic);
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 4;
        c->topics = xrealloc(c->topics, c->cap * sizeof *c->topics);
    }
    c->last = c->n;
    c->topics[c->n++] = xstrdup(topic);
}
