/*
 * connectd-fields.so: the manifest. Names, versions, config definitions
 * and documentation mirror the transforms bundled with Kafka 4.3.1
 * (org.apache.kafka.connect.transforms.*); each transform lives in its own
 * file and exports its $Key / $Value descriptors through fields.h.
 */
#include "fields.h"

static const cd_plugin_desc_t *const fields_plugins[] = {
    &fields_cast_key_desc,        &fields_cast_value_desc,
    &fields_extract_key_desc,     &fields_extract_value_desc,
    &fields_flatten_key_desc,     &fields_flatten_value_desc,
    &fields_hoist_key_desc,       &fields_hoist_value_desc,
    &fields_insert_key_desc,      &fields_insert_value_desc,
    &fields_mask_key_desc,        &fields_mask_value_desc,
    &fields_replace_key_desc,     &fields_replace_value_desc,
    &fields_set_schema_key_desc,  &fields_set_schema_value_desc,
    &fields_value_to_key_desc,
};

static const cd_plugin_manifest_t fields_manifest = {
    CD_DESCRIPTOR_HEADER(cd_plugin_manifest_t),
    .library = "connectd-fields",
    .plugins = fields_plugins,
    .n_plugins = sizeof fields_plugins / sizeof *fields_plugins,
};

CD_PLUGIN_MANIFEST(&fields_manifest)
