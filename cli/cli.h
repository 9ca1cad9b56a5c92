/* SPDX-License-Identifier: MIT */
/*
 * cli.h - the mucadmin program's shared types: the command table, parsed
 * arguments, global options and exit codes.
 */
#ifndef MUCADMIN_CLI_H
#define MUCADMIN_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Exit codes, documented in mucadmin(1).  One table maps statuses to them. */
enum {
    EXIT_OK = 0,
    EXIT_REFUSED = 1,     /* the server refused (stanza error) */
    EXIT_USAGE = 2,       /* bad command line or input */
    EXIT_CONN = 3,        /* connection, TLS or authentication failure */
    EXIT_TIMEOUT = 4,     /* the server did not answer in time */
    EXIT_PARTIAL = 5,     /* part of a batch failed */
    EXIT_CONFIG = 6,      /* local configuration error */
    EXIT_UNSUPPORTED = 7, /* the server (or room) does not offer it */
};

/* Command flags. */
enum {
    CMD_CONN = 1 << 0,        /* needs a connection to a server */
    CMD_ROOM = 1 << 1,        /* first positional argument is a room */
    CMD_DESTRUCTIVE = 1 << 2, /* asks for confirmation unless --yes */
    CMD_SENSITIVE = 1 << 3,   /* the line never goes to shell history */
    CMD_HIDDEN = 1 << 4,      /* not listed in help or the man page */
};

/* Option flags. */
enum {
    OPT_REPEAT = 1 << 0,   /* may be given several times */
    OPT_SHADOW = 1 << 1,   /* the command's own meaning of a global
                              option's name (it wins) */
    OPT_SYNOPSIS = 1 << 2, /* shown in the synopsis: [--name ARG] */
    OPT_REQUIRED = 1 << 3, /* the command needs it: shown in the
                              synopsis as --name ARG */
    OPT_GLOBAL = 1 << 4,   /* the global option of that name, listed
                              with the command for its help (what it
                              means there) and synopsis */
};

#define CMD_MAX_OPTS 24
#define CMD_MAX_REPEAT 64

struct cmd_opt {
    const char *name; /* long name, without "--" */
    char short_name;  /* 0 when none */
    const char *arg;  /* metavariable; NULL for a flag */
    const char *help;
    const char *const *values; /* allowed values (NULL-terminated) or NULL */
    unsigned flags;            /* OPT_* */
};

struct cli;

/* A command line after parsing: positional arguments and option values. */
struct cmd_args {
    int argc;
    char **argv;
    const struct cmd_opt *opts; /* the command's option table */
    int nvals[CMD_MAX_OPTS];    /* how often each option was given */
    const char *vals[CMD_MAX_OPTS][CMD_MAX_REPEAT];
};

struct cmd {
    const char *name;
    const char *const *aliases;   /* NULL-terminated, or NULL */
    const char *synopsis;         /* the arguments after the name; the
                                     options marked OPT_SYNOPSIS or
                                     OPT_REQUIRED are added by
                                     cmd_synopsis() */
    const char *summary;          /* one line */
    int min_args, max_args;       /* max -1: no limit */
    const struct cmd_opt *opts;   /* terminated by an empty entry; or NULL */
    const char *const *arg_kinds; /* completion hint per positional */
    unsigned flags;               /* CMD_* */
    int (*run)(struct cli *cli, const struct cmd_args *args);
};

/* Global options and state of one mucadmin run (or shell session). */
struct cli {
    const char *prog;
    const struct cmd *cmd; /* the command being run */
    const char *account;
    const char *jid;
    const char *server;
    const char *cafile;
    const char *nick; /* the nick to join rooms under */
    bool insecure, plaintext, json, verbose, quiet, yes;
    double timeout;   /* seconds; 0 = library default */
    const char *room; /* default room for a bare command (shell) */
    void *priv;       /* connection state, owned by cli/session.c */
};

extern const struct cmd cmd_table[];
extern const struct cmd_opt global_opts[];

const struct cmd *cmd_find(const char *name);
/* "ROOM --nick NICK [FIELD=VALUE...]": arguments and the options the
 * synopsis shows, from the row and its option table (a static buffer,
 * valid until the next call). */
const char *cmd_synopsis(const struct cmd *c);

/* Parse argv (after the command name) against cmd's options and the global
 * options; returns EXIT_OK or EXIT_USAGE after printing the error. */
int args_parse(struct cli *cli, const struct cmd *cmd, int argc, char **argv,
               struct cmd_args *out);
/* The (last) value of option NAME, "" for a given flag, or NULL. */
const char *args_opt(const struct cmd_args *a, const char *name);
/* All values of a repeated option; returns how many. */
int args_opt_all(const struct cmd_args *a, const char *name,
                 const char *const **vals);

/* Print "mucadmin: CMD: ROOM: CONDITION: explanation" on stderr; room and
 * condition may be NULL.  Returns code, for "return cli_error(...)". */
int cli_error(const struct cli *cli, int code, const char *room,
              const char *condition, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Command handlers. */
int cmd_help(struct cli *cli, const struct cmd_args *a);
int cmd_version(struct cli *cli, const struct cmd_args *a);
int cmd_man_commands(struct cli *cli, const struct cmd_args *a);
int cmd_serve(struct cli *cli, const struct cmd_args *a);
/* cmd_rooms.c */
int cmd_rooms(struct cli *cli, const struct cmd_args *a);
int cmd_info(struct cli *cli, const struct cmd_args *a);
int cmd_occupants(struct cli *cli, const struct cmd_args *a);
/* cmd_room.c */
int cmd_create(struct cli *cli, const struct cmd_args *a);
int cmd_destroy(struct cli *cli, const struct cmd_args *a);
int cmd_subject(struct cli *cli, const struct cmd_args *a);
int cmd_invite(struct cli *cli, const struct cmd_args *a);
int cmd_say(struct cli *cli, const struct cmd_args *a);
/* cmd_config.c */
int cmd_config(struct cli *cli, const struct cmd_args *a);
/* cmd_rooms_yaml.c, rooms_export.c */
int cmd_plan(struct cli *cli, const struct cmd_args *a);
int cmd_apply(struct cli *cli, const struct cmd_args *a);
int cmd_export(struct cli *cli, const struct cmd_args *a);
/* cmd_affil.c */
int cmd_list(struct cli *cli, const struct cmd_args *a);
int cmd_affiliation(struct cli *cli, const struct cmd_args *a);
int cmd_ban(struct cli *cli, const struct cmd_args *a);
int cmd_unban(struct cli *cli, const struct cmd_args *a);
/* cmd_role.c */
int cmd_kick(struct cli *cli, const struct cmd_args *a);
int cmd_role(struct cli *cli, const struct cmd_args *a);
int cmd_voice(struct cli *cli, const struct cmd_args *a);
/* cmd_register.c */
int cmd_register(struct cli *cli, const struct cmd_args *a);
int cmd_unregister(struct cli *cli, const struct cmd_args *a);
int cmd_nick(struct cli *cli, const struct cmd_args *a);

/* cmd_adhoc.c */
int cmd_commands(struct cli *cli, const struct cmd_args *a);
int cmd_command(struct cli *cli, const struct cmd_args *a);
/* cmd_whereis.c */
int cmd_whereis(struct cli *cli, const struct cmd_args *a);
/* cmd_journal.c */
int cmd_log(struct cli *cli, const struct cmd_args *a);
int cmd_undo(struct cli *cli, const struct cmd_args *a);
/* cmd_history.c */
int cmd_history(struct cli *cli, const struct cmd_args *a);
int cmd_retract(struct cli *cli, const struct cmd_args *a);
/* --NAME TIME (2026-12-02T10:00:00Z, 2026-12-02, 30m...) as XEP-0082
 * UTC in buf: *iso is buf, or NULL without arg; EXIT_USAGE if bad. */
int history_time_opt(struct cli *cli, const char *name, const char *arg,
                     char buf[32], const char **iso);
/* cmd_purge.c, cmd_sweep.c */
int cmd_purge(struct cli *cli, const struct cmd_args *a);
int cmd_sweep(struct cli *cli, const struct cmd_args *a);
/* cmd_lockdown.c */
int cmd_lockdown(struct cli *cli, const struct cmd_args *a);

/* cmd_shell.c */
int cmd_shell(struct cli *cli, const struct cmd_args *a);
int cmd_use(struct cli *cli, const struct cmd_args *a);
int cmd_join(struct cli *cli, const struct cmd_args *a);
int cmd_leave(struct cli *cli, const struct cmd_args *a);
int cmd_complete(struct cli *cli, const struct cmd_args *a);

void help_usage(FILE *fp);

/* Parse and run one command line (argv after the command name). */
int cli_run(struct cli *cli, const struct cmd *cmd, int argc, char **argv);

/* Ask "PROMPT [y/N]" on the terminal unless --yes; returns EXIT_OK when
 * confirmed, EXIT_USAGE (after saying why) when refused or when there is no
 * terminal to ask on. */
int cli_confirm(struct cli *cli, const char *room, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
