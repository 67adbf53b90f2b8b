/*
 * The herder: owns what should run (connector configs and target states)
 * and answers the REST API. This header is the interface both the
 * standalone herder and the (later) distributed herder implement; REST
 * handlers only ever call these functions, never the worker or tasks.
 *
 * Every call is thread-safe (REST handlers run on libmicrohttpd's threads).
 * Results are owned by the caller and released with the matching _free.
 */
#ifndef CONNECTD_HERDER_HERDER_H
#define CONNECTD_HERDER_HERDER_H

#include <connectd/config.h>
#include <stdbool.h>
#include <stddef.h>

/* Outcome classes, mapped by REST to HTTP statuses. */
typedef enum herder_status {
    HERDER_OK = 0,
    HERDER_NOT_FOUND,      /* 404 */
    HERDER_ALREADY_EXISTS, /* 409 */
    HERDER_BAD_REQUEST,    /* 400 */
    HERDER_CONFLICT,       /* 409 (rebalance, distributed) */
    HERDER_FORBIDDEN,      /* 403 (a feature the worker config disables) */
    HERDER_TIMEOUT,        /* 500 Request timed out */
    HERDER_INTERNAL,       /* 500 */
    HERDER_FORWARD,        /* another worker must answer: REST forwards to forward_url */
    HERDER_UNAVAILABLE,    /* 503 (e.g. no session key yet) */
    HERDER_NOT_SUPPORTED,  /* 500: the herder has no such operation */
} herder_status_t;

typedef struct herder_error {
    herder_status_t status;
    char message[4096];
    /* HERDER_FORWARD: the base URL of the worker that can answer (the
     * leader's or the owner's advertised URL, "http://host:port/"). */
    char forward_url[512];
    /* HERDER_CONFLICT: seconds a client should wait (Retry-After); 0 none. */
    int retry_after_s;
} herder_error_t;

typedef enum target_state {
    TARGET_STARTED, /* shown as RUNNING in initial_state */
    TARGET_PAUSED,
    TARGET_STOPPED,
} target_state_t;

typedef struct connector_info {
    char *name;
    cd_props_t *config;  /* raw, unresolved */
    int n_tasks;         /* task ids are 0..n_tasks-1 */
    const char *type;    /* "source", "sink" or "unknown" (static string) */
} connector_info_t;
void connector_info_free(connector_info_t *info);

typedef struct instance_state {
    int id;              /* task id; -1 for the connector */
    char *state;         /* UNASSIGNED, RUNNING, PAUSED, STOPPED, FAILED, RESTARTING */
    char *worker_id;     /* host:port */
    char *trace;         /* NULL unless FAILED */
    char *version;       /* plugin version; NULL if unknown */
} instance_state_t;
void instance_state_free(instance_state_t *s); /* frees the struct too */

typedef struct connector_state_info {
    char *name;
    instance_state_t connector; /* id -1 */
    instance_state_t *tasks;    /* sorted by id */
    size_t n_tasks;
    const char *type;
} connector_state_info_t;
void connector_state_info_free(connector_state_info_t *s);

/* One entry of a connector's offsets (KIP-875), as JSON text: the
 * partition object and the offset object ("null" offsets reset). Sources use
 * their own partition/offset maps; sinks {"kafka_topic","kafka_partition"}
 * and {"kafka_offset"}. */
typedef struct connector_offset {
    char *partition; /* JSON object */
    char *offset;    /* JSON object, or NULL for null */
} connector_offset_t;

typedef struct connector_offsets {
    connector_offset_t *items;
    size_t n;
} connector_offsets_t;
void connector_offsets_free(connector_offsets_t *o); /* frees the struct too */

typedef struct herder herder_t;

/* An internal request's body and signature (KIP-507), checked by the
 * herder that holds the session key. */
typedef struct herder_request_signature {
    const char *body;
    size_t body_len;
    const char *signature; /* base64, NULL when absent */
    const char *algorithm; /* NULL when absent */
} herder_request_signature_t;

typedef struct herder_ops {
    /* Names of all configured connectors, in creation order. */
    int (*connector_names)(herder_t *h, char ***names, size_t *n);
    int (*connector_info)(herder_t *h, const char *name, connector_info_t **out,
                          herder_error_t *err);
    /* Create (or, with allow_replace, update) a connector. The config is
     * validated first; *created says which happened. */
    int (*put_connector)(herder_t *h, const char *name, const cd_props_t *config,
                         target_state_t initial, bool allow_replace, bool *created,
                         connector_info_t **out, herder_error_t *err);
    int (*delete_connector)(herder_t *h, const char *name, herder_error_t *err);
    int (*connector_status)(herder_t *h, const char *name, connector_state_info_t **out,
                            herder_error_t *err);
    int (*task_status)(herder_t *h, const char *name, int task, instance_state_t **out,
                       herder_error_t *err);
    /* PATCH config (KIP-477): keys of `set` overwrite, `remove` keys go;
     * the result is validated like a PUT. NOT_FOUND when absent. */
    int (*patch_connector)(herder_t *h, const char *name, const cd_props_t *set,
                           char *const *remove, size_t n_remove, connector_info_t **out,
                           herder_error_t *err);
    /* Pause, resume (also from STOPPED) and stop (KIP-875). Idempotent. */
    int (*set_target_state)(herder_t *h, const char *name, target_state_t target,
                            herder_error_t *err);
    /* KIP-745 restart. With neither flag: restart the connector instance
     * only and *plan stays NULL; otherwise *plan is the status with every
     * instance to be restarted shown RESTARTING. */
    int (*restart_connector)(herder_t *h, const char *name, bool include_tasks,
                             bool only_failed, connector_state_info_t **plan,
                             herder_error_t *err);
    int (*restart_task)(herder_t *h, const char *name, int task, herder_error_t *err);
    /* The raw task configs (placeholders unresolved), by task id. */
    int (*task_configs)(herder_t *h, const char *name, cd_props_t ***configs, size_t *n,
                        herder_error_t *err);
    /* KIP-875 offsets. alter: offsets NULL resets them all. Only when the
     * connector is STOPPED (BAD_REQUEST otherwise). *message: the success
     * message (caller frees). */
    int (*connector_offsets)(herder_t *h, const char *name, connector_offsets_t **out,
                             herder_error_t *err);
    int (*alter_offsets)(herder_t *h, const char *name, const connector_offsets_t *offsets,
                         char **message, herder_error_t *err);
    /* KIP-558 active topics, sorted; an unknown connector has none. */
    int (*active_topics)(herder_t *h, const char *name, char ***topics, size_t *n,
                         herder_error_t *err);
    int (*reset_active_topics)(herder_t *h, const char *name, herder_error_t *err);
    /* The worker's resolved config (validation shows its converters), or
     * NULL. Borrowed. */
    const cd_props_t *(*worker_config)(herder_t *h);
    /* Liveness (GET /health): true when the herder can take a request
     * within timeout_ms (it is not stuck holding its lock). */
    bool (*ping)(herder_t *h, int timeout_ms);
    /* Cluster id and worker id for GET /. Borrowed. */
    const char *(*kafka_cluster_id)(herder_t *h);
    const char *(*worker_id)(herder_t *h);
    /* Internal (distributed): a worker that runs a connector hands the
     * task configs it generated to the leader, which writes them
     * (POST /connectors/{c}/tasks). Optional. */
    int (*put_task_configs)(herder_t *h, const char *name, cd_props_t *const *configs, size_t n,
                            const herder_request_signature_t *sig, herder_error_t *err);
    /* KIP-976 PUT /admin/loggers/{ns}?scope=cluster: every worker of the
     * cluster applies the level. Optional (standalone applies it itself). */
    int (*set_cluster_log_level)(herder_t *h, const char *logger_namespace, const char *level,
                                 herder_error_t *err);
    /* Stop everything: tasks flush and commit. Called once, at shutdown. */
    void (*stop)(herder_t *h);
    void (*destroy)(herder_t *h);
} herder_ops_t;

struct herder {
    const herder_ops_t *ops;
};

/* Thin dispatchers, so call sites read herder_x(h, ...). */
int herder_connector_names(herder_t *h, char ***names, size_t *n);
void herder_names_free(char **names, size_t n);
int herder_connector_info(herder_t *h, const char *name, connector_info_t **out,
                          herder_error_t *err);
int herder_put_connector(herder_t *h, const char *name, const cd_props_t *config,
                         target_state_t initial, bool allow_replace, bool *created,
                         connector_info_t **out, herder_error_t *err);
int herder_delete_connector(herder_t *h, const char *name, herder_error_t *err);
int herder_connector_status(herder_t *h, const char *name, connector_state_info_t **out,
                            herder_error_t *err);
int herder_task_status(herder_t *h, const char *name, int task, instance_state_t **out,
                       herder_error_t *err);
int herder_patch_connector(herder_t *h, const char *name, const cd_props_t *set,
                           char *const *remove, size_t n_remove, connector_info_t **out,
                           herder_error_t *err);
int herder_set_target_state(herder_t *h, const char *name, target_state_t target,
                            herder_error_t *err);
int herder_restart_connector(herder_t *h, const char *name, bool include_tasks, bool only_failed,
                             connector_state_info_t **plan, herder_error_t *err);
int herder_restart_task(herder_t *h, const char *name, int task, herder_error_t *err);
int herder_task_configs(herder_t *h, const char *name, cd_props_t ***configs, size_t *n,
                        herder_error_t *err);
void herder_task_configs_free(cd_props_t **configs, size_t n);
int herder_connector_offsets(herder_t *h, const char *name, connector_offsets_t **out,
                             herder_error_t *err);
int herder_alter_offsets(herder_t *h, const char *name, const connector_offsets_t *offsets,
                         char **message, herder_error_t *err);
int herder_active_topics(herder_t *h, const char *name, char ***topics, size_t *n,
                         herder_error_t *err);
int herder_reset_active_topics(herder_t *h, const char *name, herder_error_t *err);
bool herder_ping(herder_t *h, int timeout_ms); /* true when no ping op */
const cd_props_t *herder_worker_config(herder_t *h); /* NULL when no such op */
const char *herder_kafka_cluster_id(herder_t *h);
const char *herder_worker_id(herder_t *h);
void herder_stop(herder_t *h);
void herder_destroy(herder_t *h);

/* Fill err and return its status (for `return herder_fail(err, ...)`). */
int herder_fail(herder_error_t *err, herder_status_t status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* HERDER_FORWARD to url (returns HERDER_FORWARD). */
int herder_forward(herder_error_t *err, const char *url);
int herder_put_task_configs(herder_t *h, const char *name, cd_props_t *const *configs, size_t n,
                            const herder_request_signature_t *sig, herder_error_t *err);
/* HERDER_NOT_SUPPORTED when the herder has no cluster scope. */
int herder_set_cluster_log_level(herder_t *h, const char *logger_namespace, const char *level,
                                 herder_error_t *err);

#endif
