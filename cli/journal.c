/* SPDX-License-Identifier: MIT */
/*
 * journal.c - writing the journal: one JSON object a line, appended under
 * an exclusive lock to a private file.  An entry's line is written
 * before the change is sent ("pending"), and a second line with its id
 * completes it: the file is never rewritten, so a crash leaves at worst
 * a pending entry, never an unrecorded change.
 */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "server/xutil.h"
#include "fields.h"
#include "journal.h"
#include "output.h"
#include "session.h"

struct jchange {
    char *room, *change, *before, *after;
};

struct journal {
    char id[16];
    struct jchange *c;
    size_t n, cap;
    bool written;
};

static char *command_line;
static char command_op[32];

bool journal_secret_var(const char *var)
{
    const char *p = strrchr(var, '_');
    return strstr(var, "roomsecret") || !strcmp(var, "password") ||
           (p && !strcmp(p, "_password"));
}

/* An argument as a shell would read it back, secrets replaced. */
static void put_arg(FILE *fp, const char *arg, bool secret)
{
    const char *eq = strchr(arg, '=');
    char *name = eq ? strndup(arg, (size_t)(eq - arg)) : NULL;
    const char *var = name ? mucadmin_form_resolve(NULL,
                                                   name +
                                                       (name[0] == '-' ? 2 : 0))
                           : NULL;

    fputc(' ', fp);
    if (secret || (var && journal_secret_var(var)) ||
        (name && !strcmp(name, "--venue-password"))) {
        if (eq)
            fprintf(fp, "%.*s=", (int)(eq - arg), arg);
        fputs("********", fp);
    } else if (arg[0] && !arg[strcspn(arg, " \t\n'\"\\$`;&|<>()*?[]#~")]) {
        fputs(arg, fp);
    } else {
        fputc('\'', fp);
        for (const char *p = arg; *p; p++)
            fputs(*p == '\'' ? "'\\''" : (char[]){ *p, 0 }, fp);
        fputc('\'', fp);
    }
    free(name);
}

void journal_command(const struct cmd *cmd, int argc, char **argv)
{
    size_t len = 0;
    FILE *fp;

    free(command_line);
    command_line = NULL;
    journal_op(cmd ? cmd->name : "");
    if (!cmd || !(fp = open_memstream(&command_line, &len)))
        return;
    fprintf(fp, "mucadmin %s", cmd->name);
    for (int i = 0; i < argc; i++)
        put_arg(fp, argv[i], i > 0 && !strcmp(argv[i - 1], "--venue-password"));
    fclose(fp);
}

void journal_op(const char *op)
{
    snprintf(command_op, sizeof(command_op), "%s", op);
}

struct journal *journal_new(void)
{
    struct journal *j = calloc(1, sizeof(*j));
    unsigned char r[6];

    if (!j || getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
        out_of_memory();
    for (size_t i = 0; i < sizeof(r); i++)
        sprintf(j->id + 2 * i, "%02x", r[i]);
    return j;
}

void journal_free(struct journal *j)
{
    for (size_t i = 0; j && i < j->n; i++) {
        free(j->c[i].room);
        free(j->c[i].change);
        free(j->c[i].before);
        free(j->c[i].after);
    }
    if (j)
        free(j->c);
    free(j);
}

void journal_add(struct journal *j, const char *room, const char *change,
                 const char *before, const char *after)
{
    if (j->n == j->cap) {
        j->cap = j->cap ? 2 * j->cap : 8;
        if (!(j->c = realloc(j->c, j->cap * sizeof(*j->c))))
            out_of_memory();
    }
    j->c[j->n++] = (struct jchange){ xstrdup(room), xstrdup(change),
                                     xstrdup(before), xstrdup(after) };
}

size_t journal_count(const struct journal *j)
{
    return j ? j->n : 0;
}

char *journal_path(void)
{
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char *dir = NULL, *path = NULL;

    if (state && state[0] == '/')
        (void)!asprintf(&dir, "%s/mucadmin", state);
    else if (home && home[0] == '/')
        (void)!asprintf(&dir, "%s/.local/state/mucadmin", home);
    else
        errno = ENOENT;
    if (!dir)
        return NULL;
    for (char *p = strchr(dir + 1, '/'); p; p = strchr(p + 1, '/')) {
        *p = '\0';
        int r = mkdir(dir, 0700);
        *p = '/';
        if (r < 0 && errno != EEXIST)
            goto out;
    }
    if (mkdir(dir, 0700) == 0 || errno == EEXIST)
        (void)!asprintf(&path, "%s/journal", dir);
out:
    free(dir);
    return path;
}

/* Append line (with its newline) in one write, under an exclusive lock;
 * 0, or -1 with *why set. */
static int append(const char *line, size_t len, const char **why, char **where)
{
    int fd, rc = -1;

    *where = journal_path();
    if (!*where) {
        *why = errno == ENOENT ? "neither XDG_STATE_HOME nor HOME is set"
                               : strerror(errno);
        return -1;
    }
    fd = open(*where, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
              0600);
    if (fd < 0 || fchmod(fd, 0600) < 0 || flock(fd, LOCK_EX) < 0)
        goto out;
    for (size_t off = 0; off < len;) {
        ssize_t w = write(fd, line + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            goto out;
        off += (size_t)w;
    }
    rc = 0;
out:
    if (rc)
        *why = strerror(errno ? errno : EIO);
    if (fd >= 0)
        close(fd);
    return rc;
}

static void now_iso(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
}

static void put_json(FILE *fp, const char *json)
{
    fputs(json ? json : "null", fp);
}

int journal_begin(struct cli *cli, mucadmin_session_t *s, struct journal *j)
{
    const char *bound = s ? mucadmin_session_bound_jid(s) : NULL, *why = NULL;
    char *line = NULL, *where = NULL, when[32], *acct = NULL;
    size_t len = 0;
    FILE *fp;
    int rc;

    if (!j->n)
        return EXIT_OK;
    if (!(fp = open_memstream(&line, &len)))
        out_of_memory();
    now_iso(when);
    if (bound)
        acct = strndup(bound, strcspn(bound, "/"));
    fprintf(fp,
            "{\"id\":\"%s\",\"time\":\"%s\",\"state\":\"pending\","
            "\"account\":",
            j->id, when);
    json_string(fp, cli->account ? cli->account : acct ? acct : "");
    fputs(",\"jid\":", fp);
    json_string(fp, acct ? acct : "");
    fputs(",\"server\":", fp);
    json_string(fp, cli->server                 ? cli->server
                    : acct && strchr(acct, '@') ? strchr(acct, '@') + 1
                                                : "");
    fputs(",\"op\":", fp);
    json_string(fp, command_op);
    fputs(",\"command\":", fp);
    json_string(fp, command_line ? command_line : "");
    fputs(",\"changes\":[", fp);
    for (size_t i = 0; i < j->n; i++) {
        fprintf(fp, "%s{\"room\":", i ? "," : "");
        json_string(fp, j->c[i].room);
        fputs(",\"change\":", fp);
        json_string(fp, j->c[i].change);
        fputs(",\"before\":", fp);
        put_json(fp, j->c[i].before);
        fputs(",\"after\":", fp);
        put_json(fp, j->c[i].after);
        fputc('}', fp);
    }
    fputs("]}\n", fp);
    fclose(fp);
    free(acct);
    rc = append(line, len, &why, &where);
    free(line);
    if (rc == 0) {
        j->written = true;
        free(where);
        return EXIT_OK;
    }
    rc = cli_error(cli, EXIT_CONFIG, NULL, "journal",
                   "cannot record the change in %s: %s (nothing was sent)",
                   where ? where : "the journal", why);
    free(where);
    return rc;
}

void journal_end(struct cli *cli, struct journal *j, int rc, bool some)
{
    const char *state = rc == EXIT_OK ? "done" : some ? "partial" : "failed";
    char line[128], when[32], *where = NULL;
    const char *why;

    if (j && j->written) {
        now_iso(when);
        snprintf(line, sizeof(line),
                 "{\"id\":\"%s\",\"time\":\"%s\",\"state\":\"%s\"}\n", j->id,
                 when, state);
        if (append(line, strlen(line), &why, &where) < 0)
            cli_error(cli, 0, NULL, "journal",
                      "warning: cannot complete "
                      "entry %s in %s: %s (it stays pending)",
                      j->id, where ? where : "the journal", why);
        free(where);
    }
    journal_free(j);
}

/* ---- values ---- */

/* The text a memstream made: *buf is only set once it is closed. */
static char *finish(FILE *fp, char **buf)
{
    if (fclose(fp) != 0 || !*buf)
        out_of_memory();
    return *buf;
}

char *journal_str(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    if (!fp)
        out_of_memory();
    if (s)
        json_string(fp, s);
    else
        fputs("null", fp);
    return finish(fp, &buf);
}

/* As journal_fields(): a JID is never one of the secret vars. */
char *journal_affs(const char *const *jids, const int *affs, size_t n)
{
    const char **names = calloc(n ? n : 1, sizeof(*names));
    char *json;

    if (!names)
        out_of_memory();
    for (size_t i = 0; i < n; i++)
        names[i] = affs[i] < 0 ? NULL
                               : mucadmin_affiliation_name(
                                     (mucadmin_affiliation_t)affs[i]);
    json = journal_fields(jids, names, n);
    free(names);
    return json;
}

char *journal_fields(const char *const *vars, const char *const *values,
                     size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    if (!fp)
        out_of_memory();
    fputc('{', fp);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? "," : "", fp);
        json_string(fp, vars[i]);
        fputc(':', fp);
        if (!values[i] || journal_secret_var(vars[i]))
            fputs("null", fp);
        else
            json_string(fp, values[i]);
    }
    fputc('}', fp);
    return finish(fp, &buf);
}

char *journal_form_fields(const mucadmin_form_t *form, const char *const *vars,
                          size_t n)
{
    char **values = calloc(n + 1, sizeof(*values)), *json;

    if (!values)
        out_of_memory();
    for (size_t i = 0; i < n; i++) {
        int k = mucadmin_form_find(form, vars[i]);
        size_t nv = k >= 0 ? mucadmin_form_field_value_count(form, (size_t)k)
                           : 0;
        char *v = NULL;
        size_t len = 0;
        FILE *fp;
        if (k < 0 || mucadmin_form_field_type(form, (size_t)k) ==
                         MUCADMIN_FIELD_TEXT_PRIVATE)
            continue;
        if (!(fp = open_memstream(&v, &len)))
            out_of_memory();
        for (size_t j = 0; j < nv; j++)
            fprintf(fp, "%s%s", j ? "\n" : "",
                    mucadmin_form_field_value(form, (size_t)k, j));
        /* A boolean without a value is false (XEP-0004). */
        if (!nv &&
            mucadmin_form_field_type(form, (size_t)k) == MUCADMIN_FIELD_BOOLEAN)
            fputc('0', fp);
        values[i] = finish(fp, &v);
    }
    json = journal_fields(vars, (const char *const *)values, n);
    for (size_t i = 0; i < n; i++)
        free(values[i]);
    free(values);
    return json;
}
