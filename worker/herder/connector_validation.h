/*
 * Validation of a connector config before it is accepted (create/update),
 * shared by every herder: connector.class must name an installed connector,
 * and the framework's, the connector type's and the plugin's own
 * definitions must all hold.
 */
#ifndef CONNECTD_HERDER_CONNECTOR_VALIDATION_H
#define CONNECTD_HERDER_CONNECTOR_VALIDATION_H

#include "herder/herder.h"
#include "plugin/registry.h"

/* 0 with *desc set, or an error status with err filled (Kafka's 400 texts). */
int connector_validate(const plugin_registry_t *reg, const cd_props_t *config,
                       const cd_plugin_desc_t **desc, herder_error_t *err);

/* The (validated) tasks.max of a config. */
int connector_tasks_max(const cd_props_t *config);

#endif
