/* SPDX-License-Identifier: MIT */
/*
 * cmd_common.h - pieces several commands end or begin with: the result of
 * a command that only acts, a list of JIDs and nicks as a table, and
 * FIELD=VALUE arguments as parallel arrays.
 */
#ifndef MUCADMIN_CLI_CMD_COMMON_H
#define MUCADMIN_CLI_CMD_COMMON_H

#include <stdbool.h>

#include "cli.h"
#include "mucadmin.h"

/*
 * The end of a command that only acts: {"room": ROOM, K1: V1, K2: V2} (a
 * NULL key leaves its pair out) and, unless fmt is NULL, the sentence
 * "ROOM: " fmt for people.
 */
void cmd_acted(struct cli *cli, const char *room, const char *k1,
               const char *v1, const char *k2, const char *v2, const char *fmt,
               ...) __attribute__((format(printf, 7, 8)));

/*
 * The room must exist before a request whose answer cannot tell: ejabberd
 * answers an owner's request to a missing room (a configuration form, a
 * destruction) from a temporary room it creates for it, and a join
 * creates one on any server.  Asks disco#info (the info command's
 * request); returns EXIT_OK, or EXIT_* after reporting (item-not-found).
 */
int cmd_room_exists(struct cli *cli, mucadmin_session_t *s, const char *room);

/* Print list as a table: a record per item with the named columns ("jid",
 * "nick", "name" or "reason"), in the order given, up to a NULL. */
void cmd_list_out(struct cli *cli, const mucadmin_list_t *l, ...)
    __attribute__((sentinel));

/* FIELD=VALUE arguments as parallel malloc'd arrays of n strings each,
 * followed by spare NULL slots a command may fill (counting them in n). */
struct cmd_fields {
    char **vars, **values;
    int n;
};

/* Fill f from n args by field_args() (form, use_aliases: as there);
 * returns EXIT_* after reporting, with f empty on failure. */
int cmd_fields_parse(struct cli *cli, const char *room,
                     const mucadmin_form_t *form, bool use_aliases,
                     char *const *args, int n, int spare, struct cmd_fields *f);
void cmd_fields_free(struct cmd_fields *f);

/*
 * Check a user's bare JID given on the command line (lineno 0) or on
 * stdin line lineno: one without "@" is a domain, refused unless
 * domain_ok (--allow-domain-jid), with the account's domain as a hint.
 * EXIT_OK, or EXIT_USAGE after saying why.
 */
int cmd_user_jid(struct cli *cli, const char *room, size_t lineno,
                 const char *jid, bool domain_ok);

#endif
