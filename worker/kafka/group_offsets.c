/* Consumer group offsets through librdkafka's admin API (2.0 has List,
 * Alter and DeleteConsumerGroupOffsets and DeleteGroups). Each call opens a
 * short-lived admin client: these are rare REST operations. */
#include "kafka/group_offsets.h"

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/client_config.h"
#include "util/mem.h"

#define ADMIN_TIMEOUT_MS 30000

void group_offsets_free(group_offset_t *offsets, size_t n) {
    for (size_t i = 0; i < n; i++) free(offsets[i].topic);
    free(offsets);
}

static rd_kafka_t *admin_new(const char *bootstrap, const cd_props_t *worker, char *err,
                             size_t errlen) {
    rd_kafka_conf_t *conf = kafka_client_conf_new(bootstrap, worker, KAFKA_CLIENT_ADMIN, NULL, err,
                                                  errlen);
    if (!conf) return NULL;
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, errlen);
    if (!rk) rd_kafka_conf_destroy(conf);
    return rk;
}

/* Wait for the admin result of `type` on q; NULL with err filled on timeout. */
static rd_kafka_event_t *await_result(rd_kafka_queue_t *q, rd_kafka_event_type_t type, char *err,
                                      size_t errlen) {
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, ADMIN_TIMEOUT_MS + 5000);
    if (!ev) {
        snprintf(err, errlen, "Timed out waiting for the Kafka admin request");
        return NULL;
    }
    if (rd_kafka_event_type(ev) != type || rd_kafka_event_error(ev)) {
        snprintf(err, errlen, "%s", rd_kafka_event_error_string(ev));
        rd_kafka_event_destroy(ev);
        return NULL;
    }
    return ev;
}

static rd_kafka_AdminOptions_t *options(rd_kafka_t *rk, rd_kafka_admin_op_t op) {
    rd_kafka_AdminOptions_t *o = rd_kafka_AdminOptions_new(rk, op);
    rd_kafka_AdminOptions_set_request_timeout(o, ADMIN_TIMEOUT_MS, NULL, 0);
    return o;
}

static int group_error(const rd_kafka_group_result_t *g, char *err, size_t errlen) {
    const rd_kafka_error_t *e = rd_kafka_group_result_error(g);
    if (!e) return 0;
    snprintf(err, errlen, "%s", rd_kafka_error_string(e));
    return -1;
}

static int cmp_offset(const void *a, const void *b) {
    const group_offset_t *x = a, *y = b;
    int c = strcmp(x->topic, y->topic);
    return c ? c : (x->partition > y->partition) - (x->partition < y->partition);
}

int group_offsets_list(const char *bootstrap, const cd_props_t *worker, const char *group,
                       group_offset_t **out, size_t *n, char *err, size_t errlen) {
    *out = NULL;
    *n = 0;
    rd_kafka_t *rk = admin_new(bootstrap, worker, err, errlen);
    if (!rk) return -1;
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_ListConsumerGroupOffsets_t *req = rd_kafka_ListConsumerGroupOffsets_new(group, NULL);
    rd_kafka_AdminOptions_t *o = options(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
    rd_kafka_ListConsumerGroupOffsets(rk, &req, 1, o, q);
    rd_kafka_ListConsumerGroupOffsets_destroy(req);
    rd_kafka_AdminOptions_destroy(o);
    int rc = -1;
    rd_kafka_event_t *ev = await_result(q, RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT, err,
                                        errlen);
    if (ev) {
        size_t ng = 0;
        const rd_kafka_group_result_t **groups = rd_kafka_ListConsumerGroupOffsets_result_groups(
            rd_kafka_event_ListConsumerGroupOffsets_result(ev), &ng);
        rc = 0;
        for (size_t g = 0; g < ng && rc == 0; g++) {
            if (group_error(groups[g], err, errlen) != 0) {
                rc = -1;
                break;
            }
            const rd_kafka_topic_partition_list_t *parts =
                rd_kafka_group_result_partitions(groups[g]);
            if (!parts) continue;
            *out = xcalloc(parts->cnt ? (size_t)parts->cnt : 1, sizeof **out);
            for (int i = 0; i < parts->cnt; i++) {
                const rd_kafka_topic_partition_t *p = &parts->elems[i];
                if (p->offset < 0) continue; /* nothing committed there */
                group_offset_t *go = &(*out)[(*n)++];
                go->topic = xstrdup(p->topic);
                go->partition = p->partition;
                go->offset = p->offset;
            }
        }
        rd_kafka_event_destroy(ev);
    }
    if (rc == 0 && *n > 1) qsort(*out, *n, sizeof **out, cmp_offset);
    if (rc != 0) {
        group_offsets_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(rk);
    return rc;
}

/* One admin request over the partitions selected by `want_delete`. */
static int alter_or_delete(rd_kafka_t *rk, rd_kafka_queue_t *q, const char *group,
                           const group_offset_t *offsets, size_t n, bool want_delete, char *err,
                           size_t errlen) {
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new((int)n);
    for (size_t i = 0; i < n; i++) {
        if (offsets[i].reset != want_delete) continue;
        rd_kafka_topic_partition_t *p =
            rd_kafka_topic_partition_list_add(parts, offsets[i].topic, offsets[i].partition);
        p->offset = want_delete ? RD_KAFKA_OFFSET_INVALID : offsets[i].offset;
    }
    if (parts->cnt == 0) {
        rd_kafka_topic_partition_list_destroy(parts);
        return 0;
    }
    rd_kafka_event_type_t type;
    if (want_delete) {
        rd_kafka_DeleteConsumerGroupOffsets_t *req =
            rd_kafka_DeleteConsumerGroupOffsets_new(group, parts);
        rd_kafka_AdminOptions_t *o = options(rk, RD_KAFKA_ADMIN_OP_DELETECONSUMERGROUPOFFSETS);
        rd_kafka_DeleteConsumerGroupOffsets(rk, &req, 1, o, q);
        rd_kafka_DeleteConsumerGroupOffsets_destroy(req);
        rd_kafka_AdminOptions_destroy(o);
        type = RD_KAFKA_EVENT_DELETECONSUMERGROUPOFFSETS_RESULT;
    } else {
        rd_kafka_AlterConsumerGroupOffsets_t *req =
            rd_kafka_AlterConsumerGroupOffsets_new(group, parts);
        rd_kafka_AdminOptions_t *o = options(rk, RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS);
        rd_kafka_AlterConsumerGroupOffsets(rk, &req, 1, o, q);
        rd_kafka_AlterConsumerGroupOffsets_destroy(req);
        rd_kafka_AdminOptions_destroy(o);
        type = RD_KAFKA_EVENT_ALTERCONSUMERGROUPOFFSETS_RESULT;
    }
    rd_kafka_topic_partition_list_destroy(parts);
    rd_kafka_event_t *ev = await_result(q, type, err, errlen);
    if (!ev) return -1;
    size_t ng = 0;
    const rd_kafka_group_result_t **groups =
        want_delete ? rd_kafka_DeleteConsumerGroupOffsets_result_groups(
                          rd_kafka_event_DeleteConsumerGroupOffsets_result(ev), &ng)
                    : rd_kafka_AlterConsumerGroupOffsets_result_groups(
                          rd_kafka_event_AlterConsumerGroupOffsets_result(ev), &ng);
    int rc = 0;
    for (size_t g = 0; g < ng && rc == 0; g++) {
        if (group_error(groups[g], err, errlen) != 0) {
            rc = -1;
            break;
        }
        const rd_kafka_topic_partition_list_t *res = rd_kafka_group_result_partitions(groups[g]);
        for (int i = 0; res && i < res->cnt; i++) {
            rd_kafka_resp_err_t e = res->elems[i].err;
            /* Deleting an offset that was never committed is not an error. */
            if (e && !(want_delete && e == RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND)) {
                snprintf(err, errlen, "%s-%d: %s", res->elems[i].topic, res->elems[i].partition,
                         rd_kafka_err2str(e));
                rc = -1;
                break;
            }
        }
    }
    rd_kafka_event_destroy(ev);
    return rc;
}

int group_offsets_alter(const char *bootstrap, const cd_props_t *worker, const char *group,
                        const group_offset_t *offsets, size_t n, char *err, size_t errlen) {
    rd_kafka_t *rk = admin_new(bootstrap, worker, err, errlen);
    if (!rk) return -1;
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    int rc = alter_or_delete(rk, q, group, offsets, n, false, err, errlen);
    if (rc == 0) rc = alter_or_delete(rk, q, group, offsets, n, true, err, errlen);
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(rk);
    return rc;
}

int group_offsets_delete_group(const char *bootstrap, const cd_props_t *worker, const char *group,
                               char *err, size_t errlen) {
    rd_kafka_t *rk = admin_new(bootstrap, worker, err, errlen);
    if (!rk) return -1;
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_DeleteGroup_t *req = rd_kafka_DeleteGroup_new(group);
    rd_kafka_AdminOptions_t *o = options(rk, RD_KAFKA_ADMIN_OP_DELETEGROUPS);
    rd_kafka_DeleteGroups(rk, &req, 1, o, q);
    rd_kafka_DeleteGroup_destroy(req);
    rd_kafka_AdminOptions_destroy(o);
    int rc = -1;
    rd_kafka_event_t *ev = await_result(q, RD_KAFKA_EVENT_DELETEGROUPS_RESULT, err, errlen);
    if (ev) {
        size_t ng = 0;
        const rd_kafka_group_result_t **groups =
            rd_kafka_DeleteGroups_result_groups(rd_kafka_event_DeleteGroups_result(ev), &ng);
        rc = 0;
        for (size_t g = 0; g < ng; g++) {
            const rd_kafka_error_t *e = rd_kafka_group_result_error(groups[g]);
            if (e && rd_kafka_error_code(e) != RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND) {
                snprintf(err, errlen, "%s", rd_kafka_error_string(e));
                rc = -1;
            }
        }
        rd_kafka_event_destroy(ev);
    }
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(rk);
    return rc;
}
