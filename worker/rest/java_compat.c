/* Java String/HashMap behaviours reproduced for byte-compatible answers. */
#include "rest/java_compat.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/mem.h"

/* Decode one UTF-8 code point at *p and advance; invalid or truncated
 * sequences yield U+FFFD and consume one byte. */
static uint32_t utf8_next(const unsigned char **p) {
    const unsigned char *s = *p;
    uint32_t c = s[0];
    size_t len;
    uint32_t min;
    if (c < 0x80) {
        *p = s + 1;
        return c;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, min = 0x80, c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, min = 0x800, c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, min = 0x10000, c &= 0x07;
    } else {
        *p = s + 1;
        return 0xFFFD;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p = s + 1;
            return 0xFFFD;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *p = s + 1;
        return 0xFFFD;
    }
    *p = s + len;
    return c;
}

int32_t rest_java_string_hash(const char *utf8) {
    /* Unsigned arithmetic: Java's int overflow wraps, C's signed one is UB. */
    uint32_t h = 0;
    const unsigned char *p = (const unsigned char *)utf8;
    while (*p) {
        uint32_t c = utf8_next(&p);
        if (c >= 0x10000) {
            c -= 0x10000;
            h = 31u * h + (0xD800u + (c >> 10));
            h = 31u * h + (0xDC00u + (c & 0x3FF));
        } else {
            h = 31u * h + c;
        }
    }
    return (int32_t)h;
}

/* HashMap.tableSizeFor: the smallest power of two >= cap (at least 1). */
static size_t table_size_for(size_t cap) {
    size_t n = 1;
    while (n < cap) n <<= 1;
    return n;
}

/* Table size after inserting n keys (Java 17's HashMap, load factor 0.75). */
static size_t java_table_size(size_t n, rest_java_map_kind_t kind) {
    size_t cap;
    if (kind == REST_JAVA_MAP_COPY) {
        /* putMapEntries: (int)((float)s / loadFactor + 1.0F). */
        float ft = (float)n / 0.75f + 1.0f;
        cap = table_size_for((size_t)ft);
    } else {
        cap = 16; /* DEFAULT_INITIAL_CAPACITY, allocated on the first put */
    }
    /* putVal resizes (doubles) whenever ++size > threshold. */
    size_t threshold = (size_t)((float)cap * 0.75f);
    for (size_t size = 1; size <= n; size++) {
        if (size > threshold) {
            cap <<= 1;
            threshold = (size_t)((float)cap * 0.75f);
        }
    }
    return cap;
}

typedef struct slot {
    size_t bucket, index;
} slot_t;

static int slot_cmp(const void *a, const void *b) {
    const slot_t *x = a, *y = b;
    if (x->bucket != y->bucket) return x->bucket < y->bucket ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

void rest_java_hashmap_order(const char *const *keys, size_t n, rest_java_map_kind_t kind,
                             size_t *order) {
    if (n == 0) return;
    size_t cap = java_table_size(n, kind);
    slot_t *slots = xmalloc(n * sizeof *slots);
    for (size_t i = 0; i < n; i++) {
        uint32_t h = (uint32_t)rest_java_string_hash(keys[i]);
        h ^= h >> 16;
        /* Resizes split buckets without reordering, so within a bucket the
         * order is always the insertion order. */
        slots[i].bucket = h & (cap - 1);
        slots[i].index = i;
    }
    qsort(slots, n, sizeof *slots, slot_cmp);
    for (size_t i = 0; i < n; i++) order[i] = slots[i].index;
    free(slots);
}

char *rest_java_props_to_string(const cd_props_t *props, rest_java_map_kind_t kind) {
    size_t n = cd_props_count(props);
    const char **keys = xmalloc((n ? n : 1) * sizeof *keys);
    size_t *order = xmalloc((n ? n : 1) * sizeof *order);
    for (size_t i = 0; i < n; i++) keys[i] = cd_props_key_at(props, i);
    rest_java_hashmap_order(keys, n, kind, order);
    buf_t b;
    buf_init(&b);
    buf_append_str(&b, "{");
    for (size_t i = 0; i < n; i++) {
        size_t k = order[i];
        buf_appendf(&b, "%s%s=%s", i ? ", " : "", keys[k], cd_props_value_at(props, k));
    }
    buf_append_str(&b, "}");
    free(keys);
    free(order);
    return buf_steal(&b);
}

char *rest_java_trim(const char *s) {
    size_t start = 0, end = strlen(s);
    while (start < end && (unsigned char)s[start] <= ' ') start++;
    while (end > start && (unsigned char)s[end - 1] <= ' ') end--;
    return xstrndup(s + start, end - start);
}
