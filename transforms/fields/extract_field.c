/* ExtractField$Key / $Value: replace the key or value with one of its
 * fields (KIP-821 nested paths with field.syntax.version=V2). */
#include <stdlib.h>
#include <strings.h>

#include "fields.h"

#define PURPOSE "field extraction"

static const cd_config_def_t extract_defs[] = {
    {.name = "field", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "Field name to extract.", .flags = CD_CFG_F_REQUIRED},
    FIELDS_REPLACE_NULL_DEF,
    FIELDS_SYNTAX_VERSION_DEF,
    {.name = NULL},
};

typedef struct extract_state {
    fields_side_t side;
    cd_arena_t *arena; /* the path */
    const char *original;
    fields_path_t path;
    bool replace_null;
} extract_state_t;

static void extract_destroy(void *state) {
    extract_state_t *s = state;
    if (!s) return;
    cd_arena_destroy(s->arena);
    free(s);
}

static int extract_configure(void **state, const cd_config_t *c, fields_side_t side,
                             cd_error_t *err) {
    int rc = fields_config_check(c, extract_defs, err);
    if (rc != 0) return rc;
    extract_state_t *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->side = side;
    s->arena = cd_arena_new(0);
    s->original = cd_arena_strdup(s->arena, cd_config_string(c, "field"));
    s->replace_null = cd_config_bool(c, FIELDS_REPLACE_NULL);
    bool v2 = strcasecmp(cd_config_string(c, FIELDS_SYNTAX_VERSION), "V2") == 0;
    rc = fields_path_parse(s->arena, s->original, v2, &s->path, err);
    if (rc != 0) {
        extract_destroy(s);
        return rc;
    }
    *state = s;
    return 0;
}

static int extract_apply(void *state, const cd_record_t *in, cd_arena_t *arena,
                         const cd_record_t **out, cd_error_t *err) {
    extract_state_t *s = state;
    const cd_schema_t *schema = fields_side_schema(in, s->side);
    const cd_value_t *value = fields_side_value(in, s->side), *result = NULL;
    if (!schema) {
        if (value) {
            if (fields_require_map(value, PURPOSE, err) != 0) return CD_ERR_DATA;
            int rc = fields_path_map_value(&s->path, value, &result, err);
            if (rc != 0) return rc;
        }
        *out = fields_new_record(arena, in, s->side, NULL, result);
        return 0;
    }
    if (value && fields_require_struct(value, PURPOSE, err) != 0) return CD_ERR_DATA;
    const cd_field_t *f;
    int rc = fields_path_field(&s->path, schema, &f, err);
    if (rc != 0) return rc;
    if (!f)
        return cd_error_set_class(err, CD_ERR_DATA, FIELDS_ILLEGAL_ARGUMENT, "Unknown field: %s",
                                  s->original);
    if (value) {
        rc = fields_path_struct_value(&s->path, value, s->replace_null, &result, err);
        if (rc != 0) return rc;
    }
    *out = fields_new_record(arena, in, s->side, f->schema, result);
    return 0;
}

#define EXTRACT_DOC                                                                             \
    "Extract the specified field from a Struct when schema present, or a Map in the case of "  \
    "schemaless data. Any null values are passed through unmodified." FIELDS_KV_DOC("ExtractField")

FIELDS_KV_PLUGIN(extract, "ExtractField", EXTRACT_DOC, extract_defs)
