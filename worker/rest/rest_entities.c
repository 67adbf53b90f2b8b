/* JSON rendering of the REST entities (field order as Kafka 4.3.1). */
#include "rest/rest_entities.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "plugin/registry.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/utf8.h"

json_t *rest_json_string(const char *s) {
    if (!s) return json_null();
    json_t *j = json_string(s);
    if (j) return j;
    char *fixed = utf8_repair(s);
    j = json_string(fixed);
    free(fixed);
    return j ? j : json_string("");
}

/* json_object_set_new that tolerates a NULL value (writes null). */
static void put(json_t *obj, const char *key, json_t *value) {
    json_object_set_new(obj, key, value ? value : json_null());
}

json_t *rest_entity_error(int code, const char *message) {
    json_t *o = json_object();
    put(o, "error_code", json_integer(code));
    put(o, "message", rest_json_string(message));
    return o;
}

json_t *rest_entity_server_info(const char *version, const char *commit, const char *cluster_id) {
    json_t *o = json_object();
    put(o, "version", rest_json_string(version));
    put(o, "commit", rest_json_string(commit));
    put(o, "kafka_cluster_id", rest_json_string(cluster_id));
    return o;
}

json_t *rest_entity_worker_status(const char *status, const char *message) {
    json_t *o = json_object();
    put(o, "status", rest_json_string(status));
    put(o, "message", rest_json_string(message));
    return o;
}

json_t *rest_entity_props(const cd_props_t *props) {
    json_t *o = json_object();
    size_t n = cd_props_count(props);
    for (size_t i = 0; i < n; i++) {
        const char *key = cd_props_key_at(props, i);
        json_t *k = rest_json_string(key);
        /* A key that is not valid UTF-8 is stored under its repaired form. */
        put(o, json_string_value(k), rest_json_string(cd_props_value_at(props, i)));
        json_decref(k);
    }
    return o;
}

json_t *rest_entity_task_id(const char *connector, int task) {
    json_t *o = json_object();
    put(o, "connector", rest_json_string(connector));
    put(o, "task", json_integer(task));
    return o;
}

json_t *rest_entity_connector_info(const connector_info_t *info) {
    json_t *o = json_object();
    put(o, "name", rest_json_string(info->name));
    put(o, "config", rest_entity_props(info->config));
    json_t *tasks = json_array();
    for (int i = 0; i < info->n_tasks; i++)
        json_array_append_new(tasks, rest_entity_task_id(info->name, i));
    put(o, "tasks", tasks);
    put(o, "type", rest_json_string(info->type ? info->type : "unknown"));
    return o;
}

/* The fields shared by connector and task states. Jackson writes the
 * creator properties (state, worker_id, version) first; trace has no
 * creator parameter of its own name, so it comes last. */
static void put_state_fields(json_t *o, const instance_state_t *s) {
    put(o, "state", rest_json_string(s->state));
    put(o, "worker_id", rest_json_string(s->worker_id));
    put(o, "version", rest_json_string(s->version));
    if (s->trace && *s->trace) put(o, "trace", rest_json_string(s->trace));
}

json_t *rest_entity_connector_state(const instance_state_t *s) {
    json_t *o = json_object();
    put_state_fields(o, s);
    return o;
}

json_t *rest_entity_task_state(const instance_state_t *s) {
    json_t *o = json_object();
    put(o, "id", json_integer(s->id));
    put_state_fields(o, s);
    return o;
}

json_t *rest_entity_connector_state_info(const connector_state_info_t *s) {
    json_t *o = json_object();
    put(o, "name", rest_json_string(s->name));
    put(o, "connector", rest_entity_connector_state(&s->connector));
    json_t *tasks = json_array();
    for (size_t i = 0; i < s->n_tasks; i++)
        json_array_append_new(tasks, rest_entity_task_state(&s->tasks[i]));
    put(o, "tasks", tasks);
    put(o, "type", rest_json_string(s->type ? s->type : "unknown"));
    return o;
}

json_t *rest_entity_plugin_info(const cd_plugin_desc_t *desc) {
    json_t *o = json_object();
    put(o, "class", rest_json_string(desc->name));
    put(o, "type", rest_json_string(plugin_type_name(desc->type)));
    if (desc->version && strcmp(desc->version, "undefined") != 0)
        put(o, "version", rest_json_string(desc->version));
    return o;
}

/* Shortest %.*g text that reads back as the same double, like Java's
 * Double.toString in the cases that matter (1.5, 0.1, 1e-7 ...). */
static char *real_text(double d) {
    char tmp[64];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, d);
        if (strtod(tmp, NULL) == d) break;
    }
    return xstrdup(tmp);
}

char *rest_json_scalar_text(const json_t *v) {
    switch (json_typeof(v)) {
    case JSON_STRING: return xstrndup(json_string_value(v), json_string_length(v));
    case JSON_INTEGER: return xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
    case JSON_REAL: return real_text(json_real_value(v));
    case JSON_TRUE: return xstrdup("true");
    case JSON_FALSE: return xstrdup("false");
    default: return NULL;
    }
}

int rest_props_from_json(const json_t *obj, const char *what, cd_props_t **out, char *err,
                         size_t errlen) {
    *out = NULL;
    if (obj && !json_is_null(obj) && !json_is_object(obj)) {
        snprintf(err, errlen, "%s must be a JSON object of string values", what);
        return -1;
    }
    cd_props_t *props = cd_props_new();
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)obj, key, value) {
        char *text = rest_json_scalar_text(value);
        if (!text) {
            snprintf(err, errlen, "%s: the value of '%s' must be a string, not %s", what, key,
                     json_is_null(value) ? "null" : json_is_array(value) ? "an array" : "an object");
            cd_props_destroy(props);
            return -1;
        }
        cd_props_set(props, key, text);
        free(text);
    }
    *out = props;
    return 0;
}

/* Absolute URL of a connector, its name percent-encoded as a path. */
char *rest_connector_location(const char *base_url, const char *name) {
    buf_t b;
    buf_init(&b);
    buf_appendf(&b, "%s/connectors/", base_url);
    static const char safe[] = "-._~!$&'()*+,;=:@/";
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr(safe, *p))
            cd_buf_append(&b, p, 1);
        else
            buf_appendf(&b, "%%%02X", *p);
    }
    return buf_steal(&b);
}

/* Integer.valueOf: optional sign, decimal digits, 32-bit range. */
bool rest_parse_java_int(const char *s, int *out) {
    if (!s || !*s) return false;
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    if (!*p) return false;
    for (const char *q = p; *q; q++)
        if (*q < '0' || *q > '9') return false;
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno || v < INT32_MIN || v > INT32_MAX) return false;
    *out = (int)v;
    return true;
}
