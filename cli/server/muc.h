/* SPDX-License-Identifier: MIT */
/*
 * muc.h - the MUC service (XEP-0045, behaving like Prosody 0.12) as seen by
 * the server core.
 */
#ifndef MUCSRV_MUC_H
#define MUCSRV_MUC_H

#include <stdbool.h>

#include "server.h"

struct muc;

/* The service for cfg->muc_domain; loads cfg->data when set.  NULL after
 * printing an error to stderr when the data file cannot be read. */
struct muc *muc_new(struct server *s, const struct srv_config *cfg);
/* Saves persistent rooms (when cfg->data is set) and frees everything. */
void muc_free(struct muc *m);
/* Save the changes since the last save (once, however many): the core
 * calls it before writing output, so a change is on disk before its
 * result reaches a client.  Nothing to do when nothing changed. */
void muc_flush(struct muc *m);

/*
 * A stanza addressed to the service domain, a room or an occupant (takes
 * ownership; 'from' is the sender's full JID).  Replies and broadcasts go
 * out through server_route().  When a client's session ends, the core sends
 * <presence type='unavailable'/> on its behalf to every room/occupant JID
 * it had sent directed presence to, so the service needs no other hook.
 */
void muc_handle(struct muc *m, struct xnode *stanza);

/* Whether "KEY=VALUE" is a room default serve knows (Prosody 0.12's
 * muc_room_default_KEY) with a valid value; *why says what is wrong. */
bool muc_room_default_ok(const char *kv, const char **why);

#endif
