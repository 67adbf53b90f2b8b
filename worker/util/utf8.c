#include "util/utf8.h"

#include <string.h>

#include "util/buf.h"

bool utf8_valid(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t k;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c < 0x80) k = 1;
        else if (c >= 0xC2 && c <= 0xDF) k = 2;
        else if (c == 0xE0) k = 3, lo = 0xA0;
        else if (c == 0xED) k = 3, hi = 0x9F;
        else if (c >= 0xE1 && c <= 0xEF) k = 3;
        else if (c == 0xF0) k = 4, lo = 0x90;
        else if (c == 0xF4) k = 4, hi = 0x8F;
        else if (c >= 0xF1 && c <= 0xF3) k = 4;
        else return false;
        if (n - i < k || (k > 1 && (s[i + 1] < lo || s[i + 1] > hi))) return false;
        for (size_t j = 2; j < k; j++)
            if (!utf8_is_cont(s[i + j])) return false;
        i += k;
    }
    return true;
}

char *utf8_repair(const char *s) {
    buf_t b;
    buf_init(&b);
    buf_append_str(&b, "");
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t len = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3
                                   : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (len && strnlen((const char *)p, len) == len && utf8_valid(p, len)) {
            cd_buf_append(&b, p, len);
            p += len;
        } else {
            buf_append_str(&b, "\xEF\xBF\xBD");
            p++;
        }
    }
    return buf_steal(&b);
}
