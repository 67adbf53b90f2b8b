/*
 * Worker config tables; see worker_config.h. Defaults and docs follow Kafka
 * (spec §2.1-§2.3) so that an existing connect-standalone.properties means
 * the same thing here. The ssl.* keys declared are those of the HTTPS
 * listener; every ssl.* key also passes through to the Kafka clients.
 */
#include "config/worker_config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static const char *const DNS_LOOKUP_CHOICES[] = {"use_all_dns_ips",
                                                 "resolve_canonical_bootstrap_servers_only", NULL};
static const char *const PLUGIN_DISCOVERY_CHOICES[] = {"only_scan", "hybrid_warn", "hybrid_fail",
                                                       "service_load", NULL};
static const char *const RECORDING_LEVEL_CHOICES[] = {"INFO", "DEBUG", NULL};
static const char *const SSL_CLIENT_AUTH_CHOICES[] = {"required", "requested", "none", NULL};

#define LOW CD_IMPORTANCE_LOW
#define MEDIUM CD_IMPORTANCE_MEDIUM
#define HIGH CD_IMPORTANCE_HIGH

static const cd_config_def_t WORKER_DEFS[] = {
    {.name = "bootstrap.servers", .type = CD_CFG_LIST, .default_value = "localhost:9092",
     .importance = HIGH,
     .documentation =
         "A list of host/port pairs used to establish the initial connection to the Kafka "
         "cluster. Clients use this list to bootstrap and discover the full set of Kafka "
         "brokers. This list must be in the form <code>host1:port1,host2:port2,...</code>. "
         "connectd also accepts <code>embedded</code>: an in-process mock cluster."},
    {.name = "client.dns.lookup", .type = CD_CFG_STRING, .default_value = "use_all_dns_ips",
     .importance = MEDIUM, .documentation = "Controls how the client uses DNS lookups.",
     .choices = DNS_LOOKUP_CHOICES},
    {.name = "key.converter", .type = CD_CFG_CLASS, .importance = HIGH,
     .flags = CD_CFG_F_REQUIRED,
     .documentation =
         "Converter class used to convert between Kafka Connect format and the serialized form "
         "that is written to Kafka. This controls the format of the keys in messages written to "
         "or read from Kafka, and since this is independent of connectors it allows any "
         "connector to work with any serialization format. Examples of common formats include "
         "JSON and Avro."},
    {.name = "value.converter", .type = CD_CFG_CLASS, .importance = HIGH,
     .flags = CD_CFG_F_REQUIRED,
     .documentation =
         "Converter class used to convert between Kafka Connect format and the serialized form "
         "that is written to Kafka. This controls the format of the values in messages written "
         "to or read from Kafka, and since this is independent of connectors it allows any "
         "connector to work with any serialization format. Examples of common formats include "
         "JSON and Avro."},
    {.name = "task.shutdown.graceful.timeout.ms", .type = CD_CFG_LONG, .default_value = "5000",
     .importance = LOW,
     .documentation = "Amount of time to wait for tasks to shutdown gracefully. This is the "
                      "total amount of time, not per task. All task have shutdown triggered, "
                      "then they are waited on sequentially."},
    {.name = "offset.flush.interval.ms", .type = CD_CFG_LONG, .default_value = "60000",
     .importance = LOW, .documentation = "Interval at which to try committing offsets for tasks."},
    {.name = "offset.flush.timeout.ms", .type = CD_CFG_LONG, .default_value = "5000",
     .importance = LOW,
     .documentation = "Maximum number of milliseconds to wait for records to flush and partition "
                      "offset data to be committed to offset storage before cancelling the "
                      "process and restoring the offset data to be committed in a future "
                      "attempt. This property has no effect for source connectors running with "
                      "exactly-once support."},
    {.name = "plugin.path", .type = CD_CFG_LIST, .importance = LOW,
     .documentation = "List of paths separated by commas (,) that contain plugins (connectors, "
                      "converters, transformations): directories holding connectd plugin "
                      "shared objects. Do not use config provider variables in this property, "
                      "since the raw path is used before config providers are initialized."},
    {.name = "plugin.discovery", .type = CD_CFG_STRING, .default_value = "hybrid_warn",
     .importance = LOW,
     .documentation = "Method to use to discover plugins present in the classpath and "
                      "plugin.path configuration (kept for compatibility; connectd scans "
                      "plugin.path).",
     .choices = PLUGIN_DISCOVERY_CHOICES},
    {.name = "metrics.sample.window.ms", .type = CD_CFG_LONG, .default_value = "30000",
     .importance = LOW, .documentation = "The window of time a metrics sample is computed over.",
     .flags = CD_CFG_F_HAS_MIN, .min = 0},
    {.name = "metrics.num.samples", .type = CD_CFG_INT, .default_value = "2", .importance = LOW,
     .documentation = "The number of samples maintained to compute metrics.",
     .flags = CD_CFG_F_HAS_MIN, .min = 1},
    {.name = "metrics.recording.level", .type = CD_CFG_STRING, .default_value = "INFO",
     .importance = LOW, .documentation = "The highest recording level for metrics.",
     .choices = RECORDING_LEVEL_CHOICES},
    {.name = "metric.reporters", .type = CD_CFG_LIST,
     .default_value = "org.apache.kafka.common.metrics.JmxReporter", .importance = LOW,
     .documentation = "A list of classes to use as metrics reporters."},
    {.name = "header.converter", .type = CD_CFG_CLASS,
     .default_value = "org.apache.kafka.connect.storage.SimpleHeaderConverter",
     .importance = LOW,
     .documentation =
         "HeaderConverter class used to convert between Kafka Connect format and the serialized "
         "form that is written to Kafka. This controls the format of the header values in "
         "messages written to or read from Kafka, and since this is independent of connectors it "
         "allows any connector to work with any serialization format. Examples of common formats "
         "include JSON and Avro. By default, the SimpleHeaderConverter is used to serialize "
         "header values to strings and deserialize them by inferring the schemas."},
    {.name = "config.providers", .type = CD_CFG_LIST, .default_value = "", .importance = LOW,
     .documentation = "Comma-separated names of <code>ConfigProvider</code> classes, loaded and "
                      "used in the order specified. Implementing the interface  "
                      "<code>ConfigProvider</code> allows you to replace variable references in "
                      "connector configurations, such as for externalized secrets. "},
    {.name = "connector.client.config.override.policy", .type = CD_CFG_STRING,
     .default_value = "All", .importance = MEDIUM,
     .documentation = "Class name or alias of implementation of "
                      "<code>ConnectorClientConfigOverridePolicy</code>. Defines what client "
                      "configurations can be overridden by the connector. The default "
                      "implementation is `All`, meaning connector configurations can override "
                      "all client properties. The other possible policies in the framework "
                      "include `None` to disallow connectors from overriding client properties, "
                      "and `Principal` to allow connectors to override only client principals."},
    {.name = "topic.creation.enable", .type = CD_CFG_BOOLEAN, .default_value = "true",
     .importance = LOW,
     .documentation = "Whether to allow automatic creation of topics used by source connectors, "
                      "when source connectors are configured with `topic.creation.` properties. "
                      "Each task will use an admin client to create its topics and will not "
                      "depend on the Kafka brokers to create topics automatically."},
    {.name = "topic.tracking.enable", .type = CD_CFG_BOOLEAN, .default_value = "true",
     .importance = LOW,
     .documentation = "Enable tracking the set of active topics per connector during runtime."},
    {.name = "topic.tracking.allow.reset", .type = CD_CFG_BOOLEAN, .default_value = "true",
     .importance = LOW,
     .documentation = "If set to true, it allows user requests to reset the set of active "
                      "topics per connector."},
    {.name = "listeners", .type = CD_CFG_LIST, .default_value = "http://:8083", .importance = LOW,
     .documentation = "List of comma-separated URIs the REST API will listen on. The supported "
                      "protocols are HTTP and HTTPS.\n Specify hostname as 0.0.0.0 to bind to "
                      "all interfaces.\n Leave hostname empty to bind to default interface.\n "
                      "Examples of legal listener lists: HTTP://myhost:8083,HTTPS://myhost:8084"},
    {.name = "rest.advertised.host.name", .type = CD_CFG_STRING, .importance = LOW,
     .documentation = "If this is set, this is the hostname that will be given out to other "
                      "workers to connect to."},
    {.name = "rest.advertised.port", .type = CD_CFG_INT, .importance = LOW,
     .documentation = "If this is set, this is the port that will be given out to other workers "
                      "to connect to."},
    {.name = "rest.advertised.listener", .type = CD_CFG_STRING, .importance = LOW,
     .documentation = "Sets the advertised listener (HTTP or HTTPS) which will be given to other "
                      "workers to use."},
    {.name = "access.control.allow.origin", .type = CD_CFG_STRING, .default_value = "",
     .importance = LOW,
     .documentation = "Value to set the Access-Control-Allow-Origin header to for REST API "
                      "requests.To enable cross origin access, set this to the domain of the "
                      "application that should be permitted to access the API, or '*' to allow "
                      "access from any domain. The default value only allows access from the "
                      "domain of the REST API."},
    {.name = "access.control.allow.methods", .type = CD_CFG_STRING, .default_value = "",
     .importance = LOW,
     .documentation = "Sets the methods supported for cross origin requests by setting the "
                      "Access-Control-Allow-Methods header. The default value of the "
                      "Access-Control-Allow-Methods header allows cross origin requests for GET, "
                      "POST and HEAD."},
    {.name = "response.http.headers.config", .type = CD_CFG_STRING, .default_value = "",
     .importance = LOW, .documentation = "Rules for REST API HTTP response headers"},
    {.name = "ssl.client.auth", .type = CD_CFG_STRING, .default_value = "none",
     .importance = LOW,
     .documentation = "Configures the HTTPS listener to request client authentication: "
                      "required, requested or none.",
     .choices = SSL_CLIENT_AUTH_CHOICES},
    /* The ssl.* keys below configure the https listeners (rest_tls.h);
     * like every ssl.* key they also reach the Kafka clients, so prefer
     * the listeners.https. prefixed form for the listener's keystore. */
    {.name = "ssl.keystore.type", .type = CD_CFG_STRING, .default_value = "JKS",
     .importance = MEDIUM,
     .documentation = "The file format of the key store file. For the HTTPS listener connectd "
                      "reads PEM only (set <code>PEM</code>); JKS and PKCS12 stores are refused "
                      "with a message saying how to convert them."},
    {.name = "ssl.keystore.location", .type = CD_CFG_STRING, .importance = HIGH,
     .documentation = "The location of the key store file. For the HTTPS listener: a PEM file "
                      "holding the private key and the certificate chain."},
    {.name = "ssl.keystore.password", .type = CD_CFG_PASSWORD, .importance = HIGH,
     .documentation = "The store password for the key store file. Key store password is not "
                      "supported for PEM format."},
    {.name = "ssl.keystore.key", .type = CD_CFG_PASSWORD, .importance = HIGH,
     .documentation = "Private key in the format specified by 'ssl.keystore.type' (PEM), "
                      "given inline instead of through ssl.keystore.location. If the key is "
                      "encrypted, the key password must be specified using 'ssl.key.password'."},
    {.name = "ssl.keystore.certificate.chain", .type = CD_CFG_PASSWORD, .importance = HIGH,
     .documentation = "Certificate chain in the format specified by 'ssl.keystore.type' (PEM): "
                      "a list of X.509 certificates, leaf first, given inline together with "
                      "ssl.keystore.key."},
    {.name = "ssl.key.password", .type = CD_CFG_PASSWORD, .importance = HIGH,
     .documentation = "The password of the private key in the key store file or the PEM key "
                      "specified in 'ssl.keystore.key' (an encrypted PKCS#8 key)."},
    {.name = "ssl.truststore.type", .type = CD_CFG_STRING, .default_value = "JKS",
     .importance = MEDIUM,
     .documentation = "The file format of the trust store file. For the HTTPS listener connectd "
                      "reads PEM only."},
    {.name = "ssl.truststore.location", .type = CD_CFG_STRING, .importance = HIGH,
     .documentation = "The location of the trust store file: for the HTTPS listener, a PEM file "
                      "of the CA certificates that client certificates must chain to (used "
                      "when ssl.client.auth is requested or required)."},
    {.name = "ssl.truststore.password", .type = CD_CFG_PASSWORD, .importance = HIGH,
     .documentation = "The password for the trust store file. Trust store password is not "
                      "supported for PEM format."},
    {.name = "ssl.truststore.certificates", .type = CD_CFG_PASSWORD, .importance = HIGH,
     .documentation = "Trusted certificates in the format specified by 'ssl.truststore.type' "
                      "(PEM), given inline instead of through ssl.truststore.location."},
    {.name = "ssl.enabled.protocols", .type = CD_CFG_LIST, .default_value = "TLSv1.2,TLSv1.3",
     .importance = MEDIUM,
     .documentation = "The list of protocols enabled for SSL connections: TLSv1.3, TLSv1.2, "
                      "TLSv1.1 and TLSv1 for the HTTPS listener."},
    {.name = "ssl.cipher.suites", .type = CD_CFG_LIST, .importance = LOW,
     .documentation = "A list of cipher suites. connectd's HTTPS listener uses GnuTLS's secure "
                      "defaults and refuses to start when this is set for it."},
    {.name = "rest.basic.auth.credentials.file", .type = CD_CFG_STRING, .importance = MEDIUM,
     .documentation = "connectd extension: a properties file of <code>user: password</code> "
                      "lines. When set, every REST request but <code>GET /</code> needs HTTP "
                      "basic authentication with one of these users. The same as listing "
                      "BasicAuthSecurityRestExtension in rest.extension.classes with a JAAS "
                      "file, which connectd also understands. Read once at startup."},
    {.name = "rest.extension.classes", .type = CD_CFG_LIST, .default_value = "",
     .importance = LOW,
     .documentation = "Comma-separated names of <code>ConnectRestExtension</code> classes, "
                      "loaded and called in the order specified. connectd understands "
                      "org.apache.kafka.connect.rest.basic.auth.extension."
                      "BasicAuthSecurityRestExtension (HTTP basic authentication from the JAAS "
                      "file given by -Djava.security.auth.login.config in KAFKA_OPTS) and "
                      "refuses to start with any other class."},
    {.name = "admin.listeners", .type = CD_CFG_LIST, .importance = LOW,
     .documentation = "List of comma-separated URIs the Admin REST API will listen on. The "
                      "supported protocols are HTTP and HTTPS. An empty or blank string will "
                      "disable this feature. The default behavior is to use the regular "
                      "listener (specified by the 'listeners' property)."},
    {.name = "client.id", .type = CD_CFG_STRING, .default_value = "", .importance = LOW,
     .documentation = "An id string to pass to the server when making requests. The purpose of "
                      "this is to be able to track the source of requests beyond just ip/port "
                      "by allowing a logical application name to be included in server-side "
                      "request logging."},
    {.name = NULL},
};

static const cd_config_def_t STANDALONE_DEFS[] = {
    {.name = "offset.storage.file.filename", .type = CD_CFG_STRING, .importance = HIGH,
     .flags = CD_CFG_F_REQUIRED, .documentation = "File to store source connector offsets"},
    {.name = "config.storage.file.filename", .type = CD_CFG_STRING, .importance = LOW,
     .documentation = "connectd extension: file where standalone mode keeps the configs and "
                      "target states (RUNNING, PAUSED, STOPPED) of its connectors, so that they "
                      "come back after a restart. Unset: the offsets file's name with "
                      "'.connectors' appended. Empty: keep nothing, as Kafka's standalone "
                      "worker does."},
    {.name = NULL},
};

/* Kafka's TopicCreationConfig validators for the internal topics. */
static int validate_partitions(const char *key, const char *value, cd_error_t *err);
static int validate_replication_factor(const char *key, const char *value, cd_error_t *err);

static const char *const EOS_SOURCE_CHOICES[] = {"disabled", "preparing", "enabled", NULL};
static const char *const PROTOCOL_CHOICES[] = {"eager", "compatible", "sessioned", NULL};

static const cd_config_def_t DISTRIBUTED_DEFS[] = {
    {.name = "group.id", .type = CD_CFG_STRING, .importance = HIGH, .flags = CD_CFG_F_REQUIRED,
     .documentation = "A unique string that identifies the Connect cluster group this worker "
                      "belongs to."},
    {.name = "session.timeout.ms", .type = CD_CFG_INT, .default_value = "10000",
     .importance = HIGH, .documentation = "The timeout used to detect worker failures."},
    {.name = "rebalance.timeout.ms", .type = CD_CFG_INT, .default_value = "60000",
     .importance = HIGH,
     .documentation = "The maximum allowed time for each worker to join the group once a "
                      "rebalance has begun."},
    {.name = "heartbeat.interval.ms", .type = CD_CFG_INT, .default_value = "3000",
     .importance = HIGH,
     .documentation = "The expected time between heartbeats to the group coordinator when "
                      "using Kafka's group management facilities."},
    {.name = "exactly.once.source.support", .type = CD_CFG_STRING, .default_value = "disabled",
     .importance = HIGH,
     .documentation = "Whether to enable exactly-once support for source connectors in the "
                      "cluster by using transactions to write source records and their source "
                      "offsets, and by proactively fencing out old task generations before "
                      "bringing up new ones.",
     .choices = EOS_SOURCE_CHOICES},
    {.name = "metadata.max.age.ms", .type = CD_CFG_LONG, .default_value = "300000",
     .importance = LOW,
     .documentation = "The period of time in milliseconds after which we force a refresh of "
                      "metadata.",
     .flags = CD_CFG_F_HAS_MIN, .min = 0},
    {.name = "worker.sync.timeout.ms", .type = CD_CFG_INT, .default_value = "3000",
     .importance = MEDIUM,
     .documentation = "When the worker is out of sync with other workers and needs to "
                      "resynchronize configurations, wait up to this amount of time before giving "
                      "up, leaving the group, and waiting a backoff period before rejoining."},
    {.name = "worker.unsync.backoff.ms", .type = CD_CFG_INT, .default_value = "300000",
     .importance = MEDIUM,
     .documentation = "When the worker is out of sync with other workers and  fails to catch up "
                      "within worker.sync.timeout.ms, leave the Connect cluster for this long "
                      "before rejoining."},
    {.name = "offset.storage.topic", .type = CD_CFG_STRING, .importance = HIGH,
     .flags = CD_CFG_F_REQUIRED,
     .documentation = "The name of the Kafka topic where source connector offsets are stored"},
    {.name = "offset.storage.partitions", .type = CD_CFG_INT, .default_value = "25",
     .importance = LOW,
     .documentation = "The number of partitions used when creating the offset storage topic",
     .validator = validate_partitions},
    {.name = "offset.storage.replication.factor", .type = CD_CFG_SHORT, .default_value = "3",
     .importance = LOW,
     .documentation = "Replication factor used when creating the offset storage topic",
     .validator = validate_replication_factor},
    {.name = "config.storage.topic", .type = CD_CFG_STRING, .importance = HIGH,
     .flags = CD_CFG_F_REQUIRED,
     .documentation = "The name of the Kafka topic where connector configurations are stored"},
    {.name = "config.storage.replication.factor", .type = CD_CFG_SHORT, .default_value = "3",
     .importance = LOW,
     .documentation = "Replication factor used when creating the configuration storage topic",
     .validator = validate_replication_factor},
    {.name = "status.storage.topic", .type = CD_CFG_STRING, .importance = HIGH,
     .flags = CD_CFG_F_REQUIRED,
     .documentation = "The name of the Kafka topic where connector and task status are stored"},
    {.name = "status.storage.partitions", .type = CD_CFG_INT, .default_value = "5",
     .importance = LOW,
     .documentation = "The number of partitions used when creating the status storage topic",
     .validator = validate_partitions},
    {.name = "status.storage.replication.factor", .type = CD_CFG_SHORT, .default_value = "3",
     .importance = LOW,
     .documentation = "Replication factor used when creating the status storage topic",
     .validator = validate_replication_factor},
    {.name = "connect.protocol", .type = CD_CFG_STRING, .default_value = "sessioned",
     .importance = LOW, .documentation = "Compatibility mode for Kafka Connect Protocol",
     .choices = PROTOCOL_CHOICES},
    {.name = "scheduled.rebalance.max.delay.ms", .type = CD_CFG_INT, .default_value = "0",
     .importance = LOW,
     .documentation = "The maximum delay that is scheduled in order to wait for the return of "
                      "one or more departed workers before rebalancing and reassigning their "
                      "connectors and tasks to the group. During this period the connectors and "
                      "tasks of the departed workers remain unassigned. connectd's default is 0 "
                      "(the work of a departed worker runs again on the others at once); the "
                      "Java worker's is 300000",
     .flags = CD_CFG_F_HAS_MIN | CD_CFG_F_HAS_MAX, .min = 0, .max = 2147483647.0},
    {.name = "inter.worker.key.generation.algorithm", .type = CD_CFG_STRING,
     .default_value = "HmacSHA256", .importance = LOW,
     .documentation = "The algorithm to use for generating internal request keys."},
    {.name = "inter.worker.key.size", .type = CD_CFG_INT, .importance = LOW,
     .documentation = "The size of the key to use for signing internal requests, in bits. If "
                      "null, the default key size for the key generation algorithm will be used."},
    {.name = "inter.worker.key.ttl.ms", .type = CD_CFG_INT, .default_value = "3600000",
     .importance = LOW,
     .documentation = "The TTL of generated session keys used for internal request validation "
                      "(in milliseconds)",
     .flags = CD_CFG_F_HAS_MIN | CD_CFG_F_HAS_MAX, .min = 0, .max = 2147483647.0},
    {.name = "inter.worker.signature.algorithm", .type = CD_CFG_STRING,
     .default_value = "HmacSHA256", .importance = LOW,
     .documentation = "The algorithm used to sign internal requests"},
    {.name = "inter.worker.verification.algorithms", .type = CD_CFG_LIST,
     .default_value = "HmacSHA256", .importance = LOW,
     .documentation = "A list of permitted algorithms for verifying internal requests, which "
                      "must include the algorithm used for the inter.worker.signature.algorithm "
                      "property."},
    {.name = NULL},
};

static int validate_partitions(const char *key, const char *value, cd_error_t *err) {
    long long n = atoll(value);
    if (n != -1 && n < 1)
        return cd_error_set(err, CD_ERR_CONFIG,
                            "Invalid value %lld for configuration %s: Number of partitions must "
                            "be positive, or -1 to use the broker's default",
                            n, key);
    return 0;
}

static int validate_replication_factor(const char *key, const char *value, cd_error_t *err) {
    long long n = atoll(value);
    if (n != -1 && n < 1)
        return cd_error_set(err, CD_ERR_CONFIG,
                            "Invalid value %lld for configuration %s: Replication factor must be "
                            "positive and not larger than the number of brokers in the Kafka "
                            "cluster, or -1 to use the broker's default",
                            n, key);
    return 0;
}

const cd_config_def_t *worker_config_defs(void) { return WORKER_DEFS; }
const cd_config_def_t *worker_config_standalone_defs(void) { return STANDALONE_DEFS; }
const cd_config_def_t *worker_config_distributed_defs(void) { return DISTRIBUTED_DEFS; }

void worker_config_client_overrides(const cd_props_t *worker, const char *prefix,
                                    cd_props_t *out) {
    if (!worker || !prefix || !out) return;
    size_t plen = strlen(prefix);
    bool add_dot = plen > 0 && prefix[plen - 1] != '.';
    char *pfx = add_dot ? xasprintf("%s.", prefix) : xstrdup(prefix);
    size_t n = strlen(pfx);
    for (size_t i = 0; i < cd_props_count(worker); i++) {
        const char *k = cd_props_key_at(worker, i);
        if (strncmp(k, pfx, n) == 0 && k[n] != '\0')
            cd_props_set(out, k + n, cd_props_value_at(worker, i));
    }
    free(pfx);
}
