/* Parsing of the `listeners` setting. */
#include "rest/listeners.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/mem.h"

static bool parse_port(const char *s, int *port) {
    if (!*s || strlen(s) > 5) return false;
    int v = 0;
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char)*p)) return false;
        v = v * 10 + (*p - '0');
    }
    if (v > 65535) return false;
    *port = v;
    return true;
}

/* Parse one trimmed listener URL into l. */
static int parse_one(const char *url, rest_listener_t *l, char *err, size_t errlen) {
    const char *sep = strstr(url, "://");
    if (!sep) {
        snprintf(err, errlen, "listener '%s': expected protocol://host:port, e.g. http://:8083",
                 url);
        return -1;
    }
    size_t plen = (size_t)(sep - url);
    /* Kafka compares protocols case-insensitively (HTTPS://host:8443). */
    bool https = plen == 5 && strncasecmp(url, "https", 5) == 0;
    if (!https && (plen != 4 || strncasecmp(url, "http", 4) != 0)) {
        snprintf(err, errlen, "listener '%s': unknown protocol '%.*s' (expected http or https)",
                 url, (int)plen, url);
        return -1;
    }
    const char *hp = sep + 3;
    const char *colon;
    char *host;
    if (*hp == '[') {
        const char *close = strchr(hp, ']');
        if (!close || close[1] != ':') {
            snprintf(err, errlen, "listener '%s': malformed IPv6 address, expected [addr]:port",
                     url);
            return -1;
        }
        host = xstrndup(hp + 1, (size_t)(close - hp - 1));
        colon = close + 1;
    } else {
        colon = strrchr(hp, ':');
        if (!colon) {
            snprintf(err, errlen, "listener '%s': missing port, expected %s://host:port", url,
                     https ? "https" : "http");
            return -1;
        }
        host = xstrndup(hp, (size_t)(colon - hp));
        if (strchr(host, ':') || strchr(host, '/')) {
            snprintf(err, errlen,
                     "listener '%s': malformed host (write IPv6 addresses in brackets)", url);
            free(host);
            return -1;
        }
    }
    int port;
    if (!parse_port(colon + 1, &port)) {
        snprintf(err, errlen, "listener '%s': invalid port '%s' (expected 0-65535)", url,
                 colon + 1);
        free(host);
        return -1;
    }
    l->url = xstrdup(url);
    l->host = host;
    l->port = port;
    l->https = https;
    return 0;
}

int rest_listeners_parse(const char *spec, rest_listener_t **out, size_t *n, char *err,
                         size_t errlen) {
    *out = NULL;
    *n = 0;
    rest_listener_t *list = NULL;
    size_t count = 0;
    const char *p = spec ? spec : "";
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        while (len && isspace((unsigned char)*p)) p++, len--;
        while (len && isspace((unsigned char)p[len - 1])) len--;
        if (len) {
            char *url = xstrndup(p, len);
            list = xrealloc(list, (count + 1) * sizeof *list);
            int rc = parse_one(url, &list[count], err, errlen);
            free(url);
            if (rc) {
                rest_listeners_free(list, count);
                return -1;
            }
            count++;
        }
        p += comma ? (size_t)(comma - p) + 1 : strlen(p);
    }
    if (count == 0) {
        snprintf(err, errlen, "listeners: no listener given (expected e.g. http://:8083)");
        free(list);
        return -1;
    }
    *out = list;
    *n = count;
    return 0;
}

void rest_listeners_free(rest_listener_t *l, size_t n) {
    if (!l) return;
    for (size_t i = 0; i < n; i++) {
        free(l[i].url);
        free(l[i].host);
    }
    free(l);
}
