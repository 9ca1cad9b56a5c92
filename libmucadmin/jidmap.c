/* SPDX-License-Identifier: MIT */
/*
 * jidmap.c - bare JIDs hashed to a value (an affiliation), so a batch of
 * thousands of changes is checked against the lists read back in linear
 * time.  Keys are borrowed: they must outlive the map.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* FNV-1a of the bare part (up to '/'), case folded as mca_jid_bare_equal()
 * compares. */
static size_t bare_hash(const char *jid)
{
    size_t h = 2166136261u;
    const unsigned char *p;

    for (p = (const unsigned char *)jid; *p && *p != '/'; p++) {
        h ^= (size_t)tolower(*p);
        h *= 16777619u;
    }
    return h;
}

int mca_jidmap_init(jidmap_t *m, size_t n)
{
    size_t cap = 16;

    while (cap < n * 2)
        cap *= 2;
    memset(m, 0, sizeof(*m));
    if (!(m->slot = calloc(cap, sizeof(*m->slot))))
        return -1;
    m->cap = cap;
    return 0;
}

void mca_jidmap_free(jidmap_t *m)
{
    free(m->slot);
    memset(m, 0, sizeof(*m));
}

static struct jidmap_slot *find(const jidmap_t *m, const char *jid)
{
    size_t i = bare_hash(jid) & (m->cap - 1);

    while (m->slot[i].key && !mca_jid_bare_equal(m->slot[i].key, jid))
        i = (i + 1) & (m->cap - 1);
    return &m->slot[i];
}

static int grow(jidmap_t *m)
{
    jidmap_t bigger;
    size_t i;

    if (mca_jidmap_init(&bigger, m->cap))
        return -1;
    for (i = 0; i < m->cap; i++)
        if (m->slot[i].key)
            *find(&bigger, m->slot[i].key) = m->slot[i];
    bigger.n = m->n;
    free(m->slot);
    *m = bigger;
    return 0;
}

/* The first value put for a JID stays. */
int mca_jidmap_put(jidmap_t *m, const char *jid, int value)
{
    struct jidmap_slot *sl;

    if ((m->n + 1) * 2 > m->cap && grow(m))
        return -1;
    sl = find(m, jid);
    if (sl->key)
        return 0;
    sl->key = jid;
    sl->value = value;
    m->n++;
    return 0;
}

int mca_jidmap_get(const jidmap_t *m, const char *jid, int absent)
{
    const struct jidmap_slot *sl;

    if (!m->cap)
        return absent;
    sl = find(m, jid);
    return sl->key ? sl->value : absent;
}
