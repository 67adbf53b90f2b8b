#include "herder/task_generation.h"

#include <stdio.h>
#include <strings.h>

#include "herder/connector_validation.h"
#include "log/log.h"
#include "runtime/contexts.h"

#define LOGGER "org.apache.kafka.connect.runtime.AbstractHerder"

int herder_generate_task_configs(worker_t *w, const char *name, const cd_props_t *config,
                                 cd_task_configs_t *out) {
    char err[1024];
    int max = connector_tasks_max(config);
    if (worker_connector_task_configs(w, name, max, out, err, sizeof err) != 0) {
        LOG_ERROR(LOGGER, "Failed to generate task configs for %s: %s", name, err);
        task_configs_fini(out);
        return -1;
    }
    const char *enforce = cd_props_get(config, "tasks.max.enforce");
    if ((int)out->n > max && !(enforce && strcasecmp(enforce, "false") == 0)) {
        char msg[512];
        snprintf(msg, sizeof msg,
                 "The connector %s has generated %zu tasks, which is greater than %d, the maximum "
                 "number of tasks it is configured to create. This behaviour should be considered "
                 "a bug and may be disallowed in future releases.",
                 name, out->n, max);
        worker_fail_connector(w, name, msg);
        task_configs_fini(out);
        return -1;
    }
    return 0;
}
