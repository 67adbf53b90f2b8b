/* The schema-update cache (see fields.h for why it is keyed by equality
 * and never evicts). */
#include <stdlib.h>

#include "fields.h"

typedef struct fields_cache_entry {
    const cd_schema_t *in;  /* copy of the input schema, in the cache arena */
    const cd_schema_t *out; /* built from `in`, in the cache arena */
    const void *extra;
} fields_cache_entry_t;

struct fields_cache {
    cd_arena_t *arena;
    fields_cache_entry_t entries[FIELDS_CACHE_MAX];
    size_t n;
    size_t last; /* most recent hit: records of a topic mostly share one schema */
};

fields_cache_t *fields_cache_new(void) {
    fields_cache_t *c = calloc(1, sizeof *c);
    if (!c) abort(); /* out of memory, as the worker's allocators do */
    c->arena = cd_arena_new(0);
    return c;
}

void fields_cache_destroy(fields_cache_t *c) {
    if (!c) return;
    cd_arena_destroy(c->arena);
    free(c);
}

size_t fields_cache_count(const fields_cache_t *c) { return c ? c->n : 0; }

int fields_cache_get(fields_cache_t *c, const cd_schema_t *in, cd_arena_t *batch,
                     fields_build_fn build, const void *ctx, const cd_schema_t **out,
                     const void **extra, cd_error_t *err) {
    const void *unused;
    if (!extra) extra = &unused;
    *extra = NULL;
    if (c->n && fields_schema_equals(c->entries[c->last].in, in)) {
        *out = c->entries[c->last].out;
        *extra = c->entries[c->last].extra;
        return 0;
    }
    for (size_t i = 0; i < c->n; i++) {
        if (i != c->last && fields_schema_equals(c->entries[i].in, in)) {
            c->last = i;
            *out = c->entries[i].out;
            *extra = c->entries[i].extra;
            return 0;
        }
    }
    if (c->n == FIELDS_CACHE_MAX) return build(ctx, batch, in, out, extra, err);
    /* Build from a copy so that the cached schema points only into the
     * cache's arena, never into the batch that happened to bring it. */
    const cd_schema_t *copy = cd_schema_copy(c->arena, in);
    int rc = build(ctx, c->arena, copy, out, extra, err);
    if (rc != 0) return rc;
    c->entries[c->n] = (fields_cache_entry_t){.in = copy, .out = *out, .extra = *extra};
    c->last = c->n++;
    return 0;
}
