#include "kafka/kafka_wire.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

void kw_init(kw_writer_t *w) { memset(w, 0, sizeof *w); }

void kw_free(kw_writer_t *w) {
    if (!w) return;
    free(w->data);
    memset(w, 0, sizeof *w);
}

void kw_reset(kw_writer_t *w) { w->len = 0; }

static void reserve(kw_writer_t *w, size_t n) {
    if (w->cap - w->len >= n) return;
    size_t cap = w->cap ? w->cap : 64;
    while (cap - w->len < n) cap *= 2;
    w->data = xrealloc(w->data, cap);
    w->cap = cap;
}

void kw_raw(kw_writer_t *w, const void *p, size_t n) {
    if (n == 0) return;
    reserve(w, n);
    memcpy(w->data + w->len, p, n);
    w->len += n;
}

static void put_be(uint8_t *dst, uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) {
        dst[i] = (uint8_t)(v & 0xff);
        v >>= 8;
    }
}

static void write_be(kw_writer_t *w, uint64_t v, int bytes) {
    reserve(w, (size_t)bytes);
    put_be(w->data + w->len, v, bytes);
    w->len += (size_t)bytes;
}

void kw_i8(kw_writer_t *w, int8_t v) { write_be(w, (uint8_t)v, 1); }
void kw_i16(kw_writer_t *w, int16_t v) { write_be(w, (uint16_t)v, 2); }
void kw_i32(kw_writer_t *w, int32_t v) { write_be(w, (uint32_t)v, 4); }
void kw_i64(kw_writer_t *w, int64_t v) { write_be(w, (uint64_t)v, 8); }

void kw_put_i32_at(kw_writer_t *w, size_t off, int32_t v) {
    if (off + 4 <= w->len) put_be(w->data + off, (uint32_t)v, 4);
}

static size_t short_len(const char *s) {
    size_t n = s ? strlen(s) : 0;
    return n > INT16_MAX ? INT16_MAX : n;
}

void kw_string(kw_writer_t *w, const char *s) {
    size_t n = short_len(s);
    kw_i16(w, (int16_t)n);
    kw_raw(w, s, n);
}

void kw_nullable_string(kw_writer_t *w, const char *s) {
    if (!s) {
        kw_i16(w, -1);
        return;
    }
    kw_string(w, s);
}

void kw_bytes(kw_writer_t *w, const void *p, size_t n) {
    if (n > INT32_MAX) n = INT32_MAX;
    kw_i32(w, (int32_t)n);
    kw_raw(w, p, n);
}

void kw_nullable_bytes(kw_writer_t *w, const void *p, size_t n) {
    if (!p) {
        kw_i32(w, -1);
        return;
    }
    kw_bytes(w, p, n);
}

void kw_array_len(kw_writer_t *w, int32_t n) { kw_i32(w, n < 0 ? -1 : n); }

void kw_uvarint(kw_writer_t *w, uint32_t v) {
    while (v >= 0x80) {
        uint8_t b = (uint8_t)((v & 0x7f) | 0x80);
        kw_raw(w, &b, 1);
        v >>= 7;
    }
    uint8_t b = (uint8_t)v;
    kw_raw(w, &b, 1);
}

void kw_compact_string(kw_writer_t *w, const char *s) {
    size_t n = short_len(s);
    kw_uvarint(w, (uint32_t)n + 1);
    kw_raw(w, s, n);
}

void kw_compact_nullable_string(kw_writer_t *w, const char *s) {
    if (!s) {
        kw_uvarint(w, 0);
        return;
    }
    kw_compact_string(w, s);
}

void kw_compact_bytes(kw_writer_t *w, const void *p, size_t n) {
    if (n >= INT32_MAX) n = INT32_MAX - 1;
    kw_uvarint(w, (uint32_t)n + 1);
    kw_raw(w, p, n);
}

void kw_compact_nullable_bytes(kw_writer_t *w, const void *p, size_t n) {
    if (!p) {
        kw_uvarint(w, 0);
        return;
    }
    kw_compact_bytes(w, p, n);
}

void kw_compact_array_len(kw_writer_t *w, int32_t n) { kw_uvarint(w, n < 0 ? 0 : (uint32_t)n + 1); }

void kw_empty_tags(kw_writer_t *w) { kw_uvarint(w, 0); }

/* ---- reader ---- */

void kr_init(kw_reader_t *r, const void *p, size_t len) {
    r->p = p;
    r->len = p ? len : 0;
    r->pos = 0;
    r->err = false;
}

static int fail(kw_reader_t *r) {
    r->err = true;
    return -1;
}

/* The next n bytes, or NULL (and the error set) when fewer remain. */
static const uint8_t *take(kw_reader_t *r, size_t n) {
    if (r->err || r->len - r->pos < n) {
        fail(r);
        return NULL;
    }
    const uint8_t *at = r->p + r->pos;
    r->pos += n;
    return at;
}

static int read_be(kw_reader_t *r, int bytes, uint64_t *out) {
    *out = 0;
    const uint8_t *at = take(r, (size_t)bytes);
    if (!at) return -1;
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) v = (v << 8) | at[i];
    *out = v;
    return 0;
}

int kr_i8(kw_reader_t *r, int8_t *out) {
    uint64_t v;
    int rc = read_be(r, 1, &v);
    *out = (int8_t)(uint8_t)v;
    return rc;
}

int kr_i16(kw_reader_t *r, int16_t *out) {
    uint64_t v;
    int rc = read_be(r, 2, &v);
    *out = (int16_t)(uint16_t)v;
    return rc;
}

int kr_i32(kw_reader_t *r, int32_t *out) {
    uint64_t v;
    int rc = read_be(r, 4, &v);
    *out = (int32_t)(uint32_t)v;
    return rc;
}

int kr_i64(kw_reader_t *r, int64_t *out) {
    uint64_t v;
    int rc = read_be(r, 8, &v);
    *out = (int64_t)v;
    return rc;
}

int kr_skip(kw_reader_t *r, size_t n) { return take(r, n) ? 0 : -1; }

/* Copy n bytes out as a C string. */
static int take_string(kw_reader_t *r, size_t n, char **out) {
    const uint8_t *at = take(r, n);
    if (!at) return -1;
    char *s = xmalloc(n + 1);
    memcpy(s, at, n);
    s[n] = '\0';
    *out = s;
    return 0;
}

static int string_of_len(kw_reader_t *r, int64_t n, bool nullable, char **out) {
    *out = NULL;
    if (r->err) return -1;
    if (n == -1 && nullable) return 0;
    if (n < 0) return fail(r);
    return take_string(r, (size_t)n, out);
}

int kr_string(kw_reader_t *r, char **out) {
    int16_t n;
    *out = NULL;
    if (kr_i16(r, &n)) return -1;
    return string_of_len(r, n, false, out);
}

int kr_nullable_string(kw_reader_t *r, char **out) {
    int16_t n;
    *out = NULL;
    if (kr_i16(r, &n)) return -1;
    return string_of_len(r, n, true, out);
}

static int bytes_of_len(kw_reader_t *r, int64_t n, bool nullable, const uint8_t **p, size_t *len) {
    *p = NULL;
    *len = 0;
    if (r->err) return -1;
    if (n == -1 && nullable) return 0;
    if (n < 0) return fail(r);
    const uint8_t *at = take(r, (size_t)n);
    if (!at) return -1;
    /* Empty BYTES is not null: hand back a valid pointer. */
    *p = at;
    *len = (size_t)n;
    return 0;
}

int kr_bytes(kw_reader_t *r, const uint8_t **p, size_t *n) {
    int32_t len;
    *p = NULL;
    *n = 0;
    if (kr_i32(r, &len)) return -1;
    return bytes_of_len(r, len, false, p, n);
}

int kr_nullable_bytes(kw_reader_t *r, const uint8_t **p, size_t *n) {
    int32_t len;
    *p = NULL;
    *n = 0;
    if (kr_i32(r, &len)) return -1;
    return bytes_of_len(r, len, true, p, n);
}

static int check_count(kw_reader_t *r, int64_t n, bool nullable, size_t min_elem, int32_t *out) {
    *out = 0;
    if (r->err) return -1;
    if (n == -1 && nullable) {
        *out = -1;
        return 0;
    }
    if (n < 0 || n > INT32_MAX) return fail(r);
    size_t unit = min_elem ? min_elem : 1;
    if ((uint64_t)n > (r->len - r->pos) / unit) return fail(r);
    *out = (int32_t)n;
    return 0;
}

int kr_array_len(kw_reader_t *r, bool nullable, size_t min_elem_size, int32_t *out) {
    int32_t n;
    *out = 0;
    if (kr_i32(r, &n)) return -1;
    return check_count(r, n, nullable, min_elem_size, out);
}

int kr_uvarint(kw_reader_t *r, uint32_t *out) {
    *out = 0;
    uint32_t v = 0;
    for (int shift = 0; shift <= 28; shift += 7) {
        const uint8_t *b = take(r, 1);
        if (!b) return -1;
        /* The fifth byte may only carry the top 4 bits of a 32-bit value. */
        if (shift == 28 && (*b & 0xf0)) return fail(r);
        v |= (uint32_t)(*b & 0x7f) << shift;
        if (!(*b & 0x80)) {
            *out = v;
            return 0;
        }
    }
    return fail(r);
}

int kr_compact_string(kw_reader_t *r, char **out) {
    uint32_t n;
    *out = NULL;
    if (kr_uvarint(r, &n)) return -1;
    return string_of_len(r, (int64_t)n - 1, false, out);
}

int kr_compact_nullable_string(kw_reader_t *r, char **out) {
    uint32_t n;
    *out = NULL;
    if (kr_uvarint(r, &n)) return -1;
    return string_of_len(r, (int64_t)n - 1, true, out);
}

int kr_compact_bytes(kw_reader_t *r, const uint8_t **p, size_t *len) {
    uint32_t n;
    *p = NULL;
    *len = 0;
    if (kr_uvarint(r, &n)) return -1;
    return bytes_of_len(r, (int64_t)n - 1, false, p, len);
}

int kr_compact_nullable_bytes(kw_reader_t *r, const uint8_t **p, size_t *len) {
    uint32_t n;
    *p = NULL;
    *len = 0;
    if (kr_uvarint(r, &n)) return -1;
    return bytes_of_len(r, (int64_t)n - 1, true, p, len);
}

int kr_compact_array_len(kw_reader_t *r, bool nullable, size_t min_elem_size, int32_t *out) {
    uint32_t n;
    *out = 0;
    if (kr_uvarint(r, &n)) return -1;
    return check_count(r, (int64_t)n - 1, nullable, min_elem_size, out);
}

int kr_skip_tags(kw_reader_t *r) {
    uint32_t count;
    if (kr_uvarint(r, &count)) return -1;
    /* Each tag takes at least two bytes (tag, size). */
    if (count > kr_remaining(r) / 2) return fail(r);
    for (uint32_t i = 0; i < count; i++) {
        uint32_t tag, size;
        if (kr_uvarint(r, &tag) || kr_uvarint(r, &size) || kr_skip(r, size)) return -1;
    }
    return 0;
}
