/*
 * dlopen()-based plugin loading. A library that fails to load, lacks the
 * entry point or speaks another ABI is skipped with a WARN line: one broken
 * .so must never stop the worker.
 */
#include "plugin/loader.h"

#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "log/log.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.runtime.isolation.PluginUtils"

struct plugin_library {
    void *handle;
    char *path;
    const cd_plugin_manifest_t *manifest;
};

plugin_library_t *plugin_library_open(const char *path, char *err, size_t errlen) {
    /* RTLD_NOW: an unresolved symbol fails here, not mid-task.
     * RTLD_LOCAL: plugins cannot see (or clash with) each other's symbols. */
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(err, errlen, "cannot load: %s", dlerror());
        return NULL;
    }
    cd_plugin_entry_fn entry;
    *(void **)&entry = dlsym(h, CD_PLUGIN_ENTRY_SYMBOL);
    if (!entry) {
        snprintf(err, errlen, "no %s entry point (not a connectd plugin)", CD_PLUGIN_ENTRY_SYMBOL);
        dlclose(h);
        return NULL;
    }
    const cd_plugin_manifest_t *m = entry();
    if (!m) {
        snprintf(err, errlen, "entry point returned no manifest");
        dlclose(h);
        return NULL;
    }
    if (CD_ABI_VERSION_MAJOR(m->abi_version) != CD_ABI_MAJOR) {
        snprintf(err, errlen, "built for plugin ABI %u, this worker speaks ABI %u",
                 CD_ABI_VERSION_MAJOR(m->abi_version), CD_ABI_MAJOR);
        dlclose(h);
        return NULL;
    }
    if (m->struct_size < sizeof(cd_plugin_manifest_t) || (m->n_plugins && !m->plugins)) {
        snprintf(err, errlen, "malformed manifest (size %u)", m->struct_size);
        dlclose(h);
        return NULL;
    }
    plugin_library_t *lib = xcalloc(1, sizeof *lib);
    lib->handle = h;
    lib->path = xstrdup(path);
    lib->manifest = m;
    return lib;
}

const cd_plugin_manifest_t *plugin_library_manifest(const plugin_library_t *lib) {
    return lib->manifest;
}
const char *plugin_library_path(const plugin_library_t *lib) { return lib->path; }

void plugin_library_close(plugin_library_t *lib) {
    if (!lib) return;
    dlclose(lib->handle);
    free(lib->path);
    free(lib);
}

static bool has_so_suffix(const char *name) {
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".so") == 0;
}

static int load_library(plugin_registry_t *reg, const char *path) {
    char err[512];
    plugin_library_t *lib = plugin_library_open(path, err, sizeof err);
    if (!lib) {
        LOG_WARN(LOGGER, "Skipping plugin library %s: %s", path, err);
        return 0;
    }
    const cd_plugin_manifest_t *m = lib->manifest;
    int added = 0;
    for (size_t i = 0; i < m->n_plugins; i++) {
        const cd_plugin_desc_t *d = m->plugins[i];
        if (plugin_registry_add(reg, d, path, err, sizeof err) != 0) {
            LOG_WARN(LOGGER, "Skipping plugin %s from %s: %s", d && d->name ? d->name : "?",
                     path, err);
            continue;
        }
        LOG_DEBUG(LOGGER, "Loaded %s plugin %s %s from %s", plugin_type_name(d->type), d->name,
                  d->version ? d->version : "", path);
        added++;
    }
    plugin_registry_adopt_library(reg, lib);
    return added;
}

static int name_cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Load every *.so of dir; subdirectories one level down too, so a user can
 * drop a plugin in its own folder as with the Java worker. */
static int load_dir(plugin_registry_t *reg, const char *dir, int depth) {
    DIR *d = opendir(dir);
    if (!d) {
        LOG_WARN(LOGGER, "Cannot read plugin.path directory %s", dir);
        return 0;
    }
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        names = xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = xasprintf("%s/%s", dir, e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, name_cmp); /* deterministic order */
    int added = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0) {
            if (S_ISDIR(st.st_mode) && depth == 0)
                added += load_dir(reg, names[i], depth + 1);
            else if (S_ISREG(st.st_mode) && has_so_suffix(names[i]))
                added += load_library(reg, names[i]);
        }
        free(names[i]);
    }
    free(names);
    return added;
}

int plugin_registry_load_path(plugin_registry_t *reg, const char *plugin_path) {
    if (!plugin_path) return 0;
    int added = 0;
    char *copy = xstrdup(plugin_path), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ' || *tok == '\t') tok++;
        char *end = tok + strlen(tok);
        while (end > tok && (end[-1] == ' ' || end[-1] == '\t')) *--end = '\0';
        if (!*tok) continue;
        struct stat st;
        if (stat(tok, &st) == 0 && S_ISREG(st.st_mode))
            added += load_library(reg, tok);
        else
            added += load_dir(reg, tok, 0);
    }
    free(copy);
    return added;
}
