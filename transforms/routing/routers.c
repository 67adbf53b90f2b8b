/*
 * Topic routing: RegexRouter, TimestampRouter, and Filter (which drops
 * every record it is applied to and is meant to run behind a predicate).
 */
#include <stdlib.h>
#include <string.h>

#include "routing.h"
#include "sdf.h"

/* ---- RegexRouter ----------------------------------------------------- */

static const cd_config_def_t regex_router_defs[] = {
    {.name = "regex",
     .type = CD_CFG_STRING,
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Regular expression to use for matching.",
     .flags = CD_CFG_F_REQUIRED | CD_CFG_F_REGEX},
    {.name = "replacement",
     .type = CD_CFG_STRING,
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Replacement string.",
     .flags = CD_CFG_F_REQUIRED},
    {.name = NULL},
};

typedef struct regex_router {
    rt_regex_t *re;
    char *replacement;
} regex_router_t;

static void regex_router_destroy(void *state) {
    regex_router_t *s = state;
    if (!s) return;
    rt_regex_destroy(s->re);
    free(s->replacement);
    free(s);
}

static int regex_router_configure(void **state, const cd_config_t *config, cd_error_t *err) {
    int rc = rt_config_check(regex_router_defs, config, err);
    if (rc) return rc;
    regex_router_t *s = calloc(1, sizeof *s);
    const char *replacement = cd_config_string(config, "replacement");
    if (s) s->replacement = strdup(replacement ? replacement : "");
    char msg[256];
    if (s && s->replacement) s->re = rt_regex_compile(cd_config_string(config, "regex"), msg, sizeof msg);
    if (!s || !s->replacement || !s->re) {
        regex_router_destroy(s);
        return cd_error_set(err, CD_ERR_CONFIG, "Invalid value %s for configuration regex: %s",
                            cd_config_string(config, "regex"), s ? msg : "out of memory");
    }
    *state = s;
    return 0;
}

static int regex_router_apply(void *state, const cd_record_t *in, cd_arena_t *arena,
                              const cd_record_t **out, cd_error_t *err) {
    regex_router_t *s = state;
    *out = in;
    /* Kafka would throw a NullPointerException on a record without topic;
     * such a record cannot be produced, so it is left alone. */
    if (!in->topic || !rt_regex_matches(s->re, in->topic)) return 0;
    const char *topic = rt_regex_replace_first(s->re, in->topic, s->replacement, arena, err);
    if (!topic) return err ? err->code : CD_ERR_DATA;
    cd_log(CD_LOG_TRACE, RT_PKG "RegexRouter", "Rerouting from topic '%s' to new topic '%s'",
           in->topic, topic);
    cd_record_t *r = cd_record_copy(arena, in);
    r->topic = topic;
    *out = r;
    return 0;
}

RT_TRANSFORM(regex_router, "RegexRouter",
             "Update the record topic using the configured regular expression and replacement "
             "string.<p/>Under the hood, the regex is compiled to a <code>java.util.regex.Pattern"
             "</code>. If the pattern matches the input topic, <code>java.util.regex.Matcher#"
             "replaceFirst()</code> is used with the replacement string to obtain the new topic.",
             regex_router_defs);

/* ---- TimestampRouter ------------------------------------------------- */

static int valid_timestamp_format(const char *key, const char *value, cd_error_t *err) {
    char msg[256];
    cd_arena_t *a = cd_arena_new(0);
    sdf_t *f = value ? sdf_compile(a, value, msg, sizeof msg) : NULL;
    cd_arena_destroy(a);
    if (value && !f)
        return cd_error_set(err, CD_ERR_CONFIG, "Invalid value %s for configuration %s: %s",
                            value, key, msg);
    return 0;
}

static const cd_config_def_t timestamp_router_defs[] = {
    {.name = "topic.format",
     .type = CD_CFG_STRING,
     .default_value = "${topic}-${timestamp}",
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Format string which can contain <code>${topic}</code> and "
                      "<code>${timestamp}</code> as placeholders for the topic and timestamp, "
                      "respectively."},
    {.name = "timestamp.format",
     .type = CD_CFG_STRING,
     .default_value = "yyyyMMdd",
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "Format string for the timestamp that is compatible with "
                      "<code>java.text.SimpleDateFormat</code>.",
     .validator = valid_timestamp_format},
    {.name = NULL},
};

/* topic.format split once into literal text and placeholders. */
typedef enum { PART_TEXT, PART_TOPIC, PART_TIMESTAMP } part_kind_t;
typedef struct part {
    part_kind_t kind;
    const char *text;
    size_t len;
} part_t;

typedef struct timestamp_router {
    cd_arena_t *arena;
    sdf_t *format;
    part_t *parts;
    size_t n_parts;
    size_t text_len;
    bool uses_timestamp;
} timestamp_router_t;

static void timestamp_router_destroy(void *state) {
    timestamp_router_t *s = state;
    if (!s) return;
    cd_arena_destroy(s->arena);
    free(s);
}

/* Kafka replaces ${topic} first, then ${timestamp} in the result, each
 * literally; a topic containing "${timestamp}" is therefore replaced too.
 * Splitting the format once reproduces that except for that odd case,
 * handled in apply by a second pass. */
static void split_topic_format(timestamp_router_t *s, const char *fmt) {
    size_t n = strlen(fmt);
    s->parts = cd_arena_alloc(s->arena, (n + 1) * sizeof *s->parts);
    const char *p = fmt;
    while (*p) {
        const char *t = strstr(p, "${topic}"), *ts = strstr(p, "${timestamp}");
        const char *next = t && (!ts || t < ts) ? t : ts;
        if (!next) next = p + strlen(p);
        if (next > p) {
            s->parts[s->n_parts++] = (part_t){PART_TEXT, p, (size_t)(next - p)};
            s->text_len += (size_t)(next - p);
        }
        if (!*next) break;
        if (next == t) {
            s->parts[s->n_parts++] = (part_t){PART_TOPIC, NULL, 0};
            p = next + 8;
        } else {
            s->parts[s->n_parts++] = (part_t){PART_TIMESTAMP, NULL, 0};
            s->uses_timestamp = true;
            p = next + 12;
        }
    }
}

static int timestamp_router_configure(void **state, const cd_config_t *config, cd_error_t *err) {
    int rc = rt_config_check(timestamp_router_defs, config, err);
    if (rc) return rc;
    timestamp_router_t *s = calloc(1, sizeof *s);
    if (!s) return cd_error_set(err, CD_ERR_FATAL, "out of memory");
    s->arena = cd_arena_new(0);
    const char *topic_format = cd_config_string(config, "topic.format");
    const char *ts_format = cd_config_string(config, "timestamp.format");
    char msg[256];
    s->format = sdf_compile(s->arena, ts_format ? ts_format : "", msg, sizeof msg);
    if (!s->format) {
        timestamp_router_destroy(s);
        return cd_error_set(err, CD_ERR_CONFIG,
                            "Invalid value %s for configuration timestamp.format: %s", ts_format,
                            msg);
    }
    split_topic_format(s, cd_arena_strdup(s->arena, topic_format ? topic_format : ""));
    *state = s;
    return 0;
}

static int timestamp_router_apply(void *state, const cd_record_t *in, cd_arena_t *arena,
                                  const cd_record_t **out, cd_error_t *err) {
    timestamp_router_t *s = state;
    if (in->timestamp == CD_NO_TIMESTAMP)
        return cd_error_set_class(err, CD_ERR_DATA, RT_DATA_EXCEPTION,
                                  "Timestamp missing on record: %s", rt_record_string(arena, in));
    /* Java formats the timestamp even when the format does not use it. */
    const char *stamp = sdf_format(s->format, in->timestamp, arena);
    const char *topic = in->topic ? in->topic : "null";
    size_t tlen = strlen(topic), slen = strlen(stamp), len = s->text_len;
    bool topic_has_placeholder = strstr(topic, "${timestamp}") != NULL;
    for (size_t i = 0; i < s->n_parts; i++)
        len += s->parts[i].kind == PART_TOPIC ? tlen : s->parts[i].kind == PART_TIMESTAMP ? slen : 0;
    char *buf = cd_arena_alloc(arena, len + 1), *w = buf;
    for (size_t i = 0; i < s->n_parts; i++) {
        const part_t *p = &s->parts[i];
        const char *src = p->kind == PART_TOPIC ? topic : p->kind == PART_TIMESTAMP ? stamp : p->text;
        size_t n = p->kind == PART_TOPIC ? tlen : p->kind == PART_TIMESTAMP ? slen : p->len;
        memcpy(w, src, n);
        w += n;
    }
    *w = '\0';
    if (topic_has_placeholder) {
        /* Rare: redo Kafka's two literal passes on the format itself. */
        const char *t1 = "";
        for (size_t i = 0; i < s->n_parts; i++) {
            const part_t *p = &s->parts[i];
            t1 = cd_arena_sprintf(arena, "%s%.*s", t1, p->kind == PART_TEXT ? (int)p->len : -1,
                                  p->kind == PART_TOPIC      ? topic
                                  : p->kind == PART_TIMESTAMP ? "${timestamp}"
                                                              : p->text);
        }
        const char *acc = "";
        for (const char *q = t1, *hit; *q; q = hit + 12) {
            hit = strstr(q, "${timestamp}");
            if (!hit) {
                acc = cd_arena_sprintf(arena, "%s%s", acc, q);
                break;
            }
            acc = cd_arena_sprintf(arena, "%s%.*s%s", acc, (int)(hit - q), q, stamp);
        }
        buf = (char *)acc;
    }
    cd_record_t *r = cd_record_copy(arena, in);
    r->topic = buf;
    *out = r;
    return 0;
}

RT_TRANSFORM(timestamp_router, "TimestampRouter",
             "Update the record's topic field as a function of the original topic value and the "
             "record timestamp.<p/>This is mainly useful for sink connectors, since the topic "
             "field is often used to determine the equivalent entity name in the destination "
             "system(e.g. database table or search index name).",
             timestamp_router_defs);

/* ---- Filter ---------------------------------------------------------- */

static int filter_configure(void **state, const cd_config_t *config, cd_error_t *err) {
    (void)config;
    (void)err;
    *state = NULL;
    return 0;
}

static int filter_apply(void *state, const cd_record_t *in, cd_arena_t *arena,
                        const cd_record_t **out, cd_error_t *err) {
    (void)state, (void)in, (void)arena, (void)err;
    *out = NULL;
    return 0;
}

static void filter_destroy(void *state) { (void)state; }

RT_TRANSFORM(filter, "Filter",
             "Drops all records, filtering them from subsequent transformations in the chain. "
             "This is intended to be used conditionally to filter out records matching (or not "
             "matching) a particular Predicate.",
             rt_no_defs);
