/* SPDX-License-Identifier: MIT */
/* sasl.c - the account store, mechanism choice, PLAIN and base64. */
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "sasl_int.h"
#include "xutil.h"

struct sasl_db *sasl_db_new(bool any_password)
{
    struct sasl_db *db = xmalloc(sizeof(*db));

    db->any_password = any_password;
    db->accounts = NULL;
    return db;
}

void sasl_db_free(struct sasl_db *db)
{
    struct account *a, *next;

    if (!db)
        return;
    for (a = db->accounts; a; a = next) {
        next = a->next;
        free(a->user);
        OPENSSL_cleanse(a, sizeof(*a));
        free(a);
    }
    free(db);
}

char *sasl_prep_user(const char *user)
{
    char *jid, *out = NULL;
    size_t len = strlen(user);

    if (len == 0 || strpbrk(user, "@/"))
        return NULL;
    jid = xmalloc(len + 3);
    snprintf(jid, len + 3, "%s@x", user);
    char *p = jid_prep(jid);
    if (p) {
        *strrchr(p, '@') = '\0';
        out = p;
    }
    free(jid);
    return out;
}

bool sasl_db_add_salted(struct sasl_db *db, const char *user,
                        const char *password, const unsigned char *salt,
                        size_t saltlen, int iterations)
{
    char *u = sasl_prep_user(user);
    struct account *a;

    if (!u || saltlen > sizeof(a->salt))
        goto fail;
    for (a = db->accounts; a; a = a->next)
        if (strcmp(a->user, u) == 0)
            break;
    if (!a) {
        a = xmalloc(sizeof(*a));
        memset(a, 0, sizeof(*a));
        a->user = u;
        a->next = db->accounts;
        db->accounts = a;
    } else {
        free(u);
    }
    memcpy(a->salt, salt, saltlen);
    a->saltlen = saltlen;
    a->iterations = iterations;
    scram_keys(EVP_sha1(), password, salt, saltlen, iterations, &a->sha1);
    scram_keys(EVP_sha256(), password, salt, saltlen, iterations, &a->sha256);
    return true;
fail:
    free(u);
    return false;
}

bool sasl_db_add(struct sasl_db *db, const char *user, const char *password)
{
    unsigned char salt[SCRAM_SALT_LEN];

    if (RAND_bytes(salt, sizeof(salt)) != 1)
        abort();
    return sasl_db_add_salted(db, user, password, salt, sizeof(salt),
                              SCRAM_ITERATIONS);
}

const struct account *sasl_db_find(const struct sasl_db *db, const char *user)
{
    for (const struct account *a = db->accounts; a; a = a->next)
        if (strcmp(a->user, user) == 0)
            return a;
    return NULL;
}

bool sasl_db_exists(const struct sasl_db *db, const char *user)
{
    char *u = sasl_prep_user(user);
    bool found = u && (db->any_password || sasl_db_find(db, u));

    free(u);
    return found;
}

bool sasl_db_set_password(struct sasl_db *db, const char *user,
                          const char *password)
{
    char *u = sasl_prep_user(user);
    bool ok = u && sasl_db_find(db, u) && sasl_db_add(db, u, password);

    free(u);
    return ok;
}

/* What the c2s stream offers: Prosody 0.12's list, in its order (its
 * internal_hashed store has no SCRAM-SHA-256 keys). */
const char *const *sasl_db_mechs(const struct sasl_db *db)
{
    static const char *const offer[] = { "PLAIN", "SCRAM-SHA-1", NULL };
    static const char *const plain[] = { "PLAIN", NULL };

    return db->any_password && !db->accounts ? plain : offer;
}

bool sasl_db_offers(const struct sasl_db *db, const char *mech)
{
    for (const char *const *m = sasl_db_mechs(db); mech && *m; m++)
        if (strcmp(*m, mech) == 0)
            return true;
    return false;
}

/* What sasl_new() can run: SCRAM-SHA-256 too (the unit tests' RFC 7677
 * vectors), though the stream does not offer it. */
static const char *const *known_mechs(const struct sasl_db *db)
{
    static const char *const all[] = { "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN",
                                       NULL };
    static const char *const plain[] = { "PLAIN", NULL };

    return db->any_password && !db->accounts ? plain : all;
}

struct sasl *sasl_new(const struct sasl_db *db, const char *mech)
{
    static const char *const names[] = { "PLAIN", "SCRAM-SHA-1",
                                         "SCRAM-SHA-256" };
    const char *const *m;
    struct sasl *s;
    unsigned char rnd[18];
    size_t i;

    for (m = known_mechs(db); *m; m++)
        if (mech && strcmp(*m, mech) == 0)
            break;
    if (!*m)
        return NULL;
    for (i = 0; strcmp(names[i], mech) != 0; i++)
        ;
    s = xmalloc(sizeof(*s));
    memset(s, 0, sizeof(*s));
    s->db = db;
    s->mech = (enum sasl_mech)i;
    if (RAND_bytes(rnd, sizeof(rnd)) != 1)
        abort();
    s->nonce = sasl_b64_encode((const char *)rnd, sizeof(rnd));
    return s;
}

void sasl_free(struct sasl *s)
{
    if (!s)
        return;
    free(s->user);
    free(s->authzid);
    free(s->nonce);
    free(s->gs2);
    free(s->client_first_bare);
    free(s->server_first);
    free(s->full_nonce);
    free(s);
}

void sasl_set_nonce(struct sasl *s, const char *nonce)
{
    free(s->nonce);
    s->nonce = xstrdup(nonce);
}

/* PLAIN (RFC 4616): [authzid] NUL authcid NUL passwd. */
static enum sasl_rc plain_step(struct sasl *s, const char *in, size_t len,
                               const char **cond)
{
    const char *end = in + len, *authcid, *pass;
    const struct account *a;
    struct scram_keys k;

    authcid = memchr(in, '\0', len);
    pass = authcid ? memchr(authcid + 1, '\0', end - authcid - 1) : NULL;
    /* An empty name or password is malformed, as Prosody says. */
    if (!pass || memchr(pass + 1, '\0', end - pass - 1) ||
        pass == authcid + 1 || pass + 1 == end) {
        *cond = "malformed-request";
        return SASL_FAIL;
    }
    authcid++;
    pass++;
    if (authcid > in + 1)
        s->authzid = xstrndup(in, authcid - 1 - in);
    char *passwd = xstrndup(pass, end - pass);
    s->user = sasl_prep_user(authcid);
    *cond = "not-authorized";
    s->text = "Unable to authorize you with the authentication "
              "credentials you've sent.";
    if (!s->user) {
        free(passwd);
        return SASL_FAIL;
    }
    a = sasl_db_find(s->db, s->user);
    /* --any-password is for names that are not --user accounts: those
     * keep their passwords. */
    if (!a && s->db->any_password) {
        free(passwd);
        return SASL_SUCCESS;
    }
    if (!a) {
        free(passwd);
        return SASL_FAIL;
    }
    scram_keys(EVP_sha1(), passwd, a->salt, a->saltlen, a->iterations, &k);
    OPENSSL_cleanse(passwd, strlen(passwd));
    free(passwd);
    if (CRYPTO_memcmp(k.stored, a->sha1.stored, 20) != 0)
        return SASL_FAIL;
    return SASL_SUCCESS;
}

enum sasl_rc sasl_step(struct sasl *s, const char *in, size_t inlen, char **out,
                       size_t *outlen, const char **cond)
{
    *out = NULL;
    *outlen = 0;
    *cond = NULL;
    if (s->step < 0) {
        *cond = "malformed-request";
        return SASL_FAIL;
    }
    if (s->mech == MECH_PLAIN) {
        enum sasl_rc rc = plain_step(s, in, inlen, cond);

        s->step = -1;
        return rc;
    }
    return scram_step(s, in, inlen, out, outlen, cond);
}

const char *sasl_user(const struct sasl *s)
{
    return s->user;
}

const char *sasl_authzid(const struct sasl *s)
{
    return s->authzid;
}

const char *sasl_text(const struct sasl *s)
{
    return s->text;
}

char *sasl_b64_encode(const char *in, size_t len)
{
    char *out = xmalloc(4 * ((len + 2) / 3) + 1);

    EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)in, (int)len);
    return out;
}

char *sasl_b64_decode(const char *in, size_t *len)
{
    size_t n = strlen(in), pad = 0;
    char *out;
    int r;

    if (n % 4 != 0)
        return NULL;
    if (n && in[n - 1] == '=')
        pad++;
    if (n > 1 && in[n - 2] == '=')
        pad++;
    out = xmalloc(n / 4 * 3 + 1);
    r = EVP_DecodeBlock((unsigned char *)out, (const unsigned char *)in,
                        (int)n);
    if (r < 0 || (size_t)r < pad) {
        free(out);
        return NULL;
    }
    *len = (size_t)r - pad;
    out[*len] = '\0';
    return out;
}
