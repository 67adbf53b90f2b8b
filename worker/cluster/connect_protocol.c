/*
 * Connect's group-protocol payloads (see connect_protocol.h). The encoding
 * follows Kafka's ConnectProtocol (v0) and IncrementalCooperativeConnectProtocol
 * (v1/v2): Kafka's classic big-endian primitives (kafka/kafka_wire.h), no
 * tagged fields.
 */
#include "cluster/connect_protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/kafka_wire.h"
#include "util/mem.h"

/* ---- writer ---------------------------------------------------------------- */

static const char *work_name(const connect_work_t *wk) {
    return wk->connector ? wk->connector : "";
}

/* Work items in list order, sorted by connector name to find the groups. */
typedef struct witem {
    const char *name;
    size_t idx;
    int32_t task;
} witem_t;

static int witem_cmp(const void *x, const void *y) {
    const witem_t *a = x, *b = y;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* A group: the run of one connector's items in the sorted array. */
typedef struct wgroup {
    size_t start, end; /* [start, end) in the sorted array */
    size_t first_idx;  /* where the connector first appears in the list */
} wgroup_t;

static int wgroup_cmp(const void *x, const void *y) {
    const wgroup_t *a = x, *b = y;
    return a->first_idx < b->first_idx ? -1 : a->first_idx > b->first_idx;
}

/* ARRAY of ConnectorAssignment: one entry per connector in first-seen order,
 * its -1 (connector instance) first, then its task ids in list order.
 * Sorting keeps this O(n log n) for clusters with many tasks. */
static void wr_work_list(kw_writer_t *w, const connect_work_t *list, size_t n) {
    if (n == 0) {
        kw_i32(w, 0);
        return;
    }
    witem_t *items = xmalloc(n * sizeof *items);
    for (size_t i = 0; i < n; i++)
        items[i] = (witem_t){work_name(&list[i]), i, list[i].task};
    qsort(items, n, sizeof *items, witem_cmp);
    wgroup_t *groups = xmalloc(n * sizeof *groups);
    size_t n_groups = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || strcmp(items[i].name, items[i - 1].name) != 0)
            groups[n_groups++] = (wgroup_t){i, i, items[i].idx};
        groups[n_groups - 1].end = i + 1;
    }
    qsort(groups, n_groups, sizeof *groups, wgroup_cmp);
    kw_i32(w, (int32_t)n_groups);
    for (size_t g = 0; g < n_groups; g++) {
        bool has_connector = false;
        int32_t count = 0;
        for (size_t i = groups[g].start; i < groups[g].end; i++) {
            if (items[i].task == -1)
                has_connector = true;
            else
                count++;
        }
        kw_string(w, items[groups[g].start].name);
        kw_i32(w, count + (has_connector ? 1 : 0));
        if (has_connector)
            kw_i32(w, -1);
        for (size_t i = groups[g].start; i < groups[g].end; i++)
            if (items[i].task != -1)
                kw_i32(w, items[i].task);
    }
    free(groups);
    free(items);
}

static void wr_assignment(kw_writer_t *w, const connect_assignment_t *a, int16_t version) {
    kw_i16(w, version);
    kw_i16(w, a->error);
    kw_string(w, a->leader);
    kw_string(w, a->leader_url);
    kw_i64(w, a->config_offset);
    wr_work_list(w, a->assigned, a->n_assigned);
    if (version >= 1) {
        wr_work_list(w, a->revoked, a->n_revoked);
        kw_i32(w, a->delay_ms);
    }
}

/* Hand the bytes to the caller; an empty result still gets a buffer. */
static int wr_finish(kw_writer_t *w, uint8_t **out, size_t *len) {
    if (!w->data)
        w->data = xmalloc(1);
    *out = w->data;
    *len = w->len;
    return 0;
}

int connect_metadata_encode(const connect_member_metadata_t *m, uint8_t **out, size_t *len) {
    kw_writer_t w;
    kw_init(&w);
    kw_i16(&w, m->version);
    kw_string(&w, m->url);
    kw_i64(&w, m->config_offset);
    if (m->version >= 1) {
        if (!m->allocation) {
            kw_nullable_bytes(&w, NULL, 0);
        } else {
            /* Kafka writes the embedded assignment with the metadata's own
             * protocol version (v2 header when sessioned), always in the v1
             * layout. */
            kw_writer_t inner;
            kw_init(&inner);
            wr_assignment(&inner, m->allocation, m->version);
            kw_bytes(&w, inner.data, inner.len);
            kw_free(&inner);
        }
    }
    return wr_finish(&w, out, len);
}

int connect_assignment_encode(const connect_assignment_t *a, uint8_t **out, size_t *len) {
    kw_writer_t w;
    kw_init(&w);
    wr_assignment(&w, a, a->version);
    return wr_finish(&w, out, len);
}

/* ---- reader ---------------------------------------------------------------- */

/* Decoding stops at the first problem; `why` names it for the caller's err. */
typedef struct rd {
    kw_reader_t r;
    const char *why;
} rd_t;

static int rd_fail(rd_t *d, const char *why) {
    if (!d->why)
        d->why = why;
    d->r.err = true;
    return -1;
}

static int rd_i16(rd_t *d, int16_t *v) {
    return kr_i16(&d->r, v) < 0 ? rd_fail(d, "truncated input") : 0;
}

static int rd_i32(rd_t *d, int32_t *v) {
    return kr_i32(&d->r, v) < 0 ? rd_fail(d, "truncated input") : 0;
}

static int rd_i64(rd_t *d, int64_t *v) {
    return kr_i64(&d->r, v) < 0 ? rd_fail(d, "truncated input") : 0;
}

static int rd_string(rd_t *d, char **out) {
    size_t start = d->r.pos;
    if (kr_string(&d->r, out) < 0)
        return rd_fail(d, "truncated or null STRING");
    /* The C side holds NUL-terminated names; an embedded NUL would silently
     * rename the connector. */
    if (strlen(*out) != d->r.pos - start - 2) {
        free(*out);
        *out = NULL;
        return rd_fail(d, "NUL byte inside STRING");
    }
    return 0;
}

static void rd_error(const rd_t *d, char *err, size_t errlen) {
    if (err && errlen)
        snprintf(err, errlen, "connect protocol: %s at byte %zu of %zu",
                 d->why ? d->why : "malformed input", d->r.pos, d->r.len);
}

/* A (nullable) ARRAY of ConnectorAssignment appended to *list; null reads as
 * empty. Counts are checked against the bytes left before anything is
 * allocated, so hostile counts cannot drive huge allocations. */
static int rd_work_list(rd_t *d, connect_work_t **list, size_t *n) {
    int32_t groups;
    /* Smallest entry: STRING "" (2) + empty task array (4). */
    if (kr_array_len(&d->r, true, 6, &groups) < 0)
        return rd_fail(d, "bad ConnectorAssignment count");
    for (int32_t g = 0; g < groups; g++) {
        char *name = NULL;
        int32_t n_tasks;
        if (rd_string(d, &name) < 0)
            return -1;
        if (kr_array_len(&d->r, false, 4, &n_tasks) < 0) {
            free(name);
            return rd_fail(d, "bad task count");
        }
        for (int32_t t = 0; t < n_tasks; t++) {
            int32_t task = 0;
            (void)rd_i32(d, &task); /* cannot run out: the count was checked */
            if (task < -1) {
                free(name);
                return rd_fail(d, "negative task id");
            }
            connect_work_list_add(list, n, name, task);
        }
        free(name);
    }
    return 0;
}

/* The v1 layout, which is also what a v0 buffer is up to its last field;
 * fields after config_offset may be missing entirely (defaults: empty lists,
 * delay 0), as Kafka's schemas tolerate. A field cut in the middle is an
 * error. Bytes after the last known field are ignored (a newer version's). */
static int rd_assignment_body(rd_t *d, connect_assignment_t *a) {
    if (rd_i16(d, &a->version) < 0)
        return -1;
    if (a->version < 0)
        return rd_fail(d, "unsupported version");
    if (rd_i16(d, &a->error) < 0 || rd_string(d, &a->leader) < 0 ||
        rd_string(d, &a->leader_url) < 0 || rd_i64(d, &a->config_offset) < 0)
        return -1;
    if (kr_remaining(&d->r) && rd_work_list(d, &a->assigned, &a->n_assigned) < 0)
        return -1;
    if (kr_remaining(&d->r) && rd_work_list(d, &a->revoked, &a->n_revoked) < 0)
        return -1;
    if (kr_remaining(&d->r) && rd_i32(d, &a->delay_ms) < 0)
        return -1;
    return 0;
}

int connect_assignment_decode(const uint8_t *buf, size_t len, connect_assignment_t *out,
                              char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    rd_t d = {.why = NULL};
    kr_init(&d.r, buf, buf ? len : 0);
    if (rd_assignment_body(&d, out) < 0) {
        rd_error(&d, err, errlen);
        connect_assignment_clear(out);
        return -1;
    }
    return 0;
}

int connect_metadata_decode(const uint8_t *buf, size_t len, connect_member_metadata_t *out,
                            char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    rd_t d = {.why = NULL};
    kr_init(&d.r, buf, buf ? len : 0);
    if (rd_i16(&d, &out->version) < 0)
        goto fail;
    if (out->version < 0) {
        rd_fail(&d, "unsupported version");
        goto fail;
    }
    if (rd_string(&d, &out->url) < 0 || rd_i64(&d, &out->config_offset) < 0)
        goto fail;
    if (out->version >= 1 && kr_remaining(&d.r)) {
        const uint8_t *blob;
        size_t blob_len;
        if (kr_nullable_bytes(&d.r, &blob, &blob_len) < 0) {
            rd_fail(&d, "bad allocation length");
            goto fail;
        }
        if (blob) {
            out->allocation = xcalloc(1, sizeof *out->allocation);
            rd_t inner = {.why = NULL};
            kr_init(&inner.r, blob, blob_len);
            if (rd_assignment_body(&inner, out->allocation) < 0) {
                d.why = inner.why;
                goto fail;
            }
        }
    }
    return 0;
fail:
    rd_error(&d, err, errlen);
    connect_metadata_clear(out);
    return -1;
}

void connect_assignment_clear(connect_assignment_t *a) {
    if (!a)
        return;
    free(a->leader);
    free(a->leader_url);
    connect_work_list_free(a->assigned, a->n_assigned);
    connect_work_list_free(a->revoked, a->n_revoked);
    memset(a, 0, sizeof *a);
}

void connect_metadata_clear(connect_member_metadata_t *m) {
    if (!m)
        return;
    free(m->url);
    if (m->allocation) {
        connect_assignment_clear(m->allocation);
        free(m->allocation);
    }
    memset(m, 0, sizeof *m);
}

/* ---- work lists -------------------------------------------------------------- */

void connect_work_list_add(connect_work_t **list, size_t *n, const char *connector, int32_t task) {
    /* One realloc per item keeps the list a plain (pointer, count) pair
     * that callers may also build themselves; lists are short-lived and
     * realloc grows in place most of the time. */
    *list = xrealloc(*list, (*n + 1) * sizeof **list);
    (*list)[*n].connector = xstrdup(connector ? connector : "");
    (*list)[*n].task = task;
    (*n)++;
}

void connect_work_list_free(connect_work_t *list, size_t n) {
    for (size_t i = 0; i < n; i++)
        free(list[i].connector);
    free(list);
}

bool connect_work_list_contains(const connect_work_t *list, size_t n, const char *connector,
                                int32_t task) {
    for (size_t i = 0; i < n; i++)
        if (list[i].task == task && list[i].connector && connector &&
            strcmp(list[i].connector, connector) == 0)
            return true;
    return false;
}
