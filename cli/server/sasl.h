/* SPDX-License-Identifier: MIT */
/*
 * sasl.h - server side SASL for the mini server: PLAIN, SCRAM-SHA-1 and
 * SCRAM-SHA-256 (RFC 5802, RFC 7677) over an account store that keeps
 * salted keys, never passwords.
 */
#ifndef MUCSRV_SASL_H
#define MUCSRV_SASL_H

#include <stdbool.h>
#include <stddef.h>

struct sasl_db;

/* any_password: accept any password for a name that is not an account
 * (the accounts added keep theirs). */
struct sasl_db *sasl_db_new(bool any_password);
void sasl_db_free(struct sasl_db *db);
/* Add an account (user: a localpart, nodeprep'd here); false if invalid. */
bool sasl_db_add(struct sasl_db *db, const char *user, const char *password);
/* Same with a given salt and iteration count (tests, RFC vectors). */
bool sasl_db_add_salted(struct sasl_db *db, const char *user,
                        const char *password, const unsigned char *salt,
                        size_t saltlen, int iterations);
bool sasl_db_exists(const struct sasl_db *db, const char *user);
/* A new password for an existing account (XEP-0077 password change);
 * false when user is not one (an --any-password name). */
bool sasl_db_set_password(struct sasl_db *db, const char *user,
                          const char *password);
/* The mechanisms to offer, in Prosody 0.12's order (PLAIN, SCRAM-SHA-1),
 * NULL-terminated (static).  With --any-password and no accounts only
 * PLAIN: SCRAM needs the password's keys, which do not exist for "any
 * password". */
const char *const *sasl_db_mechs(const struct sasl_db *db);
/* Whether mech is one of them (a client may use no other). */
bool sasl_db_offers(const struct sasl_db *db, const char *mech);

enum sasl_rc { SASL_CONTINUE, SASL_SUCCESS, SASL_FAIL };

struct sasl;

/* An exchange for mechanism mech (SCRAM-SHA-256 too, which the stream does
 * not offer); NULL when unknown or impossible without accounts. */
struct sasl *sasl_new(const struct sasl_db *db, const char *mech);
void sasl_free(struct sasl *s);
/* Fix the server nonce (tests). */
void sasl_set_nonce(struct sasl *s, const char *nonce);
/*
 * One step: in is the decoded client data.  On SASL_CONTINUE or
 * SASL_SUCCESS *out (malloc'd, may be NULL) is data for the client; on
 * SASL_FAIL *cond is the SASL failure condition (not-authorized...).
 */
enum sasl_rc sasl_step(struct sasl *s, const char *in, size_t inlen, char **out,
                       size_t *outlen, const char **cond);
const char *sasl_user(const struct sasl *s);    /* after success */
const char *sasl_authzid(const struct sasl *s); /* NULL when none given */
/* After SASL_FAIL: the failure's <text/> as Prosody 0.12.3 words it, or
 * NULL when it sends none. */
const char *sasl_text(const struct sasl *s);

/* Base64 helpers (malloc'd results); decode returns NULL on bad input. */
char *sasl_b64_encode(const char *in, size_t len);
char *sasl_b64_decode(const char *in, size_t *len);

#endif
