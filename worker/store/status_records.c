/* Status topic records and the read-side cache (status_records.h). */
#include "store/status_records.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "log/log.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.storage.KafkaStatusBackingStore"

#define CONNECTOR_PREFIX "status-connector-"
#define TASK_PREFIX "status-task-"
#define TOPIC_PREFIX "status-topic-"
#define TOPIC_SEPARATOR ":connector-"

void status_entry_clear(status_entry_t *e) {
    if (!e) return;
    free(e->state);
    free(e->trace);
    free(e->worker_id);
    free(e->version);
    memset(e, 0, sizeof *e);
}

static void entry_copy(status_entry_t *dst, const status_entry_t *src) {
    dst->state = xstrdup(src->state);
    dst->trace = xstrdup(src->trace);
    dst->worker_id = xstrdup(src->worker_id);
    dst->generation = src->generation;
    dst->version = xstrdup(src->version);
}

char *status_record_key(const char *connector, int task) {
    return task < 0 ? xasprintf(CONNECTOR_PREFIX "%s", connector)
                    : xasprintf(TASK_PREFIX "%s-%d", connector, task);
}

char *status_record_topic_key(const char *topic, const char *connector) {
    return xasprintf(TOPIC_PREFIX "%s" TOPIC_SEPARATOR "%s", topic, connector);
}

static json_t *str_or_null(const char *s) { return s ? json_string_nocheck(s) : json_null(); }

static char *dump(json_t *j) {
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return s;
}

char *status_record_value(const status_entry_t *e) {
    json_t *o = json_object();
    json_object_set_new_nocheck(o, "state", str_or_null(e->state));
    json_object_set_new_nocheck(o, "trace", str_or_null(e->trace));
    json_object_set_new_nocheck(o, "worker_id", str_or_null(e->worker_id));
    json_object_set_new_nocheck(o, "generation", json_integer(e->generation));
    json_object_set_new_nocheck(o, "version", str_or_null(e->version));
    return dump(o);
}

char *status_record_topic_value(const char *topic, const char *connector, int task,
                                int64_t discover_ms) {
    json_t *t = json_object();
    json_object_set_new_nocheck(t, "name", str_or_null(topic));
    json_object_set_new_nocheck(t, "connector", str_or_null(connector));
    json_object_set_new_nocheck(t, "task", json_integer(task));
    json_object_set_new_nocheck(t, "discoverTimestamp", json_integer(discover_ms));
    json_t *o = json_object();
    json_object_set_new_nocheck(o, "topic", t);
    return dump(o);
}

static const char *const STATES[] = {"UNASSIGNED", "RUNNING", "PAUSED",    "FAILED",
                                     "DESTROYED",  "RESTARTING", "STOPPED", NULL};

static bool known_state(const char *s) {
    for (const char *const *k = STATES; *k; k++)
        if (strcmp(*k, s) == 0) return true;
    return false;
}

static json_t *load(const char *value, size_t len) {
    json_error_t jerr;
    return value && len ? json_loadb(value, len, JSON_DECODE_ANY, &jerr) : NULL;
}

/* A string field or NULL; *bad when present with another type. */
static const char *opt_string(const json_t *o, const char *k, bool *bad) {
    json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v)) return NULL;
    if (!json_is_string(v)) *bad = true;
    return json_string_value(v);
}

int status_record_parse(const char *value, size_t len, status_entry_t *out) {
    memset(out, 0, sizeof *out);
    json_t *j = load(value, len);
    bool bad = !json_is_object(j);
    const char *state = bad ? NULL : opt_string(j, "state", &bad);
    json_t *gen = json_object_get(j, "generation");
    if (bad || !state || !known_state(state) || !json_is_integer(gen)) {
        json_decref(j);
        return -1;
    }
    out->state = xstrdup(state);
    out->trace = xstrdup(opt_string(j, "trace", &bad));
    out->worker_id = xstrdup(opt_string(j, "worker_id", &bad));
    out->version = xstrdup(opt_string(j, "version", &bad));
    out->generation = (int32_t)json_integer_value(gen);
    json_decref(j);
    if (bad) {
        status_entry_clear(out);
        return -1;
    }
    return 0;
}

/* ---- cache -------------------------------------------------------------- */

typedef struct cached_status {
    char *connector;
    int task; /* -1: the connector */
    status_entry_t e;
} cached_status_t;

typedef struct cached_topic {
    char *connector;
    char *topic;
    int task;
} cached_topic_t;

struct status_cache {
    cached_status_t *statuses;
    size_t n;
    cached_topic_t *topics;
    size_t n_topics;
};

status_cache_t *status_cache_new(void) { return xcalloc(1, sizeof(status_cache_t)); }

void status_cache_destroy(status_cache_t *c) {
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->statuses[i].connector);
        status_entry_clear(&c->statuses[i].e);
    }
    free(c->statuses);
    for (size_t i = 0; i < c->n_topics; i++) {
        free(c->topics[i].connector);
        free(c->topics[i].topic);
    }
    free(c->topics);
    free(c);
}

static cached_status_t *find(const status_cache_t *c, const char *connector, int task) {
    for (size_t i = 0; i < c->n; i++)
        if (c->statuses[i].task == task && strcmp(c->statuses[i].connector, connector) == 0)
            return &c->statuses[i];
    return NULL;
}

static void remove_at(status_cache_t *c, size_t i) {
    free(c->statuses[i].connector);
    status_entry_clear(&c->statuses[i].e);
    c->statuses[i] = c->statuses[--c->n];
}

/* A connector tombstone forgets its tasks too, as Kafka's remove(connector). */
static void remove_status(status_cache_t *c, const char *connector, int task) {
    for (size_t i = c->n; i-- > 0;)
        if (strcmp(c->statuses[i].connector, connector) == 0 &&
            (task < 0 || c->statuses[i].task == task))
            remove_at(c, i);
}

static void put_status(status_cache_t *c, const char *connector, int task, status_entry_t *e) {
    cached_status_t *s = find(c, connector, task);
    if (!s) {
        c->statuses = xrealloc(c->statuses, (c->n + 1) * sizeof *c->statuses);
        s = &c->statuses[c->n++];
        s->connector = xstrdup(connector);
        s->task = task;
    } else {
        status_entry_clear(&s->e);
    }
    s->e = *e; /* takes ownership */
    memset(e, 0, sizeof *e);
}

/* "<connector>-<n>" after "status-task-": the number follows the last '-'. */
static bool parse_task(const char *rest, char **connector, int *task) {
    const char *dash = strrchr(rest, '-');
    if (!dash || dash == rest || !dash[1]) return false;
    long n = 0;
    for (const char *p = dash + 1; *p; p++) {
        if (*p < '0' || *p > '9' || n > 100000000) return false;
        n = n * 10 + (*p - '0');
    }
    *connector = xstrndup(rest, (size_t)(dash - rest));
    *task = (int)n;
    return true;
}

static void apply_status(status_cache_t *c, const char *key, const char *connector, int task,
                         const char *value, size_t len) {
    if (!value) {
        remove_status(c, connector, task);
        return;
    }
    status_entry_t e;
    if (status_record_parse(value, len, &e) != 0) {
        LOG_WARN(LOGGER, "Failed to parse status with key %s", key);
        return;
    }
    const cached_status_t *cur = find(c, connector, task);
    /* A worker that had not yet read another's RUNNING may still announce
     * UNASSIGNED for the same or an older generation: keep RUNNING. */
    if (task >= 0 && cur && strcmp(e.state, "UNASSIGNED") == 0 && cur->e.state &&
        strcmp(cur->e.state, "RUNNING") == 0 && cur->e.generation >= e.generation) {
        LOG_DEBUG(LOGGER, "Ignoring stale status %s in favour of the RUNNING status", key);
        status_entry_clear(&e);
        return;
    }
    put_status(c, connector, task, &e);
}

static cached_topic_t *find_topic(const status_cache_t *c, const char *connector,
                                  const char *topic) {
    for (size_t i = 0; i < c->n_topics; i++)
        if (strcmp(c->topics[i].connector, connector) == 0 &&
            strcmp(c->topics[i].topic, topic) == 0)
            return &c->topics[i];
    return NULL;
}

static void apply_topic(status_cache_t *c, const char *key, const char *value, size_t len) {
    const char *rest = key + strlen(TOPIC_PREFIX);
    const char *colon = strchr(key, ':');
    if (!colon || colon < rest || colon == rest ||
        strncmp(colon, TOPIC_SEPARATOR, strlen(TOPIC_SEPARATOR)) != 0 ||
        !colon[strlen(TOPIC_SEPARATOR)]) {
        LOG_WARN(LOGGER, "Discarding record with invalid topic status key %s", key);
        return;
    }
    char *topic = xstrndup(rest, (size_t)(colon - rest));
    const char *connector = colon + strlen(TOPIC_SEPARATOR);
    cached_topic_t *t = find_topic(c, connector, topic);
    if (!value) {
        if (t) {
            free(t->connector);
            free(t->topic);
            *t = c->topics[--c->n_topics];
        }
        free(topic);
        return;
    }
    json_t *j = load(value, len);
    json_t *inner = json_object_get(j, "topic");
    json_t *task = json_object_get(inner, "task");
    if (!json_is_object(inner) || !json_is_integer(task)) {
        LOG_WARN(LOGGER, "Failed to parse topic status with key %s", key);
    } else if (t) {
        t->task = (int)json_integer_value(task);
    } else {
        c->topics = xrealloc(c->topics, (c->n_topics + 1) * sizeof *c->topics);
        c->topics[c->n_topics++] = (cached_topic_t){
            .connector = xstrdup(connector), .topic = topic, .task = (int)json_integer_value(task)};
        topic = NULL;
    }
    json_decref(j);
    free(topic);
}

void status_cache_apply(status_cache_t *c, const char *key_bytes, size_t key_len,
                        const char *value, size_t value_len) {
    if (!key_bytes || memchr(key_bytes, '\0', key_len)) {
        LOG_WARN(LOGGER, "Discarding record with an invalid key");
        return;
    }
    if (value && value_len == 0) value = NULL;
    char *key = xstrndup(key_bytes, key_len);
    if (strncmp(key, CONNECTOR_PREFIX, strlen(CONNECTOR_PREFIX)) == 0) {
        const char *connector = key + strlen(CONNECTOR_PREFIX);
        if (!*connector)
            LOG_WARN(LOGGER, "Discarding record with invalid connector status key %s", key);
        else
            apply_status(c, key, connector, -1, value, value_len);
    } else if (strncmp(key, TASK_PREFIX, strlen(TASK_PREFIX)) == 0) {
        char *connector;
        int task;
        if (!parse_task(key + strlen(TASK_PREFIX), &connector, &task)) {
            LOG_WARN(LOGGER, "Discarding record with invalid task status key %s", key);
        } else {
            apply_status(c, key, connector, task, value, value_len);
            free(connector);
        }
    } else if (strncmp(key, TOPIC_PREFIX, strlen(TOPIC_PREFIX)) == 0) {
        apply_topic(c, key, value, value_len);
    } else {
        LOG_WARN(LOGGER, "Discarding record with invalid key %s", key);
    }
    free(key);
}

const status_entry_t *status_cache_get(const status_cache_t *c, const char *connector, int task) {
    const cached_status_t *s = find(c, connector, task < 0 ? -1 : task);
    return s ? &s->e : NULL;
}

bool status_cache_can_write_safely(const status_cache_t *c, const char *connector, int task,
                                   const status_entry_t *e) {
    const status_entry_t *cur = status_cache_get(c, connector, task);
    if (!cur) return true;
    if (cur->worker_id && e->worker_id && strcmp(cur->worker_id, e->worker_id) == 0) return true;
    return cur->generation <= e->generation;
}

int *status_cache_tasks(const status_cache_t *c, const char *connector, size_t *n) {
    int *ids = xcalloc(c->n ? c->n : 1, sizeof *ids);
    *n = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->statuses[i].task >= 0 && strcmp(c->statuses[i].connector, connector) == 0)
            ids[(*n)++] = c->statuses[i].task;
    return ids;
}

bool status_cache_topic(const status_cache_t *c, const char *connector, const char *topic,
                        int *task) {
    const cached_topic_t *t = find_topic(c, connector, topic);
    if (t && task) *task = t->task;
    return t != NULL;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void status_cache_topics(const status_cache_t *c, const char *connector, char ***topics,
                         size_t *n) {
    char **out = xcalloc(c->n_topics ? c->n_topics : 1, sizeof *out);
    size_t k = 0;
    for (size_t i = 0; i < c->n_topics; i++)
        if (strcmp(c->topics[i].connector, connector) == 0) out[k++] = xstrdup(c->topics[i].topic);
    qsort(out, k, sizeof *out, cmp_str);
    /* Pairs are unique in the cache; dedupe anyway in case of a
     * malformed topic name echoing another. */
    size_t w = 0;
    for (size_t i = 0; i < k; i++) {
        if (w && strcmp(out[w - 1], out[i]) == 0) {
            free(out[i]);
            continue;
        }
        out[w++] = out[i];
    }
    *topics = out;
    *n = w;
}

int status_cache_copy(const status_cache_t *c, const char *connector, int task,
                      status_entry_t *out) {
    const status_entry_t *e = status_cache_get(c, connector, task);
    if (!e) return -1;
    entry_copy(out, e);
    return 0;
}
