/* Source offsets commit only behind a fully acknowledged prefix. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/source_offsets.h"
#include "store/offset_store.h"

static char path[64];
static offset_store_t *store;

static void setup(void) {
    snprintf(path, sizeof path, "/tmp/connectd-so-%d", (int)getpid());
    unlink(path);
    char err[256];
    store = offset_store_file_new(path, err, sizeof err);
}

static void teardown(void) {
    offset_store_destroy(store);
    unlink(path);
}

/* A batch of records for file f with positions from..from+n-1. */
static inflight_batch_t *batch_of(source_offsets_t *so, const char *f, int from, int n) {
    inflight_batch_t *b = source_offsets_begin_batch(so, 100);
    cd_source_batch_t *sb = inflight_batch_records(b);
    cd_arena_t *a = cd_source_batch_arena(sb);
    for (int i = 0; i < n; i++) {
        cd_record_t *r = cd_source_batch_add(sb);
        cd_value_t *p = cd_value_map_new(a, 1);
        cd_value_map_put_str(a, p, "filename", cd_value_cstring(a, f));
        cd_value_t *o = cd_value_map_new(a, 1);
        cd_value_map_put_str(a, o, "position", cd_value_int(a, CD_TYPE_INT64, from + i));
        r->source_partition = p;
        r->source_offset = o;
    }
    inflight_batch_prepare_acks(b);
    return b;
}

static char *stored(const char *key) {
    char *v = NULL;
    offset_store_get(store, key, &v);
    return v;
}

#define KEY_A "[\"conn\",{\"filename\":\"a\"}]"
#define KEY_B "[\"conn\",{\"filename\":\"b\"}]"

START_TEST(unacknowledged_record_blocks_later_offsets) {
    source_offsets_t *so = source_offsets_new("conn");
    inflight_batch_t *b1 = batch_of(so, "a", 1, 3);
    inflight_batch_t *b2 = batch_of(so, "a", 4, 2);
    source_offsets_submit(so, b1);
    source_offsets_submit(so, b2);
    ck_assert_uint_eq(source_offsets_inflight(so), 5);
    /* Acks out of order: 1, 3, 4, 5 but not 2. */
    *inflight_batch_ack_slot(b1, 0) = ACK_OK;
    *inflight_batch_ack_slot(b1, 2) = ACK_OK;
    *inflight_batch_ack_slot(b2, 0) = ACK_OK;
    *inflight_batch_ack_slot(b2, 1) = ACK_OK;
    ck_assert_uint_eq(source_offsets_advance(so, NULL, NULL), 1);
    size_t n;
    char err[256];
    ck_assert_int_eq(source_offsets_commit(so, store, &n, err, sizeof err), 0);
    ck_assert_uint_eq(n, 1);
    char *v = stored(KEY_A);
    ck_assert_str_eq(v, "{\"position\":1}");
    free(v);
    /* Now 2 arrives: everything becomes committable. */
    *inflight_batch_ack_slot(b1, 1) = ACK_OK;
    ck_assert_uint_eq(source_offsets_advance(so, NULL, NULL), 4);
    ck_assert_uint_eq(source_offsets_inflight(so), 0);
    ck_assert_int_eq(source_offsets_commit(so, store, &n, err, sizeof err), 0);
    v = stored(KEY_A);
    ck_assert_str_eq(v, "{\"position\":5}");
    free(v);
    /* Nothing changed: nothing written. */
    ck_assert_int_eq(source_offsets_commit(so, store, &n, err, sizeof err), 0);
    ck_assert_uint_eq(n, 0);
    source_offsets_destroy(so);
}
END_TEST

static int acked_calls;
static void count_acks(void *arg, const cd_record_t *r, bool ok) {
    (void)arg, (void)r;
    if (ok) acked_calls++;
}

START_TEST(partitions_are_tracked_separately_and_failed_sends_still_pass) {
    source_offsets_t *so = source_offsets_new("conn");
    inflight_batch_t *b1 = batch_of(so, "a", 10, 2);
    source_offsets_submit(so, b1);
    inflight_batch_t *b2 = batch_of(so, "b", 20, 2);
    source_offsets_submit(so, b2);
    *inflight_batch_ack_slot(b1, 0) = ACK_OK;
    *inflight_batch_ack_slot(b1, 1) = ACK_FAILED; /* tolerated failure */
    *inflight_batch_ack_slot(b2, 0) = ACK_OK;
    acked_calls = 0;
    ck_assert_uint_eq(source_offsets_advance(so, count_acks, NULL), 3);
    ck_assert_int_eq(acked_calls, 2);
    size_t n;
    char err[256];
    ck_assert_int_eq(source_offsets_commit(so, store, &n, err, sizeof err), 0);
    ck_assert_uint_eq(n, 2);
    char *va = stored(KEY_A), *vb = stored(KEY_B);
    ck_assert_str_eq(va, "{\"position\":11}");
    ck_assert_str_eq(vb, "{\"position\":20}");
    free(va);
    free(vb);
    source_offsets_destroy(so); /* with b2 still in flight: no leak */
}
END_TEST

START_TEST(empty_batches_are_recycled) {
    source_offsets_t *so = source_offsets_new("conn");
    for (int i = 0; i < 1000; i++) source_offsets_submit(so, source_offsets_begin_batch(so, 10));
    ck_assert_uint_eq(source_offsets_inflight(so), 0);
    source_offsets_destroy(so);
}
END_TEST

Suite *suite_source_offsets(void);
Suite *suite_source_offsets(void) {
    Suite *s = suite_create("source_offsets");
    TCase *tc = tcase_create("commit");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, unacknowledged_record_blocks_later_offsets);
    tcase_add_test(tc, partitions_are_tracked_separately_and_failed_sends_still_pass);
    tcase_add_test(tc, empty_batches_are_recycled);
    suite_add_tcase(s, tc);
    return s;
}
