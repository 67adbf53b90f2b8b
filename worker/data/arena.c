/*
 * Chunked bump allocator behind cd_arena_t.
 *
 * Small allocations are carved from standard chunks (chunk_size bytes);
 * an allocation bigger than a quarter chunk gets a dedicated chunk so that
 * one large value does not waste the rest of a standard chunk. A reset
 * frees the dedicated chunks and keeps the standard ones (up to
 * ARENA_MAX_SPARE of them) for the next batch: batches of similar size then
 * run without touching malloc at all.
 */
#include "data/arena.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

#define ARENA_ALIGN (alignof(max_align_t))
#define ALIGN_UP(n) (((n) + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1))

typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t size; /* usable bytes after the header */
    size_t used;
} arena_chunk_t;

/* The data area starts at the first max-aligned offset after the header;
 * malloc's result is max-aligned, so every bump pointer is too. */
#define CHUNK_HDR ALIGN_UP(sizeof(arena_chunk_t))
#define CHUNK_DATA(c) ((unsigned char *)(c) + CHUNK_HDR)

/* Standard chunks a reset keeps for reuse (64 KiB each by default): enough
 * for a batch of a few thousand transformed records. */
#define ARENA_MAX_SPARE 64

struct cd_arena {
    size_t chunk_size;
    arena_chunk_t *chunks;    /* standard chunks, the one in use first */
    arena_chunk_t *spare;     /* emptied standard chunks, reused before malloc */
    size_t n_spare;
    arena_chunk_t *dedicated; /* one per big allocation */
    size_t bytes_used;
};

cd_arena_t *cd_arena_new(size_t chunk_size) {
    cd_arena_t *a = xcalloc(1, sizeof *a);
    a->chunk_size = ALIGN_UP(chunk_size ? chunk_size : ARENA_DEFAULT_CHUNK_SIZE);
    return a;
}

static void free_chunks(arena_chunk_t *c) {
    while (c) {
        arena_chunk_t *next = c->next;
        free(c);
        c = next;
    }
}

void cd_arena_destroy(cd_arena_t *arena) {
    if (!arena) return;
    free_chunks(arena->chunks);
    free_chunks(arena->spare);
    free_chunks(arena->dedicated);
    free(arena);
}

void cd_arena_reset(cd_arena_t *arena) {
    if (!arena) return;
    free_chunks(arena->dedicated);
    arena->dedicated = NULL;
    if (arena->chunks) {
        /* The newest chunk stays in use; the others become spares. */
        arena_chunk_t *c = arena->chunks->next;
        arena->chunks->next = NULL;
        arena->chunks->used = 0;
        while (c) {
            arena_chunk_t *next = c->next;
            if (arena->n_spare < ARENA_MAX_SPARE) {
                c->used = 0;
                c->next = arena->spare;
                arena->spare = c;
                arena->n_spare++;
            } else {
                free(c);
            }
            c = next;
        }
    }
    arena->bytes_used = 0;
}

static arena_chunk_t *chunk_new(size_t size) {
    if (size > SIZE_MAX - CHUNK_HDR) {
        fprintf(stderr, "connectd: arena allocation of %zu bytes is too large\n", size);
        abort();
    }
    arena_chunk_t *c = xmalloc(CHUNK_HDR + size);
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

void *cd_arena_alloc(cd_arena_t *arena, size_t size) {
    if (size > SIZE_MAX - ARENA_ALIGN) {
        fprintf(stderr, "connectd: arena allocation of %zu bytes is too large\n", size);
        abort();
    }
    size_t n = ALIGN_UP(size ? size : 1);
    arena->bytes_used += n;
    if (n > arena->chunk_size / 4) {
        arena_chunk_t *c = chunk_new(n);
        c->used = n;
        c->next = arena->dedicated;
        arena->dedicated = c;
        memset(CHUNK_DATA(c), 0, n);
        return CHUNK_DATA(c);
    }
    arena_chunk_t *c = arena->chunks;
    if (!c || c->size - c->used < n) {
        if (arena->spare) {
            c = arena->spare;
            arena->spare = c->next;
            arena->n_spare--;
        } else {
            c = chunk_new(arena->chunk_size);
        }
        c->next = arena->chunks;
        arena->chunks = c;
    }
    void *p = CHUNK_DATA(c) + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

char *cd_arena_strndup(cd_arena_t *arena, const char *s, size_t len) {
    if (!s) return NULL;
    char *p = cd_arena_alloc(arena, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *cd_arena_strdup(cd_arena_t *arena, const char *s) {
    if (!s) return NULL;
    return cd_arena_strndup(arena, s, strlen(s));
}

char *cd_arena_sprintf(cd_arena_t *arena, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    char *p = cd_arena_alloc(arena, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void arena_stats(const cd_arena_t *arena, arena_stats_t *out) {
    memset(out, 0, sizeof *out);
    for (const arena_chunk_t *c = arena->chunks; c; c = c->next) {
        out->chunks++;
        out->bytes_reserved += c->size;
    }
    for (const arena_chunk_t *c = arena->dedicated; c; c = c->next) {
        out->chunks++;
        out->bytes_reserved += c->size;
    }
    out->bytes_used = arena->bytes_used;
}
