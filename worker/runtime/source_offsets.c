#include "runtime/source_offsets.h"

#include <stdlib.h>
#include <string.h>

#include "convert/json_codec.h"
#include "util/buf.h"
#include "util/mem.h"

struct inflight_batch {
    cd_arena_t *arena;
    cd_source_batch_t batch;
    unsigned char *acks;
    size_t acks_cap;
    size_t next; /* first record not yet passed by advance() */
    inflight_batch_t *link;
};

typedef struct pending_offset {
    char *key;                      /* ["connector",{partition}] */
    char *value;                    /* last materialised offset JSON */
    const cd_value_t *partition_ref; /* into the batch being walked, or NULL */
    const cd_value_t *offset_ref;    /* newer than value, not yet serialised */
    bool dirty;                     /* changed since the last commit */
} pending_offset_t;

struct source_offsets {
    char *connector;
    inflight_batch_t *head, *tail; /* submitted, in poll order */
    inflight_batch_t *free_list;
    size_t inflight;
    pending_offset_t *pending;
    size_t n_pending, cap_pending;
    size_t last_hit; /* index of the entry the previous record used */
};

source_offsets_t *source_offsets_new(const char *connector) {
    source_offsets_t *so = xcalloc(1, sizeof *so);
    so->connector = xstrdup(connector);
    return so;
}

static void batch_free(inflight_batch_t *b) {
    cd_arena_destroy(b->arena);
    source_batch_fini(&b->batch);
    free(b->acks);
    free(b);
}

void source_offsets_destroy(source_offsets_t *so) {
    if (!so) return;
    for (inflight_batch_t *b = so->head, *n; b; b = n) {
        n = b->link;
        batch_free(b);
    }
    for (inflight_batch_t *b = so->free_list, *n; b; b = n) {
        n = b->link;
        batch_free(b);
    }
    for (size_t i = 0; i < so->n_pending; i++) {
        free(so->pending[i].key);
        free(so->pending[i].value);
    }
    free(so->pending);
    free(so->connector);
    free(so);
}

inflight_batch_t *source_offsets_begin_batch(source_offsets_t *so, size_t limit) {
    inflight_batch_t *b = so->free_list;
    if (b) {
        so->free_list = b->link;
        cd_arena_reset(b->arena);
        source_batch_clear(&b->batch, limit);
    } else {
        b = xcalloc(1, sizeof *b);
        b->arena = cd_arena_new(0);
        source_batch_init(&b->batch, b->arena, limit);
    }
    b->next = 0;
    b->link = NULL;
    return b;
}

cd_source_batch_t *inflight_batch_records(inflight_batch_t *b) { return &b->batch; }

void inflight_batch_prepare_acks(inflight_batch_t *b) {
    if (b->acks_cap < b->batch.n) {
        b->acks_cap = b->batch.n;
        b->acks = xrealloc(b->acks, b->acks_cap);
    }
    if (b->batch.n) memset(b->acks, ACK_PENDING, b->batch.n);
}

unsigned char *inflight_batch_ack_slot(inflight_batch_t *b, size_t i) { return &b->acks[i]; }

static void recycle(source_offsets_t *so, inflight_batch_t *b) {
    b->link = so->free_list;
    so->free_list = b;
}

void source_offsets_submit(source_offsets_t *so, inflight_batch_t *b) {
    if (b->batch.n == 0) {
        recycle(so, b);
        return;
    }
    b->link = NULL;
    if (so->tail)
        so->tail->link = b;
    else
        so->head = b;
    so->tail = b;
    so->inflight += b->batch.n;
}

size_t source_offsets_inflight(const source_offsets_t *so) { return so->inflight; }

static pending_offset_t *pending_for(source_offsets_t *so, const cd_value_t *partition) {
    /* Most records share the previous record's partition: check it first. */
    if (so->last_hit < so->n_pending) {
        pending_offset_t *p = &so->pending[so->last_hit];
        if (p->partition_ref &&
            (p->partition_ref == partition || cd_value_equals(p->partition_ref, partition)))
            return p;
    }
    for (size_t i = 0; i < so->n_pending; i++) {
        pending_offset_t *p = &so->pending[i];
        if (p->partition_ref && cd_value_equals(p->partition_ref, partition)) {
            so->last_hit = i;
            return p;
        }
    }
    char *key = source_offset_key(so->connector, partition);
    for (size_t i = 0; i < so->n_pending; i++) {
        if (strcmp(so->pending[i].key, key) == 0) {
            free(key);
            so->last_hit = i;
            so->pending[i].partition_ref = partition;
            return &so->pending[i];
        }
    }
    if (so->n_pending == so->cap_pending) {
        so->cap_pending = so->cap_pending ? so->cap_pending * 2 : 8;
        so->pending = xrealloc(so->pending, so->cap_pending * sizeof *so->pending);
    }
    so->last_hit = so->n_pending;
    pending_offset_t *p = &so->pending[so->n_pending++];
    memset(p, 0, sizeof *p);
    p->key = key;
    p->partition_ref = partition;
    return p;
}

/* Serialise offsets still pointing into a batch, before it goes away. */
static void materialise(source_offsets_t *so, bool forget_refs) {
    buf_t b;
    buf_init(&b);
    for (size_t i = 0; i < so->n_pending; i++) {
        pending_offset_t *p = &so->pending[i];
        if (p->offset_ref) {
            buf_reset(&b);
            json_codec_write(&b, p->offset_ref);
            free(p->value);
            p->value = xstrdup(b.data);
            p->offset_ref = NULL;
        }
        if (forget_refs) p->partition_ref = NULL;
    }
    buf_free(&b);
}

size_t source_offsets_advance(source_offsets_t *so,
                              void (*on_ack)(void *arg, const cd_record_t *r, bool ok), void *arg) {
    size_t passed = 0;
    while (so->head) {
        inflight_batch_t *b = so->head;
        while (b->next < b->batch.n && b->acks[b->next] != ACK_PENDING) {
            const cd_record_t *r = b->batch.records[b->next];
            bool ok = b->acks[b->next] == ACK_OK;
            if (on_ack) on_ack(arg, r, ok);
            if (r->source_partition) {
                pending_offset_t *p = pending_for(so, r->source_partition);
                p->offset_ref = r->source_offset; /* NULL offset = tombstone */
                if (!r->source_offset) {
                    free(p->value);
                    p->value = NULL;
                }
                p->dirty = true;
            }
            b->next++;
            passed++;
        }
        if (b->next < b->batch.n) break; /* blocked on an unacknowledged record */
        materialise(so, true);
        so->head = b->link;
        if (!so->head) so->tail = NULL;
        so->inflight -= b->batch.n;
        recycle(so, b);
    }
    return passed;
}

int source_offsets_commit(source_offsets_t *so, offset_store_t *store, size_t *committed,
                          char *err, size_t errlen) {
    materialise(so, false);
    *committed = 0;
    offset_entry_t *entries = NULL;
    size_t n = 0;
    for (size_t i = 0; i < so->n_pending; i++) {
        if (!so->pending[i].dirty) continue;
        entries = xrealloc(entries, (n + 1) * sizeof *entries);
        entries[n++] = (offset_entry_t){so->pending[i].key, so->pending[i].value};
    }
    int rc = 0;
    if (n) {
        rc = offset_store_put(store, entries, n, err, errlen);
        if (rc == 0) {
            for (size_t i = 0; i < so->n_pending; i++) so->pending[i].dirty = false;
            *committed = n;
        }
    }
    free(entries);
    return rc;
}
