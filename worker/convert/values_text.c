/*
 * Values.convertToString: the text the SimpleHeaderConverter writes.
 *
 * Java decides by the value's class; here the value's type says the same
 * except for the logical types, which only the schema tells apart: a
 * Decimal is a BigDecimal (printed by toString()) and Date, Time and
 * Timestamp are java.util.Date (printed by Values.dateFormatFor). Without
 * a schema they print as the plain numbers and bytes they are stored as.
 */
#include <inttypes.h>
#include <string.h>

#include "convert/base64.h"
#include "convert/java_number.h"
#include "convert/values_temporal.h"
#include "convert/values_text.h"
#include "data/decimal.h"

/* Values.escape: '\' doubled, then '"' as \". */
static void append_quoted(buf_t *out, const char *s, size_t len) {
    cd_buf_append(out, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '\\' && s[i] != '"') continue;
        cd_buf_append(out, s + run, i - run);
        cd_buf_append(out, s[i] == '\\' ? "\\\\" : "\\\"", 2);
        run = i + 1;
    }
    cd_buf_append(out, s + run, len - run);
    cd_buf_append(out, "\"", 1);
}

/* The instant a Date/Time/Timestamp value stands for, when the schema
 * makes it one. */
static bool temporal_ms(const cd_schema_t *s, const cd_value_t *v, int64_t *ms) {
    if (!s || !s->name || !(v->type == CD_TYPE_INT32 || v->type == CD_TYPE_INT64)) return false;
    if (cd_schema_is_logical(s, CD_LOGICAL_DATE)) {
        *ms = (int64_t)((uint64_t)v->u.i * (uint64_t)VALUES_MILLIS_PER_DAY); /* Java's long wraps */
        return true;
    }
    if (cd_schema_is_logical(s, CD_LOGICAL_TIME) || cd_schema_is_logical(s, CD_LOGICAL_TIMESTAMP)) {
        *ms = v->u.i;
        return true;
    }
    return false;
}

static void append_value(buf_t *out, const cd_schema_t *s, const cd_value_t *v, bool embedded);

/* A map entry or struct field: key and value both embedded. */
static void append_entry(buf_t *out, const cd_schema_t *ks, const cd_value_t *k,
                         const cd_schema_t *vs, const cd_value_t *v) {
    append_value(out, ks, k, true);
    cd_buf_append(out, ":", 1);
    append_value(out, vs, v, true);
}

static void append_value(buf_t *out, const cd_schema_t *s, const cd_value_t *v, bool embedded) {
    if (!v) {
        buf_append_str(out, "null");
        return;
    }
    int64_t ms;
    if (temporal_ms(s, v, &ms)) {
        values_format_temporal(out, ms);
        return;
    }
    char num[JAVA_NUMBER_MAX];
    switch (v->type) {
    case CD_TYPE_INT8:
    case CD_TYPE_INT16:
    case CD_TYPE_INT32:
    case CD_TYPE_INT64: buf_appendf(out, "%" PRId64, v->u.i); return;
    case CD_TYPE_FLOAT32: cd_buf_append(out, num, java_float_to_string((float)v->u.f, num)); return;
    case CD_TYPE_FLOAT64: cd_buf_append(out, num, java_double_to_string(v->u.f, num)); return;
    case CD_TYPE_BOOLEAN: buf_append_str(out, v->u.b ? "true" : "false"); return;
    case CD_TYPE_STRING:
        if (embedded) append_quoted(out, v->u.str.data, v->u.str.len);
        else cd_buf_append(out, v->u.str.data, v->u.str.len);
        return;
    case CD_TYPE_BYTES: {
        int32_t scale;
        cd_error_t err;
        if (s && cd_schema_is_logical(s, CD_LOGICAL_DECIMAL) &&
            !decimal_schema_scale(s, &scale, &err)) {
            /* A Number: never quoted. */
            decimal_to_string(out, v->u.bytes.data, v->u.bytes.len, scale);
            return;
        }
        if (embedded) cd_buf_append(out, "\"", 1);
        base64_encode(out, v->u.bytes.data, v->u.bytes.len);
        if (embedded) cd_buf_append(out, "\"", 1);
        return;
    }
    case CD_TYPE_ARRAY: {
        const cd_schema_t *es = s && s->type == CD_TYPE_ARRAY ? s->value_schema : NULL;
        cd_buf_append(out, "[", 1);
        for (size_t i = 0; i < v->u.array.n; i++) {
            if (i) cd_buf_append(out, ",", 1);
            append_value(out, es, v->u.array.items[i], true);
        }
        cd_buf_append(out, "]", 1);
        return;
    }
    case CD_TYPE_MAP: {
        bool typed = s && s->type == CD_TYPE_MAP;
        const cd_schema_t *ks = typed ? s->key_schema : NULL, *vs = typed ? s->value_schema : NULL;
        cd_buf_append(out, "{", 1);
        for (size_t i = 0; i < v->u.map.n; i++) {
            if (i) cd_buf_append(out, ",", 1);
            append_entry(out, ks, v->u.map.keys[i], vs, v->u.map.values[i]);
        }
        cd_buf_append(out, "}", 1);
        return;
    }
    case CD_TYPE_STRUCT: {
        /* Every field of the schema, Struct.get falling back to defaults. */
        const cd_schema_t *ss = v->u.strct.schema;
        cd_buf_append(out, "{", 1);
        for (size_t i = 0; ss && i < ss->n_fields; i++) {
            const cd_field_t *f = &ss->fields[i];
            const cd_value_t *fv = v->u.strct.fields[i];
            if (!fv && f->schema && f->schema->has_default) fv = f->schema->default_value;
            if (i) cd_buf_append(out, ",", 1);
            cd_value_t name = {.type = CD_TYPE_STRING};
            name.u.str.data = f->name;
            name.u.str.len = strlen(f->name);
            append_entry(out, NULL, &name, f->schema, fv);
        }
        cd_buf_append(out, "}", 1);
        return;
    }
    }
}

void values_append_string(buf_t *out, const cd_schema_t *schema, const cd_value_t *value) {
    append_value(out, schema, value, false);
}
