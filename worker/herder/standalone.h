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

/* All borrowed; they outlive the herder. Caller destroys with herder_destroy.
 * state_path: the connector state file (configs and target states kept
 * across restarts), or NULL to keep nothing, like Kafka's standalone
 * worker. A corrupt state file is an error (NULL, err filled). */
herder_t *standalone_herder_new(worker_t *worker, const plugin_registry_t *registry,
                                const char *worker_id, const char *kafka_cluster_id,
                                const char *state_path, char *err, size_t errlen);
/* Re-create the connectors of the state file that the command line's
 * connector files did not (call once, after loading those). Returns the
 * number that failed to come back. */
int standalone_herder_restore(herder_t *h);

#endif
