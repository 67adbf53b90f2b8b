#include "herder/connector_validation.h"

#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "config/connector_config.h"
#include "util/buf.h"

/* Java's AbstractMap.toString of the config, as in Kafka's
 * "Connector config {name=bad, tasks.max=1} contains no connector type". */
static char *map_to_string(const cd_props_t *config) {
    buf_t b;
    buf_init(&b);
    buf_append_str(&b, "{");
    /* Java's HashMap happens to list "name" first for typical configs. */
    const char *name = cd_props_get(config, "name");
    size_t k = 0;
    if (name) {
        buf_appendf(&b, "name=%s", name);
        k++;
    }
    for (size_t i = 0; i < cd_props_count(config); i++) {
        const char *key = cd_props_key_at(config, i);
        if (strcmp(key, "name") == 0) continue;
        buf_appendf(&b, "%s%s=%s", k++ ? ", " : "", key, cd_props_value_at(config, i));
    }
    buf_append_str(&b, "}");
    return buf_steal(&b);
}

int connector_validate(const plugin_registry_t *reg, const cd_props_t *config,
                       const cd_plugin_desc_t **desc, herder_error_t *err) {
    const char *cls = cd_props_get(config, "connector.class");
    if (!cls || !*cls) {
        char *m = map_to_string(config);
        int rc = herder_fail(err, HERDER_BAD_REQUEST, "Connector config %s contains no connector type", m);
        free(m);
        return rc;
    }
    char msg[4096];
    const cd_plugin_desc_t *d = plugin_registry_find(reg, PLUGIN_MASK_CONNECTOR, cls, msg, sizeof msg);
    if (!d) return herder_fail(err, HERDER_BAD_REQUEST, "%s", msg);

    cd_validation_t *v = validation_new();
    connector_config_validate_common(config, v);
    if (d->type == CD_PLUGIN_SINK) {
        connector_config_validate_sink_defs(config, v);
        connector_config_validate_sink(config, v);
    } else {
        connector_config_validate_source(config, v);
    }
    if (d->config_defs) config_validate(d->config_defs, config, v);
    const cd_connector_ops_t *ops = d->ops;
    if (ops->validate && validation_error_count(v) == 0) {
        const cd_config_def_t *tables[1] = {d->config_defs};
        cd_config_t *parsed = config_new(tables, d->config_defs ? 1 : 0, config);
        ops->validate(parsed, v);
        config_destroy(parsed);
    }
    int rc = 0;
    if (validation_error_count(v)) {
        char *text = validation_format_message(v);
        rc = herder_fail(err, HERDER_BAD_REQUEST, "%s", text);
        free(text);
    }
    validation_destroy(v);
    if (rc == 0) *desc = d;
    return rc;
}

int connector_tasks_max(const cd_props_t *config) {
    const char *v = cd_props_get(config, "tasks.max");
    int n = v ? atoi(v) : 1;
    return n > 0 ? n : 1;
}
