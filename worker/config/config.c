/*
 * cd_config_t: a configuration as a plugin reads it (the cd_config_* getters
 * of the ABI). Values of declared keys are resolved once at construction
 * (given value, else default, trimmed as Kafka's parser does) so the getters
 * are cheap and allocation-free; lists of keys that were not declared as
 * LIST are split on first use and cached under a lock, since one config may
 * be read from several task threads.
 */
#include <connectd/config.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "util/mem.h"

typedef struct config_slot {
    const cd_config_def_t *def;
    char *value;  /* trimmed value, else the default; NULL when null */
    char **items; /* LIST: split value (one allocation), else NULL */
    size_t n_items;
} config_slot_t;

typedef struct config_list_cache {
    char *key;
    char **items;
    size_t n_items;
    struct config_list_cache *next;
} config_list_cache_t;

struct cd_config {
    cd_props_t *props;
    config_slot_t *slots;
    size_t n_slots;
    pthread_mutex_t lock; /* guards lists */
    config_list_cache_t *lists;
};

static config_slot_t *config_slot(const cd_config_t *c, const char *key) {
    if (!c || !key) return NULL;
    for (size_t i = 0; i < c->n_slots; i++)
        if (strcmp(c->slots[i].def->name, key) == 0) return &c->slots[i];
    return NULL;
}

cd_config_t *config_new(const cd_config_def_t *const *tables, size_t n_tables,
                        const cd_props_t *props) {
    cd_config_t *c = xcalloc(1, sizeof *c);
    c->props = cd_props_clone(props);
    pthread_mutex_init(&c->lock, NULL);
    size_t total = 0;
    for (size_t t = 0; t < n_tables; t++) total += config_def_count(tables[t]);
    c->slots = xcalloc(total ? total : 1, sizeof *c->slots);
    for (size_t t = 0; t < n_tables; t++) {
        for (const cd_config_def_t *d = tables[t]; d && d->name; d++) {
            config_slot_t *s = config_slot(c, d->name);
            if (s) {
                free(s->value);
                free(s->items);
                memset(s, 0, sizeof *s);
            } else {
                s = &c->slots[c->n_slots++];
            }
            s->def = d;
            const char *raw = cd_props_get(c->props, d->name);
            if (!raw && !config_def_required(d)) raw = d->default_value;
            s->value = config_trim_dup(raw);
            if (d->type == CD_CFG_LIST && s->value)
                s->items = config_split_list(s->value, &s->n_items);
        }
    }
    return c;
}

void config_destroy(cd_config_t *c) {
    if (!c) return;
    for (size_t i = 0; i < c->n_slots; i++) {
        free(c->slots[i].value);
        free(c->slots[i].items);
    }
    free(c->slots);
    for (config_list_cache_t *l = c->lists, *next; l; l = next) {
        next = l->next;
        free(l->key);
        free(l->items);
        free(l);
    }
    pthread_mutex_destroy(&c->lock);
    cd_props_destroy(c->props);
    free(c);
}

const cd_config_def_t *config_find_def(const cd_config_t *c, const char *key) {
    config_slot_t *s = config_slot(c, key);
    return s ? s->def : NULL;
}

const cd_props_t *cd_config_props(const cd_config_t *c) { return c ? c->props : NULL; }

const char *cd_config_string(const cd_config_t *c, const char *key) {
    config_slot_t *s = config_slot(c, key);
    if (s) return s->value;
    return c ? cd_props_get(c->props, key) : NULL;
}

/* The value to parse, and the default to fall back on when it does not. */
static void config_lookup(const cd_config_t *c, const char *key, const char **value,
                          const char **fallback) {
    config_slot_t *s = config_slot(c, key);
    *value = s ? s->value : (c ? cd_props_get(c->props, key) : NULL);
    *fallback = s && !config_def_required(s->def) ? s->def->default_value : NULL;
}

static int64_t config_integer(const cd_config_t *c, const char *key, int64_t lo, int64_t hi) {
    const char *v, *dflt;
    config_lookup(c, key, &v, &dflt);
    int64_t out;
    if (config_parse_integer(v, lo, hi, &out)) return out;
    if (config_parse_integer(dflt, lo, hi, &out)) return out;
    return 0;
}

int32_t cd_config_int(const cd_config_t *c, const char *key) {
    return (int32_t)config_integer(c, key, INT32_MIN, INT32_MAX);
}

int64_t cd_config_long(const cd_config_t *c, const char *key) {
    return config_integer(c, key, INT64_MIN, INT64_MAX);
}

double cd_config_double(const cd_config_t *c, const char *key) {
    const char *v, *dflt;
    config_lookup(c, key, &v, &dflt);
    double out;
    if (config_parse_double(v, &out)) return out;
    if (config_parse_double(dflt, &out)) return out;
    return 0;
}

bool cd_config_bool(const cd_config_t *c, const char *key) {
    const char *v, *dflt;
    config_lookup(c, key, &v, &dflt);
    bool out;
    if (config_parse_bool(v, &out)) return out;
    if (config_parse_bool(dflt, &out)) return out;
    return false;
}

const char *const *cd_config_list(const cd_config_t *c, const char *key, size_t *n) {
    static const char *const empty[] = {NULL};
    if (n) *n = 0;
    if (!c || !key) return empty;
    config_slot_t *s = config_slot(c, key);
    if (s && s->def->type == CD_CFG_LIST) {
        if (!s->items) return empty;
        if (n) *n = s->n_items;
        return (const char *const *)s->items;
    }
    const char *value = s ? s->value : cd_props_get(c->props, key);
    if (!value) return empty;
    cd_config_t *mc = (cd_config_t *)c; /* the cache is logically const */
    pthread_mutex_lock(&mc->lock);
    config_list_cache_t *l = mc->lists;
    while (l && strcmp(l->key, key) != 0) l = l->next;
    if (!l) {
        l = xcalloc(1, sizeof *l);
        l->key = xstrdup(key);
        l->items = config_split_list(value, &l->n_items);
        l->next = mc->lists;
        mc->lists = l;
    }
    pthread_mutex_unlock(&mc->lock);
    if (n) *n = l->n_items;
    return (const char *const *)l->items;
}
