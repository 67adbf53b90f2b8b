#include "runtime/record_convert.h"

#include <string.h>

static int convert_out(converter_slot_t *slot, const char *topic, const cd_schema_t *schema,
                       const cd_value_t *value, buf_t *out, cd_error_t *err) {
    buf_reset(out);
    return slot->ops->from_connect(slot->state, topic, schema, value, out, err);
}

int record_to_kafka(task_converters_t *tc, const cd_record_t *r, buf_t *key, buf_t *value,
                    rd_kafka_headers_t **headers, error_stage_t *stage, cd_error_t *err) {
    *headers = NULL;
    *stage = STAGE_KEY_CONVERTER;
    if (convert_out(&tc->key, r->topic, r->key_schema, r->key, key, err)) return err->code;
    *stage = STAGE_VALUE_CONVERTER;
    if (convert_out(&tc->value, r->topic, r->value_schema, r->value, value, err)) return err->code;
    if (!r->n_headers) return 0;
    *stage = STAGE_HEADER_CONVERTER;
    rd_kafka_headers_t *h = rd_kafka_headers_new(r->n_headers);
    buf_t hb;
    buf_init(&hb);
    for (size_t i = 0; i < r->n_headers; i++) {
        const cd_header_t *hd = &r->headers[i];
        if (convert_out(&tc->header, r->topic, hd->schema, hd->value, &hb, err)) {
            buf_free(&hb);
            rd_kafka_headers_destroy(h);
            return err->code;
        }
        rd_kafka_header_add(h, hd->key, -1, hb.is_null ? NULL : hb.data,
                            hb.is_null ? 0 : (ssize_t)hb.len);
    }
    buf_free(&hb);
    *headers = h;
    return 0;
}

static int convert_in(converter_slot_t *slot, const char *topic, const void *data, size_t len,
                      cd_arena_t *arena, const cd_schema_t **schema, const cd_value_t **value,
                      cd_error_t *err) {
    return slot->ops->to_connect(slot->state, topic, data, len, arena, schema, value, err);
}

int record_from_kafka(task_converters_t *tc, const rd_kafka_message_t *m, cd_arena_t *arena,
                      cd_record_t **out, error_stage_t *stage, cd_error_t *err) {
    cd_record_t *r = cd_record_new(arena);
    const char *topic = cd_arena_strdup(arena, rd_kafka_topic_name(m->rkt));
    r->topic = topic;
    r->partition = m->partition;
    r->kafka_offset = m->offset;
    r->original_topic = topic;
    r->original_partition = m->partition;
    r->original_offset = m->offset;
    rd_kafka_timestamp_type_t tstype;
    int64_t ts = rd_kafka_message_timestamp(m, &tstype);
    r->timestamp = ts >= 0 ? ts : CD_NO_TIMESTAMP;
    r->timestamp_type = tstype == RD_KAFKA_TIMESTAMP_CREATE_TIME       ? CD_TS_CREATE_TIME
                        : tstype == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? CD_TS_LOG_APPEND_TIME
                                                                       : CD_TS_NONE;
    *stage = STAGE_KEY_CONVERTER;
    if (convert_in(&tc->key, topic, m->key, m->key_len, arena, &r->key_schema, &r->key, err))
        return err->code;
    *stage = STAGE_VALUE_CONVERTER;
    if (convert_in(&tc->value, topic, m->payload, m->len, arena, &r->value_schema, &r->value, err))
        return err->code;
    rd_kafka_headers_t *hdrs = NULL;
    if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR && hdrs) {
        *stage = STAGE_HEADER_CONVERTER;
        const char *name;
        const void *val;
        size_t size;
        for (size_t i = 0; !rd_kafka_header_get_all(hdrs, i, &name, &val, &size); i++) {
            const cd_schema_t *s = NULL;
            const cd_value_t *v = NULL;
            if (convert_in(&tc->header, topic, val, size, arena, &s, &v, err)) return err->code;
            cd_record_add_header(arena, r, cd_arena_strdup(arena, name), s, v);
        }
    }
    *out = r;
    return 0;
}

const char *record_convert_stage_class(const task_converters_t *tc, error_stage_t stage) {
    switch (stage) {
    case STAGE_KEY_CONVERTER: return tc->key.desc->name;
    case STAGE_VALUE_CONVERTER: return tc->value.desc->name;
    case STAGE_HEADER_CONVERTER: return tc->header.desc->name;
    default: return "org.apache.kafka.clients.producer.KafkaProducer";
    }
}
