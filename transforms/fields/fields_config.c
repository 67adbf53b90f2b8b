/* Configuration checks at configure() time: the worker hands a transform
 * its raw keys, so each transform parses its table as Kafka's ConfigDef
 * does and fails before the first record, naming the key. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fields.h"

/* Java's String.trim(): characters <= ' ' at both ends. */
static const char *trim(cd_arena_t *arena, const char *s) {
    if (!s) return NULL;
    size_t len = strlen(s);
    while (len && (unsigned char)s[len - 1] <= ' ') len--;
    while (len && (unsigned char)*s <= ' ') s++, len--;
    return cd_arena_strndup(arena, s, len);
}

char **fields_split_list(cd_arena_t *arena, const char *s, size_t *n) {
    const char *t = trim(arena, s ? s : "");
    size_t count = *t ? 1 : 0;
    for (const char *p = t; *p; p++) count += *p == ',';
    char **items = cd_arena_alloc(arena, (count + 1) * sizeof *items);
    size_t k = 0;
    const char *start = t;
    while (count && k < count) {
        const char *comma = strchr(start, ',');
        const char *end = comma ? comma : start + strlen(start);
        /* \s*,\s*: whitespace around each separator goes with it. */
        const char *b = start, *e = end;
        if (k > 0)
            while (b < e && isspace((unsigned char)*b)) b++;
        if (comma)
            while (e > b && isspace((unsigned char)e[-1])) e--;
        items[k++] = cd_arena_strndup(arena, b, (size_t)(e - b));
        start = comma ? comma + 1 : end;
    }
    items[k] = NULL;
    *n = k;
    return items;
}

size_t fields_split_colon(cd_arena_t *arena, const char *s, char ***parts) {
    size_t count = 1;
    for (const char *p = s; *p; p++) count += *p == ':';
    char **out = cd_arena_alloc(arena, (count + 1) * sizeof *out);
    size_t k = 0;
    for (const char *start = s;;) {
        const char *colon = strchr(start, ':');
        size_t len = colon ? (size_t)(colon - start) : strlen(start);
        out[k++] = cd_arena_strndup(arena, start, len);
        if (!colon) break;
        start = colon + 1;
    }
    /* Java drops trailing empty strings, but "" alone splits into [""]. */
    if (!(k == 1 && !*out[0]))
        while (k && !*out[k - 1]) k--;
    out[k] = NULL;
    *parts = out;
    return k;
}

const char *fields_list_string(cd_arena_t *arena, const char *raw) {
    size_t n;
    char **items = fields_split_list(arena, raw, &n);
    size_t len = 3;
    for (size_t i = 0; i < n; i++) len += strlen(items[i]) + 2;
    char *out = cd_arena_alloc(arena, len);
    strcpy(out, "[");
    for (size_t i = 0; i < n; i++) {
        if (i) strcat(out, ", ");
        strcat(out, items[i]);
    }
    strcat(out, "]");
    return out;
}

static bool parse_int(const char *s, int64_t lo, int64_t hi) {
    /* Integer.parseInt: optional sign, decimal digits only. */
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    if (!*p) return false;
    for (const char *q = p; *q; q++)
        if (!isdigit((unsigned char)*q)) return false;
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    return errno == 0 && v >= lo && v <= hi;
}

static int check_one(cd_arena_t *a, const cd_props_t *props, const cd_config_def_t *d,
                     cd_error_t *err) {
    const char *raw = cd_props_get(props, d->name);
    if (!raw && (d->flags & CD_CFG_F_REQUIRED))
        return fields_config_error(
            err, "Missing required configuration \"%s\" which has no default value.", d->name);
    const char *value = raw ? trim(a, raw) : d->default_value;
    if (raw) {
        switch (d->type) {
        case CD_CFG_BOOLEAN:
            if (strcasecmp(value, "true") != 0 && strcasecmp(value, "false") != 0)
                return fields_config_error(
                    err, "Invalid value %s for configuration %s: Expected value to be either "
                         "true or false",
                    raw, d->name);
            break;
        case CD_CFG_INT:
            if (!parse_int(value, INT32_MIN, INT32_MAX))
                return fields_config_error(
                    err, "Invalid value %s for configuration %s: Not a number of type INT", raw,
                    d->name);
            break;
        default: break;
        }
    }
    if ((d->flags & CD_CFG_F_NONEMPTY) && value && !*value)
        return fields_config_error(err,
                                   "Invalid value %s for configuration %s: String must be "
                                   "non-empty",
                                   value, d->name);
    if (d->validator) {
        cd_error_t verr;
        cd_error_clear(&verr);
        if (d->validator(d->name, value, &verr) != 0)
            return fields_config_error(err, "%s", verr.message);
    }
    return 0;
}

int fields_config_check(const cd_config_t *c, const cd_config_def_t *defs, cd_error_t *err) {
    cd_arena_t *a = cd_arena_new(0);
    int rc = 0;
    for (const cd_config_def_t *d = defs; d->name && rc == 0; d++)
        rc = check_one(a, cd_config_props(c), d, err);
    cd_arena_destroy(a);
    return rc;
}

int fields_non_empty_list(const char *key, const char *value, cd_error_t *err) {
    cd_arena_t *a = cd_arena_new(0);
    size_t n = 0;
    fields_split_list(a, value, &n);
    cd_arena_destroy(a);
    if (value && n) return 0;
    return cd_error_set(err, CD_ERR_CONFIG, "Invalid value %s for configuration %s: Empty list",
                        value ? "[]" : "null", key);
}
