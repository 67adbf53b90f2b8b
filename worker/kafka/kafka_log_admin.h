/*
 * Topic set-up for kafka_log (Kafka's TopicAdmin as the internal-topic
 * stores use it): create the topic compacted if it is missing, refuse one
 * whose cleanup.policy is anything but "compact", and, for the config
 * topic, one with more than one partition. Error texts are Kafka's.
 */
#ifndef CONNECTD_KAFKA_KAFKA_LOG_ADMIN_H
#define CONNECTD_KAFKA_KAFKA_LOG_ADMIN_H

#include <librdkafka/rdkafka.h>

#include "kafka/kafka_log.h"

/* admin runs CreateTopics/DescribeConfigs, meta the metadata request (a
 * consumer, so that asking never auto-creates the topic). Returns the
 * partition count, or -1 with err. */
int kafka_log_admin_ensure_topic(rd_kafka_t *admin, rd_kafka_t *meta,
                                 const kafka_log_config_t *cfg, char *err, size_t errlen);

#endif
