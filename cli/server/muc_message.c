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

void muc_history_add(struct room *r, const struct xnode *msg)
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
        muc_error(m, st, "auth", "forbidden",
                  "You are not allowed to change the subject", NULL);
        return;
    }
    from = occ_jid(r, o->nick);
    msg = muc_stanza("message", from, NULL, "groupchat");
    free(from);
    xnode_add_text(msg, "subject",
                   xtext(xnode_child(st, "subject", NS_CLIENT)));
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
                  "You are not currently connected to this chat", NULL);
        return;
    }
    if (o->role < ROLE_PARTICIPANT) {
        muc_error(m, st, "auth", "forbidden",
                  "You do not currently have permission to speak in this "
                  "chat",
                  NULL);
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
    if (muc_archive_groupchat(m, r, o, msg))
        muc_history_add(r, msg);
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
        muc_error(m, st, "cancel", "item-not-found", "Recipient not in room",
                  r->jid);
        return;
    }
    from = occ_jid(r, me->nick);
    for (s = to->sessions; s; s = s->next) {
        c = xnode_copy(st);
        xnode_set_attr(c, "from", from);
        xnode_set_attr(c, "to", s->jid);
        if (!xnode_child(c, "x", NS_MUC_USER))
            muc_x_user(c);
        occupant_id_set(m, r, me->bare, c);
        muc_send(m, c);
    }
    free(from);
}

void muc_message(struct muc *m, struct room *r, struct xnode *st,
                 const char *nick)
{
    const char *type = xnode_attr(st, "type");
    const struct xnode *x = xnode_child(st, "x", NS_MUC_USER);

    if (!r) {
        muc_error(m, st, "cancel", "item-not-found", NULL, m->domain);
    } else if (nick) {
        private_msg(m, r, st, nick);
    } else if (type && !strcmp(type, "groupchat")) {
        groupchat(m, r, st);
    } else if (type && !strcmp(type, "error")) {
        /* bounced: nothing to do */
    } else if (x && x->children && !strcmp(x->children->name, "invite") &&
               xnode_attr(x->children, "to")) {
        muc_invite(m, r, st, x->children);
    } else if (x && x->children && !strcmp(x->children->name, "decline") &&
               xnode_attr(x->children, "to")) {
        muc_decline(m, r, st, x->children);
    } else if (x) {
        muc_error(m, st, "cancel", "bad-request", NULL, NULL);
    } else if (muc_voice_message(m, r, st)) {
        /* a voice request or its answer */
    } else {
        /* Prosody 0.12.3 has no handler for it: its core answers. */
        muc_error(m, st, "cancel", "service-unavailable", NULL, NULL);
    }
    xnode_free(st);
}
