/*
 * libmicrohttpd glue: listeners, request bodies (with a size limit) and
 * responses. Everything Kafka-specific happens in rest_api_handle().
 *
 * Threads: each daemon runs its own listening thread and one thread per
 * connection (MHD_USE_THREAD_PER_CONNECTION); a request's context lives on
 * that connection's thread only.
 */
#include "rest/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "log/log.h"
#include "rest/listeners.h"
#include "rest/rest_api.h"
#include "util/buf.h"
#include "util/mem.h"

#define LOGGER "rest"
/* Idle keep-alive connections are closed after this long (Jetty's 30 s). */
#define IDLE_TIMEOUT_S 30u
/* One thread per connection: cap them (Jetty's default pool is 200). */
#define MAX_CONNECTIONS 256u

struct rest_server {
    rest_api_t *api;
    struct MHD_Daemon **daemons;
    int *ports;
    size_t n;
    pthread_mutex_t log_lock; /* guards last_error */
    char last_error[512];     /* latest MHD message, for bind failures */
};

/* One HTTP request, from the request line to the response. */
typedef struct server_request {
    char *target; /* raw request target, still percent-encoded */
    buf_t body;
    bool started;
    bool too_large;
} server_request_t;

static void server_log(void *cls, const char *fmt, va_list ap) {
    rest_server_t *srv = cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t len = strlen(msg);
    while (len && (msg[len - 1] == '\n' || msg[len - 1] == '\r')) msg[--len] = '\0';
    pthread_mutex_lock(&srv->log_lock);
    snprintf(srv->last_error, sizeof srv->last_error, "%s", msg);
    pthread_mutex_unlock(&srv->log_lock);
    /* Clients that hang up or time out are routine; anything else (bind,
     * thread creation, ...) deserves attention. */
    if (strcasestr(msg, "connection"))
        LOG_DEBUG(LOGGER, "%s", msg);
    else
        LOG_WARN(LOGGER, "%s", msg);
}

/* Called first for every request with the raw target: MHD unescapes the
 * path it hands the access handler, which would turn %2F into a segment
 * separator before we split. */
static void *server_on_uri(void *cls, const char *uri, struct MHD_Connection *conn) {
    (void)cls;
    (void)conn;
    server_request_t *rq = xcalloc(1, sizeof *rq);
    rq->target = xstrdup(uri);
    buf_init(&rq->body);
    return rq;
}

static void server_on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                                enum MHD_RequestTerminationCode toe) {
    (void)cls;
    (void)conn;
    (void)toe;
    server_request_t *rq = *con_cls;
    if (!rq) return;
    free(rq->target);
    buf_free(&rq->body);
    free(rq);
    *con_cls = NULL;
}

static enum MHD_Result send_response(struct MHD_Connection *conn, rest_response_t *r) {
    struct MHD_Response *resp;
    if (r->body) {
        resp = MHD_create_response_from_buffer(r->body_len, r->body, MHD_RESPMEM_MUST_FREE);
        if (resp) r->body = NULL; /* MHD frees it now */
    } else {
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    if (!resp) {
        rest_response_clear(r);
        return MHD_NO;
    }
    if (r->body_len || r->status != 204)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    if (r->location) MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r->location);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    rest_response_clear(r);
    return ret;
}

static enum MHD_Result send_too_large(struct MHD_Connection *conn) {
    rest_response_t r = {0};
    rest_respond_error(&r, 413, "Request body is larger than the limit of %u bytes",
                       REST_MAX_BODY_BYTES);
    return send_response(conn, &r);
}

/* "http://<Host header>", or the local address when the client sent none. */
static char *base_url(struct MHD_Connection *conn) {
    const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    if (host && *host && !strpbrk(host, "\r\n/ ")) return xasprintf("http://%s", host);
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    char addr[INET6_ADDRSTRLEN] = "localhost";
    int port = 0;
    if (ci && getsockname(ci->connect_fd, (struct sockaddr *)&ss, &len) == 0) {
        if (ss.ss_family == AF_INET) {
            struct sockaddr_in *in = (struct sockaddr_in *)&ss;
            inet_ntop(AF_INET, &in->sin_addr, addr, sizeof addr);
            port = ntohs(in->sin_port);
        } else if (ss.ss_family == AF_INET6) {
            struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
            inet_ntop(AF_INET6, &in6->sin6_addr, addr, sizeof addr);
            port = ntohs(in6->sin6_port);
            return xasprintf("http://[%s]:%d", addr, port);
        }
    }
    return xasprintf("http://%s:%d", addr, port);
}

static enum MHD_Result server_on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                         const char *method, const char *version,
                                         const char *upload_data, size_t *upload_data_size,
                                         void **con_cls) {
    rest_server_t *srv = cls;
    (void)version;
    server_request_t *rq = *con_cls;
    if (!rq) { /* no URI callback (should not happen): fall back to the path */
        rq = server_on_uri(NULL, url, conn);
        *con_cls = rq;
    }
    if (!rq->started) {
        rq->started = true;
        /* Refuse a declared oversize body before reading any of it. */
        const char *cl =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > REST_MAX_BODY_BYTES) return send_too_large(conn);
        return MHD_YES;
    }
    if (*upload_data_size) {
        /* A chunked body that grows too large is drained, not stored, so
         * the client still gets to read the 413. */
        if (!rq->too_large && rq->body.len + *upload_data_size > REST_MAX_BODY_BYTES) {
            rq->too_large = true;
            buf_free(&rq->body);
        }
        if (!rq->too_large) cd_buf_append(&rq->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (rq->too_large) return send_too_large(conn);

    const char *ct =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    char *base = base_url(conn);
    rest_response_t resp;
    rest_api_handle(srv->api, method, rq->target, ct, rq->body.data, rq->body.len, base, &resp);
    free(base);
    return send_response(conn, &resp);
}

/* Start one daemon on addr (NULL: all interfaces, IPv4 and IPv6). */
static struct MHD_Daemon *start_daemon(rest_server_t *srv, const struct sockaddr *addr,
                                       int family, int port) {
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_POLL | MHD_USE_ERROR_LOG;
    if (family == AF_INET6) flags |= addr ? MHD_USE_IPv6 : MHD_USE_DUAL_STACK;
    struct sockaddr_in any4;
    struct sockaddr_in6 any6;
    if (!addr) {
        if (family == AF_INET6) {
            memset(&any6, 0, sizeof any6);
            any6.sin6_family = AF_INET6;
            any6.sin6_addr = in6addr_any;
            any6.sin6_port = htons((uint16_t)port);
            addr = (const struct sockaddr *)&any6;
        } else {
            memset(&any4, 0, sizeof any4);
            any4.sin_family = AF_INET;
            any4.sin_addr.s_addr = htonl(INADDR_ANY);
            any4.sin_port = htons((uint16_t)port);
            addr = (const struct sockaddr *)&any4;
        }
    }
    /* The logger goes first so that MHD reports nothing through its own.
     * No MHD_OPTION_LISTENING_ADDRESS_REUSE: on Linux it means SO_REUSEPORT,
     * which would let a second worker share the port silently; MHD's
     * default (SO_REUSEADDR) is what we want. */
    return MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, server_on_request, srv,
                            MHD_OPTION_EXTERNAL_LOGGER, server_log, srv, MHD_OPTION_SOCK_ADDR,
                            addr, MHD_OPTION_URI_LOG_CALLBACK, server_on_uri, srv,
                            MHD_OPTION_NOTIFY_COMPLETED, server_on_completed, srv,
                            MHD_OPTION_CONNECTION_TIMEOUT, IDLE_TIMEOUT_S,
                            MHD_OPTION_CONNECTION_LIMIT, MAX_CONNECTIONS, MHD_OPTION_END);
}

static struct MHD_Daemon *start_listener(rest_server_t *srv, const rest_listener_t *l, char *err,
                                         size_t errlen) {
    struct MHD_Daemon *d = NULL;
    if (!*l->host) {
        /* All interfaces: dual-stack where IPv6 exists, else IPv4. */
        d = start_daemon(srv, NULL, AF_INET6, l->port);
        if (!d) d = start_daemon(srv, NULL, AF_INET, l->port);
    } else {
        struct addrinfo hints = {0}, *res = NULL;
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
        char port[8];
        snprintf(port, sizeof port, "%d", l->port);
        int rc = getaddrinfo(l->host, port, &hints, &res);
        if (rc) {
            snprintf(err, errlen, "listener '%s': cannot resolve host '%s': %s", l->url, l->host,
                     gai_strerror(rc));
            return NULL;
        }
        for (struct addrinfo *ai = res; ai && !d; ai = ai->ai_next)
            d = start_daemon(srv, ai->ai_addr, ai->ai_family, l->port);
        freeaddrinfo(res);
    }
    if (!d) {
        pthread_mutex_lock(&srv->log_lock);
        snprintf(err, errlen, "listener '%s': cannot listen: %s", l->url,
                 *srv->last_error ? srv->last_error : "unknown error");
        pthread_mutex_unlock(&srv->log_lock);
    }
    return d;
}

rest_server_t *rest_server_new(const char *listeners, herder_t *herder,
                               const plugin_registry_t *registry, char *err, size_t errlen) {
    rest_listener_t *ls;
    size_t n;
    if (rest_listeners_parse(listeners, &ls, &n, err, errlen)) return NULL;
    rest_server_t *srv = xcalloc(1, sizeof *srv);
    pthread_mutex_init(&srv->log_lock, NULL);
    srv->api = rest_api_new(herder, registry, err, errlen);
    srv->daemons = xcalloc(n, sizeof *srv->daemons);
    srv->ports = xcalloc(n, sizeof *srv->ports);
    if (!srv->api) goto fail;
    for (size_t i = 0; i < n; i++) {
        srv->last_error[0] = '\0';
        struct MHD_Daemon *d = start_listener(srv, &ls[i], err, errlen);
        if (!d) goto fail;
        srv->daemons[srv->n] = d;
        const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
        srv->ports[srv->n] = info ? info->port : ls[i].port;
        srv->n++;
        LOG_INFO(LOGGER, "REST server listening on %s (port %d)", ls[i].url, srv->ports[srv->n - 1]);
    }
    rest_listeners_free(ls, n);
    return srv;
fail:
    rest_listeners_free(ls, n);
    rest_server_destroy(srv);
    return NULL;
}

void rest_server_destroy(rest_server_t *srv) {
    if (!srv) return;
    for (size_t i = 0; i < srv->n; i++) MHD_stop_daemon(srv->daemons[i]);
    free(srv->daemons);
    free(srv->ports);
    rest_api_destroy(srv->api);
    pthread_mutex_destroy(&srv->log_lock);
    free(srv);
}

int rest_server_port(const rest_server_t *srv) { return srv && srv->n ? srv->ports[0] : -1; }
size_t rest_server_listener_count(const rest_server_t *srv) { return srv ? srv->n : 0; }
int rest_server_port_at(const rest_server_t *srv, size_t i) {
    return srv && i < srv->n ? srv->ports[i] : -1;
}

void rest_server_set_ready(rest_server_t *srv, bool ready, const char *detail) {
    rest_api_set_ready(srv->api, ready, detail);
}
