#include "store/kafka_store_config.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

void kafka_store_config_copy(kafka_store_config_t *dst, const kafka_log_config_t *src) {
    memset(dst, 0, sizeof *dst);
    dst->log = *src;
    dst->log.topic = dst->topic = xstrdup(src->topic);
    dst->log.topic_property = dst->topic_property = xstrdup(src->topic_property);
    dst->log.purpose = dst->purpose = xstrdup(src->purpose);
    dst->log.bootstrap = dst->bootstrap = xstrdup(src->bootstrap);
    dst->log.client_id = dst->client_id = xstrdup(src->client_id);
    dst->log.topic_configs = dst->topic_configs =
        src->topic_configs ? cd_props_clone(src->topic_configs) : NULL;
    dst->log.worker_props = dst->worker_props =
        src->worker_props ? cd_props_clone(src->worker_props) : NULL;
}

void kafka_store_config_clear(kafka_store_config_t *c) {
    if (!c) return;
    free(c->topic);
    free(c->topic_property);
    free(c->purpose);
    free(c->bootstrap);
    free(c->client_id);
    cd_props_destroy(c->topic_configs);
    cd_props_destroy(c->worker_props);
    memset(c, 0, sizeof *c);
}
