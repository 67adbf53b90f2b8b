/* The Prometheus text format writer (see prometheus.h). */
#include "metrics/prometheus.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static void escape(buf_t *b, const char *s, int quote) {
    const char *run = s;
    for (; *s; s++) {
        const char *rep = NULL;
        if (*s == '\\')
            rep = "\\\\";
        else if (*s == '\n')
            rep = "\\n";
        else if (quote && *s == '"')
            rep = "\\\"";
        if (!rep) continue;
        cd_buf_append(b, run, (size_t)(s - run));
        buf_append_str(b, rep);
        run = s + 1;
    }
    cd_buf_append(b, run, (size_t)(s - run));
}

void prom_escape_label_value(buf_t *b, const char *value) { escape(b, value ? value : "", 1); }

void prom_family(buf_t *b, const char *name, const char *type, const char *help) {
    buf_appendf(b, "# HELP %s ", name);
    escape(b, help, 0); /* HELP text escapes only backslash and newline */
    buf_appendf(b, "\n# TYPE %s %s\n", name, type);
}

void prom_sample(buf_t *b, const char *name, const prom_label_t *labels, size_t n_labels,
                 const char *value) {
    buf_append_str(b, name);
    if (n_labels) {
        cd_buf_append(b, "{", 1);
        for (size_t i = 0; i < n_labels; i++) {
            buf_appendf(b, "%s%s=\"", i ? "," : "", labels[i].name);
            prom_escape_label_value(b, labels[i].value);
            cd_buf_append(b, "\"", 1);
        }
        cd_buf_append(b, "}", 1);
    }
    buf_appendf(b, " %s\n", value);
}

void prom_sample_u64(buf_t *b, const char *name, const prom_label_t *labels, size_t n_labels,
                     uint64_t value) {
    char v[32];
    snprintf(v, sizeof v, "%" PRIu64, value);
    prom_sample(b, name, labels, n_labels, v);
}

void prom_sample_i64(buf_t *b, const char *name, const prom_label_t *labels, size_t n_labels,
                     int64_t value) {
    char v[32];
    snprintf(v, sizeof v, "%" PRId64, value);
    prom_sample(b, name, labels, n_labels, v);
}

void prom_sample_double(buf_t *b, const char *name, const prom_label_t *labels, size_t n_labels,
                        double value) {
    char v[64];
    if (isnan(value))
        snprintf(v, sizeof v, "NaN");
    else if (isinf(value))
        snprintf(v, sizeof v, "%sInf", value > 0 ? "+" : "-");
    else
        snprintf(v, sizeof v, "%.15g", value);
    prom_sample(b, name, labels, n_labels, v);
}

void prom_format_ns(char *out, size_t outlen, uint64_t ns) {
    uint64_t secs = ns / 1000000000u, frac = ns % 1000000000u;
    if (!frac) {
        snprintf(out, outlen, "%" PRIu64, secs);
        return;
    }
    char digits[16];
    snprintf(digits, sizeof digits, "%09" PRIu64, frac);
    size_t len = strlen(digits);
    while (len > 1 && digits[len - 1] == '0') digits[--len] = '\0';
    snprintf(out, outlen, "%" PRIu64 ".%s", secs, digits);
}

void prom_sample_ns(buf_t *b, const char *name, const prom_label_t *labels, size_t n_labels,
                    uint64_t ns) {
    char v[48];
    prom_format_ns(v, sizeof v, ns);
    prom_sample(b, name, labels, n_labels, v);
}
