/* SPDX-License-Identifier: MIT */
/* vars.h - substitute a script's variables into its stanza text. */
#ifndef SCANSION_VARS_H
#define SCANSION_VARS_H

#include <stddef.h>

/* Look up a ${...} variable: NAME's JID (full=0) or NAME's full JID. */
typedef const char *(*var_lookup)(void *ud, const char *name, size_t len,
                                  int full);

/*
 * Replace every ${NAME's JID} and ${NAME's full JID} in text, XML-escaped.
 * NAME is split at the last "'s " so names may contain "'s" themselves.
 * Returns a malloc'd string, or NULL with err filled.
 */
char *script_subst(const char *text, var_lookup look, void *ud, char *err,
                   size_t errlen);

/* The bare part of a JID, malloc'd. */
char *jid_bare(const char *jid);

#endif
