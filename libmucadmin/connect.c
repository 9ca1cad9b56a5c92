/* SPDX-License-Identifier: MIT */
/* connect.c - connecting (TLS policy, password) and telling failures apart. */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "internal.h"

static long conn_flags(const mucadmin_session_t *s)
{
    long f = XMPP_CONN_FLAG_DISABLE_SM;

    switch (s->tls) {
    case MUCADMIN_TLS_STARTTLS: f |= XMPP_CONN_FLAG_MANDATORY_TLS; break;
    case MUCADMIN_TLS_DIRECT: f |= XMPP_CONN_FLAG_LEGACY_SSL; break;
    case MUCADMIN_TLS_PLAINTEXT: f |= XMPP_CONN_FLAG_DISABLE_TLS; break;
    }
    if (s->trust_any)
        f |= XMPP_CONN_FLAG_TRUST_TLS;
    return f;
}

static int resolves(const char *name)
{
    struct addrinfo hints, *res = NULL;
    int rc;

    memset(&hints, 0, sizeof(hints));
    hints.ai_socktype = SOCK_STREAM;
    rc = getaddrinfo(name, NULL, &hints, &res);
    if (res)
        freeaddrinfo(res);
    return rc == 0;
}

/* The name we (or libstrophe) had to resolve: the override or the
 * JID's domain (libstrophe falls back to it when SRV finds nothing). */
static void target_name(const mucadmin_session_t *s, char *buf, size_t len)
{
    const char *at, *dom;

    if (s->host) {
        snprintf(buf, len, "%s", s->host);
        return;
    }
    at = strchr(s->jid, '@');
    dom = at ? at + 1 : s->jid;
    snprintf(buf, len, "%.*s", (int)strcspn(dom, "/"), dom);
}

static mucadmin_status_t classify(mucadmin_session_t *s)
{
    char name[256];

    if (s->broken) /* detail: mca_guard_check() */
        return MUCADMIN_E_PROTOCOL;
    if (s->cert_failed)
        return MUCADMIN_E_CERT;
    if (s->tls == MUCADMIN_TLS_PLAINTEXT && s->tls_required) {
        mca_sess_detail(s, "the server requires TLS; plaintext was asked for");
        return MUCADMIN_E_TLS;
    }
    if (s->auth_failed) {
        mca_sess_detail(s, "the server refused the credentials of %s", s->jid);
        return MUCADMIN_E_AUTH;
    }
    if (s->tls_failed || (s->saw_stream && s->tls != MUCADMIN_TLS_PLAINTEXT &&
                          !xmpp_conn_is_secured(s->conn))) {
        if (!s->detail)
            mca_sess_detail(s, "TLS could not be negotiated with the server");
        return MUCADMIN_E_TLS;
    }
    target_name(s, name, sizeof(name));
    if (!s->saw_stream && !resolves(name)) {
        mca_sess_detail(s, "cannot resolve %s", name);
        return MUCADMIN_E_DNS;
    }
    if (s->saw_stream) {
        if (!s->detail)
            mca_sess_detail(s, "the server closed the stream while logging in");
        return MUCADMIN_E_AUTH;
    }
    if (!s->detail)
        mca_sess_detail(s, "could not connect to %s", name);
    return MUCADMIN_E_CONNECT;
}

static mucadmin_status_t set_password(mucadmin_session_t *s)
{
    char *pw;

    if (s->password) {
        xmpp_conn_set_pass(s->conn, s->password);
        return MUCADMIN_OK;
    }
    if (!s->password_cb || !(pw = s->password_cb(s->password_ud))) {
        mca_sess_detail(s, "no password");
        return MUCADMIN_E_AUTH;
    }
    xmpp_conn_set_pass(s->conn, pw);
    mca_xwipe(pw);
    return MUCADMIN_OK;
}

/*
 * Requests are small and pipelined: without TCP_NODELAY, Nagle holds each
 * one back until the server acknowledges the previous segment.
 */
static int sockopt_cb(xmpp_conn_t *conn, void *sock)
{
    int fd = *(int *)sock, one = 1;

    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (mca_connecting)
        mca_connecting->fd = fd; /* for mca_engine_run() */
    return 0;
}

static void drop_conn(mucadmin_session_t *s)
{
    struct joined *j;

    if (s->conn)
        xmpp_conn_release(s->conn);
    s->conn = NULL;
    s->fd = -1;
    s->connected = 0;
    /* The rooms we were in went with the connection. */
    while ((j = s->joined)) {
        s->joined = j->next;
        free(j->room);
        free(j->nick);
        free(j);
    }
}

static mucadmin_status_t start(mucadmin_session_t *s)
{
    unsigned short port = s->port;
    mucadmin_status_t st;

    if (!(s->conn = xmpp_conn_new(s->ctx)))
        return MUCADMIN_E_NOMEM;
    xmpp_conn_set_flags(s->conn, conn_flags(s));
    xmpp_conn_set_jid(s->conn, s->jid);
    if ((st = set_password(s)) != MUCADMIN_OK)
        return st;
    if (s->cafile)
        xmpp_conn_set_cafile(s->conn, s->cafile);
    xmpp_conn_set_certfail_handler(s->conn, mca_certfail);
    xmpp_conn_set_sockopt_callback(s->conn, sockopt_cb);
    if (s->host && !port)
        port = s->tls == MUCADMIN_TLS_DIRECT ? 5223 : 5222;
    if (xmpp_connect_client(s->conn, s->host, port, mca_conn_cb, s) != XMPP_EOK)
        return classify(s);
    return MUCADMIN_OK;
}

mucadmin_status_t mucadmin_session_connect(mucadmin_session_t *s)
{
    mucadmin_status_t st;
    uint64_t deadline;

    if (!s || !s->jid)
        return MUCADMIN_E_INVALID;
    mucadmin_session_disconnect(s);
    mca_sess_begin(s);
    s->conn_done = s->cert_failed = s->tls_failed = s->auth_failed = 0;
    s->saw_stream = s->tls_required = 0;
    mca_guard_reset(s);
    mca_connecting = s;
    mca_sess_log(s, "connecting as %s", s->jid);
    if (sess_cancelled(s)) {
        st = MUCADMIN_E_CANCELLED;
        goto out;
    }
    s->connecting = 1; /* mucadmin_session_cancel() may shut the socket down */
    if ((st = start(s)) != MUCADMIN_OK)
        goto out;
    deadline = mca_now_ms() + s->timeout_ms;
    while (!s->conn_done && !sess_cancelled(s) && mca_now_ms() < deadline)
        mca_engine_run(s, 50);
    if (s->connected) {
        st = MUCADMIN_OK;
        mca_sess_log(s, "connected as %s", s->bound_jid);
    } else if (sess_cancelled(s)) {
        st = MUCADMIN_E_CANCELLED; /* whatever the cut socket said */
    } else if (s->conn_done) {
        st = classify(s);
    } else {
        st = sess_cancelled(s) ? MUCADMIN_E_CANCELLED : MUCADMIN_E_TIMEOUT;
        if (st == MUCADMIN_E_TIMEOUT)
            mca_sess_detail(s, "not logged in after %u ms", s->timeout_ms);
    }
out:
    s->connecting = 0;
    mca_connecting = NULL;
    if (st != MUCADMIN_OK)
        drop_conn(s);
    return st;
}

void mucadmin_session_disconnect(mucadmin_session_t *s)
{
    uint64_t deadline;

    if (!s || !s->conn)
        return;
    if (s->connected) {
        while (s->joined)
            mca_room_leave(s, s->joined->room);
        s->conn_done = 0;
        xmpp_disconnect(s->conn);
        deadline = mca_now_ms() + 2000;
        while (s->connected && mca_now_ms() < deadline)
            xmpp_run_once(s->ctx, 50);
    }
    mca_engine_fail_all(s, MUCADMIN_E_NOTCONN);
    mca_rooms_forget_all(s);
    drop_conn(s);
}
