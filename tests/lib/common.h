/* SPDX-License-Identifier: MIT */
/*
 * common.h - what the tests/lib drivers share: options, sessions, checks.
 * Drivers run against a real server (tests/suites/4x-lib-*.sh):
 *
 *   DRIVER --port N [--host H] [--cafile F] [--plain] [--domain D]
 *          [--server prosody|ejabberd|serve] [--quirks prosody|ejabberd]
 *          [--bulk N]
 *
 * Accounts user, user2, user3 @DOMAIN with password "password".
 */
#ifndef MUCADMIN_TESTS_LIB_COMMON_H
#define MUCADMIN_TESTS_LIB_COMMON_H
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mucadmin.h"
#include "../unit/check.h"

static const char *host = "127.0.0.1", *cafile, *domain = "localhost";
static const char *quirks = "prosody"; /* how the server behaves */
static const char *server = "prosody"; /* which server it is */
static unsigned short port;
static int plain, bulk = 1000;
/* Each request's deadline in session(): generous, for a loaded machine
 * (a driver expecting a timeout sets its own, shorter). */
static int session_timeout_ms = 30000;

static inline int expect(mucadmin_session_t *s, mucadmin_status_t got,
                         mucadmin_status_t want, const char *name)
{
    int ok = got == want;

    CHECK(ok, name);
    if (!ok)
        printf("  %s: got %s, want %s; detail: %s; condition: %s\n", name,
               mucadmin_strerror(got), mucadmin_strerror(want),
               s ? mucadmin_error_detail(s) : "-",
               s && mucadmin_error_condition(s) ? mucadmin_error_condition(s)
                                                : "-");
    else
        printf("ok %s\n", name);
    return ok;
}

static inline mucadmin_session_t *session(const char *user, const char *pw,
                                          mucadmin_status_t *st)
{
    mucadmin_session_t *s = mucadmin_session_new();
    char jid[128];

    snprintf(jid, sizeof(jid), "%s@%s", user, domain);
    mucadmin_session_set_jid(s, jid);
    mucadmin_session_set_password(s, pw);
    mucadmin_session_set_server(s, host, port);
    if (cafile)
        mucadmin_session_set_cafile(s, cafile);
    if (plain)
        mucadmin_session_set_tls(s, MUCADMIN_TLS_PLAINTEXT);
    mucadmin_session_set_timeout(s, session_timeout_ms);
    *st = mucadmin_session_connect(s);
    return s;
}

static inline mucadmin_session_t *login(const char *user, const char *nick)
{
    mucadmin_status_t st;
    mucadmin_session_t *s = session(user, "password", &st);
    char name[64];

    snprintf(name, sizeof(name), "connect as %s", user);
    expect(s, st, MUCADMIN_OK, name);
    if (nick)
        mucadmin_session_set_nick(s, nick);
    return s;
}

static inline int parse_options(int argc, char **argv)
{
    /* A server that goes away must show up as a status (the application's
     * job, as mucadmin.h says). */
    signal(SIGPIPE, SIG_IGN);
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(a, "--plain") == 0) {
            plain = 1;
            continue;
        }
        if (!v) {
            fprintf(stderr, "%s: %s needs a value\n", argv[0], a);
            return 2;
        }
        i++;
        if (strcmp(a, "--port") == 0)
            port = (unsigned short)atoi(v);
        else if (strcmp(a, "--host") == 0)
            host = v;
        else if (strcmp(a, "--cafile") == 0)
            cafile = v;
        else if (strcmp(a, "--domain") == 0)
            domain = v;
        else if (strcmp(a, "--server") == 0)
            server = v;
        else if (strcmp(a, "--quirks") == 0)
            quirks = v;
        else if (strcmp(a, "--bulk") == 0)
            bulk = atoi(v);
        else {
            fprintf(stderr, "%s: unknown option %s\n", argv[0], a);
            return 2;
        }
    }
    if (!port) {
        fprintf(stderr, "usage: %s --port N [--cafile F] [--plain]...\n",
                argv[0]);
        return 2;
    }
    return 0;
}

static inline int is_prosody(void)
{
    return strcmp(server, "prosody") == 0;
}

static inline int is_ejabberd(void)
{
    return strcmp(server, "ejabberd") == 0;
}

#endif
