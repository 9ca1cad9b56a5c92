/* SPDX-License-Identifier: MIT */
/*
 * shell.h - mucadmin's shell: lines split into words like sh does and run
 * through the command table (cli_run), with a current room and one
 * connection kept between commands; interactive on a terminal (readline),
 * a script otherwise.
 */
#ifndef MUCADMIN_CLI_SHELL_H
#define MUCADMIN_CLI_SHELL_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"

struct shell {
    struct cli *cli;
    bool keep_going;  /* scripts: go on after a failed command */
    char *room;       /* the current room (cli->room points here) */
    bool lost;        /* the connection dropped since last command */
    bool interactive; /* on a terminal: commands may ask (shell_ask) */
};

/* The shell being run, or NULL (one-shot commands). */
extern struct shell *shell_current;

/*
 * Split line into words: blanks separate them; '...' is literal; "..."
 * keeps \" and \\ escapes; a backslash outside quotes takes the next
 * character as it is; a word starting with '#' starts a comment.  *words
 * is a NULL-terminated array of malloc'd strings.  Returns 0, or -1 when
 * a quote is left open (the words so far are still given, the open one
 * last, for completion); *open_quote is then that quote character.
 */
int shell_split(const char *line, int *n, char ***words, char *open_quote);
void shell_words_free(int n, char **words);

/* Run one line; its exit code (EXIT_OK for an empty line). */
int shell_line(struct shell *sh, const char *line);
/* Run the lines of fp (name for messages) as a script. */
int shell_script(struct shell *sh, FILE *fp, const char *name);
/* The interactive shell on the terminal (shell_tty.c). */
int shell_interactive(struct shell *sh);
/*
 * A command's question in the interactive shell (shell_tty.c): one line
 * read with readline after prompt (shown as it is: make it safe first),
 * Tab offering those of choices (NULL-terminated, or NULL) that fit the
 * whole line, or with words the blank-separated word at the cursor; with
 * private the answer is not echoed.  Never in the history.  Returns 0
 * with *line (malloc'd), or -1 when Ctrl-C or Ctrl-D (on an empty line)
 * cancels.  Only when shell_can_ask().
 */
int shell_ask(const char *prompt, const char *const *choices, bool words,
              bool private, char **line);
/* Whether the running command may ask: the interactive shell. */
bool shell_can_ask(void);
/* Whether a line must stay out of the history (passwords, fields). */
bool shell_sensitive(int n, char **words);
/* Set (room NULL: clear) the current room. */
void shell_set_room(struct shell *sh, const char *room);

#endif
