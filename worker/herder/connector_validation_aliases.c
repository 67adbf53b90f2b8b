/*
 * ConnectorConfig.enrich: the keys a connector config gains for each
 * transform and predicate alias it lists, and their validation, so a bad
 * transform config is refused when the connector is created (or shown by
 * the validate endpoint), never found at the first record.
 *
 * Per alias, in group "Transforms: <alias>" ("Predicates: <alias>"):
 *   <prefix>type            CLASS, required, order 0
 *   <prefix>plugin.version  STRING, the plugin's version, order 1 (KIP-891)
 *   then, as ConfigDef.embed lays a child definition out, sorted (ungrouped
 *   keys first, then by group, order, required first, importance, name) and
 *   numbered from 2: for transforms the implicit `predicate` and `negate`,
 *   which mask plugin keys of those names, and the plugin's own keys.
 * An embedded key's validators word their messages with its unprefixed
 * name, as Kafka's embeddedValidator does; missing-key and parse errors
 * name the full key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "config/validation.h"
#include "herder/connector_validation.h"
#include "util/mem.h"

typedef struct alias_kind {
    const char *list_key;   /* "transforms" */
    const char *group;      /* "Transforms" */
    const char *kind;       /* "transformation", in docs */
    const char *simple;     /* "Transformation", in display names */
    cd_plugin_type_t type;
    bool implicit;          /* predicate and negate */
} alias_kind_t;

static const alias_kind_t TRANSFORMS = {"transforms", "Transforms", "transformation",
                                        "Transformation", CD_PLUGIN_TRANSFORMATION, true};
static const alias_kind_t PREDICATES = {"predicates", "Predicates", "predicate", "Predicate",
                                        CD_PLUGIN_PREDICATE, false};

/* TransformationStage's implicit keys, defined without group. */
static const cd_config_def_t IMPLICIT_DEFS[] = {
    {.name = "predicate", .type = CD_CFG_STRING, .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "The alias of a predicate used to determine whether to apply this "
                      "transformation."},
    {.name = "negate", .type = CD_CFG_BOOLEAN, .default_value = "false",
     .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "Whether the configured predicate should be negated."},
    {.name = NULL},
};

/* A key of the child definition being embedded. */
typedef struct child_key {
    const cd_config_def_t *def;
    int order;     /* its order_in_group in its own table */
    int group_ord; /* position of its group among the child's groups */
} child_key_t;

/* ConfigDef.compare: sortedConfigs() order. */
static int child_cmp(const void *pa, const void *pb) {
    const child_key_t *a = pa, *b = pb;
    const char *ga = a->def->group, *gb = b->def->group;
    if (!ga != !gb) return ga ? 1 : -1;
    if (ga && a->group_ord != b->group_ord) return a->group_ord < b->group_ord ? -1 : 1;
    if (a->order != b->order) return a->order < b->order ? -1 : 1;
    bool ra = config_def_required(a->def), rb = config_def_required(b->def);
    if (ra != rb) return ra ? -1 : 1;
    if (a->def->importance != b->def->importance)
        return a->def->importance < b->def->importance ? -1 : 1;
    return strcmp(a->def->name, b->def->name);
}

/* Groups of the child definition in the order they were first defined. */
static int group_ordinal(const child_key_t *keys, size_t n, const char *group) {
    int ord = 0;
    for (size_t i = 0; i < n; i++) {
        const char *g = keys[i].def->group;
        if (!g) continue;
        bool first = true;
        for (size_t j = 0; j < i && first; j++)
            first = !(keys[j].def->group && strcmp(keys[j].def->group, g) == 0);
        if (!first) continue;
        if (strcmp(g, group) == 0) return ord;
        ord++;
    }
    return ord;
}

static char *keep_str(cd_validation_t *v, char *s) { return validation_keep(v, s); }

/* Embed the plugin's definitions (and the implicit ones) under prefix. */
static void embed_plugin(const alias_kind_t *k, const cd_plugin_desc_t *pd, const char *prefix,
                         const char *group, const cd_props_t *config, cd_validation_t *v) {
    size_t n_implicit = k->implicit ? config_def_count(IMPLICIT_DEFS) : 0;
    size_t n_own = config_def_count(pd->config_defs);
    child_key_t *keys = xcalloc(n_implicit + n_own + 1, sizeof *keys);
    size_t n = 0;
    for (size_t i = 0; i < n_implicit; i++)
        keys[n++] = (child_key_t){.def = &IMPLICIT_DEFS[i], .order = -1};
    for (size_t i = 0; i < n_own; i++) {
        const cd_config_def_t *d = &pd->config_defs[i];
        if (k->implicit && config_def_find(IMPLICIT_DEFS, d->name)) continue; /* masked */
        keys[n++] = (child_key_t){.def = d, .order = config_def_order_in_group(pd->config_defs, d)};
    }
    for (size_t i = 0; i < n; i++)
        if (keys[i].def->group) keys[i].group_ord = group_ordinal(keys, n, keys[i].def->group);
    qsort(keys, n, sizeof *keys, child_cmp);

    cd_config_def_t *defs = validation_keep(v, xcalloc(n + 1, sizeof *defs));
    size_t plen = strlen(prefix);
    for (size_t i = 0; i < n; i++) {
        const cd_config_def_t *c = keys[i].def;
        defs[i] = *c;
        defs[i].name = keep_str(v, xasprintf("%s%s", prefix, c->name));
        defs[i].group = c->group ? keep_str(v, xasprintf("%s: %s", group, c->group)) : group;
        defs[i].display_name = config_def_display_name(c);
        config_validate_embedded(&defs[i], (int)i + 2, plen, config, v);
    }
    free(keys);
}

static bool listed(const cd_props_t *config, const char *list_key, const char *alias) {
    size_t n;
    char **items = config_split_list(cd_props_get(config, list_key), &n);
    bool found = false;
    for (size_t i = 0; i < n && !found; i++) found = strcmp(items[i], alias) == 0;
    free(items);
    return found;
}

static void enrich_alias(const plugin_registry_t *reg, const alias_kind_t *k, const char *alias,
                         const cd_props_t *config, cd_validation_t *v) {
    char *prefix = keep_str(v, xasprintf("%s.%s.", k->list_key, alias));
    char *group = keep_str(v, xasprintf("%s: %s", k->group, alias));
    cd_config_def_t *defs = validation_keep(v, xcalloc(2, sizeof *defs));

    cd_config_def_t *type = &defs[0];
    *type = (cd_config_def_t){
        .name = keep_str(v, xasprintf("%stype", prefix)),
        .type = CD_CFG_CLASS,
        .importance = CD_IMPORTANCE_HIGH,
        .documentation = keep_str(v, xasprintf("Class for the '%s' %s.", alias, k->kind)),
        .group = group,
        .width = CD_WIDTH_LONG,
        .display_name = keep_str(v, xasprintf("%s type for %s", k->simple, alias)),
        .flags = CD_CFG_F_REQUIRED,
    };
    config_validate_key(type, 0, config, v);
    const cd_plugin_desc_t *pd =
        connector_validation_class(reg, v, type->name, cd_props_get(config, type->name), k->type);
    if (k->implicit) {
        /* TransformationStage's check runs in the type's validator. */
        char *negate = xasprintf("%snegate", prefix), *pred = xasprintf("%spredicate", prefix);
        if (cd_props_get(config, negate) && !cd_props_get(config, pred)) {
            char *msg = xasprintf("Config '%s' was provided but there is no config '%s' defining "
                                  "a predicate to be negated.",
                                  negate, pred);
            validation_add_error(v, type->name, NULL, msg);
            free(msg);
        }
        free(negate);
        free(pred);
    }
    connector_validation_recommend_classes(reg, v, type->name, k->type);

    cd_config_def_t *version = &defs[1];
    *version = (cd_config_def_t){
        .name = keep_str(v, xasprintf("%splugin.version", prefix)),
        .type = CD_CFG_STRING,
        .default_value = pd ? pd->version : NULL,
        .importance = CD_IMPORTANCE_HIGH,
        .documentation = keep_str(v, xasprintf("Version of the '%s' %s.", alias, k->kind)),
        .group = group,
        .width = CD_WIDTH_LONG,
        .display_name = keep_str(v, xasprintf("%s version for %s", k->simple, alias)),
    };
    config_validate_key(version, 1, config, v);
    connector_validation_recommend_versions(reg, v, version->name, PLUGIN_MASK(k->type),
                                            pd ? pd->name : NULL);
    if (!pd) return; /* no definitions to embed, as Kafka */
    embed_plugin(k, pd, prefix, group, config, v);

    /* Kafka only finds a dangling predicate alias when the task starts;
     * the runtime refuses it, so say so now. */
    char *pred_key = xasprintf("%spredicate", prefix);
    const char *pred = cd_props_get(config, pred_key);
    if (k->implicit && pred && *pred && !listed(config, PREDICATES.list_key, pred)) {
        char *msg = xasprintf("Invalid value %s for configuration %s: predicate is not listed in "
                              "'predicates'",
                              pred, pred_key);
        validation_add_error(v, pred_key, NULL, msg);
        free(msg);
    }
    free(pred_key);
}

static void enrich_kind(const plugin_registry_t *reg, const alias_kind_t *k,
                        const cd_props_t *config, cd_validation_t *v) {
    const char *list = cd_props_get(config, k->list_key);
    if (!list) return;
    size_t n;
    char **aliases = config_split_list(list, &n);
    for (size_t i = 0; i < n; i++) {
        bool dup = false; /* a LinkedHashSet of the aliases */
        for (size_t j = 0; j < i && !dup; j++) dup = strcmp(aliases[i], aliases[j]) == 0;
        if (!dup) enrich_alias(reg, k, aliases[i], config, v);
    }
    free(aliases);
}

void connector_validation_enrich(const plugin_registry_t *reg, const cd_props_t *config,
                                 cd_validation_t *v) {
    enrich_kind(reg, &TRANSFORMS, config, v);
    enrich_kind(reg, &PREDICATES, config, v);
}
