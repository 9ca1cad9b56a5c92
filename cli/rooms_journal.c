/* SPDX-License-Identifier: MIT */
/*
 * rooms_journal.c - a plan as one journal entry, written before apply
 * sends anything: per room, the fields' live values and the ones sent,
 * the subject, the affiliations before and after, a room created, and a
 * room destroyed (recorded whole first, so that undo can re-create it).
 */
#include <stdlib.h>
#include <string.h>

#include "server/xutil.h"
#include "journal.h"
#include "rooms.h"
#include "session.h"

/* The actions of kind in a[0..n) as one change of their room. */
static void add_config(struct journal *j, const struct rooms_action *a,
                       size_t n, bool create)
{
    const char **vars = calloc(n + 1, sizeof(*vars));
    const char **before = calloc(n + 1, sizeof(*before));
    const char **after = calloc(n + 1, sizeof(*after));
    size_t k = 0;

    if (!vars || !before || !after)
        out_of_memory();
    for (size_t i = 0; i < n; i++)
        if (a[i].kind == ACT_CONFIG && a[i].var) {
            vars[k] = a[i].var;
            before[k] = a[i].before;
            after[k++] = a[i].value;
        }
    if (k || create) {
        char *bj = journal_fields(vars, before, k);
        char *aj = journal_fields(vars, after, k);
        journal_add(j, a->room, create ? "create" : "config",
                    create ? NULL : bj, aj);
        free(bj);
        free(aj);
    }
    free(vars);
    free(before);
    free(after);
}

static void add_affs(struct journal *j, const struct rooms_action *a, size_t n)
{
    const char **jids = calloc(n + 1, sizeof(*jids));
    int *before = calloc(n + 1, sizeof(*before));
    int *after = calloc(n + 1, sizeof(*after));
    size_t k = 0;

    if (!jids || !before || !after)
        out_of_memory();
    for (size_t i = 0; i < n; i++)
        if (a[i].kind == ACT_AFF) {
            jids[k] = a[i].what;
            before[k] = (int)a[i].old_aff;
            after[k++] = (int)a[i].aff;
        }
    if (k) {
        char *bj = journal_affs(jids, before, k);
        char *aj = journal_affs(jids, after, k);
        journal_add(j, a->room, "affiliation", bj, aj);
        free(bj);
        free(aj);
    }
    free(jids);
    free(before);
    free(after);
}

/* One room's actions a[0..n). */
static int add_room(struct cli *cli, mucadmin_session_t *s, struct journal *j,
                    const struct rooms_action *a, size_t n)
{
    if (a->kind == ACT_DESTROY) {
        char *snap = NULL;
        int rc = journal_snapshot(cli, s, a->room, &snap);
        if (rc == EXIT_OK)
            journal_add(j, a->room, "destroy", snap, NULL);
        free(snap);
        return rc;
    }
    add_config(j, a, n, a->kind == ACT_CREATE);
    for (size_t i = 0; i < n; i++)
        if (a[i].kind == ACT_SUBJECT) {
            char *bj = journal_str(a[i].old), *aj = journal_str(a[i].new);
            journal_add(j, a->room, "subject", bj, aj);
            free(bj);
            free(aj);
        }
    add_affs(j, a, n);
    return EXIT_OK;
}

int rooms_journal(struct cli *cli, mucadmin_session_t *s,
                  const struct rooms_plan *plan, struct journal **out)
{
    struct journal *j = journal_new();
    size_t i = 0, end;
    int rc = EXIT_OK;

    *out = NULL;
    for (; rc == EXIT_OK && i < plan->n; i = end) {
        for (end = i + 1;
             end < plan->n && !strcmp(plan->acts[end].room, plan->acts[i].room);
             end++)
            ;
        rc = add_room(cli, s, j, &plan->acts[i], end - i);
    }
    if (rc == EXIT_OK)
        rc = journal_begin(cli, s, j);
    if (rc == EXIT_OK)
        *out = j;
    else
        journal_free(j);
    return rc;
}
