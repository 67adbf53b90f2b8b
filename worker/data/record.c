/* Records (include/connectd/record.h); the source batch functions belong to
 * the runtime. */
#include <connectd/record.h>
#include <string.h>

cd_record_t *cd_record_new(cd_arena_t *arena) {
    cd_record_t *r = cd_arena_alloc(arena, sizeof *r);
    r->partition = CD_NO_PARTITION;
    r->timestamp = CD_NO_TIMESTAMP;
    r->kafka_offset = -1;
    r->timestamp_type = CD_TS_NONE;
    r->original_partition = CD_NO_PARTITION;
    r->original_offset = -1;
    return r;
}

cd_record_t *cd_record_copy(cd_arena_t *arena, const cd_record_t *r) {
    cd_record_t *c = cd_arena_alloc(arena, sizeof *c);
    *c = *r;
    if (r->n_headers) {
        cd_header_t *h = cd_arena_alloc(arena, r->n_headers * sizeof *h);
        memcpy(h, r->headers, r->n_headers * sizeof *h);
        c->headers = h;
    }
    return c;
}

/* The array is copied on every append so that a record copied with
 * cd_record_copy never sees headers added to the other one. Records carry
 * few headers, so the quadratic cost does not matter. The key is copied
 * too: plugins may pass a buffer of their own. */
void cd_record_add_header(cd_arena_t *arena, cd_record_t *r, const char *key,
                          const cd_schema_t *schema, const cd_value_t *value) {
    cd_header_t *h = cd_arena_alloc(arena, (r->n_headers + 1) * sizeof *h);
    if (r->n_headers) memcpy(h, r->headers, r->n_headers * sizeof *h);
    h[r->n_headers] = (cd_header_t){
        .key = cd_arena_strdup(arena, key ? key : ""), .schema = schema, .value = value};
    r->headers = h;
    r->n_headers++;
}
