/* SPDX-License-Identifier: MIT */
/*
 * core.h - the server core's internals shared by its files: the server
 * state, client sessions (c2s), routing and the server's own iq handlers.
 */
#ifndef MUCSRV_CORE_H
#define MUCSRV_CORE_H

#include <openssl/ssl.h>
#include <stdbool.h>

#include "conn.h"
#include "server.h"
#include "strmap.h"
#include "xparse.h"

#define NS_STREAM_ERRORS "urn:ietf:params:xml:ns:xmpp-streams"
#define NS_TLS "urn:ietf:params:xml:ns:xmpp-tls"
#define NS_SASL "urn:ietf:params:xml:ns:xmpp-sasl"
#define NS_BIND "urn:ietf:params:xml:ns:xmpp-bind"
#define NS_SESSION "urn:ietf:params:xml:ns:xmpp-session"
#define NS_ROSTER "jabber:iq:roster"

#define STANZA_MAX (256 * 1024) /* Prosody's c2s_stanza_size_limit */
#define AUTH_FAILS_MAX 3        /* failed SASL attempts per stream */
#define AUTH_ADDRS 256          /* addresses whose failures we track */

struct sasl;
struct sasl_db;
struct muc;

struct c2s {
    struct conn conn;
    struct server *srv;
    struct xparse *parser;
    bool restart; /* new parser before the next bytes */
    bool opened;  /* our stream header is out */
    bool authed, bound;
    bool ended;      /* session over: no more routing to it */
    char *user;      /* localpart after SASL */
    char *full_jid;  /* after bind, prepared */
    size_t bare_len; /* length of full_jid's bare part */
    char *lang;      /* the client's stream xml:lang */
    struct sasl *sasl;
    struct xnode *presence; /* current broadcast presence, or NULL */
    char **directed;        /* JIDs sent directed available presence */
    size_t ndirected;
    double deadline;         /* handshake or idle timeout: c2s_deadline() */
    struct c2s *prev, *next; /* all sessions (server.sessions) */
    bool indexed;            /* in the routing index */
    struct c2s *acct_prev, *acct_next; /* the account's indexed sessions */
    bool dirty, freeing;
    struct c2s *dirty_prev, *dirty_next; /* server.dirty */
    unsigned ep_events;                  /* what epoll watches for it */
    int auth_fails;     /* failed SASL attempts on this stream */
    struct xnode *held; /* a SASL element waiting (c2s_authlimit.c) */
    double held_until;
};

/* Recent failed logins from one address (c2s_authlimit.c). */
struct auth_addr {
    char addr[48];
    unsigned fails; /* since the address was last quiet */
    double last;    /* the last failure */
    double slot;    /* when its next attempt may be looked at */
};

struct server {
    const struct srv_config *cfg;
    struct sasl_db *db;
    struct muc *muc;
    SSL_CTX *tls;
    int listen_fd;
    struct c2s *sessions;
    /* Routing index of bound sessions: full JID -> session, bare JID ->
     * the first of the account's sessions (then c2s.acct_next). */
    struct strmap by_full, by_bare;
    /* Sessions the loop must look at (output queued, state changed). */
    struct c2s *dirty;
    int epoll_fd;
    double next_tick; /* when the loop next checks deadlines */
    double handshake_timeout, idle_timeout;
    double auth_delay; /* the first failure's delay; doubles after */
    struct auth_addr auth_addrs[AUTH_ADDRS];
};

double core_now(void);

/* -v: log XML in (dir "RECV") and out ("SEND") of a session. */
extern bool core_verbose;
void c2s_log(const struct c2s *c, const char *dir, const char *data,
             size_t len);

static inline bool c2s_secure(const struct c2s *c)
{
    return c->conn.tls == TLS_UP;
}

/* c2s.c */
/* A session on fd, in the server's list (c2s_free takes it out). */
struct c2s *c2s_new(struct server *s, int fd);
void c2s_free(struct c2s *c);
/* Ask the loop to flush c's output and look at its state this turn: for
 * anything that queues output or ends a connection outside c2s_write(). */
void c2s_dirty(struct c2s *c);
/* Set the handshake or idle deadline (the loop's next check comes no
 * later than it). */
void c2s_deadline(struct c2s *c, double when);
/* Socket readable or writable. */
void c2s_io(struct c2s *c);
void c2s_timeout(struct c2s *c);
/* Queue raw XML for the client (logged with -v). */
void c2s_write(struct c2s *c, const char *xml);
/* Send a stanza (serialised in jabber:client; does not take it). */
void c2s_send(struct c2s *c, const struct xnode *stanza);
/* Dropped for the output budget (conn.overflowed): a stream error
 * (resource-constraint) and the end of the session. */
void c2s_overflowed(struct c2s *c);
/* Send a stream error and end the session (err: for presence status). */
void c2s_stream_error(struct c2s *c, const char *cond, const char *text);
/* Unbind: unavailable presence to everyone who had it; no more routing. */
void c2s_end(struct c2s *c, const char *err);
void c2s_stanza_in(struct c2s *c, struct xnode *st);
/* A stream restart (after STARTTLS or SASL) is due: a new parser. */
void c2s_restart_due(struct c2s *c);

/* c2s_auth.c: STARTTLS and SASL top-level elements. */
bool c2s_negotiate(struct c2s *c, struct xnode *el);
/* c2s_authlimit.c: slowing repeated failed logins from one address.
 * Whether el (a SASL auth or response) must wait: then it is kept in
 * c->held until c->held_until, when the loop calls c2s_auth_release(). */
bool c2s_auth_hold(struct c2s *c, const struct xnode *el);
void c2s_auth_release(struct c2s *c);
/* c2s_auth.c: a SASL auth element, looked at now. */
void c2s_auth_now(struct c2s *c, struct xnode *el);
/* A failed attempt from c's address (its next ones wait longer). */
void c2s_auth_failed(struct c2s *c);
/* How long attempts from an address with this many recent failures wait
 * (bounded); exposed for the unit tests. */
double auth_delay_for(const struct server *s, unsigned fails);
/* c2s_bind.c: the iq stanzas that bind and start a session. */
bool c2s_bind_iq(struct c2s *c, struct xnode *iq);
void c2s_features(struct c2s *c, struct xnode *features);

/* c2s_register.c: jabber:iq:register from a logged-in user to the server
 * or to the account itself (password change): handled, true. */
bool c2s_register_iq(struct server *s, struct xnode *iq);

/* presence.c: presence from a local session. */
void presence_out(struct c2s *c, struct xnode *st);
void presence_forget_directed(struct c2s *c);

/* router.c */
/* Index a session by its full JID (set, prepared) and its account; one it
 * replaces (same full JID) leaves the index. */
void router_bind(struct server *s, struct c2s *c);
/* Out of the index (unbind, disconnect); no-op if not in it. */
void router_unbind(struct server *s, struct c2s *c);
/* The bound session with this (prepared) full JID, or NULL. */
struct c2s *router_session(struct server *s, const char *full_jid);
/* The account's first bound session (then acct_next), or NULL; bare is
 * a prepared bare JID of len bytes. */
struct c2s *router_account(struct server *s, const char *bare, size_t len);
void router_bounce(struct server *s, struct xnode *st, const char *cond,
                   const char *type);
/* The same with a <text/> (not NULL) in the error. */
void router_bounce_text(struct server *s, struct xnode *st, const char *cond,
                        const char *type, const char *text);
/* A reply to an iq: from/to swapped, same id; the caller adds children. */
struct xnode *router_iq_reply(const struct xnode *iq, const char *type);

/* disco.c: iq addressed to the server domain or to an account. */
void disco_server_iq(struct server *s, struct xnode *iq);
void disco_account_iq(struct server *s, struct xnode *iq);

#endif
