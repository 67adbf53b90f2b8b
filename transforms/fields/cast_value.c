/* Cast's value conversions with Java's rules: Number.xxxValue() narrowing,
 * Integer.parseInt & co for strings, Boolean.parseBoolean, toString. */
#include <math.h>
#include <strings.h>

#include "cast.h"

typedef enum { NUM_INT, NUM_FLOAT, NUM_BOOL, NUM_STRING } kind_t;

/* The Java object Kafka would hold, reduced to what casting needs. */
typedef struct jvalue {
    kind_t kind;
    int64_t i; /* NUM_INT: longValue() */
    double d;  /* NUM_INT, NUM_FLOAT: doubleValue() */
    bool b;
    const char *s;
} jvalue_t;

static int out_of_range(const char *s, cd_error_t *err) {
    return fields_data_error(err, "Value (%s) was out of range for requested data type", s);
}

static int classify(const cd_schema_t *schema, const cd_value_t *v, jvalue_t *j, cd_error_t *err) {
    switch (v->type) {
    case CD_TYPE_INT8:
    case CD_TYPE_INT16:
    case CD_TYPE_INT32:
    case CD_TYPE_INT64:
        /* Date/Time/Timestamp: encodeLogicalType gives these very ints. */
        j->kind = NUM_INT;
        j->i = v->u.i;
        j->d = (double)v->u.i;
        return 0;
    case CD_TYPE_FLOAT32:
    case CD_TYPE_FLOAT64:
        j->kind = NUM_FLOAT;
        j->d = v->u.f;
        return 0;
    case CD_TYPE_BOOLEAN:
        j->kind = NUM_BOOL;
        j->b = v->u.b;
        return 0;
    case CD_TYPE_STRING:
        j->kind = NUM_STRING;
        j->s = v->u.str.data;
        return 0;
    case CD_TYPE_BYTES:
        if (cd_schema_is_logical(schema, CD_LOGICAL_DECIMAL)) {
            /* A BigDecimal: a Number. */
            int64_t unscaled;
            if (!fields_decimal_unscaled(v, &unscaled))
                return fields_data_error(err, "Cast transformation supports Decimal values of at "
                                              "most 8 unscaled bytes");
            int32_t scale = fields_decimal_scale(schema);
            j->kind = NUM_INT;
            j->d = (double)unscaled / pow(10.0, scale);
            int64_t q = unscaled;
            for (int32_t k = 0; k < scale && q; k++) q /= 10; /* truncates toward zero */
            for (int32_t k = scale; k < 0; k++) q *= 10;
            j->i = q;
            return 0;
        }
        return fields_data_error(err, "Unexpected type in Cast transformation: class [B");
    default:
        return fields_data_error(err, "Unexpected type in Cast transformation: class %s",
                                 fields_java_class(v));
    }
}

/* byteValue()/shortValue()/intValue()/longValue() of a Number. */
static int64_t narrow(const jvalue_t *j, cd_type_t t) {
    if (j->kind == NUM_FLOAT) {
        if (t == CD_TYPE_INT64) return fields_java_d2l(j->d);
        int32_t i = fields_java_d2i(j->d);
        return t == CD_TYPE_INT8 ? (int8_t)i : t == CD_TYPE_INT16 ? (int16_t)i : i;
    }
    switch (t) {
    case CD_TYPE_INT8: return (int8_t)(uint8_t)(uint64_t)j->i;
    case CD_TYPE_INT16: return (int16_t)(uint16_t)(uint64_t)j->i;
    case CD_TYPE_INT32: return (int32_t)(uint32_t)(uint64_t)j->i;
    default: return j->i;
    }
}

static int to_integer(cd_arena_t *a, const jvalue_t *j, cd_type_t t, const cd_value_t **out,
                      cd_error_t *err) {
    static const int64_t lo[] = {INT8_MIN, INT16_MIN, INT32_MIN, INT64_MIN};
    static const int64_t hi[] = {INT8_MAX, INT16_MAX, INT32_MAX, INT64_MAX};
    int64_t v;
    switch (j->kind) {
    case NUM_BOOL: v = j->b; break;
    case NUM_STRING:
        if (!fields_parse_java_long(j->s, lo[t - CD_TYPE_INT8], hi[t - CD_TYPE_INT8], &v))
            return out_of_range(j->s, err);
        break;
    default: v = narrow(j, t); break;
    }
    *out = cd_value_int(a, t, v);
    return 0;
}

static int to_float(cd_arena_t *a, const jvalue_t *j, cd_type_t t, const cd_value_t **out,
                    cd_error_t *err) {
    double d;
    switch (j->kind) {
    case NUM_BOOL: d = j->b ? 1.0 : 0.0; break;
    case NUM_STRING:
        if (!fields_parse_java_double(j->s, &d)) return out_of_range(j->s, err);
        break;
    case NUM_INT: d = t == CD_TYPE_FLOAT32 ? (double)(float)j->i : (double)j->i; break;
    default: d = j->d; break;
    }
    if (t == CD_TYPE_FLOAT32) d = (double)(float)d;
    *out = cd_value_float(a, t, d);
    return 0;
}

int cast_value(cd_arena_t *arena, const cd_schema_t *schema, const cd_value_t *v, cd_type_t target,
               const cd_value_t **out, cd_error_t *err) {
    *out = NULL;
    if (!v) return 0;
    cd_type_t inferred = schema ? schema->type : v->type;
    if (inferred > CD_TYPE_BYTES)
        return fields_data_error(err,
                                 "Cast transformation does not support casting from %s; "
                                 "supported types are [INT8, INT16, INT32, INT64, FLOAT32, "
                                 "FLOAT64, BOOLEAN, STRING, BYTES]",
                                 fields_type_name(inferred));
    if (target == CD_TYPE_STRING) {
        /* toString(), dates in ISO 8601 UTC, bytes in base64: exactly
         * Values.convertToString for these types. */
        *out = cd_value_cstring(arena, cd_values_to_string(arena, schema, v));
        return 0;
    }
    jvalue_t j = {0};
    int rc = classify(schema, v, &j, err);
    if (rc != 0) return rc;
    switch (target) {
    case CD_TYPE_INT8:
    case CD_TYPE_INT16:
    case CD_TYPE_INT32:
    case CD_TYPE_INT64: return to_integer(arena, &j, target, out, err);
    case CD_TYPE_FLOAT32:
    case CD_TYPE_FLOAT64: return to_float(arena, &j, target, out, err);
    case CD_TYPE_BOOLEAN: {
        bool b = j.kind == NUM_BOOL     ? j.b
                 : j.kind == NUM_STRING ? strcasecmp(j.s, "true") == 0
                 : j.kind == NUM_FLOAT  ? fields_java_d2l(j.d) != 0
                                        : j.i != 0;
        *out = cd_value_bool(arena, b);
        return 0;
    }
    default:
        return fields_data_error(err, "%s is not supported in the Cast transformation.",
                                 fields_type_name(target));
    }
}
