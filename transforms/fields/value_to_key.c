/* ValueToKey: replace the key with a Struct (or Map) of value fields. */
#include <stdlib.h>

#include "fields.h"

#define PURPOSE "copying fields from value to key"

static const cd_config_def_t value_to_key_defs[] = {
    {.name = "fields", .type = CD_CFG_LIST, .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Field names on the record value to extract as the record key.",
     .flags = CD_CFG_F_REQUIRED, .validator = fields_non_empty_list},
    FIELDS_REPLACE_NULL_DEF,
    {.name = NULL},
};

typedef struct value_to_key_state {
    cd_arena_t *arena;
    char **fields;
    const cd_value_t **keys; /* the map keys, built once */
    size_t n;
    bool replace_null;
    fields_cache_t *cache;
} value_to_key_state_t;

static void value_to_key_destroy(void *state) {
    value_to_key_state_t *s = state;
    if (!s) return;
    fields_cache_destroy(s->cache);
    cd_arena_destroy(s->arena);
    free(s);
}

static int value_to_key_configure(void **state, const cd_config_t *c, cd_error_t *err) {
    int rc = fields_config_check(c, value_to_key_defs, err);
    if (rc != 0) return rc;
    value_to_key_state_t *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->arena = cd_arena_new(0);
    s->fields = fields_split_list(s->arena, cd_config_string(c, "fields"), &s->n);
    s->keys = cd_arena_alloc(s->arena, s->n * sizeof *s->keys);
    for (size_t i = 0; i < s->n; i++) s->keys[i] = cd_value_cstring(s->arena, s->fields[i]);
    s->replace_null = cd_config_bool(c, FIELDS_REPLACE_NULL);
    s->cache = fields_cache_new();
    *state = s;
    return 0;
}

/* extra: for each key field, its index in the value schema. */
static int value_to_key_build(const void *ctx, cd_arena_t *arena, const cd_schema_t *in,
                              const cd_schema_t **out, const void **extra, cd_error_t *err) {
    const value_to_key_state_t *s = ctx;
    cd_schema_t *key = cd_schema_new(arena, CD_TYPE_STRUCT);
    int *index = cd_arena_alloc(arena, s->n * sizeof *index);
    for (size_t i = 0; i < s->n; i++) {
        const cd_field_t *f = cd_schema_field(in, s->fields[i]);
        if (!f) return fields_data_error(err, "Field does not exist: %s", s->fields[i]);
        if (cd_schema_field(key, s->fields[i]))
            return fields_data_error(
                err, "Cannot create field because of field name duplication %s", s->fields[i]);
        cd_schema_add_field(arena, key, s->fields[i], f->schema);
        index[i] = f->index;
    }
    *out = key;
    *extra = index;
    return 0;
}

static int value_to_key_apply(void *state, const cd_record_t *in, cd_arena_t *arena,
                              const cd_record_t **out, cd_error_t *err) {
    value_to_key_state_t *s = state;
    cd_record_t *r;
    if (!in->value_schema) {
        if (fields_require_map(in->value, PURPOSE, err) != 0) return CD_ERR_DATA;
        cd_value_t *key = cd_value_map_new(arena, s->n);
        for (size_t i = 0; i < s->n; i++)
            cd_value_map_put(arena, key, s->keys[i], fields_map_get(in->value, s->fields[i], NULL));
        r = (cd_record_t *)fields_new_record(arena, in, FIELDS_KEY, NULL, key);
        *out = r;
        return 0;
    }
    if (fields_require_struct(in->value, PURPOSE, err) != 0) return CD_ERR_DATA;
    const cd_schema_t *vschema = in->value->u.strct.schema, *kschema;
    const void *extra;
    int rc = fields_cache_get(s->cache, vschema, arena, value_to_key_build, s, &kschema, &extra,
                              err);
    if (rc != 0) return rc;
    const int *index = extra;
    cd_value_t *key = cd_value_struct_new(arena, kschema);
    for (size_t i = 0; i < s->n; i++) {
        rc = fields_struct_put(key, &kschema->fields[i],
                               fields_struct_get(in->value, &vschema->fields[index[i]],
                                                 s->replace_null),
                               err);
        if (rc != 0) return rc;
    }
    /* Kafka also sets the value schema to the struct's own schema. */
    r = (cd_record_t *)fields_new_record(arena, in, FIELDS_KEY, kschema, key);
    r->value_schema = vschema;
    *out = r;
    return 0;
}

static const cd_transform_ops_t value_to_key_ops = {
    CD_DESCRIPTOR_HEADER(cd_transform_ops_t), value_to_key_configure, value_to_key_apply,
    value_to_key_destroy};

const cd_plugin_desc_t fields_value_to_key_desc = {
    CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
    .type = CD_PLUGIN_TRANSFORMATION,
    .name = FIELDS_PKG "ValueToKey",
    .version = FIELDS_VERSION,
    .documentation = "Replace the record key with a new key formed from a subset of fields in "
                     "the record value.",
    .config_defs = value_to_key_defs,
    .ops = &value_to_key_ops,
};
