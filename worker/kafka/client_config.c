#include "kafka/client_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kafka/jaas.h"
#include "log/log.h"

#define LOGGER "org.apache.kafka.common.config.AbstractConfig"

/* Java client settings with no librdkafka counterpart (serializers are the
 * worker's business; the rest are JVM-only). */
static const char *const java_only_keys[] = {
    "key.serializer", "value.serializer", "key.deserializer", "value.deserializer",
    "interceptor.classes", "metric.reporters", "partitioner.class", NULL};

static bool is_java_only(const char *key) {
    for (const char *const *k = java_only_keys; *k; k++)
        if (strcmp(*k, key) == 0) return true;
    return false;
}

static int conf_set(rd_kafka_conf_t *conf, const char *key, const char *value, bool lenient,
                    char *err, size_t errlen) {
    if (is_java_only(key)) return 0;
    char rderr[256];
    rd_kafka_conf_res_t r = rd_kafka_conf_set(conf, key, value, rderr, sizeof rderr);
    if (r == RD_KAFKA_CONF_OK) return 0;
    if (r == RD_KAFKA_CONF_UNKNOWN && lenient) {
        LOG_DEBUG(LOGGER, "Ignoring client property %s: unknown to librdkafka", key);
        return 0;
    }
    snprintf(err, errlen, "Invalid client property %s: %s", key, rderr);
    return -1;
}

static const char *kind_prefix(kafka_client_kind_t kind) {
    switch (kind) {
    case KAFKA_CLIENT_PRODUCER: return "producer.";
    case KAFKA_CLIENT_CONSUMER: return "consumer.";
    case KAFKA_CLIENT_ADMIN: return "admin.";
    }
    return "";
}

/* Worker-level security settings apply to every client (Java: the worker
 * config's own ssl.* / sasl.* / security.protocol keys). ssl.* only matters
 * when the protocol uses TLS: Java clients ignore it under PLAINTEXT, and
 * the same unprefixed keys may describe the REST listener's keystore, which
 * librdkafka would otherwise try (and fail) to load. */
static bool is_shared_client_key(const cd_props_t *worker, const char *key) {
    if (strncmp(key, "ssl.", 4) == 0) {
        const char *proto = cd_props_get(worker, "security.protocol");
        return proto && (strcasecmp(proto, "SSL") == 0 || strcasecmp(proto, "SASL_SSL") == 0);
    }
    return strncmp(key, "sasl.", 5) == 0 || strcmp(key, "security.protocol") == 0;
}

/* librdkafka has no JAAS: the username and password of a Java worker's
 * sasl.jaas.config (PLAIN or SCRAM login module) become sasl.username and
 * sasl.password, unless those are given too. */
static int set_jaas_credentials(rd_kafka_conf_t *conf, const cd_props_t *worker,
                                const char *jaas, char *err, size_t errlen) {
    static const char *const keys[][2] = {{"username", "sasl.username"},
                                          {"password", "sasl.password"}};
    for (size_t i = 0; i < 2; i++) {
        if (cd_props_get(worker, keys[i][1])) continue;
        char *v = kafka_jaas_option(jaas, keys[i][0]);
        int rc = v ? conf_set(conf, keys[i][1], v, false, err, errlen) : 0;
        free(v);
        if (rc) return rc;
    }
    return 0;
}

rd_kafka_conf_t *kafka_client_conf_new(const char *bootstrap, const cd_props_t *worker,
                                       kafka_client_kind_t kind, const cd_props_t *extra,
                                       char *err, size_t errlen) {
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (conf_set(conf, "bootstrap.servers", bootstrap, false, err, errlen)) goto fail;
    if (conf_set(conf, "client.software.name", "connectd", true, err, errlen)) goto fail;
    const char *prefix = kind_prefix(kind);
    size_t plen = strlen(prefix);
    for (size_t i = 0; worker && i < cd_props_count(worker); i++) {
        const char *k = cd_props_key_at(worker, i);
        if (strcmp(k, "sasl.jaas.config") == 0) {
            if (set_jaas_credentials(conf, worker, cd_props_value_at(worker, i), err, errlen))
                goto fail;
            continue;
        }
        if (is_shared_client_key(worker, k) &&
            conf_set(conf, k, cd_props_value_at(worker, i), true, err, errlen))
            goto fail;
    }
    for (size_t i = 0; worker && i < cd_props_count(worker); i++) {
        const char *k = cd_props_key_at(worker, i);
        if (strncmp(k, prefix, plen) != 0 || strcmp(k + plen, "bootstrap.servers") == 0) continue;
        if (conf_set(conf, k + plen, cd_props_value_at(worker, i), true, err, errlen)) goto fail;
    }
    for (size_t i = 0; extra && i < cd_props_count(extra); i++)
        if (conf_set(conf, cd_props_key_at(extra, i), cd_props_value_at(extra, i), false, err,
                     errlen))
            goto fail;
    return conf;
fail:
    rd_kafka_conf_destroy(conf);
    return NULL;
}
