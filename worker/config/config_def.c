/*
 * Definition metadata and Kafka's value parsing/rendering rules
 * (ConfigDef.parseType and ConfigDef.convertToString), shared by parsed
 * configurations and validation so both read values the same way.
 */
#include "config/config_def.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/mem.h"

const char *config_type_name(cd_config_type_t t) {
    switch (t) {
    case CD_CFG_BOOLEAN: return "BOOLEAN";
    case CD_CFG_STRING: return "STRING";
    case CD_CFG_INT: return "INT";
    case CD_CFG_SHORT: return "SHORT";
    case CD_CFG_LONG: return "LONG";
    case CD_CFG_DOUBLE: return "DOUBLE";
    case CD_CFG_LIST: return "LIST";
    case CD_CFG_CLASS: return "CLASS";
    case CD_CFG_PASSWORD: return "PASSWORD";
    }
    return "STRING";
}

const char *config_importance_name(cd_config_importance_t i) {
    switch (i) {
    case CD_IMPORTANCE_HIGH: return "HIGH";
    case CD_IMPORTANCE_MEDIUM: return "MEDIUM";
    case CD_IMPORTANCE_LOW: return "LOW";
    }
    return "LOW";
}

const char *config_width_name(cd_config_width_t w) {
    switch (w) {
    case CD_WIDTH_NONE: return "NONE";
    case CD_WIDTH_SHORT: return "SHORT";
    case CD_WIDTH_MEDIUM: return "MEDIUM";
    case CD_WIDTH_LONG: return "LONG";
    }
    return "NONE";
}

bool config_def_required(const cd_config_def_t *d) { return (d->flags & CD_CFG_F_REQUIRED) != 0; }

const char *config_def_display_name(const cd_config_def_t *d) {
    return d->display_name ? d->display_name : d->name;
}

char *config_def_default_string(const cd_config_def_t *d) {
    if (config_def_required(d) || !d->default_value) return NULL;
    const char *reason = NULL;
    char *s = config_render_value(d->type, d->default_value, &reason);
    /* A default that does not parse is a bug in the table; show it as is. */
    if (!s) s = config_trim_dup(d->default_value);
    if (d->type == CD_CFG_PASSWORD) {
        free(s);
        s = xstrdup("[hidden]");
    }
    return s;
}

int config_def_order_in_group(const cd_config_def_t *table, const cd_config_def_t *d) {
    if (!d->group) return -1;
    int order = 0;
    for (const cd_config_def_t *t = table; t->name; t++) {
        if (t->group && strcmp(t->group, d->group) == 0) order++;
        if (t == d) return order;
    }
    return -1;
}

size_t config_def_count(const cd_config_def_t *table) {
    size_t n = 0;
    while (table && table[n].name) n++;
    return n;
}

const cd_config_def_t *config_def_find(const cd_config_def_t *table, const char *name) {
    for (const cd_config_def_t *t = table; t && t->name; t++)
        if (strcmp(t->name, name) == 0) return t;
    return NULL;
}

cd_config_def_t *config_defs_with_defaults(const cd_config_def_t *table,
                                           const cd_props_t *defaults) {
    size_t n = config_def_count(table);
    cd_config_def_t *copy = xcalloc(n + 1, sizeof *copy);
    for (size_t i = 0; i < n; i++) {
        copy[i] = table[i];
        const char *dv = cd_props_get(defaults, table[i].name);
        if (dv) {
            copy[i].default_value = dv;
            copy[i].flags &= ~CD_CFG_F_REQUIRED;
        }
    }
    return copy;
}

/* ---- parsing ------------------------------------------------------------ */

char *config_trim_dup(const char *s) {
    if (!s) return NULL;
    const unsigned char *b = (const unsigned char *)s;
    size_t len = strlen(s);
    while (len && b[len - 1] <= ' ') len--;
    size_t start = 0;
    while (start < len && b[start] <= ' ') start++;
    return xstrndup(s + start, len - start);
}

bool config_parse_integer(const char *s, int64_t min, int64_t max, int64_t *out) {
    if (!s) return false;
    char *t = config_trim_dup(s);
    const char *p = t;
    bool neg = false, ok = true;
    if (*p == '+' || *p == '-') neg = *p++ == '-';
    if (!*p) ok = false;
    /* Accumulate negatively so INT64_MIN parses, as Long.parseLong does. */
    int64_t v = 0;
    for (; ok && *p; p++) {
        if (*p < '0' || *p > '9') {
            ok = false;
            break;
        }
        int d = *p - '0';
        if (v < (INT64_MIN + d) / 10) {
            ok = false;
            break;
        }
        v = v * 10 - d;
    }
    free(t);
    if (!ok) return false;
    if (!neg) {
        if (v == INT64_MIN) return false;
        v = -v;
    }
    if (v < min || v > max) return false;
    *out = v;
    return true;
}

bool config_parse_double(const char *s, double *out) {
    if (!s) return false;
    char *t = config_trim_dup(s);
    size_t len = strlen(t);
    bool ok = len > 0;
    const char *body = t + (t[0] == '+' || t[0] == '-');
    if (ok && (strcmp(body, "NaN") == 0 || strcmp(body, "Infinity") == 0)) {
        *out = body[0] == 'N' ? NAN : (t[0] == '-' ? -INFINITY : INFINITY);
        free(t);
        return true;
    }
    /* Java accepts a float/double suffix; strtod does not. */
    bool hex = body[0] == '0' && (body[1] == 'x' || body[1] == 'X');
    if (ok && !hex && strchr("fFdD", t[len - 1])) t[--len] = '\0';
    /* strtod would take "inf", "nan" and leading blanks, which Java rejects. */
    if (!*body || !(isdigit((unsigned char)body[0]) || body[0] == '.')) ok = false;
    if (ok) {
        char *end = NULL;
        errno = 0;
        double d = strtod(t, &end);
        if (end == t || *end) ok = false;
        else *out = d;
    }
    free(t);
    return ok;
}

bool config_parse_bool(const char *s, bool *out) {
    if (!s) return false;
    char *t = config_trim_dup(s);
    bool ok = true;
    if (strcasecmp(t, "true") == 0) *out = true;
    else if (strcasecmp(t, "false") == 0) *out = false;
    else ok = false;
    free(t);
    return ok;
}

static bool java_ws(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\x0B' || c == '\f' || c == '\r';
}

char **config_split_list(const char *s, size_t *n) {
    char *t = config_trim_dup(s ? s : "");
    size_t count = 0;
    if (*t) {
        count = 1;
        for (const char *p = t; *p; p++) count += *p == ',';
    }
    size_t tlen = strlen(t);
    /* Array of count+1 pointers followed by the item bytes. */
    char **arr = xmalloc((count + 1) * sizeof(char *) + tlen + 1);
    char *store = (char *)(arr + count + 1);
    memcpy(store, t, tlen + 1);
    free(t);
    char *p = store;
    for (size_t i = 0; i < count; i++) {
        char *comma = strchr(p, ',');
        char *end = comma ? comma : p + strlen(p);
        if (i > 0)
            while (p < end && java_ws(*p)) p++;
        if (comma)
            while (end > p && java_ws(end[-1])) end--;
        *end = '\0';
        arr[i] = p;
        p = comma ? comma + 1 : end;
    }
    arr[count] = NULL;
    if (n) *n = count;
    return arr;
}

void config_java_double(double d, char *out, size_t len) {
    if (isnan(d)) {
        snprintf(out, len, "NaN");
        return;
    }
    if (isinf(d)) {
        snprintf(out, len, "%sInfinity", d < 0 ? "-" : "");
        return;
    }
    if (d == 0) {
        snprintf(out, len, "%s0.0", signbit(d) ? "-" : "");
        return;
    }
    /* Shortest digits that read back as d. */
    char sci[40];
    for (int prec = 0; prec < 17; prec++) {
        snprintf(sci, sizeof sci, "%.*e", prec, d);
        if (strtod(sci, NULL) == d) break;
    }
    const char *neg = d < 0 ? "-" : "";
    char digits[24];
    size_t nd = 0;
    const char *p = sci + (sci[0] == '-');
    for (; *p && *p != 'e'; p++)
        if (*p != '.') digits[nd++] = *p;
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    digits[nd] = '\0';
    int exp = atoi(p + 1);
    double ad = fabs(d);
    if (ad >= 1e-3 && ad < 1e7) {
        char buf[64];
        size_t o = 0;
        if (exp >= 0) {
            for (int i = 0; i <= exp; i++) buf[o++] = (size_t)i < nd ? digits[i] : '0';
            buf[o++] = '.';
            if ((size_t)exp + 1 < nd)
                for (size_t i = (size_t)exp + 1; i < nd; i++) buf[o++] = digits[i];
            else
                buf[o++] = '0';
        } else {
            buf[o++] = '0';
            buf[o++] = '.';
            for (int i = 0; i < -exp - 1; i++) buf[o++] = '0';
            for (size_t i = 0; i < nd; i++) buf[o++] = digits[i];
        }
        buf[o] = '\0';
        snprintf(out, len, "%s%s", neg, buf);
    } else {
        snprintf(out, len, "%s%c.%sE%d", neg, digits[0], nd > 1 ? digits + 1 : "0", exp);
    }
}

char *config_render_value(cd_config_type_t type, const char *raw, const char **reason) {
    if (reason) *reason = NULL;
    if (!raw) return NULL;
    char buf[64];
    int64_t iv;
    switch (type) {
    case CD_CFG_BOOLEAN: {
        bool b;
        if (!config_parse_bool(raw, &b)) break;
        return xstrdup(b ? "true" : "false");
    }
    case CD_CFG_INT:
    case CD_CFG_SHORT:
    case CD_CFG_LONG: {
        int64_t lo = type == CD_CFG_INT ? INT32_MIN : type == CD_CFG_SHORT ? INT16_MIN : INT64_MIN;
        int64_t hi = type == CD_CFG_INT ? INT32_MAX : type == CD_CFG_SHORT ? INT16_MAX : INT64_MAX;
        if (!config_parse_integer(raw, lo, hi, &iv)) break;
        return xasprintf("%lld", (long long)iv);
    }
    case CD_CFG_DOUBLE: {
        double d;
        if (!config_parse_double(raw, &d)) break;
        config_java_double(d, buf, sizeof buf);
        return xstrdup(buf);
    }
    case CD_CFG_LIST: {
        size_t n;
        char **items = config_split_list(raw, &n);
        buf_t b;
        buf_init(&b);
        cd_buf_append(&b, "", 0);
        for (size_t i = 0; i < n; i++) {
            if (i) buf_append_str(&b, ",");
            buf_append_str(&b, items[i]);
        }
        free(items);
        return buf_steal(&b);
    }
    case CD_CFG_PASSWORD: return xstrdup("[hidden]");
    case CD_CFG_STRING:
    case CD_CFG_CLASS: return config_trim_dup(raw);
    }
    if (reason)
        *reason = type == CD_CFG_BOOLEAN ? "Expected value to be either true or false"
                  : type == CD_CFG_INT   ? "Not a number of type INT"
                  : type == CD_CFG_SHORT ? "Not a number of type SHORT"
                  : type == CD_CFG_LONG  ? "Not a number of type LONG"
                                         : "Not a number of type DOUBLE";
    return NULL;
}
