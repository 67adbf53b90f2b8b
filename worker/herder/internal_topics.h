/*
 * The three internal topics of distributed mode and how their clients are
 * configured from the worker properties (Kafka's DistributedConfig and
 * §2.4): topic names, partitions, replication factors, the extra
 * `<prefix>.<topic config>` keys used when creating them, and client ids
 * `<group.id>-configs` / `-offsets` / `-statuses`.
 */
#ifndef CONNECTD_HERDER_INTERNAL_TOPICS_H
#define CONNECTD_HERDER_INTERNAL_TOPICS_H

#include <connectd/config.h>

#include "kafka/kafka_log.h"

typedef enum internal_topic {
    INTERNAL_TOPIC_CONFIG,
    INTERNAL_TOPIC_OFFSET,
    INTERNAL_TOPIC_STATUS,
} internal_topic_t;

typedef struct internal_topic_config {
    kafka_log_config_t log;   /* points into the fields below and the worker props */
    cd_props_t *topic_configs;
    char *client_id;
} internal_topic_config_t;

/* Fill out for one topic; release with internal_topic_config_clear. wp and
 * bootstrap are borrowed and must outlive out. */
void internal_topic_config_init(internal_topic_config_t *out, const cd_props_t *wp,
                                const char *bootstrap, internal_topic_t which);
void internal_topic_config_clear(internal_topic_config_t *c);

#endif
