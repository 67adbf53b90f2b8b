/*
 * TLS for broker_conn (security.protocol=SSL / SASL_SSL), with OpenSSL.
 *
 * The settings are librdkafka's, so that one worker config serves both the
 * librdkafka clients and the group membership:
 *   ssl.ca.location       PEM file or hashed directory of trusted CAs
 *                         (unset or "probe": the system's trust store)
 *   ssl.ca.pem            trusted CAs as inline PEM (added to the above)
 *   ssl.certificate.location / ssl.certificate.pem   client certificate chain
 *   ssl.key.location / ssl.key.pem, ssl.key.password   its private key
 *   ssl.keystore.location + ssl.keystore.password      or a PKCS#12 keystore
 *   ssl.cipher.suites     OpenSSL cipher list for TLS 1.2
 *   ssl.endpoint.identification.algorithm  https (default): the broker's
 *                         certificate must name the host we connected to;
 *                         none: it need not
 *   enable.ssl.certificate.verification    true (default) / false
 *
 * The session is non-blocking: every step says which readiness it waits
 * for, and the caller (broker_conn.c) does the waiting, so its deadlines
 * and its cancel descriptor apply to TLS exactly as to plain sockets.
 */
#ifndef CONNECTD_KAFKA_BROKER_TLS_H
#define CONNECTD_KAFKA_BROKER_TLS_H

#include <connectd/config.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct broker_tls_config {
    char *ca_location; /* all strings malloc'd, NULL when unset */
    char *ca_pem;
    char *cert_location;
    char *cert_pem;
    char *key_location;
    char *key_pem;
    char *key_password;
    char *keystore_location;
    char *keystore_password;
    char *cipher_suites;
    bool verify_cert;
    bool verify_host;
} broker_tls_config_t;

/* Reads the ssl.* keys above and loads them once, so that a missing file, a
 * wrong key password or an unknown value fails here, naming the key. */
int broker_tls_config_from_props(const cd_props_t *props, broker_tls_config_t *out, char *err,
                                 size_t errlen);
void broker_tls_config_copy(broker_tls_config_t *dst, const broker_tls_config_t *src);
void broker_tls_config_clear(broker_tls_config_t *c); /* NULL is fine */

typedef struct broker_tls broker_tls_t;

/* Returned by the calls below when they must wait: for *want (POLLIN or
 * POLLOUT) on the socket, then be called again with the same arguments. */
#define BROKER_TLS_WANT (-2)

/* A client session over the connected, non-blocking socket fd (not owned:
 * the caller closes it after broker_tls_free). host is the name or address
 * dialled: sent as SNI (names only) and checked against the certificate. */
broker_tls_t *broker_tls_new(int fd, const char *host, const broker_tls_config_t *cfg, char *err,
                             size_t errlen);
/* 0 once the handshake is done, BROKER_TLS_WANT, or -1 with err. */
int broker_tls_handshake(broker_tls_t *t, short *want, char *err, size_t errlen);
/* Bytes moved (> 0), 0 when the peer closed the connection (read only),
 * BROKER_TLS_WANT, or -1 with err. */
long broker_tls_read(broker_tls_t *t, void *buf, size_t n, short *want, char *err, size_t errlen);
long broker_tls_write(broker_tls_t *t, const void *buf, size_t n, short *want, char *err,
                      size_t errlen);
/* Sends close_notify if the session is healthy (never waits), frees. */
void broker_tls_free(broker_tls_t *t);

#endif
