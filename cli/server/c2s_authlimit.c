/* SPDX-License-Identifier: MIT */
/*
 * c2s_authlimit.c - slowing password guessing: an address with recent
 * failed logins has its next SASL attempts looked at only after a delay
 * that doubles with each failure (bounded), one attempt after the other
 * however many connections it opens.  The attempt waits, not its answer,
 * so that a quick success cannot tell a guess right before the delay; the
 * loop goes on serving everyone else meanwhile (a timer, no sleep).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core.h"
#include "xutil.h"

#define AUTH_DELAY_MAX 2.0  /* seconds an attempt waits at most */
#define AUTH_QUEUE_MAX 30.0 /* an address's attempts queued ahead */
#define AUTH_FORGET 30.0    /* quiet seconds that forget failures */

double auth_delay_for(const struct server *s, unsigned fails)
{
    double base = s->auth_delay > 0 ? s->auth_delay : 0.1, d = base;
    double max = base > AUTH_DELAY_MAX ? base : AUTH_DELAY_MAX;

    if (fails == 0)
        return 0;
    for (unsigned i = 1; i < fails && d < max; i++)
        d *= 2;
    return d < max ? d : max;
}

/* The peer's address as text ("local" for a socketpair). */
static void peer_addr(const struct c2s *c, char *out, size_t len)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof(ss);
    const void *a = NULL;

    snprintf(out, len, "local");
    if (getpeername(c->conn.fd, (struct sockaddr *)&ss, &sl) != 0)
        return;
    if (ss.ss_family == AF_INET)
        a = &((struct sockaddr_in *)&ss)->sin_addr;
    else if (ss.ss_family == AF_INET6)
        a = &((struct sockaddr_in6 *)&ss)->sin6_addr;
    if (a)
        inet_ntop(ss.ss_family, a, out, (socklen_t)len);
}

/* The address's entry; with create, a new one in the stalest slot. */
static struct auth_addr *addr_entry(struct server *s, const struct c2s *c,
                                    double now, bool create)
{
    struct auth_addr *e, *stale = &s->auth_addrs[0];
    char addr[sizeof(stale->addr)];

    peer_addr(c, addr, sizeof(addr));
    for (int i = 0; i < AUTH_ADDRS; i++) {
        e = &s->auth_addrs[i];
        if (e->fails && now - e->last > AUTH_FORGET)
            e->fails = 0;
        if (e->fails && !strcmp(e->addr, addr))
            return e;
        if (!e->fails || (stale->fails && e->last < stale->last))
            stale = e;
    }
    if (!create)
        return NULL;
    memset(stale, 0, sizeof(*stale));
    snprintf(stale->addr, sizeof(stale->addr), "%s", addr);
    return stale;
}

void c2s_auth_failed(struct c2s *c)
{
    double now = core_now();
    struct auth_addr *e = addr_entry(c->srv, c, now, true);

    e->fails++;
    e->last = now;
}

bool c2s_auth_hold(struct c2s *c, const struct xnode *el)
{
    struct server *s = c->srv;
    double now = core_now(), at;
    struct auth_addr *e = addr_entry(s, c, now, false);

    if (c->held) {
        /* More before the answer to the last: no queueing of guesses. */
        c2s_stream_error(c, "policy-violation",
                         "Wait for the answer to "
                         "the last authentication attempt");
        return true;
    }
    if (!e)
        return false;
    at = (e->slot > now ? e->slot : now) + auth_delay_for(s, e->fails);
    if (at - now > AUTH_QUEUE_MAX) {
        c2s_stream_error(c, "policy-violation",
                         "Too many failed "
                         "authentication attempts from your address");
        return true;
    }
    e->slot = at;
    c->held = xnode_copy(el);
    c->held_until = at;
    if (at < s->next_tick)
        s->next_tick = at;
    c2s_dirty(c); /* the loop stops reading it meanwhile */
    return true;
}

void c2s_auth_release(struct c2s *c)
{
    struct xnode *el = c->held;

    if (!el)
        return;
    c->held = NULL;
    if (!c->conn.dead && !c->conn.close_after_flush && !c->ended)
        c2s_auth_now(c, el);
    xnode_free(el);
    c2s_restart_due(c); /* after a success, before the next input */
    c2s_dirty(c);
}
