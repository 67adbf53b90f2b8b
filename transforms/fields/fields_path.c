/* KIP-821 field paths: Kafka's FieldSyntaxVersion and SingleFieldPath. */
#include <string.h>
#include <strings.h>

#include "fields.h"

int fields_syntax_version_validator(const char *key, const char *value, cd_error_t *err) {
    /* CaseInsensitiveValidString.in("V1", "V2") */
    if (value && (strcasecmp(value, "V1") == 0 || strcasecmp(value, "V2") == 0)) return 0;
    return cd_error_set(err, CD_ERR_CONFIG,
                        "Invalid value %s for configuration %s: String must be one of (case "
                        "insensitive): V1, V2",
                        value ? value : "null", key);
}

typedef struct steps {
    const char **items;
    size_t n, cap;
    cd_arena_t *arena;
} steps_t;

static void steps_add(steps_t *s, const char *text, size_t len) {
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4;
        const char **items = cd_arena_alloc(s->arena, cap * sizeof *items);
        if (s->n) memcpy(items, s->items, s->n * sizeof *items);
        s->items = items;
        s->cap = cap;
    }
    s->items[s->n++] = cd_arena_strndup(s->arena, text, len);
}

static int incomplete_backtick(const char *path, size_t at, cd_error_t *err) {
    return fields_config_error(err,
                               "Incomplete backtick pair in path: [%s], consider adding a "
                               "backslash before backtick at position %zu to escape it",
                               path, at);
}

/* SingleFieldPath.buildFieldPathV2, step by step. */
static int parse_v2(const char *path, steps_t *s, cd_error_t *err) {
    size_t len = strlen(path), idx = 0;
    /* A step with escaped backticks is assembled here. */
    char *field = cd_arena_alloc(s->arena, len + 1);
    while (idx < len) {
        if (path[idx] != '`') {
            const char *dot = strchr(path + idx, '.');
            if (dot) {
                steps_add(s, path + idx, (size_t)(dot - path) - idx);
                idx = (size_t)(dot - path) + 1;
            } else {
                steps_add(s, path + idx, len - idx);
                idx = len;
            }
            continue;
        }
        size_t backtick_at = idx, start = ++idx, flen = 0;
        for (;;) {
            const char *bt = strchr(path + idx, '`');
            if (!bt) return incomplete_backtick(path, backtick_at, err);
            idx = (size_t)(bt - path);
            bool escaped = path[idx - 1] == '\\';
            if (idx >= len - 1) { /* the backtick ends the path */
                if (escaped) return incomplete_backtick(path, backtick_at, err);
                memcpy(field + flen, path + start, idx - start);
                flen += idx - start;
                steps_add(s, field, flen);
                idx++;
                break;
            }
            if (path[idx + 1] != '.') { /* part of the name; keep looking */
                idx++;
                continue;
            }
            if (escaped) { /* \` : a literal backtick in the name */
                memcpy(field + flen, path + start, idx - 1 - start);
                flen += idx - 1 - start;
                field[flen++] = '`';
                start = ++idx;
                continue;
            }
            memcpy(field + flen, path + start, idx - start);
            flen += idx - start;
            steps_add(s, field, flen);
            idx += 2;
            break;
        }
    }
    if (len && path[len - 1] == '.') steps_add(s, "", 0);
    return 0;
}

int fields_path_parse(cd_arena_t *arena, const char *text, bool v2, fields_path_t *out,
                      cd_error_t *err) {
    steps_t s = {.arena = arena};
    if (!v2) {
        steps_add(&s, text, strlen(text));
    } else {
        int rc = parse_v2(text, &s, err);
        if (rc != 0) return rc;
    }
    /* An empty V2 path has no steps in Kafka and fails on first use; a
     * single empty step looks nothing up either. */
    if (s.n == 0) steps_add(&s, "", 0);
    out->steps = s.items;
    out->n = s.n;
    return 0;
}

static int struct_field(const cd_schema_t *schema, const char *name, const cd_field_t **out,
                        cd_error_t *err) {
    if (schema->type != CD_TYPE_STRUCT)
        return fields_data_error(err, "Cannot look up fields on non-struct type");
    *out = cd_schema_field(schema, name);
    return 0;
}

int fields_path_field(const fields_path_t *p, const cd_schema_t *schema, const cd_field_t **out,
                      cd_error_t *err) {
    const cd_schema_t *cur = schema;
    *out = NULL;
    for (size_t i = 0; i + 1 < p->n; i++) {
        const cd_field_t *f = NULL;
        int rc = struct_field(cur, p->steps[i], &f, err);
        if (rc != 0) return rc;
        if (!f) return 0;
        cur = f->schema;
    }
    return struct_field(cur, p->steps[p->n - 1], out, err);
}

int fields_path_struct_value(const fields_path_t *p, const cd_value_t *st, bool with_default,
                             const cd_value_t **out, cd_error_t *err) {
    *out = NULL;
    const cd_value_t *cur = st;
    for (size_t i = 0; cur && i + 1 < p->n; i++) {
        const cd_field_t *f = cd_schema_field(cur->u.strct.schema, p->steps[i]);
        if (!f) return 0;
        const cd_value_t *sub = fields_struct_get(cur, f, true);
        if (sub && fields_require_struct(sub, "nested field access", err) != 0) return CD_ERR_DATA;
        cur = sub;
    }
    if (!cur) return 0;
    const cd_field_t *f = cd_schema_field(cur->u.strct.schema, p->steps[p->n - 1]);
    if (f) *out = fields_struct_get(cur, f, with_default);
    return 0;
}

int fields_path_map_value(const fields_path_t *p, const cd_value_t *map, const cd_value_t **out,
                          cd_error_t *err) {
    *out = NULL;
    const cd_value_t *cur = map;
    for (size_t i = 0; cur && i + 1 < p->n; i++) {
        const cd_value_t *sub = fields_map_get(cur, p->steps[i], NULL);
        if (sub && fields_require_map(sub, "nested field access", err) != 0) return CD_ERR_DATA;
        cur = sub;
    }
    if (cur) *out = fields_map_get(cur, p->steps[p->n - 1], NULL);
    return 0;
}
