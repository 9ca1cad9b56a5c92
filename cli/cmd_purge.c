/* SPDX-License-Identifier: MIT */
/*
 * cmd_purge.c - purge: one sender's messages found in a room's archive
 * (or every room's), by real JID, by the occupant-ids seen with it, or by
 * nick, then retracted as a moderator (pipelined), reported per room.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/xutil.h"
#include "cmd_common.h"
#include "cmd_service.h"
#include "cmd_sweep.h"
#include "output.h"
#include "session.h"

#define PURGE_MAX 100000

/* Whether a real JID the archive shows (bare or full) is jid's. */
static bool same_jid(const char *shown, const char *jid)
{
    size_t n = strlen(jid);

    return shown && !strncasecmp(shown, jid, n) &&
           (shown[n] == '\0' || shown[n] == '/');
}

static bool occ_known(char *const *occ, size_t n, const char *id)
{
    for (size_t i = 0; id && i < n; i++)
        if (!strcmp(occ[i], id))
            return true;
    return false;
}

/* Pick the sender's messages not retracted yet: by real JID, by an
 * occupant-id some message with that JID carried, or by nick. */
static void pick(struct prow *r, const char *jid, const char *nick)
{
    const mucadmin_history_t *h = r->h;
    size_t n = mucadmin_history_count(h), nocc = 0;
    char **occ = calloc(n + 1, sizeof(*occ));

    r->ids = calloc(n + 1, sizeof(*r->ids));
    if (!occ || !r->ids)
        out_of_memory();
    for (size_t i = 0; i < n; i++)
        if (same_jid(mucadmin_history_jid(h, i), jid) &&
            mucadmin_history_occupant_id(h, i) &&
            !occ_known(occ, nocc, mucadmin_history_occupant_id(h, i)))
            occ[nocc++] = (char *)mucadmin_history_occupant_id(h, i);
    for (size_t i = 0; i < n; i++) {
        const char *m = mucadmin_history_nick(h, i);

        if (mucadmin_history_retracted(h, i) || !mucadmin_history_id(h, i))
            continue;
        if (same_jid(mucadmin_history_jid(h, i), jid) ||
            occ_known(occ, nocc, mucadmin_history_occupant_id(h, i)) ||
            (nick && m && !strcmp(m, nick)))
            r->ids[r->found++] = (char *)mucadmin_history_id(h, i);
    }
    free(occ);
}

/* Retract the found messages (or, dry, ask whether the room could). */
int purge_retract(struct cli *cli, mucadmin_session_t *s, struct prow *r,
                  const char *reason, bool dry)
{
    mucadmin_status_t st, *status;
    char **cond;
    int version;

    if (dry) {
        st = mucadmin_room_moderation_version(s, r->room, &version);
        r->result = st == MUCADMIN_OK ? "would-retract" : "unsupported";
        if (st != MUCADMIN_OK && st != MUCADMIN_E_UNSUPPORTED)
            return cli_fail(cli, s, r->room, st);
        return EXIT_OK;
    }
    status = calloc(r->found + 1, sizeof(*status));
    cond = calloc(r->found + 1, sizeof(*cond));
    if (!status || !cond)
        out_of_memory();
    st = mucadmin_room_retract(s, r->room, (const char *const *)r->ids,
                               r->found, reason, status, cond);
    if (st == MUCADMIN_E_UNSUPPORTED)
        r->result = "unsupported";
    else if (st != MUCADMIN_OK) {
        free(status);
        free(cond);
        return cli_fail(cli, s, r->room, st);
    }
    for (size_t i = 0; st == MUCADMIN_OK && i < r->found; i++) {
        if (status[i] == MUCADMIN_OK) {
            r->retracted++;
            continue;
        }
        r->failed++;
        if (!r->owncond && cond[i])
            r->owncond = strdup(cond[i]);
        else if (!r->cond)
            r->cond = cli_status_condition(status[i]);
    }
    if (r->owncond)
        r->cond = r->owncond;
    if (st == MUCADMIN_OK)
        r->result = !r->failed     ? "retracted"
                    : r->retracted ? "partial"
                                   : "failed";
    for (size_t i = 0; i < r->found; i++)
        free(cond[i]);
    free(cond);
    free(status);
    return EXIT_OK;
}

/* One room: its archive read, the sender's messages picked.  A room's
 * refusal is its row; what stops the session is returned. */
int purge_room(struct cli *cli, mucadmin_session_t *s, const struct cmd_args *a,
               const char *since, const char *jid, struct prow *r)
{
    mucadmin_status_t st;

    st = mucadmin_room_history_get(s, r->room, since, NULL, NULL, PURGE_MAX,
                                   &r->h);
    if (st == MUCADMIN_E_UNSUPPORTED) {
        r->result = "no-archive";
        return EXIT_OK;
    }
    if (st == MUCADMIN_E_STANZA) {
        r->result = "failed";
        if (mucadmin_error_condition(s) &&
            !(r->owncond = strdup(mucadmin_error_condition(s))))
            out_of_memory();
        r->cond = r->owncond;
        cli_fail(cli, s, r->room, st);
        return EXIT_OK;
    }
    if (st != MUCADMIN_OK)
        return cli_fail(cli, s, r->room, st);
    if (!mucadmin_history_complete(r->h) && !cli->quiet)
        cli_error(cli, 0, r->room, "truncated",
                  "warning: the archive has more than %d messages in "
                  "range: only those are searched (narrow --since)",
                  PURGE_MAX);
    pick(r, jid, args_opt(a, "nick"));
    if (!r->found)
        r->result = "none";
    return EXIT_OK;
}

static void report(struct cli *cli, const char *jid, struct prow *r, size_t n,
                   bool dry)
{
    size_t found = 0, done = 0, failed = 0;
    struct out *o = out_new(cli);

    if (cli->json) {
        out_record(o, NULL);
        out_str(o, "jid", jid);
        out_bool(o, "dry_run", dry);
    }
    out_table(o, cli->json ? "rooms" : NULL);
    for (size_t k = 0; k < n; k++) {
        out_record(o, NULL);
        out_str(o, "room", r[k].room);
        out_str(o, "result", r[k].result);
        purge_row_out(cli, o, &r[k], &found, &done, &failed);
        out_end(o);
    }
    out_end(o);
    if (cli->json) {
        out_int(o, "found", (long long)found);
        out_int(o, "retracted", (long long)done);
        out_int(o, "failed", (long long)failed);
        out_end(o);
    }
    out_free(o);
    if (dry && found && !cli->quiet && !cli->json)
        fprintf(stderr,
                "mucadmin: purge: dry run: %zu message%s of %s would "
                "be retracted (final: retractions cannot be undone)\n",
                found, found == 1 ? "" : "s", jid);
}

/* 0; 5 when some failed (1 when all did); 7 when no room supports it:
 * none retracted (or would), the sender's messages found unretractable
 * or the archives unreadable. */
static int verdict(const struct prow *r, size_t n)
{
    size_t ok = 0, failed = 0, unsup = 0;

    for (size_t k = 0; k < n; k++) {
        const char *res = r[k].result;

        ok += r[k].retracted || !strcmp(res, "would-retract");
        failed += r[k].failed || !strcmp(res, "failed");
        unsup += !strcmp(res, "unsupported") || !strcmp(res, "no-archive");
    }
    if (failed)
        return ok ? EXIT_PARTIAL : EXIT_REFUSED;
    return unsup && !ok ? EXIT_UNSUPPORTED : EXIT_OK;
}

/* The rooms: ROOM, or every room with --everywhere; r[] the caller's. */
int purge_rooms(struct cli *cli, const struct cmd_args *a,
                mucadmin_session_t **s, struct prow **r, size_t *n)
{
    struct inventory inv;
    char *room = NULL;
    int rc;

    if (!args_opt(a, "everywhere") && strcmp(cli->cmd->name, "sweep")) {
        struct cmd_args b = *a;

        b.argc = a->argc - 1;
        b.argv = a->argv + 1;
        if (a->argc != 2)
            return cli_error(cli, EXIT_USAGE, NULL, NULL,
                             "usage: mucadmin purge JID ROOM, or "
                             "JID --everywhere");
        if ((rc = cli_begin(cli, &b, s, &room)))
            return rc;
        if (!(*r = calloc(1, sizeof(**r))))
            out_of_memory();
        (*r)[0].room = room;
        *n = 1;
        return EXIT_OK;
    }
    if (a->argc != 1)
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "usage: mucadmin %s JID --everywhere (no ROOM)",
                         cli->cmd->name);
    rc = service_inventory(cli, a, NULL, true, 0, s, &inv);
    if (rc == EXIT_OK) {
        if (!(*r = calloc(inv.n + 1, sizeof(**r))))
            out_of_memory();
        for (*n = 0; *n < inv.n; (*n)++)
            if (!((*r)[*n].room = strdup(service_room(&inv, *n))))
                out_of_memory();
    }
    service_inventory_free(&inv);
    return rc;
}

void purge_row_out(struct cli *cli, struct out *o, const struct prow *r,
                   size_t *found, size_t *retracted, size_t *failed)
{
    *found += r->found;
    *retracted += r->retracted;
    *failed += r->failed;
    out_int(o, "found", (long long)r->found);
    out_int(o, "retracted", (long long)r->retracted);
    out_int(o, "failed", (long long)r->failed);
    out_str(o, "condition", r->cond);
    if (cli->json)
        out_strv(o, "ids", (const char *const *)r->ids, r->found);
}

void purge_rows_free(struct prow *r, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        free(r[k].room);
        free(r[k].ids);
        free(r[k].owncond);
        mucadmin_history_free(r[k].h);
    }
    free(r);
}

int cmd_purge(struct cli *cli, const struct cmd_args *a)
{
    bool dry = args_opt(a, "dry-run") != NULL;
    const char *jid = a->argc > 0 ? a->argv[0] : NULL, *since = NULL;
    char sbuf[32];
    struct prow *r = NULL;
    mucadmin_session_t *s;
    size_t n = 0, found = 0;
    int rc;

    if (!jid)
        return cli_error(cli, EXIT_USAGE, NULL, NULL, "no JID given");
    if ((rc = cmd_user_jid(cli, NULL, 0, jid, false)) ||
        (rc = history_time_opt(cli, "since", args_opt(a, "since"), sbuf,
                               &since)))
        return rc;
    rc = purge_rooms(cli, a, &s, &r, &n);
    for (size_t k = 0; rc == EXIT_OK && k < n; k++) {
        rc = purge_room(cli, s, a, since, jid, &r[k]);
        found += r[k].found;
    }
    if (rc == EXIT_OK && found && !dry)
        rc = cli_confirm(cli, NULL,
                         "Retract %zu message%s of %s? (final: it cannot be "
                         "undone)",
                         found, found == 1 ? "" : "s", jid);
    for (size_t k = 0; rc == EXIT_OK && k < n; k++)
        if (r[k].found)
            rc = purge_retract(cli, s, &r[k], args_opt(a, "reason"), dry);
    if (rc == EXIT_OK) {
        report(cli, jid, r, n, dry);
        rc = verdict(r, n);
    }
    purge_rows_free(r, n);
    return rc;
}
