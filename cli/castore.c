/* SPDX-License-Identifier: MIT */
/*
 * castore.c - the trusted CAs, loaded lazily.
 *
 * libstrophe 0.12 calls SSL_CTX_set_default_verify_paths() for every
 * connection, which parses OpenSSL's default CA file: on Debian the whole
 * bundle, ~150 certificates and 440 KB of PEM, half the CPU time of a
 * one-shot command.  The same call also adds the default CA directory,
 * where OpenSSL reads a certificate only when a chain needs it, found by
 * its subject hash.  Debian's update-ca-certificates writes the same CAs
 * to both; so when the directory is hashed, pointing SSL_CERT_FILE at an
 * empty file keeps the trust and drops the parsing (measured: a login
 * 98 ms -> 20 ms).  A SSL_CERT_FILE the user set is never touched.
 *
 * With --cafile (or cafile: in the account) the trust is that file alone.
 * libstrophe still makes OpenSSL load its default locations before it
 * adds the file, so both are pointed at the file for this process: the
 * default file is the given one and the default directory none, and the
 * system bundle (or a bundle SSL_CERT_FILE names) is never parsed.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "castore.h"

static bool hash_name(const char *n)
{
    for (int i = 0; i < 8; i++)
        if (!isxdigit((unsigned char)n[i]))
            return false;
    return n[8] == '.' && isdigit((unsigned char)n[9]) && !n[10];
}

static bool one_hashed(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    bool found = false;

    if (!d)
        return false;
    while (!found && (e = readdir(d)))
        found = hash_name(e->d_name);
    closedir(d);
    return found;
}

bool castore_hashed_dir(const char *dirs)
{
    char *copy = strdup(dirs ? dirs : ""), *save = NULL, *dir;
    bool found = false;

    for (dir = copy ? strtok_r(copy, ":", &save) : NULL; dir && !found;
         dir = strtok_r(NULL, ":", &save))
        found = one_hashed(dir);
    free(copy);
    return found;
}

void castore_only(const char *cafile)
{
    /* "/dev/null": a directory where no certificate can be found. */
    setenv(X509_get_default_cert_file_env(), cafile, 1);
    setenv(X509_get_default_cert_dir_env(), "/dev/null", 1);
}

void castore_lazy(bool insecure)
{
    const char *file_env = X509_get_default_cert_file_env();
    const char *dir = getenv(X509_get_default_cert_dir_env());

    if (getenv(file_env))
        return;
    if (!dir)
        dir = X509_get_default_cert_dir();
    if (insecure || castore_hashed_dir(dir))
        setenv(file_env, "/dev/null", 0);
}
