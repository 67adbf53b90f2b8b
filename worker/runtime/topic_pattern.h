/*
 * topics.regex subscriptions with Java's regex semantics. librdkafka's own
 * pattern subscriptions use its POSIX-like engine, which differs from
 * java.util.regex (lazy quantifiers, \d, lookaround); so the sink task
 * lists the cluster's topics itself, matches them with PCRE2 as Java's
 * Pattern.matches would (the whole name), and subscribes to the list.
 */
#ifndef CONNECTD_RUNTIME_TOPIC_PATTERN_H
#define CONNECTD_RUNTIME_TOPIC_PATTERN_H

#include <librdkafka/rdkafka.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct topic_pattern topic_pattern_t;

/* NULL with err filled when the regex does not compile. */
topic_pattern_t *topic_pattern_new(const char *regex, char *err, size_t errlen);
void topic_pattern_destroy(topic_pattern_t *p);
bool topic_pattern_matches(const topic_pattern_t *p, const char *topic);

/* Fetch the cluster's topics and (re)subscribe rk to the matching ones when
 * the set changed. Internal topics (__*) never match, as in Java's
 * consumer. Returns the number of matching topics, or -1 when metadata
 * could not be fetched (the previous subscription stays). */
int topic_pattern_refresh(topic_pattern_t *p, rd_kafka_t *rk, int timeout_ms);

#endif
