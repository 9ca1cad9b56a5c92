/* SPDX-License-Identifier: MIT */
/* muc_create.c - room creation: who may, the defaults, the lock. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jid.h"
#include "muc_int.h"
#include "xutil.h"

#define LOCK_TIMEOUT 300 /* Prosody's muc_room_lock_timeout */

/* The muc_room_default_* settings of Prosody 0.12.3 (mod_muc.lua's
 * set_room_defaults) that serve takes, by their KEY. */
enum dkind { D_BOOL, D_INT, D_LANG, D_ROLES };
static const struct rdefault {
    const char *key;
    enum dkind kind;
    size_t off; /* of the bool or int in struct room_config */
} defaults[] = {
    { "public", D_BOOL, offsetof(struct room_config, public) },
    { "persistent", D_BOOL, offsetof(struct room_config, persistent) },
    { "members_only", D_BOOL, offsetof(struct room_config, membersonly) },
    { "allow_member_invites", D_BOOL,
      offsetof(struct room_config, memberinvites) },
    { "moderated", D_BOOL, offsetof(struct room_config, moderated) },
    { "public_jids", D_BOOL, offsetof(struct room_config, whois_anyone) },
    { "change_subject", D_BOOL, offsetof(struct room_config, changesubject) },
    { "history_length", D_INT, offsetof(struct room_config, historylength) },
    { "language", D_LANG, 0 },
    { "presence_broadcast", D_ROLES, 0 },
};

static bool parse_bool(const char *v, bool *out)
{
    if (!strcmp(v, "true") || !strcmp(v, "1"))
        return *out = true, true;
    if (!strcmp(v, "false") || !strcmp(v, "0"))
        return *out = false, true;
    return false;
}

static bool parse_int(const char *v, int *out)
{
    char *end;
    long n = strtol(v, &end, 10);

    if (!*v || *end || n < 0 || n > 1000000)
        return false;
    *out = (int)n;
    return true;
}

static bool parse_lang(const char *v)
{
    size_t n = strspn(v, "abcdefghijklmnopqrstuvwxyz"
                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

    return *v && !v[n] && n <= 35;
}

/* A comma-separated list of roles (none, visitor, participant, moderator)
 * whose presence is broadcast; empty: nobody's. */
static bool parse_roles(const char *v, unsigned *out)
{
    static const char *const names[] = { "none", "visitor", "participant",
                                         "moderator" };
    size_t n, i;

    *out = 0;
    while (*v) {
        n = strcspn(v, ",");
        for (i = 0; i < 4; i++)
            if (strlen(names[i]) == n && !strncmp(v, names[i], n))
                break;
        if (i == 4)
            return false;
        *out |= 1u << i;
        v += n + (v[n] == ',');
    }
    return true;
}

/* The setting KEY=VALUE names, with its value; NULL if unknown. */
static const struct rdefault *find(const char *kv, const char **val)
{
    const char *eq = strchr(kv, '=');

    for (size_t i = 0; eq && i < sizeof(defaults) / sizeof(*defaults); i++)
        if (strlen(defaults[i].key) == (size_t)(eq - kv) &&
            !strncmp(kv, defaults[i].key, eq - kv)) {
            *val = eq + 1;
            return &defaults[i];
        }
    return NULL;
}

static bool apply(const struct rdefault *d, const char *v,
                  struct room_config *c)
{
    bool b;
    int n;
    unsigned roles;

    switch (d->kind) {
    case D_BOOL:
        if (!parse_bool(v, &b))
            return false;
        if (c)
            *(bool *)((char *)c + d->off) = b;
        return true;
    case D_INT:
        if (!parse_int(v, &n))
            return false;
        if (c)
            *(int *)((char *)c + d->off) = n;
        return true;
    case D_LANG:
        if (!parse_lang(v))
            return false;
        if (c) {
            free(c->lang);
            c->lang = strdup(v);
            if (!c->lang)
                out_of_memory();
        }
        return true;
    case D_ROLES:
        if (!parse_roles(v, &roles))
            return false;
        if (c)
            c->bcast = roles;
        return true;
    }
    return false;
}

bool muc_room_default_ok(const char *kv, const char **why)
{
    const char *v;
    const struct rdefault *d = find(kv, &v);

    if (!d) {
        *why = "unknown setting";
        return false;
    }
    if (!apply(d, v, NULL)) {
        *why = d->kind == D_BOOL  ? "want true or false"
               : d->kind == D_INT ? "want a number, 0 or more"
               : d->kind == D_LANG
                   ? "want a language tag"
                   : "want roles: none, visitor, participant, moderator";
        return false;
    }
    return true;
}

/* As Prosody: the defaults, then the language of the creating presence
 * (every client stanza has one: the stream's, "en" by default), which
 * wins over muc_room_default_language. */
void muc_room_defaults(struct muc *m, struct room *r, const struct xnode *st)
{
    const char *const *kv, *v, *lang = xnode_attr(st, "xml:lang");
    const struct rdefault *d;

    for (kv = m->cfg->room_defaults; kv && *kv; kv++)
        if ((d = find(*kv, &v)))
            apply(d, v, &r->cfg);
    if (lang && parse_lang(lang)) {
        free(r->cfg.lang);
        r->cfg.lang = strdup(lang);
        if (!r->cfg.lang)
            out_of_memory();
    }
}

/* restrict_room_creation: "local" lets users of the MUC domain's parent
 * domain (conference.example: example) and admins create rooms; "admin"
 * (or true) admins only. */
bool muc_may_create(struct muc *m, const struct xnode *st)
{
    const char *from = xnode_attr(st, "from");
    const char *dot = strchr(m->domain, '.');
    char *bare = jid_bare(from), *at;
    bool ok = m->cfg->restrict_creation == RESTRICT_NONE ||
              server_is_admin(m->srv, bare);

    at = strchr(bare, '@');
    if (!ok && m->cfg->restrict_creation == RESTRICT_LOCAL && at && dot)
        ok = jid_bare_eq(at + 1, dot + 1);
    free(bare);
    if (!ok)
        muc_error(m, st, "cancel", "not-allowed", "Room creation is restricted",
                  m->domain);
    return ok;
}

void muc_lock(struct muc *m, struct room *r)
{
    int t = m->cfg->room_lock_timeout > 0 ? m->cfg->room_lock_timeout
                                          : LOCK_TIMEOUT;

    r->locked = true;
    r->lock_until = time(NULL) + t;
}

/* Prosody lifts the lock when it is next looked at after its time (whole
 * seconds, as Prosody's os.time()); the room stays, unconfigured, and
 * anyone may join it then. */
bool muc_locked(struct room *r)
{
    if (r->locked && r->lock_until && time(NULL) >= r->lock_until)
        r->locked = false;
    return r->locked;
}
