/* SPDX-License-Identifier: MIT */
/*
 * args.c - parse a command's arguments against the command table: the
 * command's own options and the global options, anywhere on the line,
 * "--" ending options.
 */
#define _GNU_SOURCE /* vasprintf */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "journal.h"
#include "session.h"
#include "output.h"

static const struct cmd_opt *find_opt(const struct cmd_opt *opts,
                                      const char *name, size_t len,
                                      char short_name, int *index)
{
    for (int i = 0; opts && opts[i].name; i++) {
        if ((short_name && opts[i].short_name == short_name) ||
            (!short_name && strlen(opts[i].name) == len &&
             strncmp(opts[i].name, name, len) == 0)) {
            *index = i;
            return &opts[i];
        }
    }
    return NULL;
}

static int set_global(struct cli *cli, const char *name, const char *val)
{
    if (!strcmp(name, "account"))
        cli->account = val;
    else if (!strcmp(name, "jid"))
        cli->jid = val;
    else if (!strcmp(name, "server"))
        cli->server = val;
    else if (!strcmp(name, "cafile"))
        cli->cafile = val;
    else if (!strcmp(name, "nick")) {
        if (!nick_valid(val))
            return cli_error(cli, EXIT_USAGE, NULL, NULL,
                             "--nick: '%s' is not a nick (empty, too long "
                             "or with control characters)",
                             val);
        cli->nick = val;
    } else if (!strcmp(name, "insecure"))
        cli->insecure = true;
    else if (!strcmp(name, "plaintext"))
        cli->plaintext = true;
    else if (!strcmp(name, "json"))
        cli->json = true;
    else if (!strcmp(name, "verbose"))
        cli->verbose = true;
    else if (!strcmp(name, "quiet"))
        cli->quiet = true;
    else if (!strcmp(name, "yes"))
        cli->yes = true;
    else if (!strcmp(name, "timeout")) {
        char *end;
        double t = strtod(val, &end);
        if (*val == '\0' || *end != '\0' || t <= 0 || t > 86400)
            return cli_error(cli, EXIT_USAGE, NULL, NULL,
                             "--timeout: '%s' is not a number of seconds "
                             "between 0 and 86400",
                             val);
        cli->timeout = t;
    }
    return EXIT_OK;
}

static int check_value(struct cli *cli, const struct cmd_opt *o,
                       const char *val)
{
    if (!o->values)
        return EXIT_OK;
    for (const char *const *v = o->values; *v; v++)
        if (!strcmp(*v, val))
            return EXIT_OK;
    return cli_error(cli, EXIT_USAGE, NULL, NULL,
                     "--%s: '%s' is not one of the allowed values", o->name,
                     val);
}

/* Handle one option; *i is advanced past a separate value. */
static int take_opt(struct cli *cli, const struct cmd *cmd, int argc,
                    char **argv, int *i, struct cmd_args *out)
{
    const char *a = argv[*i], *name, *val = NULL;
    size_t len;
    char sn = 0;
    int idx = -1, gidx = -1;
    const struct cmd_opt *o, *g;

    if (a[1] == '-') {
        name = a + 2;
        const char *eq = strchr(name, '=');
        len = eq ? (size_t)(eq - name) : strlen(name);
        if (eq)
            val = eq + 1;
    } else {
        if (a[2] != '\0')
            return cli_error(cli, EXIT_USAGE, NULL, NULL,
                             "'%s': give short options one at a time", a);
        name = a + 1;
        len = 1;
        sn = a[1];
    }
    o = find_opt(cmd->opts, name, len, sn, &idx);
    if (o && (o->flags & OPT_GLOBAL))
        o = NULL; /* listed with the command, parsed as the global one */
    g = o ? NULL : find_opt(global_opts, name, len, sn, &gidx);
    if (!o && !g)
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "unknown option '%s' (see 'mucadmin help %s')", a,
                         cmd->name);
    const struct cmd_opt *opt = o ? o : g;
    if (opt->arg && !val) {
        if (*i + 1 >= argc)
            return cli_error(cli, EXIT_USAGE, NULL, NULL,
                             "option --%s needs a value (%s)", opt->name,
                             opt->arg);
        val = argv[++*i];
    } else if (!opt->arg && val) {
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "option --%s takes no value", opt->name);
    }
    if (!opt->arg)
        val = "";
    int rc = check_value(cli, opt, val);
    if (rc)
        return rc;
    if (g)
        return set_global(cli, g->name, val);
    if (out->nvals[idx] > 0 && !(o->flags & OPT_REPEAT))
        return cli_error(cli, EXIT_USAGE, NULL, NULL, "option --%s given twice",
                         o->name);
    if (out->nvals[idx] >= CMD_MAX_REPEAT)
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "option --%s given too often", o->name);
    out->vals[idx][out->nvals[idx]++] = val;
    return EXIT_OK;
}

int args_parse(struct cli *cli, const struct cmd *cmd, int argc, char **argv,
               struct cmd_args *out)
{
    bool opts_done = false;

    memset(out, 0, sizeof(*out));
    out->opts = cmd->opts;
    out->argv = calloc((size_t)argc + 1, sizeof(char *));
    if (!out->argv)
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!opts_done && !strcmp(a, "--")) {
            opts_done = true;
        } else if (!opts_done && a[0] == '-' && a[1] != '\0') {
            int rc = take_opt(cli, cmd, argc, argv, &i, out);
            if (rc)
                return rc;
        } else {
            out->argv[out->argc++] = argv[i];
        }
    }
    if (out->argc < cmd->min_args ||
        (cmd->max_args >= 0 && out->argc > cmd->max_args))
        return cli_error(cli, EXIT_USAGE, NULL, NULL, "usage: mucadmin %s %s",
                         cmd->name, cmd_synopsis(cmd));
    return EXIT_OK;
}

int cli_run(struct cli *cli, const struct cmd *cmd, int argc, char **argv)
{
    struct cmd_args args;
    int rc;

    cli->cmd = cmd;
    journal_command(cmd, argc, argv);
    rc = args_parse(cli, cmd, argc, argv, &args);
    if (rc == EXIT_OK)
        rc = cmd->run(cli, &args);
    free(args.argv);
    return rc;
}

static int opt_index(const struct cmd_args *a, const char *name)
{
    for (int i = 0; a->opts && a->opts[i].name; i++)
        if (!strcmp(a->opts[i].name, name))
            return i;
    return -1;
}

const char *args_opt(const struct cmd_args *a, const char *name)
{
    int i = opt_index(a, name);
    if (i < 0 || a->nvals[i] == 0)
        return NULL;
    return a->vals[i][a->nvals[i] - 1];
}

int args_opt_all(const struct cmd_args *a, const char *name,
                 const char *const **vals)
{
    int i = opt_index(a, name);
    if (i < 0)
        return 0;
    *vals = a->vals[i];
    return a->nvals[i];
}

int cli_error(const struct cli *cli, int code, const char *room,
              const char *condition, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    fprintf(stderr, "mucadmin: ");
    if (cli && cli->cmd)
        fprintf(stderr, "%s: ", cli->cmd->name);
    /* The room, condition and message may hold what the server sent:
     * one line, and none of its escape sequences. */
    if (room) {
        term_fputs(room, stderr);
        fputs(": ", stderr);
    }
    if (condition) {
        term_fputs(condition, stderr);
        fputs(": ", stderr);
    }
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) >= 0) {
        term_fputs(msg, stderr);
        free(msg);
    }
    va_end(ap);
    fputc('\n', stderr);
    return code;
}
