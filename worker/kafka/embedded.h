/*
 * The embedded developer cluster: librdkafka's in-process mock cluster on
 * loopback, for `bootstrap.servers=embedded`. Nothing is durable.
 */
#ifndef CONNECTD_KAFKA_EMBEDDED_H
#define CONNECTD_KAFKA_EMBEDDED_H

#include <stddef.h>

typedef struct embedded_cluster embedded_cluster_t;

embedded_cluster_t *embedded_cluster_new(char *err, size_t errlen); /* caller destroys */
/* host:port list to use as bootstrap.servers. Borrowed. */
const char *embedded_cluster_bootstraps(const embedded_cluster_t *c);
/* Create topic with one partition unless it exists. The mock cluster would
 * auto-create it with several partitions, which reorders a file's lines;
 * a real broker here has num.partitions=1 by default. Thread-safe. */
void embedded_cluster_ensure_topic(embedded_cluster_t *c, const char *topic);
void embedded_cluster_destroy(embedded_cluster_t *c);

#endif
