/* Shared helpers of the field transforms: record sides, Kafka's
 * Requirements and their messages, Struct/Map access and schema helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fields.h"

/* ---- sides ------------------------------------------------------------ */

const cd_schema_t *fields_side_schema(const cd_record_t *r, fields_side_t side) {
    return side == FIELDS_KEY ? r->key_schema : r->value_schema;
}

const cd_value_t *fields_side_value(const cd_record_t *r, fields_side_t side) {
    return side == FIELDS_KEY ? r->key : r->value;
}

int fields_operand(const cd_record_t *in, fields_side_t side, const char *purpose,
                   const cd_schema_t **schema, const cd_value_t **value,
                   const cd_record_t **out, cd_error_t *err) {
    *schema = fields_side_schema(in, side);
    *value = fields_side_value(in, side);
    if (!*value) {
        *out = in;
        return 0;
    }
    if (!*schema) return fields_require_map(*value, purpose, err);
    return fields_require_struct(*value, purpose, err);
}

const cd_record_t *fields_new_record(cd_arena_t *arena, const cd_record_t *in, fields_side_t side,
                                     const cd_schema_t *schema, const cd_value_t *value) {
    /* Headers are shared, not copied: a header array is never changed in
     * place (cd_record_add_header copies it), so sharing is safe and saves
     * an allocation per record. */
    cd_record_t *r = cd_arena_alloc(arena, sizeof *r);
    *r = *in;
    if (side == FIELDS_KEY) {
        r->key_schema = schema;
        r->key = value;
    } else {
        r->value_schema = schema;
        r->value = value;
    }
    return r;
}

/* ---- errors ----------------------------------------------------------- */

static int set_error(cd_error_t *err, cd_err_code_t code, const char *cls, const char *fmt,
                     va_list ap) {
    if (!err) return code;
    char msg[CD_ERROR_MSG_MAX];
    vsnprintf(msg, sizeof msg, fmt, ap);
    return cd_error_set_class(err, code, cls, "%s", msg);
}

int fields_data_error(cd_error_t *err, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = set_error(err, CD_ERR_DATA, FIELDS_DATA_EXCEPTION, fmt, ap);
    va_end(ap);
    return rc;
}

int fields_config_error(cd_error_t *err, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = set_error(err, CD_ERR_CONFIG, FIELDS_CONFIG_EXCEPTION, fmt, ap);
    va_end(ap);
    return rc;
}

int fields_require_map(const cd_value_t *v, const char *purpose, cd_error_t *err) {
    if (v && v->type == CD_TYPE_MAP) return 0;
    return fields_data_error(err,
                             "Only Map objects supported in absence of schema for [%s], found: %s",
                             purpose, fields_java_class(v));
}

int fields_require_struct(const cd_value_t *v, const char *purpose, cd_error_t *err) {
    if (v && v->type == CD_TYPE_STRUCT) return 0;
    return fields_data_error(err, "Only Struct objects supported for [%s], found: %s", purpose,
                             fields_java_class(v));
}

int fields_require_sink(const cd_record_t *r, const char *purpose, cd_error_t *err) {
    /* Only the sink side sets the pre-transform coordinates. */
    if (r->original_topic) return 0;
    return fields_data_error(err, "Only SinkRecord supported for [%s], found: %s", purpose,
                             "org.apache.kafka.connect.source.SourceRecord");
}

/* ---- values ----------------------------------------------------------- */

const cd_value_t *fields_struct_get(const cd_value_t *st, const cd_field_t *f, bool with_default) {
    const cd_value_t *v = st->u.strct.fields[f->index];
    if (!v && with_default && f->schema && f->schema->has_default) v = f->schema->default_value;
    return v;
}

int fields_struct_put(cd_value_t *st, const cd_field_t *f, const cd_value_t *v, cd_error_t *err) {
    if (!v && f->schema && !f->schema->optional)
        return fields_data_error(err,
                                 "Invalid value: null used for required field: \"%s\", schema "
                                 "type: %s",
                                 f->name, fields_type_name(f->schema->type));
    st->u.strct.fields[f->index] = v;
    return 0;
}

const cd_value_t *fields_map_get(const cd_value_t *map, const char *key, bool *found) {
    size_t len = strlen(key);
    for (size_t i = 0; i < map->u.map.n; i++) {
        const cd_value_t *k = map->u.map.keys[i];
        if (k && k->type == CD_TYPE_STRING && k->u.str.len == len &&
            memcmp(k->u.str.data, key, len) == 0) {
            if (found) *found = true;
            return map->u.map.values[i];
        }
    }
    if (found) *found = false;
    return NULL;
}

cd_value_t *fields_map_copy(cd_arena_t *arena, const cd_value_t *map, size_t extra) {
    size_t n = map->u.map.n;
    cd_value_t *c = cd_value_map_new(arena, n + extra);
    /* Keys are distinct already: fill without the equality scan. */
    if (n) {
        memcpy((void *)c->u.map.keys, map->u.map.keys, n * sizeof *map->u.map.keys);
        memcpy((void *)c->u.map.values, map->u.map.values, n * sizeof *map->u.map.values);
    }
    c->u.map.n = n;
    return c;
}

/* ---- schemas ---------------------------------------------------------- */

cd_schema_t *fields_schema_basics(cd_arena_t *arena, const cd_schema_t *src, cd_type_t type) {
    cd_schema_t *s = cd_schema_new(arena, type);
    s->name = src->name;
    s->has_version = src->has_version;
    s->version = src->version;
    s->doc = src->doc;
    s->params = src->params;
    s->n_params = src->n_params;
    return s;
}

cd_schema_t *fields_schema_clone(cd_arena_t *arena, const cd_schema_t *s) {
    cd_schema_t *c = cd_schema_new(arena, s->type);
    *c = *s;
    return c;
}
