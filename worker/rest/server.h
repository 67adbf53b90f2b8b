/*
 * The REST server: one libmicrohttpd daemon per listener, serving the
 * Kafka Connect REST API (rest_api.h) with a thread per connection, so a
 * slow herder call never holds up other clients. Listeners may be https
 * (rest_tls.h) and the API may require HTTP basic authentication
 * (rest_auth.h): refused requests get 401 before rest_api_handle runs.
 */
#ifndef CONNECTD_REST_SERVER_H
#define CONNECTD_REST_SERVER_H

#include <connectd/config.h>
#include <stdbool.h>
#include <stddef.h>

#include "herder/herder.h"
#include "plugin/registry.h"

typedef struct rest_server rest_server_t;

#define REST_DEFAULT_LISTENERS "http://:8083"

/* Start the REST server the worker config describes: `listeners` (Kafka's
 * format "http://host:port,https://host:port"; port 0 picks a free port;
 * unset or empty: REST_DEFAULT_LISTENERS), the TLS keys of https
 * listeners (rest_tls.h) and basic authentication (rest_auth.h; the
 * KAFKA_OPTS environment variable is read for the JAAS file). props is
 * only read during the call. herder and registry are borrowed and must
 * outlive the server; registry may be NULL. Returns NULL with err filled
 * when a listener is malformed or cannot be bound, when the TLS or
 * authentication settings are wrong (err names the key) or TLS is asked
 * for and this libmicrohttpd lacks it. */
rest_server_t *rest_server_new_config(const cd_props_t *worker_props, herder_t *herder,
                                      const plugin_registry_t *registry, char *err,
                                      size_t errlen);
/* The same from a `listeners` value alone: no TLS keys (an https listener
 * fails for want of a keystore) and no authentication. */
rest_server_t *rest_server_new(const char *listeners, herder_t *herder,
                               const plugin_registry_t *registry, char *err, size_t errlen);
/* Stops accepting, closes connections and waits for their threads. */
void rest_server_destroy(rest_server_t *srv);

/* Port actually bound by the first listener (the n-th with _at). */
int rest_server_port(const rest_server_t *srv);
size_t rest_server_listener_count(const rest_server_t *srv);
int rest_server_port_at(const rest_server_t *srv, size_t i);

/* GET /health answers 503 "starting" (with detail, may be NULL) until
 * ready; a new server starts ready. Any thread. */
void rest_server_set_ready(rest_server_t *srv, bool ready, const char *detail);

#endif
