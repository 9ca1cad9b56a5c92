/* SPDX-License-Identifier: MIT */
/* muc.c - the MUC service: creation, teardown and stanza dispatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "muc_int.h"
#include "xutil.h"

struct muc *muc_new(struct server *s, const struct srv_config *cfg)
{
    struct muc *m = calloc(1, sizeof(*m));

    if (!m)
        out_of_memory();
    m->srv = s;
    m->cfg = cfg;
    m->domain = cfg->muc_domain;
    if (cfg->data && muc_store_load(m, cfg->data)) {
        m->srv = NULL; /* muc_free must not save over the bad file */
        muc_free(m);
        return NULL;
    }
    return m;
}

void muc_free(struct muc *m)
{
    if (!m)
        return;
    if (m->srv) /* pending changes only: FILE.bak stays useful */
        muc_flush(m);
    while (m->rooms)
        room_remove(m, m->rooms);
    strmap_clear(&m->room_index);
    muc_iqfwd_clear(m);
    muc_tomb_clear(m);
    free(m);
}

/*
 * ejabberd 23.01 (tests/scansion/ejabberd/temporary_room.scs): a muc#owner
 * request to a room that does not exist, from anyone, makes a temporary
 * room owned by the sender, which answers it (a form, a result to a submit
 * or a destroy); muc_handle's room_gc then drops it, empty.  Anything else
 * to a missing room is item-not-found, with ejabberd's text.
 */
static void missing_room_iq(struct muc *m, struct xnode *st, const char *nick)
{
    const struct xnode *c = st->children;
    char *jid, *bare;
    struct room *r;

    if (m->cfg->quirks != QUIRKS_EJABBERD) {
        muc_error(m, st, "cancel", "item-not-found", NULL, m->domain);
        return;
    }
    if (nick || !c || strcmp(c->ns, NS_MUC_OWNER)) {
        muc_error(m, st, "cancel", "item-not-found",
                  "Conference room does not exist", NULL);
        return;
    }
    jid = jid_bare(xnode_attr(st, "to"));
    bare = jid_bare(xnode_attr(st, "from"));
    r = room_create(m, jid);
    room_set_aff_raw(r, bare, AFF_OWNER, NULL, NULL);
    r->locked = true;
    free(jid);
    free(bare);
    muc_owner_iq(m, r, st);
}

static void room_iq(struct muc *m, struct room *r, struct xnode *st,
                    const char *nick)
{
    const char *type = xnode_attr(st, "type");
    const struct xnode *c = st->children;

    if (r && nick) {
        muc_iq_to_occupant(m, r, st, nick);
        return;
    }
    if (!type || !strcmp(type, "result") || !strcmp(type, "error"))
        return;
    if (c && !strcmp(c->name, "query") && !strcmp(c->ns, NS_MAM) &&
        m->cfg->quirks != QUIRKS_EJABBERD) {
        muc_mam_iq(m, r, st); /* a get is answered, room or not */
    } else if (!r) {
        missing_room_iq(m, st, nick);
    } else if (!c) {
        muc_error(m, st, "cancel", "service-unavailable", NULL, NULL);
    } else if (!strcmp(c->ns, NS_MUC_ADMIN)) {
        muc_admin_iq(m, r, st);
    } else if (!strcmp(c->ns, NS_MUC_OWNER)) {
        muc_owner_iq(m, r, st);
    } else if (!strcmp(c->ns, NS_REGISTER)) {
        muc_register_iq(m, r, st);
    } else if (muc_moderate_handles(m, st)) {
        muc_moderate_iq(m, r, st);
    } else if ((!strcmp(c->ns, NS_DISCO_INFO) ||
                !strcmp(c->ns, NS_DISCO_ITEMS)) &&
               !strcmp(type, "get")) {
        muc_room_disco(m, r, st);
    } else {
        muc_error(m, st, "cancel", "service-unavailable", NULL, NULL);
    }
}

static bool payload_is(const struct xnode *c, const char *name, const char *ns)
{
    return !strcmp(c->name, name) && !strcmp(c->ns, ns);
}

/*
 * Whether Prosody 0.12.3 has a handler for a get or set to a room's bare
 * JID: only those reach the room (and are answered item-not-found when
 * there is no room, gone at a tombstone).  Anything else, a ping among
 * them, is answered service-unavailable by Prosody's core, room or not.
 */
static bool room_iq_handled(const struct muc *m, const struct xnode *st)
{
    const struct xnode *c = st->children;
    bool get = !strcmp(xnode_attr(st, "type"), "get");

    if (!c)
        return true;
    return (get && (payload_is(c, "query", NS_DISCO_INFO) ||
                    payload_is(c, "query", NS_DISCO_ITEMS))) ||
           payload_is(c, "query", NS_MUC_ADMIN) ||
           payload_is(c, "query", NS_MUC_OWNER) ||
           payload_is(c, "query", NS_REGISTER) ||
           payload_is(c, "query", NS_MAM) || muc_moderate_handles(m, st);
}

/* Normalise 'to' the way the router would (nodeprep, resourceprep). */
static char *prep_to(struct xnode *st)
{
    const char *to = xnode_attr(st, "to");
    char *p = to ? jid_prep(to) : NULL;

    if (p)
        xnode_set_attr(st, "to", p);
    return p ? p : strdup(to ? to : "");
}

void muc_handle(struct muc *m, struct xnode *st)
{
    char *to = prep_to(st), *room = jid_bare(to);
    const char *nick = jid_resource(to);
    struct room *r;

    if (!strchr(room, '@')) {
        if (!strcmp(st->name, "iq"))
            muc_service_iq(m, st);
        else if (strcmp(st->name, "presence"))
            muc_error(m, st, "cancel", "service-unavailable", NULL, NULL);
        xnode_free(st);
        goto out;
    }
    if (!nick && !strcmp(st->name, "iq") && xnode_attr(st, "type") &&
        (!strcmp(xnode_attr(st, "type"), "get") ||
         !strcmp(xnode_attr(st, "type"), "set")) &&
        !room_iq_handled(m, st)) {
        muc_error(m, st, "cancel", "service-unavailable", NULL, NULL);
        xnode_free(st);
        goto out;
    }
    if (muc_tomb_check(m, room, st)) {
        xnode_free(st);
        goto out;
    }
    r = room_find(m, room);
    if (!strcmp(st->name, "presence")) {
        muc_presence(m, r, st, nick);
    } else if (!strcmp(st->name, "message")) {
        muc_message(m, r, st, nick);
    } else {
        room_iq(m, r, st, nick);
        xnode_free(st);
    }
    if ((r = room_find(m, room)))
        room_gc(m, r);
out:
    free(room);
    free(to);
}
