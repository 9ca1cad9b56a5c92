/* SPDX-License-Identifier: MIT */
/* muc_sessions.c - one nick, several sessions of one account: a session
 * that leaves, splits off to a new nick or joins another of its nicks. */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "muc_int.h"
#include "xutil.h"

/* What a session that moves from o to another nick sees from o: its own
 * 303, the item first (<item/> 303 110, as Prosody 0.12.3), no id. */
static void send_moved(struct muc *m, struct room *r, struct occupant *o,
                       struct session *s, const char *nick)
{
    struct pres_opts po;
    struct xnode *p, *x;

    muc_pres_opts_init(&po);
    po.type = "unavailable";
    po.nick = nick;
    po.only_jid = s->jid;
    po.no_110 = true;
    p = occ_presence(m, r, o, true, true, &po);
    x = xnode_child(p, "x", NS_MUC_USER);
    muc_add_status(x, 303);
    muc_add_status(x, 110);
    xnode_set_attr(p, "to", s->jid);
    muc_send(m, p);
}

/* o's presence, with its JIDs, to one session of its account: as its own
 * (self: 110) or, for the occupant the session has just left, as anyone
 * else of the account's. */
static void send_to_session(struct muc *m, struct room *r, struct occupant *o,
                            bool self, const char *to)
{
    struct pres_opts po;
    struct xnode *p;

    muc_pres_opts_init(&po);
    p = occ_presence(m, r, o, true, self, &po);
    xnode_set_attr(p, "to", to);
    muc_send(m, p);
}

/* One session of a multi-session nick changes nick: as in Prosody 0.12.3
 * only that session moves.  The occupant it leaves is announced without
 * it, the new one with it; the moving session sees 303 from the old nick,
 * its new presence, then the old occupant as someone else. */
void split_session(struct muc *m, struct room *r, struct occupant *o,
                   struct session *s, struct xnode *st, const char *nick)
{
    struct occupant *n;
    struct pres_opts po;

    occ_unlink_session(o, s);
    muc_pres_opts_init(&po);
    muc_broadcast_occ(m, r, o, &po);
    n = occ_new(r, nick, o->bare);
    n->role = o->role;
    occ_add_session(n, s);
    xnode_free(s->pres);
    s->pres = session_presence(st);
    muc_pres_opts_init(&po);
    po.no_self = true;
    muc_broadcast_occ(m, r, n, &po);
    send_moved(m, r, o, s, nick);
    send_to_session(m, r, n, true, s->jid);
    send_to_session(m, r, o, false, s->jid);
}

/* A session goes to a nick its account is in already (to), as Prosody
 * 0.12.3 does it: the session is told it joins that nick's other session
 * (a status text, role none), gets its 303 from the nick it leaves (o);
 * o is announced, and when no session is left there its unavailable
 * presence lists none of them (anonymous: one item, its role as it was);
 * then the session joins to as one more session, not its primary. */
void merge_session(struct muc *m, struct room *r, struct occupant *o,
                   struct session *s, struct xnode *st, struct occupant *to)
{
    bool last = !o->sessions->next;
    char *from = occ_jid(r, to->nick), *text;
    struct pres_opts po;
    struct xnode *p, *it;

    p = muc_stanza("presence", from, s->jid, "unavailable");
    free(from);
    if (asprintf(&text, "you are joining pre-existing session %s", to->nick) <
        0)
        out_of_memory();
    xnode_add_text(p, "status", text);
    free(text);
    it = xnode_add(muc_x_user(p), "item", NS_MUC_USER);
    xnode_set_attr(it, "affiliation", aff_name(room_aff(r, o->bare)));
    xnode_set_attr(it, "role", role_name(ROLE_NONE));
    muc_send(m, p);
    occ_unlink_session(o, s);
    send_moved(m, r, o, s, to->nick);
    muc_pres_opts_init(&po);
    if (last) {
        po.type = "unavailable";
        po.keep_role = true;
    }
    muc_broadcast_occ(m, r, o, &po);
    if (last)
        occ_remove(r, o);
    xnode_free(s->pres);
    s->pres = session_presence(st);
    occ_add_session(to, s);
    muc_pres_opts_init(&po);
    muc_broadcast_occ(m, r, to, &po);
    if (!last)
        send_to_session(m, r, o, false, s->jid);
}

/* One session of several leaves: as in Prosody 0.12.3 the occupant is
 * announced once more with that session still listed (its unavailable
 * presence as its own, role unchanged), then the session goes.  A primary
 * session that leaves hands over to the next one, whose presence the
 * others then get. */
void leave_session(struct muc *m, struct room *r, struct occupant *o,
                   struct session *s, const struct xnode *st)
{
    struct pres_opts po;

    xnode_free(s->pres);
    s->pres = xnode_copy(st);
    occ_unlink_session(o, s);
    occ_add_session(o, s);
    muc_pres_opts_init(&po);
    muc_broadcast_occ(m, r, o, &po);
    occ_del_session(o, s);
}
