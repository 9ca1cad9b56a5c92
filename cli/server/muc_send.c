/* SPDX-License-Identifier: MIT */
/* muc_send.c - building and delivering the MUC service's stanzas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deliver.h"
#include "muc_int.h"

void muc_send(struct muc *m, struct xnode *st)
{
    server_route(m->srv, st);
}

struct xnode *muc_stanza(const char *name, const char *from, const char *to,
                         const char *type)
{
    struct xnode *st = xnode_new(name, NS_CLIENT);

    xnode_set_attr(st, "from", from);
    xnode_set_attr(st, "to", to);
    xnode_set_attr(st, "type", type);
    return st;
}

struct xnode *muc_reply(const struct xnode *req)
{
    struct xnode *st = muc_stanza("iq", xnode_attr(req, "to"),
                                  xnode_attr(req, "from"), "result");

    xnode_set_attr(st, "id", xnode_attr(req, "id"));
    return st;
}

void muc_error(struct muc *m, const struct xnode *req, const char *type,
               const char *cond, const char *text, const char *by)
{
    const char *t = xnode_attr(req, "type");
    struct xnode *st, *e, *c;

    if (t && !strcmp(t, "error"))
        return;
    st = muc_stanza(req->name, xnode_attr(req, "to"), xnode_attr(req, "from"),
                    "error");
    xnode_set_attr(st, "id", xnode_attr(req, "id"));
    e = xnode_add(st, "error", NS_CLIENT);
    xnode_set_attr(e, "type", type);
    xnode_set_attr(e, "by", by);
    xnode_add(e, cond, NS_STANZAS);
    if (text) {
        c = xnode_add_text(e, "text", text);
        free(c->ns);
        c->ns = strdup(NS_STANZAS);
        /* ejabberd 23.01 tags its texts (tests/scansion/ejabberd/
         * bad_requests.scs and the other scripts there). */
        if (m->cfg->quirks == QUIRKS_EJABBERD)
            xnode_set_attr(c, "xml:lang", "en");
    }
    muc_send(m, st);
}

struct xnode *muc_x_user(struct xnode *parent)
{
    return xnode_add(parent, "x", NS_MUC_USER);
}

void muc_add_status(struct xnode *x, int code)
{
    char buf[16];
    struct xnode *s = xnode_add(x, "status", NS_MUC_USER);

    snprintf(buf, sizeof(buf), "%d", code);
    xnode_set_attr(s, "code", buf);
}

char *muc_new_id(struct muc *m)
{
    char buf[48];

    snprintf(buf, sizeof(buf), "muc-%lx-%lu", (unsigned long)time(NULL),
             ++m->idseq);
    return strdup(buf);
}

void muc_pres_opts_init(struct pres_opts *po)
{
    memset(po, 0, sizeof(*po));
    po->old_role = -1;
}

bool can_see_jid(const struct room *r, const struct occupant *viewer)
{
    return r->cfg.whois_anyone || (viewer && viewer->role == ROLE_MODERATOR);
}

/* The occupant list a session gets on joining, and offline members'
 * presence, show real JIDs to the room's admins and owners too, whatever
 * their role (Prosody 0.12.3's is_anonymous_for). */
static bool list_shows_jid(const struct room *r, const struct occupant *viewer)
{
    enum affil a = viewer ? room_aff(r, viewer->bare) : AFF_NONE;

    return can_see_jid(r, viewer) || a == AFF_ADMIN || a == AFF_OWNER;
}

/* Children of the client's presence that the room passes on. */
static void copy_payload(struct xnode *dst, const struct xnode *src)
{
    const struct xnode *c;

    for (c = src ? src->children : NULL; c; c = c->next) {
        if (!strcmp(c->name, "x") &&
            (!strcmp(c->ns, NS_MUC) || !strcmp(c->ns, NS_MUC_USER)))
            continue;
        xnode_append(dst, xnode_copy(c));
    }
}

/* Prosody passes on the client's presence stanza itself: its id and
 * xml:lang too (clients match their join by the id).  Presence the room
 * makes up (nick change, kick) has neither. */
static void copy_stanza_attrs(struct xnode *dst, const struct xnode *src)
{
    xnode_set_attr(dst, "id", xnode_attr(src, "id"));
    xnode_set_attr(dst, "xml:lang", xnode_attr(src, "xml:lang"));
}

static void add_codes(struct xnode *x, const int *codes)
{
    for (; codes && *codes; codes++)
        muc_add_status(x, *codes);
}

static void add_occ_codes(struct xnode *x, const struct pres_opts *po,
                          bool self)
{
    add_codes(x, po->pre);
    if (self)
        add_codes(x, po->self_pre);
}

static void add_item_v(struct xnode *x, struct room *r, struct occupant *o,
                       const char *jid, bool self, bool full,
                       const struct pres_opts *po)
{
    struct xnode *it = xnode_add(x, "item", NS_MUC_USER), *a;
    enum role role = po->type && !po->nick && !po->keep_role ? ROLE_NONE
                                                             : o->role;

    xnode_set_attr(it, "affiliation", aff_name(room_aff(r, o->bare)));
    xnode_set_attr(it, "role", role_name(role));
    xnode_set_attr(it, "jid", jid);
    xnode_set_attr(it, "nick", po->nick);
    /* Only other moderators learn who the actor really is; an actor
     * with neither attribute is left out, as Prosody 0.12.3 does. */
    if (po->actor_nick || (full && !self && po->actor_jid)) {
        a = xnode_add(it, "actor", NS_MUC_USER);
        xnode_set_attr(a, "nick", po->actor_nick);
        if (full && !self)
            xnode_set_attr(a, "jid", po->actor_jid);
    }
    if (po->reason)
        xnode_add_text(it, "reason", po->reason);
}

static void add_item(struct xnode *x, struct room *r, struct occupant *o,
                     const char *jid, bool self, const struct pres_opts *po)
{
    add_item_v(x, r, o, jid, self, jid != NULL, po);
}

/* o's presence of the given type, its id, xml:lang and payload taken from
 * tmpl (NULL: none); oid: with o's occupant-id. */
static struct xnode *build_presence(struct muc *m, struct room *r,
                                    struct occupant *o,
                                    const struct xnode *tmpl, const char *type,
                                    bool with_jid, bool self, bool oid,
                                    const struct pres_opts *po)
{
    char *from = occ_jid(r, o->nick);
    struct xnode *p = muc_stanza("presence", from, NULL, type), *x;
    struct session *s;
    /* ejabberd 23.01 puts the items before the status codes: item, 201,
     * 110 (tests/scansion/ejabberd/self_presence.scs). */
    bool items_first = m->cfg->quirks == QUIRKS_EJABBERD;

    free(from);
    if (po->status_text)
        xnode_add_text(p, "status", po->status_text);
    if (tmpl) {
        copy_stanza_attrs(p, tmpl);
        copy_payload(p, tmpl);
    }
    if (oid)
        occupant_id_set(m, r, o->bare, p);
    x = muc_x_user(p);
    if (po->destroy)
        xnode_append(x, xnode_copy(po->destroy));
    if (!items_first)
        add_occ_codes(x, po, self);
    if (po->only_jid || !with_jid) {
        add_item(x, r, o, with_jid ? po->only_jid : NULL, self, po);
    } else {
        for (s = o->sessions; s; s = s->next)
            add_item(x, r, o, s->jid, self, po);
    }
    if (items_first)
        add_occ_codes(x, po, self);
    if (self && !po->no_110)
        muc_add_status(x, 110);
    return p;
}

struct xnode *occ_presence(struct muc *m, struct room *r, struct occupant *o,
                           bool with_jid, bool self, const struct pres_opts *po)
{
    const struct xnode *tmpl = po->base;

    if (!tmpl && !po->type && o->sessions)
        tmpl = o->sessions->pres; /* the primary session's */
    /* Prosody's own presence for a nick change (303) has none. */
    return build_presence(m, r, o, tmpl, po->type, with_jid, self,
                          !(self && po->nick), po);
}

/* What session s of o gets about o itself while o stays in the room:
 * Prosody 0.12.3 builds it on that session's own last presence, so each
 * session gets its own id back.  A session on its way out has its
 * unavailable presence there, which Prosody gives no occupant-id (its
 * occupant_id.lib stamps joins and changes, not leaves). */
static struct xnode *own_presence(struct muc *m, struct room *r,
                                  struct occupant *o, struct session *s,
                                  const struct pres_opts *po)
{
    const char *type = xnode_attr(s->pres, "type");
    struct xnode *p = build_presence(m, r, o, s->pres, type, true, true, !type,
                                     po);

    xnode_set_attr(p, "to", s->jid);
    return p;
}

/* A broadcast stanza, serialised once for all its recipients. */
struct bcast {
    struct xnode *st;
    struct xsplit x;
};

static void bcast_set(struct bcast *b, struct xnode *st)
{
    b->st = st;
    xsplit_init(&b->x, st, NS_CLIENT, "to");
}

static void bcast_free(struct bcast *b)
{
    if (!b->st)
        return;
    xnode_free(b->st);
    xsplit_free(&b->x);
    b->st = NULL;
}

static void send_to_occ(struct muc *m, struct occupant *to, struct bcast *b)
{
    struct session *s;
    struct xnode *c;

    for (s = to->sessions; s; s = s->next) {
        if (deliver_split(m->srv, s->jid, &b->x))
            continue;
        /* Not a session of ours (any more): routed, to bounce. */
        c = xnode_copy(b->st);
        xnode_set_attr(c, "to", s->jid);
        muc_send(m, c);
    }
}

void muc_broadcast_occ(struct muc *m, struct room *r, struct occupant *o,
                       const struct pres_opts *po)
{
    int role = po->old_role >= 0 ? po->old_role : (int)o->role;
    bool bcast = (r->cfg.bcast & (1u << role)) || po->type;
    struct occupant *p;
    struct bcast v[2] = { { 0 }, { 0 } }; /* without, with the JID */
    struct session *s;
    bool jid;

    for (p = r->occs; p; p = p->next) {
        if (p == o || !bcast || po->only_self)
            continue;
        /* Sessions split off one nick still see each other's JIDs. */
        jid = can_see_jid(r, p) || !strcmp(p->bare, o->bare);
        if (!v[jid].st)
            bcast_set(&v[jid], occ_presence(m, r, o, jid, false, po));
        send_to_occ(m, p, &v[jid]);
    }
    bcast_free(&v[0]);
    bcast_free(&v[1]);
    if (po->no_self)
        return;
    if (o->role != ROLE_NONE && !po->type && !po->base) {
        for (s = o->sessions; s; s = s->next)
            muc_send(m, own_presence(m, r, o, s, po));
        return;
    }
    bcast_set(&v[1], occ_presence(m, r, o, true, true, po));
    send_to_occ(m, o, &v[1]);
    bcast_free(&v[1]);
}

void muc_broadcast_msg(struct muc *m, struct room *r, struct xnode *msg)
{
    struct occupant *p;
    struct bcast b;

    bcast_set(&b, msg);
    for (p = r->occs; p; p = p->next)
        send_to_occ(m, p, &b);
    bcast_free(&b);
}

struct xnode *offline_presence(const struct room *r, const struct affent *a,
                               const struct occupant *viewer, const char *to)
{
    char *from = occ_jid(r, a->nick);
    struct xnode *p = muc_stanza("presence", from, to, "unavailable");
    struct xnode *it;

    free(from);
    it = xnode_add(muc_x_user(p), "item", NS_MUC_USER);
    xnode_set_attr(it, "affiliation", aff_name(a->aff));
    xnode_set_attr(it, "role", "none");
    xnode_set_attr(it, "nick", a->nick);
    if (list_shows_jid(r, viewer))
        xnode_set_attr(it, "jid", a->jid);
    return p;
}

/* Offline affiliated users with a reserved nick, shown as role none. */
static void send_offline(struct muc *m, struct room *r, struct occupant *me,
                         const char *to)
{
    struct affent *a;

    for (a = r->affs; a; a = a->next) {
        if (!a->nick || a->aff == AFF_OUTCAST || occ_by_bare(r, a->jid, NULL))
            continue;
        muc_send(m, offline_presence(r, a, me, to));
    }
}

/* An affiliation change made someone a moderator, or no longer one, in a
 * semi-anonymous room: what they may see of the others changed, so they
 * get it again, as from Prosody 0.12.3 (a role change alone sends none). */
void muc_moderator_changed(struct muc *m, struct room *r, struct occupant *o,
                           enum role old)
{
    struct occupant *p;
    struct session *s;
    struct pres_opts po;
    struct xnode *st;

    if (r->cfg.whois_anyone ||
        (old == ROLE_MODERATOR) == (o->role == ROLE_MODERATOR))
        return;
    muc_pres_opts_init(&po);
    for (s = o->sessions; s; s = s->next) {
        for (p = r->occs; p; p = p->next) {
            if (!strcmp(p->bare, o->bare) || !(r->cfg.bcast & (1u << p->role)))
                continue;
            st = occ_presence(m, r, p, can_see_jid(r, o), false, &po);
            xnode_set_attr(st, "to", s->jid);
            muc_send(m, st);
        }
    }
}

void muc_send_occupants(struct muc *m, struct room *r, struct occupant *me,
                        const char *to)
{
    struct occupant *p;
    struct pres_opts po;
    struct xnode *st;

    muc_pres_opts_init(&po);
    for (p = r->occs; p; p = p->next) {
        /* The account's own other nicks are always listed, with JIDs. */
        bool mine = !strcmp(p->bare, me->bare);

        if (p == me || (!mine && !(r->cfg.bcast & (1u << p->role))))
            continue;
        st = occ_presence(m, r, p, mine || list_shows_jid(r, me), false, &po);
        xnode_set_attr(st, "to", to);
        muc_send(m, st);
    }
    if (r->cfg.bcast & BCAST_NONE)
        send_offline(m, r, me, to);
}
