/*
 * The OpenAPI 3 document of the REST API (worker/rest/openapi.json),
 * compiled into the binary by the Makefile (scripts/embed-file) and served
 * as GET /openapi.json. tests/unit/test_openapi.c keeps it true to the
 * router: every route is documented and every documented operation routed.
 */
#ifndef CONNECTD_REST_REST_OPENAPI_H
#define CONNECTD_REST_REST_OPENAPI_H

#include <stddef.h>

/* The document's bytes, NUL-terminated; rest_openapi_json_len excludes
 * the NUL. Defined in the generated build/<out>/gen/openapi_json.c. */
extern const unsigned char rest_openapi_json[];
extern const size_t rest_openapi_json_len;

#endif
