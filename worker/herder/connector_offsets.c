/*
 * KIP-875 offsets, shared by the standalone and distributed herders: GET,
 * PATCH and DELETE /connectors/{c}/offsets. Sources read and write the offset store (the
 * same key and value bytes the tasks use); sinks act on the consumer
 * group's committed offsets. Changes are allowed only while the connector
 * is STOPPED, so no task races them; the next start reads what is stored.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "convert/json_codec.h"
#include "herder/connector_offsets.h"
#include "herder/connector_validation.h"
#include "kafka/group_offsets.h"
#include "log/log.h"
#include "runtime/contexts.h"
#include "util/buf.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.runtime.AbstractHerder"

#define MSG_ALTERED "The offsets for this connector have been altered successfully"
#define MSG_RESET "The offsets for this connector have been reset successfully"
#define MSG_EXTERNAL                                                                          \
    "The Connect framework-managed offsets for this connector have been %s successfully. "   \
    "However, if this connector manages offsets externally, they will need to be manually " \
    "%s in the system that the connector uses."

static char *sink_group(const cd_props_t *config, const char *name) {
    const char *g = cd_props_get(config, "consumer.override.group.id");
    return g && *g ? xstrdup(g) : xasprintf("connect-%s", name);
}

static void offsets_add(connector_offsets_t *o, char *partition, char *offset) {
    o->items = xrealloc(o->items, (o->n + 1) * sizeof *o->items);
    o->items[o->n].partition = partition;
    o->items[o->n].offset = offset;
    o->n++;
}

/* Source entries are keyed ["<connector>",{partition}]: keep ours. */
static int source_offsets(const task_env_t *env, const char *name, connector_offsets_t *out) {
    offset_store_t *store = env->offsets;
    char **keys, **values;
    size_t n;
    offset_store_list(store, &keys, &values, &n);
    cd_arena_t *arena = cd_arena_new(0);
    for (size_t i = 0; i < n; i++) {
        const cd_value_t *key = NULL;
        cd_error_t e;
        cd_error_clear(&e);
        if (json_codec_parse(keys[i], strlen(keys[i]), arena, &key, &e) != 0 || !key ||
            key->type != CD_TYPE_ARRAY || key->u.array.n != 2)
            continue;
        const cd_value_t *conn = key->u.array.items[0];
        if (!conn || conn->type != CD_TYPE_STRING || strcmp(conn->u.str.data, name) != 0) continue;
        buf_t b;
        buf_init(&b);
        if (json_codec_write(&b, key->u.array.items[1]) == 0)
            offsets_add(out, buf_steal(&b), xstrdup(values[i]));
        buf_free(&b);
    }
    cd_arena_destroy(arena);
    offset_store_list_free(keys, values, n);
    return 0;
}

static int sink_offsets(const task_env_t *env, const char *name, const cd_props_t *config,
                        connector_offsets_t *out, herder_error_t *err) {
    char *group = sink_group(config, name);
    group_offset_t *offs = NULL;
    size_t n = 0;
    char msg[1024];
    int rc = group_offsets_list(env->bootstrap, env->worker_props, group, &offs, &n, msg, sizeof msg);
    free(group);
    if (rc != 0)
        return herder_fail(err, HERDER_INTERNAL, "Failed to fetch offsets for connector %s: %s",
                           name, msg);
    for (size_t i = 0; i < n; i++) {
        buf_t b;
        buf_init(&b);
        /* Java builds this map as a HashMap: kafka_partition iterates first. */
        buf_appendf(&b, "{\"kafka_partition\":%d,\"kafka_topic\":", offs[i].partition);
        json_codec_write_string(&b, offs[i].topic);
        buf_append_str(&b, "}");
        offsets_add(out, buf_steal(&b),
                    xasprintf("{\"kafka_offset\":%lld}", (long long)offs[i].offset));
        buf_free(&b);
    }
    group_offsets_free(offs, n);
    return 0;
}

int connector_offsets_read(const task_env_t *env, const char *name, const cd_plugin_desc_t *desc,
                          const cd_props_t *config, connector_offsets_t **out,
                          herder_error_t *err) {
    connector_offsets_t *o = xcalloc(1, sizeof *o);
    int rc = desc->type == CD_PLUGIN_SOURCE ? source_offsets(env, name, o)
                                            : sink_offsets(env, name, config, o, err);
    if (rc != 0) {
        connector_offsets_free(o);
        return rc;
    }
    *out = o;
    return 0;
}

/* ---- altering ---- */

/* The request's maps as values (a NULL offset resets its partition). */
typedef struct parsed_offsets {
    const cd_value_t **partitions;
    const cd_value_t **offsets;
    size_t n;
} parsed_offsets_t;

static int parse_offsets(const connector_offsets_t *in, cd_arena_t *arena, parsed_offsets_t *p,
                         herder_error_t *err) {
    p->n = in->n;
    p->partitions = cd_arena_alloc(arena, (in->n ? in->n : 1) * sizeof *p->partitions);
    p->offsets = cd_arena_alloc(arena, (in->n ? in->n : 1) * sizeof *p->offsets);
    for (size_t i = 0; i < in->n; i++) {
        cd_error_t e;
        cd_error_clear(&e);
        p->partitions[i] = NULL;
        p->offsets[i] = NULL;
        if ((in->items[i].partition &&
             json_codec_parse(in->items[i].partition, strlen(in->items[i].partition), arena,
                              &p->partitions[i], &e) != 0) ||
            (in->items[i].offset && json_codec_parse(in->items[i].offset,
                                                     strlen(in->items[i].offset), arena,
                                                     &p->offsets[i], &e) != 0))
            return herder_fail(err, HERDER_BAD_REQUEST, "%s", e.message);
    }
    return 0;
}

/* OffsetUtils.validateFormat: string keys, primitive values. */
static int validate_source_map(const cd_value_t *m, herder_error_t *err) {
    if (!m) return 0;
    if (m->type != CD_TYPE_MAP)
        return herder_fail(err, HERDER_BAD_REQUEST, "Offsets must be specified as a Map");
    for (size_t i = 0; i < m->u.map.n; i++) {
        const cd_value_t *k = m->u.map.keys[i], *v = m->u.map.values[i];
        if (!k || k->type != CD_TYPE_STRING)
            return herder_fail(err, HERDER_BAD_REQUEST, "Offsets may only use String keys");
        if (v && (v->type == CD_TYPE_MAP || v->type == CD_TYPE_ARRAY || v->type == CD_TYPE_STRUCT))
            return herder_fail(err, HERDER_BAD_REQUEST,
                               "Offsets may only contain primitive types as values, but field %s "
                               "contains %s",
                               k->u.str.data, v->type == CD_TYPE_ARRAY ? "ARRAY" : "MAP");
    }
    return 0;
}

static int alter_source(const task_env_t *env, const char *name, const parsed_offsets_t *p,
                        herder_error_t *err) {
    offset_entry_t *entries = xcalloc(p->n ? p->n : 1, sizeof *entries);
    char **owned = xcalloc(2 * (p->n ? p->n : 1), sizeof *owned);
    int rc = 0;
    for (size_t i = 0; i < p->n && rc == 0; i++) {
        if (!p->partitions[i]) {
            rc = herder_fail(err, HERDER_BAD_REQUEST, "Partition objects cannot be null");
            break;
        }
        rc = validate_source_map(p->partitions[i], err);
        if (rc == 0) rc = validate_source_map(p->offsets[i], err);
        if (rc != 0) break;
        owned[2 * i] = source_offset_key(name, p->partitions[i]);
        entries[i].key = owned[2 * i];
        if (p->offsets[i]) {
            buf_t b;
            buf_init(&b);
            json_codec_write(&b, p->offsets[i]);
            owned[2 * i + 1] = buf_steal(&b);
            buf_free(&b);
            entries[i].value = owned[2 * i + 1];
        }
    }
    char msg[1024];
    if (rc == 0 && offset_store_put(env->offsets, entries, p->n, msg,
                                    sizeof msg) != 0)
        rc = herder_fail(err, HERDER_INTERNAL, "Failed to write offsets for connector %s: %s",
                         name, msg);
    for (size_t i = 0; i < 2 * p->n; i++) free(owned[i]);
    free(owned);
    free(entries);
    return rc;
}

/* Integer.parseInt / Long.parseLong of String.valueOf(value). */
static bool java_integer(const cd_value_t *v, int64_t min, int64_t max, int64_t *out) {
    if (!v) return false;
    if (v->type == CD_TYPE_INT64 || v->type == CD_TYPE_INT32) {
        *out = v->u.i;
        return *out >= min && *out <= max;
    }
    if (v->type != CD_TYPE_STRING || !v->u.str.len) return false;
    char *end;
    errno = 0;
    long long x = strtoll(v->u.str.data, &end, 10);
    if (errno || *end || v->u.str.data[0] == ' ' || x < min || x > max) return false;
    *out = x;
    return true;
}

static int alter_sink(const task_env_t *env, const char *name, const cd_props_t *config,
                      const parsed_offsets_t *p, herder_error_t *err) {
    group_offset_t *offs = xcalloc(p->n ? p->n : 1, sizeof *offs);
    cd_arena_t *scratch = cd_arena_new(0);
    int rc = 0;
    for (size_t i = 0; i < p->n && rc == 0; i++) {
        const cd_value_t *part = p->partitions[i];
        if (!part || part->type != CD_TYPE_MAP) {
            rc = herder_fail(err, HERDER_BAD_REQUEST,
                             "The partition for a sink connector offset cannot be null or missing");
            break;
        }
        const cd_value_t *topic = cd_value_map_get(part, "kafka_topic");
        const cd_value_t *partition = cd_value_map_get(part, "kafka_partition");
        int64_t pnum = 0, onum = 0;
        if (!topic || !partition) {
            /* map_get cannot tell a null value from a missing key; both are
             * refused, with the message of the more common mistake. */
            rc = herder_fail(err, HERDER_BAD_REQUEST,
                             "The partition for a sink connector offset must contain the keys "
                             "'kafka_topic' and 'kafka_partition'");
        } else if (!java_integer(partition, INT32_MIN, INT32_MAX, &pnum)) {
            rc = herder_fail(err, HERDER_BAD_REQUEST,
                             "Failed to parse the following Kafka partition value in the provided "
                             "offsets: '%s'. Partition values for sink connectors need to be "
                             "integers.",
                             cd_values_to_string(scratch, NULL, partition));
        } else if (p->offsets[i] && p->offsets[i]->type == CD_TYPE_MAP &&
                   !cd_value_map_get(p->offsets[i], "kafka_offset")) {
            rc = herder_fail(err, HERDER_BAD_REQUEST,
                             "The offset for a sink connector should either be null or contain "
                             "the key 'kafka_offset'");
        } else if (p->offsets[i] &&
                   !java_integer(p->offsets[i]->type == CD_TYPE_MAP
                                     ? cd_value_map_get(p->offsets[i], "kafka_offset")
                                     : NULL,
                                 INT64_MIN, INT64_MAX, &onum)) {
            const cd_value_t *ov = p->offsets[i]->type == CD_TYPE_MAP
                                       ? cd_value_map_get(p->offsets[i], "kafka_offset")
                                       : p->offsets[i];
            rc = herder_fail(err, HERDER_BAD_REQUEST,
                             "Failed to parse the following Kafka offset value in the provided "
                             "offsets: '%s'. Offset values for sink connectors need to be "
                             "integers.",
                             cd_values_to_string(scratch, NULL, ov));
        }
        if (rc != 0) break;
        offs[i].topic = xstrdup(cd_values_to_string(scratch, NULL, topic));
        offs[i].partition = (int32_t)pnum;
        offs[i].offset = onum;
        offs[i].reset = p->offsets[i] == NULL;
    }
    if (rc == 0) {
        char *group = sink_group(config, name);
        char msg[1024];
        if (group_offsets_alter(env->bootstrap, env->worker_props, group, offs, p->n, msg,
                                sizeof msg) != 0)
            rc = herder_fail(err, HERDER_INTERNAL,
                             "Failed to alter consumer group offsets for connector %s: %s", name,
                             msg);
        free(group);
    }
    group_offsets_free(offs, p->n);
    cd_arena_destroy(scratch);
    return rc;
}

/* DELETE offsets of a sink: Kafka deletes the whole consumer group. */
static int reset_sink(const task_env_t *env, const char *name, const cd_props_t *config,
                      herder_error_t *err) {
    char *group = sink_group(config, name);
    char msg[1024];
    int rc = group_offsets_delete_group(env->bootstrap, env->worker_props, group, msg, sizeof msg);
    free(group);
    return rc == 0 ? 0
                   : herder_fail(err, HERDER_INTERNAL,
                                 "Failed to reset consumer group offsets for connector %s: %s",
                                 name, msg);
}

/* The connector's own say (alterOffsets): 1 when the framework's offsets
 * are all it has, 0 when it keeps others too, -1 when it refuses. */
static int ask_connector(const cd_plugin_desc_t *desc, const cd_props_t *config,
                         const parsed_offsets_t *p, herder_error_t *err) {
    const cd_connector_ops_t *ops = desc->ops;
    if (ops->struct_size < offsetof(cd_connector_ops_t, alter_offsets) + sizeof ops->alter_offsets ||
        !ops->alter_offsets)
        return 0;
    const cd_config_def_t *tables[1] = {desc->config_defs};
    cd_config_t *cfg = config_new(tables, desc->config_defs ? 1 : 0, config);
    cd_error_t e;
    cd_error_clear(&e);
    bool external = false;
    int rc = ops->alter_offsets(cfg, p->partitions, p->offsets, p->n, &external, &e);
    config_destroy(cfg);
    if (rc != CD_OK) {
        herder_fail(err, HERDER_BAD_REQUEST, "%s", e.message);
        return -1;
    }
    return external ? 0 : 1;
}

/* Every partition the connector has offsets for, each with a null offset. */
static connector_offsets_t *all_reset(const connector_offsets_t *current) {
    connector_offsets_t *o = xcalloc(1, sizeof *o);
    for (size_t i = 0; i < current->n; i++) offsets_add(o, xstrdup(current->items[i].partition), NULL);
    return o;
}

int connector_offsets_alter(const task_env_t *env, const char *name, const cd_plugin_desc_t *desc,
                           const cd_props_t *config, const connector_offsets_t *offsets,
                           char **message, herder_error_t *err) {
    int rc = 0;
    bool reset = offsets == NULL;
    connector_offsets_t *resets = NULL;
    if (reset) {
        connector_offsets_t *current = NULL;
        rc = connector_offsets_read(env, name, desc, config, &current, err);
        if (rc == 0) offsets = resets = all_reset(current);
        connector_offsets_free(current);
    }
    cd_arena_t *arena = cd_arena_new(0);
    parsed_offsets_t p = {0};
    int verdict = 0;
    if (rc == 0) rc = parse_offsets(offsets, arena, &p, err);
    if (rc == 0 && (verdict = ask_connector(desc, config, &p, err)) < 0) rc = HERDER_BAD_REQUEST;
    if (rc == 0) {
        if (desc->type == CD_PLUGIN_SOURCE)
            rc = alter_source(env, name, &p, err);
        else if (reset)
            rc = reset_sink(env, name, config, err);
        else
            rc = alter_sink(env, name, config, &p, err);
    }
    if (rc == 0) {
        const char *done = reset ? "reset" : "altered";
        *message = verdict ? xstrdup(reset ? MSG_RESET : MSG_ALTERED)
                           : xasprintf(MSG_EXTERNAL, done, done);
        LOG_INFO(LOGGER, "Offsets of connector %s %s", name, done);
    }
    cd_arena_destroy(arena);
    connector_offsets_free(resets);
    return rc;
}

int connector_offsets_check_stopped(const char *name, target_state_t target, int n_tasks,
                                    herder_error_t *err) {
    if (target == TARGET_STOPPED && n_tasks == 0) return 0;
    return herder_fail(err, HERDER_BAD_REQUEST,
                       "Connectors must be in the STOPPED state before their offsets can be "
                       "modified. This can be done for the specified connector by issuing a "
                       "'PUT' request to the '/connectors/%s/stop' endpoint",
                       name);
}
