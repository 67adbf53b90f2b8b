/*
 * The single-message transform chain of a connector: `transforms=a,b`,
 * `transforms.a.type=...`, `transforms.a.predicate=p`, `transforms.a.negate`,
 * `predicates=p`, `predicates.p.type=...`, with each plugin configured from
 * its prefixed keys. It runs after a source task's poll and before the
 * converters, and after the converters before a sink task's put.
 * Owned by one task thread.
 */
#ifndef CONNECTD_RUNTIME_TRANSFORM_CHAIN_H
#define CONNECTD_RUNTIME_TRANSFORM_CHAIN_H

#include <connectd/plugin.h>

#include "plugin/registry.h"

typedef struct transform_chain transform_chain_t;

/* NULL with err filled (naming the key) when the config is wrong. An empty
 * chain is valid and costs nothing per record. */
transform_chain_t *transform_chain_new(const plugin_registry_t *reg, const cd_props_t *config,
                                       cd_error_t *err);
/* The same; on failure `where` also gets the prefix of the transform or
 * predicate whose config is wrong ("transforms.a", "predicates.p"), or ""
 * when the lists themselves are, since plugins name only their own keys
 * ("spec"). */
transform_chain_t *transform_chain_new_at(const plugin_registry_t *reg, const cd_props_t *config,
                                          char *where, size_t wherelen, cd_error_t *err);
void transform_chain_destroy(transform_chain_t *chain);
bool transform_chain_empty(const transform_chain_t *chain);

/* Run the chain. *out is the final record or NULL when a transform dropped
 * it. On error, *failed_class names the transform that failed. */
int transform_chain_apply(transform_chain_t *chain, const cd_record_t *in, cd_arena_t *arena,
                          const cd_record_t **out, const char **failed_class, cd_error_t *err);

/* ---- stage by stage, for tools that show what each step does (the
 * transforms preview); the worker itself uses transform_chain_apply. ---- */

size_t transform_chain_size(const transform_chain_t *chain); /* number of steps */

typedef struct transform_chain_step_info {
    const char *alias;           /* "a" of transforms=a (borrowed from the chain) */
    const char *class_name;      /* the transform plugin's canonical name */
    const char *predicate;       /* the predicate's alias, NULL when none */
    const char *predicate_class; /* its plugin's canonical name, NULL when none */
    bool negate;
} transform_chain_step_info_t;

/* Step i (< transform_chain_size) as configured. */
void transform_chain_step_info(const transform_chain_t *chain, size_t i,
                               transform_chain_step_info_t *out);

typedef struct transform_step_result {
    bool predicate_matched; /* the predicate's own answer (false without one) */
    bool applied;           /* the transform ran: no predicate, or matched != negate */
} transform_step_result_t;

/* Run step i alone on `in`, exactly as transform_chain_apply would: *out is
 * `in` when the predicate skipped the step, NULL when the step dropped it.
 * On error err is filled and its code returned (the step's class_name is
 * the failing class). */
int transform_chain_apply_step(transform_chain_t *chain, size_t i, const cd_record_t *in,
                               cd_arena_t *arena, const cd_record_t **out,
                               transform_step_result_t *res, cd_error_t *err);

#endif
