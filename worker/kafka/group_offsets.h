/*
 * A sink connector's offsets are its consumer group's committed offsets
 * (KIP-875): list, alter and delete them through the admin API, as the Java
 * worker does for GET/PATCH/DELETE /connectors/{c}/offsets.
 */
#ifndef CONNECTD_KAFKA_GROUP_OFFSETS_H
#define CONNECTD_KAFKA_GROUP_OFFSETS_H

#include <connectd/config.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct group_offset {
    char *topic;
    int32_t partition;
    int64_t offset;
    bool reset; /* in an alter request: delete this partition's offset */
} group_offset_t;

void group_offsets_free(group_offset_t *offsets, size_t n);

/* Committed offsets of `group`, sorted by topic then partition; an
 * unknown group has none. */
int group_offsets_list(const char *bootstrap, const cd_props_t *worker, const char *group,
                       group_offset_t **out, size_t *n, char *err, size_t errlen);
/* Commit the offsets and delete the ones marked reset. The group
 * must have no active members (the connector is stopped). */
int group_offsets_alter(const char *bootstrap, const cd_props_t *worker, const char *group,
                        const group_offset_t *offsets, size_t n, char *err, size_t errlen);
/* Delete the whole group (DELETE offsets of a sink); absent is fine. */
int group_offsets_delete_group(const char *bootstrap, const cd_props_t *worker, const char *group,
                               char *err, size_t errlen);

#endif
