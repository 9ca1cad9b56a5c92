/* SPDX-License-Identifier: MIT */
/* muc_iqfwd.c - iq between occupants: requests to an occupant JID go to
 * the occupant's client (vCard requests to its account), answers come
 * back with the original id, as in Prosody; a ping to one's own occupant
 * JID is answered by the room (XEP-0410). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "muc_int.h"

#define FWD_MAX 256

struct fwd {
    char *id;           /* the id we sent */
    char *orig_id;      /* the requester's id */
    char *orig_from;    /* the requester's real JID */
    char *target;       /* the occupant JID the request went to */
    struct fwd *next;
};


static char *dup0(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void fwd_free(struct fwd *f)
{
    free(f->id);
    free(f->orig_id);
    free(f->orig_from);
    free(f->target);
    free(f);
}

/* Remember a forwarded request; the oldest go when there are too many. */
static void fwd_add(struct muc *m, struct fwd *f)
{
    struct fwd **pp;

    f->next = m->fwds;
    m->fwds = f;
    if (++m->nfwds <= FWD_MAX)
        return;
    for (pp = &m->fwds; (*pp)->next; pp = &(*pp)->next)
        ;
    fwd_free(*pp);
    *pp = NULL;
    m->nfwds--;
}

static struct fwd *fwd_take(struct muc *m, const char *id)
{
    struct fwd **pp, *f;

    for (pp = &m->fwds; id && *pp; pp = &(*pp)->next) {
        if (!strcmp((*pp)->id, id)) {
            f = *pp;
            *pp = f->next;
            m->nfwds--;
            return f;
        }
    }
    return NULL;
}

static void forward_request(struct muc *m, struct room *r, struct xnode *st,
                            struct occupant *me, struct occupant *to)
{
    const struct xnode *q = st->children;
    struct fwd *f = calloc(1, sizeof(*f));
    struct xnode *c = xnode_copy(st);
    bool vcard = q && !strcmp(q->ns, "vcard-temp");
    char *from;

    if (!f)
        abort();
    f->id = muc_new_id(m);
    f->orig_id = dup0(xnode_attr(st, "id"));
    f->orig_from = dup0(xnode_attr(st, "from"));
    f->target = occ_jid(r, to->nick);
    fwd_add(m, f);
    xnode_set_attr(c, "id", f->id);
    from = occ_jid(r, me->nick);
    xnode_set_attr(c, "from", from);
    free(from);
    xnode_set_attr(c, "to", vcard ? to->bare : to->sessions->jid);
    muc_send(m, c);
}

static void forward_response(struct muc *m, struct xnode *st)
{
    struct fwd *f = fwd_take(m, xnode_attr(st, "id"));
    struct xnode *c;

    if (!f)
        return;
    c = xnode_copy(st);
    xnode_set_attr(c, "id", f->orig_id);
    xnode_set_attr(c, "from", f->target);
    xnode_set_attr(c, "to", f->orig_from);
    muc_send(m, c);
    fwd_free(f);
}

void muc_iq_to_occupant(struct muc *m, struct room *r, struct xnode *st,
                        const char *nick)
{
    const char *type = xnode_attr(st, "type");
    struct occupant *me = occ_by_real(r, xnode_attr(st, "from"), NULL);
    struct occupant *to = occ_by_nick(r, nick);

    if (type && (!strcmp(type, "result") || !strcmp(type, "error"))) {
        forward_response(m, st);
    } else if (!me) {
        muc_error(m, st, "cancel", "not-acceptable",
                  "You are not currently connected to this chat", r->jid);
    } else if (!to || !to->sessions) {
        muc_error(m, st, "cancel", "item-not-found",
                  "Recipient not in room", r->jid);
    } else if (to == me && type && !strcmp(type, "get") &&
               xnode_child(st, "ping", NS_PING)) {
        /* XEP-0410 self-ping: the room answers for the occupant. */
        muc_send(m, muc_reply(st));
    } else {
        forward_request(m, r, st, me, to);
    }
}

void muc_iqfwd_clear(struct muc *m)
{
    struct fwd *f;

    while ((f = m->fwds)) {
        m->fwds = f->next;
        fwd_free(f);
    }
    m->nfwds = 0;
}
