/* SPDX-License-Identifier: MIT */
/* match.h - compare a received stanza with an expected one (spec §5). */
#ifndef SCANSION_MATCH_H
#define SCANSION_MATCH_H

#include <stddef.h>

#include "xml.h"

#define MATCH_ANY "{scansion:any}"
#define MATCH_CAPTURE "{scansion:capture:"

/* Values bound by {scansion:capture:NAME}; they live for a whole script. */
struct captures {
    char **names;
    char **values;
    size_t n;
};

void captures_free(struct captures *c);

/*
 * 1 if got matches exp, else 0 with a one-line reason in why.  Captures
 * are only added when the whole stanza matches.
 */
int match_stanza(const struct xnode *exp, const struct xnode *got,
                 struct captures *cap, char *why, size_t whylen);

#endif
