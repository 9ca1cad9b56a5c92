/* SPDX-License-Identifier: MIT */
/* muc_config.c - applying a submitted muc#roomconfig form: which fields
 * exist, how their values are checked, which status codes they raise. */
#include <stdlib.h>
#include <string.h>

#include "muc_config.h"

enum kind { K_TEXT, K_BOOL, K_INT, K_WHOIS, K_ROLES };

struct cfield {
    const char *var;
    enum kind kind;
    size_t off;
};

#define OFF(f) offsetof(struct room_config, f)
#define P "muc#roomconfig_"

static const struct cfield fields[] = {
    { P "roomname", K_TEXT, OFF(name) },
    { P "roomdesc", K_TEXT, OFF(desc) },
    { P "lang", K_TEXT, OFF(lang) },
    { P "persistentroom", K_BOOL, OFF(persistent) },
    { P "publicroom", K_BOOL, OFF(public) },
    { P "roomsecret", K_TEXT, OFF(password) },
    { P "membersonly", K_BOOL, OFF(membersonly) },
    { "{http://prosody.im/protocol/muc}roomconfig_allowmemberinvites", K_BOOL,
      OFF(memberinvites) },
    { P "changesubject", K_BOOL, OFF(changesubject) },
    { P "moderatedroom", K_BOOL, OFF(moderated) },
    { P "whois", K_WHOIS, OFF(whois_anyone) },
    { P "historylength", K_INT, OFF(historylength) },
    { P "defaulthistorymessages", K_INT, OFF(defaulthistory) },
    { P "presencebroadcast", K_ROLES, OFF(bcast) },
    { P "enablearchiving", K_BOOL, OFF(archiving) },
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static const struct cfield *lookup(const char *var)
{
    size_t i;

    for (i = 0; var && i < NFIELDS; i++)
        if (!strcmp(fields[i].var, var))
            return &fields[i];
    return NULL;
}

static bool parse_roles(const struct xnode *f, unsigned *out)
{
    const struct xnode *v;
    enum role r;

    *out = 0;
    for (v = xnode_child(f, "value", NS_XDATA); v;
         v = xnode_next(v, "value", NS_XDATA)) {
        if (!role_parse(xnode_text(v), &r))
            return false;
        *out |= 1u << r;
    }
    return true;
}

static bool value_ok(const struct cfield *cf, const struct xnode *f)
{
    const char *v = xtext(xnode_child(f, "value", NS_XDATA));
    bool b;
    int n;
    unsigned u;

    switch (cf->kind) {
    case K_BOOL: return form_bool(v, &b);
    case K_INT: return form_int(v, &n);
    case K_WHOIS: return !strcmp(v, "anyone") || !strcmp(v, "moderators");
    case K_ROLES: return parse_roles(f, &u);
    default: return true;
    }
}

const char *muc_config_invalid(const struct xnode *x, bool *unknown)
{
    const struct xnode *f;
    const struct cfield *cf;
    const char *var;

    for (f = xnode_child(x, "field", NS_XDATA); f;
         f = xnode_next(f, "field", NS_XDATA)) {
        var = xnode_attr(f, "var");
        if (var && !strcmp(var, "FORM_TYPE"))
            continue;
        cf = lookup(var);
        *unknown = !cf;
        if (!cf || !value_ok(cf, f))
            return var ? var : "";
    }
    return NULL;
}

/* Members-only switched on: occupants without affiliation leave (322). */
static void kick_non_members(struct muc *m, struct room *r)
{
    struct occupant *o, *next;

    for (o = r->occs; o; o = next) {
        next = o->next;
        if (room_aff(r, o->bare) == AFF_NONE)
            muc_kick(m, r, o, 322, NULL, NULL, NULL);
    }
}

/* Prosody 0.12.3's history fields (mod_muc history.lib): a history length
 * that is not an integer resets it to the default, any integer (even a
 * negative one) is kept, and status 104 comes whenever the field is
 * submitted.  The default number is clamped to the room's history length
 * as it was before this form (Prosody's fields are applied in hash order;
 * this is the order measured), an invalid one counts as 20, and it never
 * raises 104. */
static unsigned apply_history(struct room *r, const struct cfield *cf,
                              const char *v, int old_len)
{
    char *end;
    long l = v && *v ? strtol(v, &end, 10) : 0;
    int n = 20;

    /* xs:integer as Prosody reads it: negative numbers are integers too. */
    if (v && *v && !*end && l > -1000000000L && l < 1000000000L)
        n = (int)l;
    if (cf->off == OFF(historylength)) {
        r->cfg.historylength = n;
        return CODE_104;
    }
    r->cfg.defaulthistory = n < old_len ? n : old_len;
    return 0;
}

/* Prosody 0.12.3's mod_muc_mam: 170 or 171 whenever the field comes,
 * changed or not; an invalid value says 171 but leaves the room at the
 * default (archiving on: muc_log_by_default). */
static unsigned apply_archiving(struct room *r, const char *v)
{
    bool b;

    if (!form_bool(v, &b)) {
        r->cfg.archiving = true;
        return CODE_171;
    }
    r->cfg.archiving = b;
    return b ? CODE_170 : CODE_171;
}

static unsigned apply_one(struct room *r, const struct cfield *cf,
                          const struct xnode *f, int old_len)
{
    char *base = (char *)&r->cfg + cf->off, **sp = (char **)base;
    const char *v = xtext(xnode_child(f, "value", NS_XDATA));
    bool b, *bp = (bool *)base;
    unsigned u, *up = (unsigned *)base;

    switch (cf->kind) {
    case K_TEXT:
        if (!strcmp(*sp, v))
            return 0;
        free(*sp);
        *sp = strdup(v);
        return CODE_104;
    case K_BOOL:
        if (cf->off == OFF(archiving))
            return apply_archiving(r, v);
        /* Prosody reads an invalid boolean as no value, i.e. false. */
        if (!form_bool(v, &b))
            b = false;
        if (*bp == b)
            return 0;
        *bp = b;
        return CODE_104;
    case K_INT: return apply_history(r, cf, v, old_len);
    case K_WHOIS:
        if (!value_ok(cf, f))
            return 0;
        b = !strcmp(v, "anyone");
        if (*bp == b)
            return 0;
        *bp = b;
        return b ? CODE_172 : CODE_173;
    case K_ROLES:
        if (!parse_roles(f, &u))
            return 0;
        if (*up == u)
            return 0;
        *up = u;
        return CODE_104;
    }
    return 0;
}

void muc_config_apply(struct muc *m, struct room *r, const struct xnode *x,
                      unsigned *codes)
{
    const struct xnode *f;
    const struct cfield *cf;
    bool was_mo = r->cfg.membersonly;
    int old_len = r->cfg.historylength;

    for (f = xnode_child(x, "field", NS_XDATA); f;
         f = xnode_next(f, "field", NS_XDATA)) {
        cf = lookup(xnode_attr(f, "var"));
        if (cf)
            *codes |= apply_one(r, cf, f, old_len);
    }
    if (r->cfg.membersonly && !was_mo)
        kick_non_members(m, r);
}
