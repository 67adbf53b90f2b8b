/*
 * Robustness targets for configuration text: the properties parser
 * (round trip through Properties.store's escaping) and the config
 * providers (file, directory, env) on generated references.
 */
#ifndef CD_TESTS_UNIT_ROBUSTNESS_CONFIG_H
#define CD_TESTS_UNIT_ROBUSTNESS_CONFIG_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/properties.h"
#include "config/providers.h"
#include "robustness_inputs.h"
#include "util/buf.h"

/* ---- properties ------------------------------------------------------ */

/* Properties.store's escaping, so that re-reading gives the same map. */
static inline void props_escape(buf_t *b, const char *s, bool is_key) {
    for (size_t i = 0; s[i]; i++) {
        char c = s[i];
        const char *esc = c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n"
                        : c == '\r' ? "\\r" : c == '\f' ? "\\f" : NULL;
        if (esc) {
            buf_append_str(b, esc);
            continue;
        }
        if (c == '=' || c == ':' || c == '#' || c == '!' || (c == ' ' && (is_key || i == 0)))
            cd_buf_append(b, "\\", 1);
        cd_buf_append(b, &c, 1);
    }
}

static inline void check_properties(const uint8_t *d, size_t n) {
    cd_props_t *p = (cd_props_t *)0x1;
    char err[256] = "";
    if (properties_parse_string((const char *)d, n, &p, err, sizeof err) != 0) {
        REQUIRE(p == NULL && err[0], "properties: failure without a message or with a map");
        return;
    }
    REQUIRE(p != NULL, "properties: success without a map");
    buf_t b;
    buf_init(&b);
    for (size_t i = 0; i < cd_props_count(p); i++) {
        props_escape(&b, cd_props_key_at(p, i), true);
        cd_buf_append(&b, "=", 1);
        props_escape(&b, cd_props_value_at(p, i), false);
        cd_buf_append(&b, "\n", 1);
    }
    cd_props_t *q = NULL;
    REQUIRE(properties_parse_string(b.data, b.len, &q, err, sizeof err) == 0,
            "properties: re-reading the stored form failed: %s", err);
    REQUIRE(cd_props_count(q) == cd_props_count(p), "properties: round trip changed the count");
    for (size_t i = 0; i < cd_props_count(p); i++)
        REQUIRE(strcmp(cd_props_key_at(p, i), cd_props_key_at(q, i)) == 0 &&
                    strcmp(cd_props_value_at(p, i), cd_props_value_at(q, i)) == 0,
                "properties: round trip changed entry %zu (%s)", i, cd_props_key_at(p, i));
    cd_props_destroy(q);
    cd_props_destroy(p);
    buf_free(&b);
}

/* ---- config providers ------------------------------------------------ */

typedef struct providers_env {
    char dir[64];
    config_providers_t *cp;
} providers_env_t;

static inline void write_file(const char *dir, const char *name, const char *text) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static inline void providers_open(providers_env_t *e) {
    snprintf(e->dir, sizeof e->dir, "/tmp/cd-robust-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(e->dir));
    write_file(e->dir, "a.properties", "user=alice\npass=s3cr\\u0065t\nempty=\n");
    write_file(e->dir, "secret", "hunter2");
    setenv("CD_ROBUST_VAR", "from-env", 1);
    cd_props_t *w = cd_props_new();
    cd_props_set(w, "config.providers", "file,dir,env,envall");
    cd_props_set(w, "config.providers.file.class", "FileConfigProvider");
    cd_props_set(w, "config.providers.file.param.allowed.paths", e->dir);
    cd_props_set(w, "config.providers.dir.class", "DirectoryConfigProvider");
    cd_props_set(w, "config.providers.dir.param.allowed.paths", e->dir);
    cd_props_set(w, "config.providers.env.class", "EnvVarConfigProvider");
    cd_props_set(w, "config.providers.env.param.allowlist.pattern", "CD_ROBUST_[A-Z]*");
    cd_props_set(w, "config.providers.envall.class", "EnvVarConfigProvider");
    char err[512];
    e->cp = config_providers_new(w, err, sizeof err);
    ck_assert_msg(e->cp != NULL, "%s", err);
    cd_props_destroy(w);
}

static inline void providers_close(providers_env_t *e) {
    config_providers_destroy(e->cp);
    char path[256];
    snprintf(path, sizeof path, "%s/a.properties", e->dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/secret", e->dir);
    unlink(path);
    rmdir(e->dir);
}

/* Input lines "key=value" (no escapes); "@D" stands for the test dir. */
static inline void check_providers(const providers_env_t *e, const uint8_t *d, size_t n) {
    buf_t text;
    buf_init(&text);
    for (size_t i = 0; i < n; i++) {
        if (d[i] == '@' && i + 1 < n && d[i + 1] == 'D') {
            buf_append_str(&text, e->dir);
            i++;
        } else {
            char c = d[i] ? (char)d[i] : '?';
            cd_buf_append(&text, &c, 1);
        }
    }
    cd_props_t *in = cd_props_new();
    int line = 0;
    for (char *s = text.data, *next; s && *s; s = next) {
        next = strchr(s, '\n');
        if (next) *next++ = '\0';
        char *eq = strchr(s, '='), key[32];
        if (eq) *eq = '\0';
        snprintf(key, sizeof key, "k%d", line++);
        cd_props_set(in, eq ? s : key, eq ? eq + 1 : s);
    }
    cd_props_t *out = (cd_props_t *)0x1;
    char err[512] = "";
    if (config_providers_resolve(e->cp, in, &out, err, sizeof err) != 0) {
        REQUIRE(out == NULL && err[0], "providers: failure without a message or with a map");
    } else {
        REQUIRE(out && cd_props_count(out) == cd_props_count(in), "providers: entries changed");
        for (size_t i = 0; i < cd_props_count(in); i++) {
            const char *v = cd_props_value_at(in, i);
            REQUIRE(strcmp(cd_props_key_at(in, i), cd_props_key_at(out, i)) == 0,
                    "providers: key %zu changed", i);
            REQUIRE(config_providers_has_reference(v) || strcmp(v, cd_props_value_at(out, i)) == 0,
                    "providers: a value without references changed: %s", v);
        }
        cd_props_destroy(out);
    }
    cd_props_destroy(in);
    buf_free(&text);
}

#endif
