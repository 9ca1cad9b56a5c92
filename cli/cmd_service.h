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
/* What service_inventory() does besides listing. */
enum {
    SVC_INFOS = 1, /* read every kept room's disco#info */
    /* Rooms only the admin command names are not asked whether they are
     * gone (Prosody's tombstones): the caller's own first read of each
     * room says so (service_gone()), one request a room less. */
    SVC_UNCHECKED = 2,
};
/*
 * Connect (*sp) and list the rooms of service_arg (NULL: the account's
 * service): every room the account may know of when all (warning when
 * the service offers no list of hidden rooms), else discovery's; keep
 * those --match lets through, read their disco#info (pipelined) when
 * SVC_INFOS or --empty, and keep only the empty ones with --empty.
 * EXIT_* after reporting; free inv in any case.
 */
int service_inventory(struct cli *cli, const struct cmd_args *a,
                      const char *service_arg, bool all, unsigned what,
                      mucadmin_session_t **sp, struct inventory *inv);
/* Read i answered that its room is gone (destroyed, a tombstone) or
 * does not exist. */
bool service_gone(const mucadmin_reads_t *r, size_t i);
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
