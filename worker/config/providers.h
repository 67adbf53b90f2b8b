/*
 * Config providers (KIP-297, KIP-421): `${provider:[path:]key}` references in
 * config values, resolved with the providers a worker declares:
 *
 *   config.providers=file,env,dir
 *   config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
 *   config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider
 *   config.providers.dir.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider
 *   config.providers.file.param.allowed.paths=/etc/secrets,/run/secrets
 *
 * The alias is the user's choice; the .class key decides the kind (full
 * Kafka class name or its simple name). Kinds:
 *   file  ${file:/path/x.properties:key}  key of a .properties file
 *   dir   ${dir:/path/dir:name}           contents of file `name` in the dir
 *   env   ${env:VAR} or ${env::VAR}       environment variable (optional
 *         param.allowlist.pattern: a regex the variable name must match)
 *
 * As in Kafka, references to unknown providers, missing keys of a file and
 * unset variables are left as they are. Unlike Kafka (which only warns),
 * a file or directory that cannot be read, or a path outside
 * param.allowed.paths, is an error naming the config key. Resolved values
 * are secrets: nothing here logs them and no error message contains them.
 */
#ifndef CONNECTD_CONFIG_PROVIDERS_H
#define CONNECTD_CONFIG_PROVIDERS_H

#include <connectd/config.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct config_providers config_providers_t;

/* The providers declared in worker_props (none is fine: then resolution
 * changes nothing). NULL + err on an unknown class, a relative or missing
 * allowed path, or a bad allowlist pattern. Caller destroys. */
config_providers_t *config_providers_new(const cd_props_t *worker_props, char *err,
                                         size_t errlen);
void config_providers_destroy(config_providers_t *cp);

/* A new map (caller destroys) with every reference in in's values
 * substituted; keys and order are kept. cp may be NULL (plain copy).
 * Returns 0, or -1 with *out NULL and err naming the key. */
int config_providers_resolve(const config_providers_t *cp, const cd_props_t *in, cd_props_t **out,
                             char *err, size_t errlen);

/* Whether value contains a ${provider:...} reference. */
bool config_providers_has_reference(const char *value);

#endif
