/* Table-driven router: compiled patterns, JAX-RS-like matching. */
#include "rest/router.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

#define MAX_SEGMENTS 16

typedef struct segment {
    char *text;  /* literal text, or the parameter name */
    bool is_param;
} segment_t;

typedef struct compiled_route {
    const rest_route_t *route;
    segment_t segs[MAX_SEGMENTS];
    size_t n_segs;
    size_t n_literals; /* specificity: more literal segments win */
} compiled_route_t;

struct rest_router {
    compiled_route_t *routes;
    size_t n, cap;
};

rest_router_t *rest_router_new(void) { return xcalloc(1, sizeof(rest_router_t)); }

static void compiled_clear(compiled_route_t *c) {
    for (size_t i = 0; i < c->n_segs; i++) free(c->segs[i].text);
}

void rest_router_destroy(rest_router_t *r) {
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) compiled_clear(&r->routes[i]);
    free(r->routes);
    free(r);
}

static int compile(const rest_route_t *route, compiled_route_t *out, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    out->route = route;
    const char *p = route->pattern;
    if (!p || p[0] != '/' || !route->method || !route->handler) {
        snprintf(err, errlen, "route %s %s: pattern must start with '/' and have a handler",
                 route->method ? route->method : "?", p ? p : "(null)");
        return -1;
    }
    size_t n_params = 0;
    p++;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0 || out->n_segs == MAX_SEGMENTS) {
            snprintf(err, errlen, "route %s %s: empty segment or too many segments",
                     route->method, route->pattern);
            compiled_clear(out);
            return -1;
        }
        segment_t *s = &out->segs[out->n_segs++];
        if (p[0] == '{' && p[len - 1] == '}' && len > 2) {
            s->is_param = true;
            s->text = xstrndup(p + 1, len - 2);
            if (++n_params > REST_MAX_PATH_PARAMS) {
                snprintf(err, errlen, "route %s %s: too many parameters", route->method,
                         route->pattern);
                compiled_clear(out);
                return -1;
            }
        } else {
            s->text = xstrndup(p, len);
            out->n_literals++;
        }
        p += len;
        if (*p == '/') p++;
    }
    return 0;
}

int rest_router_add(rest_router_t *r, const rest_route_t *routes, size_t n, char *err,
                    size_t errlen) {
    for (size_t i = 0; i < n; i++) {
        compiled_route_t c;
        if (compile(&routes[i], &c, err, errlen)) return -1;
        if (r->n == r->cap) {
            r->cap = r->cap ? r->cap * 2 : 32;
            r->routes = xrealloc(r->routes, r->cap * sizeof *r->routes);
        }
        r->routes[r->n++] = c;
    }
    return 0;
}

size_t rest_router_count(const rest_router_t *r) { return r ? r->n : 0; }

const rest_route_t *rest_router_at(const rest_router_t *r, size_t i) {
    return r && i < r->n ? r->routes[i].route : NULL;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char *rest_percent_decode(const char *src, size_t len, int plus_is_space) {
    char *out = xmalloc(len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = src[i];
        if (c == '%' && i + 2 < len && hexval(src[i + 1]) >= 0 && hexval(src[i + 2]) >= 0) {
            c = (char)(hexval(src[i + 1]) * 16 + hexval(src[i + 2]));
            i += 2;
            if (c == '\0') {
                free(out);
                return NULL;
            }
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        out[o++] = c;
    }
    out[o] = '\0';
    return out;
}

/* Split path into raw (still encoded) segments; one trailing '/' is
 * ignored, as Jersey does. Returns the count, or -1 when the path is not
 * absolute or has too many segments. */
static int split_path(const char *path, const char *starts[], size_t lens[]) {
    if (!path || path[0] != '/') return -1;
    size_t total = strlen(path);
    if (total > 1 && path[total - 1] == '/') total--;
    if (total == 1) return 0;
    int n = 0;
    size_t i = 1;
    for (;;) {
        if (n == MAX_SEGMENTS) return -1;
        const char *seg = path + i;
        const char *slash = memchr(seg, '/', total - i);
        size_t len = slash ? (size_t)(slash - seg) : total - i;
        /* "/a//b" yields an empty segment, which no pattern matches. */
        starts[n] = seg;
        lens[n] = len;
        n++;
        if (!slash) return n;
        i += len + 1;
    }
}

static bool path_matches(const compiled_route_t *c, int n, const char *starts[],
                         const size_t lens[]) {
    if ((size_t)n != c->n_segs) return false;
    for (int i = 0; i < n; i++) {
        const segment_t *s = &c->segs[i];
        if (s->is_param) {
            if (lens[i] == 0) return false;
        } else if (strlen(s->text) != lens[i] || memcmp(s->text, starts[i], lens[i]) != 0) {
            return false;
        }
    }
    return true;
}

static bool method_matches(const char *route_method, const char *method) {
    if (strcmp(route_method, method) == 0) return true;
    return strcmp(method, "HEAD") == 0 && strcmp(route_method, "GET") == 0;
}

rest_match_status_t rest_router_match(const rest_router_t *r, const char *method,
                                      const char *path, rest_match_t *m) {
    memset(m, 0, sizeof *m);
    const char *starts[MAX_SEGMENTS];
    size_t lens[MAX_SEGMENTS];
    int n = split_path(path, starts, lens);
    if (n < 0) return REST_MATCH_NOT_FOUND;

    /* The most specific matching pattern decides, then the method. */
    const compiled_route_t *best = NULL;
    bool path_found = false;
    size_t best_literals = 0;
    for (size_t i = 0; i < r->n; i++)
        if (path_matches(&r->routes[i], n, starts, lens) &&
            (!path_found || r->routes[i].n_literals > best_literals)) {
            path_found = true;
            best_literals = r->routes[i].n_literals;
        }
    if (!path_found) return REST_MATCH_NOT_FOUND;
    /* An exact method match wins over HEAD falling back to GET. */
    for (int pass = 0; pass < 2 && !best; pass++)
        for (size_t i = 0; i < r->n && !best; i++) {
            const compiled_route_t *c = &r->routes[i];
            if (c->n_literals != best_literals || !path_matches(c, n, starts, lens)) continue;
            bool ok = pass == 0 ? strcmp(c->route->method, method) == 0
                                : method_matches(c->route->method, method);
            if (ok) best = c;
        }
    if (!best) return REST_MATCH_METHOD_NOT_ALLOWED;

    for (int i = 0; i < n; i++) {
        if (!best->segs[i].is_param) continue;
        char *v = rest_percent_decode(starts[i], lens[i], 0);
        if (!v) { /* %00: no connector can have that name */
            rest_match_clear(m);
            return REST_MATCH_NOT_FOUND;
        }
        /* Bytes that are not UTF-8 become U+FFFD, as Java's decoder makes
         * them: a name must survive being written as JSON. */
        if (!utf8_valid((const unsigned char *)v, strlen(v))) {
            char *fixed = utf8_repair(v);
            free(v);
            v = fixed;
        }
        m->names[m->n_params] = xstrdup(best->segs[i].text);
        m->values[m->n_params] = v;
        m->n_params++;
    }
    m->route = best->route;
    return REST_MATCH_OK;
}

void rest_match_clear(rest_match_t *m) {
    if (!m) return;
    for (size_t i = 0; i < m->n_params; i++) {
        free(m->names[i]);
        free(m->values[i]);
    }
    memset(m, 0, sizeof *m);
}

const char *rest_match_param(const rest_match_t *m, const char *name) {
    for (size_t i = 0; i < m->n_params; i++)
        if (strcmp(m->names[i], name) == 0) return m->values[i];
    return NULL;
}
