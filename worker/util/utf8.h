/* UTF-8 checks shared by the converters. */
#ifndef CONNECTD_UTIL_UTF8_H
#define CONNECTD_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* A continuation byte (10xxxxxx). */
static inline bool utf8_is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

/* True when s[0..n) is well-formed UTF-8: no overlong forms, no surrogates,
 * no code points past U+10FFFF. */
bool utf8_valid(const unsigned char *s, size_t n);

/* A copy of the NUL-terminated s with every byte that does not start a
 * well-formed sequence replaced by U+FFFD, as Java decodes bad input.
 * Caller frees. */
char *utf8_repair(const char *s);

#endif
