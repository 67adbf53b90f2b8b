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

/* Which decoder's rules to follow. Both reject characters outside the
 * alphabet, '=' anywhere but at the end of the last group, and text after
 * the padding. */
typedef enum base64_mode {
    /* Jackson's default variant (JSON BYTES): whitespace between
     * 4-character groups is skipped and padding is required. */
    BASE64_JACKSON,
    /* java.util.Base64.getDecoder() (Kafka's JaasBasicAuthFilter): no
     * whitespace at all; padding is optional, but if present it must be
     * complete ("YQ" and "YQ==" decode, "YQ=" does not). */
    BASE64_JAVA_BASIC,
} base64_mode_t;

/* The most bytes len characters of base64 decode to. */
#define BASE64_DECODED_MAX(len) ((len) / 4 * 3 + 3)

/* Decode into dst, which has room for BASE64_DECODED_MAX(len) bytes. 0
 * with *out_len set, or -1 when the text is not valid base64 for mode
 * (dst may then hold part of the decoded bytes). */
int base64_decode_into(const char *text, size_t len, base64_mode_t mode, uint8_t *dst,
                       size_t *out_len);

/* Decode into arena, in BASE64_JACKSON mode. 0, or -1 when the text is not
 * valid base64. */
int base64_decode(cd_arena_t *arena, const char *text, size_t len, const uint8_t **out,
                  size_t *out_len);

#endif
