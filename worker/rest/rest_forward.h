/*
 * Forwarding a REST request to another worker (distributed mode, Kafka's
 * RestServer.completeOrForwardRequest): when the herder answers
 * HERDER_FORWARD, the dispatcher sends the same method, path, query and
 * JSON body to the leader (or owner) and relays its answer. `?forward=`
 * bounds the hops: a client request (no flag) is forwarded with
 * forward=true, which may be forwarded once more with forward=false; a
 * request that arrived with forward=false and is still misrouted gets 409.
 */
#ifndef CONNECTD_REST_REST_FORWARD_H
#define CONNECTD_REST_REST_FORWARD_H

#include <stddef.h>

#include "rest/rest_api.h"

/* resp holds the herder's answer with resp->forward_url set; it is
 * replaced by the forwarded answer (or a 409/500). target: the raw
 * request target ("/path?query", percent-encoded). */
void rest_forward(const char *method, const char *target, const char *body, size_t body_len,
                  const rest_client_headers_t *headers, rest_response_t *resp);

#endif
