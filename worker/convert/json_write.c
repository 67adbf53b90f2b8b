#include "convert/json_write.h"

#include <inttypes.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "convert/base64.h"
#include "convert/java_number.h"

void jwrite_raw(buf_t *b, const char *s) { cd_buf_append(b, s, strlen(s)); }

/* The code point of a well-formed 4-byte UTF-8 sequence at s[i] (one
 * outside the BMP), or 0. */
static unsigned supplementary_at(const char *s, size_t i, size_t len) {
    const unsigned char *p = (const unsigned char *)s + i;
    if (p[0] < 0xF0 || p[0] > 0xF4 || len - i < 4) return 0;
    for (int k = 1; k < 4; k++)
        if ((p[k] & 0xC0) != 0x80) return 0;
    unsigned cp = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) |
                  (p[3] & 0x3Fu);
    return cp >= 0x10000 && cp <= 0x10FFFF ? cp : 0;
}

static void append_u_escape(buf_t *b, unsigned u) {
    static const char hex[] = "0123456789ABCDEF";
    char esc[6] = {'\\', 'u', hex[(u >> 12) & 15], hex[(u >> 8) & 15], hex[(u >> 4) & 15], hex[u & 15]};
    cd_buf_append(b, esc, sizeof esc);
}

void jwrite_string(buf_t *b, const char *s, size_t len) {
    cd_buf_append(b, "\"", 1);
    size_t run = 0; /* start of the pending unescaped run */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned cp = c >= 0xF0 ? supplementary_at(s, i, len) : 0;
        if (cp) {
            /* Jackson writes characters outside the BMP as their UTF-16
             * surrogate pair, escaped (COMBINE_UNICODE_SURROGATES_IN_UTF8
             * is off by default). */
            if (i > run) cd_buf_append(b, s + run, i - run);
            append_u_escape(b, 0xD800 + ((cp - 0x10000) >> 10));
            append_u_escape(b, 0xDC00 + ((cp - 0x10000) & 0x3FF));
            i += 3;
            run = i + 1;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        if (i > run) cd_buf_append(b, s + run, i - run);
        run = i + 1;
        char esc[2] = {'\\', 0};
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\t': esc[1] = 't'; break;
        case '\n': esc[1] = 'n'; break;
        case '\f': esc[1] = 'f'; break;
        case '\r': esc[1] = 'r'; break;
        default: append_u_escape(b, c); continue;
        }
        cd_buf_append(b, esc, sizeof esc);
    }
    if (len > run) cd_buf_append(b, s + run, len - run);
    cd_buf_append(b, "\"", 1);
}

void jwrite_int(buf_t *b, int64_t v) {
    char tmp[24];
    int n = snprintf(tmp, sizeof tmp, "%" PRId64, v);
    cd_buf_append(b, tmp, (size_t)n);
}

static void write_number_text(buf_t *b, const char *s, size_t n, bool finite) {
    if (finite) {
        cd_buf_append(b, s, n);
    } else {
        jwrite_string(b, s, n);
    }
}

void jwrite_double(buf_t *b, double v) {
    char tmp[JAVA_NUMBER_MAX];
    size_t n = java_double_to_string(v, tmp);
    write_number_text(b, tmp, n, isfinite(v));
}

void jwrite_float(buf_t *b, float v) {
    char tmp[JAVA_NUMBER_MAX];
    size_t n = java_float_to_string(v, tmp);
    write_number_text(b, tmp, n, isfinite(v));
}

void jwrite_base64(buf_t *b, const uint8_t *data, size_t len) {
    cd_buf_append(b, "\"", 1);
    base64_encode(b, data, len);
    cd_buf_append(b, "\"", 1);
}
