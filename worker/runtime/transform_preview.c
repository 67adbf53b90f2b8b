/* The transforms preview: records from and to JSON, and the chain run step
 * by step (see transform_preview.h and docs/transforms-preview.md). */
#include "runtime/transform_preview.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "convert/json_data.h"
#include "convert/json_tree.h"
#include "runtime/transform_chain.h"
#include "util/buf.h"
#include "util/mem.h"

struct transform_preview {
    transform_chain_t *chain;
    bool tolerate_all;
    cd_arena_t *arena; /* one record at a time: reset before each */
};

/* Values are read and written as given: no null-to-default replacement
 * (the preview shows what the transforms produced), decimals as base64 as
 * JsonConverter writes them by default. */
static const json_data_opts_t opts = {.decimal_numeric = false, .replace_null_with_default = false};

transform_preview_t *transform_preview_new(const plugin_registry_t *reg, const cd_props_t *config,
                                           cd_error_t *err) {
    const char *tol = cd_props_get(config, "errors.tolerance");
    if (tol && strcasecmp(tol, "none") != 0 && strcasecmp(tol, "all") != 0) {
        cd_error_set(err, CD_ERR_CONFIG,
                     "Invalid value %s for configuration errors.tolerance: String must be one "
                     "of: none, all",
                     tol);
        return NULL;
    }
    char where[300];
    transform_chain_t *chain = transform_chain_new_at(reg, config, where, sizeof where, err);
    if (!chain) {
        /* Plugins name their own keys ("spec"): say whose they are. */
        if (where[0] && !strstr(err->message, where)) {
            char msg[CD_ERROR_MSG_MAX];
            snprintf(msg, sizeof msg, "%s", err->message);
            cd_error_set(err, err->code ? err->code : CD_ERR_CONFIG, "%s: %s", where, msg);
        }
        return NULL;
    }
    transform_preview_t *p = xcalloc(1, sizeof *p);
    p->chain = chain;
    p->tolerate_all = tol && strcasecmp(tol, "all") == 0;
    p->arena = cd_arena_new(0);
    return p;
}

void transform_preview_destroy(transform_preview_t *p) {
    if (!p) return;
    transform_chain_destroy(p->chain);
    cd_arena_destroy(p->arena);
    free(p);
}

/* ---- JSON -> record ---------------------------------------------------- */

/* Prefix err's message with the field it is about. */
static int field_error(cd_error_t *err, const char *field, const cd_error_t *inner) {
    return cd_error_set(err, CD_ERR_DATA, "%s: %s", field, inner->message);
}

/* jansson's tree into the worker's (which JsonConverter's reader takes),
 * through text: the preview is not a hot path. */
static int to_jtree(cd_arena_t *a, const json_t *j, const jtree_node_t **out, cd_error_t *err) {
    char *text = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
    if (!text) return cd_error_set(err, CD_ERR_DATA, "cannot be encoded as JSON");
    char msg[256];
    int rc = jtree_parse(a, text, strlen(text), out, msg, sizeof msg);
    free(text);
    return rc ? cd_error_set(err, CD_ERR_DATA, "%s", msg) : 0;
}

static int read_schema(cd_arena_t *a, const json_t *j, const char *field, const cd_schema_t **out,
                       cd_error_t *err) {
    *out = NULL;
    if (!j || json_is_null(j)) return 0;
    if (!json_is_object(j))
        return cd_error_set(err, CD_ERR_DATA,
                            "%s: a schema is a JSON object in JsonConverter's form, e.g. "
                            "{\"type\":\"string\",\"optional\":true}",
                            field);
    const jtree_node_t *node;
    cd_error_t inner = {0};
    if (to_jtree(a, j, &node, &inner) || json_data_read_schema(a, node, &opts, out, &inner))
        return field_error(err, field, &inner);
    return 0;
}

static int read_value(cd_arena_t *a, const json_t *j, const cd_schema_t *schema, const char *field,
                      const cd_value_t **out, cd_error_t *err) {
    *out = NULL;
    const jtree_node_t *node = NULL;
    cd_error_t inner = {0};
    if ((j && to_jtree(a, j, &node, &inner)) ||
        json_data_read_value(a, schema, node, &opts, out, &inner))
        return field_error(err, field, &inner);
    return 0;
}

static int read_int(const json_t *j, const char *field, int64_t min, int64_t max, int64_t none,
                    int64_t *out, cd_error_t *err) {
    if (!j || json_is_null(j)) {
        *out = none;
        return 0;
    }
    if (!json_is_integer(j) || json_integer_value(j) < min || json_integer_value(j) > max)
        return cd_error_set(err, CD_ERR_DATA, "%s: must be an integer from %lld to %lld, or null",
                            field, (long long)min, (long long)max);
    *out = json_integer_value(j);
    return 0;
}

static int read_headers(cd_arena_t *a, const json_t *j, cd_record_t *r, cd_error_t *err) {
    if (!j || json_is_null(j)) return 0;
    if (!json_is_array(j))
        return cd_error_set(err, CD_ERR_DATA,
                            "headers: must be an array of {\"key\":...,\"value\":...}");
    for (size_t i = 0; i < json_array_size(j); i++) {
        const json_t *h = json_array_get(j, i);
        const json_t *key = json_object_get(h, "key");
        char field[64];
        snprintf(field, sizeof field, "headers[%zu]", i);
        if (!json_is_object(h) || !json_is_string(key))
            return cd_error_set(err, CD_ERR_DATA, "%s: must be an object with a string \"key\"",
                                field);
        const cd_schema_t *schema;
        const cd_value_t *value;
        char sfield[80], vfield[80];
        snprintf(sfield, sizeof sfield, "%s.schema", field);
        snprintf(vfield, sizeof vfield, "%s.value", field);
        if (read_schema(a, json_object_get(h, "schema"), sfield, &schema, err) ||
            read_value(a, json_object_get(h, "value"), schema, vfield, &value, err))
            return CD_ERR_DATA;
        cd_record_add_header(a, r, cd_arena_strdup(a, json_string_value(key)), schema, value);
    }
    return 0;
}

static const char *const record_fields[] = {"topic",        "partition", "key",     "key_schema",
                                            "value",        "value_schema", "timestamp", "headers",
                                            "offset",       NULL};

static int check_fields(const json_t *j, cd_error_t *err) {
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)j, k, v) {
        bool known = false;
        for (size_t i = 0; record_fields[i] && !known; i++) known = strcmp(k, record_fields[i]) == 0;
        if (!known)
            return cd_error_set(err, CD_ERR_DATA,
                                "%s: unknown record field (known: topic, partition, key, "
                                "key_schema, value, value_schema, timestamp, headers, offset)",
                                k);
    }
    return 0;
}

int transform_preview_record_from_json(cd_arena_t *a, const json_t *j, const cd_record_t **out,
                                       cd_error_t *err) {
    if (!json_is_object(j)) return cd_error_set(err, CD_ERR_DATA, "a record must be a JSON object");
    if (check_fields(j, err)) return CD_ERR_DATA;
    cd_record_t *r = cd_record_new(a);
    const json_t *topic = json_object_get(j, "topic");
    if (!json_is_string(topic)) return cd_error_set(err, CD_ERR_DATA, "topic: must be a string");
    r->topic = cd_arena_strdup(a, json_string_value(topic));
    int64_t partition, timestamp, offset;
    if (read_int(json_object_get(j, "partition"), "partition", 0, INT32_MAX, CD_NO_PARTITION,
                 &partition, err) ||
        read_int(json_object_get(j, "timestamp"), "timestamp", 0, INT64_MAX, CD_NO_TIMESTAMP,
                 &timestamp, err) ||
        read_int(json_object_get(j, "offset"), "offset", 0, INT64_MAX, -1, &offset, err))
        return CD_ERR_DATA;
    r->partition = (int32_t)partition;
    r->timestamp = timestamp;
    if (read_schema(a, json_object_get(j, "key_schema"), "key_schema", &r->key_schema, err) ||
        read_value(a, json_object_get(j, "key"), r->key_schema, "key", &r->key, err) ||
        read_schema(a, json_object_get(j, "value_schema"), "value_schema", &r->value_schema, err) ||
        read_value(a, json_object_get(j, "value"), r->value_schema, "value", &r->value, err) ||
        read_headers(a, json_object_get(j, "headers"), r, err))
        return CD_ERR_DATA;
    if (offset >= 0) {
        /* A record as a sink connector sees it: the worker marks those by
         * their pre-transform coordinates (InsertField's offset.field
         * needs one). */
        r->kafka_offset = offset;
        r->original_topic = r->topic;
        r->original_partition = r->partition == CD_NO_PARTITION ? 0 : r->partition;
        r->original_offset = offset;
        r->timestamp_type = timestamp == CD_NO_TIMESTAMP ? CD_TS_NONE : CD_TS_CREATE_TIME;
    }
    *out = r;
    return 0;
}

/* ---- record -> JSON ---------------------------------------------------- */

static json_t *buf_to_json(buf_t *b, const char *field, cd_error_t *err) {
    json_error_t jerr;
    json_t *j = json_loadb(b->data ? b->data : "null", b->data ? b->len : 4, JSON_DECODE_ANY, &jerr);
    if (!j) cd_error_set(err, CD_ERR_DATA, "%s: cannot be shown as JSON: %s", field, jerr.text);
    buf_free(b);
    return j;
}

static json_t *schema_json(const cd_schema_t *s, const char *field, cd_error_t *err) {
    if (!s) return json_null();
    buf_t b;
    buf_init(&b);
    cd_error_t inner = {0};
    if (json_data_write_schema(&b, s, &opts, &inner)) {
        buf_free(&b);
        field_error(err, field, &inner);
        return NULL;
    }
    return buf_to_json(&b, field, err);
}

static json_t *value_json(const cd_schema_t *s, const cd_value_t *v, const char *field,
                          cd_error_t *err) {
    buf_t b;
    buf_init(&b);
    cd_error_t inner = {0};
    if (json_data_write_value(&b, s, v, &opts, &inner)) {
        buf_free(&b);
        field_error(err, field, &inner);
        return NULL;
    }
    return buf_to_json(&b, field, err);
}

/* Steals v; false when v is NULL (its producer filled err). */
static bool put(json_t *o, const char *key, json_t *v) {
    if (!v) return false;
    json_object_set_new(o, key, v);
    return true;
}

static json_t *headers_json(const cd_record_t *r, cd_error_t *err) {
    json_t *list = json_array();
    for (size_t i = 0; i < r->n_headers; i++) {
        const cd_header_t *h = &r->headers[i];
        json_t *o = json_object();
        json_array_append_new(list, o);
        json_object_set_new(o, "key", json_string(h->key ? h->key : ""));
        if (!put(o, "value", value_json(h->schema, h->value, "headers.value", err)) ||
            (h->schema && !put(o, "schema", schema_json(h->schema, "headers.schema", err)))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

json_t *transform_preview_record_to_json(const cd_record_t *r, cd_error_t *err) {
    json_t *o = json_object();
    json_object_set_new(o, "topic", r->topic ? json_string(r->topic) : json_null());
    json_object_set_new(o, "partition",
                        r->partition == CD_NO_PARTITION ? json_null() : json_integer(r->partition));
    bool ok = put(o, "key", value_json(r->key_schema, r->key, "key", err)) &&
              put(o, "key_schema", schema_json(r->key_schema, "key_schema", err)) &&
              put(o, "value", value_json(r->value_schema, r->value, "value", err)) &&
              put(o, "value_schema", schema_json(r->value_schema, "value_schema", err));
    if (ok) {
        json_object_set_new(o, "timestamp", r->timestamp == CD_NO_TIMESTAMP
                                                ? json_null()
                                                : json_integer(r->timestamp));
        ok = put(o, "headers", headers_json(r, err));
    }
    if (ok && r->original_topic) json_object_set_new(o, "offset", json_integer(r->kafka_offset));
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* ---- the chain, step by step ------------------------------------------- */

static json_t *error_json(const transform_chain_step_info_t *info, const cd_error_t *e,
                          bool tolerate_all) {
    json_t *o = json_object();
    json_object_set_new(o, "class", json_string(info->class_name));
    if (e->exception_class[0]) json_object_set_new(o, "exception", json_string(e->exception_class));
    json_object_set_new(o, "message", json_string(e->message));
    /* What the worker does with a record whose transform failed: with
     * errors.tolerance=all it logs and skips it, else the task fails. */
    json_object_set_new(o, "decision", json_string(tolerate_all ? "skip" : "fail"));
    return o;
}

/* The record after a step: its JSON, or null with "record_error" when a
 * value does not fit its schema (JsonConverter would refuse it too). */
static json_t *step_record(json_t *step, const cd_record_t *r) {
    cd_error_t e = {0};
    json_t *j = transform_preview_record_to_json(r, &e);
    if (!j) {
        json_object_set_new(step, "record", json_null());
        json_object_set_new(step, "record_error", json_string(e.message));
        return NULL;
    }
    json_object_set(step, "record", j);
    return j;
}

int transform_preview_run(transform_preview_t *p, const json_t *record, json_t **result,
                          json_t **stage, cd_error_t *err) {
    cd_arena_reset(p->arena);
    const cd_record_t *r;
    if (transform_preview_record_from_json(p->arena, record, &r, err)) return CD_ERR_DATA;
    json_t *steps = json_array();
    const char *outcome = "kept";
    json_t *last = NULL; /* the JSON of r, once a step rendered it */
    for (size_t i = 0; r && i < transform_chain_size(p->chain); i++) {
        transform_chain_step_info_t info;
        transform_chain_step_info(p->chain, i, &info);
        json_t *step = json_object();
        json_array_append_new(steps, step);
        json_object_set_new(step, "transform", json_string(info.alias));
        json_object_set_new(step, "type", json_string(info.class_name));
        cd_error_t e;
        cd_error_clear(&e);
        transform_step_result_t res;
        const cd_record_t *next = NULL;
        int rc = transform_chain_apply_step(p->chain, i, r, p->arena, &next, &res, &e);
        if (info.predicate) {
            json_object_set_new(step, "predicate", json_string(info.predicate));
            json_object_set_new(step, "negate", json_boolean(info.negate));
            json_object_set_new(step, "predicate_matched", json_boolean(res.predicate_matched));
        }
        json_object_set_new(step, "applied", json_boolean(res.applied));
        json_decref(last);
        last = NULL;
        if (rc != 0) {
            json_object_set_new(step, "error", error_json(&info, &e, p->tolerate_all));
            outcome = p->tolerate_all ? "skipped" : "failed";
            r = NULL;
        } else if (!next) {
            json_object_set_new(step, "record", json_null());
            outcome = "dropped";
            r = NULL;
        } else {
            r = next;
            last = step_record(step, r);
        }
    }
    if (r && !last && transform_chain_size(p->chain) == 0) {
        cd_error_t e = {0};
        last = transform_preview_record_to_json(r, &e);
    }
    *result = r && last ? last : json_null();
    if (!(r && last)) json_decref(last);
    *stage = json_object();
    json_object_set_new(*stage, "outcome", json_string(outcome));
    json_object_set_new(*stage, "steps", steps);
    return 0;
}
