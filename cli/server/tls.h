/* SPDX-License-Identifier: MIT */
/* tls.h - the server's OpenSSL context and its self-signed certificate. */
#ifndef MUCSRV_TLS_H
#define MUCSRV_TLS_H

#include <openssl/ssl.h>

/*
 * A server context from cert/key files, or (cert NULL) from a fresh
 * self-signed certificate for domain and muc_domain written to a new temp
 * dir (*tmpdir set, malloc'd; the caller removes it with tls_cleanup).
 * NULL after printing an error.
 */
SSL_CTX *tls_ctx_new(const char *cert, const char *key, const char *domain,
                     const char *muc_domain, char **tmpdir);
/* Remove the generated files and their dir; frees tmpdir. */
void tls_cleanup(char *tmpdir);

#endif
