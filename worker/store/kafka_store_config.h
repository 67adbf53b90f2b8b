/*
 * An owned copy of a kafka_log_config_t. The stores are created from a
 * configuration the caller may free right away (herder/internal_topics.c
 * does) but open their log later, in *_start.
 */
#ifndef CONNECTD_STORE_KAFKA_STORE_CONFIG_H
#define CONNECTD_STORE_KAFKA_STORE_CONFIG_H

#include <connectd/config.h>

#include "kafka/kafka_log.h"

typedef struct kafka_store_config {
    kafka_log_config_t log; /* every pointer points into the copies below */
    char *topic, *topic_property, *purpose, *bootstrap, *client_id;
    cd_props_t *topic_configs, *worker_props;
} kafka_store_config_t;

void kafka_store_config_copy(kafka_store_config_t *dst, const kafka_log_config_t *src);
void kafka_store_config_clear(kafka_store_config_t *c);

#endif
