/* SPDX-License-Identifier: MIT */
/*
 * cmd_everywhere.c - ban or unban a JID in every room of the service
 * (ban JID --everywhere): the outcast lists of the inventory read first
 * (pipelined) to learn where the account has rights and where the JID is
 * banned already, then one change per room, pipelined, and a result per
 * room, the rooms without rights listed with them.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd_common.h"
#include "cmd_service.h"
#include "output.h"
#include "session.h"

enum state { ST_TODO, ST_ALREADY, ST_NORIGHTS, ST_SKIP };

struct sweep {
    struct inventory inv;
    enum state *state;
    const char **why; /* ST_NORIGHTS: the condition (owned by reads) */
    mucadmin_reads_t *reads;
    mucadmin_fanout_t *fan;
    size_t *fan_of; /* kept room k's index in fan, or -1 */
    size_t ntodo, nalready, nnorights;
};

static void sweep_free(struct sweep *w)
{
    mucadmin_reads_free(w->reads);
    mucadmin_fanout_free(w->fan);
    free(w->state);
    free(w->why);
    free(w->fan_of);
    service_inventory_free(&w->inv);
}

/* The JID: the only positional, or the second after the room the shell
 * put first (its current room, which --everywhere does not use). */
static int target_jid(struct cli *cli, const struct cmd_args *a,
                      const char **jid)
{
    if (a->argc == 1)
        *jid = a->argv[0];
    else if (a->argc == 2 && cli->room && a->argv[0] == cli->room)
        *jid = a->argv[1];
    else
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "usage: mucadmin %s JID --everywhere (no ROOM)",
                         cli->cmd->name);
    return cmd_user_jid(cli, NULL, 0, *jid,
                        args_opt(a, "allow-domain-jid") != NULL);
}

/* Read every room's outcast list; sort the rooms into those to change,
 * those where nothing is to do, and those the account has no rights in. */
static int classify(struct cli *cli, mucadmin_session_t *s, struct sweep *w,
                    const char *jid, bool ban)
{
    const mucadmin_list_t *l;
    mucadmin_status_t st;
    size_t k, n = w->inv.n, j;
    bool on;

    w->reads = mucadmin_reads_new();
    w->state = calloc(n + 1, sizeof(*w->state));
    w->why = calloc(n + 1, sizeof(*w->why));
    w->fan_of = calloc(n + 1, sizeof(*w->fan_of));
    if (!w->reads || !w->state || !w->why || !w->fan_of)
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    for (k = 0; k < n; k++)
        if (mucadmin_reads_add_list(w->reads, service_room(&w->inv, k),
                                    MUCADMIN_AFF_OUTCAST) != k)
            return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    if ((st = mucadmin_reads_run(s, w->reads)) != MUCADMIN_OK)
        return cli_fail(cli, s, w->inv.service, st);
    for (k = 0; k < n; k++) {
        if (service_gone(w->reads, k)) {
            w->state[k] = ST_SKIP; /* a tombstone: no room to change */
            continue;
        }
        if (!(l = mucadmin_reads_list(w->reads, k))) {
            w->state[k] = ST_NORIGHTS;
            w->why[k] = mucadmin_reads_condition(w->reads, k);
            if (!w->why[k])
                w->why[k] = cli_status_condition(
                    mucadmin_reads_status(w->reads, k));
            w->nnorights++;
            continue;
        }
        for (on = false, j = 0; j < mucadmin_list_count(l); j++)
            on |= mucadmin_list_jid(l, j) &&
                  !strcasecmp(mucadmin_list_jid(l, j), jid);
        w->state[k] = on == ban ? (ban ? ST_ALREADY : ST_SKIP) : ST_TODO;
        w->ntodo += w->state[k] == ST_TODO;
        w->nalready += w->state[k] == ST_ALREADY;
    }
    return EXIT_OK;
}

static int apply(struct cli *cli, mucadmin_session_t *s, struct sweep *w,
                 const char *jid, bool ban, const char *reason)
{
    mucadmin_status_t st;
    size_t k, i = 0;

    if (!(w->fan = mucadmin_fanout_new()))
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    for (k = 0; k < w->inv.n; k++) {
        w->fan_of[k] = (size_t)-1;
        if (w->state[k] != ST_TODO)
            continue;
        if (mucadmin_fanout_add(w->fan, service_room(&w->inv, k)))
            return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
        w->fan_of[k] = i++;
    }
    st = mucadmin_fanout_affiliation(s, w->fan, jid,
                                     ban ? MUCADMIN_AFF_OUTCAST
                                         : MUCADMIN_AFF_NONE,
                                     reason);
    if (st != MUCADMIN_OK && st != MUCADMIN_E_PARTIAL &&
        st != MUCADMIN_E_STANZA && st != MUCADMIN_E_IGNORED)
        return cli_fail(cli, s, w->inv.service, st);
    return EXIT_OK;
}

/* Room k's row; counts the rooms that failed. */
static void row(struct out *o, const struct sweep *w, size_t k, bool ban,
                bool dry, size_t *failed)
{
    const char *result, *cond = NULL;
    size_t i = w->fan ? w->fan_of[k] : (size_t)-1;
    mucadmin_status_t st;

    switch (w->state[k]) {
    case ST_SKIP: return;
    case ST_ALREADY: result = "already"; break;
    case ST_NORIGHTS:
        result = "no-rights";
        cond = w->why[k];
        (*failed)++;
        break;
    default:
        result = dry ? (ban ? "would-ban" : "would-unban")
                     : (ban ? "banned" : "unbanned");
        if (dry || i == (size_t)-1)
            break;
        if ((st = mucadmin_fanout_status(w->fan, i)) != MUCADMIN_OK) {
            result = "failed";
            cond = mucadmin_fanout_condition(w->fan, i);
            if (!cond)
                cond = cli_status_condition(st);
            (*failed)++;
        }
    }
    out_record(o, NULL);
    out_str(o, "room", service_room(&w->inv, k));
    out_str(o, "result", result);
    out_str(o, "condition", cond);
    out_end(o);
}

static int everywhere(struct cli *cli, const struct cmd_args *a, bool ban)
{
    bool dry = args_opt(a, "dry-run") != NULL;
    size_t k, failed = 0, done;
    struct sweep w = { 0 };
    mucadmin_session_t *s;
    struct out *o;
    const char *jid = NULL;
    int rc;

    if ((rc = target_jid(cli, a, &jid)))
        return rc;
    rc = service_inventory(cli, a, NULL, true, SVC_UNCHECKED, &s, &w.inv);
    if (rc == EXIT_OK)
        rc = classify(cli, s, &w, jid, ban);
    if (rc == EXIT_OK && !dry && w.ntodo)
        rc = cli_confirm(cli, NULL, "%s %s %s %zu room%s of %s?",
                         ban ? "Ban" : "Unban", jid, ban ? "from" : "in",
                         w.ntodo, w.ntodo == 1 ? "" : "s", w.inv.service);
    if (rc == EXIT_OK && !dry && w.ntodo)
        rc = apply(cli, s, &w, jid, ban, args_opt(a, "reason"));
    if (rc) {
        sweep_free(&w);
        return rc;
    }
    o = out_new(cli);
    out_table(o, NULL);
    for (k = 0; k < w.inv.n; k++)
        row(o, &w, k, ban, dry, &failed);
    out_end(o);
    out_free(o);
    done = w.ntodo + w.nalready + w.nnorights - failed;
    sweep_free(&w);
    if (!failed)
        return EXIT_OK;
    return done ? EXIT_PARTIAL : EXIT_REFUSED;
}

int cmd_ban_everywhere(struct cli *cli, const struct cmd_args *a)
{
    return everywhere(cli, a, true);
}

int cmd_unban_everywhere(struct cli *cli, const struct cmd_args *a)
{
    return everywhere(cli, a, false);
}
