/*
 * Common schemas and conversions for parsed lists and maps, as Kafka's
 * Values.SchemaMerger, mergeSchemas and convertTo(toSchema, null, value)
 * do them.
 *
 * Merging keeps numbers widening (INT8 < INT16 < INT32 < INT64 < FLOAT32
 * < FLOAT64, a Date or Time counting as its INT32), and for two schemas of
 * the same type takes the later one: [[1],[300]] is an ARRAY<ARRAY<INT16>>
 * whose first element still holds an INT8, and [2023-11-14, 1] fails
 * because the Date cannot become a plain INT32. Converting to a schema
 * narrows or widens numbers like Java's casts, turns numbers into dates,
 * and leaves lists and maps alone.
 *
 * One thing Java can hold and we cannot: a java.util.Date under a
 * different temporal schema (a Time in an array whose elements became
 * Date). Its instant is kept in the new schema's unit, which for a time of
 * day under Date loses the time.
 */
#include "convert/values_infer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "convert/values_text.h"
#include "data/data_util.h"
#include "util/buf.h"
#include "util/mem.h"

static int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0))) q--;
    return q;
}

void values_infer_temporal(cd_arena_t *arena, values_temporal_kind_t kind, int64_t ms, sav_t *out) {
    *out = (sav_t){.present = true, .is_date = true, .ms = ms};
    switch (kind) {
    case VALUES_TEMPORAL_DATE:
        out->schema = cd_schema_date(false);
        out->value = cd_value_int(arena, CD_TYPE_INT32, floor_div(ms, VALUES_MILLIS_PER_DAY));
        break;
    case VALUES_TEMPORAL_TIME:
        out->schema = cd_schema_time(false);
        out->value = cd_value_int(arena, CD_TYPE_INT32, ms);
        break;
    case VALUES_TEMPORAL_TIMESTAMP:
        out->schema = cd_schema_timestamp(false);
        out->value = cd_value_int(arena, CD_TYPE_INT64, ms);
        break;
    }
}

/* ---- SchemaMerger --------------------------------------------------- */

static bool is_number(cd_type_t t) { return t >= CD_TYPE_INT8 && t <= CD_TYPE_FLOAT64; }

static const cd_schema_t *merge_schemas(const cd_schema_t *previous, const cd_schema_t *latest) {
    if (previous->type != latest->type) {
        /* cd_type_t lists the number types from narrowest to widest. */
        if (!is_number(previous->type) || !is_number(latest->type)) return NULL;
        return latest->type > previous->type ? latest : previous;
    }
    if (previous->optional == latest->optional) return previous->optional ? previous : latest;
    return data_schema_equals(previous, latest) ? previous : NULL;
}

static void merge(values_merger_t *m, const sav_t *latest) {
    if (!latest->present || !latest->schema || m->incompatible) return;
    m->common = m->common ? merge_schemas(m->common, latest->schema) : latest->schema;
    m->incompatible = !m->common;
}

/* ---- convertTo ------------------------------------------------------ */

/* Java's (long) of a double: NaN is 0, out of range saturates. */
static int64_t double_to_long(double d) {
    if (isnan(d)) return 0;
    if (d >= 9223372036854775808.0) return INT64_MAX;
    if (d <= -9223372036854775808.0) return INT64_MIN;
    return (int64_t)d;
}

/* Values.asLong / asDouble for what parsing yields. A BigDecimal is a
 * Number too, but Decimal schemas never merge with number schemas, so
 * none reaches here; anything else is a DataException. */
static bool as_long(const cd_value_t *v, int64_t *out) {
    if (v->type >= CD_TYPE_INT8 && v->type <= CD_TYPE_INT64) *out = v->u.i;
    else if (v->type == CD_TYPE_FLOAT32 || v->type == CD_TYPE_FLOAT64)
        *out = double_to_long(v->u.f);
    else return false;
    return true;
}

static bool as_double(const cd_value_t *v, double *out) {
    if (v->type >= CD_TYPE_INT8 && v->type <= CD_TYPE_INT64) *out = (double)v->u.i;
    else if (v->type == CD_TYPE_FLOAT32 || v->type == CD_TYPE_FLOAT64) *out = v->u.f;
    else return false;
    return true;
}

static bool temporal_kind(const cd_schema_t *s, values_temporal_kind_t *kind) {
    if (cd_schema_is_logical(s, CD_LOGICAL_DATE)) *kind = VALUES_TEMPORAL_DATE;
    else if (cd_schema_is_logical(s, CD_LOGICAL_TIME)) *kind = VALUES_TEMPORAL_TIME;
    else if (cd_schema_is_logical(s, CD_LOGICAL_TIMESTAMP)) *kind = VALUES_TEMPORAL_TIMESTAMP;
    else return false;
    return true;
}

/* Values.convertTo(to, null, in): *out is in, converted. */
static int convert(cd_arena_t *arena, const cd_schema_t *to, const sav_t *in, sav_t *out) {
    *out = *in;
    if (!in->present) return to->optional ? VALUES_OK : VALUES_DATA;
    const cd_value_t *v = in->value;
    int64_t l;
    double d;
    values_temporal_kind_t kind;
    if (temporal_kind(to, &kind)) {
        if (in->is_date) { /* already a java.util.Date: kept */
            values_infer_temporal(arena, kind, in->ms, out);
            return VALUES_OK;
        }
        if (!as_long(v, &l)) return VALUES_DATA;
        int32_t i = (int32_t)(uint32_t)(uint64_t)l; /* (int) numeric */
        if (kind == VALUES_TEMPORAL_DATE) l = (int64_t)i * VALUES_MILLIS_PER_DAY;
        else if (kind == VALUES_TEMPORAL_TIME) l = i;
        if (kind == VALUES_TEMPORAL_TIME && (i < 0 || i > VALUES_MILLIS_PER_DAY))
            return VALUES_DATA; /* Time.toLogical's range check */
        values_infer_temporal(arena, kind, l, out);
        return VALUES_OK;
    }
    if (in->is_date && to->type != CD_TYPE_STRING) return VALUES_DATA; /* asLong(Date) */
    out->is_date = false;
    switch (to->type) {
    case CD_TYPE_INT8:
    case CD_TYPE_INT16:
    case CD_TYPE_INT32:
    case CD_TYPE_INT64:
        if (v->type == to->type) return VALUES_OK;
        if (!as_long(v, &l)) return VALUES_DATA;
        out->value = cd_value_int(arena, to->type, l);
        return VALUES_OK;
    case CD_TYPE_FLOAT32:
    case CD_TYPE_FLOAT64:
        if (v->type == to->type) return VALUES_OK;
        if (!as_double(v, &d)) return VALUES_DATA;
        out->value = cd_value_float(arena, to->type, to->type == CD_TYPE_FLOAT32 ? (float)d : d);
        return VALUES_OK;
    case CD_TYPE_BOOLEAN:
        if (v->type == CD_TYPE_BOOLEAN) return VALUES_OK;
        if (!as_long(v, &l)) return VALUES_DATA;
        out->value = cd_value_bool(arena, l != 0);
        return VALUES_OK;
    case CD_TYPE_STRING: {
        if (v->type == CD_TYPE_STRING) return VALUES_OK;
        buf_t b;
        buf_init(&b);
        values_append_string(&b, in->schema, v);
        out->value = cd_value_string(arena, b.data ? b.data : "", b.len);
        buf_free(&b);
        return VALUES_OK;
    }
    case CD_TYPE_BYTES: /* only a Decimal merges into a Decimal: kept as is */
        return cd_schema_is_logical(to, CD_LOGICAL_DECIMAL) && v->type == CD_TYPE_BYTES ? VALUES_OK
                                                                                     : VALUES_DATA;
    case CD_TYPE_ARRAY:
    case CD_TYPE_MAP: return v->type == to->type ? VALUES_OK : VALUES_DATA;
    case CD_TYPE_STRUCT: break;
    }
    return VALUES_DATA;
}

/* ---- Java equality and hashing of keys ------------------------------ */

/* Boxed floats compare by their bits with every NaN alike. */
static uint64_t float_bits(const cd_value_t *v) {
    if (isnan(v->u.f)) return 0x7ff8000000000000ULL;
    if (v->type == CD_TYPE_FLOAT32) {
        float f = (float)v->u.f;
        uint32_t b;
        memcpy(&b, &f, sizeof b);
        return b;
    }
    uint64_t b;
    memcpy(&b, &v->u.f, sizeof b);
    return b;
}

static bool java_equals(const cd_value_t *a, const cd_value_t *b) {
    if (a == b) return true;
    if (!a || !b || a->type != b->type) return false;
    switch (a->type) {
    case CD_TYPE_INT8:
    case CD_TYPE_INT16:
    case CD_TYPE_INT32:
    case CD_TYPE_INT64: return a->u.i == b->u.i;
    case CD_TYPE_FLOAT32:
    case CD_TYPE_FLOAT64: return float_bits(a) == float_bits(b);
    case CD_TYPE_BOOLEAN: return a->u.b == b->u.b;
    case CD_TYPE_STRING:
        return a->u.str.len == b->u.str.len &&
               memcmp(a->u.str.data, b->u.str.data, a->u.str.len) == 0;
    case CD_TYPE_BYTES:
        return a->u.bytes.len == b->u.bytes.len &&
               (!a->u.bytes.len || memcmp(a->u.bytes.data, b->u.bytes.data, a->u.bytes.len) == 0);
    case CD_TYPE_ARRAY:
        if (a->u.array.n != b->u.array.n) return false;
        for (size_t i = 0; i < a->u.array.n; i++)
            if (!java_equals(a->u.array.items[i], b->u.array.items[i])) return false;
        return true;
    case CD_TYPE_MAP: /* Map.equals: the same entries in any order */
        if (a->u.map.n != b->u.map.n) return false;
        for (size_t i = 0; i < a->u.map.n; i++) {
            size_t j = 0;
            while (j < b->u.map.n && !java_equals(a->u.map.keys[i], b->u.map.keys[j])) j++;
            if (j == b->u.map.n || !java_equals(a->u.map.values[i], b->u.map.values[j]))
                return false;
        }
        return true;
    case CD_TYPE_STRUCT: return false;
    }
    return false;
}

static uint64_t mix(uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static uint64_t hash_bytes(const void *data, size_t len) {
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

/* Consistent with java_equals. */
static uint64_t java_hash(const cd_value_t *v) {
    if (!v) return 1;
    uint64_t h = (uint64_t)v->type << 56;
    switch (v->type) {
    case CD_TYPE_INT8:
    case CD_TYPE_INT16:
    case CD_TYPE_INT32:
    case CD_TYPE_INT64: return mix(h ^ (uint64_t)v->u.i);
    case CD_TYPE_FLOAT32:
    case CD_TYPE_FLOAT64: return mix(h ^ float_bits(v));
    case CD_TYPE_BOOLEAN: return mix(h ^ v->u.b);
    case CD_TYPE_STRING: return mix(h ^ hash_bytes(v->u.str.data, v->u.str.len));
    case CD_TYPE_BYTES: return mix(h ^ hash_bytes(v->u.bytes.data, v->u.bytes.len));
    case CD_TYPE_ARRAY:
        for (size_t i = 0; i < v->u.array.n; i++) h = h * 31 + java_hash(v->u.array.items[i]);
        return mix(h);
    case CD_TYPE_MAP: /* order-insensitive, as the equality is */
        for (size_t i = 0; i < v->u.map.n; i++)
            h += mix(java_hash(v->u.map.keys[i]) ^ (java_hash(v->u.map.values[i]) * 7));
        return mix(h);
    case CD_TYPE_STRUCT: return h;
    }
    return h;
}

static const char *decimal_scale(const sav_t *k) {
    return k->schema && cd_schema_is_logical(k->schema, CD_LOGICAL_DECIMAL)
               ? cd_schema_param(k->schema, CD_DECIMAL_SCALE_PARAM)
               : NULL;
}

/* A java.util.Date equals another at the same instant and nothing else;
 * a BigDecimal needs the same scale too. */
static bool key_equals(const sav_t *a, const sav_t *b) {
    if (a->is_date || b->is_date) return a->is_date && b->is_date && a->ms == b->ms;
    if (!java_equals(a->value, b->value)) return false;
    const char *sa = decimal_scale(a), *sb = decimal_scale(b);
    return !sa || !sb || strcmp(sa, sb) == 0;
}

static uint64_t key_hash(const sav_t *k) {
    return k->is_date ? mix(0xda7eULL ^ (uint64_t)k->ms) : java_hash(k->value);
}

/* ---- lists ---------------------------------------------------------- */

void values_list_add(values_list_t *list, const sav_t *item) {
    if (list->n == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 8;
        list->items = xrealloc(list->items, list->cap * sizeof *list->items);
    }
    list->items[list->n++] = *item;
}

void values_list_free(values_list_t *list) {
    free(list->items);
    *list = (values_list_t){0};
}

int values_infer_list(cd_arena_t *arena, const values_list_t *list, sav_t *out) {
    values_merger_t m = {0};
    for (size_t i = 0; i < list->n; i++) merge(&m, &list->items[i]);
    cd_schema_t *schema = cd_schema_new(arena, CD_TYPE_ARRAY);
    schema->value_schema = m.common;
    cd_value_t *array = cd_value_array_new(arena, list->n);
    for (size_t i = 0; i < list->n; i++) {
        sav_t item = list->items[i];
        if (m.common && convert(arena, m.common, &list->items[i], &item)) return VALUES_DATA;
        cd_value_array_append(arena, array, item.present ? item.value : NULL);
    }
    *out = (sav_t){.present = true, .schema = schema, .value = array};
    return VALUES_OK;
}

/* ---- maps ----------------------------------------------------------- */

static void entries_rehash(values_entries_t *map) {
    free(map->slots);
    map->nslots = map->nslots ? map->nslots * 2 : 16;
    map->slots = xcalloc(map->nslots, sizeof *map->slots);
    for (size_t i = 0; i < map->n; i++) {
        size_t at = key_hash(&map->keys[i]) & (map->nslots - 1);
        while (map->slots[at]) at = (at + 1) & (map->nslots - 1);
        map->slots[at] = i + 1;
    }
}

/* LinkedHashMap.put without the schema bookkeeping. */
static void entries_store(values_entries_t *map, const sav_t *key, const sav_t *value) {
    if ((map->n + 1) * 2 > map->nslots) entries_rehash(map);
    size_t at = key_hash(key) & (map->nslots - 1);
    for (; map->slots[at]; at = (at + 1) & (map->nslots - 1)) {
        size_t i = map->slots[at] - 1;
        if (key_equals(&map->keys[i], key)) {
            map->values[i] = *value;
            return;
        }
    }
    if (map->n == map->cap) {
        map->cap = map->cap ? map->cap * 2 : 8;
        map->keys = xrealloc(map->keys, map->cap * sizeof *map->keys);
        map->values = xrealloc(map->values, map->cap * sizeof *map->values);
    }
    map->keys[map->n] = *key;
    map->values[map->n] = *value;
    map->slots[at] = ++map->n;
}

void values_entries_put(values_entries_t *map, const sav_t *key, const sav_t *value) {
    entries_store(map, key, value);
    merge(&map->key_schema, key);
    merge(&map->value_schema, value);
}

void values_entries_free(values_entries_t *map) {
    free(map->keys);
    free(map->values);
    free(map->slots);
    *map = (values_entries_t){0};
}

int values_infer_map(cd_arena_t *arena, const values_entries_t *map, sav_t *out) {
    const cd_schema_t *ks = map->key_schema.common;
    const cd_schema_t *vs = ks ? map->value_schema.common : NULL;
    cd_schema_t *schema = cd_schema_new(arena, CD_TYPE_MAP);
    schema->key_schema = ks;
    schema->value_schema = vs;
    /* Converted keys may now be equal: they go into a new map. */
    values_entries_t aligned = {0};
    const values_entries_t *src = map;
    if (ks) {
        for (size_t i = 0; i < map->n; i++) {
            sav_t k, v = map->values[i];
            if (convert(arena, ks, &map->keys[i], &k) ||
                (vs && convert(arena, vs, &map->values[i], &v))) {
                values_entries_free(&aligned);
                return VALUES_DATA;
            }
            entries_store(&aligned, &k, &v);
        }
        src = &aligned;
    }
    cd_value_t *value = cd_value_map_new(arena, src->n);
    for (size_t i = 0; i < src->n; i++) {
        value->u.map.keys[i] = src->keys[i].value;
        value->u.map.values[i] = src->values[i].present ? src->values[i].value : NULL;
    }
    value->u.map.n = src->n;
    values_entries_free(&aligned);
    *out = (sav_t){.present = true, .schema = schema, .value = value};
    return VALUES_OK;
}
