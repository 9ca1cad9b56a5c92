/* SPDX-License-Identifier: MIT */
/*
 * cmd_lockdown.c - lockdown: rooms made moderated, members-only and closed
 * to invites in one step, as a rooms file applied (so the journal keeps
 * each field's previous value, for the rooms and fields it changed); and
 * lockdown --lift: each room's latest lockdown undone, which restores
 * exactly what was there before.
 */
#define _GNU_SOURCE /* asprintf */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/xutil.h"
#include "session.h"
#include "undo.h"

/* The fields (short names: cli/fields.c maps them to each server's var,
 * Prosody's member invites included) and the values that lock a room. */
static const struct {
    const char *name, *value;
} locked[] = {
    { "moderated", "yes" },
    { "membersonly", "yes" },
    { "allowinvites", "no" },
};
#define N_LOCKED (sizeof(locked) / sizeof(locked[0]))

struct rooms_list {
    char **v;
    size_t n;
};

static void list_add(struct rooms_list *l, const char *jid)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcasecmp(l->v[i], jid))
            return;
    if (!(l->v = realloc(l->v, (l->n + 1) * sizeof(*l->v))) ||
        !(l->v[l->n++] = strdup(jid)))
        out_of_memory();
}

static void list_free(struct rooms_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

/* A room JID matches GLOB: its name (localpart), or the whole JID when
 * the glob has an @. */
static bool matches(const char *glob, const char *jid)
{
    char name[1024];

    if (strchr(glob, '@'))
        return fnmatch(glob, jid, FNM_CASEFOLD) == 0;
    snprintf(name, sizeof(name), "%.*s", (int)strcspn(jid, "@"), jid);
    return fnmatch(glob, name, FNM_CASEFOLD) == 0;
}

/* The rooms of the account's service that match glob. */
static int service_matches(struct cli *cli, mucadmin_session_t *s,
                           const char *glob, struct rooms_list *out)
{
    const char *service;
    mucadmin_list_t *l;
    mucadmin_status_t st;
    int rc = cli_service(cli, &service);

    if (rc)
        return rc;
    if ((st = mucadmin_service_room_list(s, service, &l)) != MUCADMIN_OK)
        return cli_fail(cli, s, service, st);
    for (size_t i = 0; i < mucadmin_list_count(l); i++)
        if (mucadmin_list_jid(l, i) && matches(glob, mucadmin_list_jid(l, i)))
            list_add(out, mucadmin_list_jid(l, i));
    mucadmin_list_free(l);
    return EXIT_OK;
}

static bool has_room(const struct jentry *e, const char *room)
{
    for (size_t i = 0; i < e->changes->n; i++)
        if (!strcasecmp(jv_str(&e->changes->items[i], "room"), room))
            return true;
    return false;
}

/* The entry of room's lockdown still in force (none lifted it since),
 * or NULL. */
static const struct jentry *active(const struct jentry *e, size_t n,
                                   const char *room)
{
    for (size_t i = n; i-- > 0;) {
        const char *op = jv_str(e[i].v, "op");
        if (!op || !has_room(&e[i], room))
            continue;
        if (!strcmp(op, "lift"))
            return NULL;
        if (!strcmp(op, "lockdown"))
            return &e[i];
    }
    return NULL;
}

static int lock(struct cli *cli, mucadmin_session_t *s,
                const struct rooms_list *rooms, bool dry_run)
{
    struct rooms_field cfg[N_LOCKED];
    struct rooms_file rf = { .path = "lockdown" };
    struct rooms_plan plan = { .skip_unknown = true, .no_create = true };
    int rc;

    for (size_t i = 0; i < N_LOCKED; i++)
        cfg[i] = (struct rooms_field){ (char *)locked[i].name,
                                       (char *)locked[i].value };
    if (!(rf.rooms = calloc(rooms->n + 1, sizeof(*rf.rooms))))
        out_of_memory();
    for (size_t i = 0; i < rooms->n; i++) {
        rf.rooms[i].jid = rooms->v[i];
        rf.rooms[i].config = cfg;
        rf.rooms[i].nconfig = N_LOCKED;
    }
    rf.nrooms = rooms->n;
    rc = rooms_plan(cli, s, &rf, false, &plan);
    if (rc == EXIT_OK && dry_run) {
        rooms_plan_print(cli, &plan, false);
    } else if (rc == EXIT_OK) {
        rc = rooms_apply(cli, s, &rf, &plan);
        rooms_plan_print(cli, &plan, true);
        rooms_report(cli, &plan);
    }
    rooms_plan_free(&plan);
    free(rf.rooms); /* the rooms' strings are the caller's */
    return rc;
}

/* --lift: each room's lockdown in force undone; with a glob, the rooms
 * are those of the lockdowns in force that match it. */
static int lift(struct cli *cli, mucadmin_session_t *s,
                struct rooms_list *rooms, const char *glob, bool dry_run)
{
    struct undo u = { 0 }, one;
    struct jentry *e;
    size_t n;
    char *err = NULL;
    int rc = journal_load(cli, &e, &n);

    for (size_t i = 0; rc == EXIT_OK && glob && i < n; i++)
        for (size_t k = 0; k < e[i].changes->n; k++) {
            const char *room = jv_str(&e[i].changes->items[k], "room");
            if (matches(glob, room) && active(e, n, room))
                list_add(rooms, room);
        }
    for (size_t i = 0; rc == EXIT_OK && i < rooms->n; i++) {
        const struct jentry *x = active(e, n, rooms->v[i]);
        if (!x) {
            cli_error(cli, 0, rooms->v[i], "skipped",
                      "no lockdown of it "
                      "in force in the journal: nothing to lift");
        } else if (undo_build(x, rooms->v[i], &one, &err) < 0) {
            rc = cli_error(cli, EXIT_USAGE, rooms->v[i], "journal", "%s", err);
            free(err);
        } else {
            undo_merge(&u, &one);
        }
    }
    journal_op("lift");
    if (rc == EXIT_OK)
        rc = undo_run(cli, s, &u, "lockdown", dry_run, false);
    undo_free(&u);
    journal_entries_free(e, n);
    return rc;
}

int cmd_lockdown(struct cli *cli, const struct cmd_args *a)
{
    const char *glob = args_opt(a, "match");
    bool dry_run = args_opt(a, "dry-run") != NULL;
    struct rooms_list rooms = { 0 };
    mucadmin_session_t *s;
    int rc;

    if (!glob == !a->argc)
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "usage: mucadmin "
                         "lockdown %s",
                         cli->cmd->synopsis);
    rc = cli_connect(cli, &s);
    for (int i = 0; rc == EXIT_OK && i < a->argc; i++) {
        char *room = NULL;
        if ((rc = cli_room(cli, a->argv[i], &room)) == EXIT_OK)
            list_add(&rooms, room);
        free(room);
    }
    if (rc == EXIT_OK && glob && !args_opt(a, "lift"))
        rc = service_matches(cli, s, glob, &rooms);
    if (rc == EXIT_OK && args_opt(a, "lift"))
        rc = lift(cli, s, &rooms, glob, dry_run);
    else if (rc == EXIT_OK && rooms.n == 0)
        rc = cli_error(cli, EXIT_USAGE, NULL, NULL,
                       "no room of the service "
                       "matches '%s'",
                       glob);
    else if (rc == EXIT_OK)
        rc = lock(cli, s, &rooms, dry_run);
    list_free(&rooms);
    return rc;
}
