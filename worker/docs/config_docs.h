/*
 * The configuration reference in Markdown, rendered from the definition
 * tables themselves (worker, connector, and every plugin's config_defs), so
 * README.md is generated rather than hand-copied (`connectd config-docs`,
 * `make docs`).
 *
 * The output is deterministic: it depends only on the tables and on which
 * plugins are installed, never on load order, file locations or time.
 * Plugin sections are sorted (connectors, converters, transformations,
 * predicates; by name within a kind), and a converter registered both as
 * converter and header converter with the same table gets one section.
 */
#ifndef CONNECTD_DOCS_CONFIG_DOCS_H
#define CONNECTD_DOCS_CONFIG_DOCS_H

#include <connectd/config.h>
#include <stddef.h>

#include "plugin/registry.h"
#include "util/buf.h"

/* Append text as one Markdown table cell: whitespace runs (newlines
 * included) folded to one space, ends trimmed, '|' escaped. NULL appends
 * nothing. */
void config_docs_cell(buf_t *out, const char *text);

/* Append one table for defs ({.name = NULL}-terminated, may be NULL):
 * columns key, type, default, importance, description; "(required)" for a
 * required key, an empty cell for a null default, `""` for an empty one.
 * A table without definitions renders as a one-line note instead. */
void config_docs_table(buf_t *out, const cd_config_def_t *defs);

/* Append the whole reference: Worker, Worker (standalone), Connector
 * (common), Source connector, Sink connector, then one section per plugin
 * of reg (borrowed). */
void config_docs_render(buf_t *out, const plugin_registry_t *reg);

/* config_docs_render() over a registry of the built-in converters plus the
 * plugins found in plugin_path (comma-separated, as plugin.path; may be
 * NULL). Returns 0, or -1 with err filled when a built-in is rejected. */
int config_docs_render_path(buf_t *out, const char *plugin_path, char *err, size_t errlen);

#endif
