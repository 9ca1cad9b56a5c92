/* SPDX-License-Identifier: MIT */
/*
 * rooms_apply.c - carry out a plan room by room: create missing rooms
 * configured before they unlock, change fields, set affiliations in one
 * pipelined batch, then read every room back and compare.  Each action
 * keeps its own outcome, so that a partial failure, a lost connection or
 * ^C still says exactly what was changed.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "journal.h"
#include "rooms.h"
#include "session.h"
#include "server/xutil.h"

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void set_state(struct rooms_action *a, enum rooms_state st,
                      const char *condition, const char *text)
{
    char *c = dup_or_null(condition), *t = dup_or_null(text);

    a->state = st;
    free(a->condition);
    free(a->text);
    a->condition = c;
    a->text = t;
}

/* Whether st means the session cannot go on (the rest is not done). */
static bool fatal(mucadmin_status_t st)
{
    return st == MUCADMIN_E_CONNECT || st == MUCADMIN_E_NOTCONN ||
           st == MUCADMIN_E_CANCELLED || st == MUCADMIN_E_TIMEOUT ||
           st == MUCADMIN_E_NOMEM;
}

/* The outcome of one call for action a. */
static void outcome(mucadmin_session_t *s, struct rooms_action *a,
                    mucadmin_status_t st)
{
    const char *cond = mucadmin_error_condition(s);
    const char *text = mucadmin_error_text(s);

    if (st == MUCADMIN_OK)
        set_state(a, ST_APPLIED, NULL, NULL);
    else if (fatal(st))
        set_state(a, ST_UNKNOWN, cli_status_condition(st),
                  "no answer: it may or may not have been applied");
    else if (st == MUCADMIN_E_STANZA && cond)
        set_state(a, ST_FAILED, cond,
                  text ? text : mucadmin_condition_explain(cond));
    else
        set_state(a, ST_FAILED, cli_status_condition(st),
                  mucadmin_error_detail(s) ? mucadmin_error_detail(s)
                                           : mucadmin_strerror(st));
}

/* Create the room of a[0..n) or change its fields, in one request. */
static mucadmin_status_t config(mucadmin_session_t *s, struct rooms_action *a,
                                size_t n, bool create)
{
    const char **vars = calloc(n + 1, sizeof(*vars));
    const char **values = calloc(n + 1, sizeof(*values));
    mucadmin_status_t st;
    size_t k = 0;

    if (!vars || !values)
        out_of_memory();
    for (size_t i = 0; i < n; i++)
        if (a[i].kind == ACT_CONFIG) {
            vars[k] = a[i].var;
            values[k++] = a[i].value;
        }
    if (create)
        st = mucadmin_room_create(s, a->room, vars, values, k);
    else
        st = k ? mucadmin_room_config_set(s, a->room, vars, values, k)
               : MUCADMIN_OK;
    for (size_t i = 0; i < n; i++) {
        if (a[i].kind != ACT_CONFIG && a[i].kind != ACT_CREATE)
            continue;
        outcome(s, &a[i], st == MUCADMIN_E_IGNORED ? MUCADMIN_OK : st);
        for (size_t j = 0; st == MUCADMIN_E_IGNORED &&
                           j < mucadmin_room_config_ignored_count(s);
             j++)
            if (a[i].var &&
                !strcmp(a[i].var, mucadmin_room_config_ignored_var(s, j)))
                set_state(&a[i], ST_FAILED, "ignored",
                          "the server accepted it but did not apply it");
    }
    free(vars);
    free(values);
    return st == MUCADMIN_E_IGNORED ? MUCADMIN_OK : st;
}

/* Affiliations of one room in one pipelined batch. */
static mucadmin_status_t affiliations(mucadmin_session_t *s,
                                      struct rooms_action *a, size_t n)
{
    mucadmin_batch_t *b = mucadmin_batch_new();
    mucadmin_status_t st;
    size_t k = 0;

    if (!b)
        return MUCADMIN_E_NOMEM;
    for (size_t i = 0; i < n; i++)
        if (a[i].kind == ACT_AFF)
            mucadmin_batch_add(b, a[i].what, a[i].aff, a[i].nick, a[i].reason);
    if (mucadmin_batch_count(b) == 0) {
        mucadmin_batch_free(b);
        return MUCADMIN_OK;
    }
    st = mucadmin_batch_apply(s, a->room, b, MUCADMIN_BATCH_DETECT);
    for (size_t i = 0; i < n; i++) {
        if (a[i].kind != ACT_AFF)
            continue;
        mucadmin_status_t ist = mucadmin_batch_status(b, k);
        const char *cond = mucadmin_batch_condition(b, k);
        const char *text = mucadmin_batch_text(b, k++);
        if (ist == MUCADMIN_OK)
            set_state(&a[i], ST_APPLIED, NULL, NULL);
        else if (fatal(ist))
            set_state(&a[i], ST_UNKNOWN, cli_status_condition(ist),
                      "no answer: it may or may not have been applied");
        else
            set_state(&a[i], ST_FAILED, cond ? cond : cli_status_condition(ist),
                      text   ? text
                      : cond ? mucadmin_condition_explain(cond)
                             : mucadmin_strerror(ist));
    }
    mucadmin_batch_free(b);
    return fatal(st) ? st : MUCADMIN_OK;
}

/* The actions of the room from a[0] still to do become "not done". */
static void not_done(struct rooms_action *a, size_t n, const char *cond,
                     const char *why)
{
    for (size_t i = 0; i < n; i++)
        if (a[i].state == ST_PENDING)
            set_state(&a[i], ST_NOT_DONE, cond, why);
}

/* Read the room back: an applied action still in its plan failed. */
static mucadmin_status_t verify(struct cli *cli, mucadmin_session_t *s,
                                struct rooms_plan *plan, size_t first, size_t n)
{
    struct rooms_action *a = &plan->acts[first];
    struct rooms_plan again = { 0 };
    mucadmin_status_t st;

    /* What the plan learnt of the server holds for its read-back. */
    again.skip_unknown = plan->skip_unknown;
    again.recreate_gone = plan->recreate_gone;
    again.no_create = plan->no_create;
    again.nicks_kept = plan->nicks_kept;
    if (plan->nick_service &&
        !(again.nick_service = strdup(plan->nick_service)))
        out_of_memory();
    st = rooms_plan_room(cli, s, a->src, a->room, plan->prune, &again);
    for (size_t i = 0; st == MUCADMIN_OK && i < n; i++) {
        if (a[i].state != ST_APPLIED)
            continue;
        for (size_t j = 0; j < again.n; j++) {
            const struct rooms_action *b = &again.acts[j];
            if (b->kind == a[i].kind &&
                (a[i].kind == ACT_CREATE || a[i].kind == ACT_SUBJECT ||
                 (a[i].var && b->var && !strcmp(a[i].var, b->var)) ||
                 (a[i].kind == ACT_AFF && !strcasecmp(a[i].what, b->what))))
                set_state(&a[i], ST_FAILED, "not-applied",
                          "the server answered result, but reading the "
                          "room back shows it unchanged");
        }
    }
    rooms_plan_free(&again);
    return st;
}

/* --prune: a room the file does not mention; read back, it must be gone. */
static mucadmin_status_t destroy(mucadmin_session_t *s, struct rooms_action *a)
{
    mucadmin_info_t *info = NULL;
    mucadmin_status_t st;
    const char *cond;

    st = mucadmin_room_destroy(s, a->room,
                               a->reason ? a->reason : "not in the rooms file",
                               NULL, NULL);
    outcome(s, a, st);
    if (st != MUCADMIN_OK)
        return fatal(st) ? st : MUCADMIN_OK;
    /* disco#info, not an owner's form get: ejabberd answers that one by
     * creating a temporary room. */
    st = mucadmin_room_info_get(s, a->room, &info);
    cond = st == MUCADMIN_E_STANZA ? mucadmin_error_condition(s) : NULL;
    mucadmin_info_free(info);
    /* Prosody keeps a tombstone, which answers "gone". */
    if (st == MUCADMIN_OK ||
        (cond && strcmp(cond, "item-not-found") && strcmp(cond, "gone")))
        set_state(a, ST_FAILED, "not-applied",
                  "the server answered result, but the room is still there");
    return fatal(st) ? st : MUCADMIN_OK;
}

/* Every action of one room: a[0..n). */
static mucadmin_status_t apply_room(struct cli *cli, mucadmin_session_t *s,
                                    struct rooms_plan *plan, size_t first,
                                    size_t n)
{
    struct rooms_action *a = &plan->acts[first];
    bool create = a->kind == ACT_CREATE;
    mucadmin_status_t st;

    if (a->kind == ACT_DESTROY)
        return destroy(s, a);

    for (size_t i = 0; i < n; i++)
        if (a[i].kind == ACT_ERROR)
            set_state(&a[i], ST_FAILED, a[i].condition, a[i].text);
    st = config(s, a, n, create);
    if (create && a->state != ST_APPLIED) {
        not_done(a, n, "not-created", "the room could not be created");
        return fatal(st) ? st : MUCADMIN_OK;
    }
    for (size_t i = 0; st == MUCADMIN_OK && i < n; i++)
        if (a[i].kind == ACT_SUBJECT) {
            st = mucadmin_room_subject_set(s, a[i].room, a[i].new);
            outcome(s, &a[i], st);
            st = fatal(st) ? st : MUCADMIN_OK;
        }
    if (st == MUCADMIN_OK)
        st = affiliations(s, a, n);
    if (st == MUCADMIN_OK && !cli_interrupted())
        st = verify(cli, s, plan, first, n);
    not_done(a, n, cli_interrupted() ? "interrupted" : cli_status_condition(st),
             "not sent");
    return st;
}

int rooms_apply(struct cli *cli, mucadmin_session_t *s,
                const struct rooms_file *rf, struct rooms_plan *plan)
{
    struct cli_signals old;
    struct journal *j = NULL;
    mucadmin_status_t st = MUCADMIN_OK;
    size_t i = 0, end, applied = 0;
    int rc = EXIT_OK;

    /* Nothing unrecorded is sent. */
    if (plan->n && (rc = rooms_journal(cli, s, plan, &j))) {
        not_done(plan->acts, plan->n, "journal", "not sent");
        return rc;
    }

    /* The session watches the flag (cli_connect): ^C or SIGTERM stops
     * what is in flight, and nothing more is sent. */
    cli_signals_catch(&old);
    for (; i < plan->n; i = end) {
        for (end = i + 1;
             end < plan->n && !strcmp(plan->acts[end].room, plan->acts[i].room);
             end++)
            ;
        if (cli_interrupted() || fatal(st))
            not_done(&plan->acts[i], end - i,
                     cli_interrupted() ? "interrupted"
                                       : cli_status_condition(st),
                     "not sent");
        else
            st = apply_room(cli, s, plan, i, end - i);
    }
    cli_signals_restore(&old);
    for (i = 0; i < plan->n; i++)
        if (plan->acts[i].state != ST_APPLIED)
            rc = EXIT_PARTIAL;
        else
            applied++;
    if (cli_interrupted())
        rc = EXIT_INTERRUPTED;
    else if (fatal(st))
        rc = cli_exit_code(st);
    journal_end(cli, j, rc, applied > 0);
    return rc;
}
