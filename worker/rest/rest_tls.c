/*
 * TLS settings of the https listeners; see rest_tls.h.
 *
 * Client certificates are checked with GnuTLS's
 * gnutls_certificate_verify_peers2, looked up at run time: libmicrohttpd
 * already links GnuTLS, and resolving the one function keeps the build free
 * of a direct -lgnutls (the GnuTLS headers come with libmicrohttpd-dev).
 */
#include "rest/rest_tls.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <gnutls/gnutls.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/config_def.h"
#include "util/buf.h"
#include "util/mem.h"

/* A PEM file larger than this is not a keystore. */
#define PEM_MAX_BYTES (4u * 1024u * 1024u)

/* Reads keys with or without the listeners.https. prefix, as Kafka's
 * valuesWithPrefixAllOrNothing does. */
typedef struct tls_keys {
    const cd_props_t *props;
    const char *prefix; /* "" when the bare keys apply */
    char name[128];     /* scratch for key names in messages */
} tls_keys_t;

static const char *key_name(tls_keys_t *k, const char *key) {
    snprintf(k->name, sizeof k->name, "%s%s", k->prefix, key);
    return k->name;
}

/* The value of key, NULL when unset or blank. */
static const char *key_get(tls_keys_t *k, const char *key) {
    const char *v = cd_props_get(k->props, key_name(k, key));
    if (!v) return NULL;
    for (const char *p = v; *p; p++)
        if (!isspace((unsigned char)*p)) return v;
    return NULL;
}

/* ---- PEM ---------------------------------------------------------------- */

static void pem_append_block(buf_t *out, const char *label, size_t llen, const char *body,
                             size_t blen) {
    buf_appendf(out, "-----BEGIN %.*s-----\n", (int)llen, label);
    if (memchr(body, ':', blen)) {
        /* RFC 1421 headers (Proc-Type, DEK-Info of legacy encrypted keys)
         * must keep their lines, and the blank line after them: copy the
         * body line by line, each line trimmed. */
        const char *p = body, *end = body + blen;
        while (p < end && isspace((unsigned char)*p)) p++;
        while (end > p && isspace((unsigned char)end[-1])) end--;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            const char *e = nl ? nl : end, *s = p;
            while (s < e && isspace((unsigned char)*s)) s++;
            while (e > s && isspace((unsigned char)e[-1])) e--;
            cd_buf_append(out, s, (size_t)(e - s));
            cd_buf_append(out, "\n", 1);
            p = nl ? nl + 1 : end;
        }
    } else {
        /* Plain base64: drop every space and line break (properties values
         * often hold the block on one line) and rewrap at 64 columns. */
        size_t col = 0;
        for (size_t i = 0; i < blen; i++) {
            if (isspace((unsigned char)body[i])) continue;
            cd_buf_append(out, &body[i], 1);
            if (++col == 64) {
                cd_buf_append(out, "\n", 1);
                col = 0;
            }
        }
        if (col) cd_buf_append(out, "\n", 1);
    }
    buf_appendf(out, "-----END %.*s-----\n", (int)llen, label);
}

void rest_tls_pem_split(const char *pem, char **keys, size_t *n_keys, char **certs,
                        size_t *n_certs) {
    buf_t kb, cb;
    buf_init(&kb);
    buf_init(&cb);
    *n_keys = *n_certs = 0;
    const char *p = pem ? pem : "";
    for (;;) {
        const char *begin = strstr(p, "-----BEGIN ");
        if (!begin) break;
        const char *label = begin + 11;
        const char *lend = strstr(label, "-----");
        if (!lend || memchr(label, '\n', (size_t)(lend - label))) {
            p = label;
            continue;
        }
        size_t llen = (size_t)(lend - label);
        const char *body = lend + 5;
        char endmark[96];
        snprintf(endmark, sizeof endmark, "-----END %.*s-----", (int)llen, label);
        const char *bend = llen < 64 ? strstr(body, endmark) : NULL;
        if (!bend) break; /* unterminated block: nothing more to read */
        size_t blen = (size_t)(bend - body);
        if (llen >= 11 && memcmp(label + llen - 11, "PRIVATE KEY", 11) == 0) {
            pem_append_block(&kb, label, llen, body, blen);
            (*n_keys)++;
        } else if (llen >= 11 && memcmp(label + llen - 11, "CERTIFICATE", 11) == 0) {
            pem_append_block(&cb, label, llen, body, blen);
            (*n_certs)++;
        }
        p = bend + strlen(endmark);
    }
    *keys = *n_keys ? buf_steal(&kb) : NULL;
    *certs = *n_certs ? buf_steal(&cb) : NULL;
    buf_free(&kb);
    buf_free(&cb);
}

static int read_text_file(const char *path, const char *key, char **out, char *err,
                          size_t errlen) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot read '%s': %s", key, path, strerror(errno));
        return -1;
    }
    buf_t b;
    buf_init(&b);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > PEM_MAX_BYTES) {
            fclose(f);
            buf_free(&b);
            snprintf(err, errlen, "%s: '%s' is larger than %u bytes: not a PEM file", key, path,
                     PEM_MAX_BYTES);
            return -1;
        }
        cd_buf_append(&b, chunk, n);
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        buf_free(&b);
        snprintf(err, errlen, "%s: cannot read '%s'", key, path);
        return -1;
    }
    *out = b.data ? buf_steal(&b) : xstrdup("");
    buf_free(&b);
    return 0;
}

/* Store types other than PEM are Java KeyStore formats; unset means Kafka's
 * default (JKS) unless the contents are PEM. */
static int check_store_type(tls_keys_t *k, const char *type_key, const char *what,
                            const char *contents, char *err, size_t errlen) {
    const char *type = key_get(k, type_key);
    if (type && strcasecmp(type, "PEM") == 0) return 0;
    if (!type && contents && strstr(contents, "-----BEGIN ")) return 0;
    char tk[128];
    snprintf(tk, sizeof tk, "%s", key_name(k, type_key));
    if (type)
        snprintf(err, errlen,
                 "%s=%s: connectd's HTTPS listener reads PEM %ss only; convert the store "
                 "(e.g. `openssl pkcs12 -in store.p12 -nodes -out store.pem`) and set %s=PEM",
                 tk, type, what, tk);
    else
        snprintf(err, errlen,
                 "the %s is not PEM text and %s is not set (Kafka's default is JKS): connectd's "
                 "HTTPS listener reads PEM %ss only; convert the store (e.g. `openssl pkcs12 -in "
                 "store.p12 -nodes -out store.pem`) and set %s=PEM",
                 what, tk, what, tk);
    return -1;
}

/* ---- keystore, truststore, protocols ------------------------------------ */

static int load_keystore(tls_keys_t *k, rest_tls_config_t *c, char *err, size_t errlen) {
    const char *loc = key_get(k, "ssl.keystore.location");
    const char *ikey = key_get(k, "ssl.keystore.key");
    const char *ichain = key_get(k, "ssl.keystore.certificate.chain");
    char *text = NULL;
    if (loc && (ikey || ichain)) {
        snprintf(err, errlen, "%s and %s are both set: give the keystore either as a file or "
                 "inline, not both", key_name(k, "ssl.keystore.location"),
                 ikey ? "ssl.keystore.key" : "ssl.keystore.certificate.chain");
        return -1;
    }
    if (loc) {
        char lkey[128];
        snprintf(lkey, sizeof lkey, "%s", key_name(k, "ssl.keystore.location"));
        if (read_text_file(loc, lkey, &text, err, errlen)) return -1;
        c->source = xasprintf("%s (%s)", lkey, loc);
    } else if (ikey || ichain) {
        if (!ikey || !ichain) {
            snprintf(err, errlen, "%s is set but %s is not: an inline PEM keystore needs both",
                     key_name(k, ikey ? "ssl.keystore.key" : "ssl.keystore.certificate.chain"),
                     ikey ? "ssl.keystore.certificate.chain" : "ssl.keystore.key");
            return -1;
        }
        text = xasprintf("%s\n%s\n", ikey, ichain);
        char a[128];
        snprintf(a, sizeof a, "%s", key_name(k, "ssl.keystore.key"));
        c->source = xasprintf("%s and %s", a, key_name(k, "ssl.keystore.certificate.chain"));
    } else {
        snprintf(err, errlen,
                 "an https listener needs a keystore: set %s (a PEM file holding the private key "
                 "and the certificate chain), or %s and %s",
                 key_name(k, "ssl.keystore.location"), "ssl.keystore.key",
                 "ssl.keystore.certificate.chain");
        return -1;
    }
    int rc = -1;
    if (check_store_type(k, "ssl.keystore.type", "keystore", text, err, errlen)) goto out;
    if (key_get(k, "ssl.keystore.password")) {
        /* Kafka's message for the same mistake. */
        snprintf(err, errlen,
                 "%s: SSL key store password cannot be specified with PEM format, only key "
                 "password may be specified (%s)",
                 key_name(k, "ssl.keystore.password"), "ssl.key.password");
        goto out;
    }
    size_t nk, nc;
    rest_tls_pem_split(text, &c->key_pem, &nk, &c->cert_pem, &nc);
    if (nk != 1 || nc == 0) {
        snprintf(err, errlen, "%s: %s", c->source,
                 nk == 0   ? "no PEM private key found (expected -----BEGIN PRIVATE KEY-----)"
                 : nk > 1  ? "more than one private key; a keystore holds exactly one"
                           : "no PEM certificate found (expected -----BEGIN CERTIFICATE-----)");
        goto out;
    }
    const char *pw = key_get(k, "ssl.key.password");
    if (pw) c->key_password = xstrdup(pw);
    if (!pw && (strstr(c->key_pem, "ENCRYPTED PRIVATE KEY") || strstr(c->key_pem, "ENCRYPTED\n"))) {
        snprintf(err, errlen, "%s: the private key is encrypted; set %s", c->source,
                 key_name(k, "ssl.key.password"));
        goto out;
    }
    rc = 0;
out:
    free(text);
    return rc;
}

static int load_truststore(tls_keys_t *k, rest_tls_config_t *c, char *err, size_t errlen) {
    const char *loc = key_get(k, "ssl.truststore.location");
    const char *inl = key_get(k, "ssl.truststore.certificates");
    const char *ca = key_get(k, "ssl.client.auth");
    char *text = NULL;
    char src[160];
    if (loc && inl) {
        snprintf(err, errlen, "%s and %s are both set: give the truststore one way",
                 key_name(k, "ssl.truststore.location"), "ssl.truststore.certificates");
        return -1;
    }
    if (loc) {
        snprintf(src, sizeof src, "%s", key_name(k, "ssl.truststore.location"));
        if (read_text_file(loc, src, &text, err, errlen)) return -1;
    } else if (inl) {
        snprintf(src, sizeof src, "%s", key_name(k, "ssl.truststore.certificates"));
        text = xstrdup(inl);
    } else {
        snprintf(err, errlen,
                 "%s=%s needs a truststore to check client certificates against: set %s (a PEM "
                 "file of CA certificates) or %s",
                 key_name(k, "ssl.client.auth"), ca, key_name(k, "ssl.truststore.location"),
                 "ssl.truststore.certificates");
        return -1;
    }
    int rc = -1;
    if (check_store_type(k, "ssl.truststore.type", "truststore", text, err, errlen)) goto out;
    if (key_get(k, "ssl.truststore.password")) {
        snprintf(err, errlen, "%s: SSL trust store password cannot be specified for PEM format.",
                 key_name(k, "ssl.truststore.password"));
        goto out;
    }
    char *keys;
    size_t nk, nc;
    rest_tls_pem_split(text, &keys, &nk, &c->trust_pem, &nc);
    free(keys);
    if (nc == 0) {
        snprintf(err, errlen, "%s: no PEM certificate found", src);
        goto out;
    }
    rc = 0;
out:
    free(text);
    return rc;
}

int rest_tls_priorities(const char *protocols, const char *key, char **out, char *err,
                        size_t errlen) {
    static const struct {
        const char *java, *gnutls;
    } map[] = {{"TLSv1.3", "+VERS-TLS1.3"},
               {"TLSv1.2", "+VERS-TLS1.2"},
               {"TLSv1.1", "+VERS-TLS1.1"},
               {"TLSv1", "+VERS-TLS1.0"}};
    size_t n;
    char **items = config_split_list(protocols ? protocols : "", &n);
    buf_t b;
    buf_init(&b);
    buf_append_str(&b, "NORMAL:-VERS-ALL");
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < sizeof map / sizeof map[0] && strcmp(items[i], map[j].java) != 0) j++;
        if (j == sizeof map / sizeof map[0]) {
            snprintf(err, errlen,
                     "Invalid value %s for configuration %s: connectd supports TLSv1.3, TLSv1.2, "
                     "TLSv1.1 and TLSv1",
                     items[i], key);
            free(items);
            buf_free(&b);
            return -1;
        }
        buf_appendf(&b, ":%s", map[j].gnutls);
        used++;
    }
    free(items);
    if (!used) {
        snprintf(err, errlen, "%s is empty: an https listener needs at least one protocol", key);
        buf_free(&b);
        return -1;
    }
    *out = buf_steal(&b);
    buf_free(&b);
    return 0;
}

int rest_tls_config_load(const cd_props_t *props, const char *prefix, rest_tls_config_t **out,
                         char *err, size_t errlen) {
    *out = NULL;
    tls_keys_t k = {.props = props, .prefix = ""};
    size_t plen = prefix ? strlen(prefix) : 0;
    for (size_t i = 0; plen && i < cd_props_count(props); i++) {
        const char *key = cd_props_key_at(props, i);
        if (strncmp(key, prefix, plen) == 0 && key[plen]) k.prefix = prefix;
    }
    rest_tls_config_t *c = xcalloc(1, sizeof *c);
    if (load_keystore(&k, c, err, errlen)) goto fail;

    const char *ca = key_get(&k, "ssl.client.auth");
    if (!ca || strcmp(ca, "none") == 0) {
        c->client_auth = REST_TLS_CLIENT_AUTH_NONE;
    } else if (strcmp(ca, "requested") == 0) {
        c->client_auth = REST_TLS_CLIENT_AUTH_REQUESTED;
    } else if (strcmp(ca, "required") == 0) {
        c->client_auth = REST_TLS_CLIENT_AUTH_REQUIRED;
    } else {
        snprintf(err, errlen,
                 "Invalid value %s for configuration %s: String must be one of: required, "
                 "requested, none",
                 ca, key_name(&k, "ssl.client.auth"));
        goto fail;
    }
    /* Without client authentication the truststore has no use on a server
     * (Java's SslContextFactory ignores it too). */
    if (c->client_auth != REST_TLS_CLIENT_AUTH_NONE && load_truststore(&k, c, err, errlen))
        goto fail;

    const char *suites = key_get(&k, "ssl.cipher.suites");
    if (suites) {
        snprintf(err, errlen,
                 "%s: choosing cipher suites by their Java names is not supported by connectd's "
                 "HTTPS listener (GnuTLS's secure defaults apply); remove the setting or put it "
                 "under producer./consumer./admin. if it is meant for the Kafka clients",
                 key_name(&k, "ssl.cipher.suites"));
        goto fail;
    }
    const char *protocols = key_get(&k, "ssl.enabled.protocols");
    char pkey[128];
    snprintf(pkey, sizeof pkey, "%s", key_name(&k, "ssl.enabled.protocols"));
    if (rest_tls_priorities(protocols ? protocols : "TLSv1.2,TLSv1.3", pkey, &c->priorities, err,
                            errlen))
        goto fail;
    *out = c;
    return 0;
fail:
    rest_tls_config_destroy(c);
    return -1;
}

/* Overwrite secrets before releasing them. */
static void free_secret(char *s) {
    if (!s) return;
    volatile char *v = s;
    while (*v) *v++ = '\0';
    free(s);
}

void rest_tls_config_destroy(rest_tls_config_t *c) {
    if (!c) return;
    free_secret(c->key_pem);
    free_secret(c->key_password);
    free(c->cert_pem);
    free(c->trust_pem);
    free(c->priorities);
    free(c->source);
    free(c);
}

bool rest_tls_supported(void) { return MHD_is_feature_supported(MHD_FEATURE_TLS) == MHD_YES; }

/* ---- client certificates ------------------------------------------------ */

typedef int (*verify_peers2_fn)(gnutls_session_t, unsigned int *);
static verify_peers2_fn g_verify;
static pthread_once_t g_verify_once = PTHREAD_ONCE_INIT;

static void resolve_verify(void) {
    void *sym = dlsym(RTLD_DEFAULT, "gnutls_certificate_verify_peers2");
    if (!sym) {
        void *h = dlopen("libgnutls.so.30", RTLD_NOW | RTLD_NOLOAD);
        if (h) sym = dlsym(h, "gnutls_certificate_verify_peers2");
    }
    /* POSIX allows converting dlsym's object pointer to a function one. */
    memcpy(&g_verify, &sym, sizeof g_verify);
}

int rest_tls_verify_client(void *session, rest_tls_client_auth_t mode, char *err,
                           size_t errlen) {
    if (mode == REST_TLS_CLIENT_AUTH_NONE) return 0;
    pthread_once(&g_verify_once, resolve_verify);
    if (!g_verify || !session) {
        snprintf(err, errlen, "client certificates cannot be checked: GnuTLS not found");
        return -1;
    }
    unsigned int status = 0;
    int rc = g_verify((gnutls_session_t)session, &status);
    if (rc == GNUTLS_E_NO_CERTIFICATE_FOUND) {
        if (mode == REST_TLS_CLIENT_AUTH_REQUESTED) return 0;
        snprintf(err, errlen, "the client sent no certificate (ssl.client.auth=required)");
        return -1;
    }
    if (rc < 0) {
        snprintf(err, errlen, "client certificate check failed (GnuTLS error %d)", rc);
        return -1;
    }
    if (status) {
        snprintf(err, errlen, "client certificate rejected:%s%s%s%s",
                 status & GNUTLS_CERT_SIGNER_NOT_FOUND ? " not signed by a trusted CA" : "",
                 status & GNUTLS_CERT_EXPIRED ? " expired" : "",
                 status & GNUTLS_CERT_NOT_ACTIVATED ? " not yet valid" : "",
                 status & GNUTLS_CERT_REVOKED ? " revoked" : "");
        return -1;
    }
    return 0;
}
