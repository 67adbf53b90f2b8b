/*
 * Reading a converter's settings with Kafka's ConfigException wording.
 * The parsed cd_config_t falls back to the default on a malformed value;
 * Kafka refuses such a value when the converter is configured, so the
 * converters read what was given and check it here.
 */
#ifndef CONNECTD_CONVERT_CONVERTER_CONFIG_H
#define CONNECTD_CONVERT_CONVERTER_CONFIG_H

#include <connectd/config.h>
#include <connectd/error.h>
#include <stdbool.h>
#include <stdint.h>

/* Each returns 0 with *out set (the default when the key is absent or c is
 * NULL), or CD_ERR_CONFIG with "Invalid value <v> for configuration <key>:
 * <reason>". */
int convert_cfg_bool(const cd_config_t *c, const char *key, bool def, bool *out, cd_error_t *err);
int convert_cfg_int(const cd_config_t *c, const char *key, int32_t def, int32_t *out,
                    cd_error_t *err);
/* *out = index into the NULL-terminated choices (matched after trimming,
 * ignoring case when case_insensitive); def is an index too. */
int convert_cfg_choice(const cd_config_t *c, const char *key, const char *const *choices,
                       bool case_insensitive, int def, int *out, cd_error_t *err);
/* The trimmed value as given, or NULL; caller frees. */
char *convert_cfg_string(const cd_config_t *c, const char *key);

/* converter.type, shared by every converter's definition table. */
#define CONVERT_TYPE_CONFIG "converter.type"
extern const char *const convert_type_choices[]; /* key, value, header */
/* ConverterConfig's converter.type definition, shared by every converter's
 * table (the worker sets it; users normally never do). */
#define CONVERTER_TYPE_DEF                                                    \
    {.name = CONVERT_TYPE_CONFIG,                                             \
     .type = CD_CFG_STRING,                                                   \
     .importance = CD_IMPORTANCE_LOW,                                         \
     .documentation = "How this converter will be used.",                     \
     .flags = CD_CFG_F_REQUIRED,                                              \
     .choices = convert_type_choices}
/* Check converter.type when given. */
int convert_cfg_check_type(const cd_config_t *c, cd_error_t *err);

#endif
