/* SPDX-License-Identifier: MIT */
/* list.c - affiliation/role names and the list of JIDs/nicks results. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const aff_names[] = { "none", "outcast", "member", "admin",
                                         "owner" };
static const char *const role_names[] = { "none", "visitor", "participant",
                                          "moderator" };

const char *mucadmin_affiliation_name(mucadmin_affiliation_t a)
{
    return (unsigned)a < 5 ? aff_names[a] : "none";
}

int mucadmin_affiliation_from_name(const char *name)
{
    int i;

    for (i = 0; name && i < 5; i++)
        if (strcmp(name, aff_names[i]) == 0)
            return i;
    return -1;
}

const char *mucadmin_role_name(mucadmin_role_t r)
{
    return (unsigned)r < 4 ? role_names[r] : "none";
}

int mucadmin_role_from_name(const char *name)
{
    int i;

    for (i = 0; name && i < 4; i++)
        if (strcmp(name, role_names[i]) == 0)
            return i;
    return -1;
}

mucadmin_list_t *mca_list_new(void)
{
    return calloc(1, sizeof(mucadmin_list_t));
}

int mca_array_grow(void *items, size_t *cap, size_t n, size_t size)
{
    void *old, *bigger;
    size_t want = *cap ? *cap * 2 : 16;

    if (n < *cap)
        return 0;
    memcpy(&old, items, sizeof(old)); /* items points at a T *, not void * */
    if (!(bigger = realloc(old, want * size)))
        return -1;
    memcpy(items, &bigger, sizeof(bigger));
    *cap = want;
    return 0;
}

struct mucadmin_list_entry *mca_list_add(mucadmin_list_t *l)
{
    struct mucadmin_list_entry *e;

    if (mca_array_grow(&l->e, &l->cap, l->n, sizeof(*e)) < 0)
        return NULL;
    e = &l->e[l->n++];
    memset(e, 0, sizeof(*e));
    return e;
}

void mca_list_entry_clear(struct mucadmin_list_entry *e)
{
    free(e->jid);
    free(e->nick);
    free(e->name);
    free(e->reason);
    free(e->node);
}

mucadmin_list_t *mca_list_copy(const mucadmin_list_t *l)
{
    mucadmin_list_t *c = mca_list_new();
    const struct mucadmin_list_entry *from;
    struct mucadmin_list_entry *e;

    for (size_t i = 0; c && l && i < l->n; i++) {
        from = &l->e[i];
        if (!(e = mca_list_add(c)) || mca_xstrset(&e->jid, from->jid) ||
            mca_xstrset(&e->nick, from->nick) ||
            mca_xstrset(&e->name, from->name) ||
            mca_xstrset(&e->reason, from->reason) ||
            mca_xstrset(&e->node, from->node)) {
            mucadmin_list_free(c);
            return NULL;
        }
        e->affiliation = from->affiliation;
        e->role = from->role;
    }
    return c;
}

void mucadmin_list_free(mucadmin_list_t *l)
{
    size_t i;

    if (!l)
        return;
    for (i = 0; i < l->n; i++)
        mca_list_entry_clear(&l->e[i]);
    free(l->e);
    free(l);
}

static const struct mucadmin_list_entry *entry(const mucadmin_list_t *l,
                                               size_t i)
{
    return l && i < l->n ? &l->e[i] : NULL;
}

size_t mucadmin_list_count(const mucadmin_list_t *l)
{
    return l ? l->n : 0;
}

const char *mucadmin_list_jid(const mucadmin_list_t *l, size_t i)
{
    return entry(l, i) ? entry(l, i)->jid : NULL;
}

const char *mucadmin_list_nick(const mucadmin_list_t *l, size_t i)
{
    return entry(l, i) ? entry(l, i)->nick : NULL;
}

const char *mucadmin_list_name(const mucadmin_list_t *l, size_t i)
{
    return entry(l, i) ? entry(l, i)->name : NULL;
}

const char *mucadmin_list_node(const mucadmin_list_t *l, size_t i)
{
    return entry(l, i) ? entry(l, i)->node : NULL;
}

const char *mucadmin_list_reason(const mucadmin_list_t *l, size_t i)
{
    return entry(l, i) ? entry(l, i)->reason : NULL;
}

mucadmin_affiliation_t mucadmin_list_affiliation(const mucadmin_list_t *l,
                                                 size_t i)
{
    return entry(l, i) ? entry(l, i)->affiliation : MUCADMIN_AFF_NONE;
}

mucadmin_role_t mucadmin_list_role(const mucadmin_list_t *l, size_t i)
{
    return entry(l, i) ? entry(l, i)->role : MUCADMIN_ROLE_NONE;
}
