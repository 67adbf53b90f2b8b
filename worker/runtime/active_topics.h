/*
 * Active topics (KIP-558): per connector, the topics its tasks produced to
 * (source) or consumed from (sink) since the connector was created or its
 * topics were last reset. Process-wide and thread-safe.
 *
 * The task loops record through an active_topics_cache_t: it remembers
 * what the task already reported, so the locked registry is only reached
 * the first time a task sees a topic (and again after a reset).
 */
#ifndef CONNECTD_RUNTIME_ACTIVE_TOPICS_H
#define CONNECTD_RUNTIME_ACTIVE_TOPICS_H

#include <connectd/config.h>
#include <stdbool.h>
#include <stddef.h>

/* Add topic to the connector's set (locked; prefer the cache). */
void active_topics_record(const char *connector, const char *topic);
/* The connector's topics, sorted (byte order); an unknown connector has
 * none. Returns 0; free with active_topics_names_free. */
int active_topics_list(const char *connector, char ***names, size_t *n);
void active_topics_names_free(char **names, size_t n);
/* Empty the connector's set (PUT /connectors/{c}/topics/reset): tasks
 * report each topic again the next time they use it. */
void active_topics_reset(const char *connector);
/* Drop the connector entirely (it was deleted). */
void active_topics_forget(const char *connector);

/* topic.tracking.enable of a worker config (default true). */
bool active_topics_tracking_enabled(const cd_props_t *worker_props);

/* One task's memory of what it reported. Owned by the task's thread. */
typedef struct active_topics_cache {
    char *connector;
    bool enabled;      /* topic.tracking.enable */
    unsigned gen;      /* registry generation the entries belong to */
    char **topics;
    size_t n, cap;
    size_t last;       /* index of the last topic seen: the common case */
} active_topics_cache_t;

void active_topics_cache_init(active_topics_cache_t *c, const char *connector, bool enabled);
void active_topics_cache_fini(active_topics_cache_t *c);
/* The task used topic: cheap when it already did since the last reset. */
void active_topics_note(active_topics_cache_t *c, const char *topic);

#endif
