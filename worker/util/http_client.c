/* A blocking HTTP call through libcurl (worker-to-worker requests). */
#include "util/http_client.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/mem.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init_once(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

typedef struct reply {
    buf_t body;
    char *location;
} reply_t;

static size_t on_body(char *data, size_t size, size_t nmemb, void *opaque) {
    reply_t *r = opaque;
    cd_buf_append(&r->body, data, size * nmemb);
    return size * nmemb;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *opaque) {
    reply_t *r = opaque;
    size_t n = size * nmemb;
    if (n > 9 && strncasecmp(data, "Location:", 9) == 0 && !r->location) {
        const char *v = data + 9;
        size_t len = n - 9;
        while (len && (*v == ' ' || *v == '\t')) v++, len--;
        while (len && (v[len - 1] == '\r' || v[len - 1] == '\n' || v[len - 1] == ' ')) len--;
        r->location = xstrndup(v, len);
    }
    return n;
}

int http_client_call(const char *method, const char *url, const char *body, size_t body_len,
                   const char *const *headers, long timeout_ms, int *status, char **out,
                   size_t *out_len, char **location, char *err, size_t errlen) {
    pthread_once(&curl_once, curl_init_once);
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(err, errlen, "cannot create an HTTP client");
        return -1;
    }
    reply_t r = {0};
    buf_init(&r.body);
    struct curl_slist *hl = NULL;
    for (size_t i = 0; headers && headers[i]; i++) hl = curl_slist_append(hl, headers[i]);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (body_len) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body_len);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    else snprintf(err, errlen, "%s", curl_easy_strerror(rc));
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK) {
        buf_free(&r.body);
        free(r.location);
        return -1;
    }
    *status = (int)code;
    *out_len = r.body.len;
    *out = r.body.len ? buf_steal(&r.body) : NULL;
    buf_free(&r.body);
    if (location) *location = r.location;
    else free(r.location);
    return 0;
}


char *http_client_escape(const char *segment) {
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(segment);
    char *out = xmalloc(3 * n + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)segment; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = 0;
    return out;
}
