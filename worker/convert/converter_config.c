#include "convert/converter_config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/config_def.h"
#include "util/buf.h"

const char *const convert_type_choices[] = {"key", "value", "header", NULL};

static const char *raw_value(const cd_config_t *c, const char *key) {
    return c ? cd_props_get(cd_config_props(c), key) : NULL;
}

static int invalid(cd_error_t *err, const char *key, const char *value, const char *reason) {
    return cd_error_set(err, CD_ERR_CONFIG, "Invalid value %s for configuration %s: %s", value, key,
                        reason);
}

int convert_cfg_bool(const cd_config_t *c, const char *key, bool def, bool *out, cd_error_t *err) {
    const char *v = raw_value(c, key);
    *out = def;
    if (!v) return 0;
    if (!config_parse_bool(v, out))
        return invalid(err, key, v, "Expected value to be either true or false");
    return 0;
}

int convert_cfg_int(const cd_config_t *c, const char *key, int32_t def, int32_t *out,
                    cd_error_t *err) {
    const char *v = raw_value(c, key);
    *out = def;
    if (!v) return 0;
    int64_t n;
    if (!config_parse_integer(v, INT32_MIN, INT32_MAX, &n))
        return invalid(err, key, v, "Not a number of type INT");
    *out = (int32_t)n;
    return 0;
}

char *convert_cfg_string(const cd_config_t *c, const char *key) {
    return config_trim_dup(raw_value(c, key));
}

int convert_cfg_choice(const cd_config_t *c, const char *key, const char *const *choices,
                       bool case_insensitive, int def, int *out, cd_error_t *err) {
    *out = def;
    char *v = convert_cfg_string(c, key);
    if (!v) return 0;
    for (int i = 0; choices[i]; i++) {
        if (case_insensitive ? strcasecmp(v, choices[i]) == 0 : strcmp(v, choices[i]) == 0) {
            *out = i;
            free(v);
            return 0;
        }
    }
    buf_t reason;
    buf_init(&reason);
    buf_append_str(&reason, case_insensitive ? "String must be one of (case insensitive): "
                                             : "String must be one of: ");
    for (int i = 0; choices[i]; i++) {
        if (i) buf_append_str(&reason, ", ");
        buf_append_str(&reason, choices[i]);
    }
    int rc = invalid(err, key, v, reason.data);
    buf_free(&reason);
    free(v);
    return rc;
}

int convert_cfg_check_type(const cd_config_t *c, cd_error_t *err) {
    int idx;
    return convert_cfg_choice(c, CONVERT_TYPE_CONFIG, convert_type_choices, false, 1, &idx, err);
}
