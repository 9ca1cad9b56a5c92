/* SPDX-License-Identifier: MIT */
/* muc_voice.c - voice requests (XEP-0045 7.13, 8.6) as Prosody 0.12. */
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "muc_int.h"

#define FT_REQUEST "http://jabber.org/protocol/muc#request"

/* The request form the moderators get, field for field Prosody's. */
static struct xnode *request_form(const char *jid, const char *nick)
{
    static const char *const roles[] = { "none", "visitor", "participant",
                                         "moderator" };
    struct xnode *x = form_new(NULL, "form"), *f;

    xnode_add_text(x, "title", "Voice Request");
    form_value(form_field(x, "hidden", "FORM_TYPE", NULL), FT_REQUEST);
    f = form_field(x, "jid-single", "muc#jid", "User ID");
    form_desc(f, "The user's JID (address)");
    form_value(f, jid);
    f = form_field(x, "text-single", "muc#roomnick", "Room nickname");
    form_desc(f, "The user's nickname within the room");
    form_value(f, nick);
    f = form_field(x, "list-single", "muc#role", "Requested role");
    for (size_t i = 0; i < sizeof(roles) / sizeof(*roles); i++)
        form_option(f, roles[i], roles[i]);
    form_value(f, "participant");
    f = form_field(x, "boolean", "muc#request_allow",
                   "Grant voice to this person?");
    form_desc(f, "Specify whether this person is able to speak in a "
                 "moderated room");
    form_value(f, "0");
    return x;
}

/* A visitor asks: every moderator's sessions get the form.  Anyone else
 * asking gets nothing back, as on Prosody. */
static void request(struct muc *m, struct room *r, struct occupant *o,
                    const char *from)
{
    struct xnode *form, *msg;
    struct occupant *p;
    struct session *s;

    if (o->role != ROLE_VISITOR)
        return;
    form = request_form(from, o->nick);
    for (p = r->occs; p; p = p->next) {
        if (p->role != ROLE_MODERATOR)
            continue;
        for (s = p->sessions; s; s = s->next) {
            msg = muc_stanza("message", r->jid, s->jid, "normal");
            xnode_append(msg, xnode_copy(form));
            muc_send(m, msg);
        }
    }
    xnode_free(form);
}

/* A moderator's answer: voice for a visitor when approved; an answer that
 * grants nothing (denied, unknown JID, not a visitor) is dropped. */
static void response(struct muc *m, struct room *r, struct xnode *st,
                     const struct xnode *x)
{
    const char *allow = form_get(x, "muc#request_allow");
    const char *jid = form_get(x, "muc#jid"), *etype, *err;
    struct occupant *o;
    bool yes = false;
    char *pj;

    if (!allow || !form_bool(allow, &yes) || !yes || !jid)
        return;
    pj = jid_prep(jid);
    o = pj ? occ_by_real(r, pj, NULL) : NULL;
    free(pj);
    if (!o || o->role != ROLE_VISITOR)
        return;
    err = muc_set_role(m, r, xnode_attr(st, "from"), o->nick, ROLE_PARTICIPANT,
                       "Voice granted", &etype);
    if (err)
        muc_error(m, st, etype, err, NULL, NULL);
}

bool muc_voice_message(struct muc *m, struct room *r, struct xnode *st)
{
    const struct xnode *x = xnode_child(st, "x", NS_XDATA);
    const char *from = xnode_attr(st, "from");
    struct occupant *o;

    if (!x || !form_type(x) || strcmp(form_type(x), FT_REQUEST))
        return false;
    /* Prosody 0.12.3 fails on a request from outside the room (a Lua
     * error in request.lib.lua) and answers nothing. */
    o = occ_by_real(r, from, NULL);
    if (!o)
        return true;
    if (o->role == ROLE_MODERATOR)
        response(m, r, st, x);
    else
        request(m, r, o, from);
    return true;
}
