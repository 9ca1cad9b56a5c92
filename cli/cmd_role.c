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

static bool has_nick(const mucadmin_list_t *l, const char *nick)
{
    for (size_t i = 0; i < mucadmin_list_count(l); i++)
        if (mucadmin_list_nick(l, i) && !strcmp(mucadmin_list_nick(l, i), nick))
            return true;
    return false;
}

/*
 * A role change refused as item-not-found (Prosody) or not-acceptable
 * (ejabberd) most often means that nobody has the nick, while Prosody's
 * condition reads as "no such room".  The roster (which first asks
 * whether the room exists) says which it was.
 */
static int role_failed(struct cli *cli, mucadmin_session_t *s, const char *room,
                       const char *nick, mucadmin_status_t st)
{
    const char *c = mucadmin_error_condition(s);
    const char *t = mucadmin_error_text(s);
    mucadmin_list_t *l = NULL;
    mucadmin_status_t rst;
    char *cond, *text = NULL;
    int rc;

    if (st != MUCADMIN_E_STANZA || !c ||
        (strcmp(c, "item-not-found") && strcmp(c, "not-acceptable")))
        return cli_fail(cli, s, room, st);
    if (!(cond = strdup(c)) || (t && !(text = strdup(t)))) {
        free(cond);
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    }
    rst = mucadmin_room_roster_get(s, room, &l);
    if (rst != MUCADMIN_OK)
        rc = cli_fail(cli, s, room, rst);
    else if (!has_nick(l, nick))
        rc = cli_error(cli, EXIT_REFUSED, room, cond,
                       "nobody in the room has the nick '%s'", nick);
    else
        rc = cli_error(cli, EXIT_REFUSED, room, cond, "%s%s%s%s",
                       mucadmin_condition_explain(cond),
                       text ? " (server: " : "", text ? text : "",
                       text ? ")" : "");
    mucadmin_list_free(l);
    free(cond);
    free(text);
    return rc;
}

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
    if (rc)
        goto out;
    st = mucadmin_room_role_set(s, room, nick, role, reason);
    if (st != MUCADMIN_OK)
        rc = role_failed(cli, s, room, nick, st);
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
                         "visitor or none)",
                         a->argv[2]);
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
