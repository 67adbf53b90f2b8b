/*
 * librdkafka configuration from worker properties: bootstrap.servers plus
 * the producer.* / consumer.* / admin.* overrides, as the Java worker
 * derives its clients' configs.
 */
#ifndef CONNECTD_KAFKA_CLIENT_CONFIG_H
#define CONNECTD_KAFKA_CLIENT_CONFIG_H

#include <connectd/config.h>
#include <librdkafka/rdkafka.h>

typedef enum kafka_client_kind {
    KAFKA_CLIENT_PRODUCER,
    KAFKA_CLIENT_CONSUMER,
    KAFKA_CLIENT_ADMIN,
} kafka_client_kind_t;

/* A new conf with bootstrap.servers (the resolved address, also for the
 * embedded cluster), the worker's prefix overrides for that kind, then
 * `extra` (connector-level overrides and framework settings, which win).
 * Java client keys librdkafka does not know are skipped with a DEBUG line.
 * Returns NULL with err filled when librdkafka rejects a value. */
rd_kafka_conf_t *kafka_client_conf_new(const char *bootstrap, const cd_props_t *worker,
                                       kafka_client_kind_t kind, const cd_props_t *extra,
                                       char *err, size_t errlen);

#endif
