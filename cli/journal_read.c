/* SPDX-License-Identifier: MIT */
/*
 * journal_read.c - the journal read back (a file anyone with the account
 * may have edited: a line that is not an entry is skipped with a
 * warning), times as the user writes them, and the before-states that
 * need the server: live affiliations, a room about to be destroyed.
 */
#define _GNU_SOURCE /* timegm */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "server/xutil.h"
#include "journal.h"
#include "rooms.h"
#include "session.h"

/* Longer lines are not ours: a destroy's snapshot of a big room is well
 * below this. */
#define LINE_MAX_BYTES (8u << 20)

static const char *const changes[] = { "affiliation", "config",  "subject",
                                       "create",      "destroy", NULL };

static bool known_change(const char *c)
{
    for (size_t i = 0; c && changes[i]; i++)
        if (!strcmp(changes[i], c))
            return true;
    return false;
}

time_t journal_parse_time(const char *s, time_t now)
{
    struct tm tm = { 0 };
    const char *end;
    char *e;

    if (isdigit((unsigned char)s[0])) {
        unsigned long n = strtoul(s, &e, 10);
        static const struct {
            char unit;
            long secs;
        } units[] = {
            { 's', 1 },     { 'm', 60 },     { 'h', 3600 },
            { 'd', 86400 }, { 'w', 604800 },
        };
        for (size_t i = 0; e != s && e[0] && !e[1] && i < 5; i++)
            if (*e == units[i].unit && n < 100000000ul / 1000)
                return now - (time_t)n * units[i].secs;
    }
    if ((end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) && *end == 'Z' && !end[1])
        return timegm(&tm);
    memset(&tm, 0, sizeof(tm));
    if ((end = strptime(s, "%Y-%m-%d", &tm)) && !*end)
        return timegm(&tm);
    return -1;
}

/* An entry line: its fields checked, so that nothing later trips. */
static bool entry_ok(const struct jv *v)
{
    const struct jv *c = jv_get(v, "changes");

    if (!jv_str(v, "id") || !jv_str(v, "time") || !c || c->type != JV_ARR)
        return false;
    for (size_t i = 0; i < c->n; i++)
        if (c->items[i].type != JV_OBJ || !jv_str(&c->items[i], "room") ||
            !known_change(jv_str(&c->items[i], "change")))
            return false;
    return true;
}

static struct jentry *find(struct jentry *e, size_t n, const char *id)
{
    for (size_t i = n; i-- > 0;)
        if (!strcmp(e[i].id, id))
            return &e[i];
    return NULL;
}

/* One line into the entries (a completion updates its entry's state). */
static bool take(struct jentry **e, size_t *n, size_t *cap, struct jv *v)
{
    const char *id = jv_str(v, "id"), *state = jv_str(v, "state");
    struct jentry *x;

    if (v->type != JV_OBJ || !id || !state)
        return false;
    if (!jv_get(v, "changes")) {
        if (!(x = find(*e, *n, id)))
            return false;
        free(x->state);
        x->state = strdup(state);
        jv_free(v);
        return true;
    }
    if (!entry_ok(v) || find(*e, *n, id))
        return false;
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        if (!(*e = realloc(*e, *cap * sizeof(**e))))
            out_of_memory();
    }
    x = &(*e)[(*n)++];
    memset(x, 0, sizeof(*x));
    x->v = v;
    x->id = strdup(id);
    x->time = strdup(jv_str(v, "time"));
    x->state = strdup(state);
    x->command = strdup(jv_str(v, "command") ? jv_str(v, "command") : "");
    x->account = strdup(jv_str(v, "account") ? jv_str(v, "account") : "");
    x->changes = jv_get(v, "changes");
    x->when = journal_parse_time(x->time, 0);
    if (!x->id || !x->time || !x->state || !x->command || !x->account)
        out_of_memory();
    return true;
}

int journal_load(struct cli *cli, struct jentry **out, size_t *n)
{
    char *path = journal_path(), *line = NULL;
    size_t cap = 0, lcap = 0;
    unsigned long lineno = 0;
    ssize_t len;
    FILE *fp;

    *out = NULL;
    *n = 0;
    if (!path)
        return cli_error(cli, EXIT_CONFIG, NULL, "journal", "no journal: %s",
                         errno == ENOENT ? "neither XDG_STATE_HOME nor HOME "
                                           "is set"
                                         : strerror(errno));
    if (!(fp = fopen(path, "re"))) {
        int rc = errno == ENOENT ? EXIT_OK
                                 : cli_error(cli, EXIT_CONFIG, NULL, "journal",
                                             "%s: %s", path, strerror(errno));
        free(path);
        return rc;
    }
    while ((len = getline(&line, &lcap, fp)) >= 0) {
        struct jv *v = NULL;
        lineno++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (len == 0)
            continue;
        if ((size_t)len <= LINE_MAX_BYTES)
            v = jv_parse(line, (size_t)len);
        if (!v || !take(out, n, &cap, v)) {
            jv_free(v);
            cli_error(cli, 0, NULL, "journal",
                      "warning: %s:%lu: not a "
                      "journal entry: skipped",
                      path, lineno);
        }
    }
    free(line);
    fclose(fp);
    free(path);
    return EXIT_OK;
}

void journal_entries_free(struct jentry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].id);
        free(e[i].time);
        free(e[i].state);
        free(e[i].command);
        free(e[i].account);
        jv_free(e[i].v);
    }
    free(e);
}

mucadmin_status_t journal_read_affs(mucadmin_session_t *s, const char *room,
                                    const char *const *jids, size_t n,
                                    int *affs)
{
    mucadmin_reads_t *r = mucadmin_reads_new();
    size_t idx[RL_N];
    mucadmin_status_t st;

    if (!r)
        return MUCADMIN_E_NOMEM;
    for (int li = 0; li < RL_N; li++)
        idx[li] = mucadmin_reads_add_list(r, room, rooms_list_aff(li));
    st = mucadmin_reads_run(s, r);
    for (size_t i = 0; i < n; i++)
        affs[i] = MUCADMIN_AFF_NONE;
    for (int li = 0; st == MUCADMIN_OK && li < RL_N; li++) {
        const mucadmin_list_t *l = mucadmin_reads_list(r, idx[li]);
        for (size_t i = 0; i < n; i++) {
            if (mucadmin_reads_status(r, idx[li]) != MUCADMIN_OK) {
                /* A list we may not read: unknown, unless found on
                 * another. */
                if (affs[i] == MUCADMIN_AFF_NONE)
                    affs[i] = -1;
                continue;
            }
            for (size_t k = 0; k < mucadmin_list_count(l); k++)
                if (mucadmin_list_jid(l, k) &&
                    !strcasecmp(mucadmin_list_jid(l, k), jids[i]))
                    affs[i] = rooms_list_aff(li);
        }
    }
    mucadmin_reads_free(r);
    return st;
}

int journal_snapshot(struct cli *cli, mucadmin_session_t *s, const char *room,
                     char **json)
{
    struct cli quiet = *cli;
    char *yaml = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&yaml, &len);
    int rc;

    *json = NULL;
    if (!fp)
        out_of_memory();
    /* The export's own format, whatever --json says. */
    quiet.json = false;
    rc = rooms_export(&quiet, s, &room, 1, false, fp);
    fclose(fp);
    if (rc == EXIT_OK) {
        char *str = journal_str(yaml);
        if (asprintf(json, "{\"rooms_file\":%s}", str) < 0)
            out_of_memory();
        free(str);
    }
    free(yaml);
    return rc;
}
