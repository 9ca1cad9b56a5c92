/* SPDX-License-Identifier: MIT */
/*
 * cmd_role.c - occupants' roles by nick: kick, role, voice, devoice.  The
 * library joins the room for these, as XEP-0045 allows only occupants to
 * change roles.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "session.h"

static int set_role(struct cli *cli, const struct cmd_args *a,
                    mucadmin_role_t role, const char *done)
{
    const char *nick = a->argv[1], *reason = args_opt(a, "reason");
    mucadmin_session_t *s;
    mucadmin_status_t st;
    char *room;
    int rc;

    if (!nick[0])
        return cli_error(cli, EXIT_USAGE, NULL, NULL, "empty nick");
    rc = cli_begin(cli, a, &s, &room);
    /* The library joins: a missing room would be created for it. */
    if (rc == EXIT_OK)
        rc = cmd_room_exists(cli, s, room);
    if (rc)
        goto out;
    st = mucadmin_role_set(s, room, nick, role, reason);
    if (st != MUCADMIN_OK)
        rc = cli_fail(cli, s, room, st);
    else
        cmd_acted(cli, room, "nick", nick, "role", mucadmin_role_name(role),
                  "%s %s", nick, done);
out:
    free(room);
    return rc;
}

int cmd_kick(struct cli *cli, const struct cmd_args *a)
{
    return set_role(cli, a, MUCADMIN_ROLE_NONE, "kicked");
}

int cmd_role(struct cli *cli, const struct cmd_args *a)
{
    int role = mucadmin_role_from_name(a->argv[2]);

    if (role < 0)
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "'%s' is not a role (moderator, participant, "
                         "visitor or none)", a->argv[2]);
    return set_role(cli, a, (mucadmin_role_t)role,
                    role == MUCADMIN_ROLE_NONE ? "kicked" : "role changed");
}

int cmd_voice(struct cli *cli, const struct cmd_args *a)
{
    bool voice = !strcmp(cli->cmd->name, "voice");

    return set_role(cli, a,
                    voice ? MUCADMIN_ROLE_PARTICIPANT : MUCADMIN_ROLE_VISITOR,
                    voice ? "has voice" : "has no voice");
}
