/*
 * A small java.text.SimpleDateFormat for TimestampConverter and
 * TimestampRouter, always in UTC with English names (Kafka sets the UTC
 * zone; the JVM default locale is assumed to be English).
 *
 * Pattern letters: G y Y M L w W D d F E u a H k K h m s S z Z X, with
 * 'quoted text' and '' for a quote; other ASCII letters are rejected as
 * Java rejects them. Dates use the proleptic Gregorian calendar (Java
 * switches to the Julian calendar before 1582-10-15); weeks follow the US
 * rules (weeks start on Sunday, week 1 holds January 1st).
 */
#ifndef CONNECTD_ROUTING_SDF_H
#define CONNECTD_ROUTING_SDF_H

#include <connectd/data.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sdf sdf_t;

/* Compile pattern into arena (the format lives as long as the arena).
 * NULL with msg filled with Java's IllegalArgumentException text
 * ("Illegal pattern character 'q'", "Unterminated quote"). */
sdf_t *sdf_compile(cd_arena_t *arena, const char *pattern, char *msg, size_t msglen);
/* The pattern as given (SimpleDateFormat.toPattern()). */
const char *sdf_pattern(const sdf_t *f);
/* SimpleDateFormat.format(new Date(epoch_ms)), allocated in arena. */
const char *sdf_format(const sdf_t *f, int64_t epoch_ms, cd_arena_t *arena);
/* SimpleDateFormat.parse(text): lenient (out-of-range fields roll over),
 * text after the pattern is ignored. Returns 0, or -1 where Java throws
 * ParseException. */
int sdf_parse(const sdf_t *f, const char *text, int64_t *epoch_ms);

#endif
