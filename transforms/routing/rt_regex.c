/*
 * Java regex semantics on PCRE2 for RegexRouter and TopicNameMatches: the
 * plugin cannot use the worker's config/regex.c, so it keeps its own small
 * equivalent, plus Matcher.replaceFirst's replacement-string rules.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "routing.h"

struct rt_regex {
    pcre2_code *code;
    pcre2_match_data *md; /* reused: one instance per task thread */
    uint32_t n_groups;
};

rt_regex_t *rt_regex_compile(const char *pattern, char *msg, size_t msglen) {
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code,
                                   &off, NULL);
    if (!re) {
        if (msg && msglen) {
            PCRE2_UCHAR text[256];
            if (pcre2_get_error_message(code, text, sizeof text) < 0)
                snprintf((char *)text, sizeof text, "error %d", code);
            snprintf(msg, msglen, "%s near index %zu", (const char *)text, (size_t)off);
        }
        return NULL;
    }
    rt_regex_t *r = calloc(1, sizeof *r);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    if (!r || !md) {
        free(r);
        pcre2_match_data_free(md);
        pcre2_code_free(re);
        if (msg && msglen) snprintf(msg, msglen, "out of memory");
        return NULL;
    }
    r->code = re;
    r->md = md;
    pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &r->n_groups);
    return r;
}

void rt_regex_destroy(rt_regex_t *r) {
    if (!r) return;
    pcre2_match_data_free(r->md);
    pcre2_code_free(r->code);
    free(r);
}

bool rt_regex_matches(rt_regex_t *r, const char *s) {
    /* ANCHORED + ENDANCHORED still backtracks into other alternatives, so
     * "a|ab" matches "ab" exactly as Java's matches() does. */
    return pcre2_match(r->code, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0,
                       PCRE2_ANCHORED | PCRE2_ENDANCHORED, r->md, NULL) >= 0;
}

/* A growable string in the arena: replacements are short (topic names). */
typedef struct out {
    cd_arena_t *arena;
    char *data;
    size_t len, cap;
} out_t;

static void out_add(out_t *o, const char *s, size_t n) {
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 64;
        while (cap < o->len + n + 1) cap *= 2;
        char *d = cd_arena_alloc(o->arena, cap);
        if (o->len) memcpy(d, o->data, o->len);
        o->data = d;
        o->cap = cap;
    }
    memcpy(o->data + o->len, s, n);
    o->len += n;
    o->data[o->len] = '\0';
}

static void add_group(out_t *o, rt_regex_t *r, const char *s, uint32_t g) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
    /* An unset group (PCRE2_UNSET) appends nothing, like Java's null group. */
    if (ov[2 * g] == PCRE2_UNSET) return;
    out_add(o, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
}

/* Matcher.appendReplacement's parsing of the replacement string. */
static int expand(out_t *o, rt_regex_t *r, const char *s, const char *rep, cd_error_t *err) {
    for (const char *p = rep; *p;) {
        if (*p == '\\') {
            p++;
            if (!*p)
                return cd_error_set_class(err, CD_ERR_DATA, "java.lang.IllegalArgumentException",
                                          "character to be escaped is missing");
            out_add(o, p, 1);
            p++;
        } else if (*p == '$') {
            p++;
            if (!*p)
                return cd_error_set_class(err, CD_ERR_DATA, "java.lang.IllegalArgumentException",
                                          "Illegal group reference: group index is missing");
            if (*p == '{') {
                const char *name = ++p;
                while (isalnum((unsigned char)*p)) p++;
                size_t n = (size_t)(p - name);
                if (n == 0)
                    return cd_error_set_class(err, CD_ERR_DATA,
                                              "java.lang.IllegalArgumentException",
                                              "named capturing group has 0 length name");
                if (*p != '}')
                    return cd_error_set_class(err, CD_ERR_DATA,
                                              "java.lang.IllegalArgumentException",
                                              "named capturing group is missing trailing '}'");
                char buf[128];
                snprintf(buf, sizeof buf, "%.*s", (int)n, name);
                if (isdigit((unsigned char)buf[0]))
                    return cd_error_set_class(err, CD_ERR_DATA,
                                              "java.lang.IllegalArgumentException",
                                              "capturing group name {%s} starts with digit "
                                              "character",
                                              buf);
                int g = pcre2_substring_number_from_name(r->code, (PCRE2_SPTR)buf);
                if (g < 0)
                    return cd_error_set_class(err, CD_ERR_DATA,
                                              "java.lang.IllegalArgumentException",
                                              "No group with name {%s}", buf);
                add_group(o, r, s, (uint32_t)g);
                p++;
            } else {
                if (!isdigit((unsigned char)*p))
                    return cd_error_set_class(err, CD_ERR_DATA,
                                              "java.lang.IllegalArgumentException",
                                              "Illegal group reference");
                /* The first digit always counts; more digits only while the
                 * number stays a valid group. */
                uint32_t g = (uint32_t)(*p++ - '0');
                while (isdigit((unsigned char)*p)) {
                    uint32_t next = g * 10 + (uint32_t)(*p - '0');
                    if (next > r->n_groups) break;
                    g = next;
                    p++;
                }
                if (g > r->n_groups)
                    return cd_error_set_class(err, CD_ERR_DATA,
                                              "java.lang.IndexOutOfBoundsException", "No group %u",
                                              g);
                add_group(o, r, s, g);
            }
        } else {
            const char *q = p;
            while (*q && *q != '\\' && *q != '$') q++;
            out_add(o, p, (size_t)(q - p));
            p = q;
        }
    }
    return 0;
}

const char *rt_regex_replace_first(rt_regex_t *r, const char *s, const char *replacement,
                                   cd_arena_t *arena, cd_error_t *err) {
    /* replaceFirst resets the matcher and uses find(): the first match from
     * the start, which for patterns like "a|ab" is shorter than the whole
     * string that matches() accepted. */
    int rc = pcre2_match(r->code, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, r->md, NULL);
    if (rc < 0) return cd_arena_strdup(arena, s);
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
    size_t start = ov[0], end = ov[1];
    out_t o = {.arena = arena};
    out_add(&o, s, start);
    if (expand(&o, r, s, replacement, err) != 0) return NULL;
    out_add(&o, s + end, strlen(s + end));
    return o.data;
}
