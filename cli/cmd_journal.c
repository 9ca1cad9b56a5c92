/* SPDX-License-Identifier: MIT */
/*
 * cmd_journal.c - log (the journal's entries, newest last) and undo (an
 * entry's way back, planned and shown as apply shows a plan, asked, then
 * applied: itself a journal entry).
 */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "server/xutil.h"
#include "output.h"
#include "session.h"
#include "undo.h"

/* Whether room (a JID) is arg: a JID, or a room name (its localpart). */
static bool room_is(const char *room, const char *arg)
{
    size_t n = strcspn(room, "@");

    if (strchr(arg, '@'))
        return !strcasecmp(room, arg);
    return strlen(arg) == n && !strncasecmp(room, arg, n);
}

static bool entry_has_room(const struct jentry *e, const char *arg)
{
    for (size_t i = 0; i < e->changes->n; i++)
        if (room_is(jv_str(&e->changes->items[i], "room"), arg))
            return true;
    return false;
}

/* "team@conference.localhost +2" and "config, affiliation". */
static void summary(const struct jentry *e, char **rooms, char **changes)
{
    const struct jv *c = e->changes;
    size_t nrooms = 0, len = 0;
    FILE *fp = open_memstream(changes, &len);

    if (!fp)
        out_of_memory();
    for (size_t i = 0; i < c->n; i++) {
        const char *kind = jv_str(&c->items[i], "change");
        bool seen = false, room_seen = false;
        for (size_t k = 0; k < i; k++) {
            seen |= !strcmp(jv_str(&c->items[k], "change"), kind);
            room_seen |= !strcasecmp(jv_str(&c->items[k], "room"),
                                     jv_str(&c->items[i], "room"));
        }
        if (!seen)
            fprintf(fp, "%s%s", ftell(fp) ? ", " : "", kind);
        nrooms += !room_seen;
    }
    fclose(fp);
    if (c->n == 0)
        *rooms = strdup("");
    else if (nrooms > 1 &&
             asprintf(rooms, "%s +%zu", jv_str(&c->items[0], "room"),
                      nrooms - 1) < 0)
        out_of_memory();
    else if (nrooms <= 1)
        *rooms = strdup(jv_str(&c->items[0], "room"));
}

int cmd_log(struct cli *cli, const struct cmd_args *a)
{
    const char *room = args_opt(a, "room"), *since = args_opt(a, "since");
    time_t from = since ? journal_parse_time(since, time(NULL)) : 0;
    struct jentry *e;
    size_t n, shown = 0;
    int rc;

    if (from < 0)
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "--since '%s' is not "
                         "a time (2026-12-02T10:00:00Z, 2026-12-02, 30m, "
                         "2h, 3d)",
                         since);
    if ((rc = journal_load(cli, &e, &n)))
        return rc;
    if (cli->json)
        fputc('[', stdout);
    struct out *o = cli->json ? NULL : out_new(cli);
    if (o)
        out_table(o, NULL);
    for (size_t i = 0; i < n; i++) {
        char *rooms = NULL, *changes = NULL;
        if ((room && !entry_has_room(&e[i], room)) || e[i].when < from)
            continue;
        if (cli->json) {
            /* The line as recorded, with its state now. */
            fputs(shown ? ",{" : "{", stdout);
            fputs("\"state\":", stdout);
            json_string(stdout, e[i].state);
            for (size_t k = 0; k < e[i].v->n; k++) {
                if (!strcmp(e[i].v->keys[k], "state"))
                    continue;
                fputc(',', stdout);
                json_string(stdout, e[i].v->keys[k]);
                fputc(':', stdout);
                jv_write(&e[i].v->items[k], stdout);
            }
            fputc('}', stdout);
            shown++;
            continue;
        }
        summary(&e[i], &rooms, &changes);
        out_record(o, NULL);
        out_str(o, "id", e[i].id);
        out_str(o, "time", e[i].time);
        out_str(o, "state", e[i].state);
        out_str(o, "rooms", rooms);
        out_str(o, "changes", changes);
        out_str(o, "command", e[i].command);
        out_end(o);
        free(rooms);
        free(changes);
        shown++;
    }
    if (o) {
        out_end(o);
        out_free(o);
    } else {
        fputs("]\n", stdout);
    }
    journal_entries_free(e, n);
    return EXIT_OK;
}

/* The plan of every room of u, appended to plan (destroying the rooms
 * the entry created, while they exist). */
static int undo_plan(struct cli *cli, mucadmin_session_t *s, struct undo *u,
                     const char *id, struct rooms_plan *plan)
{
    char *reason = NULL;
    int rc = EXIT_OK;

    if (asprintf(&reason, "undo of journal entry %s", id) < 0)
        out_of_memory();
    for (size_t i = 0; rc == EXIT_OK && i < u->n; i++) {
        struct undo_room *ur = &u->rooms[i];
        size_t first = plan->n;
        mucadmin_status_t st;
        if (ur->destroy) {
            mucadmin_info_t *info = NULL;
            st = mucadmin_room_info_get(s, ur->r.jid, &info);
            mucadmin_info_free(info);
            if (st == MUCADMIN_OK)
                rooms_plan_add(plan, ACT_DESTROY, ur->r.jid, NULL)->reason =
                    strdup(reason);
            else if (st != MUCADMIN_E_STANZA)
                rc = cli_fail(cli, s, ur->r.jid, st);
            continue;
        }
        st = rooms_plan_room(cli, s, &ur->r, ur->r.jid, false, plan);
        if (st != MUCADMIN_OK)
            rc = cli_fail(cli, s, ur->r.jid, st);
        for (size_t k = first; k < plan->n; k++)
            plan->acts[k].src = &ur->r;
    }
    for (size_t i = 0; rc == EXIT_OK && i < plan->nwarn + u->nwarn; i++) {
        const char *w = i < plan->nwarn ? plan->warn[i]
                                        : u->warn[i - plan->nwarn];
        cli_error(cli, EXIT_OK, NULL, NULL, "%.*s: warning: %s",
                  (int)strcspn(w, "\t"), w, strchr(w, '\t') + 1);
    }
    free(reason);
    return rc;
}

int undo_run(struct cli *cli, mucadmin_session_t *s, struct undo *u,
             const char *id, bool dry_run, bool ask)
{
    struct rooms_plan plan = { .recreate_gone = true };
    size_t destroys = 0;
    int rc = undo_plan(cli, s, u, id, &plan);

    for (size_t i = 0; i < plan.n; i++)
        destroys += plan.acts[i].kind == ACT_DESTROY;
    if (rc == EXIT_OK && (dry_run || plan.n == 0)) {
        rooms_plan_print(cli, &plan, false);
    } else if (rc == EXIT_OK) {
        if (ask && !cli->yes && !cli->json)
            rooms_plan_print(cli, &plan, false);
        if (ask)
            rc = cli_confirm(cli, NULL,
                             "Undo journal entry %s: %zu change%s%s?", id,
                             plan.n, plan.n == 1 ? "" : "s",
                             destroys ? ", destroying the rooms it created"
                                      : "");
        if (rc == EXIT_OK) {
            rc = rooms_apply(cli, s, NULL, &plan);
            rooms_plan_print(cli, &plan, true);
            rooms_report(cli, &plan);
        }
    }
    rooms_plan_free(&plan);
    return rc;
}

/* An entry made as another account (or on another server) is undone as
 * this one: said, since the rooms may not be the same. */
static void warn_account(struct cli *cli, mucadmin_session_t *s,
                         const struct jentry *e)
{
    const char *was = jv_str(e->v, "jid"), *now = mucadmin_session_bound_jid(s);
    size_t n = now ? strcspn(now, "/") : 0;

    if (was && *was && now && (strlen(was) != n || strncasecmp(was, now, n)))
        cli_error(cli, 0, NULL, "journal",
                  "warning: entry %s was made as "
                  "%s, undone now as %.*s",
                  e->id, was, (int)n, now);
}

int cmd_undo(struct cli *cli, const struct cmd_args *a)
{
    bool last = args_opt(a, "last") != NULL;
    const struct jentry *pick = NULL;
    mucadmin_session_t *s;
    struct jentry *e;
    struct undo u;
    char *err = NULL;
    size_t n;
    int rc;

    if (last == (a->argc == 1))
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "usage: mucadmin undo ID|--last [--dry-run]");
    if ((rc = journal_load(cli, &e, &n)))
        return rc;
    for (size_t i = n; !pick && i-- > 0;)
        if (last || !strcasecmp(e[i].id, a->argv[0]))
            pick = &e[i];
    if (!pick) {
        rc = cli_error(cli, EXIT_USAGE, NULL, "no-entry",
                       last
                           ? "the journal has no entries"
                           : "the journal has no entry '%s' (see mucadmin log)",
                       last ? "" : a->argv[0]);
    } else if (undo_build(pick, NULL, &u, &err) < 0) {
        rc = cli_error(cli, EXIT_USAGE, NULL, "journal", "%s", err);
        free(err);
    } else {
        if ((rc = cli_connect(cli, &s)) == EXIT_OK)
            warn_account(cli, s, pick);
        if (rc == EXIT_OK)
            rc = undo_run(cli, s, &u, pick->id, args_opt(a, "dry-run"), true);
        undo_free(&u);
    }
    journal_entries_free(e, n);
    return rc;
}
