/* The standalone offset file: durable, atomic, exact bytes. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/offset_store.h"

static char dir[64];
static char path[128];

static void setup(void) {
    strcpy(dir, "/tmp/connectd-offsets-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/offsets", dir);
}

static void teardown(void) {
    unlink(path);
    char tmp[160];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    unlink(tmp);
    rmdir(dir);
}

START_TEST(put_get_survives_reopen) {
    char err[256];
    offset_store_t *s = offset_store_file_new(path, err, sizeof err);
    ck_assert_ptr_nonnull(s);
    char *v = (char *)"x";
    ck_assert_int_eq(offset_store_get(s, "[\"a\",{}]", &v), 0);
    ck_assert_ptr_null(v);
    offset_entry_t e[2] = {{"[\"src\",{\"filename\":\"/tmp/in.txt\"}]", "{\"position\":42}"},
                           {"[\"src\",{\"filename\":\"/tmp/other\"}]", "{\"position\":7}"}};
    ck_assert_int_eq(offset_store_put(s, e, 2, err, sizeof err), 0);
    offset_store_destroy(s);

    s = offset_store_file_new(path, err, sizeof err);
    ck_assert_ptr_nonnull(s);
    offset_store_get(s, "[\"src\",{\"filename\":\"/tmp/in.txt\"}]", &v);
    ck_assert_str_eq(v, "{\"position\":42}");
    free(v);
    /* Overwrite one, delete the other (tombstone). */
    offset_entry_t upd[2] = {{"[\"src\",{\"filename\":\"/tmp/in.txt\"}]", "{\"position\":99}"},
                             {"[\"src\",{\"filename\":\"/tmp/other\"}]", NULL}};
    ck_assert_int_eq(offset_store_put(s, upd, 2, err, sizeof err), 0);
    offset_store_destroy(s);

    s = offset_store_file_new(path, err, sizeof err);
    offset_store_get(s, "[\"src\",{\"filename\":\"/tmp/in.txt\"}]", &v);
    ck_assert_str_eq(v, "{\"position\":99}");
    free(v);
    offset_store_get(s, "[\"src\",{\"filename\":\"/tmp/other\"}]", &v);
    ck_assert_ptr_null(v);
    offset_store_destroy(s);
}
END_TEST

START_TEST(corrupt_file_is_an_error_not_an_empty_store) {
    FILE *f = fopen(path, "w");
    fputs("{\"connectd.offsets\":1,\"entries\":[[\"a\",", f); /* torn */
    fclose(f);
    char err[256] = "";
    offset_store_t *s = offset_store_file_new(path, err, sizeof err);
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(strstr(err, path));
}
END_TEST

START_TEST(no_temp_file_left_behind) {
    char err[256];
    offset_store_t *s = offset_store_file_new(path, err, sizeof err);
    offset_entry_t e = {"[\"c\",{\"p\":1}]", "{\"o\":1}"};
    ck_assert_int_eq(offset_store_put(s, &e, 1, err, sizeof err), 0);
    char tmp[160];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    struct stat st;
    ck_assert_int_ne(stat(tmp, &st), 0);
    ck_assert_int_eq(stat(path, &st), 0);
    offset_store_destroy(s);
}
END_TEST

START_TEST(missing_filename_is_rejected) {
    char err[256] = "";
    ck_assert_ptr_null(offset_store_file_new(NULL, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "offset.storage.file.filename"));
}
END_TEST

START_TEST(unwritable_directory_fails_put) {
    char err[256] = "";
    offset_store_t *s = offset_store_file_new("/nonexistent-dir/offsets", err, sizeof err);
    ck_assert_ptr_nonnull(s);
    offset_entry_t e = {"[\"c\",{}]", "{}"};
    ck_assert_int_ne(offset_store_put(s, &e, 1, err, sizeof err), 0);
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent-dir/offsets"));
    offset_store_destroy(s);
}
END_TEST

Suite *suite_offset_store(void);
Suite *suite_offset_store(void) {
    Suite *s = suite_create("offset_store");
    TCase *tc = tcase_create("file");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, put_get_survives_reopen);
    tcase_add_test(tc, corrupt_file_is_an_error_not_an_empty_store);
    tcase_add_test(tc, no_temp_file_left_behind);
    tcase_add_test(tc, missing_filename_is_rejected);
    tcase_add_test(tc, unwritable_directory_fails_put);
    suite_add_tcase(s, tc);
    return s;
}
