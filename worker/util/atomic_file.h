/* Crash-safe file replacement: write a temp file, fsync it, rename it over
 * the old one, fsync the directory. A crash leaves the old or the new
 * file, never a torn one. */
#ifndef CONNECTD_UTIL_ATOMIC_FILE_H
#define CONNECTD_UTIL_ATOMIC_FILE_H

#include <stddef.h>

/* what: names the file in error messages ("offsets file"). */
int atomic_file_write(const char *path, const char *data, size_t len, const char *what, char *err,
                      size_t errlen);

#endif
