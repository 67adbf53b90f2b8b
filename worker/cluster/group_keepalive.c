/* Heartbeats while the leader's `assign` callback runs. The callback may
 * take up to rebalance.timeout.ms (it reads the config topic), far longer
 * than session.timeout.ms; the coordinator accepts heartbeats between
 * JoinGroup and SyncGroup, and the Java client's heartbeat thread sends
 * them, so a slow assignment does not cost the leader its membership. The
 * member thread is inside the callback meanwhile, so the helper thread has
 * the coordinator connection to itself. */
#include <stdlib.h>
#include <time.h>

#include "cluster/group_member_internal.h"
#include "kafka/group_api.h"
#include "log/log.h"
#include "util/mem.h"

struct gm_keepalive {
    group_member_t *m;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv; /* CLOCK_MONOTONIC */
    bool done;
    bool broken; /* the connection failed: the member thread closes it */
};

static void *keepalive_main(void *arg) {
    gm_keepalive_t *k = arg;
    group_member_t *m = k->m;
    pthread_setname_np(pthread_self(), "cd-group-hb");
    for (;;) {
        int64_t until = gm_now_ms() + m->heartbeat_interval_ms;
        pthread_mutex_lock(&k->mu);
        while (!k->done && gm_now_ms() < until) {
            struct timespec ts = {(time_t)(until / 1000), (long)(until % 1000) * 1000000L};
            pthread_cond_timedwait(&k->cv, &k->mu, &ts);
        }
        bool done = k->done;
        pthread_mutex_unlock(&k->mu);
        if (done) break;

        kw_writer_t w;
        kw_init(&w);
        ga_heartbeat_encode(&w, m->group_id, m->generation, m->member_id, NULL);
        uint8_t *resp = NULL;
        size_t n = 0;
        char err[256];
        int16_t code = 0;
        int timeout = m->session_timeout_ms < m->request_timeout_ms ? m->session_timeout_ms
                                                                     : m->request_timeout_ms;
        int rc = broker_conn_request(m->coord, GA_API_HEARTBEAT, GA_V_HEARTBEAT, false, &w,
                                     timeout, &resp, &n, err, sizeof err);
        kw_free(&w);
        if (rc == 0) rc = ga_heartbeat_decode(resp, n, &code, err, sizeof err);
        free(resp);
        if (rc != 0) {
            pthread_mutex_lock(&k->mu);
            k->broken = true;
            pthread_mutex_unlock(&k->mu);
            break;
        }
        if (code != 0) {
            /* The round is over (a new rebalance, or we were removed):
             * SyncGroup reports it to the member thread. */
            LOG_DEBUG(GM_LOGGER, "Heartbeat during assignment answered %s", ga_error_name(code));
            break;
        }
    }
    return NULL;
}

gm_keepalive_t *gm_keepalive_start(group_member_t *m) {
    if (!m->coord) return NULL;
    gm_keepalive_t *k = xcalloc(1, sizeof *k);
    k->m = m;
    pthread_mutex_init(&k->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&k->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&k->thread, NULL, keepalive_main, k) != 0) {
        pthread_cond_destroy(&k->cv);
        pthread_mutex_destroy(&k->mu);
        free(k);
        return NULL; /* run without: only a very slow assignment suffers */
    }
    return k;
}

bool gm_keepalive_stop(gm_keepalive_t *k) {
    if (!k) return true;
    pthread_mutex_lock(&k->mu);
    k->done = true;
    pthread_cond_broadcast(&k->cv);
    pthread_mutex_unlock(&k->mu);
    pthread_join(k->thread, NULL);
    bool ok = !k->broken;
    pthread_cond_destroy(&k->cv);
    pthread_mutex_destroy(&k->mu);
    free(k);
    return ok;
}
