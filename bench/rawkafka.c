/*
 * rawkafka: the benchmark's librdkafka helper, with no framework in between.
 *
 *   rawkafka produce  BOOTSTRAP TOPIC FILE [DROP_EVERY]   file lines -> topic
 *   rawkafka consume  BOOTSTRAP TOPIC COUNT FILE          topic -> file lines
 *   rawkafka watch-file  PATH MARKER PID TIMEOUT_S
 *   rawkafka watch-topic BOOTSTRAP TOPIC COUNT PID TIMEOUT_S
 *   rawkafka create-topic BOOTSTRAP TOPIC                 1 partition, replication 1
 *   rawkafka delete-topic BOOTSTRAP TOPIC...
 *   rawkafka version
 *
 * `produce` and `consume` are the raw limit of scenario 5: the same records
 * moved between a file and Kafka by a plain librdkafka program, with the
 * client settings connectd's tasks use (acks=all + idempotence for the
 * producer; a consumer group reading from the earliest offset without
 * auto-commit for the consumer). `produce` also loads the benchmark data:
 * with DROP_EVERY=K, one record in K carries the header `bench-drop`, which
 * the transform scenario's predicate-guarded Filter drops.
 *
 * The watchers observe a worker from outside, so every worker (connectd,
 * Java, the raw programs) is timed the same way: the moment the first
 * record arrives (first byte in the file / high watermark > 0) and the
 * moment the last one does (MARKER in the file's last line / high
 * watermark >= COUNT), each with the CPU time the kernel has charged to PID
 * by then (utime + stime from /proc/PID/stat). They print one JSON object:
 *   {"t_first":S,"t_last":S,"cpu_first":S,"cpu_last":S}
 * with times on CLOCK_MONOTONIC (Python's time.monotonic()).
 */
#include <errno.h>
#include <fcntl.h>
#include <librdkafka/rdkafka.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define POLL_NS 5000000L /* watchers look every 5 ms */
#define OUT_FLUSH_AT (1u << 20)

static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("rawkafka: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void nap(void) {
    struct timespec ts = {0, POLL_NS};
    nanosleep(&ts, NULL);
}

/* utime + stime of a process in seconds, or -1 when it is gone. */
static double proc_cpu_s(long pid) {
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    /* The command name may hold spaces and parentheses: fields start
     * after the last ')'. Field 3 is the state; utime and stime are 14, 15. */
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    p += 2;
    unsigned long long utime = 0, stime = 0;
    char state;
    if (sscanf(p, "%c %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu %llu", &state, &utime,
               &stime) != 3)
        return -1;
    return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

static rd_kafka_conf_t *base_conf(const char *bootstrap) {
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char err[256];
    if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof err) != RD_KAFKA_CONF_OK)
        die("%s", err);
    rd_kafka_conf_set(conf, "log_level", "4", NULL, 0);
    return conf;
}

static void conf_set(rd_kafka_conf_t *conf, const char *k, const char *v) {
    char err[256];
    if (rd_kafka_conf_set(conf, k, v, err, sizeof err) != RD_KAFKA_CONF_OK) die("%s=%s: %s", k, v, err);
}

/* ---- produce ---- */

static long delivery_failures;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
    (void)rk;
    (void)opaque;
    if (m->err) {
        if (delivery_failures++ < 5)
            fprintf(stderr, "rawkafka: delivery failed: %s\n", rd_kafka_err2str(m->err));
    }
}

static int cmd_produce(int argc, char **argv) {
    if (argc < 3) die("usage: produce BOOTSTRAP TOPIC FILE [DROP_EVERY]");
    const char *bootstrap = argv[0], *topic = argv[1], *path = argv[2];
    long drop_every = argc > 3 ? atol(argv[3]) : 0;
    rd_kafka_conf_t *conf = base_conf(bootstrap);
    conf_set(conf, "acks", "all");
    conf_set(conf, "enable.idempotence", "true");
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    char err[512];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) die("producer: %s", err);
    FILE *in = fopen(path, "r");
    if (!in) die("%s: %s", path, strerror(errno));

    /* The last record never carries the drop header: the watchers wait
     * for it. Count the lines first so we know which one is last. */
    long total = 0;
    if (drop_every > 0) {
        int c;
        while ((c = getc(in)) != EOF)
            if (c == '\n') total++;
        rewind(in);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long i = 0;
    while ((len = getline(&line, &cap, in)) >= 0) {
        if (len > 0 && line[len - 1] == '\n') len--;
        rd_kafka_headers_t *hdrs = NULL;
        if (drop_every > 0 && i % drop_every == drop_every / 2 && i != total - 1) {
            hdrs = rd_kafka_headers_new(1);
            rd_kafka_header_add(hdrs, "bench-drop", -1, "1", 1);
        }
        for (;;) {
            rd_kafka_resp_err_t e = hdrs ? rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic),
                                                             RD_KAFKA_V_VALUE(line, (size_t)len),
                                                             RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                                             RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_END)
                                         : rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic),
                                                             RD_KAFKA_V_VALUE(line, (size_t)len),
                                                             RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                                             RD_KAFKA_V_END);
            if (e == RD_KAFKA_RESP_ERR_NO_ERROR) break;
            if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) die("produce: %s", rd_kafka_err2str(e));
            rd_kafka_poll(rk, 10); /* queue full: let deliveries drain it */
        }
        i++;
        rd_kafka_poll(rk, 0);
    }
    free(line);
    fclose(in);
    while (rd_kafka_outq_len(rk) > 0) rd_kafka_poll(rk, 50);
    rd_kafka_destroy(rk);
    if (delivery_failures) die("%ld records not delivered", delivery_failures);
    printf("%ld\n", i);
    return 0;
}

/* ---- consume ---- */

static void write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            die("write: %s", strerror(errno));
        }
        p += w;
        n -= (size_t)w;
    }
}

static int cmd_consume(int argc, char **argv) {
    if (argc < 4) die("usage: consume BOOTSTRAP TOPIC COUNT FILE");
    const char *bootstrap = argv[0], *topic = argv[1], *path = argv[3];
    long want = atol(argv[2]);
    rd_kafka_conf_t *conf = base_conf(bootstrap);
    char group[256];
    snprintf(group, sizeof group, "rawkafka-%s-%ld", topic, (long)getpid());
    conf_set(conf, "group.id", group);
    conf_set(conf, "auto.offset.reset", "earliest");
    conf_set(conf, "enable.auto.commit", "false");
    conf_set(conf, "enable.auto.offset.store", "false");
    char err[512];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!rk) die("consumer: %s", err);
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *subs = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(subs, topic, RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t e = rd_kafka_subscribe(rk, subs);
    rd_kafka_topic_partition_list_destroy(subs);
    if (e) die("subscribe: %s", rd_kafka_err2str(e));

    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
    if (fd < 0) die("%s: %s", path, strerror(errno));
    size_t cap = OUT_FLUSH_AT + 65536, len = 0;
    char *buf = malloc(cap);
    if (!buf) die("out of memory");
    long got = 0;
    /* Same shape as a sink task: take what one poll round gives, write it
     * in one go, so lines reach the file as soon as the batch is done. */
    rd_kafka_queue_t *q = rd_kafka_queue_get_consumer(rk);
    rd_kafka_message_t *batch[1024];
    while (got < want) {
        ssize_t n = rd_kafka_consume_batch_queue(q, 100, batch, 1024);
        if (n < 0) die("consume: %s", rd_kafka_err2str(rd_kafka_last_error()));
        for (ssize_t i = 0; i < n; i++) {
            rd_kafka_message_t *m = batch[i];
            if (m->err) {
                if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
                    fprintf(stderr, "rawkafka: %s\n", rd_kafka_message_errstr(m));
            } else if (got < want) {
                if (len + m->len + 1 > cap) {
                    write_all(fd, buf, len);
                    len = 0;
                    if (m->len + 1 > cap) {
                        cap = m->len + 1;
                        buf = realloc(buf, cap);
                        if (!buf) die("out of memory");
                    }
                }
                memcpy(buf + len, m->payload, m->len);
                len += m->len;
                buf[len++] = '\n';
                got++;
            }
            rd_kafka_message_destroy(m);
        }
        if (len >= OUT_FLUSH_AT || (len > 0 && (n < 1024 || got >= want))) {
            write_all(fd, buf, len);
            len = 0;
        }
    }
    if (len) write_all(fd, buf, len);
    fsync(fd);
    close(fd);
    free(buf);
    rd_kafka_queue_destroy(q);
    rd_kafka_commit(rk, NULL, 0);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    printf("%ld\n", got);
    return 0;
}

/* ---- watchers ---- */

static void print_watch(double t_first, double t_last, double cpu_first, double cpu_last) {
    printf("{\"t_first\":%.6f,\"t_last\":%.6f,\"cpu_first\":%.3f,\"cpu_last\":%.3f}\n", t_first,
           t_last, cpu_first, cpu_last);
}

/* The file's last complete line contains the marker. */
static int tail_has_marker(int fd, off_t size, const char *marker) {
    char buf[16384];
    off_t off = size > (off_t)sizeof buf - 1 ? size - (off_t)sizeof buf + 1 : 0;
    ssize_t n = pread(fd, buf, (size_t)(size - off), off);
    if (n <= 0 || buf[n - 1] != '\n') return 0;
    buf[n - 1] = 0;
    char *last = strrchr(buf, '\n');
    last = last ? last + 1 : buf;
    return strstr(last, marker) != NULL;
}

static int cmd_watch_file(int argc, char **argv) {
    if (argc < 4) die("usage: watch-file PATH MARKER PID TIMEOUT_S");
    const char *path = argv[0], *marker = argv[1];
    long pid = atol(argv[2]);
    double deadline = now_s() + atof(argv[3]);
    double t_first = -1, cpu_first = -1;
    int fd = -1;
    for (;;) {
        double t = now_s();
        if (t > deadline) die("timed out watching %s", path);
        if (fd < 0) fd = open(path, O_RDONLY);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0) {
            if (t_first < 0) {
                t_first = t;
                cpu_first = proc_cpu_s(pid);
            }
            if (tail_has_marker(fd, st.st_size, marker)) {
                double cpu_last = proc_cpu_s(pid);
                print_watch(t_first, t, cpu_first, cpu_last);
                close(fd);
                return 0;
            }
        }
        if (kill((pid_t)pid, 0) != 0 && errno == ESRCH) die("process %ld is gone", pid);
        nap();
    }
}

static int cmd_watch_topic(int argc, char **argv) {
    if (argc < 5) die("usage: watch-topic BOOTSTRAP TOPIC COUNT PID TIMEOUT_S");
    const char *topic = argv[1];
    long want = atol(argv[2]), pid = atol(argv[3]);
    double deadline = now_s() + atof(argv[4]);
    rd_kafka_conf_t *conf = base_conf(argv[0]);
    /* Do not create the topic by asking for it: the worker does. */
    conf_set(conf, "allow.auto.create.topics", "false");
    char err[512];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!rk) die("consumer: %s", err);
    double t_first = -1, cpu_first = -1;
    for (;;) {
        double t = now_s();
        if (t > deadline) die("timed out watching topic %s", topic);
        int64_t lo = 0, hi = 0;
        if (rd_kafka_query_watermark_offsets(rk, topic, 0, &lo, &hi, 1000) == 0 && hi > 0) {
            t = now_s();
            if (t_first < 0) {
                t_first = t;
                cpu_first = proc_cpu_s(pid);
            }
            if (hi >= want) {
                double cpu_last = proc_cpu_s(pid);
                print_watch(t_first, t, cpu_first, cpu_last);
                break;
            }
        }
        if (kill((pid_t)pid, 0) != 0 && errno == ESRCH) die("process %ld is gone", pid);
        nap();
    }
    rd_kafka_destroy(rk);
    return 0;
}

/* One admin request and its result: 0, or 1 after printing the errors. */
static int admin_result(rd_kafka_queue_t *q, const char *what) {
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 30000);
    if (!ev) {
        fprintf(stderr, "rawkafka: %s timed out\n", what);
        return 1;
    }
    const rd_kafka_topic_result_t **tr = NULL;
    size_t cnt = 0;
    if (rd_kafka_event_type(ev) == RD_KAFKA_EVENT_CREATETOPICS_RESULT)
        tr = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &cnt);
    else if (rd_kafka_event_type(ev) == RD_KAFKA_EVENT_DELETETOPICS_RESULT)
        tr = rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(ev), &cnt);
    int rc = rd_kafka_event_error(ev) ? 1 : 0;
    if (rc) fprintf(stderr, "rawkafka: %s: %s\n", what, rd_kafka_event_error_string(ev));
    for (size_t i = 0; i < cnt; i++) {
        rd_kafka_resp_err_t e = rd_kafka_topic_result_error(tr[i]);
        if (e && e != RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART && e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
            fprintf(stderr, "rawkafka: %s %s: %s\n", what, rd_kafka_topic_result_name(tr[i]),
                    rd_kafka_topic_result_error_string(tr[i]));
            rc = 1;
        }
    }
    rd_kafka_event_destroy(ev);
    return rc;
}

static int cmd_create_topic(int argc, char **argv) {
    if (argc < 2) die("usage: create-topic BOOTSTRAP TOPIC");
    char err[512];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, base_conf(argv[0]), err, sizeof err);
    if (!rk) die("admin: %s", err);
    rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(argv[1], 1, 1, err, sizeof err);
    if (!nt) die("create-topic: %s", err);
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_CreateTopics(rk, &nt, 1, NULL, q);
    int rc = admin_result(q, "create-topic");
    rd_kafka_NewTopic_destroy(nt);
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(rk);
    return rc;
}

static int cmd_delete_topic(int argc, char **argv) {
    if (argc < 2) die("usage: delete-topic BOOTSTRAP TOPIC...");
    char err[512];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, base_conf(argv[0]), err, sizeof err);
    if (!rk) die("admin: %s", err);
    int n = argc - 1;
    rd_kafka_DeleteTopic_t **dels = calloc((size_t)n, sizeof *dels);
    for (int i = 0; i < n; i++) dels[i] = rd_kafka_DeleteTopic_new(argv[i + 1]);
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_DeleteTopics(rk, dels, (size_t)n, NULL, q);
    int rc = admin_result(q, "delete-topic");
    rd_kafka_DeleteTopic_destroy_array(dels, (size_t)n);
    free(dels);
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(rk);
    return rc;
}

int main(int argc, char **argv) {
    if (argc < 2) die("usage: rawkafka produce|consume|watch-file|watch-topic|delete-topic ARGS...");
    const char *cmd = argv[1];
    argc -= 2;
    argv += 2;
    if (strcmp(cmd, "produce") == 0) return cmd_produce(argc, argv);
    if (strcmp(cmd, "consume") == 0) return cmd_consume(argc, argv);
    if (strcmp(cmd, "watch-file") == 0) return cmd_watch_file(argc, argv);
    if (strcmp(cmd, "watch-topic") == 0) return cmd_watch_topic(argc, argv);
    if (strcmp(cmd, "create-topic") == 0) return cmd_create_topic(argc, argv);
    if (strcmp(cmd, "delete-topic") == 0) return cmd_delete_topic(argc, argv);
    if (strcmp(cmd, "version") == 0) return puts(rd_kafka_version_str()) < 0;
    die("unknown command %s", cmd);
    return 2;
}
