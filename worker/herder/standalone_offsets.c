/*
 * KIP-875 offsets of the standalone herder: find the connector under the
 * lock, then let connector_offsets.c do the work on copies.
 */
#include <stdlib.h>

#include "herder/connector_offsets.h"
#include "herder/standalone_internal.h"

/* A copy of what an offsets operation needs, taken under the lock. */
static int lookup(standalone_herder_t *sh, const char *name, bool must_be_stopped,
                  const cd_plugin_desc_t **desc, cd_props_t **config, herder_error_t *err) {
    pthread_mutex_lock(&sh->lock);
    connector_entry_t *e = sh_find(sh, name);
    int rc = 0;
    if (!e)
        rc = herder_fail(err, HERDER_NOT_FOUND, "Connector %s not found", name);
    else if (!e->desc)
        rc = herder_fail(err, HERDER_BAD_REQUEST, "Connector %s has no loadable class", name);
    else if (must_be_stopped)
        rc = connector_offsets_check_stopped(name, e->target, (int)e->n_tasks, err);
    if (rc == 0) {
        *desc = e->desc;
        *config = cd_props_clone(e->config);
    }
    pthread_mutex_unlock(&sh->lock);
    return rc;
}

int sh_connector_offsets(herder_t *h, const char *name, connector_offsets_t **out,
                         herder_error_t *err) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    const cd_plugin_desc_t *desc;
    cd_props_t *config;
    int rc = lookup(sh, name, false, &desc, &config, err);
    if (rc != 0) return rc;
    rc = connector_offsets_read(worker_env(sh->worker), name, desc, config, out, err);
    cd_props_destroy(config);
    return rc;
}

int sh_alter_offsets(herder_t *h, const char *name, const connector_offsets_t *offsets,
                     char **message, herder_error_t *err) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    const cd_plugin_desc_t *desc;
    cd_props_t *config;
    int rc = lookup(sh, name, true, &desc, &config, err);
    if (rc != 0) return rc;
    rc = connector_offsets_alter(worker_env(sh->worker), name, desc, config, offsets, message, err);
    cd_props_destroy(config);
    return rc;
}
