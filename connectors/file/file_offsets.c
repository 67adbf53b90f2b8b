/*
 * KIP-875 offset changes for the file connectors, with the checks of
 * Kafka's FileStreamSourceConnector.alterOffsets: a source partition names
 * its file, an offset is null or a non-negative byte position. The sink
 * keeps no offsets of its own, so anything goes.
 */
#include "file.h"

int file_source_alter_offsets(const cd_config_t *config, const cd_value_t *const *partitions,
                              const cd_value_t *const *offsets, size_t n, bool *external,
                              cd_error_t *err) {
    const char *file = cd_config_string(config, FILE_CONFIG_FILE);
    if (!file || !*file)
        return cd_error_set(err, CD_ERR_CONFIG,
                            "Offsets cannot be modified if the '" FILE_CONFIG_FILE
                            "' configuration is unspecified. This is because stdin is used for "
                            "input and offsets are not tracked.");
    for (size_t i = 0; i < n; i++) {
        if (!offsets[i]) continue; /* tombstones clean up anything, as in Kafka */
        const cd_value_t *pos = cd_value_map_get(offsets[i], FILE_POSITION_FIELD);
        if (!pos)
            return cd_error_set(err, CD_ERR_DATA,
                                "Offset objects should either be null or contain the key '"
                                FILE_POSITION_FIELD "'");
        if (pos->type != CD_TYPE_INT64 && pos->type != CD_TYPE_INT32)
            return cd_error_set(err, CD_ERR_DATA,
                                "The value for the '" FILE_POSITION_FIELD
                                "' key in the offset is expected to be a Long value");
        if (pos->u.i < 0)
            return cd_error_set(err, CD_ERR_DATA,
                                "The value for the '" FILE_POSITION_FIELD
                                "' key in the offset should be a non-negative value");
        if (!partitions[i]) return cd_error_set(err, CD_ERR_DATA, "Partition objects cannot be null");
        if (!cd_value_map_get(partitions[i], FILE_FILENAME_FIELD))
            return cd_error_set(err, CD_ERR_DATA,
                                "Partition objects should contain the key '" FILE_FILENAME_FIELD
                                "'");
    }
    (void)external; /* the file position is all the state there is */
    return CD_OK;
}

int file_sink_alter_offsets(const cd_config_t *config, const cd_value_t *const *partitions,
                            const cd_value_t *const *offsets, size_t n, bool *external,
                              cd_error_t *err) {
    (void)config;
    (void)partitions;
    (void)offsets;
    (void)n;
    (void)external;
    (void)err;
    return CD_OK;
}
