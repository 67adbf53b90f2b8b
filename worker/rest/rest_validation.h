/*
 * Kafka's config documents as JSON, with Kafka 4.3.1's field names and
 * order: ConfigKeyInfo (GET /connector-plugins/{p}/config and the
 * "definition" of a validate entry) and ConfigInfos (PUT
 * /connector-plugins/{type}/config/validate). New references; caller
 * decrefs.
 */
#ifndef CONNECTD_REST_REST_VALIDATION_H
#define CONNECTD_REST_REST_VALIDATION_H

#include <connectd/plugin.h>
#include <jansson.h>

/* {"name","type","required","default_value","importance","documentation",
 *  "group","order_in_group","width","display_name","dependents"} */
json_t *rest_entity_config_key_info(const cd_config_def_t *d, int order_in_group);

/* {"name","error_count","groups","configs":[{"definition","value"}]}; name
 * is the connector.class as the request gave it. */
json_t *rest_entity_config_infos(const char *name, const cd_validation_t *v);

#endif
