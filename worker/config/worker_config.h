/*
 * Worker configuration definitions with Kafka Connect's names and defaults
 * (WorkerConfig, RestServerConfig, StandaloneConfig, DistributedConfig).
 * Unknown keys are legal in a worker config: they are kept and handed to
 * the Kafka clients (see worker_config_client_overrides).
 *
 * A worker validates against worker_config_defs() plus the table of its
 * mode: worker_config_standalone_defs() or worker_config_distributed_defs().
 */
#ifndef CONNECTD_CONFIG_WORKER_CONFIG_H
#define CONNECTD_CONFIG_WORKER_CONFIG_H

#include <connectd/config.h>

#define WORKER_BOOTSTRAP_SERVERS "bootstrap.servers"
/* connectd extension: bootstrap.servers=embedded runs the in-process mock
 * cluster instead of connecting to Kafka. */
#define WORKER_BOOTSTRAP_EMBEDDED "embedded"
#define WORKER_KEY_CONVERTER "key.converter"
#define WORKER_VALUE_CONVERTER "value.converter"
#define WORKER_HEADER_CONVERTER "header.converter"
#define WORKER_OFFSET_FILE "offset.storage.file.filename"
#define WORKER_OFFSET_FLUSH_INTERVAL_MS "offset.flush.interval.ms"
#define WORKER_OFFSET_FLUSH_TIMEOUT_MS "offset.flush.timeout.ms"
#define WORKER_TASK_SHUTDOWN_TIMEOUT_MS "task.shutdown.graceful.timeout.ms"
#define WORKER_PLUGIN_PATH "plugin.path"
#define WORKER_LISTENERS "listeners"
#define WORKER_REST_ADVERTISED_HOST "rest.advertised.host.name"
#define WORKER_REST_ADVERTISED_PORT "rest.advertised.port"
#define WORKER_REST_EXTENSION_CLASSES "rest.extension.classes"
/* connectd extension: basic authentication without a JAAS file. */
#define WORKER_REST_BASIC_AUTH_CREDENTIALS_FILE "rest.basic.auth.credentials.file"
#define WORKER_CONFIG_PROVIDERS "config.providers"
#define WORKER_GROUP_ID "group.id"

/* Keys of every worker (spec §2.1). */
const cd_config_def_t *worker_config_defs(void);
/* Standalone-only keys (§2.2): offset.storage.file.filename, required. */
const cd_config_def_t *worker_config_standalone_defs(void);
/* Distributed-only keys (§2.3): group.id, the three internal topics, group
 * timeouts, protocol, exactly-once and inter-worker key settings. */
const cd_config_def_t *worker_config_distributed_defs(void);

/* Copy every worker key starting with prefix ("producer.", "consumer.",
 * "admin."; the trailing dot may be omitted) into out with the prefix
 * stripped, replacing keys already in out (later wins, as in Kafka's
 * client config derivation). */
void worker_config_client_overrides(const cd_props_t *worker, const char *prefix,
                                    cd_props_t *out);

#endif
