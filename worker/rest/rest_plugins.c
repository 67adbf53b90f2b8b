/*
 * /connector-plugins: the plugin listing, a plugin's config definitions
 * (GET /connector-plugins/{plugin}/config) and the validate endpoint
 * (PUT /connector-plugins/{plugin}/config/validate), as Kafka's
 * ConnectorPluginsResource.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/config_def.h"
#include "config/connector_config.h"
#include "config/validation.h"
#include "herder/connector_validation.h"
#include "rest/java_compat.h"
#include "rest/rest_api.h"
#include "rest/rest_entities.h"
#include "rest/rest_validation.h"
#include "util/mem.h"

/* Kafka lists plugins by kind in this order, each kind sorted by class
 * name (a TreeSet of PluginDesc). */
static const cd_plugin_type_t listing_order[] = {
    CD_PLUGIN_SINK,           CD_PLUGIN_SOURCE,    CD_PLUGIN_TRANSFORMATION,
    CD_PLUGIN_PREDICATE,      CD_PLUGIN_CONVERTER, CD_PLUGIN_HEADER_CONVERTER,
};

static int desc_cmp(const void *a, const void *b) {
    const cd_plugin_desc_t *x = *(const cd_plugin_desc_t *const *)a;
    const cd_plugin_desc_t *y = *(const cd_plugin_desc_t *const *)b;
    int c = strcmp(x->name, y->name);
    if (c) return c;
    /* Same class twice (two versions): Kafka orders by version next. */
    return strcmp(x->version ? x->version : "", y->version ? y->version : "");
}

static void list_plugins(rest_request_t *req, rest_response_t *resp) {
    /* @DefaultValue("true") boolean: anything but "true" (any case) is false. */
    const char *only = rest_query(req, "connectorsOnly");
    bool connectors_only = !only || !*only || strcasecmp(only, "true") == 0;

    size_t n = req->registry ? plugin_registry_count(req->registry) : 0;
    const cd_plugin_desc_t **descs = xcalloc(n ? n : 1, sizeof *descs);
    json_t *arr = json_array();
    size_t kinds = connectors_only ? 2 : sizeof listing_order / sizeof listing_order[0];
    for (size_t k = 0; k < kinds; k++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            const cd_plugin_desc_t *d = plugin_registry_at(req->registry, i);
            if (d->type == listing_order[k]) descs[m++] = d;
        }
        qsort(descs, m, sizeof *descs, desc_cmp);
        for (size_t i = 0; i < m; i++)
            json_array_append_new(arr, rest_entity_plugin_info(descs[i]));
    }
    free(descs);
    rest_respond_json(resp, 200, arr);
}

/* ---- GET /connector-plugins/{plugin}/config ---------------------------- */

/* Plugins.pluginClass by name or alias; a class that is both a converter
 * and a header converter is a converter first (PluginType.from). */
static const cd_plugin_desc_t *find_any_plugin(const plugin_registry_t *reg, const char *name) {
    static const unsigned masks[] = {
        PLUGIN_MASK_CONNECTOR,
        PLUGIN_MASK(CD_PLUGIN_CONVERTER),
        PLUGIN_MASK(CD_PLUGIN_HEADER_CONVERTER),
        PLUGIN_MASK(CD_PLUGIN_TRANSFORMATION),
        PLUGIN_MASK(CD_PLUGIN_PREDICATE),
    };
    char msg[4096];
    for (size_t i = 0; reg && i < sizeof masks / sizeof masks[0]; i++) {
        const cd_plugin_desc_t *d = plugin_registry_find(reg, masks[i], name, msg, sizeof msg);
        if (d) return d;
    }
    return NULL;
}

static bool listed_name(json_t *arr, const char *name) {
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        if (strcmp(json_string_value(json_object_get(o, "name")), name) == 0) return true;
    }
    return false;
}

/* The framework keys of a connector, after its own (putIfAbsent): common
 * ones with connector.plugin.version defaulting to the plugin's version,
 * then the source or sink ones. */
static void append_framework_keys(json_t *arr, const cd_plugin_desc_t *d) {
    cd_props_t *defaults = cd_props_new();
    if (d->version) cd_props_set(defaults, "connector.plugin.version", d->version);
    cd_config_def_t *common = config_defs_with_defaults(connector_config_common_defs(), defaults);
    const cd_config_def_t *tables[] = {
        common,
        d->type == CD_PLUGIN_SINK ? connector_config_sink_defs() : connector_config_source_defs(),
    };
    for (size_t t = 0; t < 2; t++)
        for (const cd_config_def_t *k = tables[t]; k->name; k++)
            if (!listed_name(arr, k->name))
                json_array_append_new(
                    arr, rest_entity_config_key_info(k, connector_config_order(k->name)));
    free(common);
    cd_props_destroy(defaults);
}

static void plugin_config(rest_request_t *req, rest_response_t *resp) {
    const char *name = rest_param(req, "plugin");
    const cd_plugin_desc_t *d = find_any_plugin(req->registry, name);
    if (!d) {
        rest_respond_error(resp, 404, "Unknown plugin %s.", name);
        return;
    }
    json_t *arr = json_array();
    for (const cd_config_def_t *k = d->config_defs; k && k->name; k++)
        json_array_append_new(
            arr, rest_entity_config_key_info(k, config_def_order_in_group(d->config_defs, k)));
    if (d->type == CD_PLUGIN_SOURCE || d->type == CD_PLUGIN_SINK) append_framework_keys(arr, d);
    rest_respond_json(resp, 200, arr);
}

/* ---- PUT /connector-plugins/{plugin}/config/validate ------------------- */

/* ConnectorPluginsResource.normalizedPluginName. */
static char *normalized(const char *name) {
    size_t len = strlen(name), suffix = strlen("Connector");
    if (len >= suffix && strcmp(name + len - suffix, "Connector") == 0) len -= suffix;
    return xstrndup(name, len);
}

static bool ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The request body as props; keys sent as JSON null are listed apart
 * (Kafka reports them as errors in the document). 0, or -1 after
 * answering 400. */
static int read_body(const json_t *body, rest_response_t *resp, cd_props_t **props,
                     char ***null_keys, size_t *n_null) {
    *props = NULL;
    *null_keys = NULL;
    *n_null = 0;
    if (!json_is_object(body)) {
        rest_respond_error(resp, 400, "Connector config must be a JSON object of string values");
        return -1;
    }
    cd_props_t *p = cd_props_new();
    char **nulls = xcalloc(json_object_size(body) + 1, sizeof *nulls);
    size_t nn = 0;
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)body, key, value) {
        if (json_is_null(value)) {
            nulls[nn++] = xstrdup(key);
            continue;
        }
        char *text = rest_json_scalar_text(value);
        if (!text) {
            rest_respond_error(resp, 400,
                               "Connector config: the value of '%s' must be a string, not %s", key,
                               json_is_array(value) ? "an array" : "an object");
            for (size_t i = 0; i < nn; i++) free(nulls[i]);
            free(nulls);
            cd_props_destroy(p);
            return -1;
        }
        cd_props_set(p, key, text);
        free(text);
    }
    *props = p;
    *null_keys = nulls;
    *n_null = nn;
    return 0;
}

static void validate_config(rest_request_t *req, rest_response_t *resp) {
    const char *plugin = rest_param(req, "plugin");
    cd_props_t *config = NULL;
    char **nulls = NULL;
    size_t n_null = 0;
    if (read_body(req->body, resp, &config, &nulls, &n_null)) return;

    const char *included = cd_props_get(config, "connector.class");
    if (included) {
        char *a = normalized(included), *b = normalized(plugin);
        bool match = ends_with(a, b);
        free(a);
        free(b);
        if (!match) {
            rest_respond_error(resp, 400,
                               "Included connector type %s does not match request type %s",
                               included, plugin);
            goto out;
        }
    }
    /* Kafka answers 500 (a wrapped BadRequestException) for an unknown
     * plugin; a 404 names the problem. */
    char msg[4096];
    if (!req->registry ||
        !plugin_registry_find(req->registry, PLUGIN_MASK_CONNECTOR, plugin, msg, sizeof msg)) {
        rest_respond_error(resp, 404, "Unknown plugin %s.", plugin);
        goto out;
    }
    if (!included) {
        /* Kafka prints the config after copying it into a HashMap. */
        char *text = rest_java_props_to_string(config, REST_JAVA_MAP_COPY);
        rest_respond_error(resp, 400, "Connector config %s contains no connector type", text);
        free(text);
        goto out;
    }
    cd_validation_t *v = NULL;
    const cd_plugin_desc_t *desc = NULL;
    herder_error_t herr = {0};
    /* The worker config is not reachable from REST yet: the converter keys
     * show Kafka's defaults without the worker's converters. */
    if (connector_validation_run(req->registry, herder_worker_config(req->herder), config, &v,
                                 &desc, &herr) != 0) {
        rest_respond_herder_error(resp, &herr);
        goto out;
    }
    for (size_t i = 0; i < n_null; i++)
        validation_add_error(v, nulls[i], NULL,
                             "Null value can not be supplied as the configuration value.");
    rest_respond_json(resp, 200, rest_entity_config_infos(included, v));
    validation_destroy(v);
out:
    for (size_t i = 0; i < n_null; i++) free(nulls[i]);
    free(nulls);
    cd_props_destroy(config);
}

static const rest_route_t routes[] = {
    {"GET", "/connector-plugins", list_plugins, 0, "List all connector plugins installed"},
    {"GET", "/connector-plugins/{plugin}/config", plugin_config, 0,
     "Get the configuration definition for the specified pluginName"},
    {"PUT", "/connector-plugins/{plugin}/config/validate", validate_config, REST_ROUTE_JSON_BODY,
     "Validate the provided configuration against the configuration definition for the "
     "specified pluginName"},
};

const rest_route_table_t rest_plugins_routes = {routes, sizeof routes / sizeof routes[0]};
