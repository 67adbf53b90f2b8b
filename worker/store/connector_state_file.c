#include "store/connector_state_file.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/atomic_file.h"
#include "util/mem.h"

void stored_connectors_free(stored_connector_t *list, size_t n) {
    for (size_t i = 0; i < n; i++) {
        free(list[i].name);
        cd_props_destroy(list[i].config);
        free(list[i].target_state);
    }
    free(list);
}

static bool known_state(const char *s) {
    return s && (strcmp(s, "STARTED") == 0 || strcmp(s, "PAUSED") == 0 ||
                 strcmp(s, "STOPPED") == 0);
}

int connector_state_file_read(const char *path, stored_connector_t **out, size_t *n, char *err,
                              size_t errlen) {
    *out = NULL;
    *n = 0;
    if (access(path, F_OK) != 0) return 0; /* first run */
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    json_t *list = doc ? json_object_get(doc, "connectors") : NULL;
    if (!json_is_array(list)) {
        snprintf(err, errlen, "connector state file %s is not readable: %s", path,
                 doc ? "no connectors array" : jerr.text);
        json_decref(doc);
        return -1;
    }
    stored_connector_t *items = xcalloc(json_array_size(list) + 1, sizeof *items);
    size_t count = 0, i;
    json_t *e;
    json_array_foreach(list, i, e) {
        const char *name = json_string_value(json_object_get(e, "name"));
        const char *state = json_string_value(json_object_get(e, "target_state"));
        json_t *config = json_object_get(e, "config");
        if (!name || !known_state(state) || !json_is_object(config)) {
            snprintf(err, errlen, "connector state file %s: entry %zu is malformed", path, i);
            stored_connectors_free(items, count);
            json_decref(doc);
            return -1;
        }
        stored_connector_t *c = &items[count++];
        c->name = xstrdup(name);
        c->target_state = xstrdup(state);
        c->config = cd_props_new();
        const char *k;
        json_t *v;
        json_object_foreach(config, k, v)
            if (json_is_string(v)) cd_props_set(c->config, k, json_string_value(v));
    }
    json_decref(doc);
    *out = items;
    *n = count;
    return 0;
}

int connector_state_file_write(const char *path, const stored_connector_t *list, size_t n,
                               char *err, size_t errlen) {
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *config = json_object();
        for (size_t k = 0; k < cd_props_count(list[i].config); k++)
            json_object_set_new(config, cd_props_key_at(list[i].config, k),
                                json_string(cd_props_value_at(list[i].config, k)));
        json_array_append_new(arr, json_pack("{s:s,s:o,s:s}", "name", list[i].name, "config",
                                             config, "target_state", list[i].target_state));
    }
    json_t *doc = json_pack("{s:i,s:o}", "connectd.connectors", 1, "connectors", arr);
    char *text = json_dumps(doc, JSON_INDENT(1));
    json_decref(doc);
    if (!text) {
        snprintf(err, errlen, "cannot encode the connector state (invalid UTF-8 in a config?)");
        return -1;
    }
    int rc = atomic_file_write(path, text, strlen(text), "connector state file", err, errlen);
    free(text);
    return rc;
}
