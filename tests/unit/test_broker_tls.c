/* TLS for the group membership's broker connections (kafka/broker_tls.c
 * through kafka/broker_conn.c), against an in-process OpenSSL server on
 * loopback that answers like a broker. The CA and the certificates are
 * made when the suite starts. */
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kafka/broker_conn.h"
#include "kafka/group_api.h"
#include "kafka/kafka_wire.h"

/* ---- certificates ---- */

static char g_dir[] = "/tmp/connectd-tls-XXXXXX";
static char g_ca_file[256], g_ca_dir[256], g_other_ca_file[256], g_client_cert[256],
    g_client_key[256];
static EVP_PKEY *g_ca_key, *g_other_key, *g_srv_key, *g_client_pkey;
static X509 *g_ca, *g_other_ca, *g_srv_cert, *g_srv_cert_wrong_name, *g_client_x509;
#define KEY_PASSWORD "k3y-pass"

static void add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value) {
    X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, ctx, nid, value);
    ck_assert_ptr_nonnull(e);
    X509_add_ext(x, e, -1);
    X509_EXTENSION_free(e);
}

/* A CA certificate when issuer is NULL, else a leaf signed by issuer. */
static X509 *make_cert(EVP_PKEY *key, const char *cn, X509 *issuer, EVP_PKEY *issuer_key,
                       const char *san, const char *eku) {
    static long serial = 1;
    X509 *x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 86400);
    X509_set_pubkey(x, key);
    X509_NAME *name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
    X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
    add_ext(x, &ctx, NID_basic_constraints, issuer ? "critical,CA:FALSE" : "critical,CA:TRUE");
    add_ext(x, &ctx, NID_key_usage,
            issuer ? "critical,digitalSignature" : "critical,keyCertSign,cRLSign");
    if (san) add_ext(x, &ctx, NID_subject_alt_name, san);
    if (eku) add_ext(x, &ctx, NID_ext_key_usage, eku);
    ck_assert_int_gt(X509_sign(x, issuer ? issuer_key : key, EVP_sha256()), 0);
    return x;
}

static void write_cert(const char *path, X509 *x) {
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    PEM_write_X509(f, x);
    fclose(f);
}

static void certs_setup(void) {
    ck_assert_ptr_nonnull(mkdtemp(g_dir));
    g_ca_key = EVP_EC_gen("P-256");
    g_other_key = EVP_EC_gen("P-256");
    g_srv_key = EVP_EC_gen("P-256");
    g_client_pkey = EVP_EC_gen("P-256");
    g_ca = make_cert(g_ca_key, "connectd unit CA", NULL, NULL, NULL, NULL);
    g_other_ca = make_cert(g_other_key, "some other CA", NULL, NULL, NULL, NULL);
    g_srv_cert = make_cert(g_srv_key, "localhost", g_ca, g_ca_key, "IP:127.0.0.1,DNS:localhost",
                           "serverAuth");
    g_srv_cert_wrong_name =
        make_cert(g_srv_key, "broker.example", g_ca, g_ca_key, "DNS:broker.example", "serverAuth");
    g_client_x509 = make_cert(g_client_pkey, "worker-1", g_ca, g_ca_key, NULL, "clientAuth");

    snprintf(g_ca_file, sizeof g_ca_file, "%s/ca.pem", g_dir);
    snprintf(g_other_ca_file, sizeof g_other_ca_file, "%s/other-ca.pem", g_dir);
    snprintf(g_client_cert, sizeof g_client_cert, "%s/client.pem", g_dir);
    snprintf(g_client_key, sizeof g_client_key, "%s/client.key", g_dir);
    snprintf(g_ca_dir, sizeof g_ca_dir, "%s/cadir", g_dir);
    write_cert(g_ca_file, g_ca);
    write_cert(g_other_ca_file, g_other_ca);
    write_cert(g_client_cert, g_client_x509);
    FILE *f = fopen(g_client_key, "w");
    ck_assert_ptr_nonnull(f);
    PEM_write_PKCS8PrivateKey(f, g_client_pkey, EVP_aes_256_cbc(), NULL, 0, NULL,
                              (void *)KEY_PASSWORD);
    fclose(f);
    /* A hashed directory, as c_rehash makes: <subject hash>.0 */
    ck_assert_int_eq(mkdir(g_ca_dir, 0700), 0);
    char hashed[300];
    snprintf(hashed, sizeof hashed, "%s/%08lx.0", g_ca_dir, X509_subject_name_hash(g_ca));
    write_cert(hashed, g_ca);
}

static void certs_teardown(void) {
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", g_dir);
    X509_free(g_ca);
    X509_free(g_other_ca);
    X509_free(g_srv_cert);
    X509_free(g_srv_cert_wrong_name);
    X509_free(g_client_x509);
    EVP_PKEY_free(g_ca_key);
    EVP_PKEY_free(g_other_key);
    EVP_PKEY_free(g_srv_key);
    EVP_PKEY_free(g_client_pkey);
}

/* ---- a broker-like TLS server ---- */

typedef enum {
    SRV_ANSWER, /* TLS, answers every request with "pong", SASL requests as a broker does */
    SRV_SILENT, /* TLS, reads requests and never answers */
    SRV_NO_TLS, /* accepts TCP and never says anything */
} srv_mode_t;

typedef struct srv {
    int lfd, port;
    srv_mode_t mode;
    SSL_CTX *ctx;
    pthread_t th;
    atomic_bool stop;
    atomic_int handshakes_ok;
    char client_cn[64];
    char sasl_auth[128]; /* the SASL/PLAIN message, NULs shown as '|' */
} srv_t;

static int ssl_read_all(SSL *ssl, uint8_t *p, size_t n) {
    while (n > 0) {
        int r = SSL_read(ssl, p, (int)n);
        if (r <= 0) return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

static void respond(SSL *ssl, int32_t corr, bool flexible, const kw_writer_t *body) {
    kw_writer_t w;
    kw_init(&w);
    kw_i32(&w, 0);
    kw_i32(&w, corr);
    if (flexible) kw_empty_tags(&w);
    kw_raw(&w, body->data, body->len);
    kw_put_i32_at(&w, 0, (int32_t)(w.len - 4));
    SSL_write(ssl, w.data, (int)w.len);
    kw_free(&w);
}

/* Answers requests until the client goes. */
static void serve_requests(srv_t *s, SSL *ssl) {
    for (;;) {
        uint8_t hdr[4];
        if (ssl_read_all(ssl, hdr, 4) != 0) return;
        uint32_t size = ((uint32_t)hdr[0] << 24) | ((uint32_t)hdr[1] << 16) |
                        ((uint32_t)hdr[2] << 8) | hdr[3];
        if (size > 1 << 20) return;
        uint8_t *frame = malloc(size);
        if (ssl_read_all(ssl, frame, size) != 0) {
            free(frame);
            return;
        }
        kw_reader_t r;
        kr_init(&r, frame, size);
        int16_t api, ver;
        int32_t corr;
        char *client_id = NULL;
        kr_i16(&r, &api);
        kr_i16(&r, &ver);
        kr_i32(&r, &corr);
        kr_nullable_string(&r, &client_id);
        free(client_id);
        kw_writer_t body;
        kw_init(&body);
        bool flexible = false;
        if (s->mode == SRV_SILENT) {
            /* never answers */
        } else if (api == GA_API_SASL_HANDSHAKE) {
            kw_i16(&body, 0);
            kw_array_len(&body, 1);
            kw_string(&body, "PLAIN");
            respond(ssl, corr, false, &body);
        } else if (api == GA_API_SASL_AUTHENTICATE) {
            kr_skip_tags(&r);
            const uint8_t *auth;
            size_t n;
            kr_compact_bytes(&r, &auth, &n);
            for (size_t i = 0; kr_ok(&r) && i < n && i + 1 < sizeof s->sasl_auth; i++)
                s->sasl_auth[i] = auth[i] ? (char)auth[i] : '|';
            flexible = true;
            kw_i16(&body, 0);
            kw_compact_nullable_string(&body, NULL);
            kw_compact_bytes(&body, "", 0);
            kw_i64(&body, 0);
            kw_empty_tags(&body);
            respond(ssl, corr, flexible, &body);
        } else {
            kw_raw(&body, "pong", 4);
            respond(ssl, corr, false, &body);
        }
        kw_free(&body);
        free(frame);
    }
}

static void serve_one(srv_t *s, int fd) {
    struct timeval tv = {.tv_sec = 10};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (s->mode == SRV_NO_TLS) {
        char b[64];
        while (recv(fd, b, sizeof b, 0) > 0) {
        }
        return;
    }
    SSL *ssl = SSL_new(s->ctx);
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) == 1) {
        atomic_fetch_add(&s->handshakes_ok, 1);
        X509 *peer = SSL_get1_peer_certificate(ssl);
        if (peer) {
            X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, s->client_cn,
                                      sizeof s->client_cn);
            X509_free(peer);
        }
        serve_requests(s, ssl);
    }
    SSL_free(ssl);
    ERR_clear_error();
}

static void *srv_main(void *arg) {
    srv_t *s = arg;
    /* Writes to a client that went away must not kill the test process;
     * the client side keeps SIGPIPE's default action, so a SIGPIPE from
     * the code under test would still end the test. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    while (!atomic_load(&s->stop)) {
        struct pollfd p = {.fd = s->lfd, .events = POLLIN};
        if (poll(&p, 1, 50) <= 0) continue;
        int fd = accept(s->lfd, NULL, NULL);
        if (fd < 0) continue;
        serve_one(s, fd);
        close(fd);
    }
    return NULL;
}

/* cert: the server's certificate; require_client_cert: mutual TLS. */
static srv_t *srv_start(srv_mode_t mode, X509 *cert, bool require_client_cert) {
    srv_t *s = calloc(1, sizeof *s);
    s->mode = mode;
    s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    ck_assert_int_eq(bind(s->lfd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(s->lfd, 8), 0);
    socklen_t al = sizeof a;
    getsockname(s->lfd, (struct sockaddr *)&a, &al);
    s->port = ntohs(a.sin_port);
    s->ctx = SSL_CTX_new(TLS_server_method());
    ck_assert_int_eq(SSL_CTX_use_certificate(s->ctx, cert ? cert : g_srv_cert), 1);
    ck_assert_int_eq(SSL_CTX_use_PrivateKey(s->ctx, g_srv_key), 1);
    if (require_client_cert) {
        X509_STORE_add_cert(SSL_CTX_get_cert_store(s->ctx), g_ca);
        SSL_CTX_set_verify(s->ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    }
    ck_assert_int_eq(pthread_create(&s->th, NULL, srv_main, s), 0);
    return s;
}

/* Ends the server thread; what it saw stays readable until srv_free. */
static void srv_stop(srv_t *s) {
    atomic_store(&s->stop, true);
    pthread_join(s->th, NULL);
    close(s->lfd);
    SSL_CTX_free(s->ctx);
    s->ctx = NULL;
}

/* ---- client helpers ---- */

static int64_t mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Security settings from "key=value" pairs, NULL-terminated. */
static int security(broker_security_t *sec, char *err, size_t errlen, ...) {
    cd_props_t *p = cd_props_new();
    va_list ap;
    va_start(ap, errlen);
    const char *kv;
    while ((kv = va_arg(ap, const char *)) != NULL) {
        const char *eq = strchr(kv, '=');
        char key[128];
        snprintf(key, sizeof key, "%.*s", (int)(eq - kv), kv);
        cd_props_set(p, key, eq + 1);
    }
    va_end(ap);
    int rc = broker_security_from_props(p, sec, err, errlen);
    cd_props_destroy(p);
    return rc;
}

/* Opens host:port with sec and does one request; 0 when "pong" came back. */
static int round_trip(const char *host, int port, const broker_security_t *sec, char *err,
                      size_t errlen) {
    broker_conn_t *c = broker_conn_open(host, port, "unit", sec, -1, 5000, err, errlen);
    if (!c) return -1;
    uint8_t *resp = NULL;
    size_t n = 0;
    int rc = broker_conn_request(c, 18, 0, false, NULL, 5000, &resp, &n, err, errlen);
    if (rc == 0) ck_assert(n == 4 && memcmp(resp, "pong", 4) == 0);
    free(resp);
    broker_conn_close(c);
    return rc;
}

static char *ca_setting(void) {
    static char kv[300];
    snprintf(kv, sizeof kv, "ssl.ca.location=%s", g_ca_file);
    return kv;
}

/* ---- tests ---- */

START_TEST(settings_from_props) {
    broker_security_t sec;
    char err[512];
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL", NULL), 0);
    ck_assert(sec.tls && !sec.sasl_plain);
    ck_assert(sec.tls_cfg.verify_cert && sec.tls_cfg.verify_host); /* librdkafka's defaults */
    broker_security_clear(&sec);

    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=sasl_ssl",
                              "sasl.mechanism=PLAIN", "sasl.username=u", "sasl.password=p",
                              "ssl.endpoint.identification.algorithm=none",
                              "enable.ssl.certificate.verification=false", ca_setting(), NULL),
                     0);
    ck_assert(sec.tls && sec.sasl_plain && !sec.tls_cfg.verify_host && !sec.tls_cfg.verify_cert);
    ck_assert_str_eq(sec.tls_cfg.ca_location, g_ca_file);
    broker_security_clear(&sec);

    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SASL_SSL", NULL), -1);
    ck_assert_msg(strstr(err, "sasl.mechanism=GSSAPI") && strstr(err, "SASL_SSL"), "%s", err);
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL",
                              "ssl.endpoint.identification.algorithm=ldap", NULL),
                     -1);
    ck_assert_msg(strstr(err, "ssl.endpoint.identification.algorithm=ldap"), "%s", err);
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL",
                              "enable.ssl.certificate.verification=maybe", NULL),
                     -1);
    ck_assert_msg(strstr(err, "enable.ssl.certificate.verification"), "%s", err);
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL",
                              "ssl.ca.location=/nonexistent/ca.pem", NULL),
                     -1);
    ck_assert_msg(strstr(err, "ssl.ca.location=/nonexistent/ca.pem"), "%s", err);
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=BOGUS", NULL), -1);
    ck_assert_msg(strstr(err, "security.protocol=BOGUS"), "%s", err);

    /* A client certificate: both halves, and the key's password. */
    char cert[300], key[300];
    snprintf(cert, sizeof cert, "ssl.certificate.location=%s", g_client_cert);
    snprintf(key, sizeof key, "ssl.key.location=%s", g_client_key);
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL", cert, NULL), -1);
    ck_assert_msg(strstr(err, "ssl.key.location"), "%s", err);
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL", cert, key,
                              "ssl.key.password=wrong", NULL),
                     -1);
    ck_assert_msg(strstr(err, "ssl.key.location") && strstr(err, "ssl.key.password"), "%s", err);
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL", cert, key,
                              "ssl.key.password=" KEY_PASSWORD, NULL),
                     0);
    broker_security_clear(&sec);
}
END_TEST

START_TEST(handshake_then_requests) {
    srv_t *s = srv_start(SRV_ANSWER, NULL, false);
    broker_security_t sec;
    char err[512];
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL", ca_setting(), NULL),
                     0);
    /* The certificate names both: the address and the host name pass. */
    ck_assert_msg(round_trip("127.0.0.1", s->port, &sec, err, sizeof err) == 0, "%s", err);
    ck_assert_msg(round_trip("localhost", s->port, &sec, err, sizeof err) == 0, "%s", err);
    broker_security_clear(&sec);

    /* ssl.ca.location may be a hashed directory. */
    char dir[300];
    snprintf(dir, sizeof dir, "ssl.ca.location=%s", g_ca_dir);
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL", dir, NULL), 0);
    ck_assert_msg(round_trip("127.0.0.1", s->port, &sec, err, sizeof err) == 0, "%s", err);
    broker_security_clear(&sec);

    /* Without the TLS settings the same listener is not spoken to. */
    ck_assert_int_eq(security(&sec, err, sizeof err, NULL), 0);
    broker_conn_t *c = broker_conn_open("127.0.0.1", s->port, "unit", &sec, -1, 5000, err,
                                        sizeof err);
    ck_assert_ptr_nonnull(c);
    uint8_t *resp = NULL;
    size_t n;
    ck_assert_int_eq(broker_conn_request(c, 18, 0, false, NULL, 2000, &resp, &n, err, sizeof err),
                     -1);
    broker_conn_close(c);
    srv_stop(s);
    ck_assert_int_eq(atomic_load(&s->handshakes_ok), 3);
    free(s);
}
END_TEST

START_TEST(host_name_mismatch_refused) {
    srv_t *s = srv_start(SRV_ANSWER, g_srv_cert_wrong_name, false);
    broker_security_t sec;
    char err[512];
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL", ca_setting(), NULL),
                     0);
    ck_assert_int_eq(round_trip("127.0.0.1", s->port, &sec, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "mismatch") && strstr(err, "ssl.endpoint.identification.algorithm"),
                  "%s", err);
    ck_assert_int_eq(round_trip("localhost", s->port, &sec, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "mismatch"), "%s", err);
    broker_security_clear(&sec);

    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL", ca_setting(),
                              "ssl.endpoint.identification.algorithm=none", NULL),
                     0);
    ck_assert_msg(round_trip("127.0.0.1", s->port, &sec, err, sizeof err) == 0, "%s", err);
    broker_security_clear(&sec);
    srv_stop(s);
    free(s);
}
END_TEST

START_TEST(untrusted_certificate_refused) {
    srv_t *s = srv_start(SRV_ANSWER, NULL, false);
    broker_security_t sec;
    char err[512], other[300];
    snprintf(other, sizeof other, "ssl.ca.location=%s", g_other_ca_file);
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL", other, NULL), 0);
    ck_assert_int_eq(round_trip("127.0.0.1", s->port, &sec, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "certificate") && strstr(err, "ssl.ca.location"), "%s", err);
    broker_security_clear(&sec);
    /* The system's trust store does not know our test CA either. */
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL", NULL), 0);
    ck_assert_int_eq(round_trip("127.0.0.1", s->port, &sec, err, sizeof err), -1);
    broker_security_clear(&sec);

    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL", other,
                              "enable.ssl.certificate.verification=false", NULL),
                     0);
    ck_assert_msg(round_trip("127.0.0.1", s->port, &sec, err, sizeof err) == 0, "%s", err);
    broker_security_clear(&sec);
    srv_stop(s);
    free(s);
}
END_TEST

START_TEST(client_certificate) {
    srv_t *s = srv_start(SRV_ANSWER, NULL, true);
    broker_security_t sec;
    char err[512], cert[300], key[300];
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL", ca_setting(), NULL),
                     0);
    ck_assert_int_eq(round_trip("127.0.0.1", s->port, &sec, err, sizeof err), -1);
    broker_security_clear(&sec);
    ck_assert_int_eq(atomic_load(&s->handshakes_ok), 0);

    snprintf(cert, sizeof cert, "ssl.certificate.location=%s", g_client_cert);
    snprintf(key, sizeof key, "ssl.key.location=%s", g_client_key);
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL", ca_setting(), cert,
                              key, "ssl.key.password=" KEY_PASSWORD, NULL),
                     0);
    ck_assert_msg(round_trip("127.0.0.1", s->port, &sec, err, sizeof err) == 0, "%s", err);
    broker_security_clear(&sec);
    srv_stop(s);
    ck_assert_str_eq(s->client_cn, "worker-1");
    free(s);
}
END_TEST

START_TEST(sasl_plain_over_tls) {
    srv_t *s = srv_start(SRV_ANSWER, NULL, false);
    broker_security_t sec;
    char err[512];
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SASL_SSL",
                              "sasl.mechanism=PLAIN", ca_setting(),
                              "sasl.jaas.config=org.apache.kafka.common.security.plain."
                              "PlainLoginModule required username=\"alice\" password=\"s3cret\";",
                              NULL),
                     0);
    ck_assert_msg(round_trip("127.0.0.1", s->port, &sec, err, sizeof err) == 0, "%s", err);
    broker_security_clear(&sec);
    srv_stop(s);
    ck_assert_str_eq(s->sasl_auth, "|alice|s3cret");
    free(s);
}
END_TEST

typedef struct {
    int fd;
    int after_ms;
} fire_t;

static void *fire_cancel(void *arg) {
    fire_t *f = arg;
    usleep((useconds_t)f->after_ms * 1000);
    if (write(f->fd, "x", 1) != 1) perror("cancel write");
    return NULL;
}

START_TEST(cancel_interrupts_tls_read) {
    srv_t *s = srv_start(SRV_SILENT, NULL, false);
    broker_security_t sec;
    char err[512];
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL", ca_setting(), NULL),
                     0);
    int pfd[2];
    ck_assert_int_eq(pipe(pfd), 0);
    broker_conn_t *c = broker_conn_open("127.0.0.1", s->port, "unit", &sec, pfd[0], 5000, err,
                                        sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    /* The deadline holds without a cancel. */
    uint8_t *resp = NULL;
    size_t n;
    int64_t t0 = mono_ms();
    ck_assert_int_eq(broker_conn_request(c, 18, 0, false, NULL, 300, &resp, &n, err, sizeof err),
                     -1);
    ck_assert_msg(strstr(err, "timed out"), "%s", err);
    ck_assert_int_lt(mono_ms() - t0, 2000);
    broker_conn_close(c);

    /* A blocked read with a long deadline ends as soon as cancel fires. */
    c = broker_conn_open("127.0.0.1", s->port, "unit", &sec, pfd[0], 5000, err, sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    fire_t f = {pfd[1], 200};
    pthread_t th;
    pthread_create(&th, NULL, fire_cancel, &f);
    t0 = mono_ms();
    ck_assert_int_eq(broker_conn_request(c, 18, 0, false, NULL, 20000, &resp, &n, err, sizeof err),
                     -1);
    int64_t took = mono_ms() - t0;
    pthread_join(th, NULL);
    ck_assert_msg(strstr(err, "interrupted"), "%s", err);
    ck_assert_int_ge(took, 150);
    ck_assert_int_lt(took, 2000);
    broker_conn_close(c);
    broker_security_clear(&sec);
    close(pfd[0]);
    close(pfd[1]);
    srv_stop(s);
    free(s);
}
END_TEST

START_TEST(cancel_and_deadline_during_handshake) {
    srv_t *s = srv_start(SRV_NO_TLS, NULL, false); /* never answers the ClientHello */
    broker_security_t sec;
    char err[512];
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL", ca_setting(), NULL),
                     0);
    int64_t t0 = mono_ms();
    ck_assert_ptr_null(
        broker_conn_open("127.0.0.1", s->port, "unit", &sec, -1, 300, err, sizeof err));
    ck_assert_msg(strstr(err, "TLS handshake") && strstr(err, "timed out"), "%s", err);
    ck_assert_int_lt(mono_ms() - t0, 2000);

    int pfd[2];
    ck_assert_int_eq(pipe(pfd), 0);
    fire_t f = {pfd[1], 200};
    pthread_t th;
    pthread_create(&th, NULL, fire_cancel, &f);
    t0 = mono_ms();
    ck_assert_ptr_null(
        broker_conn_open("127.0.0.1", s->port, "unit", &sec, pfd[0], 20000, err, sizeof err));
    int64_t took = mono_ms() - t0;
    pthread_join(th, NULL);
    ck_assert_msg(strstr(err, "interrupted"), "%s", err);
    ck_assert_int_lt(took, 2000);
    close(pfd[0]);
    close(pfd[1]);
    broker_security_clear(&sec);
    srv_stop(s);
    free(s);
}
END_TEST

START_TEST(plain_listener_reported) {
    /* A listener that hangs up on the ClientHello, as Kafka's PLAINTEXT
     * listener does on a frame size it cannot take. */
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    ck_assert_int_eq(bind(lfd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(lfd, 1), 0);
    socklen_t al = sizeof a;
    getsockname(lfd, (struct sockaddr *)&a, &al);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = accept(lfd, NULL, NULL);
        char b[4];
        if (recv(fd, b, sizeof b, MSG_WAITALL) < 0) _exit(1);
        close(fd);
        _exit(0);
    }
    broker_security_t sec;
    char err[512];
    ck_assert_int_eq(security(&sec, err, sizeof err, "security.protocol=SSL", ca_setting(), NULL),
                     0);
    ck_assert_ptr_null(broker_conn_open("127.0.0.1", ntohs(a.sin_port), "unit", &sec, -1, 5000,
                                        err, sizeof err));
    ck_assert_msg(strstr(err, "SSL listener"), "%s", err);
    broker_security_clear(&sec);
    close(lfd);
    int st;
    waitpid(pid, &st, 0);
}
END_TEST

Suite *suite_broker_tls(void);
Suite *suite_broker_tls(void) {
    Suite *s = suite_create("broker_tls");
    TCase *tc = tcase_create("tls");
    tcase_set_timeout(tc, 30);
    tcase_add_unchecked_fixture(tc, certs_setup, certs_teardown);
    tcase_add_test(tc, settings_from_props);
    tcase_add_test(tc, handshake_then_requests);
    tcase_add_test(tc, host_name_mismatch_refused);
    tcase_add_test(tc, untrusted_certificate_refused);
    tcase_add_test(tc, client_certificate);
    tcase_add_test(tc, sasl_plain_over_tls);
    tcase_add_test(tc, cancel_interrupts_tls_read);
    tcase_add_test(tc, cancel_and_deadline_during_handshake);
    tcase_add_test(tc, plain_listener_reported);
    suite_add_tcase(s, tc);
    return s;
}
