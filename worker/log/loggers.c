/*
 * The logger registry: named loggers in a hash table that readers probe
 * without a lock (open addressing, slots published with release stores,
 * tables only ever replaced by bigger ones, never freed), and levels kept
 * under one mutex. Level changes are rare, so each one recomputes the
 * effective threshold of every logger; logging itself reads one atomic.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "log/log.h"
#include "log/loggers.h"
#include "util/mem.h"

#define LOGGERS_LOGGER "org.apache.kafka.connect.runtime.Loggers"

typedef struct entry {
    log_logger_t pub; /* first, so a log_logger_t * is the entry */
    uint64_t hash;
    size_t len;
    int own;               /* log_level_t set on this logger, or -1 (inherits) */
    log_level_t effective; /* guarded by g_lock, mirrored in pub.threshold */
    int64_t last_modified; /* -1: never changed through log_levels_set */
} entry_t;

typedef struct table {
    size_t mask;
    entry_t *_Atomic slots[];
} table_t;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static table_t *_Atomic g_table;
/* Set once two names share a (hash, length): probes then compare names. */
static atomic_bool g_collision;
/* Every entry but root, and the tables replaced by bigger ones (readers may
 * still be probing them); both guarded by g_lock. */
static entry_t **g_all;
static size_t g_n, g_cap;
static table_t **g_retired;
static size_t g_n_retired;

static entry_t g_root = {
    .pub = {.threshold = CD_LOG_INFO, .name = "root"},
    .own = LOG_LEVEL_INFO,
    .effective = LOG_LEVEL_INFO,
    .last_modified = -1,
};

/* The names the worker's own code logs under, known from the start as
 * Java's are once their classes load, so GET /admin/loggers shows users
 * what they can set. Other names register when first logged under. */
static const char *const worker_logger_names[] = {
    "org.apache.kafka.common.config.AbstractConfig",
    "org.apache.kafka.connect.cli.ConnectStandalone",
    "org.apache.kafka.connect.json.JsonConverter",
    "org.apache.kafka.connect.runtime.Loggers",
    "org.apache.kafka.connect.runtime.Worker",
    "org.apache.kafka.connect.runtime.WorkerSinkTask",
    "org.apache.kafka.connect.runtime.WorkerSourceTask",
    "org.apache.kafka.connect.runtime.WorkerTask",
    "org.apache.kafka.connect.runtime.errors.DeadLetterQueueReporter",
    "org.apache.kafka.connect.runtime.errors.LogReporter",
    "org.apache.kafka.connect.runtime.isolation.PluginUtils",
    "org.apache.kafka.connect.runtime.rest.RestServer",
    "org.apache.kafka.connect.runtime.rest.resources.LoggingResource",
    "org.apache.kafka.connect.runtime.standalone.StandaloneHerder",
    "org.apache.kafka.connect.storage.SimpleHeaderConverter",
};

static const char *const level_strs[] = {"OFF",  "FATAL", "ERROR", "WARN",
                                         "INFO", "DEBUG", "TRACE", "ALL"};
static const int level_thresholds[] = {
    [LOG_LEVEL_OFF] = LOG_THRESHOLD_NONE, [LOG_LEVEL_FATAL] = CD_LOG_ERROR,
    [LOG_LEVEL_ERROR] = CD_LOG_ERROR,     [LOG_LEVEL_WARN] = CD_LOG_WARN,
    [LOG_LEVEL_INFO] = CD_LOG_INFO,       [LOG_LEVEL_DEBUG] = CD_LOG_DEBUG,
    [LOG_LEVEL_TRACE] = CD_LOG_TRACE,     [LOG_LEVEL_ALL] = CD_LOG_TRACE,
};

const char *log_level_str(log_level_t level) {
    return (unsigned)level <= LOG_LEVEL_ALL ? level_strs[level] : "INFO";
}

bool log_level_parse(const char *s, log_level_t *out) {
    if (!s) return false;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    for (int i = 0; i <= LOG_LEVEL_ALL; i++) {
        if (strlen(level_strs[i]) == n && strncasecmp(s, level_strs[i], n) == 0) {
            *out = (log_level_t)i;
            return true;
        }
    }
    return false;
}

int64_t log_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* FNV-1a over the name, measuring it on the way. */
static uint64_t name_hash(const char *s, size_t *len) {
    uint64_t h = 1469598103934665603ull;
    const char *p = s;
    for (; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ull;
    *len = (size_t)(p - s);
    return h;
}

static uint64_t prefix_hash(const char *s, size_t len) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* strict: always compare the names (slow paths and writers). */
static entry_t *table_find(const table_t *t, const char *name, size_t len, uint64_t h,
                           bool strict) {
    if (!t) return NULL;
    bool cmp = strict || atomic_load_explicit(&g_collision, memory_order_relaxed);
    for (size_t i = h & t->mask;; i = (i + 1) & t->mask) {
        entry_t *e = atomic_load_explicit(&t->slots[i], memory_order_acquire);
        if (!e) return NULL;
        if (e->hash == h && e->len == len && (!cmp || memcmp(e->pub.name, name, len) == 0))
            return e;
    }
}

static table_t *table_alloc(size_t cap) {
    table_t *t = xcalloc(1, sizeof *t + cap * sizeof t->slots[0]);
    t->mask = cap - 1;
    return t;
}

static void table_put(table_t *t, entry_t *e) {
    size_t i = e->hash & t->mask;
    while (atomic_load_explicit(&t->slots[i], memory_order_relaxed)) i = (i + 1) & t->mask;
    atomic_store_explicit(&t->slots[i], e, memory_order_release);
}

/* g_lock held. Keeps the table at most half full. */
static void table_insert(entry_t *e) {
    table_t *t = atomic_load_explicit(&g_table, memory_order_relaxed);
    size_t used = g_n + 1; /* g_all plus root, e already counted in g_n */
    if (used * 2 > t->mask + 1) {
        table_t *bigger = table_alloc((t->mask + 1) * 2);
        table_put(bigger, &g_root);
        for (size_t i = 0; i < g_n; i++)
            if (g_all[i] != e) table_put(bigger, g_all[i]);
        atomic_store_explicit(&g_table, bigger, memory_order_release);
        g_retired = xrealloc(g_retired, (g_n_retired + 1) * sizeof *g_retired);
        g_retired[g_n_retired++] = t;
        t = bigger;
    }
    table_put(t, e);
}

/* The level inherited from the nearest dotted ancestor (or self) that has
 * one, else root's. g_lock held. */
static log_level_t compute_effective(const char *name, size_t len) {
    const table_t *t = atomic_load_explicit(&g_table, memory_order_relaxed);
    for (;;) {
        entry_t *e = table_find(t, name, len, prefix_hash(name, len), true);
        if (e && e->own >= 0) return (log_level_t)e->own;
        while (len && name[len - 1] != '.') len--;
        if (len == 0) break;
        len--; /* drop the '.' */
    }
    return (log_level_t)g_root.own;
}

static void set_effective(entry_t *e, log_level_t level) {
    e->effective = level;
    atomic_store_explicit(&e->pub.threshold, level_thresholds[level], memory_order_relaxed);
}

static void recompute_all(void) {
    set_effective(&g_root, (log_level_t)g_root.own);
    for (size_t i = 0; i < g_n; i++)
        set_effective(g_all[i], compute_effective(g_all[i]->pub.name, g_all[i]->len));
}

static bool is_root_name(const char *name) {
    return !name || !*name || strcasecmp(name, "root") == 0;
}

/* g_lock held. */
static entry_t *get_or_create(const char *name, size_t len, uint64_t h) {
    if (is_root_name(name)) return &g_root;
    table_t *t = atomic_load_explicit(&g_table, memory_order_relaxed);
    entry_t *e = table_find(t, name, len, h, true);
    if (e) return e;
    /* A (hash, length) twin under another name makes lock-free probes
     * compare names from now on. */
    for (size_t i = 0; i < g_n; i++)
        if (g_all[i]->hash == h && g_all[i]->len == len)
            atomic_store_explicit(&g_collision, true, memory_order_seq_cst);
    e = xcalloc(1, sizeof *e);
    e->pub.name = xstrndup(name, len);
    e->hash = h;
    e->len = len;
    e->own = -1;
    e->last_modified = -1;
    set_effective(e, compute_effective(name, len));
    if (g_n == g_cap) {
        g_cap = g_cap ? g_cap * 2 : 64;
        g_all = xrealloc(g_all, g_cap * sizeof *g_all);
    }
    g_all[g_n++] = e;
    table_insert(e);
    return e;
}

static void registry_init(void) {
    pthread_mutex_lock(&g_lock);
    size_t len;
    g_root.hash = name_hash(g_root.pub.name, &len);
    g_root.len = len;
    table_t *t = table_alloc(128);
    table_put(t, &g_root);
    atomic_store_explicit(&g_table, t, memory_order_release);
    for (size_t i = 0; i < sizeof worker_logger_names / sizeof worker_logger_names[0]; i++) {
        uint64_t h = name_hash(worker_logger_names[i], &len);
        get_or_create(worker_logger_names[i], len, h);
    }
    pthread_mutex_unlock(&g_lock);
}

static void lock_registry(void) {
    pthread_once(&g_once, registry_init);
    pthread_mutex_lock(&g_lock);
}

log_logger_t *log_root_logger(void) { return &g_root.pub; }

log_logger_t *log_logger(const char *name) {
    if (!name || !*name) return &g_root.pub;
    size_t len;
    uint64_t h = name_hash(name, &len);
    entry_t *e = table_find(atomic_load_explicit(&g_table, memory_order_acquire), name, len, h,
                            false);
    if (e) return &e->pub;
    lock_registry();
    e = get_or_create(name, len, h);
    pthread_mutex_unlock(&g_lock);
    return &e->pub;
}

log_logger_t *log_site_resolve(log_logger_t *_Atomic *site, const char *name) {
    log_logger_t *l = log_logger(name);
    atomic_store_explicit(site, l, memory_order_release);
    return l;
}

static log_level_t from_cd(cd_log_level_t level) {
    switch (level) {
    case CD_LOG_TRACE: return LOG_LEVEL_TRACE;
    case CD_LOG_DEBUG: return LOG_LEVEL_DEBUG;
    case CD_LOG_INFO: return LOG_LEVEL_INFO;
    case CD_LOG_WARN: return LOG_LEVEL_WARN;
    case CD_LOG_ERROR: return LOG_LEVEL_ERROR;
    }
    return LOG_LEVEL_INFO;
}

void log_set_level(cd_log_level_t level) {
    lock_registry();
    g_root.own = from_cd(level);
    recompute_all();
    pthread_mutex_unlock(&g_lock);
}

cd_log_level_t log_get_level(void) {
    int t = atomic_load_explicit(&g_root.pub.threshold, memory_order_relaxed);
    return (cd_log_level_t)(t > CD_LOG_ERROR ? CD_LOG_ERROR : t);
}

static log_logger_level_t level_of(const entry_t *e) {
    return (log_logger_level_t){xstrdup(e->pub.name), e->effective, e->last_modified};
}

static int cmp_levels(const void *a, const void *b) {
    return strcmp(((const log_logger_level_t *)a)->name, ((const log_logger_level_t *)b)->name);
}

size_t log_levels_all(log_logger_level_t **out) {
    lock_registry();
    log_logger_level_t *v = xcalloc(g_n + 1, sizeof *v);
    size_t n = 0;
    /* Kafka leaves OFF loggers out of the listing. */
    if (g_root.effective != LOG_LEVEL_OFF) v[n++] = level_of(&g_root);
    for (size_t i = 0; i < g_n; i++)
        if (g_all[i]->effective != LOG_LEVEL_OFF) v[n++] = level_of(g_all[i]);
    pthread_mutex_unlock(&g_lock);
    qsort(v, n, sizeof *v, cmp_levels);
    *out = v;
    return n;
}

void log_logger_levels_free(log_logger_level_t *levels, size_t n) {
    if (!levels) return;
    for (size_t i = 0; i < n; i++) free(levels[i].name);
    free(levels);
}

bool log_level_get(const char *name, log_logger_level_t *out) {
    lock_registry();
    const entry_t *e = &g_root;
    if (!is_root_name(name)) {
        size_t len;
        uint64_t h = name_hash(name, &len);
        e = table_find(atomic_load_explicit(&g_table, memory_order_relaxed), name, len, h, true);
    }
    if (e) *out = level_of(e);
    pthread_mutex_unlock(&g_lock);
    if (!e) LOG_WARN(LOGGERS_LOGGER, "Unable to find level for logger %s", name);
    return e != NULL;
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t log_levels_set(const char *ns, log_level_t level, int64_t now_ms, char ***names) {
    bool root = is_root_name(ns);
    LOG_INFO(LOGGERS_LOGGER, "Setting level of namespace %s and children to %s",
             root ? "" : ns, log_level_str(level));
    lock_registry();
    size_t nslen = root ? 0 : strlen(ns);
    /* As Kafka: the namespace's logger exists before the old levels are
     * taken, so a new one that already inherits the level is unchanged. */
    entry_t *target = root ? &g_root : get_or_create(ns, nslen, prefix_hash(ns, nslen));
    entry_t **cand = xcalloc(g_n + 1, sizeof *cand);
    log_level_t *old = xcalloc(g_n + 1, sizeof *old);
    size_t nc = 0;
    if (root) cand[nc++] = &g_root;
    for (size_t i = 0; i < g_n; i++)
        if (strncmp(g_all[i]->pub.name, root ? "" : ns, nslen) == 0) cand[nc++] = g_all[i];
    for (size_t i = 0; i < nc; i++) old[i] = cand[i]->effective;

    /* log4j2's setAllLevels: the namespace, and every logger under that
     * prefix (a plain string prefix, as log4j2) that has a level of its own. */
    target->own = (int)level;
    for (size_t i = 0; i < g_n; i++)
        if (g_all[i]->own >= 0 && strncmp(g_all[i]->pub.name, root ? "" : ns, nslen) == 0)
            g_all[i]->own = (int)level;
    recompute_all();

    char **out = xcalloc(nc + 1, sizeof *out);
    size_t n = 0;
    for (size_t i = 0; i < nc; i++) {
        /* Kafka compares with the listed level, and OFF loggers are not
         * listed, so a logger that was OFF always counts as changed. */
        if (old[i] == LOG_LEVEL_OFF || old[i] != cand[i]->effective) {
            cand[i]->last_modified = now_ms;
            out[n++] = xstrdup(cand[i]->pub.name);
        }
    }
    pthread_mutex_unlock(&g_lock);
    free(cand);
    free(old);
    qsort(out, n, sizeof *out, cmp_names);
    *names = out;
    return n;
}

void log_names_free(char **names) {
    if (!names) return;
    for (char **p = names; *p; p++) free(*p);
    free(names);
}
