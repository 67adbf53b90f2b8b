/*
 * Schemaless JSON for the rest of the worker: exactly what Kafka's
 * JsonConverter with schemas.enable=false writes and reads, as the
 * offset store and the internal topics need it. E.g. the offset key
 * ["file-source",{"filename":"/tmp/in.txt"}] and value {"position":42}.
 */
#ifndef CONNECTD_CONVERT_JSON_CODEC_H
#define CONNECTD_CONVERT_JSON_CODEC_H

#include <connectd/data.h>
#include <connectd/error.h>
#include <stddef.h>

#include "util/buf.h"

/* Append s as a JSON string (Jackson's escaping); NULL writes null. */
void json_codec_write_string(buf_t *b, const char *s);

/* Append the compact JSON of a schemaless value: maps with string keys as
 * objects in insertion order (other maps as [[k,v],...]), arrays, numbers
 * as Java prints them, bytes as base64, NULL as null. Returns 0, or -1
 * for a value JSON cannot carry without a schema (a struct), leaving b as
 * it was. */
int json_codec_write(buf_t *b, const cd_value_t *v);

/* Parse JSON into a schemaless value in arena: integers become INT64,
 * other numbers FLOAT64, objects string-keyed MAPs, arrays ARRAYs; JSON
 * null and empty input give NULL. 0, or CD_ERR_DATA with err filled. */
int json_codec_parse(const char *data, size_t len, cd_arena_t *arena, const cd_value_t **out,
                     cd_error_t *err);

#endif
