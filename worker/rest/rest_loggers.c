/*
 * /admin/loggers (KIP-495, KIP-976): list, read and set logger levels of
 * this worker, as Kafka 4.3.1's LoggingResource. Logger levels belong to
 * the worker process, not to the herder, so this resource talks to
 * log/loggers.h directly. Standalone is its own cluster: scope=cluster
 * applies here and answers 204, as StandaloneHerder does.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log/log.h"
#include "log/loggers.h"
#include "rest/rest_api.h"
#include "rest/rest_entities.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.runtime.rest.resources.LoggingResource"

/* LoggerLevel: {"level":..,"last_modified":ms|null} */
static json_t *logger_level_json(const log_logger_level_t *l) {
    json_t *o = json_object();
    json_object_set_new(o, "level", json_string(log_level_str(l->level)));
    json_object_set_new(o, "last_modified",
                        l->last_modified >= 0 ? json_integer(l->last_modified) : json_null());
    return o;
}

static void list_loggers(rest_request_t *req, rest_response_t *resp) {
    (void)req;
    log_logger_level_t *levels;
    size_t n = log_levels_all(&levels);
    json_t *doc = json_object(); /* sorted by name, as Kafka's TreeMap */
    for (size_t i = 0; i < n; i++) {
        /* A plugin may log under a name that is not UTF-8: repair the key. */
        json_t *key = rest_json_string(levels[i].name);
        json_object_set_new(doc, json_string_value(key), logger_level_json(&levels[i]));
        json_decref(key);
    }
    log_logger_levels_free(levels, n);
    rest_respond_json(resp, 200, doc);
}

static void get_logger(rest_request_t *req, rest_response_t *resp) {
    const char *name = rest_param(req, "logger");
    log_logger_level_t l;
    if (!log_level_get(name, &l)) {
        rest_respond_error(resp, 404, "Logger %s not found.", name);
        return;
    }
    rest_respond_json(resp, 200, logger_level_json(&l));
    free(l.name);
}

static void set_logger_level(rest_request_t *req, rest_response_t *resp) {
    const char *name = rest_param(req, "logger");
    const json_t *body = req->body;
    if (body && !json_is_null(body) && !json_is_object(body)) {
        /* Jackson cannot read anything else into Map<String,String>. */
        rest_respond_error(resp, 400, "Request body must be a JSON object with a 'level'");
        return;
    }
    const json_t *jlevel = body ? json_object_get(body, "level") : NULL;
    if (!jlevel || json_is_null(jlevel)) {
        rest_respond_error(resp, 400, "Desired 'level' parameter was not specified in request.");
        return;
    }
    char *text = rest_json_scalar_text(jlevel);
    if (!text) {
        rest_respond_error(resp, 400, "The 'level' parameter must be a string");
        return;
    }
    log_level_t level;
    if (!log_level_parse(text, &level)) {
        rest_respond_error(resp, 404, "invalid log level '%s'.", text);
        free(text);
        return;
    }
    free(text);

    const char *scope = rest_query(req, "scope");
    if (!scope) scope = "worker";
    bool cluster = strcasecmp(scope, "cluster") == 0;
    if (!cluster && strcasecmp(scope, "worker") != 0)
        LOG_WARN(LOGGER,
                 "Received invalid scope '%s' in request to adjust logging level; will default "
                 "to worker",
                 scope);

    if (cluster) {
        /* Distributed: written to the config topic, every worker applies
         * it (this one too, when it reads the record back). Standalone is
         * its own cluster. */
        herder_error_t err = {0};
        int rc = herder_set_cluster_log_level(req->herder, name, log_level_str(level), &err);
        if (rc == HERDER_OK) {
            rest_respond_empty(resp, 204);
            return;
        }
        if (err.status != HERDER_NOT_SUPPORTED) {
            rest_respond_herder_error(resp, &err);
            return;
        }
        char **names;
        log_levels_set(name, level, log_now_ms(), &names);
        log_names_free(names);
        rest_respond_empty(resp, 204);
        return;
    }
    char **names;
    size_t n = log_levels_set(name, level, log_now_ms(), &names);
    json_t *doc = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(doc, rest_json_string(names[i]));
    log_names_free(names);
    rest_respond_json(resp, 200, doc);
}

static const rest_route_t routes[] = {
    {"GET", "/admin/loggers", list_loggers, 0,
     "List the current loggers that have their levels explicitly set and their log levels"},
    {"GET", "/admin/loggers/{logger}", get_logger, 0, "Get the log level for the specified logger"},
    {"PUT", "/admin/loggers/{logger}", set_logger_level, REST_ROUTE_JSON_BODY,
     "Set the log level for the specified logger"},
};

const rest_route_table_t rest_loggers_routes = {routes, sizeof routes / sizeof routes[0]};
