/* SPDX-License-Identifier: MIT */
/*
 * shell.c - what the interactive shell and scripts share: splitting a line
 * into words, running them through the same command table and handlers as
 * the one-shot commands (the current room standing for an omitted ROOM),
 * and script mode.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "complete.h"
#include "session.h"
#include "shell.h"

struct shell *shell_current;

struct buf {
    char *s;
    size_t len, cap;
};

static int buf_put(struct buf *b, char c)
{
    if (b->len + 2 > b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 32;
        char *s = realloc(b->s, cap);
        if (!s)
            return -1;
        b->s = s;
        b->cap = cap;
    }
    b->s[b->len++] = c;
    b->s[b->len] = '\0';
    return 0;
}

static int words_add(int *n, char ***words, struct buf *b)
{
    char **w = realloc(*words, sizeof(char *) * (size_t)(*n + 2));

    if (!w)
        return -1;
    *words = w;
    w[(*n)++] = b->s ? b->s : strdup("");
    w[*n] = NULL;
    memset(b, 0, sizeof(*b));
    return w[*n - 1] ? 0 : -1;
}

int shell_split(const char *line, int *n, char ***words, char *open_quote)
{
    struct buf b = { 0 };
    bool in_word = false;
    char q = 0;
    int rc = 0;

    *n = 0;
    *words = calloc(1, sizeof(char *));
    *open_quote = 0;
    for (const char *p = line; *words && *p; p++) {
        char c = *p;
        if (q == '\'') {
            if (c == '\'')
                q = 0;
            else
                rc |= buf_put(&b, c);
        } else if (q == '"') {
            if (c == '"')
                q = 0;
            else if (c == '\\' && (p[1] == '"' || p[1] == '\\'))
                rc |= buf_put(&b, *++p);
            else
                rc |= buf_put(&b, c);
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (in_word)
                rc |= words_add(n, words, &b);
            in_word = false;
        } else if (c == '#' && !in_word) {
            break;
        } else {
            in_word = true;
            if (c == '\'' || c == '"')
                q = c;
            else if (c == '\\' && p[1])
                rc |= buf_put(&b, *++p);
            else
                rc |= buf_put(&b, c);
        }
    }
    if (*words && in_word)
        rc |= words_add(n, words, &b);
    free(b.s);
    if (!*words || rc) {
        shell_words_free(*n, *words);
        *n = 0;
        *words = NULL;
        return -2;
    }
    *open_quote = q;
    return q ? -1 : 0;
}

void shell_words_free(int n, char **words)
{
    for (int i = 0; words && i < n; i++)
        free(words[i]);
    free(words);
}

bool shell_sensitive(int n, char **words)
{
    struct cmdline cl;

    cmdline_scan(n, words, &cl);
    if (cl.cmd && (cl.cmd->flags & CMD_SENSITIVE))
        return true;
    for (int i = 0; i < n; i++)
        if (strcasestr(words[i], "password") || strcasestr(words[i], "secret"))
            return true;
    return false;
}

void shell_set_room(struct shell *sh, const char *room)
{
    free(sh->room);
    sh->room = room ? strdup(room) : NULL;
    sh->cli->room = sh->room;
}

/* Run words (the command first), the current room inserted when the
 * command's ROOM is omitted. */
static int run_words(struct shell *sh, int n, char **words)
{
    struct cli *cli = sh->cli, saved = *cli;
    const struct cmd *cmd;
    char **argv;
    struct cmdline cl;
    int argc = 0, at, rc;

    cli->cmd = NULL;
    cmdline_scan(n, words, &cl);
    if (cl.cmd_at < 0)
        return cli_error(cli, EXIT_USAGE, NULL, NULL, "no command given");
    if (!(cmd = cl.cmd))
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "'%s' is not a command; see 'help'", words[cl.cmd_at]);
    if (!(argv = calloc((size_t)n + 2, sizeof(char *))))
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    at = sh->room && cmdline_room_omitted(&cl)
             ? (cl.first_pos >= 0 ? cl.first_pos : n)
             : -1;
    /* Every word but the command's, global options included. */
    for (int i = 0; i <= n; i++) {
        if (i == at)
            argv[argc++] = sh->room;
        if (i < n && i != cl.cmd_at)
            argv[argc++] = words[i];
    }
    rc = cli_run(cli, cmd, argc, argv);
    /* Options on a line hold for that line only, and so does ^C. */
    cli_interrupt_clear();
    saved.priv = cli->priv;
    saved.room = sh->room;
    *cli = saved;
    if (cmd->flags & CMD_CONN)
        complete_forget();
    free(argv);
    return rc;
}

int shell_line(struct shell *sh, const char *line)
{
    int n, rc;
    char **words, q;

    rc = shell_split(line, &n, &words, &q);
    if (rc == -2)
        return cli_error(sh->cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    if (rc == -1) {
        shell_words_free(n, words);
        return cli_error(sh->cli, EXIT_USAGE, NULL, NULL,
                         "unterminated %c quote", q);
    }
    rc = n > 0 ? run_words(sh, n, words) : EXIT_OK;
    shell_words_free(n, words);
    fflush(stdout);
    return rc;
}

int shell_script(struct shell *sh, FILE *fp, const char *name)
{
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    int rc, last = EXIT_OK;

    while (getline(&line, &cap, fp) >= 0) {
        lineno++;
        rc = shell_line(sh, line);
        if (rc == EXIT_OK)
            continue;
        last = rc;
        if (!sh->keep_going) {
            sh->cli->cmd = NULL;
            cli_error(sh->cli, rc, NULL, NULL,
                      "%s:%ld: stopped after a failed command (exit %d)", name,
                      lineno, rc);
            break;
        }
    }
    free(line);
    return last;
}
