/*
 * Kafka Connect's data model: schemas and values.
 *
 * Values and the schemas built at run time live in an arena owned by the
 * batch (or by whoever created the arena): nothing is freed field by field,
 * the whole arena goes at once. Plugins allocate through the arena they are
 * handed and never keep pointers into a batch after returning it.
 *
 * Structs here are read-only views for plugins: build values with the
 * cd_value_* constructors, schemas with cd_schema_* functions.
 * A NULL `const cd_value_t *` is Kafka Connect's null.
 */
#ifndef CONNECTD_DATA_H
#define CONNECTD_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi.h"

/* ---- arena ---------------------------------------------------------- */

typedef struct cd_arena cd_arena_t;

/* Caller destroys. chunk_size 0 picks a default. */
cd_arena_t *cd_arena_new(size_t chunk_size);
void cd_arena_destroy(cd_arena_t *arena);
/* Forget every allocation but keep the memory for reuse. */
void cd_arena_reset(cd_arena_t *arena);
/* Never returns NULL (aborts on out of memory, like the rest of the
 * worker's allocators); memory is zeroed and max-aligned. */
void *cd_arena_alloc(cd_arena_t *arena, size_t size);
char *cd_arena_strdup(cd_arena_t *arena, const char *s);
char *cd_arena_strndup(cd_arena_t *arena, const char *s, size_t len);
char *cd_arena_sprintf(cd_arena_t *arena, const char *fmt, ...) CD_PRINTF(2, 3);

/* ---- schemas -------------------------------------------------------- */

typedef enum cd_type {
    CD_TYPE_INT8,
    CD_TYPE_INT16,
    CD_TYPE_INT32,
    CD_TYPE_INT64,
    CD_TYPE_FLOAT32,
    CD_TYPE_FLOAT64,
    CD_TYPE_BOOLEAN,
    CD_TYPE_STRING,
    CD_TYPE_BYTES,
    CD_TYPE_ARRAY,
    CD_TYPE_MAP,
    CD_TYPE_STRUCT,
} cd_type_t;

/* Logical type names (schema name, version 1). */
#define CD_LOGICAL_DECIMAL "org.apache.kafka.connect.data.Decimal"
#define CD_LOGICAL_DATE "org.apache.kafka.connect.data.Date"
#define CD_LOGICAL_TIME "org.apache.kafka.connect.data.Time"
#define CD_LOGICAL_TIMESTAMP "org.apache.kafka.connect.data.Timestamp"
#define CD_DECIMAL_SCALE_PARAM "scale"

typedef struct cd_schema cd_schema_t;
typedef struct cd_value cd_value_t;

typedef struct cd_schema_param {
    const char *key;
    const char *value;
} cd_schema_param_t;

typedef struct cd_field {
    const char *name;
    int index;
    const cd_schema_t *schema;
} cd_field_t;

struct cd_schema {
    cd_type_t type;
    bool optional;
    bool has_version;
    int32_t version;
    const char *name;             /* NULL when unnamed */
    const char *doc;              /* NULL when absent */
    const cd_value_t *default_value; /* NULL when no default */
    bool has_default;             /* distinguishes "default null" from none */
    const cd_schema_param_t *params;
    size_t n_params;
    const cd_schema_t *key_schema;   /* MAP */
    const cd_schema_t *value_schema; /* MAP values, ARRAY items */
    const cd_field_t *fields;        /* STRUCT, in order */
    size_t n_fields;
};

/* Static, immortal schemas for the primitive types. */
const cd_schema_t *cd_schema_primitive(cd_type_t type, bool optional);
/* Look a struct field up by name; NULL when absent. */
const cd_field_t *cd_schema_field(const cd_schema_t *schema, const char *name);
/* A parameter's value, NULL when absent. */
const char *cd_schema_param(const cd_schema_t *schema, const char *key);
/* True when the schema carries the given logical name. */
bool cd_schema_is_logical(const cd_schema_t *schema, const char *logical_name);
const char *cd_type_name(cd_type_t type); /* "int8", "string", "struct", ... */
/* Kafka's Schema.Type name, as its messages print it: "INT8", "FLOAT64", ... */
const char *cd_type_java_name(cd_type_t type);
/* ConnectSchema.equals: type, optionality, name, version, doc, default,
 * parameters, and (recursively) fields and key/value schemas. */
bool cd_schema_equals(const cd_schema_t *a, const cd_schema_t *b);

/* Schema builder: start, set attributes, add fields, then use the schema
 * (it lives in the arena; the builder is the schema). */
cd_schema_t *cd_schema_new(cd_arena_t *arena, cd_type_t type);
void cd_schema_add_field(cd_arena_t *arena, cd_schema_t *s, const char *name,
                         const cd_schema_t *field_schema);
void cd_schema_add_param(cd_arena_t *arena, cd_schema_t *s, const char *key, const char *value);
/* Logical type helpers. */
const cd_schema_t *cd_schema_decimal(cd_arena_t *arena, int scale, bool optional);
const cd_schema_t *cd_schema_date(bool optional);
const cd_schema_t *cd_schema_time(bool optional);
const cd_schema_t *cd_schema_timestamp(bool optional);

/* ---- values --------------------------------------------------------- */

struct cd_value {
    cd_type_t type;
    union {
        int64_t i;    /* INT8..INT64 (and Date, Time, Timestamp) */
        double f;     /* FLOAT32, FLOAT64 */
        bool b;       /* BOOLEAN */
        struct {
            const char *data; /* NUL-terminated too */
            size_t len;
        } str;        /* STRING */
        struct {
            const uint8_t *data;
            size_t len;
        } bytes;      /* BYTES (and Decimal: big-endian two's complement) */
        struct {
            const cd_value_t **items;
            size_t n;
        } array;      /* ARRAY */
        struct {
            const cd_value_t **keys;
            const cd_value_t **values;
            size_t n;
        } map;        /* MAP, in insertion order */
        struct {
            const cd_schema_t *schema;
            const cd_value_t **fields; /* by field index; NULL = null */
        } strct;      /* STRUCT */
    } u;
};

const cd_value_t *cd_value_int(cd_arena_t *arena, cd_type_t type, int64_t v);
const cd_value_t *cd_value_float(cd_arena_t *arena, cd_type_t type, double v);
const cd_value_t *cd_value_bool(cd_arena_t *arena, bool v);
const cd_value_t *cd_value_string(cd_arena_t *arena, const char *s, size_t len);
const cd_value_t *cd_value_cstring(cd_arena_t *arena, const char *s);
const cd_value_t *cd_value_bytes(cd_arena_t *arena, const void *data, size_t len);

/* Arrays and maps: create with a capacity, then append. */
cd_value_t *cd_value_array_new(cd_arena_t *arena, size_t capacity);
void cd_value_array_append(cd_arena_t *arena, cd_value_t *array, const cd_value_t *item);
cd_value_t *cd_value_map_new(cd_arena_t *arena, size_t capacity);
void cd_value_map_put(cd_arena_t *arena, cd_value_t *map, const cd_value_t *key,
                      const cd_value_t *value);
/* Convenience for string-keyed maps (source partitions and offsets). */
void cd_value_map_put_str(cd_arena_t *arena, cd_value_t *map, const char *key,
                          const cd_value_t *value);
/* Lookup in a string-keyed map; NULL when absent or null. */
const cd_value_t *cd_value_map_get(const cd_value_t *map, const char *key);

/* Structs: every field starts null; set by name or index. */
cd_value_t *cd_value_struct_new(cd_arena_t *arena, const cd_schema_t *schema);
/* Returns 0, or -1 when the schema has no such field. */
int cd_value_struct_put(cd_value_t *strct, const char *field, const cd_value_t *value);
/* Field value, falling back to the field schema's default; NULL for null. */
const cd_value_t *cd_value_struct_get(const cd_value_t *strct, const char *field);

/* The Java class Kafka would name for this value in messages
 * (value.getClass().getName()): "java.lang.Integer", "[B",
 * "org.apache.kafka.connect.data.Struct", ...; "null" for NULL. */
const char *cd_value_java_class(const cd_value_t *v);

/* Deep equality of two values (NULL equals NULL). */
bool cd_value_equals(const cd_value_t *a, const cd_value_t *b);
/* Deep copy into another arena (values outlive their batch this way). */
const cd_value_t *cd_value_copy(cd_arena_t *arena, const cd_value_t *v);
const cd_schema_t *cd_schema_copy(cd_arena_t *arena, const cd_schema_t *s);

/* ---- text forms (org.apache.kafka.connect.data.Values) -------------- */

/* Values.parseString: the schema and value Kafka infers from text (both
 * NULL for the literal "null"), allocated in arena. Returns 0, or -1 when
 * the text is not valid UTF-8 or nests too deep. */
int cd_values_parse_string(cd_arena_t *arena, const char *text, size_t len,
                           const cd_schema_t **schema, const cd_value_t **value);
/* Double.toString / Float.toString as Java 19+ prints them ("100.0",
 * "1.0E7", "4.9E-324", "NaN"): NUL-terminated into out, which must hold
 * CD_JAVA_NUMBER_MAX bytes; returns the length. */
#define CD_JAVA_NUMBER_MAX 40
size_t cd_java_double_to_string(double v, char *out);
size_t cd_java_float_to_string(float v, char *out);

/* Values.convertToString (schema may be NULL), allocated in arena; "null"
 * for a NULL value. */
const char *cd_values_to_string(cd_arena_t *arena, const cd_schema_t *schema,
                                const cd_value_t *value);

#endif
