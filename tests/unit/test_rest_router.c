/* Router matching, listener parsing and the Java compatibility helpers. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "rest/java_compat.h"
#include "rest/listeners.h"
#include "rest/rest_api.h"
#include "rest/router.h"

static void h_a(rest_request_t *req, rest_response_t *resp) { (void)req, (void)resp; }
static void h_b(rest_request_t *req, rest_response_t *resp) { (void)req, (void)resp; }
static void h_c(rest_request_t *req, rest_response_t *resp) { (void)req, (void)resp; }
static void h_d(rest_request_t *req, rest_response_t *resp) { (void)req, (void)resp; }

static const rest_route_t test_routes[] = {
    {"GET", "/", h_a, 0, "root"},
    {"GET", "/connectors", h_a, 0, "list"},
    {"POST", "/connectors", h_b, REST_ROUTE_JSON_BODY, "create"},
    {"GET", "/connectors/{connector}", h_c, 0, "info"},
    {"DELETE", "/connectors/{connector}", h_d, 0, "delete"},
    {"GET", "/connectors/{connector}/tasks/{task}/status", h_b, 0, "task status"},
    {"PUT", "/connectors/special", h_d, 0, "a literal beats a parameter"},
};
#define N_TEST_ROUTES (sizeof test_routes / sizeof test_routes[0])

static rest_router_t *make_router(void) {
    rest_router_t *r = rest_router_new();
    char err[256];
    ck_assert_int_eq(rest_router_add(r, test_routes, N_TEST_ROUTES, err, sizeof err), 0);
    return r;
}

START_TEST(test_match_params) {
    rest_router_t *r = make_router();
    rest_match_t m;
    ck_assert_int_eq(rest_router_match(r, "GET", "/connectors/file-source/tasks/3/status", &m),
                     REST_MATCH_OK);
    ck_assert_ptr_eq(m.route, &test_routes[5]);
    ck_assert_uint_eq(m.n_params, 2);
    ck_assert_str_eq(rest_match_param(&m, "connector"), "file-source");
    ck_assert_str_eq(rest_match_param(&m, "task"), "3");
    ck_assert_ptr_null(rest_match_param(&m, "nope"));
    rest_match_clear(&m);

    ck_assert_int_eq(rest_router_match(r, "GET", "/", &m), REST_MATCH_OK);
    ck_assert_ptr_eq(m.route, &test_routes[0]);
    ck_assert_uint_eq(m.n_params, 0);
    rest_match_clear(&m);

    ck_assert_int_eq(rest_router_match(r, "POST", "/connectors", &m), REST_MATCH_OK);
    ck_assert_ptr_eq(m.route, &test_routes[2]);
    rest_match_clear(&m);

    ck_assert_int_eq(rest_router_match(r, "DELETE", "/connectors/x", &m), REST_MATCH_OK);
    ck_assert_ptr_eq(m.route, &test_routes[4]);
    rest_match_clear(&m);
    rest_router_destroy(r);
}
END_TEST

START_TEST(test_percent_decoding) {
    rest_router_t *r = make_router();
    rest_match_t m;
    /* %2F stays inside the segment: decoding happens after splitting. */
    ck_assert_int_eq(rest_router_match(r, "GET", "/connectors/a%2Fb%20c%C3%A9", &m),
                     REST_MATCH_OK);
    ck_assert_ptr_eq(m.route, &test_routes[3]);
    ck_assert_str_eq(rest_match_param(&m, "connector"), "a/b c\xC3\xA9");
    rest_match_clear(&m);
    /* '+' is literal in a path; a malformed escape is kept as written. */
    ck_assert_int_eq(rest_router_match(r, "GET", "/connectors/a+b%zz%4", &m), REST_MATCH_OK);
    ck_assert_str_eq(rest_match_param(&m, "connector"), "a+b%zz%4");
    rest_match_clear(&m);
    /* A NUL byte can never be part of a name. */
    ck_assert_int_eq(rest_router_match(r, "GET", "/connectors/a%00b", &m), REST_MATCH_NOT_FOUND);
    rest_match_clear(&m);
    /* Bytes that are not UTF-8 become U+FFFD, as Java decodes them: the
     * name must survive being written to JSON (the config topic). */
    ck_assert_int_eq(rest_router_match(r, "GET", "/connectors/a%FFb%C3", &m), REST_MATCH_OK);
    ck_assert_str_eq(rest_match_param(&m, "connector"), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    rest_match_clear(&m);

    char *q = rest_percent_decode("a+b%3Dc", 7, 1);
    ck_assert_str_eq(q, "a b=c");
    free(q);
    rest_router_destroy(r);
}
END_TEST

START_TEST(test_not_found_vs_method) {
    rest_router_t *r = make_router();
    rest_match_t m;
    ck_assert_int_eq(rest_router_match(r, "GET", "/nope", &m), REST_MATCH_NOT_FOUND);
    rest_match_clear(&m);
    ck_assert_int_eq(rest_router_match(r, "GET", "/connectors/a/b", &m), REST_MATCH_NOT_FOUND);
    rest_match_clear(&m);
    ck_assert_int_eq(rest_router_match(r, "GET", "/connectors//tasks/1/status", &m),
                     REST_MATCH_NOT_FOUND);
    rest_match_clear(&m);
    ck_assert_int_eq(rest_router_match(r, "GET", "connectors", &m), REST_MATCH_NOT_FOUND);
    rest_match_clear(&m);
    ck_assert_int_eq(rest_router_match(r, "DELETE", "/connectors", &m),
                     REST_MATCH_METHOD_NOT_ALLOWED);
    ck_assert_ptr_null(m.route);
    rest_match_clear(&m);
    ck_assert_int_eq(rest_router_match(r, "PATCH", "/connectors/x", &m),
                     REST_MATCH_METHOD_NOT_ALLOWED);
    rest_match_clear(&m);
    rest_router_destroy(r);
}
END_TEST

START_TEST(test_specificity_and_head) {
    rest_router_t *r = make_router();
    rest_match_t m;
    /* The literal pattern wins for its path, and its methods decide. */
    ck_assert_int_eq(rest_router_match(r, "PUT", "/connectors/special", &m), REST_MATCH_OK);
    ck_assert_ptr_eq(m.route, &test_routes[6]);
    ck_assert_uint_eq(m.n_params, 0);
    rest_match_clear(&m);
    ck_assert_int_eq(rest_router_match(r, "GET", "/connectors/special", &m),
                     REST_MATCH_METHOD_NOT_ALLOWED);
    rest_match_clear(&m);
    /* HEAD is served by GET; one trailing slash is ignored. */
    ck_assert_int_eq(rest_router_match(r, "HEAD", "/connectors/", &m), REST_MATCH_OK);
    ck_assert_ptr_eq(m.route, &test_routes[1]);
    rest_match_clear(&m);
    rest_router_destroy(r);
}
END_TEST

START_TEST(test_bad_patterns_and_listing) {
    rest_router_t *r = rest_router_new();
    char err[256] = "";
    static const rest_route_t bad[] = {{"GET", "no-slash", h_a, 0, NULL}};
    ck_assert_int_eq(rest_router_add(r, bad, 1, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "no-slash"));
    static const rest_route_t empty_seg[] = {{"GET", "/a//b", h_a, 0, NULL}};
    ck_assert_int_eq(rest_router_add(r, empty_seg, 1, err, sizeof err), -1);
    ck_assert_uint_eq(rest_router_count(r), 0);
    ck_assert_int_eq(rest_router_add(r, test_routes, N_TEST_ROUTES, err, sizeof err), 0);
    ck_assert_uint_eq(rest_router_count(r), N_TEST_ROUTES);
    ck_assert_str_eq(rest_router_at(r, 5)->pattern, "/connectors/{connector}/tasks/{task}/status");
    ck_assert_ptr_null(rest_router_at(r, N_TEST_ROUTES));
    rest_router_destroy(r);
    rest_router_destroy(NULL);
}
END_TEST

/* The real API table: the routes Kafka's samples exercise. */
START_TEST(test_api_route_table) {
    rest_router_t *r = rest_router_new();
    char err[256];
    ck_assert_int_eq(rest_routes_register(r, err, sizeof err), 0);
    ck_assert_uint_ge(rest_router_count(r), 9);
    for (size_t i = 0; i < rest_router_count(r); i++) {
        const rest_route_t *rt = rest_router_at(r, i);
        ck_assert_ptr_nonnull(rt->summary);
        ck_assert_ptr_nonnull(rt->handler);
    }
    rest_match_t m;
    ck_assert_int_eq(rest_router_match(r, "DELETE", "/connectors", &m),
                     REST_MATCH_METHOD_NOT_ALLOWED);
    rest_match_clear(&m);
    ck_assert_int_eq(rest_router_match(r, "GET", "/nope", &m), REST_MATCH_NOT_FOUND);
    rest_match_clear(&m);
    ck_assert_int_eq(rest_router_match(r, "GET", "/connector-plugins", &m), REST_MATCH_OK);
    rest_match_clear(&m);
    ck_assert_int_eq(rest_router_match(r, "GET", "/connectors/x/tasks/0/status", &m),
                     REST_MATCH_OK);
    ck_assert_str_eq(rest_match_param(&m, "task"), "0");
    rest_match_clear(&m);
    rest_router_destroy(r);
}
END_TEST

START_TEST(test_listeners) {
    rest_listener_t *l;
    size_t n;
    char err[256];
    ck_assert_int_eq(
        rest_listeners_parse(" http://:8083 , HTTP://127.0.0.1:0,http://[::1]:9000", &l, &n, err,
                             sizeof err),
        0);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(l[0].url, "http://:8083");
    ck_assert_str_eq(l[0].host, "");
    ck_assert_int_eq(l[0].port, 8083);
    ck_assert_str_eq(l[1].host, "127.0.0.1");
    ck_assert_int_eq(l[1].port, 0);
    ck_assert_str_eq(l[2].host, "::1");
    ck_assert_int_eq(l[2].port, 9000);
    rest_listeners_free(l, n);

    ck_assert_int_eq(rest_listeners_parse("http://:1,HTTPS://host:8443", &l, &n, err, sizeof err),
                     0);
    ck_assert_int_eq(n, 2);
    ck_assert(!l[0].https);
    ck_assert(l[1].https);
    ck_assert_int_eq(l[1].port, 8443);
    rest_listeners_free(l, n);
    ck_assert_int_eq(rest_listeners_parse("http://host", &l, &n, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "missing port"));
    ck_assert_int_eq(rest_listeners_parse("http://host:70000", &l, &n, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "invalid port"));
    ck_assert_int_eq(rest_listeners_parse("ftp://host:1", &l, &n, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "unknown protocol 'ftp'"));
    ck_assert_int_eq(rest_listeners_parse("localhost:8083", &l, &n, err, sizeof err), -1);
    ck_assert_int_eq(rest_listeners_parse(" , ", &l, &n, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "no listener"));
}
END_TEST

START_TEST(test_java_hash_and_order) {
    /* Values from Java's String.hashCode. */
    ck_assert_int_eq(rest_java_string_hash("name"), 3373707);
    ck_assert_int_eq(rest_java_string_hash("file-sink"), -1362487228);
    ck_assert_int_eq(rest_java_string_hash("\xC3\xA9"), 233);         /* é */
    ck_assert_int_eq(rest_java_string_hash("\xF0\x9F\x98\x80"), 1772899); /* a surrogate pair */

    /* Sample 15: {"file-source":...,"file-sink":...} from a HashMap. */
    const char *conns[] = {"file-sink", "file-source"};
    size_t order[4];
    rest_java_hashmap_order(conns, 2, REST_JAVA_MAP_PUTS, order);
    ck_assert_uint_eq(order[0], 1);
    ck_assert_uint_eq(order[1], 0);
    /* Same bucket: insertion order. */
    const char *kinds[] = {"info", "status"};
    rest_java_hashmap_order(kinds, 2, REST_JAVA_MAP_PUTS, order);
    ck_assert_uint_eq(order[0], 0);
    ck_assert_uint_eq(order[1], 1);

    /* Sample 09: the config {tasks.max, name} copied into a HashMap. */
    cd_props_t *p = cd_props_new();
    cd_props_set(p, "tasks.max", "1");
    cd_props_set(p, "name", "bad");
    char *s = rest_java_props_to_string(p, REST_JAVA_MAP_COPY);
    ck_assert_str_eq(s, "{name=bad, tasks.max=1}");
    free(s);
    cd_props_destroy(p);
    p = cd_props_new();
    s = rest_java_props_to_string(p, REST_JAVA_MAP_COPY);
    ck_assert_str_eq(s, "{}");
    free(s);
    cd_props_destroy(p);

    /* A copy is pre-sized (4 buckets for 2 keys) while puts start at 16:
     * "topic" (bucket 9 of 16, 1 of 4) and "file" (3 of 16, 3 of 4). */
    const char *tf[] = {"topic", "file"};
    rest_java_hashmap_order(tf, 2, REST_JAVA_MAP_PUTS, order);
    ck_assert_uint_eq(order[0], 1);
    rest_java_hashmap_order(tf, 2, REST_JAVA_MAP_COPY, order);
    ck_assert_uint_eq(order[0], 0);

    char *t = rest_java_trim("\t  my conn \n");
    ck_assert_str_eq(t, "my conn");
    free(t);
}
END_TEST

Suite *suite_rest_router(void); /* called by the generated runner */
Suite *suite_rest_router(void) {
    Suite *s = suite_create("rest_router");
    TCase *tc = tcase_create("router");
    tcase_add_test(tc, test_match_params);
    tcase_add_test(tc, test_percent_decoding);
    tcase_add_test(tc, test_not_found_vs_method);
    tcase_add_test(tc, test_specificity_and_head);
    tcase_add_test(tc, test_bad_patterns_and_listing);
    tcase_add_test(tc, test_api_route_table);
    suite_add_tcase(s, tc);
    TCase *tl = tcase_create("listeners");
    tcase_add_test(tl, test_listeners);
    suite_add_tcase(s, tl);
    TCase *tj = tcase_create("java_compat");
    tcase_add_test(tj, test_java_hash_and_order);
    suite_add_tcase(s, tj);
    return s;
}
