/*
 * Deterministic inputs for the robustness suites (test_robustness_*.c):
 * valid seeds, mutated by an xorshift generator with fixed seeds (bit
 * flips, truncation, duplication, splicing of fragments, deep nesting).
 * Header-only because the Makefile compiles only tests/unit/test_*.c;
 * every helper is static inline so files that skip some stay warning-free.
 */
#ifndef CD_TESTS_UNIT_ROBUSTNESS_INPUTS_H
#define CD_TESTS_UNIT_ROBUSTNESS_INPUTS_H

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/mem.h"

/* ck_assert_msg records a checkpoint on every call; a plain test keeps
 * millions of checks cheap and only reports failures. */
#define REQUIRE(cond, ...)                          \
    do {                                            \
        if (!(cond)) ck_abort_msg(__VA_ARGS__);     \
    } while (0)

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_INPUT (64u * 1024u)

/* ---- inputs: xorshift generator and mutations ----------------------- */

typedef struct rng {
    uint64_t s;
} rng_t;

static inline uint64_t rng_next(rng_t *r) {
    uint64_t x = r->s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return r->s = x;
}

static inline size_t rng_below(rng_t *r, size_t n) { return n ? (size_t)(rng_next(r) % n) : 0; }

typedef struct input {
    uint8_t *d;
    size_t n, cap;
} input_t;

static inline void in_insert(input_t *in, size_t at, const void *src, size_t len) {
    if (in->n + len > MAX_INPUT) len = MAX_INPUT - in->n;
    if (!len) return;
    if (in->n + len + 1 > in->cap) {
        in->cap = (in->n + len + 1) * 2;
        in->d = xrealloc(in->d, in->cap);
    }
    memmove(in->d + at + len, in->d + at, in->n - at);
    memcpy(in->d + at, src, len);
    in->n += len;
}

static inline void in_set(input_t *in, const void *src, size_t len) {
    in->n = 0;
    in_insert(in, 0, src, len);
    if (!in->d) in->d = xcalloc(1, 1);
}

/* What a target's inputs are made of: whole valid seeds and fragments
 * worth splicing in. */
typedef struct corpus {
    const char *const *seeds;
    size_t n_seeds;
    const char *const *dict;
    size_t n_dict;
} corpus_t;

static const uint8_t interesting[] = {0x00, 0x01, '\\', '"', '{', '}', '[', ']', ':', ',',
                                      '\n', '\r', ' ', '\t', '=', '%', '$', 0x7f, 0x80, 0xbf,
                                      0xc3, 0xe2, 0xed, 0xf0, 0xf4, 0xff, '0', '9', '-', '.'};

static inline void mutate_once(rng_t *r, input_t *in, const corpus_t *c) {
    size_t pos = rng_below(r, in->n + 1);
    switch (rng_below(r, 9)) {
    case 0: /* bit flip */
        if (in->n) in->d[rng_below(r, in->n)] ^= (uint8_t)(1u << rng_below(r, 8));
        break;
    case 1: /* one interesting byte, replaced or inserted */
        if (in->n && rng_below(r, 2))
            in->d[rng_below(r, in->n)] = interesting[rng_below(r, sizeof interesting)];
        else
            in_insert(in, pos, &interesting[rng_below(r, sizeof interesting)], 1);
        break;
    case 2: { /* delete a range */
        size_t len = rng_below(r, in->n - (pos < in->n ? pos : in->n) + 1);
        memmove(in->d + pos, in->d + pos + len, in->n - pos - len);
        in->n -= len;
        break;
    }
    case 3: /* truncate */
        in->n = pos < in->n ? pos : in->n;
        break;
    case 4: { /* duplicate a range somewhere */
        if (!in->n) break;
        size_t from = rng_below(r, in->n), len = 1 + rng_below(r, in->n - from);
        uint8_t *copy = xmalloc(len);
        memcpy(copy, in->d + from, len);
        in_insert(in, rng_below(r, in->n + 1), copy, len);
        free(copy);
        break;
    }
    case 5:
    case 6: { /* a dictionary fragment */
        const char *f = c->dict[rng_below(r, c->n_dict)];
        in_insert(in, pos, f, strlen(f));
        break;
    }
    case 7: { /* splice: our prefix, another seed's suffix */
        const char *s = c->seeds[rng_below(r, c->n_seeds)];
        size_t sl = strlen(s), cut = rng_below(r, sl + 1);
        in->n = pos < in->n ? pos : in->n;
        in_insert(in, in->n, s + cut, sl - cut);
        break;
    }
    default: { /* a fragment repeated: deep nesting, long runs */
        const char *f = c->dict[rng_below(r, c->n_dict)];
        size_t times = 1 + rng_below(r, rng_below(r, 4) ? 40 : 3000);
        for (size_t i = 0; i < times && in->n < MAX_INPUT; i++) in_insert(in, pos, f, strlen(f));
        break;
    }
    }
}

/* The next input: a seed mutated one to six times, or random bytes. */
static inline void next_input(rng_t *r, input_t *in, const corpus_t *c) {
    if (rng_below(r, 16) == 0) {
        uint8_t tmp[64];
        size_t n = rng_below(r, sizeof tmp + 1);
        for (size_t i = 0; i < n; i++) tmp[i] = (uint8_t)rng_next(r);
        in_set(in, tmp, n);
        return;
    }
    const char *s = c->seeds[rng_below(r, c->n_seeds)];
    in_set(in, s, strlen(s));
    for (size_t k = 1 + rng_below(r, 6); k > 0; k--) mutate_once(r, in, c);
}

static inline char *repeat(const char *unit, size_t times, const char *tail) {
    buf_t b;
    buf_init(&b);
    for (size_t i = 0; i < times; i++) buf_append_str(&b, unit);
    buf_append_str(&b, tail);
    return buf_steal(&b);
}

#define CORPUS(seeds, dict) {seeds, N_ELEMS(seeds), dict, N_ELEMS(dict)}

/* Inputs per target: enough to cover every mutation many times over,
 * small enough for a few seconds under ASan. */
#ifndef ROBUST_ITERATIONS
#define ROBUST_ITERATIONS 2000
#endif

#endif
