/* SPDX-License-Identifier: MIT */
/*
 * cmd_register.c - registration with a room (jabber:iq:register): register
 * a nick, cancel the registration, show the reserved nick.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "fields.h"
#include "output.h"
#include "session.h"

int cmd_register(struct cli *cli, const struct cmd_args *a)
{
    const char *nick = args_opt(a, "nick");
    int n = a->argc - 1;
    char **vars = calloc((size_t)n + 1, sizeof(*vars));
    char **values = calloc((size_t)n + 1, sizeof(*values));
    mucadmin_session_t *s;
    mucadmin_status_t st;
    char *room = NULL;
    int rc;

    if (!vars || !values) {
        rc = cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
        goto out;
    }
    if (!nick || !nick[0]) {
        rc = cli_error(cli, EXIT_USAGE, NULL, NULL,
                       "--nick NICK is required");
        goto out;
    }
    rc = field_args(cli, NULL, NULL, false, a->argv + 1, n, vars, values);
    if (rc)
        goto out;
    rc = cli_begin(cli, a, &s, &room);
    if (rc == EXIT_OK) {
        st = mucadmin_register(s, room, nick, (const char *const *)vars,
                               (const char *const *)values, (size_t)n);
        if (st != MUCADMIN_OK) {
            rc = cli_fail(cli, s, room, st);
        } else {
            cmd_acted(cli, room, "nick", nick, NULL, NULL,
                      "registered as %s", nick);
        }
    }
    field_values_free(vars, values, n);
out:
    free(vars);
    free(values);
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
    st = mucadmin_unregister(s, room);
    if (st != MUCADMIN_OK)
        rc = cli_fail(cli, s, room, st);
    else
        cmd_acted(cli, room, NULL, NULL, NULL, NULL,
                  "registration cancelled");
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
    st = mucadmin_reserved_nick(s, room, &nick);
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
        printf("%s\n", nick);
    }
out:
    free(nick);
    free(room);
    return rc;
}
