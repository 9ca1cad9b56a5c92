/* SPDX-License-Identifier: MIT */
/* muc_presence.c - joining, leaving, nick changes, probes and error
 * presence: the occupant life cycle. */
#define _GNU_SOURCE /* strptime, timegm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jid.h"
#include "muc_int.h"
#include "xutil.h"

static const char *from_of(const struct xnode *st)
{
    return xnode_attr(st, "from");
}

static void join_error(struct muc *m, struct room *r, const struct xnode *st,
                       const char *type, const char *cond, const char *text)
{
    muc_error(m, st, type, cond, text, r ? r->jid : NULL);
}

struct xnode *session_presence(const struct xnode *st)
{
    struct xnode *p = xnode_copy(st), *x;

    if (!xnode_attr(p, "type") && !xnode_child(p, "x", "vcard-temp:x:update")) {
        x = xnode_add(p, "x", "vcard-temp:x:update");
        xnode_add(x, "photo", NULL);
    }
    return p;
}

/* XEP-0082 date-time (UTC, 'Z' or no zone) to time_t; -1 if invalid. */
static time_t parse_stamp(const char *s)
{
    struct tm tm;
    const char *end;

    memset(&tm, 0, sizeof(tm));
    end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!end)
        return (time_t)-1;
    return timegm(&tm);
}

static void send_history(struct muc *m, struct room *r, const char *to,
                         const struct xnode *st)
{
    const struct xnode *x = xnode_child(st, "x", NS_MUC), *h;
    int want = r->cfg.defaulthistory, skip;
    const char *v;
    struct hist *e;
    struct xnode *c;

    if (want > r->cfg.historylength)
        want = r->cfg.historylength;
    h = x ? xnode_child(x, "history", NULL) : NULL;
    if (h && (v = xnode_attr(h, "maxstanzas")) && atoi(v) < want)
        want = atoi(v);
    if (h && (v = xnode_attr(h, "maxchars")) && atoi(v) == 0)
        want = 0;
    if (want < 0)
        want = 0;
    skip = r->nhist - want;
    for (e = r->hist; e; e = e->next) {
        if (skip-- > 0)
            continue;
        if (h && (v = xnode_attr(h, "seconds")) &&
            e->when < time(NULL) - atol(v))
            continue;
        if (h && (v = xnode_attr(h, "since")) && e->when < parse_stamp(v))
            continue;
        c = xnode_copy(e->msg);
        xnode_set_attr(c, "to", to);
        muc_send(m, c);
    }
}

/* The sequence a (re)joining session gets after the others' presence. */
static void join_tail(struct muc *m, struct room *r, const char *to,
                      const struct xnode *st)
{
    if (m->cfg->quirks == QUIRKS_EJABBERD)
        send_history(m, r, to, st);
    else
        muc_history_send(m, r, to, st);
    muc_send_subject(m, r, to);
}

static const char *check_join(struct muc *m, struct room *r, const char *bare,
                              const char *nick, const struct xnode *st,
                              const char **etype)
{
    enum affil a = room_aff(r, bare);
    const struct xnode *x = xnode_child(st, "x", NS_MUC);
    const char *pw = x ? xtext(xnode_child(x, "password", NULL)) : "";
    struct occupant *o = occ_by_nick(r, nick);
    struct affent *res = room_aff_by_nick(r, nick);

    *etype = "auth";
    if (muc_locked(r) && a != AFF_OWNER) {
        *etype = "cancel";
        return "item-not-found";
    }
    if (a == AFF_OUTCAST)
        return "forbidden";
    if (o && strcmp(o->bare, bare)) {
        *etype = "cancel";
        return "conflict";
    }
    if (res && strcmp(res->jid, bare)) {
        *etype = "cancel";
        return "conflict";
    }
    if (r->cfg.membersonly && a == AFF_NONE)
        return "registration-required";
    if (r->cfg.password[0] && strcmp(pw, r->cfg.password))
        return "not-authorized";
    return NULL;
}

static void do_join(struct muc *m, struct room *r, struct xnode *st,
                    const char *nick, bool created)
{
    const char *from = from_of(st);
    char *bare = jid_bare(from);
    const char *etype,
        *err = created ? NULL : check_join(m, r, bare, nick, st, &etype);
    struct occupant *o;
    struct session *s;
    struct pres_opts po;
    int self_pre[3] = { 0, 0, 0 }, n = 0;

    if (err) {
        /* A locked room does not exist yet for anyone but its owner. */
        muc_error(m, st, etype, err, NULL,
                  strcmp(err, "item-not-found") ? r->jid : m->domain);
        free(bare);
        return;
    }
    o = occ_by_nick(r, nick);
    if (!o) {
        o = occ_new(r, nick, bare);
        o->role = role_for(r, room_aff(r, bare));
    }
    free(bare);
    s = calloc(1, sizeof(*s));
    if (!s)
        out_of_memory();
    s->jid = strdup(from);
    s->pres = session_presence(st);
    occ_add_session(o, s);
    if (m->cfg->quirks == QUIRKS_EJABBERD)
        muc_room_caps(m, r, from);
    muc_send_occupants(m, r, o, from);
    /* A new room is non-anonymous already with --room-default
     * public_jids=true: 201 then 100, as Prosody. */
    if (created)
        self_pre[n++] = 201;
    if (r->cfg.whois_anyone)
        self_pre[n++] = 100;
    muc_pres_opts_init(&po);
    po.self_pre = self_pre;
    muc_broadcast_occ(m, r, o, &po);
    join_tail(m, r, from, st);
}

/* Presence again while in the room: an update, broadcast as Prosody
 * 0.12.3 does; with <x muc/> a resync that also replays the occupant
 * list, history and subject for that session. */
static void do_update(struct muc *m, struct room *r, struct occupant *o,
                      struct session *s, struct xnode *st)
{
    bool resync = xnode_child(st, "x", NS_MUC) != NULL;
    struct pres_opts po;

    xnode_free(s->pres);
    s->pres = session_presence(st);
    muc_pres_opts_init(&po);
    if (resync)
        muc_send_occupants(m, r, o, s->jid);
    muc_broadcast_occ(m, r, o, &po);
    if (resync)
        join_tail(m, r, s->jid, st);
}

static void do_nick_change(struct muc *m, struct room *r, struct occupant *o,
                           struct session *s, struct xnode *st,
                           const char *nick)
{
    struct occupant *other = occ_by_nick(r, nick);
    struct affent *res = room_aff_by_nick(r, nick);
    struct pres_opts po;
    int pre[2] = { 303, 0 };

    if ((other && strcmp(other->bare, o->bare)) ||
        (res && strcmp(res->jid, o->bare))) {
        join_error(m, r, st, "cancel", "conflict", NULL);
        return;
    }
    if (o->sessions->next && !other) {
        split_session(m, r, o, s, st, nick);
        return;
    }
    if (other && other != o) {
        merge_session(m, r, o, s, st, other);
        return;
    }
    muc_pres_opts_init(&po);
    po.type = "unavailable";
    po.pre = pre;
    po.nick = nick;
    muc_broadcast_occ(m, r, o, &po);
    free(o->nick);
    o->nick = strdup(nick);
    xnode_free(s->pres);
    s->pres = session_presence(st);
    muc_pres_opts_init(&po);
    muc_broadcast_occ(m, r, o, &po);
}

void muc_kick(struct muc *m, struct room *r, struct occupant *o, int code,
              const char *reason, const char *actor_nick, const char *actor_jid)
{
    struct pres_opts po;
    int pre[2] = { code, 0 };

    /* Prosody 0.12.3 names the actor by its nick once the occupant is
     * gone: one who removes themself has none. */
    if (actor_jid && occ_by_real(r, actor_jid, NULL) == o)
        actor_nick = NULL;
    muc_pres_opts_init(&po);
    po.type = "unavailable";
    po.pre = code ? pre : NULL;
    po.reason = reason;
    po.actor_nick = actor_nick;
    po.actor_jid = actor_jid;
    po.old_role = o->role;
    o->role = ROLE_NONE;
    muc_broadcast_occ(m, r, o, &po);
    occ_remove(r, o);
}

static void do_leave(struct muc *m, struct room *r, struct occupant *o,
                     struct session *s, struct xnode *st)
{
    struct pres_opts po;

    if (o->sessions->next) {
        leave_session(m, r, o, s, st);
        return;
    }
    muc_pres_opts_init(&po);
    po.type = "unavailable";
    po.base = st;
    po.old_role = o->role;
    o->role = ROLE_NONE;
    muc_broadcast_occ(m, r, o, &po);
    occ_remove(r, o);
    room_gc(m, r);
}

/* An error bounced by an occupant's client: Prosody kicks that session
 * with status 333 and the error in the status text. */
static void do_error_kick(struct muc *m, struct room *r, struct occupant *o,
                          struct session *s, struct xnode *st)
{
    const struct xnode *e = xnode_child(st, "error", NULL), *c;
    const char *text = "";
    char buf[512], cond[128];
    struct pres_opts po;
    int pre[2] = { 333, 0 }, i;

    if (o->sessions->next) {
        occ_del_session(o, s);
        muc_pres_opts_init(&po);
        muc_broadcast_occ(m, r, o, &po);
        return;
    }
    snprintf(cond, sizeof(cond), "%s", "error");
    for (c = e ? e->children : NULL; c; c = c->next) {
        if (strcmp(c->ns, NS_STANZAS))
            continue;
        if (!strcmp(c->name, "text"))
            text = xnode_text(c);
        else
            snprintf(cond, sizeof(cond), "%s", c->name);
    }
    for (i = 0; cond[i]; i++)
        if (cond[i] == '-')
            cond[i] = ' ';
    snprintf(buf, sizeof(buf), "Kicked: %s%s%s", cond, *text ? ": " : "", text);
    muc_pres_opts_init(&po);
    po.type = "unavailable";
    po.pre = pre;
    po.status_text = buf;
    po.old_role = o->role;
    o->role = ROLE_NONE;
    muc_broadcast_occ(m, r, o, &po);
    occ_remove(r, o);
    room_gc(m, r);
}

static void do_probe(struct muc *m, struct room *r, struct xnode *st,
                     const char *nick)
{
    struct occupant *me = r ? occ_by_real(r, from_of(st), NULL) : NULL, *o;
    struct affent *a;
    struct pres_opts po;
    struct xnode *p;

    if (!me) {
        muc_error(m, st, "cancel", "not-acceptable",
                  "You are not currently connected to this chat",
                  r ? r->jid : NULL);
        return;
    }
    muc_pres_opts_init(&po);
    po.no_110 = true;
    if ((o = occ_by_nick(r, nick))) {
        p = occ_presence(m, r, o,
                         can_see_jid(r, me) || !strcmp(o->bare, me->bare),
                         false, &po);
    } else if ((a = room_aff_by_nick(r, nick))) {
        p = offline_presence(r, a, me, NULL);
    } else {
        return;
    }
    xnode_set_attr(p, "to", from_of(st));
    muc_send(m, p);
}

static void presence_available(struct muc *m, struct room *r, struct xnode *st,
                               const char *nick)
{
    struct session *s = NULL;
    struct occupant *o = r ? occ_by_real(r, from_of(st), &s) : NULL;
    char *strict = jid_resourceprep(nick, true);
    bool created = false;
    char *bare;

    if (!strict) {
        bare = jid_bare(xnode_attr(st, "to"));
        muc_error(m, st, "modify", "jid-malformed",
                  "Nickname must pass strict validation", bare);
        free(bare);
        return;
    }
    free(strict);
    /* Prosody 0.12.3 wants a character that is not (ASCII) white space. */
    if (!nick[strspn(nick, " \t\n\v\f\r")]) {
        bare = jid_bare(xnode_attr(st, "to"));
        muc_error(m, st, "modify", "not-allowed",
                  "Invisible Nicknames are forbidden", bare);
        free(bare);
        return;
    }
    if (o) {
        if (!strcmp(o->nick, nick))
            do_update(m, r, o, s, st);
        else
            do_nick_change(m, r, o, s, st, nick);
        return;
    }
    if (!r) {
        char *rj;

        if (!muc_may_create(m, st))
            return;
        rj = jid_bare(xnode_attr(st, "to"));
        r = room_create(m, rj);
        free(rj);
        muc_room_defaults(m, r, st);
        bare = jid_bare(from_of(st));
        room_set_aff_raw(r, bare, AFF_OWNER, NULL, NULL);
        free(bare);
        /* As Prosody, a room made by the old groupchat protocol (no <x/>)
         * is not locked. */
        if (xnode_child(st, "x", NS_MUC))
            muc_lock(m, r);
        created = true;
    } else if (!xnode_child(st, "x", NS_MUC)) {
        /* Prosody 0.12.3 takes it for a client out of sync, not a join. */
        join_error(m, r, st, "cancel", "item-not-found",
                   "You are not currently connected to this chat");
        return;
    }
    do_join(m, r, st, nick, created);
    room_gc(m, r);
}

void muc_presence(struct muc *m, struct room *r, struct xnode *st,
                  const char *nick)
{
    const char *type = xnode_attr(st, "type");
    struct session *s = NULL;
    struct occupant *o = r ? occ_by_real(r, from_of(st), &s) : NULL;
    bool err = type && !strcmp(type, "error");
    char *to;

    /* As Prosody 0.12.3: only an available presence to a nick may make a
     * missing room, anything else is item-not-found, but a join without
     * a nick, which gets no answer at all (a Lua error in Prosody's nick
     * check: tests/diff flow errors, step 'no nick').  To the room's bare
     * JID, an occupant's presence is taken as sent to their nick; no one
     * else's has a handler (Prosody's core answers service-unavailable). */
    if (!r && !nick && !type && xnode_child(st, "x", NS_MUC)) {
        xnode_free(st);
        return;
    }
    if (!err && ((!r && (!nick || type)) || (r && !nick && !o))) {
        if (r)
            muc_error(m, st, "cancel", "service-unavailable", NULL, NULL);
        else
            muc_error(m, st, "cancel", "item-not-found", NULL, m->domain);
        xnode_free(st);
        return;
    }
    if (!nick && o) {
        to = occ_jid(r, o->nick);
        xnode_set_attr(st, "to", to);
        free(to);
        nick = jid_resource(xnode_attr(st, "to"));
    }
    if (err) {
        if (o)
            do_error_kick(m, r, o, s, st);
    } else if (type && !strcmp(type, "probe")) {
        if (nick)
            do_probe(m, r, st, nick);
    } else if (type && !strcmp(type, "unavailable")) {
        if (o)
            do_leave(m, r, o, s, st);
    } else if (!type && nick) {
        presence_available(m, r, st, nick);
    }
    xnode_free(st);
}
