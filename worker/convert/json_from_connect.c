/*
 * Connect data -> JSON, as Kafka's JsonConverter.asJsonSchema and
 * convertToJson build it and Jackson prints it (compact, keys in insertion
 * order). We write the bytes directly instead of building a tree.
 */
#include <string.h>

#include "convert/json_data.h"
#include "convert/json_write.h"
#include "data/data_util.h"
#include "data/decimal.h"

/* ---- schemas -------------------------------------------------------- */

static int write_schema_object(buf_t *b, const cd_schema_t *s, const char *field_name,
                               const json_data_opts_t *o, cd_error_t *err);

static int write_schema_or_null(buf_t *b, const cd_schema_t *s, const json_data_opts_t *o,
                                cd_error_t *err) {
    if (!s) {
        jwrite_raw(b, "null");
        return 0;
    }
    return write_schema_object(b, s, NULL, o, err);
}

/* field_name: for struct field entries, which carry a trailing "field". */
static int write_schema_object(buf_t *b, const cd_schema_t *s, const char *field_name,
                               const json_data_opts_t *o, cd_error_t *err) {
    if ((unsigned)s->type > CD_TYPE_STRUCT)
        return cd_error_set(err, CD_ERR_DATA, "Couldn't translate unsupported schema type %d.",
                            (int)s->type);
    jwrite_raw(b, "{\"type\":\"");
    jwrite_raw(b, cd_type_name(s->type));
    jwrite_raw(b, "\"");
    switch (s->type) {
    case CD_TYPE_ARRAY:
        jwrite_raw(b, ",\"items\":");
        if (write_schema_or_null(b, s->value_schema, o, err)) return CD_ERR_DATA;
        break;
    case CD_TYPE_MAP:
        jwrite_raw(b, ",\"keys\":");
        if (write_schema_or_null(b, s->key_schema, o, err)) return CD_ERR_DATA;
        jwrite_raw(b, ",\"values\":");
        if (write_schema_or_null(b, s->value_schema, o, err)) return CD_ERR_DATA;
        break;
    case CD_TYPE_STRUCT:
        jwrite_raw(b, ",\"fields\":[");
        for (size_t i = 0; i < s->n_fields; i++) {
            const cd_field_t *f = &s->fields[i];
            if (i) jwrite_raw(b, ",");
            if (!f->schema)
                return cd_error_set(err, CD_ERR_DATA, "Couldn't translate unsupported schema type null.");
            if (write_schema_object(b, f->schema, f->name, o, err)) return CD_ERR_DATA;
        }
        jwrite_raw(b, "]");
        break;
    default: break;
    }
    jwrite_raw(b, s->optional ? ",\"optional\":true" : ",\"optional\":false");
    if (s->name) {
        jwrite_raw(b, ",\"name\":");
        jwrite_string(b, s->name, strlen(s->name));
    }
    if (s->has_version) {
        jwrite_raw(b, ",\"version\":");
        jwrite_int(b, s->version);
    }
    if (s->doc) {
        jwrite_raw(b, ",\"doc\":");
        jwrite_string(b, s->doc, strlen(s->doc));
    }
    if (s->n_params) {
        jwrite_raw(b, ",\"parameters\":{");
        for (size_t i = 0; i < s->n_params; i++) {
            if (i) jwrite_raw(b, ",");
            jwrite_string(b, s->params[i].key, strlen(s->params[i].key));
            jwrite_raw(b, ":");
            if (s->params[i].value)
                jwrite_string(b, s->params[i].value, strlen(s->params[i].value));
            else
                jwrite_raw(b, "null");
        }
        jwrite_raw(b, "}");
    }
    if (s->has_default && s->default_value) {
        jwrite_raw(b, ",\"default\":");
        if (json_data_write_value(b, s, s->default_value, o, err)) return CD_ERR_DATA;
    }
    if (field_name) {
        jwrite_raw(b, ",\"field\":");
        jwrite_string(b, field_name, strlen(field_name));
    }
    jwrite_raw(b, "}");
    return 0;
}

int json_data_write_schema(buf_t *b, const cd_schema_t *schema, const json_data_opts_t *o,
                           cd_error_t *err) {
    return write_schema_or_null(b, schema, o, err);
}

/* ---- values --------------------------------------------------------- */

static int invalid_type(cd_error_t *err, const cd_schema_t *s, const cd_value_t *v) {
    return cd_error_set(err, CD_ERR_DATA, "Invalid type for %s: %s",
                        s ? data_type_java_name(s->type) : "unknown schema",
                        data_value_java_class(v));
}

/* Date, Time, Timestamp and Decimal; returns -1 when the schema is not a
 * logical type we know (the plain type then applies). */
static int write_logical(buf_t *b, const cd_schema_t *s, const cd_value_t *v,
                         const json_data_opts_t *o, cd_error_t *err) {
    if (strcmp(s->name, CD_LOGICAL_DECIMAL) == 0) {
        if (v->type != CD_TYPE_BYTES)
            return cd_error_set(err, CD_ERR_DATA,
                                "Invalid type for Decimal, expected BigDecimal but was %s",
                                data_value_java_class(v));
        if (o->decimal_numeric) {
            int32_t scale;
            if (decimal_schema_scale(s, &scale, err)) return CD_ERR_DATA;
            decimal_to_string(b, v->u.bytes.data, v->u.bytes.len, scale);
        } else {
            /* Kafka re-encodes through BigInteger, which is minimal. */
            const uint8_t *m;
            size_t n;
            decimal_minimal(v->u.bytes.data, v->u.bytes.len, &m, &n);
            jwrite_base64(b, m, n);
        }
        return 0;
    }
    const char *what = strcmp(s->name, CD_LOGICAL_DATE) == 0        ? "Date"
                       : strcmp(s->name, CD_LOGICAL_TIME) == 0      ? "Time"
                       : strcmp(s->name, CD_LOGICAL_TIMESTAMP) == 0 ? "Timestamp"
                                                                    : NULL;
    if (!what) return -1;
    /* Our Date/Time/Timestamp values are already the encoded integers. */
    if (!data_type_is_integer(v->type))
        return cd_error_set(err, CD_ERR_DATA, "Invalid type for %s, expected Date but was %s", what,
                            data_value_java_class(v));
    jwrite_int(b, v->u.i);
    return 0;
}

/* The text a map key takes in object mode (Jackson's asText of the key's
 * JSON node). */
static int write_object_key(buf_t *b, const cd_schema_t *ks, const cd_value_t *k,
                            const json_data_opts_t *o, cd_error_t *err) {
    if (!k && ks) {
        if (ks->has_default && ks->default_value && o->replace_null_with_default)
            k = ks->default_value;
        else if (!ks->optional)
            return cd_error_set(err, CD_ERR_DATA,
                                "Conversion error: null value for field that is required and has no default value");
    }
    if (!k) {
        jwrite_string(b, "null", 4);
        return 0;
    }
    if (k->type != CD_TYPE_STRING) return invalid_type(err, ks, k);
    jwrite_string(b, k->u.str.data, k->u.str.len);
    return 0;
}

static int write_map(buf_t *b, const cd_schema_t *s, const cd_value_t *v,
                     const json_data_opts_t *o, cd_error_t *err) {
    const cd_schema_t *ks = s ? s->key_schema : NULL;
    const cd_schema_t *vs = s ? s->value_schema : NULL;
    bool object_mode = true;
    if (ks) {
        object_mode = ks->type == CD_TYPE_STRING;
    } else {
        for (size_t i = 0; i < v->u.map.n && object_mode; i++)
            object_mode = v->u.map.keys[i] && v->u.map.keys[i]->type == CD_TYPE_STRING;
    }
    jwrite_raw(b, object_mode ? "{" : "[");
    for (size_t i = 0; i < v->u.map.n; i++) {
        if (i) jwrite_raw(b, ",");
        if (object_mode) {
            if (write_object_key(b, ks, v->u.map.keys[i], o, err)) return CD_ERR_DATA;
            jwrite_raw(b, ":");
        } else {
            jwrite_raw(b, "[");
            if (json_data_write_value(b, ks, v->u.map.keys[i], o, err)) return CD_ERR_DATA;
            jwrite_raw(b, ",");
        }
        if (json_data_write_value(b, vs, v->u.map.values[i], o, err)) return CD_ERR_DATA;
        if (!object_mode) jwrite_raw(b, "]");
    }
    jwrite_raw(b, object_mode ? "}" : "]");
    return 0;
}

static int write_struct(buf_t *b, const cd_schema_t *s, const cd_value_t *v,
                        const json_data_opts_t *o, cd_error_t *err) {
    const cd_schema_t *vs = v->u.strct.schema;
    if (!s || !vs || (vs != s && !data_schema_equals(vs, s)))
        return cd_error_set(err, CD_ERR_DATA, "Mismatching schema.");
    jwrite_raw(b, "{");
    for (size_t i = 0; i < s->n_fields; i++) {
        if (i) jwrite_raw(b, ",");
        jwrite_string(b, s->fields[i].name, strlen(s->fields[i].name));
        jwrite_raw(b, ":");
        /* The raw field value: defaults apply through the null rules. */
        if (json_data_write_value(b, s->fields[i].schema, v->u.strct.fields[i], o, err))
            return CD_ERR_DATA;
    }
    jwrite_raw(b, "}");
    return 0;
}

int json_data_write_value(buf_t *b, const cd_schema_t *s, const cd_value_t *v,
                          const json_data_opts_t *o, cd_error_t *err) {
    if (!v) {
        if (!s) {
            jwrite_raw(b, "null");
            return 0;
        }
        if (s->has_default && s->default_value && o->replace_null_with_default)
            return json_data_write_value(b, s, s->default_value, o, err);
        if (s->optional) {
            jwrite_raw(b, "null");
            return 0;
        }
        return cd_error_set(err, CD_ERR_DATA,
                            "Conversion error: null value for field that is required and has no default value");
    }
    if (s && s->name) {
        int rc = write_logical(b, s, v, o, err);
        if (rc >= 0) return rc;
    }
    if (s && s->type != v->type) return invalid_type(err, s, v);
    switch (v->type) {
    case CD_TYPE_INT8:
    case CD_TYPE_INT16:
    case CD_TYPE_INT32:
    case CD_TYPE_INT64: jwrite_int(b, v->u.i); return 0;
    case CD_TYPE_FLOAT32: jwrite_float(b, (float)v->u.f); return 0;
    case CD_TYPE_FLOAT64: jwrite_double(b, v->u.f); return 0;
    case CD_TYPE_BOOLEAN: jwrite_raw(b, v->u.b ? "true" : "false"); return 0;
    case CD_TYPE_STRING: jwrite_string(b, v->u.str.data, v->u.str.len); return 0;
    case CD_TYPE_BYTES: jwrite_base64(b, v->u.bytes.data, v->u.bytes.len); return 0;
    case CD_TYPE_ARRAY: {
        const cd_schema_t *es = s ? s->value_schema : NULL;
        jwrite_raw(b, "[");
        for (size_t i = 0; i < v->u.array.n; i++) {
            if (i) jwrite_raw(b, ",");
            if (json_data_write_value(b, es, v->u.array.items[i], o, err)) return CD_ERR_DATA;
        }
        jwrite_raw(b, "]");
        return 0;
    }
    case CD_TYPE_MAP: return write_map(b, s, v, o, err);
    case CD_TYPE_STRUCT: return write_struct(b, s, v, o, err);
    }
    return cd_error_set(err, CD_ERR_DATA, "Java class %s does not have corresponding schema type.",
                        data_value_java_class(v));
}
