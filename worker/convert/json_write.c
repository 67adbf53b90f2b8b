#include "convert/json_write.h"

#include <inttypes.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "convert/base64.h"
#include "convert/java_number.h"
#include "util/mem.h"

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

/* Room for extra more bytes and the NUL, as util/buf.c grows it: the
 * string writer fills the buffer directly instead of appending piece by
 * piece (a source record's JSON string was escaped through one append per
 * run and per escape, 40 % of the source task's CPU). */
static char *reserve(buf_t *b, size_t extra) {
    if (b->len + extra + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + extra + 1) cap *= 2;
        b->data = xrealloc(b->data, cap);
        b->cap = cap;
    }
    return b->data + b->len;
}

static char *put_u_escape(char *o, unsigned u) {
    static const char hex[] = "0123456789ABCDEF";
    o[0] = '\\';
    o[1] = 'u';
    o[2] = hex[(u >> 12) & 15];
    o[3] = hex[(u >> 8) & 15];
    o[4] = hex[(u >> 4) & 15];
    o[5] = hex[u & 15];
    return o + 6;
}

/* Bytes the writer must look at: control characters, the quote, the
 * backslash and lead bytes of 4-byte UTF-8 sequences. */
static inline bool is_special(unsigned char c) {
    return c < 0x20 || c == '"' || c == '\\' || c >= 0xF0;
}

/* Input is written in blocks so that the worst case (6 output bytes per
 * input byte) never reserves more than a few pages at once. */
#define JWRITE_BLOCK 4096

void jwrite_string(buf_t *b, const char *s, size_t len) {
    *reserve(b, 1) = '"';
    b->len++;
    size_t i = 0;
    while (i < len) {
        size_t end = len - i < JWRITE_BLOCK ? len : i + JWRITE_BLOCK;
        /* 6 per byte; a 4-byte sequence that starts in the block may end
         * past it, giving 12 for 4. */
        char *o = reserve(b, (end - i) * 6 + 12);
        while (i < end) {
            size_t run = i;
            while (i < end && !is_special((unsigned char)s[i])) i++;
            if (i > run) {
                memcpy(o, s + run, i - run);
                o += i - run;
            }
            if (i >= end) break;
            unsigned char c = (unsigned char)s[i];
            if (c >= 0xF0) {
                unsigned cp = supplementary_at(s, i, len);
                if (!cp) {
                    *o++ = (char)c; /* not a well-formed sequence: as is */
                    i++;
                    continue;
                }
                /* Jackson writes characters outside the BMP as their
                 * UTF-16 surrogate pair, escaped
                 * (COMBINE_UNICODE_SURROGATES_IN_UTF8 is off by default). */
                o = put_u_escape(o, 0xD800 + ((cp - 0x10000) >> 10));
                o = put_u_escape(o, 0xDC00 + ((cp - 0x10000) & 0x3FF));
                i += 4;
                continue;
            }
            i++;
            char e;
            switch (c) {
            case '"': e = '"'; break;
            case '\\': e = '\\'; break;
            case '\b': e = 'b'; break;
            case '\t': e = 't'; break;
            case '\n': e = 'n'; break;
            case '\f': e = 'f'; break;
            case '\r': e = 'r'; break;
            default: o = put_u_escape(o, c); continue;
            }
            o[0] = '\\';
            o[1] = e;
            o += 2;
        }
        b->len = (size_t)(o - b->data);
    }
    char *o = reserve(b, 1);
    o[0] = '"';
    o[1] = '\0';
    b->len++;
    b->is_null = false;
}

/* Long.toString without snprintf's format parsing. */
void jwrite_int(buf_t *b, int64_t v) {
    char tmp[24];
    char *end = tmp + sizeof tmp, *p = end;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *--p = '-';
    cd_buf_append(b, p, (size_t)(end - p));
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
