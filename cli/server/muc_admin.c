/* SPDX-License-Identifier: MIT */
/* muc_admin.c - muc#admin: affiliation and role lists and changes, with
 * Prosody 0.12's permission rules and its first-item-only quirk (ejabberd
 * 23.01's ways with --quirks ejabberd). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "muc_int.h"
#include "xutil.h"

/* A non-occupant's affiliation changed: tell those who may see JIDs. */
static void notify_non_occupant(struct muc *m, struct room *r, const char *jid,
                                enum affil a, const char *reason)
{
    struct xnode *msg = muc_stanza("message", r->jid, NULL, NULL), *x, *it;
    struct occupant *p;
    struct session *s;
    struct xnode *c;
    /* ejabberd 23.01 adds role='none' and no status 301 for a ban
     * (tests/scansion/ejabberd/admin_items.scs, and
     * ../shared/reference/ejabberd-admin-lists.xml). */
    bool ej = m->cfg->quirks == QUIRKS_EJABBERD;

    x = muc_x_user(msg);
    /* Prosody 0.12.3: the codes of a kick (a ban 301, a membership
     * revoked in a members-only room 321) and any reason. */
    if (a == AFF_OUTCAST && !ej)
        muc_add_status(x, 301);
    else if (a == AFF_NONE && r->cfg.membersonly && !ej)
        muc_add_status(x, 321);
    it = xnode_add(x, "item", NS_MUC_USER);
    xnode_set_attr(it, "jid", jid);
    xnode_set_attr(it, "affiliation", aff_name(a));
    if (ej)
        xnode_set_attr(it, "role", "none");
    if (reason && (a == AFF_OUTCAST || !ej))
        xnode_add_text(it, "reason", reason);
    for (p = r->occs; p; p = p->next) {
        if (!can_see_jid(r, p))
            continue;
        for (s = p->sessions; s; s = s->next) {
            c = xnode_copy(msg);
            xnode_set_attr(c, "to", s->jid);
            muc_send(m, c);
        }
    }
    xnode_free(msg);
}

static const char *check_aff_perm(struct room *r, const char *actor,
                                  const char *jid, enum affil a,
                                  const char **etype)
{
    char *ab = jid_bare(actor);
    enum affil act = room_aff(r, ab), tgt = room_aff(r, jid);
    bool self = !strcmp(ab, jid);

    free(ab);
    *etype = "cancel";
    if (act == AFF_OWNER) {
        if (self && a != AFF_OWNER && room_count_aff(r, AFF_OWNER) <= 1)
            return "conflict";
        return NULL;
    }
    if (a == AFF_OWNER || a == AFF_ADMIN || act != AFF_ADMIN ||
        tgt == AFF_OWNER || tgt == AFF_ADMIN)
        return "not-allowed";
    return NULL;
}

static void actor_of(struct room *r, const char *actor, const char **nick)
{
    struct occupant *ao = actor ? occ_by_real(r, actor, NULL) : NULL;

    *nick = ao ? ao->nick : NULL;
}

/* Occupants of jid after its affiliation changed: kick or re-announce. */
static void update_occupants(struct muc *m, struct room *r, const char *jid,
                             enum affil old, enum affil a, const char *actor,
                             const char *reason)
{
    enum role nr = role_for(r, a);
    bool down = old > a;
    struct occupant *o, *next;
    struct pres_opts po;
    const char *anick;
    enum role was;

    actor_of(r, actor, &anick);
    for (o = r->occs; o; o = next) {
        next = o->next;
        if (strcmp(o->bare, jid))
            continue;
        if (a == AFF_OUTCAST || (r->cfg.membersonly && a == AFF_NONE)) {
            muc_kick(m, r, o, a == AFF_OUTCAST ? 301 : 321, reason, anick,
                     actor);
            continue;
        }
        was = o->role;
        if (o->role != nr && (down || o->role < nr))
            o->role = nr;
        muc_pres_opts_init(&po);
        po.actor_nick = anick;
        po.actor_jid = actor;
        po.reason = reason;
        muc_broadcast_occ(m, r, o, &po);
        muc_moderator_changed(m, r, o, was);
    }
}

const char *muc_set_aff(struct muc *m, struct room *r, const char *actor,
                        const char *jid, enum affil a, const char *reason,
                        const char *nick, bool set_nick, const char **etype)
{
    const char *err = actor ? check_aff_perm(r, actor, jid, a, etype) : NULL;
    enum affil old = room_aff(r, jid);
    struct occupant *sq;
    bool present;

    if (err)
        return err;
    if (set_nick && nick && (sq = occ_by_nick(r, nick)) &&
        strcmp(sq->bare, jid))
        muc_kick(m, r, sq, 307, "This nickname is reserved", NULL, NULL);
    if (!set_nick && room_affent(r, jid) && a != AFF_NONE)
        nick = room_affent(r, jid)->nick;
    room_set_aff_raw(r, jid, a, nick, reason);
    present = occ_by_bare(r, jid, NULL) != NULL;
    if (present)
        update_occupants(m, r, jid, old, a, actor, reason);
    else
        notify_non_occupant(m, r, jid, a, reason);
    if (r->cfg.persistent)
        muc_store_dirty(m);
    return NULL;
}

static const char *set_role(struct muc *m, struct room *r, const char *actor,
                            const char *nick, enum role role,
                            const char *reason, const char **etype)
{
    struct occupant *o = occ_by_nick(r, nick);
    struct occupant *ao = occ_by_real(r, actor, NULL);
    char *ab = jid_bare(actor);
    enum affil act = room_aff(r, ab), tgt;
    struct pres_opts po;

    free(ab);
    *etype = "cancel";
    if (!o) {
        /* As measured: Prosody 0.12 item-not-found, ejabberd 23.01
         * not-acceptable ("Nickname ... does not exist in the room"). */
        *etype = "modify";
        return m->cfg->quirks == QUIRKS_EJABBERD ? "not-acceptable"
                                                 : "item-not-found";
    }
    tgt = room_aff(r, o->bare);
    if (!ao || ao->role != ROLE_MODERATOR)
        return "not-allowed";
    if ((tgt == AFF_OWNER || tgt == AFF_ADMIN) && act != AFF_OWNER)
        return "not-allowed";
    if ((o->role == ROLE_MODERATOR || role == ROLE_MODERATOR) &&
        act < AFF_ADMIN)
        return "not-allowed";
    if (role == ROLE_NONE) {
        muc_kick(m, r, o, 307, reason, ao->nick, actor);
        return NULL;
    }
    /* Unlike an affiliation change, Prosody 0.12.3 sends a new (or
     * former) moderator no one's presence again here. */
    o->role = role;
    muc_pres_opts_init(&po);
    po.actor_nick = ao->nick;
    po.actor_jid = actor;
    po.reason = reason;
    muc_broadcast_occ(m, r, o, &po);
    return NULL;
}

const char *muc_set_role(struct muc *m, struct room *r, const char *actor,
                         const char *nick, enum role role, const char *reason,
                         const char **etype)
{
    return set_role(m, r, actor, nick, role, reason, etype);
}

static const char *admin_item(struct muc *m, struct room *r, const char *actor,
                              const struct xnode *it, const char **etype)
{
    const char *as = xnode_attr(it, "affiliation");
    const char *rs = xnode_attr(it, "role"), *nick = xnode_attr(it, "nick");
    const char *reason = xnode_child(it, "reason", NULL)
                             ? xtext(xnode_child(it, "reason", NULL))
                             : NULL;
    const char *err;
    struct occupant *o;
    enum affil a;
    /* ejabberd 23.01 keeps no nick with an affiliation
     * (tests/scansion/ejabberd/admin_items.scs). */
    bool keep_nick = m->cfg->quirks != QUIRKS_EJABBERD;
    enum role role;
    char *jid = NULL;

    *etype = "modify";
    if (as) {
        if (!aff_parse(as, &a))
            return "not-acceptable"; /* as Prosody 0.12.3 */
        if (xnode_attr(it, "jid"))
            jid = jid_prep(xnode_attr(it, "jid"));
        else if (nick && (o = occ_by_nick(r, nick)))
            jid = strdup(o->bare);
        /* Prosody 0.12.3: an item it cannot apply is bad-request, cancel. */
        if (!jid) {
            *etype = "cancel";
            return "bad-request";
        }
        if (strchr(jid, '/'))
            *strchr(jid, '/') = '\0';
        /* Prosody 0.12.3 reserves the item's nick, also when the JID
         * came from it; without a nick the reserved one stays. */
        err = muc_set_aff(m, r, actor, jid, a, reason, keep_nick ? nick : NULL,
                          keep_nick ? nick != NULL
                                    : xnode_attr(it, "jid") != NULL,
                          etype);
        free(jid);
        return err;
    }
    if (rs && nick) {
        if (!role_parse(rs, &role))
            return "not-acceptable";
        return set_role(m, r, actor, nick, role, reason, etype);
    }
    *etype = "cancel";
    return "bad-request";
}

#define EJ_NO_ITEM "No 'item' element found"
#define EJ_BAD_ATTR                                                            \
    "Bad value of attribute '%s' in tag <item/> "                              \
    "qualified by namespace '" NS_MUC_ADMIN "'"

/* The attribute of an item whose value ejabberd 23.01 would refuse. */
static const char *bad_item_attr(const struct xnode *it)
{
    const char *as = xnode_attr(it, "affiliation");
    const char *rs = xnode_attr(it, "role");
    enum affil a;
    enum role role;

    if (as && !aff_parse(as, &a))
        return "affiliation";
    if (rs && !role_parse(rs, &role))
        return "role";
    return NULL;
}

/*
 * An affiliation item the actor may not apply, checked before any item
 * is: ejabberd 23.01 then refuses the whole set; the one case recorded
 * (the last owner leaving) says not-allowed with its text.
 */
static bool aff_refused(struct muc *m, struct room *r, struct xnode *st,
                        const struct xnode *it)
{
    const char *as = xnode_attr(it, "affiliation"), *etype, *err;
    char *jid = xnode_attr(it, "jid") ? jid_prep(xnode_attr(it, "jid")) : NULL;
    enum affil a;

    if (!as || !jid || !aff_parse(as, &a)) {
        free(jid);
        return false;
    }
    if (strchr(jid, '/'))
        *strchr(jid, '/') = '\0';
    err = check_aff_perm(r, xnode_attr(st, "from"), jid, a, &etype);
    free(jid);
    if (err && !strcmp(err, "conflict"))
        muc_error(m, st, "cancel", "not-allowed",
                  "Changing role/affiliation is not allowed", NULL);
    else if (err)
        muc_error(m, st, etype, err, NULL, NULL);
    return err != NULL;
}

/*
 * ejabberd 23.01 (tests/scansion/ejabberd/admin_items.scs): every item of
 * a set is applied, last item first (so are its notifications), after all
 * of them were checked: one bad value or one affiliation change the actor
 * may not make refuses the whole set.  Without an item: bad_requests.scs.
 */
static void admin_set_ejabberd(struct muc *m, struct room *r, struct xnode *st,
                               const struct xnode *q)
{
    const struct xnode *it, **items;
    const char *err = NULL, *etype = "modify", *bad;
    char text[160];
    size_t n = 0;

    for (it = xnode_child(q, "item", NULL); it;
         it = xnode_next(it, "item", NULL)) {
        if ((bad = bad_item_attr(it))) {
            snprintf(text, sizeof(text), EJ_BAD_ATTR, bad);
            muc_error(m, st, "modify", "bad-request", text, NULL);
            return;
        }
        if (aff_refused(m, r, st, it))
            return;
        n++;
    }
    if (!n) {
        muc_error(m, st, "modify", "bad-request", EJ_NO_ITEM, NULL);
        return;
    }
    items = calloc(n, sizeof(*items));
    if (!items)
        out_of_memory();
    n = 0;
    for (it = xnode_child(q, "item", NULL); it;
         it = xnode_next(it, "item", NULL))
        items[n++] = it;
    while (n && !err)
        err = admin_item(m, r, xnode_attr(st, "from"), items[--n], &etype);
    free(items);
    if (err)
        muc_error(m, st, etype, err, NULL, NULL);
    else
        muc_send(m, muc_reply(st));
}

/* Prosody 0.12.3 checks an item's jid and nick first: answered, true. */
static bool item_malformed(struct muc *m, struct xnode *st,
                           const struct xnode *it)
{
    const char *j = xnode_attr(it, "jid"), *nick = xnode_attr(it, "nick");
    const char *text = NULL;
    char *p = j ? jid_prep(j) : NULL;
    bool bad = j && !p;

    if (p && jid_resource(p)) {
        bad = true;
        text = "Bare JID expected, got full JID";
    }
    free(p);
    if (!bad && nick && *nick) {
        p = jid_resourceprep(nick, false);
        if (!p) {
            bad = true;
            text = "invalid nickname";
        }
        free(p);
    }
    if (bad)
        muc_error(m, st, "modify", "jid-malformed", text, NULL);
    return bad;
}

static void admin_set(struct muc *m, struct room *r, struct xnode *st,
                      const struct xnode *q)
{
    const struct xnode *it = xnode_child(q, "item", NULL);
    const char *err = NULL, *etype = "modify";

    if (m->cfg->quirks == QUIRKS_EJABBERD) {
        admin_set_ejabberd(m, r, st, q);
        return;
    }
    if (!it) {
        err = "bad-request";
        etype = "cancel";
    } else if (item_malformed(m, st, it)) {
        return;
    } else {
        err = admin_item(m, r, xnode_attr(st, "from"), it, &etype);
    }
    if (err)
        muc_error(m, st, etype, err, NULL, NULL);
    else
        muc_send(m, muc_reply(st));
}

static void list_affs(struct room *r, struct xnode *q, enum affil a)
{
    struct affent *e;
    struct xnode *it;

    for (e = r->affs; e; e = e->next) {
        if (e->aff != a)
            continue;
        it = xnode_add(q, "item", NULL);
        xnode_set_attr(it, "nick", e->nick);
        xnode_set_attr(it, "jid", e->jid);
        xnode_set_attr(it, "affiliation", aff_name(a));
    }
}

static void list_roles(struct room *r, struct xnode *q, enum role role)
{
    struct occupant *o;
    struct session *s;
    struct xnode *it;

    for (o = r->occs; o; o = o->next) {
        if (o->role != role)
            continue;
        for (s = o->sessions; s; s = s->next) {
            it = xnode_add(q, "item", NULL);
            xnode_set_attr(it, "nick", o->nick);
            xnode_set_attr(it, "role", role_name(role));
            xnode_set_attr(it, "affiliation", aff_name(room_aff(r, o->bare)));
            xnode_set_attr(it, "jid", s->jid);
        }
    }
}

/*
 * Prosody 0.12.3's rules: an affiliation list needs admin or owner and an
 * affiliation no higher than one's own (an admin asking for the owners is
 * refused), except that any member may ask for any list of a members-only
 * room whose JIDs everyone sees; a role list needs the role of moderator,
 * or, outside the room, the default role of one's affiliation.  An item
 * with neither or both attributes, or a bad value, is a bad request.
 */
static bool may_list_aff(const struct room *r, enum affil me, enum affil a)
{
    if (me >= AFF_ADMIN && me >= a)
        return true;
    return r->cfg.membersonly && r->cfg.whois_anyone && me >= AFF_MEMBER;
}

static void admin_get(struct muc *m, struct room *r, struct xnode *st,
                      const struct xnode *q)
{
    const struct xnode *it = xnode_child(q, "item", NULL);
    char *bare = jid_bare(xnode_attr(st, "from"));
    enum affil me = room_aff(r, bare), a;
    struct occupant *o = occ_by_real(r, xnode_attr(st, "from"), NULL);
    const char *as, *rs;
    struct xnode *res, *rq;
    enum role role, mine;

    free(bare);
    /* Prosody 0.12.3 indexes the missing item, its handler fails and no
     * reply is sent at all: the client's request times out.  ejabberd
     * 23.01 says bad-request (tests/scansion/ejabberd/bad_requests.scs). */
    if (!it) {
        if (m->cfg->quirks == QUIRKS_EJABBERD)
            muc_error(m, st, "modify", "bad-request", EJ_NO_ITEM, NULL);
        return;
    }
    as = xnode_attr(it, "affiliation");
    rs = xnode_attr(it, "role");
    mine = o ? o->role : role_for(r, me);
    if (as && aff_parse(as, &a) && !rs) {
        if (!may_list_aff(r, me, a)) {
            muc_error(m, st, "auth", "forbidden", NULL, NULL);
            return;
        }
    } else if (rs && role_parse(rs, &role) && !as) {
        if (mine != ROLE_MODERATOR) {
            muc_error(m, st, "auth", "forbidden", NULL, NULL);
            return;
        }
    } else {
        muc_error(m, st, "cancel", "bad-request", NULL, NULL);
        return;
    }
    res = muc_reply(st);
    rq = xnode_add(res, "query", NS_MUC_ADMIN);
    if (as)
        list_affs(r, rq, a);
    else
        list_roles(r, rq, role);
    muc_send(m, res);
}

void muc_admin_iq(struct muc *m, struct room *r, struct xnode *st)
{
    const struct xnode *q = xnode_child(st, "query", NS_MUC_ADMIN);

    if (!strcmp(xnode_attr(st, "type"), "get"))
        admin_get(m, r, st, q);
    else
        admin_set(m, r, st, q);
}
