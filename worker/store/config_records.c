/*
 * Config topic records (config_records.h). The state mirrors Kafka's
 * KafkaConfigBackingStore: connector configs, a target-state map that may
 * hold an entry before its connector exists (initial_state), task configs
 * buffered per connector until their commit record, and the session key.
 */
#include "store/config_records.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "log/log.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.storage.KafkaConfigBackingStore"

/* ---- rendering ---------------------------------------------------------- */

/* Compact JSON with fields in insertion order, as Kafka's JsonConverter
 * writes a struct; strings are emitted as given (no UTF-8 check, no
 * escaping of '/' or non-ASCII, like Jackson). */
static char *dump(json_t *j) {
    char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(j);
    return s;
}

static json_t *str_or_null(const char *s) { return s ? json_string_nocheck(s) : json_null(); }

char *config_record_properties(const cd_props_t *props) {
    json_t *p = json_object();
    for (size_t i = 0; props && i < cd_props_count(props); i++)
        json_object_set_new_nocheck(p, cd_props_key_at(props, i),
                                    json_string_nocheck(cd_props_value_at(props, i)));
    json_t *root = json_object();
    json_object_set_new_nocheck(root, "properties", p);
    return dump(root);
}

char *config_record_commit(int n_tasks) {
    json_t *root = json_object();
    json_object_set_new_nocheck(root, "tasks", json_integer(n_tasks));
    return dump(root);
}

const char *config_target_state_name(target_state_t t) {
    return t == TARGET_PAUSED ? "PAUSED" : t == TARGET_STOPPED ? "STOPPED" : "STARTED";
}

char *config_record_target_state(target_state_t t) {
    json_t *root = json_object();
    /* Workers before STOPPED existed read "state": PAUSED is the nearest. */
    target_state_t legacy = t == TARGET_STOPPED ? TARGET_PAUSED : t;
    json_object_set_new_nocheck(root, "state", json_string(config_target_state_name(legacy)));
    json_object_set_new_nocheck(root, "state.v2", json_string(config_target_state_name(t)));
    return dump(root);
}

char *config_record_session_key(const char *key_base64, const char *algorithm,
                                int64_t created_ms) {
    json_t *root = json_object();
    json_object_set_new_nocheck(root, "key", str_or_null(key_base64));
    json_object_set_new_nocheck(root, "algorithm", str_or_null(algorithm));
    json_object_set_new_nocheck(root, "creation-timestamp", json_integer(created_ms));
    return dump(root);
}

char *config_record_restart(bool include_tasks, bool only_failed) {
    json_t *root = json_object();
    json_object_set_new_nocheck(root, "include-tasks", json_boolean(include_tasks));
    json_object_set_new_nocheck(root, "only-failed", json_boolean(only_failed));
    return dump(root);
}

char *config_record_logger_level(const char *level) {
    json_t *root = json_object();
    json_object_set_new_nocheck(root, "level", str_or_null(level));
    return dump(root);
}

/* ---- state -------------------------------------------------------------- */

typedef struct named_target {
    char *name;
    target_state_t t;
} named_target_t;

typedef struct deferred_task {
    int id;
    cd_props_t *props;
} deferred_task_t;

typedef struct deferred {
    char *connector;
    deferred_task_t *tasks;
    size_t n;
} deferred_t;

struct config_state {
    config_connector_t *connectors; /* .target unused: targets[] is the truth */
    size_t n;
    named_target_t *targets;
    size_t n_targets;
    deferred_t *deferred;
    size_t n_deferred;
    char *session_key, *session_key_algorithm;
    int64_t session_key_created_ms;
    int64_t offset;
};

void config_event_clear(config_event_t *ev) {
    if (!ev) return;
    free(ev->name);
    free(ev->level);
    memset(ev, 0, sizeof *ev);
}

config_state_t *config_state_new(void) {
    config_state_t *st = xcalloc(1, sizeof *st);
    st->offset = -1;
    return st;
}

static void free_tasks(cd_props_t **tasks, int n) {
    for (int i = 0; i < n; i++) cd_props_destroy(tasks[i]);
    free(tasks);
}

static void connector_clear(config_connector_t *c) {
    free(c->name);
    cd_props_destroy(c->config);
    free_tasks(c->task_configs, c->n_tasks);
    memset(c, 0, sizeof *c);
}

static void deferred_clear(deferred_t *d) {
    for (size_t i = 0; i < d->n; i++) cd_props_destroy(d->tasks[i].props);
    free(d->tasks);
    free(d->connector);
}

void config_state_destroy(config_state_t *st) {
    if (!st) return;
    for (size_t i = 0; i < st->n; i++) connector_clear(&st->connectors[i]);
    free(st->connectors);
    for (size_t i = 0; i < st->n_targets; i++) free(st->targets[i].name);
    free(st->targets);
    for (size_t i = 0; i < st->n_deferred; i++) deferred_clear(&st->deferred[i]);
    free(st->deferred);
    free(st->session_key);
    free(st->session_key_algorithm);
    free(st);
}

static config_connector_t *find_connector(const config_state_t *st, const char *name) {
    for (size_t i = 0; i < st->n; i++)
        if (strcmp(st->connectors[i].name, name) == 0) return &st->connectors[i];
    return NULL;
}

static named_target_t *find_target(const config_state_t *st, const char *name) {
    for (size_t i = 0; i < st->n_targets; i++)
        if (strcmp(st->targets[i].name, name) == 0) return &st->targets[i];
    return NULL;
}

static void set_target(config_state_t *st, const char *name, target_state_t t) {
    named_target_t *nt = find_target(st, name);
    if (!nt) {
        st->targets = xrealloc(st->targets, (st->n_targets + 1) * sizeof *st->targets);
        nt = &st->targets[st->n_targets++];
        nt->name = xstrdup(name);
    }
    nt->t = t;
}

static void remove_target(config_state_t *st, const char *name) {
    named_target_t *nt = find_target(st, name);
    if (!nt) return;
    free(nt->name);
    *nt = st->targets[--st->n_targets];
}

static deferred_t *find_deferred(const config_state_t *st, const char *name) {
    for (size_t i = 0; i < st->n_deferred; i++)
        if (strcmp(st->deferred[i].connector, name) == 0) return &st->deferred[i];
    return NULL;
}

static void remove_deferred(config_state_t *st, const char *name) {
    deferred_t *d = find_deferred(st, name);
    if (!d) return;
    deferred_clear(d);
    *d = st->deferred[--st->n_deferred];
}

/* Kafka's processConnectorRemoval: the target state stays (its own
 * tombstone removes it). */
static void remove_connector(config_state_t *st, const char *name) {
    config_connector_t *c = find_connector(st, name);
    if (c) {
        size_t i = (size_t)(c - st->connectors);
        connector_clear(c);
        memmove(&st->connectors[i], &st->connectors[i + 1], (st->n - i - 1) * sizeof *c);
        st->n--;
    }
    remove_deferred(st, name);
}

/* String entries of a JSON object; null values are skipped (the props
 * map holds strings only). NULL when obj is not an object. */
static cd_props_t *props_from_json(const json_t *obj, const char *what) {
    if (!json_is_object(obj)) return NULL;
    cd_props_t *p = cd_props_new();
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)obj, k, v) {
        if (json_is_string(v))
            cd_props_set(p, k, json_string_value(v));
        else if (!json_is_null(v))
            LOG_WARN(LOGGER, "Ignoring non-string value of property %s in %s", k, what);
    }
    return p;
}

static void apply_connector(config_state_t *st, const char *name, json_t *v, config_event_t *ev) {
    if (!v) {
        remove_connector(st, name);
        LOG_INFO(LOGGER, "Successfully processed removal of connector '%s'", name);
        ev->kind = CONFIG_EVENT_CONNECTOR;
        ev->name = xstrdup(name);
        ev->removed = true;
        return;
    }
    cd_props_t *props = props_from_json(json_object_get(v, "properties"), name);
    if (!props) {
        LOG_ERROR(LOGGER,
                  "Invalid data for config for connector '%s': 'properties' field should be a Map",
                  name);
        return;
    }
    config_connector_t *c = find_connector(st, name);
    if (c) {
        cd_props_destroy(c->config);
    } else {
        st->connectors = xrealloc(st->connectors, (st->n + 1) * sizeof *st->connectors);
        c = &st->connectors[st->n++];
        memset(c, 0, sizeof *c);
        c->name = xstrdup(name);
    }
    c->config = props;
    if (!find_target(st, name)) set_target(st, name, TARGET_STARTED);
    ev->kind = CONFIG_EVENT_CONNECTOR;
    ev->name = xstrdup(name);
}

/* "task-<connector>-<n>": the number follows the last '-' (names may
 * contain dashes). */
static bool parse_task_key(const char *rest, char **connector, int *task) {
    const char *dash = strrchr(rest, '-');
    if (!dash || !dash[1]) return false;
    long n = 0;
    for (const char *c = dash + 1; *c; c++) {
        if (*c < '0' || *c > '9' || n > 100000000) return false;
        n = n * 10 + (*c - '0');
    }
    *connector = xstrndup(rest, (size_t)(dash - rest));
    *task = (int)n;
    return true;
}

static void apply_task(config_state_t *st, const char *key, json_t *v) {
    char *name;
    int id;
    if (!parse_task_key(key + strlen("task-"), &name, &id)) {
        LOG_ERROR(LOGGER,
                  "Ignoring task configuration because %s couldn't be parsed as a task config key",
                  key);
        return;
    }
    cd_props_t *props = v ? props_from_json(json_object_get(v, "properties"), key) : NULL;
    if (!props) {
        LOG_ERROR(LOGGER, "Ignoring task configuration for task %s-%d because it is %s", name, id,
                  v ? "not a map of properties" : "unexpectedly null");
        free(name);
        return;
    }
    deferred_t *d = find_deferred(st, name);
    if (!d) {
        st->deferred = xrealloc(st->deferred, (st->n_deferred + 1) * sizeof *st->deferred);
        d = &st->deferred[st->n_deferred++];
        memset(d, 0, sizeof *d);
        d->connector = xstrdup(name);
    }
    free(name);
    for (size_t i = 0; i < d->n; i++)
        if (d->tasks[i].id == id) {
            cd_props_destroy(d->tasks[i].props);
            d->tasks[i].props = props;
            return;
        }
    d->tasks = xrealloc(d->tasks, (d->n + 1) * sizeof *d->tasks);
    d->tasks[d->n++] = (deferred_task_t){.id = id, .props = props};
}

static cd_props_t *deferred_get(const deferred_t *d, int id) {
    for (size_t i = 0; d && i < d->n; i++)
        if (d->tasks[i].id == id) return d->tasks[i].props;
    return NULL;
}

static void apply_commit(config_state_t *st, const char *name, json_t *v, config_event_t *ev) {
    config_connector_t *c = find_connector(st, name);
    if (!c) {
        /* Deleted earlier and compacted away: these task configs are stale. */
        remove_deferred(st, name);
        LOG_DEBUG(LOGGER,
                  "Ignoring task configs for connector %s; it appears that the connector was "
                  "deleted previously",
                  name);
        return;
    }
    json_t *tasks = json_object_get(v, "tasks");
    if (!json_is_integer(tasks) || json_integer_value(tasks) < 0 ||
        json_integer_value(tasks) > 1000000) {
        LOG_ERROR(LOGGER,
                  "Ignoring connector tasks configuration commit for connector '%s' because it "
                  "is in the wrong format",
                  name);
        return;
    }
    int n = (int)json_integer_value(tasks);
    deferred_t *d = find_deferred(st, name);
    bool complete = true;
    for (int i = 0; i < n && complete; i++) complete = deferred_get(d, i) != NULL;
    free_tasks(c->task_configs, c->n_tasks);
    c->task_configs = NULL;
    c->n_tasks = 0;
    if (!complete) {
        LOG_DEBUG(LOGGER,
                  "We have an incomplete set of task configs for connector '%s' probably due to "
                  "compaction. So we are not doing anything with the new configuration.",
                  name);
        c->inconsistent = true;
    } else {
        c->task_configs = xcalloc((size_t)(n ? n : 1), sizeof *c->task_configs);
        for (int i = 0; i < n; i++) c->task_configs[i] = cd_props_clone(deferred_get(d, i));
        c->n_tasks = n;
        c->inconsistent = false;
    }
    /* Cleared either way: after an incomplete set a full new one must follow. */
    remove_deferred(st, name);
    ev->kind = CONFIG_EVENT_TASKS;
    ev->name = xstrdup(name);
}

static bool parse_target(const char *s, target_state_t *t) {
    if (!s) return false;
    if (strcmp(s, "STARTED") == 0) *t = TARGET_STARTED;
    else if (strcmp(s, "PAUSED") == 0) *t = TARGET_PAUSED;
    else if (strcmp(s, "STOPPED") == 0) *t = TARGET_STOPPED;
    else return false;
    return true;
}

static void apply_target(config_state_t *st, const char *name, json_t *v, config_event_t *ev) {
    if (!v) {
        remove_target(st, name);
        /* A connector still configured keeps a valid target state. */
        if (find_connector(st, name)) set_target(st, name, TARGET_STARTED);
        return; /* no event: the connector's own removal says it */
    }
    if (!json_is_object(v)) {
        LOG_ERROR(LOGGER,
                  "Ignoring target state for connector '%s' because it is in the wrong format",
                  name);
        return;
    }
    json_t *s = json_object_get(v, "state.v2");
    if (s && !json_is_null(s) && !json_is_string(s)) {
        LOG_ERROR(LOGGER,
                  "Invalid data for target state for connector '%s': 'state.v2' field should be "
                  "a String",
                  name);
        s = NULL;
    }
    if (!json_is_string(s)) {
        s = json_object_get(v, "state"); /* written by an older worker */
        if (!json_is_string(s)) {
            LOG_ERROR(LOGGER,
                      "Invalid data for target state for connector '%s': 'state' field should "
                      "be a String",
                      name);
            return;
        }
    }
    target_state_t t;
    if (!parse_target(json_string_value(s), &t)) {
        LOG_ERROR(LOGGER, "Invalid target state for connector '%s': %s", name,
                  json_string_value(s));
        return;
    }
    named_target_t *prev = find_target(st, name);
    bool changed = !prev || prev->t != t;
    set_target(st, name, t);
    if (changed && find_connector(st, name)) {
        ev->kind = CONFIG_EVENT_TARGET_STATE;
        ev->name = xstrdup(name);
    }
}

static void apply_session_key(config_state_t *st, json_t *v, config_event_t *ev) {
    json_t *key = json_object_get(v, "key"), *alg = json_object_get(v, "algorithm");
    json_t *ts = json_object_get(v, "creation-timestamp");
    if (!json_is_string(key) || !json_is_string(alg) || !json_is_integer(ts)) {
        LOG_ERROR(LOGGER, "Ignoring session key because it is %s",
                  v ? "in the wrong format" : "unexpectedly null");
        return;
    }
    free(st->session_key);
    free(st->session_key_algorithm);
    st->session_key = xstrdup(json_string_value(key));
    st->session_key_algorithm = xstrdup(json_string_value(alg));
    st->session_key_created_ms = json_integer_value(ts);
    ev->kind = CONFIG_EVENT_SESSION_KEY;
}

static bool bool_field(json_t *v, const char *field) {
    json_t *b = json_object_get(v, field);
    if (json_is_boolean(b)) return json_is_true(b);
    LOG_WARN(LOGGER,
             "Invalid data for restart request '%s' field should be a Boolean, defaulting to "
             "false",
             field);
    return false;
}

static void apply_restart(const char *name, json_t *v, config_event_t *ev) {
    if (!json_is_object(v)) {
        LOG_ERROR(LOGGER, "Ignoring restart request because the value is not a Map");
        return;
    }
    ev->kind = CONFIG_EVENT_RESTART;
    ev->name = xstrdup(name);
    ev->only_failed = bool_field(v, "only-failed");
    ev->include_tasks = bool_field(v, "include-tasks");
}

static void apply_logger(const char *ns, json_t *v, config_event_t *ev) {
    json_t *level = json_object_get(v, "level");
    if (!json_is_string(level)) {
        LOG_ERROR(LOGGER, "Ignoring logging level for namespace %s because it is %s", ns,
                  v ? "in the wrong format" : "unexpectedly null");
        return;
    }
    ev->kind = CONFIG_EVENT_LOGGER;
    ev->name = xstrdup(ns);
    ev->level = xstrdup(json_string_value(level));
}

/* JsonConverter with schemas disabled; a {"schema","payload"} envelope
 * (schemas enabled) is unwrapped. *ok false when the bytes are not JSON. */
static json_t *parse_value(const char *value, size_t len, bool *ok) {
    *ok = true;
    if (!value || len == 0) return NULL;
    json_error_t jerr;
    json_t *j = json_loadb(value, len, JSON_DECODE_ANY, &jerr);
    if (!j) {
        *ok = false;
        return NULL;
    }
    json_t *payload = json_object_get(j, "payload");
    if (json_object_size(j) == 2 && payload && json_object_get(j, "schema")) {
        json_incref(payload);
        json_decref(j);
        j = payload;
    }
    if (json_is_null(j)) {
        json_decref(j);
        return NULL;
    }
    return j;
}

#define PREFIX(s, p) (strncmp((s), (p), strlen(p)) == 0)

void config_state_apply(config_state_t *st, const char *key_bytes, size_t key_len,
                        const char *value, size_t value_len, int64_t offset, config_event_t *ev) {
    memset(ev, 0, sizeof *ev);
    if (!key_bytes || memchr(key_bytes, '\0', key_len)) {
        LOG_ERROR(LOGGER, "Discarding config update record with invalid key at offset %lld",
                  (long long)offset);
        st->offset = offset + 1;
        return;
    }
    bool ok;
    json_t *v = parse_value(value, value_len, &ok);
    if (!ok) {
        /* Kafka skips it without moving its offset. */
        LOG_ERROR(LOGGER, "Failed to convert config data to Kafka Connect format at offset %lld",
                  (long long)offset);
        return;
    }
    st->offset = offset + 1;
    char *key = xstrndup(key_bytes, key_len);
    if (PREFIX(key, "target-state-"))
        apply_target(st, key + strlen("target-state-"), v, ev);
    else if (PREFIX(key, "connector-"))
        apply_connector(st, key + strlen("connector-"), v, ev);
    else if (PREFIX(key, "task-"))
        apply_task(st, key, v);
    else if (PREFIX(key, "commit-"))
        apply_commit(st, key + strlen("commit-"), v, ev);
    else if (PREFIX(key, "restart-connector-"))
        apply_restart(key + strlen("restart-connector-"), v, ev);
    else if (PREFIX(key, "tasks-fencing-"))
        LOG_DEBUG(LOGGER, "Ignoring task count record %s (exactly-once source support)", key);
    else if (strcmp(key, "session-key") == 0)
        apply_session_key(st, v, ev);
    else if (PREFIX(key, "logger-cluster-"))
        apply_logger(key + strlen("logger-cluster-"), v, ev);
    else
        LOG_ERROR(LOGGER, "Discarding config update record with invalid key: %s", key);
    free(key);
    json_decref(v);
}

int64_t config_state_offset(const config_state_t *st) { return st->offset; }

config_snapshot_t *config_state_snapshot(const config_state_t *st) {
    config_snapshot_t *s = xcalloc(1, sizeof *s);
    s->offset = st->offset;
    s->n = st->n;
    s->connectors = xcalloc(st->n ? st->n : 1, sizeof *s->connectors);
    for (size_t i = 0; i < st->n; i++) {
        const config_connector_t *c = &st->connectors[i];
        config_connector_t *d = &s->connectors[i];
        d->name = xstrdup(c->name);
        d->config = cd_props_clone(c->config);
        const named_target_t *t = find_target(st, c->name);
        d->target = t ? t->t : TARGET_STARTED;
        d->n_tasks = c->n_tasks;
        d->inconsistent = c->inconsistent;
        d->task_configs = xcalloc((size_t)(c->n_tasks ? c->n_tasks : 1), sizeof *d->task_configs);
        for (int k = 0; k < c->n_tasks; k++)
            d->task_configs[k] = cd_props_clone(c->task_configs[k]);
    }
    s->session_key = xstrdup(st->session_key);
    s->session_key_algorithm = xstrdup(st->session_key_algorithm);
    s->session_key_created_ms = st->session_key_created_ms;
    return s;
}

const config_connector_t *config_snapshot_find(const config_snapshot_t *s, const char *name) {
    for (size_t i = 0; s && name && i < s->n; i++)
        if (strcmp(s->connectors[i].name, name) == 0) return &s->connectors[i];
    return NULL;
}

void config_snapshot_destroy(config_snapshot_t *s) {
    if (!s) return;
    for (size_t i = 0; i < s->n; i++) connector_clear(&s->connectors[i]);
    free(s->connectors);
    free(s->session_key);
    free(s->session_key_algorithm);
    free(s);
}
