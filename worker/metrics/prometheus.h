/*
 * Writer for the Prometheus text exposition format, version 0.0.4:
 * "# HELP" and "# TYPE" lines for a family, then `name{labels} value`
 * samples. Knows nothing about connectd's metrics (render.h does).
 */
#ifndef CONNECTD_METRICS_PROMETHEUS_H
#define CONNECTD_METRICS_PROMETHEUS_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* What GET /metrics answers with. */
#define PROM_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

typedef struct prom_label {
    const char *name;  /* a valid label name (not escaped) */
    const char *value; /* any UTF-8; escaped on output */
} prom_label_t;

/* "# HELP name help" (help escaped) and "# TYPE name type". */
void prom_family(buf_t *b, const char *name, const char *type, const char *help);
/* `\` -> `\\`, `"` -> `\"`, newline -> `\n`, as label values need. */
void prom_escape_label_value(buf_t *b, const char *value);
/* One sample line; value is already formatted. */
void prom_sample(buf_t *b, const char *name, const prom_label_t *labels, size_t n_labels,
                 const char *value);
void prom_sample_u64(buf_t *b, const char *name, const prom_label_t *labels, size_t n_labels,
                     uint64_t value);
void prom_sample_i64(buf_t *b, const char *name, const prom_label_t *labels, size_t n_labels,
                     int64_t value);
void prom_sample_double(buf_t *b, const char *name, const prom_label_t *labels, size_t n_labels,
                        double value);
/* A duration in nanoseconds, written exactly as seconds ("1.5", "0.000002"). */
void prom_sample_ns(buf_t *b, const char *name, const prom_label_t *labels, size_t n_labels,
                    uint64_t ns);
/* Format ns as seconds into out (at least 32 bytes). */
void prom_format_ns(char *out, size_t outlen, uint64_t ns);

#endif
