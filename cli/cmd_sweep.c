/* SPDX-License-Identifier: MIT */
/*
 * cmd_sweep.c - purge: one sender's messages found in a room's archive
 * (or every room's), by real JID, by the occupant-ids seen with it, or by
 * nick, then retracted as a moderator (pipelined), reported per room;
 * sweep: the sender banned from every room (one journal entry, which undo
 * reverts) and purged, in one report.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "server/xutil.h"
#include "cmd_common.h"
#include "cmd_service.h"
#include "journal.h"
#include "output.h"
#include "session.h"

#define PURGE_MAX 100000

struct prow {
    char *room;
    const char *result;
    const char *cond; /* static, or owned by conds */
    char **ids;       /* owned by h */
    size_t found, retracted, failed;
    mucadmin_history_t *h;
    char *owncond;
};

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
static int retract(struct cli *cli, mucadmin_session_t *s, struct prow *r,
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
static int purge_room(struct cli *cli, mucadmin_session_t *s,
                      const struct cmd_args *a, const char *since,
                      const char *jid, struct prow *r)
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
        found += r[k].found;
        done += r[k].retracted;
        failed += r[k].failed;
        out_record(o, NULL);
        out_str(o, "room", r[k].room);
        out_str(o, "result", r[k].result);
        out_int(o, "found", (long long)r[k].found);
        out_int(o, "retracted", (long long)r[k].retracted);
        out_int(o, "failed", (long long)r[k].failed);
        out_str(o, "condition", r[k].cond);
        if (cli->json)
            out_strv(o, "ids", (const char *const *)r[k].ids, r[k].found);
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
static int rooms(struct cli *cli, const struct cmd_args *a,
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
    rc = service_inventory(cli, a, NULL, true, false, s, &inv);
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
    rc = rooms(cli, a, &s, &r, &n);
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
            rc = retract(cli, s, &r[k], args_opt(a, "reason"), dry);
    if (rc == EXIT_OK) {
        report(cli, jid, r, n, dry);
        rc = verdict(r, n);
    }
    for (size_t k = 0; k < n; k++) {
        free(r[k].room);
        free(r[k].ids);
        free(r[k].owncond);
        mucadmin_history_free(r[k].h);
    }
    free(r);
    return rc;
}

/* ---- sweep ---- */

static const mucadmin_affiliation_t sweep_affs[] = { MUCADMIN_AFF_OUTCAST,
                                                     MUCADMIN_AFF_MEMBER,
                                                     MUCADMIN_AFF_ADMIN,
                                                     MUCADMIN_AFF_OWNER };
#define NAFFS (sizeof(sweep_affs) / sizeof(sweep_affs[0]))

struct brow {
    int before;         /* jid's affiliation, -1 when unknown */
    const char *result; /* "would-ban", "banned", "already", "no-rights"... */
    const char *cond;   /* owned by the reads or the fanout */
    size_t fan;         /* its index in the fanout, or -1 */
};

/* Every room's four lists, pipelined: where jid is, and where the
 * account may ban (its outcast list readable). */
static int sweep_read(struct cli *cli, mucadmin_session_t *s,
                      const struct prow *r, size_t n, const char *jid,
                      mucadmin_reads_t *rd, struct brow *b)
{
    mucadmin_status_t st;

    for (size_t k = 0; k < n; k++)
        for (size_t l = 0; l < NAFFS; l++)
            if (mucadmin_reads_add_list(rd, r[k].room, sweep_affs[l]) ==
                MUCADMIN_READS_ERROR)
                out_of_memory();
    if ((st = mucadmin_reads_run(s, rd)) != MUCADMIN_OK)
        return cli_fail(cli, s, NULL, st);
    for (size_t k = 0; k < n; k++) {
        b[k].before = MUCADMIN_AFF_NONE;
        b[k].fan = (size_t)-1;
        for (size_t l = 0; l < NAFFS; l++) {
            const mucadmin_list_t *li = mucadmin_reads_list(rd, k * NAFFS + l);

            if (!li) {
                if (l == 0) {
                    b[k].result = "no-rights";
                    b[k].cond = mucadmin_reads_condition(rd, k * NAFFS);
                    if (!b[k].cond)
                        b[k].cond = cli_status_condition(
                            mucadmin_reads_status(rd, k * NAFFS));
                } else if (b[k].before == MUCADMIN_AFF_NONE)
                    b[k].before = -1;
                continue;
            }
            for (size_t j = 0; j < mucadmin_list_count(li); j++)
                if (mucadmin_list_jid(li, j) &&
                    !strcasecmp(mucadmin_list_jid(li, j), jid))
                    b[k].before = (int)sweep_affs[l];
        }
        if (!b[k].result)
            b[k].result = b[k].before == MUCADMIN_AFF_OUTCAST ? "already"
                                                              : "would-ban";
    }
    return EXIT_OK;
}

/* The bans: one journal entry for them all, then one fanout. */
static int sweep_ban(struct cli *cli, mucadmin_session_t *s,
                     const struct prow *r, size_t n, const char *jid,
                     const char *reason, struct brow *b, mucadmin_fanout_t *f)
{
    const char *jids[1] = { jid };
    int after[1] = { MUCADMIN_AFF_OUTCAST };
    struct journal *j = journal_new();
    mucadmin_status_t st;
    size_t i = 0, failed = 0;
    int rc;

    for (size_t k = 0; k < n; k++) {
        char *bj, *aj;

        if (strcmp(b[k].result, "would-ban"))
            continue;
        if (mucadmin_fanout_add(f, r[k].room))
            out_of_memory();
        b[k].fan = i++;
        bj = journal_affs(jids, &b[k].before, 1);
        aj = journal_affs(jids, after, 1);
        journal_add(j, r[k].room, "affiliation", bj, aj);
        free(bj);
        free(aj);
    }
    if (!i) {
        journal_free(j);
        return EXIT_OK;
    }
    if ((rc = journal_begin(cli, s, j))) {
        journal_free(j);
        return rc;
    }
    st = mucadmin_fanout_affiliation(s, f, jid, MUCADMIN_AFF_OUTCAST, reason);
    if (st != MUCADMIN_OK && st != MUCADMIN_E_PARTIAL &&
        st != MUCADMIN_E_STANZA && st != MUCADMIN_E_IGNORED) {
        journal_end(cli, j, cli_exit_code(st), false);
        return cli_fail(cli, s, NULL, st);
    }
    for (size_t k = 0; k < n; k++) {
        if (b[k].fan == (size_t)-1)
            continue;
        if ((st = mucadmin_fanout_status(f, b[k].fan)) == MUCADMIN_OK) {
            b[k].result = "banned";
            continue;
        }
        b[k].result = "failed";
        b[k].cond = mucadmin_fanout_condition(f, b[k].fan);
        if (!b[k].cond)
            b[k].cond = cli_status_condition(st);
        failed++;
    }
    journal_end(cli, j,
                !failed      ? EXIT_OK
                : failed < i ? EXIT_PARTIAL
                             : EXIT_REFUSED,
                failed < i);
    return EXIT_OK;
}

static void sweep_report(struct cli *cli, const char *jid, const struct prow *r,
                         const struct brow *b, size_t n, bool dry)
{
    size_t found = 0, done = 0, failed = 0, banned = 0;
    struct out *o = out_new(cli);

    if (cli->json) {
        out_record(o, NULL);
        out_str(o, "jid", jid);
        out_bool(o, "dry_run", dry);
    }
    out_table(o, cli->json ? "rooms" : NULL);
    for (size_t k = 0; k < n; k++) {
        found += r[k].found;
        done += r[k].retracted;
        failed += r[k].failed;
        banned += !strcmp(b[k].result, "banned");
        out_record(o, NULL);
        out_str(o, "room", r[k].room);
        out_str(o, "ban", b[k].result);
        out_str(o, "before",
                b[k].before < 0 ? NULL
                                : mucadmin_affiliation_name(
                                      (mucadmin_affiliation_t)b[k].before));
        out_str(o, "ban_condition", b[k].cond);
        out_str(o, "messages", r[k].result);
        out_int(o, "found", (long long)r[k].found);
        out_int(o, "retracted", (long long)r[k].retracted);
        out_int(o, "failed", (long long)r[k].failed);
        out_str(o, "condition", r[k].cond);
        if (cli->json)
            out_strv(o, "ids", (const char *const *)r[k].ids, r[k].found);
        out_end(o);
    }
    out_end(o);
    if (cli->json) {
        out_int(o, "banned", (long long)banned);
        out_int(o, "found", (long long)found);
        out_int(o, "retracted", (long long)done);
        out_int(o, "failed", (long long)failed);
        out_end(o);
    }
    out_free(o);
    if (dry && !cli->quiet)
        fprintf(stderr,
                "mucadmin: sweep: dry run: undo would lift the bans; the "
                "retractions are final\n");
}

/* 0; 5 when some ban or retraction failed (1 when nothing went). */
static int sweep_verdict(const struct prow *r, const struct brow *b, size_t n)
{
    size_t ok = 0, failed = 0;

    for (size_t k = 0; k < n; k++) {
        ok += !strcmp(b[k].result, "banned") || r[k].retracted;
        failed += !strcmp(b[k].result, "failed") ||
                  !strcmp(b[k].result, "no-rights") || r[k].failed ||
                  !strcmp(r[k].result, "failed");
    }
    if (!failed)
        return EXIT_OK;
    return ok ? EXIT_PARTIAL : EXIT_REFUSED;
}

int cmd_sweep(struct cli *cli, const struct cmd_args *a)
{
    bool dry = args_opt(a, "dry-run") != NULL;
    const char *jid = a->argc > 0 ? a->argv[0] : NULL;
    mucadmin_reads_t *rd = mucadmin_reads_new();
    mucadmin_fanout_t *f = mucadmin_fanout_new();
    struct prow *r = NULL;
    struct brow *b = NULL;
    mucadmin_session_t *s;
    size_t n = 0, found = 0, nban = 0;
    int rc;

    if (!rd || !f)
        out_of_memory();
    if (!(rc = cmd_user_jid(cli, NULL, 0, jid, false)))
        rc = rooms(cli, a, &s, &r, &n);
    if (rc == EXIT_OK && !(b = calloc(n + 1, sizeof(*b))))
        out_of_memory();
    if (rc == EXIT_OK)
        rc = sweep_read(cli, s, r, n, jid, rd, b);
    for (size_t k = 0; rc == EXIT_OK && k < n; k++) {
        rc = purge_room(cli, s, a, NULL, jid, &r[k]);
        found += r[k].found;
        nban += !strcmp(b[k].result, "would-ban");
    }
    if (rc == EXIT_OK && !dry && (found || nban))
        rc = cli_confirm(cli, NULL,
                         "Ban %s from %zu room%s and retract %zu message%s? "
                         "(undo lifts the bans; retractions are final)",
                         jid, nban, nban == 1 ? "" : "s", found,
                         found == 1 ? "" : "s");
    if (rc == EXIT_OK && !dry)
        rc = sweep_ban(cli, s, r, n, jid, args_opt(a, "reason"), b, f);
    for (size_t k = 0; rc == EXIT_OK && k < n; k++)
        if (r[k].found)
            rc = retract(cli, s, &r[k], args_opt(a, "reason"), dry);
    if (rc == EXIT_OK) {
        sweep_report(cli, jid, r, b, n, dry);
        rc = sweep_verdict(r, b, n);
    }
    for (size_t k = 0; k < n; k++) {
        free(r[k].room);
        free(r[k].ids);
        free(r[k].owncond);
        mucadmin_history_free(r[k].h);
    }
    free(r);
    free(b);
    mucadmin_fanout_free(f);
    mucadmin_reads_free(rd);
    return rc;
}
