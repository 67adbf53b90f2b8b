/* Kafka's predicates: TopicNameMatches, HasHeaderKey, RecordIsTombstone. */
#include <stdlib.h>
#include <string.h>

#include "routing.h"

/* ---- TopicNameMatches ------------------------------------------------ */

static const cd_config_def_t topic_name_matches_defs[] = {
    {.name = "pattern",
     .type = CD_CFG_STRING,
     .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "A Java regular expression for matching against the name of a record's "
                      "topic.",
     .flags = CD_CFG_F_REQUIRED | CD_CFG_F_NONEMPTY | CD_CFG_F_REGEX},
    {.name = NULL},
};

static int topic_name_matches_configure(void **state, const cd_config_t *config,
                                        cd_error_t *err) {
    int rc = rt_config_check(topic_name_matches_defs, config, err);
    if (rc) return rc;
    char msg[256];
    const char *pattern = cd_config_string(config, "pattern");
    rt_regex_t *re = rt_regex_compile(pattern, msg, sizeof msg);
    if (!re)
        return cd_error_set(err, CD_ERR_CONFIG,
                            "Invalid value %s for configuration pattern: entry must be a "
                            "Java-compatible regular expression: %s",
                            pattern, msg);
    *state = re;
    return 0;
}

static bool topic_name_matches_test(void *state, const cd_record_t *r) {
    return r->topic && rt_regex_matches(state, r->topic);
}

static void topic_name_matches_destroy(void *state) { rt_regex_destroy(state); }

RT_PREDICATE(topic_name_matches, "TopicNameMatches",
             "A predicate which is true for records with a topic name that matches the "
             "configured regular expression.",
             topic_name_matches_defs);

/* ---- HasHeaderKey ---------------------------------------------------- */

static const cd_config_def_t has_header_key_defs[] = {
    {.name = "name",
     .type = CD_CFG_STRING,
     .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "The header name.",
     .flags = CD_CFG_F_REQUIRED | CD_CFG_F_NONEMPTY},
    {.name = NULL},
};

static int has_header_key_configure(void **state, const cd_config_t *config, cd_error_t *err) {
    int rc = rt_config_check(has_header_key_defs, config, err);
    if (rc) return rc;
    char *name = strdup(cd_config_string(config, "name"));
    if (!name) return cd_error_set(err, CD_ERR_FATAL, "out of memory");
    *state = name;
    return 0;
}

static bool has_header_key_test(void *state, const cd_record_t *r) {
    for (size_t i = 0; i < r->n_headers; i++)
        if (r->headers[i].key && strcmp(r->headers[i].key, state) == 0) return true;
    return false;
}

static void has_header_key_destroy(void *state) { free(state); }

RT_PREDICATE(has_header_key, "HasHeaderKey",
             "A predicate which is true for records with at least one header with the "
             "configured name.",
             has_header_key_defs);

/* ---- RecordIsTombstone ----------------------------------------------- */

static int record_is_tombstone_configure(void **state, const cd_config_t *config, cd_error_t *err) {
    (void)config, (void)err;
    *state = NULL;
    return 0;
}

static bool record_is_tombstone_test(void *state, const cd_record_t *r) {
    (void)state;
    return r->value == NULL;
}

static void record_is_tombstone_destroy(void *state) { (void)state; }

RT_PREDICATE(record_is_tombstone, "RecordIsTombstone",
             "A predicate which is true for records which are tombstones (i.e. have null "
             "value).",
             rt_no_defs);
