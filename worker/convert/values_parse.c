/*
 * Values.parseString: the schema and value the SimpleHeaderConverter infers
 * from a header's text. This mirrors Kafka 4.3's Values.Parser (the
 * tokenizer) and Values.ValueParser step by step, including its quirks:
 * a top-level "1,2" is the INT8 1 (text after the first value is ignored),
 * "[1, null]" stays a string (null cannot be converted to the INT8 element
 * schema), quoted strings keep their backslashes, and map entries need no
 * commas between them. How parsed elements get a common schema and are
 * converted to it lives in values_infer.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "convert/values_infer.h"
#include "convert/values_temporal.h"
#include "convert/values_text.h"
#include "data/decimal.h"

/* Java overflows its stack somewhere between 1,500 and 2,000 nested
 * arrays or maps with a 1 MB thread stack, and the converter then keeps
 * the raw bytes; we stop at a fixed depth well inside our own stack. */
#define MAX_DEPTH 1000

typedef struct span {
    size_t start, len;
} span_t;

typedef struct vparser {
    cd_arena_t *arena;
    const char *s;
    size_t n;
    size_t pos;
    bool has_next; /* a token read ahead (Parser.nextToken) */
    span_t next;
    bool has_prev; /* Parser.previousToken */
    span_t prev;
    int depth;
} vparser_t;

/* ---- Values.Parser -------------------------------------------------- */

static bool is_delimiter(char c) {
    return c == ':' || c == ',' || c == '{' || c == '}' || c == '[' || c == ']' || c == '"';
}

/* A delimiter on its own, or the text up to the next unescaped delimiter. */
static span_t consume_token(vparser_t *p) {
    bool escaped = false;
    size_t start = p->pos;
    for (; p->pos < p->n; p->pos++) {
        char c = p->s[p->pos];
        if (c == '\\') {
            escaped = !escaped;
        } else if (is_delimiter(c) && !escaped) {
            if (start < p->pos) return (span_t){start, p->pos - start};
            p->pos++;
            return (span_t){start, 1};
        } else {
            escaped = false;
        }
    }
    return (span_t){start, p->pos - start};
}

static size_t mark(const vparser_t *p) { return p->has_next ? p->next.start : p->pos; }

static void rewind_to(vparser_t *p, size_t position) {
    p->pos = position;
    p->has_next = p->has_prev = false;
}

static bool has_more(const vparser_t *p) { return p->has_next || p->pos < p->n; }

static span_t next_token(vparser_t *p) {
    p->prev = p->has_next ? p->next : consume_token(p);
    p->has_next = false;
    p->has_prev = true;
    return p->prev;
}

/* Parser.next(n): the text of the next n tokens, or false (and nothing
 * consumed) when there are fewer. */
static bool next_tokens(vparser_t *p, int n, span_t *text) {
    size_t start = mark(p);
    for (int i = 0; i < n; i++) {
        if (!has_more(p)) {
            rewind_to(p, start);
            return false;
        }
        next_token(p);
    }
    *text = (span_t){start, p->pos - start};
    return true;
}

/* String.trim(): everything up to U+0020 counts as blank. */
static span_t trim(const vparser_t *p, span_t t) {
    while (t.len && (unsigned char)p->s[t.start] <= ' ') t.start++, t.len--;
    while (t.len && (unsigned char)p->s[t.start + t.len - 1] <= ' ') t.len--;
    return t;
}

static bool is_blank(const vparser_t *p, span_t t) { return trim(p, t).len == 0; }

/* Parser.isNext + canConsume: blank tokens before it are skipped. */
static bool can_consume(vparser_t *p, const char *expected) {
    if (!p->has_next) {
        if (!has_more(p)) return false;
        p->next = consume_token(p);
        p->has_next = true;
    }
    while (is_blank(p, p->next) && p->pos < p->n) p->next = consume_token(p);
    span_t t = trim(p, p->next);
    size_t k = strlen(expected);
    if (t.len != k || memcmp(p->s + t.start, expected, k) != 0) return false;
    p->has_next = false;
    return true;
}

/* ---- scalars -------------------------------------------------------- */

static void sav_set(sav_t *out, const cd_schema_t *schema, const cd_value_t *value) {
    *out = (sav_t){.present = true, .schema = schema, .value = value};
}

static size_t utf16_length(const char *s, size_t n) {
    size_t units = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) != 0x80) units += c >= 0xF0 ? 2 : 1;
    }
    return units;
}

/* ValueParser.parseAsTemporal: escaped colons unescaped, then the pattern
 * whose length (in UTF-16 units) the text has. */
static bool parse_as_temporal(vparser_t *p, const char *text, size_t len, sav_t *out) {
    /* 24 units take at most 96 bytes even with every colon escaped. */
    if (len > 96) return false;
    char buf[96];
    size_t m = 0;
    for (size_t i = 0; i < len; i++) {
        bool esc = text[i] == '\\' && i + 1 < len && text[i + 1] == ':';
        buf[m++] = esc ? ':' : text[i];
        i += esc;
    }
    values_temporal_kind_t kind;
    switch (utf16_length(buf, m)) {
    case 13: kind = VALUES_TEMPORAL_TIME; break;
    case 24: kind = VALUES_TEMPORAL_TIMESTAMP; break;
    case 10: kind = VALUES_TEMPORAL_DATE; break;
    default: return false;
    }
    int64_t ms;
    if (!values_parse_temporal(kind, buf, m, &ms)) return false;
    values_infer_temporal(p->arena, kind, ms, out);
    return true;
}

/* A literal as new BigDecimal(String) reads it: sign, digits with at most
 * one point, an exponent of at most ten significant digits; the scale
 * (fraction digits minus exponent) must fit an int. That is current Java
 * (25); Java 17 also refuses an exponent beyond the int range whose scale
 * would fit ("1.0E2147483648"). */
typedef struct jdecimal {
    bool neg;
    char *digits; /* significant digits, leading zeros dropped */
    size_t nd;
    int64_t scale;
} jdecimal_t;

static bool scan_decimal(const char *s, size_t n, jdecimal_t *d) {
    size_t i = 0, frac = 0;
    bool point = false, any = false;
    d->neg = false;
    d->nd = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) d->neg = s[i++] == '-';
    for (; i < n && s[i] != 'e' && s[i] != 'E'; i++) {
        if (s[i] == '.' && !point) {
            point = true;
        } else if (s[i] >= '0' && s[i] <= '9') {
            any = true;
            frac += point;
            if (d->nd || s[i] != '0') d->digits[d->nd++] = s[i];
        } else {
            return false;
        }
    }
    if (!any) return false;
    int64_t exp = 0;
    if (i < n) {
        bool eneg = ++i < n && s[i] == '-';
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        if (i == n) return false;
        while (n - i > 10 && s[i] == '0') i++;
        if (n - i > 10) return false;
        for (; i < n; i++) {
            if (s[i] < '0' || s[i] > '9') return false;
            exp = exp * 10 + (s[i] - '0');
        }
        if (eneg) exp = -exp;
    }
    d->scale = (int64_t)frac - exp;
    return d->scale >= INT32_MIN && d->scale <= INT32_MAX;
}

/* ValueParser.parseAsExactDecimal: a whole number that fits a long, in
 * the smallest integer type that holds it. */
static bool exact_integer(vparser_t *p, const jdecimal_t *d, sav_t *out) {
    int64_t v = 0;
    if (d->nd) {
        size_t keep = d->nd;
        if (d->scale > 0) {
            if ((int64_t)d->nd <= d->scale) return false; /* 0 < |x| < 1 */
            for (size_t k = d->nd - (size_t)d->scale; k < d->nd; k++)
                if (d->digits[k] != '0') return false;
            keep = d->nd - (size_t)d->scale;
        } else if ((int64_t)d->nd - d->scale > 19) {
            return false;
        }
        uint64_t acc = 0;
        for (size_t k = 0; k < keep; k++) acc = acc * 10 + (uint64_t)(d->digits[k] - '0');
        for (int64_t k = d->scale; k < 0; k++) acc *= 10;
        if (keep > 19 || acc > (uint64_t)INT64_MAX + d->neg) return false;
        v = d->neg ? (int64_t)(0 - acc) : (int64_t)acc;
    }
    cd_type_t t = v == (int8_t)v ? CD_TYPE_INT8 : v == (int16_t)v ? CD_TYPE_INT16
                : v == (int32_t)v ? CD_TYPE_INT32 : CD_TYPE_INT64;
    sav_set(out, cd_schema_primitive(t, false), cd_value_int(p->arena, t, v));
    return true;
}

/* The unscaled value as two's-complement bytes (read as an integer: the
 * literal's own exponent may be beyond what decimal_from_string takes). */
static bool unscaled_bytes(cd_arena_t *arena, const jdecimal_t *d, const uint8_t **bytes,
                           size_t *len) {
    char *integer = cd_arena_alloc(arena, d->nd + 2);
    integer[0] = d->neg ? '-' : '+';
    memcpy(integer + 1, d->digits, d->nd);
    return decimal_from_string(arena, integer, d->nd + 1, 0, bytes, len, NULL) == DECIMAL_OK;
}

/* ValueParser.parseAsNumber; false where Java gets a NumberFormatException. */
static bool parse_as_number(vparser_t *p, span_t t, sav_t *out) {
    /* Scratch copies live in the arena with the result: no malloc per
     * number. strtof needs the text NUL-terminated. */
    char *text = cd_arena_strndup(p->arena, p->s + t.start, t.len);
    jdecimal_t d = {.digits = cd_arena_alloc(p->arena, t.len + 1)};
    bool ok = scan_decimal(text, t.len, &d);
    if (ok && !exact_integer(p, &d, out)) {
        /* Correctly rounded like BigDecimal.floatValue()/doubleValue(). */
        float f = strtof(text, NULL);
        double x = strtod(text, NULL);
        const uint8_t *bytes;
        size_t blen;
        if (isfinite(f) && d.scale != 0) {
            sav_set(out, cd_schema_primitive(CD_TYPE_FLOAT32, false),
                    cd_value_float(p->arena, CD_TYPE_FLOAT32, f));
        } else if (isfinite(x) && d.scale != 0) {
            sav_set(out, cd_schema_primitive(CD_TYPE_FLOAT64, false),
                    cd_value_float(p->arena, CD_TYPE_FLOAT64, x));
        } else if (unscaled_bytes(p->arena, &d, &bytes, &blen)) {
            sav_set(out, cd_schema_decimal(p->arena, (int)d.scale, false),
                    cd_value_bytes(p->arena, bytes, blen));
        } else {
            ok = false; /* beyond decimal_from_string's 100,000 digits */
        }
    }
    return ok;
}

/* ---- ValueParser ---------------------------------------------------- */

static int parse(vparser_t *p, bool embedded, sav_t *out);

static bool parse_literal(vparser_t *p, bool embedded, const char *literal) {
    size_t start = mark(p);
    if (can_consume(p, literal) && (embedded || !has_more(p))) return true;
    rewind_to(p, start);
    return false;
}

/* The tokens up to the closing quote, joined. Blank tokens right before
 * one that is not the quote get dropped (can_consume skips them), so the
 * text is usually, but not always, one slice of the input. */
static int parse_quoted_string(vparser_t *p, sav_t *out) {
    buf_t b;
    buf_init(&b);
    span_t slice = {p->pos, 0};
    bool sliced = true;
    while (has_more(p)) {
        if (can_consume(p, "\"")) break;
        span_t t = next_token(p);
        if (sliced && t.start == slice.start + slice.len) {
            slice.len += t.len;
            continue;
        }
        if (sliced) cd_buf_append(&b, p->s + slice.start, slice.len);
        sliced = false;
        cd_buf_append(&b, p->s + t.start, t.len);
    }
    const char *text = sliced ? p->s + slice.start : b.data ? b.data : "";
    size_t len = sliced ? slice.len : b.len;
    if (!parse_as_temporal(p, text, len, out))
        sav_set(out, cd_schema_primitive(CD_TYPE_STRING, false),
                cd_value_string(p->arena, text, len));
    buf_free(&b);
    return VALUES_OK;
}

static int parse_array(vparser_t *p, sav_t *out) {
    values_list_t list = {0};
    int rc = VALUES_DATA;
    while (has_more(p)) {
        if (can_consume(p, "]")) {
            rc = values_infer_list(p->arena, &list, out);
            break;
        }
        if (can_consume(p, ",")) break; /* an empty element */
        sav_t element;
        if ((rc = parse(p, true, &element)) != VALUES_OK) break;
        values_list_add(&list, &element);
        rc = VALUES_DATA;
        size_t m = mark(p);
        if (can_consume(p, "]")) rewind_to(p, m);
        else if (!can_consume(p, ",")) break;
    }
    values_list_free(&list);
    return rc;
}

static int parse_map(vparser_t *p, sav_t *out) {
    values_entries_t map = {0};
    int rc = VALUES_DATA;
    while (has_more(p)) {
        if (can_consume(p, "}")) {
            rc = values_infer_map(p->arena, &map, out);
            break;
        }
        if (can_consume(p, ",")) break; /* an entry with no key or value */
        sav_t key, value;
        if ((rc = parse(p, true, &key)) != VALUES_OK) break;
        rc = VALUES_DATA;
        if (!key.present || !key.value || !can_consume(p, ":")) break;
        if ((rc = parse(p, true, &value)) != VALUES_OK) break;
        rc = VALUES_DATA;
        values_entries_put(&map, &key, &value);
        can_consume(p, ","); /* optional: entries need no separator */
    }
    values_entries_free(&map);
    return rc;
}

static int parse_next_token(vparser_t *p, bool embedded, span_t token, sav_t *out) {
    char first = p->s[token.start];
    bool digit = first >= '0' && first <= '9';
    if (digit) {
        /* Unescaped colons split times into five tokens: try those first. */
        size_t position = mark(p);
        span_t rest;
        if (next_tokens(p, 4, &rest)) {
            char buf[97];
            if (token.len + rest.len <= 96) {
                memcpy(buf, p->s + token.start, token.len);
                memcpy(buf + token.len, p->s + rest.start, rest.len);
                if (parse_as_temporal(p, buf, token.len + rest.len, out)) return VALUES_OK;
            }
        }
        rewind_to(p, position);
        if (parse_as_temporal(p, p->s + token.start, token.len, out)) return VALUES_OK;
    }
    if ((digit || first == '+' || first == '-') && parse_as_number(p, token, out)) return VALUES_OK;
    if (embedded) return VALUES_DATA;
    /* The only thing left for a top-level value is the whole text. */
    sav_set(out, cd_schema_primitive(CD_TYPE_STRING, false), cd_value_string(p->arena, p->s, p->n));
    return VALUES_OK;
}

static int parse(vparser_t *p, bool embedded, sav_t *out) {
    *out = (sav_t){.present = false};
    if (!has_more(p)) return VALUES_OK;
    if (embedded && can_consume(p, "\"")) return parse_quoted_string(p, out);
    if (parse_literal(p, embedded, "null")) return VALUES_OK;
    for (int b = 1; b >= 0; b--) {
        if (parse_literal(p, embedded, b ? "true" : "false")) {
            sav_set(out, cd_schema_primitive(CD_TYPE_BOOLEAN, false), cd_value_bool(p->arena, b));
            return VALUES_OK;
        }
    }
    size_t start = mark(p);
    bool array = can_consume(p, "[");
    if (array || can_consume(p, "{")) {
        if (p->depth >= MAX_DEPTH) return VALUES_FATAL;
        p->depth++;
        int rc = array ? parse_array(p, out) : parse_map(p, out);
        p->depth--;
        if (rc != VALUES_DATA) return rc;
        /* Not an array or map after all: read it as a plain token. */
        rewind_to(p, start);
    }
    span_t token = next_token(p);
    if (is_blank(p, token)) {
        sav_set(out, cd_schema_primitive(CD_TYPE_STRING, false),
                cd_value_string(p->arena, p->s + token.start, token.len));
        return VALUES_OK;
    }
    return parse_next_token(p, embedded, trim(p, token), out);
}

int values_parse_string(cd_arena_t *arena, const char *text, size_t len,
                        const cd_schema_t **schema, const cd_value_t **value) {
    vparser_t p = {.arena = arena, .s = text ? text : "", .n = text ? len : 0};
    sav_t r;
    if (p.n == 0) {
        sav_set(&r, cd_schema_primitive(CD_TYPE_STRING, false), cd_value_string(arena, "", 0));
    } else if (parse(&p, false, &r) != VALUES_OK) {
        return -1;
    }
    *schema = r.present ? r.schema : NULL;
    *value = r.present ? r.value : NULL;
    return 0;
}
