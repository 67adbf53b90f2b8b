/*
 * The transforms preview (POST /connectd/v1/transforms/preview, see
 * docs/transforms-preview.md): run a connector's transform chain on records
 * given as JSON, step by step, without Kafka or a connector, and describe
 * what each step did and what errors.tolerance would decide on an error.
 *
 * Records are JSON objects: topic, partition, key, key_schema, value,
 * value_schema, timestamp, headers ([{"key","value","schema"}]) and, for a
 * record as a sink connector sees it, offset. Schemas are in Kafka
 * JsonConverter's schema form; a null or absent schema means schemaless.
 * Values are read and written as JsonConverter does (decimals as base64).
 *
 * Independent of HTTP: rest_preview.c only parses the request around it.
 */
#ifndef CONNECTD_RUNTIME_TRANSFORM_PREVIEW_H
#define CONNECTD_RUNTIME_TRANSFORM_PREVIEW_H

#include <connectd/plugin.h>
#include <jansson.h>
#include <stdbool.h>

#include "plugin/registry.h"

/* Most records one preview request may carry. */
#define TRANSFORM_PREVIEW_MAX_RECORDS 1000

typedef struct transform_preview transform_preview_t;

/* config: the connector config (only transforms.*, predicates.* and
 * errors.tolerance are read). NULL with err filled (CD_ERR_CONFIG, the
 * message naming the key) when the chain cannot be built. */
transform_preview_t *transform_preview_new(const plugin_registry_t *reg, const cd_props_t *config,
                                           cd_error_t *err);
void transform_preview_destroy(transform_preview_t *p);

/* Run one record (its JSON form). On success *result is the final record's
 * JSON or JSON null (dropped, skipped or failed) and *stage the step-by-step
 * account; both are new references. Returns 0, or CD_ERR_DATA with err
 * naming the field (e.g. "value_schema: ...") when `record` is malformed. */
int transform_preview_run(transform_preview_t *p, const json_t *record, json_t **result,
                          json_t **stage, cd_error_t *err);

/* The record codec on its own (tests, tools). record_from_json builds the
 * record in arena; record_to_json returns a new reference or NULL with err
 * filled when a value does not fit its schema. */
int transform_preview_record_from_json(cd_arena_t *arena, const json_t *json,
                                       const cd_record_t **out, cd_error_t *err);
json_t *transform_preview_record_to_json(const cd_record_t *r, cd_error_t *err);

#endif
