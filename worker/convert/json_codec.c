#include "convert/json_codec.h"

#include <string.h>

#include "convert/json_data.h"
#include "convert/json_tree.h"
#include "convert/json_write.h"

/* Kafka's internal converters run with the defaults. */
static const json_data_opts_t codec_opts = {.decimal_numeric = false,
                                            .replace_null_with_default = true};

void json_codec_write_string(buf_t *b, const char *s) {
    if (s)
        jwrite_string(b, s, strlen(s));
    else
        jwrite_raw(b, "null");
}

int json_codec_write(buf_t *b, const cd_value_t *v) {
    size_t mark = b->len;
    cd_error_t err;
    if (json_data_write_value(b, NULL, v, &codec_opts, &err) != 0) {
        b->len = mark;
        if (b->data) b->data[mark] = '\0';
        return -1;
    }
    return 0;
}

int json_codec_parse(const char *data, size_t len, cd_arena_t *arena, const cd_value_t **out,
                     cd_error_t *err) {
    *out = NULL;
    const jtree_node_t *root;
    char detail[256];
    if (jtree_parse(arena, data, len, &root, detail, sizeof detail) != 0)
        return cd_error_set(err, CD_ERR_DATA,
                            "Converting byte[] to Kafka Connect data failed due to serialization "
                            "error: %s",
                            detail);
    return json_data_read_value(arena, NULL, root, &codec_opts, out, err);
}
