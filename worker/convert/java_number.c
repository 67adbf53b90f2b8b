#include "convert/java_number.h"

#include <connectd/data.h>

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lay out digits d[0..n) with decimal exponent e (value = d.ddd x 10^e)
 * in Java's style. */
static size_t java_layout(bool neg, const char *d, size_t n, int e, char *out) {
    size_t k = 0;
    if (neg) out[k++] = '-';
    if (e >= -3 && e < 7) {
        if (e >= 0) {
            for (int i = 0; i <= e; i++) out[k++] = (size_t)i < n ? d[i] : '0';
            out[k++] = '.';
            if ((size_t)e + 1 < n)
                for (size_t i = (size_t)e + 1; i < n; i++) out[k++] = d[i];
            else
                out[k++] = '0';
        } else {
            out[k++] = '0';
            out[k++] = '.';
            for (int i = 0; i < -e - 1; i++) out[k++] = '0';
            for (size_t i = 0; i < n; i++) out[k++] = d[i];
        }
    } else {
        out[k++] = d[0];
        out[k++] = '.';
        if (n > 1)
            for (size_t i = 1; i < n; i++) out[k++] = d[i];
        else
            out[k++] = '0';
        k += (size_t)snprintf(out + k, JAVA_NUMBER_MAX - k, "E%d", e);
    }
    out[k] = '\0';
    return k;
}

static size_t special(double v, char *out) {
    const char *s = isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    strcpy(out, s);
    return strlen(s);
}

/* The shortest %e rendering that reads back as v (as a float when
 * single), split into digits and exponent and laid out like Java. */
static size_t shortest(double v, bool single, char *out) {
    if (!isfinite(v)) return special(v, out);
    bool neg = signbit(v);
    double a = fabs(v);
    if (a == 0) {
        strcpy(out, neg ? "-0.0" : "0.0");
        return strlen(out);
    }
    /* Whole numbers below 10^7 print as "N.0" (every such float and
     * double is exact): the common case, without snprintf/strtod rounds. */
    if (a < 1e7 && a == (double)(int64_t)a) {
        char rev[24];
        size_t n = 0, k = 0;
        for (int64_t u = (int64_t)a; u; u /= 10) rev[n++] = (char)('0' + u % 10);
        if (neg) out[k++] = '-';
        while (n) out[k++] = rev[--n];
        memcpy(out + k, ".0", 3);
        return k + 2;
    }
    int max_digits = single ? 9 : 17;
    char tmp[64];
    for (int p = 1; p <= max_digits; p++) {
        /* Java wants at least two digits to choose from: when one digit is
         * enough, the closest two-digit decimal wins (4.9E-324, not 5.0E-324;
         * it is the one-digit value again when its second digit is 0). */
        snprintf(tmp, sizeof tmp, "%.*e", p == 1 ? 1 : p - 1, a);
        bool same = single ? strtof(tmp, NULL) == (float)a : strtod(tmp, NULL) == a;
        if (same || p == max_digits) break;
    }
    /* tmp is "d.ddde[+-]xx" or "de[+-]xx". */
    char digits[32];
    size_t n = 0;
    const char *c = tmp;
    for (; *c && *c != 'e'; c++)
        if (*c != '.') digits[n++] = *c;
    int e = atoi(c + 1);
    while (n > 1 && digits[n - 1] == '0') n--;
    return java_layout(neg, digits, n, e, out);
}

size_t java_double_to_string(double v, char *out) { return shortest(v, false, out); }

size_t java_float_to_string(float v, char *out) { return shortest((double)v, true, out); }

/* The same for plugins (the ABI's names). */
size_t cd_java_double_to_string(double v, char *out) { return java_double_to_string(v, out); }
size_t cd_java_float_to_string(float v, char *out) { return java_float_to_string(v, out); }
