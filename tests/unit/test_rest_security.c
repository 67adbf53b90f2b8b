/* REST security: https listeners (rest_tls.h), basic authentication
 * (rest_auth.h) and the server's 401 answer. TLS handshakes themselves are
 * exercised by tests/integration/test_rest_security.sh (curl). */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config/config_def.h"
#include "config/worker_config.h"
#include "convert/base64.h"
#include "rest/listeners.h"
#include "rest/rest_auth.h"
#include "rest/rest_tls.h"
#include "rest/server.h"
#include "util/mem.h"

/* EC P-256 key and self-signed certificate (CN=localhost, valid to 2126);
 * the same key encrypted with the password "kpw". Test material only. */
static const char TEST_KEY[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg97bWOYe9TJssSdh+\n"
    "P44jZRgF17RhSXy9ELWvnAQIDqWhRANCAAQcvQGKfnN3jm+MakNXJGBHRypkJXLv\n"
    "zQrR6VDGohuYnWakFn7fORN5v0rVwu5gFLXm4MyaG7Jhqe021PngtM4Z\n"
    "-----END PRIVATE KEY-----\n";
static const char TEST_CERT[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBfjCCASWgAwIBAgIUV9ALFDAryzYhtWPiw/v0IRQDVJ0wCgYIKoZIzj0EAwIw\n"
    "FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNTE2MDEyMloYDzIxMjYxMTAx\n"
    "MTYwMTIyWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO\n"
    "PQMBBwNCAAQcvQGKfnN3jm+MakNXJGBHRypkJXLvzQrR6VDGohuYnWakFn7fORN5\n"
    "v0rVwu5gFLXm4MyaG7Jhqe021PngtM4Zo1MwUTAdBgNVHQ4EFgQUjh4KRuHSo3wK\n"
    "LbdyL1R5J+Km96AwHwYDVR0jBBgwFoAUjh4KRuHSo3wKLbdyL1R5J+Km96AwDwYD\n"
    "VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiBf4hNJ7tm1YQXX+WuixQQ1\n"
    "rMmBgHfG5wKvMDaVJZM6lwIgRM6FVu+haDOVvY4TK1Hxu+s+azFb18g9fFcInsaD\n"
    "NAQ=\n"
    "-----END CERTIFICATE-----\n";
static const char TEST_KEY_ENCRYPTED[] =
    "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
    "MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAitj7sQLQztXgICCAAw\n"
    "DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEH6SPOv4xVJ4QMFfMHQFlWMEgZAX\n"
    "R3KahQWTZl0gG4gBcSprayBtl23btqPzBHJ5Vmtr3cQ4FvjypASA9DJ1Sxi1gwoG\n"
    "FM/4y329ZUwksvg71UK2KKNw+/Ln1JIPXo5wNsZvI1LvgDdQNkcv3rZGAlQ0iYI+\n"
    "CbgjAT+6JUdimN/Wm4UcopeF4gHkN2YJYeSH7CpqIQ2/GpL44X+DAZv8elkHEqw=\n"
    "-----END ENCRYPTED PRIVATE KEY-----\n";

static char g_dir[64];

static void dir_setup(void) {
    snprintf(g_dir, sizeof g_dir, "/tmp/connectd-ut-sec.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(g_dir));
}

static void dir_teardown(void) {
    char *cmd = xasprintf("rm -rf '%s'", g_dir);
    ck_assert_int_eq(system(cmd), 0);
    free(cmd);
}

/* Write text to g_dir/name; returns the path (caller frees). */
static char *write_file(const char *name, const char *text) {
    char *path = xasprintf("%s/%s", g_dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static cd_props_t *props_of(const char *const *kv) {
    cd_props_t *p = cd_props_new();
    for (; kv[0]; kv += 2) cd_props_set(p, kv[0], kv[1]);
    return p;
}

/* ---- listeners ---------------------------------------------------------- */

START_TEST(test_listeners_https) {
    rest_listener_t *l;
    size_t n;
    char err[256];
    ck_assert_int_eq(
        rest_listeners_parse("http://:8083, HTTPS://127.0.0.1:8443,https://[::1]:0", &l, &n, err,
                             sizeof err),
        0);
    ck_assert_uint_eq(n, 3);
    ck_assert(!l[0].https);
    ck_assert(l[1].https);
    ck_assert_str_eq(l[1].host, "127.0.0.1");
    ck_assert_int_eq(l[1].port, 8443);
    ck_assert(l[2].https);
    ck_assert_str_eq(l[2].host, "::1");
    rest_listeners_free(l, n);
    ck_assert_int_eq(rest_listeners_parse("https://host", &l, &n, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "expected https://host:port"));
    ck_assert_int_eq(rest_listeners_parse("ftps://h:1", &l, &n, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "unknown protocol 'ftps' (expected http or https)"));
}
END_TEST

/* ---- TLS settings --------------------------------------------------------- */

START_TEST(test_pem_split_rewraps) {
    /* A properties value often holds the block on one line. */
    char *one = xasprintf("junk -----BEGIN PRIVATE KEY----- %s -----END PRIVATE KEY-----\n%s",
                          "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg97bWOYe9TJssSdh+"
                          "P44jZRgF17RhSXy9ELWvnAQIDqWhRANCAAQcvQGKfnN3jm+MakNXJGBHRypkJXLv"
                          "zQrR6VDGohuYnWakFn7fORN5v0rVwu5gFLXm4MyaG7Jhqe021PngtM4Z",
                          TEST_CERT);
    char *keys, *certs;
    size_t nk, nc;
    rest_tls_pem_split(one, &keys, &nk, &certs, &nc);
    ck_assert_uint_eq(nk, 1);
    ck_assert_uint_eq(nc, 1);
    ck_assert_str_eq(keys, TEST_KEY);
    ck_assert_str_eq(certs, TEST_CERT);
    free(keys);
    free(certs);
    free(one);
    rest_tls_pem_split("no pem here", &keys, &nk, &certs, &nc);
    ck_assert_ptr_null(keys);
    ck_assert_ptr_null(certs);
    ck_assert_uint_eq(nk + nc, 0);
}
END_TEST

START_TEST(test_priorities) {
    char *p, err[256];
    ck_assert_int_eq(rest_tls_priorities("TLSv1.2,TLSv1.3", "k", &p, err, sizeof err), 0);
    ck_assert_str_eq(p, "NORMAL:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.3");
    free(p);
    ck_assert_int_eq(rest_tls_priorities(" TLSv1.3 ", "k", &p, err, sizeof err), 0);
    ck_assert_str_eq(p, "NORMAL:-VERS-ALL:+VERS-TLS1.3");
    free(p);
    ck_assert_int_eq(rest_tls_priorities("TLSv1.2,SSLv3", "listeners.https.ssl.enabled.protocols",
                                         &p, err, sizeof err),
                     -1);
    ck_assert_str_eq(err, "Invalid value SSLv3 for configuration "
                          "listeners.https.ssl.enabled.protocols: connectd supports TLSv1.3, "
                          "TLSv1.2, TLSv1.1 and TLSv1");
    ck_assert_int_eq(rest_tls_priorities("", "k", &p, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "k is empty"));
}
END_TEST

/* Load with the given key/value pairs; returns the config or NULL (err). */
static rest_tls_config_t *tls_load(const char *const *kv, char *err, size_t errlen) {
    cd_props_t *p = props_of(kv);
    rest_tls_config_t *c = NULL;
    int rc = rest_tls_config_load(p, REST_TLS_PREFIX, &c, err, errlen);
    cd_props_destroy(p);
    ck_assert_int_eq(rc == 0, c != NULL);
    return c;
}

START_TEST(test_tls_keystore_file) {
    char *ks = xasprintf("%s%s", TEST_KEY, TEST_CERT);
    char *path = write_file("ks.pem", ks);
    char err[768];
    /* Bare ssl.* keys apply when no key has the listeners.https. prefix. */
    rest_tls_config_t *c = tls_load(
        (const char *[]){"ssl.keystore.type", "PEM", "ssl.keystore.location", path, NULL}, err,
        sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    ck_assert_str_eq(c->key_pem, TEST_KEY);
    ck_assert_str_eq(c->cert_pem, TEST_CERT);
    ck_assert_ptr_null(c->key_password);
    ck_assert_ptr_null(c->trust_pem);
    ck_assert_int_eq(c->client_auth, REST_TLS_CLIENT_AUTH_NONE);
    ck_assert_str_eq(c->priorities, "NORMAL:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.3");
    ck_assert_ptr_nonnull(strstr(c->source, "ssl.keystore.location"));
    rest_tls_config_destroy(c);
    /* PEM contents without a type are taken as PEM. */
    c = tls_load((const char *[]){"listeners.https.ssl.keystore.location", path, NULL}, err,
                 sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    rest_tls_config_destroy(c);
    /* Kafka's all-or-nothing prefix: one prefixed key hides every bare one. */
    c = tls_load((const char *[]){"ssl.keystore.location", path,
                                  "listeners.https.ssl.client.auth", "none", NULL},
                 err, sizeof err);
    ck_assert_ptr_null(c);
    ck_assert_ptr_nonnull(strstr(err, "set listeners.https.ssl.keystore.location"));
    free(path);
    free(ks);
}
END_TEST

START_TEST(test_tls_keystore_errors) {
    char err[768];
    char *ks = write_file("ks.pem", TEST_CERT); /* no key */
    char *enc = xasprintf("%s%s", TEST_KEY_ENCRYPTED, TEST_CERT);
    char *encp = write_file("enc.pem", enc);
    rest_tls_config_t *c;
    c = tls_load((const char *[]){"listeners.https.ssl.keystore.location", ks, NULL}, err,
                 sizeof err);
    ck_assert_ptr_null(c);
    ck_assert_ptr_nonnull(strstr(err, "listeners.https.ssl.keystore.location"));
    ck_assert_ptr_nonnull(strstr(err, "no PEM private key found"));
    c = tls_load((const char *[]){"listeners.https.ssl.keystore.location", "/nonexistent/x.pem",
                                  NULL},
                 err, sizeof err);
    ck_assert_ptr_null(c);
    ck_assert_str_eq(err, "listeners.https.ssl.keystore.location: cannot read "
                          "'/nonexistent/x.pem': No such file or directory");
    c = tls_load((const char *[]){"listeners.https.ssl.keystore.type", "PKCS12",
                                  "listeners.https.ssl.keystore.location", ks, NULL},
                 err, sizeof err);
    ck_assert_ptr_null(c);
    ck_assert_ptr_nonnull(strstr(err, "listeners.https.ssl.keystore.type=PKCS12: connectd's "
                                      "HTTPS listener reads PEM keystores only"));
    c = tls_load((const char *[]){"ssl.keystore.location", encp, "ssl.keystore.password", "pw",
                                  NULL},
                 err, sizeof err);
    ck_assert_ptr_null(c);
    ck_assert_ptr_nonnull(strstr(err, "ssl.keystore.password: SSL key store password cannot be "
                                      "specified with PEM format"));
    ck_assert_ptr_null(strstr(err, "pw"));
    c = tls_load((const char *[]){"ssl.keystore.location", encp, NULL}, err, sizeof err);
    ck_assert_ptr_null(c);
    ck_assert_ptr_nonnull(strstr(err, "the private key is encrypted; set ssl.key.password"));
    c = tls_load((const char *[]){"ssl.keystore.location", encp, "ssl.key.password", "kpw", NULL},
                 err, sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    ck_assert_str_eq(c->key_password, "kpw");
    rest_tls_config_destroy(c);
    c = tls_load((const char *[]){"ssl.keystore.key", TEST_KEY, NULL}, err, sizeof err);
    ck_assert_ptr_null(c);
    ck_assert_ptr_nonnull(strstr(err, "ssl.keystore.key is set but "
                                      "ssl.keystore.certificate.chain is not"));
    c = tls_load((const char *[]){"ssl.keystore.key", TEST_KEY, "ssl.keystore.certificate.chain",
                                  TEST_CERT, "ssl.cipher.suites",
                                  "TLS_AES_128_GCM_SHA256", NULL},
                 err, sizeof err);
    ck_assert_ptr_null(c);
    ck_assert_ptr_nonnull(strstr(err, "ssl.cipher.suites: choosing cipher suites"));
    free(ks);
    free(enc);
    free(encp);
}
END_TEST

START_TEST(test_tls_client_auth) {
    char err[768];
    rest_tls_config_t *c;
    c = tls_load((const char *[]){"ssl.keystore.key", TEST_KEY, "ssl.keystore.certificate.chain",
                                  TEST_CERT, "ssl.client.auth", "required", NULL},
                 err, sizeof err);
    ck_assert_ptr_null(c);
    ck_assert_ptr_nonnull(strstr(err, "ssl.client.auth=required needs a truststore"));
    c = tls_load((const char *[]){"ssl.keystore.key", TEST_KEY, "ssl.keystore.certificate.chain",
                                  TEST_CERT, "ssl.client.auth", "sometimes", NULL},
                 err, sizeof err);
    ck_assert_ptr_null(c);
    ck_assert_str_eq(err, "Invalid value sometimes for configuration ssl.client.auth: String "
                          "must be one of: required, requested, none");
    c = tls_load((const char *[]){"ssl.keystore.key", TEST_KEY, "ssl.keystore.certificate.chain",
                                  TEST_CERT, "ssl.client.auth", "requested",
                                  "ssl.truststore.certificates", TEST_CERT, NULL},
                 err, sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    ck_assert_int_eq(c->client_auth, REST_TLS_CLIENT_AUTH_REQUESTED);
    ck_assert_str_eq(c->trust_pem, TEST_CERT);
    ck_assert_int_eq(rest_tls_verify_client(NULL, REST_TLS_CLIENT_AUTH_NONE, err, sizeof err), 0);
    rest_tls_config_destroy(c);
}
END_TEST

/* ---- basic authentication -------------------------------------------------- */

/* The text decoded as rest_auth_check decodes credentials (Java's
 * Base64.getDecoder()), NUL-terminated in a static buffer; NULL when
 * rejected. */
static const char *java_base64(const char *in, size_t *len) {
    static char buf[64];
    ck_assert_uint_lt(BASE64_DECODED_MAX(strlen(in)), sizeof buf);
    if (base64_decode_into(in, strlen(in), BASE64_JAVA_BASIC, (uint8_t *)buf, len) != 0)
        return NULL;
    buf[*len] = '\0';
    return buf;
}

START_TEST(test_base64) {
    size_t len;
    ck_assert_str_eq(java_base64("YWRtaW46czNjcmV0", &len), "admin:s3cret");
    ck_assert_uint_eq(len, 12);
    ck_assert_str_eq(java_base64("YTpi", &len), "a:b");
    ck_assert_str_eq(java_base64("YTpiYw==", &len), "a:bc");
    ck_assert_str_eq(java_base64("YTpiYw", &len), "a:bc"); /* padding is optional */
    ck_assert_str_eq(java_base64("YTpiYmM", &len), "a:bbc");
    ck_assert_str_eq(java_base64("YTpiYmM=", &len), "a:bbc");
    ck_assert_str_eq(java_base64("", &len), "");
    ck_assert_ptr_null(java_base64("YTpiYw=", &len)); /* padding, but not all of it */
    ck_assert_ptr_null(java_base64("YTp*", &len));
    ck_assert_ptr_null(java_base64("YTpiY", &len));
    ck_assert_ptr_null(java_base64("YQ==YQ==", &len));
    ck_assert_ptr_null(java_base64("YTpiYmM==", &len));
    ck_assert_ptr_null(java_base64("=", &len));
    /* Java's basic decoder takes no whitespace, where Jackson (JSON BYTES,
     * the arena decoder) skips it between groups and requires padding. */
    ck_assert_ptr_null(java_base64("YTpi YQ==", &len));
    ck_assert_ptr_null(java_base64(" YTpi", &len));
    cd_arena_t *arena = cd_arena_new(0);
    const uint8_t *bytes;
    ck_assert_int_eq(base64_decode(arena, "YTpi YQ==", 9, &bytes, &len), 0);
    ck_assert_uint_eq(len, 4);
    ck_assert_int_eq(memcmp(bytes, "a:ba", 4), 0);
    ck_assert_int_eq(base64_decode(arena, "YTpiYw", 6, &bytes, &len), -1);
    cd_arena_destroy(arena);
}
END_TEST

START_TEST(test_jaas_opts) {
    char *p = rest_auth_jaas_path_from_opts(
        "-Xmx1g -Djava.security.auth.login.config=/etc/kafka/jaas.conf -Dfoo=bar");
    ck_assert_str_eq(p, "/etc/kafka/jaas.conf");
    free(p);
    p = rest_auth_jaas_path_from_opts("-Djava.security.auth.login.config=/a "
                                      "\"-Djava.security.auth.login.config==file:/b c.conf\"");
    ck_assert_str_eq(p, "/b c.conf");
    free(p);
    ck_assert_ptr_null(rest_auth_jaas_path_from_opts("-Xmx1g"));
    ck_assert_ptr_null(rest_auth_jaas_path_from_opts(NULL));
}
END_TEST

START_TEST(test_jaas_file_option) {
    char *file, err[512];
    const char *jaas =
        "// Kafka's broker section comes first\n"
        "KafkaServer { org.apache.kafka.common.security.plain.PlainLoginModule required\n"
        "  username=\"a\" password=\"b\"; };\n"
        "/* the REST API */\n"
        "KafkaConnect {\n"
        "  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required\n"
        "  file=\"/etc/kafka/connect.password\";\n"
        "};\n";
    ck_assert_int_eq(rest_auth_jaas_credentials_file(jaas, &file, err, sizeof err), 0);
    ck_assert_str_eq(file, "/etc/kafka/connect.password");
    free(file);
    ck_assert_int_eq(rest_auth_jaas_credentials_file("KafkaServer { x required; };", &file, err,
                                                     sizeof err),
                     -1);
    ck_assert_str_eq(err, "no KafkaConnect section");
    ck_assert_int_eq(
        rest_auth_jaas_credentials_file("KafkaConnect { com.example.Ldap required url=x; };",
                                        &file, err, sizeof err),
        -1);
    ck_assert_ptr_nonnull(strstr(err, "uses com.example.Ldap; connectd supports only"));
    ck_assert_int_eq(rest_auth_jaas_credentials_file(
                         "KafkaConnect { " REST_AUTH_LOGIN_MODULE " required; };", &file, err,
                         sizeof err),
                     -1);
    ck_assert_ptr_nonnull(strstr(err, "Property Credentials file must be specified"));
    ck_assert_int_eq(rest_auth_jaas_credentials_file("KafkaConnect {\n x required file=\"y\"",
                                                     &file, err, sizeof err),
                     -1);
    ck_assert_str_eq(err, "syntax error on line 2 (unexpected end)");
    ck_assert_ptr_null(file);
}
END_TEST

START_TEST(test_auth_check) {
    char *path = write_file("creds.properties", "admin: s3cret\nbob=pa:ss\n# comment\n");
    rest_auth_t *a;
    char err[512];
    ck_assert_int_eq(rest_auth_load_file(path, &a, err, sizeof err), 0);
    ck_assert_uint_eq(rest_auth_user_count(a), 2);
    ck_assert(rest_auth_check(a, "Basic YWRtaW46czNjcmV0"));  /* admin:s3cret */
    ck_assert(rest_auth_check(a, "basic YWRtaW46czNjcmV0"));  /* scheme in any case */
    ck_assert(rest_auth_check(a, "Basic Ym9iOnBhOnNz"));      /* bob:pa:ss */
    ck_assert(!rest_auth_check(a, "Basic YWRtaW46czNjcmV1")); /* admin:s3creu */
    ck_assert(!rest_auth_check(a, "Basic YWRtaW46czNjcmV0eA==")); /* admin:s3cretx */
    ck_assert(!rest_auth_check(a, "Basic YWRtaW46"));             /* admin: */
    ck_assert(!rest_auth_check(a, "Basic ZXZlOnMzY3JldA=="));     /* eve:s3cret */
    ck_assert(!rest_auth_check(a, "Basic OnMzY3JldA=="));         /* :s3cret */
    ck_assert(!rest_auth_check(a, "Basic YWRtaW4="));             /* admin */
    ck_assert(!rest_auth_check(a, "Bearer YWRtaW46czNjcmV0"));
    ck_assert(!rest_auth_check(a, "Basic not-base64!"));
    ck_assert(!rest_auth_check(a, "BasicYWRtaW46czNjcmV0"));
    ck_assert(!rest_auth_check(a, NULL));
    rest_auth_destroy(a);
    free(path);
    /* Kafka: an empty credentials file lets every request through. */
    path = write_file("empty.properties", "# nobody\n");
    ck_assert_int_eq(rest_auth_load_file(path, &a, err, sizeof err), 0);
    ck_assert(rest_auth_check(a, NULL));
    rest_auth_destroy(a);
    free(path);
    ck_assert_int_eq(rest_auth_load_file("/nonexistent/creds", &a, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent/creds"));
}
END_TEST

START_TEST(test_auth_required) {
    ck_assert(!rest_auth_required("GET", "/"));
    ck_assert(!rest_auth_required("GET", "/?x=1"));
    ck_assert(rest_auth_required("HEAD", "/"));
    ck_assert(rest_auth_required("POST", "/"));
    ck_assert(rest_auth_required("GET", "/connectors"));
    ck_assert(rest_auth_required("GET", "//"));
    ck_assert(rest_auth_required("GET", "/health"));
}
END_TEST

START_TEST(test_auth_from_config) {
    char *creds = write_file("creds.properties", "admin: s3cret\n");
    char *jaas_text = xasprintf("KafkaConnect { %s required file=\"%s\"; };",
                                REST_AUTH_LOGIN_MODULE, creds);
    char *jaas = write_file("jaas.conf", jaas_text);
    char *opts = xasprintf("-Djava.security.auth.login.config=%s", jaas);
    char err[768];
    rest_auth_t *a;
    cd_props_t *p = cd_props_new();
    ck_assert_int_eq(rest_auth_from_config(p, opts, &a, err, sizeof err), 0);
    ck_assert_ptr_null(a); /* nothing asks for it */
    cd_props_set(p, WORKER_REST_EXTENSION_CLASSES, REST_AUTH_EXTENSION_CLASS);
    ck_assert_int_eq(rest_auth_from_config(p, opts, &a, err, sizeof err), 0);
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(rest_auth_path(a), creds);
    ck_assert(rest_auth_check(a, "Basic YWRtaW46czNjcmV0"));
    rest_auth_destroy(a);
    ck_assert_int_eq(rest_auth_from_config(p, "-Xmx1g", &a, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "no JAAS file is given"));
    /* The connectd key wins over the JAAS file. */
    char *other = write_file("other.properties", "carol: pw\n");
    cd_props_set(p, WORKER_REST_BASIC_AUTH_CREDENTIALS_FILE, other);
    ck_assert_int_eq(rest_auth_from_config(p, NULL, &a, err, sizeof err), 0);
    ck_assert_str_eq(rest_auth_path(a), other);
    rest_auth_destroy(a);
    cd_props_set(p, WORKER_REST_EXTENSION_CLASSES,
                 REST_AUTH_EXTENSION_CLASS ", com.example.AuditExtension");
    ck_assert_int_eq(rest_auth_from_config(p, NULL, &a, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "cannot run the Java REST extension "
                                      "com.example.AuditExtension"));
    cd_props_destroy(p);
    free(other);
    free(opts);
    free(jaas);
    free(jaas_text);
    free(creds);
}
END_TEST

START_TEST(test_worker_config_declares_keys) {
    const cd_config_def_t *defs = worker_config_defs();
    const char *keys[] = {"ssl.keystore.type", "ssl.keystore.location", "ssl.key.password",
                          "ssl.keystore.key", "ssl.truststore.location",
                          "ssl.enabled.protocols", WORKER_REST_BASIC_AUTH_CREDENTIALS_FILE};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        ck_assert_msg(config_def_find(defs, keys[i]) != NULL, "%s not declared", keys[i]);
    ck_assert_int_eq(config_def_find(defs, "ssl.key.password")->type, CD_CFG_PASSWORD);
}
END_TEST

/* ---- the server ------------------------------------------------------------- */

static int no_names(herder_t *h, char ***names, size_t *n) {
    (void)h;
    *names = NULL;
    *n = 0;
    return HERDER_OK;
}
static const char *cluster_id(herder_t *h) {
    (void)h;
    return "test-cluster";
}
static const herder_ops_t mini_ops = {
    .connector_names = no_names, .kafka_cluster_id = cluster_id, .worker_id = cluster_id};
static herder_t g_mini = {&mini_ops};

/* One request over plain HTTP; the raw response (caller frees). */
static char *raw_request(int port, const char *method, const char *target, const char *extra) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    char *req = xasprintf("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s\r\n",
                          method, target, extra ? extra : "");
    ck_assert_int_eq(send(fd, req, strlen(req), MSG_NOSIGNAL), (ssize_t)strlen(req));
    free(req);
    size_t cap = 8192, len = 0;
    char *out = xmalloc(cap);
    ssize_t n;
    while ((n = recv(fd, out + len, cap - len - 1, 0)) > 0) len += (size_t)n;
    out[len] = '\0';
    close(fd);
    return out;
}

START_TEST(test_server_basic_auth) {
    char *creds = write_file("creds.properties", "admin: s3cret\n");
    cd_props_t *p = props_of((const char *[]){"listeners", "http://127.0.0.1:0",
                                              WORKER_REST_BASIC_AUTH_CREDENTIALS_FILE, creds,
                                              NULL});
    char err[768];
    rest_server_t *srv = rest_server_new_config(p, &g_mini, NULL, err, sizeof err);
    ck_assert_msg(srv != NULL, "%s", err);
    int port = rest_server_port(srv);
    char *r = raw_request(port, "GET", "/connectors", NULL);
    ck_assert_msg(strncmp(r, "HTTP/1.1 401 ", 13) == 0, "%s", r);
    ck_assert_ptr_nonnull(strstr(r, "\r\nWWW-Authenticate: Basic realm=\"connect\"\r\n"));
    ck_assert_ptr_nonnull(strstr(r, "\r\nContent-Type: application/json\r\n"));
    ck_assert_ptr_nonnull(strstr(r, "\r\n\r\nUser cannot access the resource."));
    free(r);
    r = raw_request(port, "DELETE", "/connectors/x", "Authorization: Basic YWRtaW46d3Jvbmc=\r\n");
    ck_assert_msg(strncmp(r, "HTTP/1.1 401 ", 13) == 0, "%s", r);
    free(r);
    r = raw_request(port, "GET", "/connectors", "Authorization: Basic YWRtaW46czNjcmV0\r\n");
    ck_assert_msg(strncmp(r, "HTTP/1.1 200 ", 13) == 0, "%s", r);
    ck_assert_ptr_nonnull(strstr(r, "\r\n\r\n[]"));
    free(r);
    r = raw_request(port, "GET", "/", NULL); /* the one open route */
    ck_assert_msg(strncmp(r, "HTTP/1.1 200 ", 13) == 0, "%s", r);
    ck_assert_ptr_nonnull(strstr(r, "test-cluster"));
    free(r);
    rest_server_destroy(srv);
    cd_props_destroy(p);
    free(creds);
}
END_TEST

START_TEST(test_server_https_startup) {
    char err[768];
    char *ks = xasprintf("%s%s", TEST_KEY_ENCRYPTED, TEST_CERT);
    char *path = write_file("ks.pem", ks);
    cd_props_t *p = props_of((const char *[]){"listeners", "https://127.0.0.1:0,http://127.0.0.1:0",
                                              "listeners.https.ssl.keystore.location", path,
                                              "listeners.https.ssl.key.password", "kpw", NULL});
    if (!rest_tls_supported()) {
        ck_assert_ptr_null(rest_server_new_config(p, &g_mini, NULL, err, sizeof err));
        ck_assert_ptr_nonnull(strstr(err, "MHD_FEATURE_TLS"));
    } else {
        rest_server_t *srv = rest_server_new_config(p, &g_mini, NULL, err, sizeof err);
        ck_assert_msg(srv != NULL, "%s", err);
        ck_assert_uint_eq(rest_server_listener_count(srv), 2);
        ck_assert_int_gt(rest_server_port_at(srv, 0), 0);
        rest_server_destroy(srv);
        /* A wrong key password: the worker must not start, and says which
         * keystore it could not use. */
        cd_props_set(p, "listeners.https.ssl.key.password", "wrong");
        ck_assert_ptr_null(rest_server_new_config(p, &g_mini, NULL, err, sizeof err));
        ck_assert_ptr_nonnull(strstr(err, "listener 'https://127.0.0.1:0': cannot use the "
                                          "keystore from listeners.https.ssl.keystore.location"));
        ck_assert_ptr_null(strstr(err, "wrong"));
    }
    /* Without any keystore the https listener is refused. */
    ck_assert_ptr_null(rest_server_new("https://127.0.0.1:0", &g_mini, NULL, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "https://127.0.0.1:0"));
    cd_props_destroy(p);
    free(path);
    free(ks);
}
END_TEST

Suite *suite_rest_security(void);
Suite *suite_rest_security(void) {
    Suite *s = suite_create("rest_security");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, dir_setup, dir_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_listeners_https);
    tcase_add_test(tc, test_pem_split_rewraps);
    tcase_add_test(tc, test_priorities);
    tcase_add_test(tc, test_tls_keystore_file);
    tcase_add_test(tc, test_tls_keystore_errors);
    tcase_add_test(tc, test_tls_client_auth);
    tcase_add_test(tc, test_base64);
    tcase_add_test(tc, test_jaas_opts);
    tcase_add_test(tc, test_jaas_file_option);
    tcase_add_test(tc, test_auth_check);
    tcase_add_test(tc, test_auth_required);
    tcase_add_test(tc, test_auth_from_config);
    tcase_add_test(tc, test_worker_config_declares_keys);
    tcase_add_test(tc, test_server_basic_auth);
    tcase_add_test(tc, test_server_https_startup);
    suite_add_tcase(s, tc);
    return s;
}
