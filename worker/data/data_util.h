/* Helpers around the public data model (include/connectd/data.h) that the
 * worker's converters need but plugins do not. */
#ifndef CONNECTD_DATA_UTIL_H
#define CONNECTD_DATA_UTIL_H

#include <connectd/data.h>
#include <stdbool.h>

/* Deep schema equality as Java's ConnectSchema.equals: type, optional,
 * name, version, doc, parameters (order-insensitive), default, fields,
 * key and value schemas. NULL equals NULL. */
bool data_schema_equals(const cd_schema_t *a, const cd_schema_t *b);

/* True for the static, immortal schemas (primitives, Date, Time,
 * Timestamp): they need no copy and must never be modified. */
bool data_schema_is_static(const cd_schema_t *s);

/* Java's Schema.Type name: "INT8", "FLOAT32", "STRUCT", ... */
const char *data_type_java_name(cd_type_t type);

/* The Java class Kafka Connect would hold for this value, as
 * Class.toString() prints it ("class java.lang.Integer"); "null" for NULL.
 * Used to word error messages exactly as Kafka does. */
const char *data_value_java_class(const cd_value_t *v);

/* Deep copy of v into arena where `from` is the schema v was written
 * against and `to` its copy: struct values on `from` are re-pointed to
 * `to` instead of copying their schema again (which also breaks the cycle
 * of a struct schema whose default refers to itself). */
const cd_value_t *data_value_copy_mapped(cd_arena_t *arena, const cd_value_t *v,
                                         const cd_schema_t *from, const cd_schema_t *to);

/* Deep equality of a and b, values of the schemas sa and sb (either may be
 * NULL): struct values on exactly sa and sb are taken to have equal
 * schemas, which is what the caller is in the middle of comparing. */
bool data_value_equals_in(const cd_value_t *a, const cd_value_t *b, const cd_schema_t *sa,
                          const cd_schema_t *sb);

/* INT8, INT16, INT32 or INT64. */
bool data_type_is_integer(cd_type_t type);

#endif
