#include "kafka/fetch_kicker.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/* A watermark query is a small request to the local broker; one per
 * drained batch at most, and while one is in flight further kicks just
 * mark the next one wanted. */
#define KICK_TIMEOUT_MS 1000

struct fetch_kicker {
    rd_kafka_t *consumer;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool stopping;
    bool pending;
    char topic[256];
    int32_t partition;
};

bool fetch_kicker_needed(void) { return rd_kafka_version() < 0x020100ff; }

static void *kicker_main(void *arg) {
    fetch_kicker_t *k = arg;
    pthread_mutex_lock(&k->lock);
    for (;;) {
        while (!k->pending && !k->stopping) pthread_cond_wait(&k->cond, &k->lock);
        if (k->stopping) break;
        char topic[sizeof k->topic];
        memcpy(topic, k->topic, sizeof topic);
        int32_t partition = k->partition;
        k->pending = false;
        pthread_mutex_unlock(&k->lock);
        int64_t lo, hi; /* the answer does not matter: the wake-up does */
        rd_kafka_query_watermark_offsets(k->consumer, topic, partition, &lo, &hi,
                                         KICK_TIMEOUT_MS);
        pthread_mutex_lock(&k->lock);
    }
    pthread_mutex_unlock(&k->lock);
    return NULL;
}

fetch_kicker_t *fetch_kicker_new(rd_kafka_t *consumer) {
    if (!fetch_kicker_needed()) return NULL;
    fetch_kicker_t *k = xcalloc(1, sizeof *k);
    k->consumer = consumer;
    pthread_mutex_init(&k->lock, NULL);
    pthread_cond_init(&k->cond, NULL);
    if (pthread_create(&k->thread, NULL, kicker_main, k) != 0) {
        pthread_cond_destroy(&k->cond);
        pthread_mutex_destroy(&k->lock);
        free(k);
        return NULL; /* no kicks: slower under backlog, still correct */
    }
    pthread_setname_np(k->thread, "fetch-kick");
    return k;
}

void fetch_kicker_kick(fetch_kicker_t *k, const char *topic, int32_t partition) {
    if (!k || !topic || strlen(topic) >= sizeof k->topic) return;
    pthread_mutex_lock(&k->lock);
    if (!k->pending) {
        strcpy(k->topic, topic);
        k->partition = partition;
        k->pending = true;
        pthread_cond_signal(&k->cond);
    }
    pthread_mutex_unlock(&k->lock);
}

void fetch_kicker_destroy(fetch_kicker_t *k) {
    if (!k) return;
    pthread_mutex_lock(&k->lock);
    k->stopping = true;
    pthread_cond_signal(&k->cond);
    pthread_mutex_unlock(&k->lock);
    pthread_join(k->thread, NULL);
    pthread_cond_destroy(&k->cond);
    pthread_mutex_destroy(&k->lock);
    free(k);
}
