/* Kafka 4.3.1 answers (rest-samples 02, 03, 04, 35, 36, 37) as C strings for
 * test_rest_plugins.c; generated from the recorded bodies, byte for byte. */
#ifndef TEST_REST_PLUGINS_SAMPLES_H
#define TEST_REST_PLUGINS_SAMPLES_H

/* Definitions of sample 04 (GET /connector-plugins/FileStreamSource/config). */
#define DEF_FILE \
    "{\"name\":\"file\",\"type\":\"STRING\",\"required\":false,\"default_value\":null,\"importance\":" \
    "\"HIGH\",\"documentation\":\"Source filename. If not specified, the standard input will be used" \
    "\",\"group\":null,\"order_in_group\":-1,\"width\":\"NONE\",\"display_name\":\"file\",\"dependent" \
    "s\":[]}"

#define DEF_TOPIC \
    "{\"name\":\"topic\",\"type\":\"STRING\",\"required\":true,\"default_value\":null,\"importance\":" \
    "\"HIGH\",\"documentation\":\"The topic to publish data to\",\"group\":null,\"order_in_group\":-1" \
    ",\"width\":\"NONE\",\"display_name\":\"topic\",\"dependents\":[]}"

#define DEF_BATCH_SIZE \
    "{\"name\":\"batch.size\",\"type\":\"INT\",\"required\":false,\"default_value\":\"2000\",\"import" \
    "ance\":\"LOW\",\"documentation\":\"The maximum number of records the source task can read from t" \
    "he file each time it is polled\",\"group\":null,\"order_in_group\":-1,\"width\":\"NONE\",\"displ" \
    "ay_name\":\"batch.size\",\"dependents\":[]}"

#define DEF_NAME \
    "{\"name\":\"name\",\"type\":\"STRING\",\"required\":true,\"default_value\":null,\"importance\":" \
    "\"HIGH\",\"documentation\":\"Globally unique name to use for this connector.\",\"group\":\"Commo" \
    "n\",\"order_in_group\":1,\"width\":\"MEDIUM\",\"display_name\":\"Connector name\",\"dependents\"" \
    ":[]}"

#define DEF_CONNECTOR_CLASS \
    "{\"name\":\"connector.class\",\"type\":\"STRING\",\"required\":true,\"default_value\":null,\"imp" \
    "ortance\":\"HIGH\",\"documentation\":\"Name or alias of the class for this connector. Must be a " \
    "subclass of org.apache.kafka.connect.connector.Connector. If the connector is org.apache.kafka.c" \
    "onnect.file.FileStreamSinkConnector, you can either specify this full name,  or use \\\"FileStre" \
    "amSink\\\" or \\\"FileStreamSinkConnector\\\" to make the configuration a bit shorter\",\"group" \
    "\":\"Common\",\"order_in_group\":2,\"width\":\"LONG\",\"display_name\":\"Connector class\",\"dep" \
    "endents\":[]}"

#define DEF_CONNECTOR_PLUGIN_VERSION \
    "{\"name\":\"connector.plugin.version\",\"type\":\"STRING\",\"required\":false,\"default_value\":" \
    "\"4.3.1\",\"importance\":\"MEDIUM\",\"documentation\":\"Version of the connector.\",\"group\":\"" \
    "Common\",\"order_in_group\":3,\"width\":\"MEDIUM\",\"display_name\":\"Connector version\",\"depe" \
    "ndents\":[]}"

#define DEF_TASKS_MAX \
    "{\"name\":\"tasks.max\",\"type\":\"INT\",\"required\":false,\"default_value\":\"1\",\"importance" \
    "\":\"HIGH\",\"documentation\":\"Maximum number of tasks to use for this connector.\",\"group\":" \
    "\"Common\",\"order_in_group\":4,\"width\":\"SHORT\",\"display_name\":\"Tasks max\",\"dependents" \
    "\":[]}"

#define DEF_TASKS_MAX_ENFORCE \
    "{\"name\":\"tasks.max.enforce\",\"type\":\"BOOLEAN\",\"required\":false,\"default_value\":\"true" \
    "\",\"importance\":\"LOW\",\"documentation\":\"(Deprecated) Whether to enforce that the tasks.max" \
    " property is respected by the connector. By default, connectors that generate too many tasks wil" \
    "l fail, and existing sets of tasks that exceed the tasks.max property will also be failed. If th" \
    "is property is set to false, then connectors will be allowed to generate more than the maximum n" \
    "umber of tasks, and existing sets of tasks that exceed the tasks.max property will be allowed to" \
    " run. This property is deprecated and will be removed in an upcoming major release.\",\"group\":" \
    "\"Common\",\"order_in_group\":5,\"width\":\"SHORT\",\"display_name\":\"Enforce tasks max\",\"dep" \
    "endents\":[]}"

#define DEF_KEY_CONVERTER \
    "{\"name\":\"key.converter\",\"type\":\"CLASS\",\"required\":false,\"default_value\":null,\"impor" \
    "tance\":\"LOW\",\"documentation\":\"Converter class used to convert between Kafka Connect format" \
    " and the serialized form that is written to Kafka. This controls the format of the keys in messa" \
    "ges written to or read from Kafka, and since this is independent of connectors it allows any con" \
    "nector to work with any serialization format. Examples of common formats include JSON and Avro." \
    "\",\"group\":\"Common\",\"order_in_group\":6,\"width\":\"SHORT\",\"display_name\":\"Key converte" \
    "r class\",\"dependents\":[]}"

#define DEF_KEY_CONVERTER_PLUGIN_VERSION \
    "{\"name\":\"key.converter.plugin.version\",\"type\":\"STRING\",\"required\":false,\"default_valu" \
    "e\":null,\"importance\":\"LOW\",\"documentation\":\"Version of the key converter.\",\"group\":\"" \
    "Common\",\"order_in_group\":7,\"width\":\"SHORT\",\"display_name\":\"Key converter version\",\"d" \
    "ependents\":[]}"

#define DEF_VALUE_CONVERTER \
    "{\"name\":\"value.converter\",\"type\":\"CLASS\",\"required\":false,\"default_value\":null,\"imp" \
    "ortance\":\"LOW\",\"documentation\":\"Converter class used to convert between Kafka Connect form" \
    "at and the serialized form that is written to Kafka. This controls the format of the values in m" \
    "essages written to or read from Kafka, and since this is independent of connectors it allows any" \
    " connector to work with any serialization format. Examples of common formats include JSON and Av" \
    "ro.\",\"group\":\"Common\",\"order_in_group\":8,\"width\":\"SHORT\",\"display_name\":\"Value con" \
    "verter class\",\"dependents\":[]}"

#define DEF_VALUE_CONVERTER_PLUGIN_VERSION \
    "{\"name\":\"value.converter.plugin.version\",\"type\":\"STRING\",\"required\":false,\"default_va" \
    "lue\":null,\"importance\":\"LOW\",\"documentation\":\"Version of the value converter.\",\"group" \
    "\":\"Common\",\"order_in_group\":9,\"width\":\"SHORT\",\"display_name\":\"Value converter versio" \
    "n\",\"dependents\":[]}"

#define DEF_HEADER_CONVERTER \
    "{\"name\":\"header.converter\",\"type\":\"CLASS\",\"required\":false,\"default_value\":null,\"im" \
    "portance\":\"LOW\",\"documentation\":\"HeaderConverter class used to convert between Kafka Conne" \
    "ct format and the serialized form that is written to Kafka. This controls the format of the head" \
    "er values in messages written to or read from Kafka, and since this is independent of connectors" \
    " it allows any connector to work with any serialization format. Examples of common formats inclu" \
    "de JSON and Avro. By default, the SimpleHeaderConverter is used to serialize header values to st" \
    "rings and deserialize them by inferring the schemas.\",\"group\":\"Common\",\"order_in_group\":1" \
    "0,\"width\":\"SHORT\",\"display_name\":\"Header converter class\",\"dependents\":[]}"

#define DEF_HEADER_CONVERTER_PLUGIN_VERSION \
    "{\"name\":\"header.converter.plugin.version\",\"type\":\"STRING\",\"required\":false,\"default_v" \
    "alue\":null,\"importance\":\"LOW\",\"documentation\":\"Version of the header converter.\",\"grou" \
    "p\":\"Common\",\"order_in_group\":11,\"width\":\"SHORT\",\"display_name\":\"Header converter ver" \
    "sion\",\"dependents\":[]}"

#define DEF_TRANSFORMS \
    "{\"name\":\"transforms\",\"type\":\"LIST\",\"required\":false,\"default_value\":\"\",\"importanc" \
    "e\":\"LOW\",\"documentation\":\"Aliases for the transformations to be applied to records.\",\"gr" \
    "oup\":\"Transforms\",\"order_in_group\":12,\"width\":\"LONG\",\"display_name\":\"Transforms\",\"" \
    "dependents\":[]}"

#define DEF_PREDICATES \
    "{\"name\":\"predicates\",\"type\":\"LIST\",\"required\":false,\"default_value\":\"\",\"importanc" \
    "e\":\"LOW\",\"documentation\":\"Aliases for the predicates used by transformations.\",\"group\":" \
    "\"Predicates\",\"order_in_group\":13,\"width\":\"LONG\",\"display_name\":\"Predicates\",\"depend" \
    "ents\":[]}"

#define DEF_CONFIG_ACTION_RELOAD \
    "{\"name\":\"config.action.reload\",\"type\":\"STRING\",\"required\":false,\"default_value\":\"re" \
    "start\",\"importance\":\"LOW\",\"documentation\":\"The action that Connect should take on the co" \
    "nnector when changes in external configuration providers result in a change in the connector's c" \
    "onfiguration properties. A value of 'none' indicates that Connect will do nothing. A value of 'r" \
    "estart' indicates that Connect should restart/reload the connector with the updated configuratio" \
    "n properties.The restart may actually be scheduled in the future if the external configuration p" \
    "rovider indicates that a configuration value will expire in the future.\",\"group\":\"Common\"," \
    "\"order_in_group\":14,\"width\":\"MEDIUM\",\"display_name\":\"Reload Action\",\"dependents\":[]}"

#define DEF_ERRORS_RETRY_TIMEOUT \
    "{\"name\":\"errors.retry.timeout\",\"type\":\"LONG\",\"required\":false,\"default_value\":\"0\"," \
    "\"importance\":\"MEDIUM\",\"documentation\":\"The maximum duration in milliseconds that a failed" \
    " operation will be reattempted. The default is 0, which means no retries will be attempted. Use " \
    "-1 for infinite retries.\",\"group\":\"Error Handling\",\"order_in_group\":1,\"width\":\"MEDIUM" \
    "\",\"display_name\":\"Retry Timeout for Errors\",\"dependents\":[]}"

#define DEF_ERRORS_RETRY_DELAY_MAX_MS \
    "{\"name\":\"errors.retry.delay.max.ms\",\"type\":\"LONG\",\"required\":false,\"default_value\":" \
    "\"60000\",\"importance\":\"MEDIUM\",\"documentation\":\"The maximum duration in milliseconds bet" \
    "ween consecutive retry attempts. Jitter will be added to the delay once this limit is reached to" \
    " prevent thundering herd issues.\",\"group\":\"Error Handling\",\"order_in_group\":2,\"width\":" \
    "\"MEDIUM\",\"display_name\":\"Maximum Delay Between Retries for Errors\",\"dependents\":[]}"

#define DEF_ERRORS_TOLERANCE \
    "{\"name\":\"errors.tolerance\",\"type\":\"STRING\",\"required\":false,\"default_value\":\"none\"" \
    ",\"importance\":\"MEDIUM\",\"documentation\":\"Behavior for tolerating errors during connector o" \
    "peration. 'none' is the default value and signals that any error will result in an immediate con" \
    "nector task failure; 'all' changes the behavior to skip over problematic records.\",\"group\":\"" \
    "Error Handling\",\"order_in_group\":3,\"width\":\"SHORT\",\"display_name\":\"Error Tolerance\"," \
    "\"dependents\":[]}"

#define DEF_ERRORS_LOG_ENABLE \
    "{\"name\":\"errors.log.enable\",\"type\":\"BOOLEAN\",\"required\":false,\"default_value\":\"fals" \
    "e\",\"importance\":\"MEDIUM\",\"documentation\":\"If true, write each error and the details of t" \
    "he failed operation and problematic record to the Connect application log. This is 'false' by de" \
    "fault, so that only errors that are not tolerated are reported.\",\"group\":\"Error Handling\"," \
    "\"order_in_group\":4,\"width\":\"SHORT\",\"display_name\":\"Log Errors\",\"dependents\":[]}"

#define DEF_ERRORS_LOG_INCLUDE_MESSAGES \
    "{\"name\":\"errors.log.include.messages\",\"type\":\"BOOLEAN\",\"required\":false,\"default_valu" \
    "e\":\"false\",\"importance\":\"MEDIUM\",\"documentation\":\"Whether to include in the log the Co" \
    "nnect record that resulted in a failure. For sink records, the topic, partition, offset, and tim" \
    "estamp will be logged. For source records, the key and value (and their schemas), all headers, a" \
    "nd the timestamp, Kafka topic, Kafka partition, source partition, and source offset will be logg" \
    "ed. This is 'false' by default, which will prevent record keys, values, and headers from being w" \
    "ritten to log files.\",\"group\":\"Error Handling\",\"order_in_group\":5,\"width\":\"SHORT\",\"d" \
    "isplay_name\":\"Log Error Details\",\"dependents\":[]}"

#define DEF_TOPIC_CREATION_GROUPS \
    "{\"name\":\"topic.creation.groups\",\"type\":\"LIST\",\"required\":false,\"default_value\":\"\"," \
    "\"importance\":\"LOW\",\"documentation\":\"Groups of configurations for topics created by source" \
    " connectors\",\"group\":\"Topic Creation\",\"order_in_group\":1,\"width\":\"LONG\",\"display_nam" \
    "e\":\"Topic Creation Groups\",\"dependents\":[]}"

#define DEF_EXACTLY_ONCE_SUPPORT \
    "{\"name\":\"exactly.once.support\",\"type\":\"STRING\",\"required\":false,\"default_value\":\"re" \
    "quested\",\"importance\":\"MEDIUM\",\"documentation\":\"Permitted values are requested, required" \
    ". If set to \\\"required\\\", forces a preflight check for the connector to ensure that it can p" \
    "rovide exactly-once semantics with the given configuration. Some connectors may be capable of pr" \
    "oviding exactly-once semantics but not signal to Connect that they support this; in that case, d" \
    "ocumentation for the connector should be consulted carefully before creating it, and the value f" \
    "or this property should be set to \\\"requested\\\". Additionally, if the value is set to \\\"re" \
    "quired\\\" but the worker that performs preflight validation does not have exactly-once support " \
    "enabled for source connectors, requests to create or validate the connector will fail.\",\"group" \
    "\":\"Exactly Once Support\",\"order_in_group\":2,\"width\":\"SHORT\",\"display_name\":\"Exactly " \
    "once support\",\"dependents\":[]}"

#define DEF_TRANSACTION_BOUNDARY \
    "{\"name\":\"transaction.boundary\",\"type\":\"STRING\",\"required\":false,\"default_value\":\"po" \
    "ll\",\"importance\":\"MEDIUM\",\"documentation\":\"Permitted values are: poll, interval, connect" \
    "or. If set to 'poll', a new producer transaction will be started and committed for every batch o" \
    "f records that each task from this connector provides to Connect. If set to 'connector', relies " \
    "on connector-defined transaction boundaries; note that not all connectors are capable of definin" \
    "g their own transaction boundaries, and in that case, attempts to instantiate a connector with t" \
    "his value will fail. Finally, if set to 'interval', commits transactions only after a user-defin" \
    "ed time interval has passed.\",\"group\":\"Exactly Once Support\",\"order_in_group\":3,\"width\"" \
    ":\"SHORT\",\"display_name\":\"Transaction Boundary\",\"dependents\":[]}"

#define DEF_TRANSACTION_BOUNDARY_INTERVAL_MS \
    "{\"name\":\"transaction.boundary.interval.ms\",\"type\":\"LONG\",\"required\":false,\"default_va" \
    "lue\":null,\"importance\":\"LOW\",\"documentation\":\"If 'transaction.boundary' is set to 'inter" \
    "val', determines the interval for producer transaction commits by connector tasks. If unset, def" \
    "aults to the value of the worker-level 'offset.flush.interval.ms' property. It has no effect if " \
    "a different transaction.boundary is specified.\",\"group\":\"Exactly Once Support\",\"order_in_g" \
    "roup\":4,\"width\":\"SHORT\",\"display_name\":\"Transaction boundary interval\",\"dependents\":[" \
    "]}"

#define DEF_OFFSETS_STORAGE_TOPIC \
    "{\"name\":\"offsets.storage.topic\",\"type\":\"STRING\",\"required\":false,\"default_value\":nul" \
    "l,\"importance\":\"LOW\",\"documentation\":\"The name of a separate offsets topic to use for thi" \
    "s connector. If empty or not specified, the worker\xe2\x80\x99""s global offsets topic name will" \
    " be used. If specified, the offsets topic will be created if it does not already exist on the Ka" \
    "fka cluster targeted by this connector (which may be different from the one used for the worker'" \
    "s global offsets topic if the bootstrap.servers property of the connector's producer has been ov" \
    "erridden from the worker's). Only applicable in distributed mode; in standalone mode, setting th" \
    "is property will have no effect.\",\"group\":\"offsets.topic\",\"order_in_group\":1,\"width\":\"" \
    "LONG\",\"display_name\":\"Offsets topic\",\"dependents\":[]}"

#define SAMPLE_04 "[" DEF_FILE "," DEF_TOPIC "," DEF_BATCH_SIZE "," DEF_NAME "," DEF_CONNECTOR_CLASS "," DEF_CONNECTOR_PLUGIN_VERSION "," DEF_TASKS_MAX "," DEF_TASKS_MAX_ENFORCE "," DEF_KEY_CONVERTER "," DEF_KEY_CONVERTER_PLUGIN_VERSION "," DEF_VALUE_CONVERTER "," DEF_VALUE_CONVERTER_PLUGIN_VERSION "," DEF_HEADER_CONVERTER "," DEF_HEADER_CONVERTER_PLUGIN_VERSION "," DEF_TRANSFORMS "," DEF_PREDICATES "," DEF_CONFIG_ACTION_RELOAD "," DEF_ERRORS_RETRY_TIMEOUT "," DEF_ERRORS_RETRY_DELAY_MAX_MS "," DEF_ERRORS_TOLERANCE "," DEF_ERRORS_LOG_ENABLE "," DEF_ERRORS_LOG_INCLUDE_MESSAGES "," DEF_TOPIC_CREATION_GROUPS "," DEF_EXACTLY_ONCE_SUPPORT "," DEF_TRANSACTION_BOUNDARY "," DEF_TRANSACTION_BOUNDARY_INTERVAL_MS "," DEF_OFFSETS_STORAGE_TOPIC "]"

#define SAMPLE_35 \
    "{\"name\":\"FileStreamSource\",\"error_count\":4,\"groups\":[\"Common\",\"Transforms\",\"Predica" \
    "tes\",\"Error Handling\",\"Topic Creation\",\"Exactly Once Support\",\"offsets.topic\"],\"config" \
    "s\":[" \
    "{\"definition\":" \
    DEF_NAME \
    ",\"value\":{\"name\":\"name\",\"value\":null,\"recommended_values\":[],\"errors\":[\"Missing req" \
    "uired configuration \\\"name\\\" which has no default value.\"],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_CONNECTOR_CLASS \
    ",\"value\":{\"name\":\"connector.class\",\"value\":\"FileStreamSource\",\"recommended_values\":[" \
    "],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_CONNECTOR_PLUGIN_VERSION \
    ",\"value\":{\"name\":\"connector.plugin.version\",\"value\":\"4.3.1\",\"recommended_values\":[\"" \
    "4.3.1\"],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_TASKS_MAX \
    ",\"value\":{\"name\":\"tasks.max\",\"value\":\"0\",\"recommended_values\":[],\"errors\":[\"Inval" \
    "id value 0 for configuration tasks.max: Value must be at least 1\"],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_TASKS_MAX_ENFORCE \
    ",\"value\":{\"name\":\"tasks.max.enforce\",\"value\":\"true\",\"recommended_values\":[],\"errors" \
    "\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    "{\"name\":\"key.converter\",\"type\":\"CLASS\",\"required\":false,\"default_value\":\"org.apache" \
    ".kafka.connect.json.JsonConverter\",\"importance\":\"LOW\",\"documentation\":\"Converter class u" \
    "sed to convert between Kafka Connect format and the serialized form that is written to Kafka. Th" \
    "is controls the format of the keys in messages written to or read from Kafka, and since this is " \
    "independent of connectors it allows any connector to work with any serialization format. Example" \
    "s of common formats include JSON and Avro.\",\"group\":\"Common\",\"order_in_group\":6,\"width\"" \
    ":\"SHORT\",\"display_name\":\"Key converter class\",\"dependents\":[]}" \
    ",\"value\":{\"name\":\"key.converter\",\"value\":\"org.apache.kafka.connect.json.JsonConverter\"" \
    ",\"recommended_values\":[\"org.apache.kafka.connect.converters.BooleanConverter\",\"org.apache.k" \
    "afka.connect.converters.ByteArrayConverter\",\"org.apache.kafka.connect.converters.DoubleConvert" \
    "er\",\"org.apache.kafka.connect.converters.FloatConverter\",\"org.apache.kafka.connect.converter" \
    "s.IntegerConverter\",\"org.apache.kafka.connect.converters.LongConverter\",\"org.apache.kafka.co" \
    "nnect.converters.ShortConverter\",\"org.apache.kafka.connect.json.JsonConverter\",\"org.apache.k" \
    "afka.connect.storage.StringConverter\"],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    "{\"name\":\"key.converter.plugin.version\",\"type\":\"STRING\",\"required\":false,\"default_valu" \
    "e\":\"4.3.1\",\"importance\":\"LOW\",\"documentation\":\"Version of the key converter.\",\"group" \
    "\":\"Common\",\"order_in_group\":7,\"width\":\"SHORT\",\"display_name\":\"Key converter version" \
    "\",\"dependents\":[]}" \
    ",\"value\":{\"name\":\"key.converter.plugin.version\",\"value\":\"4.3.1\",\"recommended_values\"" \
    ":[\"4.3.1\"],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    "{\"name\":\"value.converter\",\"type\":\"CLASS\",\"required\":false,\"default_value\":\"org.apac" \
    "he.kafka.connect.json.JsonConverter\",\"importance\":\"LOW\",\"documentation\":\"Converter class" \
    " used to convert between Kafka Connect format and the serialized form that is written to Kafka. " \
    "This controls the format of the values in messages written to or read from Kafka, and since this" \
    " is independent of connectors it allows any connector to work with any serialization format. Exa" \
    "mples of common formats include JSON and Avro.\",\"group\":\"Common\",\"order_in_group\":8,\"wid" \
    "th\":\"SHORT\",\"display_name\":\"Value converter class\",\"dependents\":[]}" \
    ",\"value\":{\"name\":\"value.converter\",\"value\":\"org.apache.kafka.connect.json.JsonConverter" \
    "\",\"recommended_values\":[\"org.apache.kafka.connect.converters.BooleanConverter\",\"org.apache" \
    ".kafka.connect.converters.ByteArrayConverter\",\"org.apache.kafka.connect.converters.DoubleConve" \
    "rter\",\"org.apache.kafka.connect.converters.FloatConverter\",\"org.apache.kafka.connect.convert" \
    "ers.IntegerConverter\",\"org.apache.kafka.connect.converters.LongConverter\",\"org.apache.kafka." \
    "connect.converters.ShortConverter\",\"org.apache.kafka.connect.json.JsonConverter\",\"org.apache" \
    ".kafka.connect.storage.StringConverter\"],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    "{\"name\":\"value.converter.plugin.version\",\"type\":\"STRING\",\"required\":false,\"default_va" \
    "lue\":\"4.3.1\",\"importance\":\"LOW\",\"documentation\":\"Version of the value converter.\",\"g" \
    "roup\":\"Common\",\"order_in_group\":9,\"width\":\"SHORT\",\"display_name\":\"Value converter ve" \
    "rsion\",\"dependents\":[]}" \
    ",\"value\":{\"name\":\"value.converter.plugin.version\",\"value\":\"4.3.1\",\"recommended_values" \
    "\":[\"4.3.1\"],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    "{\"name\":\"header.converter\",\"type\":\"CLASS\",\"required\":false,\"default_value\":\"org.apa" \
    "che.kafka.connect.storage.SimpleHeaderConverter\",\"importance\":\"LOW\",\"documentation\":\"Hea" \
    "derConverter class used to convert between Kafka Connect format and the serialized form that is " \
    "written to Kafka. This controls the format of the header values in messages written to or read f" \
    "rom Kafka, and since this is independent of connectors it allows any connector to work with any " \
    "serialization format. Examples of common formats include JSON and Avro. By default, the SimpleHe" \
    "aderConverter is used to serialize header values to strings and deserialize them by inferring th" \
    "e schemas.\",\"group\":\"Common\",\"order_in_group\":10,\"width\":\"SHORT\",\"display_name\":\"H" \
    "eader converter class\",\"dependents\":[]}" \
    ",\"value\":{\"name\":\"header.converter\",\"value\":\"org.apache.kafka.connect.storage.SimpleHea" \
    "derConverter\",\"recommended_values\":[\"org.apache.kafka.connect.converters.BooleanConverter\"," \
    "\"org.apache.kafka.connect.converters.ByteArrayConverter\",\"org.apache.kafka.connect.converters" \
    ".DoubleConverter\",\"org.apache.kafka.connect.converters.FloatConverter\",\"org.apache.kafka.con" \
    "nect.converters.IntegerConverter\",\"org.apache.kafka.connect.converters.LongConverter\",\"org.a" \
    "pache.kafka.connect.converters.ShortConverter\",\"org.apache.kafka.connect.json.JsonConverter\"," \
    "\"org.apache.kafka.connect.storage.SimpleHeaderConverter\",\"org.apache.kafka.connect.storage.St" \
    "ringConverter\"],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    "{\"name\":\"header.converter.plugin.version\",\"type\":\"STRING\",\"required\":false,\"default_v" \
    "alue\":\"4.3.1\",\"importance\":\"LOW\",\"documentation\":\"Version of the header converter.\"," \
    "\"group\":\"Common\",\"order_in_group\":11,\"width\":\"SHORT\",\"display_name\":\"Header convert" \
    "er version\",\"dependents\":[]}" \
    ",\"value\":{\"name\":\"header.converter.plugin.version\",\"value\":\"4.3.1\",\"recommended_value" \
    "s\":[\"4.3.1\"],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_TRANSFORMS \
    ",\"value\":{\"name\":\"transforms\",\"value\":\"\",\"recommended_values\":[],\"errors\":[],\"vis" \
    "ible\":true}}" \
    ",{\"definition\":" \
    DEF_PREDICATES \
    ",\"value\":{\"name\":\"predicates\",\"value\":\"\",\"recommended_values\":[],\"errors\":[],\"vis" \
    "ible\":true}}" \
    ",{\"definition\":" \
    DEF_CONFIG_ACTION_RELOAD \
    ",\"value\":{\"name\":\"config.action.reload\",\"value\":\"restart\",\"recommended_values\":[],\"" \
    "errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_ERRORS_RETRY_TIMEOUT \
    ",\"value\":{\"name\":\"errors.retry.timeout\",\"value\":\"0\",\"recommended_values\":[],\"errors" \
    "\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_ERRORS_RETRY_DELAY_MAX_MS \
    ",\"value\":{\"name\":\"errors.retry.delay.max.ms\",\"value\":\"60000\",\"recommended_values\":[]" \
    ",\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_ERRORS_TOLERANCE \
    ",\"value\":{\"name\":\"errors.tolerance\",\"value\":\"none\",\"recommended_values\":[],\"errors" \
    "\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_ERRORS_LOG_ENABLE \
    ",\"value\":{\"name\":\"errors.log.enable\",\"value\":\"false\",\"recommended_values\":[],\"error" \
    "s\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_ERRORS_LOG_INCLUDE_MESSAGES \
    ",\"value\":{\"name\":\"errors.log.include.messages\",\"value\":\"false\",\"recommended_values\":" \
    "[],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_TOPIC_CREATION_GROUPS \
    ",\"value\":{\"name\":\"topic.creation.groups\",\"value\":\"\",\"recommended_values\":[],\"errors" \
    "\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_EXACTLY_ONCE_SUPPORT \
    ",\"value\":{\"name\":\"exactly.once.support\",\"value\":\"requested\",\"recommended_values\":[]," \
    "\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_TRANSACTION_BOUNDARY \
    ",\"value\":{\"name\":\"transaction.boundary\",\"value\":\"poll\",\"recommended_values\":[],\"err" \
    "ors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_TRANSACTION_BOUNDARY_INTERVAL_MS \
    ",\"value\":{\"name\":\"transaction.boundary.interval.ms\",\"value\":null,\"recommended_values\":" \
    "[],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_OFFSETS_STORAGE_TOPIC \
    ",\"value\":{\"name\":\"offsets.storage.topic\",\"value\":null,\"recommended_values\":[],\"errors" \
    "\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_FILE \
    ",\"value\":{\"name\":\"file\",\"value\":null,\"recommended_values\":[],\"errors\":[],\"visible\"" \
    ":true}}" \
    ",{\"definition\":" \
    DEF_TOPIC \
    ",\"value\":{\"name\":\"topic\",\"value\":\"\",\"recommended_values\":[],\"errors\":[\"Invalid va" \
    "lue  for configuration topic: String must be non-empty\"],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_BATCH_SIZE \
    ",\"value\":{\"name\":\"batch.size\",\"value\":null,\"recommended_values\":[],\"errors\":[\"Inval" \
    "id value abc for configuration batch.size: Not a number of type INT\"],\"visible\":true}}" \
    "]}"

#define SAMPLE_36 \
    "{\"name\":\"FileStreamSource\",\"error_count\":1,\"groups\":[\"Common\",\"Transforms\",\"Predica" \
    "tes\",\"Error Handling\",\"Topic Creation\",\"Exactly Once Support\",\"offsets.topic\"],\"config" \
    "s\":[" \
    "{\"definition\":" \
    DEF_NAME \
    ",\"value\":{\"name\":\"name\",\"value\":null,\"recommended_values\":[],\"errors\":[\"Missing req" \
    "uired configuration \\\"name\\\" which has no default value.\"],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_CONNECTOR_CLASS \
    ",\"value\":{\"name\":\"connector.class\",\"value\":\"FileStreamSource\",\"recommended_values\":[" \
    "],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_CONNECTOR_PLUGIN_VERSION \
    ",\"value\":{\"name\":\"connector.plugin.version\",\"value\":\"4.3.1\",\"recommended_values\":[\"" \
    "4.3.1\"],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_TASKS_MAX \
    ",\"value\":{\"name\":\"tasks.max\",\"value\":\"1\",\"recommended_values\":[],\"errors\":[],\"vis" \
    "ible\":true}}" \
    ",{\"definition\":" \
    DEF_TASKS_MAX_ENFORCE \
    ",\"value\":{\"name\":\"tasks.max.enforce\",\"value\":\"true\",\"recommended_values\":[],\"errors" \
    "\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    "{\"name\":\"key.converter\",\"type\":\"CLASS\",\"required\":false,\"default_value\":\"org.apache" \
    ".kafka.connect.json.JsonConverter\",\"importance\":\"LOW\",\"documentation\":\"Converter class u" \
    "sed to convert between Kafka Connect format and the serialized form that is written to Kafka. Th" \
    "is controls the format of the keys in messages written to or read from Kafka, and since this is " \
    "independent of connectors it allows any connector to work with any serialization format. Example" \
    "s of common formats include JSON and Avro.\",\"group\":\"Common\",\"order_in_group\":6,\"width\"" \
    ":\"SHORT\",\"display_name\":\"Key converter class\",\"dependents\":[]}" \
    ",\"value\":{\"name\":\"key.converter\",\"value\":\"org.apache.kafka.connect.json.JsonConverter\"" \
    ",\"recommended_values\":[\"org.apache.kafka.connect.converters.BooleanConverter\",\"org.apache.k" \
    "afka.connect.converters.ByteArrayConverter\",\"org.apache.kafka.connect.converters.DoubleConvert" \
    "er\",\"org.apache.kafka.connect.converters.FloatConverter\",\"org.apache.kafka.connect.converter" \
    "s.IntegerConverter\",\"org.apache.kafka.connect.converters.LongConverter\",\"org.apache.kafka.co" \
    "nnect.converters.ShortConverter\",\"org.apache.kafka.connect.json.JsonConverter\",\"org.apache.k" \
    "afka.connect.storage.StringConverter\"],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    "{\"name\":\"key.converter.plugin.version\",\"type\":\"STRING\",\"required\":false,\"default_valu" \
    "e\":\"4.3.1\",\"importance\":\"LOW\",\"documentation\":\"Version of the key converter.\",\"group" \
    "\":\"Common\",\"order_in_group\":7,\"width\":\"SHORT\",\"display_name\":\"Key converter version" \
    "\",\"dependents\":[]}" \
    ",\"value\":{\"name\":\"key.converter.plugin.version\",\"value\":\"4.3.1\",\"recommended_values\"" \
    ":[\"4.3.1\"],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    "{\"name\":\"value.converter\",\"type\":\"CLASS\",\"required\":false,\"default_value\":\"org.apac" \
    "he.kafka.connect.json.JsonConverter\",\"importance\":\"LOW\",\"documentation\":\"Converter class" \
    " used to convert between Kafka Connect format and the serialized form that is written to Kafka. " \
    "This controls the format of the values in messages written to or read from Kafka, and since this" \
    " is independent of connectors it allows any connector to work with any serialization format. Exa" \
    "mples of common formats include JSON and Avro.\",\"group\":\"Common\",\"order_in_group\":8,\"wid" \
    "th\":\"SHORT\",\"display_name\":\"Value converter class\",\"dependents\":[]}" \
    ",\"value\":{\"name\":\"value.converter\",\"value\":\"org.apache.kafka.connect.json.JsonConverter" \
    "\",\"recommended_values\":[\"org.apache.kafka.connect.converters.BooleanConverter\",\"org.apache" \
    ".kafka.connect.converters.ByteArrayConverter\",\"org.apache.kafka.connect.converters.DoubleConve" \
    "rter\",\"org.apache.kafka.connect.converters.FloatConverter\",\"org.apache.kafka.connect.convert" \
    "ers.IntegerConverter\",\"org.apache.kafka.connect.converters.LongConverter\",\"org.apache.kafka." \
    "connect.converters.ShortConverter\",\"org.apache.kafka.connect.json.JsonConverter\",\"org.apache" \
    ".kafka.connect.storage.StringConverter\"],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    "{\"name\":\"value.converter.plugin.version\",\"type\":\"STRING\",\"required\":false,\"default_va" \
    "lue\":\"4.3.1\",\"importance\":\"LOW\",\"documentation\":\"Version of the value converter.\",\"g" \
    "roup\":\"Common\",\"order_in_group\":9,\"width\":\"SHORT\",\"display_name\":\"Value converter ve" \
    "rsion\",\"dependents\":[]}" \
    ",\"value\":{\"name\":\"value.converter.plugin.version\",\"value\":\"4.3.1\",\"recommended_values" \
    "\":[\"4.3.1\"],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    "{\"name\":\"header.converter\",\"type\":\"CLASS\",\"required\":false,\"default_value\":\"org.apa" \
    "che.kafka.connect.storage.SimpleHeaderConverter\",\"importance\":\"LOW\",\"documentation\":\"Hea" \
    "derConverter class used to convert between Kafka Connect format and the serialized form that is " \
    "written to Kafka. This controls the format of the header values in messages written to or read f" \
    "rom Kafka, and since this is independent of connectors it allows any connector to work with any " \
    "serialization format. Examples of common formats include JSON and Avro. By default, the SimpleHe" \
    "aderConverter is used to serialize header values to strings and deserialize them by inferring th" \
    "e schemas.\",\"group\":\"Common\",\"order_in_group\":10,\"width\":\"SHORT\",\"display_name\":\"H" \
    "eader converter class\",\"dependents\":[]}" \
    ",\"value\":{\"name\":\"header.converter\",\"value\":\"org.apache.kafka.connect.storage.SimpleHea" \
    "derConverter\",\"recommended_values\":[\"org.apache.kafka.connect.converters.BooleanConverter\"," \
    "\"org.apache.kafka.connect.converters.ByteArrayConverter\",\"org.apache.kafka.connect.converters" \
    ".DoubleConverter\",\"org.apache.kafka.connect.converters.FloatConverter\",\"org.apache.kafka.con" \
    "nect.converters.IntegerConverter\",\"org.apache.kafka.connect.converters.LongConverter\",\"org.a" \
    "pache.kafka.connect.converters.ShortConverter\",\"org.apache.kafka.connect.json.JsonConverter\"," \
    "\"org.apache.kafka.connect.storage.SimpleHeaderConverter\",\"org.apache.kafka.connect.storage.St" \
    "ringConverter\"],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    "{\"name\":\"header.converter.plugin.version\",\"type\":\"STRING\",\"required\":false,\"default_v" \
    "alue\":\"4.3.1\",\"importance\":\"LOW\",\"documentation\":\"Version of the header converter.\"," \
    "\"group\":\"Common\",\"order_in_group\":11,\"width\":\"SHORT\",\"display_name\":\"Header convert" \
    "er version\",\"dependents\":[]}" \
    ",\"value\":{\"name\":\"header.converter.plugin.version\",\"value\":\"4.3.1\",\"recommended_value" \
    "s\":[\"4.3.1\"],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_TRANSFORMS \
    ",\"value\":{\"name\":\"transforms\",\"value\":\"\",\"recommended_values\":[],\"errors\":[],\"vis" \
    "ible\":true}}" \
    ",{\"definition\":" \
    DEF_PREDICATES \
    ",\"value\":{\"name\":\"predicates\",\"value\":\"\",\"recommended_values\":[],\"errors\":[],\"vis" \
    "ible\":true}}" \
    ",{\"definition\":" \
    DEF_CONFIG_ACTION_RELOAD \
    ",\"value\":{\"name\":\"config.action.reload\",\"value\":\"restart\",\"recommended_values\":[],\"" \
    "errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_ERRORS_RETRY_TIMEOUT \
    ",\"value\":{\"name\":\"errors.retry.timeout\",\"value\":\"0\",\"recommended_values\":[],\"errors" \
    "\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_ERRORS_RETRY_DELAY_MAX_MS \
    ",\"value\":{\"name\":\"errors.retry.delay.max.ms\",\"value\":\"60000\",\"recommended_values\":[]" \
    ",\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_ERRORS_TOLERANCE \
    ",\"value\":{\"name\":\"errors.tolerance\",\"value\":\"none\",\"recommended_values\":[],\"errors" \
    "\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_ERRORS_LOG_ENABLE \
    ",\"value\":{\"name\":\"errors.log.enable\",\"value\":\"false\",\"recommended_values\":[],\"error" \
    "s\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_ERRORS_LOG_INCLUDE_MESSAGES \
    ",\"value\":{\"name\":\"errors.log.include.messages\",\"value\":\"false\",\"recommended_values\":" \
    "[],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_TOPIC_CREATION_GROUPS \
    ",\"value\":{\"name\":\"topic.creation.groups\",\"value\":\"\",\"recommended_values\":[],\"errors" \
    "\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_EXACTLY_ONCE_SUPPORT \
    ",\"value\":{\"name\":\"exactly.once.support\",\"value\":\"requested\",\"recommended_values\":[]," \
    "\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_TRANSACTION_BOUNDARY \
    ",\"value\":{\"name\":\"transaction.boundary\",\"value\":\"poll\",\"recommended_values\":[],\"err" \
    "ors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_TRANSACTION_BOUNDARY_INTERVAL_MS \
    ",\"value\":{\"name\":\"transaction.boundary.interval.ms\",\"value\":null,\"recommended_values\":" \
    "[],\"errors\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_OFFSETS_STORAGE_TOPIC \
    ",\"value\":{\"name\":\"offsets.storage.topic\",\"value\":null,\"recommended_values\":[],\"errors" \
    "\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_FILE \
    ",\"value\":{\"name\":\"file\",\"value\":\"/tmp/demo/in.txt\",\"recommended_values\":[],\"errors" \
    "\":[],\"visible\":true}}" \
    ",{\"definition\":" \
    DEF_TOPIC \
    ",\"value\":{\"name\":\"topic\",\"value\":\"t1\",\"recommended_values\":[],\"errors\":[],\"visibl" \
    "e\":true}}" \
    ",{\"definition\":" \
    DEF_BATCH_SIZE \
    ",\"value\":{\"name\":\"batch.size\",\"value\":\"2000\",\"recommended_values\":[],\"errors\":[]," \
    "\"visible\":true}}" \
    "]}"

/* Sample 03 from the first converter on (converters, then header converters). */
#define SAMPLE_03_CONVERTERS \
    "{\"class\":\"org.apache.kafka.connect.converters.BooleanConverter\",\"type\":\"converter\",\"ver" \
    "sion\":\"4.3.1\"},{\"class\":\"org.apache.kafka.connect.converters.ByteArrayConverter\",\"type\"" \
    ":\"converter\",\"version\":\"4.3.1\"},{\"class\":\"org.apache.kafka.connect.converters.DoubleCon" \
    "verter\",\"type\":\"converter\",\"version\":\"4.3.1\"},{\"class\":\"org.apache.kafka.connect.con" \
    "verters.FloatConverter\",\"type\":\"converter\",\"version\":\"4.3.1\"},{\"class\":\"org.apache.k" \
    "afka.connect.converters.IntegerConverter\",\"type\":\"converter\",\"version\":\"4.3.1\"},{\"clas" \
    "s\":\"org.apache.kafka.connect.converters.LongConverter\",\"type\":\"converter\",\"version\":\"4" \
    ".3.1\"},{\"class\":\"org.apache.kafka.connect.converters.ShortConverter\",\"type\":\"converter\"" \
    ",\"version\":\"4.3.1\"},{\"class\":\"org.apache.kafka.connect.json.JsonConverter\",\"type\":\"co" \
    "nverter\",\"version\":\"4.3.1\"},{\"class\":\"org.apache.kafka.connect.storage.StringConverter\"" \
    ",\"type\":\"converter\",\"version\":\"4.3.1\"},{\"class\":\"org.apache.kafka.connect.converters." \
    "BooleanConverter\",\"type\":\"header_converter\",\"version\":\"4.3.1\"},{\"class\":\"org.apache." \
    "kafka.connect.converters.ByteArrayConverter\",\"type\":\"header_converter\",\"version\":\"4.3.1" \
    "\"},{\"class\":\"org.apache.kafka.connect.converters.DoubleConverter\",\"type\":\"header_convert" \
    "er\",\"version\":\"4.3.1\"},{\"class\":\"org.apache.kafka.connect.converters.FloatConverter\",\"" \
    "type\":\"header_converter\",\"version\":\"4.3.1\"},{\"class\":\"org.apache.kafka.connect.convert" \
    "ers.IntegerConverter\",\"type\":\"header_converter\",\"version\":\"4.3.1\"},{\"class\":\"org.apa" \
    "che.kafka.connect.converters.LongConverter\",\"type\":\"header_converter\",\"version\":\"4.3.1\"" \
    "},{\"class\":\"org.apache.kafka.connect.converters.ShortConverter\",\"type\":\"header_converter" \
    "\",\"version\":\"4.3.1\"},{\"class\":\"org.apache.kafka.connect.json.JsonConverter\",\"type\":\"" \
    "header_converter\",\"version\":\"4.3.1\"},{\"class\":\"org.apache.kafka.connect.storage.SimpleHe" \
    "aderConverter\",\"type\":\"header_converter\",\"version\":\"4.3.1\"},{\"class\":\"org.apache.kaf" \
    "ka.connect.storage.StringConverter\",\"type\":\"header_converter\",\"version\":\"4.3.1\"}]"

/* Sample 02: the connectors. */
#define SAMPLE_02 \
    "[{\"class\":\"org.apache.kafka.connect.file.FileStreamSinkConnector\",\"type\":\"sink\",\"versio" \
    "n\":\"4.3.1\"},{\"class\":\"org.apache.kafka.connect.file.FileStreamSourceConnector\",\"type\":" \
    "\"source\",\"version\":\"4.3.1\"}]"

#define SAMPLE_37 \
    "{\"error_code\":400,\"message\":\"Included connector type FileStreamSink does not match request " \
    "type FileStreamSource\"}"

#endif
