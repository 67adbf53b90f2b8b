/*
 * Markdown configuration reference; see config_docs.h. Everything here
 * reads definition tables and descriptors; nothing is written by hand but
 * the one-line blurbs that say where a table applies.
 */
#include "docs/config_docs.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "config/connector_config.h"
#include "config/worker_config.h"
#include "convert/builtin.h"
#include "util/mem.h"

/* ---- cells and tables -------------------------------------------------- */

void config_docs_cell(buf_t *out, const char *text) {
    if (!text) return;
    bool pending_space = false, started = false;
    for (const char *p = text; *p; p++) {
        if (isspace((unsigned char)*p)) {
            pending_space = started; /* leading whitespace is dropped */
            continue;
        }
        if (pending_space) cd_buf_append(out, " ", 1);
        pending_space = false;
        started = true;
        /* A bare '|' would end the cell, even inside a code span. */
        if (*p == '|') cd_buf_append(out, "\\|", 2);
        else cd_buf_append(out, p, 1);
    }
}

/* Kafka's own reference writes types and importances in lower case. */
static void append_lower(buf_t *out, const char *s) {
    for (; *s; s++) {
        char c = (char)tolower((unsigned char)*s);
        cd_buf_append(out, &c, 1);
    }
}

/* A default as a code span; an empty string stays visible as `""`. */
static void append_default(buf_t *out, const cd_config_def_t *d) {
    if (config_def_required(d)) {
        buf_append_str(out, "(required)");
        return;
    }
    char *s = config_def_default_string(d);
    if (!s) return;
    if (!*s) buf_append_str(out, "`\"\"`");
    else {
        /* A backtick inside needs a longer fence (CommonMark code spans). */
        const char *fence = strchr(s, '`') ? "`` " : "`";
        const char *close = strchr(s, '`') ? " ``" : "`";
        buf_append_str(out, fence);
        config_docs_cell(out, s);
        buf_append_str(out, close);
    }
    free(s);
}

static void append_number(buf_t *out, double v) {
    /* Range-check before the cast: converting an out-of-range double is UB. */
    if (v > -9e15 && v < 9e15 && v == (double)(long long)v)
        buf_appendf(out, "%lld", (long long)v);
    else buf_appendf(out, "%g", v);
}

/* What the validator accepts, as Kafka's generated reference shows it
 * ("Valid Values"): the choices, or the numeric range. */
static void begin_valid_values(buf_t *out) {
    char last = out->len ? out->data[out->len - 1] : ' ';
    /* Docs do not always end their sentence; an empty one leaves "| ". */
    if (last == ' ') buf_append_str(out, "Valid values: ");
    else if (strchr(".!?:", last)) buf_append_str(out, " Valid values: ");
    else buf_append_str(out, ". Valid values: ");
}

static void append_valid_values(buf_t *out, const cd_config_def_t *d) {
    bool has_min = d->flags & CD_CFG_F_HAS_MIN, has_max = d->flags & CD_CFG_F_HAS_MAX;
    if (d->choices && d->choices[0]) {
        begin_valid_values(out);
        for (size_t i = 0; d->choices[i]; i++) {
            buf_append_str(out, i ? ", `" : "`");
            config_docs_cell(out, d->choices[i]);
            buf_append_str(out, "`");
        }
        buf_append_str(out, ".");
    } else if (has_min && has_max) {
        begin_valid_values(out);
        append_number(out, d->min);
        buf_append_str(out, " to ");
        append_number(out, d->max);
        buf_append_str(out, ".");
    } else if (has_min || has_max) {
        begin_valid_values(out);
        buf_append_str(out, has_min ? "at least " : "at most ");
        append_number(out, has_min ? d->min : d->max);
        buf_append_str(out, ".");
    }
}

void config_docs_table(buf_t *out, const cd_config_def_t *defs) {
    if (config_def_count(defs) == 0) {
        buf_append_str(out, "No configuration keys of its own.\n");
        return;
    }
    buf_append_str(out, "| key | type | default | importance | description |\n"
                        "|---|---|---|---|---|\n");
    for (const cd_config_def_t *d = defs; d->name; d++) {
        buf_append_str(out, "| `");
        config_docs_cell(out, d->name);
        buf_append_str(out, "` | ");
        append_lower(out, config_type_name(d->type));
        buf_append_str(out, " | ");
        append_default(out, d);
        buf_append_str(out, " | ");
        append_lower(out, config_importance_name(d->importance));
        buf_append_str(out, " | ");
        config_docs_cell(out, d->documentation);
        append_valid_values(out, d);
        buf_append_str(out, " |\n");
    }
}

/* ---- framework sections ------------------------------------------------ */

typedef struct framework_section {
    const char *title;
    const char *blurb;
    const cd_config_def_t *(*defs)(void);
} framework_section_t;

static const framework_section_t FRAMEWORK_SECTIONS[] = {
    {"Worker", "Keys of every worker configuration.", worker_config_defs},
    {"Worker (standalone)", "Keys of a `connectd standalone` worker only.",
     worker_config_standalone_defs},
    {"Worker (distributed)",
     "Keys of a `connectd distributed` worker only (see docs/distributed.md).",
     worker_config_distributed_defs},
    {"Connector (common)",
     "Keys of every connector configuration. Without a value, `key.converter`, "
     "`value.converter` and `header.converter` take the worker's.",
     connector_config_common_defs},
    {"Source connector", "Keys of source connectors, in addition to the common ones.",
     connector_config_source_defs},
    {"Sink connector", "Keys of sink connectors, in addition to the common ones.",
     connector_config_sink_defs},
};

/* ---- plugin sections --------------------------------------------------- */

/* Converters and header converters sort together so that one class
 * registered as both can share a section. */
static int kind_rank(cd_plugin_type_t t) {
    switch (t) {
    case CD_PLUGIN_SOURCE: return 0;
    case CD_PLUGIN_SINK: return 1;
    case CD_PLUGIN_CONVERTER:
    case CD_PLUGIN_HEADER_CONVERTER: return 2;
    case CD_PLUGIN_TRANSFORMATION: return 3;
    case CD_PLUGIN_PREDICATE: return 4;
    }
    return 5;
}

/* The registry refuses a second plugin of the same type and name, so
 * (kind, name, type) orders every registry completely. */
static int plugin_desc_cmp(const void *a, const void *b) {
    const cd_plugin_desc_t *x = *(const cd_plugin_desc_t *const *)a;
    const cd_plugin_desc_t *y = *(const cd_plugin_desc_t *const *)b;
    int kx = kind_rank(x->type), ky = kind_rank(y->type);
    if (kx != ky) return kx < ky ? -1 : 1;
    int c = strcmp(x->name, y->name);
    if (c) return c;
    return x->type < y->type ? -1 : x->type > y->type;
}

static bool str_eq(const char *a, const char *b) {
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Same rows as far as the reference shows them. */
static bool defs_equal(const cd_config_def_t *a, const cd_config_def_t *b) {
    if (a == b) return true;
    size_t n = config_def_count(a);
    if (n != config_def_count(b)) return false;
    for (size_t i = 0; i < n; i++)
        if (!str_eq(a[i].name, b[i].name) || a[i].type != b[i].type ||
            !str_eq(a[i].default_value, b[i].default_value) ||
            a[i].importance != b[i].importance || a[i].flags != b[i].flags ||
            !str_eq(a[i].documentation, b[i].documentation))
            return false;
    return true;
}

static bool is_converter(cd_plugin_type_t t) {
    return t == CD_PLUGIN_CONVERTER || t == CD_PLUGIN_HEADER_CONVERTER;
}

/* descs[0..n) is one section: the same class, as several types at most. */
static void render_plugin(buf_t *out, const cd_plugin_desc_t *const *descs, size_t n) {
    const cd_plugin_desc_t *d = descs[0];
    buf_append_str(out, "\n### `");
    config_docs_cell(out, d->name);
    buf_append_str(out, "` (");
    bool key_value = false, header = false;
    for (size_t i = 0; i < n; i++) {
        buf_appendf(out, "%s%s", i ? ", " : "", plugin_type_name(descs[i]->type));
        key_value |= descs[i]->type == CD_PLUGIN_CONVERTER;
        header |= descs[i]->type == CD_PLUGIN_HEADER_CONVERTER;
    }
    buf_append_str(out, ")\n\n");
    if (d->aliases && d->aliases[0]) {
        buf_append_str(out, "Aliases: ");
        for (size_t i = 0; d->aliases[i]; i++) {
            buf_append_str(out, i ? ", `" : "`");
            config_docs_cell(out, d->aliases[i]);
            buf_append_str(out, "`");
        }
        buf_append_str(out, ".\n\n");
    }
    if (d->documentation && *d->documentation) {
        config_docs_cell(out, d->documentation);
        buf_append_str(out, "\n\n");
    }
    if (is_converter(d->type) && config_def_count(d->config_defs) > 0)
        buf_appendf(out, "Set in a worker or connector configuration with the prefix %s%s.\n\n",
                    key_value && header ? "`key.converter.`, `value.converter.` or `header.converter.`"
                    : key_value         ? "`key.converter.` or `value.converter.`"
                                        : "`header.converter.`",
                    /* Required in the table, but never the user's to give. */
                    config_def_find(d->config_defs, "converter.type")
                        ? "; the worker sets `converter.type` itself"
                        : "");
    config_docs_table(out, d->config_defs);
}

static void render_plugins(buf_t *out, const plugin_registry_t *reg) {
    size_t n = reg ? plugin_registry_count(reg) : 0;
    if (n == 0) return;
    const cd_plugin_desc_t **descs = xcalloc(n, sizeof *descs);
    for (size_t i = 0; i < n; i++) descs[i] = plugin_registry_at(reg, i);
    qsort(descs, n, sizeof *descs, plugin_desc_cmp);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        /* A converter and a header converter of one class, same table. */
        while (j < n && is_converter(descs[i]->type) && is_converter(descs[j]->type) &&
               strcmp(descs[i]->name, descs[j]->name) == 0 &&
               defs_equal(descs[i]->config_defs, descs[j]->config_defs))
            j++;
        render_plugin(out, descs + i, j - i);
        i = j;
    }
    free(descs);
}

/* ---- the whole reference ----------------------------------------------- */

void config_docs_render(buf_t *out, const plugin_registry_t *reg) {
    const size_t n = sizeof FRAMEWORK_SECTIONS / sizeof FRAMEWORK_SECTIONS[0];
    for (size_t i = 0; i < n; i++) {
        const framework_section_t *s = &FRAMEWORK_SECTIONS[i];
        buf_appendf(out, "%s### %s\n\n%s\n\n", i ? "\n" : "", s->title, s->blurb);
        config_docs_table(out, s->defs());
    }
    render_plugins(out, reg);
}

int config_docs_render_path(buf_t *out, const char *plugin_path, char *err, size_t errlen) {
    plugin_registry_t *reg = plugin_registry_new();
    const cd_plugin_desc_t *const *builtins = NULL;
    size_t nb = convert_builtin_plugins(&builtins);
    for (size_t i = 0; i < nb; i++)
        if (plugin_registry_add(reg, builtins[i], "builtin", err, errlen) != 0) {
            plugin_registry_destroy(reg);
            return -1;
        }
    if (plugin_path) plugin_registry_load_path(reg, plugin_path);
    config_docs_render(out, reg);
    plugin_registry_destroy(reg);
    return 0;
}
