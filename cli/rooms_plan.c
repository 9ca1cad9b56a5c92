/* SPDX-License-Identifier: MIT */
/*
 * rooms_plan.c - compare a rooms file with the live rooms, read through
 * the library, and list the actions that would make them match: rooms to
 * create, fields to change (compared as the server's form types them),
 * the subject, affiliations to add, change or (with --prune) remove.
 */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fields.h"
#include "rooms.h"
#include "session.h"
#include "server/xutil.h"

void rooms_plan_error(struct rooms_plan *plan, const char *room,
                      const char *what, const char *condition, const char *text)
{
    struct rooms_action *a = rooms_plan_add(plan, ACT_ERROR, room, what);
    a->condition = xstrdup(condition);
    a->text = xstrdup(text);
}

/* The live affiliation of jid (NONE when on no list) and its nick. */
static mucadmin_affiliation_t live_aff(mucadmin_list_t *const *live,
                                       const char *jid, const char **nick)
{
    *nick = NULL;
    for (int li = 0; li < RL_N; li++)
        for (size_t i = 0; live[li] && i < mucadmin_list_count(live[li]); i++)
            if (!strcasecmp(mucadmin_list_jid(live[li], i), jid)) {
                *nick = mucadmin_list_nick(live[li], i);
                return rooms_list_aff(li);
            }
    return MUCADMIN_AFF_NONE;
}

static void aff_action(struct rooms_plan *plan, const char *room,
                       const char *jid, mucadmin_affiliation_t want,
                       mucadmin_affiliation_t old, const struct rooms_aff *e)
{
    struct rooms_action *a = rooms_plan_add(plan, ACT_AFF, room, jid);
    a->aff = want;
    a->old_aff = old;
    a->old = old ? xstrdup(mucadmin_affiliation_name(old)) : NULL;
    a->new = want ? xstrdup(mucadmin_affiliation_name(want)) : NULL;
    a->nick = e ? xstrdup(e->nick) : NULL;
    a->reason = e ? xstrdup(e->reason) : NULL;
}

static bool mentioned(const struct rooms_room *r, const char *jid)
{
    for (int li = 0; li < RL_N; li++)
        for (size_t i = 0; i < r->nlist[li]; i++)
            if (!strcasecmp(r->list[li][i].jid, jid))
                return true;
    return false;
}

/*
 * A nick of the file that the live list lacks: on a server that keeps no
 * nicks with affiliations (ejabberd 23.01), a change that could never
 * converge, so it is a warning (once per plan) and not an action.
 */
static bool nick_dropped(mucadmin_session_t *s, struct rooms_plan *plan,
                         const char *room, const struct rooms_aff *e,
                         const char *live_nick)
{
    if (live_nick || rooms_probe_nicks(s, room, plan))
        return false;
    if (!plan->nicks_dropped++)
        rooms_plan_warn(plan, room,
                        "%s: the nick '%s' (and any other "
                        "nick of the file) is not kept: this server "
                        "stores no nicks with affiliations",
                        e->jid, e->nick);
    return true;
}

/* The affiliation actions of one room; self (our bare JID) is never
 * pruned, and owns a room we create. */
static void plan_affs(mucadmin_session_t *s, struct rooms_plan *plan,
                      const char *room, const struct rooms_room *r,
                      mucadmin_list_t *const *live, const char *self,
                      bool prune, bool creating)
{
    for (int li = 0; li < RL_N; li++) {
        for (size_t i = 0; i < r->nlist[li]; i++) {
            const struct rooms_aff *e = &r->list[li][i];
            mucadmin_affiliation_t want = rooms_list_aff(li), old;
            const char *nick;
            old = live_aff(live, e->jid, &nick);
            if (old == MUCADMIN_AFF_NONE && !strcasecmp(e->jid, self) &&
                creating)
                old = MUCADMIN_AFF_OWNER; /* a room we create */
            bool renick = e->nick && (!nick || strcmp(nick, e->nick)) &&
                          !nick_dropped(s, plan, room, e, nick);
            if (old != want || renick)
                aff_action(plan, room, e->jid, want, old, e);
        }
    }
    for (size_t i = 0; i < r->nunlisted; i++) {
        const char *nick;
        mucadmin_affiliation_t old = live_aff(live, r->unlisted[i], &nick);
        if (old != MUCADMIN_AFF_NONE && !creating)
            aff_action(plan, room, r->unlisted[i], MUCADMIN_AFF_NONE, old,
                       NULL);
    }
    for (int li = 0; prune && li < RL_N; li++) {
        if (!r->has_list[li] || !live[li])
            continue;
        for (size_t i = 0; i < mucadmin_list_count(live[li]); i++) {
            const char *jid = mucadmin_list_jid(live[li], i);
            if (jid && !mentioned(r, jid) && strcasecmp(jid, self))
                aff_action(plan, room, jid, MUCADMIN_AFF_NONE,
                           rooms_list_aff(li), NULL);
        }
    }
}

/* An error the room answered (forbidden, item-not-found...: its condition
 * cond) becomes an action that fails; any other failure (connection...)
 * is returned. */
static mucadmin_status_t room_error(struct rooms_plan *plan, const char *room,
                                    const char *what, mucadmin_status_t st,
                                    const char *cond)
{
    if (st != MUCADMIN_E_STANZA)
        return st;
    rooms_plan_error(plan, room, what, cond ? cond : "stanza-error",
                     cond ? mucadmin_condition_explain(cond)
                          : mucadmin_strerror(st));
    return MUCADMIN_OK;
}

static mucadmin_status_t plan_new(struct cli *cli, mucadmin_session_t *s,
                                  const struct rooms_room *r, const char *room,
                                  const char *self, struct rooms_plan *plan)
{
    mucadmin_list_t *none[RL_N] = { NULL };
    mucadmin_status_t st = rooms_probe_form(s, room, plan);

    if (st != MUCADMIN_OK)
        return room_error(plan, room, NULL, st, mucadmin_error_condition(s));
    rooms_plan_add(plan, ACT_CREATE, room, NULL);
    rooms_plan_config(plan, room, r, plan->probe, true);
    if (r->subject)
        rooms_plan_add(plan, ACT_SUBJECT, room, NULL)->new = xstrdup(
            r->subject);
    plan_affs(s, plan, room, r, none, self, false, true);
    return MUCADMIN_OK;
}

/* The lists the file manages (managed) or leaves alone (!managed) into
 * live; a list we may not read (Prosody shows owners to owners only)
 * matters only if the file manages it. */
static mucadmin_status_t read_lists(mucadmin_session_t *s,
                                    const struct rooms_room *r,
                                    const char *room, const struct live *lv,
                                    bool managed, mucadmin_list_t **live,
                                    struct rooms_plan *plan, bool *unreadable)
{
    mucadmin_status_t st = MUCADMIN_OK;

    for (int li = 0; st == MUCADMIN_OK && li < RL_N; li++) {
        const char *cond;
        if (r->has_list[li] != managed)
            continue;
        st = rooms_live_list(s, lv, room, li, &live[li], &cond);
        if (st == MUCADMIN_OK)
            continue;
        if (cond && !strcmp(cond, "forbidden") && !r->has_list[li]) {
            st = MUCADMIN_OK;
            continue;
        }
        st = room_error(plan, room, rooms_list_names[li], st, cond);
        *unreadable = true;
    }
    return st;
}

/* Whether an entry of the file is not on the live list it wants, or the
 * file names JIDs to be on no list (an undo's), which any list may hold. */
static bool misplaced(const struct rooms_room *r, mucadmin_list_t *const *live)
{
    const char *nick;

    if (r->nunlisted > 0)
        return true;

    for (int li = 0; li < RL_N; li++)
        for (size_t i = 0; i < r->nlist[li]; i++)
            if (live_aff(live, r->list[li][i].jid, &nick) != rooms_list_aff(li))
                return true;
    return false;
}

/* The affiliation actions of an existing room, from the lists the file
 * manages (read with the batch).  The others are read, one room at a
 * time, only when an entry of the file is not on its list: they tell
 * what it is now (admin -> member), and a plan with nothing to change
 * never reads them. */
static mucadmin_status_t plan_lists(mucadmin_session_t *s,
                                    const struct rooms_room *r,
                                    const char *room, const char *self,
                                    bool prune, const struct live *lv,
                                    struct rooms_plan *plan)
{
    mucadmin_list_t *live[RL_N] = { NULL };
    mucadmin_status_t st;
    bool unreadable = false;

    if (!rooms_manages_lists(r))
        return MUCADMIN_OK;
    st = read_lists(s, r, room, lv, true, live, plan, &unreadable);
    if (st == MUCADMIN_OK && !unreadable && misplaced(r, live))
        st = read_lists(s, r, room, lv, false, live, plan, &unreadable);
    if (st == MUCADMIN_OK && !unreadable)
        plan_affs(s, plan, room, r, live, self, prune, false);
    for (int li = 0; li < RL_N; li++)
        if (live[li])
            mucadmin_list_free(live[li]);
    return st;
}

/* The file's subject against the live one, which only occupants are told:
 * reading it joins the room (and leaves). */
static mucadmin_status_t plan_subject(mucadmin_session_t *s,
                                      const struct rooms_room *r,
                                      const char *room, struct rooms_plan *plan)
{
    struct rooms_action *a;
    mucadmin_status_t st;
    char *live = NULL;

    if (!r->subject)
        return MUCADMIN_OK;
    if ((st = mucadmin_room_subject_get(s, room, &live)) != MUCADMIN_OK)
        return room_error(plan, room, "subject", st,
                          mucadmin_error_condition(s));
    if (strcmp(live ? live : "", r->subject)) {
        a = rooms_plan_add(plan, ACT_SUBJECT, room, NULL);
        a->old = live;
        a->new = xstrdup(r->subject);
        live = NULL;
    }
    free(live);
    return MUCADMIN_OK;
}

/* Whether the file sets a field of the room to another value than form
 * holds (or cannot set one). */
static bool config_differs(const struct rooms_plan *plan, const char *room,
                           const struct rooms_room *r,
                           const mucadmin_form_t *form)
{
    struct rooms_plan scratch;
    bool differs;

    memset(&scratch, 0, sizeof(scratch));
    scratch.skip_unknown = plan->skip_unknown;
    rooms_plan_config(&scratch, room, r, form, false);
    differs = scratch.n || scratch.nwarn;
    rooms_plan_free(&scratch);
    return differs;
}

/* The plan of one room from its reads lv.  A configuration read from the
 * room's disco#info shows that nothing is to change; any difference has
 * the owner's form read, which says what to set (or that we may not). */
static mucadmin_status_t plan_room(struct cli *cli, mucadmin_session_t *s,
                                   const struct rooms_room *r, const char *room,
                                   bool prune, const struct live *lv,
                                   struct rooms_plan *plan)
{
    mucadmin_form_t *form = NULL;
    const char *bound = mucadmin_session_bound_jid(s), *cond = NULL;
    char *self = strndup(bound ? bound : "", strcspn(bound ? bound : "", "/"));
    mucadmin_status_t st;

    if (!self)
        out_of_memory();
    st = rooms_live_config(s, lv, room, &form, &cond);
    if (st == MUCADMIN_OK && mucadmin_reads_from_info(lv->reads, lv->config) &&
        config_differs(plan, room, r, form)) {
        mucadmin_form_free(form);
        form = NULL;
        st = mucadmin_room_config_get(s, room, &form);
        cond = st == MUCADMIN_E_STANZA ? mucadmin_error_condition(s) : NULL;
    }
    if (cond && (!strcmp(cond, "item-not-found") ||
                 (plan->recreate_gone && !strcmp(cond, "gone")))) {
        st = plan->no_create ? room_error(plan, room, NULL, st, cond)
                             : plan_new(cli, s, r, room, self, plan);
    } else if (cond && !strcmp(cond, "forbidden")) {
        /* Not an owner: an admin still manages the lists. */
        st = r->nconfig ? room_error(plan, room, "config", st, cond)
                        : MUCADMIN_OK;
        if (st == MUCADMIN_OK)
            st = plan_subject(s, r, room, plan);
        if (st == MUCADMIN_OK)
            st = plan_lists(s, r, room, self, prune, lv, plan);
    } else if (st != MUCADMIN_OK) {
        st = room_error(plan, room, NULL, st, cond);
    } else {
        rooms_plan_config(plan, room, r, form, false);
        st = plan_subject(s, r, room, plan);
        if (st == MUCADMIN_OK)
            st = plan_lists(s, r, room, self, prune, lv, plan);
    }
    if (form)
        mucadmin_form_free(form);
    free(self);
    return st;
}

mucadmin_status_t rooms_plan_room(struct cli *cli, mucadmin_session_t *s,
                                  const struct rooms_room *r, const char *room,
                                  bool prune, struct rooms_plan *plan)
{
    mucadmin_reads_t *reads = mucadmin_reads_new();
    mucadmin_status_t st;
    struct live lv;

    if (!reads)
        out_of_memory();
    rooms_live_queue(&lv, reads, r, room);
    st = mucadmin_reads_run(s, reads);
    if (st == MUCADMIN_OK)
        st = plan_room(cli, s, r, room, prune, &lv, plan);
    mucadmin_reads_free(reads);
    return st;
}

static bool listed(char *const *rooms, size_t n, const char *jid)
{
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(rooms[i], jid))
            return true;
    return false;
}

/* Whether self is on the owner list of room (false when unreadable). */
static bool owned(mucadmin_session_t *s, const char *room, const char *self)
{
    mucadmin_list_t *l;
    bool yes = false;

    if (mucadmin_room_affiliation_list(s, room, MUCADMIN_AFF_OWNER, &l) !=
        MUCADMIN_OK)
        return false;
    for (size_t i = 0; i < mucadmin_list_count(l); i++)
        yes |= !strcasecmp(mucadmin_list_jid(l, i), self);
    mucadmin_list_free(l);
    return yes;
}

/* --prune: rooms of the file's services that the file does not mention,
 * that its prune scope owns and that we own, are destroyed.  Only rooms
 * the service lists (public ones) can be found. */
static mucadmin_status_t plan_destroy(mucadmin_session_t *s, char *const *rooms,
                                      size_t n, const struct rooms_file *rf,
                                      struct rooms_plan *plan)
{
    const char *bound = mucadmin_session_bound_jid(s);
    char *self = strndup(bound ? bound : "", strcspn(bound ? bound : "", "/"));

    for (size_t i = 0; self && i < n; i++) {
        const char *service = strchr(rooms[i], '@') + 1;
        mucadmin_list_t *l;
        mucadmin_status_t st;
        bool seen = false;
        for (size_t j = 0; j < i; j++)
            seen |= !strcasecmp(strchr(rooms[j], '@') + 1, service);
        if (seen)
            continue;
        st = mucadmin_service_room_list(s, service, &l);
        if (st != MUCADMIN_OK && st != MUCADMIN_E_STANZA) {
            free(self);
            return st;
        }
        for (size_t k = 0; st == MUCADMIN_OK && k < mucadmin_list_count(l);
             k++) {
            const char *jid = mucadmin_list_jid(l, k);
            if (jid && !listed(rooms, n, jid) && rooms_prune_owns(rf, jid) &&
                owned(s, jid, self))
                rooms_plan_add(plan, ACT_DESTROY, jid, NULL)->src = rf->rooms;
        }
        if (st == MUCADMIN_OK)
            mucadmin_list_free(l);
    }
    free(self);
    return MUCADMIN_OK;
}

int rooms_plan(struct cli *cli, mucadmin_session_t *s,
               const struct rooms_file *rf, bool prune, struct rooms_plan *plan)
{
    char **rooms = calloc(rf->nrooms + 1, sizeof(*rooms));
    struct live *lv = calloc(rf->nrooms + 1, sizeof(*lv));
    mucadmin_reads_t *reads = mucadmin_reads_new();
    mucadmin_status_t st = MUCADMIN_OK;
    size_t i;
    int rc = EXIT_OK;

    if (!rooms || !lv || !reads)
        out_of_memory();
    plan->prune = prune;
    /* Every room's reads at once, pipelined (its disco#info and lists,
     * then the forms of the rooms that exist); then the plans. */
    for (i = 0; rc == EXIT_OK && i < rf->nrooms; i++)
        if ((rc = cli_room(cli, rf->rooms[i].jid, &rooms[i])) == EXIT_OK)
            rooms_live_queue(&lv[i], reads, &rf->rooms[i], rooms[i]);
    if (rc == EXIT_OK && (st = mucadmin_reads_run(s, reads)) != MUCADMIN_OK)
        rc = cli_fail(cli, s, rooms[rooms_live_failed(lv, rf->nrooms, st)], st);
    for (i = 0; rc == EXIT_OK && i < rf->nrooms; i++) {
        size_t first = plan->n;
        st = plan_room(cli, s, &rf->rooms[i], rooms[i], prune, &lv[i], plan);
        if (st != MUCADMIN_OK)
            rc = cli_fail(cli, s, rooms[i], st);
        for (size_t k = first; k < plan->n; k++)
            plan->acts[k].src = &rf->rooms[i];
    }
    mucadmin_reads_free(reads);
    free(lv);
    /* A server admin's --prune would destroy every user's room: only a
     * file that says which room names it owns destroys any. */
    if (rc == EXIT_OK && prune && !rf->nprune && !cli->quiet)
        cli_error(cli, 0, NULL, "skipped",
                  "--prune destroys no room: %s "
                  "declares no 'prune:' scope of room names it owns",
                  rf->path);
    if (rc == EXIT_OK && prune && rf->nrooms && rf->nprune &&
        (st = plan_destroy(s, rooms, rf->nrooms, rf, plan)))
        rc = cli_fail(cli, s, NULL, st);
    for (i = 0; rc == EXIT_OK && i < plan->nwarn; i++)
        cli_error(cli, EXIT_OK, NULL, NULL, "%.*s: warning: %s",
                  (int)strcspn(plan->warn[i], "\t"), plan->warn[i],
                  strchr(plan->warn[i], '\t') + 1);
    for (i = 0; i < rf->nrooms; i++)
        free(rooms[i]);
    free(rooms);
    return rc;
}
