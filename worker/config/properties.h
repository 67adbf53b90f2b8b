/*
 * Java .properties parsing, with the exact rules of java.util.Properties.load:
 * `#`/`!` comment lines, `=`/`:`/whitespace separators, leading whitespace
 * skipped, trailing-backslash continuation (the next line's leading whitespace
 * dropped), escapes \t \n \r \f \uXXXX (written as UTF-8; surrogate pairs
 * combined) and `\x` = x for anything else; the last duplicate key wins.
 *
 * One difference: bytes are taken as UTF-8 (Java's InputStream overload reads
 * ISO-8859-1); non-ASCII bytes are copied through unchanged.
 */
#ifndef CONNECTD_CONFIG_PROPERTIES_H
#define CONNECTD_CONFIG_PROPERTIES_H

#include <connectd/config.h>
#include <stddef.h>

/* Parse len bytes of text. On success returns 0 and *out is a new map (caller
 * destroys). On error returns -1, *out is NULL and err says what and on which
 * line (only a malformed \uXXXX escape can fail). */
int properties_parse_string(const char *text, size_t len, cd_props_t **out, char *err,
                            size_t errlen);

/* Read and parse a file; err names the file on I/O and parse errors. */
int properties_parse_file(const char *path, cd_props_t **out, char *err, size_t errlen);

#endif
