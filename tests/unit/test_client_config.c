/* How the worker's properties become librdkafka settings
 * (kafka/client_config.h): security keys shared by every client, and a
 * Java worker's sasl.jaas.config turned into librdkafka credentials. */
#include <check.h>
#include <librdkafka/rdkafka.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/client_config.h"
#include "kafka/jaas.h"

static void expect_conf(rd_kafka_conf_t *conf, const char *key, const char *want) {
    char v[256];
    size_t n = sizeof v;
    ck_assert_int_eq(rd_kafka_conf_get(conf, key, v, &n), RD_KAFKA_CONF_OK);
    ck_assert_str_eq(v, want);
}

START_TEST(test_jaas_becomes_sasl_credentials) {
    cd_props_t *w = cd_props_new();
    cd_props_set(w, "security.protocol", "SASL_PLAINTEXT");
    cd_props_set(w, "sasl.mechanism", "PLAIN");
    cd_props_set(w, "sasl.jaas.config",
                 "org.apache.kafka.common.security.plain.PlainLoginModule required "
                 "username=\"alice\" password=\"a\\\"b c\";");
    char err[256];
    rd_kafka_conf_t *conf = kafka_client_conf_new("127.0.0.1:1", w, KAFKA_CLIENT_PRODUCER, NULL,
                                                  err, sizeof err);
    ck_assert_msg(conf != NULL, "%s", err);
    expect_conf(conf, "sasl.username", "alice");
    expect_conf(conf, "sasl.password", "a\"b c");
    rd_kafka_conf_destroy(conf);
    /* Explicit librdkafka credentials win over the JAAS entry. */
    cd_props_set(w, "sasl.username", "bob");
    conf = kafka_client_conf_new("127.0.0.1:1", w, KAFKA_CLIENT_CONSUMER, NULL, err, sizeof err);
    ck_assert_msg(conf != NULL, "%s", err);
    expect_conf(conf, "sasl.username", "bob");
    rd_kafka_conf_destroy(conf);
    cd_props_destroy(w);
}
END_TEST

START_TEST(test_jaas_option_parsing) {
    char *v = kafka_jaas_option("X required user=plain password=\"p w\";", "password");
    ck_assert_str_eq(v, "p w");
    free(v);
    v = kafka_jaas_option("X required user=plain;", "user");
    ck_assert_str_eq(v, "plain");
    free(v);
    ck_assert_ptr_null(kafka_jaas_option("X required user=plain;", "password"));
}
END_TEST

Suite *suite_client_config(void);
Suite *suite_client_config(void) {
    Suite *s = suite_create("client_config");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_jaas_becomes_sasl_credentials);
    tcase_add_test(tc, test_jaas_option_parsing);
    suite_add_tcase(s, tc);
    return s;
}
