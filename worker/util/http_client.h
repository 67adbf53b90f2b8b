/*
 * A small blocking HTTP client (libcurl) for worker-to-worker calls in
 * distributed mode: REST forwarding and task configs sent to the leader.
 */
#ifndef CONNECTD_UTIL_HTTP_CLIENT_H
#define CONNECTD_UTIL_HTTP_CLIENT_H

#include <stddef.h>

/* Send `method url` with an optional body and headers ("Name: value",
 * NULL-terminated, may be NULL). On an answer: 0, *status, *out (malloc'd
 * body or NULL, *out_len bytes) and *location (malloc'd or NULL; location
 * may be NULL). -1 with err on a transport failure. */
int http_client_call(const char *method, const char *url, const char *body, size_t body_len,
                     const char *const *headers, long timeout_ms, int *status, char **out,
                     size_t *out_len, char **location, char *err, size_t errlen);
/* Percent-encode one path segment (RFC 3986 unreserved kept). Caller frees. */
char *http_client_escape(const char *segment);

#endif
