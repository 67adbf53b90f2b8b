/*
 * The `listeners` worker setting, in Kafka's format: a comma-separated list
 * of URLs "protocol://host:port". An empty host means every interface;
 * IPv6 literals are written in brackets ("http://[::1]:8083"); port 0
 * picks a free port. Protocols are http and https (any case); the TLS
 * settings of https listeners live in rest_tls.h.
 */
#ifndef CONNECTD_REST_LISTENERS_H
#define CONNECTD_REST_LISTENERS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct rest_listener {
    char *url;  /* as written, trimmed */
    char *host; /* "" = all interfaces; no brackets */
    int port;   /* 0..65535 */
    bool https; /* TLS listener */
} rest_listener_t;

/* Parse spec into *out (n entries; caller frees with rest_listeners_free).
 * Anything malformed or with another protocol than http/https fails with
 * err naming the offending listener. Returns 0 or -1. */
int rest_listeners_parse(const char *spec, rest_listener_t **out, size_t *n, char *err,
                         size_t errlen);
void rest_listeners_free(rest_listener_t *l, size_t n);

#endif
