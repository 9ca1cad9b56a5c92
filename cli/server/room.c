/* SPDX-License-Identifier: MIT */
/* room.c - rooms, occupants and affiliations: the MUC service's model. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "jid.h"
#include "muc_int.h"
#include "xutil.h"

void room_config_defaults(struct room_config *c)
{
    memset(c, 0, sizeof(*c));
    c->name = xstrdup("");
    c->desc = xstrdup("");
    c->lang = xstrdup("en");
    c->password = xstrdup("");
    c->archiving = true;
    c->historylength = 20;
    c->defaulthistory = 20;
    c->bcast = BCAST_DEFAULT;
}

struct room *room_find(struct muc *m, const char *jid)
{
    return strmap_get(&m->room_index, jid);
}

struct room *room_create(struct muc *m, const char *jid)
{
    struct room *r = calloc(1, sizeof(*r));

    if (!r)
        out_of_memory();
    r->jid = xstrdup(jid);
    r->muc = m;
    room_config_defaults(&r->cfg);
    r->next = m->rooms;
    m->rooms = r;
    strmap_put(&m->room_index, r->jid, r);
    return r;
}

static void session_free(struct session *s)
{
    free(s->jid);
    xnode_free(s->pres);
    free(s);
}

static void occ_free(struct occupant *o)
{
    struct session *s, *n;

    for (s = o->sessions; s; s = n) {
        n = s->next;
        session_free(s);
    }
    free(o->nick);
    free(o->bare);
    free(o);
}

static void room_free(struct room *r)
{
    struct affent *a, *an;
    struct occupant *o, *on;
    struct hist *h, *hn;

    for (a = r->affs; a; a = an) {
        an = a->next;
        free(a->jid);
        free(a->nick);
        free(a->reason);
        free(a);
    }
    for (o = r->occs; o; o = on) {
        on = o->next;
        occ_free(o);
    }
    for (h = r->hist; h; h = hn) {
        hn = h->next;
        xnode_free(h->msg);
        free(h);
    }
    muc_archive_free(r);
    free(r->oid_salt);
    free(r->aff_tab);
    free(r->affs_xml);
    xnode_free(r->subject);
    free(r->cfg.name);
    free(r->cfg.desc);
    free(r->cfg.lang);
    free(r->cfg.password);
    free(r->jid);
    free(r);
}

void room_remove(struct muc *m, struct room *r)
{
    struct room **pp;

    for (pp = &m->rooms; *pp; pp = &(*pp)->next) {
        if (*pp == r) {
            *pp = r->next;
            break;
        }
    }
    strmap_del(&m->room_index, r->jid);
    /* The last room gone, so is the index's table (nothing left to free
     * for a caller that never calls muc_free(): the unit tests, fuzzing). */
    if (!m->rooms)
        strmap_clear(&m->room_index);
    room_free(r);
}

void room_gc(struct muc *m, struct room *r)
{
    if (!r->occs && !r->cfg.persistent)
        room_remove(m, r);
}

static size_t aff_hash(const char *s)
{
    size_t h = 5381;

    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

/* Twice as many buckets when the entries outnumber them. */
static void aff_grow(struct room *r)
{
    size_t cap = r->aff_cap ? r->aff_cap * 2 : 16, i;
    struct affent **tab = calloc(cap, sizeof(*tab)), *e;

    if (!tab)
        out_of_memory();
    for (e = r->affs; e; e = e->next) {
        i = aff_hash(e->jid) & (cap - 1);
        e->hnext = tab[i];
        tab[i] = e;
    }
    free(r->aff_tab);
    r->aff_tab = tab;
    r->aff_cap = cap;
}

struct affent *room_affent(const struct room *r, const char *bare)
{
    struct affent *a;

    if (!r->aff_cap)
        return NULL;
    for (a = r->aff_tab[aff_hash(bare) & (r->aff_cap - 1)]; a; a = a->hnext)
        if (!strcmp(a->jid, bare))
            return a;
    return NULL;
}

static void aff_unlink(struct room *r, struct affent *e)
{
    struct affent **pp = &r->aff_tab[aff_hash(e->jid) & (r->aff_cap - 1)];

    while (*pp != e)
        pp = &(*pp)->hnext;
    *pp = e->hnext;
    if (e->prev)
        e->prev->next = e->next;
    else
        r->affs = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        r->affs_last = e->prev;
    r->naffs--;
}

static void aff_link(struct room *r, struct affent *e)
{
    size_t i;

    e->prev = r->affs_last;
    e->next = NULL;
    if (r->affs_last)
        r->affs_last->next = e;
    else
        r->affs = e;
    r->affs_last = e;
    if (++r->naffs > r->aff_cap) {
        aff_grow(r); /* indexes e too */
        return;
    }
    i = aff_hash(e->jid) & (r->aff_cap - 1);
    e->hnext = r->aff_tab[i];
    r->aff_tab[i] = e;
}

enum affil room_aff(const struct room *r, const char *bare)
{
    struct affent *a = room_affent(r, bare);

    /* As in Prosody's mod_muc, server admins own every room. */
    if (r->muc && r->muc->srv && server_is_admin(r->muc->srv, bare))
        return AFF_OWNER;

    return a ? a->aff : AFF_NONE;
}

struct affent *room_aff_by_nick(const struct room *r, const char *nick)
{
    struct affent *a;

    for (a = r->affs; a; a = a->next)
        if (a->nick && !strcmp(a->nick, nick))
            return a;
    return NULL;
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* Store an affiliation; AFF_NONE forgets the entry (and its nick).  An
 * entry changed or removed drops the store's text of the list; one added
 * at its end keeps it. */
void room_set_aff_raw(struct room *r, const char *bare, enum affil a,
                      const char *nick, const char *reason)
{
    struct affent *e = room_affent(r, bare);

    if (e && (a == AFF_NONE || e->aff != a || !same_str(e->nick, nick) ||
              !same_str(e->reason, reason)))
        r->affs_xml_valid = false;
    if (a == AFF_NONE) {
        if (e) {
            aff_unlink(r, e);
            free(e->jid);
            free(e->nick);
            free(e->reason);
            free(e);
        }
        return;
    }
    if (!e) {
        e = calloc(1, sizeof(*e));
        if (!e)
            out_of_memory();
        e->jid = xstrdup(bare);
        aff_link(r, e);
    }
    e->aff = a;
    if (nick != e->nick) {
        free(e->nick);
        e->nick = xstrdup(nick);
    }
    free(e->reason);
    e->reason = xstrdup(reason);
}

int room_count_aff(const struct room *r, enum affil a)
{
    const struct affent *e;
    int n = 0;

    for (e = r->affs; e; e = e->next)
        n += e->aff == a;
    return n;
}

struct occupant *occ_by_nick(const struct room *r, const char *nick)
{
    struct occupant *o;

    for (o = r->occs; o; o = o->next)
        if (!strcmp(o->nick, nick))
            return o;
    return NULL;
}

struct occupant *occ_by_real(const struct room *r, const char *full,
                             struct session **sp)
{
    struct occupant *o;
    struct session *s;

    for (o = r->occs; o; o = o->next) {
        for (s = o->sessions; s; s = s->next) {
            if (!strcmp(s->jid, full)) {
                if (sp)
                    *sp = s;
                return o;
            }
        }
    }
    return NULL;
}

struct occupant *occ_by_bare(const struct room *r, const char *bare,
                             struct occupant *after)
{
    struct occupant *o = after ? after->next : r->occs;

    for (; o; o = o->next)
        if (!strcmp(o->bare, bare))
            return o;
    return NULL;
}

struct occupant *occ_new(struct room *r, const char *nick, const char *bare)
{
    struct occupant *o = calloc(1, sizeof(*o)), **pp;

    if (!o)
        out_of_memory();
    o->nick = xstrdup(nick);
    o->bare = xstrdup(bare);
    for (pp = &r->occs; *pp; pp = &(*pp)->next)
        ;
    *pp = o;
    return o;
}

void occ_remove(struct room *r, struct occupant *o)
{
    struct occupant **pp;

    for (pp = &r->occs; *pp; pp = &(*pp)->next) {
        if (*pp == o) {
            *pp = o->next;
            break;
        }
    }
    occ_free(o);
}

void occ_unlink_session(struct occupant *o, struct session *s)
{
    struct session **pp;

    for (pp = &o->sessions; *pp; pp = &(*pp)->next) {
        if (*pp == s) {
            *pp = s->next;
            s->next = NULL;
            return;
        }
    }
}

/* Last: a session that joins does not become the primary one. */
void occ_add_session(struct occupant *o, struct session *s)
{
    struct session **pp;

    for (pp = &o->sessions; *pp; pp = &(*pp)->next)
        ;
    s->next = NULL;
    *pp = s;
}

void occ_del_session(struct occupant *o, struct session *s)
{
    occ_unlink_session(o, s);
    session_free(s);
}

int room_count_occ(const struct room *r)
{
    const struct occupant *o;
    int n = 0;

    for (o = r->occs; o; o = o->next)
        n++;
    return n;
}

enum role role_for(const struct room *r, enum affil a)
{
    switch (a) {
    case AFF_OWNER:
    case AFF_ADMIN: return ROLE_MODERATOR;
    case AFF_MEMBER: return ROLE_PARTICIPANT;
    case AFF_NONE: return r->cfg.moderated ? ROLE_VISITOR : ROLE_PARTICIPANT;
    default: return ROLE_NONE;
    }
}

static const char *const aff_names[] = { "outcast", "none", "member", "admin",
                                         "owner" };
static const char *const role_names[] = { "none", "visitor", "participant",
                                          "moderator" };

const char *aff_name(enum affil a)
{
    return aff_names[a + 1];
}

const char *role_name(enum role r)
{
    return role_names[r];
}

bool aff_parse(const char *s, enum affil *a)
{
    int i;

    for (i = 0; s && i < 5; i++) {
        if (!strcmp(s, aff_names[i])) {
            *a = (enum affil)(i - 1);
            return true;
        }
    }
    return false;
}

bool role_parse(const char *s, enum role *r)
{
    int i;

    for (i = 0; s && i < 4; i++) {
        if (!strcmp(s, role_names[i])) {
            *r = (enum role)i;
            return true;
        }
    }
    return false;
}

char *occ_jid(const struct room *r, const char *nick)
{
    size_t n = strlen(r->jid) + strlen(nick) + 2;
    char *s = malloc(n);

    if (!s)
        out_of_memory();
    snprintf(s, n, "%s/%s", r->jid, nick);
    return s;
}
