/* SPDX-License-Identifier: MIT */
/*
 * cmd_help.c - help, version and the man page's command list, all printed
 * from the command table.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "mucadmin.h"

void help_usage(FILE *fp)
{
    fprintf(fp, "usage: mucadmin [OPTIONS] COMMAND [ARGS...]\n\n"
                "Administer XMPP multi-user chat rooms remotely.\n\n"
                "Commands:\n");
    for (const struct cmd *c = cmd_table; c->name; c++)
        if (!(c->flags & CMD_HIDDEN))
            fprintf(fp, "  %-14s %s\n", c->name, c->summary);
    fprintf(fp, "\nGlobal options:\n");
    for (const struct cmd_opt *o = global_opts; o->name; o++) {
        char buf[64];
        snprintf(buf, sizeof(buf), "%s%c%s--%s%s%s", o->short_name ? "-" : "",
                 o->short_name ? o->short_name : ' ', o->short_name ? ", " : "",
                 o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        fprintf(fp, "  %-24s %s\n", o->short_name ? buf : buf + 1, o->help);
    }
    fprintf(fp, "\nRun 'mucadmin help COMMAND' for one command's help.\n");
}

static void print_opts(FILE *fp, const struct cmd_opt *opts)
{
    for (const struct cmd_opt *o = opts; o && o->name; o++) {
        char buf[64];
        snprintf(buf, sizeof(buf), "--%s%s%s", o->name, o->arg ? " " : "",
                 o->arg ? o->arg : "");
        fprintf(fp, "  %-24s %s", buf, o->help);
        if (o->values) {
            fprintf(fp, " (");
            for (const char *const *v = o->values; *v; v++)
                fprintf(fp, "%s%s", v == o->values ? "" : ", ", *v);
            fprintf(fp, ")");
        }
        if (o->flags & OPT_REPEAT)
            fprintf(fp, " [repeatable]");
        fputc('\n', fp);
    }
}

/* The command table as JSON: what scripts and completions can rely on. */
static void help_json(struct cli *cli, const struct cmd *only)
{
    struct out *o = out_new(cli);

    out_table(o, NULL);
    for (const struct cmd *c = cmd_table; c->name; c++) {
        const char *names[CMD_MAX_OPTS];
        size_t n = 0;
        if ((c->flags & CMD_HIDDEN) || (only && c != only))
            continue;
        out_record(o, NULL);
        out_str(o, "name", c->name);
        out_str(o, "synopsis", cmd_synopsis(c));
        out_str(o, "summary", c->summary);
        for (const char *const *al = c->aliases; al && *al; al++)
            names[n++] = *al;
        out_strv(o, "aliases", names, n);
        n = 0;
        for (const struct cmd_opt *op = c->opts; op && op->name; op++)
            names[n++] = op->name;
        out_strv(o, "options", names, n);
        out_bool(o, "connects", c->flags & CMD_CONN);
        out_bool(o, "destructive", c->flags & CMD_DESTRUCTIVE);
        out_end(o);
    }
    out_end(o);
    out_free(o);
}

int cmd_help(struct cli *cli, const struct cmd_args *a)
{
    if (cli->json) {
        const struct cmd *c = a->argc ? cmd_find(a->argv[0]) : NULL;
        if (a->argc && !c)
            return cli_error(cli, EXIT_USAGE, NULL, NULL,
                             "'%s' is not a command; see 'mucadmin help'",
                             a->argv[0]);
        help_json(cli, c);
        return EXIT_OK;
    }
    if (a->argc == 0) {
        help_usage(stdout);
        return EXIT_OK;
    }
    const struct cmd *c = cmd_find(a->argv[0]);
    if (!c)
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "'%s' is not a command; see 'mucadmin help'",
                         a->argv[0]);
    printf("usage: mucadmin %s %s\n\n%s\n", c->name, cmd_synopsis(c),
           c->summary);
    if (c->aliases && c->aliases[0]) {
        printf("\nAliases:");
        for (const char *const *al = c->aliases; *al; al++)
            printf(" %s", *al);
        printf("\n");
    }
    if (c->opts && c->opts[0].name) {
        printf("\nOptions:\n");
        print_opts(stdout, c->opts);
    }
    return EXIT_OK;
}

int cmd_version(struct cli *cli, const struct cmd_args *a)
{
    if (cli->json) {
        struct out *o = out_new(cli);
        out_record(o, NULL);
        out_str(o, "mucadmin", MUCADMIN_VERSION_STRING);
        out_str(o, "libmucadmin", mucadmin_version());
        out_end(o);
        out_free(o);
        return EXIT_OK;
    }
    printf("mucadmin %s (libmucadmin %s)\n", MUCADMIN_VERSION_STRING,
           mucadmin_version());
    return EXIT_OK;
}

/* roff lines for the COMMANDS and GLOBAL OPTIONS sections of mucadmin(1). */
int cmd_man_commands(struct cli *cli, const struct cmd_args *a)
{
    for (const struct cmd *c = cmd_table; c->name; c++) {
        if (c->flags & CMD_HIDDEN)
            continue;
        printf(".TP\n.B %s", c->name);
        if (*cmd_synopsis(c))
            printf(" \"%s\"", cmd_synopsis(c));
        printf("\n%s.\n", c->summary);
        for (const struct cmd_opt *o = c->opts; o && o->name; o++)
            printf(".br\n\\fB\\-\\-%s\\fR%s%s: %s\n", o->name,
                   o->arg ? " " : "", o->arg ? o->arg : "", o->help);
    }
    printf(".SH GLOBAL OPTIONS\n"
           "Global options may come before or after the command.\n");
    for (const struct cmd_opt *o = global_opts; o->name; o++) {
        printf(".TP\n");
        if (o->short_name)
            printf("\\fB\\-%c\\fR, ", o->short_name);
        printf("\\fB\\-\\-%s\\fR", o->name);
        if (o->arg)
            printf(" \\fI%s\\fR", o->arg);
        printf("\n%s.\n", o->help);
    }
    return EXIT_OK;
}
