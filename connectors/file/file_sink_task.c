/*
 * FileStreamSinkTask: append the string form of each record value and a
 * newline to a file (or standard output).
 *
 * Kafka's task println()s every record into an unbuffered stream; here a
 * whole put() batch is formatted into one buffer and written with as few
 * write(2) calls as possible (one per batch, or one per FLUSH_AT bytes for
 * huge batches), so lines still reach the file as soon as put() returns.
 * flush() also fsync()s the file: the consumer offsets committed after it
 * must not point past data a crash could lose. The offsets are left as
 * given (Kafka's default preCommit).
 */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SINK_FLUSH_AT (1u << 20)

typedef struct file_sink {
    char *filename; /* NULL: standard output */
    int fd;
    bool own_fd;
    file_buf_t buf;
} file_sink_t;

static const char *sink_log_name(const file_sink_t *st) {
    return st->filename ? st->filename : "stdout";
}

/* Write the whole buffer out, retrying short writes. */
static int sink_write_out(file_sink_t *st, cd_error_t *err) {
    size_t off = 0;
    while (off < st->buf.len) {
        ssize_t n = write(st->fd, st->buf.data + off, st->buf.len - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            /* Drop what was written so a retry does not duplicate it. */
            memmove(st->buf.data, st->buf.data + off, st->buf.len - off);
            st->buf.len -= off;
            return cd_error_set(err, CD_ERR_FATAL, "Couldn't write to %s: %s",
                                sink_log_name(st), strerror(e));
        }
        off += (size_t)n;
    }
    st->buf.len = 0;
    return CD_OK;
}

static void sink_free(file_sink_t *st) {
    if (!st) return;
    if (st->own_fd && st->fd >= 0) close(st->fd);
    file_buf_free(&st->buf);
    free(st->filename);
    free(st);
}

static int sink_start(void **state, const cd_config_t *config, cd_task_context_t *ctx,
                      cd_error_t *err) {
    (void)ctx;
    const char *file = cd_config_string(config, FILE_CONFIG_FILE);
    file_sink_t *st = calloc(1, sizeof *st);
    if (!st) return cd_error_set(err, CD_ERR_FATAL, "Out of memory");
    st->fd = STDOUT_FILENO;
    if (file && *file) {
        st->filename = strdup(file);
        if (!st->filename) {
            sink_free(st);
            return cd_error_set(err, CD_ERR_FATAL, "Out of memory");
        }
        st->fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
        if (st->fd < 0) {
            int e = errno;
            sink_free(st);
            cd_log(CD_LOG_ERROR, FILE_SINK_TASK_LOGGER, "Couldn't open %s: %s", file, strerror(e));
            return cd_error_set(err, CD_ERR_FATAL,
                                "Couldn't find or create file '%s' for FileStreamSinkTask", file);
        }
        st->own_fd = true;
    }
    file_buf_reserve(&st->buf, 64u * 1024u);
    *state = st;
    return CD_OK;
}

static int sink_put(void *state, const cd_record_t *const *records, size_t n, cd_error_t *err) {
    file_sink_t *st = state;
    for (size_t i = 0; i < n; i++) {
        file_format_value(&st->buf, records[i]->value_schema, records[i]->value);
        file_buf_append(&st->buf, "\n", 1);
        if (st->buf.len >= SINK_FLUSH_AT) {
            int rc = sink_write_out(st, err);
            if (rc != CD_OK) return rc;
        }
    }
    cd_log(CD_LOG_TRACE, FILE_SINK_TASK_LOGGER, "Writing %zu lines to %s", n, sink_log_name(st));
    return sink_write_out(st, err);
}

static int sink_flush(void *state, cd_topic_offset_t *offsets, size_t n, cd_error_t *err) {
    (void)offsets;
    (void)n;
    file_sink_t *st = state;
    cd_log(CD_LOG_TRACE, FILE_SINK_TASK_LOGGER, "Flushing output stream for %s",
           sink_log_name(st));
    int rc = sink_write_out(st, err);
    if (rc != CD_OK) return rc;
    /* Pipes and terminals cannot be synced (EINVAL); nothing to make
     * durable there. */
    if (fsync(st->fd) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP)
        return cd_error_set(err, CD_ERR_FATAL, "Couldn't sync %s: %s", sink_log_name(st),
                            strerror(errno));
    return CD_OK;
}

static void sink_stop(void *state) {
    file_sink_t *st = state;
    if (st->buf.len > 0) {
        cd_error_t err;
        if (sink_write_out(st, &err) != CD_OK)
            cd_log(CD_LOG_ERROR, FILE_SINK_TASK_LOGGER, "%s", err.message);
    }
    sink_free(st);
}

const cd_sink_task_ops_t file_sink_task_ops = {
    CD_DESCRIPTOR_HEADER(cd_sink_task_ops_t),
    .start = sink_start,
    .put = sink_put,
    .flush = sink_flush,
    .stop = sink_stop,
};
