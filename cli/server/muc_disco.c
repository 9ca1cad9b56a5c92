/* SPDX-License-Identifier: MIT */
/* muc_disco.c - service discovery of rooms and of the MUC service, and
 * the service's ad-hoc command that destroys rooms (server admins). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "muc_int.h"
#include "xutil.h"

#define NODE_DESTROY "http://prosody.im/protocol/muc#destroy"

static void feature(struct xnode *q, const char *var)
{
    xnode_set_attr(xnode_add(q, "feature", NULL), "var", var);
}

static void roominfo(struct room *r, struct xnode *q)
{
    struct xnode *x = form_new(q, "result"), *f;
    char n[16];

    form_value(form_field(x, "hidden", "FORM_TYPE", NULL),
               "http://jabber.org/protocol/muc#roominfo");
    form_value(form_field(x, "text-single", "muc#roominfo_lang", NULL),
               r->cfg.lang);
    form_value(form_field(x, "text-single", "muc#roominfo_description",
                          "Description"),
               r->cfg.desc);
    f = form_field(x, "boolean", "muc#roomconfig_changesubject", NULL);
    if (r->cfg.changesubject)
        form_value(f, "1");
    f = form_field(x, "text-single", "muc#roomconfig_roomname", "Title");
    if (r->cfg.name[0])
        form_value(f, r->cfg.name);
    snprintf(n, sizeof(n), "%d", room_count_occ(r));
    form_value(form_field(x, "text-single", "muc#roominfo_occupants",
                          "Number of occupants"),
               n);
    form_value(form_field(x, "boolean",
                          "{http://prosody.im/protocol/muc}"
                          "roomconfig_allowmemberinvites",
                          "Allow members to invite new members"),
               r->cfg.memberinvites ? "1" : "0");
    form_value(form_field(x, "boolean", "muc#roomconfig_allowinvites",
                          "Allow users to invite other users"),
               !r->cfg.membersonly || r->cfg.memberinvites ? "1" : "0");
}

void muc_room_info(struct room *r, struct xnode *q)
{
    struct xnode *id;

    feature(q, r->cfg.public ? "muc_public" : "muc_hidden");
    feature(q, r->cfg.persistent ? "muc_persistent" : "muc_temporary");
    feature(q, "http://jabber.org/protocol/muc#request");
    feature(q, r->cfg.moderated ? "muc_moderated" : "muc_unmoderated");
    feature(q, NS_MUC);
    /* Message ids are kept as the sender gave them (XEP-0045 7.4). */
    feature(q, "http://jabber.org/protocol/muc#stable_id");
    feature(q, "http://jabber.org/protocol/muc#self-ping-optimization");
    id = xnode_add(q, "identity", NULL);
    xnode_set_attr(id, "type", "text");
    xnode_set_attr(id, "category", "conference");
    if (r->cfg.name[0])
        xnode_set_attr(id, "name", r->cfg.name);
    feature(q, NS_REGISTER);
    feature(q, r->cfg.password[0] ? "muc_passwordprotected" : "muc_unsecured");
    feature(q, r->cfg.membersonly ? "muc_membersonly" : "muc_open");
    feature(q, r->cfg.whois_anyone ? "muc_nonanonymous" : "muc_semianonymous");
    if (occupant_id_enabled(r->muc)) {
        /* mod_muc_mam and occupant_id.lib, as Prosody 0.12 lists them:
         * MAM only while the room archives, stanza-ids always. */
        if (r->cfg.archiving) {
            feature(q, NS_MAM);
            feature(q, NS_MAM "#extended");
        }
        feature(q, NS_SID);
        feature(q, NS_OCCUPANT_ID);
    }
    muc_moderation_features(r->muc, q);
    roominfo(r, q);
}

/* The nickname reserved for the requester, or NULL. */
static const char *reserved_nick(struct room *r, const struct xnode *st)
{
    char *bare = jid_bare(xnode_attr(st, "from"));
    struct affent *a = room_affent(r, bare);

    free(bare);
    return a ? a->nick : NULL;
}

/* x-roomuser-item: the requester's reserved nickname, if any. */
static void roomuser_item(struct room *r, const struct xnode *st,
                          struct xnode *q)
{
    const char *nick = reserved_nick(r, st);
    struct xnode *id;

    if (!nick)
        return;
    id = xnode_add(q, "identity", NULL);
    xnode_set_attr(id, "category", "conference");
    xnode_set_attr(id, "name", nick);
    xnode_set_attr(id, "type", "text");
}

void muc_room_disco(struct muc *m, struct room *r, struct xnode *st)
{
    struct xnode *res = muc_reply(st), *q;
    const struct xnode *rq = st->children;
    const char *node = xnode_attr(rq, "node");

    q = xnode_add(res, "query", rq->ns);
    xnode_set_attr(q, "node", node);
    if (!strcmp(rq->ns, NS_DISCO_ITEMS)) {
        /* Prosody 0.12.3 lists no items for a room, public or hidden,
         * whoever asks: occupants are not discoverable this way. */
    } else if (node && !strcmp(node, "x-roomuser-item") &&
               m->cfg->quirks == QUIRKS_EJABBERD && !reserved_nick(r, st)) {
        /* ejabberd 23.01 keeps no nicks per room, and says so thus. */
        xnode_free(res);
        muc_error(m, st, "cancel", "item-not-found", "Invalid node name", NULL);
        return;
    } else if (node && !strcmp(node, "x-roomuser-item")) {
        roomuser_item(r, st, q);
    } else if (!node ||
               (m->cfg->quirks == QUIRKS_EJABBERD &&
                !strncmp(node, CAPS_NODE "#", strlen(CAPS_NODE "#")))) {
        /* The node of the room's caps (muc_room_caps) too, whatever
         * the ver: it changes with the occupants, and a client asking
         * about the one it was given a moment ago wants the room's. */
        muc_room_info(r, q);
    } else if (m->cfg->quirks == QUIRKS_EJABBERD) {
        xnode_free(res);
        muc_error(m, st, "cancel", "item-not-found", NULL, NULL);
        return;
    }
    /* Prosody 0.12.3 answers another node of a room with nothing. */
    muc_send(m, res);
}

static bool is_admin(struct muc *m, const struct xnode *st)
{
    char *bare = jid_bare(xnode_attr(st, "from"));
    bool ok = server_is_admin(m->srv, bare);

    free(bare);
    return ok;
}

static void service_info(struct muc *m, struct xnode *q)
{
    struct xnode *id = xnode_add(q, "identity", NULL), *x, *f;
    const char *const *a;
    char buf[512];

    xnode_set_attr(id, "type", "text");
    xnode_set_attr(id, "name", "Chatrooms");
    xnode_set_attr(id, "category", "conference");
    feature(q, NS_MUC);
    feature(q, NS_COMMANDS);
    feature(q, NS_DISCO_INFO);
    feature(q, NS_DISCO_ITEMS);
    feature(q, "http://jabber.org/protocol/muc#unique");
    if (occupant_id_enabled(m)) {
        feature(q, NS_OCCUPANT_ID);
        feature(q, NS_MAM);
    }
    x = form_new(q, "result");
    form_value(form_field(x, "hidden", "FORM_TYPE", NULL),
               "http://jabber.org/network/serverinfo");
    /* All of mod_server_contact_info's fields, empty but the admins'. */
    form_field(x, "list-multi", "abuse-addresses", NULL);
    f = form_field(x, "list-multi", "admin-addresses", NULL);
    for (a = m->cfg->admins; a && *a; a++) {
        snprintf(buf, sizeof(buf), "xmpp:%s", *a);
        form_value(f, buf);
    }
    form_field(x, "list-multi", "feedback-addresses", NULL);
    form_field(x, "list-multi", "sales-addresses", NULL);
    form_field(x, "list-multi", "security-addresses", NULL);
    form_field(x, "list-multi", "status-addresses", NULL);
    form_field(x, "list-multi", "support-addresses", NULL);
}

/* The service's ad-hoc nodes (XEP-0050) as Prosody describes them; false
 * for a node that does not exist (for this requester). */
static bool service_node_info(struct muc *m, const struct xnode *st,
                              struct xnode *q, const char *node)
{
    struct xnode *id;

    if (!strcmp(node, NS_COMMANDS)) {
        id = xnode_add(q, "identity", NULL);
        xnode_set_attr(id, "name", "Ad-Hoc Commands");
        xnode_set_attr(id, "category", "automation");
        xnode_set_attr(id, "type", "command-list");
        return true;
    }
    if (strcmp(node, NODE_DESTROY) || !is_admin(m, st))
        return false;
    id = xnode_add(q, "identity", NULL);
    xnode_set_attr(id, "name", "Destroy Rooms");
    xnode_set_attr(id, "category", "automation");
    xnode_set_attr(id, "type", "command-node");
    feature(q, NS_COMMANDS);
    feature(q, NS_XDATA);
    return true;
}

static void service_items(struct muc *m, const struct xnode *st,
                          struct xnode *q, const char *node)
{
    struct room *r;
    struct xnode *it;

    if (node && !strcmp(node, NS_COMMANDS)) {
        if (!is_admin(m, st))
            return;
        it = xnode_add(q, "item", NULL);
        xnode_set_attr(it, "node", NODE_DESTROY);
        xnode_set_attr(it, "name", "Destroy Rooms");
        xnode_set_attr(it, "jid", m->domain);
        it = xnode_add(q, "item", NULL);
        xnode_set_attr(it, "node", NODE_SET_AFF);
        xnode_set_attr(it, "name", "Set affiliation in room");
        xnode_set_attr(it, "jid", m->domain);
        return;
    }
    /* As Prosody 0.12.3: every public room, locked (new, not yet
     * configured) or not, its name only when it has one. */
    for (r = m->rooms; r; r = r->next) {
        if (!r->cfg.public)
            continue;
        it = xnode_add(q, "item", NULL);
        xnode_set_attr(it, "jid", r->jid);
        if (r->cfg.name[0])
            xnode_set_attr(it, "name", r->cfg.name);
    }
}

static int jid_order(const void *a, const void *b)
{
    return strcmp((*(const struct room *const *)a)->jid,
                  (*(const struct room *const *)b)->jid);
}

/* As Prosody 0.12.3's mod_muc: every room, sorted, each labelled with
 * its JID; the actions util.adhoc gives (next, complete). */
static void destroy_form(struct muc *m, struct xnode *cmd)
{
    struct xnode *x, *f, *acts;
    struct room *r, **all;
    size_t n = 0, i;

    xnode_set_attr(cmd, "status", "executing");
    acts = xnode_add(cmd, "actions", NULL);
    xnode_set_attr(acts, "execute", "complete");
    xnode_add(acts, "next", NULL);
    xnode_add(acts, "complete", NULL);
    x = form_new(cmd, "form");
    xnode_add_text(x, "title", "Destroy rooms");
    xnode_add_text(x, "instructions", "Select the rooms to destroy");
    form_value(form_field(x, "hidden", "FORM_TYPE", NULL), NODE_DESTROY);
    f = form_field(x, "list-multi", "rooms", "Rooms to destroy:");
    for (r = m->rooms; r; r = r->next)
        n++;
    all = xcalloc(n + 1, sizeof(*all));
    for (r = m->rooms, i = 0; r; r = r->next)
        all[i++] = r;
    qsort(all, n, sizeof(*all), jid_order);
    for (i = 0; i < n; i++)
        form_option(f, all[i]->jid, all[i]->jid);
    free(all);
    xnode_add(f, "required", NS_XDATA);
}

static void run_destroy(struct muc *m, struct xnode *st, struct xnode *cmd)
{
    const struct xnode *x = xnode_child(st->children, "x", NS_XDATA);
    const struct xnode *f = form_find(x, "rooms"), *v;
    char note[4096] = "The following rooms were destroyed:";
    struct room *r;
    size_t n;

    if (!x) {
        destroy_form(m, cmd);
        return;
    }
    for (v = f ? xnode_child(f, "value", NS_XDATA) : NULL; v;
         v = xnode_next(v, "value", NS_XDATA)) {
        if (!(r = room_find(m, xnode_text(v))))
            continue;
        muc_destroy(m, r, NULL, NULL, NULL);
        n = strlen(note);
        snprintf(note + n, sizeof(note) - n, "\n%s", xnode_text(v));
    }
    xnode_set_attr(cmd, "status", "completed");
    xnode_set_attr(xnode_add_text(cmd, "note", note), "type", "info");
}

static void service_command(struct muc *m, struct xnode *st)
{
    const struct xnode *c = st->children;
    const char *node = xnode_attr(c, "node"), *sid;
    struct xnode *res, *cmd;
    char *id;

    if (!node || (strcmp(node, NODE_DESTROY) && strcmp(node, NODE_SET_AFF))) {
        muc_error(m, st, "cancel", "item-not-found", NULL, NULL);
        return;
    }
    if (!is_admin(m, st)) {
        muc_error(m, st, "auth", "forbidden", NULL, NULL);
        return;
    }
    res = muc_reply(st);
    cmd = xnode_add(res, "command", NS_COMMANDS);
    xnode_set_attr(cmd, "node", node);
    id = (sid = xnode_attr(c, "sessionid")) ? strdup(sid) : muc_new_id(m);
    xnode_set_attr(cmd, "sessionid", id);
    free(id);
    if (xnode_attr(c, "action") && !strcmp(xnode_attr(c, "action"), "cancel"))
        xnode_set_attr(cmd, "status", "canceled");
    else if (!strcmp(node, NODE_SET_AFF))
        muc_adhoc_set_affiliation(m, st, cmd);
    else
        run_destroy(m, st, cmd);
    muc_send(m, res);
}

void muc_service_iq(struct muc *m, struct xnode *st)
{
    const char *type = xnode_attr(st, "type");
    const struct xnode *c = st->children;
    struct xnode *res, *q;

    if (!c || !type || (strcmp(type, "get") && strcmp(type, "set"))) {
        if (type && (strcmp(type, "result") && strcmp(type, "error")))
            muc_error(m, st, "modify", "bad-request", NULL, NULL);
        return;
    }
    if (!strcmp(c->ns, NS_COMMANDS) && !strcmp(type, "set")) {
        service_command(m, st);
        return;
    }
    /* The software version (XEP-0092) is how clients learn how a multi-
     * item muc#admin set is handled: all items (ejabberd), or only the
     * first (Prosody 0.12).  Said as it is, with the behaviour in hand. */
    if (!strcmp(type, "get") && !strcmp(c->ns, NS_VERSION)) {
        res = muc_reply(st);
        q = xnode_add(res, "query", NS_VERSION);
        xnode_add_text(q, "name",
                       m->cfg->quirks == QUIRKS_EJABBERD
                           ? "mucadmin serve (ejabberd quirks)"
                           : "mucadmin serve (Prosody quirks)");
        xnode_add_text(q, "version", MUCADMIN_VERSION_STRING);
        muc_send(m, res);
        return;
    }
    if (muc_unique_iq(m, st))
        return;
    /* No ping here: Prosody 0.12.3 does not load mod_ping on the MUC
     * component, which answers it service-unavailable. */
    if (!strcmp(type, "get") &&
        (!strcmp(c->ns, NS_DISCO_INFO) || !strcmp(c->ns, NS_DISCO_ITEMS))) {
        res = muc_reply(st);
        q = xnode_add(res, "query", c->ns);
        xnode_set_attr(q, "node", xnode_attr(c, "node"));
        if (!strcmp(c->ns, NS_DISCO_INFO) && xnode_attr(c, "node") &&
            !service_node_info(m, st, q, xnode_attr(c, "node"))) {
            xnode_free(res);
            muc_error(m, st, "cancel", "item-not-found", "Node does not exist",
                      NULL);
            return;
        }
        if (!strcmp(c->ns, NS_DISCO_INFO) && !xnode_attr(c, "node"))
            service_info(m, q);
        else if (!strcmp(c->ns, NS_DISCO_ITEMS))
            service_items(m, st, q, xnode_attr(c, "node"));
        muc_send(m, res);
        return;
    }
    muc_error(m, st, "cancel", "service-unavailable", NULL, NULL);
}
