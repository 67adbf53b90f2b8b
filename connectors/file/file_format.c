/*
 * The string form FileStreamSinkTask writes for a record value: Java's
 * String.valueOf(value) for the objects Kafka Connect uses, so that files
 * written by connectd match files written by Kafka's connector.
 *
 *   null -> null          String -> as is          Boolean -> true/false
 *   Byte..Long -> decimal Float/Double -> Java's shortest round-trip form
 *   Struct -> Struct{a=1,b=x} (null fields left out)
 *   Map -> {k=v, k2=v2}   List -> [a, b]
 *   Decimal -> BigDecimal.toString()   Date/Time/Timestamp -> Date.toString() in UTC
 *
 * Differences: bytes are written raw (Java prints a useless "[B@1b6d3586"
 * identity string); map entries keep insertion order (Java's HashMap order
 * is a hash order); dates use UTC rather than the JVM's time zone.
 */
#include "file.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- buffer ----------------------------------------------------------- */

void file_buf_reserve(file_buf_t *b, size_t more) {
    if (b->cap - b->len >= more) return;
    size_t ncap = b->cap ? b->cap : 4096;
    while (ncap - b->len < more) ncap *= 2;
    char *n = realloc(b->data, ncap);
    if (!n) abort();
    b->data = n;
    b->cap = ncap;
}

void file_buf_append(file_buf_t *b, const void *data, size_t len) {
    if (len == 0) return; /* data may be NULL then */
    file_buf_reserve(b, len);
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

void file_buf_free(file_buf_t *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* The formatter appends many short pieces per record (a struct's field
 * names, separators, numbers): the common case, room in the buffer, is
 * inlined here, and callers pass lengths rather than have them counted
 * again (strlen was a tenth of the sink's CPU with schemas). */
static inline void buf_put(file_buf_t *b, const char *s, size_t n) {
    if (n == 0) return; /* s may be NULL then (an empty string value) */
    if (b->cap - b->len < n) file_buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

/* A string literal, its length known at compile time. */
#define buf_puts_lit(b, lit) buf_put((b), "" lit, sizeof(lit) - 1)

static void buf_puts(file_buf_t *b, const char *s) { buf_put(b, s, strlen(s)); }

static inline void buf_putc(file_buf_t *b, char c) {
    if (b->cap == b->len) file_buf_reserve(b, 1);
    b->data[b->len++] = c;
}

/* ---- numbers ---------------------------------------------------------- */

/* Long.toString, without snprintf's format parsing (every integer field
 * of every record comes here). */
static void format_int(file_buf_t *b, int64_t v) {
    char tmp[24];
    char *end = tmp + sizeof tmp, *p = end;
    /* The magnitude as unsigned, so INT64_MIN has one too. */
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *--p = '-';
    buf_put(b, p, (size_t)(end - p));
}

/* Java's Float/Double.toString, from the worker (the ABI's). */
static void format_java_double(file_buf_t *b, double d, bool is_float) {
    char text[CD_JAVA_NUMBER_MAX];
    size_t n = is_float ? cd_java_float_to_string((float)d, text) : cd_java_double_to_string(d, text);
    file_buf_append(b, text, n);
}

/* BigDecimal.toString() of a Decimal: big-endian two's complement unscaled
 * value and the schema's scale. Plain notation when scale >= 0 and the
 * adjusted exponent is >= -6, else scientific ("1.23E+5", "1E-7"). */
static void format_decimal(file_buf_t *b, const cd_schema_t *schema, const cd_value_t *v) {
    const char *scale_s = cd_schema_param(schema, CD_DECIMAL_SCALE_PARAM);
    long scale = scale_s ? strtol(scale_s, NULL, 10) : 0;
    size_t n = v->u.bytes.len;
    uint8_t *mag = malloc(n ? n : 1);
    char *dec = malloc(n * 3 + 2); /* 256^n < 10^(3n) */
    if (!mag || !dec) abort();
    bool neg = n > 0 && (v->u.bytes.data[0] & 0x80);
    /* Magnitude: negate two's complement (invert, add one). */
    for (size_t i = 0; i < n; i++) mag[i] = neg ? (uint8_t)~v->u.bytes.data[i] : v->u.bytes.data[i];
    if (neg)
        for (size_t i = n; i-- > 0;)
            if (++mag[i] != 0) break;
    /* Repeated division by 10 yields the digits, least significant first. */
    size_t nd = 0;
    bool nonzero = true;
    while (nonzero) {
        unsigned rem = 0;
        nonzero = false;
        for (size_t i = 0; i < n; i++) {
            unsigned cur = rem * 256u + mag[i];
            mag[i] = (uint8_t)(cur / 10u);
            rem = cur % 10u;
            if (mag[i]) nonzero = true;
        }
        dec[nd++] = (char)('0' + rem);
    }
    for (size_t i = 0; i < nd / 2; i++) {
        char t = dec[i];
        dec[i] = dec[nd - 1 - i];
        dec[nd - 1 - i] = t;
    }
    free(mag);

    long adjusted = -scale + (long)(nd - 1);
    if (neg && !(nd == 1 && dec[0] == '0')) buf_putc(b, '-');
    if (scale == 0) {
        file_buf_append(b, dec, nd);
    } else if (scale > 0 && adjusted >= -6) {
        if ((long)nd > scale) {
            file_buf_append(b, dec, nd - (size_t)scale);
            buf_putc(b, '.');
            file_buf_append(b, dec + nd - (size_t)scale, (size_t)scale);
        } else {
            buf_puts_lit(b, "0.");
            for (long i = (long)nd; i < scale; i++) buf_putc(b, '0');
            file_buf_append(b, dec, nd);
        }
    } else {
        buf_putc(b, dec[0]);
        if (nd > 1) {
            buf_putc(b, '.');
            file_buf_append(b, dec + 1, nd - 1);
        }
        char tmp[32];
        int len = snprintf(tmp, sizeof tmp, "E%s%ld", adjusted >= 0 ? "+" : "", adjusted);
        file_buf_append(b, tmp, (size_t)len);
    }
    free(dec);
}

/* java.util.Date.toString(): "Thu Jan 01 00:00:00 UTC 1970". The value is
 * the logical type's raw int: days (Date), ms of day (Time), ms (Timestamp). */
static void format_date(file_buf_t *b, int64_t ms) {
    int64_t secs = ms / 1000;
    if (ms % 1000 < 0) secs--;
    time_t t = (time_t)secs;
    struct tm tm;
    char tmp[64];
    if (gmtime_r(&t, &tm) && strftime(tmp, sizeof tmp, "%a %b %d %H:%M:%S UTC %Y", &tm) > 0)
        buf_puts(b, tmp);
    else
        format_int(b, ms);
}

/* ---- values ------------------------------------------------------------ */

static const cd_schema_t *child_schema(const cd_schema_t *s, bool key) {
    if (!s) return NULL;
    return key ? s->key_schema : s->value_schema;
}

static bool is_logical(const cd_schema_t *s, const char *name) {
    return s && s->name && strcmp(s->name, name) == 0;
}

static void format_int_value(file_buf_t *b, const cd_schema_t *schema, int64_t i) {
    if (is_logical(schema, CD_LOGICAL_DATE))
        format_date(b, i * 86400000);
    else if (is_logical(schema, CD_LOGICAL_TIME) || is_logical(schema, CD_LOGICAL_TIMESTAMP))
        format_date(b, i);
    else
        format_int(b, i);
}

static void format_array(file_buf_t *b, const cd_schema_t *schema, const cd_value_t *v) {
    buf_putc(b, '[');
    for (size_t i = 0; i < v->u.array.n; i++) {
        if (i) buf_puts_lit(b, ", ");
        file_format_value(b, child_schema(schema, false), v->u.array.items[i]);
    }
    buf_putc(b, ']');
}

static void format_map(file_buf_t *b, const cd_schema_t *schema, const cd_value_t *v) {
    buf_putc(b, '{');
    for (size_t i = 0; i < v->u.map.n; i++) {
        if (i) buf_puts_lit(b, ", ");
        file_format_value(b, child_schema(schema, true), v->u.map.keys[i]);
        buf_putc(b, '=');
        file_format_value(b, child_schema(schema, false), v->u.map.values[i]);
    }
    buf_putc(b, '}');
}

static void format_struct(file_buf_t *b, const cd_value_t *v) {
    const cd_schema_t *ss = v->u.strct.schema;
    bool first = true;
    buf_puts_lit(b, "Struct{");
    for (size_t i = 0; ss && i < ss->n_fields; i++) {
        const cd_value_t *fv = v->u.strct.fields[i];
        if (!fv) continue; /* Struct.toString skips null fields */
        if (!first) buf_putc(b, ',');
        first = false;
        buf_puts(b, ss->fields[i].name);
        buf_putc(b, '=');
        file_format_value(b, ss->fields[i].schema, fv);
    }
    buf_putc(b, '}');
}

void file_format_value(file_buf_t *b, const cd_schema_t *schema, const cd_value_t *v) {
    if (!v) {
        buf_puts_lit(b, "null");
        return;
    }
    switch (v->type) {
    case CD_TYPE_INT8:
    case CD_TYPE_INT16:
    case CD_TYPE_INT32:
    case CD_TYPE_INT64:
        format_int_value(b, schema, v->u.i);
        break;
    case CD_TYPE_FLOAT32:
        format_java_double(b, v->u.f, true);
        break;
    case CD_TYPE_FLOAT64:
        format_java_double(b, v->u.f, false);
        break;
    case CD_TYPE_BOOLEAN:
        if (v->u.b)
            buf_puts_lit(b, "true");
        else
            buf_puts_lit(b, "false");
        break;
    case CD_TYPE_STRING:
        buf_put(b, v->u.str.data, v->u.str.len);
        break;
    case CD_TYPE_BYTES:
        if (is_logical(schema, CD_LOGICAL_DECIMAL))
            format_decimal(b, schema, v);
        else
            file_buf_append(b, v->u.bytes.data, v->u.bytes.len);
        break;
    case CD_TYPE_ARRAY:
        format_array(b, schema, v);
        break;
    case CD_TYPE_MAP:
        format_map(b, schema, v);
        break;
    case CD_TYPE_STRUCT:
        format_struct(b, v);
        break;
    default:
        buf_puts_lit(b, "null");
        break;
    }
}
