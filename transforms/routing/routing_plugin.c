/*
 * connectd-routing.so: the manifest. Names and versions mirror the
 * transforms bundled with Kafka 4.3.1 (the Java class names), so REST
 * listings compare equal with a Java worker's.
 */
#include "routing.h"

static const cd_plugin_desc_t *const plugins[] = {
    &rt_drop_headers_desc,
    &rt_filter_desc,
    &rt_header_from_key_desc,
    &rt_header_from_value_desc,
    &rt_insert_header_desc,
    &rt_regex_router_desc,
    &rt_timestamp_converter_key_desc,
    &rt_timestamp_converter_value_desc,
    &rt_timestamp_router_desc,
    &rt_has_header_key_desc,
    &rt_record_is_tombstone_desc,
    &rt_topic_name_matches_desc,
};

static const cd_plugin_manifest_t manifest = {
    CD_DESCRIPTOR_HEADER(cd_plugin_manifest_t),
    .library = "connectd-routing",
    .plugins = plugins,
    .n_plugins = sizeof plugins / sizeof plugins[0],
};

CD_PLUGIN_MANIFEST(&manifest)
