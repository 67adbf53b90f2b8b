/* The built-in converter descriptors, one per class and role (Kafka lists
 * each converter class as a converter and as a header converter, and the
 * SimpleHeaderConverter as a header converter only). */
#ifndef CONNECTD_CONVERT_CONVERTERS_H
#define CONNECTD_CONVERT_CONVERTERS_H

#include <connectd/plugin.h>

#define JSON_CONVERTER_CLASS "org.apache.kafka.connect.json.JsonConverter"
#define STRING_CONVERTER_CLASS "org.apache.kafka.connect.storage.StringConverter"
#define BYTEARRAY_CONVERTER_CLASS "org.apache.kafka.connect.converters.ByteArrayConverter"
#define SIMPLE_HEADER_CONVERTER_CLASS "org.apache.kafka.connect.storage.SimpleHeaderConverter"

extern const cd_plugin_desc_t convert_json_converter;
extern const cd_plugin_desc_t convert_json_header_converter;
extern const cd_plugin_desc_t convert_string_converter;
extern const cd_plugin_desc_t convert_string_header_converter;
extern const cd_plugin_desc_t convert_bytearray_converter;
extern const cd_plugin_desc_t convert_bytearray_header_converter;
/* A header converter only, as in Kafka. */
extern const cd_plugin_desc_t convert_simple_header_converter;

#endif
