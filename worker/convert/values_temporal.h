/*
 * The date and time text of Kafka's Values class (used by the
 * SimpleHeaderConverter): java.text.SimpleDateFormat with the patterns
 * "yyyy-MM-dd", "HH:mm:ss.SSS'Z'" and "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", in
 * UTC, on java.util.GregorianCalendar (Julian before 1582-10-15; only
 * parsing gets there, as Kafka prints any instant before 1970-01-02 as a
 * time of day).
 */
#ifndef CONNECTD_CONVERT_VALUES_TEMPORAL_H
#define CONNECTD_CONVERT_VALUES_TEMPORAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define VALUES_MILLIS_PER_DAY 86400000LL

typedef enum values_temporal_kind {
    VALUES_TEMPORAL_DATE,      /* yyyy-MM-dd, 10 characters */
    VALUES_TEMPORAL_TIME,      /* HH:mm:ss.SSS'Z', 13 characters */
    VALUES_TEMPORAL_TIMESTAMP, /* yyyy-MM-dd'T'HH:mm:ss.SSS'Z', 24 characters */
} values_temporal_kind_t;

/* Values.dateFormatFor(d).format(d) for a java.util.Date of `ms`: the
 * time form when ms < one day (negative too), the date form for a whole
 * number of days, else the timestamp form. */
void values_format_temporal(buf_t *out, int64_t ms);

/* new SimpleDateFormat(pattern).parse(text, new ParsePosition(0)) and its
 * getTime(): lenient (fields roll over, "2023-13-01" is 2024-01-01), each
 * number may be preceded by spaces or tabs and may be negative, "NaN"
 * counts as 0 and "∞" as Integer.MAX_VALUE, and text left after the
 * pattern is ignored. Times wrap as Java's long arithmetic does. True and
 * *ms on success. Digits are ASCII only (Java also takes other Unicode
 * decimal digits). */
bool values_parse_temporal(values_temporal_kind_t kind, const char *text, size_t len, int64_t *ms);

#endif
