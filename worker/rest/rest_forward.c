#include "rest/rest_forward.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log/log.h"
#include "util/http_client.h"
#include "util/buf.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.runtime.rest.RestServer"
/* A forwarded write may wait on the leader's own bounded rebalance wait. */
#define FORWARD_TIMEOUT_MS 90000L

/* The query string without any forward= parameter. */
static void copy_query_without_forward(buf_t *b, const char *query, bool *had_flag,
                                       bool *flag_value) {
    *had_flag = false;
    *flag_value = false;
    if (!query) return;
    const char *p = query;
    while (*p) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len >= 8 && strncmp(p, "forward=", 8) == 0) {
            /* A repeated flag: the first one counts, as in JAX-RS. */
            if (!*had_flag) *flag_value = len == 12 && strncasecmp(p + 8, "true", 4) == 0;
            *had_flag = true;
        } else if (len) {
            if (b->len) buf_append_str(b, "&");
            cd_buf_append(b, p, len);
        }
        p += len + (amp ? 1 : 0);
    }
}

void rest_forward(const char *method, const char *target, const char *body, size_t body_len,
                  const rest_client_headers_t *headers, rest_response_t *resp) {
    char *base = resp->forward_url;
    resp->forward_url = NULL;
    const char *q = strchr(target, '?');
    buf_t query;
    buf_init(&query);
    bool had_flag, flag;
    copy_query_without_forward(&query, q ? q + 1 : NULL, &had_flag, &flag);
    if (had_flag && !flag) {
        rest_response_clear(resp);
        rest_respond_error(resp, 409,
                           "Cannot complete request because of a conflicting operation (e.g. "
                           "worker rebalance)");
        buf_free(&query);
        free(base);
        return;
    }
    /* The first hop may be forwarded once more (forward=true); a second
     * hop must land (forward=false). */
    size_t blen = strlen(base);
    while (blen && base[blen - 1] == '/') blen--;
    size_t plen = q ? (size_t)(q - target) : strlen(target);
    char *url = xasprintf("%.*s%.*s?%s%sforward=%s", (int)blen, base, (int)plen, target,
                          query.len ? query.data : "", query.len ? "&" : "",
                          had_flag ? "false" : "true");
    buf_free(&query);
    free(base);

    /* The client's credentials go along; so does the signature of an
     * internal request (it covers the same body bytes). */
    char *hdr[3] = {0};
    size_t nh = 0;
    if (headers->authorization) hdr[nh++] = xasprintf("Authorization: %s", headers->authorization);
    if (headers->signature)
        hdr[nh++] = xasprintf("X-Connect-Authorization: %s", headers->signature);
    if (headers->signature_algorithm)
        hdr[nh++] = xasprintf("X-Connect-Request-Signature-Algorithm: %s",
                              headers->signature_algorithm);
    const char *send[] = {"Content-Type: application/json", "Accept: application/json", hdr[0],
                          hdr[1], hdr[2], NULL};
    int status = 0;
    char *out = NULL, *location = NULL;
    size_t out_len = 0;
    char err[512];
    LOG_DEBUG(LOGGER, "Forwarding %s %s", method, url);
    int rc = http_client_call(method, url, body, body_len, send, FORWARD_TIMEOUT_MS, &status,
                              &out, &out_len, &location, err, sizeof err);
    for (size_t i = 0; i < nh; i++) free(hdr[i]);
    rest_response_clear(resp);
    if (rc != 0) {
        rest_respond_error(resp, 500, "IO Error trying to forward REST request: %s", err);
        LOG_WARN(LOGGER, "Forwarding %s %s failed: %s", method, url, err);
    } else {
        resp->status = status;
        resp->body = out;
        resp->body_len = out_len;
        resp->location = location;
    }
    free(url);
}
