/*
 * Schemas: the static primitive and logical schemas, the builder, lookups,
 * deep copy and equality.
 */
#include <connectd/data.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "data/data_util.h"

/* ---- static schemas ------------------------------------------------- */

#define PRIM(t, opt) {.type = (t), .optional = (opt)}
static const cd_schema_t primitive_schemas[2][CD_TYPE_BYTES + 1] = {
    {PRIM(CD_TYPE_INT8, false), PRIM(CD_TYPE_INT16, false), PRIM(CD_TYPE_INT32, false),
     PRIM(CD_TYPE_INT64, false), PRIM(CD_TYPE_FLOAT32, false), PRIM(CD_TYPE_FLOAT64, false),
     PRIM(CD_TYPE_BOOLEAN, false), PRIM(CD_TYPE_STRING, false), PRIM(CD_TYPE_BYTES, false)},
    {PRIM(CD_TYPE_INT8, true), PRIM(CD_TYPE_INT16, true), PRIM(CD_TYPE_INT32, true),
     PRIM(CD_TYPE_INT64, true), PRIM(CD_TYPE_FLOAT32, true), PRIM(CD_TYPE_FLOAT64, true),
     PRIM(CD_TYPE_BOOLEAN, true), PRIM(CD_TYPE_STRING, true), PRIM(CD_TYPE_BYTES, true)},
};

/* Date, Time and Timestamp carry no parameters, so they can be static
 * (Decimal needs its scale and lives in an arena). */
#define LOGICAL(t, n, opt) \
    {.type = (t), .optional = (opt), .name = (n), .has_version = true, .version = 1}
enum { LOGICAL_DATE, LOGICAL_TIME, LOGICAL_TIMESTAMP };
static const cd_schema_t logical_schemas[3][2] = {
    {LOGICAL(CD_TYPE_INT32, CD_LOGICAL_DATE, false), LOGICAL(CD_TYPE_INT32, CD_LOGICAL_DATE, true)},
    {LOGICAL(CD_TYPE_INT32, CD_LOGICAL_TIME, false), LOGICAL(CD_TYPE_INT32, CD_LOGICAL_TIME, true)},
    {LOGICAL(CD_TYPE_INT64, CD_LOGICAL_TIMESTAMP, false),
     LOGICAL(CD_TYPE_INT64, CD_LOGICAL_TIMESTAMP, true)},
};

const cd_schema_t *cd_schema_primitive(cd_type_t type, bool optional) {
    if ((unsigned)type > CD_TYPE_BYTES) return NULL;
    return &primitive_schemas[optional ? 1 : 0][type];
}

const cd_schema_t *cd_schema_date(bool optional) { return &logical_schemas[LOGICAL_DATE][optional]; }
const cd_schema_t *cd_schema_time(bool optional) { return &logical_schemas[LOGICAL_TIME][optional]; }
const cd_schema_t *cd_schema_timestamp(bool optional) {
    return &logical_schemas[LOGICAL_TIMESTAMP][optional];
}

bool data_schema_is_static(const cd_schema_t *s) {
    uintptr_t p = (uintptr_t)s;
    uintptr_t p0 = (uintptr_t)&primitive_schemas[0][0];
    uintptr_t l0 = (uintptr_t)&logical_schemas[0][0];
    return (p >= p0 && p < p0 + sizeof primitive_schemas) ||
           (p >= l0 && p < l0 + sizeof logical_schemas);
}

/* ---- names ---------------------------------------------------------- */

static const char *const json_type_names[] = {
    [CD_TYPE_INT8] = "int8",       [CD_TYPE_INT16] = "int16",     [CD_TYPE_INT32] = "int32",
    [CD_TYPE_INT64] = "int64",     [CD_TYPE_FLOAT32] = "float",   [CD_TYPE_FLOAT64] = "double",
    [CD_TYPE_BOOLEAN] = "boolean", [CD_TYPE_STRING] = "string",   [CD_TYPE_BYTES] = "bytes",
    [CD_TYPE_ARRAY] = "array",     [CD_TYPE_MAP] = "map",         [CD_TYPE_STRUCT] = "struct",
};

static const char *const java_type_names[] = {
    [CD_TYPE_INT8] = "INT8",       [CD_TYPE_INT16] = "INT16",     [CD_TYPE_INT32] = "INT32",
    [CD_TYPE_INT64] = "INT64",     [CD_TYPE_FLOAT32] = "FLOAT32", [CD_TYPE_FLOAT64] = "FLOAT64",
    [CD_TYPE_BOOLEAN] = "BOOLEAN", [CD_TYPE_STRING] = "STRING",   [CD_TYPE_BYTES] = "BYTES",
    [CD_TYPE_ARRAY] = "ARRAY",     [CD_TYPE_MAP] = "MAP",         [CD_TYPE_STRUCT] = "STRUCT",
};

/* Kafka's JSON schema names (JsonSchema.*_TYPE_NAME): FLOAT32 is "float"
 * and FLOAT64 "double" there, which is what anything written out shows. */
const char *cd_type_name(cd_type_t type) {
    return (unsigned)type <= CD_TYPE_STRUCT ? json_type_names[type] : "unknown";
}

const char *data_type_java_name(cd_type_t type) {
    return (unsigned)type <= CD_TYPE_STRUCT ? java_type_names[type] : "UNKNOWN";
}

const char *cd_type_java_name(cd_type_t type) { return data_type_java_name(type); }

bool cd_schema_equals(const cd_schema_t *a, const cd_schema_t *b) {
    return data_schema_equals(a, b);
}

bool data_type_is_integer(cd_type_t type) {
    return type == CD_TYPE_INT8 || type == CD_TYPE_INT16 || type == CD_TYPE_INT32 ||
           type == CD_TYPE_INT64;
}

/* ---- lookups -------------------------------------------------------- */

const cd_field_t *cd_schema_field(const cd_schema_t *schema, const char *name) {
    if (!schema || !name) return NULL;
    for (size_t i = 0; i < schema->n_fields; i++)
        if (strcmp(schema->fields[i].name, name) == 0) return &schema->fields[i];
    return NULL;
}

const char *cd_schema_param(const cd_schema_t *schema, const char *key) {
    if (!schema || !key) return NULL;
    for (size_t i = 0; i < schema->n_params; i++)
        if (strcmp(schema->params[i].key, key) == 0) return schema->params[i].value;
    return NULL;
}

bool cd_schema_is_logical(const cd_schema_t *schema, const char *logical_name) {
    return schema && schema->name && logical_name && strcmp(schema->name, logical_name) == 0;
}

/* ---- builder -------------------------------------------------------- */

cd_schema_t *cd_schema_new(cd_arena_t *arena, cd_type_t type) {
    cd_schema_t *s = cd_arena_alloc(arena, sizeof *s);
    s->type = type;
    return s;
}

/* Fields and parameters are copied into a new array on every change: a
 * schema copied by value (`*mine = *theirs`, as transforms do) shares the
 * array with its original, which must not see the change. Schemas have
 * few fields; bulk builders (cd_schema_copy, the JSON reader) fill their
 * arrays in one go instead.
 *
 * A duplicate name is ignored (Java's builder throws; the C builder has no
 * error channel, and the first definition is the one lookups find). */
void cd_schema_add_field(cd_arena_t *arena, cd_schema_t *s, const char *name,
                         const cd_schema_t *field_schema) {
    if (!s || !name || cd_schema_field(s, name)) return;
    cd_field_t *fields = cd_arena_alloc(arena, (s->n_fields + 1) * sizeof *fields);
    if (s->n_fields) memcpy(fields, s->fields, s->n_fields * sizeof *fields);
    fields[s->n_fields] = (cd_field_t){
        .name = cd_arena_strdup(arena, name), .index = (int)s->n_fields, .schema = field_schema};
    s->fields = fields;
    s->n_fields++;
}

/* Setting an existing key replaces its value in place (Java keeps
 * parameters in a LinkedHashMap). */
void cd_schema_add_param(cd_arena_t *arena, cd_schema_t *s, const char *key, const char *value) {
    if (!s || !key) return;
    size_t n = s->n_params, at = n;
    for (size_t i = 0; i < n; i++)
        if (strcmp(s->params[i].key, key) == 0) at = i;
    cd_schema_param_t *params = cd_arena_alloc(arena, (n + 1) * sizeof *params);
    if (n) memcpy(params, s->params, n * sizeof *params);
    params[at] = (cd_schema_param_t){.key = at < n ? params[at].key : cd_arena_strdup(arena, key),
                                     .value = cd_arena_strdup(arena, value)};
    s->params = params;
    if (at == n) s->n_params++;
}

const cd_schema_t *cd_schema_decimal(cd_arena_t *arena, int scale, bool optional) {
    cd_schema_t *s = cd_schema_new(arena, CD_TYPE_BYTES);
    s->optional = optional;
    s->name = CD_LOGICAL_DECIMAL;
    s->has_version = true;
    s->version = 1;
    char buf[16];
    snprintf(buf, sizeof buf, "%d", scale);
    cd_schema_add_param(arena, s, CD_DECIMAL_SCALE_PARAM, buf);
    return s;
}

/* ---- copy ----------------------------------------------------------- */

const cd_schema_t *cd_schema_copy(cd_arena_t *arena, const cd_schema_t *s) {
    if (!s || data_schema_is_static(s)) return s;
    cd_schema_t *c = cd_schema_new(arena, s->type);
    c->optional = s->optional;
    c->has_version = s->has_version;
    c->version = s->version;
    c->name = cd_arena_strdup(arena, s->name);
    c->doc = cd_arena_strdup(arena, s->doc);
    if (s->n_params) {
        cd_schema_param_t *p = cd_arena_alloc(arena, s->n_params * sizeof *p);
        for (size_t i = 0; i < s->n_params; i++)
            p[i] = (cd_schema_param_t){.key = cd_arena_strdup(arena, s->params[i].key),
                                       .value = cd_arena_strdup(arena, s->params[i].value)};
        c->params = p;
        c->n_params = s->n_params;
    }
    if (s->n_fields) {
        cd_field_t *f = cd_arena_alloc(arena, s->n_fields * sizeof *f);
        for (size_t i = 0; i < s->n_fields; i++)
            f[i] = (cd_field_t){.name = cd_arena_strdup(arena, s->fields[i].name),
                                .index = (int)i,
                                .schema = cd_schema_copy(arena, s->fields[i].schema)};
        c->fields = f;
        c->n_fields = s->n_fields;
    }
    c->key_schema = cd_schema_copy(arena, s->key_schema);
    c->value_schema = cd_schema_copy(arena, s->value_schema);
    /* Last: a struct default may point back at this very schema, and the
     * mapping turns that reference into one to the copy. */
    c->has_default = s->has_default;
    c->default_value = data_value_copy_mapped(arena, s->default_value, s, c);
    return c;
}

/* ---- equality ------------------------------------------------------- */

static bool str_eq(const char *a, const char *b) {
    if (!a || !b) return a == b;
    return strcmp(a, b) == 0;
}

static bool params_eq(const cd_schema_t *a, const cd_schema_t *b) {
    if (a->n_params != b->n_params) return false;
    for (size_t i = 0; i < a->n_params; i++) {
        const char *v = cd_schema_param(b, a->params[i].key);
        if (!v || !str_eq(v, a->params[i].value)) return false;
    }
    return true;
}

bool data_schema_equals(const cd_schema_t *a, const cd_schema_t *b) {
    if (a == b) return true;
    if (!a || !b) return false;
    if (a->type != b->type || a->optional != b->optional || a->has_version != b->has_version ||
        (a->has_version && a->version != b->version) || !str_eq(a->name, b->name) ||
        !str_eq(a->doc, b->doc) || a->n_fields != b->n_fields || !params_eq(a, b))
        return false;
    for (size_t i = 0; i < a->n_fields; i++) {
        if (!str_eq(a->fields[i].name, b->fields[i].name) ||
            a->fields[i].index != b->fields[i].index ||
            !data_schema_equals(a->fields[i].schema, b->fields[i].schema))
            return false;
    }
    if (!data_schema_equals(a->key_schema, b->key_schema) ||
        !data_schema_equals(a->value_schema, b->value_schema))
        return false;
    /* A null default and no default are the same thing in Java. */
    const cd_value_t *da = a->has_default ? a->default_value : NULL;
    const cd_value_t *db = b->has_default ? b->default_value : NULL;
    return data_value_equals_in(da, db, a, b);
}
