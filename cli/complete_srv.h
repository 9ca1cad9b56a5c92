/* SPDX-License-Identifier: MIT */
/*
 * complete_srv.h - the server's part of completion: rooms, occupants'
 * nicks, affiliation lists and configuration forms, fetched on demand
 * with errors kept quiet, and cached for a short while.
 */
#ifndef MUCADMIN_CLI_COMPLETE_SRV_H
#define MUCADMIN_CLI_COMPLETE_SRV_H

#include "complete.h"
#include "mucadmin.h"

/* One completion request's view of the server. */
struct srv_ctx {
    struct cli *cli;
    int server;           /* COMPLETE_* */
    int n;                /* the words before the current one (their */
    char **words;         /* global options say how to connect) */
    const char *room_arg; /* the room as given, or NULL */
    bool remove;          /* "remove" came before the current word */
    char *room;           /* room_arg resolved (malloc'd) */
    bool tried, failed;
};

void srv_add_rooms(struct srv_ctx *sc, struct completions *c, const char *cur);
void srv_add_nicks(struct srv_ctx *sc, struct completions *c, const char *cur);
void srv_add_affiliates(struct srv_ctx *sc, struct completions *c,
                        const char *cur, mucadmin_affiliation_t which);
/* The room's configuration form (cached), or NULL. */
const mucadmin_form_t *srv_form(struct srv_ctx *sc);
/* The ad-hoc commands jid offers (cached), their nodes as candidates. */
void srv_add_command_nodes(struct srv_ctx *sc, struct completions *c,
                           const char *cur, const char *jid);
/* The first stage's form of command node at jid (cached; the command is
 * cancelled at once), or NULL. */
const mucadmin_form_t *srv_command_form(struct srv_ctx *sc, const char *jid,
                                        const char *node);
void srv_ctx_done(struct srv_ctx *sc);

#endif
