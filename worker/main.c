/*
 * connectd: the command line, as Kafka's connect-standalone has it.
 *   connectd standalone WORKER.properties [CONNECTOR.properties ...]
 *   connectd distributed WORKER.properties
 *   connectd config-docs [PLUGIN_PATH]   (the configuration reference, Markdown)
 *   connectd version
 * Signals: the first SIGTERM/SIGINT stops gracefully (tasks flush and
 * commit); a second one exits at once.
 */
#include <librdkafka/rdkafka.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config/config_def.h"
#include "config/properties.h"
#include "config/providers.h"
#include "config/worker_config.h"
#include "convert/builtin.h"
#include "docs/config_docs.h"
#include "herder/distributed.h"
#include "herder/internal_topics.h"
#include "herder/standalone.h"
#include "kafka/client_config.h"
#include "kafka/embedded.h"
#include "log/log.h"
#include "plugin/registry.h"
#include "rest/server.h"
#include "runtime/worker.h"
#include "store/offset_store.h"
#include "util/mem.h"
#include "version.h"

#define LOGGER "org.apache.kafka.connect.cli.ConnectStandalone"
#define LOGGER_DISTRIBUTED "org.apache.kafka.connect.cli.ConnectDistributed"

/* The command's logger: Kafka's ConnectStandalone or ConnectDistributed,
 * chosen by the mode (LOG_* macros take literal names only). */
static log_logger_t *cli_logger;
#define CLI_LOG(level, ...)                                                         \
    do {                                                                            \
        log_logger_t *cli_l_ = cli_logger ? cli_logger : log_logger(LOGGER);        \
        if (log_enabled(cli_l_, (level))) log_write(cli_l_, (level), __VA_ARGS__); \
    } while (0)


static void usage(FILE *out) {
    fprintf(out,
            "Usage: connectd standalone WORKER.properties [CONNECTOR.properties ...]\n"
            "       connectd distributed WORKER.properties\n"
            "       connectd config-docs [PLUGIN_PATH]\n"
            "       connectd version\n");
}

/* plugins/ beside bin/: the default plugin.path of a built tree. */
static char *default_plugin_path(void) {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return xstrdup("plugins");
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) *slash = '\0';
    return xasprintf("%s/../plugins", exe);
}

static void *second_signal_main(void *arg) {
    sigset_t *set = arg;
    int sig;
    sigwait(set, &sig);
    fprintf(stderr, "connectd: second signal, exiting now\n");
    _exit(130);
}

/* host:port this worker is known by (Kafka: the advertised REST URL). */
static char *compute_worker_id(const cd_props_t *wp) {
    const char *host = cd_props_get(wp, "rest.advertised.host.name");
    const char *port = cd_props_get(wp, "rest.advertised.port");
    const char *listeners = cd_props_get(wp, "listeners");
    if (!listeners || !*listeners) listeners = "http://:8083";
    char lhost[256] = "";
    int lport = 8083;
    /* The first listener is the advertised one (Kafka's default without
     * rest.advertised.listener). */
    char first[512];
    snprintf(first, sizeof first, "%.*s", (int)strcspn(listeners, ","), listeners);
    const char *p = strstr(first, "://");
    p = p ? p + 3 : first;
    const char *colon = strrchr(p, ':');
    if (colon) {
        size_t hl = (size_t)(colon - p);
        if (hl >= sizeof lhost) hl = sizeof lhost - 1;
        memcpy(lhost, p, hl);
        lhost[hl] = '\0';
        lport = atoi(colon + 1);
    }
    char hostname[256] = "localhost";
    gethostname(hostname, sizeof hostname - 1);
    const char *h = host && *host ? host : lhost[0] ? lhost : hostname;
    return port && *port ? xasprintf("%s:%s", h, port) : xasprintf("%s:%d", h, lport);
}

/* The cluster id, which also proves the brokers answer before we serve. */
static char *fetch_cluster_id(const char *bootstrap, const cd_props_t *wp, char *err,
                              size_t errlen) {
    rd_kafka_conf_t *conf = kafka_client_conf_new(bootstrap, wp, KAFKA_CLIENT_ADMIN, NULL, err, errlen);
    if (!conf) return NULL;
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, errlen);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    char *id = rd_kafka_clusterid(rk, 30000);
    char *out = id ? xstrdup(id) : NULL;
    if (id) rd_kafka_mem_free(rk, id);
    else snprintf(err, errlen, "no answer from the Kafka cluster at %s within 30 s", bootstrap);
    rd_kafka_destroy(rk);
    return out;
}

static void ensure_embedded_topic(void *cluster, const char *topic) {
    embedded_cluster_ensure_topic(cluster, topic);
}

static int load_connector_file(herder_t *herder, const char *path) {
    cd_props_t *props = NULL;
    char err[1024];
    if (properties_parse_file(path, &props, err, sizeof err) != 0) {
        CLI_LOG(CD_LOG_ERROR, "%s", err);
        return -1;
    }
    const char *name = cd_props_get(props, "name");
    if (!name || !*name) {
        CLI_LOG(CD_LOG_ERROR, "Connector file %s has no 'name'", path);
        cd_props_destroy(props);
        return -1;
    }
    bool created = false;
    connector_info_t *info = NULL;
    herder_error_t herr = {0};
    int rc = herder_put_connector(herder, name, props, TARGET_STARTED, false, &created, &info, &herr);
    if (rc != 0) CLI_LOG(CD_LOG_ERROR, "Failed to create connector for %s: %s", path, herr.message);
    connector_info_free(info);
    cd_props_destroy(props);
    return rc == 0 ? 0 : -1;
}

/* config.storage.file.filename (a connectd extension): where standalone
 * keeps connector configs and target states across restarts. Unset: next
 * to the offsets file; empty: nowhere, as Kafka's standalone worker. */
static char *connector_state_path(const cd_props_t *wp) {
    const char *v = cd_props_get(wp, "config.storage.file.filename");
    if (v) return *v ? xstrdup(v) : NULL;
    return xasprintf("%s.connectors", cd_props_get(wp, "offset.storage.file.filename"));
}

static int validate_worker(const cd_props_t *wp, bool distributed) {
    cd_validation_t *v = validation_new();
    config_validate(worker_config_defs(), wp, v);
    config_validate(distributed ? worker_config_distributed_defs() : worker_config_standalone_defs(),
                    wp, v);
    int bad = 0;
    for (size_t i = 0; i < validation_entry_count(v); i++) {
        const validation_entry_t *e = validation_entry_at(v, i);
        for (size_t j = 0; j < validation_entry_error_count(e); j++, bad++)
            CLI_LOG(CD_LOG_ERROR, "Invalid worker configuration: %s", validation_entry_error(e, j));
    }
    validation_destroy(v);
    return bad ? -1 : 0;
}

/* The advertised REST URL other workers forward to. */
static char *worker_url(const cd_props_t *wp, const char *worker_id) {
    const char *listeners = cd_props_get(wp, "listeners");
    const char *advertised = cd_props_get(wp, "rest.advertised.listener");
    bool https = advertised && *advertised ? strcasecmp(advertised, "https") == 0
                                           : listeners && strncasecmp(listeners, "https", 5) == 0;
    return xasprintf("%s://%s/", https ? "https" : "http", worker_id);
}

static int run_worker(bool distributed, int argc, char **argv) {
    cli_logger = log_logger(distributed ? LOGGER_DISTRIBUTED : LOGGER);
    /* Signals go to a sigwait() here, never to a random thread. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    char err[4096];
    cd_props_t *raw = NULL;
    if (properties_parse_file(argv[0], &raw, err, sizeof err) != 0) {
        fprintf(stderr, "connectd: %s\n", err);
        return 1;
    }
    config_providers_t *providers = config_providers_new(raw, err, sizeof err);
    cd_props_t *wp = NULL;
    if (!providers || config_providers_resolve(providers, raw, &wp, err, sizeof err) != 0) {
        fprintf(stderr, "connectd: worker config %s: %s\n", argv[0], err);
        config_providers_destroy(providers);
        cd_props_destroy(raw);
        return 1;
    }
    cd_props_destroy(raw);
    if (validate_worker(wp, distributed) != 0) {
        config_providers_destroy(providers);
        cd_props_destroy(wp);
        return 1;
    }
    const char *level = getenv("CONNECTD_LOG_LEVEL");
    cd_log_level_t lv;
    if (level && log_parse_level(level, &lv)) log_set_level(lv);

    int status = 1;
    embedded_cluster_t *embedded = NULL;
    plugin_registry_t *registry = plugin_registry_new();
    offset_store_t *offsets = NULL;
    worker_t *worker = NULL;
    herder_t *herder = NULL;
    rest_server_t *rest = NULL;
    char *cluster_id = NULL, *worker_id = NULL, *plugin_path = NULL;

    const char *bootstrap = cd_props_get(wp, "bootstrap.servers");
    if (!bootstrap || !*bootstrap) bootstrap = "localhost:9092";
    if (strcmp(bootstrap, "embedded") == 0 && distributed) {
        CLI_LOG(CD_LOG_ERROR, "bootstrap.servers=embedded is for standalone mode only: distributed "
                          "workers need a real Kafka cluster to form their group");
        goto out;
    }
    if (strcmp(bootstrap, "embedded") == 0) {
        embedded = embedded_cluster_new(err, sizeof err);
        if (!embedded) {
            CLI_LOG(CD_LOG_ERROR, "%s", err);
            goto out;
        }
        bootstrap = embedded_cluster_bootstraps(embedded);
        CLI_LOG(CD_LOG_WARN,
                 "bootstrap.servers=embedded: started an in-process Kafka-protocol cluster at %s. "
                 "It is for trying things out: NOTHING IS DURABLE, data is gone when connectd stops.",
                 bootstrap);
        printf("connectd: embedded Kafka cluster at %s\n", bootstrap);
        fflush(stdout);
    }

    const cd_plugin_desc_t *const *builtins = NULL;
    size_t nb = convert_builtin_plugins(&builtins);
    for (size_t i = 0; i < nb; i++)
        if (plugin_registry_add(registry, builtins[i], "builtin", err, sizeof err) != 0)
            CLI_LOG(CD_LOG_WARN, "Built-in plugin rejected: %s", err);
    const char *pp = cd_props_get(wp, "plugin.path");
    plugin_path = pp && *pp ? xstrdup(pp) : default_plugin_path();
    int loaded = plugin_registry_load_path(registry, plugin_path);
    CLI_LOG(CD_LOG_INFO, "Loaded %d plugin(s) from plugin.path %s", loaded, plugin_path);

    cluster_id = fetch_cluster_id(bootstrap, wp, err, sizeof err);
    if (!cluster_id) {
        CLI_LOG(CD_LOG_ERROR, "Cannot reach Kafka: %s", err);
        goto out;
    }
    if (distributed) {
        internal_topic_config_t tc;
        internal_topic_config_init(&tc, wp, bootstrap, INTERNAL_TOPIC_OFFSET);
        offsets = offset_store_kafka_new(&tc.log, 60000, err, sizeof err);
        internal_topic_config_clear(&tc);
    } else {
        offsets =
            offset_store_file_new(cd_props_get(wp, "offset.storage.file.filename"), err, sizeof err);
    }
    if (!offsets) {
        CLI_LOG(CD_LOG_ERROR, "%s", err);
        goto out;
    }
    worker_id = compute_worker_id(wp);

    const char *fi = cd_props_get(wp, "offset.flush.interval.ms");
    const char *ft = cd_props_get(wp, "offset.flush.timeout.ms");
    task_env_t env = {
        .registry = registry,
        .worker_props = wp,
        .bootstrap = bootstrap,
        .offsets = offsets,
        .worker_id = worker_id,
        .offset_flush_interval_ms = fi ? atoll(fi) : 60000,
        .offset_flush_timeout_ms = ft ? atoll(ft) : 5000,
    };
    if (embedded) {
        env.ensure_topic = ensure_embedded_topic;
        env.ensure_topic_opaque = embedded;
    }
    worker = worker_new(&env, providers);
    if (distributed) {
        char *url = worker_url(wp, worker_id);
        distributed_herder_config_t dc = {
            .worker = worker,
            .registry = registry,
            .worker_props = wp,
            .bootstrap = bootstrap,
            .worker_id = worker_id,
            .url = url,
            .cluster_id = cluster_id,
        };
        herder = distributed_herder_new(&dc, err, sizeof err);
        free(url);
        if (herder && distributed_herder_start(herder, err, sizeof err) != 0) {
            CLI_LOG(CD_LOG_ERROR, "%s", err);
            goto out;
        }
    } else {
        char *state_path = connector_state_path(wp);
        herder = standalone_herder_new(worker, registry, worker_id, cluster_id, state_path, err,
                                       sizeof err);
        free(state_path);
    }
    if (!herder) {
        CLI_LOG(CD_LOG_ERROR, "%s", err);
        goto out;
    }
    rest = rest_server_new_config(wp, herder, registry, err, sizeof err);
    if (!rest) {
        CLI_LOG(CD_LOG_ERROR, "Cannot start the REST server: %s", err);
        goto out;
    }
    CLI_LOG(CD_LOG_INFO,
             "connectd %s started in %s mode (Kafka Connect %s compatible), REST on port %d, "
             "worker %s",
             CONNECTD_VERSION, distributed ? "distributed" : "standalone",
             CONNECTD_KAFKA_COMPAT_VERSION, rest_server_port(rest), worker_id);

    status = 0;
    for (int i = 1; i < argc; i++)
        if (load_connector_file(herder, argv[i]) != 0) status = 1;
    if (status != 0) goto out; /* like the Java worker: a bad connector file stops it */
    if (!distributed) standalone_herder_restore(herder);

    int sig;
    sigwait(&set, &sig);
    CLI_LOG(CD_LOG_INFO, "Received %s, stopping (a second signal exits at once)",
             sig == SIGTERM ? "SIGTERM" : "SIGINT");
    pthread_t watcher;
    if (pthread_create(&watcher, NULL, second_signal_main, &set) == 0) pthread_detach(watcher);

out:
    rest_server_destroy(rest); /* no new requests while stopping */
    if (herder) herder_stop(herder);
    herder_destroy(herder);
    worker_destroy(worker);
    offset_store_destroy(offsets);
    free(cluster_id);
    free(worker_id);
    free(plugin_path);
    plugin_registry_destroy(registry);
    embedded_cluster_destroy(embedded);
    config_providers_destroy(providers);
    cd_props_destroy(wp);
    CLI_LOG(CD_LOG_INFO, "connectd stopped");
    return status;
}

/* `connectd config-docs [PLUGIN_PATH]`: the Markdown configuration
 * reference that `make docs` puts into README.md. */
static int run_config_docs(const char *plugin_path) {
    char *path = plugin_path ? xstrdup(plugin_path) : default_plugin_path();
    char err[1024];
    buf_t out;
    buf_init(&out);
    int rc = config_docs_render_path(&out, path, err, sizeof err);
    if (rc == 0) fwrite(out.data, 1, out.len, stdout);
    else fprintf(stderr, "connectd: %s\n", err);
    buf_free(&out);
    free(path);
    return rc == 0 && fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "version") == 0) {
        printf("connectd %s (Kafka Connect %s compatible, librdkafka %s)\n", CONNECTD_VERSION,
               CONNECTD_KAFKA_COMPAT_VERSION, rd_kafka_version_str());
        return 0;
    }
    if (argc >= 3 && strcmp(argv[1], "standalone") == 0) return run_worker(false, argc - 2, argv + 2);
    if (argc == 3 && strcmp(argv[1], "distributed") == 0) return run_worker(true, 1, argv + 2);
    if (argc >= 2 && argc <= 3 && strcmp(argv[1], "config-docs") == 0)
        return run_config_docs(argc == 3 ? argv[2] : NULL);
    usage(argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) ? stdout
                                                                                         : stderr);
    return argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) ? 0 : 2;
}
