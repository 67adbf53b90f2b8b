/*
 * The REST server: one libmicrohttpd daemon per listener, serving the
 * Kafka Connect REST API (rest_api.h) with a thread per connection, so a
 * slow herder call never holds up other clients.
 */
#ifndef CONNECTD_REST_SERVER_H
#define CONNECTD_REST_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "herder/herder.h"
#include "plugin/registry.h"

typedef struct rest_server rest_server_t;

/* Start listening on every listener of `listeners` (Kafka's format,
 * "http://host:port,..."; port 0 picks a free port). herder and registry
 * are borrowed and must outlive the server; registry may be NULL.
 * Returns NULL with err filled when a listener is malformed, uses https,
 * or cannot be bound. */
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
