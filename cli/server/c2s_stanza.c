/* SPDX-License-Identifier: MIT */
/* c2s_stanza.c - resource binding and stanzas from bound client sessions. */
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "jid.h"
#include "sasl.h"
#include "xutil.h"

/* 12 characters from base64url, like Prosody's generated resources. */
static char *random_resource(void)
{
    static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
                              "qrstuvwxyz0123456789-_";
    unsigned char r[12];
    char *out = xmalloc(sizeof(r) + 1);

    RAND_bytes(r, sizeof(r));
    for (size_t i = 0; i < sizeof(r); i++)
        out[i] = set[r[i] & 63];
    out[sizeof(r)] = '\0';
    return out;
}

static void iq_error(struct c2s *c, const struct xnode *iq, const char *type,
                     const char *cond)
{
    struct xnode *r = router_iq_reply(iq, "error"), *e;

    e = xnode_add(r, "error", NULL);
    xnode_set_attr(e, "type", type);
    xnode_add(e, cond, NS_STANZAS);
    c2s_send(c, r);
    xnode_free(r);
}

static void bind(struct c2s *c, struct xnode *iq, struct xnode *b)
{
    struct xnode *res = xnode_child(b, "resource", NS_BIND), *r;
    char *resource, *full;
    struct c2s *old;

    if (res && *xnode_text(res)) {
        resource = jid_resourceprep(xnode_text(res), false);
        if (!resource) {
            iq_error(c, iq, "modify", "bad-request");
            return;
        }
    } else {
        resource = random_resource();
    }
    full = xmalloc(strlen(c->user) + strlen(c->srv->cfg->domain) +
                   strlen(resource) + 3);
    sprintf(full, "%s@%s/%s", c->user, c->srv->cfg->domain, resource);
    free(resource);
    /* Prosody's default conflict policy: the new session wins. */
    old = router_session(c->srv, full);
    if (old)
        c2s_stream_error(old, "conflict", "Replaced by new connection");
    c->full_jid = full;
    c->bare_len = strlen(c->user) + 1 + strlen(c->srv->cfg->domain);
    c->bound = true;
    router_bind(c->srv, c);
    c2s_deadline(c, core_now() + c->srv->idle_timeout);
    r = xnode_new("iq", NS_CLIENT);
    xnode_set_attr(r, "id", xnode_attr(iq, "id"));
    xnode_set_attr(r, "type", "result");
    xnode_add_text(xnode_add(r, "bind", NS_BIND), "jid", full);
    c2s_send(c, r);
    xnode_free(r);
}

bool c2s_bind_iq(struct c2s *c, struct xnode *iq)
{
    const char *type = xnode_attr(iq, "type");
    struct xnode *b = xnode_child(iq, "bind", NS_BIND);

    if (strcmp(iq->name, "iq") != 0 || !b || !type || strcmp(type, "set") != 0)
        return false;
    bind(c, iq, b);
    return true;
}

/* RFC 6120 8.1.1: 'to' must be a valid JID; we route on its prepared
 * form.  An invalid one gets jid-malformed, from that very address as
 * Prosody 0.12.3 answers. */
static bool prepare_to(struct c2s *c, struct xnode *st)
{
    const char *to = xnode_attr(st, "to"), *type = xnode_attr(st, "type");
    char *p;

    if (!to || jid_prepared(to))
        return true;
    p = jid_prep(to);
    if (p) {
        xnode_set_attr(st, "to", p);
        free(p);
        return true;
    }
    if (!type || strcmp(type, "error") != 0) {
        struct xnode *copy = xnode_copy(st);
        /* Prosody's text; the address is the sender's own. */
        size_t n = strlen(to) + 40;
        char *text = xmalloc(n);

        snprintf(text, n, "The destination address is invalid: %s", to);
        router_bounce_text(c->srv, copy, "jid-malformed", "modify", text);
        free(text);
    }
    return false;
}

static bool iq_valid(struct c2s *c, struct xnode *iq)
{
    const char *type = xnode_attr(iq, "type");
    bool req = type && (!strcmp(type, "get") || !strcmp(type, "set"));

    if (!xnode_attr(iq, "id") || !type ||
        (!req && strcmp(type, "result") && strcmp(type, "error"))) {
        iq_error(c, iq, "modify", "bad-request");
        return false;
    }
    /* get and set carry exactly one payload element. */
    if (req && (!iq->children || iq->children->next)) {
        iq_error(c, iq, "modify", "bad-request");
        return false;
    }
    return true;
}

/* A 'from' the client wrote must be its own full or bare JID (RFC 6120
 * 8.1.2.1); we then always stamp the full JID. */
static bool from_ok(struct c2s *c, const struct xnode *st)
{
    const char *from = xnode_attr(st, "from");
    char *p;
    bool ok;

    if (!from)
        return true;
    p = jid_prep(from);
    ok = p && (strcmp(p, c->full_jid) == 0 ||
               (!jid_resource(p) && jid_bare_eq(p, c->full_jid)));
    free(p);
    return ok;
}

void c2s_stanza_in(struct c2s *c, struct xnode *st)
{
    const char *to;
    char *bare;

    if (!from_ok(c, st)) {
        c2s_stream_error(c, "invalid-from", NULL);
        xnode_free(st);
        return;
    }
    bare = xstrndup(c->full_jid, c->bare_len);
    xnode_set_attr(st, "from", c->full_jid);
    if (!prepare_to(c, st) ||
        (strcmp(st->name, "iq") == 0 && !iq_valid(c, st))) {
        xnode_free(st);
        free(bare);
        return;
    }
    to = xnode_attr(st, "to");
    if (strcmp(st->name, "presence") == 0) {
        presence_out(c, st);
    } else if (strcmp(st->name, "iq") == 0 && (!to || strcmp(to, bare) == 0)) {
        disco_account_iq(c->srv, st);
    } else {
        if (!to)
            xnode_set_attr(st, "to", bare);
        server_route(c->srv, st);
    }
    free(bare);
}
