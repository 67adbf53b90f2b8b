#include "herder/request_signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "convert/base64.h"
#include "util/buf.h"
#include "util/mem.h"

/* HMAC into mac (32 bytes); false when the key is not base64. */
static bool hmac(const char *key_base64, const char *body, size_t len, unsigned char *mac) {
    size_t klen_text = strlen(key_base64);
    uint8_t *key = xmalloc(BASE64_DECODED_MAX(klen_text) + 1);
    size_t klen = 0;
    bool ok = base64_decode_into(key_base64, klen_text, BASE64_JAVA_BASIC, key, &klen) == 0;
    unsigned int maclen = 0;
    if (ok)
        ok = HMAC(EVP_sha256(), key, (int)klen, (const unsigned char *)body, len, mac, &maclen) &&
             maclen == 32;
    OPENSSL_cleanse(key, klen);
    free(key);
    return ok;
}

char *request_signature_sign(const char *key_base64, const char *body, size_t len) {
    unsigned char mac[32];
    if (!key_base64 || !hmac(key_base64, body ? body : "", len, mac)) return NULL;
    buf_t b;
    buf_init(&b);
    base64_encode(&b, mac, sizeof mac);
    char *out = buf_steal(&b);
    buf_free(&b);
    return out;
}

int request_signature_verify(const char *key_base64, const char *body, size_t len,
                             const char *signature, const char *algorithm, herder_error_t *err) {
    if (!signature)
        return herder_fail(err, HERDER_BAD_REQUEST, "Internal request missing required signature");
    if (!algorithm || strcmp(algorithm, REQUEST_SIGNATURE_ALGORITHM) != 0)
        return herder_fail(err, HERDER_BAD_REQUEST,
                           "This worker does not support the '%s' signature algorithm used by "
                           "other workers in the cluster. This worker supports the following "
                           "algorithms: [%s]",
                           algorithm ? algorithm : "null", REQUEST_SIGNATURE_ALGORITHM);
    if (!key_base64)
        return herder_fail(err, HERDER_UNAVAILABLE,
                           "This worker is still starting up and has not been able to read a "
                           "session key from the config topic yet");
    unsigned char mac[32];
    size_t slen = strlen(signature);
    uint8_t *given = xmalloc(BASE64_DECODED_MAX(slen) + 1);
    size_t glen = 0;
    bool ok = hmac(key_base64, body ? body : "", len, mac) &&
              base64_decode_into(signature, slen, BASE64_JAVA_BASIC, given, &glen) == 0 &&
              glen == sizeof mac && CRYPTO_memcmp(given, mac, sizeof mac) == 0;
    free(given);
    return ok ? 0
              : herder_fail(err, HERDER_FORBIDDEN, "Internal request contained invalid signature.");
}
