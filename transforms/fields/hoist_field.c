/* HoistField$Key / $Value: wrap the key or value in a Struct (with schema)
 * or a Map (schemaless) under one field. */
#include <stdlib.h>

#include "fields.h"

static const cd_config_def_t hoist_defs[] = {
    {.name = "field", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "Field name for the single field that will be created in the resulting "
                      "Struct or Map.",
     .flags = CD_CFG_F_REQUIRED},
    {.name = NULL},
};

typedef struct hoist_state {
    fields_side_t side;
    char *field;
    const cd_value_t *key; /* the map key, built once */
    cd_arena_t *arena;
    fields_cache_t *cache;
} hoist_state_t;

static void hoist_destroy(void *state) {
    hoist_state_t *s = state;
    if (!s) return;
    fields_cache_destroy(s->cache);
    cd_arena_destroy(s->arena);
    free(s);
}

static int hoist_configure(void **state, const cd_config_t *c, fields_side_t side,
                           cd_error_t *err) {
    int rc = fields_config_check(c, hoist_defs, err);
    if (rc != 0) return rc;
    hoist_state_t *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->side = side;
    s->arena = cd_arena_new(0);
    s->field = cd_arena_strdup(s->arena, cd_config_string(c, "field"));
    s->key = cd_value_cstring(s->arena, s->field);
    s->cache = fields_cache_new();
    *state = s;
    return 0;
}

static int hoist_build(const void *ctx, cd_arena_t *arena, const cd_schema_t *in,
                       const cd_schema_t **out, const void **extra, cd_error_t *err) {
    (void)extra;
    (void)err;
    const hoist_state_t *s = ctx;
    cd_schema_t *st = cd_schema_new(arena, CD_TYPE_STRUCT);
    cd_schema_add_field(arena, st, s->field, in);
    *out = st;
    return 0;
}

static int hoist_apply(void *state, const cd_record_t *in, cd_arena_t *arena,
                       const cd_record_t **out, cd_error_t *err) {
    hoist_state_t *s = state;
    const cd_schema_t *schema = fields_side_schema(in, s->side);
    const cd_value_t *value = fields_side_value(in, s->side);
    if (!schema) {
        /* Kafka wraps a null too: {field: null}. */
        cd_value_t *map = cd_value_map_new(arena, 1);
        map->u.map.keys[0] = s->key;
        map->u.map.values[0] = value;
        map->u.map.n = 1;
        *out = fields_new_record(arena, in, s->side, NULL, map);
        return 0;
    }
    const cd_schema_t *updated;
    int rc = fields_cache_get(s->cache, schema, arena, hoist_build, s, &updated, NULL, err);
    if (rc != 0) return rc;
    cd_value_t *st = cd_value_struct_new(arena, updated);
    rc = fields_struct_put(st, &updated->fields[0], value, err);
    if (rc != 0) return rc;
    *out = fields_new_record(arena, in, s->side, updated, st);
    return 0;
}

#define HOIST_DOC                                                                               \
    "Wrap data using the specified field name in a Struct when schema present, or a Map in "   \
    "the case of schemaless data." FIELDS_KV_DOC("HoistField")

FIELDS_KV_PLUGIN(hoist, "HoistField", HOIST_DOC, hoist_defs)
