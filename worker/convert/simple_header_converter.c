/*
 * org.apache.kafka.connect.storage.SimpleHeaderConverter, Kafka's default
 * header converter: writes Values.convertToString(schema, value) as UTF-8
 * and reads headers back with Values.parseString, inferring a schema
 * (values_text.h has both). It has no settings.
 *
 * Where Kafka's parsing fails unexpectedly (in practice: nesting deep
 * enough to overflow the JVM stack) it logs a warning and keeps the raw
 * bytes with a BYTES schema; we do the same. We also keep the bytes of a
 * header that is not valid UTF-8, where Java would decode it with U+FFFD
 * replacement characters and parse that text.
 */
#include <stdbool.h>
#include <stddef.h>

#include "util/utf8.h"
#include "convert/converters.h"
#include "convert/values_text.h"
#include "log/log.h"
#include "version.h"

#define LOGGER "org.apache.kafka.connect.storage.SimpleHeaderConverter"

/* Kafka's ConfigDef for this class is empty. */
static const cd_config_def_t simple_header_config_defs[] = {{.name = NULL}};

/* No state: a non-NULL marker so callers can tell configure ran. */
static int simple_header_state;

static int simple_header_configure(void **state, const cd_config_t *config, bool is_key,
                                   cd_error_t *err) {
    (void)config, (void)is_key, (void)err;
    *state = &simple_header_state;
    return 0;
}

static void simple_header_destroy(void *state) { (void)state; }

static int simple_header_from_connect(void *state, const char *topic, const cd_schema_t *schema,
                                      const cd_value_t *value, cd_buf_t *out, cd_error_t *err) {
    (void)state, (void)topic, (void)err;
    if (!value) {
        cd_buf_set_null(out);
        return 0;
    }
    values_append_string(out, schema, value);
    return 0;
}

static int simple_header_to_connect(void *state, const char *topic, const void *data, size_t len,
                                    cd_arena_t *arena, const cd_schema_t **schema,
                                    const cd_value_t **value, cd_error_t *err) {
    (void)state, (void)err;
    *schema = NULL;
    *value = NULL;
    if (!data) return 0;
    if (utf8_valid(data, len) && values_parse_string(arena, data, len, schema, value) == 0)
        return 0;
    LOG_WARN(LOGGER, "Failed to deserialize value for header on topic '%s', so using byte array",
             topic ? topic : "");
    *schema = cd_schema_primitive(CD_TYPE_BYTES, false);
    *value = cd_value_bytes(arena, data, len);
    return 0;
}

static const cd_converter_ops_t simple_header_ops = {
    CD_DESCRIPTOR_HEADER(cd_converter_ops_t),
    .configure = simple_header_configure,
    .from_connect = simple_header_from_connect,
    .to_connect = simple_header_to_connect,
    .destroy = simple_header_destroy,
};

static const char *const simple_header_aliases[] = {"SimpleHeaderConverter", NULL};

const cd_plugin_desc_t convert_simple_header_converter = {
    CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
    .type = CD_PLUGIN_HEADER_CONVERTER,
    .name = SIMPLE_HEADER_CONVERTER_CLASS,
    .aliases = simple_header_aliases,
    .version = CONNECTD_KAFKA_COMPAT_VERSION,
    .documentation = "Writes header values as text and reads them back with an inferred schema.",
    .config_defs = simple_header_config_defs,
    .ops = &simple_header_ops,
};
