/*
 * org.apache.kafka.connect.json.JsonConverter: configuration, the
 * {"schema":...,"payload":...} envelope and the converter ops. The
 * conversions themselves are in json_from_connect.c and json_to_connect.c.
 *
 * schemas.cache.size bounds the cache of schemas built from the envelope's
 * "schema" bytes (json_schema_cache.h): with the same schema on every
 * record, a hit parses only "payload".
 */
#include <stdlib.h>
#include <string.h>

#include "convert/converter_config.h"
#include "convert/converters.h"
#include "convert/json_data.h"
#include "convert/json_schema_cache.h"
#include "convert/json_tree.h"
#include "convert/json_write.h"
#include "log/log.h"
#include "util/mem.h"
#include "version.h"

#define ENVELOPE_ERROR                                                                         \
    "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may not " \
    "contain additional fields. If you are trying to deserialize plain JSON data, set "        \
    "schemas.enable=false in your converter configuration."
#define PARSE_ERROR "Converting byte[] to Kafka Connect data failed due to serialization error: "

typedef struct json_converter {
    bool schemas_enable;
    int32_t cache_size;
    json_data_opts_t opts;
    json_schema_cache_t *cache; /* NULL without schemas or with a size <= 0 */
} json_converter_t;

static const char *const decimal_formats[] = {"BASE64", "NUMERIC", NULL};

static const cd_config_def_t json_config_defs[] = {
    CONVERTER_TYPE_DEF,
    {.name = "schemas.enable",
     .type = CD_CFG_BOOLEAN,
     .default_value = "true",
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Include schemas within each of the serialized values and keys.",
     .group = "Schemas",
     .width = CD_WIDTH_MEDIUM,
     .display_name = "Enable Schemas"},
    {.name = "schemas.cache.size",
     .type = CD_CFG_INT,
     .default_value = "1000",
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "The maximum number of schemas that can be cached in this converter instance.",
     .group = "Schemas",
     .width = CD_WIDTH_MEDIUM,
     .display_name = "Schema Cache Size"},
    {.name = "decimal.format",
     .type = CD_CFG_STRING,
     .default_value = "BASE64",
     .importance = CD_IMPORTANCE_LOW,
     .documentation = "Controls which format this converter will serialize decimals in. This value "
                      "is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
     .group = "Serialization",
     .width = CD_WIDTH_MEDIUM,
     .display_name = "Decimal Format",
     .choices = decimal_formats},
    {.name = "replace.null.with.default",
     .type = CD_CFG_BOOLEAN,
     .default_value = "true",
     .importance = CD_IMPORTANCE_LOW,
     .documentation = "Whether to replace fields that have a default value and that are null to "
                      "the default value. When set to true, the default value is used, otherwise "
                      "null is used.",
     .group = "Serialization",
     .width = CD_WIDTH_MEDIUM,
     .display_name = "Replace null with default"},
    {.name = NULL},
};

static int json_configure(void **state, const cd_config_t *config, bool is_key, cd_error_t *err) {
    (void)is_key; /* key and value converters behave the same */
    json_converter_t c = {0};
    int format;
    if (convert_cfg_check_type(config, err) ||
        convert_cfg_bool(config, "schemas.enable", true, &c.schemas_enable, err) ||
        convert_cfg_int(config, "schemas.cache.size", 1000, &c.cache_size, err) ||
        convert_cfg_choice(config, "decimal.format", decimal_formats, true, 0, &format, err) ||
        convert_cfg_bool(config, "replace.null.with.default", true,
                         &c.opts.replace_null_with_default, err))
        return CD_ERR_CONFIG;
    c.opts.decimal_numeric = format == 1;
    if (c.schemas_enable) c.cache = json_schema_cache_new(c.cache_size);
    json_converter_t *s = xmalloc(sizeof *s);
    *s = c;
    *state = s;
    return 0;
}

static void json_destroy(void *state) {
    json_converter_t *c = state;
    if (c) json_schema_cache_destroy(c->cache);
    free(c);
}

static int json_from_connect(void *state, const char *topic, const cd_schema_t *schema,
                             const cd_value_t *value, cd_buf_t *out, cd_error_t *err) {
    (void)topic;
    const json_converter_t *c = state;
    if (!schema && !value) {
        cd_buf_set_null(out);
        return 0;
    }
    size_t mark = out->len;
    int rc;
    if (c->schemas_enable) {
        jwrite_raw(out, "{\"schema\":");
        rc = json_data_write_schema(out, schema, &c->opts, err);
        if (!rc) {
            jwrite_raw(out, ",\"payload\":");
            rc = json_data_write_value(out, schema, value, &c->opts, err);
        }
        if (!rc) jwrite_raw(out, "}");
    } else {
        rc = json_data_write_value(out, schema, value, &c->opts, err);
    }
    if (rc) {
        out->len = mark;
        if (out->data) out->data[mark] = '\0';
        return CD_ERR_DATA;
    }
    return 0;
}

/* Kafka checks the envelope before anything else: an object of exactly
 * the two members "schema" and "payload". */
static bool is_envelope(const jtree_node_t *root) {
    return root && root->kind == JTREE_OBJECT && root->u.obj.n == 2 && jtree_get(root, "schema") &&
           jtree_get(root, "payload");
}

/* The cache path for an envelope that opens as json_envelope_schema_start
 * accepts: on a hit, parse only the payload (at depth 1, where it sits in
 * the envelope) and check that the envelope closes right after it, so the
 * document is one a full parse accepts with the same schema and payload.
 * -1 sends the record through the full parse (a miss, or anything
 * unusual, whose error the full parse words as Kafka does), with
 * *schema_len set when the schema object's bytes could be delimited; else
 * 0 or CD_ERR_DATA. */
static int to_connect_cached(const json_converter_t *c, const char *data, size_t len,
                             size_t schema_off, size_t *schema_len, cd_arena_t *arena,
                             const cd_schema_t **schema, const cd_value_t **value,
                             cd_error_t *err) {
    const cd_schema_t *s =
        json_schema_cache_lookup(c->cache, data + schema_off, len - schema_off, schema_len);
    size_t payload_off;
    if (!*schema_len ||
        !json_envelope_payload_start(data, len, schema_off + *schema_len, &payload_off)) {
        *schema_len = 0;
        return -1;
    }
    if (!s) return -1;
    const jtree_node_t *payload;
    size_t end;
    if (jtree_parse_value(arena, data + payload_off, len - payload_off, 1, &payload, &end, NULL, 0))
        return -1;
    end += payload_off;
    while (end < len && (data[end] == ' ' || data[end] == '\n' || data[end] == '\r' || data[end] == '\t'))
        end++;
    if (end >= len || data[end] != '}') return -1;
    if (json_data_read_value(arena, s, payload, &c->opts, value, err)) {
        *value = NULL;
        return CD_ERR_DATA;
    }
    *schema = s;
    return 0;
}

static int json_to_connect(void *state, const char *topic, const void *data, size_t len,
                           cd_arena_t *arena, const cd_schema_t **schema, const cd_value_t **value,
                           cd_error_t *err) {
    (void)topic;
    const json_converter_t *c = state;
    *schema = NULL;
    *value = NULL;
    if (!data) return 0; /* a tombstone */
    size_t schema_off = 0, schema_len = 0;
    if (c->cache && json_envelope_schema_start(data, len, &schema_off)) {
        json_schema_cache_begin(c->cache, arena);
        int rc = to_connect_cached(c, data, len, schema_off, &schema_len, arena, schema, value, err);
        if (rc >= 0) return rc;
    }
    const jtree_node_t *root;
    char detail[256];
    if (jtree_parse(arena, data, len, &root, detail, sizeof detail)) {
        /* Kafka's message names no cause; the log keeps ours. */
        LOG_DEBUG(JSON_CONVERTER_CLASS, "JSON parse error: %s", detail);
        return cd_error_set(err, CD_ERR_DATA, PARSE_ERROR);
    }
    const jtree_node_t *payload = root;
    if (c->schemas_enable) {
        if (!is_envelope(root)) return cd_error_set(err, CD_ERR_DATA, ENVELOPE_ERROR);
        if (json_data_read_schema(arena, jtree_get(root, "schema"), &c->opts, schema, err))
            return CD_ERR_DATA;
        payload = jtree_get(root, "payload");
    }
    /* The schema bytes made a schema in an envelope: later records with
     * the same bytes take the cached one (a miss only pays this). */
    if (schema_len) json_schema_cache_put(c->cache, (const char *)data + schema_off, schema_len, &c->opts);
    if (json_data_read_value(arena, *schema, payload, &c->opts, value, err)) {
        *schema = NULL;
        *value = NULL;
        return CD_ERR_DATA;
    }
    return 0;
}

static const cd_converter_ops_t json_ops = {
    CD_DESCRIPTOR_HEADER(cd_converter_ops_t),
    .configure = json_configure,
    .from_connect = json_from_connect,
    .to_connect = json_to_connect,
    .destroy = json_destroy,
};

static const char *const json_aliases[] = {"JsonConverter", NULL};

#define JSON_DOC \
    "Converts Connect data to JSON and back, with or without the schema envelope."

const cd_plugin_desc_t convert_json_converter = {
    CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
    .type = CD_PLUGIN_CONVERTER,
    .name = JSON_CONVERTER_CLASS,
    .aliases = json_aliases,
    .version = CONNECTD_KAFKA_COMPAT_VERSION,
    .documentation = JSON_DOC,
    .config_defs = json_config_defs,
    .ops = &json_ops,
};

const cd_plugin_desc_t convert_json_header_converter = {
    CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
    .type = CD_PLUGIN_HEADER_CONVERTER,
    .name = JSON_CONVERTER_CLASS,
    .aliases = json_aliases,
    .version = CONNECTD_KAFKA_COMPAT_VERSION,
    .documentation = JSON_DOC,
    .config_defs = json_config_defs,
    .ops = &json_ops,
};
