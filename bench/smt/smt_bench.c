/*
 * Single-message transforms on the hot path: records per second through a
 * chain of five transforms, with schemas (Struct values) and without (Map
 * values), the way a source task runs them: records of a batch are
 * transformed into the batch's arena, and the arena is reset between
 * batches.
 *
 *   make bench-smt                      (1M records, batches of 1000)
 *   build/release/bench/smt_bench [records] [batch]
 *
 * The chain:
 *   InsertField$Value   static.field=dc, topic.field=src_topic
 *   ReplaceField$Value  exclude=secret, renames=id:user_id
 *   Cast$Value          spec=amount:float64
 *   TimestampRouter     ${topic}-${timestamp}, yyyyMMdd
 *   Filter              predicate=isDebug (HasHeaderKey debug): drops 1 in 10
 * and a "regex variant" (schemaless) where RegexRouter replaces
 * TimestampRouter and the predicate is TopicNameMatches (negated: keeps all),
 * so that both PCRE2 users run on every record.
 *
 * Besides the rate it counts calls to malloc, calloc and realloc made while
 * the chain runs (this program replaces them with counting wrappers around
 * glibc's, exported so that the dlopen()ed plugins call them too). Anything
 * above the arena's own chunk allocations is a per-record allocation.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "data/arena.h"
#include "plugin/registry.h"
#include "runtime/transform_chain.h"

/* ---- counting allocator ------------------------------------------------ */

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static uint64_t n_allocs; /* single-threaded: the bench runs on one thread */
static int counting;

void *malloc(size_t n);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t n);
void free(void *p);

void *malloc(size_t n) {
    n_allocs += counting;
    return __libc_malloc(n);
}
void *calloc(size_t n, size_t size) {
    n_allocs += counting;
    return __libc_calloc(n, size);
}
void *realloc(void *p, size_t n) {
    n_allocs += counting;
    return __libc_realloc(p, n);
}
void free(void *p) { __libc_free(p); }

/* ---- the chain and the records ------------------------------------------ */

#define PKG "org.apache.kafka.connect.transforms."

static transform_chain_t *make_chain(const plugin_registry_t *reg, bool regex) {
    static const char *const kv[] = {
        "transforms", "insert,replace,cast,route,drop",
        "transforms.insert.type", PKG "InsertField$Value",
        "transforms.insert.static.field", "dc",
        "transforms.insert.static.value", "eu-west-1",
        "transforms.insert.topic.field", "src_topic",
        "transforms.replace.type", PKG "ReplaceField$Value",
        "transforms.replace.exclude", "secret",
        "transforms.replace.renames", "id:user_id",
        "transforms.cast.type", PKG "Cast$Value",
        "transforms.cast.spec", "amount:float64",
        "transforms.route.type", PKG "TimestampRouter",
        "transforms.route.topic.format", "${topic}-${timestamp}",
        "transforms.route.timestamp.format", "yyyyMMdd",
        "transforms.drop.type", PKG "Filter",
        "transforms.drop.predicate", "isDebug",
        "predicates", "isDebug",
        "predicates.isDebug.type", PKG "predicates.HasHeaderKey",
        "predicates.isDebug.name", "debug",
    };
    cd_props_t *p = cd_props_new();
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i += 2) cd_props_set(p, kv[i], kv[i + 1]);
    if (regex) {
        /* The regex variant: RegexRouter routes, and Filter drops by a
         * TopicNameMatches predicate (every record: all of them match), so
         * the two PCRE2 users run on every record. */
        cd_props_set(p, "transforms.route.type", PKG "RegexRouter");
        cd_props_set(p, "transforms.route.regex", "(ord)ers");
        cd_props_set(p, "transforms.route.replacement", "$1-v2");
        cd_props_remove(p, "transforms.route.topic.format");
        cd_props_remove(p, "transforms.route.timestamp.format");
        cd_props_set(p, "transforms.drop.negate", "true");
        cd_props_set(p, "predicates.isDebug.type", PKG "predicates.TopicNameMatches");
        cd_props_remove(p, "predicates.isDebug.name");
        cd_props_set(p, "predicates.isDebug.pattern", "ord-v\\d+");
    }
    cd_error_t err;
    cd_error_clear(&err);
    transform_chain_t *c = transform_chain_new(reg, p, &err);
    cd_props_destroy(p);
    if (!c) fprintf(stderr, "smt_bench: chain: %s\n", err.message);
    return c;
}

/* `n` distinct input records, built once (a connector's poll() is not what
 * is measured). */
static const cd_record_t **make_records(cd_arena_t *a, size_t n, bool with_schema) {
    cd_schema_t *s = cd_schema_new(a, CD_TYPE_STRUCT);
    s->name = "bench.Order";
    cd_schema_add_field(a, s, "id", cd_schema_primitive(CD_TYPE_INT64, false));
    cd_schema_add_field(a, s, "name", cd_schema_primitive(CD_TYPE_STRING, false));
    cd_schema_add_field(a, s, "amount", cd_schema_primitive(CD_TYPE_INT32, true));
    cd_schema_add_field(a, s, "secret", cd_schema_primitive(CD_TYPE_STRING, true));
    const cd_record_t **out = cd_arena_alloc(a, n * sizeof *out);
    const cd_value_t *debug = cd_value_bool(a, true);
    for (size_t i = 0; i < n; i++) {
        cd_record_t *r = cd_record_new(a);
        r->topic = "orders";
        r->timestamp = 1700000000000 + (int64_t)i * 1000;
        const cd_value_t *id = cd_value_int(a, CD_TYPE_INT64, (int64_t)i);
        const cd_value_t *name = cd_value_cstring(a, cd_arena_sprintf(a, "customer-%zu", i % 997));
        const cd_value_t *amount = cd_value_int(a, CD_TYPE_INT32, (int64_t)(i % 10000));
        const cd_value_t *secret = cd_value_cstring(a, "hunter2");
        if (with_schema) {
            cd_value_t *v = cd_value_struct_new(a, s);
            cd_value_struct_put(v, "id", id);
            cd_value_struct_put(v, "name", name);
            cd_value_struct_put(v, "amount", amount);
            cd_value_struct_put(v, "secret", secret);
            r->value_schema = s;
            r->value = v;
        } else {
            cd_value_t *m = cd_value_map_new(a, 4);
            cd_value_map_put_str(a, m, "id", id);
            cd_value_map_put_str(a, m, "name", name);
            cd_value_map_put_str(a, m, "amount", amount);
            cd_value_map_put_str(a, m, "secret", secret);
            r->value = m;
        }
        if (i % 10 == 9) cd_record_add_header(a, r, "debug", NULL, debug);
        out[i] = r;
    }
    return out;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct run_result {
    double seconds;
    size_t kept, dropped;
    uint64_t allocs;       /* during the measured run */
    uint64_t arena_chunks; /* the arena's own chunk allocations among them */
} run_result_t;

/* Records through the chain in batches; the input set is cycled. */
static int run(transform_chain_t *chain, const cd_record_t **in, size_t n_in, size_t total,
               size_t batch, run_result_t *res) {
    cd_arena_t *arena = cd_arena_new(0); /* as a source task's batch arena */
    memset(res, 0, sizeof *res);
    cd_error_t err;
    cd_error_clear(&err);
    n_allocs = 0;
    counting = 1;
    double t0 = now_s();
    for (size_t done = 0; done < total;) {
        cd_arena_reset(arena);
        size_t end = done + batch < total ? done + batch : total;
        for (; done < end; done++) {
            const cd_record_t *out = NULL;
            const char *cls = NULL;
            if (transform_chain_apply(chain, in[done % n_in], arena, &out, &cls, &err) != 0) {
                counting = 0;
                fprintf(stderr, "smt_bench: %s: %s\n", cls, err.message);
                cd_arena_destroy(arena);
                return -1;
            }
            if (out) res->kept++;
            else res->dropped++;
        }
        /* A full batch's chunks: what reset will free and the next batch
         * allocate again (the arena keeps one chunk). */
        arena_stats_t st;
        arena_stats(arena, &st);
        res->arena_chunks += st.chunks ? st.chunks - 1 : 0;
    }
    res->seconds = now_s() - t0;
    counting = 0;
    res->allocs = n_allocs;
    cd_arena_destroy(arena);
    return 0;
}

static int bench(const plugin_registry_t *reg, bool with_schema, bool regex, size_t total,
                 size_t batch) {
    transform_chain_t *chain = make_chain(reg, regex);
    if (!chain) return -1;
    cd_arena_t *input = cd_arena_new(0);
    size_t n_in = 10000;
    const cd_record_t **in = make_records(input, n_in, with_schema);
    run_result_t warm, res;
    /* Warm-up: fills the transforms' schema caches (built once per schema,
     * outside the batch arena) and the arena's first chunk. */
    int rc = run(chain, in, n_in, batch, batch, &warm);
    if (rc == 0) rc = run(chain, in, n_in, total, batch, &res);
    if (rc == 0) {
        const char *what = regex         ? "regex variant"
                           : with_schema ? "schema (Struct)"
                                         : "schemaless (Map)";
        printf("%-17s %8.0f records/s  %7.1f ns/record  kept %zu dropped %zu  "
               "mallocs %llu (%.3f/record; arena chunks %llu)\n",
               what, (double)total / res.seconds, res.seconds * 1e9 / (double)total, res.kept,
               res.dropped, (unsigned long long)res.allocs, (double)res.allocs / (double)total,
               (unsigned long long)res.arena_chunks);
    }
    cd_arena_destroy(input);
    transform_chain_destroy(chain);
    return rc;
}

int main(int argc, char **argv) {
    size_t total = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
    size_t batch = argc > 2 ? strtoull(argv[2], NULL, 10) : 1000;
    if (!total || !batch) {
        fprintf(stderr, "usage: smt_bench [records] [batch]\n");
        return 2;
    }
    plugin_registry_t *reg = plugin_registry_new();
    const char *dir = getenv("CONNECTD_PLUGIN_DIR");
    plugin_registry_load_path(reg, dir ? dir : "plugins");
    printf("%zu records in batches of %zu through InsertField, ReplaceField, Cast, "
           "TimestampRouter, Filter (HasHeaderKey)\n",
           total, batch);
    int rc = bench(reg, true, false, total, batch) || bench(reg, false, false, total, batch) ||
             bench(reg, false, true, total, batch);
    plugin_registry_destroy(reg);
    return rc ? 1 : 0;
}
