/* SPDX-License-Identifier: MIT */
/* muc_register.c - jabber:iq:register in rooms (XEP-0045 7.10): the
 * nickname form, registration as member, deregistration. */
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "muc_int.h"

#define FT_REGISTER "http://jabber.org/protocol/muc#register"

static void reg_form(struct muc *m, struct room *r, struct xnode *st,
                     const char *bare)
{
    struct xnode *res = muc_reply(st), *q, *x, *f;
    struct affent *a = room_affent(r, bare);

    q = xnode_add(res, "query", NS_REGISTER);
    if (a && a->nick) {
        xnode_add(q, "registered", NULL);
        xnode_add_text(q, "username", a->nick);
        muc_send(m, res);
        return;
    }
    x = form_new(q, "form");
    form_value(form_field(x, "hidden", "FORM_TYPE", NULL), FT_REGISTER);
    f = form_field(x, "text-single", "muc#register_roomnick", "Nickname");
    xnode_add(f, "required", NS_XDATA);
    muc_send(m, res);
}

static void reg_submit(struct muc *m, struct room *r, struct xnode *st,
                       const char *bare, const struct xnode *x)
{
    const char *ft = form_type(x), *etype, *err;
    const char *want = form_get(x, "muc#register_roomnick");
    struct affent *cur = room_affent(r, bare), *res;
    struct occupant *o;
    enum affil a = room_aff(r, bare);
    char *nick;

    if (!ft || strcmp(ft, FT_REGISTER)) {
        muc_error(m, st, "modify", "bad-request", "Error in form", NULL);
        return;
    }
    nick = want ? jid_resourceprep(want, true) : NULL;
    if (!nick || !*nick) {
        muc_error(m, st, "modify", "bad-request", "Invalid Nickname", NULL);
        free(nick);
        return;
    }
    o = occ_by_nick(r, nick);
    res = room_aff_by_nick(r, nick);
    if ((o && strcmp(o->bare, bare)) || (res && strcmp(res->jid, bare))) {
        muc_error(m, st, "cancel", "conflict", NULL, NULL);
        free(nick);
        return;
    }
    if (!cur || !cur->nick || strcmp(cur->nick, nick)) {
        err = muc_set_aff(m, r, NULL, bare, a > AFF_MEMBER ? a : AFF_MEMBER,
                          NULL, nick, true, &etype);
        if (err) {
            muc_error(m, st, etype, err, NULL, NULL);
            free(nick);
            return;
        }
    }
    free(nick);
    muc_send(m, muc_reply(st));
}

void muc_register_iq(struct muc *m, struct room *r, struct xnode *st)
{
    const struct xnode *q = xnode_child(st, "query", NS_REGISTER), *x;
    char *bare = jid_bare(xnode_attr(st, "from"));
    enum affil a = room_aff(r, bare);
    const char *etype;

    /* ejabberd 23.01 registers nicks with the service, not with rooms
     * (tests/scansion/ejabberd/room_register.scs). */
    if (m->cfg->quirks == QUIRKS_EJABBERD) {
        muc_error(m, st, "cancel", "service-unavailable",
                  "The feature requested is not supported by the "
                  "conference",
                  NULL);
    } else if (a == AFF_OUTCAST) {
        muc_error(m, st, "auth", "forbidden", NULL, NULL);
    } else if (a == AFF_NONE) {
        muc_error(m, st, "auth", "registration-required", NULL, NULL);
    } else if (!strcmp(xnode_attr(st, "type"), "get")) {
        reg_form(m, r, st, bare);
    } else if (xnode_child(q, "remove", NULL)) {
        muc_set_aff(m, r, NULL, bare, AFF_NONE, NULL, NULL, true, &etype);
        muc_send(m, muc_reply(st));
    } else if ((x = xnode_child(q, "x", NS_XDATA))) {
        reg_submit(m, r, st, bare, x);
    } else {
        muc_error(m, st, "modify", "bad-request", "Missing dataform", NULL);
    }
    free(bare);
}
