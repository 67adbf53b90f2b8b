/* ReplaceField$Key / $Value: keep (include), drop (exclude) and rename
 * fields. Kafka 4 removed the old blacklist/whitelist aliases; like Kafka,
 * they are ignored if given. */
#include <stdlib.h>
#include <string.h>

#include "fields.h"

#define PURPOSE "field replacement"

static int renames_validator(const char *key, const char *value, cd_error_t *err);

static const cd_config_def_t replace_defs[] = {
    {.name = "exclude", .type = CD_CFG_LIST, .default_value = "",
     .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "Fields to exclude. This takes precedence over the fields to include."},
    {.name = "include", .type = CD_CFG_LIST, .default_value = "",
     .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "Fields to include. If specified, only these fields will be used."},
    {.name = "renames", .type = CD_CFG_LIST, .default_value = "",
     .importance = CD_IMPORTANCE_MEDIUM, .documentation = "Field rename mappings.",
     .validator = renames_validator},
    FIELDS_REPLACE_NULL_DEF,
    {.name = NULL},
};

typedef struct rename {
    const char *from, *to;
    const cd_value_t *to_key;
} rename_t;

typedef struct replace_state {
    fields_side_t side;
    cd_arena_t *arena;
    char **exclude, **include;
    size_t n_exclude, n_include;
    rename_t *renames;
    size_t n_renames;
    bool replace_null;
    fields_cache_t *cache;
} replace_state_t;

/* parseRenameMappings; later mappings of the same name win (HashMap). */
static int parse_renames(cd_arena_t *a, const char *raw, rename_t **out, size_t *n_out,
                         cd_error_t *err) {
    size_t n;
    char **items = fields_split_list(a, raw, &n);
    rename_t *r = cd_arena_alloc(a, (n ? n : 1) * sizeof *r);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char **parts;
        if (fields_split_colon(a, items[i], &parts) != 2)
            return cd_error_set(err, CD_ERR_CONFIG,
                                "Invalid value %s for configuration renames: Invalid rename "
                                "mapping: %s",
                                fields_list_string(a, raw), items[i]);
        size_t j = 0;
        while (j < k && strcmp(r[j].from, parts[0]) != 0) j++;
        r[j] = (rename_t){.from = parts[0], .to = parts[1], .to_key = cd_value_cstring(a, parts[1])};
        if (j == k) k++;
    }
    *out = r;
    *n_out = k;
    return 0;
}

static int renames_validator(const char *key, const char *value, cd_error_t *err) {
    (void)key;
    cd_arena_t *a = cd_arena_new(0);
    rename_t *r;
    size_t n;
    int rc = parse_renames(a, value, &r, &n, err);
    cd_arena_destroy(a);
    return rc;
}

static void replace_destroy(void *state) {
    replace_state_t *s = state;
    if (!s) return;
    fields_cache_destroy(s->cache);
    cd_arena_destroy(s->arena);
    free(s);
}

static int replace_configure(void **state, const cd_config_t *c, fields_side_t side,
                             cd_error_t *err) {
    int rc = fields_config_check(c, replace_defs, err);
    if (rc != 0) return rc;
    replace_state_t *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->side = side;
    s->arena = cd_arena_new(0);
    s->exclude = fields_split_list(s->arena, cd_config_string(c, "exclude"), &s->n_exclude);
    s->include = fields_split_list(s->arena, cd_config_string(c, "include"), &s->n_include);
    parse_renames(s->arena, cd_config_string(c, "renames"), &s->renames, &s->n_renames, err);
    s->replace_null = cd_config_bool(c, FIELDS_REPLACE_NULL);
    s->cache = fields_cache_new();
    *state = s;
    return 0;
}

static bool in_list(char **list, size_t n, const char *name, size_t len) {
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && memcmp(list[i], name, len) == 0) return true;
    return false;
}

static bool keep(const replace_state_t *s, const char *name, size_t len) {
    return !in_list(s->exclude, s->n_exclude, name, len) &&
           (s->n_include == 0 || in_list(s->include, s->n_include, name, len));
}

static const rename_t *renamed(const replace_state_t *s, const char *name, size_t len) {
    for (size_t i = 0; i < s->n_renames; i++)
        if (strlen(s->renames[i].from) == len && memcmp(s->renames[i].from, name, len) == 0)
            return &s->renames[i];
    return NULL;
}

/* Kafka's reverseRenamed: the source name of an output field. */
static const char *reverse_renamed(const replace_state_t *s, const char *name) {
    const char *from = name;
    for (size_t i = 0; i < s->n_renames; i++)
        if (strcmp(s->renames[i].to, name) == 0) from = s->renames[i].from;
    return from;
}

/* extra: for each output field, the index of its source field, or -1 when
 * Kafka's reverse lookup names a field the input does not have. */
static int replace_build(const void *ctx, cd_arena_t *arena, const cd_schema_t *in,
                         const cd_schema_t **out, const void **extra, cd_error_t *err) {
    const replace_state_t *s = ctx;
    cd_schema_t *u = fields_schema_basics(arena, in, CD_TYPE_STRUCT);
    for (size_t i = 0; i < in->n_fields; i++) {
        const cd_field_t *f = &in->fields[i];
        size_t len = strlen(f->name);
        if (!keep(s, f->name, len)) continue;
        const rename_t *r = renamed(s, f->name, len);
        const char *name = r ? r->to : f->name;
        if (cd_schema_field(u, name))
            return fields_data_error(
                err, "Cannot create field because of field name duplication %s", name);
        cd_schema_add_field(arena, u, name, f->schema);
    }
    int *index = cd_arena_alloc(arena, (u->n_fields ? u->n_fields : 1) * sizeof *index);
    for (size_t i = 0; i < u->n_fields; i++) {
        const cd_field_t *src = cd_schema_field(in, reverse_renamed(s, u->fields[i].name));
        index[i] = src ? src->index : -1;
    }
    *out = u;
    *extra = index;
    return 0;
}

static int replace_apply(void *state, const cd_record_t *in, cd_arena_t *arena,
                         const cd_record_t **out, cd_error_t *err) {
    replace_state_t *s = state;
    const cd_schema_t *schema;
    const cd_value_t *value;
    int rc = fields_operand(in, s->side, PURPOSE, &schema, &value, out, err);
    if (rc != 0 || !value) return rc;
    if (!schema) {
        cd_value_t *map = cd_value_map_new(arena, value->u.map.n);
        for (size_t i = 0; i < value->u.map.n; i++) {
            const cd_value_t *k = value->u.map.keys[i];
            if (!k || k->type != CD_TYPE_STRING) continue; /* never a field name */
            if (!keep(s, k->u.str.data, k->u.str.len)) continue;
            const rename_t *r = renamed(s, k->u.str.data, k->u.str.len);
            cd_value_map_put(arena, map, r ? r->to_key : k, value->u.map.values[i]);
        }
        *out = fields_new_record(arena, in, s->side, NULL, map);
        return 0;
    }
    const cd_schema_t *vschema = value->u.strct.schema, *updated;
    const void *extra;
    rc = fields_cache_get(s->cache, vschema, arena, replace_build, s, &updated, &extra, err);
    if (rc != 0) return rc;
    const int *index = extra;
    cd_value_t *st = cd_value_struct_new(arena, updated);
    for (size_t i = 0; i < updated->n_fields; i++) {
        if (index[i] < 0)
            return fields_data_error(err, "%s is not a valid field name",
                                     reverse_renamed(s, updated->fields[i].name));
        rc = fields_struct_put(st, &updated->fields[i],
                               fields_struct_get(value, &vschema->fields[index[i]],
                                                 s->replace_null),
                               err);
        if (rc != 0) return rc;
    }
    *out = fields_new_record(arena, in, s->side, updated, st);
    return 0;
}

#define REPLACE_DOC "Filter or rename fields." FIELDS_KV_DOC("ReplaceField")

FIELDS_KV_PLUGIN(replace, "ReplaceField", REPLACE_DOC, replace_defs)
