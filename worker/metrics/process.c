/* process_* families, the names every Prometheus client library exports,
 * read from /proc/self (Linux). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "metrics/prometheus.h"
#include "metrics/render.h"

typedef struct proc_stat {
    double cpu_seconds;
    double start_time; /* seconds since the epoch */
    double virtual_bytes;
    double resident_bytes;
    long threads;
} proc_stat_t;

/* Boot time (seconds since the epoch), from /proc/stat's btime line. */
static long long boot_time(void) {
    FILE *f = fopen("/proc/stat", "r");
    if (!f) return -1;
    char line[256];
    long long bt = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "btime ", 6) == 0) {
            bt = atoll(line + 6);
            break;
        }
    fclose(f);
    return bt;
}

static int read_proc_stat(proc_stat_t *out) {
    FILE *f = fopen("/proc/self/stat", "r");
    if (!f) return -1;
    char buf[1024];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* The command name (field 2) may hold spaces and parentheses: fields
     * are counted from the last ')'. */
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    /* Fields from 3 on: state ppid pgrp session tty tpgid flags minflt
     * cminflt majflt cmajflt utime(14) stime(15) cutime cstime priority
     * nice num_threads(20) itrealvalue starttime(22) vsize(23) rss(24). */
    unsigned long long v[25] = {0};
    int field = 3;
    char *save = NULL;
    for (char *tok = strtok_r(p + 1, " ", &save); tok && field <= 24;
         tok = strtok_r(NULL, " ", &save), field++)
        v[field] = strtoull(tok, NULL, 10);
    if (field <= 24) return -1;
    unsigned long long utime = v[14], stime = v[15], threads = v[20], starttime = v[22],
                       vsize = v[23], rss = v[24];
    long ticks = sysconf(_SC_CLK_TCK);
    long page = sysconf(_SC_PAGESIZE);
    if (ticks <= 0 || page <= 0) return -1;
    long long bt = boot_time();
    out->cpu_seconds = (double)(utime + stime) / (double)ticks;
    out->start_time = bt < 0 ? -1 : (double)bt + (double)starttime / (double)ticks;
    out->virtual_bytes = (double)vsize;
    out->resident_bytes = (double)rss * (double)page;
    out->threads = (long)threads;
    return 0;
}

static long open_fds(void) {
    DIR *d = opendir("/proc/self/fd");
    if (!d) return -1;
    long n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') n++;
    closedir(d);
    return n - 1; /* not the descriptor opendir itself holds */
}

static void gauge(buf_t *b, const char *name, const char *type, const char *help, double v) {
    prom_family(b, name, type, help);
    prom_sample_double(b, name, NULL, 0, v);
}

void metrics_render_process(buf_t *b) {
    proc_stat_t st;
    if (read_proc_stat(&st) == 0) {
        gauge(b, "process_cpu_seconds_total", "counter",
              "Total user and system CPU time spent in seconds.", st.cpu_seconds);
        if (st.start_time >= 0)
            gauge(b, "process_start_time_seconds", "gauge",
                  "Start time of the process since unix epoch in seconds.", st.start_time);
        gauge(b, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.",
              st.virtual_bytes);
        gauge(b, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
              st.resident_bytes);
        gauge(b, "process_threads", "gauge", "Number of OS threads in the process.",
              (double)st.threads);
    }
    long fds = open_fds();
    if (fds >= 0)
        gauge(b, "process_open_fds", "gauge", "Number of open file descriptors.", (double)fds);
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        gauge(b, "process_max_fds", "gauge", "Maximum number of open file descriptors.",
              (double)rl.rlim_cur);
}
