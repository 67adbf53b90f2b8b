#include "runtime/transform_chain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/config_def.h"
#include "util/mem.h"

typedef struct chain_predicate {
    char *alias;
    const cd_plugin_desc_t *desc;
    const cd_predicate_ops_t *ops;
    cd_config_t *config;
    void *state;
} chain_predicate_t;

typedef struct chain_step {
    char *alias;
    const cd_plugin_desc_t *desc;
    const cd_transform_ops_t *ops;
    cd_config_t *config;
    void *state;
    chain_predicate_t *predicate; /* NULL: always applies */
    bool negate;
} chain_step_t;

struct transform_chain {
    chain_step_t *steps;
    size_t n_steps;
    chain_predicate_t *predicates;
    size_t n_predicates;
};

/* The plugin's own keys: `<prefix>.<key>` with the prefix stripped. */
static cd_props_t *sub_props(const cd_props_t *config, const char *prefix) {
    cd_props_t *out = cd_props_new();
    size_t plen = strlen(prefix);
    for (size_t i = 0; i < cd_props_count(config); i++) {
        const char *k = cd_props_key_at(config, i);
        if (strncmp(k, prefix, plen) == 0 && k[plen] == '.' && k[plen + 1])
            cd_props_set(out, k + plen + 1, cd_props_value_at(config, i));
    }
    return out;
}

static const cd_plugin_desc_t *find_plugin(const plugin_registry_t *reg, const cd_props_t *config,
                                           const char *prefix, cd_plugin_type_t type,
                                           cd_error_t *err) {
    char key[512];
    snprintf(key, sizeof key, "%s.type", prefix);
    const char *cls = cd_props_get(config, key);
    if (!cls || !*cls) {
        cd_error_set(err, CD_ERR_CONFIG, "Missing required configuration \"%s\" which has no default value.", key);
        return NULL;
    }
    char msg[2048];
    const cd_plugin_desc_t *d = plugin_registry_find(reg, PLUGIN_MASK(type), cls, msg, sizeof msg);
    if (!d) cd_error_set(err, CD_ERR_CONFIG, "Invalid value %s for configuration %s: %s", cls, key, msg);
    return d;
}

static int configure_predicate(const plugin_registry_t *reg, const cd_props_t *config,
                               const char *alias, chain_predicate_t *p, cd_error_t *err) {
    char prefix[256];
    snprintf(prefix, sizeof prefix, "predicates.%s", alias);
    p->alias = xstrdup(alias);
    p->desc = find_plugin(reg, config, prefix, CD_PLUGIN_PREDICATE, err);
    if (!p->desc) return CD_ERR_CONFIG;
    p->ops = p->desc->ops;
    cd_props_t *props = sub_props(config, prefix);
    const cd_config_def_t *tables[1] = {p->desc->config_defs};
    p->config = config_new(tables, p->desc->config_defs ? 1 : 0, props);
    cd_props_destroy(props);
    return p->ops->configure(&p->state, p->config, err);
}

static int configure_step(const plugin_registry_t *reg, transform_chain_t *c,
                          const cd_props_t *config, const char *alias, chain_step_t *s,
                          cd_error_t *err) {
    char prefix[256], key[512];
    snprintf(prefix, sizeof prefix, "transforms.%s", alias);
    s->alias = xstrdup(alias);
    s->desc = find_plugin(reg, config, prefix, CD_PLUGIN_TRANSFORMATION, err);
    if (!s->desc) return CD_ERR_CONFIG;
    s->ops = s->desc->ops;
    snprintf(key, sizeof key, "%s.predicate", prefix);
    const char *pred = cd_props_get(config, key);
    snprintf(key, sizeof key, "%s.negate", prefix);
    const char *negate = cd_props_get(config, key);
    if (negate && !pred)
        return cd_error_set(err, CD_ERR_CONFIG,
                            "Config '%s' was provided but there is no config '%s.predicate' "
                            "defining a predicate to be negated.",
                            key, prefix);
    s->negate = negate && strcasecmp(negate, "true") == 0;
    if (pred && *pred) {
        for (size_t i = 0; i < c->n_predicates; i++)
            if (strcmp(c->predicates[i].alias, pred) == 0) s->predicate = &c->predicates[i];
        if (!s->predicate)
            return cd_error_set(err, CD_ERR_CONFIG,
                                "Invalid value %s for configuration %s.predicate: predicate is not "
                                "listed in 'predicates'",
                                pred, prefix);
    }
    cd_props_t *props = sub_props(config, prefix);
    cd_props_remove(props, "type");
    cd_props_remove(props, "predicate");
    cd_props_remove(props, "negate");
    const cd_config_def_t *tables[1] = {s->desc->config_defs};
    s->config = config_new(tables, s->desc->config_defs ? 1 : 0, props);
    cd_props_destroy(props);
    return s->ops->configure(&s->state, s->config, err);
}

/* Split a LIST value; rejects duplicate aliases as Kafka does. */
static char **aliases_of(const cd_props_t *config, const char *key, size_t *n, cd_error_t *err) {
    const char *v = cd_props_get(config, key);
    char **list = config_split_list(v ? v : "", n);
    for (size_t i = 0; i < *n; i++)
        for (size_t j = i + 1; j < *n; j++)
            if (strcmp(list[i], list[j]) == 0) {
                cd_error_set(err, CD_ERR_CONFIG,
                             "Invalid value %s for configuration %s: Duplicate alias provided.", v, key);
                free(list);
                return NULL;
            }
    return list;
}

transform_chain_t *transform_chain_new(const plugin_registry_t *reg, const cd_props_t *config,
                                       cd_error_t *err) {
    return transform_chain_new_at(reg, config, NULL, 0, err);
}

static void set_where(char *where, size_t wherelen, const char *kind, const char *alias) {
    if (where && wherelen) snprintf(where, wherelen, "%s.%s", kind, alias);
}

transform_chain_t *transform_chain_new_at(const plugin_registry_t *reg, const cd_props_t *config,
                                          char *where, size_t wherelen, cd_error_t *err) {
    if (where && wherelen) where[0] = '\0';
    transform_chain_t *c = xcalloc(1, sizeof *c);
    size_t np = 0, nt = 0;
    char **preds = aliases_of(config, "predicates", &np, err);
    char **steps = preds ? aliases_of(config, "transforms", &nt, err) : NULL;
    if (!preds || !steps) goto fail;
    c->predicates = xcalloc(np ? np : 1, sizeof *c->predicates);
    for (size_t i = 0; i < np; i++, c->n_predicates++)
        if (configure_predicate(reg, config, preds[i], &c->predicates[i], err) != 0) {
            set_where(where, wherelen, "predicates", preds[i]);
            c->n_predicates++; /* so destroy releases the half-made one */
            goto fail;
        }
    c->steps = xcalloc(nt ? nt : 1, sizeof *c->steps);
    for (size_t i = 0; i < nt; i++, c->n_steps++)
        if (configure_step(reg, c, config, steps[i], &c->steps[i], err) != 0) {
            set_where(where, wherelen, "transforms", steps[i]);
            c->n_steps++;
            goto fail;
        }
    free(preds);
    free(steps);
    return c;
fail:
    free(preds);
    free(steps);
    transform_chain_destroy(c);
    return NULL;
}

void transform_chain_destroy(transform_chain_t *c) {
    if (!c) return;
    for (size_t i = 0; i < c->n_steps; i++) {
        chain_step_t *s = &c->steps[i];
        if (s->state && s->ops->destroy) s->ops->destroy(s->state);
        config_destroy(s->config);
        free(s->alias);
    }
    for (size_t i = 0; i < c->n_predicates; i++) {
        chain_predicate_t *p = &c->predicates[i];
        if (p->state && p->ops->destroy) p->ops->destroy(p->state);
        config_destroy(p->config);
        free(p->alias);
    }
    free(c->steps);
    free(c->predicates);
    free(c);
}

bool transform_chain_empty(const transform_chain_t *c) { return !c || c->n_steps == 0; }

/* Kafka: a step applies only when predicate.test(record) != negate. */
static inline bool step_applies(const chain_step_t *s, const cd_record_t *r, bool *matched) {
    if (!s->predicate) return true;
    *matched = s->predicate->ops->test(s->predicate->state, r);
    return *matched != s->negate;
}

int transform_chain_apply(transform_chain_t *c, const cd_record_t *in, cd_arena_t *arena,
                          const cd_record_t **out, const char **failed_class, cd_error_t *err) {
    const cd_record_t *r = in;
    for (size_t i = 0; r && c && i < c->n_steps; i++) {
        chain_step_t *s = &c->steps[i];
        bool matched;
        if (!step_applies(s, r, &matched)) continue;
        const cd_record_t *next = NULL;
        if (s->ops->apply(s->state, r, arena, &next, err) != 0) {
            *failed_class = s->desc->name;
            return err->code ? (int)err->code : CD_ERR_DATA;
        }
        r = next;
    }
    *out = r;
    return 0;
}

size_t transform_chain_size(const transform_chain_t *c) { return c ? c->n_steps : 0; }

void transform_chain_step_info(const transform_chain_t *c, size_t i,
                               transform_chain_step_info_t *out) {
    const chain_step_t *s = &c->steps[i];
    out->alias = s->alias;
    out->class_name = s->desc->name;
    out->predicate = s->predicate ? s->predicate->alias : NULL;
    out->predicate_class = s->predicate ? s->predicate->desc->name : NULL;
    out->negate = s->negate;
}

int transform_chain_apply_step(transform_chain_t *c, size_t i, const cd_record_t *in,
                               cd_arena_t *arena, const cd_record_t **out,
                               transform_step_result_t *res, cd_error_t *err) {
    chain_step_t *s = &c->steps[i];
    res->predicate_matched = false;
    res->applied = step_applies(s, in, &res->predicate_matched);
    *out = in;
    if (!res->applied) return 0;
    const cd_record_t *next = NULL;
    if (s->ops->apply(s->state, in, arena, &next, err) != 0)
        return err->code ? (int)err->code : CD_ERR_DATA;
    *out = next;
    return 0;
}
