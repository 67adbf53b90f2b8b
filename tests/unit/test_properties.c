/* cd_props_t and java.util.Properties-compatible parsing. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/properties.h"

static cd_props_t *parse_ok(const char *text) {
    cd_props_t *p = NULL;
    char err[256] = "";
    int rc = properties_parse_string(text, strlen(text), &p, err, sizeof err);
    ck_assert_msg(rc == 0, "parse failed: %s", err);
    ck_assert_ptr_nonnull(p);
    return p;
}

/* ---- cd_props ------------------------------------------------------------ */

START_TEST(test_props_order_and_replace) {
    cd_props_t *p = cd_props_new();
    cd_props_set(p, "b", "1");
    cd_props_set(p, "a", "2");
    cd_props_set(p, "c", "3");
    cd_props_set(p, "a", "changed");
    ck_assert_uint_eq(cd_props_count(p), 3);
    ck_assert_str_eq(cd_props_key_at(p, 0), "b");
    ck_assert_str_eq(cd_props_key_at(p, 1), "a");
    ck_assert_str_eq(cd_props_value_at(p, 1), "changed");
    ck_assert_str_eq(cd_props_key_at(p, 2), "c");
    ck_assert_ptr_null(cd_props_get(p, "zzz"));
    ck_assert_ptr_null(cd_props_key_at(p, 3));
    /* Setting a key to its own current value must not read freed memory. */
    cd_props_set(p, "c", cd_props_get(p, "c"));
    ck_assert_str_eq(cd_props_get(p, "c"), "3");
    ck_assert(cd_props_remove(p, "b"));
    ck_assert(!cd_props_remove(p, "b"));
    ck_assert_uint_eq(cd_props_count(p), 2);
    ck_assert_str_eq(cd_props_key_at(p, 0), "a");
    cd_props_t *c = cd_props_clone(p);
    cd_props_set(p, "a", "again");
    ck_assert_str_eq(cd_props_get(c, "a"), "changed");
    ck_assert_uint_eq(cd_props_count(c), 2);
    cd_props_destroy(c);
    cd_props_destroy(p);
    cd_props_destroy(NULL);
}
END_TEST

START_TEST(test_props_many_keys) {
    /* Enough keys to use the hash index, then removals that rebuild it. */
    cd_props_t *p = cd_props_new();
    char k[32], v[32];
    for (int i = 0; i < 200; i++) {
        snprintf(k, sizeof k, "key.%d", i);
        snprintf(v, sizeof v, "v%d", i);
        cd_props_set(p, k, v);
    }
    ck_assert_uint_eq(cd_props_count(p), 200);
    for (int i = 0; i < 200; i += 3) {
        snprintf(k, sizeof k, "key.%d", i);
        ck_assert(cd_props_remove(p, k));
    }
    for (int i = 0; i < 200; i++) {
        snprintf(k, sizeof k, "key.%d", i);
        snprintf(v, sizeof v, "v%d", i);
        if (i % 3 == 0)
            ck_assert_ptr_null(cd_props_get(p, k));
        else
            ck_assert_str_eq(cd_props_get(p, k), v);
    }
    ck_assert_str_eq(cd_props_key_at(p, 0), "key.1");
    cd_props_destroy(p);
}
END_TEST

/* ---- parsing --------------------------------------------------------------- */

START_TEST(test_separators) {
    cd_props_t *p = parse_ok("a=1\nb:2\nc 3\nd\t=\t4\ne   :  5\nf\n  g = 6 \nh==x\ni=:y\n");
    ck_assert_str_eq(cd_props_get(p, "a"), "1");
    ck_assert_str_eq(cd_props_get(p, "b"), "2");
    ck_assert_str_eq(cd_props_get(p, "c"), "3");
    ck_assert_str_eq(cd_props_get(p, "d"), "4");
    ck_assert_str_eq(cd_props_get(p, "e"), "5");
    ck_assert_str_eq(cd_props_get(p, "f"), "");
    /* Trailing whitespace of a value is kept, as in Java. */
    ck_assert_str_eq(cd_props_get(p, "g"), "6 ");
    /* Only the first separator counts. */
    ck_assert_str_eq(cd_props_get(p, "h"), "=x");
    ck_assert_str_eq(cd_props_get(p, "i"), ":y");
    ck_assert_uint_eq(cd_props_count(p), 9);
    cd_props_destroy(p);
}
END_TEST

START_TEST(test_comments_and_blank_lines) {
    cd_props_t *p = parse_ok("# comment\n! bang\n   # indented comment\n\n   \n\t\nx=1\n"
                             "# comment with backslash \\\ny=2\nz=a#not-a-comment\n");
    ck_assert_uint_eq(cd_props_count(p), 3);
    ck_assert_str_eq(cd_props_get(p, "x"), "1");
    ck_assert_str_eq(cd_props_get(p, "y"), "2");
    ck_assert_str_eq(cd_props_get(p, "z"), "a#not-a-comment");
    cd_props_destroy(p);
}
END_TEST

START_TEST(test_continuation) {
    cd_props_t *p = parse_ok("k=a\\\n   b\\\n\tc\n"
                             "even=a\\\\\nnext=2\n"
                             "hash=a\\\n#b\n"
                             "empty=x\\\n\nafter=3\n"
                             "key\\\n  part=v\n"
                             "last=end\\");
    ck_assert_str_eq(cd_props_get(p, "k"), "abc");
    ck_assert_str_eq(cd_props_get(p, "even"), "a\\");
    ck_assert_str_eq(cd_props_get(p, "next"), "2");
    /* A continuation line is never a comment. */
    ck_assert_str_eq(cd_props_get(p, "hash"), "a#b");
    ck_assert_str_eq(cd_props_get(p, "empty"), "x");
    ck_assert_str_eq(cd_props_get(p, "after"), "3");
    ck_assert_str_eq(cd_props_get(p, "keypart"), "v");
    ck_assert_str_eq(cd_props_get(p, "last"), "end");
    cd_props_destroy(p);
}
END_TEST

START_TEST(test_line_endings) {
    cd_props_t *p = parse_ok("a=1\r\nb=2\rc=3\nd=x\\\r\n  y\r\n");
    ck_assert_str_eq(cd_props_get(p, "a"), "1");
    ck_assert_str_eq(cd_props_get(p, "b"), "2");
    ck_assert_str_eq(cd_props_get(p, "c"), "3");
    ck_assert_str_eq(cd_props_get(p, "d"), "xy");
    ck_assert_uint_eq(cd_props_count(p), 4);
    cd_props_destroy(p);
}
END_TEST

START_TEST(test_escapes) {
    cd_props_t *p = parse_ok("t=\\t\\n\\r\\f\\z\\\\\\\"\n");
    ck_assert_str_eq(cd_props_get(p, "t"), "\t\n\r\fz\\\"");
    cd_props_destroy(p);
}
END_TEST

START_TEST(test_unicode) {
    cd_props_t *p = parse_ok("u=\\u00e9\\u4E2D\nsmile=\\uD83D\\uDE00\nlone=\\uD83Dx\n"
                             "raw=caf\xc3\xa9\nk\\u00e9y=v\n");
    ck_assert_str_eq(cd_props_get(p, "u"), "\xc3\xa9\xe4\xb8\xad");
    ck_assert_str_eq(cd_props_get(p, "smile"), "\xf0\x9f\x98\x80");
    ck_assert_str_eq(cd_props_get(p, "lone"), "\xef\xbf\xbdx");
    ck_assert_str_eq(cd_props_get(p, "raw"), "caf\xc3\xa9");
    ck_assert_str_eq(cd_props_get(p, "k\xc3\xa9y"), "v");
    cd_props_destroy(p);
}
END_TEST

START_TEST(test_malformed_unicode) {
    const char *texts[] = {"a=1\nb=\\u12G4\n", "a=1\n\nb=\\u12"};
    for (size_t i = 0; i < 2; i++) {
        cd_props_t *p = (cd_props_t *)1;
        char err[256] = "";
        int rc = properties_parse_string(texts[i], strlen(texts[i]), &p, err, sizeof err);
        ck_assert_int_eq(rc, -1);
        ck_assert_ptr_null(p);
        ck_assert_ptr_nonnull(strstr(err, "Malformed \\uxxxx encoding"));
        ck_assert_ptr_nonnull(strstr(err, i == 0 ? "line 2" : "line 3"));
    }
}
END_TEST

START_TEST(test_escaped_separators_in_keys) {
    cd_props_t *p = parse_ok("a\\=b=c\nd\\:e:f\ng\\ h i\nback\\\\=slash\n\\#notcomment=1\n");
    ck_assert_str_eq(cd_props_get(p, "a=b"), "c");
    ck_assert_str_eq(cd_props_get(p, "d:e"), "f");
    ck_assert_str_eq(cd_props_get(p, "g h"), "i");
    ck_assert_str_eq(cd_props_get(p, "back\\"), "slash");
    ck_assert_str_eq(cd_props_get(p, "#notcomment"), "1");
    cd_props_destroy(p);
}
END_TEST

START_TEST(test_duplicates_last_wins) {
    cd_props_t *p = parse_ok("k=1\nother=x\nk=2\n");
    ck_assert_uint_eq(cd_props_count(p), 2);
    ck_assert_str_eq(cd_props_get(p, "k"), "2");
    ck_assert_str_eq(cd_props_key_at(p, 0), "k");
    cd_props_destroy(p);
}
END_TEST

START_TEST(test_empty_input) {
    cd_props_t *p = parse_ok("");
    ck_assert_uint_eq(cd_props_count(p), 0);
    cd_props_destroy(p);
    p = parse_ok("   \n# only comments\n");
    ck_assert_uint_eq(cd_props_count(p), 0);
    cd_props_destroy(p);
}
END_TEST

START_TEST(test_parse_file) {
    char dir[] = "/tmp/cd_props_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/worker.properties", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("bootstrap.servers=localhost:9092\nkey.converter=org.apache.kafka.connect.json."
          "JsonConverter\n",
          f);
    fclose(f);
    cd_props_t *p = NULL;
    char err[512] = "";
    ck_assert_int_eq(properties_parse_file(path, &p, err, sizeof err), 0);
    ck_assert_str_eq(cd_props_get(p, "bootstrap.servers"), "localhost:9092");
    ck_assert_uint_eq(cd_props_count(p), 2);
    cd_props_destroy(p);
    unlink(path);

    p = (cd_props_t *)1;
    ck_assert_int_eq(properties_parse_file(path, &p, err, sizeof err), -1);
    ck_assert_ptr_null(p);
    ck_assert_ptr_nonnull(strstr(err, path));
    rmdir(dir);
}
END_TEST

Suite *suite_properties(void);
Suite *suite_properties(void) {
    Suite *s = suite_create("properties");
    TCase *tc = tcase_create("props");
    tcase_add_test(tc, test_props_order_and_replace);
    tcase_add_test(tc, test_props_many_keys);
    suite_add_tcase(s, tc);
    tc = tcase_create("parse");
    tcase_add_test(tc, test_separators);
    tcase_add_test(tc, test_comments_and_blank_lines);
    tcase_add_test(tc, test_continuation);
    tcase_add_test(tc, test_line_endings);
    tcase_add_test(tc, test_escapes);
    tcase_add_test(tc, test_unicode);
    tcase_add_test(tc, test_malformed_unicode);
    tcase_add_test(tc, test_escaped_separators_in_keys);
    tcase_add_test(tc, test_duplicates_last_wins);
    tcase_add_test(tc, test_empty_input);
    tcase_add_test(tc, test_parse_file);
    suite_add_tcase(s, tc);
    return s;
}
