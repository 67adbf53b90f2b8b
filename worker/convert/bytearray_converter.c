/* org.apache.kafka.connect.converters.ByteArrayConverter: bytes pass
 * through untouched in both directions. */
#include "convert/converter_config.h"
#include "convert/converters.h"
#include "data/data_util.h"
#include "util/buf.h"
#include "version.h"

static const cd_config_def_t bytearray_config_defs[] = {
    CONVERTER_TYPE_DEF,
    {.name = NULL},
};

static int bytearray_state;

/* Kafka's ByteArrayConverter ignores its configuration entirely. */
static int bytearray_configure(void **state, const cd_config_t *config, bool is_key,
                               cd_error_t *err) {
    (void)config, (void)is_key, (void)err;
    *state = &bytearray_state;
    return 0;
}

static void bytearray_destroy(void *state) { (void)state; }

static int bytearray_from_connect(void *state, const char *topic, const cd_schema_t *schema,
                                  const cd_value_t *value, cd_buf_t *out, cd_error_t *err) {
    (void)state, (void)topic;
    if (schema && schema->type != CD_TYPE_BYTES)
        return cd_error_set(err, CD_ERR_DATA, "Invalid schema type for ByteArrayConverter: %s",
                            data_type_java_name(schema->type));
    if (value && value->type != CD_TYPE_BYTES)
        return cd_error_set(err, CD_ERR_DATA,
                            "ByteArrayConverter is not compatible with objects of type %s",
                            data_value_java_class(value));
    if (!value) {
        cd_buf_set_null(out);
        return 0;
    }
    cd_buf_append(out, value->u.bytes.data, value->u.bytes.len);
    return 0;
}

static int bytearray_to_connect(void *state, const char *topic, const void *data, size_t len,
                                cd_arena_t *arena, const cd_schema_t **schema,
                                const cd_value_t **value, cd_error_t *err) {
    (void)state, (void)topic, (void)err;
    *schema = cd_schema_primitive(CD_TYPE_BYTES, true);
    *value = data ? cd_value_bytes(arena, data, len) : NULL;
    return 0;
}

static const cd_converter_ops_t bytearray_ops = {
    CD_DESCRIPTOR_HEADER(cd_converter_ops_t),
    .configure = bytearray_configure,
    .from_connect = bytearray_from_connect,
    .to_connect = bytearray_to_connect,
    .destroy = bytearray_destroy,
};

static const char *const bytearray_aliases[] = {"ByteArrayConverter", NULL};

#define BYTEARRAY_DOC "Passes raw bytes through unchanged."

const cd_plugin_desc_t convert_bytearray_converter = {
    CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
    .type = CD_PLUGIN_CONVERTER,
    .name = BYTEARRAY_CONVERTER_CLASS,
    .aliases = bytearray_aliases,
    .version = CONNECTD_KAFKA_COMPAT_VERSION,
    .documentation = BYTEARRAY_DOC,
    .config_defs = bytearray_config_defs,
    .ops = &bytearray_ops,
};

const cd_plugin_desc_t convert_bytearray_header_converter = {
    CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
    .type = CD_PLUGIN_HEADER_CONVERTER,
    .name = BYTEARRAY_CONVERTER_CLASS,
    .aliases = bytearray_aliases,
    .version = CONNECTD_KAFKA_COMPAT_VERSION,
    .documentation = BYTEARRAY_DOC,
    .config_defs = bytearray_config_defs,
    .ops = &bytearray_ops,
};
