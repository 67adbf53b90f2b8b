/*
 * The heart of Kafka's JsonConverter: Connect schemas and values to JSON
 * (fromConnectData) and back (toConnectData), with Kafka's key order,
 * logical types and error messages. The converter plugin
 * (json_converter.c) adds the envelope and configuration; json_codec.h
 * offers the schemaless subset to the rest of the worker.
 */
#ifndef CONNECTD_CONVERT_JSON_DATA_H
#define CONNECTD_CONVERT_JSON_DATA_H

#include <connectd/data.h>
#include <connectd/error.h>
#include <stdbool.h>

#include "convert/json_tree.h"
#include "util/buf.h"

typedef struct json_data_opts {
    bool decimal_numeric;           /* decimal.format=NUMERIC (else BASE64) */
    bool replace_null_with_default; /* replace.null.with.default */
} json_data_opts_t;

/* Append Kafka's JSON form of a schema (asJsonSchema): keys in the order
 * type, items | keys, values | fields, optional, name, version, doc,
 * parameters, default; "null" for a NULL schema. 0, or CD_ERR_DATA when a
 * default value cannot be written. */
int json_data_write_schema(buf_t *b, const cd_schema_t *schema, const json_data_opts_t *o,
                           cd_error_t *err);

/* Append the JSON of a value (convertToJson). schema may be NULL
 * (schemaless: the value's own types decide). On error the buffer holds a
 * partial document: the caller discards it. */
int json_data_write_value(buf_t *b, const cd_schema_t *schema, const cd_value_t *value,
                          const json_data_opts_t *o, cd_error_t *err);

/* Build a schema from its JSON form (asConnectSchema) in arena; *out is
 * NULL for a JSON null. 0, or CD_ERR_DATA with Kafka's message. */
int json_data_read_schema(cd_arena_t *arena, const jtree_node_t *node, const json_data_opts_t *o,
                          const cd_schema_t **out, cd_error_t *err);

/* Convert JSON to a value of schema (convertToConnect) in arena; with a
 * NULL schema the types are inferred (integer -> INT64, other numbers ->
 * FLOAT64, object -> MAP with string keys, ...). node NULL means missing.
 * String values share the tree's text, so the tree must live in the same
 * arena (or longer). */
int json_data_read_value(cd_arena_t *arena, const cd_schema_t *schema, const jtree_node_t *node,
                         const json_data_opts_t *o, const cd_value_t **out, cd_error_t *err);

#endif
