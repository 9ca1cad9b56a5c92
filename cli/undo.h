/* SPDX-License-Identifier: MIT */
/*
 * undo.h - a journal entry's before-state as rooms of a rooms file
 * (cli/rooms.h), which undo plans and applies.
 */
#ifndef MUCADMIN_CLI_UNDO_H
#define MUCADMIN_CLI_UNDO_H

#include "journal.h"
#include "rooms.h"

struct undo_room {
    struct rooms_room r; /* the room as it was (r.jid: the room JID) */
    bool destroy;        /* the entry created it: undo destroys it */
};

struct undo {
    struct undo_room *rooms;
    size_t n;
    char **warn; /* "ROOM\tTEXT": what cannot be restored */
    size_t nwarn;
};

/* The way back from entry e (only: the changes of that room, or NULL for
 * all).  0, or -1 with *err a malloc'd message (a change the entry
 * records that cannot be read). */
int undo_build(const struct jentry *e, const char *only, struct undo *u,
               char **err);
void undo_free(struct undo *u);
/* Move the rooms and warnings of src into dst (src is left empty). */
void undo_merge(struct undo *dst, struct undo *src);
/* Plan u (id: the entry's, for messages), print the plan, and unless
 * dry_run ask (when ask; --yes) and apply it, printing the results as
 * apply does; EXIT_*. */
int undo_run(struct cli *cli, mucadmin_session_t *s, struct undo *u,
             const char *id, bool dry_run, bool ask);

#endif
