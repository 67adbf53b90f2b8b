/*
 * JSON -> Connect data, as Kafka's JsonConverter.asConnectSchema and
 * convertToConnect do it, including Jackson's lenient accessors: a
 * non-numeric node read as a number is 0, a non-boolean read as a boolean
 * is false, a non-string read as a string or bytes is null.
 */
#include <string.h>

#include "convert/base64.h"
#include "convert/json_data.h"
#include "data/data_util.h"
#include "data/decimal.h"

#define SCHEMA_BUILDER_EXCEPTION "org.apache.kafka.connect.errors.SchemaBuilderException"

/* ---- schemas -------------------------------------------------------- */

static const struct {
    const char *name;
    cd_type_t type;
} type_names[] = {
    {"boolean", CD_TYPE_BOOLEAN}, {"int8", CD_TYPE_INT8},     {"int16", CD_TYPE_INT16},
    {"int32", CD_TYPE_INT32},     {"int64", CD_TYPE_INT64},   {"float", CD_TYPE_FLOAT32},
    {"double", CD_TYPE_FLOAT64},  {"bytes", CD_TYPE_BYTES},   {"string", CD_TYPE_STRING},
    {"array", CD_TYPE_ARRAY},     {"map", CD_TYPE_MAP},       {"struct", CD_TYPE_STRUCT},
};

static bool is_text(const jtree_node_t *n) { return n && n->kind == JTREE_STRING; }

/* The fields array is filled in one go (cd_schema_add_field copies the
 * array on every call, which would be quadratic for wide records). */
static int read_struct_fields(cd_arena_t *arena, cd_schema_t *s, const jtree_node_t *node,
                              const json_data_opts_t *o, cd_error_t *err) {
    const jtree_node_t *fields = jtree_get(node, "fields");
    if (!fields || fields->kind != JTREE_ARRAY)
        return cd_error_set(err, CD_ERR_DATA, "Struct schema's \"fields\" argument is not an array.");
    cd_field_t *out = cd_arena_alloc(arena, (fields->u.arr.n ? fields->u.arr.n : 1) * sizeof *out);
    s->fields = out;
    for (size_t i = 0; i < fields->u.arr.n; i++) {
        const jtree_node_t *f = fields->u.arr.items[i];
        const jtree_node_t *name = jtree_get(f, "field");
        if (!is_text(name))
            return cd_error_set(err, CD_ERR_DATA, "Struct schema's field name not specified properly");
        const cd_schema_t *fs;
        if (json_data_read_schema(arena, f, o, &fs, err)) return CD_ERR_DATA;
        if (cd_schema_field(s, name->u.str.s))
            return cd_error_set_class(err, CD_ERR_DATA, SCHEMA_BUILDER_EXCEPTION,
                                      "Cannot create field because of field name duplication %s",
                                      name->u.str.s);
        out[i] = (cd_field_t){.name = name->u.str.s, .index = (int)i, .schema = fs};
        s->n_fields = i + 1;
    }
    return 0;
}

static int read_type_specifics(cd_arena_t *arena, cd_schema_t *s, const jtree_node_t *node,
                               const json_data_opts_t *o, cd_error_t *err) {
    if (s->type == CD_TYPE_ARRAY) {
        const jtree_node_t *items = jtree_get(node, "items");
        if (!items || items->kind == JTREE_NULL)
            return cd_error_set(err, CD_ERR_DATA, "Array schema did not specify the element type");
        return json_data_read_schema(arena, items, o, &s->value_schema, err);
    }
    if (s->type == CD_TYPE_MAP) {
        const jtree_node_t *keys = jtree_get(node, "keys");
        if (!keys) return cd_error_set(err, CD_ERR_DATA, "Map schema did not specify the key type");
        const jtree_node_t *values = jtree_get(node, "values");
        if (!values) return cd_error_set(err, CD_ERR_DATA, "Map schema did not specify the value type");
        if (json_data_read_schema(arena, keys, o, &s->key_schema, err) ||
            json_data_read_schema(arena, values, o, &s->value_schema, err))
            return CD_ERR_DATA;
        if (!s->key_schema)
            return cd_error_set_class(err, CD_ERR_DATA, SCHEMA_BUILDER_EXCEPTION, "keySchema cannot be null.");
        if (!s->value_schema)
            return cd_error_set_class(err, CD_ERR_DATA, SCHEMA_BUILDER_EXCEPTION, "valueSchema cannot be null.");
        return 0;
    }
    if (s->type == CD_TYPE_STRUCT) return read_struct_fields(arena, s, node, o, err);
    return 0;
}

static int read_default(cd_arena_t *arena, cd_schema_t *s, const jtree_node_t *node,
                        const json_data_opts_t *o, cd_error_t *err) {
    const jtree_node_t *def = jtree_get(node, "default");
    if (!def) return 0;
    const cd_value_t *v;
    if (json_data_read_value(arena, s, def, o, &v, err)) return CD_ERR_DATA;
    /* SchemaBuilder.defaultValue validates: a required schema cannot take
     * a null (a string default given as a number reads as null), and a
     * struct default never matches the builder it is validated against,
     * so Kafka rejects struct defaults in JSON schemas altogether. */
    if ((!v && !s->optional) || (v && s->type == CD_TYPE_STRUCT))
        return cd_error_set_class(err, CD_ERR_DATA, SCHEMA_BUILDER_EXCEPTION, "Invalid default value");
    s->has_default = v != NULL; /* a null default is no default in Java */
    s->default_value = v;
    return 0;
}

int json_data_read_schema(cd_arena_t *arena, const jtree_node_t *node, const json_data_opts_t *o,
                          const cd_schema_t **out, cd_error_t *err) {
    *out = NULL;
    if (!node || node->kind == JTREE_NULL) return 0;
    const jtree_node_t *type = jtree_get(node, "type");
    if (!is_text(type)) return cd_error_set(err, CD_ERR_DATA, "Schema must contain 'type' field");
    size_t t = 0;
    while (t < sizeof type_names / sizeof type_names[0] && strcmp(type_names[t].name, type->u.str.s))
        t++;
    if (t == sizeof type_names / sizeof type_names[0])
        return cd_error_set(err, CD_ERR_DATA, "Unknown schema type: %s", type->u.str.s);
    cd_schema_t *s = cd_schema_new(arena, type_names[t].type);
    if (read_type_specifics(arena, s, node, o, err)) return CD_ERR_DATA;

    const jtree_node_t *opt = jtree_get(node, "optional");
    s->optional = opt && opt->kind == JTREE_BOOL && opt->u.b;
    const jtree_node_t *name = jtree_get(node, "name");
    if (is_text(name)) s->name = name->u.str.s;
    const jtree_node_t *version = jtree_get(node, "version");
    if (version && version->kind == JTREE_NUMBER && version->u.num.cls != JTREE_NUM_DECIMAL) {
        s->has_version = true;
        s->version = (int32_t)(uint32_t)(uint64_t)jtree_long_value(version); /* intValue() */
    }
    const jtree_node_t *doc = jtree_get(node, "doc");
    if (is_text(doc)) s->doc = doc->u.str.s;
    const jtree_node_t *params = jtree_get(node, "parameters");
    if (params && params->kind == JTREE_OBJECT && params->u.obj.n) {
        /* Object keys are unique already: fill the array directly. */
        cd_schema_param_t *p = cd_arena_alloc(arena, params->u.obj.n * sizeof *p);
        for (size_t i = 0; i < params->u.obj.n; i++) {
            const jtree_member_t *m = &params->u.obj.members[i];
            if (!is_text(m->value))
                return cd_error_set(err, CD_ERR_DATA, "Schema parameters must have string values.");
            p[i] = (cd_schema_param_t){.key = m->key, .value = m->value->u.str.s};
        }
        s->params = p;
        s->n_params = params->u.obj.n;
    }
    if (read_default(arena, s, node, o, err)) return CD_ERR_DATA;
    *out = s;
    return 0;
}

/* ---- values --------------------------------------------------------- */

static cd_value_t *value_new(cd_arena_t *arena, cd_type_t type) {
    cd_value_t *v = cd_arena_alloc(arena, sizeof *v);
    v->type = type;
    return v;
}

/* A JSON number is taken at the schema's scale: Kafka keeps the literal's
 * own scale (a BigDecimal 1.5 for a scale-2 schema, which its BASE64
 * writer then refuses), while our decimals are unscaled bytes at the
 * schema's scale, so 1.5 becomes 1.50; only digits that would be lost
 * make it an error, with the message Kafka's writer would give. */
static int read_decimal(cd_arena_t *arena, const cd_schema_t *s, const jtree_node_t *n,
                        const cd_value_t **out, cd_error_t *err) {
    int32_t scale;
    if (n->kind == JTREE_NUMBER) {
        if (decimal_schema_scale(s, &scale, err)) return CD_ERR_DATA;
        const uint8_t *bytes;
        size_t len;
        int32_t lscale = 0;
        decimal_status_t st =
            decimal_from_string(arena, n->u.num.text, n->u.num.len, scale, &bytes, &len, &lscale);
        if (st == DECIMAL_ERR_INEXACT)
            return cd_error_set(err, CD_ERR_DATA,
                                "Decimal value has mismatching scale for given Decimal schema. "
                                "Schema has scale %d, value has scale %d.",
                                scale, lscale);
        if (st != DECIMAL_OK) return cd_error_set(err, CD_ERR_DATA, "Invalid bytes for Decimal field");
        cd_value_t *v = value_new(arena, CD_TYPE_BYTES);
        v->u.bytes.data = bytes;
        v->u.bytes.len = len;
        *out = v;
        return 0;
    }
    if (n->kind == JTREE_STRING) {
        const uint8_t *bytes;
        size_t len;
        cd_error_t ignored;
        if (base64_decode(arena, n->u.str.s, n->u.str.len, &bytes, &len) || len == 0 ||
            decimal_schema_scale(s, &scale, &ignored))
            return cd_error_set(err, CD_ERR_DATA, "Invalid bytes for Decimal field");
        cd_value_t *v = value_new(arena, CD_TYPE_BYTES);
        decimal_minimal(bytes, len, &v->u.bytes.data, &v->u.bytes.len);
        *out = v;
        return 0;
    }
    return cd_error_set(err, CD_ERR_DATA,
                        "Invalid type for Decimal, underlying representation should be numeric "
                        "or bytes but was %s",
                        jtree_type_name(n));
}

/* -1 when the schema is no logical type we know. */
static int read_logical(cd_arena_t *arena, const cd_schema_t *s, const jtree_node_t *n,
                        const cd_value_t **out, cd_error_t *err) {
    /* Every logical name has this prefix; most named schemas (records'
     * struct names) fail it at the first byte, before four compares. */
    static const char prefix[] = "org.apache.kafka.connect.data.";
    if (strncmp(s->name, prefix, sizeof prefix - 1) != 0) return -1;
    if (strcmp(s->name, CD_LOGICAL_DECIMAL) == 0) return read_decimal(arena, s, n, out, err);
    bool date = strcmp(s->name, CD_LOGICAL_DATE) == 0;
    bool time = strcmp(s->name, CD_LOGICAL_TIME) == 0;
    bool ts = strcmp(s->name, CD_LOGICAL_TIMESTAMP) == 0;
    if (!date && !time && !ts) return -1;
    /* Kafka reads these as a java.util.Date whatever the schema's type and
     * writes back Date/Time as an int and Timestamp as a long: a narrower
     * integer type (an int16 Time) must not truncate the value. */
    cd_type_t type = ts || s->type == CD_TYPE_INT64 ? CD_TYPE_INT64 : CD_TYPE_INT32;
    bool is_num = n->kind == JTREE_NUMBER;
    if (ts) {
        if (!is_num || n->u.num.cls == JTREE_NUM_DECIMAL)
            return cd_error_set(err, CD_ERR_DATA,
                                "Invalid type for Timestamp, underlying representation should be "
                                "integral but was %s",
                                jtree_type_name(n));
        *out = cd_value_int(arena, type, jtree_long_value(n));
        return 0;
    }
    if (!is_num || n->u.num.cls != JTREE_NUM_INT)
        return cd_error_set(err, CD_ERR_DATA,
                            "Invalid type for %s, underlying representation should be integer but "
                            "was %s",
                            date ? "Date" : "Time", jtree_type_name(n));
    int64_t v = n->u.num.i;
    if (time && (v < 0 || v > 86400000))
        return cd_error_set(err, CD_ERR_DATA,
                            "Time values must use number of milliseconds greater than 0 and less "
                            "than 86400000");
    *out = cd_value_int(arena, type, v);
    return 0;
}

static int read_array(cd_arena_t *arena, const cd_schema_t *s, const jtree_node_t *n,
                      const json_data_opts_t *o, const cd_value_t **out, cd_error_t *err) {
    const cd_schema_t *es = s ? s->value_schema : NULL;
    /* Jackson iterates an object's values and nothing of a scalar. */
    size_t count = n->kind == JTREE_ARRAY ? n->u.arr.n : n->kind == JTREE_OBJECT ? n->u.obj.n : 0;
    cd_value_t *arr = cd_value_array_new(arena, count);
    for (size_t i = 0; i < count; i++) {
        const jtree_node_t *item =
            n->kind == JTREE_ARRAY ? n->u.arr.items[i] : n->u.obj.members[i].value;
        const cd_value_t *v;
        if (json_data_read_value(arena, es, item, o, &v, err)) return CD_ERR_DATA;
        cd_value_array_append(arena, arr, v);
    }
    *out = arr;
    return 0;
}

static int read_map(cd_arena_t *arena, const cd_schema_t *s, const jtree_node_t *n,
                    const json_data_opts_t *o, const cd_value_t **out, cd_error_t *err) {
    const cd_schema_t *ks = s ? s->key_schema : NULL;
    const cd_schema_t *vs = s ? s->value_schema : NULL;
    if (!ks || ks->type == CD_TYPE_STRING) {
        if (n->kind != JTREE_OBJECT)
            return cd_error_set(err, CD_ERR_DATA,
                                "Maps with string fields should be encoded as JSON objects, but "
                                "found %s",
                                jtree_type_name(n));
        cd_value_t *map = cd_value_map_new(arena, n->u.obj.n);
        /* Object keys are unique already: fill the map directly. */
        for (size_t i = 0; i < n->u.obj.n; i++) {
            const jtree_member_t *m = &n->u.obj.members[i];
            cd_value_t *k = value_new(arena, CD_TYPE_STRING);
            k->u.str.data = m->key;
            k->u.str.len = m->key_len;
            const cd_value_t *v;
            if (json_data_read_value(arena, vs, m->value, o, &v, err)) return CD_ERR_DATA;
            map->u.map.keys[i] = k;
            map->u.map.values[i] = v;
        }
        map->u.map.n = n->u.obj.n;
        *out = map;
        return 0;
    }
    if (n->kind != JTREE_ARRAY)
        return cd_error_set(err, CD_ERR_DATA,
                            "Maps with non-string fields should be encoded as JSON array of "
                            "tuples, but found %s",
                            jtree_type_name(n));
    cd_value_t *map = cd_value_map_new(arena, n->u.arr.n);
    for (size_t i = 0; i < n->u.arr.n; i++) {
        const jtree_node_t *e = n->u.arr.items[i];
        if (e->kind != JTREE_ARRAY)
            return cd_error_set(err, CD_ERR_DATA,
                                "Found invalid map entry instead of array tuple: %s",
                                jtree_type_name(e));
        if (e->u.arr.n != 2)
            return cd_error_set(err, CD_ERR_DATA,
                                "Found invalid map entry, expected length 2 but found :%zu",
                                e->u.arr.n);
        const cd_value_t *k, *v;
        if (json_data_read_value(arena, ks, e->u.arr.items[0], o, &k, err) ||
            json_data_read_value(arena, vs, e->u.arr.items[1], o, &v, err))
            return CD_ERR_DATA;
        cd_value_map_put(arena, map, k, v);
    }
    *out = map;
    return 0;
}

/* The member for a field: most documents list fields in schema order. */
static const jtree_node_t *member_for(const jtree_node_t *obj, size_t i, const char *name) {
    if (i < obj->u.obj.n && strcmp(obj->u.obj.members[i].key, name) == 0 &&
        obj->u.obj.members[i].key_len == strlen(name))
        return obj->u.obj.members[i].value;
    return jtree_get(obj, name);
}

static int read_struct(cd_arena_t *arena, const cd_schema_t *s, const jtree_node_t *n,
                       const json_data_opts_t *o, const cd_value_t **out, cd_error_t *err) {
    if (n->kind != JTREE_OBJECT)
        return cd_error_set(err, CD_ERR_DATA, "Structs should be encoded as JSON objects, but found %s",
                            jtree_type_name(n));
    cd_value_t *st = cd_value_struct_new(arena, s);
    for (size_t i = 0; i < s->n_fields; i++) {
        const cd_field_t *f = &s->fields[i];
        const cd_value_t *v;
        if (json_data_read_value(arena, f->schema, member_for(n, i, f->name), o, &v, err))
            return CD_ERR_DATA;
        /* Struct.put validates: a string or bytes field given another JSON
         * type reads as null, which a required field refuses. */
        if (!v && f->schema && !f->schema->optional)
            return cd_error_set(err, CD_ERR_DATA,
                                "Invalid value: null used for required field: \"%s\", schema type: %s",
                                f->name, data_type_java_name(f->schema->type));
        st->u.strct.fields[i] = v;
    }
    *out = st;
    return 0;
}

static cd_type_t infer_type(const jtree_node_t *n) {
    switch (n->kind) {
    case JTREE_BOOL: return CD_TYPE_BOOLEAN;
    case JTREE_NUMBER: return n->u.num.cls == JTREE_NUM_DECIMAL ? CD_TYPE_FLOAT64 : CD_TYPE_INT64;
    case JTREE_STRING: return CD_TYPE_STRING;
    case JTREE_ARRAY: return CD_TYPE_ARRAY;
    default: return CD_TYPE_MAP;
    }
}

int json_data_read_value(cd_arena_t *arena, const cd_schema_t *s, const jtree_node_t *n,
                         const json_data_opts_t *o, const cd_value_t **out, cd_error_t *err) {
    *out = NULL;
    bool null = !n || n->kind == JTREE_NULL;
    if (s && null) {
        if (s->has_default && s->default_value && o->replace_null_with_default) {
            *out = s->default_value;
            return 0;
        }
        if (s->optional) return 0;
        return cd_error_set(err, CD_ERR_DATA, "Invalid null value for required %s field",
                            data_type_java_name(s->type));
    }
    if (null) return 0;
    if (s && s->name) {
        int rc = read_logical(arena, s, n, out, err);
        if (rc >= 0) return rc;
    }
    cd_type_t type = s ? s->type : infer_type(n);
    bool num = n->kind == JTREE_NUMBER;
    switch (type) {
    case CD_TYPE_BOOLEAN: *out = cd_value_bool(arena, n->kind == JTREE_BOOL && n->u.b); return 0;
    case CD_TYPE_INT8:
    case CD_TYPE_INT16:
    case CD_TYPE_INT32:
    case CD_TYPE_INT64: *out = cd_value_int(arena, type, num ? jtree_long_value(n) : 0); return 0;
    case CD_TYPE_FLOAT32: *out = cd_value_float(arena, type, num ? jtree_float_value(n) : 0); return 0;
    case CD_TYPE_FLOAT64: *out = cd_value_float(arena, type, num ? jtree_double_value(n) : 0); return 0;
    case CD_TYPE_STRING:
        if (n->kind == JTREE_STRING) {
            cd_value_t *v = value_new(arena, CD_TYPE_STRING);
            v->u.str.data = n->u.str.s;
            v->u.str.len = n->u.str.len;
            *out = v;
        }
        return 0;
    case CD_TYPE_BYTES:
        if (n->kind == JTREE_STRING) {
            cd_value_t *v = value_new(arena, CD_TYPE_BYTES);
            if (base64_decode(arena, n->u.str.s, n->u.str.len, &v->u.bytes.data, &v->u.bytes.len))
                return cd_error_set(err, CD_ERR_DATA, "Invalid bytes field");
            *out = v;
        }
        return 0;
    case CD_TYPE_ARRAY: return read_array(arena, s, n, o, out, err);
    case CD_TYPE_MAP: return read_map(arena, s, n, o, out, err);
    case CD_TYPE_STRUCT: return read_struct(arena, s, n, o, out, err);
    }
    return cd_error_set(err, CD_ERR_DATA, "Unknown schema type: %d", (int)type);
}
