/* SPDX-License-Identifier: MIT */
/*
 * session.h - the one place a command gets its connection and its room:
 * account, password, TLS and server settings applied to a library
 * session, connected on first use and kept in cli->priv (the shell reuses
 * it across commands); and the one table mapping statuses to exit codes.
 */
#ifndef MUCADMIN_CLI_SESSION_H
#define MUCADMIN_CLI_SESSION_H

#include <signal.h>
#include <stdbool.h>

#include "cli.h"
#include "mucadmin.h"

struct account;

/* The account chosen by --account (or the config file's default), loaded
 * on first use; EXIT_CONFIG (reported) when the file is wrong. */
int cli_account(struct cli *cli, const struct account **acct);
/* The connected session, connecting on first use; an EXIT_* code (after
 * reporting the failure) when it cannot. */
int cli_connect(struct cli *cli, mucadmin_session_t **s);
/* The session cli_connect made (connected or not), or NULL; for the
 * shell, which watches its events and cancels its requests. */
mucadmin_session_t *cli_session(struct cli *cli);
/* Disconnect and free what cli_connect and cli_account made. */
void cli_close(struct cli *cli);
/* The default MUC service: the account's "service", else discovered on
 * the account's domain.  Owned by cli. */
int cli_service(struct cli *cli, const char **service);
/* The room JID for arg; a bare name gets the default MUC service.
 * *room is malloc'd. */
int cli_room(struct cli *cli, const char *arg, char **room);
/* Both at once for a command whose first argument is a room. */
int cli_begin(struct cli *cli, const struct cmd_args *a, mucadmin_session_t **s,
              char **room);

/* The exit code of a status. */
int cli_exit_code(mucadmin_status_t st);
/* A short condition word for a status that is not a stanza error. */
const char *cli_status_condition(mucadmin_status_t st);
/* Report the failure of the last call on s as "mucadmin: CMD: ROOM:
 * condition: explanation"; returns its exit code. */
int cli_fail(struct cli *cli, mucadmin_session_t *s, const char *room,
             mucadmin_status_t st);

/* A nick that can be a room JID's resource. */
bool nick_valid(const char *nick);
/* The nick rooms are joined under from now on (the shell's join --nick),
 * set on s too; a line's --nick still wins for that line. */
int cli_set_nick(struct cli *cli, mucadmin_session_t *s, const char *nick);

/* SIGINT and SIGTERM (signals.c) set one flag that every session made by
 * cli_connect watches: once set, nothing more is sent.  Commands then
 * exit EXIT_INTERRUPTED. */
struct cli_signals {
    struct sigaction intr, term;
};
/* Catch both (old: where the handlers replaced go, or NULL). */
void cli_signals_catch(struct cli_signals *old);
void cli_signals_restore(const struct cli_signals *old);
const volatile sig_atomic_t *cli_interrupt_flag(void);
/* The session a signal also cancels (mucadmin_session_cancel()), or NULL. */
void cli_signals_watch(mucadmin_session_t *s);
/* The signal caught, or 0. */
int cli_interrupted(void);
/* The shell clears it after each line. */
void cli_interrupt_clear(void);
#define EXIT_INTERRUPTED 130

/* How often a join whose nick is taken is tried again as mucadmin-XXXX. */
#define CLI_NICK_RETRIES 3

#endif
