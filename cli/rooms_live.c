/* SPDX-License-Identifier: MIT */
/*
 * rooms_live.c - the live state a plan compares the file with: the reads
 * of each room queued in one pipelined batch (its configuration, from its
 * disco#info where that says every field the file sets; the lists the
 * file manages), and what each room's reads answered.
 */
#include <stdlib.h>

#include "fields.h"
#include "rooms.h"
#include "server/xutil.h"

bool rooms_manages_lists(const struct rooms_room *r)
{
    bool managed = r->nunlisted > 0;

    for (int li = 0; li < RL_N; li++)
        managed |= r->has_list[li] || r->nlist[li];
    return managed;
}

/*
 * Queue the reads the plan of a room needs: its configuration (from its
 * disco#info when that says every field the file sets, see
 * plan_room()), and the lists the file manages (plan_lists() reads the
 * others only when there is a change to show).  Whether the room exists is
 * never inferred from an owner's form get (ejabberd answers that from a
 * temporary room it creates, dropping what is sent to it meanwhile): the
 * batch asks the forms' rooms disco#info first, and a room that does not
 * exist gets that item-not-found for its form.
 */
void rooms_live_queue(struct live *lv, mucadmin_reads_t *reads,
                      const struct rooms_room *r, const char *room)
{
    const char **vars = calloc(r->nconfig + 1, sizeof(*vars));

    if (!vars)
        out_of_memory();
    for (size_t k = 0; k < r->nconfig; k++) {
        const char *alias = mucadmin_field_alias_of(r->config[k].name);
        vars[k] = mucadmin_form_resolve(NULL,
                                        alias ? alias : r->config[k].name);
    }
    lv->reads = reads;
    lv->config = mucadmin_reads_add_config_fields(reads, room, vars,
                                                  r->nconfig);
    free(vars);
    for (int li = 0; li < RL_N; li++)
        lv->list[li] = r->has_list[li]
                           ? mucadmin_reads_add_list(reads, room,
                                                     rooms_list_aff(li))
                           : MUCADMIN_READS_ERROR;
}

/* Whether item i of the reads holds the room's answer (a result or a
 * stanza error).  Otherwise (not queued, no form in the answer...) it is
 * read again alone, so that the session holds the error as it always
 * did for the messages. */
bool rooms_live_answered(const struct live *lv, size_t i)
{
    mucadmin_status_t st = mucadmin_reads_status(lv->reads, i);

    return i != MUCADMIN_READS_ERROR &&
           (st == MUCADMIN_OK || st == MUCADMIN_E_STANZA);
}

/* The room's configuration form (the caller's) and, for a stanza error,
 * its condition. */
mucadmin_status_t rooms_live_config(mucadmin_session_t *s,
                                    const struct live *lv, const char *room,
                                    mucadmin_form_t **form, const char **cond)
{
    mucadmin_status_t st;

    *form = NULL;
    if (!rooms_live_answered(lv, lv->config)) {
        st = mucadmin_room_config_get(s, room, form);
        *cond = st == MUCADMIN_E_STANZA ? mucadmin_error_condition(s) : NULL;
        return st;
    }
    st = mucadmin_reads_status(lv->reads, lv->config);
    *cond = mucadmin_reads_condition(lv->reads, lv->config);
    *form = mucadmin_reads_take_form(lv->reads, lv->config);
    return st;
}

/* List li of the room (the caller's), as rooms_live_config(). */
mucadmin_status_t rooms_live_list(mucadmin_session_t *s, const struct live *lv,
                                  const char *room, int li,
                                  mucadmin_list_t **list, const char **cond)
{
    mucadmin_status_t st;

    *list = NULL;
    if (!rooms_live_answered(lv, lv->list[li])) {
        st = mucadmin_room_affiliation_list(s, room, rooms_list_aff(li), list);
        *cond = st == MUCADMIN_E_STANZA ? mucadmin_error_condition(s) : NULL;
        return st;
    }
    st = mucadmin_reads_status(lv->reads, lv->list[li]);
    *cond = mucadmin_reads_condition(lv->reads, lv->list[li]);
    *list = mucadmin_reads_take_list(lv->reads, lv->list[li]);
    return st;
}

/* The reads of the first room (of n) that the run failed with st. */
size_t rooms_live_failed(const struct live *lv, size_t n, mucadmin_status_t st)
{
    for (size_t i = 0; i < n; i++) {
        if (lv[i].config != MUCADMIN_READS_ERROR &&
            mucadmin_reads_status(lv[i].reads, lv[i].config) == st)
            return i;
        for (int li = 0; li < RL_N; li++)
            if (lv[i].list[li] != MUCADMIN_READS_ERROR &&
                mucadmin_reads_status(lv[i].reads, lv[i].list[li]) == st)
                return i;
    }
    return 0;
}
