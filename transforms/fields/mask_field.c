/* MaskField$Key / $Value: replace fields with their type's "empty" value
 * (false, 0, "", empty list/map, Date(0), BigDecimal 0), or with a custom
 * replacement for numeric and string fields. */
#include <stdlib.h>
#include <string.h>

#include "fields.h"

#define PURPOSE "mask fields"

static const cd_config_def_t mask_defs[] = {
    {.name = "fields", .type = CD_CFG_LIST, .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Names of fields to mask.", .flags = CD_CFG_F_REQUIRED,
     .validator = fields_non_empty_list},
    {.name = "replacement", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_LOW,
     .documentation = "Custom value replacement, that will be applied to all 'fields' values "
                      "(numeric or non-empty string values only).",
     .flags = CD_CFG_F_NONEMPTY},
    FIELDS_REPLACE_NULL_DEF,
    {.name = NULL},
};

/* The replacement, converted once per target class at configure time
 * (Values.convertToLong & co use new BigDecimal(s); a failure is kept
 * and raised when a field of that class is masked). */
typedef struct replacement {
    const char *text;
    bool int_ok, decimal_ok;
    int64_t i;      /* longValue() */
    double d;       /* doubleValue() */
    int64_t unscaled;
    int32_t scale;
} replacement_t;

typedef struct mask_state {
    fields_side_t side;
    cd_arena_t *arena;
    char **fields;
    const cd_value_t **keys;
    size_t n;
    const replacement_t *replacement; /* NULL: type-appropriate empty values */
    bool replace_null;
    cd_value_t empty_array, empty_map; /* shared, never changed */
} mask_state_t;

static void mask_destroy(void *state) {
    mask_state_t *s = state;
    if (!s) return;
    cd_arena_destroy(s->arena);
    free(s);
}

static int mask_configure(void **state, const cd_config_t *c, fields_side_t side,
                          cd_error_t *err) {
    int rc = fields_config_check(c, mask_defs, err);
    if (rc != 0) return rc;
    mask_state_t *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->side = side;
    s->arena = cd_arena_new(0);
    size_t n;
    char **items = fields_split_list(s->arena, cd_config_string(c, "fields"), &n);
    /* A set: each name once, in the order given. */
    s->fields = cd_arena_alloc(s->arena, n * sizeof *s->fields);
    s->keys = cd_arena_alloc(s->arena, n * sizeof *s->keys);
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < s->n && strcmp(s->fields[j], items[i]) != 0) j++;
        if (j < s->n) continue;
        s->fields[s->n] = items[i];
        s->keys[s->n++] = cd_value_cstring(s->arena, items[i]);
    }
    const char *text = cd_config_string(c, "replacement");
    if (text) {
        replacement_t *r = cd_arena_alloc(s->arena, sizeof *r);
        r->text = cd_arena_strdup(s->arena, text);
        r->decimal_ok = fields_parse_big_decimal(r->text, &r->unscaled, &r->scale, &r->d);
        r->int_ok = r->decimal_ok;
        if (r->int_ok) {
            int64_t q = r->unscaled;
            for (int32_t k = 0; k < r->scale && q; k++) q /= 10;
            for (int32_t k = r->scale; k < 0; k++) q *= 10;
            r->i = q;
        }
        s->replacement = r;
    }
    s->replace_null = cd_config_bool(c, FIELDS_REPLACE_NULL);
    s->empty_array.type = CD_TYPE_ARRAY;
    s->empty_map.type = CD_TYPE_MAP;
    *state = s;
    return 0;
}

static bool is_temporal(const cd_schema_t *fs) {
    return cd_schema_is_logical(fs, CD_LOGICAL_DATE) || cd_schema_is_logical(fs, CD_LOGICAL_TIME) ||
           cd_schema_is_logical(fs, CD_LOGICAL_TIMESTAMP);
}

/* getClass() of the value Kafka would hold, for the messages. */
static const char *java_class(const cd_schema_t *fs, const cd_value_t *v) {
    if (is_temporal(fs)) return "java.util.Date";
    if (v->type == CD_TYPE_BYTES && cd_schema_is_logical(fs, CD_LOGICAL_DECIMAL))
        return "java.math.BigDecimal";
    return fields_java_class(v);
}

static int mask_custom(const mask_state_t *s, cd_arena_t *a, const cd_schema_t *fs,
                       const cd_value_t *v, const cd_value_t **out, cd_error_t *err) {
    const replacement_t *r = s->replacement;
    bool decimal = v->type == CD_TYPE_BYTES && cd_schema_is_logical(fs, CD_LOGICAL_DECIMAL);
    if (is_temporal(fs) || v->type == CD_TYPE_BOOLEAN ||
        (v->type > CD_TYPE_STRING && !decimal))
        return fields_data_error(err, "Cannot mask value of type class %s with custom replacement.",
                                 java_class(fs, v));
    if (v->type == CD_TYPE_STRING) {
        *out = cd_value_cstring(a, r->text);
        return 0;
    }
    if (decimal) {
        if (!r->decimal_ok)
            return fields_data_error(err, "Unable to convert %s (class java.lang.String) to number",
                                     r->text);
        if (r->scale != fields_decimal_scale(fs))
            return fields_data_error(err,
                                     "BigDecimal has mismatching scale value for given Decimal "
                                     "schema");
        *out = fields_decimal_value(a, r->unscaled);
        return 0;
    }
    if (!r->int_ok)
        return fields_data_error(err, "Unable to convert %s (class java.lang.String) to a number",
                                 r->text);
    switch (v->type) {
    case CD_TYPE_INT8: *out = cd_value_int(a, v->type, (int8_t)(uint8_t)(uint64_t)r->i); break;
    case CD_TYPE_INT16: *out = cd_value_int(a, v->type, (int16_t)(uint16_t)(uint64_t)r->i); break;
    case CD_TYPE_INT32: *out = cd_value_int(a, v->type, (int32_t)(uint32_t)(uint64_t)r->i); break;
    case CD_TYPE_INT64: *out = cd_value_int(a, v->type, r->i); break;
    case CD_TYPE_FLOAT32: *out = cd_value_float(a, v->type, (double)(float)r->d); break;
    default: *out = cd_value_float(a, v->type, r->d); break;
    }
    return 0;
}

/* MaskField.masked: fs is the field's schema, NULL when schemaless. */
static int masked(const mask_state_t *s, cd_arena_t *a, const cd_schema_t *fs,
                  const cd_value_t *v, const cd_value_t **out, cd_error_t *err) {
    *out = NULL;
    if (!v) return 0;
    if (s->replacement) return mask_custom(s, a, fs, v, out, err);
    switch (v->type) {
    case CD_TYPE_INT8:
    case CD_TYPE_INT16:
    case CD_TYPE_INT32:
    case CD_TYPE_INT64: *out = cd_value_int(a, v->type, 0); return 0; /* and new Date(0) */
    case CD_TYPE_FLOAT32:
    case CD_TYPE_FLOAT64: *out = cd_value_float(a, v->type, 0.0); return 0;
    case CD_TYPE_BOOLEAN: *out = cd_value_bool(a, false); return 0;
    case CD_TYPE_STRING: *out = cd_value_cstring(a, ""); return 0;
    case CD_TYPE_ARRAY: *out = &s->empty_array; return 0;
    case CD_TYPE_MAP: *out = &s->empty_map; return 0;
    case CD_TYPE_BYTES:
        if (cd_schema_is_logical(fs, CD_LOGICAL_DECIMAL)) {
            *out = fields_decimal_value(a, 0);
            return 0;
        }
        break;
    default: break;
    }
    return fields_data_error(err, "Cannot mask value of type: class %s", java_class(fs, v));
}

static bool is_masked(const mask_state_t *s, const char *name) {
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->fields[i], name) == 0) return true;
    return false;
}

static int mask_apply(void *state, const cd_record_t *in, cd_arena_t *arena,
                      const cd_record_t **out, cd_error_t *err) {
    mask_state_t *s = state;
    const cd_schema_t *schema = fields_side_schema(in, s->side);
    const cd_value_t *value = fields_side_value(in, s->side), *m;
    if (!schema) {
        /* No null check in Kafka: a tombstone fails here. */
        if (fields_require_map(value, PURPOSE, err) != 0) return CD_ERR_DATA;
        cd_value_t *map = fields_map_copy(arena, value, s->n);
        for (size_t i = 0; i < s->n; i++) {
            int rc = masked(s, arena, NULL, fields_map_get(value, s->fields[i], NULL), &m, err);
            if (rc != 0) return rc;
            cd_value_map_put(arena, map, s->keys[i], m);
        }
        *out = fields_new_record(arena, in, s->side, schema, map);
        return 0;
    }
    if (fields_require_struct(value, PURPOSE, err) != 0) return CD_ERR_DATA;
    const cd_schema_t *vschema = value->u.strct.schema;
    cd_value_t *st = cd_value_struct_new(arena, vschema);
    for (size_t i = 0; i < vschema->n_fields; i++) {
        const cd_field_t *f = &vschema->fields[i];
        m = fields_struct_get(value, f, s->replace_null);
        if (is_masked(s, f->name)) {
            int rc = masked(s, arena, f->schema, m, &m, err);
            if (rc != 0) return rc;
        }
        int rc = fields_struct_put(st, f, m, err);
        if (rc != 0) return rc;
    }
    /* The record keeps its schema: only values change. */
    *out = fields_new_record(arena, in, s->side, schema, st);
    return 0;
}

#define MASK_DOC                                                                                \
    "Mask specified fields with a valid null value for the field type (i.e. 0, false, empty "  \
    "string, and so on).<p/>For numeric and string fields, an optional replacement value can " \
    "be specified that is converted to the correct type." FIELDS_KV_DOC("MaskField")

FIELDS_KV_PLUGIN(mask, "MaskField", MASK_DOC, mask_defs)
