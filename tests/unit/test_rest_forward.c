/*
 * Request forwarding between distributed workers (rest/rest_forward.h):
 * a herder that answers HERDER_FORWARD makes the dispatcher send the same
 * request to the named worker, here a one-shot HTTP listener that records
 * what it got and answers 201. Also Kafka's ?forward= hop rules and the
 * 409 + Retry-After of a rebalance.
 */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "herder/herder.h"
#include "rest/rest_api.h"
#include "util/mem.h"

/* ---- a listener that takes one request and answers 201 ---- */

typedef struct peer {
    int fd;
    int port;
    char request[8192]; /* what it received (head and body) */
    pthread_t thread;
} peer_t;

static void *peer_main(void *arg) {
    peer_t *p = arg;
    int c = accept(p->fd, NULL, NULL);
    if (c < 0) return NULL;
    size_t got = 0;
    for (;;) {
        ssize_t n = read(c, p->request + got, sizeof p->request - 1 - got);
        if (n <= 0) break;
        got += (size_t)n;
        p->request[got] = 0;
        char *end = strstr(p->request, "\r\n\r\n");
        const char *cl = strcasestr(p->request, "Content-Length: ");
        if (end && (!cl || strlen(end + 4) >= (size_t)atoi(cl + 16))) break;
    }
    static const char reply[] = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                                "Location: /connectors/c\r\nContent-Length: 12\r\n"
                                "Connection: close\r\n\r\n{\"name\":\"c\"}";
    ssize_t w = write(c, reply, sizeof reply - 1);
    (void)w;
    close(c);
    return NULL;
}

static void peer_start(peer_t *p) {
    memset(p, 0, sizeof *p);
    p->fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    ck_assert_int_eq(bind(p->fd, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t len = sizeof a;
    getsockname(p->fd, (struct sockaddr *)&a, &len);
    p->port = ntohs(a.sin_port);
    listen(p->fd, 1);
    pthread_create(&p->thread, NULL, peer_main, p);
}

static void peer_stop(peer_t *p) {
    shutdown(p->fd, SHUT_RDWR);
    close(p->fd);
    pthread_join(p->thread, NULL);
}

/* ---- a herder that always sends the caller elsewhere ---- */

typedef struct fwd_herder {
    herder_t base;
    char url[128];
    herder_status_t answer;
} fwd_herder_t;

static int fwd_put(herder_t *h, const char *name, const cd_props_t *config, target_state_t initial,
                   bool allow_replace, bool *created, connector_info_t **out,
                   herder_error_t *err) {
    (void)name, (void)config, (void)initial, (void)allow_replace, (void)created, (void)out;
    fwd_herder_t *f = (fwd_herder_t *)h;
    if (f->answer == HERDER_FORWARD) return herder_forward(err, f->url);
    herder_fail(err, HERDER_CONFLICT, "Cannot complete request momentarily due to stale "
                                      "configuration (typically caused by a concurrent config change)");
    err->retry_after_s = 2;
    return HERDER_CONFLICT;
}
static int fwd_names(herder_t *h, char ***names, size_t *n) {
    (void)h;
    *names = NULL;
    *n = 0;
    return 0;
}
static const char *fwd_id(herder_t *h) {
    (void)h;
    return "x";
}
static void fwd_noop(herder_t *h) { (void)h; }

static const herder_ops_t fwd_ops = {
    .connector_names = fwd_names,
    .put_connector = fwd_put,
    .kafka_cluster_id = fwd_id,
    .worker_id = fwd_id,
    .stop = fwd_noop,
    .destroy = fwd_noop,
};

static const char BODY[] = "{\"name\":\"c\",\"config\":{\"connector.class\":\"FileStreamSource\"}}";

static void post(rest_api_t *api, const char *target, rest_response_t *resp) {
    rest_client_headers_t hdr = {.authorization = "Basic dXNlcjpwdw=="};
    rest_api_handle_auth(api, "POST", target, "application/json", BODY, strlen(BODY),
                         "http://localhost:1", &hdr, resp);
}

START_TEST(test_forwards_with_body_auth_and_hop_flag) {
    peer_t peer;
    peer_start(&peer);
    fwd_herder_t f = {.base.ops = &fwd_ops, .answer = HERDER_FORWARD};
    snprintf(f.url, sizeof f.url, "http://127.0.0.1:%d/", peer.port);
    char err[256];
    rest_api_t *api = rest_api_new(&f.base, NULL, err, sizeof err);
    rest_response_t resp;
    post(api, "/connectors", &resp);
    peer_stop(&peer);
    /* The leader's answer is relayed: status, body, Location. */
    ck_assert_int_eq(resp.status, 201);
    ck_assert_str_eq(resp.body, "{\"name\":\"c\"}");
    ck_assert_str_eq(resp.location, "/connectors/c");
    /* A client request (no flag) goes on with forward=true, same body and
     * the client's credentials. */
    ck_assert_msg(strncmp(peer.request, "POST /connectors?forward=true HTTP/1.1\r\n", 40) == 0, "%s",
                  peer.request);
    ck_assert_ptr_nonnull(strstr(peer.request, "Authorization: Basic dXNlcjpwdw==\r\n"));
    ck_assert_ptr_nonnull(strstr(peer.request, BODY));
    rest_response_clear(&resp);
    rest_api_destroy(api);
}
END_TEST

START_TEST(test_second_hop_and_last_hop) {
    peer_t peer;
    peer_start(&peer);
    fwd_herder_t f = {.base.ops = &fwd_ops, .answer = HERDER_FORWARD};
    snprintf(f.url, sizeof f.url, "http://127.0.0.1:%d", peer.port);
    char err[256];
    rest_api_t *api = rest_api_new(&f.base, NULL, err, sizeof err);
    rest_response_t resp;
    /* Arrived with forward=true: one more hop, with forward=false. */
    post(api, "/connectors?expand=x&forward=true", &resp);
    peer_stop(&peer);
    ck_assert_int_eq(resp.status, 201);
    ck_assert_msg(strncmp(peer.request, "POST /connectors?expand=x&forward=false HTTP/1.1", 48) == 0,
                  "%s", peer.request);
    rest_response_clear(&resp);
    /* Arrived with forward=false and still misrouted: Kafka's 409. */
    post(api, "/connectors?forward=false", &resp);
    ck_assert_int_eq(resp.status, 409);
    ck_assert_str_eq(resp.body, "{\"error_code\":409,\"message\":\"Cannot complete request because "
                                "of a conflicting operation (e.g. worker rebalance)\"}");
    rest_response_clear(&resp);
    rest_api_destroy(api);
}
END_TEST

START_TEST(test_rebalance_conflict_has_retry_after) {
    fwd_herder_t f = {.base.ops = &fwd_ops, .answer = HERDER_CONFLICT};
    char err[256];
    rest_api_t *api = rest_api_new(&f.base, NULL, err, sizeof err);
    rest_response_t resp;
    post(api, "/connectors", &resp);
    ck_assert_int_eq(resp.status, 409);
    ck_assert_int_eq(resp.retry_after_s, 2);
    ck_assert_ptr_null(resp.forward_url);
    rest_response_clear(&resp);
    rest_api_destroy(api);
}
END_TEST

START_TEST(test_unreachable_leader_is_a_500) {
    fwd_herder_t f = {.base.ops = &fwd_ops, .answer = HERDER_FORWARD};
    snprintf(f.url, sizeof f.url, "http://127.0.0.1:1/"); /* nothing listens on port 1 */
    char err[256];
    rest_api_t *api = rest_api_new(&f.base, NULL, err, sizeof err);
    rest_response_t resp;
    post(api, "/connectors", &resp);
    ck_assert_int_eq(resp.status, 500);
    ck_assert_ptr_nonnull(strstr(resp.body, "IO Error trying to forward REST request"));
    rest_response_clear(&resp);
    rest_api_destroy(api);
}
END_TEST

Suite *suite_rest_forward(void);
Suite *suite_rest_forward(void) {
    Suite *s = suite_create("rest_forward");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_forwards_with_body_auth_and_hop_flag);
    tcase_add_test(tc, test_second_hop_and_last_hop);
    tcase_add_test(tc, test_rebalance_conflict_has_retry_after);
    tcase_add_test(tc, test_unreachable_leader_is_a_500);
    suite_add_tcase(s, tc);
    return s;
}
