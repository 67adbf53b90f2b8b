#define PCRE2_CODE_UNIT_WIDTH 8
#include "runtime/topic_pattern.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log/log.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.runtime.WorkerSinkTask"

struct topic_pattern {
    pcre2_code *re;
    pcre2_match_data *md;
    char *source;
    char **subscribed; /* sorted */
    size_t n_subscribed;
};

topic_pattern_t *topic_pattern_new(const char *regex, char *err, size_t errlen) {
    int code;
    PCRE2_SIZE off;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR text[256];
        pcre2_get_error_message(code, text, sizeof text);
        snprintf(err, errlen, "Invalid topics.regex %s: %s near index %zu", regex, (char *)text,
                 (size_t)off);
        return NULL;
    }
    topic_pattern_t *p = xcalloc(1, sizeof *p);
    p->re = re;
    p->md = pcre2_match_data_create_from_pattern(re, NULL);
    p->source = xstrdup(regex);
    return p;
}

static void free_list(char **list, size_t n) {
    for (size_t i = 0; i < n; i++) free(list[i]);
    free(list);
}

void topic_pattern_destroy(topic_pattern_t *p) {
    if (!p) return;
    pcre2_match_data_free(p->md);
    pcre2_code_free(p->re);
    free(p->source);
    free_list(p->subscribed, p->n_subscribed);
    free(p);
}

bool topic_pattern_matches(const topic_pattern_t *p, const char *topic) {
    if (strncmp(topic, "__", 2) == 0) return false;
    return pcre2_match(p->re, (PCRE2_SPTR)topic, PCRE2_ZERO_TERMINATED, 0,
                       PCRE2_ANCHORED | PCRE2_ENDANCHORED, p->md, NULL) >= 0;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool same_list(char **a, size_t na, char **b, size_t nb) {
    if (na != nb) return false;
    for (size_t i = 0; i < na; i++)
        if (strcmp(a[i], b[i]) != 0) return false;
    return true;
}

int topic_pattern_refresh(topic_pattern_t *p, rd_kafka_t *rk, int timeout_ms) {
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 1, NULL, &md, timeout_ms);
    if (e) {
        LOG_WARN(LOGGER, "Cannot list topics for topics.regex %s: %s", p->source, rd_kafka_err2str(e));
        return -1;
    }
    char **found = xcalloc((size_t)md->topic_cnt + 1, sizeof *found);
    size_t n = 0;
    for (int i = 0; i < md->topic_cnt; i++)
        if (!md->topics[i].err && topic_pattern_matches(p, md->topics[i].topic))
            found[n++] = xstrdup(md->topics[i].topic);
    rd_kafka_metadata_destroy(md);
    qsort(found, n, sizeof *found, cmp_str);
    if (same_list(found, n, p->subscribed, p->n_subscribed)) {
        free_list(found, n);
        return (int)n;
    }
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new((int)n + 1);
    for (size_t i = 0; i < n; i++)
        rd_kafka_topic_partition_list_add(topics, found[i], RD_KAFKA_PARTITION_UA);
    e = n ? rd_kafka_subscribe(rk, topics) : rd_kafka_unsubscribe(rk);
    rd_kafka_topic_partition_list_destroy(topics);
    if (e) {
        LOG_WARN(LOGGER, "Cannot subscribe to the topics matching %s: %s", p->source,
                 rd_kafka_err2str(e));
        free_list(found, n);
        return -1;
    }
    LOG_INFO(LOGGER, "topics.regex %s now matches %zu topic(s)", p->source, n);
    free_list(p->subscribed, p->n_subscribed);
    p->subscribed = found;
    p->n_subscribed = n;
    return (int)n;
}
