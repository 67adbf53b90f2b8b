/*
 * libmicrohttpd glue: listeners (http and https), request bodies (with a
 * size limit), basic authentication and responses. Everything else
 * Kafka-specific happens in rest_api_handle(); requests that fail
 * authentication never reach it.
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
#include "rest/rest_auth.h"
#include "rest/rest_tls.h"
#include "util/buf.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.runtime.rest.RestServer"
/* Idle keep-alive connections are closed after this long (Jetty's 30 s). */
#define IDLE_TIMEOUT_S 30u
/* One thread per connection: cap them (Jetty's default pool is 200). */
#define MAX_CONNECTIONS 256u

/* What a daemon's callbacks get: the server and the kind of listener. */
typedef struct listener_ctx {
    struct rest_server *srv;
    bool https;
} listener_ctx_t;

struct rest_server {
    rest_api_t *api;
    rest_auth_t *auth;      /* NULL: no authentication */
    rest_tls_config_t *tls; /* NULL: no https listener */
    struct MHD_Daemon **daemons;
    listener_ctx_t *ctx; /* one per daemon */
    int *ports;
    size_t n;
    pthread_mutex_t log_lock; /* guards last_error and collect */
    bool collect;             /* while starting a daemon: keep every message */
    char last_error[1024];    /* MHD messages, for bind and TLS failures */
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
    /* A TLS setup failure comes as GnuTLS's reason, then MHD's summary:
     * keep both for the startup error. */
    size_t used = strlen(srv->last_error);
    if (srv->collect && used && used + 2 < sizeof srv->last_error)
        snprintf(srv->last_error + used, sizeof srv->last_error - used, "; %s", msg);
    else
        snprintf(srv->last_error, sizeof srv->last_error, "%s", msg);
    /* Clients that hang up, time out or fail the TLS handshake (plain
     * http to an https port) are routine; anything else (bind, thread
     * creation, a bad keystore at startup, ...) deserves attention. */
    bool starting = srv->collect;
    pthread_mutex_unlock(&srv->log_lock);
    if (strcasestr(msg, "connection") ||
        (!starting && (strcasestr(msg, "handshake") || strcasestr(msg, "TLS"))))
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
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                                r->content_type ? r->content_type : "application/json");
    if (r->location) MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r->location);
    if (r->retry_after_s > 0) {
        char ra[16];
        snprintf(ra, sizeof ra, "%d", r->retry_after_s);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, ra);
    }
    if (r->status == REST_AUTH_FAILURE_STATUS)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, REST_AUTH_CHALLENGE);
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

/* Kafka's JaasBasicAuthFilter answer. Its body is plain text, but Jersey
 * labels it with the resource's media type: application/json. */
static enum MHD_Result send_unauthorized(struct MHD_Connection *conn) {
    rest_response_t r = {.status = REST_AUTH_FAILURE_STATUS,
                         .body = xstrdup(REST_AUTH_FAILURE_BODY),
                         .body_len = strlen(REST_AUTH_FAILURE_BODY)};
    return send_response(conn, &r);
}

/* Authentication (and client certificates) for a new request: false when
 * it must not go further; *close says to drop the connection instead of
 * answering (a client certificate TLS should have refused). */
static bool request_allowed(const listener_ctx_t *lc, struct MHD_Connection *conn,
                            const char *method, const char *target, bool *close) {
    rest_server_t *srv = lc->srv;
    *close = false;
    if (lc->https && srv->tls && srv->tls->client_auth != REST_TLS_CLIENT_AUTH_NONE) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION);
        char why[256];
        if (rest_tls_verify_client(ci ? ci->tls_session : NULL, srv->tls->client_auth, why,
                                   sizeof why)) {
            LOG_DEBUG(LOGGER, "Refusing a TLS client: %s", why);
            *close = true;
            return false;
        }
    }
    if (!srv->auth || !rest_auth_required(method, target)) return true;
    const char *authz =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (rest_auth_check(srv->auth, authz)) return true;
    /* Debug only, as in Kafka: mistyped passwords should not fill logs. */
    LOG_DEBUG(LOGGER, "Request failed authentication: %s %s", method, target);
    return false;
}

/* "http(s)://<Host header>", or the local address when the client sent none. */
static char *base_url(struct MHD_Connection *conn, bool https) {
    const char *scheme = https ? "https" : "http";
    const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    if (host && *host && !strpbrk(host, "\r\n/ ")) return xasprintf("%s://%s", scheme, host);
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
            return xasprintf("%s://[%s]:%d", scheme, addr, port);
        }
    }
    return xasprintf("%s://%s:%d", scheme, addr, port);
}

static enum MHD_Result server_on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                         const char *method, const char *version,
                                         const char *upload_data, size_t *upload_data_size,
                                         void **con_cls) {
    listener_ctx_t *lc = cls;
    rest_server_t *srv = lc->srv;
    (void)version;
    server_request_t *rq = *con_cls;
    if (!rq) { /* no URI callback (should not happen): fall back to the path */
        rq = server_on_uri(NULL, url, conn);
        *con_cls = rq;
    }
    if (!rq->started) {
        rq->started = true;
        /* Before any of the body is read, like Kafka's request filter. */
        bool close;
        if (!request_allowed(lc, conn, method, rq->target, &close))
            return close ? MHD_NO : send_unauthorized(conn);
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
    char *base = base_url(conn, lc->https);
    rest_response_t resp;
    rest_client_headers_t headers = {
        .authorization =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION),
        .signature = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Connect-Authorization"),
        .signature_algorithm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                           "X-Connect-Request-Signature-Algorithm"),
    };
    rest_api_handle_auth(srv->api, method, rq->target, ct, rq->body.data, rq->body.len, base,
                         &headers, &resp);
    free(base);
    return send_response(conn, &resp);
}

/* Start one daemon on addr (NULL: all interfaces, IPv4 and IPv6). */
static struct MHD_Daemon *start_daemon(listener_ctx_t *lc, const struct sockaddr *addr,
                                       int family, int port) {
    rest_server_t *srv = lc->srv;
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
    /* TLS options, only for https listeners (MHD copies the PEM text into
     * GnuTLS credentials when it starts; the config outlives it anyway). */
    struct MHD_OptionItem tls[6];
    size_t nt = 0;
    if (lc->https) {
        const rest_tls_config_t *c = srv->tls;
        flags |= MHD_USE_TLS;
        tls[nt++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, c->key_pem};
        tls[nt++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, c->cert_pem};
        if (c->key_password)
            tls[nt++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_KEY_PASSWORD, 0, c->key_password};
        /* A trust list makes MHD ask clients for a certificate. */
        if (c->trust_pem)
            tls[nt++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_TRUST, 0, c->trust_pem};
        tls[nt++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_PRIORITIES, 0, c->priorities};
    }
    tls[nt] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
    /* The logger goes first so that MHD reports nothing through its own.
     * No MHD_OPTION_LISTENING_ADDRESS_REUSE: on Linux it means SO_REUSEPORT,
     * which would let a second worker share the port silently; MHD's
     * default (SO_REUSEADDR) is what we want. */
    return MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, server_on_request, lc,
                            MHD_OPTION_EXTERNAL_LOGGER, server_log, srv, MHD_OPTION_SOCK_ADDR,
                            addr, MHD_OPTION_URI_LOG_CALLBACK, server_on_uri, srv,
                            MHD_OPTION_NOTIFY_COMPLETED, server_on_completed, srv,
                            MHD_OPTION_CONNECTION_TIMEOUT, IDLE_TIMEOUT_S,
                            MHD_OPTION_CONNECTION_LIMIT, MAX_CONNECTIONS, MHD_OPTION_ARRAY, tls,
                            MHD_OPTION_END);
}

static struct MHD_Daemon *start_listener(listener_ctx_t *lc, const rest_listener_t *l,
                                         char *err, size_t errlen) {
    rest_server_t *srv = lc->srv;
    struct MHD_Daemon *d = NULL;
    pthread_mutex_lock(&srv->log_lock);
    srv->last_error[0] = '\0';
    srv->collect = true;
    pthread_mutex_unlock(&srv->log_lock);
    if (!*l->host) {
        /* All interfaces: dual-stack where IPv6 exists, else IPv4. */
        d = start_daemon(lc, NULL, AF_INET6, l->port);
        if (!d) d = start_daemon(lc, NULL, AF_INET, l->port);
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
            d = start_daemon(lc, ai->ai_addr, ai->ai_family, l->port);
        freeaddrinfo(res);
    }
    pthread_mutex_lock(&srv->log_lock);
    srv->collect = false;
    if (!d) {
        const char *why = *srv->last_error ? srv->last_error : "unknown error";
        if (l->https && (strcasestr(why, "TLS") || strcasestr(why, "certificate") ||
                         strcasestr(why, "key")))
            snprintf(err, errlen, "listener '%s': cannot use the keystore from %s: %s", l->url,
                     srv->tls->source, why);
        else
            snprintf(err, errlen, "listener '%s': cannot listen: %s", l->url, why);
    }
    pthread_mutex_unlock(&srv->log_lock);
    return d;
}

/* Set up TLS when an https listener asks for it, and authentication. */
static int server_security(rest_server_t *srv, const cd_props_t *props,
                           const rest_listener_t *ls, size_t n, char *err, size_t errlen) {
    for (size_t i = 0; i < n && !srv->tls; i++) {
        if (!ls[i].https) continue;
        if (!rest_tls_supported()) {
            snprintf(err, errlen,
                     "listener '%s': this libmicrohttpd was built without TLS support "
                     "(MHD_FEATURE_TLS); install one built with GnuTLS (Debian's libmicrohttpd12 "
                     "is) or use an http:// listener",
                     ls[i].url);
            return -1;
        }
        char terr[768];
        if (rest_tls_config_load(props, REST_TLS_PREFIX, &srv->tls, terr, sizeof terr)) {
            snprintf(err, errlen, "listener '%s': %s", ls[i].url, terr);
            return -1;
        }
    }
    if (rest_auth_from_config(props, getenv("KAFKA_OPTS"), &srv->auth, err, errlen)) return -1;
    if (srv->auth && rest_auth_user_count(srv->auth) == 0)
        LOG_WARN(LOGGER,
                 "Credential properties file '%s' is empty; all requests will be permitted",
                 rest_auth_path(srv->auth));
    else if (srv->auth)
        LOG_INFO(LOGGER, "REST API requires HTTP basic authentication (%zu user(s) from %s)",
                 rest_auth_user_count(srv->auth), rest_auth_path(srv->auth));
    return 0;
}

static rest_server_t *server_start(const char *listeners, const cd_props_t *worker_props,
                                   herder_t *herder, const plugin_registry_t *registry,
                                   char *err, size_t errlen) {
    rest_listener_t *ls;
    size_t n;
    if (rest_listeners_parse(listeners, &ls, &n, err, errlen)) return NULL;
    rest_server_t *srv = xcalloc(1, sizeof *srv);
    pthread_mutex_init(&srv->log_lock, NULL);
    srv->daemons = xcalloc(n, sizeof *srv->daemons);
    srv->ctx = xcalloc(n, sizeof *srv->ctx);
    srv->ports = xcalloc(n, sizeof *srv->ports);
    if (server_security(srv, worker_props, ls, n, err, errlen)) goto fail;
    srv->api = rest_api_new(herder, registry, err, errlen);
    if (!srv->api) goto fail;
    for (size_t i = 0; i < n; i++) {
        listener_ctx_t *lc = &srv->ctx[srv->n];
        lc->srv = srv;
        lc->https = ls[i].https;
        struct MHD_Daemon *d = start_listener(lc, &ls[i], err, errlen);
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

rest_server_t *rest_server_new_config(const cd_props_t *worker_props, herder_t *herder,
                                      const plugin_registry_t *registry, char *err,
                                      size_t errlen) {
    const char *listeners = cd_props_get(worker_props, "listeners");
    if (!listeners || !*listeners) listeners = REST_DEFAULT_LISTENERS;
    return server_start(listeners, worker_props, herder, registry, err, errlen);
}

rest_server_t *rest_server_new(const char *listeners, herder_t *herder,
                               const plugin_registry_t *registry, char *err, size_t errlen) {
    cd_props_t *none = cd_props_new();
    rest_server_t *srv = server_start(listeners, none, herder, registry, err, errlen);
    cd_props_destroy(none);
    return srv;
}

void rest_server_destroy(rest_server_t *srv) {
    if (!srv) return;
    for (size_t i = 0; i < srv->n; i++) MHD_stop_daemon(srv->daemons[i]);
    free(srv->daemons);
    free(srv->ctx);
    free(srv->ports);
    rest_api_destroy(srv->api);
    rest_auth_destroy(srv->auth);
    rest_tls_config_destroy(srv->tls);
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
