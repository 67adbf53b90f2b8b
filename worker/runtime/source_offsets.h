/*
 * Which source offsets may be committed. Records are tracked in poll order;
 * an offset becomes committable only when its record and every record
 * polled before it were acknowledged by Kafka (or deliberately dropped), so
 * a crash after a commit never skips unwritten data.
 *
 * Owned by one source task thread, except `acks` slots that librdkafka's
 * delivery callback writes (it runs on the same thread, from rd_kafka_poll).
 */
#ifndef CONNECTD_RUNTIME_SOURCE_OFFSETS_H
#define CONNECTD_RUNTIME_SOURCE_OFFSETS_H

#include <connectd/plugin.h>
#include <stdbool.h>

#include "runtime/contexts.h"
#include "store/offset_store.h"

enum { ACK_PENDING = 0, ACK_OK = 1, ACK_FAILED = 2 };

typedef struct inflight_batch inflight_batch_t;

typedef struct source_offsets source_offsets_t;

source_offsets_t *source_offsets_new(const char *connector);
void source_offsets_destroy(source_offsets_t *so);

/* A batch to poll into (arena recycled from finished batches). */
inflight_batch_t *source_offsets_begin_batch(source_offsets_t *so, size_t limit);
cd_source_batch_t *inflight_batch_records(inflight_batch_t *b);
/* After poll(): one pending ack slot per polled record. */
void inflight_batch_prepare_acks(inflight_batch_t *b);
/* Where the delivery callback of record i writes ACK_OK / ACK_FAILED. */
unsigned char *inflight_batch_ack_slot(inflight_batch_t *b, size_t i);
/* Hand the polled (and sent) batch over for tracking; empty batches are
 * recycled at once. */
void source_offsets_submit(source_offsets_t *so, inflight_batch_t *b);

/* Records submitted but not yet acknowledged. */
size_t source_offsets_inflight(const source_offsets_t *so);

/* Walk the acknowledged prefix: offsets it covers become committable, and
 * for each record on_ack(record, ok) is called (for commit_record and
 * error handling); returns the number of records it passed. */
size_t source_offsets_advance(source_offsets_t *so,
                              void (*on_ack)(void *arg, const cd_record_t *r, bool ok), void *arg);

/* Write the committable offsets that changed since the last commit to the
 * store. 0 when nothing was needed or all were durably written; -1 with err
 * filled otherwise (they stay pending for the next try). *committed gets
 * how many partitions were written. */
int source_offsets_commit(source_offsets_t *so, offset_store_t *store, size_t *committed,
                          char *err, size_t errlen);

#endif
