/*
 * Error objects passed between the worker and plugins: a code that says what
 * the runtime should do (retry, skip per errors.tolerance, fail the task) and
 * a human-readable message.
 */
#ifndef CONNECTD_ERROR_H
#define CONNECTD_ERROR_H

#include "abi.h"

typedef enum cd_err_code {
    CD_OK = 0,
    /* Transient: the runtime retries within errors.retry.timeout. */
    CD_ERR_RETRIABLE = 1,
    /* Bad data in one record: governed by errors.tolerance. */
    CD_ERR_DATA = 2,
    /* Bad configuration: reported with the offending key. */
    CD_ERR_CONFIG = 3,
    /* Anything else: the connector or task goes FAILED. */
    CD_ERR_FATAL = 4,
} cd_err_code_t;

#define CD_ERROR_MSG_MAX 1024

typedef struct cd_error {
    cd_err_code_t code;
    /* Java-style exception class name shown in traces and DLQ headers,
     * e.g. "org.apache.kafka.connect.errors.DataException". May be empty. */
    char exception_class[128];
    char message[CD_ERROR_MSG_MAX];
} cd_error_t;

/* Set code and a printf-style message; returns code so that
 * `return cd_error_set(err, CD_ERR_FATAL, "...")` reads naturally.
 * err may be NULL (the error is then dropped). */
int cd_error_set(cd_error_t *err, cd_err_code_t code, const char *fmt, ...) CD_PRINTF(3, 4);
/* Same, with an explicit exception class name. */
int cd_error_set_class(cd_error_t *err, cd_err_code_t code, const char *exception_class,
                       const char *fmt, ...) CD_PRINTF(4, 5);
void cd_error_clear(cd_error_t *err);

#endif
