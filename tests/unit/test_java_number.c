/* Double.toString / Float.toString as Java 19+ prints them, through the
 * ABI entry points plugins use (expected strings from a Temurin 25 jshell). */
#include <check.h>
#include <connectd/data.h>
#include <float.h>
#include <math.h>
#include <string.h>

static void expect_double(double v, const char *want) {
    char out[CD_JAVA_NUMBER_MAX];
    size_t n = cd_java_double_to_string(v, out);
    ck_assert_str_eq(out, want);
    ck_assert_uint_eq(n, strlen(want));
}

static void expect_float(float v, const char *want) {
    char out[CD_JAVA_NUMBER_MAX];
    cd_java_float_to_string(v, out);
    ck_assert_str_eq(out, want);
}

START_TEST(whole_numbers_take_the_short_path_and_print_as_java) {
    expect_double(977.0, "977.0");
    expect_double(-1.0, "-1.0");
    expect_double(9999999.0, "9999999.0");
    expect_double(1e7, "1.0E7"); /* the plain form stops below 10^7 */
    expect_double(-0.0, "-0.0");
    expect_float(16777216.0f, "1.6777216E7");
    expect_float(42.0f, "42.0");
}
END_TEST

START_TEST(fractions_and_extremes) {
    expect_double(0.1, "0.1");
    expect_double(1.5, "1.5");
    expect_double(0.001, "0.001");
    expect_double(1e-4, "1.0E-4");
    expect_double(4.9e-324, "4.9E-324");
    expect_double(DBL_MAX, "1.7976931348623157E308");
    expect_double(NAN, "NaN");
    expect_double(-INFINITY, "-Infinity");
    expect_float(0.1f, "0.1");
    expect_float(3.4028235e38f, "3.4028235E38");
}
END_TEST

Suite *suite_java_number(void);
Suite *suite_java_number(void) {
    Suite *s = suite_create("java_number");
    TCase *tc = tcase_create("to_string");
    tcase_add_test(tc, whole_numbers_take_the_short_path_and_print_as_java);
    tcase_add_test(tc, fractions_and_extremes);
    suite_add_tcase(s, tc);
    return s;
}
