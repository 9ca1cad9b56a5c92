/* SPDX-License-Identifier: MIT */
/*
 * cmd_rooms_yaml.c - plan, apply and export: rooms as code
 * (mucadmin-rooms(5)).  The file is loaded before connecting, so that
 * nothing is sent when it does not load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "rooms.h"
#include "session.h"

static const char *state_name(enum rooms_state st)
{
    static const char *const names[] = { "planned", "applied", "failed",
                                         "not done", "unknown" };
    return names[st];
}

/* One row; errors show their reason where a value would be, in human
 * form, and as "text" in JSON. */
static void print_action(struct out *o, const struct rooms_action *a, bool json,
                         bool results, bool conditions)
{
    bool err = a->kind == ACT_ERROR;

    out_record(o, NULL);
    out_str(o, "room", a->room);
    out_str(o, "action", rooms_action_verb(a));
    out_str(o, "what", a->what);
    out_str(o, "old", a->old);
    out_str(o, "new", err && !json ? a->text : a->new);
    if (results)
        out_str(o, "status", state_name(a->state));
    if (conditions) {
        out_str(o, "condition", a->condition);
        out_json_str(o, "text", a->text);
    }
    out_json_str(o, "var", a->var);
    out_end(o);
}

static void print_actions(struct out *o, const struct rooms_plan *plan,
                          bool json, bool results)
{
    bool errors = false;

    for (size_t i = 0; i < plan->n; i++)
        errors |= plan->acts[i].kind == ACT_ERROR;
    out_table(o, "actions");
    for (size_t i = 0; i < plan->n; i++)
        print_action(o, &plan->acts[i], json, results,
                     results || errors || json);
    out_end(o);
}

/* "Plan: 1 room to create, 3 fields to set, 1 error." */
static void plan_summary(struct out *o, const struct rooms_plan *plan)
{
    static const char *const what[] = {
        [ACT_CREATE] = "room%s to create",
        [ACT_CONFIG] = "field%s to set",
        [ACT_SUBJECT] = "subject%s to set",
        [ACT_AFF] = "affiliation%s to change",
        [ACT_DESTROY] = "room%s to destroy",
        [ACT_ERROR] = "error%s",
    };
    size_t n[ACT_ERROR + 1] = { 0 };
    char line[512] = "Plan:", part[64];

    if (plan->n == 0) {
        out_say(o, "No changes.");
        return;
    }
    for (size_t i = 0; i < plan->n; i++)
        n[plan->acts[i].kind]++;
    for (int k = 0; k <= ACT_ERROR; k++) {
        if (!n[k])
            continue;
        snprintf(part, sizeof(part), what[k], n[k] == 1 ? "" : "s");
        snprintf(line + strlen(line), sizeof(line) - strlen(line), "%s %zu %s",
                 strlen(line) > 5 ? "," : "", n[k], part);
    }
    out_say(o, "%s.", line);
}

void rooms_plan_print(struct cli *cli, const struct rooms_plan *plan,
                      bool results)
{
    struct out *o = out_new(cli);
    size_t n[ST_UNKNOWN + 1] = { 0 }, errors = 0;

    for (size_t i = 0; i < plan->n; i++) {
        n[plan->acts[i].state]++;
        errors += plan->acts[i].kind == ACT_ERROR;
    }
    if (cli->json) {
        out_record(o, NULL);
        out_int(o, "changes", (long long)plan->n);
        out_int(o, "errors", (long long)errors);
        if (results) {
            out_int(o, "applied", (long long)n[ST_APPLIED]);
            out_int(o, "failed", (long long)n[ST_FAILED]);
            out_int(o, "unknown", (long long)n[ST_UNKNOWN]);
            out_int(o, "not_done", (long long)n[ST_NOT_DONE]);
        }
    }
    if (plan->n)
        print_actions(o, plan, cli->json, results);
    if (cli->json)
        out_end(o);
    if (!results)
        plan_summary(o, plan);
    else if (plan->n == 0)
        out_say(o, "No changes.");
    else
        out_say(o,
                "Applied %zu of %zu changes: %zu failed, %zu unknown "
                "(no answer), %zu not done.",
                n[ST_APPLIED], plan->n, n[ST_FAILED], n[ST_UNKNOWN],
                n[ST_NOT_DONE]);
    out_free(o);
}

static int load(struct cli *cli, const char *path, struct rooms_file *rf)
{
    char *err = NULL;

    if (rooms_load(path, rf, &err) == 0)
        return EXIT_OK;
    cli_error(cli, EXIT_USAGE, NULL, NULL, "%s", err ? err : "out of memory");
    free(err);
    return EXIT_USAGE;
}

/* Load, connect, plan; the caller frees rf and plan. */
static int begin(struct cli *cli, const struct cmd_args *a, bool prune,
                 mucadmin_session_t **s, struct rooms_file *rf,
                 struct rooms_plan *plan)
{
    int rc = load(cli, a->argv[0], rf);

    memset(plan, 0, sizeof(*plan));
    plan->skip_unknown = args_opt(a, "skip-unknown") != NULL;
    if (rc == EXIT_OK)
        rc = cli_connect(cli, s);
    if (rc == EXIT_OK)
        rc = rooms_plan(cli, *s, rf, prune, plan);
    return rc;
}

int cmd_plan(struct cli *cli, const struct cmd_args *a)
{
    struct rooms_file rf = { 0 };
    struct rooms_plan plan;
    mucadmin_session_t *s;
    int rc = begin(cli, a, args_opt(a, "prune") != NULL, &s, &rf, &plan);

    if (rc == EXIT_OK)
        rooms_plan_print(cli, &plan, false);
    /* --exit-code: drift detection, as git diff --exit-code. */
    if (rc == EXIT_OK && plan.n > 0 && args_opt(a, "exit-code"))
        rc = EXIT_REFUSED;
    rooms_plan_free(&plan);
    rooms_free(&rf);
    return rc;
}

/* Each failure on its own error line, as the other commands do. */
void rooms_report(struct cli *cli, const struct rooms_plan *plan)
{
    for (size_t i = 0; i < plan->n; i++) {
        const struct rooms_action *a = &plan->acts[i];
        if (a->state == ST_APPLIED)
            continue;
        if (a->kind == ACT_ERROR)
            cli_error(cli, EXIT_PARTIAL, a->room, a->condition, "%s%s%s",
                      a->what ? a->what : "", a->what ? ": " : "",
                      a->text ? a->text : "");
        else
            cli_error(cli, EXIT_PARTIAL, a->room, a->condition,
                      "%s%s%s: %s (%s)", rooms_action_verb(a),
                      a->what ? " " : "", a->what ? a->what : "",
                      a->text ? a->text : "", state_name(a->state));
    }
}

/* --prune: show what goes, then ask (or take --yes). */
static int confirm_prune(struct cli *cli, const struct rooms_plan *plan,
                         const char *path)
{
    size_t n = 0, rooms = 0;

    for (size_t i = 0; i < plan->n; i++) {
        rooms += plan->acts[i].kind == ACT_DESTROY;
        n += plan->acts[i].kind == ACT_AFF &&
             plan->acts[i].aff == MUCADMIN_AFF_NONE;
    }
    if (n + rooms == 0)
        return EXIT_OK;
    if (!cli->yes && !cli->json)
        rooms_plan_print(cli, plan, false);
    return cli_confirm(cli, NULL,
                       "Remove %zu affiliation%s and destroy %zu "
                       "room%s that %s does not mention?",
                       n, n == 1 ? "" : "s", rooms, rooms == 1 ? "" : "s",
                       path);
}

int cmd_apply(struct cli *cli, const struct cmd_args *a)
{
    bool prune = args_opt(a, "prune") != NULL;
    struct rooms_file rf = { 0 };
    struct rooms_plan plan;
    mucadmin_session_t *s;
    int rc = begin(cli, a, prune, &s, &rf, &plan);

    if (rc == EXIT_OK && args_opt(a, "dry-run")) {
        rooms_plan_print(cli, &plan, false);
    } else if (rc == EXIT_OK) {
        if (prune)
            rc = confirm_prune(cli, &plan, rf.path);
        if (rc == EXIT_OK) {
            rc = rooms_apply(cli, s, &rf, &plan);
            rooms_plan_print(cli, &plan, true);
            rooms_report(cli, &plan);
        }
    }
    rooms_plan_free(&plan);
    rooms_free(&rf);
    return rc;
}
