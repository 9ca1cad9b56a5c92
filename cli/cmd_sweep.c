/* SPDX-License-Identifier: MIT */
/*
 * cmd_sweep.c - sweep: where a JID is (every room's affiliation lists),
 * banned from every room (one journal entry, which undo reverts as a
 * whole) and its messages purged (cmd_purge.c), in one report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/xutil.h"
#include "cmd_common.h"
#include "cmd_service.h"
#include "cmd_sweep.h"
#include "journal.h"
#include "output.h"
#include "session.h"

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
        purge_row_out(cli, o, &r[k], &found, &done, &failed);
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
        rc = purge_rooms(cli, a, &s, &r, &n);
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
            rc = purge_retract(cli, s, &r[k], args_opt(a, "reason"), dry);
    if (rc == EXIT_OK) {
        sweep_report(cli, jid, r, b, n, dry);
        rc = sweep_verdict(r, b, n);
    }
    purge_rows_free(r, n);
    free(b);
    mucadmin_fanout_free(f);
    mucadmin_reads_free(rd);
    return rc;
}
