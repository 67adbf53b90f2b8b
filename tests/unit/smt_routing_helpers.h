/*
 * Shared by the connectd-routing.so suites (test_smt_routers.c,
 * test_smt_headers.c, test_smt_timestamp_converter.c): the registry
 * fixture, chains built from "key=value" strings as a connector config
 * would, and record runners that check the outcome. Header-only (the
 * Makefile compiles only test_*.c), each including file gets its own
 * fixture state; helpers are static inline so a file that skips some
 * stays warning-free.
 */
#ifndef CD_TESTS_UNIT_SMT_ROUTING_HELPERS_H
#define CD_TESTS_UNIT_SMT_ROUTING_HELPERS_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/transform_chain.h"

#define PKG "org.apache.kafka.connect.transforms."

static plugin_registry_t *reg;
static cd_arena_t *A;

static inline void setup(void) {
    const char *dir = getenv("CONNECTD_PLUGIN_DIR");
    reg = plugin_registry_new();
    plugin_registry_load_path(reg, dir ? dir : "plugins");
    A = cd_arena_new(0);
}

static inline void teardown(void) {
    plugin_registry_destroy(reg);
    cd_arena_destroy(A);
}

/* A chain from "key=value" strings (NULL-terminated). */
static inline transform_chain_t *chain_kv(const char *const *kv, cd_error_t *err) {
    cd_props_t *p = cd_props_new();
    for (; *kv; kv++) {
        const char *eq = strchr(*kv, '=');
        char *k = strndup(*kv, (size_t)(eq - *kv));
        cd_props_set(p, k, eq + 1);
        free(k);
    }
    cd_error_clear(err);
    transform_chain_t *c = transform_chain_new(reg, p, err);
    cd_props_destroy(p);
    return c;
}

/* One transform "t" of type cls with its own keys ("k=v", NULL-terminated). */
static inline transform_chain_t *xform(const char *cls, const char *const *kv, cd_error_t *err) {
    const char *all[32] = {"transforms=t"};
    size_t n = 1;
    all[n++] = cd_arena_sprintf(A, "transforms.t.type=%s", cls);
    for (; kv && *kv && n < 31; kv++) all[n++] = cd_arena_sprintf(A, "transforms.t.%s", *kv);
    all[n] = NULL;
    return chain_kv(all, err);
}

#define KV(...) ((const char *const[]){__VA_ARGS__, NULL})

static inline void expect_config_error(const char *cls, const char *const *kv, const char *msg) {
    cd_error_t err;
    transform_chain_t *c = xform(cls, kv, &err);
    ck_assert_msg(c == NULL, "%s accepted a bad config (%s)", cls, msg);
    ck_assert_int_eq(err.code, CD_ERR_CONFIG);
    ck_assert_str_eq(err.message, msg);
}

static inline cd_record_t *rec(const char *topic) {
    cd_record_t *r = cd_record_new(A);
    r->topic = topic;
    r->partition = 0;
    r->timestamp = 1483425001864LL; /* 2017-01-03T06:30:01.864Z, a Tuesday */
    return r;
}

static inline const cd_record_t *run(transform_chain_t *c, const cd_record_t *in) {
    const cd_record_t *out = NULL;
    const char *cls = NULL;
    cd_error_t err;
    cd_error_clear(&err);
    int rc = transform_chain_apply(c, in, A, &out, &cls, &err);
    ck_assert_msg(rc == 0, "apply failed: %s", err.message);
    return out;
}

static inline void run_fails(transform_chain_t *c, const cd_record_t *in, const char *exception,
                      const char *msg) {
    const cd_record_t *out = NULL;
    const char *cls = NULL;
    cd_error_t err;
    cd_error_clear(&err);
    ck_assert_int_eq(transform_chain_apply(c, in, A, &out, &cls, &err), CD_ERR_DATA);
    ck_assert_str_eq(err.exception_class, exception);
    ck_assert_str_eq(err.message, msg);
}

#define DATA_EX "org.apache.kafka.connect.errors.DataException"

#endif
