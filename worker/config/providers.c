/*
 * Config providers; see providers.h. References are found with the same
 * rules as Kafka's ConfigTransformer pattern
 * \$\{([^}]*?):(([^}]*?):)?([^}]*?)\} : the provider runs to the first ':',
 * the path (optional) to the next ':', the key to the first '}'.
 */
#include "config/providers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config/config_def.h"
#include "config/properties.h"
#include "config/regex.h"
#include "util/buf.h"
#include "util/mem.h"

typedef enum provider_kind { PROVIDER_FILE, PROVIDER_DIR, PROVIDER_ENV } provider_kind_t;

typedef struct provider {
    char *name;
    provider_kind_t kind;
    char **allowed;  /* normalized absolute paths; NULL: everything allowed */
    size_t n_allowed;
    char *allowlist; /* env: regex variable names must match; NULL: all */
} provider_t;

struct config_providers {
    provider_t *items;
    size_t count;
};

static const struct {
    const char *cls;
    provider_kind_t kind;
} PROVIDER_CLASSES[] = {
    {"org.apache.kafka.common.config.provider.FileConfigProvider", PROVIDER_FILE},
    {"org.apache.kafka.common.config.provider.DirectoryConfigProvider", PROVIDER_DIR},
    {"org.apache.kafka.common.config.provider.EnvVarConfigProvider", PROVIDER_ENV},
};

static bool provider_kind_of(const char *cls, provider_kind_t *kind) {
    for (size_t i = 0; i < sizeof PROVIDER_CLASSES / sizeof PROVIDER_CLASSES[0]; i++) {
        const char *full = PROVIDER_CLASSES[i].cls;
        const char *simple = strrchr(full, '.') + 1;
        if (strcmp(cls, full) == 0 || strcmp(cls, simple) == 0) {
            *kind = PROVIDER_CLASSES[i].kind;
            return true;
        }
    }
    return false;
}

/* Java's Path.normalize for absolute and relative POSIX paths: drops "."
 * and empty segments and folds ".." lexically (symlinks are not followed,
 * as in Kafka's AllowedPaths). */
static char *normalize_path(const char *path) {
    size_t len = strlen(path);
    bool abs = path[0] == '/';
    /* Segment start offsets into out, to pop on "..". */
    size_t *segs = xmalloc((len / 2 + 2) * sizeof *segs);
    size_t nsegs = 0, kept_dotdots = 0;
    char *out = xmalloc(len + 2);
    size_t o = 0;
    if (abs) out[o++] = '/';
    const char *p = path;
    while (*p) {
        while (*p == '/') p++;
        const char *seg = p;
        while (*p && *p != '/') p++;
        size_t n = (size_t)(p - seg);
        if (n == 0 || (n == 1 && seg[0] == '.')) continue;
        if (n == 2 && seg[0] == '.' && seg[1] == '.') {
            if (nsegs > kept_dotdots) {
                o = segs[--nsegs];
                if (o > (size_t)abs) o--; /* drop the separator too */
                continue;
            }
            if (abs) continue; /* "/.." is "/" */
            kept_dotdots++;    /* a relative path keeps its leading ".." */
        }
        if (o > (size_t)abs) out[o++] = '/';
        segs[nsegs++] = o;
        memcpy(out + o, seg, n);
        o += n;
    }
    out[o] = '\0';
    free(segs);
    return out;
}

/* Path.startsWith: whole segments only ("/ab" does not start with "/a"). */
static bool path_starts_with(const char *path, const char *base) {
    size_t n = strlen(base);
    if (n == 1 && base[0] == '/') return path[0] == '/';
    return strncmp(path, base, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static void provider_free(provider_t *p) {
    free(p->name);
    for (size_t i = 0; i < p->n_allowed; i++) free(p->allowed[i]);
    free(p->allowed);
    free(p->allowlist);
}

void config_providers_destroy(config_providers_t *cp) {
    if (!cp) return;
    for (size_t i = 0; i < cp->count; i++) provider_free(&cp->items[i]);
    free(cp->items);
    free(cp);
}

static int provider_configure(provider_t *p, const cd_props_t *props, char *err, size_t errlen) {
    char *key = xasprintf("config.providers.%s.param.allowed.paths", p->name);
    const char *paths = cd_props_get(props, key);
    free(key);
    if (p->kind != PROVIDER_ENV && paths && *paths) {
        /* Kafka splits on bare commas; blanks around them are forgiven here. */
        size_t n;
        char **items = config_split_list(paths, &n);
        p->allowed = xcalloc(n ? n : 1, sizeof *p->allowed);
        for (size_t i = 0; i < n; i++) {
            char *norm = normalize_path(items[i]);
            struct stat st;
            int bad = norm[0] != '/' ? 1 : stat(norm, &st) != 0 ? 2 : 0;
            if (bad) {
                snprintf(err, errlen, "Path %s %s", norm,
                         bad == 1 ? "is not absolute" : "does not exist");
                free(norm);
                free(items);
                return -1;
            }
            p->allowed[p->n_allowed++] = norm;
        }
        free(items);
    }
    key = xasprintf("config.providers.%s.param.allowlist.pattern", p->name);
    const char *pattern = cd_props_get(props, key);
    if (p->kind == PROVIDER_ENV && pattern) {
        char msg[256];
        if (config_regex_check(pattern, msg, sizeof msg) < 0) {
            snprintf(err, errlen, "Invalid value %s for configuration %s: %s", pattern, key, msg);
            free(key);
            return -1;
        }
        p->allowlist = xstrdup(pattern);
    }
    free(key);
    return 0;
}

config_providers_t *config_providers_new(const cd_props_t *worker_props, char *err,
                                         size_t errlen) {
    config_providers_t *cp = xcalloc(1, sizeof *cp);
    size_t n;
    char **names = config_split_list(cd_props_get(worker_props, "config.providers"), &n);
    cp->items = xcalloc(n ? n : 1, sizeof *cp->items);
    for (size_t i = 0; i < n; i++) {
        if (!*names[i]) continue;
        char *cls_key = xasprintf("config.providers.%s.class", names[i]);
        char *cls = config_trim_dup(cd_props_get(worker_props, cls_key));
        provider_kind_t kind = PROVIDER_FILE;
        bool known = cls && provider_kind_of(cls, &kind);
        if (cls && !known)
            snprintf(err, errlen,
                     "Invalid value %s for configuration %s: Could not load config provider "
                     "class or one of its dependencies",
                     cls, cls_key);
        bool missing = !cls;
        free(cls_key);
        free(cls);
        if (missing) continue; /* Kafka ignores a listed provider without a class */
        if (!known) {
            free(names);
            config_providers_destroy(cp);
            return NULL;
        }
        provider_t *p = &cp->items[cp->count++];
        p->name = xstrdup(names[i]);
        p->kind = kind;
        if (provider_configure(p, worker_props, err, errlen) < 0) {
            free(names);
            config_providers_destroy(cp);
            return NULL;
        }
    }
    free(names);
    return cp;
}

/* ---- references ---------------------------------------------------------- */

typedef struct ref {
    size_t start, end; /* [start, end) within the value */
    const char *provider, *path, *key;
    size_t provider_len, path_len, key_len;
} ref_t;

static bool next_ref(const char *s, size_t from, ref_t *r) {
    for (const char *p = strstr(s + from, "${"); p; p = strstr(p + 1, "${")) {
        const char *body = p + 2;
        const char *close = strchr(body, '}');
        if (!close) return false; /* no later "${" can close either */
        const char *c1 = memchr(body, ':', (size_t)(close - body));
        if (!c1) continue;
        const char *rest = c1 + 1;
        const char *c2 = memchr(rest, ':', (size_t)(close - rest));
        r->start = (size_t)(p - s);
        r->end = (size_t)(close - s) + 1;
        r->provider = body;
        r->provider_len = (size_t)(c1 - body);
        r->path = c2 ? rest : "";
        r->path_len = c2 ? (size_t)(c2 - rest) : 0;
        r->key = c2 ? c2 + 1 : rest;
        r->key_len = (size_t)(close - r->key);
        return true;
    }
    return false;
}

bool config_providers_has_reference(const char *value) {
    ref_t r;
    return value && next_ref(value, 0, &r);
}

static const provider_t *provider_find(const config_providers_t *cp, const char *name, size_t n) {
    for (size_t i = 0; cp && i < cp->count; i++)
        if (strlen(cp->items[i].name) == n && memcmp(cp->items[i].name, name, n) == 0)
            return &cp->items[i];
    return NULL;
}

/* Properties files read during one resolve call, so a file referenced by
 * several keys is read once. */
typedef struct file_cache {
    char *path;
    cd_props_t *props;
    struct file_cache *next;
} file_cache_t;

static bool path_allowed(const provider_t *p, const char *norm) {
    if (!p->allowed) return true;
    for (size_t i = 0; i < p->n_allowed; i++)
        if (path_starts_with(norm, p->allowed[i])) return true;
    return false;
}

/* Read a whole file; NULL on error (errno set). */
static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf_t b;
    buf_init(&b);
    cd_buf_append(&b, "", 0);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) cd_buf_append(&b, chunk, n);
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        buf_free(&b);
        errno = EIO;
        return NULL;
    }
    return buf_steal(&b);
}

/*
 * Value of one reference: 1 with *val set (borrowed or owned via *owned),
 * 0 when it stays unresolved, -1 on error (err filled; never the value).
 */
static int resolve_ref(const provider_t *p, const ref_t *r, const char *cfg_key,
                       file_cache_t **cache, const char **val, char **owned, char *err,
                       size_t errlen) {
    char *path = xstrndup(r->path, r->path_len);
    char *key = xstrndup(r->key, r->key_len);
    int rc = 0;
    *val = NULL;
    *owned = NULL;
    if (p->kind == PROVIDER_ENV) {
        if (*path) {
            snprintf(err, errlen,
                     "Path is not supported for EnvVarConfigProvider, invalid value '%s' "
                     "(configuration %s)",
                     path, cfg_key);
            rc = -1;
        } else if (!p->allowlist || config_regex_full_match(p->allowlist, key) == 1) {
            *val = getenv(key);
            rc = *val ? 1 : 0;
        }
        goto out;
    }
    if (!*path) goto out; /* Kafka: no path, no data */
    char *norm = normalize_path(path);
    if (!path_allowed(p, norm)) {
        snprintf(err, errlen, "The path %s is not allowed to be accessed (configuration %s)", path,
                 cfg_key);
        free(norm);
        rc = -1;
        goto out;
    }
    if (p->kind == PROVIDER_FILE) {
        file_cache_t *c = *cache;
        while (c && strcmp(c->path, norm) != 0) c = c->next;
        if (!c) {
            cd_props_t *props = NULL;
            char perr[512];
            /* Regular files only, as for dir: a reference to /dev/zero or a
             * FIFO would exhaust memory or block the caller forever. */
            struct stat st;
            if (stat(norm, &st) != 0 || !S_ISREG(st.st_mode) ||
                properties_parse_file(norm, &props, perr, sizeof perr) < 0) {
                snprintf(err, errlen, "Could not read properties from file %s (configuration %s)",
                         path, cfg_key);
                free(norm);
                rc = -1;
                goto out;
            }
            c = xcalloc(1, sizeof *c);
            c->path = xstrdup(norm);
            c->props = props;
            c->next = *cache;
            *cache = c;
        }
        *val = cd_props_get(c->props, key);
        rc = *val ? 1 : 0;
    } else {
        /* Only plain file names: Kafka matches names of the directory's entries. */
        struct stat st;
        char *file = xasprintf("%s/%s", norm, key);
        if (strchr(key, '/') || !*key || strcmp(key, ".") == 0 || strcmp(key, "..") == 0 ||
            stat(file, &st) != 0 || !S_ISREG(st.st_mode) || !(*owned = read_file(file))) {
            snprintf(err, errlen, "Could not read file %s/%s (configuration %s)", path, key,
                     cfg_key);
            rc = -1;
        } else {
            *val = *owned;
            rc = 1;
        }
        free(file);
    }
    free(norm);
out:
    free(path);
    free(key);
    return rc;
}

int config_providers_resolve(const config_providers_t *cp, const cd_props_t *in, cd_props_t **out,
                             char *err, size_t errlen) {
    *out = NULL;
    cd_props_t *res = cd_props_new();
    file_cache_t *cache = NULL;
    buf_t b;
    buf_init(&b);
    int rc = 0;
    for (size_t i = 0; i < cd_props_count(in) && rc == 0; i++) {
        const char *k = cd_props_key_at(in, i), *v = cd_props_value_at(in, i);
        ref_t r;
        if (!cp || !cp->count || !next_ref(v, 0, &r)) {
            cd_props_set(res, k, v);
            continue;
        }
        buf_reset(&b);
        cd_buf_append(&b, "", 0);
        size_t pos = 0;
        do {
            cd_buf_append(&b, v + pos, r.start - pos);
            const provider_t *p = provider_find(cp, r.provider, r.provider_len);
            const char *val = NULL;
            char *owned = NULL;
            int got = p ? resolve_ref(p, &r, k, &cache, &val, &owned, err, errlen) : 0;
            if (got < 0) rc = -1;
            if (got > 0)
                buf_append_str(&b, val);
            else
                cd_buf_append(&b, v + r.start, r.end - r.start);
            free(owned);
            pos = r.end;
        } while (rc == 0 && next_ref(v, pos, &r));
        if (rc == 0) {
            buf_append_str(&b, v + pos);
            cd_props_set(res, k, b.data);
        }
    }
    /* The buffer held secrets: wipe before freeing. */
    if (b.data) memset(b.data, 0, b.cap);
    buf_free(&b);
    while (cache) {
        file_cache_t *next = cache->next;
        free(cache->path);
        cd_props_destroy(cache->props);
        free(cache);
        cache = next;
    }
    if (rc < 0) {
        cd_props_destroy(res);
        return -1;
    }
    *out = res;
    return 0;
}
