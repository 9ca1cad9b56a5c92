/* SPDX-License-Identifier: MIT */
/* muc_invite.c - mediated invitations and declines (XEP-0045 7.8.2, 7.8.2
 * declines) as Prosody 0.12.3 sends them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "muc_int.h"
#include "xutil.h"

/* The sender's stanza without its MUC payloads (Prosody's filter_muc_x),
 * from the room to 'to': what the room passes on. */
static struct xnode *pass_on(struct room *r, const struct xnode *st,
                             const char *to)
{
    struct xnode *msg = xnode_copy(st), *c, *next;

    for (c = msg->children; c; c = next) {
        next = c->next;
        if (c->ns && (!strcmp(c->ns, NS_MUC) || !strcmp(c->ns, NS_MUC_USER))) {
            xnode_unlink(c);
            xnode_free(c);
        }
    }
    xnode_set_attr(msg, "from", r->jid);
    xnode_set_attr(msg, "to", to);
    return msg;
}

/* "<who> <what> the room <room>" and " (<reason>)" when there is one. */
static void add_body(struct xnode *msg, const char *who, const char *what,
                     const char *room, const char *reason)
{
    size_t n = strlen(who) + strlen(what) + strlen(room) + strlen(reason) + 32;
    char *b;

    if (xnode_child(msg, "body", NS_CLIENT))
        return;
    b = malloc(n);
    if (!b)
        out_of_memory();
    snprintf(b, n, "%s %s the room %s%s%s%s", who, what, room,
             *reason ? " (" : "", reason, *reason ? ")" : "");
    xnode_add_text(msg, "body", b);
    free(b);
}

static const char *reason_of(const struct xnode *payload)
{
    return xtext(xnode_child(payload, "reason", NULL));
}

/* Prosody's muc-pre-invite checks: a visitor (or one who would be) may not
 * invite; in a members-only room only admins, or members when
 * allow_member_invites. */
static bool may_invite(struct muc *m, struct room *r, const struct xnode *st,
                       const struct occupant *o)
{
    char *bare = jid_bare(xnode_attr(st, "from"));
    enum affil a = room_aff(r, bare);
    enum role role = o ? o->role : role_for(r, a);

    free(bare);
    if (role <= ROLE_VISITOR) {
        muc_error(m, st, "auth", "forbidden", NULL, NULL);
        return false;
    }
    if (r->cfg.membersonly &&
        a < (r->cfg.memberinvites ? AFF_MEMBER : AFF_ADMIN)) {
        muc_error(m, st, "auth", "forbidden", NULL, NULL);
        return false;
    }
    return true;
}

void muc_invite(struct muc *m, struct room *r, struct xnode *st,
                const struct xnode *inv)
{
    const char *from = xnode_attr(st, "from"), *reason = reason_of(inv);
    struct occupant *o = occ_by_real(r, from, NULL);
    char *to = jid_prep(xnode_attr(inv, "to")), *by_nick = NULL, *tb;
    const char *inviter = from, *etype;
    struct xnode *msg, *x, *i, *cx;

    if (!to) {
        muc_error(m, st, "cancel", "jid-malformed", NULL, NULL);
        return;
    }
    if (!may_invite(m, r, st, o)) {
        free(to);
        return;
    }
    /* In a semi-anonymous room the invitee learns the inviter's room nick
     * unless it will be a moderator there (Prosody's whois hook). */
    tb = jid_bare(to);
    if (!r->cfg.whois_anyone && o &&
        role_for(r, room_aff(r, tb)) != ROLE_MODERATOR)
        inviter = by_nick = occ_jid(r, o->nick);
    msg = pass_on(r, st, to);
    x = muc_x_user(msg);
    i = xnode_add(x, "invite", NS_MUC_USER);
    xnode_set_attr(i, "from", inviter);
    xnode_add_text(i, "reason", reason);
    if (r->cfg.membersonly && room_aff(r, tb) == AFF_NONE) {
        /* Prosody's members_only grant, with its reason. */
        char *why = xmalloc(strlen(inviter) + 12);

        sprintf(why, "Invited by %s", inviter);
        muc_set_aff(m, r, NULL, tb, AFF_MEMBER, why, NULL, false, &etype);
        free(why);
    }
    cx = xnode_add(msg, "x", "jabber:x:conference");
    xnode_set_attr(cx, "jid", r->jid);
    if (*reason)
        xnode_set_text(cx, reason);
    add_body(msg, inviter, "invited you to", r->jid, reason);
    if (r->cfg.password[0])
        xnode_add_text(x, "password", r->cfg.password);
    muc_send(m, msg);
    free(by_nick);
    free(tb);
    free(to);
}

void muc_decline(struct muc *m, struct room *r, struct xnode *st,
                 const struct xnode *d)
{
    const char *from = xnode_attr(st, "from"), *reason = reason_of(d);
    char *to = jid_prep(xnode_attr(d, "to")), *tb;
    struct xnode *msg, *x, *dc, *c;
    struct occupant *o = NULL;
    struct session *s;

    if (!to) {
        muc_error(m, st, "cancel", "jid-malformed", NULL, NULL);
        return;
    }
    msg = pass_on(r, st, to);
    x = muc_x_user(msg);
    dc = xnode_add(x, "decline", NS_MUC_USER);
    xnode_set_attr(dc, "from", from);
    xnode_add_text(dc, "reason", reason);
    add_body(msg, from, "declined your invite to", r->jid, reason);
    /* To an occupant JID of this room: its sessions. */
    tb = jid_bare(to);
    if (!strcmp(tb, r->jid)) {
        o = jid_resource(to) ? occ_by_nick(r, jid_resource(to)) : NULL;
        for (s = o ? o->sessions : NULL; s; s = s->next) {
            c = xnode_copy(msg);
            xnode_set_attr(c, "to", s->jid);
            muc_send(m, c);
        }
        xnode_free(msg);
    } else {
        muc_send(m, msg);
    }
    free(tb);
    free(to);
}
