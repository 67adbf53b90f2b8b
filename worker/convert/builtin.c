#include "convert/builtin.h"

#include "convert/converters.h"
#include "convert/number_converters.h"

static const cd_plugin_desc_t *const builtin_converters[] = {
    &convert_json_converter,        &convert_json_header_converter,
    &convert_string_converter,      &convert_string_header_converter,
    &convert_bytearray_converter,   &convert_bytearray_header_converter,
    &convert_simple_header_converter,
    &convert_boolean_converter,     &convert_boolean_header_converter,
    &convert_double_converter,      &convert_double_header_converter,
    &convert_float_converter,       &convert_float_header_converter,
    &convert_integer_converter,     &convert_integer_header_converter,
    &convert_long_converter,        &convert_long_header_converter,
    &convert_short_converter,       &convert_short_header_converter,
};

size_t convert_builtin_plugins(const cd_plugin_desc_t *const **out) {
    *out = builtin_converters;
    return sizeof builtin_converters / sizeof builtin_converters[0];
}
