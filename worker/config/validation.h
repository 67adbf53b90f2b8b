/*
 * Validation beyond the definition tables of config_def.h, for documents
 * built at run time (Kafka's ConnectorConfig.enrich: a transform's keys
 * embedded under transforms.<alias>., class names resolved through the
 * plugin registry, recommenders). Implemented in validation.c next to the
 * rest of cd_validation_t.
 */
#ifndef CONNECTD_CONFIG_VALIDATION_H
#define CONNECTD_CONFIG_VALIDATION_H

#include "config/config_def.h"

/* One definition with an explicit order_in_group. d must stay valid as
 * long as v (see validation_keep). */
void config_validate_key(const cd_config_def_t *d, int order, const cd_props_t *props,
                         cd_validation_t *v);
/* Hand malloc'd memory (definitions built for this validation, their
 * strings) to v, which frees it when destroyed. Returns p. */
/* The same for a key embedded under a prefix (ConfigDef.embed): d->name is
 * the full key, but its validators word their messages with the name
 * after the first prefix_len bytes, as Kafka's embedded validators do.
 * Missing-key and parse errors name the full key. */
void config_validate_embedded(const cd_config_def_t *d, int order, size_t prefix_len,
                              const cd_props_t *props, cd_validation_t *v);
void *validation_keep(cd_validation_t *v, void *p);
/* Replace a key's value.value (a class alias shown by its canonical name,
 * or NULL when the class is unknown); no-op for an unknown key. */
void validation_set_value(cd_validation_t *v, const char *key, const char *value);
/* Kafka's value.recommended_values of a key (copied); no-op for an
 * unknown key. */
void validation_set_recommended(cd_validation_t *v, const char *key, const char *const *values,
                                size_t n);
size_t validation_entry_recommended_count(const validation_entry_t *e);
const char *validation_entry_recommended(const validation_entry_t *e, size_t i);

#endif
