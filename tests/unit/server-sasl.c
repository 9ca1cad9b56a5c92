/* SPDX-License-Identifier: MIT */
/* server-sasl.c - unit tests: PLAIN, SCRAM-SHA-1/256 against the RFCs. */
#include <stdlib.h>
#include <string.h>

#include "../../cli/server/sasl.h"
#include "check.h"

static enum sasl_rc step(struct sasl *s, const char *in, size_t len, char **out)
{
    size_t outlen;
    const char *cond;

    return sasl_step(s, in, len, out, &outlen, &cond);
}

/* Run a SCRAM exchange with fixed salt and nonces; compare messages. */
static void scram_vector(const char *mech, const char *salt_b64,
                         const char *snonce, const char *first,
                         const char *server_first, const char *final,
                         const char *server_final, const char *name)
{
    struct sasl_db *db = sasl_db_new(false);
    size_t saltlen;
    char *salt = sasl_b64_decode(salt_b64, &saltlen), *out = NULL;
    struct sasl *s;
    char label[128];

    sasl_db_add_salted(db, "user", "pencil", (unsigned char *)salt, saltlen,
                       4096);
    s = sasl_new(db, mech);
    CHECK(s != NULL, name);
    sasl_set_nonce(s, snonce);
    snprintf(label, sizeof(label), "%s server-first", name);
    CHECK(step(s, first, strlen(first), &out) == SASL_CONTINUE && out &&
              strcmp(out, server_first) == 0,
          label);
    free(out);
    out = NULL;
    snprintf(label, sizeof(label), "%s server-final", name);
    CHECK(step(s, final, strlen(final), &out) == SASL_SUCCESS && out &&
              strcmp(out, server_final) == 0,
          label);
    CHECK(strcmp(sasl_user(s), "user") == 0, "scram user");
    free(out);
    sasl_free(s);

    /* Same exchange, one byte of the proof changed. */
    char *bad = strdup(final);
    bad[strlen(bad) - 3] ^= 1;
    s = sasl_new(db, mech);
    sasl_set_nonce(s, snonce);
    step(s, first, strlen(first), &out);
    free(out);
    out = NULL;
    snprintf(label, sizeof(label), "%s wrong proof refused", name);
    CHECK(step(s, bad, strlen(bad), &out) == SASL_FAIL, label);
    snprintf(label, sizeof(label), "%s wrong proof: Prosody's text", name);
    CHECK(sasl_text(s) &&
              !strcmp(sasl_text(s), "The response provided by "
                                    "the client doesn't match the one we "
                                    "calculated."),
          label);
    free(out);
    free(bad);
    sasl_free(s);
    free(salt);
    sasl_db_free(db);
}

static void test_scram(void)
{
    /* RFC 5802 section 5. */
    scram_vector("SCRAM-SHA-1", "QSXCR+Q6sek8bf92", "3rfcNHYJY1ZVvWVs7j",
                 "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL",
                 "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
                 "s=QSXCR+Q6sek8bf92,i=4096",
                 "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
                 "p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
                 "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", "SCRAM-SHA-1");
    /* RFC 7677 section 3. */
    scram_vector("SCRAM-SHA-256",
                 "W22ZaJ0SNY7soEsUEjb6gQ==", "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
                 "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
                 "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                 "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                 "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                 "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
                 "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
                 "SCRAM-SHA-256");
}

/* Client-first messages the server must refuse, and why. */
static void test_scram_refusals(void)
{
    struct sasl_db *db = sasl_db_new(false);
    static const struct {
        const char *msg, *cond, *name;
    } bad[] = {
        { "p=tls-unique,,n=user,r=abc", "malformed-request",
          "channel binding refused (no -PLUS offered)" },
        { "n,,n=user,r=abc,m=ext", "malformed-request",
          "mandatory extension refused" },
        { "n,,r=abc", "malformed-request", "missing username" },
        { "n,,n=us=er,r=abc", "malformed-request", "bad saslname escape" },
        { "n,,n=nobody,r=abc", "not-authorized", "unknown user" },
    };

    sasl_db_add(db, "user", "pencil");
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct sasl *s = sasl_new(db, "SCRAM-SHA-1");
        char *out;
        size_t outlen;
        const char *cond;
        enum sasl_rc rc = sasl_step(s, bad[i].msg, strlen(bad[i].msg), &out,
                                    &outlen, &cond);

        CHECK(rc == SASL_FAIL && cond && !strcmp(cond, bad[i].cond),
              bad[i].name);
        /* Prosody 0.12.3 gives these no text. */
        CHECK(!sasl_text(s), bad[i].name);
        free(out);
        sasl_free(s);
    }
    struct sasl *s = sasl_new(db, "SCRAM-SHA-1");
    char *out;
    size_t outlen;
    const char *cond;
    CHECK(sasl_step(s, "y,a=user@localhost,n=user,r=abc", 31, &out, &outlen,
                    &cond) == SASL_CONTINUE &&
              !strcmp(sasl_authzid(s), "user@localhost"),
          "gs2 y flag and authzid accepted");
    free(out);
    sasl_free(s);
    sasl_db_free(db);
}

static enum sasl_rc plain(struct sasl_db *db, const char *msg, size_t len,
                          const char **cond)
{
    struct sasl *s = sasl_new(db, "PLAIN");
    char *out;
    size_t outlen;
    enum sasl_rc rc = sasl_step(s, msg, len, &out, &outlen, cond);

    free(out);
    sasl_free(s);
    return rc;
}

static void test_plain(void)
{
    struct sasl_db *db = sasl_db_new(false), *any = sasl_db_new(true);
    const char *cond;

    CHECK(sasl_db_add(db, "Romeo", "s3cret"), "add account");
    CHECK(!sasl_db_add(db, "a b", "x"), "invalid username refused");
    CHECK(sasl_db_exists(db, "romeo"), "account is nodeprep'd");
    CHECK(plain(db, "\0romeo\0s3cret", 13, &cond) == SASL_SUCCESS,
          "PLAIN right password");
    CHECK(plain(db, "\0ROMEO\0s3cret", 13, &cond) == SASL_SUCCESS,
          "PLAIN username case-insensitive");
    CHECK(plain(db, "\0romeo\0wrong", 12, &cond) == SASL_FAIL &&
              strcmp(cond, "not-authorized") == 0,
          "PLAIN wrong password");
    CHECK(plain(db, "\0juliet\0s3cret", 14, &cond) == SASL_FAIL,
          "PLAIN unknown user");
    CHECK(plain(db, "romeo\0s3cret", 12, &cond) == SASL_FAIL &&
              strcmp(cond, "malformed-request") == 0,
          "PLAIN malformed");
    CHECK(plain(any, "\0anyone\0anything", 16, &cond) == SASL_SUCCESS,
          "any-password accepts anything");
    CHECK(sasl_new(any, "SCRAM-SHA-1") == NULL,
          "any-password without accounts: PLAIN only");
    CHECK(sasl_db_add(any, "romeo", "s3cret"), "add account (any)");
    CHECK(plain(any, "\0romeo\0wrong", 12, &cond) == SASL_FAIL &&
              strcmp(cond, "not-authorized") == 0,
          "any-password: an account's wrong password is refused");
    CHECK(plain(any, "\0romeo\0s3cret", 13, &cond) == SASL_SUCCESS,
          "any-password: an account's own password works");
    CHECK(plain(any, "\0other\0anything", 15, &cond) == SASL_SUCCESS,
          "any-password: other names take any password");
    CHECK(sasl_new(db, "DIGEST-MD5") == NULL, "unknown mechanism");
    CHECK(strcmp(sasl_db_mechs(db)[0], "PLAIN") == 0 &&
              strcmp(sasl_db_mechs(db)[1], "SCRAM-SHA-1") == 0 &&
              !sasl_db_mechs(db)[2],
          "offered as Prosody 0.12: PLAIN, SCRAM-SHA-1");
    CHECK(!sasl_db_offers(db, "SCRAM-SHA-256") &&
              sasl_db_offers(db, "SCRAM-SHA-1"),
          "SCRAM-SHA-256 not offered");

    struct sasl *s = sasl_new(db, "PLAIN");
    char *out;
    size_t outlen;
    sasl_step(s, "romeo@localhost\0romeo\0s3cret", 28, &out, &outlen, &cond);
    CHECK(sasl_authzid(s) && !strcmp(sasl_authzid(s), "romeo@localhost"),
          "PLAIN authzid kept");
    sasl_free(s);
    sasl_db_free(db);
    sasl_db_free(any);
}

static void test_b64(void)
{
    size_t len;
    char *e = sasl_b64_encode("n,,", 3), *d;

    CHECK(strcmp(e, "biws") == 0, "b64 encode");
    d = sasl_b64_decode("eSws", &len);
    CHECK(d && len == 3 && !memcmp(d, "y,,", 3), "b64 decode");
    free(d);
    d = sasl_b64_decode("YQ==", &len);
    CHECK(d && len == 1 && d[0] == 'a', "b64 padding");
    free(d);
    CHECK(sasl_b64_decode("abc", &len) == NULL, "b64 bad length");
    CHECK(sasl_b64_decode("a*c=", &len) == NULL, "b64 bad char");
    free(e);
}

int main(void)
{
    test_scram();
    test_scram_refusals();
    test_plain();
    test_b64();
    return check_done();
}
