/* SPDX-License-Identifier: MIT */
/*
 * cmd_history.c - history: a room's archive (XEP-0313) as a table, each
 * message with the stanza-id that retract takes; retract: messages
 * removed by moderators (XEP-0425).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/xutil.h"
#include "journal.h"
#include "output.h"
#include "session.h"

#define LIMIT_MAX 100000

/* --since/--until as XEP-0082 (UTC); *iso is buf or NULL. */
int history_time_opt(struct cli *cli, const char *name, const char *arg,
                     char buf[32], const char **iso)
{
    time_t t;
    struct tm tm;

    *iso = NULL;
    if (!arg)
        return EXIT_OK;
    if ((t = journal_parse_time(arg, time(NULL))) < 0)
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "--%s '%s' is not a "
                         "time (2026-12-02T10:00:00Z, 2026-12-02, 30m, 2h, "
                         "3d)",
                         name, arg);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
    *iso = buf;
    return EXIT_OK;
}

static void print(struct cli *cli, const char *room,
                  const mucadmin_history_t *h)
{
    size_t n = mucadmin_history_count(h);
    struct out *o = out_new(cli);

    if (cli->json) {
        out_record(o, NULL);
        out_str(o, "room", room);
        out_bool(o, "complete", mucadmin_history_complete(h));
    }
    out_table(o, cli->json ? "messages" : NULL);
    for (size_t i = 0; i < n; i++) {
        out_record(o, NULL);
        out_str(o, "id", mucadmin_history_id(h, i));
        out_str(o, "time", mucadmin_history_time(h, i));
        out_str(o, "nick", mucadmin_history_nick(h, i));
        out_str(o, "occupant_id", mucadmin_history_occupant_id(h, i));
        out_str(o, "jid", mucadmin_history_jid(h, i));
        out_bool(o, "retracted", mucadmin_history_retracted(h, i));
        out_str(o, "text", mucadmin_history_body(h, i));
        out_end(o);
    }
    out_end(o);
    if (cli->json)
        out_end(o);
    out_free(o);
    if (!mucadmin_history_complete(h) && !cli->quiet)
        cli_error(cli, 0, room, "truncated",
                  "the archive has more in this "
                  "range (raise --limit, or narrow --since/--until)");
}

int cmd_history(struct cli *cli, const struct cmd_args *a)
{
    const char *limit = args_opt(a, "limit"), *start, *end;
    char sbuf[32], ebuf[32], *room = NULL, *e;
    mucadmin_history_t *h = NULL;
    mucadmin_session_t *s;
    unsigned long max = 100;
    mucadmin_status_t st;
    int rc;

    if (limit) {
        errno = 0;
        max = strtoul(limit, &e, 10);
        if (errno || e == limit || *e || max == 0 || max > LIMIT_MAX ||
            limit[0] == '-')
            return cli_error(cli, EXIT_USAGE, NULL, NULL,
                             "--limit '%s' is "
                             "not a number from 1 to %d",
                             limit, LIMIT_MAX);
    }
    if ((rc = history_time_opt(cli, "since", args_opt(a, "since"), sbuf,
                               &start)) ||
        (rc = history_time_opt(cli, "until", args_opt(a, "until"), ebuf, &end)))
        return rc;
    rc = cli_begin(cli, a, &s, &room);
    if (rc == EXIT_OK) {
        st = mucadmin_room_history_get(s, room, start, end, args_opt(a, "from"),
                                       (size_t)max, &h);
        if (st != MUCADMIN_OK)
            rc = cli_fail(cli, s, room, st);
        else
            print(cli, room, h);
    }
    mucadmin_history_free(h);
    free(room);
    return rc;
}

static bool id_ok(const char *id)
{
    size_t n = strlen(id);

    if (n == 0 || n > 1023)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)id[i] < 0x20 || id[i] == 0x7f)
            return false;
    return true;
}

static int report(struct cli *cli, const char *room, char *const *ids, size_t n,
                  const mucadmin_status_t *status, char *const *condition)
{
    struct out *o = out_new(cli);
    size_t failed = 0;
    int worst = EXIT_OK;

    out_result(o, NULL);
    out_str(o, "room", room);
    out_table(o, "results");
    for (size_t i = 0; i < n; i++) {
        const char *cond = condition[i] ? condition[i]
                           : status[i] == MUCADMIN_OK
                               ? NULL
                               : cli_status_condition(status[i]);
        if (status[i] != MUCADMIN_OK) {
            failed++;
            worst = cli_error(cli, cli_exit_code(status[i]), room, cond,
                              "%s: %s", ids[i],
                              condition[i] ? mucadmin_condition_explain(cond)
                                           : mucadmin_strerror(status[i]));
        }
        out_record(o, NULL);
        out_str(o, "id", ids[i]);
        out_bool(o, "ok", status[i] == MUCADMIN_OK);
        out_str(o, "condition", cond);
        out_end(o);
    }
    out_end(o);
    out_int(o, "retracted", (long long)(n - failed));
    out_int(o, "failed", (long long)failed);
    out_end(o);
    out_say(o, "%s: retracted %zu of %zu message%s", room, n - failed, n,
            n == 1 ? "" : "s");
    out_free(o);
    return !failed ? EXIT_OK : failed < n ? EXIT_PARTIAL : worst;
}

int cmd_retract(struct cli *cli, const struct cmd_args *a)
{
    size_t n = (size_t)a->argc - 1;
    mucadmin_status_t st, *status = calloc(n + 1, sizeof(*status));
    char **condition = calloc(n + 1, sizeof(*condition)), *room = NULL;
    mucadmin_session_t *s;
    int rc = EXIT_OK;

    if (!status || !condition)
        out_of_memory();
    for (size_t i = 0; rc == EXIT_OK && i < n; i++)
        if (!id_ok(a->argv[i + 1]))
            rc = cli_error(cli, EXIT_USAGE, NULL, NULL,
                           "'%s' is not a "
                           "stanza-id (see mucadmin history)",
                           a->argv[i + 1]);
    if (rc == EXIT_OK)
        rc = cli_begin(cli, a, &s, &room);
    if (rc == EXIT_OK)
        rc = cli_confirm(cli, room,
                         "Retract %zu message%s from %s? "
                         "(final: it cannot be undone)",
                         n, n == 1 ? "" : "s", room);
    if (rc == EXIT_OK) {
        st = mucadmin_room_retract(s, room, (const char *const *)a->argv + 1, n,
                                   args_opt(a, "reason"), status, condition);
        if (st != MUCADMIN_OK)
            rc = cli_fail(cli, s, room, st);
        else
            rc = report(cli, room, a->argv + 1, n, status, condition);
    }
    for (size_t i = 0; i < n; i++)
        free(condition[i]);
    free(condition);
    free(status);
    free(room);
    return rc;
}
