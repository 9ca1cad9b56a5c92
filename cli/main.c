/* SPDX-License-Identifier: MIT */
/*
 * main.c - mucadmin's entry point: global options, then the command named
 * by the first word, looked up in the command table.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"
#include "session.h"

/*
 * The process holds account passwords (and serve its users' keys): no core
 * file may carry them.  A zero core size is not enough when the kernel
 * pipes core dumps to a program, so the process is made non-dumpable too.
 */
static void no_core_dumps(void)
{
    struct rlimit none = { 0, 0 };

    setrlimit(RLIMIT_CORE, &none);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/* Whether a leading global option ("--server", "-a") takes the next word
 * as its value; "--server=X" carries its own. */
static bool global_takes_value(const char *arg)
{
    for (const struct cmd_opt *o = global_opts; o->name; o++) {
        if (!o->arg)
            continue;
        if (arg[1] == '-' ? !strcmp(arg + 2, o->name)
                          : arg[1] == o->short_name && !arg[2])
            return true;
    }
    return false;
}

int main(int argc, char **argv)
{
    struct cli cli = { .prog = "mucadmin" };
    const struct cmd *cmd;
    int i = 1;

    /* libstrophe may write to a socket the server already closed. */
    signal(SIGPIPE, SIG_IGN);
    no_core_dumps();

    if (argc > 1 && (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")))
        return cli_run(&cli, cmd_find("version"), 0, NULL);
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
        return cli_run(&cli, cmd_find("help"), argc - 2, argv + 2);
    /* Global options may come before the command too. */
    while (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
        if (global_takes_value(argv[i]) && i + 1 < argc)
            i++;
        i++;
    }
    /* No command: the shell, with the options given, interactive on a
     * terminal and a script when stdin is piped; mucadmin(1)'s EXAMPLES
     * pipe lines into it.  A terminal writing into a pipe gets usage. */
    if (i >= argc && (!isatty(STDIN_FILENO) || isatty(STDOUT_FILENO))) {
        int rc = cli_run(&cli, cmd_find("shell"), argc - 1, argv + 1);
        cli_close(&cli);
        return rc;
    }
    if (i >= argc) {
        help_usage(stderr);
        return EXIT_USAGE;
    }
    cmd = cmd_find(argv[i]);
    if (!cmd)
        return cli_error(&cli, EXIT_USAGE, NULL, NULL,
                         "'%s' is not a command; see 'mucadmin help'", argv[i]);
    /* ^C and SIGTERM stop a one-shot command at any stage (the shell and
     * serve have their own handlers). */
    if (cmd->flags & CMD_CONN)
        cli_signals_catch(NULL);
    /* Hand the leading global options to the command's parser. */
    char **rest = malloc(sizeof(char *) * (size_t)argc);
    if (!rest)
        return EXIT_CONFIG;
    int n = 0;
    for (int j = 1; j < argc; j++)
        if (j != i)
            rest[n++] = argv[j];
    int rc = cli_run(&cli, cmd, n, rest);
    if (cli_interrupted()) {
        cli_error(&cli, EXIT_INTERRUPTED, NULL, "interrupted",
                  "stopped by %s; nothing more was sent",
                  cli_interrupted() == SIGTERM ? "SIGTERM" : "SIGINT");
        rc = EXIT_INTERRUPTED;
    }
    cli_close(&cli);
    free(rest);
    return rc;
}
