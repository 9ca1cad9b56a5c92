/* SPDX-License-Identifier: MIT */
/*
 * journal.h - the record of every change mucadmin makes
 * ($XDG_STATE_HOME/mucadmin/journal, mucadmin(1) JOURNAL): an entry is
 * written "pending" before anything is sent, and completed after; log
 * shows it and undo plans the way back from it.
 */
#ifndef MUCADMIN_CLI_JOURNAL_H
#define MUCADMIN_CLI_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cli.h"
#include "jsonval.h"
#include "mucadmin.h"

/* The command line being run ("mucadmin CMD ARGS", secrets redacted),
 * kept for the entries it makes; cli_run() sets it. */
void journal_command(const struct cmd *cmd, int argc, char **argv);
/* What the entries it makes record as their "op": the command's name
 * (journal_command() sets it), or what the command says it does
 * ("lift" for lockdown --lift). */
void journal_op(const char *op);

/* The journal's path, its directories made (0700); malloc'd, or NULL
 * with errno set (ENOENT: neither XDG_STATE_HOME nor HOME is set). */
char *journal_path(void);

/* One entry being made: one or more changes, of one or more rooms, that
 * undo reverts as a whole. */
struct journal;
struct journal *journal_new(void);
void journal_free(struct journal *j);
/* Add a change of room: change is "affiliation", "config", "subject",
 * "create" or "destroy"; before and after are JSON texts (NULL: null). */
void journal_add(struct journal *j, const char *room, const char *change,
                 const char *before, const char *after);
size_t journal_count(const struct journal *j);
/* Append the entry as pending.  EXIT_OK, or EXIT_CONFIG after reporting
 * why: then nothing may be sent.  An entry without changes is not
 * written. */
int journal_begin(struct cli *cli, mucadmin_session_t *s, struct journal *j);
/* Append its completion: "done", "partial" or "failed" from the
 * command's exit code (some: whether anything was applied), and free j.
 * A failure to write it is a warning: the change is made. */
void journal_end(struct cli *cli, struct journal *j, int rc, bool some);

/* ---- the values recorded (JSON texts, malloc'd) ---- */

/* {"JID": "member", ...}; affs[i] < 0: null (not known). */
char *journal_affs(const char *const *jids, const int *affs, size_t n);
/* {"VAR": "VALUE", ...} (values NULL or of secret vars: null). */
char *journal_fields(const char *const *vars, const char *const *values,
                     size_t n);
/* The form's values of vars (multi-valued: '\n' between them; a
 * text-private field's: null). */
char *journal_form_fields(const mucadmin_form_t *form, const char *const *vars,
                          size_t n);
/* A JSON string, or null. */
char *journal_str(const char *s);
/* Whether var is a room password, never recorded. */
bool journal_secret_var(const char *var);
/* The live affiliations of jids in room (4 lists, read at once): affs[i]
 * is an mucadmin_affiliation_t, or -1 when a list could not be read. */
mucadmin_status_t journal_read_affs(mucadmin_session_t *s, const char *room,
                                    const char *const *jids, size_t n,
                                    int *affs);
/* A destroy's before-state: {"rooms_file": the room exported as a rooms
 * file}, malloc'd in *json; EXIT_* after reporting. */
int journal_snapshot(struct cli *cli, mucadmin_session_t *s, const char *room,
                     char **json);

/* ---- reading it back ---- */

struct jentry {
    char *id, *time, *state, *command, *account;
    time_t when;
    struct jv *v; /* the whole pending line */
    const struct jv *changes;
};
/* Every entry of the journal, oldest first, with its latest state;
 * lines that are not entries are skipped with a warning.  EXIT_OK (a
 * missing journal has no entries) or EXIT_CONFIG after reporting. */
int journal_load(struct cli *cli, struct jentry **out, size_t *n);
void journal_entries_free(struct jentry *e, size_t n);

/* "2026-12-02T10:00:00Z", "2026-12-02", "10m", "2h", "3d" (ago): a time;
 * -1 when it is none of those. */
time_t journal_parse_time(const char *s, time_t now);

#endif
