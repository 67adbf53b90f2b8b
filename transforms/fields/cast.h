/* Cast: what cast.c and cast_value.c share. */
#ifndef CONNECTD_TRANSFORMS_FIELDS_CAST_H
#define CONNECTD_TRANSFORMS_FIELDS_CAST_H

#include "fields.h"

/* Cast.castValueToType: v (with its schema, or NULL when schemaless) as
 * target, allocated in arena; NULL stays NULL. DataException with Kafka's
 * messages when the input type is not castable or a string does not parse. */
int cast_value(cd_arena_t *arena, const cd_schema_t *schema, const cd_value_t *v, cd_type_t target,
               const cd_value_t **out, cd_error_t *err);

#endif
