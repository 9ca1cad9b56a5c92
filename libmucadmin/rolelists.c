/* SPDX-License-Identifier: MIT */
/*
 * rolelists.c - a room's occupants from its role lists (muc#admin gets
 * with role='moderator', 'participant', 'visitor', pipelined): Prosody
 * answers them to the room's owners and admins without their joining.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const mucadmin_role_t roles[] = {
    MUCADMIN_ROLE_MODERATOR,
    MUCADMIN_ROLE_PARTICIPANT,
    MUCADMIN_ROLE_VISITOR,
};
#define NROLES (sizeof(roles) / sizeof(*roles))

/* The first failed read's error as the session's; its status. */
static mucadmin_status_t reads_error(mucadmin_session_t *s,
                                     const mucadmin_reads_t *r)
{
    mucadmin_status_t st;
    size_t i;

    for (i = 0; i < NROLES; i++) {
        if ((st = mucadmin_reads_status(r, i)) == MUCADMIN_OK)
            continue;
        if (st == MUCADMIN_E_STANZA) {
            mca_stanza_error_clear(&s->err);
            s->err.condition = mca_xstrdup(mucadmin_reads_condition(r, i));
            s->err.type = mca_xstrdup(mucadmin_reads_error_type(r, i));
            s->err.text = mca_xstrdup(mucadmin_reads_text(r, i));
            mca_sess_detail(s, "%s: %s",
                            s->err.condition ? s->err.condition : "",
                            s->err.text
                                ? s->err.text
                                : mucadmin_condition_explain(s->err.condition));
        }
        return st;
    }
    return MUCADMIN_OK;
}

mucadmin_status_t mucadmin_room_occupant_list_by_role(mucadmin_session_t *s,
                                                      const char *room,
                                                      mucadmin_list_t **list)
{
    mucadmin_reads_t *r;
    mucadmin_status_t st;
    mucadmin_list_t *all = NULL, *one;
    size_t i, j;

    if (list)
        *list = NULL;
    if (!room || !list || !mucadmin_jid_valid(room, 1))
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    if (!(r = mucadmin_reads_new()))
        return MUCADMIN_E_NOMEM;
    for (i = 0; i < NROLES; i++)
        if (mucadmin_reads_add_role(r, room, roles[i]) != i)
            st = MUCADMIN_E_NOMEM;
    if (st == MUCADMIN_OK && (st = mucadmin_reads_run(s, r)) == MUCADMIN_OK)
        st = reads_error(s, r);
    if (st == MUCADMIN_OK && !(all = mca_list_new()))
        st = MUCADMIN_E_NOMEM;
    for (i = 0; st == MUCADMIN_OK && i < NROLES; i++) {
        one = mucadmin_reads_take_list(r, i);
        for (j = 0; one && j < one->n; j++) {
            struct mucadmin_list_entry *e = mca_list_add(all);
            if (!e) {
                st = MUCADMIN_E_NOMEM;
                break;
            }
            *e = one->e[j];
            memset(&one->e[j], 0, sizeof(one->e[j]));
            if (e->role == MUCADMIN_ROLE_NONE)
                e->role = roles[i];
        }
        mucadmin_list_free(one);
    }
    mucadmin_reads_free(r);
    if (st != MUCADMIN_OK) {
        mucadmin_list_free(all);
        return st;
    }
    *list = all;
    return MUCADMIN_OK;
}
