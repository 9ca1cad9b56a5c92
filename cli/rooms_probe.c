/* SPDX-License-Identifier: MIT */
/*
 * rooms_probe.c - what a plan cannot read from the rooms themselves, asked
 * of a throwaway room once per service: the form a new room gets, and
 * whether the service keeps the nicks sent with affiliations (ejabberd
 * 23.01 keeps none).
 */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "rooms.h"
#include "server/xutil.h"

#define PROBE_NICK "mucadmin-probe"

/* A room name nobody uses, on room's service (malloc'd, or NULL). */
static char *probe_name(const char *room)
{
    char *probe;

    if (asprintf(&probe, "mucadmin-probe-%lx-%x@%s", (long)getpid(),
                 (unsigned)rand(), strchr(room, '@') + 1) < 0)
        return NULL;
    return probe;
}

/*
 * There is no way to ask for the form of a new room without a room, so a
 * probe room is joined (created locked: nobody else can enter it), its
 * form read, and left, which destroys it.  Read once per service.
 */
mucadmin_status_t rooms_probe_form(mucadmin_session_t *s, const char *room,
                                   struct rooms_plan *plan)
{
    const char *service = strchr(room, '@') + 1;
    mucadmin_status_t st, lst;
    char *probe;

    if (plan->probe && !strcmp(plan->probe_service, service))
        return MUCADMIN_OK;
    if (plan->probe)
        mucadmin_form_free(plan->probe);
    free(plan->probe_service);
    plan->probe = NULL;
    if (!(plan->probe_service = strdup(service)) || !(probe = probe_name(room)))
        return MUCADMIN_E_NOMEM;
    st = mucadmin_room_join(s, probe);
    if (st == MUCADMIN_OK) {
        st = mucadmin_room_config_get(s, probe, &plan->probe);
        lst = mucadmin_room_leave(s, probe);
        if (st == MUCADMIN_OK)
            st = lst;
    }
    free(probe);
    return st;
}

/* Set a member with a nick in a probe room and read it back: whether the
 * nick is still there.  Any failure says "kept", so that a plan never
 * hides a change it could not prove useless. */
static bool nick_kept(mucadmin_session_t *s, const char *room)
{
    const char *bound = mucadmin_session_bound_jid(s);
    const char *domain = bound ? strchr(bound, '@') : NULL;
    char *probe = probe_name(room), *jid = NULL;
    mucadmin_list_t *l = NULL;
    bool kept = true;

    if (!probe || !domain ||
        asprintf(&jid, "%s%.*s", PROBE_NICK, (int)strcspn(domain, "/"),
                 domain) < 0) {
        free(probe);
        return true;
    }
    if (mucadmin_room_join(s, probe) == MUCADMIN_OK) {
        if (mucadmin_room_affiliation_set(s, probe, jid, MUCADMIN_AFF_MEMBER,
                                          PROBE_NICK, NULL) == MUCADMIN_OK &&
            mucadmin_room_affiliation_list(s, probe, MUCADMIN_AFF_MEMBER, &l) ==
                MUCADMIN_OK) {
            for (size_t i = 0; i < mucadmin_list_count(l); i++)
                if (!strcasecmp(mucadmin_list_jid(l, i), jid))
                    kept = mucadmin_list_nick(l, i) != NULL;
            mucadmin_list_free(l);
        }
        mucadmin_room_leave(s, probe);
    }
    free(jid);
    free(probe);
    return kept;
}

bool rooms_probe_nicks(mucadmin_session_t *s, const char *room,
                       struct rooms_plan *plan)
{
    const char *service = strchr(room, '@') + 1;

    if (!plan->nick_service || strcmp(plan->nick_service, service)) {
        free(plan->nick_service);
        if (!(plan->nick_service = strdup(service)))
            out_of_memory();
        plan->nicks_kept = nick_kept(s, room);
    }
    return plan->nicks_kept;
}
