/* SPDX-License-Identifier: MIT */
/*
 * presence.c - presence from local sessions: broadcast to the account's
 * resources and directed presence tracking, so that whoever received
 * available presence (a MUC room) learns when the session goes away.
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "xutil.h"

static void directed_add(struct c2s *c, const char *jid)
{
    for (size_t i = 0; i < c->ndirected; i++)
        if (strcmp(c->directed[i], jid) == 0)
            return;
    c->directed = xrealloc(c->directed,
                           (c->ndirected + 1) * sizeof(*c->directed));
    c->directed[c->ndirected++] = xstrdup(jid);
}

static void directed_remove(struct c2s *c, const char *jid)
{
    for (size_t i = 0; i < c->ndirected; i++) {
        if (strcmp(c->directed[i], jid) != 0)
            continue;
        free(c->directed[i]);
        c->directed[i] = c->directed[--c->ndirected];
        return;
    }
}

void presence_forget_directed(struct c2s *c)
{
    for (size_t i = 0; i < c->ndirected; i++)
        free(c->directed[i]);
    free(c->directed);
    c->directed = NULL;
    c->ndirected = 0;
}

/* To every resource of the account that has sent presence (the sender
 * included: that is the self-presence echo), with to = its full JID. */
static void broadcast_own(struct c2s *c, const struct xnode *st)
{
    struct c2s *r = router_account(c->srv, c->full_jid, c->bare_len);

    for (; r; r = r->acct_next) {
        if (!r->presence)
            continue;
        struct xnode *copy = xnode_copy(st);

        xnode_set_attr(copy, "to", r->full_jid);
        c2s_send(r, copy);
        xnode_free(copy);
    }
}

/* On initial presence the session learns about its sibling resources. */
static void initial_presence(struct c2s *c)
{
    struct c2s *r = router_account(c->srv, c->full_jid, c->bare_len);

    for (; r; r = r->acct_next) {
        if (r == c || !r->presence)
            continue;
        struct xnode *copy = xnode_copy(r->presence);

        xnode_set_attr(copy, "from", r->full_jid);
        xnode_set_attr(copy, "to", c->full_jid);
        c2s_send(c, copy);
        xnode_free(copy);
    }
}

/* Broadcast presence (no 'to'). */
static void presence_broadcast(struct c2s *c, struct xnode *st)
{
    const char *type = xnode_attr(st, "type");

    if (!type) {
        if (!c->presence)
            initial_presence(c);
        xnode_free(c->presence);
        c->presence = xnode_copy(st);
        broadcast_own(c, st);
    } else if (strcmp(type, "unavailable") == 0) {
        broadcast_own(c, st);
        xnode_free(c->presence);
        c->presence = NULL;
        for (size_t i = 0; i < c->ndirected; i++) {
            struct xnode *copy = xnode_copy(st);

            xnode_set_attr(copy, "to", c->directed[i]);
            server_route(c->srv, copy);
        }
        presence_forget_directed(c);
    }
    /* Subscription requests and probes without 'to': nothing to do. */
    xnode_free(st);
}

void presence_out(struct c2s *c, struct xnode *st)
{
    const char *to = xnode_attr(st, "to"), *type = xnode_attr(st, "type");

    xnode_set_attr(st, "from", c->full_jid);
    if (!to) {
        presence_broadcast(c, st);
        return;
    }
    if (!type)
        directed_add(c, to);
    else if (strcmp(type, "unavailable") == 0)
        directed_remove(c, to);
    server_route(c->srv, st);
}
