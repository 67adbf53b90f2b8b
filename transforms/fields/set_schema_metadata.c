/* SetSchemaMetadata$Key / $Value: set the schema name and/or version;
 * Struct values are rebuilt against the renamed schema. */
#include <stdlib.h>

#include "fields.h"

static const cd_config_def_t set_schema_defs[] = {
    {.name = "schema.name", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Schema name to set."},
    {.name = "schema.version", .type = CD_CFG_INT, .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Schema version to set."},
    FIELDS_REPLACE_NULL_DEF,
    {.name = NULL},
};

typedef struct set_schema_state {
    fields_side_t side;
    cd_arena_t *arena;
    const char *name; /* NULL: keep */
    bool has_version;
    int32_t version;
    bool replace_null;
    fields_cache_t *cache;
} set_schema_state_t;

static void set_schema_destroy(void *state) {
    set_schema_state_t *s = state;
    if (!s) return;
    fields_cache_destroy(s->cache);
    cd_arena_destroy(s->arena);
    free(s);
}

static int set_schema_configure(void **state, const cd_config_t *c, fields_side_t side,
                                cd_error_t *err) {
    int rc = fields_config_check(c, set_schema_defs, err);
    if (rc != 0) return rc;
    const char *name = cd_config_string(c, "schema.name");
    const char *version = cd_config_string(c, "schema.version");
    if (!name && !version)
        return fields_config_error(err, "Neither schema name nor version configured");
    set_schema_state_t *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->side = side;
    s->arena = cd_arena_new(0);
    s->name = name ? cd_arena_strdup(s->arena, name) : NULL;
    s->has_version = version != NULL;
    s->version = cd_config_int(c, "schema.version");
    s->replace_null = cd_config_bool(c, FIELDS_REPLACE_NULL);
    s->cache = fields_cache_new();
    *state = s;
    return 0;
}

static int set_schema_build(const void *ctx, cd_arena_t *arena, const cd_schema_t *in,
                            const cd_schema_t **out, const void **extra, cd_error_t *err) {
    (void)extra, (void)err;
    const set_schema_state_t *s = ctx;
    cd_schema_t *u = fields_schema_clone(arena, in);
    if (s->name) u->name = s->name;
    if (s->has_version) {
        u->has_version = true;
        u->version = s->version;
    }
    /* Kafka's ConnectSchema keeps key/value schemas only for maps/arrays. */
    if (u->type != CD_TYPE_MAP) u->key_schema = NULL;
    if (u->type != CD_TYPE_MAP && u->type != CD_TYPE_ARRAY) u->value_schema = NULL;
    *out = u;
    return 0;
}

static int set_schema_apply(void *state, const cd_record_t *in, cd_arena_t *arena,
                            const cd_record_t **out, cd_error_t *err) {
    set_schema_state_t *s = state;
    const cd_schema_t *schema = fields_side_schema(in, s->side);
    const cd_value_t *value = fields_side_value(in, s->side);
    if (!value && !schema) {
        *out = in;
        return 0;
    }
    if (!schema) return fields_data_error(err, "Schema required for [updating schema metadata]");
    const cd_schema_t *updated;
    int rc = fields_cache_get(s->cache, schema, arena, set_schema_build, s, &updated, NULL, err);
    if (rc != 0) return rc;
    if (value && value->type == CD_TYPE_STRUCT) {
        /* Kafka assumes the struct has exactly the updated schema's fields. */
        cd_value_t *st = cd_value_struct_new(arena, updated);
        for (size_t i = 0; i < updated->n_fields; i++) {
            const cd_field_t *f = &updated->fields[i];
            const cd_field_t *src = cd_schema_field(value->u.strct.schema, f->name);
            if (!src) return fields_data_error(err, "%s is not a valid field name", f->name);
            rc = fields_struct_put(st, f, fields_struct_get(value, src, s->replace_null), err);
            if (rc != 0) return rc;
        }
        value = st;
    }
    *out = fields_new_record(arena, in, s->side, updated, value);
    return 0;
}

#define SET_SCHEMA_DOC                                                                          \
    "Set the schema name, version or both on the record's key (<code>" FIELDS_PKG             \
    "SetSchemaMetadata$Key</code>) or value (<code>" FIELDS_PKG                               \
    "SetSchemaMetadata$Value</code>) schema."

FIELDS_KV_PLUGIN(set_schema, "SetSchemaMetadata", SET_SCHEMA_DOC, set_schema_defs)
