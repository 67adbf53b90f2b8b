/*
 * java.util.Properties.load in C. Two passes per logical line, as in the JDK:
 * the line reader joins continuation lines and drops comments, then the
 * key/value split runs on the raw (still escaped) logical line, and only then
 * are escapes converted. Keeping the passes separate is what makes `a\=b=c`
 * (key "a=b") and `a\\=b` (key "a\") come out right.
 */
#include "config/properties.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/mem.h"

typedef struct line_reader {
    const char *p;
    const char *end;
    int line_no;    /* natural line the current position is on (1-based) */
} line_reader_t;

static bool props_is_ws(char c) { return c == ' ' || c == '\t' || c == '\f'; }

/* Consume one line terminator (\n, \r or \r\n) at r->p. */
static void reader_eat_eol(line_reader_t *r) {
    if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n') r->p++;
    r->p++;
    r->line_no++;
}

/*
 * Next logical line into out (raw: escapes kept, continuation backslashes
 * removed). Returns false at end of input. *first_line gets the natural line
 * number the logical line starts on, for error messages.
 */
static bool reader_next(line_reader_t *r, buf_t *out, int *first_line) {
    buf_reset(out);
    for (;;) {
        /* Start of a natural line: skip leading whitespace and blank lines. */
        while (r->p < r->end && props_is_ws(*r->p)) r->p++;
        if (r->p >= r->end) return false;
        if (*r->p == '\n' || *r->p == '\r') {
            reader_eat_eol(r);
            continue;
        }
        if (*r->p == '#' || *r->p == '!') {
            /* Comment lines never continue, even with a trailing backslash. */
            while (r->p < r->end && *r->p != '\n' && *r->p != '\r') r->p++;
            if (r->p < r->end) reader_eat_eol(r);
            continue;
        }
        break;
    }
    *first_line = r->line_no;
    for (;;) {
        const char *start = r->p;
        while (r->p < r->end && *r->p != '\n' && *r->p != '\r') r->p++;
        size_t n = (size_t)(r->p - start);
        /* An odd number of trailing backslashes escapes the line end. */
        size_t bs = 0;
        while (bs < n && start[n - 1 - bs] == '\\') bs++;
        bool cont = (bs % 2) == 1;
        cd_buf_append(out, start, cont ? n - 1 : n);
        if (r->p < r->end) reader_eat_eol(r);
        if (!cont || r->p >= r->end) return true;
        /* Continuation: leading whitespace of the next line is dropped; an
         * empty continuation line ends the logical line. */
        while (r->p < r->end && props_is_ws(*r->p)) r->p++;
    }
}

static void append_utf8(buf_t *b, unsigned cp) {
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    cd_buf_append(b, u, n);
}

/* Four hex digits at s (within [s, end)); -1 when malformed. */
static long read_hex4(const char *s, const char *end) {
    if (end - s < 4) return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Convert escapes of s[0..n) into out. Returns -1 on a malformed \u. */
static int unescape(const char *s, size_t n, buf_t *out) {
    const char *p = s, *end = s + n;
    buf_reset(out);
    cd_buf_append(out, "", 0); /* never NULL data, even when empty */
    while (p < end) {
        char c = *p++;
        if (c != '\\') {
            cd_buf_append(out, &c, 1);
            continue;
        }
        if (p >= end) break; /* lone trailing backslash: dropped, as the JDK does */
        c = *p++;
        if (c == 'u') {
            long cp = read_hex4(p, end);
            if (cp < 0) return -1;
            p += 4;
            /* A high surrogate followed by an escaped low surrogate is one
             * code point; a lone surrogate cannot be UTF-8, use U+FFFD. */
            if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
                long lo = read_hex4(p + 2, end);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
            append_utf8(out, (unsigned)cp);
            continue;
        }
        switch (c) {
        case 't': c = '\t'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 'f': c = '\f'; break;
        default: break;
        }
        cd_buf_append(out, &c, 1);
    }
    return 0;
}

/* Split a raw logical line into key and value ranges, as Properties.load0. */
static void split_line(const char *line, size_t limit, size_t *key_len, size_t *value_start) {
    size_t k = 0, vs = limit;
    bool has_sep = false, preceding_bs = false;
    while (k < limit) {
        char c = line[k];
        if ((c == '=' || c == ':') && !preceding_bs) {
            vs = k + 1;
            has_sep = true;
            break;
        }
        if (props_is_ws(c) && !preceding_bs) {
            vs = k + 1;
            break;
        }
        preceding_bs = c == '\\' ? !preceding_bs : false;
        k++;
    }
    while (vs < limit) {
        char c = line[vs];
        if (!props_is_ws(c)) {
            if (!has_sep && (c == '=' || c == ':'))
                has_sep = true;
            else
                break;
        }
        vs++;
    }
    *key_len = k;
    *value_start = vs;
}

int properties_parse_string(const char *text, size_t len, cd_props_t **out, char *err,
                            size_t errlen) {
    *out = NULL;
    line_reader_t r = {.p = text ? text : "", .end = (text ? text : "") + (text ? len : 0),
                       .line_no = 1};
    cd_props_t *props = cd_props_new();
    buf_t line, key, value;
    buf_init(&line);
    buf_init(&key);
    buf_init(&value);
    int rc = 0, first_line = 0;
    while (reader_next(&r, &line, &first_line)) {
        size_t key_len, value_start;
        const char *raw = line.data ? line.data : "";
        split_line(raw, line.len, &key_len, &value_start);
        if (unescape(raw, key_len, &key) < 0 ||
            unescape(raw + value_start, line.len - value_start, &value) < 0) {
            snprintf(err, errlen, "Malformed \\uxxxx encoding on line %d", first_line);
            rc = -1;
            break;
        }
        /* Keys or values with an escaped NUL cannot live in C strings; the
         * part before it is kept, which is the least surprising cut. */
        cd_props_set(props, key.data, value.data);
    }
    buf_free(&line);
    buf_free(&key);
    buf_free(&value);
    if (rc < 0) {
        cd_props_destroy(props);
        return -1;
    }
    *out = props;
    return 0;
}

int properties_parse_file(const char *path, cd_props_t **out, char *err, size_t errlen) {
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "Could not read properties file %s: %s", path, strerror(errno));
        return -1;
    }
    buf_t data;
    buf_init(&data);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) cd_buf_append(&data, chunk, n);
    bool failed = ferror(f) != 0;
    int saved = errno;
    fclose(f);
    if (failed) {
        buf_free(&data);
        snprintf(err, errlen, "Could not read properties file %s: %s", path, strerror(saved));
        return -1;
    }
    char perr[256];
    int rc = properties_parse_string(data.data, data.len, out, perr, sizeof perr);
    buf_free(&data);
    if (rc < 0) snprintf(err, errlen, "Could not parse properties file %s: %s", path, perr);
    return rc;
}
