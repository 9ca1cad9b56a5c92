/* SPDX-License-Identifier: MIT */
/*
 * xparse.h - incremental XML parsing into xnode trees with expat, for one
 * XMPP stream (stanzas handed over as they complete) or one document.
 */
#ifndef MUCSRV_XPARSE_H
#define MUCSRV_XPARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "xnode.h"

#define NS_STREAMS "http://etherx.jabber.org/streams"

struct xparse_cbs {
    /* The stream header (no children; attributes as written). */
    void (*open)(void *ud, struct xnode *header);
    /* A complete top-level element (ownership passes). */
    void (*stanza)(void *ud, struct xnode *stanza);
    /* </stream:stream>. */
    void (*close)(void *ud);
};

struct xparse;

/* stream true: a stream whose depth-1 elements are stanzas; false: one
 * document, returned whole via cbs->stanza.  max: stanza size limit. */
struct xparse *xparse_new(bool stream, size_t max, const struct xparse_cbs *cbs,
                          void *ud);
void xparse_free(struct xparse *p);

/* Feed bytes; false on error (then xparse_error() is the stream error
 * condition: not-well-formed, restricted-xml, policy-violation,
 * invalid-namespace...).  Callbacks may run during the call. */
bool xparse_feed(struct xparse *p, const char *data, size_t len, bool final);
const char *xparse_error(const struct xparse *p);
/* From a callback: parse nothing more of the current feed (stream
 * restarts, closing connections). */
void xparse_stop(struct xparse *p);
/* True while the stream sits between stanzas and holds no expat parser
 * (it is made again, from the stream header, when bytes arrive). */
bool xparse_idle(const struct xparse *p);

#endif
