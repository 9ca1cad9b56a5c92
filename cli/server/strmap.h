/* SPDX-License-Identifier: MIT */
/*
 * strmap.h - a hash table from strings to pointers (chained, doubling),
 * for the server's session index.
 */
#ifndef MUCSRV_STRMAP_H
#define MUCSRV_STRMAP_H

#include <stddef.h>

struct strmap_ent;

struct strmap {
    struct strmap_ent **buckets;
    size_t nbuckets, count;
};

/* The value for key, or NULL.  strmap_getn: key of len bytes (no NUL). */
void *strmap_get(const struct strmap *m, const char *key);
void *strmap_getn(const struct strmap *m, const char *key, size_t len);
/* Set key (copied) to val (not NULL); replaces an existing value. */
void strmap_put(struct strmap *m, const char *key, void *val);
/* Remove key; returns its value or NULL. */
void *strmap_del(struct strmap *m, const char *key);
/* Free the table (not the values); it is empty and usable again. */
void strmap_clear(struct strmap *m);

#endif
