/*
 * Properties and config definitions.
 *
 * A plugin declares its configuration once, as a { .name = NULL }-terminated
 * array of cd_config_def_t. That table drives parsing, defaults, validation,
 * the REST validate document and GET /connector-plugins/{p}/config.
 */
#ifndef CONNECTD_CONFIG_H
#define CONNECTD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi.h"
#include "error.h"

/* ---- properties: an ordered string -> string map ---------------------- */

typedef struct cd_props cd_props_t;

cd_props_t *cd_props_new(void); /* caller destroys */
void cd_props_destroy(cd_props_t *p);
cd_props_t *cd_props_clone(const cd_props_t *p);
/* NULL when absent. Borrowed until the key is set again or removed. */
const char *cd_props_get(const cd_props_t *p, const char *key);
/* Copies key and value; replaces in place (keeps order) if present. */
void cd_props_set(cd_props_t *p, const char *key, const char *value);
/* Returns true when the key was present. */
bool cd_props_remove(cd_props_t *p, const char *key);
size_t cd_props_count(const cd_props_t *p);
const char *cd_props_key_at(const cd_props_t *p, size_t i);
const char *cd_props_value_at(const cd_props_t *p, size_t i);

/* ---- definitions ---------------------------------------------------- */

typedef enum cd_config_type {
    CD_CFG_BOOLEAN,
    CD_CFG_STRING,
    CD_CFG_INT,
    CD_CFG_SHORT,
    CD_CFG_LONG,
    CD_CFG_DOUBLE,
    CD_CFG_LIST,
    CD_CFG_CLASS,
    CD_CFG_PASSWORD,
} cd_config_type_t;

typedef enum cd_config_importance {
    CD_IMPORTANCE_HIGH,
    CD_IMPORTANCE_MEDIUM,
    CD_IMPORTANCE_LOW,
} cd_config_importance_t;

typedef enum cd_config_width {
    CD_WIDTH_NONE,
    CD_WIDTH_SHORT,
    CD_WIDTH_MEDIUM,
    CD_WIDTH_LONG,
} cd_config_width_t;

/* Flags of a definition. */
#define CD_CFG_F_REQUIRED 0x1u  /* no default: must be given */
#define CD_CFG_F_NONEMPTY 0x2u  /* strings: "String must be non-empty" */
#define CD_CFG_F_HAS_MIN 0x4u   /* numbers: value >= min */
#define CD_CFG_F_HAS_MAX 0x8u   /* numbers: value <= max */
#define CD_CFG_F_REGEX 0x10u    /* strings: must compile as a regex */

/* Optional custom check; return 0 or fill err (its message is the
 * validation error attached to the key). */
typedef int (*cd_config_validator_fn)(const char *key, const char *value, cd_error_t *err);

typedef struct cd_config_def {
    const char *name;
    cd_config_type_t type;
    const char *default_value;  /* as a string; NULL = null default */
    cd_config_importance_t importance;
    const char *documentation;
    const char *group;          /* NULL: none */
    cd_config_width_t width;
    const char *display_name;   /* NULL: the name */
    unsigned flags;
    double min, max;            /* with CD_CFG_F_HAS_MIN / _MAX */
    const char *const *choices; /* NULL-terminated; case-insensitive match */
    cd_config_validator_fn validator;
} cd_config_def_t;

/* ---- parsed, validated configuration as a plugin reads it ------------- */

typedef struct cd_config cd_config_t;

/* Each getter returns the given value, else the definition's default.
 * Keys not declared in the plugin's table are still readable as strings. */
const char *cd_config_string(const cd_config_t *c, const char *key); /* NULL if null */
int32_t cd_config_int(const cd_config_t *c, const char *key);
int64_t cd_config_long(const cd_config_t *c, const char *key);
double cd_config_double(const cd_config_t *c, const char *key);
bool cd_config_bool(const cd_config_t *c, const char *key);
/* A LIST value split on commas and trimmed; *n gets the count. Borrowed
 * for the config's lifetime. */
const char *const *cd_config_list(const cd_config_t *c, const char *key, size_t *n);
/* Every key as given (after config providers were resolved). */
const cd_props_t *cd_config_props(const cd_config_t *c);

#endif
