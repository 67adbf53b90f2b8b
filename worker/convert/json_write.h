/* Low-level compact JSON output into a buf_t, byte-identical to what
 * Jackson (Kafka's JSON library) writes. */
#ifndef CONNECTD_CONVERT_JSON_WRITE_H
#define CONNECTD_CONVERT_JSON_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* A quoted string. Escapes as Jackson does: \" \\ \b \t \n \f \r, other
 * control characters as \u00XX (upper-case hex), characters outside the
 * BMP (4-byte UTF-8) as their escaped UTF-16 surrogate pair
 * ("\uD83D\uDE00"); '/', DEL and other UTF-8 pass through unchanged. */
void jwrite_string(buf_t *b, const char *s, size_t len);
void jwrite_int(buf_t *b, int64_t v);
/* Java's Double.toString / Float.toString digits; NaN and infinities as
 * the strings "NaN", "Infinity", "-Infinity" (Jackson quotes non-finite
 * numbers by default). */
void jwrite_double(buf_t *b, double v);
void jwrite_float(buf_t *b, float v);
/* A quoted base64 string. */
void jwrite_base64(buf_t *b, const uint8_t *data, size_t len);
/* A literal (punctuation, true/false/null). */
void jwrite_raw(buf_t *b, const char *s);

#endif
