/* Recursive-descent JSON parser into an arena (see json_tree.h for the
 * dialect and why it is not jansson). */
#include "convert/json_tree.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

#define JTREE_MAX_DEPTH 1000
#define JTREE_MAX_NUMBER_LEN 1000
#define JTREE_MAX_STRING_LEN 20000000
/* Objects with more members than this find duplicate keys by hashing. */
#define JTREE_LINEAR_KEYS 16

typedef struct parser {
    const char *start, *p, *end;
    cd_arena_t *arena;
    int depth;
    char *err;
    size_t errlen;
    bool failed;
} parser_t;

static int fail(parser_t *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(parser_t *ps, const char *fmt, ...) {
    if (!ps->failed && ps->err && ps->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ps->err, ps->errlen, fmt, ap);
        va_end(ap);
    }
    ps->failed = true;
    return -1;
}

static int fail_char(parser_t *ps, const char *expecting) {
    if (ps->p >= ps->end) return fail(ps, "Unexpected end-of-input: expected %s", expecting);
    unsigned char c = (unsigned char)*ps->p;
    return fail(ps, "Unexpected character (code %u) at offset %zu: expected %s", c,
                (size_t)(ps->p - ps->start), expecting);
}

static void skip_ws(parser_t *ps) {
    while (ps->p < ps->end &&
           (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t'))
        ps->p++;
}

static jtree_node_t *node_new(parser_t *ps, jtree_kind_t kind) {
    jtree_node_t *n = cd_arena_alloc(ps->arena, sizeof *n);
    n->kind = kind;
    return n;
}

static int parse_value(parser_t *ps, const jtree_node_t **out);

/* ---- literals and numbers ------------------------------------------- */

/* Java's Character.isJavaIdentifierPart for what can follow a keyword
 * ("truex" is one bad token, not true followed by x); any non-ASCII byte
 * counts, which is close enough. */
static bool ident_part(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '$' || c >= 0x80;
}

static int parse_keyword(parser_t *ps, const jtree_node_t **out) {
    static const struct {
        const char *word;
        jtree_kind_t kind;
        bool b;
    } words[] = {{"true", JTREE_BOOL, true}, {"false", JTREE_BOOL, false}, {"null", JTREE_NULL, false}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i].word);
        if ((size_t)(ps->end - ps->p) >= n && memcmp(ps->p, words[i].word, n) == 0 &&
            (ps->p + n == ps->end || !ident_part((unsigned char)ps->p[n]))) {
            jtree_node_t *node = node_new(ps, words[i].kind);
            node->u.b = words[i].b;
            ps->p += n;
            *out = node;
            return 0;
        }
    }
    return fail(ps, "Unrecognized token at offset %zu: expected a JSON value",
                (size_t)(ps->p - ps->start));
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static int parse_number(parser_t *ps, const jtree_node_t **out) {
    const char *start = ps->p;
    const char *p = ps->p;
    bool neg = false;
    if (p < ps->end && *p == '-') {
        neg = true;
        p++;
    }
    if (p >= ps->end || !is_digit(*p)) {
        ps->p = p;
        return fail_char(ps, "digit after minus sign");
    }
    /* Integer value with overflow tracking (leading zeros are allowed). */
    uint64_t mag = 0;
    bool overflow = false;
    for (; p < ps->end && is_digit(*p); p++) {
        unsigned d = (unsigned)(*p - '0');
        if (mag > (UINT64_MAX - d) / 10) overflow = true;
        mag = mag * 10 + d;
    }
    bool decimal = false;
    if (p < ps->end && *p == '.') {
        decimal = true;
        p++;
        if (p >= ps->end || !is_digit(*p)) {
            ps->p = p;
            return fail_char(ps, "digit after decimal point");
        }
        while (p < ps->end && is_digit(*p)) p++;
    }
    if (p < ps->end && (*p == 'e' || *p == 'E')) {
        decimal = true;
        p++;
        if (p < ps->end && (*p == '+' || *p == '-')) p++;
        if (p >= ps->end || !is_digit(*p)) {
            ps->p = p;
            return fail_char(ps, "digit in exponent");
        }
        while (p < ps->end && is_digit(*p)) p++;
    }
    size_t len = (size_t)(p - start);
    if (len > JTREE_MAX_NUMBER_LEN)
        return fail(ps, "Number value length (%zu) exceeds the maximum allowed (%d)", len,
                    JTREE_MAX_NUMBER_LEN);
    jtree_node_t *n = node_new(ps, JTREE_NUMBER);
    n->u.num.text = cd_arena_strndup(ps->arena, start, len);
    n->u.num.len = len;
    if (decimal) {
        n->u.num.cls = JTREE_NUM_DECIMAL;
    } else if (overflow || (!neg && mag > (uint64_t)INT64_MAX) ||
               (neg && mag > (uint64_t)INT64_MAX + 1)) {
        n->u.num.cls = JTREE_NUM_BIGINT;
    } else {
        int64_t v = neg ? (int64_t)(0 - mag) : (int64_t)mag;
        n->u.num.i = v;
        n->u.num.cls = v >= INT32_MIN && v <= INT32_MAX ? JTREE_NUM_INT : JTREE_NUM_LONG;
    }
    ps->p = p;
    *out = n;
    return 0;
}

/* ---- strings -------------------------------------------------------- */

static int hex4(const char *p, unsigned *out) {
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return -1;
    }
    *out = v;
    return 0;
}

static size_t put_utf8(char *dst, unsigned cp) {
    if (cp < 0x80) {
        dst[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        dst[0] = (char)(0xC0 | (cp >> 6));
        dst[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        dst[0] = (char)(0xE0 | (cp >> 12));
        dst[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        dst[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    dst[0] = (char)(0xF0 | (cp >> 18));
    dst[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    dst[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    dst[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of the valid UTF-8 sequence at p (lead byte >= 0x80), or 0. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end) {
    unsigned char c = p[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c == 0xE0) n = 3, lo = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC) n = 3;
    else if (c == 0xED) n = 3, hi = 0x9F; /* no encoded surrogates */
    else if (c >= 0xEE && c <= 0xEF) n = 3;
    else if (c == 0xF0) n = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) n = 4;
    else if (c == 0xF4) n = 4, hi = 0x8F;
    else return 0;
    if ((size_t)(end - p) < n) return 0;
    if (p[1] < lo || p[1] > hi) return 0;
    for (size_t i = 2; i < n; i++)
        if ((p[i] & 0xC0) != 0x80) return 0;
    return n;
}

/* True when every byte is printable ASCII (0x20..0x7F), checked eight
 * bytes at a time: a byte is >= 0x80 when its top bit is set, and below
 * 0x20 when subtracting 0x20 borrows into its top bit. */
static bool plain_ascii(const unsigned char *p, size_t len) {
    const uint64_t ones = 0x0101010101010101ull, tops = 0x8080808080808080ull;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if ((w & tops) || ((w - 0x20 * ones) & ~w & tops)) return false;
    }
    for (; i < len; i++)
        if (p[i] < 0x20 || p[i] >= 0x80) return false;
    return true;
}

/* The common case, a string of plain printable ASCII without escapes, is
 * copied in one piece; returns false (nothing done) for anything else,
 * which the byte-by-byte decoder below then handles with its checks. */
static bool parse_plain_string(parser_t *ps, const char **out, size_t *out_len) {
    const char *q = memchr(ps->p, '"', (size_t)(ps->end - ps->p));
    if (!q || memchr(ps->p, '\\', (size_t)(q - ps->p))) return false;
    size_t len = (size_t)(q - ps->p);
    if (len > JTREE_MAX_STRING_LEN) return false;
    if (!plain_ascii((const unsigned char *)ps->p, len)) return false;
    char *dst = cd_arena_alloc(ps->arena, len + 1);
    memcpy(dst, ps->p, len);
    dst[len] = '\0';
    ps->p = q + 1;
    *out = dst;
    *out_len = len;
    return true;
}

/* ps->p is just past the opening quote. Decodes into the arena. */
static int parse_string_raw(parser_t *ps, const char **out, size_t *out_len) {
    if (parse_plain_string(ps, out, out_len)) return 0;
    /* Find the closing quote first: the decoded text is never longer. */
    const char *q = ps->p;
    while (q < ps->end && *q != '"') q += (*q == '\\' && q + 1 < ps->end) ? 2 : 1;
    if (q >= ps->end) return fail(ps, "Unexpected end-of-input in a string value");
    if ((size_t)(q - ps->p) > JTREE_MAX_STRING_LEN)
        return fail(ps, "String value length exceeds the maximum allowed (%d)",
                    JTREE_MAX_STRING_LEN);
    char *dst = cd_arena_alloc(ps->arena, (size_t)(q - ps->p) + 1);
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)ps->p;
    const unsigned char *end = (const unsigned char *)q;
    while (p < end) {
        unsigned char c = *p;
        if (c < 0x20) {
            ps->p = (const char *)p;
            return fail(ps, "Illegal unquoted character (code %u) in a string value", c);
        }
        if (c >= 0x80) {
            size_t k = utf8_seq(p, end);
            if (!k) return fail(ps, "Invalid UTF-8 byte 0x%02X in a string value", c);
            memcpy(dst + n, p, k);
            n += k;
            p += k;
            continue;
        }
        if (c != '\\') {
            dst[n++] = (char)c;
            p++;
            continue;
        }
        char e = (char)p[1]; /* the scan above guarantees a byte after '\' */
        p += 2;
        switch (e) {
        case '"': dst[n++] = '"'; break;
        case '\\': dst[n++] = '\\'; break;
        case '/': dst[n++] = '/'; break;
        case 'b': dst[n++] = '\b'; break;
        case 'f': dst[n++] = '\f'; break;
        case 'n': dst[n++] = '\n'; break;
        case 'r': dst[n++] = '\r'; break;
        case 't': dst[n++] = '\t'; break;
        case 'u': {
            unsigned cp;
            if (end - p < 4 || hex4((const char *)p, &cp))
                return fail(ps, "Invalid \\u escape in a string value");
            p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
                unsigned lo;
                if (!hex4((const char *)p + 2, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
            }
            /* A lone surrogate has no UTF-8 form: replace it. */
            if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
            /* "\uXXXX" is 6 bytes and yields at most 3; a pair is 12 for 4. */
            n += put_utf8(dst + n, cp);
            break;
        }
        default:
            return fail(ps, "Unrecognized character escape (code %u)", (unsigned char)e);
        }
    }
    dst[n] = '\0';
    ps->p = q + 1;
    *out = dst;
    *out_len = n;
    return 0;
}

static int parse_string(parser_t *ps, const jtree_node_t **out) {
    ps->p++;
    jtree_node_t *n = node_new(ps, JTREE_STRING);
    if (parse_string_raw(ps, &n->u.str.s, &n->u.str.len)) return -1;
    *out = n;
    return 0;
}

/* ---- containers ----------------------------------------------------- */

static int parse_array(parser_t *ps, const jtree_node_t **out) {
    ps->p++;
    jtree_node_t *n = node_new(ps, JTREE_ARRAY);
    size_t cap = 0;
    const jtree_node_t **items = NULL;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == ']') {
        ps->p++;
        *out = n;
        return 0;
    }
    for (;;) {
        const jtree_node_t *item;
        skip_ws(ps);
        if (parse_value(ps, &item)) return -1;
        if (n->u.arr.n == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            const jtree_node_t **ni = cd_arena_alloc(ps->arena, ncap * sizeof *ni);
            if (cap) memcpy(ni, items, cap * sizeof *ni);
            items = ni;
            cap = ncap;
        }
        items[n->u.arr.n++] = item;
        n->u.arr.items = items;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == ']') {
            ps->p++;
            break;
        }
        return fail_char(ps, "comma or ']' in an array");
    }
    *out = n;
    return 0;
}

static uint32_t key_hash(const char *s, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

typedef struct members {
    jtree_member_t *items;
    size_t n, cap;
    uint32_t *slots; /* index + 1 per slot, 0 = empty; NULL while small */
    size_t nslots;
} members_t;

static void members_index(members_t *m, size_t i) {
    size_t mask = m->nslots - 1;
    size_t s = key_hash(m->items[i].key, m->items[i].key_len) & mask;
    while (m->slots[s]) s = (s + 1) & mask;
    m->slots[s] = (uint32_t)i + 1;
}

static jtree_member_t *members_find(members_t *m, const char *key, size_t len) {
    if (!m->slots) {
        for (size_t i = 0; i < m->n; i++)
            if (m->items[i].key_len == len && memcmp(m->items[i].key, key, len) == 0)
                return &m->items[i];
        return NULL;
    }
    size_t mask = m->nslots - 1;
    for (size_t s = key_hash(key, len) & mask; m->slots[s]; s = (s + 1) & mask) {
        jtree_member_t *it = &m->items[m->slots[s] - 1];
        if (it->key_len == len && memcmp(it->key, key, len) == 0) return it;
    }
    return NULL;
}

static void members_add(parser_t *ps, members_t *m, const char *key, size_t len,
                        const jtree_node_t *value) {
    if (m->n == m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 4;
        jtree_member_t *ni = cd_arena_alloc(ps->arena, ncap * sizeof *ni);
        if (m->cap) memcpy(ni, m->items, m->cap * sizeof *ni);
        m->items = ni;
        m->cap = ncap;
    }
    m->items[m->n++] = (jtree_member_t){.key = key, .key_len = len, .value = value};
    if (m->n > JTREE_LINEAR_KEYS && m->n * 2 > m->nslots) {
        free(m->slots);
        m->nslots = m->nslots ? m->nslots * 2 : 64;
        while (m->n * 2 > m->nslots) m->nslots *= 2;
        m->slots = xcalloc(m->nslots, sizeof *m->slots);
        for (size_t i = 0; i < m->n; i++) members_index(m, i);
    } else if (m->slots) {
        members_index(m, m->n - 1);
    }
}

static int parse_object_members(parser_t *ps, members_t *m) {
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == '}') {
        ps->p++;
        return 0;
    }
    for (;;) {
        skip_ws(ps);
        if (ps->p >= ps->end || *ps->p != '"') return fail_char(ps, "double-quote to start field name");
        ps->p++;
        const char *key;
        size_t klen;
        if (parse_string_raw(ps, &key, &klen)) return -1;
        skip_ws(ps);
        if (ps->p >= ps->end || *ps->p != ':') return fail_char(ps, "colon to separate field name and value");
        ps->p++;
        skip_ws(ps);
        const jtree_node_t *value;
        if (parse_value(ps, &value)) return -1;
        /* Jackson's ObjectNode: a repeated key keeps its place, last value wins. */
        jtree_member_t *dup = members_find(m, key, klen);
        if (dup)
            dup->value = value;
        else
            members_add(ps, m, key, klen, value);
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == '}') {
            ps->p++;
            return 0;
        }
        return fail_char(ps, "comma or '}' in an object");
    }
}

static int parse_object(parser_t *ps, const jtree_node_t **out) {
    ps->p++;
    members_t m = {0};
    int rc = parse_object_members(ps, &m);
    free(m.slots);
    if (rc) return -1;
    jtree_node_t *n = node_new(ps, JTREE_OBJECT);
    n->u.obj.members = m.items;
    n->u.obj.n = m.n;
    *out = n;
    return 0;
}

static int parse_value(parser_t *ps, const jtree_node_t **out) {
    if (ps->p >= ps->end) return fail_char(ps, "a JSON value");
    char c = *ps->p;
    if (c == '{' || c == '[') {
        if (++ps->depth > JTREE_MAX_DEPTH)
            return fail(ps, "Document nesting depth exceeds the maximum allowed (%d)",
                        JTREE_MAX_DEPTH);
        int rc = c == '{' ? parse_object(ps, out) : parse_array(ps, out);
        ps->depth--;
        return rc;
    }
    if (c == '"') return parse_string(ps, out);
    if (c == '-' || is_digit(c)) return parse_number(ps, out);
    if (c == 't' || c == 'f' || c == 'n') return parse_keyword(ps, out);
    return fail_char(ps, "a JSON value");
}

int jtree_parse(cd_arena_t *arena, const char *data, size_t len, const jtree_node_t **out,
                char *err, size_t errlen) {
    parser_t ps = {.start = data, .p = data, .end = data + len, .arena = arena, .err = err, .errlen = errlen};
    *out = NULL;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) ps.p += 3;
    skip_ws(&ps);
    if (ps.p == ps.end) return 0;
    bool scalar_number = *ps.p == '-' || is_digit(*ps.p);
    const jtree_node_t *root;
    if (parse_value(&ps, &root)) return -1;
    /* Like Jackson, a root-level number must end at whitespace or the end
     * of input; whatever follows a complete value is not read. */
    if (scalar_number && ps.p < ps.end && !(*ps.p == ' ' || *ps.p == '\n' || *ps.p == '\r' || *ps.p == '\t'))
        return fail_char(&ps, "space separating root-level values");
    *out = root;
    return 0;
}

int jtree_parse_value(cd_arena_t *arena, const char *data, size_t len, int depth,
                      const jtree_node_t **out, size_t *end, char *err, size_t errlen) {
    parser_t ps = {.start = data, .p = data, .end = data + len, .arena = arena, .depth = depth,
                   .err = err, .errlen = errlen};
    *out = NULL;
    skip_ws(&ps);
    if (parse_value(&ps, out)) {
        *out = NULL;
        return -1;
    }
    *end = (size_t)(ps.p - data);
    return 0;
}

/* ---- accessors ------------------------------------------------------ */

const jtree_node_t *jtree_get(const jtree_node_t *obj, const char *key) {
    if (!obj || obj->kind != JTREE_OBJECT) return NULL;
    size_t len = strlen(key);
    for (size_t i = 0; i < obj->u.obj.n; i++)
        if (obj->u.obj.members[i].key_len == len && memcmp(obj->u.obj.members[i].key, key, len) == 0)
            return obj->u.obj.members[i].value;
    return NULL;
}

const char *jtree_type_name(const jtree_node_t *n) {
    if (!n) return "MISSING";
    switch (n->kind) {
    case JTREE_NULL: return "NULL";
    case JTREE_BOOL: return "BOOLEAN";
    case JTREE_NUMBER: return "NUMBER";
    case JTREE_STRING: return "STRING";
    case JTREE_ARRAY: return "ARRAY";
    case JTREE_OBJECT: return "OBJECT";
    }
    return "MISSING";
}

/* The integer part of the literal modulo 2^64 (BigInteger.longValue and
 * BigDecimal.longValue keep the low 64 bits). */
static int64_t literal_low64(const char *t) {
    bool neg = *t == '-';
    if (neg) t++;
    const char *digits = t;
    size_t nint = 0, nfrac = 0;
    while (is_digit(t[nint])) nint++;
    const char *frac = t + nint;
    if (*frac == '.') {
        frac++;
        while (is_digit(frac[nfrac])) nfrac++;
    }
    long exp = 0;
    const char *e = strpbrk(t, "eE");
    if (e) exp = strtol(e + 1, NULL, 10);
    /* Clamp so that nint + exp cannot overflow (1e9223372036854775807 is a
     * valid literal). Past +-1e6 the result no longer changes: every digit
     * is shifted out, or 64+ zeros are appended, which is 0 mod 2^64. */
    if (exp > 1000000) exp = 1000000;
    if (exp < -1000000) exp = -1000000;
    /* Digits of the mantissa, in order, up to the point after shifting. */
    uint64_t v = 0;
    size_t total = nint + nfrac;
    long keep = (long)nint + exp; /* digits left of the point after the shift */
    for (long i = 0; i < keep && i < (long)total; i++) {
        char c = (size_t)i < nint ? digits[i] : frac[i - (long)nint];
        v = v * 10 + (uint64_t)(c - '0');
    }
    /* Zeros the exponent appends; 10^64 is 0 modulo 2^64. */
    for (long i = (long)total; i < keep && i < (long)total + 70; i++) v *= 10;
    return (int64_t)(neg ? 0 - v : v);
}

int64_t jtree_long_value(const jtree_node_t *n) {
    if (!n || n->kind != JTREE_NUMBER) return 0;
    if (n->u.num.cls == JTREE_NUM_INT || n->u.num.cls == JTREE_NUM_LONG) return n->u.num.i;
    return literal_low64(n->u.num.text);
}

/* BigDecimal has no negative zero, so "-0.0" reads as 0.0 in Kafka. */
double jtree_double_value(const jtree_node_t *n) {
    if (!n || n->kind != JTREE_NUMBER) return 0;
    double d = strtod(n->u.num.text, NULL);
    return d == 0 ? 0.0 : d;
}

float jtree_float_value(const jtree_node_t *n) {
    if (!n || n->kind != JTREE_NUMBER) return 0;
    float f = strtof(n->u.num.text, NULL);
    return f == 0 ? 0.0f : f;
}
