/*
 * org.apache.kafka.connect.storage.StringConverter: writes value.toString()
 * and reads everything back as an optional string.
 *
 * Java's toString is mirrored for what it makes readable: numbers as
 * Double/Float.toString print them, lists "[a, b]", maps "{k=v, k2=v2}",
 * structs "Struct{a=1,b=x}", decimals as BigDecimal.toString, and
 * Date/Time/Timestamp as java.util.Date.toString in UTC
 * ("Thu Jan 01 00:00:00 UTC 1970"). Java prints byte[] as an identity
 * hash ("[B@1b6d3586"), which carries nothing: top-level bytes pass
 * through unchanged instead, and bytes inside a container are written as
 * base64.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"
#include "convert/base64.h"
#include "convert/converter_config.h"
#include "convert/converters.h"
#include "convert/java_number.h"
#include "data/decimal.h"
#include "version.h"

#define ENCODING_CONFIG "converter.encoding"

/* ---- Java toString -------------------------------------------------- */

/* java.util.Date.toString() with the JVM in UTC. */
static void append_java_date(buf_t *b, int64_t ms) {
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int64_t day = ms / 86400000, rem = ms % 86400000;
    if (rem < 0) {
        rem += 86400000;
        day--;
    }
    /* Civil date from days since the epoch (Howard Hinnant's algorithm). */
    int64_t z = day + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);
    int wd = (int)(((day % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
    int64_t secs = rem / 1000;
    buf_appendf(b, "%s %s %02d %02d:%02d:%02d UTC %" PRId64, days[wd], months[m - 1], (int)d,
                (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60), y);
}

static void append_java_string(buf_t *b, const cd_schema_t *s, const cd_value_t *v, bool top);

static bool append_logical(buf_t *b, const cd_schema_t *s, const cd_value_t *v) {
    if (!s || !s->name) return false;
    if (cd_schema_is_logical(s, CD_LOGICAL_DECIMAL) && v->type == CD_TYPE_BYTES) {
        int32_t scale;
        cd_error_t err;
        if (decimal_schema_scale(s, &scale, &err)) return false;
        decimal_to_string(b, v->u.bytes.data, v->u.bytes.len, scale);
        return true;
    }
    if (!(v->type == CD_TYPE_INT32 || v->type == CD_TYPE_INT64)) return false;
    if (cd_schema_is_logical(s, CD_LOGICAL_DATE)) {
        /* Java's long multiplication wraps; C's signed one is undefined. */
        append_java_date(b, (int64_t)((uint64_t)v->u.i * 86400000u));
        return true;
    }
    if (cd_schema_is_logical(s, CD_LOGICAL_TIME) || cd_schema_is_logical(s, CD_LOGICAL_TIMESTAMP)) {
        append_java_date(b, v->u.i);
        return true;
    }
    return false;
}

static void append_java_string(buf_t *b, const cd_schema_t *s, const cd_value_t *v, bool top) {
    if (!v) {
        buf_append_str(b, "null");
        return;
    }
    if (append_logical(b, s, v)) return;
    char num[JAVA_NUMBER_MAX];
    switch (v->type) {
    case CD_TYPE_INT8:
    case CD_TYPE_INT16:
    case CD_TYPE_INT32:
    case CD_TYPE_INT64: buf_appendf(b, "%" PRId64, v->u.i); return;
    case CD_TYPE_FLOAT32: cd_buf_append(b, num, java_float_to_string((float)v->u.f, num)); return;
    case CD_TYPE_FLOAT64: cd_buf_append(b, num, java_double_to_string(v->u.f, num)); return;
    case CD_TYPE_BOOLEAN: buf_append_str(b, v->u.b ? "true" : "false"); return;
    case CD_TYPE_STRING: cd_buf_append(b, v->u.str.data, v->u.str.len); return;
    case CD_TYPE_BYTES:
        if (top)
            cd_buf_append(b, v->u.bytes.data, v->u.bytes.len);
        else
            base64_encode(b, v->u.bytes.data, v->u.bytes.len);
        return;
    case CD_TYPE_ARRAY: {
        const cd_schema_t *es = s ? s->value_schema : NULL;
        buf_append_str(b, "[");
        for (size_t i = 0; i < v->u.array.n; i++) {
            if (i) buf_append_str(b, ", ");
            append_java_string(b, es, v->u.array.items[i], false);
        }
        buf_append_str(b, "]");
        return;
    }
    case CD_TYPE_MAP: {
        const cd_schema_t *ks = s ? s->key_schema : NULL, *vs = s ? s->value_schema : NULL;
        buf_append_str(b, "{");
        for (size_t i = 0; i < v->u.map.n; i++) {
            if (i) buf_append_str(b, ", ");
            append_java_string(b, ks, v->u.map.keys[i], false);
            buf_append_str(b, "=");
            append_java_string(b, vs, v->u.map.values[i], false);
        }
        buf_append_str(b, "}");
        return;
    }
    case CD_TYPE_STRUCT: {
        /* Struct.toString lists the fields that are set, without spaces. */
        const cd_schema_t *ss = v->u.strct.schema;
        buf_append_str(b, "Struct{");
        bool first = true;
        for (size_t i = 0; ss && i < ss->n_fields; i++) {
            if (!v->u.strct.fields[i]) continue;
            if (!first) buf_append_str(b, ",");
            first = false;
            buf_append_str(b, ss->fields[i].name);
            buf_append_str(b, "=");
            append_java_string(b, ss->fields[i].schema, v->u.strct.fields[i], false);
        }
        buf_append_str(b, "}");
        return;
    }
    }
}

/* ---- UTF-8 decoding ------------------------------------------------- */

/* Java's new String(bytes, UTF_8) on malformed input (String.decodeUTF8):
 * each bad sequence becomes U+FFFD, consuming the bytes Java consumes (an
 * encoded surrogate is one replacement for three bytes; a truncated
 * sequence at the end is one replacement). */
static void decode_like_java(buf_t *out, const unsigned char *s, size_t n) {
    static const char repl[] = "\xEF\xBF\xBD";
    size_t i = 0;
    while (i < n) {
        unsigned char b1 = s[i];
        if (b1 < 0x80) {
            cd_buf_append(out, s + i++, 1);
        } else if (b1 >= 0xC2 && b1 <= 0xDF) {
            if (i + 1 >= n) {
                cd_buf_append(out, repl, 3);
                break;
            }
            size_t k = utf8_is_cont(s[i + 1]) ? 2 : 0;
            cd_buf_append(out, k ? (const char *)s + i : repl, k ? 2 : 3);
            i += k ? 2 : 1;
        } else if (b1 >= 0xE0 && b1 <= 0xEF) {
            bool e0_overlong = i + 1 < n && b1 == 0xE0 && (s[i + 1] & 0xE0) == 0x80;
            if (i + 2 >= n) { /* truncated */
                cd_buf_append(out, repl, 3);
                if (i + 1 < n && (e0_overlong || !utf8_is_cont(s[i + 1]))) {
                    i++;
                    continue;
                }
                break;
            }
            if (e0_overlong || !utf8_is_cont(s[i + 1]) || !utf8_is_cont(s[i + 2])) {
                cd_buf_append(out, repl, 3);
                i += (e0_overlong || !utf8_is_cont(s[i + 1])) ? 1 : 2;
            } else if (b1 == 0xED && s[i + 1] >= 0xA0) { /* a surrogate */
                cd_buf_append(out, repl, 3);
                i += 3;
            } else {
                cd_buf_append(out, s + i, 3);
                i += 3;
            }
        } else if (b1 >= 0xF0 && b1 <= 0xF7) {
            bool bad2 = i + 1 < n && ((b1 == 0xF0 && (s[i + 1] < 0x90 || s[i + 1] > 0xBF)) ||
                                      (b1 == 0xF4 && (s[i + 1] & 0xF0) != 0x80) || !utf8_is_cont(s[i + 1]));
            if (i + 3 >= n) { /* truncated */
                cd_buf_append(out, repl, 3);
                if (b1 > 0xF4 || bad2) {
                    i++;
                    continue;
                }
                i += 2; /* the lead and the second byte */
                if (i < n && !utf8_is_cont(s[i])) continue;
                break;
            }
            unsigned cp = ((b1 & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) |
                          ((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3Fu);
            if (!utf8_is_cont(s[i + 1]) || !utf8_is_cont(s[i + 2]) || !utf8_is_cont(s[i + 3]) || cp < 0x10000 ||
                cp > 0x10FFFF) {
                cd_buf_append(out, repl, 3);
                i += (b1 > 0xF4 || bad2) ? 1 : !utf8_is_cont(s[i + 2]) ? 2 : 3;
            } else {
                cd_buf_append(out, s + i, 4);
                i += 4;
            }
        } else {
            cd_buf_append(out, repl, 3);
            i++;
        }
    }
}

static const cd_value_t *decode_utf8(cd_arena_t *arena, const unsigned char *data, size_t len) {
    if (utf8_valid(data, len)) return cd_value_string(arena, (const char *)data, len);
    buf_t b;
    buf_init(&b);
    decode_like_java(&b, data, len);
    const cd_value_t *v = cd_value_string(arena, b.data ? b.data : "", b.len);
    buf_free(&b);
    return v;
}

/* ---- the converter -------------------------------------------------- */

static const cd_config_def_t string_config_defs[] = {
    CONVERTER_TYPE_DEF,
    {.name = ENCODING_CONFIG,
     .type = CD_CFG_STRING,
     .default_value = "UTF-8",
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "The name of the Java character set to use for encoding strings as byte arrays.",
     .width = CD_WIDTH_MEDIUM,
     .display_name = "Encoding"},
    {.name = NULL},
};

/* No state: a non-NULL marker so callers can tell configure ran. */
static int string_state;

static int string_configure(void **state, const cd_config_t *config, bool is_key, cd_error_t *err) {
    (void)is_key;
    if (convert_cfg_check_type(config, err)) return CD_ERR_CONFIG;
    char *enc = convert_cfg_string(config, ENCODING_CONFIG);
    /* Java accepts charset names case-insensitively, with aliases. */
    bool ok = !enc || strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0;
    if (!ok) {
        cd_error_set(err, CD_ERR_CONFIG,
                     "Invalid value %s for configuration %s: only UTF-8 is supported", enc,
                     ENCODING_CONFIG);
        free(enc);
        return CD_ERR_CONFIG;
    }
    free(enc);
    *state = &string_state;
    return 0;
}

static void string_destroy(void *state) { (void)state; }

static int string_from_connect(void *state, const char *topic, const cd_schema_t *schema,
                               const cd_value_t *value, cd_buf_t *out, cd_error_t *err) {
    (void)state, (void)topic, (void)err;
    if (!value) {
        cd_buf_set_null(out);
        return 0;
    }
    append_java_string(out, schema, value, true);
    return 0;
}

static int string_to_connect(void *state, const char *topic, const void *data, size_t len,
                             cd_arena_t *arena, const cd_schema_t **schema,
                             const cd_value_t **value, cd_error_t *err) {
    (void)state, (void)topic, (void)err;
    *schema = cd_schema_primitive(CD_TYPE_STRING, true);
    *value = data ? decode_utf8(arena, data, len) : NULL;
    return 0;
}

static const cd_converter_ops_t string_ops = {
    CD_DESCRIPTOR_HEADER(cd_converter_ops_t),
    .configure = string_configure,
    .from_connect = string_from_connect,
    .to_connect = string_to_connect,
    .destroy = string_destroy,
};

static const char *const string_aliases[] = {"StringConverter", NULL};

#define STRING_DOC "Writes values as their string form and reads bytes back as strings."

const cd_plugin_desc_t convert_string_converter = {
    CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
    .type = CD_PLUGIN_CONVERTER,
    .name = STRING_CONVERTER_CLASS,
    .aliases = string_aliases,
    .version = CONNECTD_KAFKA_COMPAT_VERSION,
    .documentation = STRING_DOC,
    .config_defs = string_config_defs,
    .ops = &string_ops,
};

const cd_plugin_desc_t convert_string_header_converter = {
    CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
    .type = CD_PLUGIN_HEADER_CONVERTER,
    .name = STRING_CONVERTER_CLASS,
    .aliases = string_aliases,
    .version = CONNECTD_KAFKA_COMPAT_VERSION,
    .documentation = STRING_DOC,
    .config_defs = string_config_defs,
    .ops = &string_ops,
};
