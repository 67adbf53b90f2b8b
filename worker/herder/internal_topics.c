#include "herder/internal_topics.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

typedef struct topic_keys {
    const char *prefix;      /* "config.storage." */
    const char *topic_key;   /* "config.storage.topic" */
    const char *purpose;
    const char *client_suffix;
    int default_partitions;  /* the config topic always has 1 */
} topic_keys_t;

static const topic_keys_t KEYS[] = {
    [INTERNAL_TOPIC_CONFIG] = {"config.storage.", "config.storage.topic", "connector configurations",
                               "configs", 1},
    [INTERNAL_TOPIC_OFFSET] = {"offset.storage.", "offset.storage.topic", "source connector offsets",
                               "offsets", 25},
    [INTERNAL_TOPIC_STATUS] = {"status.storage.", "status.storage.topic",
                               "connector and task statuses", "statuses", 5},
};

static int int_prop(const cd_props_t *wp, const char *prefix, const char *suffix, int dflt) {
    char *key = xasprintf("%s%s", prefix, suffix);
    const char *v = cd_props_get(wp, key);
    free(key);
    return v && *v ? atoi(v) : dflt;
}

void internal_topic_config_init(internal_topic_config_t *out, const cd_props_t *wp,
                                const char *bootstrap, internal_topic_t which) {
    const topic_keys_t *k = &KEYS[which];
    memset(out, 0, sizeof *out);
    /* Every other `<prefix>.<key>` is a topic config for creation. */
    out->topic_configs = cd_props_new();
    size_t plen = strlen(k->prefix);
    for (size_t i = 0; i < cd_props_count(wp); i++) {
        const char *key = cd_props_key_at(wp, i);
        if (strncmp(key, k->prefix, plen) != 0) continue;
        const char *rest = key + plen;
        if (!strcmp(rest, "topic") || !strcmp(rest, "partitions") ||
            !strcmp(rest, "replication.factor") || !strcmp(rest, "cleanup.policy") ||
            !strcmp(rest, "file.filename"))
            continue;
        cd_props_set(out->topic_configs, rest, cd_props_value_at(wp, i));
    }
    /* clientIdBase: <group.id>[-<client.id>]- */
    const char *group = cd_props_get(wp, "group.id");
    const char *cid = cd_props_get(wp, "client.id");
    out->client_id = xasprintf("%s%s%s-%s", group && *group ? group : "connect",
                               cid && *cid ? "-" : "", cid && *cid ? cid : "", k->client_suffix);
    out->log.topic = cd_props_get(wp, k->topic_key);
    out->log.topic_property = k->topic_key;
    out->log.purpose = k->purpose;
    out->log.partitions = which == INTERNAL_TOPIC_CONFIG
                              ? 1
                              : int_prop(wp, k->prefix, "partitions", k->default_partitions);
    out->log.replication_factor = int_prop(wp, k->prefix, "replication.factor", 3);
    out->log.single_partition = which == INTERNAL_TOPIC_CONFIG;
    out->log.topic_configs = out->topic_configs;
    out->log.bootstrap = bootstrap;
    out->log.worker_props = wp;
    out->log.client_id = out->client_id;
}

void internal_topic_config_clear(internal_topic_config_t *c) {
    if (!c) return;
    cd_props_destroy(c->topic_configs);
    free(c->client_id);
    memset(c, 0, sizeof *c);
}
