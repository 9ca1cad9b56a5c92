/* SPDX-License-Identifier: MIT */
/*
 * complete.h - what may come next on a command line, from the command
 * table (and the server, when allowed): one engine for the shell's Tab and
 * for the hidden "__complete" command the shell completion scripts call.
 */
#ifndef MUCADMIN_CLI_COMPLETE_H
#define MUCADMIN_CLI_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"

/* A list of candidates, each with an optional description. */
struct completions {
    char **word;
    char **desc;
    size_t n, cap;
    bool nospace; /* all end in '=' or '/': no space after them */
    char *why;    /* when nothing could be offered, a line saying why
                   * (malloc'd; the shell shows it), or NULL */
};

void completions_free(struct completions *c);
/* Add word unless it is there already or does not start with cur. */
void completions_add(struct completions *c, const char *cur, const char *word,
                     const char *desc);

/* How a command line splits: its command and positional arguments. */
struct cmdline {
    const struct cmd *cmd; /* NULL when no command word yet */
    int cmd_at;            /* index of the command word, or -1 */
    int npos;              /* positional arguments after the command */
    char *pos[64];         /* (not owned) */
    int first_pos;         /* index in words of the first one, or -1 */
};

/*
 * Split words[0..n-1] (no program name) into global options, the command
 * and its positional arguments, skipping options and their values.
 */
void cmdline_scan(int n, char **words, struct cmdline *cl);

/*
 * Whether a command that takes a room first was given without it, so that
 * the shell's current room stands for it: fewer positional arguments than
 * the command needs, or a first argument that fits the second argument's
 * kind and cannot be a room ("add", "remove", "FIELD=VALUE", an
 * affiliation or role name).
 */
bool cmdline_room_omitted(const struct cmdline *cl);

/* Whether completion may ask the server. */
enum {
    COMPLETE_LOCAL = 0, /* never */
    COMPLETE_IF_ABLE,   /* when the words' global options and the account
                         * allow a connection without a password prompt */
    COMPLETE_SERVER,    /* yes: the shell's session */
};

/*
 * Candidates for the last word of words[0..n-1] (which may be empty),
 * matching it as a prefix.  The server is asked (rooms, occupants,
 * affiliation lists, the configuration form) only when the word needs it
 * and server (COMPLETE_*) allows; its answers are cached for a while.
 */
void complete_words(struct cli *cli, int n, char **words, int server,
                    struct completions *out);

/* Forget cached server answers (after a command that may change them). */
void complete_forget(void);

/* Whether a connection can be made without asking for a password. */
bool complete_may_connect(struct cli *cli);

#endif
