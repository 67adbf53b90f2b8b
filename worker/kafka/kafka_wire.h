/*
 * Kafka protocol primitives (https://kafka.apache.org/protocol#protocol_types):
 * a growable big-endian writer and a bounds-checked reader. The reader is
 * fed bytes from the network, so every read checks the remaining length and
 * a failed read sets a sticky error instead of touching memory past the end;
 * callers read a whole message and check kr_ok() once at the end.
 *
 * Classic types: INT8..INT64, STRING (INT16 length), NULLABLE_STRING (-1 =
 * null), BYTES (INT32 length), NULLABLE_BYTES, ARRAY (INT32 count, -1 =
 * null). Flexible ("compact") versions use unsigned varints holding length+1
 * (0 = null) and end every struct with a tagged-field section.
 */
#ifndef CONNECTD_KAFKA_WIRE_H
#define CONNECTD_KAFKA_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kw_writer {
    uint8_t *data; /* malloc'd; NULL until the first write */
    size_t len;
    size_t cap;
} kw_writer_t;

void kw_init(kw_writer_t *w);
void kw_free(kw_writer_t *w);
void kw_reset(kw_writer_t *w); /* empty, keeps storage */

void kw_raw(kw_writer_t *w, const void *p, size_t n);
void kw_i8(kw_writer_t *w, int8_t v);
void kw_i16(kw_writer_t *w, int16_t v);
void kw_i32(kw_writer_t *w, int32_t v);
void kw_i64(kw_writer_t *w, int64_t v);
/* Overwrite 4 bytes at off (a size prefix written before its payload). */
void kw_put_i32_at(kw_writer_t *w, size_t off, int32_t v);
/* s NULL is written as the empty string (STRING cannot be null). Strings
 * longer than INT16_MAX bytes are cut (no Kafka name comes close). */
void kw_string(kw_writer_t *w, const char *s);
void kw_nullable_string(kw_writer_t *w, const char *s);
void kw_bytes(kw_writer_t *w, const void *p, size_t n);
void kw_nullable_bytes(kw_writer_t *w, const void *p, size_t n); /* p NULL: null */
void kw_array_len(kw_writer_t *w, int32_t n);                     /* -1: null array */

/* Flexible versions. */
void kw_uvarint(kw_writer_t *w, uint32_t v);
void kw_compact_string(kw_writer_t *w, const char *s);
void kw_compact_nullable_string(kw_writer_t *w, const char *s);
void kw_compact_bytes(kw_writer_t *w, const void *p, size_t n);
void kw_compact_nullable_bytes(kw_writer_t *w, const void *p, size_t n);
void kw_compact_array_len(kw_writer_t *w, int32_t n); /* -1: null array */
void kw_empty_tags(kw_writer_t *w);                   /* zero tagged fields */

typedef struct kw_reader {
    const uint8_t *p; /* borrowed */
    size_t len;
    size_t pos;
    bool err; /* sticky: set by the first failed read */
} kw_reader_t;

void kr_init(kw_reader_t *r, const void *p, size_t len);
static inline bool kr_ok(const kw_reader_t *r) { return !r->err; }
static inline size_t kr_remaining(const kw_reader_t *r) { return r->err ? 0 : r->len - r->pos; }

/* Each returns 0, or -1 (and sets r->err, leaving *out zeroed) when the
 * bytes run out or the value is malformed. */
int kr_i8(kw_reader_t *r, int8_t *out);
int kr_i16(kw_reader_t *r, int16_t *out);
int kr_i32(kw_reader_t *r, int32_t *out);
int kr_i64(kw_reader_t *r, int64_t *out);
int kr_skip(kw_reader_t *r, size_t n);
/* A malloc'd NUL-terminated copy. STRING rejects a negative length;
 * NULLABLE_STRING gives NULL for -1. */
int kr_string(kw_reader_t *r, char **out);
int kr_nullable_string(kw_reader_t *r, char **out);
/* Borrowed pointers into the input (valid while it is). NULLABLE_BYTES
 * gives *p NULL, *n 0 for null; BYTES rejects null. */
int kr_bytes(kw_reader_t *r, const uint8_t **p, size_t *n);
int kr_nullable_bytes(kw_reader_t *r, const uint8_t **p, size_t *n);
/* An array count; -1 (null) only when nullable. A count that could not fit
 * in the remaining bytes at min_elem_size bytes per element is rejected, so
 * hostile counts never drive huge allocations. */
int kr_array_len(kw_reader_t *r, bool nullable, size_t min_elem_size, int32_t *out);

/* Flexible versions. */
int kr_uvarint(kw_reader_t *r, uint32_t *out);
int kr_compact_string(kw_reader_t *r, char **out);
int kr_compact_nullable_string(kw_reader_t *r, char **out);
int kr_compact_bytes(kw_reader_t *r, const uint8_t **p, size_t *n);
int kr_compact_nullable_bytes(kw_reader_t *r, const uint8_t **p, size_t *n);
int kr_compact_array_len(kw_reader_t *r, bool nullable, size_t min_elem_size, int32_t *out);
/* Skip a tagged-field section (tags this client does not know). */
int kr_skip_tags(kw_reader_t *r);

#endif
