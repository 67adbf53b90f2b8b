#include "kafka/broker_tls.h"

#include <errno.h>
#include <limits.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "util/mem.h"

struct broker_tls {
    SSL_CTX *ctx;
    SSL *ssl;
    int fd;
    int last_errno; /* of the last failed send/recv, for SSL_ERROR_SYSCALL */
    bool healthy;   /* handshake done, no fatal error: close_notify may be sent */
    bool verify_cert;
};

/* ---- settings ---- */

void broker_tls_config_clear(broker_tls_config_t *c) {
    if (!c) return;
    if (c->key_password) memset(c->key_password, 0, strlen(c->key_password));
    if (c->keystore_password) memset(c->keystore_password, 0, strlen(c->keystore_password));
    if (c->key_pem) memset(c->key_pem, 0, strlen(c->key_pem));
    free(c->ca_location);
    free(c->ca_pem);
    free(c->cert_location);
    free(c->cert_pem);
    free(c->key_location);
    free(c->key_pem);
    free(c->key_password);
    free(c->keystore_location);
    free(c->keystore_password);
    free(c->cipher_suites);
    memset(c, 0, sizeof *c);
}

void broker_tls_config_copy(broker_tls_config_t *dst, const broker_tls_config_t *src) {
    dst->ca_location = xstrdup(src->ca_location);
    dst->ca_pem = xstrdup(src->ca_pem);
    dst->cert_location = xstrdup(src->cert_location);
    dst->cert_pem = xstrdup(src->cert_pem);
    dst->key_location = xstrdup(src->key_location);
    dst->key_pem = xstrdup(src->key_pem);
    dst->key_password = xstrdup(src->key_password);
    dst->keystore_location = xstrdup(src->keystore_location);
    dst->keystore_password = xstrdup(src->keystore_password);
    dst->cipher_suites = xstrdup(src->cipher_suites);
    dst->verify_cert = src->verify_cert;
    dst->verify_host = src->verify_host;
}

/* OpenSSL's reason for the most recent error, or `fallback`. */
static const char *ssl_reason(const char *fallback) {
    unsigned long e = ERR_peek_last_error();
    const char *r = e ? ERR_reason_error_string(e) : NULL;
    return r ? r : fallback;
}

/* The key's password from the config, never a terminal prompt (OpenSSL's
 * default callback would read one from the tty). */
static int password_cb(char *buf, int size, int rwflag, void *u) {
    (void)rwflag;
    if (!u || size <= 0) return -1;
    size_t n = strlen(u);
    if (n > (size_t)size) n = (size_t)size;
    memcpy(buf, u, n);
    return (int)n;
}

static int load_trust(SSL_CTX *ctx, const broker_tls_config_t *cfg, char *err, size_t errlen) {
    const char *loc = cfg->ca_location;
    if (!loc || strcmp(loc, "probe") == 0) {
        if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
            snprintf(err, errlen, "loading the system's trusted CAs: %s", ssl_reason("failed"));
            return -1;
        }
    } else {
        struct stat st;
        if (stat(loc, &st) != 0) {
            snprintf(err, errlen, "ssl.ca.location=%s: %s", loc, strerror(errno));
            return -1;
        }
        int ok = S_ISDIR(st.st_mode) ? SSL_CTX_load_verify_locations(ctx, NULL, loc)
                                     : SSL_CTX_load_verify_locations(ctx, loc, NULL);
        if (ok != 1) {
            snprintf(err, errlen, "ssl.ca.location=%s: %s", loc,
                     ssl_reason("no PEM certificate could be read"));
            return -1;
        }
    }
    if (!cfg->ca_pem) return 0;
    BIO *b = BIO_new_mem_buf(cfg->ca_pem, -1);
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    int n = 0;
    X509 *x;
    while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
        X509_STORE_add_cert(store, x);
        X509_free(x);
        n++;
    }
    BIO_free(b);
    ERR_clear_error(); /* the end of the PEM text reads as "no start line" */
    if (n == 0) {
        snprintf(err, errlen, "ssl.ca.pem: no PEM certificate in it");
        return -1;
    }
    return 0;
}

static int load_keystore(SSL_CTX *ctx, const broker_tls_config_t *cfg, char *err, size_t errlen) {
    FILE *f = fopen(cfg->keystore_location, "rb");
    if (!f) {
        snprintf(err, errlen, "ssl.keystore.location=%s: %s", cfg->keystore_location,
                 strerror(errno));
        return -1;
    }
    PKCS12 *p12 = d2i_PKCS12_fp(f, NULL);
    fclose(f);
    EVP_PKEY *key = NULL;
    X509 *cert = NULL;
    STACK_OF(X509) *chain = NULL;
    int rc = -1;
    if (!p12 || PKCS12_parse(p12, cfg->keystore_password ? cfg->keystore_password : "", &key,
                             &cert, &chain) != 1 || !key || !cert) {
        snprintf(err, errlen,
                 "ssl.keystore.location=%s: not a PKCS#12 keystore that ssl.keystore.password "
                 "opens (%s)",
                 cfg->keystore_location, ssl_reason("no key and certificate"));
    } else if (SSL_CTX_use_certificate(ctx, cert) != 1 || SSL_CTX_use_PrivateKey(ctx, key) != 1) {
        snprintf(err, errlen, "ssl.keystore.location=%s: %s", cfg->keystore_location,
                 ssl_reason("unusable key or certificate"));
    } else {
        for (int i = 0; chain && i < sk_X509_num(chain); i++)
            SSL_CTX_add1_chain_cert(ctx, sk_X509_value(chain, i));
        rc = 0;
    }
    PKCS12_free(p12);
    EVP_PKEY_free(key);
    X509_free(cert);
    sk_X509_pop_free(chain, X509_free);
    return rc;
}

/* The first certificate of an inline PEM chain is ours, the rest complete
 * the chain. */
static int use_cert_pem(SSL_CTX *ctx, const char *pem) {
    BIO *b = BIO_new_mem_buf(pem, -1);
    X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);
    int ok = x && SSL_CTX_use_certificate(ctx, x) == 1;
    X509_free(x);
    while (ok && (x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
        SSL_CTX_add1_chain_cert(ctx, x);
        X509_free(x);
    }
    BIO_free(b);
    if (ok) ERR_clear_error();
    return ok ? 0 : -1;
}

static int load_identity(SSL_CTX *ctx, const broker_tls_config_t *cfg, char *err,
                         size_t errlen) {
    if (cfg->keystore_location) return load_keystore(ctx, cfg, err, errlen);
    bool have_cert = cfg->cert_location || cfg->cert_pem;
    bool have_key = cfg->key_location || cfg->key_pem;
    if (!have_cert && !have_key) return 0;
    if (have_cert != have_key) {
        snprintf(err, errlen, "%s is set without %s: a client certificate needs both",
                 have_cert ? "ssl.certificate.location" : "ssl.key.location",
                 have_cert ? "ssl.key.location" : "ssl.certificate.location");
        return -1;
    }
    const char *ckey = cfg->cert_location ? "ssl.certificate.location" : "ssl.certificate.pem";
    int ok = cfg->cert_location ? SSL_CTX_use_certificate_chain_file(ctx, cfg->cert_location) == 1
                                : use_cert_pem(ctx, cfg->cert_pem) == 0;
    if (!ok) {
        snprintf(err, errlen, "%s%s%s: %s", ckey, cfg->cert_location ? "=" : "",
                 cfg->cert_location ? cfg->cert_location : "",
                 ssl_reason("no PEM certificate could be read"));
        return -1;
    }
    const char *kkey = cfg->key_location ? "ssl.key.location" : "ssl.key.pem";
    EVP_PKEY *pkey = NULL;
    BIO *b = cfg->key_location ? BIO_new_file(cfg->key_location, "r")
                               : BIO_new_mem_buf(cfg->key_pem, -1);
    if (b) pkey = PEM_read_bio_PrivateKey(b, NULL, password_cb, cfg->key_password);
    BIO_free(b);
    ok = pkey && SSL_CTX_use_PrivateKey(ctx, pkey) == 1;
    EVP_PKEY_free(pkey);
    if (!ok) {
        snprintf(err, errlen, "%s%s%s: cannot load the private key (%s)%s", kkey,
                 cfg->key_location ? "=" : "", cfg->key_location ? cfg->key_location : "",
                 !b && cfg->key_location ? strerror(errno) : ssl_reason("unreadable"),
                 b ? "; is ssl.key.password right?" : "");
        return -1;
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        snprintf(err, errlen, "%s does not belong to the certificate of %s", kkey, ckey);
        return -1;
    }
    return 0;
}

static SSL_CTX *make_ctx(const broker_tls_config_t *cfg, char *err, size_t errlen) {
    ERR_clear_error();
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx) {
        snprintf(err, errlen, "TLS: %s", ssl_reason("cannot create a context"));
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    /* Our send loop retries with the rest of a buffer after a partial write. */
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_CTX_set_verify(ctx, cfg->verify_cert ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, NULL);
    if (cfg->cipher_suites && SSL_CTX_set_cipher_list(ctx, cfg->cipher_suites) != 1) {
        snprintf(err, errlen, "ssl.cipher.suites=%s: %s", cfg->cipher_suites,
                 ssl_reason("no cipher matches"));
        SSL_CTX_free(ctx);
        return NULL;
    }
    if (load_trust(ctx, cfg, err, errlen) != 0 || load_identity(ctx, cfg, err, errlen) != 0) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

static char *prop(const cd_props_t *props, const char *key) {
    const char *v = cd_props_get(props, key);
    return v && *v ? xstrdup(v) : NULL;
}

int broker_tls_config_from_props(const cd_props_t *props, broker_tls_config_t *out, char *err,
                                 size_t errlen) {
    memset(out, 0, sizeof *out);
    out->verify_cert = true;
    out->verify_host = true; /* librdkafka >= 2.0 defaults to https */
    const char *v = cd_props_get(props, "enable.ssl.certificate.verification");
    if (v && (strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0)) {
        out->verify_cert = false;
    } else if (v && strcasecmp(v, "true") != 0 && strcmp(v, "1") != 0) {
        snprintf(err, errlen, "enable.ssl.certificate.verification=%s: expected true or false", v);
        return -1;
    }
    v = cd_props_get(props, "ssl.endpoint.identification.algorithm");
    /* An empty value is how Java clients say none. */
    if (v && (!*v || strcasecmp(v, "none") == 0)) {
        out->verify_host = false;
    } else if (v && strcasecmp(v, "https") != 0) {
        snprintf(err, errlen, "ssl.endpoint.identification.algorithm=%s: expected https or none",
                 v);
        return -1;
    }
    out->ca_location = prop(props, "ssl.ca.location");
    out->ca_pem = prop(props, "ssl.ca.pem");
    out->cert_location = prop(props, "ssl.certificate.location");
    out->cert_pem = prop(props, "ssl.certificate.pem");
    out->key_location = prop(props, "ssl.key.location");
    out->key_pem = prop(props, "ssl.key.pem");
    out->key_password = prop(props, "ssl.key.password");
    out->keystore_location = prop(props, "ssl.keystore.location");
    out->keystore_password = prop(props, "ssl.keystore.password");
    out->cipher_suites = prop(props, "ssl.cipher.suites");
    SSL_CTX *ctx = make_ctx(out, err, errlen);
    if (!ctx) {
        broker_tls_config_clear(out);
        return -1;
    }
    SSL_CTX_free(ctx);
    return 0;
}

/* ---- a socket BIO that never raises SIGPIPE ---- */

/* OpenSSL's own socket BIO write()s, which kills a process that does not
 * ignore SIGPIPE when the broker has gone; send(MSG_NOSIGNAL) does not. */
static BIO_METHOD *g_bio_method;
static pthread_once_t g_bio_once = PTHREAD_ONCE_INIT;

static int bio_write(BIO *b, const char *in, int inl) {
    broker_tls_t *t = BIO_get_data(b);
    BIO_clear_retry_flags(b);
    ssize_t w = send(t->fd, in, (size_t)inl, MSG_NOSIGNAL);
    if (w < 0) {
        t->last_errno = errno;
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) BIO_set_retry_write(b);
    }
    return (int)w;
}

static int bio_read(BIO *b, char *out, int outl) {
    broker_tls_t *t = BIO_get_data(b);
    BIO_clear_retry_flags(b);
    ssize_t r = recv(t->fd, out, (size_t)outl, 0);
    if (r < 0) {
        t->last_errno = errno;
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) BIO_set_retry_read(b);
    }
    return (int)r;
}

static long bio_ctrl(BIO *b, int cmd, long num, void *ptr) {
    (void)b;
    (void)num;
    (void)ptr;
    return cmd == BIO_CTRL_FLUSH ? 1 : 0; /* nothing is buffered here */
}

static int bio_create(BIO *b) {
    BIO_set_init(b, 1);
    return 1;
}

static void bio_method_init(void) {
    g_bio_method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "connectd socket");
    if (!g_bio_method) return;
    BIO_meth_set_write(g_bio_method, bio_write);
    BIO_meth_set_read(g_bio_method, bio_read);
    BIO_meth_set_ctrl(g_bio_method, bio_ctrl);
    BIO_meth_set_create(g_bio_method, bio_create);
}

/* ---- session ---- */

static bool is_ip_literal(const char *host) {
    ASN1_OCTET_STRING *ip = a2i_IPADDRESS(host);
    ASN1_OCTET_STRING_free(ip);
    return ip != NULL;
}

broker_tls_t *broker_tls_new(int fd, const char *host, const broker_tls_config_t *cfg, char *err,
                             size_t errlen) {
    pthread_once(&g_bio_once, bio_method_init);
    if (!g_bio_method) {
        snprintf(err, errlen, "TLS: cannot create the socket BIO");
        return NULL;
    }
    SSL_CTX *ctx = make_ctx(cfg, err, errlen);
    if (!ctx) return NULL;
    broker_tls_t *t = xcalloc(1, sizeof *t);
    t->ctx = ctx;
    t->fd = fd;
    t->verify_cert = cfg->verify_cert;
    t->ssl = SSL_new(ctx);
    BIO *b = t->ssl ? BIO_new(g_bio_method) : NULL;
    if (!b) {
        snprintf(err, errlen, "TLS: %s", ssl_reason("cannot create a session"));
        broker_tls_free(t);
        return NULL;
    }
    BIO_set_data(b, t);
    SSL_set_bio(t->ssl, b, b);
    bool ip = is_ip_literal(host);
    /* SNI carries names only (RFC 6066); the check covers names and addresses. */
    if (!ip) SSL_set_tlsext_host_name(t->ssl, host);
    if (cfg->verify_host) {
        X509_VERIFY_PARAM *vp = SSL_get0_param(t->ssl);
        X509_VERIFY_PARAM_set_hostflags(vp, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        int ok = ip ? X509_VERIFY_PARAM_set1_ip_asc(vp, host) : X509_VERIFY_PARAM_set1_host(vp, host, 0);
        if (ok != 1) {
            snprintf(err, errlen, "TLS: cannot check the certificate against host %s", host);
            broker_tls_free(t);
            return NULL;
        }
    }
    return t;
}

/* What the user can do about a failed handshake, from OpenSSL's reason. */
static const char *hint_for(unsigned long e, long verify) {
    if (verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH)
        return " (ssl.endpoint.identification.algorithm=none skips the host name check)";
    if (verify == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
        verify == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
        verify == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
        verify == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT)
        return " (set ssl.ca.location to the CA that signed the broker's certificate)";
    if (ERR_GET_LIB(e) != ERR_LIB_SSL) return "";
    switch (ERR_GET_REASON(e)) {
    case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED:
    case SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE:
        return " (does the broker require a client certificate? ssl.certificate.location, "
               "ssl.key.location)";
    case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
    case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE:
        return " (the broker does not trust our client certificate)";
    case SSL_R_WRONG_VERSION_NUMBER:
    case SSL_R_PACKET_LENGTH_TOO_LONG:
        return " (is this an SSL listener?)";
    default:
        return "";
    }
}

/* Maps an SSL_* call's result to this API's. */
static long outcome(broker_tls_t *t, int rc, bool handshake, short *want, char *err,
                    size_t errlen) {
    int e = SSL_get_error(t->ssl, rc);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
        *want = e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
        return BROKER_TLS_WANT;
    }
    t->healthy = false;
    unsigned long last = ERR_peek_last_error();
    bool eof = e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL && !last && !t->last_errno) ||
               (ERR_GET_LIB(last) == ERR_LIB_SSL &&
                ERR_GET_REASON(last) == SSL_R_UNEXPECTED_EOF_WHILE_READING);
    if (eof && !handshake) return 0;
    bool reset = e == SSL_ERROR_SYSCALL && !last &&
                 (t->last_errno == ECONNRESET || t->last_errno == EPIPE);
    if (handshake && (eof || reset)) {
        /* What a PLAINTEXT listener does with a ClientHello. */
        snprintf(err, errlen, "connection %s during the TLS handshake (is this an SSL listener?)",
                 eof ? "closed" : "reset");
    } else if (e == SSL_ERROR_SYSCALL && !last) {
        snprintf(err, errlen, "%s", strerror(t->last_errno));
    } else {
        long verify = handshake && t->verify_cert ? SSL_get_verify_result(t->ssl) : X509_V_OK;
        if (verify != X509_V_OK)
            snprintf(err, errlen, "TLS handshake: the broker's certificate was refused: %s%s",
                     X509_verify_cert_error_string(verify), hint_for(last, verify));
        else
            snprintf(err, errlen, "TLS%s: %s%s", handshake ? " handshake" : "",
                     ssl_reason("failed"), hint_for(last, X509_V_OK));
    }
    return -1;
}

int broker_tls_handshake(broker_tls_t *t, short *want, char *err, size_t errlen) {
    ERR_clear_error();
    t->last_errno = 0;
    int rc = SSL_connect(t->ssl);
    if (rc == 1) {
        t->healthy = true;
        return 0;
    }
    return (int)outcome(t, rc, true, want, err, errlen);
}

long broker_tls_read(broker_tls_t *t, void *buf, size_t n, short *want, char *err, size_t errlen) {
    ERR_clear_error();
    t->last_errno = 0;
    int rc = SSL_read(t->ssl, buf, n > INT_MAX ? INT_MAX : (int)n);
    return rc > 0 ? rc : outcome(t, rc, false, want, err, errlen);
}

long broker_tls_write(broker_tls_t *t, const void *buf, size_t n, short *want, char *err,
                      size_t errlen) {
    ERR_clear_error();
    t->last_errno = 0;
    int rc = SSL_write(t->ssl, buf, n > INT_MAX ? INT_MAX : (int)n);
    if (rc > 0) return rc;
    long r = outcome(t, rc, false, want, err, errlen);
    if (r == 0) {
        snprintf(err, errlen, "connection closed by the broker");
        return -1;
    }
    return r;
}

void broker_tls_free(broker_tls_t *t) {
    if (!t) return;
    if (t->ssl) {
        if (t->healthy) SSL_shutdown(t->ssl); /* one try: the socket is non-blocking */
        SSL_free(t->ssl);
    }
    SSL_CTX_free(t->ctx);
    ERR_clear_error();
    free(t);
}
