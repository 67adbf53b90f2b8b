/*
 * JSON documents of Kafka Connect's REST entities, with Kafka 4.3.1's field
 * names and field order (Jackson writes @JsonCreator properties first, in
 * constructor order, then the rest), so answers are byte-compatible.
 * Every function returns a new reference (caller decrefs).
 */
#ifndef CONNECTD_REST_REST_ENTITIES_H
#define CONNECTD_REST_REST_ENTITIES_H

#include <connectd/plugin.h>
#include <jansson.h>
#include <stdbool.h>

#include "herder/herder.h"

/* A JSON string, or null for NULL; invalid UTF-8 becomes U+FFFD. */
json_t *rest_json_string(const char *s);

/* ErrorMessage: {"error_code":N,"message":"..."} */
json_t *rest_entity_error(int code, const char *message);
/* ServerInfo (GET /): {"version","commit","kafka_cluster_id"} */
json_t *rest_entity_server_info(const char *version, const char *commit, const char *cluster_id);
/* WorkerStatus (GET /health): {"status","message"} */
json_t *rest_entity_worker_status(const char *status, const char *message);
/* A config map {k:v} in the props' own order. */
json_t *rest_entity_props(const cd_props_t *props);
/* ConnectorTaskId: {"connector","task"} */
json_t *rest_entity_task_id(const char *connector, int task);
/* ConnectorInfo: {"name","config","tasks":[ConnectorTaskId],"type"} */
json_t *rest_entity_connector_info(const connector_info_t *info);
/* ConnectorState: {"state","worker_id","version","trace"?}. version is
 * written as null when unknown (Jackson's filter only drops "undefined");
 * trace only when non-empty. */
json_t *rest_entity_connector_state(const instance_state_t *s);
/* TaskState: {"id","state","worker_id","version","trace"?} */
json_t *rest_entity_task_state(const instance_state_t *s);
/* ConnectorStateInfo: {"name","connector","tasks","type"} */
json_t *rest_entity_connector_state_info(const connector_state_info_t *s);
/* PluginInfo: {"class","type","version"}; version omitted when the plugin
 * has none ("undefined" in Kafka). */
json_t *rest_entity_plugin_info(const cd_plugin_desc_t *desc);

/* ---- request bodies ---- */

/* A config map from a JSON object: string values as they are, numbers and
 * booleans as their text (Jackson coerces them into Map<String,String>).
 * null, arrays and objects are refused. Returns 0 with *out set (caller
 * destroys), or -1 with err filled. obj NULL or JSON null: empty map. */
int rest_props_from_json(const json_t *obj, const char *what, cd_props_t **out, char *err,
                         size_t errlen);
/* A scalar as Jackson would read it into a String: the string itself, or
 * the text of a number/boolean (caller frees). NULL for null, arrays and
 * objects. */
char *rest_json_scalar_text(const json_t *v);

/* Absolute URL of a connector (Location header), the name percent-encoded. */
char *rest_connector_location(const char *base_url, const char *name);
/* Integer.valueOf of a path parameter: optional sign, digits, 32 bits. */
bool rest_parse_java_int(const char *s, int *out);

#endif
