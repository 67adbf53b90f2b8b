/*
 * cd_props_t: an ordered string -> string map (public ABI,
 * include/connectd/config.h).
 *
 * Entries live in insertion order in one array, because order is visible:
 * REST echoes configs back and properties files are written in order. A small
 * open-addressing index (entry position + 1, 0 = empty slot) makes lookups
 * O(1) once a map grows past a handful of keys; removals are rare (config
 * edits), so they simply rebuild the index.
 */
#include <connectd/config.h>

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

typedef struct props_entry {
    char *key;
    char *value;
} props_entry_t;

struct cd_props {
    props_entry_t *entries;
    size_t count;
    size_t cap;
    size_t *index;     /* slots hold entry position + 1; 0 = free */
    size_t index_cap;  /* power of two, or 0 while there is no index */
};

/* Below this many entries a linear scan beats hashing. */
#define PROPS_INDEX_MIN 16

static size_t props_hash(const char *s) {
    /* FNV-1a: short keys, no adversarial input worth a keyed hash. */
    size_t h = (size_t)1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= (size_t)1099511628211ULL;
    }
    return h;
}

static void props_index_insert(cd_props_t *p, size_t pos) {
    size_t mask = p->index_cap - 1;
    size_t i = props_hash(p->entries[pos].key) & mask;
    while (p->index[i]) i = (i + 1) & mask;
    p->index[i] = pos + 1;
}

static void props_index_rebuild(cd_props_t *p) {
    free(p->index);
    p->index = NULL;
    p->index_cap = 0;
    if (p->count < PROPS_INDEX_MIN) return;
    size_t cap = 32;
    while (cap < p->count * 2) cap *= 2;
    p->index = xcalloc(cap, sizeof *p->index);
    p->index_cap = cap;
    for (size_t i = 0; i < p->count; i++) props_index_insert(p, i);
}

/* Position of key, or (size_t)-1. */
static size_t props_find(const cd_props_t *p, const char *key) {
    if (p->index_cap) {
        size_t mask = p->index_cap - 1;
        for (size_t i = props_hash(key) & mask; p->index[i]; i = (i + 1) & mask) {
            size_t pos = p->index[i] - 1;
            if (strcmp(p->entries[pos].key, key) == 0) return pos;
        }
        return (size_t)-1;
    }
    for (size_t i = 0; i < p->count; i++)
        if (strcmp(p->entries[i].key, key) == 0) return i;
    return (size_t)-1;
}

cd_props_t *cd_props_new(void) { return xcalloc(1, sizeof(cd_props_t)); }

void cd_props_destroy(cd_props_t *p) {
    if (!p) return;
    for (size_t i = 0; i < p->count; i++) {
        free(p->entries[i].key);
        free(p->entries[i].value);
    }
    free(p->entries);
    free(p->index);
    free(p);
}

cd_props_t *cd_props_clone(const cd_props_t *p) {
    cd_props_t *c = cd_props_new();
    if (!p) return c;
    for (size_t i = 0; i < p->count; i++) cd_props_set(c, p->entries[i].key, p->entries[i].value);
    return c;
}

const char *cd_props_get(const cd_props_t *p, const char *key) {
    if (!p || !key) return NULL;
    size_t pos = props_find(p, key);
    return pos == (size_t)-1 ? NULL : p->entries[pos].value;
}

void cd_props_set(cd_props_t *p, const char *key, const char *value) {
    if (!p || !key) return;
    if (!value) value = ""; /* the map holds strings only: NULL is stored as "" */
    size_t pos = props_find(p, key);
    if (pos != (size_t)-1) {
        /* Copy first: value may point into the string being replaced. */
        char *copy = xstrdup(value);
        free(p->entries[pos].value);
        p->entries[pos].value = copy;
        return;
    }
    if (p->count == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 8;
        p->entries = xrealloc(p->entries, p->cap * sizeof *p->entries);
    }
    p->entries[p->count].key = xstrdup(key);
    p->entries[p->count].value = xstrdup(value);
    p->count++;
    if (p->count >= PROPS_INDEX_MIN && p->count * 2 > p->index_cap)
        props_index_rebuild(p);
    else if (p->index_cap)
        props_index_insert(p, p->count - 1);
}

bool cd_props_remove(cd_props_t *p, const char *key) {
    if (!p || !key) return false;
    size_t pos = props_find(p, key);
    if (pos == (size_t)-1) return false;
    free(p->entries[pos].key);
    free(p->entries[pos].value);
    memmove(&p->entries[pos], &p->entries[pos + 1], (p->count - pos - 1) * sizeof *p->entries);
    p->count--;
    props_index_rebuild(p);
    return true;
}

size_t cd_props_count(const cd_props_t *p) { return p ? p->count : 0; }

const char *cd_props_key_at(const cd_props_t *p, size_t i) {
    return p && i < p->count ? p->entries[i].key : NULL;
}

const char *cd_props_value_at(const cd_props_t *p, size_t i) {
    return p && i < p->count ? p->entries[i].value : NULL;
}
