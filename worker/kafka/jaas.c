#include "kafka/jaas.h"

#include <ctype.h>
#include <string.h>

#include "util/buf.h"

/* The value of `key` in a JAAS entry such as
 *   org.apache.kafka.common.security.plain.PlainLoginModule required
 *       username="alice" password="alice-secret";
 * Quoted values take backslash escapes, as Java's JAAS parser does. */
char *kafka_jaas_option(const char *jaas, const char *key) {
    size_t klen = strlen(key);
    const char *p = jaas;
    while (*p) {
        while (*p && (isspace((unsigned char)*p) || *p == ';')) p++;
        if (!*p) break;
        const char *tok = p;
        while (*p && !isspace((unsigned char)*p) && *p != '=' && *p != ';') p++;
        size_t tlen = (size_t)(p - tok);
        if (*p != '=') continue; /* login module class, control flag */
        p++;
        buf_t v;
        buf_init(&v);
        buf_append_str(&v, "");
        if (*p == '"') {
            for (p++; *p && *p != '"'; p++) {
                if (*p == '\\' && p[1]) p++;
                cd_buf_append(&v, p, 1);
            }
            if (*p == '"') p++;
        } else {
            const char *s = p;
            while (*p && !isspace((unsigned char)*p) && *p != ';') p++;
            cd_buf_append(&v, s, (size_t)(p - s));
        }
        if (tlen == klen && strncmp(tok, key, klen) == 0) return buf_steal(&v);
        buf_free(&v);
    }
    return NULL;
}

