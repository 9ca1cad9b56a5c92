/* SPDX-License-Identifier: MIT */
/*
 * cmd_sweep.h - what purge and sweep share: a room's row, its archive
 * read and the sender's messages picked, then retracted.
 */
#ifndef MUCADMIN_CLI_CMD_SWEEP_H
#define MUCADMIN_CLI_CMD_SWEEP_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "mucadmin.h"

struct prow {
    char *room;
    const char *result;
    const char *cond; /* static, or owned by conds */
    char **ids;       /* owned by h */
    size_t found, retracted, failed;
    mucadmin_history_t *h;
    char *owncond;
};

/* The rooms: ROOM (purge JID ROOM), or every room the account may know
 * of (--everywhere, sweep), --match applied; *r (n rows, each its room
 * set) is the caller's, freed with purge_rows_free().  EXIT_*. */
int purge_rooms(struct cli *cli, const struct cmd_args *a,
                mucadmin_session_t **s, struct prow **r, size_t *n);
/* Read room r's archive from since (NULL: all) and pick jid's messages
 * (and --nick's); a room's refusal is its row, what stops the session is
 * returned (EXIT_*). */
int purge_room(struct cli *cli, mucadmin_session_t *s, const struct cmd_args *a,
               const char *since, const char *jid, struct prow *r);
/* Retract the messages picked (dry: ask whether the room could). */
int purge_retract(struct cli *cli, mucadmin_session_t *s, struct prow *r,
                  const char *reason, bool dry);
/* Row r's message counts, condition and (JSON) ids into the open record
 * of o, and its counts added to the totals. */
struct out;
void purge_row_out(struct cli *cli, struct out *o, const struct prow *r,
                   size_t *found, size_t *retracted, size_t *failed);
void purge_rows_free(struct prow *r, size_t n);

#endif
