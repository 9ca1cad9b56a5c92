/* SPDX-License-Identifier: MIT */
/* tls.c - OpenSSL server context; self-signed certificate generation. */
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tls.h"
#include "xutil.h"

static void tls_err(const char *what)
{
    unsigned long e = ERR_get_error();
    char buf[256] = "";

    if (e)
        ERR_error_string_n(e, buf, sizeof(buf));
    fprintf(stderr, "mucadmin: serve: %s%s%s\n", what, *buf ? ": " : "", buf);
}

static bool add_san(X509 *x, const char *domain, const char *muc_domain)
{
    char san[600];
    X509V3_CTX ctx;
    X509_EXTENSION *ext;

    snprintf(san, sizeof(san), "DNS:%s,DNS:%s", domain, muc_domain);
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
    ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_subject_alt_name, san);
    if (!ext)
        return false;
    X509_add_ext(x, ext, -1);
    X509_EXTENSION_free(ext);
    return true;
}

/* An EC P-256 key and a one-year certificate, CN=domain. */
static X509 *make_cert(EVP_PKEY *pkey, const char *domain,
                       const char *muc_domain)
{
    X509 *x = X509_new();
    X509_NAME *name;
    unsigned char serial[8];

    if (!x)
        return NULL;
    RAND_bytes(serial, sizeof(serial));
    serial[0] &= 0x7f;
    BIGNUM *bn = BN_bin2bn(serial, sizeof(serial), NULL);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
    BN_free(bn);
    X509_set_version(x, 2);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 365L * 24 * 3600);
    X509_set_pubkey(x, pkey);
    name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               (const unsigned char *)domain, -1, -1, 0);
    X509_set_issuer_name(x, name);
    if (!add_san(x, domain, muc_domain) || !X509_sign(x, pkey, EVP_sha256())) {
        X509_free(x);
        return NULL;
    }
    return x;
}

static bool write_pem(const char *path, EVP_PKEY *pkey, X509 *x)
{
    FILE *fp = fopen(path, "w");
    bool ok;

    if (!fp)
        return false;
    ok = pkey ? PEM_write_PrivateKey(fp, pkey, NULL, NULL, 0, NULL, NULL)
              : PEM_write_X509(fp, x);
    return fclose(fp) == 0 && ok;
}

static bool self_signed(SSL_CTX *ctx, const char *domain,
                        const char *muc_domain, char **tmpdir)
{
    char tmpl[] = "/tmp/mucadmin-serve.XXXXXX", path[64];
    EVP_PKEY *pkey = EVP_EC_gen("P-256");
    X509 *x = pkey ? make_cert(pkey, domain, muc_domain) : NULL;
    bool ok = false;

    if (!x || !mkdtemp(tmpl)) {
        tls_err("cannot generate a self-signed certificate");
        goto out;
    }
    *tmpdir = xstrdup(tmpl);
    snprintf(path, sizeof(path), "%s/key.pem", tmpl);
    ok = write_pem(path, pkey, NULL);
    snprintf(path, sizeof(path), "%s/cert.pem", tmpl);
    ok = ok && write_pem(path, NULL, x);
    ok = ok && SSL_CTX_use_certificate(ctx, x) == 1 &&
         SSL_CTX_use_PrivateKey(ctx, pkey) == 1;
    if (!ok)
        tls_err("cannot write or use the generated certificate");
out:
    X509_free(x);
    EVP_PKEY_free(pkey);
    return ok;
}

SSL_CTX *tls_ctx_new(const char *cert, const char *key, const char *domain,
                     const char *muc_domain, char **tmpdir)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

    *tmpdir = NULL;
    if (!ctx) {
        tls_err("cannot create a TLS context");
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    /* RELEASE_BUFFERS: an idle connection does not keep its ~34 KiB of
     * record buffers. */
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
                              SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                              SSL_MODE_RELEASE_BUFFERS);
    if (!cert) {
        if (self_signed(ctx, domain, muc_domain, tmpdir))
            return ctx;
    } else if (SSL_CTX_use_certificate_chain_file(ctx, cert) == 1 &&
               SSL_CTX_use_PrivateKey_file(ctx, key ? key : cert,
                                           SSL_FILETYPE_PEM) == 1 &&
               SSL_CTX_check_private_key(ctx) == 1) {
        return ctx;
    } else {
        tls_err("cannot load the certificate or key");
    }
    SSL_CTX_free(ctx);
    return NULL;
}

void tls_cleanup(char *tmpdir)
{
    char path[64];

    if (!tmpdir)
        return;
    snprintf(path, sizeof(path), "%s/key.pem", tmpdir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/cert.pem", tmpdir);
    unlink(path);
    rmdir(tmpdir);
    free(tmpdir);
}
