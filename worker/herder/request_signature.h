/*
 * Signed internal requests (KIP-507): with the `sessioned` protocol a
 * follower signs the task configs it sends to the leader with the session
 * key from the config topic (HMAC-SHA256 of the raw body, base64, in
 * X-Connect-Authorization), and the leader checks it. REST basic auth lets
 * this one endpoint through, as Kafka's JaasBasicAuthFilter does: the
 * signature is its authentication.
 */
#ifndef CONNECTD_HERDER_REQUEST_SIGNATURE_H
#define CONNECTD_HERDER_REQUEST_SIGNATURE_H

#include <stddef.h>

#include "herder/herder.h"

#define REQUEST_SIGNATURE_HEADER "X-Connect-Authorization"
#define REQUEST_SIGNATURE_ALGORITHM_HEADER "X-Connect-Request-Signature-Algorithm"
#define REQUEST_SIGNATURE_ALGORITHM "HmacSHA256"

/* base64 of HMAC-SHA256(key, body); key_base64 is the session key as the
 * config topic holds it. NULL when the key is not valid base64. Caller
 * frees. */
char *request_signature_sign(const char *key_base64, const char *body, size_t len);

/* 0 when signature (base64) is body's HMAC under the key; else Kafka's
 * answers: no signature 400, other algorithm 400, no key yet 503, wrong
 * signature 403. */
int request_signature_verify(const char *key_base64, const char *body, size_t len,
                             const char *signature, const char *algorithm, herder_error_t *err);

#endif
