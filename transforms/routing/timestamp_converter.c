/*
 * TimestampConverter$Key / $Value: converts a timestamp (the whole key or
 * value, or one top-level field) between string, unix (long), Date, Time
 * and Timestamp, in UTC.
 *
 * Every conversion goes through epoch milliseconds, as Kafka goes through
 * java.util.Date. Without a schema there are no logical types, so a
 * java.util.Date result (targets Date, Time, Timestamp) is represented as
 * an int64 of epoch milliseconds.
 */
#include <stdlib.h>
#include <string.h>

#include "routing.h"
#include "sdf.h"

#define PURPOSE "converting timestamp formats"

typedef enum { TS_STRING, TS_UNIX, TS_DATE, TS_TIME, TS_TIMESTAMP } ts_type_t;
typedef enum { P_SECONDS, P_MILLIS, P_MICROS, P_NANOS } precision_t;

static const char *const type_choices[] = {"string", "unix", "Date", "Time", "Timestamp", NULL};
static const char *const precision_choices[] = {"nanoseconds", "microseconds", "milliseconds",
                                                "seconds", NULL};

static int valid_type(const char *key, const char *value, cd_error_t *err) {
    return rt_valid_choice(key, value, type_choices, err);
}

static int valid_precision(const char *key, const char *value, cd_error_t *err) {
    return rt_valid_choice(key, value, precision_choices, err);
}

static const cd_config_def_t defs[] = {
    {.name = "field",
     .type = CD_CFG_STRING,
     .default_value = "",
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "The field containing the timestamp, or empty if the entire value is a "
                      "timestamp"},
    {.name = "target.type",
     .type = CD_CFG_STRING,
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "The desired timestamp representation: string, unix, Date, Time, or "
                      "Timestamp",
     .flags = CD_CFG_F_REQUIRED,
     .choices = type_choices,
     .validator = valid_type},
    {.name = "format",
     .type = CD_CFG_STRING,
     .default_value = "",
     .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "A SimpleDateFormat-compatible format for the timestamp. Used to generate "
                      "the output when type=string or used to parse the input if the input is a "
                      "string."},
    {.name = "unix.precision",
     .type = CD_CFG_STRING,
     .default_value = "milliseconds",
     .importance = CD_IMPORTANCE_LOW,
     .documentation = "The desired Unix precision for the timestamp: seconds, milliseconds, "
                      "microseconds, or nanoseconds. Used to generate the output when type=unix "
                      "or used to parse the input if the input is a Long.Note: This SMT will "
                      "cause precision loss during conversions from, and to, values with "
                      "sub-millisecond components.",
     .choices = precision_choices,
     .validator = valid_precision},
    RT_REPLACE_NULL_DEF,
    {.name = NULL},
};

typedef struct tsc {
    bool is_key;
    ts_type_t target;
    precision_t precision;
    bool replace_null_with_default;
    cd_arena_t *arena; /* field name and compiled format */
    const char *field; /* "" = the whole key/value */
    sdf_t *format;     /* NULL when not configured */
    rt_schema_cache_t *cache;
} tsc_t;

static void timestamp_converter_destroy(void *state) {
    tsc_t *s = state;
    if (!s) return;
    rt_schema_cache_destroy(s->cache);
    cd_arena_destroy(s->arena);
    free(s);
}

static int index_of(const char *const *choices, const char *v) {
    for (int i = 0; choices[i]; i++)
        if (strcmp(choices[i], v) == 0) return i;
    return 0;
}

static bool is_blank(const char *s) {
    for (; s && *s; s++)
        if ((unsigned char)*s > ' ') return false;
    return true;
}

static int timestamp_converter_configure(void **state, const cd_config_t *config, bool is_key,
                                         cd_error_t *err) {
    int rc = rt_config_check(defs, config, err);
    if (rc) return rc;
    const char *type = cd_config_string(config, "target.type");
    const char *format = cd_config_string(config, "format");
    if (strcmp(type, "string") == 0 && is_blank(format))
        return cd_error_set(err, CD_ERR_CONFIG,
                            "TimestampConverter requires format option to be specified when "
                            "using string timestamps");
    tsc_t *s = calloc(1, sizeof *s);
    if (!s) return cd_error_set(err, CD_ERR_FATAL, "out of memory");
    s->is_key = is_key;
    s->target = (ts_type_t)index_of(type_choices, type);
    static const precision_t precisions[] = {P_NANOS, P_MICROS, P_MILLIS, P_SECONDS};
    s->precision = precisions[index_of(precision_choices, cd_config_string(config, "unix.precision"))];
    s->replace_null_with_default = cd_config_bool(config, "replace.null.with.default");
    s->arena = cd_arena_new(0);
    s->cache = rt_schema_cache_new();
    const char *field = cd_config_string(config, "field");
    s->field = cd_arena_strdup(s->arena, field ? field : "");
    if (!is_blank(format)) {
        char msg[256];
        s->format = sdf_compile(s->arena, format, msg, sizeof msg);
        if (!s->format) {
            timestamp_converter_destroy(s);
            return cd_error_set(err, CD_ERR_CONFIG,
                                "TimestampConverter requires a SimpleDateFormat-compatible pattern "
                                "for string timestamps: %s",
                                format);
        }
    }
    *state = s;
    return 0;
}

/* ---- conversions ----------------------------------------------------- */

#define MS_PER_DAY 86400000LL

static int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* TimeUnit's saturating multiplication. */
static int64_t sat_mul(int64_t v, int64_t m) {
    if (v > INT64_MAX / m) return INT64_MAX;
    if (v < INT64_MIN / m) return INT64_MIN;
    return v * m;
}

static const char *java_class_of(const cd_value_t *v) {
    return v->type == CD_TYPE_BYTES ? "class [B" : NULL;
}

/* Timestamp type from a schema (timestampTypeFromSchema). */
static int type_from_schema(const cd_schema_t *schema, cd_arena_t *arena, ts_type_t *out,
                            cd_error_t *err) {
    if (cd_schema_is_logical(schema, CD_LOGICAL_TIMESTAMP)) *out = TS_TIMESTAMP;
    else if (cd_schema_is_logical(schema, CD_LOGICAL_DATE)) *out = TS_DATE;
    else if (cd_schema_is_logical(schema, CD_LOGICAL_TIME)) *out = TS_TIME;
    else if (schema->type == CD_TYPE_STRING) *out = TS_STRING;
    else if (schema->type == CD_TYPE_INT64) *out = TS_UNIX;
    else {
        /* Kafka prints the Schema.Type name (INT32, FLOAT64, ...). */
        const char *type = rt_type_name(schema->type);
        const char *shown = schema->name ? cd_arena_sprintf(arena, "%s:%s", schema->name, type)
                                         : type;
        return cd_error_set_class(err, CD_ERR_DATA, RT_CONNECT_EXCEPTION,
                                  "Schema Schema{%s} does not correspond to a known timestamp "
                                  "type format",
                                  shown);
    }
    return 0;
}

static int expected(const char *what, const char *java, const cd_value_t *v, cd_error_t *err) {
    const char *cls = java_class_of(v);
    return cd_error_set_class(err, CD_ERR_DATA, RT_DATA_EXCEPTION,
                              "Expected %s to be a %s, but found %s%s", what, java,
                              cls ? "" : "class ", cls ? cls : rt_java_class(v));
}

/* TimestampTranslator.toRaw: epoch milliseconds. */
static int to_raw(const tsc_t *s, ts_type_t from, const cd_value_t *v, int64_t *ms,
                  cd_error_t *err) {
    switch (from) {
    case TS_STRING:
        if (v->type != CD_TYPE_STRING) return expected("string timestamp", "String", v, err);
        if (!s->format)
            return cd_error_set_class(err, CD_ERR_DATA, RT_NPE,
                                      "Cannot invoke \"java.text.SimpleDateFormat.parse(String)\" "
                                      "because \"config.format\" is null");
        if (sdf_parse(s->format, v->u.str.data, ms) != 0)
            return cd_error_set_class(err, CD_ERR_DATA, RT_DATA_EXCEPTION,
                                      "Could not parse timestamp: value (%s) does not match "
                                      "pattern (%s)",
                                      v->u.str.data, sdf_pattern(s->format));
        return 0;
    case TS_UNIX:
        if (v->type != CD_TYPE_INT64) return expected("Unix timestamp", "Long", v, err);
        switch (s->precision) {
        case P_SECONDS: *ms = sat_mul(v->u.i, 1000); break;
        case P_MICROS: *ms = v->u.i / 1000; break;
        case P_NANOS: *ms = v->u.i / 1000000; break;
        case P_MILLIS: *ms = v->u.i; break;
        }
        return 0;
    case TS_DATE:
        if (v->type != CD_TYPE_INT32) return expected("Date", "java.util.Date", v, err);
        *ms = v->u.i * MS_PER_DAY;
        return 0;
    case TS_TIME:
        if (v->type != CD_TYPE_INT32) return expected("Time", "java.util.Date", v, err);
        *ms = v->u.i;
        return 0;
    case TS_TIMESTAMP:
        if (v->type != CD_TYPE_INT64) return expected("Timestamp", "java.util.Date", v, err);
        *ms = v->u.i;
        return 0;
    }
    return 0;
}

/* TimestampTranslator.toType. with_schema: Date and Time become their
 * logical int32 forms; without, every java.util.Date is epoch millis. */
static const cd_value_t *to_type(const tsc_t *s, int64_t ms, bool with_schema, cd_arena_t *a) {
    int64_t days = floor_div(ms, MS_PER_DAY);
    switch (s->target) {
    case TS_STRING: return cd_value_cstring(a, sdf_format(s->format, ms, a));
    case TS_UNIX:
        switch (s->precision) {
        case P_SECONDS: return cd_value_int(a, CD_TYPE_INT64, ms / 1000);
        case P_MICROS: return cd_value_int(a, CD_TYPE_INT64, sat_mul(ms, 1000));
        case P_NANOS: return cd_value_int(a, CD_TYPE_INT64, sat_mul(ms, 1000000));
        case P_MILLIS: break;
        }
        return cd_value_int(a, CD_TYPE_INT64, ms);
    case TS_DATE:
        return with_schema ? cd_value_int(a, CD_TYPE_INT32, days)
                           : cd_value_int(a, CD_TYPE_INT64, days * MS_PER_DAY);
    case TS_TIME:
        return cd_value_int(a, with_schema ? CD_TYPE_INT32 : CD_TYPE_INT64, ms - days * MS_PER_DAY);
    case TS_TIMESTAMP: return cd_value_int(a, CD_TYPE_INT64, ms);
    }
    return NULL;
}

static const cd_schema_t *type_schema(ts_type_t t, bool optional) {
    switch (t) {
    case TS_STRING: return cd_schema_primitive(CD_TYPE_STRING, optional);
    case TS_UNIX: return cd_schema_primitive(CD_TYPE_INT64, optional);
    case TS_DATE: return cd_schema_date(optional);
    case TS_TIME: return cd_schema_time(optional);
    case TS_TIMESTAMP: return cd_schema_timestamp(optional);
    }
    return NULL;
}

/* convertTimestamp: NULL stays NULL. */
static int convert(const tsc_t *s, const cd_value_t *v, ts_type_t from, bool with_schema,
                   cd_arena_t *a, const cd_value_t **out, cd_error_t *err) {
    *out = NULL;
    if (!v) return 0;
    int64_t ms;
    int rc = to_raw(s, from, v, &ms, err);
    if (rc) return rc;
    *out = to_type(s, ms, with_schema, a);
    return 0;
}

/* inferTimestampType for schemaless values. */
static int convert_inferred(const tsc_t *s, const cd_value_t *v, cd_arena_t *a,
                            const cd_value_t **out, cd_error_t *err) {
    *out = NULL;
    if (!v) return 0;
    if (v->type != CD_TYPE_INT64 && v->type != CD_TYPE_STRING) {
        const char *cls = java_class_of(v);
        return cd_error_set_class(err, CD_ERR_DATA, RT_DATA_EXCEPTION,
                                  "TimestampConverter does not support %s%s objects as timestamps",
                                  cls ? "" : "class ", cls ? cls : rt_java_class(v));
    }
    return convert(s, v, v->type == CD_TYPE_INT64 ? TS_UNIX : TS_STRING, false, a, out, err);
}

/* ---- records with schemas -------------------------------------------- */

/* applyValueWithSchema: a new struct of updated, the field converted. */
static int convert_struct(const tsc_t *s, const cd_value_t *value, const cd_schema_t *updated,
                          cd_arena_t *a, const cd_value_t **out, cd_error_t *err) {
    *out = NULL;
    if (!value) return 0;
    const cd_schema_t *vs = value->u.strct.schema;
    cd_value_t *nv = cd_value_struct_new(a, updated);
    for (size_t i = 0; i < vs->n_fields && i < updated->n_fields; i++) {
        const cd_field_t *f = &vs->fields[i];
        const cd_value_t *fv = rt_struct_get(value, f, s->replace_null_with_default);
        if (strcmp(f->name, s->field) == 0) {
            ts_type_t from;
            int rc = type_from_schema(f->schema, a, &from, err);
            if (!rc) rc = convert(s, fv, from, true, a, &fv, err);
            if (rc) return rc;
        }
        nv->u.strct.fields[i] = fv;
    }
    *out = nv;
    return 0;
}

static int updated_struct_schema(tsc_t *s, const cd_schema_t *schema, cd_arena_t *batch,
                                 const cd_schema_t **out, cd_error_t *err) {
    if ((*out = rt_schema_cache_get(s->cache, schema))) return 0;
    cd_arena_t *a = rt_schema_cache_reserve(s->cache, batch);
    cd_schema_t *u = rt_copy_schema_basics(a, schema);
    for (size_t i = 0; i < schema->n_fields; i++) {
        const cd_field_t *f = &schema->fields[i];
        cd_schema_add_field(a, u, f->name,
                            strcmp(f->name, s->field) == 0
                                ? type_schema(s->target, f->schema->optional)
                                : cd_schema_copy(a, f->schema));
    }
    u->optional = schema->optional;
    if (schema->default_value) {
        const cd_value_t *dflt;
        int rc = convert_struct(s, cd_value_copy(a, schema->default_value), u, a, &dflt, err);
        if (rc) return rc;
        u->default_value = dflt;
        u->has_default = true;
    }
    rt_schema_cache_put(s->cache, schema, u);
    *out = u;
    return 0;
}

static int apply_with_schema(tsc_t *s, const cd_schema_t *schema, const cd_value_t *value,
                             cd_arena_t *a, const cd_schema_t **ns, const cd_value_t **nv,
                             cd_error_t *err) {
    if (!*s->field) {
        ts_type_t from;
        *ns = type_schema(s->target, schema->optional);
        int rc = type_from_schema(schema, a, &from, err);
        return rc ? rc : convert(s, value, from, true, a, nv, err);
    }
    if (value && value->type != CD_TYPE_STRUCT) return rt_require_struct_error(value, PURPOSE, err);
    int rc = updated_struct_schema(s, schema, a, ns, err);
    return rc ? rc : convert_struct(s, value, *ns, a, nv, err);
}

/* ---- schemaless records ---------------------------------------------- */

static int apply_schemaless(tsc_t *s, const cd_value_t *value, cd_arena_t *a,
                            const cd_value_t **nv, cd_error_t *err) {
    if (!value || !*s->field) return convert_inferred(s, value, a, nv, err);
    if (value->type != CD_TYPE_MAP) return rt_require_map_error(value, PURPOSE, err);
    const cd_value_t *converted;
    int rc = convert_inferred(s, cd_value_map_get(value, s->field), a, &converted, err);
    if (rc) return rc;
    cd_value_t *m = cd_value_map_new(a, value->u.map.n + 1);
    bool found = false;
    for (size_t i = 0; i < value->u.map.n; i++) {
        const cd_value_t *k = value->u.map.keys[i];
        bool hit = k && k->type == CD_TYPE_STRING && strcmp(k->u.str.data, s->field) == 0;
        cd_value_map_put(a, m, k, hit ? converted : value->u.map.values[i]);
        found = found || hit;
    }
    /* HashMap.put adds the key even when the timestamp was absent. */
    if (!found) cd_value_map_put_str(a, m, s->field, converted);
    *nv = m;
    return 0;
}

static int timestamp_converter_apply(void *state, const cd_record_t *in, cd_arena_t *arena,
                                     const cd_record_t **out, cd_error_t *err) {
    tsc_t *s = state;
    const cd_schema_t *schema = rt_side_schema(in, s->is_key);
    const cd_value_t *value = rt_side_value(in, s->is_key);
    const cd_schema_t *ns = NULL;
    const cd_value_t *nv = NULL;
    int rc = schema ? apply_with_schema(s, schema, value, arena, &ns, &nv, err)
                    : apply_schemaless(s, value, arena, &nv, err);
    if (rc) return rc;
    cd_record_t *r = cd_record_copy(arena, in);
    rt_set_side(r, s->is_key, ns, nv);
    *out = r;
    return 0;
}

#define TSC_DOC                                                                                   \
    "Convert timestamps between different formats such as Unix epoch, strings, and Connect "     \
    "Date/Timestamp types.Applies to individual fields or to the entire value.<p/>Use the "      \
    "concrete transformation type designed for the record key (<code>" RT_PKG                    \
    "TimestampConverter$Key</code>) or value (<code>" RT_PKG "TimestampConverter$Value</code>)."

RT_KV_TRANSFORM(timestamp_converter, "TimestampConverter", TSC_DOC, defs);
