/*
 * Decimal text <-> unscaled two's-complement bytes, arbitrary length.
 *
 * Magnitudes are handled as little-endian arrays of 32-bit limbs and
 * converted nine decimal digits at a time; decimals in records are small,
 * so quadratic schoolbook arithmetic is plenty.
 */
#include "data/decimal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/* Refuse literals whose rescaled form would exceed this many digits: a
 * JSON number like 1e999999999 must not make us allocate gigabytes. */
#define DECIMAL_MAX_DIGITS 100000

int decimal_schema_scale(const cd_schema_t *schema, int32_t *scale, cd_error_t *err) {
    const char *s = cd_schema_param(schema, CD_DECIMAL_SCALE_PARAM);
    if (!s) return cd_error_set(err, CD_ERR_DATA, "Invalid Decimal schema: scale parameter not found.");
    /* Integer.parseInt: optional sign, digits only, within int range. */
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    bool ok = *p != '\0';
    for (const char *q = p; *q; q++)
        if (*q < '0' || *q > '9') ok = false;
    long long v = 0;
    if (ok) {
        errno = 0;
        v = strtoll(s, NULL, 10);
        if (errno || v < INT32_MIN || v > INT32_MAX) ok = false;
    }
    if (!ok) return cd_error_set(err, CD_ERR_DATA, "Invalid scale parameter found in Decimal schema: ");
    *scale = (int32_t)v;
    return 0;
}

/* ---- bytes -> digits ------------------------------------------------ */

/* Magnitude of a two's-complement number as little-endian 32-bit limbs;
 * returns the limb count (0 for zero). limbs holds len/4 + 1 entries. */
static size_t bytes_to_limbs(const uint8_t *b, size_t len, uint32_t *limbs, bool *neg) {
    *neg = len > 0 && (b[0] & 0x80);
    size_t n = len / 4 + 1;
    memset(limbs, 0, n * sizeof *limbs);
    unsigned carry = 1; /* negation is ~x + 1 over exactly len bytes */
    for (size_t i = 0; i < len; i++) {
        unsigned byte = b[len - 1 - i];
        if (*neg) {
            byte = (~byte & 0xFFu) + carry;
            carry = byte >> 8;
            byte &= 0xFFu;
        }
        limbs[i / 4] |= (uint32_t)byte << (8 * (i % 4));
    }
    while (n && limbs[n - 1] == 0) n--;
    return n;
}

/* Decimal digits of the magnitude, most significant first, NUL-ended;
 * "0" for zero. Caller frees. */
static char *limbs_to_digits(uint32_t *limbs, size_t n, size_t *ndigits) {
    size_t cap = n * 10 + 2;
    char *rev = xmalloc(cap);
    size_t k = 0;
    while (n) {
        uint64_t rem = 0;
        for (size_t i = n; i-- > 0;) {
            uint64_t cur = (rem << 32) | limbs[i];
            limbs[i] = (uint32_t)(cur / 1000000000u);
            rem = cur % 1000000000u;
        }
        while (n && limbs[n - 1] == 0) n--;
        for (int d = 0; d < 9; d++) {
            rev[k++] = (char)('0' + rem % 10);
            rem /= 10;
            if (!n && !rem) break; /* no leading zeros on the last group */
        }
    }
    if (k == 0) rev[k++] = '0';
    char *out = xmalloc(k + 1);
    for (size_t i = 0; i < k; i++) out[i] = rev[k - 1 - i];
    out[k] = '\0';
    free(rev);
    *ndigits = k;
    return out;
}

static char *unscaled_digits(const uint8_t *b, size_t len, bool *neg, size_t *ndigits) {
    uint32_t *limbs = xmalloc((len / 4 + 1) * sizeof *limbs);
    size_t n = bytes_to_limbs(b, len, limbs, neg);
    char *digits = limbs_to_digits(limbs, n, ndigits);
    free(limbs);
    return digits;
}

static void append_zeros(buf_t *out, int64_t n) {
    static const char zeros[] = "0000000000000000";
    while (n > 0) {
        size_t k = n > 16 ? 16 : (size_t)n;
        cd_buf_append(out, zeros, k);
        n -= (int64_t)k;
    }
}

/* Digits with a decimal point `scale` places from the right (scale > 0). */
static void append_pointed(buf_t *out, const char *digits, size_t nd, int64_t scale) {
    if ((int64_t)nd > scale) {
        cd_buf_append(out, digits, nd - (size_t)scale);
        cd_buf_append(out, ".", 1);
        cd_buf_append(out, digits + nd - (size_t)scale, (size_t)scale);
    } else {
        cd_buf_append(out, "0.", 2);
        append_zeros(out, scale - (int64_t)nd);
        cd_buf_append(out, digits, nd);
    }
}

void decimal_to_string(buf_t *out, const uint8_t *unscaled, size_t len, int32_t scale) {
    bool neg;
    size_t nd;
    char *digits = unscaled_digits(unscaled, len, &neg, &nd);
    if (neg) cd_buf_append(out, "-", 1);
    int64_t adjusted = -(int64_t)scale + (int64_t)(nd - 1);
    if (scale == 0) {
        cd_buf_append(out, digits, nd);
    } else if (scale > 0 && adjusted >= -6) {
        append_pointed(out, digits, nd, scale);
    } else {
        /* Java's scientific layout: one digit, the rest after a point,
         * then the adjusted exponent with an explicit sign. */
        cd_buf_append(out, digits, 1);
        if (nd > 1) {
            cd_buf_append(out, ".", 1);
            cd_buf_append(out, digits + 1, nd - 1);
        }
        if (adjusted != 0) buf_appendf(out, "E%s%lld", adjusted > 0 ? "+" : "", (long long)adjusted);
    }
    free(digits);
}

void decimal_to_plain_string(buf_t *out, const uint8_t *unscaled, size_t len, int32_t scale) {
    bool neg;
    size_t nd;
    char *digits = unscaled_digits(unscaled, len, &neg, &nd);
    if (neg) cd_buf_append(out, "-", 1);
    if (scale > 0) {
        append_pointed(out, digits, nd, scale);
    } else {
        cd_buf_append(out, digits, nd);
        bool zero = nd == 1 && digits[0] == '0';
        if (!zero) append_zeros(out, -(int64_t)scale);
    }
    free(digits);
}

/* ---- digits -> bytes ------------------------------------------------ */

static const uint32_t pow10_u32[10] = {1,      10,      100,      1000,      10000,
                                       100000, 1000000, 10000000, 100000000, 1000000000};

/* Minimal two's-complement big-endian bytes of +/- the digit string. */
static void digits_to_bytes(cd_arena_t *arena, const char *digits, size_t nd, size_t extra_zeros,
                            bool neg, const uint8_t **out, size_t *out_len) {
    size_t total = nd + extra_zeros;
    size_t cap = total / 9 + 2; /* 1e9 < 2^32: one limb per 9 digits, plus carry room */
    uint32_t *limbs = xcalloc(cap, sizeof *limbs);
    size_t n = 0;
    size_t i = 0;
    while (i < total) {
        size_t k = total - i < 9 ? total - i : 9;
        uint32_t chunk = 0;
        for (size_t j = 0; j < k; j++) {
            size_t pos = i + j;
            chunk = chunk * 10 + (uint32_t)(pos < nd ? digits[pos] - '0' : 0);
        }
        uint64_t carry = chunk;
        for (size_t j = 0; j < n; j++) {
            uint64_t cur = (uint64_t)limbs[j] * pow10_u32[k] + carry;
            limbs[j] = (uint32_t)cur;
            carry = cur >> 32;
        }
        if (carry) limbs[n++] = (uint32_t)carry;
        i += k;
    }
    /* Big-endian magnitude bytes with one spare byte for the sign. */
    size_t nb = n * 4 + 1;
    uint8_t *mag = cd_arena_alloc(arena, nb);
    for (size_t b = 0; b < n * 4; b++) mag[nb - 1 - b] = (uint8_t)(limbs[b / 4] >> (8 * (b % 4)));
    free(limbs);
    if (neg) {
        for (size_t b = 0; b < nb; b++) mag[b] = (uint8_t)~mag[b];
        for (size_t b = nb; b-- > 0;)
            if (++mag[b] != 0) break;
    }
    decimal_minimal(mag, nb, out, out_len);
}

void decimal_minimal(const uint8_t *bytes, size_t len, const uint8_t **out, size_t *out_len) {
    static const uint8_t zero = 0;
    if (len == 0) {
        *out = &zero;
        *out_len = 1;
        return;
    }
    /* A leading 0x00 (0xFF) is redundant while the next byte's top bit
     * already says positive (negative). */
    size_t i = 0;
    while (i + 1 < len && ((bytes[i] == 0x00 && !(bytes[i + 1] & 0x80)) ||
                           (bytes[i] == 0xFF && (bytes[i + 1] & 0x80))))
        i++;
    *out = bytes + i;
    *out_len = len - i;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

decimal_status_t decimal_from_string(cd_arena_t *arena, const char *text, size_t len,
                                     int32_t scale, const uint8_t **out, size_t *out_len,
                                     int32_t *literal_scale) {
    size_t i = 0;
    bool neg = false;
    if (i < len && (text[i] == '+' || text[i] == '-')) neg = text[i++] == '-';
    /* Mantissa digits without the point; frac counts those after it. */
    char *digits = xmalloc(len + 1);
    size_t nd = 0;
    int64_t frac = 0;
    bool seen_point = false, any = false;
    for (; i < len; i++) {
        if (is_digit(text[i])) {
            any = true;
            if (nd || text[i] != '0') digits[nd++] = text[i]; /* skip leading zeros */
            if (seen_point) frac++;
        } else if (text[i] == '.' && !seen_point) {
            seen_point = true;
        } else {
            break;
        }
    }
    int64_t exp = 0;
    decimal_status_t st = DECIMAL_OK;
    if (!any) st = DECIMAL_ERR_SYNTAX;
    if (!st && i < len && (text[i] == 'e' || text[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < len && (text[i] == '+' || text[i] == '-')) eneg = text[i++] == '-';
        if (i == len || !is_digit(text[i])) st = DECIMAL_ERR_SYNTAX;
        for (; !st && i < len && is_digit(text[i]); i++) {
            exp = exp * 10 + (text[i] - '0');
            if (exp > INT32_MAX) st = DECIMAL_ERR_RANGE;
        }
        if (eneg) exp = -exp;
    }
    if (!st && i != len) st = DECIMAL_ERR_SYNTAX;
    int64_t lscale = frac - exp;
    if (!st && (lscale < INT32_MIN || lscale > INT32_MAX)) st = DECIMAL_ERR_RANGE;
    if (st) {
        free(digits);
        return st;
    }
    if (literal_scale) *literal_scale = (int32_t)lscale;

    size_t extra = 0;
    if (nd == 0) {
        neg = false; /* zero has no sign, whatever its scale */
    } else if (scale >= lscale) {
        int64_t add = (int64_t)scale - lscale;
        if (add + (int64_t)nd > DECIMAL_MAX_DIGITS) st = DECIMAL_ERR_RANGE;
        extra = (size_t)add;
    } else {
        int64_t drop = lscale - (int64_t)scale;
        if (drop >= (int64_t)nd) {
            st = DECIMAL_ERR_INEXACT; /* nd > 0: some non-zero digit is lost */
        } else {
            for (size_t k = nd - (size_t)drop; k < nd; k++)
                if (digits[k] != '0') st = DECIMAL_ERR_INEXACT;
            nd -= (size_t)drop;
        }
    }
    if (!st) digits_to_bytes(arena, digits, nd, extra, neg, out, out_len);
    free(digits);
    return st;
}
