/*
 * TLS settings of the https listeners, read from the worker config with
 * Kafka's key names (SslConfigs / RestServerConfig):
 *
 *   ssl.keystore.type=PEM          JKS and PKCS12 are refused (convert to PEM)
 *   ssl.keystore.location          a PEM file holding the key and the chain
 *   ssl.keystore.key               or the key inline ...
 *   ssl.keystore.certificate.chain ... with the chain inline
 *   ssl.key.password               for an encrypted (PKCS#8) key
 *   ssl.truststore.type=PEM, ssl.truststore.location or
 *   ssl.truststore.certificates    CAs that sign client certificates
 *   ssl.client.auth                none | requested | required
 *   ssl.enabled.protocols          TLSv1.2,TLSv1.3 by default
 *
 * As in Kafka (AbstractConfig.valuesWithPrefixAllOrNothing), as soon as one
 * key starts with "listeners.https." only prefixed keys are read; otherwise
 * the bare ssl.* keys are. Nothing here needs GnuTLS at link time: the
 * keys are handed to libmicrohttpd as PEM text.
 */
#ifndef CONNECTD_REST_REST_TLS_H
#define CONNECTD_REST_REST_TLS_H

#include <connectd/config.h>
#include <stdbool.h>
#include <stddef.h>

#define REST_TLS_PREFIX "listeners.https."

typedef enum rest_tls_client_auth {
    REST_TLS_CLIENT_AUTH_NONE,
    REST_TLS_CLIENT_AUTH_REQUESTED,
    REST_TLS_CLIENT_AUTH_REQUIRED,
} rest_tls_client_auth_t;

typedef struct rest_tls_config {
    char *key_pem;      /* the private key, one PEM block */
    char *cert_pem;     /* the certificate chain, PEM blocks, leaf first */
    char *key_password; /* NULL: the key is not encrypted */
    char *trust_pem;    /* client CAs; NULL unless client_auth != NONE */
    rest_tls_client_auth_t client_auth;
    char *priorities;   /* GnuTLS priority string from ssl.enabled.protocols */
    char *source;       /* where the keystore came from, for messages (no secrets) */
} rest_tls_config_t;

/* Read the settings (prefix: REST_TLS_PREFIX, see above) and load the PEM
 * files. Fails with err naming the offending key when the keystore is
 * missing, unreadable, not PEM or lacks a key or certificate, when a
 * truststore is needed and missing, or when a value is invalid. Never puts
 * a password or key material into err. Returns 0 or -1. */
int rest_tls_config_load(const cd_props_t *props, const char *prefix, rest_tls_config_t **out,
                         char *err, size_t errlen);
void rest_tls_config_destroy(rest_tls_config_t *c);

/* Split PEM text into its private key blocks and its certificate blocks,
 * each block rewritten in canonical form (base64 rewrapped at 64 columns,
 * so one-line values from a properties file work). *keys / *certs are NULL
 * when there are none; *n_keys / *n_certs count the blocks. Caller frees. */
void rest_tls_pem_split(const char *pem, char **keys, size_t *n_keys, char **certs,
                        size_t *n_certs);

/* ssl.enabled.protocols ("TLSv1.2,TLSv1.3") as a GnuTLS priority string.
 * Returns 0, or -1 with err naming key for an unknown or empty list. */
int rest_tls_priorities(const char *protocols, const char *key, char **out, char *err,
                        size_t errlen);

/* Whether this libmicrohttpd can serve TLS. */
bool rest_tls_supported(void);

/* Check the client certificate of a TLS connection (session: the
 * gnutls_session_t libmicrohttpd reports) against the truststore.
 * REQUESTED accepts a client without certificate, REQUIRED does not; an
 * invalid certificate fails both. Returns 0, or -1 with err saying why. */
int rest_tls_verify_client(void *session, rest_tls_client_auth_t mode, char *err,
                           size_t errlen);

#endif
