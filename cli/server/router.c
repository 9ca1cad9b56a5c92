/* SPDX-License-Identifier: MIT */
/* router.c - stanza routing between local sessions, the server and MUC. */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "jid.h"
#include "muc.h"
#include "sasl.h"
#include "xutil.h"

struct c2s *router_session(struct server *s, const char *full_jid)
{
    for (struct c2s *c = s->sessions; c; c = c->next)
        if (c->bound && !c->ended && strcmp(c->full_jid, full_jid) == 0)
            return c;
    return NULL;
}

struct xnode *router_iq_reply(const struct xnode *iq, const char *type)
{
    struct xnode *r = xnode_new("iq", NS_CLIENT);

    xnode_set_attr(r, "to", xnode_attr(iq, "from"));
    xnode_set_attr(r, "from", xnode_attr(iq, "to"));
    xnode_set_attr(r, "id", xnode_attr(iq, "id"));
    xnode_set_attr(r, "type", type);
    return r;
}

/* Like Prosody's st.error_reply: attributes swapped, the payload dropped,
 * one <error/> with the condition; never for errors and results. */
void router_bounce(struct server *s, struct xnode *st, const char *cond,
                   const char *type)
{
    const char *t = xnode_attr(st, "type");
    struct xnode *r, *e;

    if (t && (!strcmp(t, "error") || !strcmp(t, "result")) &&
        (strcmp(st->name, "iq") == 0 || !strcmp(t, "error"))) {
        xnode_free(st);
        return;
    }
    if (!xnode_attr(st, "from")) {
        xnode_free(st);
        return;
    }
    r = xnode_new(st->name, NS_CLIENT);
    xnode_set_attr(r, "to", xnode_attr(st, "from"));
    xnode_set_attr(r, "from", xnode_attr(st, "to"));
    xnode_set_attr(r, "id", xnode_attr(st, "id"));
    xnode_set_attr(r, "type", "error");
    e = xnode_add(r, "error", NULL);
    xnode_set_attr(e, "type", type);
    xnode_add(e, cond, NS_STANZAS);
    xnode_free(st);
    server_route(s, r);
}

static void deliver(struct c2s *c, struct xnode *st)
{
    c2s_send(c, st);
    xnode_free(st);
}

/* Message or presence to a bare JID: every available resource. */
static void to_bare(struct server *s, struct xnode *st, const char *bare)
{
    const char *type = xnode_attr(st, "type");
    bool message = strcmp(st->name, "message") == 0;

    if (!message && type && strcmp(type, "unavailable") != 0 &&
        strcmp(type, "error") != 0) {
        xnode_free(st);     /* subscriptions and probes: no rosters here */
        return;
    }
    for (struct c2s *c = s->sessions; c; c = c->next) {
        if (!c->bound || c->ended || !c->presence ||
            !jid_bare_eq(c->full_jid, bare))
            continue;
        c2s_send(c, st);
    }
    /* No offline storage: a message nobody is online for is dropped. */
    xnode_free(st);
}

static void to_account(struct server *s, struct xnode *st, const char *to)
{
    const char *res = jid_resource(to), *type = xnode_attr(st, "type");
    char *bare = jid_bare(to), *local = xstrndup(to, strchr(to, '@') - to);
    struct c2s *c = res ? router_session(s, to) : NULL;
    bool iq = strcmp(st->name, "iq") == 0;

    if (c) {
        deliver(c, st);
    } else if (!sasl_db_exists(s->db, local) && !iq) {
        if (strcmp(st->name, "presence") == 0)
            xnode_free(st);
        else
            router_bounce(s, st, "service-unavailable", "cancel");
    } else if (iq && !res) {
        disco_account_iq(s, st);
    } else if (iq || (strcmp(st->name, "message") == 0 && type &&
                      strcmp(type, "groupchat") == 0)) {
        /* RFC 6121 8.5.3.2: no such resource. */
        router_bounce(s, st, "service-unavailable", "cancel");
    } else if (res && strcmp(st->name, "presence") == 0) {
        xnode_free(st);
    } else {
        to_bare(s, st, bare);
    }
    free(bare);
    free(local);
}

void server_route(struct server *s, struct xnode *st)
{
    const char *to = xnode_attr(st, "to");
    char *local, *domain, *res, *prepped = to ? jid_prep(to) : NULL;
    bool valid = prepped != NULL;

    /* Clients' stanzas arrive prepared; services' get the same here. */
    if (valid && strcmp(prepped, to) != 0)
        xnode_set_attr(st, "to", prepped);
    free(prepped);
    to = xnode_attr(st, "to");
    if (!valid || !jid_split(to, &local, &domain, &res)) {
        xnode_free(st);
        return;
    }
    if (strcmp(domain, s->cfg->muc_domain) == 0) {
        muc_handle(s->muc, st);
    } else if (strcmp(domain, s->cfg->domain) != 0) {
        router_bounce(s, st, "remote-server-not-found", "cancel");
    } else if (local) {
        to_account(s, st, to);
    } else if (strcmp(st->name, "iq") == 0) {
        disco_server_iq(s, st);
    } else {
        xnode_free(st);     /* message or presence to the server itself */
    }
    free(local);
    free(domain);
    free(res);
}
