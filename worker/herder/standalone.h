/*
 * StandaloneHerder: connector configs and target states live in memory
 * (the command line's connector files re-create them at each start);
 * offsets live in the worker's offset file. Every operation runs
 * synchronously under one lock, as in Kafka's standalone herder.
 */
#ifndef CONNECTD_HERDER_STANDALONE_H
#define CONNECTD_HERDER_STANDALONE_H

#include "herder/herder.h"
#include "plugin/registry.h"
#include "runtime/worker.h"

/* All borrowed; they outlive the herder. Caller destroys with herder_destroy. */
herder_t *standalone_herder_new(worker_t *worker, const plugin_registry_t *registry,
                                const char *worker_id, const char *kafka_cluster_id);

#endif
