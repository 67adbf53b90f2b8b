/* Kafka's org.apache.kafka.connect.converters.{Boolean,Double,Float,
 * Integer,Long,Short}Converter, each registered as a converter and as a
 * header converter (one class implements both in Kafka). */
#ifndef CONNECTD_CONVERT_NUMBER_CONVERTERS_H
#define CONNECTD_CONVERT_NUMBER_CONVERTERS_H

#include <connectd/plugin.h>

#define BOOLEAN_CONVERTER_CLASS "org.apache.kafka.connect.converters.BooleanConverter"
#define DOUBLE_CONVERTER_CLASS "org.apache.kafka.connect.converters.DoubleConverter"
#define FLOAT_CONVERTER_CLASS "org.apache.kafka.connect.converters.FloatConverter"
#define INTEGER_CONVERTER_CLASS "org.apache.kafka.connect.converters.IntegerConverter"
#define LONG_CONVERTER_CLASS "org.apache.kafka.connect.converters.LongConverter"
#define SHORT_CONVERTER_CLASS "org.apache.kafka.connect.converters.ShortConverter"

extern const cd_plugin_desc_t convert_boolean_converter;
extern const cd_plugin_desc_t convert_boolean_header_converter;
extern const cd_plugin_desc_t convert_double_converter;
extern const cd_plugin_desc_t convert_double_header_converter;
extern const cd_plugin_desc_t convert_float_converter;
extern const cd_plugin_desc_t convert_float_header_converter;
extern const cd_plugin_desc_t convert_integer_converter;
extern const cd_plugin_desc_t convert_integer_header_converter;
extern const cd_plugin_desc_t convert_long_converter;
extern const cd_plugin_desc_t convert_long_header_converter;
extern const cd_plugin_desc_t convert_short_converter;
extern const cd_plugin_desc_t convert_short_header_converter;

#endif
