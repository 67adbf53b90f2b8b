/*
 * One blocking request/response connection to a Kafka broker, for clients
 * that speak the protocol themselves (cluster/group_member.c). Requests are
 * framed with an INT32 size and a request header (v1: api_key, api_version,
 * correlation_id, client_id; v2 adds an empty tagged-field section for
 * flexible versions); the response's correlation id must match.
 *
 * Every wait (connect, send, receive) is a poll() with a deadline, and also
 * watches an optional cancel descriptor: once it is readable the call fails
 * at once with "interrupted", so another thread can cut a JoinGroup that
 * would otherwise block for the whole rebalance timeout.
 *
 * Security: PLAINTEXT, SSL (TLS through broker_tls.h, with librdkafka's
 * ssl.* settings), and SASL_PLAINTEXT / SASL_SSL with the PLAIN mechanism
 * (SaslHandshake v1 + SaslAuthenticate v2, re-authenticating before the
 * session lifetime the broker grants runs out, KIP-368).
 */
#ifndef CONNECTD_KAFKA_BROKER_CONN_H
#define CONNECTD_KAFKA_BROKER_CONN_H

#include <connectd/config.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kafka/broker_tls.h"
#include "kafka/kafka_wire.h"

typedef struct broker_security {
    bool sasl_plain; /* SASL_PLAINTEXT or SASL_SSL */
    char *username;  /* malloc'd, SASL only */
    char *password;
    bool tls;                /* SSL or SASL_SSL */
    broker_tls_config_t tls_cfg; /* TLS only */
} broker_security_t;

/* From worker properties: security.protocol (PLAINTEXT when unset),
 * sasl.mechanism (or librdkafka's sasl.mechanisms), the credentials from
 * sasl.jaas.config (PlainLoginModule username="..." password="...") or
 * sasl.username / sasl.password, and for SSL / SASL_SSL the ssl.* keys of
 * broker_tls.h (their files are loaded here, so a bad one fails at once).
 * -1 with err naming the setting when the combination is not supported. */
int broker_security_from_props(const cd_props_t *props, broker_security_t *out, char *err,
                               size_t errlen);
void broker_security_clear(broker_security_t *s);

/* "host:port" or "[v6addr]:port" (surrounding spaces ignored). */
int broker_parse_hostport(const char *s, char **host, int *port, char *err, size_t errlen);

typedef struct broker_conn broker_conn_t;

/* Connect (and authenticate) within timeout_ms. cancel_fd: -1 or a
 * descriptor that becomes readable to abort any wait on this connection.
 * client_id and sec are copied. */
broker_conn_t *broker_conn_open(const char *host, int port, const char *client_id,
                                const broker_security_t *sec, int cancel_fd, int timeout_ms,
                                char *err, size_t errlen);
/* Stop watching the cancel descriptor (e.g. to send LeaveGroup after a
 * stop was requested). */
void broker_conn_set_cancel_fd(broker_conn_t *c, int cancel_fd);
/* Send one request and wait up to timeout_ms for its response. flexible
 * selects request header v2 / response header v1. On 0, *resp (malloc'd)
 * is the response body without its header. On -1 the connection is
 * unusable (closed by the peer, timed out, interrupted, out of sync): the
 * caller closes it. */
int broker_conn_request(broker_conn_t *c, int16_t api_key, int16_t api_version, bool flexible,
                        const kw_writer_t *body, int timeout_ms, uint8_t **resp,
                        size_t *resp_len, char *err, size_t errlen);
const char *broker_conn_peer(const broker_conn_t *c); /* "host:port" */
void broker_conn_close(broker_conn_t *c);             /* NULL is fine */

#endif
