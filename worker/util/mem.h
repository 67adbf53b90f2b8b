/* Allocation helpers that abort on out-of-memory: the worker cannot do
 * anything useful without memory, and checking every small allocation
 * would bury the logic. Every pointer they return has an owner that frees it. */
#ifndef CONNECTD_UTIL_MEM_H
#define CONNECTD_UTIL_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);       /* NULL in, NULL out */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
