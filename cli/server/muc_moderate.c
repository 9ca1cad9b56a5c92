/* SPDX-License-Identifier: MIT */
/*
 * muc_moderate.c - message moderation (XEP-0425) on the room archive, as
 * Debian 12's mod_muc_moderation does it on Prosody 0.12: a moderator's
 * retraction replaces the archived message with a tombstone and is
 * announced to the room.  Measured: tests/diff/flows3.py.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jid.h"
#include "muc_archive.h"
#include "xutil.h"

#define NS_FASTEN "urn:xmpp:fasten:0"
#define NS_MODERATE0 "urn:xmpp:message-moderate:0"
#define NS_MODERATE1 "urn:xmpp:message-moderate:1"
#define NS_RETRACT0 "urn:xmpp:message-retract:0"
#define NS_RETRACT1 "urn:xmpp:message-retract:1"
/* Not Prosody's (it takes what fits in a stanza): a reason is copied
 * into the archive, the history and every occupant's announcement. */
#define MAX_REASON 4096

struct modreq {
    const char *id;     /* the stanza-id, NULL when not given */
    const char *reason; /* NULL: none */
    bool retract;
};

bool muc_moderation_on(const struct muc *m)
{
    /* ejabberd 23.01 has no XEP-0425. */
    return m->cfg->moderation != MODERATION_OFF &&
           m->cfg->quirks != QUIRKS_EJABBERD;
}

void muc_moderation_features(const struct muc *m, struct xnode *q)
{
    if (!muc_moderation_on(m))
        return;
    xnode_set_attr(xnode_add(q, "feature", NULL), "var", NS_MODERATE0);
    if (m->cfg->moderation == MODERATION_1)
        xnode_set_attr(xnode_add(q, "feature", NULL), "var", NS_MODERATE1);
}

/* What the request asks, or false when no handler of Prosody's takes it
 * (another fastening, a :1 moderation that retracts nothing). */
static bool parse(const struct muc *m, const struct xnode *st, struct modreq *q)
{
    const struct xnode *c = st->children, *mod, *reason;
    const char *type = xnode_attr(st, "type");

    memset(q, 0, sizeof(*q));
    if (!muc_moderation_on(m) || !c || !type || strcmp(type, "set"))
        return false;
    if (!strcmp(c->name, "apply-to") && !strcmp(c->ns, NS_FASTEN)) {
        if (!(mod = xnode_child(c, "moderate", NS_MODERATE0)))
            return false;
        q->id = xnode_attr(c, "id");
        q->retract = xnode_child(mod, "retract", NS_RETRACT0) != NULL;
    } else if (m->cfg->moderation == MODERATION_1 &&
               !strcmp(c->name, "moderate") && !strcmp(c->ns, NS_MODERATE1)) {
        mod = c;
        if (!xnode_child(mod, "retract", NS_RETRACT1))
            return false;
        q->id = xnode_attr(c, "id");
        q->retract = true;
    } else {
        return false;
    }
    /* Lua's get_child_text(): the text of a reason without elements. */
    reason = xnode_child(mod, "reason", mod->ns);
    if (reason && !reason->children)
        q->reason = xnode_text(reason);
    return true;
}

bool muc_moderate_handles(const struct muc *m, const struct xnode *st)
{
    struct modreq q;

    return parse(m, st, &q);
}

/* Prosody's check: the role of the actor's occupant, else of the nick
 * its affiliation reserves (whoever is in the room under it), else the
 * one its affiliation would give.  *nick: the room JID/nick of the
 * actor, for by= (NULL when it has none; caller frees). */
static bool may_moderate(struct room *r, const char *actor, char **nick)
{
    struct occupant *o = occ_by_real(r, actor, NULL), *at;
    char *bare = jid_bare(actor);
    struct affent *a = room_affent(r, bare);
    enum role role;

    *nick = NULL;
    if (o)
        *nick = occ_jid(r, o->nick);
    else if (a && a->nick)
        *nick = occ_jid(r, a->nick);
    at = o ? o : a && a->nick ? occ_by_nick(r, a->nick) : NULL;
    role = at ? at->role : role_for(r, room_aff(r, bare));
    free(bare);
    return role >= ROLE_MODERATOR;
}

static void add_reason(struct xnode *parent, const char *reason)
{
    if (reason)
        xnode_add_text(parent, "reason", reason);
}

/* The archived message's tombstone: who sent it, its id, who retracted
 * it and when (mod_muc_moderation's :0 tombstone, also under :1). */
static struct xnode *tombstone(const struct xnode *orig, const char *by,
                               const char *reason)
{
    struct xnode *t = muc_stanza("message", xnode_attr(orig, "from"), NULL,
                                 "groupchat"),
                 *mod, *ret;
    char stamp[32];

    xnode_set_attr(t, "id", xnode_attr(orig, "id"));
    mod = xnode_add(t, "moderated", NS_MODERATE0);
    xnode_set_attr(mod, "by", by);
    ret = xnode_add(mod, "retracted", NS_RETRACT0);
    archive_stamp(time(NULL), stamp, sizeof(stamp));
    xnode_set_attr(ret, "stamp", stamp);
    add_reason(mod, reason);
    return t;
}

/* What the room is told.  Under --moderation 1 the same message also
 * says it the :1 way, with the moderator's occupant-id, so that clients
 * of either version understand it. */
static struct xnode *announcement(struct muc *m, struct room *r,
                                  const char *actor, const struct modreq *q,
                                  const char *by)
{
    struct xnode *msg = muc_stanza("message", r->jid, NULL, "groupchat"), *at,
                 *mod, *ret, *oid;
    char *id = muc_new_id(m), *bare;

    xnode_set_attr(msg, "id", id);
    free(id);
    at = xnode_add(msg, "apply-to", NS_FASTEN);
    xnode_set_attr(at, "id", q->id);
    mod = xnode_add(at, "moderated", NS_MODERATE0);
    xnode_set_attr(mod, "by", by);
    if (q->retract)
        xnode_add(mod, "retract", NS_RETRACT0);
    add_reason(mod, q->reason);
    if (m->cfg->moderation != MODERATION_1 || !q->retract)
        return msg;
    ret = xnode_add(msg, "retract", NS_RETRACT1);
    xnode_set_attr(ret, "id", q->id);
    mod = xnode_add(ret, "moderated", NS_MODERATE1);
    xnode_set_attr(mod, "by", by);
    if (occupant_id_enabled(m)) {
        bare = jid_bare(actor);
        id = occupant_id(m, r, bare);
        oid = xnode_add(mod, "occupant-id", NS_OCCUPANT_ID);
        xnode_set_attr(oid, "id", id);
        free(id);
        free(bare);
    }
    add_reason(ret, q->reason);
    return msg;
}

void muc_moderate_iq(struct muc *m, struct room *r, struct xnode *st)
{
    const char *actor = xnode_attr(st, "from");
    struct arch_item *it;
    struct modreq q;
    struct xnode *msg;
    char *by;

    if (!parse(m, st, &q))
        return;
    if (!may_moderate(r, actor, &by)) {
        muc_error(m, st, "auth", "forbidden",
                  "You need a role of at least 'moderator'", NULL);
        free(by);
        return;
    }
    /* Looked for whether the room archives now or not, as Prosody looks
     * in its store. */
    if (!(it = archive_get(r, q.id))) {
        muc_error(m, st, "modify", "item-not-found", NULL, NULL);
        free(by);
        return;
    }
    if (q.reason && strlen(q.reason) > MAX_REASON) {
        muc_error(m, st, "modify", "not-acceptable", "Reason too long", NULL);
        free(by);
        return;
    }
    if (q.retract)
        archive_replace(r, it, tombstone(it->msg, by, q.reason));
    /* mod_muc_moderation makes the announcement historic: archived (with
     * a stanza-id) and in the memory history, then broadcast, then the
     * moderator's result. */
    msg = announcement(m, r, actor, &q, by);
    free(by);
    muc_archive_room_msg(m, r, msg);
    muc_history_add(r, msg);
    muc_broadcast_msg(m, r, msg);
    muc_send(m, muc_reply(st));
}
