#include "kafka/kafka_log_admin.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log/log.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.util.TopicAdmin"
#define ADMIN_TIMEOUT_MS 30000
/* A topic just created may take a moment to show up in metadata. */
#define METADATA_WAIT_MS 15000

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs one admin request on a private queue and returns its result event
 * (caller destroys), or NULL with err. */
static void timeout_message(const char *topic, char *err, size_t errlen) {
    snprintf(err, errlen,
             "Timed out while checking for or creating topic(s) '%s'. This could indicate a "
             "connectivity issue, unavailable topic partitions, or if this is an older Kafka "
             "broker, it may not support creating topics automatically.",
             topic);
}

/* Waits for the result of one admin request on its private queue and
 * returns it (caller destroys), or NULL with err. */
static rd_kafka_event_t *await_event(rd_kafka_queue_t *q, const char *what, const char *topic,
                                     char *err, size_t errlen) {
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, ADMIN_TIMEOUT_MS + 5000);
    if (!ev) {
        timeout_message(topic, err, errlen);
        return NULL;
    }
    rd_kafka_resp_err_t e = rd_kafka_event_error(ev);
    if (e == RD_KAFKA_RESP_ERR__TIMED_OUT) {
        timeout_message(topic, err, errlen);
    } else if (e) {
        snprintf(err, errlen, "%s of topic '%s' failed: %s", what, topic,
                 rd_kafka_event_error_string(ev));
    } else {
        return ev;
    }
    rd_kafka_event_destroy(ev);
    return NULL;
}

static rd_kafka_AdminOptions_t *admin_options(rd_kafka_t *rk, rd_kafka_admin_op_t op) {
    rd_kafka_AdminOptions_t *o = rd_kafka_AdminOptions_new(rk, op);
    rd_kafka_AdminOptions_set_request_timeout(o, ADMIN_TIMEOUT_MS, NULL, 0);
    if (op == RD_KAFKA_ADMIN_OP_CREATETOPICS)
        rd_kafka_AdminOptions_set_operation_timeout(o, ADMIN_TIMEOUT_MS, NULL, 0);
    return o;
}

/* 0 created or already there, -1 with err. */
static int create_topic(rd_kafka_t *rk, const kafka_log_config_t *cfg, char *err,
                        size_t errlen) {
    int partitions = cfg->single_partition ? 1 : cfg->partitions;
    if (partitions == 0 || partitions < -1) partitions = -1;
    int rf = cfg->replication_factor == 0 || cfg->replication_factor < -1
                 ? -1
                 : cfg->replication_factor;
    char rderr[256];
    rd_kafka_NewTopic_t *nt =
        rd_kafka_NewTopic_new(cfg->topic, partitions, rf, rderr, sizeof rderr);
    if (!nt) {
        snprintf(err, errlen, "Unable to create topic(s) '%s': %s", cfg->topic, rderr);
        return -1;
    }
    rd_kafka_NewTopic_set_config(nt, "cleanup.policy", "compact");
    const cd_props_t *tc = cfg->topic_configs;
    for (size_t i = 0; tc && i < cd_props_count(tc); i++) {
        const char *k = cd_props_key_at(tc, i);
        if (strcmp(k, "cleanup.policy") == 0 || strcmp(k, "partitions") == 0 ||
            strcmp(k, "replication.factor") == 0)
            continue;
        rd_kafka_NewTopic_set_config(nt, k, cd_props_value_at(tc, i));
    }
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_AdminOptions_t *o = admin_options(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
    rd_kafka_CreateTopics(rk, &nt, 1, o, q);
    rd_kafka_event_t *ev = await_event(q, "Creation", cfg->topic, err, errlen);
    int rc = -1;
    if (ev) {
        size_t cnt = 0;
        const rd_kafka_topic_result_t **res =
            rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &cnt);
        rd_kafka_resp_err_t e =
            cnt ? rd_kafka_topic_result_error(res[0]) : RD_KAFKA_RESP_ERR_NO_ERROR;
        const char *msg = cnt ? rd_kafka_topic_result_error_string(res[0]) : NULL;
        if (!msg || !*msg) msg = rd_kafka_err2str(e);
        switch (e) {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            LOG_INFO(LOGGER, "Created topic %s with cleanup.policy=compact for %s", cfg->topic,
                     cfg->purpose ? cfg->purpose : "an internal topic");
            rc = 0;
            break;
        case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS: rc = 0; break;
        case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
        case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
        case RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION:
            /* As in Kafka: the topic may exist anyway; the metadata step says. */
            LOG_DEBUG(LOGGER, "Could not create topic %s (%s); checking whether it exists",
                      cfg->topic, msg);
            rc = 0;
            break;
        case RD_KAFKA_RESP_ERR_INVALID_CONFIG:
            snprintf(err, errlen, "Unable to create topic(s) '%s': %s", cfg->topic, msg);
            break;
        default:
            snprintf(err, errlen, "Error while attempting to create/find topic(s) '%s': %s",
                     cfg->topic, msg);
            break;
        }
        rd_kafka_event_destroy(ev);
    }
    rd_kafka_AdminOptions_destroy(o);
    rd_kafka_queue_destroy(q);
    rd_kafka_NewTopic_destroy(nt);
    return rc;
}

static int partition_count(rd_kafka_t *rk, const char *topic, char *err, size_t errlen) {
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    if (!rkt) {
        snprintf(err, errlen, "Invalid topic name '%s'", topic);
        return -1;
    }
    int64_t deadline = now_ms() + METADATA_WAIT_MS;
    int n = -1;
    rd_kafka_resp_err_t last = RD_KAFKA_RESP_ERR_NO_ERROR;
    for (;;) {
        const struct rd_kafka_metadata *md = NULL;
        last = rd_kafka_metadata(rk, 0, rkt, &md, 5000);
        if (!last && md->topic_cnt == 1) {
            const struct rd_kafka_metadata_topic *t = &md->topics[0];
            last = t->err;
            /* Every partition led: a topic created a moment ago may not be yet. */
            bool led = !last && t->partition_cnt > 0;
            for (int i = 0; led && i < t->partition_cnt; i++)
                led = !t->partitions[i].err && t->partitions[i].leader >= 0;
            if (led) n = t->partition_cnt;
            else if (!last) last = RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE;
        }
        if (md) rd_kafka_metadata_destroy(md);
        if (n > 0 || now_ms() >= deadline) break;
        struct timespec ts = {0, 100 * 1000000};
        nanosleep(&ts, NULL);
    }
    rd_kafka_topic_destroy(rkt);
    if (n < 0)
        snprintf(err, errlen, "Could not find topic '%s': %s", topic,
                 last ? rd_kafka_err2str(last) : "no partitions");
    return n;
}

static int32_t java_string_hash(const char *s) {
    uint32_t h = 0;
    for (; *s; s++) h = h * 31 + (unsigned char)*s;
    return (int32_t)h;
}

/* Kafka joins the policies of a HashSet: with two or three entries that
 * is the order of their buckets in a 16-slot table. */
static int bucket_of(const char *s) {
    uint32_t h = (uint32_t)java_string_hash(s);
    return (int)((h ^ (h >> 16)) & 15u);
}

/* "compact", "Delete , compact" -> normalized distinct policies joined by
 * ',' in Java's order; *only_compact when the set is exactly {compact}.
 * Returns the count. */
static size_t normalize_policies(const char *value, char *out, size_t outlen, bool *only_compact) {
    char *copy = xstrdup(value ? value : "");
    char *items[16];
    size_t n = 0;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok && n < 16;
         tok = strtok_r(NULL, ",", &save)) {
        while (isspace((unsigned char)*tok)) tok++;
        char *end = tok + strlen(tok);
        while (end > tok && isspace((unsigned char)end[-1])) *--end = '\0';
        if (!*tok) continue;
        for (char *c = tok; *c; c++) *c = (char)tolower((unsigned char)*c);
        bool dup = false;
        for (size_t i = 0; i < n; i++) dup = dup || strcmp(items[i], tok) == 0;
        if (!dup) items[n++] = tok;
    }
    /* Stable insertion sort by bucket. */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && bucket_of(items[j - 1]) > bucket_of(items[j]); j--) {
            char *t = items[j];
            items[j] = items[j - 1];
            items[j - 1] = t;
        }
    out[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(out + used, used < outlen ? outlen - used : 0, "%s%s",
                                 i ? "," : "", items[i]);
    *only_compact = n == 1 && strcmp(items[0], "compact") == 0;
    free(copy);
    return n;
}

/* 0 when compact (or when the broker would not tell), -1 with Kafka's
 * ConfigException text otherwise. */
static int check_cleanup_policy(rd_kafka_t *rk, const kafka_log_config_t *cfg, char *err,
                                size_t errlen) {
    rd_kafka_ConfigResource_t *res =
        rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, cfg->topic);
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_AdminOptions_t *o = admin_options(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS);
    rd_kafka_DescribeConfigs(rk, &res, 1, o, q);
    char why[512] = "no answer";
    const char *policy = NULL;
    bool described = false;
    rd_kafka_event_t *ev = await_event(q, "Describing the configs", cfg->topic, why, sizeof why);
    if (ev) {
        size_t cnt = 0;
        const rd_kafka_DescribeConfigs_result_t *dr = rd_kafka_event_DescribeConfigs_result(ev);
        const rd_kafka_ConfigResource_t **rs = rd_kafka_DescribeConfigs_result_resources(dr, &cnt);
        if (cnt == 1 && !rd_kafka_ConfigResource_error(rs[0])) {
            size_t ne = 0;
            const rd_kafka_ConfigEntry_t **entries = rd_kafka_ConfigResource_configs(rs[0], &ne);
            for (size_t i = 0; i < ne; i++)
                if (strcmp(rd_kafka_ConfigEntry_name(entries[i]), "cleanup.policy") == 0)
                    policy = rd_kafka_ConfigEntry_value(entries[i]);
            described = true;
        } else if (cnt == 1) {
            snprintf(why, sizeof why, "%s", rd_kafka_ConfigResource_error_string(rs[0]));
        }
    }
    int rc = 0;
    char joined[256];
    bool only_compact = false;
    size_t n = described ? normalize_policies(policy, joined, sizeof joined, &only_compact) : 0;
    if (n == 0) {
        if (!described) LOG_DEBUG(LOGGER, "DescribeConfigs of %s: %s", cfg->topic, why);
        LOG_INFO(LOGGER,
                 "Unable to use admin client to verify the cleanup policy of '%s' topic is "
                 "'compact', either because the broker is an older version or because the Kafka "
                 "principal used for Connect internal topics does not have the required "
                 "permission to describe topic configurations.",
                 cfg->topic);
    } else if (!only_compact) {
        const char *prop = cfg->topic_property ? cfg->topic_property : "";
        const char *purpose = cfg->purpose ? cfg->purpose : "";
        snprintf(err, errlen,
                 "Topic '%s' supplied via the '%s' property is required to have "
                 "'cleanup.policy=compact' to guarantee consistency and durability of %s, but "
                 "found the topic currently has 'cleanup.policy=%s'. Continuing would likely "
                 "result in eventually losing %s and problems restarting this Connect cluster in "
                 "the future. Change the '%s' property in the Connect worker configurations to "
                 "use a topic with 'cleanup.policy=compact'.",
                 cfg->topic, prop, purpose, joined, purpose, prop);
        rc = -1;
    }
    if (ev) rd_kafka_event_destroy(ev);
    rd_kafka_AdminOptions_destroy(o);
    rd_kafka_queue_destroy(q);
    rd_kafka_ConfigResource_destroy(res);
    return rc;
}

int kafka_log_admin_ensure_topic(rd_kafka_t *admin, rd_kafka_t *meta,
                                 const kafka_log_config_t *cfg, char *err, size_t errlen) {
    if (create_topic(admin, cfg, err, errlen) != 0) return -1;
    int n = partition_count(meta, cfg->topic, err, errlen);
    if (n < 0) return -1;
    if (check_cleanup_policy(admin, cfg, err, errlen) != 0) return -1;
    if (cfg->single_partition && n > 1) {
        snprintf(err, errlen,
                 "Topic '%s' supplied via the '%s' property is required to have a single "
                 "partition in order to guarantee consistency of connector configurations, but "
                 "found %d partitions.",
                 cfg->topic, cfg->topic_property ? cfg->topic_property : "config.storage.topic",
                 n);
        return -1;
    }
    return n;
}
