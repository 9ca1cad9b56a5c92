/* SPDX-License-Identifier: MIT */
/* strmap.c - string-keyed hash table (FNV-1a, separate chaining). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "xutil.h"

struct strmap_ent {
    struct strmap_ent *next;
    uint64_t hash;
    size_t len;
    void *val;
    char key[];
};

static uint64_t hash(const char *s, size_t len)
{
    uint64_t h = 14695981039346656037ULL;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static struct strmap_ent **slot(const struct strmap *m, const char *key,
                                size_t len, uint64_t h)
{
    struct strmap_ent **pp = &m->buckets[h & (m->nbuckets - 1)];

    for (; *pp; pp = &(*pp)->next)
        if ((*pp)->hash == h && (*pp)->len == len &&
            memcmp((*pp)->key, key, len) == 0)
            break;
    return pp;
}

void *strmap_getn(const struct strmap *m, const char *key, size_t len)
{
    struct strmap_ent *e;

    if (!m->nbuckets)
        return NULL;
    e = *slot(m, key, len, hash(key, len));
    return e ? e->val : NULL;
}

void *strmap_get(const struct strmap *m, const char *key)
{
    return strmap_getn(m, key, strlen(key));
}

static void grow(struct strmap *m)
{
    size_t n = m->nbuckets ? m->nbuckets * 2 : 16;
    struct strmap_ent **b = xmalloc(n * sizeof(*b));

    memset(b, 0, n * sizeof(*b));
    for (size_t i = 0; i < m->nbuckets; i++) {
        struct strmap_ent *e = m->buckets[i], *next;

        for (; e; e = next) {
            next = e->next;
            e->next = b[e->hash & (n - 1)];
            b[e->hash & (n - 1)] = e;
        }
    }
    free(m->buckets);
    m->buckets = b;
    m->nbuckets = n;
}

void strmap_put(struct strmap *m, const char *key, void *val)
{
    size_t len = strlen(key);
    uint64_t h = hash(key, len);
    struct strmap_ent **pp, *e;

    if (m->count >= m->nbuckets)
        grow(m);
    pp = slot(m, key, len, h);
    if (*pp) {
        (*pp)->val = val;
        return;
    }
    e = xmalloc(sizeof(*e) + len + 1);
    e->next = NULL;
    e->hash = h;
    e->len = len;
    e->val = val;
    memcpy(e->key, key, len + 1);
    *pp = e;
    m->count++;
}

void *strmap_del(struct strmap *m, const char *key)
{
    size_t len = strlen(key);
    struct strmap_ent **pp, *e;
    void *val;

    if (!m->nbuckets)
        return NULL;
    pp = slot(m, key, len, hash(key, len));
    if (!(e = *pp))
        return NULL;
    *pp = e->next;
    val = e->val;
    free(e);
    m->count--;
    return val;
}

void strmap_clear(struct strmap *m)
{
    for (size_t i = 0; i < m->nbuckets; i++) {
        struct strmap_ent *e = m->buckets[i], *next;

        for (; e; e = next) {
            next = e->next;
            free(e);
        }
    }
    free(m->buckets);
    memset(m, 0, sizeof(*m));
}
