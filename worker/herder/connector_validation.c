/*
 * AbstractHerder.validateConnectorConfig: the framework part (connector
 * class, defaults and recommenders of the common keys, source or sink
 * keys) and the plugin's own part; transforms and predicates are in
 * connector_validation_aliases.c.
 */
#include "herder/connector_validation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "config/connector_config.h"
#include "config/validation.h"
#include "util/buf.h"
#include "util/mem.h"

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

/* ---- class keys and recommenders ------------------------------------- */

static const char *interface_name(cd_plugin_type_t type) {
    switch (type) {
    case CD_PLUGIN_SOURCE:
    case CD_PLUGIN_SINK: return "Connector";
    case CD_PLUGIN_CONVERTER: return "Converter";
    case CD_PLUGIN_HEADER_CONVERTER: return "HeaderConverter";
    case CD_PLUGIN_TRANSFORMATION: return "Transformation";
    case CD_PLUGIN_PREDICATE: return "Predicate";
    }
    return "Plugin";
}

#define ALL_PLUGIN_TYPES 0x3Fu

/* Kafka's "did you mean" for an abstract class whose nested classes are
 * the plugins (Cast -> Cast$Key, Cast$Value): their names, or NULL. */
static char *nested_plugins(const plugin_registry_t *reg, const char *cls,
                            cd_plugin_type_t type) {
    buf_t b;
    buf_init(&b);
    size_t len = strlen(cls), n = 0;
    for (size_t i = 0; i < plugin_registry_count(reg); i++) {
        const cd_plugin_desc_t *d = plugin_registry_at(reg, i);
        if (d->type != type || strncmp(d->name, cls, len) != 0 || d->name[len] != '$') continue;
        buf_appendf(&b, "%s%s", n++ ? ", " : "", d->name);
    }
    if (!n) {
        buf_free(&b);
        return NULL;
    }
    return buf_steal(&b);
}

const cd_plugin_desc_t *connector_validation_class(const plugin_registry_t *reg,
                                                   cd_validation_t *v, const char *key,
                                                   const char *value, cd_plugin_type_t type) {
    if (!value) return NULL;
    char *cls = config_trim_dup(value);
    char msg[4096];
    const cd_plugin_desc_t *d = plugin_registry_find(reg, PLUGIN_MASK(type), cls, msg, sizeof msg);
    if (d) {
        validation_set_value(v, key, d->name);
        free(cls);
        return d;
    }
    /* Class loading finds any class; only then is its kind checked. */
    const cd_plugin_desc_t *other =
        plugin_registry_find(reg, ALL_PLUGIN_TYPES, cls, msg, sizeof msg);
    char *nested = other ? NULL : nested_plugins(reg, cls, type);
    char *error;
    if (other) {
        validation_set_value(v, key, other->name);
        error = xasprintf("Class class %s does not implement the %s interface", other->name,
                          interface_name(type));
    } else if (nested) {
        validation_set_value(v, key, cls);
        error = xasprintf("This class is abstract and cannot be created. Did you mean %s?", nested);
    } else {
        validation_set_value(v, key, NULL);
        error = xasprintf("Invalid value %s for configuration %s: Class %s could not be found.",
                          value, key, value);
    }
    validation_add_error(v, key, NULL, error);
    free(error);
    free(nested);
    free(cls);
    return NULL;
}

static int str_cmp(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void connector_validation_recommend_classes(const plugin_registry_t *reg, cd_validation_t *v,
                                            const char *key, cd_plugin_type_t type) {
    size_t n = plugin_registry_count(reg), m = 0;
    const char **names = xcalloc(n ? n : 1, sizeof *names);
    for (size_t i = 0; i < n; i++) {
        const cd_plugin_desc_t *d = plugin_registry_at(reg, i);
        if (d->type == type) names[m++] = d->name;
    }
    qsort(names, m, sizeof *names, str_cmp);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (u == 0 || strcmp(names[u - 1], names[i]) != 0) names[u++] = names[i];
    validation_set_recommended(v, key, names, u);
    free(names);
}

void connector_validation_recommend_versions(const plugin_registry_t *reg, cd_validation_t *v,
                                             const char *key, unsigned mask, const char *name) {
    size_t n = plugin_registry_count(reg), m = 0;
    const char **versions = xcalloc(n ? n : 1, sizeof *versions);
    for (size_t i = 0; name && i < n; i++) {
        const cd_plugin_desc_t *d = plugin_registry_at(reg, i);
        if (!(mask & PLUGIN_MASK(d->type)) || !d->version || strcmp(d->name, name) != 0) continue;
        bool seen = false;
        for (size_t j = 0; j < m && !seen; j++) seen = strcmp(versions[j], d->version) == 0;
        if (!seen) versions[m++] = d->version;
    }
    validation_set_recommended(v, key, versions, m);
    free(versions);
}

/* ---- framework defaults ------------------------------------------------ */

/* A copy of table, owned by v, where the keys named in defaults get those
 * defaults (copied into v too). */
static const cd_config_def_t *defs_with_defaults(const cd_config_def_t *table,
                                                 const cd_props_t *defaults, cd_validation_t *v) {
    cd_config_def_t *copy = validation_keep(v, config_defs_with_defaults(table, defaults));
    for (cd_config_def_t *d = copy; d->name; d++) {
        const char *dv = cd_props_get(defaults, d->name);
        if (dv) d->default_value = validation_keep(v, xstrdup(dv));
    }
    return copy;
}

static const char *canonical(const plugin_registry_t *reg, const char *cls, cd_plugin_type_t type) {
    char msg[2048];
    const cd_plugin_desc_t *d = plugin_registry_find(reg, PLUGIN_MASK(type), cls, msg, sizeof msg);
    return d ? d->name : cls;
}

static const char *version_of(const plugin_registry_t *reg, const char *cls,
                              cd_plugin_type_t type) {
    char msg[2048];
    const cd_plugin_desc_t *d = plugin_registry_find(reg, PLUGIN_MASK(type), cls, msg, sizeof msg);
    return d ? d->version : NULL;
}

/* ConnectorConfig.converterDefaults: the default converter is the
 * worker's (also when the connector names its own); the default version is
 * that of the connector's converter if it names one, else the worker's
 * *.plugin.version or the worker converter's installed version. */
static void converter_defaults(const plugin_registry_t *reg, const cd_props_t *worker_props,
                               const cd_props_t *config, const char *key, cd_plugin_type_t type,
                               const char *worker_default, cd_props_t *defaults) {
    char version_key[128];
    snprintf(version_key, sizeof version_key, "%s.plugin.version", key);
    const char *mine = cd_props_get(config, key);
    const char *worker = worker_props ? cd_props_get(worker_props, key) : NULL;
    if (!worker) worker = worker_default;
    if (!mine && !worker) return;
    if (worker) cd_props_set(defaults, key, canonical(reg, worker, type));
    const char *version = NULL;
    if (mine) {
        char *t = config_trim_dup(mine);
        version = version_of(reg, t, type);
        free(t);
    } else {
        version = worker_props ? cd_props_get(worker_props, version_key) : NULL;
        if (!version) version = version_of(reg, worker, type);
    }
    if (version) cd_props_set(defaults, version_key, version);
}

typedef struct converter_key {
    const char *key;
    cd_plugin_type_t type;
} converter_key_t;

static const converter_key_t CONVERTER_KEYS[] = {
    {"key.converter", CD_PLUGIN_CONVERTER},
    {"value.converter", CD_PLUGIN_CONVERTER},
    {"header.converter", CD_PLUGIN_HEADER_CONVERTER},
};

/* Class checks and recommenders of the common keys. */
static void common_plugin_keys(const plugin_registry_t *reg, const cd_plugin_desc_t *connector,
                               const cd_props_t *config, cd_validation_t *v) {
    connector_validation_recommend_versions(reg, v, "connector.plugin.version",
                                            PLUGIN_MASK_CONNECTOR, connector->name);
    for (size_t i = 0; i < sizeof CONVERTER_KEYS / sizeof CONVERTER_KEYS[0]; i++) {
        const converter_key_t *c = &CONVERTER_KEYS[i];
        const char *given = cd_props_get(config, c->key);
        if (given) connector_validation_class(reg, v, c->key, given, c->type);
        connector_validation_recommend_classes(reg, v, c->key, c->type);
        const validation_entry_t *e = validation_find(v, c->key);
        char version_key[128];
        snprintf(version_key, sizeof version_key, "%s.plugin.version", c->key);
        connector_validation_recommend_versions(reg, v, version_key, PLUGIN_MASK(c->type),
                                                e ? validation_entry_value(e) : NULL);
    }
}

/* ---- the whole validation ---------------------------------------------- */

int connector_validation_run(const plugin_registry_t *reg, const cd_props_t *worker_props,
                             const cd_props_t *config, cd_validation_t **out,
                             const cd_plugin_desc_t **desc, herder_error_t *err) {
    *out = NULL;
    const char *cls = cd_props_get(config, "connector.class");
    if (!cls || !*cls) {
        char *m = map_to_string(config);
        int rc = herder_fail(err, HERDER_BAD_REQUEST,
                             "Connector config %s contains no connector type", m);
        free(m);
        return rc;
    }
    char msg[4096];
    const cd_plugin_desc_t *d =
        plugin_registry_find(reg, PLUGIN_MASK_CONNECTOR, cls, msg, sizeof msg);
    if (!d) return herder_fail(err, HERDER_BAD_REQUEST, "%s", msg);

    cd_validation_t *v = validation_new();
    cd_props_t *defaults = cd_props_new();
    if (d->version) cd_props_set(defaults, "connector.plugin.version", d->version);
    converter_defaults(reg, worker_props, config, "key.converter", CD_PLUGIN_CONVERTER, NULL,
                       defaults);
    converter_defaults(reg, worker_props, config, "value.converter", CD_PLUGIN_CONVERTER, NULL,
                       defaults);
    converter_defaults(reg, worker_props, config, "header.converter",
                       CD_PLUGIN_HEADER_CONVERTER, CONNECTOR_VALIDATION_DEFAULT_HEADER_CONVERTER,
                       defaults);
    const cd_config_def_t *common = defs_with_defaults(connector_config_common_defs(), defaults, v);
    cd_props_destroy(defaults);

    config_validate_ordered(common, connector_config_order, config, v);
    if (d->type == CD_PLUGIN_SINK)
        connector_config_validate_sink_defs(config, v);
    else
        connector_config_validate_source(config, v);
    common_plugin_keys(reg, d, config, v);
    connector_validation_enrich(reg, config, v);
    if (d->type == CD_PLUGIN_SINK) connector_config_validate_sink(config, v);

    if (d->config_defs) config_validate(d->config_defs, config, v);
    const cd_connector_ops_t *ops = d->ops;
    /* A plugin's cross-field checks assume its keys parsed. */
    if (ops->validate && validation_error_count(v) == 0) {
        const cd_config_def_t *tables[1] = {d->config_defs};
        cd_config_t *parsed = config_new(tables, d->config_defs ? 1 : 0, config);
        ops->validate(parsed, v);
        config_destroy(parsed);
    }
    *out = v;
    *desc = d;
    return 0;
}

int connector_validate_with_worker(const plugin_registry_t *reg, const cd_props_t *worker_props,
                                   const cd_props_t *config, const cd_plugin_desc_t **desc,
                                   herder_error_t *err) {
    cd_validation_t *v = NULL;
    const cd_plugin_desc_t *d = NULL;
    int rc = connector_validation_run(reg, worker_props, config, &v, &d, err);
    if (rc != 0) return rc;
    if (validation_error_count(v)) {
        char *text = validation_format_message(v);
        rc = herder_fail(err, HERDER_BAD_REQUEST, "%s", text);
        free(text);
    }
    validation_destroy(v);
    if (rc == 0) *desc = d;
    return rc;
}

int connector_validate(const plugin_registry_t *reg, const cd_props_t *config,
                       const cd_plugin_desc_t **desc, herder_error_t *err) {
    return connector_validate_with_worker(reg, NULL, config, desc, err);
}

int connector_tasks_max(const cd_props_t *config) {
    const char *v = cd_props_get(config, "tasks.max");
    int n = v ? atoi(v) : 1;
    return n > 0 ? n : 1;
}
