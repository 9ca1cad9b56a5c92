/* SPDX-License-Identifier: MIT */
/* muc_owner.c - muc#owner: the room configuration form (Prosody 0.12's
 * fields, labels and order), its submission and room destruction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "muc_config.h"
#include "muc_int.h"

#define F_PREFIX "muc#roomconfig_"
#define F_INVITES                                                              \
    "{http://prosody.im/protocol/muc}roomconfig_allowmemberinvites"

static void bool_field(struct xnode *x, const char *var, const char *label,
                       const char *desc, bool v, bool show_false)
{
    struct xnode *f = form_field(x, "boolean", var, label);

    if (desc)
        form_desc(f, desc);
    if (v || show_false)
        form_value(f, v ? "1" : "0");
}

static void text_field(struct xnode *x, const char *type, const char *var,
                       const char *label, const char *desc, const char *v)
{
    struct xnode *f = form_field(x, type, var, label);

    if (desc)
        form_desc(f, desc);
    if (v)
        form_value(f, v);
}

static void int_field(struct xnode *x, const char *var, const char *label,
                      const char *desc, int v)
{
    struct xnode *f = form_field(x, "text-single", var, label), *val;
    char buf[16];

    form_desc(f, desc);
    val = xnode_add(f, "validate", "http://jabber.org/protocol/xdata-validate");
    xnode_set_attr(val, "datatype", "xs:integer");
    snprintf(buf, sizeof(buf), "%d", v);
    form_value(f, buf);
}

static void fixed(struct xnode *x, const char *text)
{
    form_value(form_field(x, "fixed", NULL, NULL), text);
}

static void form_info(struct xnode *x, const struct room_config *c)
{
    struct xnode *f;

    fixed(x, "Room information");
    text_field(x, "text-single", F_PREFIX "roomname", "Title", NULL,
               c->name[0] ? c->name : NULL);
    text_field(x, "text-single", F_PREFIX "roomdesc", "Description",
               "A brief description of the room", c->desc);
    f = form_field(x, "text-single", F_PREFIX "lang",
                   "Language tag for room (e.g. 'en', 'de', 'fr' etc.)");
    form_desc(f, "Indicate the primary language spoken in this room");
    xnode_set_attr(xnode_add(f, "validate",
                             "http://jabber.org/protocol/xdata-validate"),
                   "datatype", "xs:language");
    form_value(f, c->lang);
    bool_field(x, F_PREFIX "persistentroom",
               "Persistent (room should remain even when it is empty)",
               "Rooms are automatically deleted when they are empty, unless "
               "this option is enabled",
               c->persistent, false);
    bool_field(x, F_PREFIX "publicroom",
               "Include room information in public lists",
               "Enable this to allow people to find the room", c->public, true);
}

static void form_access(struct xnode *x, const struct room_config *c)
{
    fixed(x, "Access to the room");
    text_field(x, "text-private", F_PREFIX "roomsecret", "Password", NULL,
               c->password);
    bool_field(x, F_PREFIX "membersonly", "Only allow members to join",
               "Enable this to only allow access for room owners, admins "
               "and members",
               c->membersonly, false);
    bool_field(x, F_INVITES, "Allow members to invite new members", NULL,
               c->memberinvites, false);
}

static void form_perms(struct xnode *x, const struct room_config *c)
{
    struct xnode *f;

    fixed(x, "Permissions in the room");
    bool_field(x, F_PREFIX "changesubject",
               "Allow anyone to set the room's subject",
               "Choose whether anyone, or only moderators, may set the "
               "room's subject",
               c->changesubject, false);
    bool_field(x, F_PREFIX "moderatedroom",
               "Moderated (require permission to speak)",
               "In moderated rooms occupants must be given permission to "
               "speak by a room moderator",
               c->moderated, false);
    f = form_field(x, "list-single", F_PREFIX "whois",
                   "Addresses (JIDs) of room occupants may be viewed by:");
    form_option(f, "Moderators only", "moderators");
    form_option(f, "Anyone", "anyone");
    form_value(f, c->whois_anyone ? "anyone" : "moderators");
}

static void form_other(struct xnode *x, const struct room_config *c)
{
    static const char *const order[] = { "none", "visitor", "moderator",
                                         "participant" };
    static const enum role roles[] = { ROLE_NONE, ROLE_VISITOR, ROLE_MODERATOR,
                                       ROLE_PARTICIPANT };
    struct xnode *f;
    int i;

    fixed(x, "Other options");
    int_field(x, F_PREFIX "historylength",
              "Maximum number of history messages returned by room",
              "Specify the maximum number of previous messages that should "
              "be sent to users when they join the room",
              c->historylength);
    int_field(x, F_PREFIX "defaulthistorymessages",
              "Default number of history messages returned by room",
              "Specify the number of previous messages sent to new users "
              "when they join the room",
              c->defaulthistory);
    f = form_field(x, "list-multi", F_PREFIX "presencebroadcast",
                   "Only show participants with roles:");
    form_option(f, "none", "none");
    form_option(f, "visitor", "visitor");
    form_option(f, "participant", "participant");
    form_option(f, "moderator", "moderator");
    for (i = 0; i < 4; i++)
        if (c->bcast & (1u << roles[i]))
            form_value(f, order[i]);
    bool_field(x, F_PREFIX "enablearchiving", "Enable archiving?", NULL,
               c->archiving, true);
}

static void owner_get(struct muc *m, struct room *r, struct xnode *st)
{
    struct xnode *res = muc_reply(st), *q, *x;
    char title[1100];

    q = xnode_add(res, "query", NS_MUC_OWNER);
    x = form_new(q, "form");
    snprintf(title, sizeof(title), "Configuration for %s", r->jid);
    xnode_add_text(x, "title", title);
    xnode_add_text(x, "instructions",
                   "Complete and submit this form to configure the room.");
    form_value(form_field(x, "hidden", "FORM_TYPE", NULL),
               "http://jabber.org/protocol/muc#roomconfig");
    form_info(x, &r->cfg);
    form_access(x, &r->cfg);
    form_perms(x, &r->cfg);
    form_other(x, &r->cfg);
    muc_send(m, res);
}

static void send_codes(struct muc *m, struct room *r, const unsigned *codes)
{
    static const int all[] = { 104, 170, 171, 172, 173, 174 };
    struct xnode *msg, *x;
    size_t i;
    bool any = false;

    msg = muc_stanza("message", r->jid, NULL, "groupchat");
    x = muc_x_user(msg);
    for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        if (*codes & (1u << i)) {
            muc_add_status(x, all[i]);
            any = true;
        }
    }
    if (any)
        muc_broadcast_msg(m, r, msg);
    else
        xnode_free(msg);
}

static void owner_submit(struct muc *m, struct room *r, struct xnode *st,
                         const struct xnode *x)
{
    const char *type = xnode_attr(x, "type"), *ft = form_type(x);
    unsigned codes = 0;
    bool strict = m->cfg->quirks == QUIRKS_EJABBERD, unknown;
    const char *bad;
    char text[1200];

    if (type && !strcmp(type, "cancel")) {
        muc_send(m, muc_reply(st));
        return;
    }
    /* Prosody 0.12.3: a form with no fields is an instant room; one
     * with fields needs the roomconfig FORM_TYPE. */
    if (!type || strcmp(type, "submit")) {
        muc_error(m, st, "cancel", "bad-request", "Not a submitted form", NULL);
        return;
    }
    if (x->children &&
        ((!ft && !strict) ||
         (ft && strcmp(ft, "http://jabber.org/protocol/muc#roomconfig")))) {
        muc_error(m, st, "cancel", "bad-request",
                  "Form is not of type room configuration", NULL);
        return;
    }
    /* ejabberd 23.01 refuses the whole form, and says which field
     * (tests/scansion/ejabberd/bad_requests.scs). */
    if (strict && (bad = muc_config_invalid(x, &unknown))) {
        snprintf(text, sizeof(text), "%s field '%.1000s' of type '%s'",
                 unknown ? "Unknown" : "Bad value of", bad,
                 "http://jabber.org/protocol/muc#roomconfig");
        muc_error(m, st, "modify", "bad-request", text, NULL);
        return;
    }
    muc_config_apply(m, r, x, &codes);
    r->locked = false;
    muc_store_dirty(m); /* on disk before the client hears "result" */
    muc_send(m, muc_reply(st));
    send_codes(m, r, &codes);
}

void muc_destroy(struct muc *m, struct room *r, const char *reason,
                 const char *alt, const char *password)
{
    struct xnode *d = xnode_new("destroy", NS_MUC_USER);
    struct pres_opts po;
    bool persistent = r->cfg.persistent;

    xnode_set_attr(d, "jid", alt);
    if (reason)
        xnode_add_text(d, "reason", reason);
    if (password)
        xnode_add_text(d, "password", password);
    while (r->occs) {
        muc_pres_opts_init(&po);
        po.type = "unavailable";
        po.destroy = d;
        po.only_self = true;
        po.old_role = r->occs->role;
        r->occs->role = ROLE_NONE;
        muc_broadcast_occ(m, r, r->occs, &po);
        occ_remove(r, r->occs);
    }
    xnode_free(d);
    if (persistent)
        muc_tomb_add(m, r->jid, reason, alt);
    room_remove(m, r);
    if (persistent)
        muc_store_dirty(m);
}

static void owner_destroy(struct muc *m, struct room *r, struct xnode *st,
                          const struct xnode *d)
{
    const struct xnode *rs = xnode_child(d, "reason", NULL);
    const struct xnode *pw = xnode_child(d, "password", NULL);

    muc_destroy(m, r, rs ? xnode_text(rs) : NULL, xnode_attr(d, "jid"),
                pw ? xnode_text(pw) : NULL);
    muc_send(m, muc_reply(st));
}

void muc_owner_iq(struct muc *m, struct room *r, struct xnode *st)
{
    const struct xnode *q = xnode_child(st, "query", NS_MUC_OWNER), *c;
    char *bare = jid_bare(xnode_attr(st, "from"));
    bool owner = room_aff(r, bare) == AFF_OWNER;

    free(bare);
    if (!owner) {
        muc_error(m, st, "auth", "forbidden", "Only owners can configure rooms",
                  NULL);
        return;
    }
    /* As Prosody: the query's first child says what is asked. */
    c = q ? q->children : NULL;
    if (!strcmp(xnode_attr(st, "type"), "get")) {
        owner_get(m, r, st);
    } else if (!c) {
        muc_error(m, st, "modify", "bad-request", NULL, NULL);
    } else if (!strcmp(c->name, "destroy")) {
        owner_destroy(m, r, st, c);
    } else if (!strcmp(c->name, "x") && !strcmp(c->ns, NS_XDATA)) {
        owner_submit(m, r, st, c);
    } else {
        muc_error(m, st, "cancel", "service-unavailable", NULL, NULL);
    }
}
