/*
 * A JSON document parsed into an arena, with the number details Kafka's
 * JsonConverter depends on.
 *
 * Jackson (which Kafka uses) keeps every number exactly: integers as int,
 * long or BigInteger nodes and, with USE_BIG_DECIMAL_FOR_FLOATS, other
 * numbers as BigDecimal. Decimal schemas in NUMERIC format need those
 * exact digits, which jansson's double-only reals lose, so the worker
 * parses JSON itself. It accepts what Jackson's default ObjectMapper in
 * Kafka accepts: leading zeros in numbers (ALLOW_LEADING_ZEROS_FOR_NUMBERS),
 * a UTF-8 BOM, content after the first complete value (ignored, as
 * FAIL_ON_TRAILING_TOKENS is off), duplicate keys (the last value wins at
 * the first key's position); nesting deeper than 1000 levels and numbers
 * longer than 1000 characters are refused like Jackson's default
 * StreamReadConstraints. Strings must be valid UTF-8.
 */
#ifndef CONNECTD_CONVERT_JSON_TREE_H
#define CONNECTD_CONVERT_JSON_TREE_H

#include <connectd/data.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum jtree_kind {
    JTREE_NULL,
    JTREE_BOOL,
    JTREE_NUMBER,
    JTREE_STRING,
    JTREE_ARRAY,
    JTREE_OBJECT,
} jtree_kind_t;

/* Jackson's numeric node classes, which decide isInt() and
 * isIntegralNumber(). */
typedef enum jtree_numclass {
    JTREE_NUM_INT,     /* integer within int32 (IntNode) */
    JTREE_NUM_LONG,    /* integer within int64 (LongNode) */
    JTREE_NUM_BIGINT,  /* larger integer (BigIntegerNode) */
    JTREE_NUM_DECIMAL, /* has a fraction or exponent (DecimalNode) */
} jtree_numclass_t;

typedef struct jtree_node jtree_node_t;

typedef struct jtree_member {
    const char *key; /* NUL-terminated; may contain NULs (see key_len) */
    size_t key_len;
    const jtree_node_t *value;
} jtree_member_t;

struct jtree_node {
    jtree_kind_t kind;
    union {
        bool b;
        struct {
            const char *text; /* the literal, NUL-terminated */
            size_t len;
            jtree_numclass_t cls;
            int64_t i; /* the value for INT and LONG */
        } num;
        struct {
            const char *s; /* decoded UTF-8, NUL-terminated */
            size_t len;
        } str;
        struct {
            const jtree_node_t **items;
            size_t n;
        } arr;
        struct {
            const jtree_member_t *members; /* in document order */
            size_t n;
        } obj;
    } u;
};

/* Parse data into arena. *out is NULL for empty or all-whitespace input
 * (Jackson's MissingNode). 0, or -1 with a description in err. */
int jtree_parse(cd_arena_t *arena, const char *data, size_t len, const jtree_node_t **out,
                char *err, size_t errlen);

/* Parse one value that sits at nesting depth `depth` of an enclosing
 * document (0 = the root): leading whitespace is skipped, no BOM and no
 * root-level rules apply, and *end is set to the offset just past the
 * value, where the caller checks what the enclosing document expects. An
 * absent value is an error. 0, or -1 with a description in err. */
int jtree_parse_value(cd_arena_t *arena, const char *data, size_t len, int depth,
                      const jtree_node_t **out, size_t *end, char *err, size_t errlen);

/* An object's member value; NULL when absent or not an object. */
const jtree_node_t *jtree_get(const jtree_node_t *obj, const char *key);

/* Jackson's JsonNodeType name: NULL, BOOLEAN, NUMBER, STRING, ARRAY,
 * OBJECT; "MISSING" for a NULL pointer. */
const char *jtree_type_name(const jtree_node_t *n);

/* Java's JsonNode.longValue() of a number: integers wrap to their low 64
 * bits, decimals truncate toward zero first. 0 for non-numbers. */
int64_t jtree_long_value(const jtree_node_t *n);
/* doubleValue() / floatValue(): correctly rounded; 0 for non-numbers. */
double jtree_double_value(const jtree_node_t *n);
float jtree_float_value(const jtree_node_t *n);

#endif
