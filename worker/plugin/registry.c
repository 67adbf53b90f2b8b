/*
 * Plugin registry: descriptors from built-ins and from dlopen()ed plugin
 * libraries, with Kafka Connect's name and alias lookup rules.
 */
#include "plugin/registry.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log/log.h"
#include "plugin/loader.h"
#include "util/buf.h"
#include "util/mem.h"

typedef struct registry_entry {
    const cd_plugin_desc_t *desc;
    char *location;
} registry_entry_t;

struct plugin_registry {
    registry_entry_t *entries;
    size_t n, cap;
    plugin_library_t **libs;
    size_t n_libs;
};

static const char *const type_names[] = {
    [CD_PLUGIN_SOURCE] = "source",
    [CD_PLUGIN_SINK] = "sink",
    [CD_PLUGIN_CONVERTER] = "converter",
    [CD_PLUGIN_HEADER_CONVERTER] = "header_converter",
    [CD_PLUGIN_TRANSFORMATION] = "transformation",
    [CD_PLUGIN_PREDICATE] = "predicate",
};

/* Suffix that Kafka prunes to make an alias ("FileStreamSink" for
 * FileStreamSinkConnector, "Json" for JsonConverter). */
static const char *const type_suffixes[] = {
    [CD_PLUGIN_SOURCE] = "Connector",
    [CD_PLUGIN_SINK] = "Connector",
    [CD_PLUGIN_CONVERTER] = "Converter",
    [CD_PLUGIN_HEADER_CONVERTER] = "HeaderConverter",
    [CD_PLUGIN_TRANSFORMATION] = "Transformation",
    [CD_PLUGIN_PREDICATE] = "Predicate",
};

const char *plugin_type_name(cd_plugin_type_t t) {
    return (unsigned)t <= CD_PLUGIN_PREDICATE ? type_names[t] : "unknown";
}

plugin_registry_t *plugin_registry_new(void) { return xcalloc(1, sizeof(plugin_registry_t)); }

void plugin_registry_destroy(plugin_registry_t *reg) {
    if (!reg) return;
    for (size_t i = 0; i < reg->n; i++) free(reg->entries[i].location);
    free(reg->entries);
    for (size_t i = 0; i < reg->n_libs; i++) plugin_library_close(reg->libs[i]);
    free(reg->libs);
    free(reg);
}

static int reject(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int reject(char *err, size_t errlen, const char *fmt, ...) {
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Every versioned struct starts with abi_version and struct_size. */
typedef struct versioned_header {
    uint32_t abi_version;
    uint32_t struct_size;
} versioned_header_t;

static int check_versioned(const void *p, size_t min_size, const char *what, char *err,
                           size_t errlen) {
    const versioned_header_t *h = p;
    if (!h) return reject(err, errlen, "%s is missing", what);
    if (CD_ABI_VERSION_MAJOR(h->abi_version) != CD_ABI_MAJOR)
        return reject(err, errlen, "%s was built for ABI %u, this worker speaks ABI %u", what,
                      CD_ABI_VERSION_MAJOR(h->abi_version), CD_ABI_MAJOR);
    if (h->struct_size < min_size)
        return reject(err, errlen, "%s is %u bytes, expected at least %zu", what,
                      h->struct_size, min_size);
    return 0;
}

static int check_ops(const cd_plugin_desc_t *d, char *err, size_t errlen) {
    switch (d->type) {
    case CD_PLUGIN_SOURCE:
    case CD_PLUGIN_SINK: {
        const cd_connector_ops_t *ops = d->ops;
        if (check_versioned(ops, sizeof *ops, "connector ops", err, errlen)) return -1;
        if (!ops->start || !ops->task_configs || !ops->stop)
            return reject(err, errlen, "connector ops lack start/task_configs/stop");
        if (d->type == CD_PLUGIN_SOURCE) {
            const cd_source_task_ops_t *t = ops->source_task;
            if (check_versioned(t, sizeof *t, "source task ops", err, errlen)) return -1;
            if (!t->start || !t->poll || !t->stop)
                return reject(err, errlen, "source task ops lack start/poll/stop");
        } else {
            const cd_sink_task_ops_t *t = ops->sink_task;
            if (check_versioned(t, sizeof *t, "sink task ops", err, errlen)) return -1;
            if (!t->start || !t->put || !t->stop)
                return reject(err, errlen, "sink task ops lack start/put/stop");
        }
        return 0;
    }
    case CD_PLUGIN_CONVERTER:
    case CD_PLUGIN_HEADER_CONVERTER: {
        const cd_converter_ops_t *ops = d->ops;
        if (check_versioned(ops, sizeof *ops, "converter ops", err, errlen)) return -1;
        if (!ops->configure || !ops->from_connect || !ops->to_connect)
            return reject(err, errlen, "converter ops lack configure/from_connect/to_connect");
        return 0;
    }
    case CD_PLUGIN_TRANSFORMATION: {
        const cd_transform_ops_t *ops = d->ops;
        if (check_versioned(ops, sizeof *ops, "transform ops", err, errlen)) return -1;
        if (!ops->configure || !ops->apply) return reject(err, errlen, "transform ops lack apply");
        return 0;
    }
    case CD_PLUGIN_PREDICATE: {
        const cd_predicate_ops_t *ops = d->ops;
        if (check_versioned(ops, sizeof *ops, "predicate ops", err, errlen)) return -1;
        if (!ops->configure || !ops->test) return reject(err, errlen, "predicate ops lack test");
        return 0;
    }
    }
    return reject(err, errlen, "unknown plugin type %d", (int)d->type);
}

int plugin_registry_add(plugin_registry_t *reg, const cd_plugin_desc_t *desc,
                        const char *location, char *err, size_t errlen) {
    if (check_versioned(desc, sizeof *desc, "plugin descriptor", err, errlen)) return -1;
    if (!desc->name || !*desc->name) return reject(err, errlen, "plugin descriptor has no name");
    if (check_ops(desc, err, errlen)) return -1;
    for (size_t i = 0; i < reg->n; i++) {
        const cd_plugin_desc_t *o = reg->entries[i].desc;
        if (o->type == desc->type && strcmp(o->name, desc->name) == 0)
            return reject(err, errlen, "%s %s is already provided by %s", plugin_type_name(o->type),
                          o->name, reg->entries[i].location);
    }
    if (reg->n == reg->cap) {
        reg->cap = reg->cap ? reg->cap * 2 : 16;
        reg->entries = xrealloc(reg->entries, reg->cap * sizeof *reg->entries);
    }
    reg->entries[reg->n++] = (registry_entry_t){desc, xstrdup(location)};
    /* Known loggers from now on, as a Java plugin's are once its class
     * loads, so /admin/loggers lists them and a namespace reaches them. */
    log_logger(desc->name);
    if (desc->type == CD_PLUGIN_SOURCE || desc->type == CD_PLUGIN_SINK) {
        const cd_connector_ops_t *ops = desc->ops;
        if (ops->task_class) log_logger(ops->task_class);
    }
    return 0;
}

void plugin_registry_adopt_library(plugin_registry_t *reg, plugin_library_t *lib) {
    reg->libs = xrealloc(reg->libs, (reg->n_libs + 1) * sizeof *reg->libs);
    reg->libs[reg->n_libs++] = lib;
}

size_t plugin_registry_count(const plugin_registry_t *reg) { return reg->n; }
const cd_plugin_desc_t *plugin_registry_at(const plugin_registry_t *reg, size_t i) {
    return i < reg->n ? reg->entries[i].desc : NULL;
}
const char *plugin_registry_location_at(const plugin_registry_t *reg, size_t i) {
    return i < reg->n ? reg->entries[i].location : NULL;
}

static const char *simple_name(const char *fqcn) {
    const char *dot = strrchr(fqcn, '.');
    const char *s = dot ? dot + 1 : fqcn;
    const char *dollar = strrchr(s, '$'); /* nested classes: Cast$Value -> Value */
    return dollar ? dollar + 1 : s;
}

/* Kafka's pruned alias: the simple name cut at the last occurrence of the
 * type suffix, unless that occurrence starts the name. */
static bool matches_pruned(const char *simple, const char *suffix, const char *name) {
    size_t sl = strlen(simple), xl = strlen(suffix);
    if (sl <= xl) return false;
    const char *last = NULL;
    for (const char *p = strstr(simple, suffix); p; p = strstr(p + 1, suffix)) last = p;
    if (!last || last == simple) return false;
    size_t keep = (size_t)(last - simple);
    return strlen(name) == keep && strncmp(simple, name, keep) == 0;
}

static bool entry_matches(const cd_plugin_desc_t *d, const char *name, bool exact_only) {
    if (strcmp(d->name, name) == 0) return true;
    if (d->aliases)
        for (const char *const *a = d->aliases; *a; a++)
            if (strcmp(*a, name) == 0) return true;
    if (exact_only) return false;
    if (strchr(d->name, '$')) return false; /* nested: FQCN only (names collide) */
    const char *simple = simple_name(d->name);
    if (strcmp(simple, name) == 0) return true;
    return matches_pruned(simple, type_suffixes[d->type], name);
}

static void describe(buf_t *b, const plugin_registry_t *reg, size_t i) {
    const cd_plugin_desc_t *d = reg->entries[i].desc;
    buf_appendf(b,
                "PluginDesc{klass=class %s, name='%s', version='%s', encodedVersion=%s, "
                "type=%s, typeName='%s', location='%s'}",
                d->name, d->name, d->version ? d->version : "undefined",
                d->version ? d->version : "undefined", plugin_type_name(d->type),
                plugin_type_name(d->type), reg->entries[i].location);
}

const cd_plugin_desc_t *plugin_registry_find(const plugin_registry_t *reg, unsigned mask,
                                             const char *name, char *err, size_t errlen) {
    if (!name) {
        reject(err, errlen, "No plugin name given");
        return NULL;
    }
    /* Exact names and declared aliases win; Kafka's derived aliases apply
     * only when they identify exactly one plugin. */
    for (int pass = 0; pass < 2; pass++) {
        const cd_plugin_desc_t *found = NULL;
        size_t hits = 0;
        buf_t names;
        buf_init(&names);
        for (size_t i = 0; i < reg->n; i++) {
            const cd_plugin_desc_t *d = reg->entries[i].desc;
            if (!(mask & PLUGIN_MASK(d->type))) continue;
            if (!entry_matches(d, name, pass == 0)) continue;
            /* A converter registered both as converter and header converter
             * is one class: count it once. */
            if (found && strcmp(found->name, d->name) == 0) continue;
            found = d;
            if (hits++) buf_append_str(&names, ", ");
            buf_append_str(&names, d->name);
        }
        if (hits == 1) {
            buf_free(&names);
            return found;
        }
        if (hits > 1) {
            reject(err, errlen,
                   "More than one %s matches alias %s. Please use full package and class name "
                   "instead. Classes found: %s",
                   mask == PLUGIN_MASK_CONNECTOR ? "connector" : "plugin", name, names.data);
            buf_free(&names);
            return NULL;
        }
        buf_free(&names);
    }
    buf_t avail;
    buf_init(&avail);
    size_t k = 0;
    for (size_t i = 0; i < reg->n; i++) {
        if (!(mask & PLUGIN_MASK(reg->entries[i].desc->type))) continue;
        if (k++) buf_append_str(&avail, ", ");
        describe(&avail, reg, i);
    }
    const char *what = mask == PLUGIN_MASK_CONNECTOR ? "Connector" : "the requested plugin type";
    reject(err, errlen,
           "Failed to find any class that implements %s and which name matches %s, available "
           "%s are: %s",
           what, name, mask == PLUGIN_MASK_CONNECTOR ? "connectors" : "plugins",
           avail.data ? avail.data : "");
    buf_free(&avail);
    return NULL;
}
