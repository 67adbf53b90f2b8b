/*
 * HTTP basic authentication of the REST API, as Kafka's
 * BasicAuthSecurityRestExtension does it: users and passwords come from a
 * properties file ("user: password" lines, java.util.Properties syntax),
 * read once at startup. Two ways to enable it:
 *
 *   - rest.extension.classes lists REST_AUTH_EXTENSION_CLASS and KAFKA_OPTS
 *     holds -Djava.security.auth.login.config=<JAAS file> whose
 *     KafkaConnect section names PropertyFileLoginModule with file="...":
 *     the Java worker's setup, unchanged;
 *   - rest.basic.auth.credentials.file=<properties file> (connectd
 *     extension; it wins when both are given).
 *
 * When enabled every request but GET / needs a valid
 * "Authorization: Basic ..." header. As in Kafka, an empty credentials file
 * lets every request through (a warning is logged at startup).
 */
#ifndef CONNECTD_REST_REST_AUTH_H
#define CONNECTD_REST_REST_AUTH_H

#include <connectd/config.h>
#include <stdbool.h>
#include <stddef.h>

#define REST_AUTH_EXTENSION_CLASS \
    "org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension"
#define REST_AUTH_LOGIN_MODULE \
    "org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule"
/* The JAAS section Kafka reads (JaasBasicAuthFilter's CONNECT_LOGIN_MODULE). */
#define REST_AUTH_JAAS_SECTION "KafkaConnect"
#define REST_AUTH_CREDENTIALS_FILE_KEY "rest.basic.auth.credentials.file"
/* What a refused request gets: Kafka's status and body, plus a challenge
 * so that browsers and curl --anyauth know to send credentials. */
#define REST_AUTH_FAILURE_STATUS 401
#define REST_AUTH_FAILURE_BODY "User cannot access the resource."
#define REST_AUTH_CHALLENGE "Basic realm=\"connect\""

typedef struct rest_auth rest_auth_t;

/* Load the credentials (a java.util.Properties file). err names the file;
 * it never holds a password. Returns 0 or -1. */
int rest_auth_load_file(const char *path, rest_auth_t **out, char *err, size_t errlen);
void rest_auth_destroy(rest_auth_t *a);
size_t rest_auth_user_count(const rest_auth_t *a);
const char *rest_auth_path(const rest_auth_t *a); /* the credentials file */

/* From the worker config and the KAFKA_OPTS value (may be NULL): *out is
 * NULL when authentication is off. Fails when rest.extension.classes names
 * a class connectd cannot run, when the JAAS file is missing or lacks the
 * KafkaConnect/PropertyFileLoginModule file option, or when the
 * credentials file cannot be read. Returns 0 or -1. */
int rest_auth_from_config(const cd_props_t *props, const char *kafka_opts, rest_auth_t **out,
                          char *err, size_t errlen);

/* The value of -Djava.security.auth.login.config in a JVM options string
 * (the last one wins; "==path" and "file:" URLs are understood), or NULL.
 * Caller frees. */
char *rest_auth_jaas_path_from_opts(const char *opts);
/* The file="..." option of PropertyFileLoginModule in the KafkaConnect
 * section of JAAS configuration text. Returns 0 with *file set (caller
 * frees), or -1 with err saying what is missing. */
int rest_auth_jaas_credentials_file(const char *jaas_text, char **file, char *err,
                                    size_t errlen);

/* Whether a request needs credentials: everything but GET / does.
 * target is the raw request target (query string allowed). */
bool rest_auth_required(const char *method, const char *target);
/* Whether an Authorization header value (may be NULL) carries a valid
 * user and password. Passwords are compared in constant time. Any thread. */
bool rest_auth_check(const rest_auth_t *a, const char *authorization);

#endif
