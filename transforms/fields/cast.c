/* Cast$Key / $Value: cast fields (f:type,...) or the whole key/value
 * (type) to int8..int64, float32/64, boolean or string. The value
 * conversions live in cast_value.c. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cast.h"

#define PURPOSE "cast types"

static int spec_validator(const char *key, const char *value, cd_error_t *err);

static const cd_config_def_t cast_defs[] = {
    {.name = "spec", .type = CD_CFG_LIST, .importance = CD_IMPORTANCE_HIGH,
     .documentation = "List of fields and the type to cast them to of the form "
                      "field1:type,field2:type to cast fields of Maps or Structs. A single type "
                      "to cast the entire value. Valid types are int8, int16, int32, int64, "
                      "float32, float64, boolean, and string. Note that binary fields can only "
                      "be cast to string.",
     .flags = CD_CFG_F_REQUIRED, .validator = spec_validator},
    FIELDS_REPLACE_NULL_DEF,
    {.name = NULL},
};

typedef struct cast_spec {
    const char *field;
    const cd_value_t *key;
    cd_type_t type;
} cast_spec_t;

typedef struct cast_state {
    fields_side_t side;
    cd_arena_t *arena;
    cast_spec_t *specs; /* distinct fields, later entries winning */
    size_t n;
    bool whole;
    cd_type_t whole_type;
    bool replace_null;
    fields_cache_t *cache;
} cast_state_t;

/* Schema.Type.valueOf(name.toUpperCase()) */
static bool type_of(const char *name, cd_type_t *out) {
    for (int t = CD_TYPE_INT8; t <= CD_TYPE_STRUCT; t++)
        if (strcasecmp(name, fields_type_name((cd_type_t)t)) == 0) {
            *out = (cd_type_t)t;
            return true;
        }
    return false;
}

static const char *trim_dup(cd_arena_t *a, const char *s) {
    size_t len = strlen(s);
    while (len && (unsigned char)s[len - 1] <= ' ') len--;
    while (len && (unsigned char)*s <= ' ') s++, len--;
    return cd_arena_strndup(a, s, len);
}

static int output_type(const char *name, cd_type_t *out, cd_error_t *err) {
    if (!type_of(name, out))
        return cd_error_set(err, CD_ERR_CONFIG, "Invalid type found in casting spec: %s", name);
    if (*out > CD_TYPE_STRING)
        return cd_error_set(err, CD_ERR_CONFIG,
                            "Cast transformation does not support casting to %s; supported types "
                            "are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING]",
                            fields_type_name(*out));
    return 0;
}

/* Cast.parseFieldTypes */
static int parse_spec(cd_arena_t *a, const char *raw, cast_state_t *s, cd_error_t *err) {
    size_t n;
    char **items = fields_split_list(a, raw, &n);
    if (!raw || n == 0)
        return cd_error_set(err, CD_ERR_CONFIG, "Must specify at least one field to cast.");
    s->specs = cd_arena_alloc(a, n * sizeof *s->specs);
    s->n = 0;
    for (size_t i = 0; i < n; i++) {
        char **parts;
        size_t np = fields_split_colon(a, items[i], &parts);
        if (np > 2)
            /* Kafka reports this under "renames" (copied from ReplaceField). */
            return cd_error_set(err, CD_ERR_CONFIG,
                                "Invalid value %s for configuration renames: Invalid rename "
                                "mapping: %s",
                                fields_list_string(a, raw), items[i]);
        cd_type_t t;
        if (np <= 1) {
            int rc = output_type(trim_dup(a, np ? parts[0] : ""), &t, err);
            if (rc != 0) return rc;
            s->whole = true;
            s->whole_type = t;
            continue;
        }
        int rc = output_type(trim_dup(a, parts[1]), &t, err);
        if (rc != 0) return rc;
        const char *field = trim_dup(a, parts[0]);
        size_t j = 0;
        while (j < s->n && strcmp(s->specs[j].field, field) != 0) j++;
        s->specs[j] = (cast_spec_t){.field = field, .key = cd_value_cstring(a, field), .type = t};
        if (j == s->n) s->n++;
    }
    if (s->whole && n > 1)
        return cd_error_set(err, CD_ERR_CONFIG,
                            "Cast transformations that specify a type to cast the entire value to "
                            "may only specify a single cast in their spec");
    return 0;
}

static int spec_validator(const char *key, const char *value, cd_error_t *err) {
    (void)key;
    cd_arena_t *a = cd_arena_new(0);
    cast_state_t s = {0};
    int rc = parse_spec(a, value, &s, err);
    cd_arena_destroy(a);
    return rc;
}

static void cast_destroy(void *state) {
    cast_state_t *s = state;
    if (!s) return;
    fields_cache_destroy(s->cache);
    cd_arena_destroy(s->arena);
    free(s);
}

static int cast_configure(void **state, const cd_config_t *c, fields_side_t side,
                          cd_error_t *err) {
    int rc = fields_config_check(c, cast_defs, err);
    if (rc != 0) return rc;
    cast_state_t *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->side = side;
    s->arena = cd_arena_new(0);
    parse_spec(s->arena, cd_config_string(c, "spec"), s, err);
    s->replace_null = cd_config_bool(c, FIELDS_REPLACE_NULL);
    s->cache = fields_cache_new();
    *state = s;
    return 0;
}

static const cast_spec_t *spec_for(const cast_state_t *s, const char *field) {
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->specs[i].field, field) == 0) return &s->specs[i];
    return NULL;
}

/* Cast.getOrBuildSchema. extra: per field, its target type + 1 (0: kept). */
static int cast_build(const void *ctx, cd_arena_t *arena, const cd_schema_t *in,
                      const cd_schema_t **out, const void **extra, cd_error_t *err) {
    const cast_state_t *s = ctx;
    cd_schema_t *u;
    if (s->whole) {
        u = fields_schema_basics(arena, in, s->whole_type);
    } else {
        if (in->type != CD_TYPE_STRUCT)
            return fields_data_error(err, "Cannot list fields on non-struct type");
        u = fields_schema_basics(arena, in, CD_TYPE_STRUCT);
        int *targets = cd_arena_alloc(arena, (in->n_fields ? in->n_fields : 1) * sizeof *targets);
        for (size_t i = 0; i < in->n_fields; i++) {
            const cd_field_t *f = &in->fields[i];
            const cast_spec_t *spec = spec_for(s, f->name);
            if (!spec) {
                cd_schema_add_field(arena, u, f->name, f->schema);
                continue;
            }
            targets[i] = (int)spec->type + 1;
            cd_schema_t *fs = cd_schema_new(arena, spec->type);
            fs->optional = f->schema->optional;
            if (f->schema->has_default && f->schema->default_value) {
                int rc = cast_value(arena, f->schema, f->schema->default_value, spec->type,
                                    &fs->default_value, err);
                if (rc != 0) return rc;
                fs->has_default = true;
            }
            cd_schema_add_field(arena, u, f->name, fs);
        }
        *extra = targets;
    }
    u->optional = in->optional;
    if (in->has_default && in->default_value) {
        int rc = cast_value(arena, in, in->default_value, u->type, &u->default_value, err);
        if (rc != 0) return rc;
        u->has_default = true;
    }
    *out = u;
    return 0;
}

static int apply_schemaless(const cast_state_t *s, const cd_record_t *in, cd_arena_t *a,
                            const cd_value_t *value, const cd_record_t **out, cd_error_t *err) {
    const cd_value_t *result;
    if (s->whole) {
        int rc = cast_value(a, NULL, value, s->whole_type, &result, err);
        if (rc != 0) return rc;
        *out = fields_new_record(a, in, s->side, NULL, result);
        return 0;
    }
    if (fields_require_map(value, PURPOSE, err) != 0) return CD_ERR_DATA;
    cd_value_t *map = fields_map_copy(a, value, s->n);
    for (size_t i = 0; i < s->n; i++) {
        int rc = cast_value(a, NULL, fields_map_get(value, s->specs[i].field, NULL),
                            s->specs[i].type, &result, err);
        if (rc != 0) return rc;
        cd_value_map_put(a, map, s->specs[i].key, result);
    }
    *out = fields_new_record(a, in, s->side, NULL, map);
    return 0;
}

static int cast_apply(void *state, const cd_record_t *in, cd_arena_t *arena,
                      const cd_record_t **out, cd_error_t *err) {
    cast_state_t *s = state;
    const cd_schema_t *schema = fields_side_schema(in, s->side);
    const cd_value_t *value = fields_side_value(in, s->side), *result;
    if (!value) {
        *out = in;
        return 0;
    }
    if (!schema) return apply_schemaless(s, in, arena, value, out, err);
    const cd_schema_t *updated;
    const void *extra;
    int rc = fields_cache_get(s->cache, schema, arena, cast_build, s, &updated, &extra, err);
    if (rc != 0) return rc;
    if (s->whole) {
        rc = cast_value(arena, schema, value, s->whole_type, &result, err);
        if (rc != 0) return rc;
        *out = fields_new_record(arena, in, s->side, updated, result);
        return 0;
    }
    if (fields_require_struct(value, PURPOSE, err) != 0) return CD_ERR_DATA;
    const int *targets = extra;
    const cd_schema_t *vschema = value->u.strct.schema;
    if (vschema->n_fields != updated->n_fields)
        return fields_data_error(err, "Struct schemas do not match.");
    cd_value_t *st = cd_value_struct_new(arena, updated);
    for (size_t i = 0; i < vschema->n_fields; i++) {
        const cd_field_t *f = &vschema->fields[i];
        const cd_value_t *v = fields_struct_get(value, f, s->replace_null);
        if (targets[i]) {
            rc = cast_value(arena, f->schema, v, (cd_type_t)(targets[i] - 1), &v, err);
            if (rc != 0) return rc;
        }
        rc = fields_struct_put(st, &updated->fields[i], v, err);
        if (rc != 0) return rc;
    }
    *out = fields_new_record(arena, in, s->side, updated, st);
    return 0;
}

#define CAST_DOC                                                                                \
    "Cast fields or the entire key or value to a specific type, e.g. to force an integer "     \
    "field to a smaller width. Cast from integers, floats, boolean and string to any other "   \
    "type, and cast binary to string (base64 encoded)." FIELDS_KV_DOC("Cast")

FIELDS_KV_PLUGIN(cast, "Cast", CAST_DOC, cast_defs)
