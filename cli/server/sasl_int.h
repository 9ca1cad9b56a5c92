/* SPDX-License-Identifier: MIT */
/* sasl_int.h - what sasl.c and scram.c share: accounts and exchanges. */
#ifndef MUCSRV_SASL_INT_H
#define MUCSRV_SASL_INT_H

#include <openssl/evp.h>

#include "sasl.h"

#define SCRAM_SALT_LEN 16
#define SCRAM_ITERATIONS 4096

struct scram_keys {
    unsigned char stored[EVP_MAX_MD_SIZE];
    unsigned char server[EVP_MAX_MD_SIZE];
};

struct account {
    char *user;
    unsigned char salt[64];
    size_t saltlen;
    int iterations;
    struct scram_keys sha1, sha256;
    struct account *next;
};

struct sasl_db {
    bool any_password;
    struct account *accounts;
};

enum sasl_mech { MECH_PLAIN, MECH_SCRAM_SHA1, MECH_SCRAM_SHA256 };

struct sasl {
    const struct sasl_db *db;
    enum sasl_mech mech;
    int step;
    char *user, *authzid;
    const struct account *acct;
    char *nonce; /* server nonce part (tests may fix it) */
    char *gs2, *client_first_bare, *server_first, *full_nonce;
    const char *text; /* the failure's text (static), or NULL */
};

const struct account *sasl_db_find(const struct sasl_db *db, const char *user);
/* SaltedPassword -> StoredKey, ServerKey for digest md. */
void scram_keys(const EVP_MD *md, const char *password,
                const unsigned char *salt, size_t saltlen, int iterations,
                struct scram_keys *out);
/* nodeprep'd username (a SASL authcid) or NULL. */
char *sasl_prep_user(const char *user);
enum sasl_rc scram_step(struct sasl *s, const char *in, size_t inlen,
                        char **out, size_t *outlen, const char **cond);

#endif
