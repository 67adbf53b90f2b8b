/*
 * Validation of a connector config, shared by every herder and by
 * PUT /connector-plugins/{type}/config/validate: Kafka's
 * AbstractHerder.validateConnectorConfig. connector.class must name an
 * installed connector; the framework's definitions (common, then source or
 * sink), the definitions of every transform and predicate the config names
 * (ConnectorConfig.enrich), and the plugin's own definitions and validate()
 * must all hold. The result is one cd_validation_t: Kafka's ConfigInfos
 * document for the REST validate endpoint, and the 400 message of
 * create/update.
 */
#ifndef CONNECTD_HERDER_CONNECTOR_VALIDATION_H
#define CONNECTD_HERDER_CONNECTOR_VALIDATION_H

#include <stdbool.h>

#include "herder/herder.h"
#include "plugin/registry.h"

/* Kafka's worker default header converter (the worker config's default). */
#define CONNECTOR_VALIDATION_DEFAULT_HEADER_CONVERTER \
    "org.apache.kafka.connect.storage.SimpleHeaderConverter"

/*
 * Validate config. worker_props (may be NULL) gives the defaults Kafka
 * shows for key.converter, value.converter, header.converter and their
 * *.plugin.version keys. Returns 0 with *out (caller destroys; errors, if
 * any, are in it) and *desc set, or an error status with err filled when
 * there is no document to build: BAD_REQUEST "Connector config {...}
 * contains no connector type", or BAD_REQUEST with the registry's message
 * for an unknown or ambiguous connector class.
 */
int connector_validation_run(const plugin_registry_t *reg, const cd_props_t *worker_props,
                             const cd_props_t *config, cd_validation_t **out,
                             const cd_plugin_desc_t **desc, herder_error_t *err);

/* Create/update: connector_validation_run, and BAD_REQUEST with Kafka's
 * "Connector configuration is invalid and contains the following N
 * error(s): ..." when the document has errors. 0 with *desc set. */
int connector_validate(const plugin_registry_t *reg, const cd_props_t *config,
                       const cd_plugin_desc_t **desc, herder_error_t *err);
/* The same with the worker's config for the converter defaults. */
int connector_validate_with_worker(const plugin_registry_t *reg, const cd_props_t *worker_props,
                                   const cd_props_t *config, const cd_plugin_desc_t **desc,
                                   herder_error_t *err);

/* The (validated) tasks.max of a config. */
int connector_tasks_max(const cd_props_t *config);

/* ---- parts, shared by connector_validation*.c ------------------------- */

/* ConnectorConfig.enrich: for each alias of `transforms`, then of
 * `predicates`, the keys transforms.<alias>.type, .plugin.version,
 * .predicate, .negate and the plugin's own keys embedded under the prefix,
 * in group "Transforms: <alias>" ("Predicates: <alias>"), validated. */
void connector_validation_enrich(const plugin_registry_t *reg, const cd_props_t *config,
                                 cd_validation_t *v);

/* Resolve the class a CLASS key names among the plugins of `type` (Kafka's
 * ConfigDef CLASS parsing plus ConcreteSubClassValidator): the key's value
 * becomes the canonical class name, or null with "Class X could not be
 * found." / "Class class X does not implement the <iface> interface" on
 * the key. Does nothing when the key has no value. Returns the plugin or
 * NULL. */
const cd_plugin_desc_t *connector_validation_class(const plugin_registry_t *reg,
                                                   cd_validation_t *v, const char *key,
                                                   const char *value, cd_plugin_type_t type);

/* Recommended values of a key: the sorted, distinct class names of every
 * plugin of `type`, or the versions installed of class `name` (none when
 * name is NULL). */
void connector_validation_recommend_classes(const plugin_registry_t *reg, cd_validation_t *v,
                                            const char *key, cd_plugin_type_t type);
void connector_validation_recommend_versions(const plugin_registry_t *reg, cd_validation_t *v,
                                             const char *key, unsigned mask, const char *name);

#endif
