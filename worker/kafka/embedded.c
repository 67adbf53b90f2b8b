#include "kafka/embedded.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

struct embedded_cluster {
    rd_kafka_t *owner; /* the mock cluster lives inside this handle */
    rd_kafka_mock_cluster_t *mock;
    char *bootstraps;
    pthread_mutex_t lock;
    char **topics; /* created so far */
    size_t n_topics;
};

embedded_cluster_t *embedded_cluster_new(char *err, size_t errlen) {
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char rderr[256];
    /* This handle never connects anywhere: keep it from warning about it. */
    rd_kafka_conf_set(conf, "log_level", "3", NULL, 0);
    /* A producer handle that never produces: it only hosts the cluster. */
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, rderr, sizeof rderr);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        snprintf(err, errlen, "cannot create the embedded cluster's handle: %s", rderr);
        return NULL;
    }
    rd_kafka_mock_cluster_t *mock = rd_kafka_mock_cluster_new(rk, 1);
    if (!mock) {
        rd_kafka_destroy(rk);
        snprintf(err, errlen, "cannot start librdkafka's mock cluster");
        return NULL;
    }
    embedded_cluster_t *c = xcalloc(1, sizeof *c);
    c->owner = rk;
    c->mock = mock;
    c->bootstraps = xstrdup(rd_kafka_mock_cluster_bootstraps(mock));
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

const char *embedded_cluster_bootstraps(const embedded_cluster_t *c) { return c->bootstraps; }

void embedded_cluster_ensure_topic(embedded_cluster_t *c, const char *topic) {
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < c->n_topics; i++) {
        if (strcmp(c->topics[i], topic) == 0) {
            pthread_mutex_unlock(&c->lock);
            return;
        }
    }
    rd_kafka_mock_topic_create(c->mock, topic, 1, 1);
    c->topics = xrealloc(c->topics, (c->n_topics + 1) * sizeof *c->topics);
    c->topics[c->n_topics++] = xstrdup(topic);
    pthread_mutex_unlock(&c->lock);
}

void embedded_cluster_destroy(embedded_cluster_t *c) {
    if (!c) return;
    for (size_t i = 0; i < c->n_topics; i++) free(c->topics[i]);
    free(c->topics);
    pthread_mutex_destroy(&c->lock);
    rd_kafka_mock_cluster_destroy(c->mock);
    rd_kafka_destroy(c->owner);
    free(c->bootstraps);
    free(c);
}
