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
void transform_chain_destroy(transform_chain_t *chain);
bool transform_chain_empty(const transform_chain_t *chain);

/* Run the chain. *out is the final record or NULL when a transform dropped
 * it. On error, *failed_class names the transform that failed. */
int transform_chain_apply(transform_chain_t *chain, const cd_record_t *in, cd_arena_t *arena,
                          const cd_record_t **out, const char **failed_class, cd_error_t *err);

#endif
