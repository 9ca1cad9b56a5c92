/* SPDX-License-Identifier: MIT */
/* scram.c - the server side of SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802). */
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sasl_int.h"
#include "xutil.h"

static void hmac(const EVP_MD *md, const unsigned char *key, size_t keylen,
                 const char *data, size_t len, unsigned char *out)
{
    unsigned int n;

    if (!HMAC(md, key, (int)keylen, (const unsigned char *)data, len, out, &n))
        abort();
}

void scram_keys(const EVP_MD *md, const char *password,
                const unsigned char *salt, size_t saltlen, int iterations,
                struct scram_keys *out)
{
    unsigned char salted[EVP_MAX_MD_SIZE], client_key[EVP_MAX_MD_SIZE];
    size_t n = EVP_MD_size(md);

    if (!PKCS5_PBKDF2_HMAC(password, strlen(password), salt, (int)saltlen,
                           iterations, md, (int)n, salted))
        abort();
    hmac(md, salted, n, "Client Key", 10, client_key);
    hmac(md, salted, n, "Server Key", 10, out->server);
    if (!EVP_Digest(client_key, n, out->stored, NULL, md, NULL))
        abort();
    OPENSSL_cleanse(salted, sizeof(salted));
    OPENSSL_cleanse(client_key, sizeof(client_key));
}

/* The value of attribute "k=" at the start of s, up to the next comma. */
static char *attr(const char *s, char k, const char **rest)
{
    const char *comma;

    if (s[0] != k || s[1] != '=')
        return NULL;
    comma = strchr(s + 2, ',');
    *rest = comma ? comma + 1 : s + strlen(s);
    return xstrndup(s + 2, comma ? (size_t)(comma - s - 2) : strlen(s + 2));
}

/* saslname: "=2C" is ',', "=3D" is '='; any other '=' is malformed. */
static char *unescape_name(const char *in)
{
    char *out = xmalloc(strlen(in) + 1), *o = out;

    for (; *in; in++) {
        if (*in != '=') {
            *o++ = *in;
        } else if (strncmp(in, "=2C", 3) == 0) {
            *o++ = ',';
            in += 2;
        } else if (strncmp(in, "=3D", 3) == 0) {
            *o++ = '=';
            in += 2;
        } else {
            free(out);
            return NULL;
        }
    }
    *o = '\0';
    return out;
}

/* The GS2 header "n,," or "y,," with an optional "a=authzid"; returns
 * where the bare message starts, or NULL.  No channel binding: we offer
 * no -PLUS mechanism. */
static const char *gs2_header(struct sasl *s, const char *in)
{
    const char *p = in + 2, *c;
    char *raw;

    if ((in[0] != 'n' && in[0] != 'y') || in[1] != ',')
        return NULL;
    if (p[0] == 'a' && p[1] == '=') {
        c = strchr(p, ',');
        if (!c)
            return NULL;
        raw = xstrndup(p + 2, c - p - 2);
        s->authzid = unescape_name(raw);
        free(raw);
        if (!s->authzid)
            return NULL;
        p = c;
    }
    if (*p != ',')
        return NULL;
    s->gs2 = xstrndup(in, p + 1 - in);
    return p + 1;
}

/* server-first-message: r=cnonce+snonce,s=salt,i=iterations. */
static char *server_first(struct sasl *s, const char *cnonce)
{
    const struct account *a = s->acct;
    char *salt = sasl_b64_encode((const char *)a->salt, a->saltlen);
    size_t len = strlen(cnonce) + strlen(s->nonce) + 1;

    s->full_nonce = xmalloc(len);
    snprintf(s->full_nonce, len, "%s%s", cnonce, s->nonce);
    len = strlen(s->full_nonce) + strlen(salt) + 32;
    s->server_first = xmalloc(len);
    snprintf(s->server_first, len, "r=%s,s=%s,i=%d", s->full_nonce, salt,
             a->iterations);
    free(salt);
    return xstrdup(s->server_first);
}

/* client-first-message: gs2-header client-first-message-bare. */
static enum sasl_rc client_first(struct sasl *s, const char *in, char **out,
                                 const char **cond)
{
    const char *bare = gs2_header(s, in), *rest;
    char *name, *cnonce, *raw;

    *cond = "malformed-request";
    if (!bare)
        return SASL_FAIL;
    name = attr(bare, 'n', &rest);
    cnonce = name ? attr(rest, 'r', &rest) : NULL;
    if (!cnonce || !*cnonce || *rest == 'm') { /* mandatory extension */
        free(name);
        free(cnonce);
        return SASL_FAIL;
    }
    raw = unescape_name(name);
    free(name);
    if (!raw) {
        free(cnonce);
        return SASL_FAIL;
    }
    s->client_first_bare = xstrdup(bare);
    s->user = sasl_prep_user(raw);
    free(raw);
    *cond = "not-authorized";
    s->acct = s->user ? sasl_db_find(s->db, s->user) : NULL;
    if (s->acct)
        *out = server_first(s, cnonce);
    free(cnonce);
    return s->acct ? SASL_CONTINUE : SASL_FAIL;
}

/* client-final-message: c=...,r=...[,ext],p=proof. */
static enum sasl_rc client_final(struct sasl *s, const char *in, char **out,
                                 const char **cond)
{
    const EVP_MD *md = s->mech == MECH_SCRAM_SHA1 ? EVP_sha1() : EVP_sha256();
    const struct scram_keys *k = s->mech == MECH_SCRAM_SHA1 ? &s->acct->sha1
                                                            : &s->acct->sha256;
    size_t n = EVP_MD_size(md), plen = 0;
    unsigned char sig[EVP_MAX_MD_SIZE], key[EVP_MAX_MD_SIZE];
    const char *rest, *pp = strstr(in, ",p=");
    char *cb, *nonce, *proof, *gs2b64, *msg, *v;
    enum sasl_rc rc = SASL_FAIL;

    /* Prosody 0.12.3's conditions and texts, in its order. */
    *cond = "malformed-request";
    s->text = "Missing an attribute(p, r or c) in SASL message.";
    cb = attr(in, 'c', &rest);
    nonce = cb ? attr(rest, 'r', &rest) : NULL;
    proof = pp ? sasl_b64_decode(pp + 3, &plen) : NULL;
    gs2b64 = sasl_b64_encode(s->gs2, strlen(s->gs2));
    if (!nonce || !proof)
        goto out;
    s->text = "Invalid channel binding value.";
    if (strcmp(cb, gs2b64) != 0)
        goto out;
    s->text = "Wrong nonce in client-final-message.";
    if (strcmp(nonce, s->full_nonce) != 0)
        goto out;
    *cond = "not-authorized";
    s->text = "The response provided by the client doesn't match the one "
              "we calculated.";
    if (plen != n)
        goto out;
    size_t len = strlen(s->client_first_bare) + strlen(s->server_first) +
                 (pp - in) + 3;
    msg = xmalloc(len);
    snprintf(msg, len, "%s,%s,%.*s", s->client_first_bare, s->server_first,
             (int)(pp - in), in);
    hmac(md, k->stored, n, msg, strlen(msg), sig);
    for (size_t i = 0; i < n; i++)
        key[i] = (unsigned char)proof[i] ^ sig[i];
    if (!EVP_Digest(key, n, key, NULL, md, NULL))
        abort();
    if (CRYPTO_memcmp(key, k->stored, n) == 0) {
        hmac(md, k->server, n, msg, strlen(msg), sig);
        v = sasl_b64_encode((const char *)sig, n);
        len = strlen(v) + 3;
        *out = xmalloc(len);
        snprintf(*out, len, "v=%s", v);
        free(v);
        s->text = NULL;
        rc = SASL_SUCCESS;
    }
    free(msg);
out:
    free(cb);
    free(nonce);
    free(proof);
    free(gs2b64);
    return rc;
}

enum sasl_rc scram_step(struct sasl *s, const char *in, size_t inlen,
                        char **out, size_t *outlen, const char **cond)
{
    enum sasl_rc rc;

    if (memchr(in, '\0', inlen)) {
        *cond = "malformed-request";
        s->step = -1;
        return SASL_FAIL;
    }
    char *msg = xstrndup(in, inlen);

    if (s->step == 0)
        rc = client_first(s, msg, out, cond);
    else
        rc = client_final(s, msg, out, cond);
    free(msg);
    s->step = rc == SASL_CONTINUE ? s->step + 1 : -1;
    if (*out)
        *outlen = strlen(*out);
    return rc;
}
