/*
 * JsonConverter's schema cache (Kafka's schemas.cache.size): with
 * schemas.enable every record carries its schema, usually the same bytes
 * record after record, and parsing and rebuilding it dominated the sink's
 * CPU. The cache maps the exact bytes of an envelope's "schema" member to
 * the schema built from them, in memory the cache owns, so a hit only has
 * to parse "payload".
 *
 * Records of a batch point at the schemas they were converted with until
 * the caller resets the batch arena, so an entry evicted while such
 * records may still exist is only freed after that arena has been seen to
 * reset (see json_schema_cache.c). One cache belongs to one converter
 * instance, which one task thread uses: no locking.
 */
#ifndef CONNECTD_CONVERT_JSON_SCHEMA_CACHE_H
#define CONNECTD_CONVERT_JSON_SCHEMA_CACHE_H

#include <connectd/data.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "convert/json_data.h"

typedef struct json_schema_cache json_schema_cache_t;

/* A cache of at most capacity schemas; NULL (no caching, as Kafka's
 * LRU cache of size 0 keeps nothing) when capacity <= 0. */
json_schema_cache_t *json_schema_cache_new(int32_t capacity);
void json_schema_cache_destroy(json_schema_cache_t *c);

/* The envelope is recognised in its plain form only,
 * {"schema":{...},"payload":...} with an optional BOM and whitespace and
 * unescaped keys; anything else (members swapped, escapes in the keys, a
 * null schema, invalid JSON) takes the full parse.
 * json_envelope_schema_start: whether data opens that way; *schema_off is
 * where the schema object starts. */
bool json_envelope_schema_start(const char *data, size_t len, size_t *schema_off);
/* Whether the schema object ending at schema_end is followed by
 * ,"payload": ; *payload_off is where the payload value starts. The
 * payload itself is not checked. */
bool json_envelope_payload_start(const char *data, size_t len, size_t schema_end,
                                 size_t *payload_off);

/* Tell the cache which arena this conversion allocates from, before any
 * lookup: how it learns that earlier records are gone. */
void json_schema_cache_begin(json_schema_cache_t *c, const cd_arena_t *arena);

/* The schema cached for the schema object that starts at p (len bytes
 * to the end of the document), or NULL on a miss. *span is the object's
 * length (0 when it does not close), on a hit and on a miss. */
const cd_schema_t *json_schema_cache_lookup(json_schema_cache_t *c, const char *p, size_t len,
                                            size_t *span);

/* Build the schema of key (the bytes of a schema object that a full parse
 * of its envelope accepted) into cache memory and remember it. Nothing is
 * cached when the bytes do not make a schema or the cache cannot take
 * more right now. */
void json_schema_cache_put(json_schema_cache_t *c, const char *key, size_t len,
                           const json_data_opts_t *o);

/* Entries held (for tests and debugging). */
size_t json_schema_cache_count(const json_schema_cache_t *c);

#endif
