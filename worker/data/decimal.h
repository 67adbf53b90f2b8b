/*
 * Decimal logical type helpers: Kafka stores a decimal as the big-endian
 * two's-complement bytes of its unscaled value (Java's
 * BigInteger.toByteArray()) plus the schema's "scale" parameter. These
 * convert to and from decimal text of any length, as JSON's NUMERIC
 * decimal format and string renderings need.
 */
#ifndef CONNECTD_DATA_DECIMAL_H
#define CONNECTD_DATA_DECIMAL_H

#include <connectd/data.h>
#include <connectd/error.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* The schema's scale parameter, parsed like Java's Integer.parseInt.
 * 0, or CD_ERR_DATA with Kafka's message ("Invalid Decimal schema: scale
 * parameter not found." / "Invalid scale parameter found in Decimal
 * schema: "). */
int decimal_schema_scale(const cd_schema_t *schema, int32_t *scale, cd_error_t *err);

/* Append Java's BigDecimal.toString() of unscaled * 10^-scale: "-12.345",
 * "0.00", "1.5E+3" for a negative scale, "1E-10" for tiny values. Empty
 * input counts as zero. */
void decimal_to_string(buf_t *out, const uint8_t *unscaled, size_t len, int32_t scale);
/* Same as BigDecimal.toPlainString(): never an exponent. */
void decimal_to_plain_string(buf_t *out, const uint8_t *unscaled, size_t len, int32_t scale);

typedef enum decimal_status {
    DECIMAL_OK = 0,
    DECIMAL_ERR_SYNTAX,  /* not a decimal literal */
    DECIMAL_ERR_INEXACT, /* more fraction digits than the scale keeps */
    DECIMAL_ERR_RANGE,   /* exponent or digit count beyond what we handle */
} decimal_status_t;

/* Parse a literal as Java's new BigDecimal(String) does ("-12.345", "+7",
 * ".5", "1.5E+3") and give its unscaled value at exactly `scale` as
 * minimal two's-complement bytes allocated in arena. Rescaling only adds
 * zeros or drops trailing zeros; anything else is DECIMAL_ERR_INEXACT.
 * literal_scale (may be NULL) gets the literal's own scale. */
decimal_status_t decimal_from_string(cd_arena_t *arena, const char *text, size_t len,
                                     int32_t scale, const uint8_t **out, size_t *out_len,
                                     int32_t *literal_scale);

/* The minimal two's-complement form of the same number (what
 * BigInteger.toByteArray() would give): a sub-range of the input, or a
 * static zero byte for empty input. */
void decimal_minimal(const uint8_t *bytes, size_t len, const uint8_t **out, size_t *out_len);

#endif
