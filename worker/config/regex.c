/* PCRE2 wrappers for Java-regex configs; see regex.h. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "config/regex.h"

#include <pcre2.h>
#include <stdio.h>

static pcre2_code *regex_compile(const char *pattern, char *msg, size_t msglen) {
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code,
                                   &off, NULL);
    if (!re && msg && msglen) {
        PCRE2_UCHAR text[256];
        if (pcre2_get_error_message(code, text, sizeof text) < 0)
            snprintf((char *)text, sizeof text, "error %d", code);
        snprintf(msg, msglen, "%s near index %zu", (const char *)text, (size_t)off);
    }
    return re;
}

int config_regex_check(const char *pattern, char *msg, size_t msglen) {
    pcre2_code *re = regex_compile(pattern ? pattern : "", msg, msglen);
    if (!re) return -1;
    pcre2_code_free(re);
    return 0;
}

int config_regex_full_match(const char *pattern, const char *subject) {
    pcre2_code *re = regex_compile(pattern ? pattern : "", NULL, 0);
    if (!re) return -1;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    /* ANCHORED + ENDANCHORED at match time still backtracks into other
     * alternatives, so "a|ab" matches "ab" exactly as Java's matches() does. */
    int rc = pcre2_match(re, (PCRE2_SPTR)subject, PCRE2_ZERO_TERMINATED, 0,
                         PCRE2_ANCHORED | PCRE2_ENDANCHORED, md, NULL);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return rc >= 0 ? 1 : 0;
}
