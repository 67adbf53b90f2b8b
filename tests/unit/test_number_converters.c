/* Kafka's Short/Integer/Long/Float/Double/BooleanConverter: the bytes of
 * Kafka's serializers, null handling, the optional schemas read back, and
 * the DataException messages on wrong types and sizes. */
#include <check.h>
#include <connectd/plugin.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "convert/builtin.h"
#include "convert/number_converters.h"
#include "plugin/registry.h"
#include "util/buf.h"

typedef struct conv {
    const cd_converter_ops_t *ops;
    void *state;
    cd_config_t *cfg;
    cd_arena_t *arena;
} conv_t;

static void open_conv(conv_t *c, const cd_plugin_desc_t *d, const char *type) {
    cd_props_t *props = cd_props_new();
    cd_props_set(props, "converter.type", type);
    const cd_config_def_t *tables[1] = {d->config_defs};
    c->cfg = config_new(tables, 1, props);
    cd_props_destroy(props);
    c->ops = d->ops;
    c->arena = cd_arena_new(0);
    cd_error_t err;
    ck_assert_int_eq(c->ops->configure(&c->state, c->cfg, strcmp(type, "key") == 0, &err), 0);
    ck_assert_ptr_nonnull(c->state);
}

static void close_conv(conv_t *c) {
    c->ops->destroy(c->state);
    config_destroy(c->cfg);
    cd_arena_destroy(c->arena);
}

static void expect_bytes(conv_t *c, const cd_schema_t *s, const cd_value_t *v, const void *want,
                         size_t len) {
    buf_t b;
    buf_init(&b);
    cd_error_t err;
    ck_assert_int_eq(c->ops->from_connect(c->state, "t", s, v, &b, &err), 0);
    ck_assert(!b.is_null);
    ck_assert_uint_eq(b.len, len);
    ck_assert_mem_eq(b.data, want, len);
    buf_free(&b);
}

static void expect_from_error(conv_t *c, const cd_schema_t *s, const cd_value_t *v,
                              const char *msg) {
    buf_t b;
    buf_init(&b);
    cd_error_t err;
    ck_assert_int_eq(c->ops->from_connect(c->state, "t", s, v, &b, &err), CD_ERR_DATA);
    ck_assert_str_eq(err.message, msg);
    ck_assert_str_eq(err.exception_class, "org.apache.kafka.connect.errors.DataException");
    buf_free(&b);
}

static const cd_value_t *read_back(conv_t *c, const void *data, size_t len, cd_type_t type) {
    const cd_schema_t *s = NULL;
    const cd_value_t *v = NULL;
    cd_error_t err;
    ck_assert_int_eq(c->ops->to_connect(c->state, "t", data, len, c->arena, &s, &v, &err), 0);
    ck_assert_ptr_eq(s, cd_schema_primitive(type, true));
    return v;
}

static void expect_to_error(conv_t *c, const void *data, size_t len, const char *msg) {
    const cd_schema_t *s = NULL;
    const cd_value_t *v = NULL;
    cd_error_t err;
    ck_assert_int_eq(c->ops->to_connect(c->state, "t", data, len, c->arena, &s, &v, &err),
                     CD_ERR_DATA);
    ck_assert_str_eq(err.message, msg);
}

START_TEST(integers_big_endian) {
    conv_t c;
    open_conv(&c, &convert_short_converter, "value");
    expect_bytes(&c, NULL, cd_value_int(c.arena, CD_TYPE_INT16, -2), "\xff\xfe", 2);
    expect_bytes(&c, NULL, cd_value_int(c.arena, CD_TYPE_INT16, 0x1234), "\x12\x34", 2);
    ck_assert_int_eq(read_back(&c, "\x80\x00", 2, CD_TYPE_INT16)->u.i, INT16_MIN);
    close_conv(&c);

    open_conv(&c, &convert_integer_converter, "key");
    /* NumberConverter ignores the schema entirely. */
    expect_bytes(&c, cd_schema_primitive(CD_TYPE_STRING, false),
                 cd_value_int(c.arena, CD_TYPE_INT32, 305419896), "\x12\x34\x56\x78", 4);
    expect_bytes(&c, NULL, cd_value_int(c.arena, CD_TYPE_INT32, -1), "\xff\xff\xff\xff", 4);
    const cd_value_t *v = read_back(&c, "\x7f\xff\xff\xff", 4, CD_TYPE_INT32);
    ck_assert_int_eq(v->type, CD_TYPE_INT32);
    ck_assert_int_eq(v->u.i, INT32_MAX);
    ck_assert_int_eq(read_back(&c, "\xff\xff\xff\xfe", 4, CD_TYPE_INT32)->u.i, -2);
    close_conv(&c);

    open_conv(&c, &convert_long_converter, "value");
    expect_bytes(&c, NULL, cd_value_int(c.arena, CD_TYPE_INT64, 1), "\0\0\0\0\0\0\0\x01", 8);
    expect_bytes(&c, NULL, cd_value_int(c.arena, CD_TYPE_INT64, INT64_MIN),
                 "\x80\0\0\0\0\0\0\0", 8);
    ck_assert_int_eq(read_back(&c, "\xff\xff\xff\xff\xff\xff\xff\xfd", 8, CD_TYPE_INT64)->u.i, -3);
    close_conv(&c);
}
END_TEST

START_TEST(floats_ieee754) {
    conv_t c;
    open_conv(&c, &convert_float_converter, "value");
    expect_bytes(&c, NULL, cd_value_float(c.arena, CD_TYPE_FLOAT32, 1.5), "\x3f\xc0\x00\x00", 4);
    expect_bytes(&c, NULL, cd_value_float(c.arena, CD_TYPE_FLOAT32, -2.0), "\xc0\x00\x00\x00", 4);
    const cd_value_t *v = read_back(&c, "\x40\x49\x0f\xdb", 4, CD_TYPE_FLOAT32);
    ck_assert_int_eq(v->type, CD_TYPE_FLOAT32);
    ck_assert(v->u.f == (double)3.14159274101257324f);
    close_conv(&c);

    open_conv(&c, &convert_double_converter, "value");
    expect_bytes(&c, NULL, cd_value_float(c.arena, CD_TYPE_FLOAT64, 1.0),
                 "\x3f\xf0\0\0\0\0\0\0", 8);
    expect_bytes(&c, NULL, cd_value_float(c.arena, CD_TYPE_FLOAT64, -0.0), "\x80\0\0\0\0\0\0\0", 8);
    v = read_back(&c, "\x40\x09\x21\xfb\x54\x44\x2d\x18", 8, CD_TYPE_FLOAT64);
    ck_assert(v->u.f == 3.141592653589793);
    ck_assert(isinf(read_back(&c, "\x7f\xf0\0\0\0\0\0\0", 8, CD_TYPE_FLOAT64)->u.f));
    close_conv(&c);
}
END_TEST

START_TEST(booleans) {
    conv_t c;
    open_conv(&c, &convert_boolean_converter, "value");
    expect_bytes(&c, cd_schema_primitive(CD_TYPE_BOOLEAN, false), cd_value_bool(c.arena, true),
                 "\x01", 1);
    expect_bytes(&c, NULL, cd_value_bool(c.arena, false), "\x00", 1);
    ck_assert(read_back(&c, "\x01", 1, CD_TYPE_BOOLEAN)->u.b);
    ck_assert(!read_back(&c, "\x00", 1, CD_TYPE_BOOLEAN)->u.b);
    /* BooleanConverter checks the schema, NumberConverter does not. */
    expect_from_error(&c, cd_schema_primitive(CD_TYPE_INT32, false), cd_value_bool(c.arena, true),
                      "Invalid schema type for BooleanConverter: INT32");
    expect_from_error(&c, NULL, cd_value_cstring(c.arena, "true"),
                      "BooleanConverter is not compatible with objects of type class "
                      "java.lang.String");
    expect_to_error(&c, "\x02", 1, "Failed to deserialize boolean: ");
    expect_to_error(&c, "\x01\x00", 2, "Failed to deserialize boolean: ");
    close_conv(&c);
}
END_TEST

START_TEST(nulls_both_ways) {
    const cd_plugin_desc_t *const descs[] = {
        &convert_short_converter, &convert_integer_converter, &convert_long_converter,
        &convert_float_converter, &convert_double_converter,  &convert_boolean_converter,
    };
    const cd_type_t types[] = {CD_TYPE_INT16,   CD_TYPE_INT32,   CD_TYPE_INT64,
                               CD_TYPE_FLOAT32, CD_TYPE_FLOAT64, CD_TYPE_BOOLEAN};
    for (size_t i = 0; i < 6; i++) {
        conv_t c;
        open_conv(&c, descs[i], "header");
        buf_t b;
        buf_init(&b);
        cd_error_t err;
        ck_assert_int_eq(c.ops->from_connect(c.state, "t", NULL, NULL, &b, &err), 0);
        ck_assert(b.is_null);
        buf_free(&b);
        /* Null bytes read back as null with the optional schema. */
        ck_assert_ptr_null(read_back(&c, NULL, 0, types[i]));
        close_conv(&c);
    }
}
END_TEST

START_TEST(wrong_types_and_sizes) {
    conv_t c;
    open_conv(&c, &convert_integer_converter, "value");
    expect_from_error(&c, NULL, cd_value_int(c.arena, CD_TYPE_INT64, 1),
                      "Failed to serialize to integer (was class java.lang.Long): ");
    expect_to_error(&c, "\0\0\0", 3, "Failed to deserialize integer: ");
    close_conv(&c);
    open_conv(&c, &convert_short_converter, "value");
    expect_from_error(&c, NULL, cd_value_int(c.arena, CD_TYPE_INT32, 1),
                      "Failed to serialize to short (was class java.lang.Integer): ");
    expect_to_error(&c, "\0", 1, "Failed to deserialize short: ");
    close_conv(&c);
    open_conv(&c, &convert_long_converter, "value");
    expect_to_error(&c, "\0\0\0\0", 4, "Failed to deserialize long: ");
    close_conv(&c);
    open_conv(&c, &convert_float_converter, "value");
    expect_from_error(&c, NULL, cd_value_float(c.arena, CD_TYPE_FLOAT64, 1.0),
                      "Failed to serialize to float (was class java.lang.Double): ");
    close_conv(&c);
    open_conv(&c, &convert_double_converter, "value");
    expect_from_error(&c, NULL, cd_value_cstring(c.arena, "1.0"),
                      "Failed to serialize to double (was class java.lang.String): ");
    expect_to_error(&c, "\0\0\0\0", 4, "Failed to deserialize double: ");
    close_conv(&c);
}
END_TEST

START_TEST(config_checked) {
    cd_props_t *props = cd_props_new();
    cd_props_set(props, "converter.type", "sideways");
    const cd_config_def_t *tables[1] = {convert_long_converter.config_defs};
    cd_config_t *cfg = config_new(tables, 1, props);
    const cd_converter_ops_t *ops = convert_long_converter.ops;
    void *state = NULL;
    cd_error_t err;
    ck_assert_int_eq(ops->configure(&state, cfg, false, &err), CD_ERR_CONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "converter.type"));
    config_destroy(cfg);
    cd_props_destroy(props);
}
END_TEST

/* Registered as converters and header converters, found by alias. */
START_TEST(registered_both_ways) {
    plugin_registry_t *reg = plugin_registry_new();
    const cd_plugin_desc_t *const *list;
    size_t n = convert_builtin_plugins(&list);
    char err[512];
    for (size_t i = 0; i < n; i++) ck_assert_int_eq(plugin_registry_add(reg, list[i], "builtin", err, sizeof err), 0);
    const char *names[] = {BOOLEAN_CONVERTER_CLASS, DOUBLE_CONVERTER_CLASS, FLOAT_CONVERTER_CLASS,
                           INTEGER_CONVERTER_CLASS, LONG_CONVERTER_CLASS, SHORT_CONVERTER_CLASS};
    for (size_t i = 0; i < 6; i++) {
        const cd_plugin_desc_t *d = plugin_registry_find(reg, PLUGIN_MASK(CD_PLUGIN_CONVERTER),
                                                         names[i], err, sizeof err);
        ck_assert_ptr_nonnull(d);
        ck_assert_str_eq(d->version, "4.3.1");
        d = plugin_registry_find(reg, PLUGIN_MASK(CD_PLUGIN_HEADER_CONVERTER), names[i], err,
                                 sizeof err);
        ck_assert_ptr_nonnull(d);
        ck_assert_int_eq(d->type, CD_PLUGIN_HEADER_CONVERTER);
    }
    const cd_plugin_desc_t *d =
        plugin_registry_find(reg, PLUGIN_MASK(CD_PLUGIN_CONVERTER), "LongConverter", err, sizeof err);
    ck_assert_ptr_nonnull(d);
    ck_assert_str_eq(d->name, LONG_CONVERTER_CLASS);
    plugin_registry_destroy(reg);
}
END_TEST

Suite *suite_number_converters(void);
Suite *suite_number_converters(void) {
    Suite *s = suite_create("number_converters");
    TCase *tc = tcase_create("number_converters");
    tcase_add_test(tc, integers_big_endian);
    tcase_add_test(tc, floats_ieee754);
    tcase_add_test(tc, booleans);
    tcase_add_test(tc, nulls_both_ways);
    tcase_add_test(tc, wrong_types_and_sizes);
    tcase_add_test(tc, config_checked);
    tcase_add_test(tc, registered_both_ways);
    suite_add_tcase(s, tc);
    return s;
}
