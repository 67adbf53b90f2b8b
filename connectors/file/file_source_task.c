/*
 * FileStreamSourceTask: publish each line of a file (or standard input) as
 * a string record, with the byte position after the line as its offset.
 *
 * Behaviour follows Kafka's task: lines end at "\n", "\r\n" or "\r" (a "\r"
 * that is the last byte read waits for the next byte to tell which), an
 * incomplete last line is held back until it is completed, a missing file
 * is waited for, and a poll that finds nothing new waits up to a second.
 *
 * Differences on purpose: positions count bytes (Kafka counts UTF-16 chars
 * but skips bytes on restart, so the two agree only for ASCII; counting
 * bytes keeps the restart seek exact), and complete lines already buffered
 * are emitted on the next poll even when no new bytes arrive (Kafka only
 * looks at its buffer after a successful read).
 *
 * Speed matters here (benchmarked at millions of lines): one read(2) fills
 * a large buffer, lines are found with memchr, and the only copies are the
 * line strings that go into the batch arena.
 */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SOURCE_BUF_INITIAL (128u * 1024u)
#define SOURCE_WAIT_MS 1000
#define SOURCE_WAIT_STEP_MS 20

typedef struct file_source {
    char *filename;   /* NULL: standard input, no offsets */
    char *topic;
    int32_t batch_size;
    int fd;           /* -1 until the file could be opened */
    bool own_fd;      /* false for stdin */
    bool regular;     /* regular file: read(2) never blocks, poll(2) useless */

    /* Bytes read but not yet emitted are data[start, len). */
    char *data;
    size_t cap, start, len;
    /* Where the next '\n' and '\r' are, so that a buffer with many lines of
     * one kind does not make every line rescan it for the other kind. */
    struct source_eol_cache {
        const char *hit;  /* first match at or after scan start, or NULL */
        const char *scan; /* no match in [current line start, scan) */
    } nl, cr;

    /* Offset bookkeeping: position of data[start] in the file, and bytes
     * still to discard when the stored position could not be seeked to
     * (pipes). */
    int64_t position;
    int64_t skip_left;

    atomic_bool wakeup;
} file_source_t;

/* ---- small helpers ----------------------------------------------------- */

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *source_log_name(const file_source_t *st) {
    return st->filename ? st->filename : "stdin";
}

static void source_free(file_source_t *st) {
    if (!st) return;
    if (st->own_fd && st->fd >= 0) close(st->fd);
    free(st->filename);
    free(st->topic);
    free(st->data);
    free(st);
}

/* Forget cached positions: the buffer moved. */
static void source_eol_reset(file_source_t *st) {
    st->nl.hit = st->cr.hit = NULL;
    st->nl.scan = st->cr.scan = st->data;
}

/* Wait up to ms, in short steps so that wakeup() (stop, pause) is noticed
 * quickly; for a pipe or terminal, data arriving also ends the wait. */
static void source_wait(file_source_t *st, int ms) {
    for (int waited = 0; waited < ms; waited += SOURCE_WAIT_STEP_MS) {
        if (atomic_exchange(&st->wakeup, false)) return;
        if (st->fd >= 0 && !st->regular) {
            struct pollfd p = {.fd = st->fd, .events = POLLIN};
            int rc = poll(&p, 1, SOURCE_WAIT_STEP_MS);
            if (rc > 0 && (p.revents & POLLIN)) return;
            if (rc != 0 && !(rc < 0 && errno == EINTR)) {
                /* Hang-up or error: poll() no longer blocks, so sleep. */
                struct timespec ts = {0, SOURCE_WAIT_STEP_MS * 1000000L};
                nanosleep(&ts, NULL);
            }
        } else {
            struct timespec ts = {0, SOURCE_WAIT_STEP_MS * 1000000L};
            nanosleep(&ts, NULL);
        }
    }
}

/* ---- start / stop ------------------------------------------------------ */

/* The stored offset of our partition, if any, becomes the start position.
 * Kafka fails the task when the position is not a long. */
static int source_load_offset(file_source_t *st, cd_task_context_t *ctx, cd_error_t *err) {
    cd_arena_t *arena = cd_arena_new(0);
    cd_value_t *partition = cd_value_map_new(arena, 1);
    cd_value_map_put_str(arena, partition, FILE_FILENAME_FIELD, cd_value_cstring(arena, st->filename));
    const cd_value_t *offset = cd_task_context_offset(ctx, arena, partition);
    int rc = CD_OK;
    if (offset) {
        const cd_value_t *pos = offset->type == CD_TYPE_MAP ? cd_value_map_get(offset, FILE_POSITION_FIELD)
                                                             : NULL;
        if (pos && pos->type != CD_TYPE_INT64) {
            rc = cd_error_set(err, CD_ERR_FATAL, "Offset position is the incorrect type");
        } else if (pos && pos->u.i > 0) {
            cd_log(CD_LOG_DEBUG, FILE_SOURCE_TASK_LOGGER,
                   "Found previous offset, trying to skip to file offset %lld", (long long)pos->u.i);
            st->position = pos->u.i;
        }
    }
    cd_arena_destroy(arena);
    return rc;
}

static int source_start(void **state, const cd_config_t *config, cd_task_context_t *ctx,
                        cd_error_t *err) {
    const char *file = cd_config_string(config, FILE_CONFIG_FILE);
    const char *topic = cd_config_string(config, FILE_CONFIG_TOPIC);
    if (!topic)
        return cd_error_set(err, CD_ERR_CONFIG, "FileStreamSourceTask config missing topic setting");

    file_source_t *st = calloc(1, sizeof *st);
    if (!st) return cd_error_set(err, CD_ERR_FATAL, "Out of memory");
    st->fd = -1;
    st->topic = strdup(topic);
    st->batch_size = cd_config_int(config, FILE_CONFIG_BATCH_SIZE);
    /* Kafka returns as soon as it holds batch.size records, so any value
     * below one behaves like one. */
    if (st->batch_size < 1) st->batch_size = 1;
    atomic_init(&st->wakeup, false);
    if (file && *file) {
        st->filename = strdup(file);
    } else {
        /* Tracking an offset for stdin makes no sense. */
        st->fd = STDIN_FILENO;
        struct stat sb;
        st->regular = fstat(st->fd, &sb) == 0 && S_ISREG(sb.st_mode);
    }
    st->cap = SOURCE_BUF_INITIAL;
    st->data = malloc(st->cap);
    source_eol_reset(st);
    if (!st->topic || (file && *file && !st->filename) || !st->data) {
        source_free(st);
        return cd_error_set(err, CD_ERR_FATAL, "Out of memory");
    }
    if (st->filename) {
        int rc = source_load_offset(st, ctx, err);
        if (rc != CD_OK) {
            source_free(st);
            return rc;
        }
    }
    *state = st;
    return CD_OK;
}

static void source_stop(void *state) {
    cd_log(CD_LOG_TRACE, FILE_SOURCE_TASK_LOGGER, "Stopping");
    source_free(state);
}

static void source_wakeup(void *state) {
    file_source_t *st = state;
    atomic_store(&st->wakeup, true);
}

/* Open the file and move to the stored position. Non-blocking so that a
 * FIFO without a writer neither blocks the open nor later reads. */
static bool source_open(file_source_t *st) {
    int fd = open(st->filename, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return false;
    struct stat sb;
    st->regular = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
    if (st->position > 0 && lseek(fd, (off_t)st->position, SEEK_SET) < 0)
        st->skip_left = st->position; /* not seekable: discard as we read */
    st->fd = fd;
    st->own_fd = true;
    cd_log(CD_LOG_DEBUG, FILE_SOURCE_TASK_LOGGER, "Opened %s for reading", st->filename);
    return true;
}

/* ---- reading and splitting lines -------------------------------------- */

/* Read what is available without blocking. Returns bytes added, 0 when
 * nothing is available now (or end of file), -1 on a read error. */
static ssize_t source_fill(file_source_t *st) {
    if (st->start > 0) {
        /* Keep the unconsumed tail at the front so the buffer only grows
         * for lines longer than it. */
        memmove(st->data, st->data + st->start, st->len - st->start);
        st->len -= st->start;
        st->start = 0;
        source_eol_reset(st);
    }
    if (st->len == st->cap) {
        size_t ncap = st->cap * 2;
        char *n = realloc(st->data, ncap);
        if (!n) abort();
        st->data = n;
        st->cap = ncap;
        source_eol_reset(st);
    }
    if (!st->regular) {
        /* stdin is shared with our parent: it cannot be made non-blocking,
         * so ask first whether a read would block. */
        struct pollfd p = {.fd = st->fd, .events = POLLIN};
        if (poll(&p, 1, 0) <= 0) return 0;
    }
    for (;;) {
        ssize_t n = read(st->fd, st->data + st->len, st->cap - st->len);
        if (n > 0) {
            if (st->skip_left > 0) {
                size_t drop = (int64_t)n < st->skip_left ? (size_t)n : (size_t)st->skip_left;
                st->skip_left -= (int64_t)drop;
                memmove(st->data + st->len, st->data + st->len + drop, (size_t)n - drop);
                n -= (ssize_t)drop;
            }
            st->len += (size_t)n;
            return n;
        }
        if (n == 0) return 0;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
        return -1;
    }
}

/* First ch in [p, end), or NULL. p never moves backwards between resets
 * and end only grows, so each byte is scanned once per character. */
static const char *source_eol_next(struct source_eol_cache *c, int ch, const char *p,
                                   const char *end) {
    if (c->hit && c->hit < p) c->hit = NULL; /* consumed; scan == hit + 1 <= p */
    if (!c->hit) {
        const char *from = c->scan > p ? c->scan : p;
        if (from < end) {
            c->hit = memchr(from, ch, (size_t)(end - from));
            c->scan = c->hit ? c->hit + 1 : end;
        }
    }
    return c->hit;
}

/* The next line terminator in [p, end), or NULL. */
static const char *source_find_eol(file_source_t *st, const char *p, const char *end) {
    const char *nl = source_eol_next(&st->nl, '\n', p, end);
    const char *cr = source_eol_next(&st->cr, '\r', p, end);
    if (!nl) return cr;
    if (!cr) return nl;
    return cr < nl ? cr : nl;
}

/* Per-poll things every record shares, allocated once in the batch arena
 * (records point only into the batch's arena). */
typedef struct source_emit {
    cd_arena_t *arena;
    const char *topic;
    const cd_schema_t *schema;
    const cd_value_t *partition;
    const char *position_key;
    int64_t timestamp;
} source_emit_t;

static void source_emit_init(source_emit_t *e, const file_source_t *st, cd_source_batch_t *batch) {
    e->arena = cd_source_batch_arena(batch);
    e->topic = cd_arena_strdup(e->arena, st->topic);
    e->schema = cd_schema_primitive(CD_TYPE_STRING, false);
    e->partition = NULL;
    e->position_key = NULL;
    if (st->filename) {
        cd_value_t *part = cd_value_map_new(e->arena, 1);
        cd_value_map_put_str(e->arena, part, FILE_FILENAME_FIELD, cd_value_cstring(e->arena, st->filename));
        e->partition = part;
        e->position_key = cd_arena_strdup(e->arena, FILE_POSITION_FIELD);
    }
    e->timestamp = now_ms();
}

/* Move complete lines from the buffer into the batch, at most `limit`.
 * Returns how many were added. */
static size_t source_extract(file_source_t *st, cd_source_batch_t *batch, source_emit_t *e,
                             size_t limit) {
    size_t added = 0;
    const char *end = st->data + st->len;
    while (added < limit && st->start < st->len) {
        const char *p = st->data + st->start;
        const char *eol = source_find_eol(st, p, end);
        if (!eol) break;
        size_t next = (size_t)(eol - st->data) + 1;
        if (*eol == '\r') {
            if (eol + 1 >= end) break; /* "\r" or "\r\n"? wait for the next byte */
            if (eol[1] == '\n') next++;
        }
        st->position += (int64_t)(next - st->start);
        cd_record_t *r = cd_source_batch_add(batch);
        r->topic = e->topic;
        r->partition = CD_NO_PARTITION;
        r->value_schema = e->schema;
        r->value = cd_value_string(e->arena, p, (size_t)(eol - p));
        r->timestamp = e->timestamp;
        if (e->partition) {
            cd_value_t *off = cd_value_map_new(e->arena, 1);
            cd_value_map_put_str(e->arena, off, e->position_key,
                                 cd_value_int(e->arena, CD_TYPE_INT64, st->position));
            r->source_partition = e->partition;
            r->source_offset = off;
        }
        st->start = next;
        added++;
    }
    return added;
}

static int source_poll(void *state, cd_source_batch_t *batch, cd_error_t *err) {
    file_source_t *st = state;
    if (st->fd < 0 && !source_open(st)) {
        cd_log(CD_LOG_WARN, FILE_SOURCE_TASK_LOGGER,
               "Couldn't find file %s for FileStreamSourceTask, sleeping to wait for it to be "
               "created",
               source_log_name(st));
        source_wait(st, SOURCE_WAIT_MS);
        return CD_OK;
    }
    size_t limit = cd_source_batch_room(batch);
    if ((size_t)st->batch_size < limit) limit = (size_t)st->batch_size;
    if (limit == 0) return CD_OK;

    source_emit_t e;
    source_emit_init(&e, st, batch);
    size_t added = source_extract(st, batch, &e, limit);
    ssize_t n = 1;
    while (added < limit) {
        n = source_fill(st);
        if (n < 0)
            return cd_error_set(err, CD_ERR_FATAL, "Error reading %s: %s", source_log_name(st),
                                strerror(errno));
        if (n == 0) break;
        cd_log(CD_LOG_TRACE, FILE_SOURCE_TASK_LOGGER, "Read %zd bytes from %s", n,
               source_log_name(st));
        e.timestamp = now_ms();
        added += source_extract(st, batch, &e, limit - added);
    }
    /* Nothing new: back off so an idle file does not spin a pool thread. */
    if (added == 0 && n == 0) source_wait(st, SOURCE_WAIT_MS);
    return CD_OK;
}

const cd_source_task_ops_t file_source_task_ops = {
    CD_DESCRIPTOR_HEADER(cd_source_task_ops_t),
    .start = source_start,
    .poll = source_poll,
    .commit_record = NULL,
    .commit = NULL,
    .wakeup = source_wakeup,
    .stop = source_stop,
};
