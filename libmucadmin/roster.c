/* SPDX-License-Identifier: MIT */
/*
 * roster.c - who is in a room, as the room tells its occupants: the
 * presences it sends on entry and after, kept per joined room.  Many
 * servers (Prosody 0.12 among them) answer disco#items on a room with an
 * empty list, so this is the only reliable way to list occupants.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static struct mucadmin_list_entry *find_nick(mucadmin_list_t *l,
                                             const char *nick)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->e[i].nick, nick))
            return &l->e[i];
    return NULL;
}

/* Occupant presence st (from ROOM/NICK) into roster l: a new or changed
 * occupant is set, an unavailable one removed. */
void mca_roster_presence(mucadmin_list_t *l, xmpp_stanza_t *st, int gone)
{
    const char *from = xmpp_stanza_get_from(st);
    const char *nick = from ? strchr(from, '/') : NULL;
    xmpp_stanza_t *x = mca_xml_child(st, "x", NS_MUC_USER);
    xmpp_stanza_t *item = x ? mca_xml_child(x, "item", NULL) : NULL;
    struct mucadmin_list_entry *e;
    const char *jid;

    if (!l || !nick || !*++nick)
        return;
    e = find_nick(l, nick);
    if (gone) {
        if (e) {
            mca_list_entry_clear(e);
            *e = l->e[--l->n];
        }
        return;
    }
    if (!e) {
        char *copy = strdup(nick);

        if (!copy || !(e = mca_list_add(l))) {
            free(copy);
            return;
        }
        e->nick = copy;
    }
    mca_item_roles(e, item);
    jid = item ? xmpp_stanza_get_attribute(item, "jid") : NULL;
    free(e->jid);
    e->jid = jid ? strdup(jid) : NULL;
}

mucadmin_status_t mucadmin_room_roster_get(mucadmin_session_t *s,
                                           const char *room,
                                           mucadmin_list_t **list)
{
    const mucadmin_list_t *r;
    mucadmin_status_t st, left;
    int joined;

    if (!room || !list)
        return MUCADMIN_E_INVALID;
    *list = NULL;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    joined = mca_room_is_joined(s, room);
    if (!joined && (st = mca_room_join_existing(s, room)) != MUCADMIN_OK)
        return st;
    r = mca_room_roster(s, room);
    *list = mca_list_copy(r);
    st = *list ? MUCADMIN_OK : MUCADMIN_E_NOMEM;
    if (!joined && (left = mca_room_leave(s, room)) != MUCADMIN_OK &&
        st == MUCADMIN_OK) {
        mucadmin_list_free(*list);
        *list = NULL;
        st = left;
    }
    return st;
}
