/*
 * librdkafka before 2.1 stops fetching a partition for a fixed second
 * (its broker thread's longest sleep) once the consumer's local queue is
 * full, even if the application drains the queue a moment later: a sink
 * that converts more slowly than the broker delivers then idles most of
 * every second (librdkafka #2879; 2.1 added fetch.queue.backoff.ms).
 *
 * The kicker wakes that broker thread early: when a sink task has drained
 * its queue, it asks for the partition's watermarks from a helper thread,
 * which queues an op on the broker thread, which then re-decides and
 * fetches. The task never blocks on it; kicks coalesce.
 */
#ifndef CONNECTD_KAFKA_FETCH_KICKER_H
#define CONNECTD_KAFKA_FETCH_KICKER_H

#include <librdkafka/rdkafka.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct fetch_kicker fetch_kicker_t;

/* True when this librdkafka needs kicks (older than 2.1). */
bool fetch_kicker_needed(void);
/* consumer is borrowed and must outlive the kicker. NULL when not needed. */
fetch_kicker_t *fetch_kicker_new(rd_kafka_t *consumer);
/* Ask for an early fetch of the partition the task just drained; never
 * blocks. NULL kicker: nothing. */
void fetch_kicker_kick(fetch_kicker_t *k, const char *topic, int32_t partition);
/* Stops the helper thread; call before destroying the consumer. */
void fetch_kicker_destroy(fetch_kicker_t *k);

#endif
