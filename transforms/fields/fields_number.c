/* Java's number parsing and narrowing rules, as Cast and MaskField need
 * them (Integer.parseInt & co, Double.parseDouble, new BigDecimal(String),
 * (int)/(long) casts of doubles, Decimal's unscaled bytes). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"

bool fields_parse_java_long(const char *s, int64_t lo, int64_t hi, int64_t *out) {
    const char *p = s;
    bool neg = false;
    if (*p == '+' || *p == '-') neg = *p++ == '-';
    if (!*p) return false;
    /* Accumulate negatively so that Long.MIN_VALUE parses. */
    int64_t v = 0;
    for (; *p; p++) {
        if (!isdigit((unsigned char)*p)) return false;
        int d = *p - '0';
        if (v < (INT64_MIN + d) / 10) return false;
        v = v * 10 - d;
    }
    if (!neg) {
        if (v == INT64_MIN) return false;
        v = -v;
    }
    if (v < lo || v > hi) return false;
    *out = v;
    return true;
}

bool fields_parse_java_double(const char *s, double *out) {
    /* Double.parseDouble trims whitespace and accepts a f/F/d/D suffix,
     * "NaN" and "Infinity" (no C spellings, no hex without exponent). */
    size_t len = strlen(s);
    while (len && (unsigned char)s[len - 1] <= ' ') len--;
    while (len && (unsigned char)*s <= ' ') s++, len--;
    if (!len) return false;
    char buf[128];
    if (len >= sizeof buf) return false;
    memcpy(buf, s, len);
    buf[len] = 0;
    const char *body = buf + (buf[0] == '+' || buf[0] == '-');
    if (strcmp(body, "NaN") == 0) {
        *out = NAN;
        return true;
    }
    if (strcmp(body, "Infinity") == 0) {
        *out = buf[0] == '-' ? -INFINITY : INFINITY;
        return true;
    }
    if (strchr("fFdD", buf[len - 1])) buf[--len] = 0;
    for (const char *p = body; *p; p++)
        if (!isdigit((unsigned char)*p) && !strchr(".eE+-", *p)) return false;
    if (!*body || !(isdigit((unsigned char)*body) || *body == '.')) return false;
    char *end;
    errno = 0;
    double d = strtod(buf, &end);
    if (*end) return false;
    *out = d;
    return true;
}

bool fields_parse_big_decimal(const char *s, int64_t *unscaled, int32_t *scale, double *approx) {
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    bool digits = false, dot = false;
    int64_t frac = 0;
    __int128 v = 0;
    bool overflow = false;
    for (; *p && *p != 'e' && *p != 'E'; p++) {
        if (*p == '.') {
            if (dot) return false;
            dot = true;
            continue;
        }
        if (!isdigit((unsigned char)*p)) return false;
        digits = true;
        v = v * 10 + (*p - '0');
        if (v > (__int128)INT64_MAX * 10) overflow = true, v = 0;
        if (dot) frac++;
    }
    if (!digits) return false;
    int64_t exp = 0;
    if (*p) {
        p++;
        if (!fields_parse_java_long(p, INT32_MIN, INT32_MAX, &exp)) return false;
    }
    char *end;
    *approx = strtod(s, &end);
    if (overflow || v > INT64_MAX) return false;
    *unscaled = (int64_t)(s[0] == '-' ? -v : v);
    *scale = (int32_t)(frac - exp);
    return true;
}

int64_t fields_java_d2l(double d) {
    if (isnan(d)) return 0;
    if (d >= 9223372036854775807.0) return INT64_MAX;
    if (d <= -9223372036854775808.0) return INT64_MIN;
    return (int64_t)d;
}

int32_t fields_java_d2i(double d) {
    if (isnan(d)) return 0;
    if (d >= 2147483647.0) return INT32_MAX;
    if (d <= -2147483648.0) return INT32_MIN;
    return (int32_t)d;
}

bool fields_decimal_unscaled(const cd_value_t *v, int64_t *out) {
    size_t n = v->u.bytes.len;
    if (n == 0 || n > 8) return false;
    const uint8_t *b = v->u.bytes.data;
    uint64_t u = (b[0] & 0x80) ? UINT64_MAX : 0; /* sign extension */
    for (size_t i = 0; i < n; i++) u = (u << 8) | b[i];
    *out = (int64_t)u;
    return true;
}

const cd_value_t *fields_decimal_value(cd_arena_t *arena, int64_t unscaled) {
    /* BigInteger.toByteArray: the shortest big-endian two's complement. */
    uint8_t buf[8];
    for (int i = 7; i >= 0; i--) buf[i] = (uint8_t)((uint64_t)unscaled >> (8 * (7 - i)));
    size_t start = 0;
    while (start < 7 && ((buf[start] == 0x00 && !(buf[start + 1] & 0x80)) ||
                         (buf[start] == 0xff && (buf[start + 1] & 0x80))))
        start++;
    return cd_value_bytes(arena, buf + start, 8 - start);
}

int32_t fields_decimal_scale(const cd_schema_t *s) {
    const char *p = cd_schema_param(s, CD_DECIMAL_SCALE_PARAM);
    return p ? (int32_t)strtol(p, NULL, 10) : 0;
}
