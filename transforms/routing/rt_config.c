/* Kafka's SimpleConfig checks for the routing plugin; see routing.h. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "routing.h"

const cd_config_def_t rt_no_defs[] = {{.name = NULL}};

/* Java's String.trim(): chars <= ' ' at both ends. Writes into buf. */
static const char *trim_into(const char *s, char *buf, size_t len) {
    while (*s && (unsigned char)*s <= ' ') s++;
    size_t n = strlen(s);
    while (n && (unsigned char)s[n - 1] <= ' ') n--;
    if (n >= len) n = len - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

int rt_valid_nonempty_list(const char *key, const char *value, cd_error_t *err) {
    char buf[8];
    /* Kafka's LIST parse of a blank string is the empty list, shown "[]". */
    if (!value || !*trim_into(value, buf, sizeof buf))
        return cd_error_set(err, CD_ERR_CONFIG, "Invalid value [] for configuration %s: Empty list",
                            key);
    return 0;
}

int rt_valid_choice(const char *key, const char *value, const char *const *choices,
                    cd_error_t *err) {
    for (const char *const *c = choices; value && *c; c++)
        if (strcmp(*c, value) == 0) return 0;
    char list[512] = "";
    size_t used = 0;
    for (const char *const *c = choices; *c; c++) {
        int n = snprintf(list + used, sizeof list - used, "%s%s", c == choices ? "" : ", ", *c);
        if (n < 0 || (size_t)n >= sizeof list - used) break;
        used += (size_t)n;
    }
    return cd_error_set(err, CD_ERR_CONFIG,
                        "Invalid value %s for configuration %s: String must be one of: %s",
                        value ? value : "null", key, list);
}

static int check_one(const cd_config_def_t *d, const cd_props_t *props, const cd_config_t *config,
                     cd_error_t *err) {
    const char *raw = cd_props_get(props, d->name);
    if (!raw && (d->flags & CD_CFG_F_REQUIRED))
        return cd_error_set(err, CD_ERR_CONFIG,
                            "Missing required configuration \"%s\" which has no default value.",
                            d->name);
    /* The getters already trimmed the value (or applied the default). */
    const char *value = cd_config_string(config, d->name);
    if (d->type == CD_CFG_BOOLEAN && value) {
        if (strcasecmp(value, "true") != 0 && strcasecmp(value, "false") != 0)
            return cd_error_set(err, CD_ERR_CONFIG,
                                "Invalid value %s for configuration %s: Expected value to be either "
                                "true or false",
                                raw ? raw : value, d->name);
    }
    if ((d->flags & CD_CFG_F_NONEMPTY) && value && !*value)
        return cd_error_set(err, CD_ERR_CONFIG,
                            "Invalid value  for configuration %s: String must be non-empty",
                            d->name);
    if ((d->flags & CD_CFG_F_REGEX) && value) {
        char msg[256];
        rt_regex_t *re = rt_regex_compile(value, msg, sizeof msg);
        if (!re)
            return cd_error_set(err, CD_ERR_CONFIG,
                                "Invalid value %s for configuration %s: Invalid regex: %s", value,
                                d->name, msg);
        rt_regex_destroy(re);
    }
    if (d->validator) {
        int rc = d->validator(d->name, value, err);
        if (rc) {
            if (err) err->code = CD_ERR_CONFIG;
            return CD_ERR_CONFIG;
        }
    }
    return 0;
}

int rt_config_check(const cd_config_def_t *defs, const cd_config_t *config, cd_error_t *err) {
    const cd_props_t *props = cd_config_props(config);
    for (const cd_config_def_t *d = defs; d && d->name; d++) {
        int rc = check_one(d, props, config, err);
        if (rc) return rc;
    }
    return 0;
}
