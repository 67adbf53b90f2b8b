#include "runtime/contexts.h"

#include <stdlib.h>
#include <string.h>

#include "convert/json_codec.h"
#include "util/buf.h"
#include "util/mem.h"

void source_batch_init(cd_source_batch_t *b, cd_arena_t *arena, size_t limit) {
    memset(b, 0, sizeof *b);
    b->arena = arena;
    b->limit = limit;
}

void source_batch_fini(cd_source_batch_t *b) { free(b->records); }

void source_batch_clear(cd_source_batch_t *b, size_t limit) {
    b->n = 0;
    b->limit = limit;
}

cd_arena_t *cd_source_batch_arena(cd_source_batch_t *batch) { return batch->arena; }

cd_record_t *cd_source_batch_add(cd_source_batch_t *b) {
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 256;
        b->records = xrealloc(b->records, b->cap * sizeof *b->records);
    }
    cd_record_t *r = cd_record_new(b->arena);
    b->records[b->n++] = r;
    return r;
}

size_t cd_source_batch_room(const cd_source_batch_t *b) {
    return b->n >= b->limit ? 0 : b->limit - b->n;
}

void task_context_init(cd_task_context_t *c, const char *connector, int task_id,
                       offset_store_t *offsets) {
    c->connector = connector;
    c->task_id = task_id;
    c->offsets = offsets;
    atomic_init(&c->reconfiguration_requested, false);
    atomic_init(&c->commit_requested, false);
}

const char *cd_task_context_connector(const cd_task_context_t *ctx) { return ctx->connector; }
int cd_task_context_task_id(const cd_task_context_t *ctx) { return ctx->task_id; }

char *source_offset_key(const char *connector, const cd_value_t *partition) {
    buf_t b;
    buf_init(&b);
    buf_append_str(&b, "[");
    json_codec_write_string(&b, connector);
    buf_append_str(&b, ",");
    json_codec_write(&b, partition);
    buf_append_str(&b, "]");
    return buf_steal(&b);
}

const cd_value_t *cd_task_context_offset(cd_task_context_t *ctx, cd_arena_t *arena,
                                         const cd_value_t *source_partition) {
    if (!ctx->offsets || !source_partition) return NULL;
    char *key = source_offset_key(ctx->connector, source_partition);
    char *value = NULL;
    offset_store_get(ctx->offsets, key, &value);
    free(key);
    if (!value) return NULL;
    const cd_value_t *out = NULL;
    cd_error_t err;
    if (json_codec_parse(value, strlen(value), arena, &out, &err) != 0) out = NULL;
    free(value);
    return out;
}

void cd_task_context_request_reconfiguration(cd_task_context_t *ctx) {
    atomic_store(&ctx->reconfiguration_requested, true);
}

void cd_task_context_request_commit(cd_task_context_t *ctx) {
    atomic_store(&ctx->commit_requested, true);
}

void cd_connector_context_request_reconfiguration(cd_connector_context_t *ctx) {
    atomic_store(&ctx->reconfiguration_requested, true);
}

void cd_connector_context_raise_error(cd_connector_context_t *ctx, const cd_error_t *err) {
    if (err) ctx->error = *err;
    atomic_store(&ctx->failed, true);
}

const char *cd_connector_context_name(const cd_connector_context_t *ctx) { return ctx->name; }

cd_props_t *cd_task_configs_add(cd_task_configs_t *out) {
    out->configs = xrealloc(out->configs, (out->n + 1) * sizeof *out->configs);
    out->configs[out->n] = cd_props_new();
    return out->configs[out->n++];
}

void task_configs_fini(cd_task_configs_t *tc) {
    for (size_t i = 0; i < tc->n; i++) cd_props_destroy(tc->configs[i]);
    free(tc->configs);
    tc->configs = NULL;
    tc->n = 0;
}
