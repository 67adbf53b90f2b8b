/* Helpers shared by the routing plugin's transforms; see routing.h. */
#include <stdlib.h>
#include <string.h>

#include "routing.h"

int rt_require_map_error(const cd_value_t *v, const char *purpose, cd_error_t *err) {
    return cd_error_set_class(err, CD_ERR_DATA, RT_DATA_EXCEPTION,
                              "Only Map objects supported in absence of schema for [%s], found: %s",
                              purpose, rt_java_class(v));
}

int rt_require_struct_error(const cd_value_t *v, const char *purpose, cd_error_t *err) {
    return cd_error_set_class(err, CD_ERR_DATA, RT_DATA_EXCEPTION,
                              "Only Struct objects supported for [%s], found: %s", purpose,
                              rt_java_class(v));
}

const cd_value_t *rt_struct_get(const cd_value_t *st, const cd_field_t *f, bool with_default) {
    const cd_value_t *v = st->u.strct.fields[f->index];
    if (!v && with_default && f->schema->has_default) v = f->schema->default_value;
    return v;
}

const cd_schema_t *rt_side_schema(const cd_record_t *r, bool is_key) {
    return is_key ? r->key_schema : r->value_schema;
}

const cd_value_t *rt_side_value(const cd_record_t *r, bool is_key) {
    return is_key ? r->key : r->value;
}

void rt_set_side(cd_record_t *r, bool is_key, const cd_schema_t *schema, const cd_value_t *value) {
    if (is_key) {
        r->key_schema = schema;
        r->key = value;
    } else {
        r->value_schema = schema;
        r->value = value;
    }
}

cd_schema_t *rt_copy_schema_basics(cd_arena_t *arena, const cd_schema_t *src) {
    cd_schema_t *s = cd_schema_new(arena, CD_TYPE_STRUCT);
    s->name = src->name ? cd_arena_strdup(arena, src->name) : NULL;
    s->has_version = src->has_version;
    s->version = src->version;
    s->doc = src->doc ? cd_arena_strdup(arena, src->doc) : NULL;
    for (size_t i = 0; i < src->n_params; i++)
        cd_schema_add_param(arena, s, src->params[i].key, src->params[i].value);
    return s;
}

/* ---- toString for error messages --------------------------------------- */

/* ConnectSchema.toString(). */
static const char *schema_string(cd_arena_t *a, const cd_schema_t *s) {
    if (!s) return "null";
    if (s->name) return cd_arena_sprintf(a, "Schema{%s:%s}", s->name, rt_type_name(s->type));
    return cd_arena_sprintf(a, "Schema{%s}", rt_type_name(s->type));
}

static const char *value_string(cd_arena_t *a, const cd_schema_t *s, const cd_value_t *v) {
    return v ? cd_values_to_string(a, s, v) : "null";
}

const char *rt_record_string(cd_arena_t *a, const cd_record_t *r) {
    const char *headers = "";
    for (size_t i = 0; i < r->n_headers; i++) {
        const cd_header_t *h = &r->headers[i];
        headers = cd_arena_sprintf(a, "%s%sConnectHeader(key=%s, value=%s, schema=%s)", headers,
                                   i ? ", " : "", h->key, value_string(a, h->schema, h->value),
                                   schema_string(a, h->schema));
    }
    const char *part = r->partition == CD_NO_PARTITION
                           ? "null"
                           : cd_arena_sprintf(a, "%d", (int)r->partition);
    const char *ts = r->timestamp == CD_NO_TIMESTAMP
                         ? "null"
                         : cd_arena_sprintf(a, "%lld", (long long)r->timestamp);
    const char *base = cd_arena_sprintf(
        a,
        "ConnectRecord{topic='%s', kafkaPartition=%s, key=%s, keySchema=%s, value=%s, "
        "valueSchema=%s, timestamp=%s, headers=ConnectHeaders(headers=%s)}",
        r->topic ? r->topic : "null", part, value_string(a, r->key_schema, r->key),
        schema_string(a, r->key_schema), value_string(a, r->value_schema, r->value),
        schema_string(a, r->value_schema), ts, headers);
    if (r->original_topic)
        return cd_arena_sprintf(a, "SinkRecord{kafkaOffset=%lld, timestampType=%s} %s",
                                (long long)r->kafka_offset,
                                r->timestamp_type == CD_TS_CREATE_TIME       ? "CreateTime"
                                : r->timestamp_type == CD_TS_LOG_APPEND_TIME ? "LogAppendTime"
                                                                             : "NoTimestampType",
                                base);
    return cd_arena_sprintf(a, "SourceRecord{sourcePartition=%s, sourceOffset=%s} %s",
                            value_string(a, NULL, r->source_partition),
                            value_string(a, NULL, r->source_offset), base);
}

/* ---- schema cache ----------------------------------------------------- */

#define RT_CACHE_SIZE 16

struct rt_schema_cache {
    cd_arena_t *arena;
    const cd_schema_t *keys[RT_CACHE_SIZE];
    const cd_schema_t *values[RT_CACHE_SIZE];
    size_t n;
};

rt_schema_cache_t *rt_schema_cache_new(void) {
    rt_schema_cache_t *c = calloc(1, sizeof *c);
    if (!c) abort(); /* like the worker's allocators: nothing sensible to do */
    c->arena = cd_arena_new(0);
    return c;
}

void rt_schema_cache_destroy(rt_schema_cache_t *c) {
    if (!c) return;
    cd_arena_destroy(c->arena);
    free(c);
}

cd_arena_t *rt_schema_cache_reserve(rt_schema_cache_t *c, cd_arena_t *batch_arena) {
    /* Full: build in the batch arena and do not cache. Evicting would free
     * schemas that records of this batch may still point to, and keeping
     * every schema would let memory grow without bound. */
    return c->n == RT_CACHE_SIZE ? batch_arena : c->arena;
}

const cd_schema_t *rt_schema_cache_get(rt_schema_cache_t *c, const cd_schema_t *key) {
    /* Always structural: a batch arena reuses addresses for other schemas. */
    for (size_t i = 0; i < c->n; i++)
        if (rt_schema_equals(c->keys[i], key)) return c->values[i];
    return NULL;
}

void rt_schema_cache_put(rt_schema_cache_t *c, const cd_schema_t *key, const cd_schema_t *value) {
    if (c->n == RT_CACHE_SIZE) return; /* built in the batch arena: not cached */
    c->keys[c->n] = cd_schema_copy(c->arena, key);
    c->values[c->n++] = value;
}
