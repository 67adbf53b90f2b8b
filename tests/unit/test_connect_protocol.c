/* Connect group-protocol payloads: metadata and assignments, v0/v1/v2. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/connect_protocol.h"

/* Reference §6.2's example: v1 assignment of connector c and task c-0 from
 * leader w1 (http://a:8083/) at config offset 5, nothing revoked, no delay. */
static const char SPEC_HEX[] = "0001 0000 0002 7731 000e 687474703a2f2f613a383038332f 0000000000000005"
                               "00000001 0001 63 00000002 ffffffff 00000000   00000000   00000000";

static size_t unhex(const char *hex, uint8_t *out, size_t cap) {
    size_t n = 0;
    int hi = -1;
    for (const char *p = hex; *p; p++) {
        int v;
        if (*p >= '0' && *p <= '9')
            v = *p - '0';
        else if (*p >= 'a' && *p <= 'f')
            v = *p - 'a' + 10;
        else
            continue;
        if (hi < 0) {
            hi = v;
        } else {
            ck_assert_uint_lt(n, cap);
            out[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    return n;
}

static connect_assignment_t make_assignment(int16_t version) {
    connect_assignment_t a = {0};
    a.version = version;
    a.leader = strdup("w1");
    a.leader_url = strdup("http://a:8083/");
    a.config_offset = 5;
    return a;
}

static void assert_work(const connect_work_t *w, const char *c, int32_t t) {
    ck_assert_str_eq(w->connector, c);
    ck_assert_int_eq(w->task, t);
}

START_TEST(test_spec_hex_example) {
    connect_assignment_t a = make_assignment(1);
    connect_work_list_add(&a.assigned, &a.n_assigned, "c", 0);
    connect_work_list_add(&a.assigned, &a.n_assigned, "c", -1); /* listed after: still goes first */
    uint8_t *buf = NULL;
    size_t len = 0;
    ck_assert_int_eq(connect_assignment_encode(&a, &buf, &len), 0);
    uint8_t want[128];
    size_t want_len = unhex(SPEC_HEX, want, sizeof want);
    ck_assert_uint_eq(want_len, 59);
    ck_assert_uint_eq(len, want_len);
    ck_assert_mem_eq(buf, want, want_len);
    free(buf);
    connect_assignment_clear(&a);

    char err[128] = "";
    connect_assignment_t d;
    ck_assert_int_eq(connect_assignment_decode(want, want_len, &d, err, sizeof err), 0);
    ck_assert_int_eq(d.version, 1);
    ck_assert_int_eq(d.error, CONNECT_ASSIGNMENT_NO_ERROR);
    ck_assert_str_eq(d.leader, "w1");
    ck_assert_str_eq(d.leader_url, "http://a:8083/");
    ck_assert_int_eq(d.config_offset, 5);
    ck_assert_uint_eq(d.n_assigned, 2);
    assert_work(&d.assigned[0], "c", -1);
    assert_work(&d.assigned[1], "c", 0);
    ck_assert_uint_eq(d.n_revoked, 0);
    ck_assert_int_eq(d.delay_ms, 0);
    connect_assignment_clear(&d);
}
END_TEST

static void roundtrip_assignment(const connect_assignment_t *a, connect_assignment_t *d) {
    uint8_t *buf = NULL;
    size_t len = 0;
    char err[128] = "";
    ck_assert_int_eq(connect_assignment_encode(a, &buf, &len), 0);
    ck_assert_msg(connect_assignment_decode(buf, len, d, err, sizeof err) == 0, "%s", err);
    free(buf);
}

START_TEST(test_assignment_roundtrip_versions) {
    for (int16_t v = 0; v <= 2; v++) {
        connect_assignment_t a = make_assignment(v);
        a.error = CONNECT_ASSIGNMENT_CONFIG_MISMATCH;
        a.config_offset = 1234567890123LL;
        connect_work_list_add(&a.assigned, &a.n_assigned, "my-sink-1", 2);
        connect_work_list_add(&a.assigned, &a.n_assigned, "other", 0);
        connect_work_list_add(&a.assigned, &a.n_assigned, "my-sink-1", -1);
        connect_work_list_add(&a.assigned, &a.n_assigned, "my-sink-1", 0);
        connect_work_list_add(&a.revoked, &a.n_revoked, "gone-conn", -1);
        connect_work_list_add(&a.revoked, &a.n_revoked, "gone-conn", 7);
        a.delay_ms = 3000;
        connect_assignment_t d;
        roundtrip_assignment(&a, &d);
        ck_assert_int_eq(d.version, v);
        ck_assert_int_eq(d.error, 1);
        ck_assert_int_eq(d.config_offset, 1234567890123LL);
        ck_assert_str_eq(d.leader, "w1");
        /* Grouped by connector in first-seen order, -1 first. */
        ck_assert_uint_eq(d.n_assigned, 4);
        assert_work(&d.assigned[0], "my-sink-1", -1);
        assert_work(&d.assigned[1], "my-sink-1", 2);
        assert_work(&d.assigned[2], "my-sink-1", 0);
        assert_work(&d.assigned[3], "other", 0);
        if (v == 0) {
            /* v0 has no revoked/delay fields. */
            ck_assert_uint_eq(d.n_revoked, 0);
            ck_assert_int_eq(d.delay_ms, 0);
        } else {
            ck_assert_uint_eq(d.n_revoked, 2);
            assert_work(&d.revoked[0], "gone-conn", -1);
            assert_work(&d.revoked[1], "gone-conn", 7);
            ck_assert_int_eq(d.delay_ms, 3000);
        }
        connect_assignment_clear(&d);
        connect_assignment_clear(&a);
    }
}
END_TEST

START_TEST(test_assignment_empty_lists) {
    connect_assignment_t a = make_assignment(2);
    uint8_t *buf = NULL;
    size_t len = 0;
    ck_assert_int_eq(connect_assignment_encode(&a, &buf, &len), 0);
    /* 2+2+4+16+8 header fields, then two empty arrays (count 0, not null)
     * and the delay. */
    ck_assert_uint_eq(len, 32 + 4 + 4 + 4);
    static const uint8_t tail[12] = {0};
    ck_assert_mem_eq(buf + 32, tail, 12);
    free(buf);
    connect_assignment_t d;
    roundtrip_assignment(&a, &d);
    ck_assert_int_eq(d.version, 2);
    ck_assert_uint_eq(d.n_assigned, 0);
    ck_assert_uint_eq(d.n_revoked, 0);
    connect_assignment_clear(&d);
    connect_assignment_clear(&a);
}
END_TEST

START_TEST(test_metadata_roundtrip) {
    char err[128] = "";
    /* v0: url + offset only, even if an allocation is set. */
    connect_member_metadata_t m = {0, strdup("http://10.0.0.5:8083/"), -1, NULL};
    uint8_t *buf = NULL;
    size_t len = 0;
    ck_assert_int_eq(connect_metadata_encode(&m, &buf, &len), 0);
    ck_assert_uint_eq(len, 2 + 2 + strlen("http://10.0.0.5:8083/") + 8);
    connect_member_metadata_t d;
    ck_assert_int_eq(connect_metadata_decode(buf, len, &d, err, sizeof err), 0);
    ck_assert_int_eq(d.version, 0);
    ck_assert_str_eq(d.url, "http://10.0.0.5:8083/");
    ck_assert_int_eq(d.config_offset, -1);
    ck_assert_ptr_null(d.allocation);
    connect_metadata_clear(&d);
    free(buf);

    /* v1, null allocation: NULLABLE_BYTES -1. */
    m.version = 1;
    m.config_offset = 42;
    ck_assert_int_eq(connect_metadata_encode(&m, &buf, &len), 0);
    ck_assert_uint_eq(len, 2 + 2 + strlen(m.url) + 8 + 4);
    ck_assert_mem_eq(buf + len - 4, "\xff\xff\xff\xff", 4);
    ck_assert_int_eq(connect_metadata_decode(buf, len, &d, err, sizeof err), 0);
    ck_assert_int_eq(d.version, 1);
    ck_assert_int_eq(d.config_offset, 42);
    ck_assert_ptr_null(d.allocation);
    connect_metadata_clear(&d);
    free(buf);

    /* v1 and v2 with an allocation: the blob carries the metadata's version. */
    for (int16_t v = 1; v <= 2; v++) {
        connect_assignment_t *alloc = calloc(1, sizeof *alloc);
        *alloc = make_assignment(1);
        connect_work_list_add(&alloc->assigned, &alloc->n_assigned, "file-source", -1);
        connect_work_list_add(&alloc->assigned, &alloc->n_assigned, "file-source", 0);
        connect_work_list_add(&alloc->assigned, &alloc->n_assigned, "s-3", 4);
        m.version = v;
        m.allocation = alloc;
        ck_assert_int_eq(connect_metadata_encode(&m, &buf, &len), 0);
        ck_assert_int_eq(connect_metadata_decode(buf, len, &d, err, sizeof err), 0);
        ck_assert_int_eq(d.version, v);
        ck_assert_ptr_nonnull(d.allocation);
        ck_assert_int_eq(d.allocation->version, v);
        ck_assert_str_eq(d.allocation->leader, "w1");
        ck_assert_uint_eq(d.allocation->n_assigned, 3);
        assert_work(&d.allocation->assigned[0], "file-source", -1);
        assert_work(&d.allocation->assigned[1], "file-source", 0);
        assert_work(&d.allocation->assigned[2], "s-3", 4);
        connect_metadata_clear(&d);
        free(buf);
        connect_assignment_clear(alloc);
        free(alloc);
        m.allocation = NULL;
    }
    free(m.url);
}
END_TEST

START_TEST(test_missing_trailing_fields) {
    char err[128] = "";
    connect_assignment_t a = make_assignment(1);
    connect_work_list_add(&a.assigned, &a.n_assigned, "c", -1);
    connect_work_list_add(&a.revoked, &a.n_revoked, "r", 1);
    a.delay_ms = 77;
    uint8_t *buf = NULL;
    size_t len = 0;
    ck_assert_int_eq(connect_assignment_encode(&a, &buf, &len), 0);
    size_t after_offset = 32, after_assigned = after_offset + 4 + 2 + 1 + 4 + 4;
    size_t after_revoked = after_assigned + 4 + 2 + 1 + 4 + 4;
    ck_assert_uint_eq(len, after_revoked + 4);

    connect_assignment_t d;
    ck_assert_int_eq(connect_assignment_decode(buf, after_offset, &d, err, sizeof err), 0);
    ck_assert_uint_eq(d.n_assigned, 0);
    ck_assert_uint_eq(d.n_revoked, 0);
    ck_assert_int_eq(d.delay_ms, 0);
    connect_assignment_clear(&d);
    ck_assert_int_eq(connect_assignment_decode(buf, after_assigned, &d, err, sizeof err), 0);
    ck_assert_uint_eq(d.n_assigned, 1);
    ck_assert_uint_eq(d.n_revoked, 0);
    connect_assignment_clear(&d);
    ck_assert_int_eq(connect_assignment_decode(buf, after_revoked, &d, err, sizeof err), 0);
    ck_assert_uint_eq(d.n_revoked, 1);
    assert_work(&d.revoked[0], "r", 1);
    ck_assert_int_eq(d.delay_ms, 0);
    connect_assignment_clear(&d);

    /* Every other cut is an error, never a crash. */
    for (size_t cut = 0; cut < len; cut++) {
        if (cut == after_offset || cut == after_assigned || cut == after_revoked)
            continue;
        err[0] = 0;
        ck_assert_msg(connect_assignment_decode(buf, cut, &d, err, sizeof err) == -1,
                      "cut at %zu accepted", cut);
        ck_assert_msg(err[0] != 0, "no error message at cut %zu", cut);
    }
    free(buf);

    /* A v1 metadata without the allocation field reads as no allocation;
     * any cut inside the allocation is an error. */
    connect_member_metadata_t m = {1, strdup("http://w:8083/"), 9, &a};
    ck_assert_int_eq(connect_metadata_encode(&m, &buf, &len), 0);
    size_t meta_base = 2 + 2 + strlen(m.url) + 8;
    connect_member_metadata_t md;
    for (size_t cut = 0; cut < len; cut++) {
        int rc = connect_metadata_decode(buf, cut, &md, err, sizeof err);
        if (cut == meta_base) {
            ck_assert_int_eq(rc, 0);
            ck_assert_ptr_null(md.allocation);
            ck_assert_int_eq(md.config_offset, 9);
            connect_metadata_clear(&md);
        } else {
            ck_assert_msg(rc == -1, "metadata cut at %zu accepted", cut);
        }
    }
    ck_assert_int_eq(connect_metadata_decode(buf, len, &md, err, sizeof err), 0);
    ck_assert_int_eq(md.allocation->delay_ms, 77);
    connect_metadata_clear(&md);
    free(buf);
    free(m.url);
    connect_assignment_clear(&a);
}
END_TEST

START_TEST(test_malformed_inputs) {
    char err[128];
    connect_assignment_t d;
    connect_member_metadata_t md;
    /* Negative version. */
    static const uint8_t neg_version[] = {0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    ck_assert_int_eq(connect_assignment_decode(neg_version, sizeof neg_version, &d, err, sizeof err), -1);
    ck_assert_int_eq(connect_metadata_decode(neg_version, sizeof neg_version, &md, err, sizeof err), -1);
    /* Null STRING (length -1) for the leader. */
    static const uint8_t null_leader[] = {0, 1, 0, 0, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    ck_assert_int_eq(connect_assignment_decode(null_leader, sizeof null_leader, &d, err, sizeof err), -1);
    /* NUL byte inside a STRING. */
    static const uint8_t nul_leader[] = {0, 1, 0, 0, 0, 2, 'a', 0, 0, 0,
                                         0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    ck_assert_int_eq(connect_assignment_decode(nul_leader, sizeof nul_leader, &d, err, sizeof err), -1);
    /* Hostile counts: 2^31-1 connector entries, task count larger than the
     * bytes left, and a task id below -1. */
    uint8_t base[64];
    size_t n = unhex("0001 0000 0000 0000 0000000000000000", base, sizeof base);
    uint8_t huge[64];
    memcpy(huge, base, n);
    memcpy(huge + n, "\x7f\xff\xff\xff", 4);
    ck_assert_int_eq(connect_assignment_decode(huge, n + 4, &d, err, sizeof err), -1);
    uint8_t many_tasks[64];
    memcpy(many_tasks, base, n);
    memcpy(many_tasks + n, "\x00\x00\x00\x01\x00\x01x\x00\x10\x00\x00\x00\x00\x00\x01", 15);
    ck_assert_int_eq(connect_assignment_decode(many_tasks, n + 15, &d, err, sizeof err), -1);
    uint8_t bad_task[64];
    memcpy(bad_task, base, n);
    memcpy(bad_task + n, "\x00\x00\x00\x01\x00\x01x\x00\x00\x00\x01\xff\xff\xff\xfe", 15);
    ck_assert_int_eq(connect_assignment_decode(bad_task, n + 15, &d, err, sizeof err), -1);
    bad_task[n + 14] = 0xff; /* -1 is the connector itself: accepted */
    ck_assert_int_eq(connect_assignment_decode(bad_task, n + 15, &d, err, sizeof err), 0);
    ck_assert_uint_eq(d.n_assigned, 1);
    assert_work(&d.assigned[0], "x", -1);
    connect_assignment_clear(&d);
    /* Allocation length beyond the buffer. */
    uint8_t meta[64];
    size_t mn = unhex("0001 0000 0000000000000000 00000100 0001", meta, sizeof meta);
    ck_assert_int_eq(connect_metadata_decode(meta, mn, &md, err, sizeof err), -1);
    ck_assert_int_eq(connect_metadata_decode(NULL, 0, &md, err, sizeof err), -1);

    /* Pseudo-random garbage of every length up to 300 bytes, and random
     * corruptions of a valid buffer: only 0 or -1, never a crash (ASan). */
    uint32_t seed = 12345;
    uint8_t junk[300];
    for (size_t len = 0; len <= sizeof junk; len++) {
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            junk[i] = (uint8_t)(seed >> 16);
        }
        if (len >= 2)
            junk[0] = 0, junk[1] = (uint8_t)(len % 3); /* plausible version */
        int rc = connect_assignment_decode(junk, len, &d, err, sizeof err);
        ck_assert(rc == 0 || rc == -1);
        if (rc == 0)
            connect_assignment_clear(&d);
        rc = connect_metadata_decode(junk, len, &md, err, sizeof err);
        ck_assert(rc == 0 || rc == -1);
        if (rc == 0)
            connect_metadata_clear(&md);
    }
    connect_assignment_t a = make_assignment(1);
    connect_work_list_add(&a.assigned, &a.n_assigned, "conn-a", -1);
    connect_work_list_add(&a.assigned, &a.n_assigned, "conn-a", 3);
    connect_work_list_add(&a.revoked, &a.n_revoked, "conn-b", 1);
    connect_member_metadata_t m = {2, strdup("http://w:8083/"), 3, &a};
    uint8_t *buf = NULL;
    size_t len = 0;
    ck_assert_int_eq(connect_metadata_encode(&m, &buf, &len), 0);
    for (int round = 0; round < 2000; round++) {
        uint8_t *copy = malloc(len);
        memcpy(copy, buf, len);
        for (int k = 0; k < 3; k++) {
            seed = seed * 1103515245u + 12345u;
            copy[(seed >> 8) % len] = (uint8_t)(seed >> 20);
        }
        int rc = connect_metadata_decode(copy, len, &md, err, sizeof err);
        ck_assert(rc == 0 || rc == -1);
        if (rc == 0)
            connect_metadata_clear(&md);
        free(copy);
    }
    free(buf);
    free(m.url);
    connect_assignment_clear(&a);
}
END_TEST

START_TEST(test_work_list_helpers) {
    connect_work_t *l = NULL;
    size_t n = 0;
    for (int i = 0; i < 100; i++)
        connect_work_list_add(&l, &n, i % 2 ? "odd-conn" : "even-conn", i);
    ck_assert_uint_eq(n, 100);
    ck_assert(connect_work_list_contains(l, n, "odd-conn", 99));
    ck_assert(!connect_work_list_contains(l, n, "odd-conn", 98));
    ck_assert(!connect_work_list_contains(l, n, "even-conn", -1));
    assert_work(&l[50], "even-conn", 50);
    connect_work_list_free(l, n);
    connect_work_list_free(NULL, 0);
    connect_assignment_clear(NULL);
    connect_metadata_clear(NULL);
}
END_TEST

Suite *suite_connect_protocol(void);
Suite *suite_connect_protocol(void) {
    Suite *s = suite_create("connect_protocol");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_spec_hex_example);
    tcase_add_test(tc, test_assignment_roundtrip_versions);
    tcase_add_test(tc, test_assignment_empty_lists);
    tcase_add_test(tc, test_metadata_roundtrip);
    tcase_add_test(tc, test_missing_trailing_fields);
    tcase_add_test(tc, test_malformed_inputs);
    tcase_add_test(tc, test_work_list_helpers);
    suite_add_tcase(s, tc);
    return s;
}
