/* SPDX-License-Identifier: MIT */
/* muc_message.c - groupchat, subject, history, private messages and
 * mediated invitations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jid.h"
#include "muc_int.h"
#include "xutil.h"

static void add_delay(struct room *r, struct xnode *msg, time_t when)
{
    char stamp[32];
    struct xnode *d = xnode_add(msg, "delay", NS_DELAY);

    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", gmtime(&when));
    xnode_set_attr(d, "from", r->jid);
    xnode_set_attr(d, "stamp", stamp);
}

void muc_send_subject(struct muc *m, struct room *r, const char *to)
{
    struct xnode *msg;

    if (r->subject) {
        msg = xnode_copy(r->subject);
    } else {
        msg = muc_stanza("message", r->jid, NULL, "groupchat");
        xnode_add(msg, "subject", NULL);
    }
    xnode_set_attr(msg, "to", to);
    muc_send(m, msg);
}

static void add_history(struct room *r, const struct xnode *msg)
{
    struct hist *h = calloc(1, sizeof(*h)), **pp, *old;

    if (!h)
        out_of_memory();
    h->when = time(NULL);
    h->msg = xnode_copy(msg);
    add_delay(r, h->msg, h->when);
    for (pp = &r->hist; *pp; pp = &(*pp)->next)
        ;
    *pp = h;
    r->nhist++;
    while (r->nhist > r->cfg.historylength && r->hist) {
        old = r->hist;
        r->hist = old->next;
        xnode_free(old->msg);
        free(old);
        r->nhist--;
    }
}

static void set_subject(struct muc *m, struct room *r, struct occupant *o,
                        struct xnode *st)
{
    char *from;
    struct xnode *msg;

    if (!r->cfg.changesubject && o->role != ROLE_MODERATOR) {
        muc_error(m, st, "auth", "forbidden", NULL, NULL);
        return;
    }
    from = occ_jid(r, o->nick);
    msg = muc_stanza("message", from, NULL, "groupchat");
    free(from);
    xnode_add_text(msg, "subject", xtext(xnode_child(st, "subject",
                                                          NS_CLIENT)));
    xnode_free(r->subject);
    r->subject = xnode_copy(msg);
    add_delay(r, r->subject, time(NULL));
    muc_broadcast_msg(m, r, msg);
}

static void groupchat(struct muc *m, struct room *r, struct xnode *st)
{
    struct occupant *o = occ_by_real(r, xnode_attr(st, "from"), NULL);
    struct xnode *msg;
    char *from, *id;

    if (!o) {
        muc_error(m, st, "cancel", "not-acceptable",
                  "You are not currently connected to this chat", r->jid);
        return;
    }
    if (o->role < ROLE_PARTICIPANT) {
        muc_error(m, st, "auth", "forbidden",
                  "You do not currently have permission to speak in this "
                  "chat", NULL);
        return;
    }
    if (xnode_child(st, "subject", NS_CLIENT) &&
        !xnode_child(st, "body", NS_CLIENT) &&
        !xnode_child(st, "thread", NS_CLIENT)) {
        set_subject(m, r, o, st);
        return;
    }
    msg = xnode_copy(st);
    from = occ_jid(r, o->nick);
    xnode_set_attr(msg, "from", from);
    xnode_set_attr(msg, "to", NULL);
    free(from);
    if (!xnode_attr(msg, "id")) {
        id = muc_new_id(m);
        xnode_set_attr(msg, "id", id);
        free(id);
    }
    if (xnode_child(msg, "body", NS_CLIENT))
        add_history(r, msg);
    muc_broadcast_msg(m, r, msg);
}

static void private_msg(struct muc *m, struct room *r, struct xnode *st,
                        const char *nick)
{
    struct occupant *me = occ_by_real(r, xnode_attr(st, "from"), NULL);
    struct occupant *to = occ_by_nick(r, nick);
    const char *type = xnode_attr(st, "type");
    struct session *s;
    struct xnode *c;
    char *from;

    if (type && !strcmp(type, "error"))
        return;
    if (!me) {
        muc_error(m, st, "cancel", "not-acceptable",
                  "You are not currently connected to this chat", r->jid);
        return;
    }
    if (type && !strcmp(type, "groupchat")) {
        muc_error(m, st, "modify", "bad-request", NULL, r->jid);
        return;
    }
    if (!to) {
        muc_error(m, st, "cancel", "item-not-found", NULL, r->jid);
        return;
    }
    from = occ_jid(r, me->nick);
    for (s = to->sessions; s; s = s->next) {
        c = xnode_copy(st);
        xnode_set_attr(c, "from", from);
        xnode_set_attr(c, "to", s->jid);
        if (!xnode_child(c, "x", NS_MUC_USER))
            muc_x_user(c);
        muc_send(m, c);
    }
    free(from);
}

static bool may_invite(struct room *r, enum affil a)
{
    if (!r->cfg.membersonly)
        return true;
    return a >= AFF_ADMIN || (a == AFF_MEMBER && r->cfg.memberinvites);
}

static void send_invite(struct muc *m, struct room *r, struct xnode *st,
                        const struct xnode *inv, const char *inviter)
{
    const char *to = xnode_attr(inv, "to");
    const char *reason = xtext(xnode_child(inv, "reason", NULL));
    struct xnode *msg = muc_stanza("message", r->jid, to, NULL), *x, *i, *lx;
    char body[1024];

    xnode_set_attr(msg, "id", xnode_attr(st, "id"));
    x = muc_x_user(msg);
    i = xnode_add(x, "invite", NS_MUC_USER);
    xnode_set_attr(i, "from", inviter);
    xnode_add_text(i, "reason", reason);
    if (r->cfg.password[0])
        xnode_add_text(x, "password", r->cfg.password);
    snprintf(body, sizeof(body), "%s invited you to the room %s%s%s%s",
             inviter, r->jid, *reason ? " (" : "", reason,
             *reason ? ")" : "");
    xnode_add_text(msg, "body", body);
    lx = xnode_add(msg, "x", "jabber:x:conference");
    xnode_set_attr(lx, "jid", r->jid);
    if (*reason)
        xnode_set_attr(lx, "reason", reason);
    if (r->cfg.password[0])
        xnode_set_attr(lx, "password", r->cfg.password);
    muc_send(m, msg);
}

static void invite(struct muc *m, struct room *r, struct xnode *st,
                   const struct xnode *x)
{
    const char *from = xnode_attr(st, "from");
    struct occupant *o = occ_by_real(r, from, NULL);
    char *bare = jid_bare(from), *inviter, *ib;
    const struct xnode *inv;
    const char *etype;

    if (!may_invite(r, room_aff(r, bare))) {
        muc_error(m, st, "auth", "forbidden", NULL, NULL);
        free(bare);
        return;
    }
    inviter = o ? occ_jid(r, o->nick) : strdup(bare);
    for (inv = xnode_child(x, "invite", NULL); inv;
         inv = xnode_next(inv, "invite", NULL)) {
        ib = xnode_attr(inv, "to") ? jid_prep(xnode_attr(inv, "to")) : NULL;
        if (!ib) {
            muc_error(m, st, "modify", "jid-malformed", NULL, NULL);
            continue;
        }
        if (r->cfg.membersonly && room_aff(r, ib) == AFF_NONE)
            muc_set_aff(m, r, NULL, ib, AFF_MEMBER, NULL, NULL, false,
                        &etype);
        send_invite(m, r, st, inv, inviter);
        free(ib);
    }
    free(inviter);
    free(bare);
}

static void decline(struct muc *m, struct room *r, struct xnode *st,
                    const struct xnode *d)
{
    struct xnode *msg, *x, *dc;
    char *bare = jid_bare(xnode_attr(st, "from"));

    msg = muc_stanza("message", r->jid, xnode_attr(d, "to"), NULL);
    x = muc_x_user(msg);
    dc = xnode_add(x, "decline", NS_MUC_USER);
    xnode_set_attr(dc, "from", bare);
    if (xnode_child(d, "reason", NULL))
        xnode_add_text(dc, "reason",
                       xtext(xnode_child(d, "reason", NULL)));
    muc_send(m, msg);
    free(bare);
}

void muc_message(struct muc *m, struct room *r, struct xnode *st,
                 const char *nick)
{
    const char *type = xnode_attr(st, "type");
    const struct xnode *x = xnode_child(st, "x", NS_MUC_USER);

    if (!r) {
        muc_error(m, st, "cancel", "item-not-found", NULL, NULL);
    } else if (nick) {
        private_msg(m, r, st, nick);
    } else if (type && !strcmp(type, "groupchat")) {
        groupchat(m, r, st);
    } else if (type && !strcmp(type, "error")) {
        /* bounced: nothing to do */
    } else if (x && xnode_child(x, "invite", NULL)) {
        invite(m, r, st, x);
    } else if (x && xnode_child(x, "decline", NULL)) {
        decline(m, r, st, xnode_child(x, "decline", NULL));
    } else {
        muc_error(m, st, "cancel", "bad-request", NULL, NULL);
    }
    xnode_free(st);
}
