/* SPDX-License-Identifier: MIT */
/*
 * floor.c - the one-shot benchmark's floor: a minimal libstrophe program
 * that connects, negotiates STARTTLS, authenticates (SCRAM), binds and
 * disconnects, doing nothing else.
 *
 *   floor JID PASSWORD HOST PORT [CAFILE|-|@system] [starttls|direct|plain]
 * (password "-" reads $MUCADMIN_PASSWORD; CAFILE "-" trusts any cert,
 * "@system" verifies against OpenSSL's default locations alone; direct:
 * TLS from the first byte, plain: no TLS.)
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <strophe.h>

static int status = 1;

static void on_conn(xmpp_conn_t *conn, xmpp_conn_event_t event, int error,
                    xmpp_stream_error_t *stream_error, void *userdata)
{
    xmpp_ctx_t *ctx = userdata;
    (void)error;
    (void)stream_error;
    if (event == XMPP_CONN_CONNECT) {
        status = 0;
        xmpp_disconnect(conn);
        return;
    }
    xmpp_stop(ctx);
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: floor JID PASSWORD HOST PORT "
                        "[CAFILE|-|@system] [starttls|direct|plain]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    const char *pass = argv[2];
    if (strcmp(pass, "-") == 0 && !(pass = getenv("MUCADMIN_PASSWORD")))
        pass = "";
    xmpp_initialize();
    xmpp_ctx_t *ctx = xmpp_ctx_new(NULL, NULL);
    xmpp_conn_t *conn = xmpp_conn_new(ctx);
    xmpp_conn_set_jid(conn, argv[1]);
    xmpp_conn_set_pass(conn, pass);
    const char *mode = argc > 6 ? argv[6] : "starttls";
    long flags = XMPP_CONN_FLAG_MANDATORY_TLS;
    if (strcmp(mode, "direct") == 0)
        flags = XMPP_CONN_FLAG_LEGACY_SSL;
    else if (strcmp(mode, "plain") == 0)
        flags = XMPP_CONN_FLAG_DISABLE_TLS;
    if (argc > 5 && strcmp(argv[5], "@system") == 0)
        ;
    else if (argc > 5 && strcmp(argv[5], "-") != 0)
        xmpp_conn_set_cafile(conn, argv[5]);
    else
        flags |= XMPP_CONN_FLAG_TRUST_TLS;
    xmpp_conn_set_flags(conn, flags);
    if (xmpp_connect_client(conn, argv[3], (unsigned short)atoi(argv[4]),
                            on_conn, ctx) == XMPP_EOK)
        xmpp_run(ctx);
    xmpp_conn_release(conn);
    xmpp_ctx_free(ctx);
    xmpp_shutdown();
    if (status)
        fprintf(stderr, "floor: could not log in\n");
    return status;
}
