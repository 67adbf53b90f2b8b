/* Signed internal requests (KIP-507, herder/request_signature.h) and the
 * REST pieces of worker-to-worker traffic: which requests basic auth lets
 * through for their signature to decide. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "herder/request_signature.h"
#include "rest/rest_auth.h"

/* HMAC-SHA256 with key "key" of "The quick brown fox jumps over the lazy
 * dog" is f7bc83f4...d8 (RFC 4231-style published vector); base64 below. */
#define KEY_B64 "a2V5"
#define FOX "The quick brown fox jumps over the lazy dog"
#define FOX_SIG "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg="

START_TEST(test_sign_known_vector) {
    char *sig = request_signature_sign(KEY_B64, FOX, strlen(FOX));
    ck_assert_ptr_nonnull(sig);
    ck_assert_str_eq(sig, FOX_SIG);
    free(sig);
    ck_assert_ptr_null(request_signature_sign("not base64!", FOX, strlen(FOX)));
}
END_TEST

START_TEST(test_verify_answers) {
    herder_error_t err = {0};
    ck_assert_int_eq(request_signature_verify(KEY_B64, FOX, strlen(FOX), FOX_SIG, "HmacSHA256",
                                              &err),
                     0);
    /* One changed byte of the body. */
    ck_assert_int_eq(request_signature_verify(KEY_B64, "The quick brown fox jumps over the lazy dof",
                                              strlen(FOX), FOX_SIG, "HmacSHA256", &err),
                     HERDER_FORBIDDEN);
    ck_assert_str_eq(err.message, "Internal request contained invalid signature.");
    ck_assert_int_eq(request_signature_verify(KEY_B64, FOX, strlen(FOX), NULL, "HmacSHA256", &err),
                     HERDER_BAD_REQUEST);
    ck_assert_str_eq(err.message, "Internal request missing required signature");
    ck_assert_int_eq(request_signature_verify(KEY_B64, FOX, strlen(FOX), FOX_SIG, "HmacSHA1", &err),
                     HERDER_BAD_REQUEST);
    ck_assert_int_eq(request_signature_verify(NULL, FOX, strlen(FOX), FOX_SIG, "HmacSHA256", &err),
                     HERDER_UNAVAILABLE);
    ck_assert_int_eq(request_signature_verify(KEY_B64, FOX, strlen(FOX), "%%%", "HmacSHA256", &err),
                     HERDER_FORBIDDEN);
}
END_TEST

START_TEST(test_internal_request_skips_basic_auth) {
    ck_assert(!rest_auth_required("POST", "/connectors/my-conn/tasks"));
    ck_assert(!rest_auth_required("POST", "/connectors/my-conn/tasks/?forward=true"));
    ck_assert(rest_auth_required("POST", "/connectors/my-conn/tasks/0/restart"));
    ck_assert(rest_auth_required("GET", "/connectors/my-conn/tasks"));
    ck_assert(rest_auth_required("POST", "/connectors//tasks"));
    ck_assert(rest_auth_required("POST", "/connectors"));
    ck_assert(!rest_auth_required("GET", "/"));
}
END_TEST

Suite *suite_request_signature(void);
Suite *suite_request_signature(void) {
    Suite *s = suite_create("request_signature");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_sign_known_vector);
    tcase_add_test(tc, test_verify_answers);
    tcase_add_test(tc, test_internal_request_skips_basic_auth);
    suite_add_tcase(s, tc);
    return s;
}
