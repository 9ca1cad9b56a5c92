/* SPDX-License-Identifier: MIT */
/* castore.h - how this process's OpenSSL finds the trusted CAs. */
#ifndef MUCADMIN_CLI_CASTORE_H
#define MUCADMIN_CLI_CASTORE_H

#include <stdbool.h>

/*
 * Before the first connection: let OpenSSL look trusted CAs up on demand
 * in its hashed CA directory instead of parsing the whole CA bundle on
 * every connection, when that gives the same trust (see castore.c).
 * insecure: no certificate is verified, so no store is needed at all.
 */
void castore_lazy(bool insecure);

/*
 * Before the first connection with a CA file: trust the CAs in cafile and
 * nothing else (neither the system's CAs nor SSL_CERT_FILE/SSL_CERT_DIR),
 * without parsing any other CA file (see castore.c).
 */
void castore_only(const char *cafile);

/* Whether dir (a directory, or a ':'-separated list of them) holds at
 * least one OpenSSL subject-hash name (8 hex digits, '.', a digit). */
bool castore_hashed_dir(const char *dir);

#endif
