/*
 * The schema side of Values.parseString (internal to values_parse.c and
 * values_infer.c): parsed elements as Java's SchemaAndValue, the common
 * schema of a list's elements or a map's keys and values (SchemaMerger),
 * and converting every element to it (Values.convertTo) as Kafka does
 * before it hands the list or map out.
 */
#ifndef CONNECTD_CONVERT_VALUES_INFER_H
#define CONNECTD_CONVERT_VALUES_INFER_H

#include <connectd/data.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "convert/values_temporal.h"

/* Outcomes of the parsing steps. */
enum {
    VALUES_OK = 0,
    VALUES_DATA = -1,  /* a DataException: the caller falls back to a string */
    VALUES_FATAL = -2, /* an unexpected failure: the header keeps its bytes */
};

/* A SchemaAndValue; present == false is Java's null (the literal null). */
typedef struct sav {
    bool present;
    const cd_schema_t *schema;
    const cd_value_t *value;
    bool is_date; /* the value is a java.util.Date at `ms` */
    int64_t ms;
} sav_t;

/* The elements of an array being parsed. */
typedef struct values_list {
    sav_t *items;
    size_t n, cap;
} values_list_t;

/* Values.SchemaMerger: the common schema so far; once two schemas have
 * none, it stays without one. */
typedef struct values_merger {
    const cd_schema_t *common;
    bool incompatible;
} values_merger_t;

/* The entries of a map being parsed: a LinkedHashMap (an equal key, by
 * Java's equals, keeps its place and takes the new value), with the key
 * and value schemas merged as entries arrive. */
typedef struct values_entries {
    sav_t *keys, *values;
    size_t n, cap;
    size_t *slots; /* open addressing over keys: index + 1, 0 = free */
    size_t nslots;
    values_merger_t key_schema, value_schema;
} values_entries_t;

/* A parsed Date (days), Time (ms of day, wrapped to an int) or Timestamp. */
void values_infer_temporal(cd_arena_t *arena, values_temporal_kind_t kind, int64_t ms, sav_t *out);

void values_list_add(values_list_t *list, const sav_t *item);
void values_list_free(values_list_t *list);
/* The list as an ARRAY: of the common element schema with every element
 * converted to it, else of no element schema (value_schema NULL) with the
 * elements as they are. VALUES_DATA when an element cannot be converted
 * (null to a required schema, a date to a number, ...). */
int values_infer_list(cd_arena_t *arena, const values_list_t *list, sav_t *out);

void values_entries_put(values_entries_t *map, const sav_t *key, const sav_t *value);
void values_entries_free(values_entries_t *map);
/* The map as a MAP, converted like a list: keys and values to their common
 * schemas, or keys only when values have none, or neither. */
int values_infer_map(cd_arena_t *arena, const values_entries_t *map, sav_t *out);

#endif
