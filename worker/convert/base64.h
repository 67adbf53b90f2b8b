/* Standard base64 (RFC 4648 alphabet, '=' padding, no line breaks), the
 * form Jackson writes binary values in and Kafka's JsonConverter uses for
 * BYTES and BASE64 decimals. */
#ifndef CONNECTD_CONVERT_BASE64_H
#define CONNECTD_CONVERT_BASE64_H

#include <connectd/data.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Append the encoding of data (no quotes). */
void base64_encode(buf_t *out, const uint8_t *data, size_t len);

/* Decode into arena. Like Jackson's default variant: whitespace between
 * 4-character groups is skipped and padding is required. 0, or -1 when
 * the text is not valid base64. */
int base64_decode(cd_arena_t *arena, const char *text, size_t len, const uint8_t **out,
                  size_t *out_len);

#endif
