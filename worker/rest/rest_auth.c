/*
 * HTTP basic authentication of the REST API; see rest_auth.h.
 *
 * The JAAS file is read only as far as connectd needs it: the KafkaConnect
 * section and the file option of its PropertyFileLoginModule entry. The
 * tokenizer follows Java's ConfigFile (StreamTokenizer with // and
 * block comments, double-quoted strings).
 */
#include "rest/rest_auth.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/config_def.h"
#include "convert/base64.h"
#include "config/properties.h"
#include "log/log.h"
#include "util/buf.h"
#include "util/mem.h"

#define LOGGER "rest"

struct rest_auth {
    cd_props_t *users; /* user -> password */
    char *path;
};

int rest_auth_load_file(const char *path, rest_auth_t **out, char *err, size_t errlen) {
    *out = NULL;
    cd_props_t *users = NULL;
    char perr[512];
    if (properties_parse_file(path, &users, perr, sizeof perr)) {
        /* properties errors name the file and line, never a value. */
        snprintf(err, errlen, "basic authentication credentials: %s", perr);
        return -1;
    }
    rest_auth_t *a = xcalloc(1, sizeof *a);
    a->users = users;
    a->path = xstrdup(path);
    *out = a;
    return 0;
}

void rest_auth_destroy(rest_auth_t *a) {
    if (!a) return;
    cd_props_destroy(a->users);
    free(a->path);
    free(a);
}

size_t rest_auth_user_count(const rest_auth_t *a) { return a ? cd_props_count(a->users) : 0; }
const char *rest_auth_path(const rest_auth_t *a) { return a ? a->path : NULL; }

/* ---- KAFKA_OPTS ---------------------------------------------------------- */

char *rest_auth_jaas_path_from_opts(const char *opts) {
    static const char opt[] = "-Djava.security.auth.login.config=";
    char *found = NULL;
    const char *p = opts ? opts : "";
    while (*p) {
        while (isspace((unsigned char)*p)) p++;
        if (!*p) break;
        /* One shell-like word: quotes group, and are removed. */
        buf_t w;
        buf_init(&w);
        char q = 0;
        for (; *p && (q || !isspace((unsigned char)*p)); p++) {
            if (q && *p == q) q = 0;
            else if (!q && (*p == '"' || *p == '\'')) q = *p;
            else cd_buf_append(&w, p, 1);
        }
        if (w.data && strncmp(w.data, opt, sizeof opt - 1) == 0) {
            const char *v = w.data + sizeof opt - 1;
            if (*v == '=') v++; /* "==path": replace rather than add, same file for us */
            if (strncmp(v, "file://", 7) == 0) v += 7;
            else if (strncmp(v, "file:", 5) == 0) v += 5;
            free(found);
            found = *v ? xstrdup(v) : NULL;
        }
        buf_free(&w);
    }
    return found;
}

/* ---- JAAS ---------------------------------------------------------------- */

typedef enum { TOK_END, TOK_WORD, TOK_STRING, TOK_PUNCT, TOK_ERROR } tok_kind_t;

typedef struct jaas_lexer {
    const char *p;
    int line;
    tok_kind_t kind;
    buf_t text; /* the token; TOK_PUNCT: the character */
} jaas_lexer_t;

static void lex_next(jaas_lexer_t *lx) {
    buf_reset(&lx->text);
    for (;;) {
        while (isspace((unsigned char)*lx->p)) {
            if (*lx->p == '\n') lx->line++;
            lx->p++;
        }
        if (lx->p[0] == '/' && lx->p[1] == '/') {
            while (*lx->p && *lx->p != '\n') lx->p++;
        } else if (lx->p[0] == '/' && lx->p[1] == '*') {
            const char *e = strstr(lx->p + 2, "*/");
            for (const char *c = lx->p; c < (e ? e : lx->p + strlen(lx->p)); c++)
                if (*c == '\n') lx->line++;
            lx->p = e ? e + 2 : lx->p + strlen(lx->p);
        } else {
            break;
        }
    }
    char c = *lx->p;
    if (!c) {
        lx->kind = TOK_END;
    } else if (c == '"') {
        lx->p++;
        while (*lx->p && *lx->p != '"') {
            if (*lx->p == '\\' && lx->p[1]) lx->p++;
            if (*lx->p == '\n') lx->line++;
            cd_buf_append(&lx->text, lx->p++, 1);
        }
        if (!*lx->p) {
            lx->kind = TOK_ERROR;
            return;
        }
        lx->p++;
        lx->kind = TOK_STRING;
    } else if (c == '{' || c == '}' || c == ';' || c == '=') {
        cd_buf_append(&lx->text, lx->p++, 1);
        lx->kind = TOK_PUNCT;
    } else {
        while (*lx->p && !isspace((unsigned char)*lx->p) && !strchr("{};=\"", *lx->p) &&
               !(lx->p[0] == '/' && (lx->p[1] == '/' || lx->p[1] == '*')))
            cd_buf_append(&lx->text, lx->p++, 1);
        lx->kind = TOK_WORD;
    }
    if (!lx->text.data) buf_append_str(&lx->text, "");
}

static bool lex_is(const jaas_lexer_t *lx, char punct) {
    return lx->kind == TOK_PUNCT && lx->text.data[0] == punct;
}

/* Parse "Name { Class Flag opt=value ... ; ... };" sections; the file
 * option of the wanted module in the wanted section ends up in *file. */
static int jaas_parse(jaas_lexer_t *lx, char **file, bool *section_seen, buf_t *modules,
                      char *err, size_t errlen) {
    lex_next(lx);
    while (lx->kind != TOK_END) {
        if (lx->kind != TOK_WORD && lx->kind != TOK_STRING) goto syntax;
        bool wanted = strcmp(lx->text.data, REST_AUTH_JAAS_SECTION) == 0;
        *section_seen |= wanted;
        lex_next(lx);
        if (!lex_is(lx, '{')) goto syntax;
        lex_next(lx);
        while (!lex_is(lx, '}')) {
            if (lx->kind != TOK_WORD) goto syntax;
            bool module = wanted && strcmp(lx->text.data, REST_AUTH_LOGIN_MODULE) == 0;
            if (wanted) buf_appendf(modules, "%s%s", modules->len ? ", " : "", lx->text.data);
            lex_next(lx); /* the control flag */
            if (lx->kind != TOK_WORD) goto syntax;
            lex_next(lx);
            while (!lex_is(lx, ';')) {
                if (lx->kind != TOK_WORD) goto syntax;
                bool is_file = strcmp(lx->text.data, "file") == 0;
                lex_next(lx);
                if (!lex_is(lx, '=')) goto syntax;
                lex_next(lx);
                if (lx->kind != TOK_WORD && lx->kind != TOK_STRING) goto syntax;
                if (module && is_file) {
                    free(*file);
                    *file = xstrdup(lx->text.data);
                }
                lex_next(lx);
            }
            lex_next(lx);
        }
        lex_next(lx);
        if (lex_is(lx, ';')) lex_next(lx);
    }
    return 0;
syntax:
    /* The line only: a token could be a secret of another section. */
    snprintf(err, errlen, "syntax error on line %d%s", lx->line,
             lx->kind == TOK_END     ? " (unexpected end)"
             : lx->kind == TOK_ERROR ? " (unterminated string)"
                                     : "");
    return -1;
}

int rest_auth_jaas_credentials_file(const char *jaas_text, char **file, char *err,
                                    size_t errlen) {
    *file = NULL;
    jaas_lexer_t lx = {.p = jaas_text ? jaas_text : "", .line = 1};
    buf_init(&lx.text);
    buf_t modules;
    buf_init(&modules);
    bool seen = false;
    int rc = jaas_parse(&lx, file, &seen, &modules, err, errlen);
    if (rc == 0 && !*file) {
        rc = -1;
        if (!seen)
            snprintf(err, errlen, "no %s section", REST_AUTH_JAAS_SECTION);
        else if (!modules.data || !strstr(modules.data, REST_AUTH_LOGIN_MODULE))
            snprintf(err, errlen,
                     "the %s section uses %s; connectd supports only %s", REST_AUTH_JAAS_SECTION,
                     modules.data ? modules.data : "no login module", REST_AUTH_LOGIN_MODULE);
        else /* Kafka's message */
            snprintf(err, errlen, "Property Credentials file must be specified (option file=\"...\" "
                     "of %s)", REST_AUTH_LOGIN_MODULE);
    }
    if (rc) {
        free(*file);
        *file = NULL;
    }
    buf_free(&lx.text);
    buf_free(&modules);
    return rc;
}

static char *read_small_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf_t b;
    buf_init(&b);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (1u << 20))
        cd_buf_append(&b, chunk, n);
    fclose(f);
    return b.data ? buf_steal(&b) : xstrdup("");
}

/* The credentials file named by the JAAS file of KAFKA_OPTS. */
static int credentials_from_jaas(const char *kafka_opts, char **file, char *err, size_t errlen) {
    char *jaas = rest_auth_jaas_path_from_opts(kafka_opts);
    if (!jaas) {
        snprintf(err, errlen,
                 "rest.extension.classes lists %s but no JAAS file is given: set "
                 "KAFKA_OPTS=-Djava.security.auth.login.config=/path/to/jaas.conf (with a %s "
                 "section naming %s and its file=\"...\"), or set %s",
                 REST_AUTH_EXTENSION_CLASS, REST_AUTH_JAAS_SECTION, REST_AUTH_LOGIN_MODULE,
                 REST_AUTH_CREDENTIALS_FILE_KEY);
        return -1;
    }
    char *text = read_small_file(jaas);
    if (!text) {
        snprintf(err, errlen, "JAAS file %s (java.security.auth.login.config in KAFKA_OPTS): "
                 "cannot read it", jaas);
        free(jaas);
        return -1;
    }
    char jerr[256];
    int rc = rest_auth_jaas_credentials_file(text, file, jerr, sizeof jerr);
    if (rc)
        snprintf(err, errlen, "JAAS file %s (java.security.auth.login.config in KAFKA_OPTS): %s",
                 jaas, jerr);
    free(text);
    free(jaas);
    return rc;
}

int rest_auth_from_config(const cd_props_t *props, const char *kafka_opts, rest_auth_t **out,
                          char *err, size_t errlen) {
    *out = NULL;
    bool extension = false;
    const char *classes = cd_props_get(props, "rest.extension.classes");
    size_t n = 0;
    char **list = config_split_list(classes ? classes : "", &n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(list[i], REST_AUTH_EXTENSION_CLASS) == 0) {
            extension = true;
        } else if (*list[i]) {
            /* Failing is safer than serving an API its owner meant to
             * protect with an extension we cannot run. */
            snprintf(err, errlen,
                     "rest.extension.classes: connectd cannot run the Java REST extension %s; "
                     "the only one it understands is %s",
                     list[i], REST_AUTH_EXTENSION_CLASS);
            free(list);
            return -1;
        }
    }
    free(list);
    const char *direct = cd_props_get(props, REST_AUTH_CREDENTIALS_FILE_KEY);
    if (direct && !*direct) direct = NULL;
    if (!direct && !extension) return 0;
    char *file = direct ? xstrdup(direct) : NULL;
    if (!file && credentials_from_jaas(kafka_opts, &file, err, errlen)) return -1;
    int rc = rest_auth_load_file(file, out, err, errlen);
    free(file);
    return rc;
}

/* ---- requests ------------------------------------------------------------ */

/* POST /connectors/{c}/tasks[/]: the internal request a follower sends
 * the leader, authenticated by its session-key signature instead (Kafka's
 * JaasBasicAuthFilter lets it through the same way). */
static bool is_internal_request(const char *method, const char *target, size_t len) {
    if (strcmp(method, "POST") != 0 || len < 19 || strncmp(target, "/connectors/", 12) != 0)
        return false;
    const char *name = target + 12;
    const char *end = target + len;
    if (end[-1] == '/') end--;
    const char *slash = memchr(name, '/', (size_t)(end - name));
    return slash && slash > name && (size_t)(end - slash) == 6 && strncmp(slash, "/tasks", 6) == 0;
}

bool rest_auth_required(const char *method, const char *target) {
    if (!method || !target) return true;
    size_t len = strcspn(target, "?");
    if (is_internal_request(method, target, len)) return false;
    if (strcmp(method, "GET") != 0) return true;
    return !(len == 1 && target[0] == '/');
}

/* Equal strings, in time that depends on the given length only. */
static bool secret_equal(const char *given, size_t glen, const char *expected) {
    size_t elen = strlen(expected);
    volatile unsigned diff = glen != elen;
    for (size_t i = 0; i < glen; i++)
        diff |= (unsigned char)given[i] ^ (unsigned char)(elen ? expected[i % elen] : 0);
    return diff == 0;
}

bool rest_auth_check(const rest_auth_t *a, const char *authorization) {
    if (!a) return true;
    /* Kafka: an empty credentials file lets everyone in. */
    if (cd_props_count(a->users) == 0) return true;
    if (!authorization) return false;
    const char *space = strchr(authorization, ' ');
    if (!space || space == authorization || (size_t)(space - authorization) != 5 ||
        strncasecmp(authorization, "basic", 5) != 0)
        return false;
    /* Kafka decodes with Base64.getDecoder(): no whitespace, padding
     * optional. A NUL is added so that the user name can be looked up. */
    const char *encoded = space + 1;
    size_t elen = strlen(encoded), len = 0;
    size_t cap = BASE64_DECODED_MAX(elen) + 1;
    char *plain = xmalloc(cap);
    bool decoded =
        base64_decode_into(encoded, elen, BASE64_JAVA_BASIC, (uint8_t *)plain, &len) == 0;
    plain[len] = '\0';
    char *colon = decoded ? memchr(plain, ':', len) : NULL;
    bool ok = false;
    if (colon && colon != plain) {
        *colon = '\0';
        const char *pw = colon + 1;
        size_t pwlen = len - (size_t)(pw - plain);
        const char *want = strlen(plain) == (size_t)(colon - plain)
                               ? cd_props_get(a->users, plain)
                               : NULL;
        /* Compare against something even for an unknown user, so that the
         * time taken does not tell which users exist. */
        bool match = secret_equal(pw, pwlen, want ? want : "\x01unknown-user\x01");
        ok = want && match;
    }
    /* Wiped whole: a failed decode may have left part of a secret. */
    volatile char *v = plain;
    for (size_t i = 0; i < cap; i++) v[i] = '\0';
    free(plain);
    return ok;
}
