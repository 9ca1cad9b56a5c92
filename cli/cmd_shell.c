/* SPDX-License-Identifier: MIT */
/*
 * cmd_shell.c - the shell's commands: "shell" itself, "use" (the current
 * room), "join"/"leave" (stay in a room to see what happens to us there)
 * and the hidden "__complete" that shell completion scripts call.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_common.h"
#include "complete.h"
#include "output.h"
#include "session.h"
#include "shell.h"

int cmd_shell(struct cli *cli, const struct cmd_args *a)
{
    struct shell sh = { .cli = cli };
    const char *file = a->argc > 0 ? a->argv[0] : NULL;
    FILE *fp = stdin;
    int rc;

    if (shell_current)
        return cli_error(cli, EXIT_USAGE, NULL, NULL, "already in the shell");
    sh.keep_going = args_opt(a, "keep-going") != NULL;
    if (file && strcmp(file, "-") != 0 && !(fp = fopen(file, "r")))
        return cli_error(cli, EXIT_USAGE, NULL, NULL, "%s: %m", file);
    shell_current = &sh;
    cli->cmd = NULL;
    if (!file && isatty(STDIN_FILENO))
        rc = shell_interactive(&sh);
    else
        rc = shell_script(&sh, fp, file ? file : "<stdin>");
    if (fp != stdin)
        fclose(fp);
    shell_current = NULL;
    cli->room = NULL;
    free(sh.room);
    return rc;
}

int cmd_use(struct cli *cli, const struct cmd_args *a)
{
    struct shell *sh = shell_current;
    struct out *o;
    char *room = NULL;
    int rc;

    if (!sh)
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "only in the shell (see 'mucadmin shell')");
    if (a->argc > 0 && !strcmp(a->argv[0], "-")) {
        shell_set_room(sh, NULL);
    } else if (a->argc > 0) {
        if ((rc = cli_room(cli, a->argv[0], &room)))
            return rc;
        shell_set_room(sh, room);
        free(room);
    }
    o = out_new(cli);
    out_result(o, NULL);
    out_str(o, "room", sh->room);
    out_end(o);
    out_say(o, "current room: %s", sh->room ? sh->room : "none");
    out_free(o);
    return EXIT_OK;
}

/* join and leave: one connection outlives the command only in the shell. */
static int stay(struct cli *cli, const struct cmd_args *a, bool join)
{
    const char *nick = join ? cli->nick : NULL; /* the global --nick */
    mucadmin_session_t *s;
    mucadmin_status_t st;
    char *room = NULL;
    int rc;

    if (!shell_current)
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "only in the shell (see 'mucadmin shell')");
    if ((rc = cli_begin(cli, a, &s, &room)))
        goto out;
    if (nick && (rc = cli_set_nick(cli, s, nick)))
        goto out;
    /* A nick asked for is that nick or nothing; later joins keep it. */
    mucadmin_session_set_nick_retries(s, nick ? 0 : CLI_NICK_RETRIES);
    st = join ? mucadmin_room_join(s, room) : mucadmin_room_leave(s, room);
    mucadmin_session_set_nick_retries(s, CLI_NICK_RETRIES);
    if (st != MUCADMIN_OK)
        rc = cli_fail(cli, s, room, st);
    else
        cmd_acted(cli, room, NULL, NULL, NULL, NULL,
                  join ? "joined; events are shown between prompts" : "left");
out:
    free(room);
    return rc;
}

int cmd_join(struct cli *cli, const struct cmd_args *a)
{
    return stay(cli, a, true);
}

int cmd_leave(struct cli *cli, const struct cmd_args *a)
{
    return stay(cli, a, false);
}

/* Candidates, one a line, "WORD<TAB>DESCRIPTION" when there is one. */
int cmd_complete(struct cli *cli, const struct cmd_args *a)
{
    char *none[] = { "", NULL };
    struct completions c;

    if (a->argc > 0)
        complete_words(cli, a->argc, a->argv, COMPLETE_IF_ABLE, &c);
    else
        complete_words(cli, 1, none, COMPLETE_LOCAL, &c);
    for (size_t i = 0; i < c.n; i++) {
        term_fputs(c.word[i], stdout); /* nicks, rooms: the server's */
        if (c.desc[i]) {
            putchar('\t');
            term_fputs(c.desc[i], stdout);
        }
        putchar('\n');
    }
    completions_free(&c);
    return EXIT_OK;
}
