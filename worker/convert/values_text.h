/*
 * The text forms of org.apache.kafka.connect.data.Values, which the
 * SimpleHeaderConverter writes header values in and infers schemas from.
 */
#ifndef CONNECTD_CONVERT_VALUES_TEXT_H
#define CONNECTD_CONVERT_VALUES_TEXT_H

#include <connectd/data.h>
#include <stddef.h>

#include "util/buf.h"

/* Values.convertToString(schema, value) appended to out (schema may be
 * NULL; value must not be). Strings as they are, numbers and booleans as
 * Java prints them, bytes as base64, lists "[a,b]", maps "{k:v}", structs
 * "{"f":v}" with every field (defaults for unset ones), "null" for nulls
 * inside; strings and bytes inside containers are double-quoted, strings
 * with '\' and '"' escaped. Decimals print as BigDecimal.toString(), and
 * Date/Time/Timestamp values (known from the schema) as Values.dateFormatFor
 * picks: "HH:mm:ss.SSS'Z'" below one day, "yyyy-MM-dd" on a whole day, else
 * "yyyy-MM-ddTHH:mm:ss.SSSZ", in UTC. */
void values_append_string(buf_t *out, const cd_schema_t *schema, const cd_value_t *value);

/* Values.parseString(text) for UTF-8 text: *schema and *value (both NULL
 * for the literal "null"), allocated in arena. Returns 0, or -1 for what
 * Java would fail on unexpectedly (nesting too deep for the stack), where
 * the SimpleHeaderConverter keeps the raw bytes instead. The text must be
 * valid UTF-8. */
int values_parse_string(cd_arena_t *arena, const char *text, size_t len,
                        const cd_schema_t **schema, const cd_value_t **value);

#endif
