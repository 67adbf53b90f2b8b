#include "convert/builtin.h"

#include "convert/converters.h"

static const cd_plugin_desc_t *const builtin_converters[] = {
    &convert_json_converter,        &convert_json_header_converter,
    &convert_string_converter,      &convert_string_header_converter,
    &convert_bytearray_converter,   &convert_bytearray_header_converter,
    &convert_simple_header_converter,
};

size_t convert_builtin_plugins(const cd_plugin_desc_t *const **out) {
    *out = builtin_converters;
    return sizeof builtin_converters / sizeof builtin_converters[0];
}
