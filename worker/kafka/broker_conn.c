#include "kafka/broker_conn.h"
#include "kafka/jaas.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "kafka/group_api.h"
#include "util/buf.h"
#include "util/mem.h"

/* A response larger than this is a protocol error, not something to
 * allocate (a JoinGroup answer for hundreds of workers is a few MB). */
#define MAX_FRAME (64 * 1024 * 1024)

struct broker_conn {
    int fd;
    broker_tls_t *tls; /* NULL: plain TCP */
    int cancel_fd;
    int32_t next_corr;
    char *client_id;
    char *peer;
    broker_security_t sec;
    int64_t reauth_at_ms; /* 0: the session does not expire */
};

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- security settings ---- */

void broker_security_clear(broker_security_t *s) {
    if (!s) return;
    if (s->password) memset(s->password, 0, strlen(s->password));
    free(s->username);
    free(s->password);
    broker_tls_config_clear(&s->tls_cfg);
    memset(s, 0, sizeof *s);
}

int broker_security_from_props(const cd_props_t *props, broker_security_t *out, char *err,
                               size_t errlen) {
    memset(out, 0, sizeof *out);
    const char *proto = props ? cd_props_get(props, "security.protocol") : NULL;
    if (!proto || !*proto || strcasecmp(proto, "PLAINTEXT") == 0) return 0;
    bool ssl = strcasecmp(proto, "SSL") == 0 || strcasecmp(proto, "SASL_SSL") == 0;
    bool sasl = strcasecmp(proto, "SASL_PLAINTEXT") == 0 || strcasecmp(proto, "SASL_SSL") == 0;
    if (!ssl && !sasl) {
        snprintf(err, errlen,
                 "security.protocol=%s is not supported for the worker group membership "
                 "(supported: PLAINTEXT, SSL, and SASL_PLAINTEXT or SASL_SSL with "
                 "sasl.mechanism=PLAIN)",
                 proto);
        return -1;
    }
    if (ssl && broker_tls_config_from_props(props, &out->tls_cfg, err, errlen) != 0) return -1;
    out->tls = ssl;
    if (!sasl) return 0;
    const char *mech = cd_props_get(props, "sasl.mechanism");
    if (!mech) mech = cd_props_get(props, "sasl.mechanisms");
    if (!mech) mech = "GSSAPI"; /* the Java client's default */
    if (strcmp(mech, "PLAIN") != 0) {
        snprintf(err, errlen,
                 "sasl.mechanism=%s is not supported for the worker group membership with "
                 "security.protocol=%s (supported: PLAIN)",
                 mech, proto);
        broker_security_clear(out);
        return -1;
    }
    const char *jaas = cd_props_get(props, "sasl.jaas.config");
    if (jaas) {
        out->username = kafka_jaas_option(jaas, "username");
        out->password = kafka_jaas_option(jaas, "password");
    }
    if (!out->username) out->username = xstrdup(cd_props_get(props, "sasl.username"));
    if (!out->password) out->password = xstrdup(cd_props_get(props, "sasl.password"));
    if (!out->username || !out->password) {
        snprintf(err, errlen,
                 "security.protocol=%s with sasl.mechanism=PLAIN needs a username "
                 "and password (sasl.jaas.config PlainLoginModule username=\"...\" "
                 "password=\"...\", or sasl.username/sasl.password)",
                 proto);
        broker_security_clear(out);
        return -1;
    }
    out->sasl_plain = true;
    return 0;
}

int broker_parse_hostport(const char *s, char **host, int *port, char *err, size_t errlen) {
    *host = NULL;
    *port = 0;
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) n--;
    const char *colon, *hs = s, *he;
    if (n && *s == '[') {
        const char *close = memchr(s, ']', n);
        if (!close || close + 1 >= s + n || close[1] != ':') goto bad;
        hs = s + 1;
        he = close;
        colon = close + 1;
    } else {
        colon = NULL;
        for (const char *p = s; p < s + n; p++)
            if (*p == ':') colon = p;
        if (!colon) goto bad;
        he = colon;
    }
    if (he == hs) goto bad;
    long v = 0;
    const char *p = colon + 1;
    if (p >= s + n) goto bad;
    for (; p < s + n; p++) {
        if (!isdigit((unsigned char)*p)) goto bad;
        v = v * 10 + (*p - '0');
        if (v > 65535) goto bad;
    }
    if (v == 0) goto bad;
    *host = xstrndup(hs, (size_t)(he - hs));
    *port = (int)v;
    return 0;
bad:
    snprintf(err, errlen, "invalid broker address '%.*s' (expected host:port)", (int)n, s);
    return -1;
}

/* ---- I/O with deadlines ---- */

/* Wait until fd is ready for `events`, the deadline passes or the cancel
 * descriptor fires. */
static int wait_fd(broker_conn_t *c, short events, int64_t deadline, const char *what, char *err,
                   size_t errlen) {
    for (;;) {
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            snprintf(err, errlen, "%s %s: timed out", what, c->peer);
            return -1;
        }
        struct pollfd p[2] = {{.fd = c->fd, .events = events},
                              {.fd = c->cancel_fd, .events = POLLIN}};
        int rc = poll(p, c->cancel_fd >= 0 ? 2 : 1, left > 1000000 ? 1000000 : (int)left);
        if (rc < 0) {
            if (errno == EINTR) continue;
            snprintf(err, errlen, "%s %s: poll: %s", what, c->peer, strerror(errno));
            return -1;
        }
        if (c->cancel_fd >= 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
            snprintf(err, errlen, "%s %s: interrupted", what, c->peer);
            return -1;
        }
        if (p[0].revents) return 0; /* ready, or an error the next call reports */
    }
}

/* One send or receive over TCP or TLS: bytes moved (> 0), 0 when the
 * peer closed, -1 with why, or BROKER_TLS_WANT with the readiness to wait
 * for (TLS may need to write while reading and the other way round). */
static long transfer(broker_conn_t *c, bool out, uint8_t *p, size_t n, short *want, char *why,
                     size_t whylen) {
    if (c->tls)
        return out ? broker_tls_write(c->tls, p, n, want, why, whylen)
                   : broker_tls_read(c->tls, p, n, want, why, whylen);
    ssize_t r = out ? send(c->fd, p, n, MSG_NOSIGNAL) : recv(c->fd, p, n, 0);
    if (r >= 0) return r;
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
        *want = out ? POLLOUT : POLLIN;
        return BROKER_TLS_WANT;
    }
    snprintf(why, whylen, "%s", strerror(errno));
    return -1;
}

/* Moves exactly n bytes before the deadline. */
static int transfer_all(broker_conn_t *c, bool out, uint8_t *p, size_t n, int64_t deadline,
                        char *err, size_t errlen) {
    const char *what = out ? "send to" : "receive from";
    while (n > 0) {
        char why[256] = "";
        short want = 0;
        long r = transfer(c, out, p, n, &want, why, sizeof why);
        if (r > 0) {
            p += r;
            n -= (size_t)r;
        } else if (r == BROKER_TLS_WANT) {
            if (wait_fd(c, want, deadline, what, err, errlen)) return -1;
        } else {
            snprintf(err, errlen, "%s %s: %s", what, c->peer,
                     r == 0 ? "connection closed by the broker" : why);
            return -1;
        }
    }
    return 0;
}

static int send_all(broker_conn_t *c, const uint8_t *p, size_t n, int64_t deadline, char *err,
                    size_t errlen) {
    return transfer_all(c, true, (uint8_t *)p, n, deadline, err, errlen);
}

static int recv_all(broker_conn_t *c, uint8_t *p, size_t n, int64_t deadline, char *err,
                    size_t errlen) {
    return transfer_all(c, false, p, n, deadline, err, errlen);
}

static int32_t read_be32(const uint8_t *b) {
    return (int32_t)(((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) |
                     (uint32_t)b[3]);
}

static int do_request(broker_conn_t *c, int16_t api_key, int16_t api_version, bool flexible,
                      const kw_writer_t *body, int timeout_ms, uint8_t **resp, size_t *resp_len,
                      char *err, size_t errlen) {
    *resp = NULL;
    *resp_len = 0;
    int64_t deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 1);
    int32_t corr = c->next_corr++;
    if (c->next_corr < 0) c->next_corr = 0;

    kw_writer_t w;
    kw_init(&w);
    kw_i32(&w, 0); /* size, patched below */
    kw_i16(&w, api_key);
    kw_i16(&w, api_version);
    kw_i32(&w, corr);
    kw_nullable_string(&w, c->client_id); /* client_id is never compact, even in v2 */
    if (flexible) kw_empty_tags(&w);
    if (body) kw_raw(&w, body->data, body->len);
    kw_put_i32_at(&w, 0, (int32_t)(w.len - 4));
    int rc = send_all(c, w.data, w.len, deadline, err, errlen);
    kw_free(&w);
    if (rc) return -1;

    uint8_t hdr[4];
    if (recv_all(c, hdr, 4, deadline, err, errlen)) return -1;
    int32_t size = read_be32(hdr);
    if (size < 4 || size > MAX_FRAME) {
        snprintf(err, errlen, "response from %s: invalid frame size %d", c->peer, (int)size);
        return -1;
    }
    uint8_t *frame = xmalloc((size_t)size);
    if (recv_all(c, frame, (size_t)size, deadline, err, errlen)) {
        free(frame);
        return -1;
    }
    kw_reader_t r;
    kr_init(&r, frame, (size_t)size);
    int32_t got;
    kr_i32(&r, &got);
    if (flexible) kr_skip_tags(&r);
    if (!kr_ok(&r) || got != corr) {
        snprintf(err, errlen, "response from %s: correlation id %d, expected %d", c->peer,
                 (int)got, (int)corr);
        free(frame);
        return -1;
    }
    size_t n = kr_remaining(&r);
    memmove(frame, frame + r.pos, n);
    *resp = frame;
    *resp_len = n;
    return 0;
}

/* ---- SASL/PLAIN ---- */

static int sasl_plain(broker_conn_t *c, int timeout_ms, char *err, size_t errlen) {
    kw_writer_t w;
    kw_init(&w);
    ga_sasl_handshake_encode(&w, "PLAIN");
    uint8_t *resp;
    size_t n;
    int rc = do_request(c, GA_API_SASL_HANDSHAKE, GA_V_SASL_HANDSHAKE, false, &w, timeout_ms, &resp,
                        &n, err, errlen);
    kw_free(&w);
    if (rc) return -1;
    int16_t code;
    char *mechs = NULL;
    rc = ga_sasl_handshake_decode(resp, n, &code, &mechs, err, errlen);
    free(resp);
    if (rc) return -1;
    if (code != 0) {
        snprintf(err, errlen, "SASL handshake with %s: %s (broker mechanisms: %s)", c->peer,
                 ga_error_name(code), mechs);
        free(mechs);
        return -1;
    }
    free(mechs);

    /* RFC 4616: authzid NUL authcid NUL passwd, with an empty authzid. */
    size_t ul = strlen(c->sec.username), pl = strlen(c->sec.password);
    uint8_t *msg = xmalloc(ul + pl + 2);
    msg[0] = 0;
    memcpy(msg + 1, c->sec.username, ul);
    msg[1 + ul] = 0;
    memcpy(msg + 2 + ul, c->sec.password, pl);
    kw_init(&w);
    ga_sasl_authenticate_encode(&w, msg, ul + pl + 2);
    memset(msg, 0, ul + pl + 2);
    free(msg);
    rc = do_request(c, GA_API_SASL_AUTHENTICATE, GA_V_SASL_AUTHENTICATE, true, &w, timeout_ms,
                    &resp, &n, err, errlen);
    memset(w.data, 0, w.len);
    kw_free(&w);
    if (rc) return -1;
    ga_sasl_auth_resp_t ar;
    rc = ga_sasl_authenticate_decode(resp, n, &ar, err, errlen);
    free(resp);
    if (rc) return -1;
    if (ar.error != 0) {
        snprintf(err, errlen, "SASL authentication with %s failed: %s%s%s", c->peer,
                 ga_error_name(ar.error), ar.error_message ? ": " : "",
                 ar.error_message ? ar.error_message : "");
        ga_sasl_auth_resp_free(&ar);
        return -1;
    }
    /* Re-authenticate well before the broker closes the session. */
    c->reauth_at_ms = ar.session_lifetime_ms > 0 ? now_ms() + ar.session_lifetime_ms * 85 / 100 : 0;
    ga_sasl_auth_resp_free(&ar);
    return 0;
}

/* ---- connection ---- */

static int tls_handshake(broker_conn_t *c, const char *host, int64_t deadline, char *err,
                         size_t errlen) {
    char why[512];
    c->tls = broker_tls_new(c->fd, host, &c->sec.tls_cfg, why, sizeof why);
    int rc = c->tls ? BROKER_TLS_WANT : -1;
    while (rc == BROKER_TLS_WANT) {
        short want = 0;
        rc = broker_tls_handshake(c->tls, &want, why, sizeof why);
        if (rc == BROKER_TLS_WANT && wait_fd(c, want, deadline, "TLS handshake with", err, errlen))
            return -1;
    }
    if (rc != 0) snprintf(err, errlen, "connect to %s: %s", c->peer, why);
    return rc;
}

static int connect_addr(broker_conn_t *c, const struct addrinfo *ai, int64_t deadline, char *err,
                        size_t errlen) {
    c->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (c->fd < 0) {
        snprintf(err, errlen, "connect to %s: socket: %s", c->peer, strerror(errno));
        return -1;
    }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(c->fd, ai->ai_addr, ai->ai_addrlen) == 0) return 0;
    if (errno != EINPROGRESS) {
        snprintf(err, errlen, "connect to %s: %s", c->peer, strerror(errno));
        goto fail;
    }
    if (wait_fd(c, POLLOUT, deadline, "connect to", err, errlen)) goto fail;
    int soerr = 0;
    socklen_t sl = sizeof soerr;
    if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0) soerr = errno;
    if (soerr == 0) return 0;
    snprintf(err, errlen, "connect to %s: %s", c->peer, strerror(soerr));
fail:
    close(c->fd);
    c->fd = -1;
    return -1;
}

broker_conn_t *broker_conn_open(const char *host, int port, const char *client_id,
                                const broker_security_t *sec, int cancel_fd, int timeout_ms,
                                char *err, size_t errlen) {
    broker_conn_t *c = xcalloc(1, sizeof *c);
    c->fd = -1;
    c->cancel_fd = cancel_fd;
    c->client_id = xstrdup(client_id);
    c->peer = strchr(host, ':') ? xasprintf("[%s]:%d", host, port) : xasprintf("%s:%d", host, port);
    if (sec && sec->sasl_plain) {
        c->sec.sasl_plain = true;
        c->sec.username = xstrdup(sec->username);
        c->sec.password = xstrdup(sec->password);
    }
    if (sec && sec->tls) {
        c->sec.tls = true;
        broker_tls_config_copy(&c->sec.tls_cfg, &sec->tls_cfg);
    }
    int64_t deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 1);

    char portstr[16];
    snprintf(portstr, sizeof portstr, "%d", port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *res = NULL;
    int gai = getaddrinfo(host, portstr, &hints, &res);
    if (gai != 0) {
        snprintf(err, errlen, "resolve %s: %s", c->peer, gai_strerror(gai));
        broker_conn_close(c);
        return NULL;
    }
    int rc = -1;
    for (struct addrinfo *ai = res; ai && rc != 0; ai = ai->ai_next)
        rc = connect_addr(c, ai, deadline, err, errlen);
    freeaddrinfo(res);
    if (rc == 0 && c->sec.tls) rc = tls_handshake(c, host, deadline, err, errlen);
    if (rc == 0 && c->sec.sasl_plain) {
        int left = (int)(deadline - now_ms());
        rc = sasl_plain(c, left > 0 ? left : 1, err, errlen);
    }
    if (rc != 0) {
        broker_conn_close(c);
        return NULL;
    }
    return c;
}

void broker_conn_set_cancel_fd(broker_conn_t *c, int cancel_fd) {
    if (c) c->cancel_fd = cancel_fd;
}

int broker_conn_request(broker_conn_t *c, int16_t api_key, int16_t api_version, bool flexible,
                        const kw_writer_t *body, int timeout_ms, uint8_t **resp,
                        size_t *resp_len, char *err, size_t errlen) {
    *resp = NULL;
    *resp_len = 0;
    if (c->fd < 0) {
        snprintf(err, errlen, "request to %s: not connected", c->peer);
        return -1;
    }
    if (c->reauth_at_ms && now_ms() >= c->reauth_at_ms &&
        sasl_plain(c, timeout_ms, err, errlen) != 0)
        return -1;
    return do_request(c, api_key, api_version, flexible, body, timeout_ms, resp, resp_len, err,
                      errlen);
}

const char *broker_conn_peer(const broker_conn_t *c) { return c->peer; }

void broker_conn_close(broker_conn_t *c) {
    if (!c) return;
    broker_tls_free(c->tls); /* before close: it may send close_notify */
    if (c->fd >= 0) close(c->fd);
    free(c->client_id);
    free(c->peer);
    broker_security_clear(&c->sec);
    free(c);
}
