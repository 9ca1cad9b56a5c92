/* SPDX-License-Identifier: MIT */
/*
 * jid.h - JID parsing and preparation (RFC 7622 with stringprep profiles,
 * as Prosody 0.12 does it) for the mini server.
 */
#ifndef MUCSRV_JID_H
#define MUCSRV_JID_H

#include <stdbool.h>

/* A JID's parts, pointing into it (local, resource NULL when absent). */
struct jid_parts {
    const char *local, *domain, *resource;
    size_t local_len, domain_len;
};

/* Split without copying; false for a syntactically invalid JID. */
bool jid_parts(const char *jid, struct jid_parts *p);

/* Split into malloc'd parts (local/resource NULL when absent).  Returns
 * false for a syntactically invalid JID. */
bool jid_split(const char *jid, char **local, char **domain, char **resource);

/* Normalised JID (nodeprep, nameprep, resourceprep), malloc'd; NULL when
 * invalid. */
char *jid_prep(const char *jid);

/* True when jid is known to be in prepared form already (a cheap check, no
 * allocation); false means it may not be: jid_prep() it. */
bool jid_prepared(const char *jid);

/* jid_prep() always through libidn (jid_prep() takes a shortcut for plain
 * ASCII; the unit tests hold it to this). */
char *jid_prep_idn(const char *jid);

/* The bare part of a JID, malloc'd (no preparation). */
char *jid_bare(const char *jid);

/* The resource part or NULL (a pointer into jid). */
const char *jid_resource(const char *jid);

/* Resourceprep of a nickname/resource, malloc'd, NULL if invalid.  strict
 * also refuses code points unassigned in Unicode 3.2 (Prosody's strict
 * nickname validation). */
char *jid_resourceprep(const char *s, bool strict);

/* a == b for bare JIDs after preparation. */
bool jid_bare_eq(const char *a, const char *b);

#endif
