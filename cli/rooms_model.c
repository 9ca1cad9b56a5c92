/* SPDX-License-Identifier: MIT */
/*
 * rooms_model.c - the rooms file's structs (list names, defaults merged
 * into a room, freeing) and plans' (actions added, named and freed).
 */
#define _GNU_SOURCE /* asprintf, vasprintf */
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rooms.h"
#include "server/xutil.h"

const char *const rooms_list_names[RL_N] = { "owners", "admins", "members",
                                             "outcasts" };

mucadmin_affiliation_t rooms_list_aff(int list)
{
    static const mucadmin_affiliation_t affs[RL_N] = { MUCADMIN_AFF_OWNER,
                                                       MUCADMIN_AFF_ADMIN,
                                                       MUCADMIN_AFF_MEMBER,
                                                       MUCADMIN_AFF_OUTCAST };
    return affs[list];
}

/* Copy the defaults' fields and entries the room does not have itself. */
int rooms_merge_defaults(struct rooms_room *r, const struct rooms_room *d)
{
    for (size_t i = 0; i < d->nconfig; i++) {
        size_t j;
        for (j = 0; j < r->nconfig; j++)
            if (!strcmp(r->config[j].name, d->config[i].name))
                break;
        if (j < r->nconfig)
            continue;
        struct rooms_field *c = realloc(r->config,
                                        (r->nconfig + 1) * sizeof(*c));
        if (!c)
            return -1;
        r->config = c;
        c[r->nconfig].name = strdup(d->config[i].name);
        c[r->nconfig].value = strdup(d->config[i].value);
        if (!c[r->nconfig++].value)
            return -1;
    }
    if (!r->subject && d->subject && !(r->subject = strdup(d->subject)))
        return -1;
    for (int li = 0; li < RL_N; li++) {
        r->has_list[li] |= d->has_list[li];
        for (size_t i = 0; i < d->nlist[li]; i++) {
            const struct rooms_aff *e = &d->list[li][i];
            bool dup = false;
            for (int lj = 0; lj < RL_N; lj++)
                for (size_t j = 0; j < r->nlist[lj]; j++)
                    dup |= !strcasecmp(r->list[lj][j].jid, e->jid);
            if (dup)
                continue; /* the room's own entry wins */
            struct rooms_aff *a = realloc(r->list[li],
                                          (r->nlist[li] + 1) * sizeof(*a));
            if (!a)
                return -1;
            r->list[li] = a;
            a += r->nlist[li]++;
            a->jid = strdup(e->jid);
            a->nick = e->nick ? strdup(e->nick) : NULL;
            a->reason = e->reason ? strdup(e->reason) : NULL;
            if (!a->jid)
                return -1;
        }
    }
    return 0;
}

void rooms_room_clear(struct rooms_room *r)
{
    free(r->jid);
    for (size_t i = 0; i < r->nconfig; i++) {
        free(r->config[i].name);
        free(r->config[i].value);
    }
    free(r->config);
    free(r->subject);
    for (int li = 0; li < RL_N; li++) {
        for (size_t i = 0; i < r->nlist[li]; i++) {
            free(r->list[li][i].jid);
            free(r->list[li][i].nick);
            free(r->list[li][i].reason);
        }
        free(r->list[li]);
    }
    for (size_t i = 0; i < r->nunlisted; i++)
        free(r->unlisted[i]);
    free(r->unlisted);
    memset(r, 0, sizeof(*r));
}

void rooms_free(struct rooms_file *rf)
{
    for (size_t i = 0; i < rf->nrooms; i++)
        rooms_room_clear(&rf->rooms[i]);
    free(rf->rooms);
    free(rf->path);
    free(rf->service);
    for (size_t i = 0; i < rf->nprune; i++)
        free(rf->prune[i]);
    free(rf->prune);
    memset(rf, 0, sizeof(*rf));
}

bool rooms_prune_owns(const struct rooms_file *rf, const char *room)
{
    const char *at = strchr(room, '@');
    char *local = strndup(room, at ? (size_t)(at - room) : 0);
    bool yes = false;

    for (size_t i = 0; local && at && !yes && i < rf->nprune; i++)
        yes = fnmatch(rf->prune[i], local, FNM_CASEFOLD) == 0;
    free(local);
    return yes;
}

const char *rooms_twice(const struct rooms_room *r, int *li, int *lj)
{
    for (*li = 0; *li < RL_N; (*li)++)
        for (size_t i = 0; i < r->nlist[*li]; i++)
            for (*lj = *li; *lj < RL_N; (*lj)++)
                for (size_t j = *lj == *li ? i + 1 : 0; j < r->nlist[*lj]; j++)
                    if (!strcasecmp(r->list[*li][i].jid, r->list[*lj][j].jid))
                        return r->list[*li][i].jid;
    return NULL;
}

struct rooms_action *rooms_plan_add(struct rooms_plan *plan,
                                    enum rooms_act kind, const char *room,
                                    const char *what)
{
    struct rooms_action *a;

    if (plan->n == plan->cap) {
        size_t cap = plan->cap ? 2 * plan->cap : 64;
        a = realloc(plan->acts, cap * sizeof(*a));
        if (!a)
            out_of_memory();
        plan->acts = a;
        plan->cap = cap;
    }
    a = &plan->acts[plan->n++];
    memset(a, 0, sizeof(*a));
    a->kind = kind;
    a->room = strdup(room);
    a->what = what ? strdup(what) : NULL;
    if (!a->room || (what && !a->what))
        out_of_memory();
    return a;
}

void rooms_plan_free(struct rooms_plan *plan)
{
    for (size_t i = 0; i < plan->n; i++) {
        struct rooms_action *a = &plan->acts[i];
        free(a->room);
        free(a->what);
        free(a->var);
        free(a->old);
        free(a->new);
        free(a->value);
        free(a->before);
        free(a->nick);
        free(a->reason);
        free(a->condition);
        free(a->text);
    }
    free(plan->acts);
    if (plan->probe)
        mucadmin_form_free(plan->probe);
    free(plan->probe_service);
    free(plan->nick_service);
    for (size_t i = 0; i < plan->nwarn; i++)
        free(plan->warn[i]);
    free(plan->warn);
    memset(plan, 0, sizeof(*plan));
}

void rooms_plan_warn(struct rooms_plan *plan, const char *room, const char *fmt,
                     ...)
{
    char *text, *line, **w;
    va_list ap;

    va_start(ap, fmt);
    if (vasprintf(&text, fmt, ap) < 0)
        out_of_memory();
    va_end(ap);
    if (asprintf(&line, "%s\t%s", room, text) < 0 ||
        !(w = realloc(plan->warn, (plan->nwarn + 1) * sizeof(*w))))
        out_of_memory();
    free(text);
    plan->warn = w;
    plan->warn[plan->nwarn++] = line;
}

const char *rooms_action_verb(const struct rooms_action *a)
{
    switch (a->kind) {
    case ACT_CREATE: return "create";
    case ACT_CONFIG: return "config";
    case ACT_SUBJECT: return "subject";
    case ACT_DESTROY: return "destroy";
    case ACT_ERROR: return "error";
    case ACT_AFF:
        return a->old_aff == MUCADMIN_AFF_NONE ? "add"
               : a->aff == MUCADMIN_AFF_NONE   ? "remove"
                                               : "change";
    }
    return "?";
}
