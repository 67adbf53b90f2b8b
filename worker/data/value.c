/*
 * Values: constructors, arrays, maps, structs, equality and deep copy.
 * Everything lives in the arena it was built in.
 */
#include <connectd/data.h>
#include <math.h>
#include <string.h>

#include "data/data_util.h"

/* Arrays and maps made here carry their capacity just after the public
 * struct, so appends need no field the ABI does not have. Every array or
 * map the worker creates (constructors, copies, JSON) uses this layout.
 * `self` guards against a value copied by value (`*mine = *theirs`): its
 * address differs, so it is treated as full and reallocates instead of
 * writing into storage it shares with the original. */
typedef struct growable {
    cd_value_t v; /* first: a cd_value_t * to it is a growable_t * */
    const cd_value_t *self;
    size_t cap;
} growable_t;

static size_t growable_cap(const cd_value_t *v) {
    const growable_t *g = (const growable_t *)v;
    return g->self == v ? g->cap : 0;
}

static void growable_set_cap(cd_value_t *v, size_t cap) {
    growable_t *g = (growable_t *)v;
    if (g->self == v) g->cap = cap;
}

static cd_value_t *value_new(cd_arena_t *arena, cd_type_t type) {
    cd_value_t *v = cd_arena_alloc(arena, sizeof *v);
    v->type = type;
    return v;
}

/* ---- primitives ----------------------------------------------------- */

const cd_value_t *cd_value_float(cd_arena_t *arena, cd_type_t type, double v) {
    if (type != CD_TYPE_FLOAT32) type = CD_TYPE_FLOAT64;
    cd_value_t *out = value_new(arena, type);
    /* A FLOAT32 holds exactly what a Java float can. */
    out->u.f = type == CD_TYPE_FLOAT32 ? (double)(float)v : v;
    return out;
}

/* Narrowing wraps like Java's (byte)/(short)/(int) casts. A non-integer
 * type is taken as INT64 (there is no error channel here). */
const cd_value_t *cd_value_int(cd_arena_t *arena, cd_type_t type, int64_t v) {
    if (!data_type_is_integer(type)) type = CD_TYPE_INT64;
    cd_value_t *out = value_new(arena, type);
    switch (type) {
    case CD_TYPE_INT8: out->u.i = (int8_t)(uint8_t)(uint64_t)v; break;
    case CD_TYPE_INT16: out->u.i = (int16_t)(uint16_t)(uint64_t)v; break;
    case CD_TYPE_INT32: out->u.i = (int32_t)(uint32_t)(uint64_t)v; break;
    default: out->u.i = v; break;
    }
    return out;
}

const cd_value_t *cd_value_bool(cd_arena_t *arena, bool v) {
    cd_value_t *out = value_new(arena, CD_TYPE_BOOLEAN);
    out->u.b = v;
    return out;
}

const cd_value_t *cd_value_string(cd_arena_t *arena, const char *s, size_t len) {
    cd_value_t *out = value_new(arena, CD_TYPE_STRING);
    out->u.str.data = cd_arena_strndup(arena, s ? s : "", s ? len : 0);
    out->u.str.len = s ? len : 0;
    return out;
}

/* NULL in, NULL (Kafka's null) out. */
const cd_value_t *cd_value_cstring(cd_arena_t *arena, const char *s) {
    if (!s) return NULL;
    return cd_value_string(arena, s, strlen(s));
}

const cd_value_t *cd_value_bytes(cd_arena_t *arena, const void *data, size_t len) {
    cd_value_t *out = value_new(arena, CD_TYPE_BYTES);
    uint8_t *p = cd_arena_alloc(arena, len);
    if (len) memcpy(p, data, len);
    out->u.bytes.data = p;
    out->u.bytes.len = len;
    return out;
}

/* ---- arrays and maps ------------------------------------------------ */

cd_value_t *cd_value_array_new(cd_arena_t *arena, size_t capacity) {
    growable_t *g = cd_arena_alloc(arena, sizeof *g);
    g->v.type = CD_TYPE_ARRAY;
    g->self = &g->v;
    g->cap = capacity;
    if (capacity) g->v.u.array.items = cd_arena_alloc(arena, capacity * sizeof(cd_value_t *));
    return &g->v;
}

void cd_value_array_append(cd_arena_t *arena, cd_value_t *array, const cd_value_t *item) {
    if (!array || array->type != CD_TYPE_ARRAY) return;
    size_t n = array->u.array.n, cap = growable_cap(array);
    if (n >= cap) {
        cap = n ? n * 2 : 4;
        const cd_value_t **items = cd_arena_alloc(arena, cap * sizeof *items);
        if (n) memcpy(items, array->u.array.items, n * sizeof *items);
        array->u.array.items = items;
        growable_set_cap(array, cap);
    }
    array->u.array.items[array->u.array.n++] = item;
}

cd_value_t *cd_value_map_new(cd_arena_t *arena, size_t capacity) {
    growable_t *g = cd_arena_alloc(arena, sizeof *g);
    g->v.type = CD_TYPE_MAP;
    g->self = &g->v;
    g->cap = capacity;
    if (capacity) {
        g->v.u.map.keys = cd_arena_alloc(arena, capacity * sizeof(cd_value_t *));
        g->v.u.map.values = cd_arena_alloc(arena, capacity * sizeof(cd_value_t *));
    }
    return &g->v;
}

static bool string_is(const cd_value_t *v, const char *s, size_t len) {
    return v && v->type == CD_TYPE_STRING && v->u.str.len == len &&
           memcmp(v->u.str.data, s, len) == 0;
}

/* Java maps hold a key once: putting an equal key again replaces the value
 * and keeps the key's original position (as a LinkedHashMap would). */
void cd_value_map_put(cd_arena_t *arena, cd_value_t *map, const cd_value_t *key,
                      const cd_value_t *value) {
    if (!map || map->type != CD_TYPE_MAP) return;
    size_t n = map->u.map.n, at = 0;
    while (at < n && !cd_value_equals(map->u.map.keys[at], key)) at++;
    size_t cap = growable_cap(map);
    /* Reallocate when full, or before changing storage this value does
     * not own (cap 0: a copy by value). */
    if (at == n ? n >= cap : cap == 0) {
        size_t ncap = n < 2 ? 4 : n * 2;
        const cd_value_t **keys = cd_arena_alloc(arena, ncap * sizeof *keys);
        const cd_value_t **values = cd_arena_alloc(arena, ncap * sizeof *values);
        if (n) {
            memcpy(keys, map->u.map.keys, n * sizeof *keys);
            memcpy(values, map->u.map.values, n * sizeof *values);
        }
        map->u.map.keys = keys;
        map->u.map.values = values;
        growable_set_cap(map, ncap);
    }
    map->u.map.keys[at] = at == n ? key : map->u.map.keys[at];
    map->u.map.values[at] = value;
    if (at == n) map->u.map.n = n + 1;
}

void cd_value_map_put_str(cd_arena_t *arena, cd_value_t *map, const char *key,
                          const cd_value_t *value) {
    cd_value_map_put(arena, map, cd_value_cstring(arena, key), value);
}

const cd_value_t *cd_value_map_get(const cd_value_t *map, const char *key) {
    if (!map || map->type != CD_TYPE_MAP || !key) return NULL;
    size_t len = strlen(key);
    for (size_t i = 0; i < map->u.map.n; i++)
        if (string_is(map->u.map.keys[i], key, len)) return map->u.map.values[i];
    return NULL;
}

/* ---- structs -------------------------------------------------------- */

/* cd_value_struct_put has no arena, so unlike maps a struct copied by
 * value shares its fields with the original: build a new struct instead. */
cd_value_t *cd_value_struct_new(cd_arena_t *arena, const cd_schema_t *schema) {
    cd_value_t *v = value_new(arena, CD_TYPE_STRUCT);
    v->u.strct.schema = schema;
    size_t n = schema ? schema->n_fields : 0;
    v->u.strct.fields = cd_arena_alloc(arena, (n ? n : 1) * sizeof(cd_value_t *));
    return v;
}

static const cd_field_t *struct_field(const cd_value_t *strct, const char *name) {
    if (!strct || strct->type != CD_TYPE_STRUCT) return NULL;
    return cd_schema_field(strct->u.strct.schema, name);
}

int cd_value_struct_put(cd_value_t *strct, const char *field, const cd_value_t *value) {
    const cd_field_t *f = struct_field(strct, field);
    if (!f) return -1;
    strct->u.strct.fields[f->index] = value;
    return 0;
}

const cd_value_t *cd_value_struct_get(const cd_value_t *strct, const char *field) {
    const cd_field_t *f = struct_field(strct, field);
    if (!f) return NULL;
    const cd_value_t *v = strct->u.strct.fields[f->index];
    if (!v && f->schema && f->schema->has_default) v = f->schema->default_value;
    return v;
}

/* ---- equality ------------------------------------------------------- */

/* Java compares boxed doubles by their bits, so NaN equals NaN and 0.0
 * differs from -0.0. */
static bool double_eq(double a, double b) {
    if (isnan(a) && isnan(b)) return true;
    return memcmp(&a, &b, sizeof a) == 0;
}

static const cd_schema_t *child_schema(const cd_schema_t *s, cd_type_t type, bool key) {
    if (!s || s->type != type) return NULL;
    return key ? s->key_schema : s->value_schema;
}

bool data_value_equals_in(const cd_value_t *a, const cd_value_t *b, const cd_schema_t *sa,
                          const cd_schema_t *sb) {
    if (a == b) return true;
    if (!a || !b || a->type != b->type) return false;
    switch (a->type) {
    case CD_TYPE_INT8:
    case CD_TYPE_INT16:
    case CD_TYPE_INT32:
    case CD_TYPE_INT64: return a->u.i == b->u.i;
    case CD_TYPE_FLOAT32:
    case CD_TYPE_FLOAT64: return double_eq(a->u.f, b->u.f);
    case CD_TYPE_BOOLEAN: return a->u.b == b->u.b;
    case CD_TYPE_STRING:
        return a->u.str.len == b->u.str.len &&
               memcmp(a->u.str.data, b->u.str.data, a->u.str.len) == 0;
    case CD_TYPE_BYTES:
        return a->u.bytes.len == b->u.bytes.len &&
               (a->u.bytes.len == 0 ||
                memcmp(a->u.bytes.data, b->u.bytes.data, a->u.bytes.len) == 0);
    case CD_TYPE_ARRAY: {
        if (a->u.array.n != b->u.array.n) return false;
        const cd_schema_t *ea = child_schema(sa, CD_TYPE_ARRAY, false);
        const cd_schema_t *eb = child_schema(sb, CD_TYPE_ARRAY, false);
        for (size_t i = 0; i < a->u.array.n; i++)
            if (!data_value_equals_in(a->u.array.items[i], b->u.array.items[i], ea, eb))
                return false;
        return true;
    }
    case CD_TYPE_MAP: {
        /* Java's Map.equals ignores order. */
        if (a->u.map.n != b->u.map.n) return false;
        const cd_schema_t *ka = child_schema(sa, CD_TYPE_MAP, true);
        const cd_schema_t *kb = child_schema(sb, CD_TYPE_MAP, true);
        const cd_schema_t *va = child_schema(sa, CD_TYPE_MAP, false);
        const cd_schema_t *vb = child_schema(sb, CD_TYPE_MAP, false);
        for (size_t i = 0; i < a->u.map.n; i++) {
            size_t j = 0;
            while (j < b->u.map.n &&
                   !data_value_equals_in(a->u.map.keys[i], b->u.map.keys[j], ka, kb))
                j++;
            if (j == b->u.map.n ||
                !data_value_equals_in(a->u.map.values[i], b->u.map.values[j], va, vb))
                return false;
        }
        return true;
    }
    case CD_TYPE_STRUCT: {
        const cd_schema_t *xa = a->u.strct.schema, *xb = b->u.strct.schema;
        bool same = (xa == sa && xb == sb && sa && sb) || data_schema_equals(xa, xb);
        if (!same) return false;
        size_t n = xa ? xa->n_fields : 0;
        for (size_t i = 0; i < n; i++) {
            const cd_schema_t *fa = xa->fields[i].schema;
            const cd_schema_t *fb = xb->fields[i].schema;
            if (!data_value_equals_in(a->u.strct.fields[i], b->u.strct.fields[i], fa, fb))
                return false;
        }
        return true;
    }
    }
    return false;
}

bool cd_value_equals(const cd_value_t *a, const cd_value_t *b) {
    return data_value_equals_in(a, b, NULL, NULL);
}

/* ---- copy ----------------------------------------------------------- */

const cd_value_t *data_value_copy_mapped(cd_arena_t *arena, const cd_value_t *v,
                                         const cd_schema_t *from, const cd_schema_t *to) {
    if (!v) return NULL;
    switch (v->type) {
    case CD_TYPE_INT8:
    case CD_TYPE_INT16:
    case CD_TYPE_INT32:
    case CD_TYPE_INT64:
    case CD_TYPE_FLOAT32:
    case CD_TYPE_FLOAT64:
    case CD_TYPE_BOOLEAN: {
        cd_value_t *c = value_new(arena, v->type);
        c->u = v->u;
        return c;
    }
    case CD_TYPE_STRING: return cd_value_string(arena, v->u.str.data, v->u.str.len);
    case CD_TYPE_BYTES: return cd_value_bytes(arena, v->u.bytes.data, v->u.bytes.len);
    case CD_TYPE_ARRAY: {
        const cd_schema_t *ef = child_schema(from, CD_TYPE_ARRAY, false);
        const cd_schema_t *et = child_schema(to, CD_TYPE_ARRAY, false);
        cd_value_t *c = cd_value_array_new(arena, v->u.array.n);
        for (size_t i = 0; i < v->u.array.n; i++)
            cd_value_array_append(arena, c,
                                  data_value_copy_mapped(arena, v->u.array.items[i], ef, et));
        return c;
    }
    case CD_TYPE_MAP: {
        const cd_schema_t *kf = child_schema(from, CD_TYPE_MAP, true);
        const cd_schema_t *kt = child_schema(to, CD_TYPE_MAP, true);
        const cd_schema_t *vf = child_schema(from, CD_TYPE_MAP, false);
        const cd_schema_t *vt = child_schema(to, CD_TYPE_MAP, false);
        cd_value_t *c = cd_value_map_new(arena, v->u.map.n);
        /* Keys are distinct already: fill without the equality scan. */
        for (size_t i = 0; i < v->u.map.n; i++) {
            c->u.map.keys[i] = data_value_copy_mapped(arena, v->u.map.keys[i], kf, kt);
            c->u.map.values[i] = data_value_copy_mapped(arena, v->u.map.values[i], vf, vt);
        }
        c->u.map.n = v->u.map.n;
        return c;
    }
    case CD_TYPE_STRUCT: {
        const cd_schema_t *src = v->u.strct.schema;
        const cd_schema_t *dst = (src == from && to) ? to : cd_schema_copy(arena, src);
        cd_value_t *c = cd_value_struct_new(arena, dst);
        size_t n = src ? src->n_fields : 0;
        for (size_t i = 0; i < n; i++)
            c->u.strct.fields[i] = data_value_copy_mapped(arena, v->u.strct.fields[i],
                                                          src->fields[i].schema,
                                                          dst->fields[i].schema);
        return c;
    }
    }
    return NULL;
}

const cd_value_t *cd_value_copy(cd_arena_t *arena, const cd_value_t *v) {
    return data_value_copy_mapped(arena, v, NULL, NULL);
}

/* ---- Java class names for messages ---------------------------------- */

const char *data_value_java_class(const cd_value_t *v) {
    if (!v) return "null";
    switch (v->type) {
    case CD_TYPE_INT8: return "class java.lang.Byte";
    case CD_TYPE_INT16: return "class java.lang.Short";
    case CD_TYPE_INT32: return "class java.lang.Integer";
    case CD_TYPE_INT64: return "class java.lang.Long";
    case CD_TYPE_FLOAT32: return "class java.lang.Float";
    case CD_TYPE_FLOAT64: return "class java.lang.Double";
    case CD_TYPE_BOOLEAN: return "class java.lang.Boolean";
    case CD_TYPE_STRING: return "class java.lang.String";
    case CD_TYPE_BYTES: return "class [B";
    case CD_TYPE_ARRAY: return "class java.util.ArrayList";
    case CD_TYPE_MAP: return "class java.util.HashMap";
    case CD_TYPE_STRUCT: return "class org.apache.kafka.connect.data.Struct";
    }
    return "class java.lang.Object";
}

const char *cd_value_java_class(const cd_value_t *v) {
    const char *c = data_value_java_class(v);
    return strncmp(c, "class ", 6) == 0 ? c + 6 : c; /* the same table, without toString's prefix */
}
