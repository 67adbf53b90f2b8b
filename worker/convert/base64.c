#include "convert/base64.h"

#include <string.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void base64_encode(buf_t *out, const uint8_t *data, size_t len) {
    char chunk[256];
    size_t k = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)data[i] << 16;
        if (i + 1 < len) v |= (uint32_t)data[i + 1] << 8;
        if (i + 2 < len) v |= data[i + 2];
        chunk[k++] = alphabet[(v >> 18) & 63];
        chunk[k++] = alphabet[(v >> 12) & 63];
        chunk[k++] = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
        chunk[k++] = i + 2 < len ? alphabet[v & 63] : '=';
        if (k > sizeof chunk - 4) {
            cd_buf_append(out, chunk, k);
            k = 0;
        }
    }
    if (k) cd_buf_append(out, chunk, k);
}

static int b64_value(unsigned char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

int base64_decode_into(const char *text, size_t len, base64_mode_t mode, uint8_t *dst,
                       size_t *out_len) {
    size_t n = 0;
    uint32_t quad = 0;
    int have = 0, pad = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        /* Jackson skips whitespace between quads, not inside one. */
        if (mode == BASE64_JACKSON && c <= ' ' && have == 0 && pad == 0) continue;
        if (c == '=') {
            /* Padding may only complete the last quad: "xx==" or "xxx=". */
            if (have < 2 || have + pad >= 4) return -1;
            pad++;
            continue;
        }
        int v = b64_value(c);
        if (v < 0 || pad) return -1;
        quad = (quad << 6) | (uint32_t)v;
        if (++have == 4) {
            dst[n++] = (uint8_t)(quad >> 16);
            dst[n++] = (uint8_t)(quad >> 8);
            dst[n++] = (uint8_t)quad;
            have = 0;
            quad = 0;
        }
    }
    /* Java's basic decoder takes a short last group as if it were padded. */
    bool unpadded_ok = mode == BASE64_JAVA_BASIC && pad == 0;
    if (have == 0 && pad == 0) {
        /* complete */
    } else if (have == 2 && (pad == 2 || unpadded_ok)) {
        dst[n++] = (uint8_t)(quad >> 4);
    } else if (have == 3 && (pad == 1 || unpadded_ok)) {
        dst[n++] = (uint8_t)(quad >> 10);
        dst[n++] = (uint8_t)(quad >> 2);
    } else {
        return -1; /* missing or incomplete padding, or a lone character */
    }
    *out_len = n;
    return 0;
}

int base64_decode(cd_arena_t *arena, const char *text, size_t len, const uint8_t **out,
                  size_t *out_len) {
    uint8_t *dst = cd_arena_alloc(arena, BASE64_DECODED_MAX(len));
    if (base64_decode_into(text, len, BASE64_JACKSON, dst, out_len) != 0) return -1;
    *out = dst;
    return 0;
}
