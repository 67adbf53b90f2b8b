/*
 * Header transforms: HeaderFrom$Key / $Value (fields to headers, copied or
 * moved), InsertHeader (a literal header on every record) and DropHeaders.
 */
#include <stdlib.h>
#include <string.h>

#include "routing.h"

/* ---- HeaderFrom ------------------------------------------------------ */

static const char *const operation_choices[] = {"move", "copy", NULL};

static int valid_operation(const char *key, const char *value, cd_error_t *err) {
    return rt_valid_choice(key, value, operation_choices, err);
}

static const cd_config_def_t header_from_defs[] = {
    {.name = "fields",
     .type = CD_CFG_LIST,
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Field names in the record whose values are to be copied or moved to "
                      "headers.",
     .flags = CD_CFG_F_REQUIRED,
     .validator = rt_valid_nonempty_list},
    {.name = "headers",
     .type = CD_CFG_LIST,
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Header names, in the same order as the field names listed in the fields "
                      "configuration property.",
     .flags = CD_CFG_F_REQUIRED,
     .validator = rt_valid_nonempty_list},
    {.name = "operation",
     .type = CD_CFG_STRING,
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Either <code>move</code> if the fields are to be moved to the headers "
                      "(removed from the key/value), or <code>copy</code> if the fields are to "
                      "be copied to the headers (retained in the key/value).",
     .flags = CD_CFG_F_REQUIRED,
     .choices = operation_choices,
     .validator = valid_operation},
    RT_REPLACE_NULL_DEF,
    {.name = NULL},
};

typedef struct header_from {
    bool is_key;
    bool move;
    bool replace_null_with_default;
    cd_arena_t *arena; /* fields and headers */
    const char **fields;
    const char **headers;
    size_t n;
    rt_schema_cache_t *cache;
} header_from_t;

static void header_from_destroy(void *state) {
    header_from_t *s = state;
    if (!s) return;
    rt_schema_cache_destroy(s->cache);
    cd_arena_destroy(s->arena);
    free(s);
}

static int header_from_configure(void **state, const cd_config_t *config, bool is_key,
                                 cd_error_t *err) {
    int rc = rt_config_check(header_from_defs, config, err);
    if (rc) return rc;
    size_t nf, nh;
    const char *const *fields = cd_config_list(config, "fields", &nf);
    const char *const *headers = cd_config_list(config, "headers", &nh);
    if (nf != nh)
        return cd_error_set(err, CD_ERR_CONFIG,
                            "'fields' config must have the same number of elements as 'headers' "
                            "config.");
    header_from_t *s = calloc(1, sizeof *s);
    if (!s) return cd_error_set(err, CD_ERR_FATAL, "out of memory");
    s->is_key = is_key;
    s->move = strcmp(cd_config_string(config, "operation"), "move") == 0;
    s->replace_null_with_default = cd_config_bool(config, "replace.null.with.default");
    s->arena = cd_arena_new(0);
    s->cache = rt_schema_cache_new();
    s->n = nf;
    s->fields = cd_arena_alloc(s->arena, (nf + 1) * sizeof *s->fields);
    s->headers = cd_arena_alloc(s->arena, (nf + 1) * sizeof *s->headers);
    for (size_t i = 0; i < nf; i++) {
        s->fields[i] = cd_arena_strdup(s->arena, fields[i]);
        s->headers[i] = cd_arena_strdup(s->arena, headers[i]);
    }
    *state = s;
    return 0;
}

static bool listed(const header_from_t *s, const char *name) {
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->fields[i], name) == 0) return true;
    return false;
}

/* The record's headers plus room for n more. */
static cd_header_t *headers_with_room(cd_arena_t *arena, const cd_record_t *in, size_t n) {
    cd_header_t *h = cd_arena_alloc(arena, (in->n_headers + n + 1) * sizeof *h);
    if (in->n_headers) memcpy(h, in->headers, in->n_headers * sizeof *h);
    return h;
}

static const cd_schema_t *move_schema(header_from_t *s, const cd_schema_t *schema,
                                      cd_arena_t *batch) {
    const cd_schema_t *cached = rt_schema_cache_get(s->cache, schema);
    if (cached) return cached;
    cd_arena_t *a = rt_schema_cache_reserve(s->cache, batch);
    cd_schema_t *out = rt_copy_schema_basics(a, schema);
    for (size_t i = 0; i < schema->n_fields; i++)
        if (!listed(s, schema->fields[i].name))
            cd_schema_add_field(a, out, schema->fields[i].name,
                                cd_schema_copy(a, schema->fields[i].schema));
    rt_schema_cache_put(s->cache, schema, out);
    return out;
}

static int apply_with_schema(header_from_t *s, const cd_schema_t *schema, const cd_value_t *value,
                             cd_record_t *r, cd_arena_t *arena, const cd_schema_t **new_schema,
                             const cd_value_t **new_value, cd_error_t *err) {
    const char *purpose = s->move ? "header move" : "header copy";
    if (!value || value->type != CD_TYPE_STRUCT)
        return rt_require_struct_error(value, purpose, err);
    const cd_schema_t *vschema = value->u.strct.schema;
    *new_schema = schema;
    *new_value = value;
    if (s->move) {
        const cd_schema_t *ms = move_schema(s, schema, arena);
        cd_value_t *nv = cd_value_struct_new(arena, ms);
        for (size_t i = 0; i < ms->n_fields; i++) {
            const cd_field_t *f = cd_schema_field(vschema, ms->fields[i].name);
            const cd_value_t *fv = f ? rt_struct_get(value, f, s->replace_null_with_default) : NULL;
            if (!fv && !ms->fields[i].schema->optional)
                return cd_error_set_class(err, CD_ERR_DATA, RT_DATA_EXCEPTION,
                                          "Invalid value: null used for required field: \"%s\", "
                                          "schema type: %s",
                                          ms->fields[i].name,
                                          rt_type_name(ms->fields[i].schema->type));
            nv->u.strct.fields[i] = fv;
        }
        *new_schema = ms;
        *new_value = nv;
    }
    cd_header_t *h = headers_with_room(arena, r, s->n);
    for (size_t i = 0; i < s->n; i++) {
        const cd_field_t *vf = cd_schema_field(vschema, s->fields[i]);
        const cd_field_t *sf = cd_schema_field(schema, s->fields[i]);
        if (!sf)
            /* Kafka dereferences operatingSchema.field(name) unchecked. */
            return cd_error_set_class(err, CD_ERR_DATA, RT_NPE,
                                      "Cannot invoke \"org.apache.kafka.connect.data.Field.schema()"
                                      "\" because the return value of \"org.apache.kafka.connect."
                                      "data.Schema.field(String)\" is null");
        const cd_value_t *hv = vf ? rt_struct_get(value, vf, s->replace_null_with_default) : NULL;
        h[r->n_headers + i] = (cd_header_t){.key = s->headers[i], .schema = sf->schema, .value = hv};
    }
    r->headers = h;
    r->n_headers += s->n;
    return 0;
}

static int apply_schemaless(header_from_t *s, const cd_value_t *value, cd_record_t *r,
                            cd_arena_t *arena, const cd_value_t **new_value, cd_error_t *err) {
    if (!value || value->type != CD_TYPE_MAP)
        return rt_require_map_error(value, s->move ? "header move" : "header copy", err);
    cd_header_t *h = headers_with_room(arena, r, s->n);
    for (size_t i = 0; i < s->n; i++)
        h[r->n_headers + i] = (cd_header_t){.key = s->headers[i],
                                            .schema = NULL,
                                            .value = cd_value_map_get(value, s->fields[i])};
    r->headers = h;
    r->n_headers += s->n;
    *new_value = value;
    if (s->move) {
        /* A copy of the map without the moved keys (keys are strings in a
         * schemaless value that passed requireMap's cast). */
        cd_value_t *m = cd_value_map_new(arena, value->u.map.n);
        for (size_t i = 0; i < value->u.map.n; i++) {
            const cd_value_t *k = value->u.map.keys[i];
            if (k && k->type == CD_TYPE_STRING && listed(s, k->u.str.data)) continue;
            cd_value_map_put(arena, m, k, value->u.map.values[i]);
        }
        *new_value = m;
    }
    return 0;
}

static int header_from_apply(void *state, const cd_record_t *in, cd_arena_t *arena,
                             const cd_record_t **out, cd_error_t *err) {
    header_from_t *s = state;
    const cd_schema_t *schema = rt_side_schema(in, s->is_key);
    const cd_value_t *value = rt_side_value(in, s->is_key);
    cd_record_t *r = cd_record_copy(arena, in);
    const cd_schema_t *ns = NULL;
    const cd_value_t *nv = NULL;
    int rc = schema ? apply_with_schema(s, schema, value, r, arena, &ns, &nv, err)
                    : apply_schemaless(s, value, r, arena, &nv, err);
    if (rc) return rc;
    rt_set_side(r, s->is_key, ns, nv);
    *out = r;
    return 0;
}

#define HEADER_FROM_DOC                                                                          \
    "Moves or copies fields in the key/value of a record into that record's headers. "          \
    "Corresponding elements of <code>fields</code> and <code>headers</code> together identify " \
    "a field and the header it should be moved or copied to. Use the concrete transformation "  \
    "type designed for the record key (<code>" RT_PKG "HeaderFrom$Key</code>) or value "        \
    "(<code>" RT_PKG "HeaderFrom$Value</code>)."

RT_KV_TRANSFORM(header_from, "HeaderFrom", HEADER_FROM_DOC, header_from_defs);

/* ---- InsertHeader ---------------------------------------------------- */

static const cd_config_def_t insert_header_defs[] = {
    {.name = "header",
     .type = CD_CFG_STRING,
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "The name of the header.",
     .flags = CD_CFG_F_REQUIRED},
    {.name = "value.literal",
     .type = CD_CFG_STRING,
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "The literal value that is to be set as the header value on all records.",
     .flags = CD_CFG_F_REQUIRED},
    {.name = NULL},
};

typedef struct insert_header {
    cd_arena_t *arena;
    const char *header;
    const cd_schema_t *schema;
    const cd_value_t *value;
} insert_header_t;

static void insert_header_destroy(void *state) {
    insert_header_t *s = state;
    if (!s) return;
    cd_arena_destroy(s->arena);
    free(s);
}

static int insert_header_configure(void **state, const cd_config_t *config, cd_error_t *err) {
    int rc = rt_config_check(insert_header_defs, config, err);
    if (rc) return rc;
    insert_header_t *s = calloc(1, sizeof *s);
    if (!s) return cd_error_set(err, CD_ERR_FATAL, "out of memory");
    s->arena = cd_arena_new(0);
    s->header = cd_arena_strdup(s->arena, cd_config_string(config, "header"));
    const char *literal = cd_config_string(config, "value.literal");
    /* Values.parseString once: every record gets the same header value. */
    if (cd_values_parse_string(s->arena, literal, strlen(literal), &s->schema, &s->value) != 0) {
        insert_header_destroy(s);
        return cd_error_set(err, CD_ERR_CONFIG,
                            "Invalid value %s for configuration value.literal: the literal could "
                            "not be parsed",
                            literal);
    }
    *state = s;
    return 0;
}

static int insert_header_apply(void *state, const cd_record_t *in, cd_arena_t *arena,
                               const cd_record_t **out, cd_error_t *err) {
    (void)err;
    insert_header_t *s = state;
    cd_record_t *r = cd_record_copy(arena, in);
    cd_header_t *h = headers_with_room(arena, in, 1);
    h[in->n_headers] = (cd_header_t){.key = s->header, .schema = s->schema, .value = s->value};
    r->headers = h;
    r->n_headers = in->n_headers + 1;
    *out = r;
    return 0;
}

RT_TRANSFORM(insert_header, "InsertHeader", "Add a header to each record.", insert_header_defs);

/* ---- DropHeaders ----------------------------------------------------- */

static const cd_config_def_t drop_headers_defs[] = {
    {.name = "headers",
     .type = CD_CFG_LIST,
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "The name of the headers to be removed.",
     .flags = CD_CFG_F_REQUIRED,
     .validator = rt_valid_nonempty_list},
    {.name = NULL},
};

typedef struct drop_headers {
    cd_arena_t *arena;
    const char **names;
    size_t n;
} drop_headers_t;

static void drop_headers_destroy(void *state) {
    drop_headers_t *s = state;
    if (!s) return;
    cd_arena_destroy(s->arena);
    free(s);
}

static int drop_headers_configure(void **state, const cd_config_t *config, cd_error_t *err) {
    int rc = rt_config_check(drop_headers_defs, config, err);
    if (rc) return rc;
    drop_headers_t *s = calloc(1, sizeof *s);
    if (!s) return cd_error_set(err, CD_ERR_FATAL, "out of memory");
    s->arena = cd_arena_new(0);
    const char *const *names = cd_config_list(config, "headers", &s->n);
    s->names = cd_arena_alloc(s->arena, (s->n + 1) * sizeof *s->names);
    for (size_t i = 0; i < s->n; i++) s->names[i] = cd_arena_strdup(s->arena, names[i]);
    *state = s;
    return 0;
}

static int drop_headers_apply(void *state, const cd_record_t *in, cd_arena_t *arena,
                              const cd_record_t **out, cd_error_t *err) {
    (void)err;
    drop_headers_t *s = state;
    cd_record_t *r = cd_record_copy(arena, in);
    cd_header_t *h = cd_arena_alloc(arena, (in->n_headers + 1) * sizeof *h);
    size_t kept = 0;
    for (size_t i = 0; i < in->n_headers; i++) {
        bool drop = false;
        for (size_t j = 0; j < s->n && !drop; j++)
            drop = strcmp(in->headers[i].key, s->names[j]) == 0;
        if (!drop) h[kept++] = in->headers[i];
    }
    r->headers = h;
    r->n_headers = kept;
    *out = r;
    return 0;
}

RT_TRANSFORM(drop_headers, "DropHeaders", "Removes one or more headers from each record.",
             drop_headers_defs);
