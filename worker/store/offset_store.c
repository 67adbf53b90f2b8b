/* Dispatchers of the offset store interface (file now, Kafka topic later). */
#include "store/offset_store.h"

#include <stdlib.h>

int offset_store_get(offset_store_t *s, const char *key, char **value) {
    return s->ops->get(s, key, value);
}
int offset_store_put(offset_store_t *s, const offset_entry_t *entries, size_t n, char *err,
                     size_t errlen) {
    return s->ops->put(s, entries, n, err, errlen);
}
int offset_store_list(offset_store_t *s, char ***keys, char ***values, size_t *n) {
    return s->ops->list(s, keys, values, n);
}
void offset_store_list_free(char **keys, char **values, size_t n) {
    for (size_t i = 0; i < n; i++) {
        free(keys[i]);
        free(values[i]);
    }
    free(keys);
    free(values);
}
void offset_store_destroy(offset_store_t *s) {
    if (s) s->ops->destroy(s);
}
