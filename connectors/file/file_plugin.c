/*
 * connectd-file.so: Kafka's FileStreamSource and FileStreamSink connectors.
 * This file holds the manifest, the two descriptors with their config
 * definitions, and the connector halves (start / task_configs / stop); the
 * tasks live in file_source_task.c and file_sink_task.c.
 *
 * Names, aliases, config definitions and versions mirror the connectors
 * bundled with Kafka 4.3.1 so that tools comparing REST output against a
 * Java worker see the same plugins.
 */
#include "file.h"

#include <stdlib.h>

#define FILE_PLUGIN_VERSION "4.3.1"

#define SOURCE_CONNECTOR_CLASS "org.apache.kafka.connect.file.FileStreamSourceConnector"
#define SINK_CONNECTOR_CLASS "org.apache.kafka.connect.file.FileStreamSinkConnector"
#define SOURCE_CONNECTOR_LOGGER SOURCE_CONNECTOR_CLASS
#define SINK_CONNECTOR_LOGGER SINK_CONNECTOR_CLASS

/* ---- config definitions (doc strings exactly as Kafka 4.3.1) ---------- */

static const cd_config_def_t source_config_defs[] = {
    {.name = FILE_CONFIG_FILE,
     .type = CD_CFG_STRING,
     .default_value = NULL,
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Source filename. If not specified, the standard input will be used"},
    {.name = FILE_CONFIG_TOPIC,
     .type = CD_CFG_STRING,
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "The topic to publish data to",
     .flags = CD_CFG_F_REQUIRED | CD_CFG_F_NONEMPTY},
    {.name = FILE_CONFIG_BATCH_SIZE,
     .type = CD_CFG_INT,
     .default_value = "2000",
     .importance = CD_IMPORTANCE_LOW,
     .documentation = "The maximum number of records the source task can read from the file "
                      "each time it is polled"},
    {.name = NULL},
};

static const cd_config_def_t sink_config_defs[] = {
    {.name = FILE_CONFIG_FILE,
     .type = CD_CFG_STRING,
     .default_value = NULL,
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Destination filename. If not specified, the standard output will be used"},
    {.name = NULL},
};

/* ---- connectors ------------------------------------------------------ */

/* Both connectors only remember their configuration: like Kafka's, they
 * have no background work and hand the whole config to their tasks. */
static int connector_start(void **state, const cd_config_t *config, const char *logger,
                           const char *doing, const char *std_stream) {
    const char *file = cd_config_string(config, FILE_CONFIG_FILE);
    cd_log(CD_LOG_INFO, logger, "Starting file %s %s", doing, file && *file ? file : std_stream);
    *state = cd_props_clone(cd_config_props(config));
    return CD_OK;
}

static int source_connector_start(void **state, const cd_config_t *config,
                                  cd_connector_context_t *ctx, cd_error_t *err) {
    (void)ctx;
    (void)err;
    return connector_start(state, config, SOURCE_CONNECTOR_LOGGER, "source connector reading from",
                           "standard input");
}

static int sink_connector_start(void **state, const cd_config_t *config,
                                cd_connector_context_t *ctx, cd_error_t *err) {
    (void)ctx;
    (void)err;
    return connector_start(state, config, SINK_CONNECTOR_LOGGER, "sink connector writing to",
                           "standard output");
}

static void copy_props(cd_props_t *dst, const cd_props_t *src) {
    size_t n = cd_props_count(src);
    for (size_t i = 0; i < n; i++) cd_props_set(dst, cd_props_key_at(src, i), cd_props_value_at(src, i));
}

/* Only one input stream makes sense, whatever tasks.max says. */
static int source_connector_task_configs(void *state, int max_tasks, cd_task_configs_t *out,
                                         cd_error_t *err) {
    (void)max_tasks;
    (void)err;
    copy_props(cd_task_configs_add(out), state);
    return CD_OK;
}

/* Every sink task appends to the same file. */
static int sink_connector_task_configs(void *state, int max_tasks, cd_task_configs_t *out,
                                       cd_error_t *err) {
    (void)err;
    for (int i = 0; i < max_tasks; i++) copy_props(cd_task_configs_add(out), state);
    return CD_OK;
}

static void connector_stop(void *state) {
    cd_props_destroy(state);
}

static const cd_connector_ops_t source_connector_ops = {
    CD_DESCRIPTOR_HEADER(cd_connector_ops_t),
    .validate = NULL,
    .start = source_connector_start,
    .task_configs = source_connector_task_configs,
    .stop = connector_stop,
    .source_task = &file_source_task_ops,
    .task_class = "org.apache.kafka.connect.file.FileStreamSourceTask",
    .alter_offsets = file_source_alter_offsets,
};

static const cd_connector_ops_t sink_connector_ops = {
    CD_DESCRIPTOR_HEADER(cd_connector_ops_t),
    .validate = NULL,
    .start = sink_connector_start,
    .task_configs = sink_connector_task_configs,
    .stop = connector_stop,
    .sink_task = &file_sink_task_ops,
    .task_class = "org.apache.kafka.connect.file.FileStreamSinkTask",
    .alter_offsets = file_sink_alter_offsets,
};

/* ---- descriptors and manifest ------------------------------------------ */

static const char *const source_aliases[] = {"FileStreamSource", "FileStreamSourceConnector", NULL};
static const char *const sink_aliases[] = {"FileStreamSink", "FileStreamSinkConnector", NULL};

static const cd_plugin_desc_t source_desc = {
    CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
    .type = CD_PLUGIN_SOURCE,
    .name = SOURCE_CONNECTOR_CLASS,
    .aliases = source_aliases,
    .version = FILE_PLUGIN_VERSION,
    .documentation = "Reads lines from a file (or standard input) and publishes each line as "
                     "a string record to one topic, tracking the byte position as its offset.",
    .config_defs = source_config_defs,
    .ops = &source_connector_ops,
};

static const cd_plugin_desc_t sink_desc = {
    CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
    .type = CD_PLUGIN_SINK,
    .name = SINK_CONNECTOR_CLASS,
    .aliases = sink_aliases,
    .version = FILE_PLUGIN_VERSION,
    .documentation = "Appends the string form of each record value, one per line, to a file "
                     "(or standard output).",
    .config_defs = sink_config_defs,
    .ops = &sink_connector_ops,
};

static const cd_plugin_desc_t *const file_plugins[] = {&source_desc, &sink_desc};

static const cd_plugin_manifest_t file_manifest = {
    CD_DESCRIPTOR_HEADER(cd_plugin_manifest_t),
    .library = "connectd-file",
    .plugins = file_plugins,
    .n_plugins = sizeof file_plugins / sizeof file_plugins[0],
};

CD_PLUGIN_MANIFEST(&file_manifest)
