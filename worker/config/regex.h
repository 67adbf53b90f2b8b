/*
 * Java-regex configs (topics.regex, CD_CFG_F_REGEX keys, the env provider's
 * allowlist) compiled with PCRE2: POSIX regex differs from java.util.regex in
 * too many places (lazy quantifiers, \d, lookaround).
 */
#ifndef CONNECTD_CONFIG_REGEX_H
#define CONNECTD_CONFIG_REGEX_H

#include <stdbool.h>
#include <stddef.h>

/* 0 when pattern compiles; else -1 with PCRE2's message and the offset,
 * e.g. "missing closing parenthesis near index 1". */
int config_regex_check(const char *pattern, char *msg, size_t msglen);

/* Java's Pattern.matches(pattern, subject): the whole subject must match.
 * Returns 1 on match, 0 on no match, -1 when the pattern does not compile. */
int config_regex_full_match(const char *pattern, const char *subject);

#endif
