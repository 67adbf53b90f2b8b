/* The member's lifecycle and its thread loop; the protocol steps are in
 * group_session.c. */
#include "cluster/group_member.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cluster/group_member_internal.h"
#include "log/log.h"
#include "util/mem.h"

#define PFX "[Worker clientId=%s, groupId=%s] "
#define PFX_ARGS m->client_id, m->group_id
/* Back-off after the coordinator refused the group's configuration (a
 * protocol type clash, an invalid session timeout): these do not heal by
 * themselves, so do not hammer the broker or the log. */
#define FATAL_BACKOFF_MS 10000
/* Cap of the back-off while no broker answers (Java: retry.backoff.max.ms). */
#define RETRY_BACKOFF_MAX_MS 1000

/* retry.backoff.ms doubled per consecutive failure, up to cap. */
static int backoff_ms(int base, int streak, int cap) {
    int64_t ms = (int64_t)base << (streak < 10 ? streak : 10);
    if (cap < base) cap = base;
    return ms > cap ? cap : (int)ms;
}

int64_t gm_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool gm_stopping(group_member_t *m) {
    pthread_mutex_lock(&m->mu);
    bool s = m->stop;
    pthread_mutex_unlock(&m->mu);
    return s;
}

void gm_close_coordinator(group_member_t *m) {
    broker_conn_close(m->coord);
    m->coord = NULL;
}

void gm_reset_membership(group_member_t *m, const char *why) {
    LOG_WARN(GM_LOGGER,
             PFX "%s; resetting generation %d and member id %s and rejoining as a new member",
             PFX_ARGS, why, (int)m->generation, m->member_id[0] ? m->member_id : "(none)");
    bool had = m->have_assignment;
    m->have_assignment = false;
    free(m->member_id);
    m->member_id = xstrdup("");
    m->generation = -1;
    atomic_store(&m->public_generation, -1);
    if (had && m->cb.lost && !gm_stopping(m)) m->cb.lost(m->cb.opaque);
}

/* ---- waiting ---- */

static struct timespec abs_deadline(int64_t at_ms) {
    struct timespec ts;
    ts.tv_sec = (time_t)(at_ms / 1000);
    ts.tv_nsec = (long)(at_ms % 1000) * 1000000L;
    return ts;
}

/* Sleep up to ms; returns early (false) when stopping. */
static bool backoff(group_member_t *m, int ms) {
    int64_t until = gm_now_ms() + (ms > 0 ? ms : 1);
    pthread_mutex_lock(&m->mu);
    while (!m->stop && gm_now_ms() < until) {
        struct timespec ts = abs_deadline(until);
        pthread_cond_timedwait(&m->cv, &m->mu, &ts);
    }
    bool ok = !m->stop;
    pthread_mutex_unlock(&m->mu);
    return ok;
}

typedef enum { WAKE_STOP, WAKE_REJOIN, WAKE_HEARTBEAT } wake_t;

/* Between heartbeats: wait for the next one, a due rejoin request, or stop. */
static wake_t idle_wait(group_member_t *m, int64_t next_hb) {
    wake_t why;
    pthread_mutex_lock(&m->mu);
    for (;;) {
        int64_t now = gm_now_ms();
        if (m->stop) {
            why = WAKE_STOP;
            break;
        }
        if (m->rejoin_at_ms && m->rejoin_at_ms <= now) {
            why = WAKE_REJOIN;
            break;
        }
        if (now >= next_hb) {
            why = WAKE_HEARTBEAT;
            break;
        }
        int64_t until = next_hb;
        if (m->rejoin_at_ms && m->rejoin_at_ms < until) until = m->rejoin_at_ms;
        struct timespec ts = abs_deadline(until);
        pthread_cond_timedwait(&m->cv, &m->mu, &ts);
    }
    pthread_mutex_unlock(&m->mu);
    return why;
}

/* A join round starts: requests already due are served by it; later ones
 * cause another round. */
static void consume_due_rejoin(group_member_t *m) {
    pthread_mutex_lock(&m->mu);
    if (m->rejoin_at_ms && m->rejoin_at_ms <= gm_now_ms()) m->rejoin_at_ms = 0;
    pthread_mutex_unlock(&m->mu);
}

static void rebalance_started(group_member_t *m) {
    if (m->cb.rebalance_started && !gm_stopping(m)) m->cb.rebalance_started(m->cb.opaque);
}

/* ---- the thread ---- */

static void *member_main(void *arg) {
    group_member_t *m = arg;
    pthread_setname_np(pthread_self(), "cd-group");
    bool need_join = true;
    int64_t next_hb = 0;
    int fatal_streak = 0, find_streak = 0;
    rebalance_started(m);
    while (!gm_stopping(m)) {
        if (!m->coord) {
            gm_step_t s = gm_find_coordinator(m);
            if (s == GM_STOPPED) break;
            if (s != GM_OK) {
                backoff(m, backoff_ms(m->retry_backoff_ms, find_streak++, RETRY_BACKOFF_MAX_MS));
                continue;
            }
            find_streak = 0;
            next_hb = gm_now_ms(); /* heartbeat on the new coordinator at once */
        }
        if (need_join) {
            consume_due_rejoin(m);
            gm_step_t s = gm_join_and_sync(m);
            switch (s) {
            case GM_OK:
                need_join = false;
                fatal_streak = 0;
                next_hb = gm_now_ms() + m->heartbeat_interval_ms;
                break;
            case GM_RETRY_NOW: break;
            case GM_FATAL:
                backoff(m, backoff_ms(m->retry_backoff_ms, fatal_streak++, FATAL_BACKOFF_MS));
                break;
            case GM_STOPPED: break;
            default: backoff(m, m->retry_backoff_ms); break;
            }
            continue;
        }
        wake_t w = idle_wait(m, next_hb);
        if (w == WAKE_STOP) break;
        if (w == WAKE_REJOIN) {
            LOG_INFO(GM_LOGGER, PFX "Rebalance requested; rejoining the group", PFX_ARGS);
            need_join = true;
            rebalance_started(m);
            continue;
        }
        int64_t sent = gm_now_ms();
        gm_step_t s = gm_heartbeat(m);
        next_hb = sent + m->heartbeat_interval_ms;
        if (s == GM_REJOIN) {
            need_join = true;
            rebalance_started(m);
        } else if (s == GM_COORDINATOR) {
            /* Rediscover, then heartbeat there: the new coordinator says
             * whether this generation still stands (as the Java client). */
            backoff(m, m->retry_backoff_ms);
        }
    }
    gm_send_leave(m);
    gm_close_coordinator(m);
    return NULL;
}

/* ---- public API ---- */

static int parse_bootstrap(group_member_t *m, const char *list, char *err, size_t errlen) {
    char *copy = xstrdup(list ? list : "");
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *host;
        int port;
        const char *t = tok;
        while (*t == ' ' || *t == '\t') t++;
        if (!*t) continue;
        if (broker_parse_hostport(t, &host, &port, err, errlen) != 0) {
            free(copy);
            return -1;
        }
        m->boot_hosts = xrealloc(m->boot_hosts, (m->n_boot + 1) * sizeof *m->boot_hosts);
        m->boot_ports = xrealloc(m->boot_ports, (m->n_boot + 1) * sizeof *m->boot_ports);
        m->boot_hosts[m->n_boot] = host;
        m->boot_ports[m->n_boot] = port;
        m->n_boot++;
    }
    free(copy);
    if (m->n_boot == 0) {
        snprintf(err, errlen, "bootstrap.servers is empty");
        return -1;
    }
    return 0;
}

static int or_default(int v, int def) { return v > 0 ? v : def; }

group_member_t *group_member_new(const group_member_config_t *cfg,
                                 const group_member_callbacks_t *cb, char *err, size_t errlen) {
    if (!cfg || !cb) {
        snprintf(err, errlen, "group member: missing configuration");
        return NULL;
    }
    if (!cfg->group_id || !*cfg->group_id) {
        snprintf(err, errlen, "group.id is required for the worker group");
        return NULL;
    }
    if (!cb->metadata) {
        snprintf(err, errlen, "group member: a metadata callback is required");
        return NULL;
    }
    group_member_t *m = xcalloc(1, sizeof *m);
    m->cancel[0] = m->cancel[1] = -1;
    m->joined = true;
    m->group_id = xstrdup(cfg->group_id);
    m->client_id = xstrdup(cfg->client_id ? cfg->client_id : "connectd");
    m->protocol_type = xstrdup(cfg->protocol_type ? cfg->protocol_type : "connect");
    m->session_timeout_ms = or_default(cfg->session_timeout_ms, 10000);
    m->rebalance_timeout_ms = or_default(cfg->rebalance_timeout_ms, 60000);
    m->heartbeat_interval_ms = or_default(cfg->heartbeat_interval_ms, 3000);
    m->request_timeout_ms = or_default(cfg->request_timeout_ms, 40000);
    m->retry_backoff_ms = or_default(cfg->retry_backoff_ms, 100);
    m->cb = *cb;
    m->member_id = xstrdup("");
    m->generation = -1;
    atomic_init(&m->public_generation, -1);
    pthread_mutex_init(&m->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&m->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (parse_bootstrap(m, cfg->bootstrap, err, errlen) != 0 ||
        broker_security_from_props(cfg->worker_props, &m->sec, err, errlen) != 0) {
        group_member_destroy(m);
        return NULL;
    }
    if (pipe2(m->cancel, O_CLOEXEC | O_NONBLOCK) != 0) {
        snprintf(err, errlen, "group member: pipe: %s", strerror(errno));
        m->cancel[0] = m->cancel[1] = -1;
        group_member_destroy(m);
        return NULL;
    }
    return m;
}

int group_member_start(group_member_t *m) {
    if (!m) return -1;
    pthread_mutex_lock(&m->mu);
    if (m->started) {
        pthread_mutex_unlock(&m->mu);
        return -1;
    }
    int rc = pthread_create(&m->thread, NULL, member_main, m);
    if (rc == 0) {
        m->started = true;
        m->joined = false;
    } else {
        LOG_ERROR(GM_LOGGER, PFX "Could not start the group member thread: %s", PFX_ARGS,
                  strerror(rc));
    }
    pthread_mutex_unlock(&m->mu);
    return rc == 0 ? 0 : -1;
}

void group_member_request_rejoin(group_member_t *m, int delay_ms) {
    if (!m) return;
    int64_t at = gm_now_ms() + (delay_ms > 0 ? delay_ms : 0);
    if (at <= 0) at = 1;
    pthread_mutex_lock(&m->mu);
    /* The earliest request wins: a scheduled rebalance never postpones an
     * immediate one. */
    if (m->rejoin_at_ms == 0 || at < m->rejoin_at_ms) m->rejoin_at_ms = at;
    pthread_cond_broadcast(&m->cv);
    pthread_mutex_unlock(&m->mu);
}

int32_t group_member_generation(group_member_t *m) {
    return m ? atomic_load(&m->public_generation) : -1;
}

void group_member_leave(group_member_t *m) {
    if (!m) return;
    pthread_mutex_lock(&m->mu);
    if (m->joined) {
        pthread_mutex_unlock(&m->mu);
        return;
    }
    m->stop = true;
    pthread_cond_broadcast(&m->cv);
    pthread_mutex_unlock(&m->mu);
    /* Wake any network wait of the thread (a JoinGroup can be parked on the
     * broker for the whole rebalance timeout). */
    ssize_t w;
    do w = write(m->cancel[1], "x", 1);
    while (w < 0 && errno == EINTR);
    if (pthread_equal(pthread_self(), m->thread)) {
        /* Called from a callback: the thread ends after it returns. */
        return;
    }
    pthread_join(m->thread, NULL);
    pthread_mutex_lock(&m->mu);
    m->joined = true;
    pthread_mutex_unlock(&m->mu);
}

void group_member_destroy(group_member_t *m) {
    if (!m) return;
    group_member_leave(m);
    gm_close_coordinator(m);
    for (size_t i = 0; i < m->n_boot; i++) free(m->boot_hosts[i]);
    free(m->boot_hosts);
    free(m->boot_ports);
    if (m->sec.password) memset(m->sec.password, 0, strlen(m->sec.password));
    broker_security_clear(&m->sec);
    if (m->cancel[0] >= 0) close(m->cancel[0]);
    if (m->cancel[1] >= 0) close(m->cancel[1]);
    free(m->group_id);
    free(m->client_id);
    free(m->protocol_type);
    free(m->member_id);
    free(m->coord_host);
    pthread_cond_destroy(&m->cv);
    pthread_mutex_destroy(&m->mu);
    free(m);
}
