/* Dispatchers of the offset store interface (file now, Kafka topic later). */
#include "store/offset_store.h"

int offset_store_get(offset_store_t *s, const char *key, char **value) {
    return s->ops->get(s, key, value);
}
int offset_store_put(offset_store_t *s, const offset_entry_t *entries, size_t n, char *err,
                     size_t errlen) {
    return s->ops->put(s, entries, n, err, errlen);
}
void offset_store_destroy(offset_store_t *s) {
    if (s) s->ops->destroy(s);
}
