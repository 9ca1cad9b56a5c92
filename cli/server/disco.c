/* SPDX-License-Identifier: MIT */
/*
 * disco.c - iq requests the server answers itself: disco#info/#items and
 * ping of the server domain; roster, session, ping and disco for accounts.
 * Anything else gets service-unavailable, as Prosody answers.
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "jid.h"
#include "vcard.h"
#include "xutil.h"

static void reply(struct server *s, struct xnode *iq, struct xnode *r)
{
    xnode_free(iq);
    server_route(s, r);
}

/* The payload of a get or set, or NULL (results and errors end here). */
static struct xnode *request(struct xnode *iq, bool *get)
{
    const char *type = xnode_attr(iq, "type");

    if (!type || (strcmp(type, "get") != 0 && strcmp(type, "set") != 0))
        return NULL;
    *get = strcmp(type, "get") == 0;
    return iq->children;
}

static void add_feature(struct xnode *q, const char *var)
{
    xnode_set_attr(xnode_add(q, "feature", NULL), "var", var);
}

static void server_info(struct server *s, struct xnode *iq)
{
    struct xnode *r = router_iq_reply(iq, "result"), *q, *id;

    q = xnode_add(r, "query", NS_DISCO_INFO);
    id = xnode_add(q, "identity", NULL);
    xnode_set_attr(id, "category", "server");
    xnode_set_attr(id, "type", "im");
    xnode_set_attr(id, "name", "mucadmin");
    add_feature(q, NS_DISCO_INFO);
    add_feature(q, NS_DISCO_ITEMS);
    add_feature(q, NS_PING);
    add_feature(q, NS_ROSTER);
    add_feature(q, "jabber:iq:register");
    reply(s, iq, r);
}

static void server_items(struct server *s, struct xnode *iq)
{
    struct xnode *r = router_iq_reply(iq, "result"), *q;

    q = xnode_add(r, "query", NS_DISCO_ITEMS);
    xnode_set_attr(xnode_add(q, "item", NULL), "jid", s->cfg->muc_domain);
    reply(s, iq, r);
}

static void empty_result(struct server *s, struct xnode *iq)
{
    reply(s, iq, router_iq_reply(iq, "result"));
}

static bool is(const struct xnode *q, const char *name, const char *ns)
{
    return strcmp(q->name, name) == 0 && strcmp(q->ns, ns) == 0;
}

void disco_server_iq(struct server *s, struct xnode *iq)
{
    bool get = false;
    struct xnode *q = request(iq, &get);

    if (!q) {
        xnode_free(iq);
    } else if (get && is(q, "query", NS_DISCO_INFO) && !xnode_attr(q, "node")) {
        server_info(s, iq);
    } else if (get && is(q, "query", NS_DISCO_ITEMS) &&
               !xnode_attr(q, "node")) {
        server_items(s, iq);
    } else if ((get && is(q, "ping", NS_PING)) ||
               (!get && is(q, "session", NS_SESSION))) {
        empty_result(s, iq); /* old clients address session to us */
    } else if (c2s_register_iq(s, iq)) {
        /* a password change */
    } else {
        router_bounce(s, iq, "service-unavailable", "cancel");
    }
}

static void account_info(struct server *s, struct xnode *iq)
{
    struct xnode *r = router_iq_reply(iq, "result"), *q, *id;

    q = xnode_add(r, "query", NS_DISCO_INFO);
    id = xnode_add(q, "identity", NULL);
    xnode_set_attr(id, "category", "account");
    xnode_set_attr(id, "type", "registered");
    reply(s, iq, r);
}

void disco_account_iq(struct server *s, struct xnode *iq)
{
    const char *to = xnode_attr(iq, "to"), *from = xnode_attr(iq, "from");
    bool get = false, self = !to || jid_bare_eq(to, from);
    struct xnode *q = request(iq, &get);

    if (!q) {
        xnode_free(iq);
    } else if (self && get && is(q, "query", NS_ROSTER)) {
        struct xnode *r = router_iq_reply(iq, "result");

        xnode_add(r, "query", NS_ROSTER);
        reply(s, iq, r);
    } else if ((self && !get && is(q, "session", NS_SESSION)) ||
               (get && is(q, "ping", NS_PING))) {
        empty_result(s, iq);
    } else if (get && is(q, "query", NS_DISCO_INFO) && !xnode_attr(q, "node")) {
        account_info(s, iq);
    } else if (get && is(q, "query", NS_DISCO_ITEMS) &&
               !xnode_attr(q, "node")) {
        struct xnode *r = router_iq_reply(iq, "result");

        xnode_add(r, "query", NS_DISCO_ITEMS);
        reply(s, iq, r);
    } else if (self && c2s_register_iq(s, iq)) {
        /* a password change */
    } else if (!vcard_account_iq(s, iq)) {
        router_bounce(s, iq, "service-unavailable", "cancel");
    }
}
