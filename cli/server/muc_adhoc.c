/* SPDX-License-Identifier: MIT */
/*
 * muc_adhoc.c - the service's "Set affiliation in room" ad-hoc command
 * (server admins), as Prosody 0.12 offers it: an empty execute gets the
 * form; a submitted form (whatever the action) is run at once, with the
 * answers Prosody gives (its notes' words too).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "muc_int.h"

static void affiliation_form(struct xnode *cmd)
{
    static const char *const affs[] = { "owner", "admin", "member", "none",
                                        "outcast" };
    struct xnode *x, *f, *acts;

    xnode_set_attr(cmd, "status", "executing");
    acts = xnode_add(cmd, "actions", NULL);
    xnode_set_attr(acts, "execute", "complete");
    xnode_add(acts, "next", NULL);
    xnode_add(acts, "complete", NULL);
    x = form_new(cmd, "form");
    xnode_add_text(x, "title", "Set affiliation");
    form_value(form_field(x, "hidden", "FORM_TYPE", NULL), NODE_SET_AFF);
    xnode_add(form_field(x, "jid-single", "room", "Room"), "required",
              NS_XDATA);
    xnode_add(form_field(x, "jid-single", "jid", "JID"), "required", NS_XDATA);
    f = form_field(x, "list-single", "affiliation", "Affiliation");
    for (size_t i = 0; i < sizeof(affs) / sizeof(*affs); i++)
        form_option(f, affs[i], affs[i]);
    xnode_add(f, "required", NS_XDATA);
    form_field(x, "text-single", "reason", NULL);
}

static const char *value_of(const struct xnode *x, const char *var)
{
    const struct xnode *f = form_find(x, var);
    const struct xnode *v = f ? xnode_child(f, "value", NS_XDATA) : NULL;
    const char *t = v ? xnode_text(v) : NULL;

    return t && *t ? t : NULL;
}

static void note(struct xnode *cmd, const char *status, const char *type,
                 const char *text)
{
    xnode_set_attr(cmd, "status", status);
    xnode_set_attr(xnode_add_text(cmd, "note", text), "type", type);
}

void muc_adhoc_set_affiliation(struct muc *m, const struct xnode *st,
                               struct xnode *cmd)
{
    const struct xnode *x = xnode_child(st->children, "x", NS_XDATA);
    const char *room, *jid, *aff, *etype = NULL, *err;
    static const char *const need[] = { "room", "jid", "affiliation" };
    char buf[256], *bare = NULL, *rjid = NULL;
    struct room *r;
    enum affil a;

    if (!x) {
        affiliation_form(cmd);
        return;
    }
    for (size_t i = 0; i < sizeof(need) / sizeof(*need); i++) {
        if (value_of(x, need[i]))
            continue;
        snprintf(buf, sizeof(buf), "%s: Required value missing", need[i]);
        note(cmd, "completed", "error", buf);
        return;
    }
    room = value_of(x, "room");
    jid = value_of(x, "jid");
    aff = value_of(x, "affiliation");
    if ((rjid = jid_prep(jid))) {
        bare = jid_bare(rjid);
        free(rjid);
    }
    rjid = jid_prep(room);
    if (!aff_parse(aff, &a) || !bare || !rjid) {
        note(cmd, "completed", "error", "affiliation: Invalid value");
    } else if (!(r = room_find(m, rjid))) {
        note(cmd, "canceled", "error", "No such room");
    } else if ((err = muc_set_aff(m, r, NULL, bare, a, value_of(x, "reason"),
                                  NULL, false, &etype))) {
        snprintf(buf, sizeof(buf), "Affiliation change failed: %s", err);
        note(cmd, "canceled", "error", buf);
    } else {
        note(cmd, "completed", "info", "Affiliation updated");
    }
    free(bare);
    free(rjid);
}
