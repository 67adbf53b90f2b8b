/*
 * cd_validation_t: Kafka's ConfigDef.validate results (one ConfigValue per
 * key: value and error messages) plus the errors a connector's validate()
 * adds. The messages are Kafka's, character for character, because clients
 * and tests compare them (see ConfigDef.parseType, Range, ValidString,
 * NonEmptyString in Kafka's clients module).
 */
#include <connectd/plugin.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/config_def.h"
#include "config/regex.h"
#include "config/validation.h"
#include "util/buf.h"
#include "util/mem.h"

struct validation_entry {
    char *key;
    const cd_config_def_t *def;
    char *value;
    char **errors;
    size_t n_errors;
    char **recommended; /* NULL-terminated; NULL when none */
    int order;
};

typedef struct entry_list {
    validation_entry_t **items;
    size_t count, cap;
} entry_list_t;

struct cd_validation {
    entry_list_t undefined; /* keys without definition, first in documents */
    entry_list_t defined;   /* in definition order */
    void **kept;            /* memory handed over with validation_keep */
    size_t n_kept;
};

static void list_push(entry_list_t *l, validation_entry_t *e) {
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->count++] = e;
}

static size_t list_find(const entry_list_t *l, const char *key) {
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i]->key, key) == 0) return i;
    return (size_t)-1;
}

static void entry_clear_errors(validation_entry_t *e) {
    for (size_t i = 0; i < e->n_errors; i++) free(e->errors[i]);
    free(e->errors);
    e->errors = NULL;
    e->n_errors = 0;
}

static void entry_clear_recommended(validation_entry_t *e) {
    for (char **r = e->recommended; r && *r; r++) free(*r);
    free(e->recommended);
    e->recommended = NULL;
}

static void entry_free(validation_entry_t *e) {
    if (!e) return;
    entry_clear_errors(e);
    entry_clear_recommended(e);
    free(e->key);
    free(e->value);
    free(e);
}

static void entry_add_error(validation_entry_t *e, char *msg_owned) {
    e->errors = xrealloc(e->errors, (e->n_errors + 1) * sizeof *e->errors);
    e->errors[e->n_errors++] = msg_owned;
}

cd_validation_t *validation_new(void) { return xcalloc(1, sizeof(cd_validation_t)); }

void validation_destroy(cd_validation_t *v) {
    if (!v) return;
    for (size_t i = 0; i < v->undefined.count; i++) entry_free(v->undefined.items[i]);
    for (size_t i = 0; i < v->defined.count; i++) entry_free(v->defined.items[i]);
    free(v->undefined.items);
    free(v->defined.items);
    for (size_t i = 0; i < v->n_kept; i++) free(v->kept[i]);
    free(v->kept);
    free(v);
}

void *validation_keep(cd_validation_t *v, void *p) {
    v->kept = xrealloc(v->kept, (v->n_kept + 1) * sizeof *v->kept);
    v->kept[v->n_kept++] = p;
    return p;
}

/* The entry of a key about to be (re)defined: reset in place if already
 * defined, moved over if it only had errors so far, else new. */
static validation_entry_t *entry_for_definition(cd_validation_t *v, const char *key) {
    size_t i = list_find(&v->defined, key);
    if (i != (size_t)-1) {
        validation_entry_t *e = v->defined.items[i];
        entry_clear_errors(e);
        entry_clear_recommended(e);
        free(e->value);
        e->value = NULL;
        return e;
    }
    validation_entry_t *e;
    i = list_find(&v->undefined, key);
    if (i != (size_t)-1) {
        /* Errors added before the definition was seen stay with the key. */
        e = v->undefined.items[i];
        memmove(&v->undefined.items[i], &v->undefined.items[i + 1],
                (v->undefined.count - i - 1) * sizeof *v->undefined.items);
        v->undefined.count--;
        free(e->value);
        e->value = NULL;
    } else {
        e = xcalloc(1, sizeof *e);
        e->key = xstrdup(key);
    }
    list_push(&v->defined, e);
    return e;
}

/* name: the key as the validator knows it (an embedded key's validator
 * sees its name without the prefix, as Kafka's ConfigDef.embed does). */
static void add_invalid(validation_entry_t *e, const char *name, const char *value,
                        const char *reason) {
    entry_add_error(e, xasprintf("Invalid value %s for configuration %s: %s",
                                 value ? value : "null", name, reason));
}

static bool is_number_type(cd_config_type_t t) {
    return t == CD_CFG_INT || t == CD_CFG_SHORT || t == CD_CFG_LONG || t == CD_CFG_DOUBLE;
}

static void render_bound(const cd_config_def_t *d, double bound, char *out, size_t len) {
    if (d->type == CD_CFG_DOUBLE)
        config_java_double(bound, out, len);
    else
        snprintf(out, len, "%lld", (long long)bound);
}

static bool choice_ok(const cd_config_def_t *d, const char *s) {
    for (const char *const *c = d->choices; *c; c++)
        if (strcasecmp(*c, s) == 0) return true;
    return false;
}

static char *choices_reason(const cd_config_def_t *d) {
    buf_t b;
    buf_init(&b);
    buf_append_str(&b, "String must be one of: ");
    for (const char *const *c = d->choices; *c; c++) {
        if (c != d->choices) buf_append_str(&b, ", ");
        buf_append_str(&b, *c);
    }
    return buf_steal(&b);
}

/*
 * Kafka's validator for the key, run on the parsed value. A key has one
 * validator in Kafka (composites stop at the first failure), so at most one
 * error is added. value_error: the value is null because parsing failed or
 * a required key is missing; Kafka's Range and ValidString then still
 * complain about the null.
 */
static void run_validators(const cd_config_def_t *d, const char *name, validation_entry_t *e,
                           const char *trimmed, const char *rendered, bool value_error) {
    bool has_range = is_number_type(d->type) && (d->flags & (CD_CFG_F_HAS_MIN | CD_CFG_F_HAS_MAX));
    bool string_choices = d->choices && d->type != CD_CFG_LIST;
    if (!trimmed) {
        if (value_error && has_range) {
            add_invalid(e, name, NULL, "Value must be non-null");
        } else if (value_error && string_choices) {
            char *reason = choices_reason(d);
            add_invalid(e, name, NULL, reason);
            free(reason);
        }
        return;
    }
    if (has_range) {
        double n = 0;
        config_parse_double(rendered, &n);
        char bound[64];
        if ((d->flags & CD_CFG_F_HAS_MIN) && n < d->min) {
            render_bound(d, d->min, bound, sizeof bound);
            char *reason = xasprintf("Value must be at least %s", bound);
            add_invalid(e, name, rendered, reason);
            free(reason);
            return;
        }
        if ((d->flags & CD_CFG_F_HAS_MAX) && n > d->max) {
            render_bound(d, d->max, bound, sizeof bound);
            char *reason = xasprintf("Value must be no more than %s", bound);
            add_invalid(e, name, rendered, reason);
            free(reason);
            return;
        }
    }
    if ((d->flags & CD_CFG_F_NONEMPTY) && !*trimmed) {
        add_invalid(e, name, trimmed, "String must be non-empty");
        return;
    }
    if (d->choices) {
        size_t n = 1;
        char **items = d->type == CD_CFG_LIST ? config_split_list(trimmed, &n) : NULL;
        for (size_t i = 0; i < n; i++) {
            const char *s = items ? items[i] : trimmed;
            if (!choice_ok(d, s)) {
                char *reason = choices_reason(d);
                add_invalid(e, name, s, reason);
                free(reason);
                free(items);
                return;
            }
        }
        free(items);
    }
    if (d->flags & CD_CFG_F_REGEX) {
        char msg[256];
        if (config_regex_check(trimmed, msg, sizeof msg) < 0) {
            char *reason = xasprintf("Invalid regex: %s", msg);
            add_invalid(e, name, trimmed, reason);
            free(reason);
            return;
        }
    }
    if (d->validator) {
        cd_error_t err;
        cd_error_clear(&err);
        if (d->validator(name, trimmed, &err) != 0) {
            entry_add_error(e, xstrdup(err.message[0] ? err.message : "Invalid value"));
        }
    }
}

static void validate_named(const cd_config_def_t *d, int order, const char *name,
                           const cd_props_t *props, cd_validation_t *v) {
    validation_entry_t *e = entry_for_definition(v, d->name);
    e->def = d;
    e->order = order;
    const char *raw = cd_props_get(props, d->name);
    const char *source = raw;
    bool value_error = false;
    if (!raw) {
        if (config_def_required(d)) {
            entry_add_error(e, xasprintf("Missing required configuration \"%s\" which has no "
                                         "default value.",
                                         d->name));
            value_error = true;
        } else {
            source = d->default_value;
        }
    }
    char *trimmed = NULL, *rendered = NULL;
    if (source && !value_error) {
        const char *reason = NULL;
        /* Validators see the real value; PASSWORD renders as [hidden]. */
        cd_config_type_t parse_type = d->type == CD_CFG_PASSWORD ? CD_CFG_STRING : d->type;
        rendered = config_render_value(parse_type, source, &reason);
        if (rendered) {
            trimmed = config_trim_dup(source);
        } else if (raw) {
            /* Kafka quotes the value as given, before trimming. */
            entry_add_error(e, xasprintf("Invalid value %s for configuration %s: %s", raw,
                                         d->name, reason));
            value_error = true;
        }
    }
    run_validators(d, name, e, trimmed, rendered, value_error);
    if (rendered) e->value = d->type == CD_CFG_PASSWORD ? xstrdup("[hidden]") : xstrdup(rendered);
    free(trimmed);
    free(rendered);
}

void config_validate_key(const cd_config_def_t *d, int order, const cd_props_t *props,
                         cd_validation_t *v) {
    validate_named(d, order, d->name, props, v);
}

void config_validate_embedded(const cd_config_def_t *d, int order, size_t prefix_len,
                              const cd_props_t *props, cd_validation_t *v) {
    validate_named(d, order, strlen(d->name) >= prefix_len ? d->name + prefix_len : d->name,
                   props, v);
}

void config_validate_ordered(const cd_config_def_t *defs, config_order_fn order_of,
                             const cd_props_t *props, cd_validation_t *v) {
    if (!defs || !v) return;
    for (const cd_config_def_t *d = defs; d->name; d++) {
        int order = order_of ? order_of(d->name) : config_def_order_in_group(defs, d);
        config_validate_key(d, order, props, v);
    }
}

void config_validate(const cd_config_def_t *defs, const cd_props_t *props, cd_validation_t *v) {
    config_validate_ordered(defs, NULL, props, v);
}

void validation_add_error(cd_validation_t *v, const char *key, const char *value_if_new,
                          const char *msg) {
    if (!v || !key || !msg) return;
    validation_entry_t *e = (validation_entry_t *)validation_find(v, key);
    if (!e) {
        e = xcalloc(1, sizeof *e);
        e->key = xstrdup(key);
        e->value = xstrdup(value_if_new);
        e->order = -1;
        list_push(&v->undefined, e);
    }
    entry_add_error(e, xstrdup(msg));
}

void cd_validation_add_error(cd_validation_t *v, const char *key, const char *fmt, ...) {
    if (!v || !key || !fmt) return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0) msg = NULL;
    va_end(ap);
    if (msg) validation_add_error(v, key, NULL, msg);
    free(msg);
}

size_t validation_error_count(const cd_validation_t *v) {
    size_t n = 0;
    for (size_t i = 0; v && i < v->undefined.count; i++) n += v->undefined.items[i]->n_errors;
    for (size_t i = 0; v && i < v->defined.count; i++) n += v->defined.items[i]->n_errors;
    return n;
}

size_t validation_entry_count(const cd_validation_t *v) {
    return v ? v->undefined.count + v->defined.count : 0;
}

const validation_entry_t *validation_entry_at(const cd_validation_t *v, size_t i) {
    if (!v) return NULL;
    if (i < v->undefined.count) return v->undefined.items[i];
    i -= v->undefined.count;
    return i < v->defined.count ? v->defined.items[i] : NULL;
}

const validation_entry_t *validation_find(const cd_validation_t *v, const char *key) {
    if (!v || !key) return NULL;
    size_t i = list_find(&v->defined, key);
    if (i != (size_t)-1) return v->defined.items[i];
    i = list_find(&v->undefined, key);
    return i != (size_t)-1 ? v->undefined.items[i] : NULL;
}

void validation_set_value(cd_validation_t *v, const char *key, const char *value) {
    validation_entry_t *e = (validation_entry_t *)validation_find(v, key);
    if (!e) return;
    free(e->value);
    e->value = value ? xstrdup(value) : NULL;
}

void validation_set_recommended(cd_validation_t *v, const char *key, const char *const *values,
                                size_t n) {
    validation_entry_t *e = (validation_entry_t *)validation_find(v, key);
    if (!e) return;
    entry_clear_recommended(e);
    e->recommended = xcalloc(n + 1, sizeof *e->recommended);
    for (size_t i = 0; i < n; i++) e->recommended[i] = xstrdup(values[i]);
}

size_t validation_entry_recommended_count(const validation_entry_t *e) {
    size_t n = 0;
    while (e->recommended && e->recommended[n]) n++;
    return n;
}

const char *validation_entry_recommended(const validation_entry_t *e, size_t i) {
    return i < validation_entry_recommended_count(e) ? e->recommended[i] : NULL;
}

const char *validation_entry_key(const validation_entry_t *e) { return e->key; }
const cd_config_def_t *validation_entry_def(const validation_entry_t *e) { return e->def; }
const char *validation_entry_value(const validation_entry_t *e) { return e->value; }
int validation_entry_order(const validation_entry_t *e) { return e->order; }
size_t validation_entry_error_count(const validation_entry_t *e) { return e->n_errors; }

const char *validation_entry_error(const validation_entry_t *e, size_t i) {
    return i < e->n_errors ? e->errors[i] : NULL;
}

size_t validation_groups(const cd_validation_t *v, const char **out, size_t max) {
    size_t n = 0;
    for (size_t i = 0; v && i < v->defined.count; i++) {
        const char *g = v->defined.items[i]->def->group;
        if (!g) continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) {
            const char *h = v->defined.items[j]->def->group;
            seen = h && strcmp(h, g) == 0;
        }
        if (seen) continue;
        if (n < max) out[n] = g;
        n++;
    }
    return n;
}

char *validation_format_message(const cd_validation_t *v) {
    buf_t b;
    buf_init(&b);
    buf_appendf(&b, "Connector configuration is invalid and contains the following %zu error(s):",
                validation_error_count(v));
    for (size_t i = 0; i < validation_entry_count(v); i++) {
        const validation_entry_t *e = validation_entry_at(v, i);
        for (size_t j = 0; j < e->n_errors; j++) buf_appendf(&b, "\n%s", e->errors[j]);
    }
    buf_append_str(&b, "\nYou can also find the above list of errors at the endpoint "
                       "`/connector-plugins/{connectorType}/config/validate`");
    return buf_steal(&b);
}
