/* SPDX-License-Identifier: MIT */
/*
 * cmd_register.c - registration with a room (jabber:iq:register): register
 * a nick, cancel the registration, show the reserved nick.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "output.h"
#include "session.h"

int cmd_register(struct cli *cli, const struct cmd_args *a)
{
    const char *nick = args_opt(a, "nick");
    struct cmd_fields f;
    mucadmin_session_t *s;
    mucadmin_status_t st;
    char *room = NULL;
    int rc;

    if (!nick || !nick[0])
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "--nick NICK is required");
    rc = cmd_fields_parse(cli, NULL, NULL, false, a->argv + 1, a->argc - 1, 0,
                          &f);
    if (rc)
        return rc;
    rc = cli_begin(cli, a, &s, &room);
    if (rc)
        goto out;
    st = mucadmin_room_register(s, room, nick, (const char *const *)f.vars,
                                (const char *const *)f.values, (size_t)f.n);
    if (st != MUCADMIN_OK)
        rc = cli_fail(cli, s, room, st);
    else
        cmd_acted(cli, room, "nick", nick, NULL, NULL, "registered as %s",
                  nick);
out:
    cmd_fields_free(&f);
    free(room);
    return rc;
}

int cmd_unregister(struct cli *cli, const struct cmd_args *a)
{
    mucadmin_session_t *s;
    mucadmin_status_t st;
    char *room;
    int rc = cli_begin(cli, a, &s, &room);

    if (rc)
        goto out;
    st = mucadmin_room_unregister(s, room);
    if (st != MUCADMIN_OK)
        rc = cli_fail(cli, s, room, st);
    else
        cmd_acted(cli, room, NULL, NULL, NULL, NULL, "registration cancelled");
out:
    free(room);
    return rc;
}

int cmd_nick(struct cli *cli, const struct cmd_args *a)
{
    mucadmin_session_t *s;
    mucadmin_status_t st;
    char *room, *nick = NULL;
    int rc = cli_begin(cli, a, &s, &room);

    if (rc)
        goto out;
    st = mucadmin_room_reserved_nick_get(s, room, &nick);
    if (st != MUCADMIN_OK) {
        rc = cli_fail(cli, s, room, st);
        goto out;
    }
    /* Human form: the nick alone (or nothing), for $(mucadmin nick R). */
    if (cli->json) {
        struct out *o = out_new(cli);
        out_record(o, NULL);
        out_str(o, "room", room);
        out_str(o, "nick", nick);
        out_end(o);
        out_free(o);
    } else if (nick) {
        term_fputs(nick, stdout); /* the server's */
        putchar('\n');
    }
out:
    free(nick);
    free(room);
    return rc;
}
