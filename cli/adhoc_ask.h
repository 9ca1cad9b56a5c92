/* SPDX-License-Identifier: MIT */
/*
 * adhoc_ask.h - an ad-hoc command's stage as a dialogue in the
 * interactive shell (adhoc_ask.c), for cmd_adhoc.c.
 */
#ifndef MUCADMIN_CLI_ADHOC_ASK_H
#define MUCADMIN_CLI_ADHOC_ASK_H

#include <stdbool.h>

#include "cli.h"
#include "mucadmin.h"

/* adhoc_ask()'s answer when the user cancels (a line "cancel", Ctrl-C,
 * Ctrl-D): not an exit code. */
#define ADHOC_CANCELLED (-1)

/*
 * Show the stage of cmd (its notes, form title, instructions and fields)
 * and ask for each field of form (the stage's copy, filled from the
 * command line) that given[i] does not mark, checking every answer as
 * mucadmin_form_set() does (a bad one is asked again).  Returns EXIT_OK,
 * ADHOC_CANCELLED, or EXIT_CONFIG (out of memory, reported).
 */
int adhoc_ask(struct cli *cli, const char *jid, const mucadmin_adhoc_t *cmd,
              mucadmin_form_t *form, const bool *given);

#endif
