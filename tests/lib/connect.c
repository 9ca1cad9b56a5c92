/* SPDX-License-Identifier: MIT */
/* connect.c - libmucadmin connection statuses, TLS policy and the log. */
#include "common.h"

/* ---- connection statuses and the log ---- */

static int saw_auth, leaked, saw_recv, saw_info, asked;

static char *ask_password(void *ud)
{
    asked++;
    return strdup(ud);
}

static void log_cb(void *ud, mucadmin_log_t kind, const char *text)
{
    saw_recv |= kind == MUCADMIN_LOG_RECEIVED && strstr(text, "<stream");
    saw_info |= kind == MUCADMIN_LOG_INFO;
    if (kind == MUCADMIN_LOG_SENT && strstr(text, "<auth") &&
        strstr(text, "[redacted]"))
        saw_auth = 1;
    /* base64 of "\0user\0password" (PLAIN) and of "n,,n=user" (SCRAM) */
    if (strstr(text, "AHVzZXIAcGFzc3dvcmQ") || strstr(text, "biwsbj11c2Vy"))
        leaked = 1;
}

/* Direct TLS through tests/lib/tls-proxy.py (--direct-port). */
static void test_direct(unsigned short direct)
{
    mucadmin_session_t *s = mucadmin_session_new();

    mucadmin_session_set_jid(s, "user@localhost");
    mucadmin_session_set_password(s, "password");
    mucadmin_session_set_server(s, host, direct);
    mucadmin_session_set_tls(s, MUCADMIN_TLS_DIRECT);
    mucadmin_session_set_cafile(s, cafile);
    expect(s, mucadmin_session_connect(s), MUCADMIN_OK,
           "direct TLS (XEP-0368)");
    mucadmin_session_free(s);

    s = mucadmin_session_new();
    mucadmin_session_set_jid(s, "user@localhost");
    mucadmin_session_set_password(s, "password");
    mucadmin_session_set_server(s, host, direct);
    mucadmin_session_set_tls(s, MUCADMIN_TLS_DIRECT);
    expect(s, mucadmin_session_connect(s), MUCADMIN_E_CERT,
           "direct TLS, certificate not trusted: E_CERT");
    mucadmin_session_free(s);
}

static void test_connect(void)
{
    mucadmin_session_t *s;
    mucadmin_status_t st;

    s = mucadmin_session_new();
    mucadmin_session_set_log(s, log_cb, NULL);
    mucadmin_session_set_jid(s, "user@localhost");
    mucadmin_session_set_password(s, "password");
    mucadmin_session_set_server(s, host, port);
    if (cafile)
        mucadmin_session_set_cafile(s, cafile);
    if (plain)
        mucadmin_session_set_tls(s, MUCADMIN_TLS_PLAINTEXT);
    expect(s, mucadmin_session_connect(s), MUCADMIN_OK, "connect with log");
    CHECK(mucadmin_session_is_connected(s), "is_connected");
    CHECK(mucadmin_session_fd(s) >= 0, "connected: a descriptor to wait on");
    CHECK(mucadmin_session_bound_jid(s) &&
              strncmp(mucadmin_session_bound_jid(s), "user@localhost/", 15) ==
                  0,
          "bound jid");
    CHECK(saw_auth, "log: <auth> sent with its payload redacted");
    CHECK(!leaked, "log: no SASL credentials");
    CHECK(saw_recv, "log: received XML");
    CHECK(saw_info, "log: sentences about what the library does");
    mucadmin_session_disconnect(s);
    CHECK(!mucadmin_session_is_connected(s), "disconnected");
    CHECK(mucadmin_session_fd(s) == -1, "disconnected: no descriptor");
    mucadmin_session_free(s);

    s = mucadmin_session_new();
    mucadmin_session_set_jid(s, "user@localhost");
    mucadmin_session_set_password_callback(s, ask_password, "password");
    mucadmin_session_set_server(s, host, port);
    if (cafile)
        mucadmin_session_set_cafile(s, cafile);
    if (plain)
        mucadmin_session_set_tls(s, MUCADMIN_TLS_PLAINTEXT);
    expect(s, mucadmin_session_connect(s), MUCADMIN_OK,
           "password from a callback");
    CHECK(asked == 1, "the callback was asked once");
    mucadmin_session_free(s);

    s = session("user", "wrong", &st);
    expect(s, st, MUCADMIN_E_AUTH, "wrong password: E_AUTH");
    mucadmin_session_free(s);

    if (!plain && cafile) {
        const char *keep = cafile;

        cafile = NULL; /* system CAs do not know the test certificate */
        s = session("user", "password", &st);
        expect(s, st, MUCADMIN_E_CERT, "untrusted certificate: E_CERT");
        mucadmin_session_free(s);
        cafile = keep;

        s = mucadmin_session_new();
        mucadmin_session_set_jid(s, "user@localhost");
        mucadmin_session_set_password(s, "password");
        mucadmin_session_set_server(s, host, port);
        mucadmin_session_set_trust_any(s, 1);
        expect(s, mucadmin_session_connect(s), MUCADMIN_OK,
               "trust any certificate");
        mucadmin_session_free(s);

        s = mucadmin_session_new();
        mucadmin_session_set_jid(s, "user@localhost");
        mucadmin_session_set_password(s, "password");
        mucadmin_session_set_server(s, host, port);
        mucadmin_session_set_tls(s, MUCADMIN_TLS_DIRECT);
        mucadmin_session_set_cafile(s, cafile);
        mucadmin_session_set_timeout(s, 5000);
        expect(s, mucadmin_session_connect(s), MUCADMIN_E_TLS,
               "direct TLS to a STARTTLS port: E_TLS");
        mucadmin_session_free(s);

        s = mucadmin_session_new();
        mucadmin_session_set_jid(s, "user@localhost");
        mucadmin_session_set_password(s, "password");
        mucadmin_session_set_server(s, host, port);
        mucadmin_session_set_tls(s, MUCADMIN_TLS_PLAINTEXT);
        /* the test Prosody and ejabberd require TLS; the mini server
         * offers it */
        int tls_required = is_prosody() || is_ejabberd();
        expect(s, mucadmin_session_connect(s),
               tls_required ? MUCADMIN_E_TLS : MUCADMIN_OK,
               tls_required ? "plaintext to a server requiring TLS: E_TLS"
                            : "plaintext when explicitly asked");
        mucadmin_session_free(s);
    }

    s = mucadmin_session_new();
    mucadmin_session_set_jid(s, "user@localhost");
    mucadmin_session_set_password(s, "password");
    mucadmin_session_set_server(s, "no-such-host.invalid", port);
    expect(s, mucadmin_session_connect(s), MUCADMIN_E_DNS,
           "unknown host: E_DNS");
    mucadmin_session_free(s);

    s = mucadmin_session_new();
    mucadmin_session_set_jid(s, "user@no-such-domain.invalid");
    mucadmin_session_set_password(s, "password");
    expect(s, mucadmin_session_connect(s), MUCADMIN_E_DNS,
           "unknown domain, DNS SRV: E_DNS");
    CHECK(mucadmin_error_detail(s) &&
              strstr(mucadmin_error_detail(s), "no-such-domain.invalid"),
          "the detail names the domain");
    mucadmin_session_free(s);

    s = mucadmin_session_new();
    mucadmin_session_set_jid(s, "user@localhost");
    mucadmin_session_set_password(s, "password");
    mucadmin_session_set_server(s, "127.0.0.1", 1);
    expect(s, mucadmin_session_connect(s), MUCADMIN_E_CONNECT,
           "closed port: E_CONNECT");
    mucadmin_session_free(s);

    s = mucadmin_session_new();
    expect(s, mucadmin_room_info_get(s, "a@b", NULL), MUCADMIN_E_INVALID,
           "NULL out argument: E_INVALID");
    {
        mucadmin_info_t *i;

        expect(s, mucadmin_room_info_get(s, "a@b", &i), MUCADMIN_E_NOTCONN,
               "not connected: E_NOTCONN");
    }
    mucadmin_session_free(s);
}

int main(int argc, char **argv)
{
    unsigned short direct = 0;

    /* --direct-port N (first): a direct TLS front of the same server */
    if (argc > 2 && strcmp(argv[1], "--direct-port") == 0) {
        direct = (unsigned short)atoi(argv[2]);
        argv[2] = argv[0];
        argv += 2;
        argc -= 2;
    }
    if (parse_options(argc, argv))
        return 2;
    if (direct) {
        test_direct(direct);
        return check_done();
    }
    test_connect();
    return check_done();
}
