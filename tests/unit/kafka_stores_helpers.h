/* Helpers of test_kafka_stores.c: the test's own admin client (not the
 * code under test), a record collector for kafka_log, and the Java
 * client's partitioner as an oracle. Uses `bootstrap` of the includer. */
#ifndef CONNECTD_TESTS_KAFKA_STORES_HELPERS_H
#define CONNECTD_TESTS_KAFKA_STORES_HELPERS_H

#include <check.h>
#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *bootstrap;

static rd_kafka_t *admin_client(void) {
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, NULL, 0);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, NULL, 0);
    ck_assert_ptr_nonnull(rk);
    return rk;
}

static void create_topic(const char *topic, int partitions, const char *policy) {
    rd_kafka_t *rk = admin_client();
    rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(topic, partitions, 1, NULL, 0);
    rd_kafka_NewTopic_set_config(nt, "cleanup.policy", policy);
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_CreateTopics(rk, &nt, 1, NULL, q);
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 30000);
    ck_assert_ptr_nonnull(ev);
    size_t n;
    const rd_kafka_topic_result_t **r =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
    ck_assert_int_eq(rd_kafka_topic_result_error(r[0]), 0);
    rd_kafka_event_destroy(ev);
    rd_kafka_queue_destroy(q);
    rd_kafka_NewTopic_destroy(nt);
    rd_kafka_destroy(rk);
}

/* The topic's config value (malloc'd) as the broker describes it. */
static char *topic_config(const char *topic, const char *name) {
    rd_kafka_t *rk = admin_client();
    rd_kafka_ConfigResource_t *res = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic);
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_DescribeConfigs(rk, &res, 1, NULL, q);
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 30000);
    ck_assert_ptr_nonnull(ev);
    size_t n, ne;
    const rd_kafka_ConfigResource_t **rs =
        rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(ev), &n);
    const rd_kafka_ConfigEntry_t **es = rd_kafka_ConfigResource_configs(rs[0], &ne);
    char *out = NULL;
    for (size_t i = 0; i < ne; i++)
        if (strcmp(rd_kafka_ConfigEntry_name(es[i]), name) == 0 && rd_kafka_ConfigEntry_value(es[i]))
            out = strdup(rd_kafka_ConfigEntry_value(es[i]));
    rd_kafka_event_destroy(ev);
    rd_kafka_queue_destroy(q);
    rd_kafka_ConfigResource_destroy(res);
    rd_kafka_destroy(rk);
    return out;
}

/* ---- a record collector for kafka_log ----------------------------------- */

typedef struct seen {
    pthread_mutex_t lock;
    char keys[64][160];
    char values[64][160];
    int partitions[64];
    int n;
} seen_t;

static void collect(void *opaque, const char *key, size_t key_len, const char *value,
                    size_t value_len, int32_t partition, int64_t offset) {
    (void)offset;
    seen_t *s = opaque;
    pthread_mutex_lock(&s->lock);
    if (s->n < 64) {
        snprintf(s->keys[s->n], sizeof s->keys[0], "%.*s", (int)key_len, key);
        snprintf(s->values[s->n], sizeof s->values[0], "%.*s", (int)value_len,
                 value ? value : "NULL");
        if (!value) strcpy(s->values[s->n], "NULL");
        s->partitions[s->n] = partition;
        s->n++;
    }
    pthread_mutex_unlock(&s->lock);
}

/* The last value seen for key, or NULL. */
static const char *last_value(seen_t *s, const char *key, int *partition) {
    const char *v = NULL;
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->keys[i], key) == 0) {
            v = s->values[i];
            if (partition) *partition = s->partitions[i];
        }
    return v;
}

static seen_t *seen_new(void) {
    seen_t *s = calloc(1, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
    return s;
}

static void seen_free(seen_t *s) {
    pthread_mutex_destroy(&s->lock);
    free(s);
}

/* Kafka's Utils.murmur2 and BuiltInPartitioner.partitionForKey, ported
 * from the Java client: an oracle independent of librdkafka. */
static int java_partition(const char *key, int partitions) {
    const unsigned char *d = (const unsigned char *)key;
    int32_t len = (int32_t)strlen(key);
    const uint32_t m = 0x5bd1e995u;
    uint32_t h = 0x9747b28cu ^ (uint32_t)len;
    for (int32_t i = 0; i < len / 4; i++) {
        uint32_t k = d[i * 4] | (uint32_t)d[i * 4 + 1] << 8 | (uint32_t)d[i * 4 + 2] << 16 |
                     (uint32_t)d[i * 4 + 3] << 24;
        k *= m;
        k ^= k >> 24;
        k *= m;
        h *= m;
        h ^= k;
    }
    const unsigned char *tail = d + (len & ~3);
    switch (len % 4) {
    case 3: h ^= (uint32_t)tail[2] << 16; /* fall through */
    case 2: h ^= (uint32_t)tail[1] << 8; /* fall through */
    case 1: h ^= tail[0]; h *= m;
    }
    h ^= h >> 13;
    h *= m;
    h ^= h >> 15;
    return (int)((h & 0x7fffffffu) % (uint32_t)partitions);
}

/* Drop the test topics (best effort: the broker is shared). */
static void delete_topics(char names[][128], int n) {
    if (n == 0) return;
    rd_kafka_t *rk = admin_client();
    rd_kafka_DeleteTopic_t *dt[16];
    for (int i = 0; i < n && i < 16; i++) dt[i] = rd_kafka_DeleteTopic_new(names[i]);
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_DeleteTopics(rk, dt, (size_t)(n < 16 ? n : 16), NULL, q);
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 30000);
    if (ev) rd_kafka_event_destroy(ev);
    rd_kafka_DeleteTopic_destroy_array(dt, (size_t)(n < 16 ? n : 16));
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(rk);
}

#endif
