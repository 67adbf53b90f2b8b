/*
 * Kafka's primitive converters: ShortConverter, IntegerConverter,
 * LongConverter, FloatConverter, DoubleConverter (NumberConverter) and
 * BooleanConverter. Bytes are what Kafka's Serializers write: big-endian
 * two's complement integers of 2/4/8 bytes, IEEE-754 floats of 4/8 bytes
 * (raw bits), one byte 0x01/0x00 for booleans; null stays null both ways.
 *
 * Like Kafka, NumberConverter ignores the schema and only accepts a value
 * of exactly its Java class (an Integer for IntegerConverter, not a Long);
 * reading back always yields the optional schema of the type, also for
 * null. Error messages are Kafka's DataException messages (their cause,
 * e.g. "Size of data received by IntegerDeserializer is not 4", goes to
 * the debug log).
 */
#include "convert/number_converters.h"

#include <stdint.h>
#include <string.h>

#include "convert/converter_config.h"
#include "data/data_util.h"
#include "log/log.h"
#include "version.h"

#define NUMBER_LOGGER "org.apache.kafka.connect.converters.NumberConverter"

/* NumberConverterConfig and BooleanConverterConfig: converter.type only. */
static const cd_config_def_t number_config_defs[] = {
    CONVERTER_TYPE_DEF,
    {.name = NULL},
};

/* One converter class: its value type, width and Kafka's names. The
 * descriptor's ops get the kind as their state. */
typedef struct number_kind {
    const char *class_name;
    const char *type_name;     /* NumberConverter's typeName: "integer" */
    const char *deserializer;  /* for the debug log: "IntegerDeserializer" */
    cd_type_t type;
    size_t width;
} number_kind_t;

static const number_kind_t KIND_SHORT = {SHORT_CONVERTER_CLASS, "short", "ShortDeserializer",
                                         CD_TYPE_INT16, 2};
static const number_kind_t KIND_INTEGER = {INTEGER_CONVERTER_CLASS, "integer",
                                           "IntegerDeserializer", CD_TYPE_INT32, 4};
static const number_kind_t KIND_LONG = {LONG_CONVERTER_CLASS, "long", "LongDeserializer",
                                        CD_TYPE_INT64, 8};
static const number_kind_t KIND_FLOAT = {FLOAT_CONVERTER_CLASS, "float", "Deserializer",
                                         CD_TYPE_FLOAT32, 4};
static const number_kind_t KIND_DOUBLE = {DOUBLE_CONVERTER_CLASS, "double", "Deserializer",
                                          CD_TYPE_FLOAT64, 8};

static void put_be(uint8_t *out, uint64_t bits, size_t width) {
    for (size_t i = 0; i < width; i++) out[i] = (uint8_t)(bits >> (8 * (width - 1 - i)));
}

static uint64_t get_be(const uint8_t *in, size_t width) {
    uint64_t v = 0;
    for (size_t i = 0; i < width; i++) v = (v << 8) | in[i];
    return v;
}

/* The raw IEEE-754 bits, as Float.floatToRawIntBits / doubleToRawLongBits. */
static uint64_t float_bits(const cd_value_t *v, size_t width) {
    if (width == 4) {
        float f = (float)v->u.f;
        uint32_t b;
        memcpy(&b, &f, sizeof b);
        return b;
    }
    uint64_t b;
    memcpy(&b, &v->u.f, sizeof b);
    return b;
}

/* No state: a non-NULL marker so callers can tell configure ran. */
static int number_state;

static int number_configure(void **state, const cd_config_t *config, bool is_key,
                            cd_error_t *err) {
    (void)is_key;
    if (convert_cfg_check_type(config, err)) return CD_ERR_CONFIG;
    *state = &number_state;
    return 0;
}

static void number_destroy(void *state) { (void)state; }

static int number_from_connect(const number_kind_t *k, const cd_value_t *value, cd_buf_t *out,
                               cd_error_t *err) {
    if (!value) {
        cd_buf_set_null(out);
        return 0;
    }
    if (value->type != k->type)
        return cd_error_set(err, CD_ERR_DATA, "Failed to serialize to %s (was %s): ",
                            k->type_name, data_value_java_class(value));
    uint8_t bytes[8];
    uint64_t bits = k->type == CD_TYPE_FLOAT32 || k->type == CD_TYPE_FLOAT64
                        ? float_bits(value, k->width)
                        : (uint64_t)value->u.i;
    put_be(bytes, bits, k->width);
    cd_buf_append(out, bytes, k->width);
    return 0;
}

static int number_to_connect(const number_kind_t *k, const void *data, size_t len,
                             cd_arena_t *arena, const cd_schema_t **schema,
                             const cd_value_t **value, cd_error_t *err) {
    *schema = cd_schema_primitive(k->type, true);
    *value = NULL;
    if (!data) return 0;
    if (len != k->width) {
        LOG_DEBUG(NUMBER_LOGGER, "%s: size of data received by %s is not %zu", k->class_name,
                  k->deserializer, k->width);
        *schema = NULL;
        return cd_error_set(err, CD_ERR_DATA, "Failed to deserialize %s: ", k->type_name);
    }
    uint64_t bits = get_be(data, len);
    switch (k->type) {
    case CD_TYPE_INT16: *value = cd_value_int(arena, k->type, (int16_t)bits); break;
    case CD_TYPE_INT32: *value = cd_value_int(arena, k->type, (int32_t)bits); break;
    case CD_TYPE_INT64: *value = cd_value_int(arena, k->type, (int64_t)bits); break;
    case CD_TYPE_FLOAT32: {
        uint32_t b = (uint32_t)bits;
        float f;
        memcpy(&f, &b, sizeof f);
        *value = cd_value_float(arena, k->type, f);
        break;
    }
    default: {
        double d;
        memcpy(&d, &bits, sizeof d);
        *value = cd_value_float(arena, k->type, d);
        break;
    }
    }
    return 0;
}

/* BooleanConverter checks the schema first, unlike NumberConverter. */
static int boolean_from_connect(const cd_schema_t *schema, const cd_value_t *value, cd_buf_t *out,
                                cd_error_t *err) {
    if (schema && schema->type != CD_TYPE_BOOLEAN)
        return cd_error_set(err, CD_ERR_DATA, "Invalid schema type for BooleanConverter: %s",
                            data_type_java_name(schema->type));
    if (!value) {
        cd_buf_set_null(out);
        return 0;
    }
    if (value->type != CD_TYPE_BOOLEAN)
        return cd_error_set(err, CD_ERR_DATA,
                            "BooleanConverter is not compatible with objects of type %s",
                            data_value_java_class(value));
    uint8_t b = value->u.b ? 0x01 : 0x00;
    cd_buf_append(out, &b, 1);
    return 0;
}

static int boolean_to_connect(const void *data, size_t len, cd_arena_t *arena,
                              const cd_schema_t **schema, const cd_value_t **value,
                              cd_error_t *err) {
    *schema = cd_schema_primitive(CD_TYPE_BOOLEAN, true);
    *value = NULL;
    if (!data) return 0;
    const uint8_t *b = data;
    if (len != 1 || (b[0] != 0x00 && b[0] != 0x01)) {
        if (len != 1)
            LOG_DEBUG(BOOLEAN_CONVERTER_CLASS,
                      "Size of data received by BooleanDeserializer is not 1");
        else
            LOG_DEBUG(BOOLEAN_CONVERTER_CLASS,
                      "Unexpected byte received by BooleanDeserializer: %d", (int)(int8_t)b[0]);
        *schema = NULL;
        return cd_error_set(err, CD_ERR_DATA, "Failed to deserialize boolean: ");
    }
    *value = cd_value_bool(arena, b[0] == 0x01);
    return 0;
}

/* One pair of from/to functions per class: the ABI hands converters no
 * descriptor, and the state is the plugin's own. */
#define NUMBER_OPS(lower, kind)                                                               \
    static int lower##_from(void *state, const char *topic, const cd_schema_t *schema,        \
                            const cd_value_t *value, cd_buf_t *out, cd_error_t *err) {        \
        (void)state, (void)topic, (void)schema;                                               \
        return number_from_connect(&kind, value, out, err);                                   \
    }                                                                                         \
    static int lower##_to(void *state, const char *topic, const void *data, size_t len,       \
                          cd_arena_t *arena, const cd_schema_t **schema,                      \
                          const cd_value_t **value, cd_error_t *err) {                        \
        (void)state, (void)topic;                                                             \
        return number_to_connect(&kind, data, len, arena, schema, value, err);                \
    }

NUMBER_OPS(short, KIND_SHORT)
NUMBER_OPS(integer, KIND_INTEGER)
NUMBER_OPS(long, KIND_LONG)
NUMBER_OPS(float, KIND_FLOAT)
NUMBER_OPS(double, KIND_DOUBLE)

static int boolean_from(void *state, const char *topic, const cd_schema_t *schema,
                        const cd_value_t *value, cd_buf_t *out, cd_error_t *err) {
    (void)state, (void)topic;
    return boolean_from_connect(schema, value, out, err);
}

static int boolean_to(void *state, const char *topic, const void *data, size_t len,
                      cd_arena_t *arena, const cd_schema_t **schema, const cd_value_t **value,
                      cd_error_t *err) {
    (void)state, (void)topic;
    return boolean_to_connect(data, len, arena, schema, value, err);
}

#define NUMBER_DESCRIPTORS(lower, cls, alias, doc)                                            \
    static const cd_converter_ops_t lower##_ops = {                                           \
        CD_DESCRIPTOR_HEADER(cd_converter_ops_t),                                             \
        .configure = number_configure,                                                        \
        .from_connect = lower##_from,                                                         \
        .to_connect = lower##_to,                                                             \
        .destroy = number_destroy,                                                            \
    };                                                                                        \
    static const char *const lower##_aliases[] = {alias, NULL};                               \
    const cd_plugin_desc_t convert_##lower##_converter = {                                    \
        CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),                                               \
        .type = CD_PLUGIN_CONVERTER,                                                          \
        .name = cls,                                                                          \
        .aliases = lower##_aliases,                                                           \
        .version = CONNECTD_KAFKA_COMPAT_VERSION,                                             \
        .documentation = doc,                                                                 \
        .config_defs = number_config_defs,                                                    \
        .ops = &lower##_ops,                                                                  \
    };                                                                                        \
    const cd_plugin_desc_t convert_##lower##_header_converter = {                             \
        CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),                                               \
        .type = CD_PLUGIN_HEADER_CONVERTER,                                                   \
        .name = cls,                                                                          \
        .aliases = lower##_aliases,                                                           \
        .version = CONNECTD_KAFKA_COMPAT_VERSION,                                             \
        .documentation = doc,                                                                 \
        .config_defs = number_config_defs,                                                    \
        .ops = &lower##_ops,                                                                  \
    };

NUMBER_DESCRIPTORS(short, SHORT_CONVERTER_CLASS, "ShortConverter",
                   "Reads and writes 16-bit integers as 2 big-endian bytes.")
NUMBER_DESCRIPTORS(integer, INTEGER_CONVERTER_CLASS, "IntegerConverter",
                   "Reads and writes 32-bit integers as 4 big-endian bytes.")
NUMBER_DESCRIPTORS(long, LONG_CONVERTER_CLASS, "LongConverter",
                   "Reads and writes 64-bit integers as 8 big-endian bytes.")
NUMBER_DESCRIPTORS(float, FLOAT_CONVERTER_CLASS, "FloatConverter",
                   "Reads and writes 32-bit IEEE-754 floats as 4 big-endian bytes.")
NUMBER_DESCRIPTORS(double, DOUBLE_CONVERTER_CLASS, "DoubleConverter",
                   "Reads and writes 64-bit IEEE-754 doubles as 8 big-endian bytes.")
NUMBER_DESCRIPTORS(boolean, BOOLEAN_CONVERTER_CLASS, "BooleanConverter",
                   "Reads and writes booleans as one byte, 0x01 or 0x00.")
