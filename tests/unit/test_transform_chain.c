/* The transform chain: order, predicates, negate, drops, config errors. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/transform_chain.h"

/* A transform that appends its `suffix` to a string value, or drops the
 * record when `drop=true`; fails on non-string values. */
typedef struct { const char *suffix; bool drop; } suffix_state_t;

static int suffix_configure(void **state, const cd_config_t *c, cd_error_t *err) {
    (void)err;
    suffix_state_t *s = calloc(1, sizeof *s);
    s->suffix = cd_config_string(c, "suffix");
    s->drop = cd_config_bool(c, "drop");
    *state = s;
    return 0;
}
static int suffix_apply(void *state, const cd_record_t *in, cd_arena_t *a, const cd_record_t **out,
                        cd_error_t *err) {
    suffix_state_t *s = state;
    if (s->drop) {
        *out = NULL;
        return 0;
    }
    if (!in->value || in->value->type != CD_TYPE_STRING)
        return cd_error_set(err, CD_ERR_DATA, "only strings");
    cd_record_t *r = cd_record_copy(a, in);
    r->value = cd_value_cstring(a, cd_arena_sprintf(a, "%s%s", in->value->u.str.data,
                                                   s->suffix ? s->suffix : ""));
    *out = r;
    return 0;
}
static void suffix_destroy(void *state) { free(state); }

static const cd_config_def_t suffix_defs[] = {
    {.name = "suffix", .type = CD_CFG_STRING, .documentation = "text to append"},
    {.name = "drop", .type = CD_CFG_BOOLEAN, .default_value = "false", .documentation = "drop all"},
    {.name = NULL}};
static const cd_transform_ops_t suffix_ops = {CD_DESCRIPTOR_HEADER(cd_transform_ops_t),
                                              suffix_configure, suffix_apply, suffix_destroy};
static const cd_plugin_desc_t suffix_desc = {CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
                                             .type = CD_PLUGIN_TRANSFORMATION,
                                             .name = "test.Suffix", .version = "1",
                                             .config_defs = suffix_defs, .ops = &suffix_ops};

/* A predicate: the topic equals `topic`. */
static int topic_configure(void **state, const cd_config_t *c, cd_error_t *err) {
    (void)err;
    *state = (void *)cd_config_string(c, "topic");
    return 0;
}
static bool topic_test(void *state, const cd_record_t *r) {
    return r->topic && state && strcmp(r->topic, state) == 0;
}
static const cd_config_def_t topic_defs[] = {
    {.name = "topic", .type = CD_CFG_STRING, .documentation = "topic"}, {.name = NULL}};
static const cd_predicate_ops_t topic_ops = {CD_DESCRIPTOR_HEADER(cd_predicate_ops_t),
                                             topic_configure, topic_test, NULL};
static const cd_plugin_desc_t topic_desc = {CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
                                            .type = CD_PLUGIN_PREDICATE, .name = "test.TopicIs",
                                            .version = "1", .config_defs = topic_defs,
                                            .ops = &topic_ops};

static plugin_registry_t *reg;
static cd_arena_t *arena;

static void setup(void) {
    reg = plugin_registry_new();
    char err[256];
    plugin_registry_add(reg, &suffix_desc, "test", err, sizeof err);
    plugin_registry_add(reg, &topic_desc, "test", err, sizeof err);
    arena = cd_arena_new(0);
}
static void teardown(void) {
    plugin_registry_destroy(reg);
    cd_arena_destroy(arena);
}

static transform_chain_t *chain_of(const char *const kv[][2], size_t n, cd_error_t *err) {
    cd_props_t *p = cd_props_new();
    for (size_t i = 0; i < n; i++) cd_props_set(p, kv[i][0], kv[i][1]);
    transform_chain_t *c = transform_chain_new(reg, p, err);
    cd_props_destroy(p);
    return c;
}

static const cd_record_t *record(const char *topic, const char *value) {
    cd_record_t *r = cd_record_new(arena);
    r->topic = topic;
    r->value = value ? cd_value_cstring(arena, value) : NULL;
    return r;
}

static const char *apply_value(transform_chain_t *c, const cd_record_t *in) {
    const cd_record_t *out = NULL;
    const char *cls = NULL;
    cd_error_t err;
    ck_assert_int_eq(transform_chain_apply(c, in, arena, &out, &cls, &err), 0);
    return out ? out->value->u.str.data : NULL;
}

START_TEST(runs_in_order_and_respects_predicates) {
    const char *const kv[][2] = {{"transforms", "a, b"},
                                 {"transforms.a.type", "test.Suffix"},
                                 {"transforms.a.suffix", "-A"},
                                 {"transforms.b.type", "test.Suffix"},
                                 {"transforms.b.suffix", "-B"},
                                 {"transforms.b.predicate", "isOrders"},
                                 {"predicates", "isOrders"},
                                 {"predicates.isOrders.type", "test.TopicIs"},
                                 {"predicates.isOrders.topic", "orders"}};
    cd_error_t err;
    transform_chain_t *c = chain_of(kv, 9, &err);
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(apply_value(c, record("orders", "x")), "x-A-B");
    ck_assert_str_eq(apply_value(c, record("other", "x")), "x-A");
    transform_chain_destroy(c);
}
END_TEST

START_TEST(negate_inverts_and_drop_ends_the_chain) {
    const char *const kv[][2] = {{"transforms", "drop,never"},
                                 {"transforms.drop.type", "test.Suffix"},
                                 {"transforms.drop.drop", "true"},
                                 {"transforms.drop.predicate", "isKeep"},
                                 {"transforms.drop.negate", "true"},
                                 {"transforms.never.type", "test.Suffix"},
                                 {"transforms.never.suffix", "!"},
                                 {"predicates", "isKeep"},
                                 {"predicates.isKeep.type", "test.TopicIs"},
                                 {"predicates.isKeep.topic", "keep"}};
    cd_error_t err;
    transform_chain_t *c = chain_of(kv, 10, &err);
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(apply_value(c, record("keep", "v")), "v!");
    ck_assert_ptr_null(apply_value(c, record("other", "v")));
    transform_chain_destroy(c);
}
END_TEST

START_TEST(errors_name_the_failing_transform) {
    const char *const kv[][2] = {{"transforms", "s"}, {"transforms.s.type", "test.Suffix"}};
    cd_error_t err;
    transform_chain_t *c = chain_of(kv, 2, &err);
    const cd_record_t *out;
    const char *cls = NULL;
    ck_assert_int_eq(transform_chain_apply(c, record("t", NULL), arena, &out, &cls, &err), CD_ERR_DATA);
    ck_assert_str_eq(cls, "test.Suffix");
    transform_chain_destroy(c);
}
END_TEST

START_TEST(config_errors_name_the_key) {
    cd_error_t err;
    const char *const missing[][2] = {{"transforms", "x"}};
    ck_assert_ptr_null(chain_of(missing, 1, &err));
    ck_assert_ptr_nonnull(strstr(err.message, "\"transforms.x.type\""));
    const char *const unknown[][2] = {{"transforms", "x"}, {"transforms.x.type", "Nope"}};
    ck_assert_ptr_null(chain_of(unknown, 2, &err));
    ck_assert_ptr_nonnull(strstr(err.message, "transforms.x.type"));
    const char *const dup[][2] = {{"transforms", "x,x"}};
    ck_assert_ptr_null(chain_of(dup, 1, &err));
    ck_assert_ptr_nonnull(strstr(err.message, "Duplicate alias provided."));
    const char *const negate[][2] = {{"transforms", "x"},
                                     {"transforms.x.type", "test.Suffix"},
                                     {"transforms.x.negate", "true"}};
    ck_assert_ptr_null(chain_of(negate, 3, &err));
    ck_assert_str_eq(err.message, "Config 'transforms.x.negate' was provided but there is no config "
                                  "'transforms.x.predicate' defining a predicate to be negated.");
    ck_assert(transform_chain_empty(NULL));
}
END_TEST

Suite *suite_transform_chain(void);
Suite *suite_transform_chain(void) {
    Suite *s = suite_create("transform_chain");
    TCase *tc = tcase_create("chain");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, runs_in_order_and_respects_predicates);
    tcase_add_test(tc, negate_inverts_and_drop_ends_the_chain);
    tcase_add_test(tc, errors_name_the_failing_transform);
    tcase_add_test(tc, config_errors_name_the_key);
    suite_add_tcase(s, tc);
    return s;
}
