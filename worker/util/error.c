/* cd_error_t helpers (public ABI, include/connectd/error.h). */
#include <connectd/error.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int error_vset(cd_error_t *err, cd_err_code_t code, const char *cls, const char *fmt,
                      va_list ap) {
    if (!err) return code;
    err->code = code;
    snprintf(err->exception_class, sizeof err->exception_class, "%s", cls ? cls : "");
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    return code;
}

int cd_error_set(cd_error_t *err, cd_err_code_t code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    const char *cls = code == CD_ERR_DATA        ? "org.apache.kafka.connect.errors.DataException"
                      : code == CD_ERR_RETRIABLE ? "org.apache.kafka.connect.errors.RetriableException"
                      : code == CD_ERR_CONFIG    ? "org.apache.kafka.common.config.ConfigException"
                                                 : "org.apache.kafka.connect.errors.ConnectException";
    int rc = error_vset(err, code, cls, fmt, ap);
    va_end(ap);
    return rc;
}

int cd_error_set_class(cd_error_t *err, cd_err_code_t code, const char *exception_class,
                       const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = error_vset(err, code, exception_class, fmt, ap);
    va_end(ap);
    return rc;
}

void cd_error_clear(cd_error_t *err) {
    if (!err) return;
    err->code = CD_OK;
    err->exception_class[0] = '\0';
    err->message[0] = '\0';
}
