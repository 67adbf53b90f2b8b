/*
 * The schema cache behind JsonConverter (see json_schema_cache.h): a hash
 * table over the schema bytes with an LRU list, each entry owning a small
 * arena with the schema's parse tree (the schema's names point into it)
 * and the schema.
 *
 * Eviction must not free a schema that records of the current batch still
 * point at. The converter cannot see batches end, but it can see the
 * batch arena's use: bytes_used only grows between resets, so a smaller
 * figure than on an earlier call proves a reset in between (a missed
 * reset only delays freeing). Every detected reset starts a new epoch;
 * an entry last handed out in an older epoch can go at once, one handed
 * out in this epoch waits in the graveyard for the next reset. While the
 * cache has never been full nothing is evicted, so this bookkeeping (an
 * arena_stats call per record) only starts when the cache first fills.
 * If the converter is ever called with a second arena, a reset of one
 * says nothing about the other: the cache then stops evicting and only
 * serves what it holds.
 */
#include "convert/json_schema_cache.h"

#include <stdlib.h>
#include <string.h>

#include "convert/json_tree.h"
#include "data/arena.h"
#include "util/mem.h"

/* Room for a typical schema's parse tree and cd_schema_t in one chunk. */
#define ENTRY_ARENA_CHUNK 4096
#define INITIAL_BUCKETS 64

typedef struct cache_entry {
    struct cache_entry *hnext;             /* hash chain */
    struct cache_entry *prev, *next;       /* LRU list, newest first; graveyard: next only */
    uint64_t hash;
    char *key;
    size_t len;
    const cd_schema_t *schema;
    cd_arena_t *arena;
    uint64_t used_epoch;
} cache_entry_t;

struct json_schema_cache {
    size_t capacity;
    size_t count;
    cache_entry_t **buckets;
    size_t n_buckets; /* a power of two */
    cache_entry_t *newest, *oldest;
    cache_entry_t *graveyard; /* evicted, waiting for the next reset */
    size_t n_graveyard;
    bool tracking; /* epochs are being followed (the cache has filled) */
    bool multi_arena;
    const cd_arena_t *last_arena;
    size_t last_bytes;
    uint64_t epoch;
};

/* A word-at-a-time multiplicative hash: the schema bytes are hashed on
 * every lookup that the newest entry does not answer. */
static uint64_t hash_bytes(const char *p, size_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 29;
    }
    uint64_t w = 0;
    memcpy(&w, p + i, n - i);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 32);
}

json_schema_cache_t *json_schema_cache_new(int32_t capacity) {
    if (capacity <= 0) return NULL;
    json_schema_cache_t *c = xcalloc(1, sizeof *c);
    c->capacity = (size_t)capacity;
    c->n_buckets = INITIAL_BUCKETS;
    c->buckets = xcalloc(c->n_buckets, sizeof *c->buckets);
    return c;
}

static void entry_free(cache_entry_t *e) {
    cd_arena_destroy(e->arena);
    free(e->key);
    free(e);
}

static void free_graveyard(json_schema_cache_t *c) {
    while (c->graveyard) {
        cache_entry_t *e = c->graveyard;
        c->graveyard = e->next;
        entry_free(e);
    }
    c->n_graveyard = 0;
}

void json_schema_cache_destroy(json_schema_cache_t *c) {
    if (!c) return;
    for (cache_entry_t *e = c->newest; e;) {
        cache_entry_t *next = e->next;
        entry_free(e);
        e = next;
    }
    free_graveyard(c);
    free(c->buckets);
    free(c);
}

size_t json_schema_cache_count(const json_schema_cache_t *c) { return c ? c->count : 0; }

static bool is_ws(char ch) { return ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t'; }

static size_t skip_ws(const char *d, size_t i, size_t n) {
    while (i < n && is_ws(d[i])) i++;
    return i;
}

/* Past the literal lit (after whitespace), or 0 when it is not there. */
static size_t expect(const char *d, size_t i, size_t n, const char *lit, size_t lit_len) {
    i = skip_ws(d, i, n);
    if (n - i < lit_len || memcmp(d + i, lit, lit_len) != 0) return 0;
    return i + lit_len;
}

bool json_envelope_schema_start(const char *data, size_t len, size_t *schema_off) {
    size_t i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (!(i = expect(data, i, len, "{", 1)) || !(i = expect(data, i, len, "\"schema\"", 8)) ||
        !(i = expect(data, i, len, ":", 1)))
        return false;
    i = skip_ws(data, i, len);
    if (i >= len || data[i] != '{') return false;
    *schema_off = i;
    return true;
}

/* The length of the object at p: brackets balance outside strings, and
 * strings end as json_tree.c ends them. This is exact for valid JSON; for
 * anything else the bytes either miss the cache (and the full parse
 * judges them) or equal bytes a full parse accepted before. It decides
 * from the bytes it has passed only, so bytes that start with a cached
 * key end exactly where that key ends: json_schema_cache_lookup relies on
 * this to skip the scan for the newest entry. 0 when unbalanced. */
static size_t object_span(const char *p, size_t len) {
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = p[i];
        if (ch == '"') {
            i++;
            while (i < len && p[i] != '"') i += (p[i] == '\\' && i + 1 < len) ? 2 : 1;
            if (i >= len) return 0;
        } else if (ch == '{' || ch == '[') {
            depth++;
        } else if ((ch == '}' || ch == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return 0;
}

bool json_envelope_payload_start(const char *data, size_t len, size_t schema_end,
                                 size_t *payload_off) {
    size_t i = schema_end;
    if (!(i = expect(data, i, len, ",", 1)) || !(i = expect(data, i, len, "\"payload\"", 9)) ||
        !(i = expect(data, i, len, ":", 1)))
        return false;
    *payload_off = i;
    return true;
}

void json_schema_cache_begin(json_schema_cache_t *c, const cd_arena_t *arena) {
    if (!c || !c->tracking || c->multi_arena) return;
    arena_stats_t st;
    arena_stats(arena, &st);
    if (arena != c->last_arena) {
        /* The first call since tracking began sets the arena; another one
         * later means two arenas whose resets we cannot tell apart. */
        if (c->last_arena) c->multi_arena = true;
        c->last_arena = arena;
    } else if (st.bytes_used < c->last_bytes) {
        c->epoch++;
        free_graveyard(c);
    }
    c->last_bytes = st.bytes_used;
}

static cache_entry_t **bucket_of(json_schema_cache_t *c, uint64_t h) {
    return &c->buckets[h & (c->n_buckets - 1)];
}

static void lru_unlink(json_schema_cache_t *c, cache_entry_t *e) {
    if (e->prev) e->prev->next = e->next;
    else c->newest = e->next;
    if (e->next) e->next->prev = e->prev;
    else c->oldest = e->prev;
    e->prev = e->next = NULL;
}

static void lru_push(json_schema_cache_t *c, cache_entry_t *e) {
    e->prev = NULL;
    e->next = c->newest;
    if (c->newest) c->newest->prev = e;
    c->newest = e;
    if (!c->oldest) c->oldest = e;
}

static void touch(json_schema_cache_t *c, cache_entry_t *e) {
    e->used_epoch = c->epoch;
    if (c->newest != e) {
        lru_unlink(c, e);
        lru_push(c, e);
    }
}

static cache_entry_t *find(json_schema_cache_t *c, const char *key, size_t len) {
    uint64_t h = hash_bytes(key, len);
    for (cache_entry_t *e = *bucket_of(c, h); e; e = e->hnext)
        if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0) return e;
    return NULL;
}

const cd_schema_t *json_schema_cache_lookup(json_schema_cache_t *c, const char *p, size_t len,
                                            size_t *span) {
    *span = 0;
    if (!c) return NULL;
    /* Most topics carry one schema: try the newest entry as a prefix
     * before scanning and hashing. */
    cache_entry_t *e = c->newest;
    if (e && e->len <= len && memcmp(e->key, p, e->len) == 0) {
        *span = e->len;
        touch(c, e);
        return e->schema;
    }
    *span = object_span(p, len);
    if (!*span) return NULL;
    e = find(c, p, *span);
    if (!e) return NULL;
    touch(c, e);
    return e->schema;
}

static void grow_buckets(json_schema_cache_t *c) {
    size_t n = c->n_buckets * 2;
    cache_entry_t **b = xcalloc(n, sizeof *b);
    for (size_t i = 0; i < c->n_buckets; i++) {
        for (cache_entry_t *e = c->buckets[i]; e;) {
            cache_entry_t *next = e->hnext;
            e->hnext = b[e->hash & (n - 1)];
            b[e->hash & (n - 1)] = e;
            e = next;
        }
    }
    free(c->buckets);
    c->buckets = b;
    c->n_buckets = n;
}

/* Make room for one entry: false when the oldest cannot go yet. */
static bool evict_oldest(json_schema_cache_t *c) {
    if (!c->tracking) {
        /* From now on every hand-out counts: whatever was handed out
         * before may belong to the current batch. */
        c->tracking = true;
        for (cache_entry_t *e = c->newest; e; e = e->next) e->used_epoch = c->epoch;
        return false; /* the epoch has not moved yet; try from the next call */
    }
    cache_entry_t *e = c->oldest;
    bool in_use = e->used_epoch == c->epoch;
    /* A bound on memory when resets are not seen: twice the capacity. */
    if (c->multi_arena || (in_use && c->n_graveyard >= c->capacity)) return false;
    cache_entry_t **pp = bucket_of(c, e->hash);
    while (*pp != e) pp = &(*pp)->hnext;
    *pp = e->hnext;
    lru_unlink(c, e);
    c->count--;
    if (in_use) {
        e->next = c->graveyard;
        c->graveyard = e;
        c->n_graveyard++;
    } else {
        entry_free(e);
    }
    return true;
}

void json_schema_cache_put(json_schema_cache_t *c, const char *key, size_t len,
                           const json_data_opts_t *o) {
    if (!c) return;
    /* A hit whose payload sent the record to the full parse comes back
     * here with bytes the cache already holds. */
    if (find(c, key, len)) return;
    if (c->count >= c->capacity && !evict_oldest(c)) return;
    cd_arena_t *arena = cd_arena_new(ENTRY_ARENA_CHUNK);
    /* The copy of the key is parsed: names in the schema point into the
     * tree, which lives in the entry's arena. Depth 1 puts the schema at
     * the depth it has inside its envelope. */
    char *copy = xmalloc(len + 1);
    memcpy(copy, key, len);
    copy[len] = '\0';
    const jtree_node_t *node;
    const cd_schema_t *schema = NULL;
    size_t end;
    cd_error_t err = {0};
    if (jtree_parse_value(arena, copy, len, 1, &node, &end, NULL, 0) || end != len ||
        json_data_read_schema(arena, node, o, &schema, &err) || !schema) {
        cd_error_clear(&err);
        cd_arena_destroy(arena);
        free(copy);
        return;
    }
    cache_entry_t *e = xcalloc(1, sizeof *e);
    e->hash = hash_bytes(key, len);
    e->key = copy;
    e->len = len;
    e->schema = schema;
    e->arena = arena;
    e->used_epoch = c->epoch;
    cache_entry_t **b = bucket_of(c, e->hash);
    e->hnext = *b;
    *b = e;
    lru_push(c, e);
    if (++c->count > c->n_buckets / 4 * 3) grow_buckets(c);
}
