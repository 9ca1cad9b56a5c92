/* SPDX-License-Identifier: MIT */
/* muc_archive.h - the room archive's store, shared by muc_archive.c (what
 * goes in) and muc_mam.c (the queries). */
#ifndef MUCSRV_MUC_ARCHIVE_H
#define MUCSRV_MUC_ARCHIVE_H

#include "muc_int.h"

struct arch_item {
    char id[32]; /* the stanza-id, 24 characters */
    time_t when;
    struct xnode *msg; /* as archived: no 'to', no stanza-id */
    size_t bytes;      /* about what it takes in memory */
    struct arch_item *next;
};

struct archive {
    struct arch_item *head, *tail; /* oldest first */
    size_t n, bytes;
};

/* A search as Prosody 0.12's internal archive store does it. */
struct arch_query {
    bool has_start, has_end;
    time_t start, end;
    const char *before, *after; /* ids, NULL when not given */
    char **ids;                 /* only these ids (nids, sorted) */
    size_t nids;
    bool has_ids;
    bool reverse; /* newest first */
    bool has_limit;
    double limit;
};

/* The matching items in the order found (caller frees *out) and how many
 * matched the filters (total); -1 when before/after names no item. */
int archive_find(const struct room *r, const struct arch_query *q,
                 struct arch_item ***out, size_t *nout, size_t *total);
/* XEP-0082 date-time as Prosody's util.datetime reads it; -1: invalid. */
bool archive_parse_stamp(const char *s, time_t *t);
void archive_stamp(time_t t, char *buf, size_t len);
/* A number as Lua's tonumber() reads a string (1e400 is infinity, "0x10"
 * is 16, "inf" is not one). */
bool lua_tonumber(const char *s, double *v);
/* What a joining session asks of the history (muc_history.c reads it as
 * Prosody's history.lib does: numbers as Lua's tonumber()). */
struct hist_req {
    bool has_stanzas, has_chars, has_since;
    double stanzas, chars;
    time_t since;
};

/* The history from the archive, when mod_muc_mam would give it: the room
 * archives and keeps fewer in memory than asked for.  False: the memory's
 * turn. */
bool archive_history(struct muc *m, struct room *r, const char *to,
                     const struct hist_req *h);
/* The item with stanza-id id, or NULL. */
struct arch_item *archive_get(const struct room *r, const char *id);
/* Put msg (taken) in place of what it holds: a tombstone keeps the
 * item's id and time. */
void archive_replace(struct room *r, struct arch_item *it, struct xnode *msg);
/* Drop x elements in muc#user (real JIDs) from a copy of an item unless
 * the room shows real JIDs to anyone. */
void archive_strip_jids(const struct room *r, struct xnode *msg);

#endif
