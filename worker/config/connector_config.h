/*
 * The framework's connector config definitions, as Kafka Connect 4.3.1
 * declares them (ConnectorConfig, SourceConnectorConfig,
 * SinkConnectorConfig): names, types, defaults, docs, groups, widths,
 * display names and validators, so the REST validate document and
 * GET /connector-plugins/{p}/config match Kafka's.
 *
 * Order in group: Kafka numbers these keys by hand (e.g. "transforms" is 12
 * in group "Transforms", sink "topics" and "topics.regex" are both 4), which
 * no positional rule reproduces; connector_config_order() gives those numbers
 * and the connector_config_validate_* functions use it.
 */
#ifndef CONNECTD_CONFIG_CONNECTOR_CONFIG_H
#define CONNECTD_CONFIG_CONNECTOR_CONFIG_H

#include <connectd/config.h>
#include <connectd/plugin.h>

/* Keys (ConnectorConfig and friends). */
#define CONNECTOR_NAME "name"
#define CONNECTOR_CLASS "connector.class"
#define CONNECTOR_TASKS_MAX "tasks.max"
#define CONNECTOR_TRANSFORMS "transforms"
#define CONNECTOR_PREDICATES "predicates"
#define CONNECTOR_TOPICS "topics"
#define CONNECTOR_TOPICS_REGEX "topics.regex"
#define CONNECTOR_DLQ_TOPIC "errors.deadletterqueue.topic.name"

/* Keys every connector has (group Common, Transforms, Predicates, Error
 * Handling). The *.plugin.version keys have a null default here: their
 * Kafka default is the installed plugin's version, which the caller fills in
 * with config_defs_with_defaults() (as it does for key.converter and
 * value.converter, whose default is the worker's). */
const cd_config_def_t *connector_config_common_defs(void);
/* Source connectors only (Topic Creation, Exactly Once Support,
 * offsets.topic). */
const cd_config_def_t *connector_config_source_defs(void);
/* Sink connectors only (topics, topics.regex, dead letter queue). */
const cd_config_def_t *connector_config_sink_defs(void);

/* Kafka's order_in_group of a framework key; -1 for any other name. Usable
 * as a config_order_fn. */
int connector_config_order(const char *name);

/* config_validate_ordered() of each table with Kafka's orders. */
void connector_config_validate_common(const cd_props_t *props, cd_validation_t *v);
void connector_config_validate_source(const cd_props_t *props, cd_validation_t *v);
void connector_config_validate_sink_defs(const cd_props_t *props, cd_validation_t *v);

/* Sink cross-field checks (SinkConnectorConfig.validate): topics vs
 * topics.regex, and the DLQ topic not consumed by the connector itself.
 * Errors go to the keys' entries (created when missing). */
void connector_config_validate_sink(const cd_props_t *props, cd_validation_t *v);

#endif
