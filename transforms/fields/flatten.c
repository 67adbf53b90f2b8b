/* Flatten$Key / $Value: nested structs (or maps) become top-level fields
 * named parent<delimiter>child. */
#include <stdlib.h>
#include <string.h>

#include "fields.h"

#define PURPOSE "flattening"

static const cd_config_def_t flatten_defs[] = {
    {.name = "delimiter", .type = CD_CFG_STRING, .default_value = ".",
     .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "Delimiter to insert between field names from the input record when "
                      "generating field names for the output record"},
    {.name = NULL},
};

typedef struct flatten_state {
    fields_side_t side;
    char *delimiter;
    cd_arena_t *arena;
    fields_cache_t *cache;
} flatten_state_t;

static void flatten_destroy(void *state) {
    flatten_state_t *s = state;
    if (!s) return;
    fields_cache_destroy(s->cache);
    cd_arena_destroy(s->arena);
    free(s);
}

static int flatten_configure(void **state, const cd_config_t *c, fields_side_t side,
                             cd_error_t *err) {
    int rc = fields_config_check(c, flatten_defs, err);
    if (rc != 0) return rc;
    flatten_state_t *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->side = side;
    s->arena = cd_arena_new(0);
    const char *d = cd_config_string(c, "delimiter");
    s->delimiter = cd_arena_strdup(s->arena, d ? d : "null");
    s->cache = fields_cache_new();
    *state = s;
    return 0;
}

static const char *field_name(cd_arena_t *a, const flatten_state_t *s, const char *prefix,
                              const char *name) {
    return *prefix ? cd_arena_sprintf(a, "%s%s%s", prefix, s->delimiter, name) : name;
}

static bool is_leaf(cd_type_t t) { return t <= CD_TYPE_ARRAY; }

/* ---- schemaless -------------------------------------------------------- */

static int flatten_map(const flatten_state_t *s, cd_arena_t *a, const cd_value_t *map,
                       const char *prefix, cd_value_t *out, cd_error_t *err) {
    for (size_t i = 0; i < map->u.map.n; i++) {
        const cd_value_t *k = map->u.map.keys[i], *v = map->u.map.values[i];
        const char *key = k && k->type == CD_TYPE_STRING ? k->u.str.data
                                                          : cd_values_to_string(a, NULL, k);
        const char *name = field_name(a, s, prefix, key);
        if (v && v->type == CD_TYPE_MAP) {
            int rc = flatten_map(s, a, v, name, out, err);
            if (rc != 0) return rc;
        } else if (!v || is_leaf(v->type)) {
            cd_value_map_put(a, out, name == key && k && k->type == CD_TYPE_STRING
                                         ? k : cd_value_cstring(a, name), v);
        } else {
            return fields_data_error(err,
                                     "Flatten transformation does not support class %s for "
                                     "record without schemas (for field %s).",
                                     fields_java_class(v), name);
        }
    }
    return 0;
}

static int apply_schemaless(const flatten_state_t *s, const cd_record_t *in, cd_arena_t *a,
                            const cd_value_t *value, const cd_record_t **out, cd_error_t *err) {
    cd_value_t *flat = cd_value_map_new(a, value->u.map.n);
    int rc = flatten_map(s, a, value, "", flat, err);
    if (rc != 0) return rc;
    *out = fields_new_record(a, in, s->side, NULL, flat);
    return 0;
}

/* ---- with schema ------------------------------------------------------- */

static int build_fields(const flatten_state_t *s, cd_arena_t *a, const cd_schema_t *schema,
                        const char *prefix, cd_schema_t *out, bool optional,
                        const cd_value_t *parent_default, cd_error_t *err) {
    for (size_t i = 0; i < schema->n_fields; i++) {
        const cd_field_t *f = &schema->fields[i];
        const char *name = field_name(a, s, prefix, f->name);
        bool field_optional = optional || f->schema->optional;
        const cd_value_t *dflt = f->schema->has_default ? f->schema->default_value : NULL;
        if (!dflt && parent_default) dflt = fields_struct_get(parent_default, f, true);
        if (f->schema->type == CD_TYPE_STRUCT) {
            int rc = build_fields(s, a, f->schema, name, out, field_optional, dflt, err);
            if (rc != 0) return rc;
        } else if (is_leaf(f->schema->type)) {
            if (cd_schema_field(out, name))
                return fields_data_error(
                    err, "Cannot create field because of field name duplication %s", name);
            cd_schema_t *fs = fields_schema_basics(a, f->schema, f->schema->type);
            fs->value_schema = f->schema->value_schema; /* arrays keep their items */
            fs->optional = field_optional;
            if (dflt) {
                fs->has_default = true;
                fs->default_value = dflt;
            }
            cd_schema_add_field(a, out, name, fs);
        } else {
            return fields_data_error(err,
                                     "Flatten transformation does not support %s for record "
                                     "with schemas (for field %s).",
                                     fields_type_name(f->schema->type), name);
        }
    }
    return 0;
}

static int flatten_build(const void *ctx, cd_arena_t *arena, const cd_schema_t *in,
                         const cd_schema_t **out, const void **extra, cd_error_t *err) {
    (void)extra;
    cd_schema_t *st = fields_schema_basics(arena, in, CD_TYPE_STRUCT);
    int rc = build_fields(ctx, arena, in, "", st, in->optional,
                          in->has_default ? in->default_value : NULL, err);
    *out = st;
    return rc;
}

static size_t leaves(const cd_schema_t *schema) {
    size_t n = 0;
    for (size_t i = 0; i < schema->n_fields; i++)
        n += schema->fields[i].schema->type == CD_TYPE_STRUCT ? leaves(schema->fields[i].schema) : 1;
    return n;
}

/* Output fields are in walk order, so the next one is found by counting. */
static int copy_values(const cd_value_t *st, const cd_schema_t *schema, cd_value_t *out,
                       size_t *idx, cd_error_t *err) {
    const cd_schema_t *updated = out->u.strct.schema;
    for (size_t i = 0; i < schema->n_fields; i++) {
        const cd_field_t *f = &schema->fields[i];
        const cd_value_t *v = st ? fields_struct_get(st, f, true) : NULL;
        if (f->schema->type == CD_TYPE_STRUCT) {
            if (v) {
                int rc = copy_values(v, f->schema, out, idx, err);
                if (rc != 0) return rc;
            } else {
                *idx += leaves(f->schema);
            }
            continue;
        }
        /* A struct whose schema differs from the record's. */
        if (*idx >= updated->n_fields) return fields_data_error(err, "Struct schemas do not match.");
        int rc = fields_struct_put(out, &updated->fields[(*idx)++], v, err);
        if (rc != 0) return rc;
    }
    return 0;
}

static int flatten_apply(void *state, const cd_record_t *in, cd_arena_t *arena,
                         const cd_record_t **out, cd_error_t *err) {
    flatten_state_t *s = state;
    const cd_schema_t *schema;
    const cd_value_t *value;
    int rc = fields_operand(in, s->side, PURPOSE, &schema, &value, out, err);
    if (rc != 0 || !value) return rc;
    if (!schema) return apply_schemaless(s, in, arena, value, out, err);
    const cd_schema_t *updated;
    rc = fields_cache_get(s->cache, schema, arena, flatten_build, s, &updated, NULL, err);
    if (rc != 0) return rc;
    cd_value_t *flat = cd_value_struct_new(arena, updated);
    size_t idx = 0;
    rc = copy_values(value, value->u.strct.schema, flat, &idx, err);
    if (rc != 0) return rc;
    *out = fields_new_record(arena, in, s->side, updated, flat);
    return 0;
}

#define FLATTEN_DOC                                                                             \
    "Flatten a nested data structure, generating names for each field by concatenating the "   \
    "field names at each level with a configurable delimiter character. Applies to Struct "    \
    "when schema present, or a Map in the case of schemaless data. Array fields and their "    \
    "contents are not modified. The default delimiter is '.'." FIELDS_KV_DOC("Flatten")

FIELDS_KV_PLUGIN(flatten, "Flatten", FLATTEN_DOC, flatten_defs)
