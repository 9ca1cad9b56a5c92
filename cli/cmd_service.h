/* SPDX-License-Identifier: MIT */
/*
 * cmd_service.h - the inventory service-wide commands work on: the rooms
 * of a service (hidden ones too for a service admin), filtered, with
 * their disco#info when asked.
 */
#ifndef MUCADMIN_CLI_CMD_SERVICE_H
#define MUCADMIN_CLI_CMD_SERVICE_H

#include <stdbool.h>

#include "cli.h"
#include "mucadmin.h"

struct inventory {
    const char *service;     /* owned by cli or the command line */
    mucadmin_list_t *rooms;  /* as the library listed them */
    size_t *keep, n;         /* the indexes of rooms the filters kept */
    mucadmin_reads_t *reads; /* their disco#info, when read */
    size_t *info;            /* ... the read of keep[k] */
};

/* Whether a rooms command line asks for more than discovery (--all,
 * --long, --empty, --match). */
bool service_wanted(const struct cmd_args *a);
/*
 * Connect (*sp) and list the rooms of service_arg (NULL: the account's
 * service): every room the account may know of when all (warning when
 * the service offers no list of hidden rooms), else discovery's; keep
 * those --match lets through, read their disco#info (pipelined) when
 * infos or --empty, and keep only the empty ones with --empty.  EXIT_*
 * after reporting; free inv in any case.
 */
int service_inventory(struct cli *cli, const struct cmd_args *a,
                      const char *service_arg, bool all, bool infos,
                      mucadmin_session_t **sp, struct inventory *inv);
void service_inventory_free(struct inventory *inv);
/* Kept room k's JID, and its info (NULL when unread or failed). */
const char *service_room(const struct inventory *inv, size_t k);
const mucadmin_info_t *service_info(const struct inventory *inv, size_t k);
/* The occupants a room's info counts, or -1 when it does not say. */
long service_occupants(const mucadmin_info_t *info);

int cmd_rooms_service(struct cli *cli, const struct cmd_args *a);
/* ban JID --everywhere, unban JID --everywhere (cmd_everywhere.c) */
int cmd_ban_everywhere(struct cli *cli, const struct cmd_args *a);
int cmd_unban_everywhere(struct cli *cli, const struct cmd_args *a);
/* destroy --from FILE|-, destroy --empty/--match (cmd_destroy_bulk.c) */
int cmd_destroy_bulk(struct cli *cli, const struct cmd_args *a);

#endif
