/* Growable byte buffer; it is also the concrete type behind the ABI's
 * opaque cd_buf_t (converter output). */
#ifndef CONNECTD_UTIL_BUF_H
#define CONNECTD_UTIL_BUF_H

#include <connectd/plugin.h>
#include <stdbool.h>
#include <stddef.h>

struct cd_buf {
    char *data;   /* always NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
    bool is_null; /* converter result is null (tombstone) */
};
typedef struct cd_buf buf_t;

void buf_init(buf_t *b);
void buf_free(buf_t *b);     /* releases storage; b itself is the caller's */
void buf_reset(buf_t *b);    /* empty, not null, keeps storage */
void buf_append_str(buf_t *b, const char *s);
void buf_appendf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Take ownership of the contents (caller frees); b is left empty. */
char *buf_steal(buf_t *b);

#endif
