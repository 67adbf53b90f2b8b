/* InsertField$Key / $Value: add topic, partition, offset, timestamp and a
 * static value as fields. A name suffixed `!` makes a required field, `?`
 * (or nothing) an optional one. */
#include <stdlib.h>
#include <string.h>

#include "fields.h"

#define PURPOSE "field insertion"
#define OPTIONALITY_DOC                                                                         \
    "Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it "  \
    "optional (the default)."

static const cd_config_def_t insert_defs[] = {
    {.name = "topic.field", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "Field name for Kafka topic. " OPTIONALITY_DOC},
    {.name = "partition.field", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "Field name for Kafka partition. " OPTIONALITY_DOC},
    {.name = "offset.field", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_MEDIUM,
     .documentation =
         "Field name for Kafka offset - only applicable to sink connectors.<br/>" OPTIONALITY_DOC},
    {.name = "timestamp.field", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "Field name for record timestamp. " OPTIONALITY_DOC},
    {.name = "static.field", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "Field name for static data field. " OPTIONALITY_DOC},
    {.name = "static.value", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "Static field value, if field name configured."},
    FIELDS_REPLACE_NULL_DEF,
    {.name = NULL},
};

enum { INS_TOPIC, INS_PARTITION, INS_OFFSET, INS_TIMESTAMP, INS_STATIC, INS_COUNT };
static const char *const insert_keys[INS_COUNT] = {"topic.field", "partition.field",
                                                   "offset.field", "timestamp.field",
                                                   "static.field"};

typedef struct insertion {
    const char *name; /* NULL: not configured */
    const cd_value_t *key;
    bool optional;
} insertion_t;

typedef struct insert_state {
    fields_side_t side;
    cd_arena_t *arena;
    insertion_t ins[INS_COUNT];
    const cd_value_t *static_value;
    bool replace_null;
    fields_cache_t *cache;
} insert_state_t;

static void insert_destroy(void *state) {
    insert_state_t *s = state;
    if (!s) return;
    fields_cache_destroy(s->cache);
    cd_arena_destroy(s->arena);
    free(s);
}

/* InsertionSpec.parse */
static void parse_spec(cd_arena_t *a, const char *spec, insertion_t *out) {
    if (!spec) return;
    size_t len = strlen(spec);
    out->optional = true;
    if (len && (spec[len - 1] == '?' || spec[len - 1] == '!')) {
        out->optional = spec[len - 1] == '?';
        len--;
    }
    out->name = cd_arena_strndup(a, spec, len);
    out->key = cd_value_cstring(a, out->name);
}

static int insert_configure(void **state, const cd_config_t *c, fields_side_t side,
                            cd_error_t *err) {
    int rc = fields_config_check(c, insert_defs, err);
    if (rc != 0) return rc;
    insert_state_t *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->side = side;
    s->arena = cd_arena_new(0);
    bool any = false;
    for (int i = 0; i < INS_COUNT; i++) {
        parse_spec(s->arena, cd_config_string(c, insert_keys[i]), &s->ins[i]);
        any |= s->ins[i].name != NULL;
    }
    const char *static_value = cd_config_string(c, "static.value");
    s->replace_null = cd_config_bool(c, FIELDS_REPLACE_NULL);
    if (!any) rc = fields_config_error(err, "No field insertion configured");
    /* Kafka prints the InsertionSpec object here (a class name and hash);
     * the field name is what it means. */
    else if (s->ins[INS_STATIC].name && !static_value)
        rc = fields_config_error(err,
                                 "Invalid value null for configuration static.value: No value "
                                 "specified for static field: %s",
                                 s->ins[INS_STATIC].name);
    if (rc != 0) {
        insert_destroy(s);
        return rc;
    }
    if (static_value) s->static_value = cd_value_cstring(s->arena, static_value);
    s->cache = fields_cache_new();
    *state = s;
    return 0;
}

static int insert_build(const void *ctx, cd_arena_t *arena, const cd_schema_t *in,
                        const cd_schema_t **out, const void **extra, cd_error_t *err) {
    (void)extra;
    const insert_state_t *s = ctx;
    if (in->type != CD_TYPE_STRUCT)
        return fields_data_error(err, "Cannot list fields on non-struct type");
    cd_schema_t *u = fields_schema_basics(arena, in, CD_TYPE_STRUCT);
    /* The original fields array is reused: add_field copies before growing. */
    u->fields = in->fields;
    u->n_fields = in->n_fields;
    for (int i = 0; i < INS_COUNT; i++) {
        const insertion_t *ins = &s->ins[i];
        if (!ins->name) continue;
        if (cd_schema_field(u, ins->name))
            return fields_data_error(
                err, "Cannot create field because of field name duplication %s", ins->name);
        const cd_schema_t *fs;
        switch (i) {
        case INS_PARTITION: fs = cd_schema_primitive(CD_TYPE_INT32, ins->optional); break;
        case INS_OFFSET: fs = cd_schema_primitive(CD_TYPE_INT64, ins->optional); break;
        case INS_TIMESTAMP: fs = cd_schema_timestamp(ins->optional); break;
        default: fs = cd_schema_primitive(CD_TYPE_STRING, ins->optional); break;
        }
        cd_schema_add_field(arena, u, ins->name, fs);
    }
    *out = u;
    return 0;
}

/* The value inserted for ins[i], or `skip` when Kafka leaves it out. */
static int inserted_value(const insert_state_t *s, int i, const cd_record_t *in, cd_arena_t *a,
                          bool with_schema, const cd_value_t **v, bool *skip, cd_error_t *err) {
    *skip = false;
    *v = NULL;
    switch (i) {
    case INS_TOPIC: *v = in->topic ? cd_value_cstring(a, in->topic) : NULL; break;
    case INS_PARTITION:
        *skip = in->partition == CD_NO_PARTITION;
        if (!*skip) *v = cd_value_int(a, CD_TYPE_INT32, in->partition);
        break;
    case INS_OFFSET:
        if (fields_require_sink(in, PURPOSE, err) != 0) return CD_ERR_DATA;
        *v = cd_value_int(a, CD_TYPE_INT64, in->kafka_offset);
        break;
    case INS_TIMESTAMP:
        /* A java.util.Date with a schema, the Long itself without. */
        *skip = in->timestamp == CD_NO_TIMESTAMP;
        if (!*skip) *v = cd_value_int(a, CD_TYPE_INT64, in->timestamp);
        (void)with_schema;
        break;
    default: *v = s->static_value; break;
    }
    return 0;
}

static int insert_apply(void *state, const cd_record_t *in, cd_arena_t *arena,
                        const cd_record_t **out, cd_error_t *err) {
    insert_state_t *s = state;
    const cd_schema_t *schema;
    const cd_value_t *value;
    int rc = fields_operand(in, s->side, PURPOSE, &schema, &value, out, err);
    if (rc != 0 || !value) return rc;
    if (!schema) {
        cd_value_t *map = fields_map_copy(arena, value, INS_COUNT);
        for (int i = 0; i < INS_COUNT; i++) {
            if (!s->ins[i].name) continue;
            const cd_value_t *v;
            bool skip;
            rc = inserted_value(s, i, in, arena, false, &v, &skip, err);
            if (rc != 0) return rc;
            if (!skip) cd_value_map_put(arena, map, s->ins[i].key, v);
        }
        *out = fields_new_record(arena, in, s->side, NULL, map);
        return 0;
    }
    const cd_schema_t *vschema = value->u.strct.schema, *updated;
    rc = fields_cache_get(s->cache, vschema, arena, insert_build, s, &updated, NULL, err);
    if (rc != 0) return rc;
    cd_value_t *st = cd_value_struct_new(arena, updated);
    for (size_t i = 0; i < vschema->n_fields; i++) {
        rc = fields_struct_put(st, &updated->fields[i],
                               fields_struct_get(value, &vschema->fields[i], s->replace_null), err);
        if (rc != 0) return rc;
    }
    size_t at = vschema->n_fields;
    for (int i = 0; i < INS_COUNT; i++) {
        if (!s->ins[i].name) continue;
        const cd_value_t *v;
        bool skip;
        rc = inserted_value(s, i, in, arena, true, &v, &skip, err);
        if (rc == 0 && !skip) rc = fields_struct_put(st, &updated->fields[at], v, err);
        if (rc != 0) return rc;
        at++;
    }
    *out = fields_new_record(arena, in, s->side, updated, st);
    return 0;
}

#define INSERT_DOC                                                                              \
    "Insert field(s) using attributes from the record metadata or a configured static value."  \
    FIELDS_KV_DOC("InsertField")

FIELDS_KV_PLUGIN(insert, "InsertField", INSERT_DOC, insert_defs)
