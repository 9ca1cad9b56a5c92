/* SPDX-License-Identifier: MIT */
/* router.c - stanza routing between local sessions, the server and MUC. */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "jid.h"
#include "muc.h"
#include "sasl.h"
#include "xutil.h"

void router_bind(struct server *s, struct c2s *c)
{
    char *bare = xstrndup(c->full_jid, c->bare_len);
    struct c2s *old = strmap_get(&s->by_full, c->full_jid), *head;

    if (old && old != c)
        router_unbind(s, old);
    if (c->indexed) {
        free(bare);
        return;
    }
    strmap_put(&s->by_full, c->full_jid, c);
    head = strmap_get(&s->by_bare, bare);
    c->acct_prev = NULL;
    c->acct_next = head;
    if (head)
        head->acct_prev = c;
    strmap_put(&s->by_bare, bare, c);
    c->indexed = true;
    free(bare);
}

void router_unbind(struct server *s, struct c2s *c)
{
    char *bare;

    if (!c->indexed)
        return;
    c->indexed = false;
    if (strmap_get(&s->by_full, c->full_jid) == c)
        strmap_del(&s->by_full, c->full_jid);
    if (c->acct_next)
        c->acct_next->acct_prev = c->acct_prev;
    if (c->acct_prev) {
        c->acct_prev->acct_next = c->acct_next;
    } else {
        bare = xstrndup(c->full_jid, c->bare_len);
        if (c->acct_next)
            strmap_put(&s->by_bare, bare, c->acct_next);
        else
            strmap_del(&s->by_bare, bare);
        free(bare);
    }
    c->acct_prev = c->acct_next = NULL;
}

struct c2s *router_session(struct server *s, const char *full_jid)
{
    return strmap_get(&s->by_full, full_jid);
}

struct c2s *router_account(struct server *s, const char *bare, size_t len)
{
    return strmap_getn(&s->by_bare, bare, len);
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
    router_bounce_text(s, st, cond, type, NULL);
}

void router_bounce_text(struct server *s, struct xnode *st, const char *cond,
                        const char *type, const char *text)
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
    if (text)
        xnode_set_text(xnode_add(e, "text", NS_STANZAS), text);
    xnode_free(st);
    server_route(s, r);
}

static void deliver(struct c2s *c, struct xnode *st)
{
    c2s_send(c, st);
    xnode_free(st);
}

/* Message or presence to a bare JID: every available resource. */
static void to_bare(struct server *s, struct xnode *st,
                    const struct jid_parts *to)
{
    const char *type = xnode_attr(st, "type");
    bool message = strcmp(st->name, "message") == 0;
    size_t len = (size_t)(to->domain + to->domain_len - to->local);

    if (!message && type && strcmp(type, "unavailable") != 0 &&
        strcmp(type, "error") != 0) {
        xnode_free(st); /* subscriptions and probes: no rosters here */
        return;
    }
    for (struct c2s *c = router_account(s, to->local, len); c; c = c->acct_next)
        if (c->presence)
            c2s_send(c, st);
    /* No offline storage: a message nobody is online for is dropped. */
    xnode_free(st);
}

static void to_account(struct server *s, struct xnode *st,
                       const struct jid_parts *to)
{
    const char *type = xnode_attr(st, "type");
    struct c2s *c = to->resource ? router_session(s, xnode_attr(st, "to"))
                                 : NULL;
    bool iq = strcmp(st->name, "iq") == 0;
    char *local;

    if (c) {
        deliver(c, st);
        return;
    }
    local = xstrndup(to->local, to->local_len);
    if (!sasl_db_exists(s->db, local) && !iq) {
        if (strcmp(st->name, "presence") == 0)
            xnode_free(st);
        else
            router_bounce(s, st, "service-unavailable", "cancel");
    } else if (iq && !to->resource) {
        disco_account_iq(s, st);
    } else if (iq || (strcmp(st->name, "message") == 0 && type &&
                      strcmp(type, "groupchat") == 0)) {
        /* RFC 6121 8.5.3.2: no such resource. */
        router_bounce(s, st, "service-unavailable", "cancel");
    } else if (to->resource && strcmp(st->name, "presence") == 0) {
        xnode_free(st);
    } else {
        to_bare(s, st, to);
    }
    free(local);
}

static bool is_domain(const struct jid_parts *p, const char *domain)
{
    return strlen(domain) == p->domain_len &&
           memcmp(p->domain, domain, p->domain_len) == 0;
}

void server_route(struct server *s, struct xnode *st)
{
    const char *to = xnode_attr(st, "to");
    struct jid_parts p;

    /* Clients' stanzas and the MUC service's arrive prepared; anything
     * else gets prepared here. */
    if (to && !jid_prepared(to)) {
        char *prepped = jid_prep(to);

        if (prepped)
            xnode_set_attr(st, "to", prepped);
        to = prepped ? xnode_attr(st, "to") : NULL;
        free(prepped);
    }
    if (!to || !jid_parts(to, &p)) {
        xnode_free(st);
        return;
    }
    if (is_domain(&p, s->cfg->muc_domain)) {
        muc_handle(s->muc, st);
    } else if (!is_domain(&p, s->cfg->domain)) {
        router_bounce(s, st, "remote-server-not-found", "cancel");
    } else if (p.local) {
        to_account(s, st, &p);
    } else if (strcmp(st->name, "iq") == 0) {
        disco_server_iq(s, st);
    } else {
        xnode_free(st); /* message or presence to the server itself */
    }
}
