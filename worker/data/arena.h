/* Introspection of the arena (public API in include/connectd/data.h):
 * the runtime uses it to bound batch memory, the tests to check reuse. */
#ifndef CONNECTD_DATA_ARENA_H
#define CONNECTD_DATA_ARENA_H

#include <connectd/data.h>
#include <stddef.h>

#define ARENA_DEFAULT_CHUNK_SIZE (64u * 1024u)

typedef struct arena_stats {
    size_t chunks;         /* chunks currently held (standard and dedicated) */
    size_t bytes_reserved; /* usable bytes in those chunks */
    size_t bytes_used;     /* bytes handed out since creation or the last reset */
} arena_stats_t;

void arena_stats(const cd_arena_t *arena, arena_stats_t *out);

#endif
