/*
 * Framework connector config tables; see connector_config.h. Docs, display
 * names and messages are Kafka's text, kept verbatim because they are shown
 * by the REST API and compared by clients.
 */
#include "config/connector_config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/config_def.h"
#include "config/regex.h"
#include "util/buf.h"
#include "util/mem.h"

#define COMMON_GROUP "Common"
#define TRANSFORMS_GROUP "Transforms"
#define PREDICATES_GROUP "Predicates"
#define ERROR_GROUP "Error Handling"
#define TOPIC_CREATION_GROUP "Topic Creation"
#define EOS_GROUP "Exactly Once Support"
#define OFFSETS_TOPIC_GROUP "offsets.topic"

/* ---- validators with Kafka's messages ---------------------------------- */

/* NonEmptyStringWithoutControlChars: lists the ISO control code points
 * (U+0000-U+001F, U+007F-U+009F) found in the value. */
static int validate_name(const char *key, const char *value, cd_error_t *err) {
    if (!*value)
        return cd_error_set(err, CD_ERR_CONFIG,
                            "Invalid value  for configuration %s: String may not be empty", key);
    buf_t found;
    buf_init(&found);
    const unsigned char *p = (const unsigned char *)value;
    while (*p) {
        unsigned cp = *p;
        size_t len = 1;
        if (cp >= 0xC0 && cp < 0xE0 && (p[1] & 0xC0) == 0x80) {
            cp = ((cp & 0x1Fu) << 6) | (p[1] & 0x3Fu);
            len = 2;
        }
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
            buf_appendf(&found, "%s%u", found.len ? ", " : "", cp);
        p += len;
    }
    int rc = 0;
    if (found.len)
        rc = cd_error_set(err, CD_ERR_CONFIG,
                          "Invalid value %s for configuration %s: String may not contain control "
                          "sequences but had the following ASCII chars: %s",
                          value, key, found.data);
    buf_free(&found);
    return rc;
}

/* Kafka's aliasValidator: aliases must be unique. The value is shown as a
 * Java list, "[a, b, a]". */
static int validate_unique_aliases(const char *key, const char *value, cd_error_t *err) {
    size_t n;
    char **items = config_split_list(value, &n);
    bool dup = false;
    for (size_t i = 0; i < n && !dup; i++)
        for (size_t j = 0; j < i && !dup; j++) dup = strcmp(items[i], items[j]) == 0;
    int rc = 0;
    if (dup) {
        buf_t b;
        buf_init(&b);
        buf_append_str(&b, "[");
        for (size_t i = 0; i < n; i++) buf_appendf(&b, "%s%s", i ? ", " : "", items[i]);
        buf_append_str(&b, "]");
        rc = cd_error_set(err, CD_ERR_CONFIG,
                          "Invalid value %s for configuration %s: Duplicate alias provided.",
                          b.data, key);
        buf_free(&b);
    }
    free(items);
    return rc;
}

/* CaseInsensitiveValidString keeps upper-cased choices in a HashSet; the
 * message lists them in that set's iteration order, reproduced here. */
static int validate_ci_choice(const char *key, const char *value, const char *const *choices,
                              const char *listed, cd_error_t *err) {
    for (const char *const *c = choices; *c; c++)
        if (strcasecmp(*c, value) == 0) return 0;
    return cd_error_set(err, CD_ERR_CONFIG,
                        "Invalid value %s for configuration %s: String must be one of (case "
                        "insensitive): %s",
                        value, key, listed);
}

static int validate_eos_support(const char *key, const char *value, cd_error_t *err) {
    static const char *const choices[] = {"requested", "required", NULL};
    return validate_ci_choice(key, value, choices, "REQUIRED, REQUESTED", err);
}

static int validate_tx_boundary(const char *key, const char *value, cd_error_t *err) {
    static const char *const choices[] = {"poll", "interval", "connector", NULL};
    return validate_ci_choice(key, value, choices, "INTERVAL, POLL, CONNECTOR", err);
}

/* Range.atLeast(0), but only for a non-null value. */
static int validate_non_negative(const char *key, const char *value, cd_error_t *err) {
    int64_t n;
    if (config_parse_integer(value, INT64_MIN, INT64_MAX, &n) && n < 0)
        return cd_error_set(err, CD_ERR_CONFIG,
                            "Invalid value %lld for configuration %s: Value must be at least 0",
                            (long long)n, key);
    return 0;
}

/* ---- tables -------------------------------------------------------------- */

static const char *const TOLERANCE_CHOICES[] = {"none", "all", NULL};
static const char *const RELOAD_CHOICES[] = {"none", "restart", NULL};

#define KEY_CONVERTER_DOC                                                                        \
    "Converter class used to convert between Kafka Connect format and the serialized form "    \
    "that is written to Kafka. This controls the format of the keys in messages written to or " \
    "read from Kafka, and since this is independent of connectors it allows any connector to "  \
    "work with any serialization format. Examples of common formats include JSON and Avro."
#define VALUE_CONVERTER_DOC                                                                      \
    "Converter class used to convert between Kafka Connect format and the serialized form "    \
    "that is written to Kafka. This controls the format of the values in messages written to " \
    "or read from Kafka, and since this is independent of connectors it allows any connector "  \
    "to work with any serialization format. Examples of common formats include JSON and Avro."
#define HEADER_CONVERTER_DOC                                                                     \
    "HeaderConverter class used to convert between Kafka Connect format and the serialized "   \
    "form that is written to Kafka. This controls the format of the header values in messages " \
    "written to or read from Kafka, and since this is independent of connectors it allows any " \
    "connector to work with any serialization format. Examples of common formats include JSON " \
    "and Avro. By default, the SimpleHeaderConverter is used to serialize header values to "    \
    "strings and deserialize them by inferring the schemas."

static const cd_config_def_t COMMON_DEFS[] = {
    {.name = "name", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Globally unique name to use for this connector.", .group = COMMON_GROUP,
     .width = CD_WIDTH_MEDIUM, .display_name = "Connector name", .flags = CD_CFG_F_REQUIRED,
     .validator = validate_name},
    {.name = "connector.class", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_HIGH,
     .documentation =
         "Name or alias of the class for this connector. Must be a subclass of "
         "org.apache.kafka.connect.connector.Connector. If the connector is "
         "org.apache.kafka.connect.file.FileStreamSinkConnector, you can either specify this "
         "full name,  or use \"FileStreamSink\" or \"FileStreamSinkConnector\" to make the "
         "configuration a bit shorter",
     .group = COMMON_GROUP, .width = CD_WIDTH_LONG, .display_name = "Connector class",
     .flags = CD_CFG_F_REQUIRED},
    {.name = "connector.plugin.version", .type = CD_CFG_STRING,
     .importance = CD_IMPORTANCE_MEDIUM, .documentation = "Version of the connector.",
     .group = COMMON_GROUP, .width = CD_WIDTH_MEDIUM, .display_name = "Connector version"},
    {.name = "tasks.max", .type = CD_CFG_INT, .default_value = "1",
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Maximum number of tasks to use for this connector.", .group = COMMON_GROUP,
     .width = CD_WIDTH_SHORT, .display_name = "Tasks max", .flags = CD_CFG_F_HAS_MIN, .min = 1},
    {.name = "tasks.max.enforce", .type = CD_CFG_BOOLEAN, .default_value = "true",
     .importance = CD_IMPORTANCE_LOW,
     .documentation =
         "(Deprecated) Whether to enforce that the tasks.max property is respected by the "
         "connector. By default, connectors that generate too many tasks will fail, and existing "
         "sets of tasks that exceed the tasks.max property will also be failed. If this property "
         "is set to false, then connectors will be allowed to generate more than the maximum "
         "number of tasks, and existing sets of tasks that exceed the tasks.max property will be "
         "allowed to run. This property is deprecated and will be removed in an upcoming major "
         "release.",
     .group = COMMON_GROUP, .width = CD_WIDTH_SHORT, .display_name = "Enforce tasks max"},
    {.name = "key.converter", .type = CD_CFG_CLASS, .importance = CD_IMPORTANCE_LOW,
     .documentation = KEY_CONVERTER_DOC, .group = COMMON_GROUP, .width = CD_WIDTH_SHORT,
     .display_name = "Key converter class"},
    {.name = "key.converter.plugin.version", .type = CD_CFG_STRING,
     .importance = CD_IMPORTANCE_LOW, .documentation = "Version of the key converter.",
     .group = COMMON_GROUP, .width = CD_WIDTH_SHORT, .display_name = "Key converter version"},
    {.name = "value.converter", .type = CD_CFG_CLASS, .importance = CD_IMPORTANCE_LOW,
     .documentation = VALUE_CONVERTER_DOC, .group = COMMON_GROUP, .width = CD_WIDTH_SHORT,
     .display_name = "Value converter class"},
    {.name = "value.converter.plugin.version", .type = CD_CFG_STRING,
     .importance = CD_IMPORTANCE_LOW, .documentation = "Version of the value converter.",
     .group = COMMON_GROUP, .width = CD_WIDTH_SHORT, .display_name = "Value converter version"},
    {.name = "header.converter", .type = CD_CFG_CLASS, .importance = CD_IMPORTANCE_LOW,
     .documentation = HEADER_CONVERTER_DOC, .group = COMMON_GROUP, .width = CD_WIDTH_SHORT,
     .display_name = "Header converter class"},
    {.name = "header.converter.plugin.version", .type = CD_CFG_STRING,
     .importance = CD_IMPORTANCE_LOW, .documentation = "Version of the header converter.",
     .group = COMMON_GROUP, .width = CD_WIDTH_SHORT, .display_name = "Header converter version"},
    {.name = "transforms", .type = CD_CFG_LIST, .default_value = "",
     .importance = CD_IMPORTANCE_LOW,
     .documentation = "Aliases for the transformations to be applied to records.",
     .group = TRANSFORMS_GROUP, .width = CD_WIDTH_LONG, .display_name = "Transforms",
     .validator = validate_unique_aliases},
    {.name = "predicates", .type = CD_CFG_LIST, .default_value = "",
     .importance = CD_IMPORTANCE_LOW,
     .documentation = "Aliases for the predicates used by transformations.",
     .group = PREDICATES_GROUP, .width = CD_WIDTH_LONG, .display_name = "Predicates",
     .validator = validate_unique_aliases},
    {.name = "config.action.reload", .type = CD_CFG_STRING, .default_value = "restart",
     .importance = CD_IMPORTANCE_LOW,
     .documentation =
         "The action that Connect should take on the connector when changes in external "
         "configuration providers result in a change in the connector's configuration "
         "properties. A value of 'none' indicates that Connect will do nothing. A value of "
         "'restart' indicates that Connect should restart/reload the connector with the updated "
         "configuration properties.The restart may actually be scheduled in the future if the "
         "external configuration provider indicates that a configuration value will expire in "
         "the future.",
     .group = COMMON_GROUP, .width = CD_WIDTH_MEDIUM, .display_name = "Reload Action",
     .choices = RELOAD_CHOICES},
    {.name = "errors.retry.timeout", .type = CD_CFG_LONG, .default_value = "0",
     .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "The maximum duration in milliseconds that a failed operation will be "
                      "reattempted. The default is 0, which means no retries will be attempted. "
                      "Use -1 for infinite retries.",
     .group = ERROR_GROUP, .width = CD_WIDTH_MEDIUM, .display_name = "Retry Timeout for Errors"},
    {.name = "errors.retry.delay.max.ms", .type = CD_CFG_LONG, .default_value = "60000",
     .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "The maximum duration in milliseconds between consecutive retry attempts. "
                      "Jitter will be added to the delay once this limit is reached to prevent "
                      "thundering herd issues.",
     .group = ERROR_GROUP, .width = CD_WIDTH_MEDIUM,
     .display_name = "Maximum Delay Between Retries for Errors"},
    {.name = "errors.tolerance", .type = CD_CFG_STRING, .default_value = "none",
     .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "Behavior for tolerating errors during connector operation. 'none' is the "
                      "default value and signals that any error will result in an immediate "
                      "connector task failure; 'all' changes the behavior to skip over "
                      "problematic records.",
     .group = ERROR_GROUP, .width = CD_WIDTH_SHORT, .display_name = "Error Tolerance",
     .choices = TOLERANCE_CHOICES},
    {.name = "errors.log.enable", .type = CD_CFG_BOOLEAN, .default_value = "false",
     .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "If true, write each error and the details of the failed operation and "
                      "problematic record to the Connect application log. This is 'false' by "
                      "default, so that only errors that are not tolerated are reported.",
     .group = ERROR_GROUP, .width = CD_WIDTH_SHORT, .display_name = "Log Errors"},
    {.name = "errors.log.include.messages", .type = CD_CFG_BOOLEAN, .default_value = "false",
     .importance = CD_IMPORTANCE_MEDIUM,
     .documentation =
         "Whether to include in the log the Connect record that resulted in a failure. For sink "
         "records, the topic, partition, offset, and timestamp will be logged. For source "
         "records, the key and value (and their schemas), all headers, and the timestamp, Kafka "
         "topic, Kafka partition, source partition, and source offset will be logged. This is "
         "'false' by default, which will prevent record keys, values, and headers from being "
         "written to log files.",
     .group = ERROR_GROUP, .width = CD_WIDTH_SHORT, .display_name = "Log Error Details"},
    {.name = NULL},
};

static const cd_config_def_t SOURCE_DEFS[] = {
    {.name = "topic.creation.groups", .type = CD_CFG_LIST, .default_value = "",
     .importance = CD_IMPORTANCE_LOW,
     .documentation = "Groups of configurations for topics created by source connectors",
     .group = TOPIC_CREATION_GROUP, .width = CD_WIDTH_LONG,
     .display_name = "Topic Creation Groups", .validator = validate_unique_aliases},
    {.name = "exactly.once.support", .type = CD_CFG_STRING, .default_value = "requested",
     .importance = CD_IMPORTANCE_MEDIUM,
     .documentation =
         "Permitted values are requested, required. If set to \"required\", forces a preflight "
         "check for the connector to ensure that it can provide exactly-once semantics with the "
         "given configuration. Some connectors may be capable of providing exactly-once "
         "semantics but not signal to Connect that they support this; in that case, "
         "documentation for the connector should be consulted carefully before creating it, and "
         "the value for this property should be set to \"requested\". Additionally, if the value "
         "is set to \"required\" but the worker that performs preflight validation does not have "
         "exactly-once support enabled for source connectors, requests to create or validate the "
         "connector will fail.",
     .group = EOS_GROUP, .width = CD_WIDTH_SHORT, .display_name = "Exactly once support",
     .validator = validate_eos_support},
    {.name = "transaction.boundary", .type = CD_CFG_STRING, .default_value = "poll",
     .importance = CD_IMPORTANCE_MEDIUM,
     .documentation =
         "Permitted values are: poll, interval, connector. If set to 'poll', a new producer "
         "transaction will be started and committed for every batch of records that each task "
         "from this connector provides to Connect. If set to 'connector', relies on "
         "connector-defined transaction boundaries; note that not all connectors are capable of "
         "defining their own transaction boundaries, and in that case, attempts to instantiate a "
         "connector with this value will fail. Finally, if set to 'interval', commits "
         "transactions only after a user-defined time interval has passed.",
     .group = EOS_GROUP, .width = CD_WIDTH_SHORT, .display_name = "Transaction Boundary",
     .validator = validate_tx_boundary},
    {.name = "transaction.boundary.interval.ms", .type = CD_CFG_LONG,
     .importance = CD_IMPORTANCE_LOW,
     .documentation =
         "If 'transaction.boundary' is set to 'interval', determines the interval for producer "
         "transaction commits by connector tasks. If unset, defaults to the value of the "
         "worker-level 'offset.flush.interval.ms' property. It has no effect if a different "
         "transaction.boundary is specified.",
     .group = EOS_GROUP, .width = CD_WIDTH_SHORT, .display_name = "Transaction boundary interval",
     .validator = validate_non_negative},
    {.name = "offsets.storage.topic", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_LOW,
     .documentation =
         "The name of a separate offsets topic to use for this connector. If empty or not "
         "specified, the worker\xe2\x80\x99s global offsets topic name will be used. If "
         "specified, the offsets topic will be created if it does not already exist on the Kafka "
         "cluster targeted by this connector (which may be different from the one used for the "
         "worker's global offsets topic if the bootstrap.servers property of the connector's "
         "producer has been overridden from the worker's). Only applicable in distributed mode; "
         "in standalone mode, setting this property will have no effect.",
     .group = OFFSETS_TOPIC_GROUP, .width = CD_WIDTH_LONG, .display_name = "Offsets topic",
     .flags = CD_CFG_F_NONEMPTY},
    {.name = NULL},
};

static const cd_config_def_t SINK_DEFS[] = {
    {.name = "topics", .type = CD_CFG_LIST, .default_value = "",
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "List of topics to consume, separated by commas", .group = COMMON_GROUP,
     .width = CD_WIDTH_LONG, .display_name = "Topics"},
    {.name = "topics.regex", .type = CD_CFG_STRING, .default_value = "",
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Regular expression giving topics to consume. Under the hood, the regex is "
                      "compiled to a <code>java.util.regex.Pattern</code>. Only one of topics or "
                      "topics.regex should be specified.",
     .group = COMMON_GROUP, .width = CD_WIDTH_LONG, .display_name = "Topics regex",
     .flags = CD_CFG_F_REGEX},
    {.name = "errors.deadletterqueue.topic.name", .type = CD_CFG_STRING, .default_value = "",
     .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "The name of the topic to be used as the dead letter queue (DLQ) for "
                      "messages that result in an error when processed by this sink connector, "
                      "or its transformations or converters. The topic name is blank by default, "
                      "which means that no messages are to be recorded in the DLQ.",
     .group = ERROR_GROUP, .width = CD_WIDTH_MEDIUM,
     .display_name = "Dead Letter Queue Topic Name"},
    {.name = "errors.deadletterqueue.topic.replication.factor", .type = CD_CFG_SHORT,
     .default_value = "3", .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "Replication factor used to create the dead letter queue topic when it "
                      "doesn't already exist.",
     .group = ERROR_GROUP, .width = CD_WIDTH_MEDIUM,
     .display_name = "Dead Letter Queue Topic Replication Factor"},
    {.name = "errors.deadletterqueue.context.headers.enable", .type = CD_CFG_BOOLEAN,
     .default_value = "false", .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "If true, add headers containing error context to the messages written to "
                      "the dead letter queue. To avoid clashing with headers from the original "
                      "record, all error context header keys, all error context header keys "
                      "will start with <code>__connect.errors.</code>",
     .group = ERROR_GROUP, .width = CD_WIDTH_MEDIUM,
     .display_name = "Enable Error Context Headers"},
    {.name = NULL},
};

const cd_config_def_t *connector_config_common_defs(void) { return COMMON_DEFS; }
const cd_config_def_t *connector_config_source_defs(void) { return SOURCE_DEFS; }
const cd_config_def_t *connector_config_sink_defs(void) { return SINK_DEFS; }

/* Kafka 4.3.1's numbers (ConnectorConfig counts Common, Transforms and
 * Predicates with one counter; the sink keys are numbered by hand). */
static const struct {
    const char *name;
    int order;
} ORDERS[] = {
    {"name", 1}, {"connector.class", 2}, {"connector.plugin.version", 3}, {"tasks.max", 4},
    {"tasks.max.enforce", 5}, {"key.converter", 6}, {"key.converter.plugin.version", 7},
    {"value.converter", 8}, {"value.converter.plugin.version", 9}, {"header.converter", 10},
    {"header.converter.plugin.version", 11}, {"transforms", 12}, {"predicates", 13},
    {"config.action.reload", 14}, {"errors.retry.timeout", 1}, {"errors.retry.delay.max.ms", 2},
    {"errors.tolerance", 3}, {"errors.log.enable", 4}, {"errors.log.include.messages", 5},
    {"topic.creation.groups", 1}, {"exactly.once.support", 2}, {"transaction.boundary", 3},
    {"transaction.boundary.interval.ms", 4}, {"offsets.storage.topic", 1}, {"topics", 4},
    {"topics.regex", 4}, {"errors.deadletterqueue.topic.name", 6},
    {"errors.deadletterqueue.topic.replication.factor", 7},
    {"errors.deadletterqueue.context.headers.enable", 8},
};

int connector_config_order(const char *name) {
    for (size_t i = 0; name && i < sizeof ORDERS / sizeof ORDERS[0]; i++)
        if (strcmp(ORDERS[i].name, name) == 0) return ORDERS[i].order;
    return -1;
}

void connector_config_validate_common(const cd_props_t *props, cd_validation_t *v) {
    config_validate_ordered(COMMON_DEFS, connector_config_order, props, v);
}

void connector_config_validate_source(const cd_props_t *props, cd_validation_t *v) {
    config_validate_ordered(SOURCE_DEFS, connector_config_order, props, v);
}

void connector_config_validate_sink_defs(const cd_props_t *props, cd_validation_t *v) {
    config_validate_ordered(SINK_DEFS, connector_config_order, props, v);
}

/* ---- sink cross-field checks ------------------------------------------ */

static bool is_blank(const char *s) {
    if (!s) return true;
    for (; *s; s++)
        if ((unsigned char)*s > ' ') return false;
    return true;
}

/* SinkConnectorConfig.parseTopicsList as a Java list string: non-empty,
 * distinct topics, "[a, b]"; *contains tells whether topic is among them. */
static char *topics_list_string(const char *topics, const char *topic, bool *contains) {
    size_t n;
    char **items = config_split_list(topics, &n);
    buf_t b;
    buf_init(&b);
    buf_append_str(&b, "[");
    size_t shown = 0;
    *contains = false;
    for (size_t i = 0; i < n; i++) {
        if (!*items[i]) continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) seen = strcmp(items[i], items[j]) == 0;
        if (seen) continue;
        if (strcmp(items[i], topic) == 0) *contains = true;
        buf_appendf(&b, "%s%s", shown++ ? ", " : "", items[i]);
    }
    buf_append_str(&b, "]");
    free(items);
    return buf_steal(&b);
}

void connector_config_validate_sink(const cd_props_t *props, cd_validation_t *v) {
    const char *topics = cd_props_get(props, CONNECTOR_TOPICS);
    const char *regex = cd_props_get(props, CONNECTOR_TOPICS_REGEX);
    char *dlq = config_trim_dup(cd_props_get(props, CONNECTOR_DLQ_TOPIC));
    bool has_topics = !is_blank(topics), has_regex = !is_blank(regex);
    bool has_dlq = dlq && *dlq;

    if (has_topics && has_regex) {
        const char *msg =
            "topics and topics.regex are mutually exclusive options, but both are set.";
        validation_add_error(v, CONNECTOR_TOPICS, topics, msg);
        validation_add_error(v, CONNECTOR_TOPICS_REGEX, regex, msg);
    }
    if (!has_topics && !has_regex) {
        const char *msg = "Must configure one of topics or topics.regex";
        validation_add_error(v, CONNECTOR_TOPICS, topics, msg);
        validation_add_error(v, CONNECTOR_TOPICS_REGEX, regex, msg);
    }
    if (has_dlq && has_topics) {
        bool contains;
        char *list = topics_list_string(topics, dlq, &contains);
        if (contains) {
            char *msg = xasprintf("The DLQ topic '%s' may not be included in the list of topics "
                                  "('topics=%s') consumed by the connector",
                                  dlq, list);
            validation_add_error(v, CONNECTOR_TOPICS, topics, msg);
            free(msg);
        }
        free(list);
    }
    /* A regex that does not compile is reported by the topics.regex
     * definition; there is nothing to match against then. */
    if (has_dlq && has_regex && config_regex_full_match(regex, dlq) == 1) {
        char *msg = xasprintf("The DLQ topic '%s' may not be matched by the regex for the topics "
                              "('topics.regex=%s') consumed by the connector",
                              dlq, regex);
        validation_add_error(v, CONNECTOR_TOPICS_REGEX, regex, msg);
        free(msg);
    }
    free(dlq);
}
