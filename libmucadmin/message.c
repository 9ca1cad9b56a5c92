/* SPDX-License-Identifier: MIT */
/* message.c - subject, invitations and groupchat messages; processing. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Send a message to the room and wait for the room's echo of it (or the
 * error with its id). */
static mucadmin_status_t echo_message(mucadmin_session_t *s, const char *room,
                                      const char *subject, const char *body)
{
    mucadmin_status_t st;
    char id[32], *xml;
    waiter_t w;

    mca_engine_new_id(s, id, sizeof(id));
    memset(&w, 0, sizeof(w));
    w.kind = W_MESSAGE;
    w.room = room;
    w.nick = mca_room_nick(s, room);
    w.match_id = id;
    w.want_subject = subject;
    xml = mca_build_message(id, room, "groupchat", subject, body);
    st = mca_engine_send_wait(s, xml, &w);
    if (st == MUCADMIN_E_STANZA)
        mca_sess_detail(s, "%s: %s", s->err.condition,
                        mucadmin_condition_explain(s->err.condition));
    return st;
}

/* Join when needed, do it, leave when we joined. */
static mucadmin_status_t as_occupant(mucadmin_session_t *s, const char *room,
                                     const char *subject, const char *body)
{
    mucadmin_status_t st, lst = MUCADMIN_OK;
    int was_in = mca_room_is_joined(s, room);

    if (!was_in && (st = mca_room_join_existing(s, room)) != MUCADMIN_OK)
        return st;
    st = echo_message(s, room, subject, body);
    if (!was_in)
        lst = mca_room_leave(s, room);
    return st != MUCADMIN_OK ? st : lst;
}

mucadmin_status_t mucadmin_room_subject_set(mucadmin_session_t *s,
                                            const char *room,
                                            const char *subject)
{
    mucadmin_status_t st;

    if (!room || !subject)
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    return as_occupant(s, room, subject, NULL);
}

/*
 * The room sends its subject to every occupant who joins, after the
 * presences and history.  A W_SUBJECT waiter is in place before the join
 * goes out: the subject may come in the same read as our presence.  In a
 * room we are already in, the subject last seen is kept.
 */
mucadmin_status_t mucadmin_room_subject_get(mucadmin_session_t *s,
                                            const char *room, char **subject)
{
    mucadmin_status_t st, lst = MUCADMIN_OK;
    struct joined *j;
    int was_in;
    waiter_t w;

    if (!room || !subject)
        return MUCADMIN_E_INVALID;
    *subject = NULL;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    memset(&w, 0, sizeof(w));
    w.kind = W_SUBJECT;
    w.room = room;
    if (!(was_in = mca_room_is_joined(s, room))) {
        mca_waiter_add(s, &w);
        st = mca_room_join_existing(s, room);
        mca_waiter_remove(s, &w);
    } else {
        for (j = s->joined; j && !mca_jid_bare_equal(j->room, room);
             j = j->next)
            ;
        if (j && j->subject && !(w.got_subject = strdup(j->subject)))
            return MUCADMIN_E_NOMEM;
        w.done = w.got_subject != NULL;
        w.status = MUCADMIN_OK;
    }
    if (st == MUCADMIN_OK && !w.done)
        st = mca_engine_wait_one(s, &w);
    else if (st == MUCADMIN_OK)
        st = w.status;
    if (!was_in)
        lst = mca_room_leave(s, room);
    if (st == MUCADMIN_OK)
        st = lst;
    if (st == MUCADMIN_OK && w.got_subject && *w.got_subject)
        *subject = w.got_subject;
    else
        free(w.got_subject);
    return st;
}

mucadmin_status_t mucadmin_room_say(mucadmin_session_t *s, const char *room,
                                    const char *text)
{
    mucadmin_status_t st;

    if (!room || !text || !*text)
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    return as_occupant(s, room, NULL, text);
}

/*
 * Invitations have no answer when they succeed.  A disco#info request to
 * the same entity goes out right after: the room handles stanzas in
 * order, so an error for the invitation arrives before that answer.
 */
static mucadmin_status_t send_invite(mucadmin_session_t *s, const char *room,
                                     const char *jid, const char *reason,
                                     int direct)
{
    mucadmin_status_t st;
    char id[32], *xml;
    waiter_t w;
    req_t r;

    mca_engine_new_id(s, id, sizeof(id));
    memset(&w, 0, sizeof(w));
    w.kind = W_MESSAGE;
    w.room = direct ? jid : room;
    w.match_id = id;
    xml = mca_build_invite(id, room, jid, reason, direct);
    st = mca_engine_send(s, NULL, xml);
    free(xml);
    if (st != MUCADMIN_OK)
        return st;
    mca_waiter_add(s, &w); /* catch an error while the barrier runs */
    mca_req_init(s, &r);
    xml = mca_build_disco(r.id, direct ? NULL : room, 0, NULL, NULL);
    st = mca_engine_iq(s, &r, xml);
    free(xml);
    mca_req_clear(&r);
    mca_waiter_remove(s, &w);
    if (w.done && w.status == MUCADMIN_E_STANZA) {
        mca_stanza_error_clear(&s->err);
        s->err = w.err;
        mca_sess_detail(s, "%s: %s", s->err.condition,
                        mucadmin_condition_explain(s->err.condition));
        return MUCADMIN_E_STANZA;
    }
    mca_stanza_error_clear(&w.err);
    /* The barrier's own failure (say, disco not offered) is not ours. */
    return st == MUCADMIN_E_STANZA ? MUCADMIN_OK : st;
}

/*
 * A mediated invitation is a message to the room, and ejabberd takes
 * messages only from occupants (not-acceptable, "Only occupants are
 * allowed..."); Prosody takes it from anyone.  Refused so, it is sent
 * again from inside the room (the room exists: it answered, a missing one
 * says item-not-found).
 */
mucadmin_status_t mucadmin_room_invite(mucadmin_session_t *s, const char *room,
                                       const char *jid, const char *reason,
                                       int direct)
{
    mucadmin_status_t st, lst;

    if (!room || !mucadmin_jid_valid(jid, 0))
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    st = send_invite(s, room, jid, reason, direct);
    if (st != MUCADMIN_E_STANZA || direct || mca_room_is_joined(s, room) ||
        !s->err.condition || strcmp(s->err.condition, "not-acceptable"))
        return st;
    mca_sess_log(s, "%s takes invitations from occupants only: joining", room);
    mca_sess_begin(s);
    if ((st = mca_room_join(s, room, NULL)) != MUCADMIN_OK)
        return st;
    st = send_invite(s, room, jid, reason, direct);
    lst = mca_room_leave(s, room);
    return st != MUCADMIN_OK ? st : lst;
}

mucadmin_status_t mucadmin_session_process(mucadmin_session_t *s,
                                           unsigned timeout_ms)
{
    uint64_t deadline;
    mucadmin_status_t st;

    if ((st = mca_sess_ready(s, NULL)) != MUCADMIN_OK)
        return st;
    deadline = mca_now_ms() + timeout_ms;
    do {
        mca_engine_run(s, timeout_ms < 100 ? timeout_ms : 100);
    } while (s->connected && !sess_cancelled(s) && mca_now_ms() < deadline);
    if (sess_cancelled(s))
        return MUCADMIN_E_CANCELLED;
    return s->connected ? MUCADMIN_OK : MUCADMIN_E_CONNECT;
}
