/* SPDX-License-Identifier: MIT */
/* muc_tombstone.c - what a destroyed persistent room leaves behind: as with
 * Prosody 0.12's muc_tombstones (on by default), every stanza to it is
 * answered "gone" for 31 days, unless a server admin re-creates it. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jid.h"
#include "muc_int.h"
#include "xutil.h"

#define TOMB_TTL (86400L * 31)

struct tomb {
    char *jid;    /* bare room JID */
    char *reason; /* the destroy reason, or NULL */
    char *alt;    /* the alternate venue, or NULL */
    time_t expires;
    struct tomb *next;
};

static void tomb_free(struct tomb *t)
{
    free(t->jid);
    free(t->reason);
    free(t->alt);
    free(t);
}

static struct tomb **tomb_find(struct muc *m, const char *jid)
{
    struct tomb **pp;

    for (pp = &m->tombs; *pp; pp = &(*pp)->next)
        if (!strcmp((*pp)->jid, jid))
            return pp;
    return NULL;
}

void muc_tomb_add(struct muc *m, const char *jid, const char *reason,
                  const char *alt)
{
    struct tomb **pp = tomb_find(m, jid), *t;

    if (pp) {
        t = *pp;
        *pp = t->next;
        tomb_free(t);
    }
    t = calloc(1, sizeof(*t));
    if (!t)
        out_of_memory();
    t->jid = xstrdup(jid);
    t->reason = xstrdup(reason);
    t->alt = xstrdup(alt);
    t->expires = time(NULL) + TOMB_TTL;
    t->next = m->tombs;
    m->tombs = t;
}

static void gone(struct muc *m, const struct xnode *st, const struct tomb *t)
{
    struct xnode *e, *c, *g;
    size_t n;
    char *uri;

    e = muc_stanza(st->name, xnode_attr(st, "to"), xnode_attr(st, "from"),
                   "error");
    xnode_set_attr(e, "id", xnode_attr(st, "id"));
    c = xnode_add(e, "error", NS_CLIENT);
    xnode_set_attr(c, "type", "cancel");
    xnode_set_attr(c, "by", m->domain);
    if (t->alt) {
        n = strlen(t->alt) + sizeof("xmpp:?join");
        uri = malloc(n);
        if (!uri)
            out_of_memory();
        strcpy(uri, "xmpp:");
        strcat(uri, t->alt);
        strcat(uri, "?join");
        g = xnode_add_text(c, "gone", uri);
        free(g->ns);
        g->ns = strdup(NS_STANZAS);
        free(uri);
    } else {
        xnode_add(c, "gone", NS_STANZAS);
    }
    if (t->reason) {
        g = xnode_add_text(c, "text", t->reason);
        free(g->ns);
        g->ns = strdup(NS_STANZAS);
    }
    muc_send(m, e);
}

bool muc_tomb_check(struct muc *m, const char *room, const struct xnode *st)
{
    struct tomb **pp = tomb_find(m, room), *t;
    const char *type = xnode_attr(st, "type");
    char *bare;
    bool admin;

    if (!pp)
        return false;
    t = *pp;
    bare = jid_bare(xnode_attr(st, "from"));
    admin = server_is_admin(m->srv, bare);
    free(bare);
    if (t->expires < time(NULL) ||
        (admin && !strcmp(st->name, "presence") && !type)) {
        *pp = t->next;
        tomb_free(t);
        return false;
    }
    if (!type || strcmp(type, "error"))
        gone(m, st, t);
    return true;
}

void muc_tomb_clear(struct muc *m)
{
    struct tomb *t;

    while ((t = m->tombs)) {
        m->tombs = t->next;
        tomb_free(t);
    }
}
