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

static void entry_clear(struct mucadmin_list_entry *e)
{
    free(e->jid);
    free(e->nick);
    free(e->name);
    free(e->reason);
}

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
void roster_presence(mucadmin_list_t *l, xmpp_stanza_t *st, int gone)
{
    const char *from = xmpp_stanza_get_from(st);
    const char *nick = from ? strchr(from, '/') : NULL;
    xmpp_stanza_t *x = xml_child(st, "x", NS_MUC_USER);
    xmpp_stanza_t *item = x ? xml_child(x, "item", NULL) : NULL;
    struct mucadmin_list_entry *e;
    const char *v;
    int n;

    if (!l || !nick || !*++nick)
        return;
    e = find_nick(l, nick);
    if (gone) {
        if (e) {
            entry_clear(e);
            *e = l->e[--l->n];
        }
        return;
    }
    if (!e) {
        char *copy = strdup(nick);

        if (!copy || !(e = list_add(l))) {
            free(copy);
            return;
        }
        e->nick = copy;
    }
    v = item ? xmpp_stanza_get_attribute(item, "affiliation") : NULL;
    e->affiliation = (n = mucadmin_affiliation_from_name(v ? v : "none")) < 0
                         ? MUCADMIN_AFF_NONE : (mucadmin_affiliation_t)n;
    v = item ? xmpp_stanza_get_attribute(item, "role") : NULL;
    e->role = (n = mucadmin_role_from_name(v ? v : "none")) < 0
                  ? MUCADMIN_ROLE_NONE : (mucadmin_role_t)n;
    v = item ? xmpp_stanza_get_attribute(item, "jid") : NULL;
    free(e->jid);
    e->jid = v ? strdup(v) : NULL;
}

static mucadmin_list_t *roster_copy(const mucadmin_list_t *l)
{
    mucadmin_list_t *c = list_new();
    struct mucadmin_list_entry *e;

    for (size_t i = 0; c && l && i < l->n; i++) {
        if (!(e = list_add(c)) || !(e->nick = strdup(l->e[i].nick)) ||
            (l->e[i].jid && !(e->jid = strdup(l->e[i].jid)))) {
            mucadmin_list_free(c);
            return NULL;
        }
        e->affiliation = l->e[i].affiliation;
        e->role = l->e[i].role;
    }
    return c;
}

mucadmin_status_t mucadmin_roster(mucadmin_session_t *s, const char *room,
                                  mucadmin_list_t **list)
{
    const mucadmin_list_t *r;
    mucadmin_info_t *info = NULL;
    mucadmin_status_t st, left;
    int joined;

    if (!room || !list)
        return MUCADMIN_E_INVALID;
    *list = NULL;
    if ((st = sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    joined = room_is_joined(s, room);
    if (!joined) {
        /* Joining a room that does not exist would create it. */
        st = mucadmin_room_info(s, room, &info);
        mucadmin_info_free(info);
        if (st == MUCADMIN_OK)
            st = room_join(s, room, NULL);
        if (st != MUCADMIN_OK)
            return st;
    }
    r = room_roster(s, room);
    *list = roster_copy(r);
    st = *list ? MUCADMIN_OK : MUCADMIN_E_NOMEM;
    if (!joined && (left = room_leave(s, room)) != MUCADMIN_OK &&
        st == MUCADMIN_OK) {
        mucadmin_list_free(*list);
        *list = NULL;
        st = left;
    }
    return st;
}
