/* Config providers: file, dir and env references, allowed.paths, errors. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/providers.h"

#define FILE_CLASS "org.apache.kafka.common.config.provider.FileConfigProvider"
#define DIR_CLASS "org.apache.kafka.common.config.provider.DirectoryConfigProvider"
#define ENV_CLASS "org.apache.kafka.common.config.provider.EnvVarConfigProvider"

static char tmpdir[64];
static char secrets_file[128]; /* <tmp>/secrets.properties */
static char secrets_dir[128];  /* <tmp>/dir with file "dbpass" */
static char outside_dir[128];  /* <tmp>/outside with other.properties */

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void setup(void) {
    snprintf(tmpdir, sizeof tmpdir, "/tmp/cd_providers_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(secrets_file, sizeof secrets_file, "%s/secrets.properties", tmpdir);
    write_file(secrets_file, "user=alice\npass=s3cr3t\n");
    snprintf(secrets_dir, sizeof secrets_dir, "%s/dir", tmpdir);
    ck_assert_int_eq(mkdir(secrets_dir, 0700), 0);
    char path[256];
    snprintf(path, sizeof path, "%s/dbpass", secrets_dir);
    write_file(path, "pw\n");
    snprintf(outside_dir, sizeof outside_dir, "%s/outside", tmpdir);
    ck_assert_int_eq(mkdir(outside_dir, 0700), 0);
    snprintf(path, sizeof path, "%s/other.properties", outside_dir);
    write_file(path, "pass=elsewhere\n");
    setenv("CD_TEST_PROVIDER_VAR", "from-env", 1);
    unsetenv("CD_TEST_PROVIDER_UNSET");
}

static void teardown(void) {
    char path[256];
    snprintf(path, sizeof path, "%s/dbpass", secrets_dir);
    unlink(path);
    rmdir(secrets_dir);
    snprintf(path, sizeof path, "%s/other.properties", outside_dir);
    unlink(path);
    rmdir(outside_dir);
    unlink(secrets_file);
    rmdir(tmpdir);
    unsetenv("CD_TEST_PROVIDER_VAR");
}

/* Worker props declaring file, dir and env providers (+ extra kv). */
static config_providers_t *providers(const char *const *extra, char *err, size_t errlen) {
    cd_props_t *w = cd_props_new();
    cd_props_set(w, "config.providers", "file, dir,env");
    cd_props_set(w, "config.providers.file.class", FILE_CLASS);
    cd_props_set(w, "config.providers.dir.class", DIR_CLASS);
    cd_props_set(w, "config.providers.env.class", ENV_CLASS);
    for (; extra && extra[0]; extra += 2) cd_props_set(w, extra[0], extra[1]);
    config_providers_t *cp = config_providers_new(w, err, errlen);
    cd_props_destroy(w);
    return cp;
}

static char *resolve_one(const config_providers_t *cp, const char *value, int *rc, char *err,
                         size_t errlen) {
    cd_props_t *in = cd_props_new();
    cd_props_set(in, "before", "plain");
    cd_props_set(in, "my.key", value);
    cd_props_t *out = NULL;
    *rc = config_providers_resolve(cp, in, &out, err, errlen);
    char *res = NULL;
    if (*rc == 0) {
        ck_assert_uint_eq(cd_props_count(out), 2);
        ck_assert_str_eq(cd_props_key_at(out, 1), "my.key");
        ck_assert_str_eq(cd_props_get(out, "before"), "plain");
        res = strdup(cd_props_get(out, "my.key"));
    } else {
        ck_assert_ptr_null(out);
    }
    cd_props_destroy(out);
    cd_props_destroy(in);
    return res;
}

static void assert_resolves(const config_providers_t *cp, const char *value, const char *want) {
    char err[512] = "";
    int rc;
    char *got = resolve_one(cp, value, &rc, err, sizeof err);
    ck_assert_msg(rc == 0, "resolve %s failed: %s", value, err);
    ck_assert_str_eq(got, want);
    free(got);
}

static void assert_fails(const config_providers_t *cp, const char *value, const char *needle) {
    char err[512] = "";
    int rc;
    char *got = resolve_one(cp, value, &rc, err, sizeof err);
    ck_assert_int_eq(rc, -1);
    ck_assert_ptr_null(got);
    ck_assert_msg(strstr(err, "my.key") != NULL, "error does not name the key: %s", err);
    ck_assert_msg(strstr(err, needle) != NULL, "error '%s' lacks '%s'", err, needle);
    ck_assert_msg(strstr(err, "s3cr3t") == NULL, "error leaks a secret: %s", err);
}

START_TEST(test_file_provider) {
    char err[256] = "";
    config_providers_t *cp = providers(NULL, err, sizeof err);
    ck_assert_msg(cp != NULL, "%s", err);
    char v[512];
    snprintf(v, sizeof v, "${file:%s:pass}", secrets_file);
    assert_resolves(cp, v, "s3cr3t");
    snprintf(v, sizeof v, "jdbc://${file:%s:user}:${file:%s:pass}@db", secrets_file,
             secrets_file);
    assert_resolves(cp, v, "jdbc://alice:s3cr3t@db");
    /* A key the file lacks stays as written (Kafka's behaviour). */
    snprintf(v, sizeof v, "${file:%s:nokey}", secrets_file);
    assert_resolves(cp, v, v);
    /* No path: nothing to read, unchanged. */
    assert_resolves(cp, "${file:pass}", "${file:pass}");
    config_providers_destroy(cp);
}
END_TEST

START_TEST(test_missing_file_is_error) {
    char err[256] = "";
    config_providers_t *cp = providers(NULL, err, sizeof err);
    char v[512];
    snprintf(v, sizeof v, "${file:%s/nope.properties:pass}", tmpdir);
    assert_fails(cp, v, "nope.properties");
    config_providers_destroy(cp);
}
END_TEST

START_TEST(test_dir_provider) {
    char err[256] = "";
    config_providers_t *cp = providers(NULL, err, sizeof err);
    char v[512];
    snprintf(v, sizeof v, "pw=${dir:%s:dbpass}", secrets_dir);
    /* Contents are taken as they are, trailing newline included. */
    assert_resolves(cp, v, "pw=pw\n");
    snprintf(v, sizeof v, "${dir:%s:missing}", secrets_dir);
    assert_fails(cp, v, "missing");
    snprintf(v, sizeof v, "${dir:%s/nodir:dbpass}", tmpdir);
    assert_fails(cp, v, "nodir");
    config_providers_destroy(cp);
}
END_TEST

START_TEST(test_env_provider) {
    char err[256] = "";
    config_providers_t *cp = providers(NULL, err, sizeof err);
    assert_resolves(cp, "${env:CD_TEST_PROVIDER_VAR}", "from-env");
    assert_resolves(cp, "x${env::CD_TEST_PROVIDER_VAR}y", "xfrom-envy");
    assert_resolves(cp, "${env:CD_TEST_PROVIDER_UNSET}", "${env:CD_TEST_PROVIDER_UNSET}");
    assert_fails(cp, "${env:/some/path:CD_TEST_PROVIDER_VAR}", "Path is not supported");
    config_providers_destroy(cp);

    const char *extra[] = {"config.providers.env.param.allowlist.pattern", "OTHER_.*", NULL};
    cp = providers(extra, err, sizeof err);
    ck_assert_ptr_nonnull(cp);
    assert_resolves(cp, "${env:CD_TEST_PROVIDER_VAR}", "${env:CD_TEST_PROVIDER_VAR}");
    config_providers_destroy(cp);
}
END_TEST

START_TEST(test_unknown_provider_unchanged) {
    char err[256] = "";
    config_providers_t *cp = providers(NULL, err, sizeof err);
    assert_resolves(cp, "${vault:secret/db:pass}", "${vault:secret/db:pass}");
    assert_resolves(cp, "no reference ${here} $ {env:X}", "no reference ${here} $ {env:X}");
    assert_resolves(cp, "${env:CD_TEST_PROVIDER_VAR", "${env:CD_TEST_PROVIDER_VAR");
    config_providers_destroy(cp);
    /* Without providers (or with none declared) everything is copied. */
    assert_resolves(NULL, "${env:CD_TEST_PROVIDER_VAR}", "${env:CD_TEST_PROVIDER_VAR}");
    cd_props_t *w = cd_props_new();
    cp = config_providers_new(w, err, sizeof err);
    ck_assert_ptr_nonnull(cp);
    assert_resolves(cp, "${env:CD_TEST_PROVIDER_VAR}", "${env:CD_TEST_PROVIDER_VAR}");
    config_providers_destroy(cp);
    config_providers_destroy(NULL);
    cd_props_destroy(w);
}
END_TEST

START_TEST(test_alias_and_class_names) {
    cd_props_t *w = cd_props_new();
    cd_props_set(w, "config.providers", "secrets,noclass");
    cd_props_set(w, "config.providers.secrets.class", "FileConfigProvider");
    char err[256] = "";
    config_providers_t *cp = config_providers_new(w, err, sizeof err);
    ck_assert_msg(cp != NULL, "%s", err);
    char v[512];
    snprintf(v, sizeof v, "${secrets:%s:user}", secrets_file);
    assert_resolves(cp, v, "alice");
    snprintf(v, sizeof v, "${file:%s:user}", secrets_file);
    assert_resolves(cp, v, v); /* "file" is not declared here */
    config_providers_destroy(cp);

    cd_props_set(w, "config.providers.noclass.class", "com.example.VaultConfigProvider");
    cp = config_providers_new(w, err, sizeof err);
    ck_assert_ptr_null(cp);
    ck_assert_str_eq(err, "Invalid value com.example.VaultConfigProvider for configuration "
                          "config.providers.noclass.class: Could not load config provider class "
                          "or one of its dependencies");
    cd_props_destroy(w);
}
END_TEST

START_TEST(test_allowed_paths) {
    char err[256] = "";
    char allowed[512];
    snprintf(allowed, sizeof allowed, "%s, %s", secrets_dir, tmpdir);
    const char *extra[] = {"config.providers.file.param.allowed.paths", secrets_file,
                           "config.providers.dir.param.allowed.paths", allowed, NULL};
    /* A file path is not a directory, but Kafka accepts any existing path. */
    config_providers_t *cp = providers(extra, err, sizeof err);
    ck_assert_msg(cp != NULL, "%s", err);
    char v[512];
    snprintf(v, sizeof v, "${file:%s:pass}", secrets_file);
    assert_resolves(cp, v, "s3cr3t");
    snprintf(v, sizeof v, "${file:%s/other.properties:pass}", outside_dir);
    assert_fails(cp, v, "not allowed");
    /* ".." cannot climb out of an allowed path. */
    snprintf(v, sizeof v, "${file:%s/../outside/other.properties:pass}", secrets_dir);
    assert_fails(cp, v, "not allowed");
    snprintf(v, sizeof v, "${dir:%s/./:dbpass}", secrets_dir);
    assert_resolves(cp, v, "pw\n");
    config_providers_destroy(cp);

    /* Prefixes match whole path segments only. */
    char sibling[256];
    snprintf(sibling, sizeof sibling, "%s/di", tmpdir);
    ck_assert_int_eq(mkdir(sibling, 0700), 0);
    const char *narrow[] = {"config.providers.dir.param.allowed.paths", sibling, NULL};
    cp = providers(narrow, err, sizeof err);
    ck_assert_ptr_nonnull(cp);
    snprintf(v, sizeof v, "${dir:%s:dbpass}", secrets_dir);
    assert_fails(cp, v, "not allowed");
    config_providers_destroy(cp);
    rmdir(sibling);

    const char *relative[] = {"config.providers.file.param.allowed.paths", "etc/secrets", NULL};
    cp = providers(relative, err, sizeof err);
    ck_assert_ptr_null(cp);
    ck_assert_str_eq(err, "Path etc/secrets is not absolute");
    char missing[256];
    snprintf(missing, sizeof missing, "%s/none/../none2", tmpdir);
    const char *absent[] = {"config.providers.file.param.allowed.paths", missing, NULL};
    cp = providers(absent, err, sizeof err);
    ck_assert_ptr_null(cp);
    char want[300];
    snprintf(want, sizeof want, "Path %s/none2 does not exist", tmpdir);
    ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(test_has_reference) {
    ck_assert(config_providers_has_reference("${file:/a:b}"));
    ck_assert(config_providers_has_reference("x ${env:HOME} y"));
    ck_assert(config_providers_has_reference("${env::HOME}"));
    ck_assert(!config_providers_has_reference("${nocolon}"));
    ck_assert(!config_providers_has_reference("${env:unterminated"));
    ck_assert(!config_providers_has_reference("plain"));
    ck_assert(!config_providers_has_reference(NULL));
}
END_TEST

Suite *suite_config_providers(void);
Suite *suite_config_providers(void) {
    Suite *s = suite_create("config_providers");
    TCase *tc = tcase_create("providers");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_file_provider);
    tcase_add_test(tc, test_missing_file_is_error);
    tcase_add_test(tc, test_dir_provider);
    tcase_add_test(tc, test_env_provider);
    tcase_add_test(tc, test_unknown_provider_unchanged);
    tcase_add_test(tc, test_alias_and_class_names);
    tcase_add_test(tc, test_allowed_paths);
    tcase_add_test(tc, test_has_reference);
    suite_add_tcase(s, tc);
    return s;
}
