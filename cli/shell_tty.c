/* SPDX-License-Identifier: MIT */
/*
 * shell_tty.c - the interactive shell: readline's callback interface in a
 * poll() loop on the terminal and the session's socket
 * (mucadmin_session_fd), so that server events (kicked, room destroyed,
 * connection lost) are shown as they come, between prompts, and Ctrl-C
 * can cancel the request in flight; Tab completion from complete.c;
 * history without secrets.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "account.h"
#include "complete.h"
#include "output.h"
#include "session.h"
#include "shell.h"

static struct shell *sh;
static volatile sig_atomic_t interrupted, running;
static char *pending; /* a line readline gave us */
static bool eof;
static char *hist_path;
static char *notices; /* events to show between prompts */
static mucadmin_session_t *watched;

static void on_sigint(int sig)
{
    mucadmin_session_t *s = cli_session(sh->cli);

    (void)sig;
    interrupted = 1;
    if (running) {
        /* The terminal echoed ^C; the error goes on the next line. */
        (void)!write(STDOUT_FILENO, "\n", 1);
        if (s)
            mucadmin_session_cancel(s);
    }
}

static void notice(const char *fmt, const char *a, const char *b)
{
    char *line = NULL, *all = NULL, *safe;

    if (asprintf(&line, fmt, a ? a : "", b ? b : "") < 0)
        return;
    safe = term_safe(line, false); /* rooms, nicks, subjects: the server's */
    if (asprintf(&all, "%s%s\n", notices ? notices : "", safe) >= 0) {
        free(notices);
        notices = all;
    }
    free(safe);
    free(line);
}

/* "kicked out of the room by ACTOR (reason: ...); alternate room: V" */
static void removed(const char *room, const char *what, const char *text)
{
    const char *a = mucadmin_event_actor(watched);
    const char *v = mucadmin_event_venue(watched);
    char *line = NULL;

    /* notice() makes the whole line safe for the terminal. */
    if (asprintf(&line, "%s%s%s%s%s%s%s%s", what, a ? " by " : "", a ? a : "",
                 text ? " (reason: " : "", text ? text : "", text ? ")" : "",
                 v ? "; alternate room: " : "", v ? v : "") >= 0)
        notice("mucadmin: %s: %s", room, line);
    free(line);
}

static void on_event(void *ud, mucadmin_event_t ev, const char *room,
                     const char *text)
{
    (void)ud;
    switch (ev) {
    case MUCADMIN_EVENT_DISCONNECTED:
        sh->lost = true;
        notice("mucadmin: connection lost%s%s; the next command reconnects",
               text ? ": " : "", text);
        break;
    case MUCADMIN_EVENT_KICKED:
        removed(room, "kicked out of the room", text);
        break;
    case MUCADMIN_EVENT_BANNED:
        removed(room, "banned from the room", text);
        break;
    case MUCADMIN_EVENT_DESTROYED:
        removed(room, "the room was destroyed", text);
        break;
    case MUCADMIN_EVENT_MESSAGE:
        notice("mucadmin: %s: message: %s", room, text);
        break;
    }
}

/* Follow the session the commands use (it is made on first use). */
static void watch(void)
{
    mucadmin_session_t *s = cli_session(sh->cli);

    if (s && s != watched) {
        mucadmin_session_set_event_callback(s, on_event, NULL);
        watched = s;
    }
}

/* Print queued notices above the line being edited. */
static void flush_notices(bool editing)
{
    if (!notices)
        return;
    if (editing)
        fputs("\r\033[K", stdout);
    fputs(notices, stdout);
    fflush(stdout);
    free(notices);
    notices = NULL;
    if (editing) {
        rl_on_new_line();
        rl_redisplay();
    }
}

static char *prompt(void)
{
    const struct account *acct = NULL;
    const char *who = sh->cli->jid;
    char *p;

    if (!who && cli_account(sh->cli, &acct) == EXIT_OK)
        who = acct->jid;
    if (asprintf(&p, "mucadmin%s%s%s%s> ", who ? " " : "", who ? who : "",
                 sh->room ? " " : "", sh->room ? sh->room : "") < 0)
        return NULL;
    return p;
}

static char *hist_file(void)
{
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char *dir = NULL, *path = NULL;

    if (state && state[0] == '/')
        (void)!asprintf(&dir, "%s/mucadmin", state);
    else if (home)
        (void)!asprintf(&dir, "%s/.local/state/mucadmin", home);
    if (!dir)
        return NULL;
    /* mkdir -p, private: the history says which rooms one administers. */
    for (char *s = strchr(dir + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        mkdir(dir, 0700);
        *s = '/';
    }
    mkdir(dir, 0700);
    if (asprintf(&path, "%s/history", dir) < 0)
        path = NULL;
    free(dir);
    return path;
}

/* Keep line in the history unless it carries secrets. */
static void remember(const char *line, int n, char **words)
{
    HIST_ENTRY *last = history_get(history_base + history_length - 1);
    int fd;

    if (n == 0 || shell_sensitive(n, words) ||
        (last && !strcmp(last->line, line)))
        return;
    add_history(line);
    if (!hist_path)
        return;
    fd = open(hist_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0)
        close(fd);
    append_history(1, hist_path);
}

static void on_line(char *line)
{
    if (!line)
        eof = true;
    else
        pending = line;
    rl_callback_handler_remove();
}

static void run_line(char *line)
{
    struct cmdline cl;
    char **words, q;
    int n;

    if (shell_split(line, &n, &words, &q) == -2)
        return;
    remember(line, n, words);
    cmdline_scan(n, words, &cl);
    shell_words_free(n, words);
    if (sh->lost && cl.cmd && (cl.cmd->flags & CMD_CONN)) {
        mucadmin_session_t *s = cli_session(sh->cli);
        /* (A Tab that needed the server may have reconnected already.) */
        if (!s || !mucadmin_session_is_connected(s))
            fprintf(stderr, "mucadmin: reconnecting\n");
        sh->lost = false;
    }
    running = 1;
    if (interrupted) {
        /* Ctrl-C came between Enter and now: the line never starts. */
        fprintf(stderr, "mucadmin: cancelled\n");
        running = 0;
        interrupted = 0;
        return;
    }
    shell_line(sh, line);
    running = 0;
    interrupted = 0;
    clearerr(stdin); /* a confirmation read may have been interrupted */
    watch();
    flush_notices(false);
}

/* Tab: the words up to the cursor, completed by complete.c. */
static struct completions matches;
static size_t match_next;

static char *next_match(const char *text, int state)
{
    (void)text;
    if (state == 0)
        match_next = 0;
    return match_next < matches.n ? strdup(matches.word[match_next++]) : NULL;
}

static char **attempt(const char *text, int start, int end)
{
    char *upto = strndup(rl_line_buffer, (size_t)end), **words = NULL, q;
    int n = 0, mode;

    (void)start;
    rl_attempted_completion_over = 1;
    if (!upto || shell_split(upto, &n, &words, &q) == -2) {
        free(upto);
        return NULL;
    }
    /* After a blank (outside quotes) a new, empty word begins. */
    if (!q && (end == 0 || strchr(" \t", upto[end - 1]))) {
        char **w = realloc(words, sizeof(char *) * (size_t)(n + 2));
        if (w && (w[n] = strdup(""))) {
            w[++n] = NULL;
        }
        words = w ? w : words;
    }
    free(upto);
    completions_free(&matches);
    mode = cli_session(sh->cli) || complete_may_connect(sh->cli)
               ? COMPLETE_SERVER
               : COMPLETE_LOCAL;
    running = 1; /* Ctrl-C cancels a slow server answer (and the line) */
    if (n > 0)
        complete_words(sh->cli, n, words, mode, &matches);
    running = 0;
    shell_words_free(n, words);
    watch();
    if (!matches.n && matches.why) {
        /* Why nothing is offered, above the line being edited. */
        notice("%s%s", matches.why, NULL);
        flush_notices(true);
    }
    rl_completion_append_character = matches.nospace ? '\0' : ' ';
    return matches.n ? rl_completion_matches(text, next_match) : NULL;
}

/* ---- a command's questions (shell_ask) ---- */
static const char *const *ask_choices;
static bool ask_words; /* several words: a space after each completed */
static char *ask_line;
static bool ask_done;

static void on_answer(char *line)
{
    ask_line = line; /* NULL: Ctrl-D on an empty line */
    ask_done = true;
    rl_callback_handler_remove();
}

static char *ask_next(const char *text, int state)
{
    static size_t i;
    size_t len = strlen(text);

    if (state == 0)
        i = 0;
    for (; ask_choices && ask_choices[i]; i++)
        if (!strncmp(ask_choices[i], text, len))
            return strdup(ask_choices[i++]);
    return NULL;
}

static char **ask_attempt(const char *text, int start, int end)
{
    (void)start;
    (void)end;
    rl_attempted_completion_over = 1;
    rl_completion_append_character = ask_words ? ' ' : '\0';
    return ask_choices ? rl_completion_matches(text, ask_next) : NULL;
}

/* A private answer: nothing of it on the screen (the prompt is printed
 * before readline starts). */
static void show_nothing(void)
{
}

bool shell_can_ask(void)
{
    return shell_current && shell_current->interactive && sh == shell_current;
}

int shell_ask(const char *prompt, const char *const *choices, bool words,
              bool private, char **line)
{
    rl_completion_func_t *completer = rl_attempted_completion_function;
    rl_voidfunc_t *display = rl_redisplay_function;
    const char *breaks = rl_completer_word_break_characters;
    const char *quotes = rl_completer_quote_characters;
    int was_running = running;

    *line = NULL;
    /* ^C now cancels the question, not a request (none is in flight). */
    running = 0;
    interrupted = 0;
    ask_done = false;
    ask_line = NULL;
    ask_choices = choices;
    ask_words = words;
    rl_attempted_completion_function = ask_attempt;
    rl_completer_word_break_characters = words ? " \t" : "";
    rl_completer_quote_characters = words ? "\"'" : NULL;
    if (private) {
        fputs(prompt, stdout);
        fflush(stdout);
        rl_redisplay_function = show_nothing;
    }
    rl_callback_handler_install(private ? "" : prompt, on_answer);
    while (!ask_done && !interrupted) {
        struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
        if (poll(&p, 1, -1) > 0 && !interrupted)
            rl_callback_read_char();
    }
    if (!ask_done) { /* Ctrl-C; readline's goodbye moves to column 0 */
        fputs("^C\n", stdout);
        fflush(stdout);
        rl_free_line_state();
        rl_callback_sigcleanup();
        rl_callback_handler_remove();
    } else if (ask_line && private) {
        fputs("\n", stdout); /* the Enter was not echoed either */
    } else if (!ask_line) {
        /* Ctrl-D: readline ended the line itself, and would again after
         * the shell's next line while this stays set. */
        rl_eof_found = 0;
    }
    fflush(stdout);
    rl_redisplay_function = display;
    rl_attempted_completion_function = completer;
    rl_completer_word_break_characters = breaks;
    rl_completer_quote_characters = quotes;
    ask_choices = NULL;
    interrupted = 0;
    running = was_running;
    if (!ask_done || !ask_line)
        return -1;
    *line = ask_line;
    ask_line = NULL;
    return 0;
}

static void setup_readline(void)
{
    rl_readline_name = "mucadmin";
    rl_catch_signals = 0;
    rl_completer_word_break_characters = " \t";
    rl_completer_quote_characters = "\"'";
    rl_attempted_completion_function = attempt;
    using_history();
    hist_path = hist_file();
    if (hist_path)
        read_history(hist_path);
}

static void install(void)
{
    char *p = prompt();

    rl_callback_handler_install(p ? p : "mucadmin> ", on_line);
    free(p);
}

/* Ctrl-C at the prompt: drop the line, show a fresh prompt. */
static void cancel_line(void)
{
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_replace_line("", 0);
    rl_point = rl_end = 0;
    fputs("^C\n", stdout);
    rl_on_new_line();
    rl_redisplay();
}

/* Connect at once when an account is known, so that Tab can ask the
 * server and the password is asked for now rather than mid-line. */
static void connect_first(void)
{
    const struct account *acct;
    mucadmin_session_t *s;

    if (cli_account(sh->cli, &acct) != EXIT_OK || (!sh->cli->jid && !acct->jid))
        return;
    running = 1;
    if (interrupted) /* Ctrl-C already: do not start */
        fprintf(stderr, "mucadmin: cancelled\n");
    else
        cli_connect(sh->cli, &s);
    running = 0;
    interrupted = 0;
    watch();
}

int shell_interactive(struct shell *shell)
{
    struct sigaction sa = { .sa_handler = on_sigint }, old;

    sh = shell;
    sh->interactive = true;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old); /* no SA_RESTART: poll() wakes up */
    setup_readline();
    if (!sh->cli->quiet)
        printf("mucadmin %s shell: 'help' lists the commands, Tab completes, "
               "Ctrl-D leaves.\n",
               MUCADMIN_VERSION_STRING);
    connect_first();
    install();
    while (!eof) {
        mucadmin_session_t *s = cli_session(sh->cli);
        struct pollfd p[2] = {
            { .fd = STDIN_FILENO, .events = POLLIN },
            { .fd = s ? mucadmin_session_fd(s) : -1, .events = POLLIN },
        };
        int r = poll(p, 2, -1); /* poll ignores the -1 of no connection */
        if (interrupted) {
            interrupted = 0;
            cancel_line();
        } else if (r > 0) {
            if (p[1].revents) /* the server's events, between keys */
                mucadmin_session_process(s, 0);
            if (p[0].revents)
                rl_callback_read_char();
            flush_notices(true); /* what a Tab's request brought too */
        }
        if (pending) {
            run_line(pending);
            free(pending);
            pending = NULL;
            install();
        }
    }
    if (!sh->cli->quiet)
        putchar('\n');
    if (hist_path)
        history_truncate_file(hist_path, 1000);
    free(hist_path);
    completions_free(&matches);
    sigaction(SIGINT, &old, NULL);
    return EXIT_OK;
}
