/* The public ABI's view of Values (parseString, convertToString), so that
 * plugins such as InsertHeader and Cast infer and print values exactly as
 * the SimpleHeaderConverter does, without reaching into worker/. */
#include <connectd/data.h>

#include "convert/values_text.h"
#include "util/buf.h"
#include "util/utf8.h"

int cd_values_parse_string(cd_arena_t *arena, const char *text, size_t len,
                           const cd_schema_t **schema, const cd_value_t **value) {
    *schema = NULL;
    *value = NULL;
    if (!text || !utf8_valid((const unsigned char *)text, len)) return -1;
    return values_parse_string(arena, text, len, schema, value);
}

const char *cd_values_to_string(cd_arena_t *arena, const cd_schema_t *schema,
                                const cd_value_t *value) {
    if (!value) return "null";
    buf_t b;
    buf_init(&b);
    values_append_string(&b, schema, value);
    const char *out = cd_arena_strndup(arena, b.data ? b.data : "", b.len);
    buf_free(&b);
    return out;
}
