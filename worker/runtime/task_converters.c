#include "runtime/task_converters.h"

#include <stdio.h>
#include <string.h>

#include "config/config_def.h"

#define SIMPLE_HEADER_CONVERTER "org.apache.kafka.connect.storage.SimpleHeaderConverter"

/* Copy `<prefix>.*` keys of src into dst with the prefix stripped. */
static void copy_prefixed(const cd_props_t *src, const char *prefix, cd_props_t *dst) {
    size_t plen = strlen(prefix);
    for (size_t i = 0; i < cd_props_count(src); i++) {
        const char *k = cd_props_key_at(src, i);
        if (strncmp(k, prefix, plen) == 0 && k[plen] == '.' && k[plen + 1])
            cd_props_set(dst, k + plen + 1, cd_props_value_at(src, i));
    }
}

static int slot_init(converter_slot_t *slot, const plugin_registry_t *reg, const cd_props_t *worker,
                     const cd_props_t *connector, const char *key, const char *type,
                     cd_error_t *err) {
    /* The connector's choice wins, with its own prefixed settings. */
    const cd_props_t *src = connector;
    const char *cls = cd_props_get(connector, key);
    if (!cls || !*cls) {
        src = worker;
        cls = cd_props_get(worker, key);
    }
    bool is_header = strcmp(type, "header") == 0;
    if ((!cls || !*cls) && is_header) cls = SIMPLE_HEADER_CONVERTER;
    if (!cls || !*cls)
        return cd_error_set(err, CD_ERR_CONFIG, "Missing required configuration \"%s\" which has no default value.", key);
    unsigned mask = PLUGIN_MASK(is_header ? CD_PLUGIN_HEADER_CONVERTER : CD_PLUGIN_CONVERTER);
    char msg[2048];
    const cd_plugin_desc_t *d = plugin_registry_find(reg, mask, cls, msg, sizeof msg);
    if (!d) return cd_error_set(err, CD_ERR_CONFIG, "Invalid value %s for configuration %s: %s", cls, key, msg);

    cd_props_t *props = cd_props_new();
    copy_prefixed(src, key, props);
    cd_props_set(props, "converter.type", type);
    const cd_config_def_t *tables[1] = {d->config_defs};
    slot->config = config_new(tables, d->config_defs ? 1 : 0, props);
    cd_props_destroy(props);
    slot->desc = d;
    slot->ops = d->ops;
    if (slot->ops->configure(&slot->state, slot->config, strcmp(type, "key") == 0, err) != 0) {
        config_destroy(slot->config);
        slot->config = NULL;
        slot->ops = NULL;
        return err->code ? (int)err->code : CD_ERR_CONFIG;
    }
    return 0;
}

static void slot_fini(converter_slot_t *slot) {
    if (slot->ops && slot->ops->destroy) slot->ops->destroy(slot->state);
    config_destroy(slot->config);
    memset(slot, 0, sizeof *slot);
}

int task_converters_init(task_converters_t *tc, const plugin_registry_t *reg,
                         const cd_props_t *worker, const cd_props_t *connector, cd_error_t *err) {
    memset(tc, 0, sizeof *tc);
    if (slot_init(&tc->key, reg, worker, connector, "key.converter", "key", err) ||
        slot_init(&tc->value, reg, worker, connector, "value.converter", "value", err) ||
        slot_init(&tc->header, reg, worker, connector, "header.converter", "header", err)) {
        task_converters_fini(tc);
        return err->code ? (int)err->code : CD_ERR_CONFIG;
    }
    return 0;
}

void task_converters_fini(task_converters_t *tc) {
    slot_fini(&tc->key);
    slot_fini(&tc->value);
    slot_fini(&tc->header);
}
