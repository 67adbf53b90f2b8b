/*
 * The distributed herder (Kafka's DistributedHerder): connector configs,
 * task configs and target states live in the config topic, statuses in
 * the status topic, source offsets in the offsets topic; workers with the
 * same group.id form a group through Kafka's group coordinator, whose
 * elected leader assigns connectors and tasks (incremental cooperative
 * protocol) and is the one writer of configs. Any worker answers REST;
 * writes another worker must do come back as HERDER_FORWARD.
 */
#ifndef CONNECTD_HERDER_DISTRIBUTED_H
#define CONNECTD_HERDER_DISTRIBUTED_H

#include <stddef.h>

#include "herder/herder.h"
#include "plugin/registry.h"
#include "runtime/worker.h"

typedef struct distributed_herder_config {
    worker_t *worker;                  /* borrowed; outlives the herder */
    const plugin_registry_t *registry; /* borrowed */
    const cd_props_t *worker_props;    /* resolved, validated; borrowed */
    const char *bootstrap;             /* resolved bootstrap.servers */
    const char *worker_id;             /* advertised host:port */
    const char *url;                   /* advertised REST URL, "http://host:port/" */
    const char *cluster_id;            /* Kafka cluster id */
} distributed_herder_config_t;

/* Creates the config and status stores (checking or creating their
 * topics) and the group member; nothing runs until start. */
herder_t *distributed_herder_new(const distributed_herder_config_t *cfg, char *err,
                                 size_t errlen);
/* Read the config and status topics to the end, then join the group and
 * start the herder thread. 0 or -1 with err. */
int distributed_herder_start(herder_t *h, char *err, size_t errlen);

#endif
