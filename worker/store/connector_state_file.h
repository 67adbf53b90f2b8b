/*
 * Standalone mode's memory of what the user asked for over REST: each
 * connector's config and target state, so that a restarted worker comes
 * back with the same connectors, PAUSED and STOPPED ones included (the
 * distributed mode keeps the same in its config topic). One JSON file,
 * rewritten atomically on every change:
 *   {"connectd.connectors":1,"connectors":[{"name":..,"config":{..},"target_state":"PAUSED"}]}
 */
#ifndef CONNECTD_STORE_CONNECTOR_STATE_FILE_H
#define CONNECTD_STORE_CONNECTOR_STATE_FILE_H

#include <connectd/config.h>
#include <stddef.h>

typedef struct stored_connector {
    char *name;
    cd_props_t *config;
    char *target_state; /* "STARTED", "PAUSED" or "STOPPED" */
} stored_connector_t;

/* Read the file; a missing file is an empty list, a corrupt one an error. */
int connector_state_file_read(const char *path, stored_connector_t **out, size_t *n, char *err,
                              size_t errlen);
/* Replace the file with these connectors (durable when it returns 0). */
int connector_state_file_write(const char *path, const stored_connector_t *list, size_t n,
                               char *err, size_t errlen);
void stored_connectors_free(stored_connector_t *list, size_t n);

#endif
