/* SPDX-License-Identifier: MIT */
/* session.c - the session handle: settings, connect and disconnect. */
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "internal.h"

/* libstrophe's certificate callback has no user data; connecting is
 * blocking and sessions are per thread, so the session being connected
 * on this thread is the one asking. */
__thread mucadmin_session_t *mca_connecting;

uint64_t mca_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

mucadmin_session_t *mucadmin_session_new(void)
{
    mucadmin_session_t *s = calloc(1, sizeof(*s));

    if (!s)
        return NULL;
    mca_xml_ctx(); /* xmpp_initialize() once */
    s->log.handler = mca_log_handler;
    s->log.userdata = s;
    s->timeout_ms = 10000;
    s->fd = -1;
    s->tls = MUCADMIN_TLS_STARTTLS;
    mca_guard_init(s);
    s->nick_retries = 3;
    if (!(s->nick = strdup("mucadmin")) ||
        !(s->ctx = xmpp_ctx_new(&s->mem, &s->log))) {
        free(s->nick);
        free(s);
        return NULL;
    }
    return s;
}

void mucadmin_session_free(mucadmin_session_t *s)
{
    if (!s)
        return;
    mucadmin_session_disconnect(s);
    mca_sess_begin(s);
    free(s->jid);
    mca_xwipe(s->password);
    mca_xwipe(s->room_password);
    free(s->host);
    free(s->cafile);
    free(s->sw_service);
    free(s->nick);
    free(s->bound_jid);
    free(s->pending);
    xmpp_ctx_free(s->ctx);
    mca_guard_free(s);
    free(s);
}

static mucadmin_status_t set_str(char **dst, const char *v, int required)
{
    if (required && (!v || !*v))
        return MUCADMIN_E_INVALID;
    return mca_xstrset(dst, v) ? MUCADMIN_E_NOMEM : MUCADMIN_OK;
}

mucadmin_status_t mucadmin_session_set_jid(mucadmin_session_t *s,
                                           const char *jid)
{
    if (!s || !mucadmin_jid_valid(jid, 0))
        return MUCADMIN_E_INVALID;
    return set_str(&s->jid, jid, 1);
}

mucadmin_status_t mucadmin_session_set_password(mucadmin_session_t *s,
                                                const char *password)
{
    char *c;

    if (!s || !password)
        return MUCADMIN_E_INVALID;
    if (!(c = strdup(password)))
        return MUCADMIN_E_NOMEM;
    mca_xwipe(s->password);
    s->password = c;
    return MUCADMIN_OK;
}

void mucadmin_session_set_password_callback(mucadmin_session_t *s,
                                            mucadmin_password_cb cb,
                                            void *userdata)
{
    if (!s)
        return;
    s->password_cb = cb;
    s->password_ud = userdata;
}

mucadmin_status_t mucadmin_session_set_server(mucadmin_session_t *s,
                                              const char *host,
                                              unsigned short port)
{
    if (!s)
        return MUCADMIN_E_INVALID;
    s->port = port;
    return set_str(&s->host, host, 0);
}

void mucadmin_session_set_tls(mucadmin_session_t *s, mucadmin_tls_t mode)
{
    if (s && (unsigned)mode <= MUCADMIN_TLS_PLAINTEXT)
        s->tls = mode;
}

mucadmin_status_t mucadmin_session_set_cafile(mucadmin_session_t *s,
                                              const char *file)
{
    if (!s)
        return MUCADMIN_E_INVALID;
    return set_str(&s->cafile, file, 0);
}

void mucadmin_session_set_trust_any(mucadmin_session_t *s, int yes)
{
    if (s)
        s->trust_any = !!yes;
}

void mucadmin_session_set_timeout(mucadmin_session_t *s, unsigned ms)
{
    if (s)
        s->timeout_ms = ms ? ms : 1;
}

mucadmin_status_t mucadmin_session_set_nick(mucadmin_session_t *s,
                                            const char *nick)
{
    if (!s)
        return MUCADMIN_E_INVALID;
    return set_str(&s->nick, nick, 1);
}

mucadmin_status_t mucadmin_session_set_room_password(mucadmin_session_t *s,
                                                     const char *password)
{
    char *c = NULL;

    if (!s)
        return MUCADMIN_E_INVALID;
    if (password && !(c = strdup(password)))
        return MUCADMIN_E_NOMEM;
    mca_xwipe(s->room_password);
    s->room_password = c;
    return MUCADMIN_OK;
}

void mucadmin_session_set_event_callback(mucadmin_session_t *s,
                                         mucadmin_event_cb cb, void *userdata)
{
    if (!s)
        return;
    s->event_cb = cb;
    s->event_ud = userdata;
}

void mca_sess_event(mucadmin_session_t *s, mucadmin_event_t ev,
                    const char *room, const char *text)
{
    if (s->event_cb)
        s->event_cb(s->event_ud, ev, room, text);
}

const char *mucadmin_event_actor(const mucadmin_session_t *s)
{
    return s ? s->ev_actor : NULL;
}

const char *mucadmin_event_venue(const mucadmin_session_t *s)
{
    return s ? s->ev_venue : NULL;
}

int mucadmin_session_is_connected(const mucadmin_session_t *s)
{
    return s && s->connected;
}

int mucadmin_session_fd(const mucadmin_session_t *s)
{
    return s && s->connected ? s->fd : -1;
}

const char *mucadmin_session_bound_jid(const mucadmin_session_t *s)
{
    return s && s->connected ? s->bound_jid : NULL;
}

/*
 * libstrophe's TLS handshake loops inside one xmpp_run_once() until the
 * handshake ends, whatever our flags say: while connecting, cancelling
 * also shuts the socket down, which ends the handshake at once.  Both
 * are async-signal-safe.
 */
void mucadmin_session_cancel(mucadmin_session_t *s)
{
    if (!s)
        return;
    s->cancelled = 1;
    if (s->connecting && s->fd >= 0)
        shutdown(s->fd, SHUT_RDWR);
}

void mucadmin_session_set_interrupt(mucadmin_session_t *s,
                                    const volatile sig_atomic_t *flag)
{
    if (s)
        s->interrupt = flag;
}

void mucadmin_session_set_nick_retries(mucadmin_session_t *s, unsigned tries)
{
    if (s)
        s->nick_retries = tries;
}

int mca_certfail(const xmpp_tlscert_t *cert, const char *errormsg)
{
    if (mca_connecting) {
        mca_connecting->cert_failed = 1;
        mca_sess_detail(mca_connecting, "certificate not trusted: %s",
                        errormsg ? errormsg : "verification failed");
    }
    return 0;
}

void mca_conn_cb(xmpp_conn_t *conn, xmpp_conn_event_t event, int error,
                 xmpp_stream_error_t *stream_error, void *ud)
{
    mucadmin_session_t *s = ud;
    int was = s->connected;

    s->conn_done = 1;
    if (event == XMPP_CONN_CONNECT) {
        s->connected = 1;
        mca_xstrset(&s->bound_jid, xmpp_conn_get_bound_jid(conn));
        mca_engine_attach(s);
        return;
    }
    s->connected = 0;
    mca_rooms_forget_all(s);
    if (stream_error && stream_error->text && !s->detail)
        mca_sess_detail(s, "stream error: %s", stream_error->text);
    mca_engine_fail_all(s, MUCADMIN_E_CONNECT);
    if (was) {
        mca_sess_log(s, "connection lost");
        mca_sess_event(s, MUCADMIN_EVENT_DISCONNECTED, NULL, NULL);
    }
}
