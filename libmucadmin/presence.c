/* SPDX-License-Identifier: MIT */
/*
 * presence.c - joining and leaving rooms (for operations XEP-0045 keeps
 * for occupants), waiting for our own presence or a message echo, and
 * turning what arrives outside a request into events.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

static const char *resource_of(const char *jid)
{
    const char *r = jid ? strchr(jid, '/') : NULL;

    return r ? r + 1 : NULL;
}

static int room_matches(const char *from, const char *room)
{
    return from && room && mca_jid_bare_equal(from, room);
}

/* The status codes of a muc#user <x/>; the number read. */
static size_t read_codes(xmpp_stanza_t *x, int *codes, size_t max)
{
    xmpp_stanza_t *c;
    const char *v;
    size_t n = 0;

    for (c = x ? xmpp_stanza_get_children(x) : NULL; c;
         c = xmpp_stanza_get_next(c)) {
        if (xmpp_stanza_is_tag(c) && mca_xml_is(c, "status") && n < max &&
            (v = xmpp_stanza_get_attribute(c, "code")))
            codes[n++] = atoi(v);
    }
    return n;
}

static int has_code(const int *codes, size_t n, int code)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (codes[i] == code)
            return 1;
    return 0;
}

static struct joined *find_joined(mucadmin_session_t *s, const char *room)
{
    struct joined *j;

    for (j = s->joined; j; j = j->next)
        if (mca_jid_bare_equal(j->room, room))
            return j;
    return NULL;
}

int mca_room_is_joined(mucadmin_session_t *s, const char *room)
{
    return find_joined(s, room) != NULL;
}

const char *mca_room_nick(mucadmin_session_t *s, const char *room)
{
    struct joined *j = find_joined(s, room);

    return j ? j->nick : s->nick;
}

const mucadmin_list_t *mca_room_roster(mucadmin_session_t *s, const char *room)
{
    struct joined *j = find_joined(s, room);

    return j ? j->roster : NULL;
}

/* The roster an occupant's presence from a room updates: the room's, once
 * joined; while joining, the one the join gathers. */
static mucadmin_list_t *roster_for(mucadmin_session_t *s, const char *from)
{
    struct joined *j = find_joined(s, from);
    waiter_t *w;

    if (j)
        return j->roster;
    for (w = s->waiters; w; w = w->next)
        if (!w->done && w->kind == W_JOIN && room_matches(from, w->room))
            return w->roster;
    return NULL;
}

static void forget_joined(mucadmin_session_t *s, const char *room)
{
    struct joined **p = &s->joined, *j;

    while (*p && !mca_jid_bare_equal((*p)->room, room))
        p = &(*p)->next;
    if (!(j = *p))
        return;
    *p = j->next;
    free(j->room);
    free(j->nick);
    free(j->subject);
    mucadmin_list_free(j->roster);
    free(j);
}

/* The connection is gone, and with it every room we were in. */
void mca_rooms_forget_all(mucadmin_session_t *s)
{
    while (s->joined)
        forget_joined(s, s->joined->room);
}

/* Is this presence about our own occupant in w's room? */
static int self_presence(waiter_t *w, const char *from, int self)
{
    const char *res = resource_of(from);

    return room_matches(from, w->room) &&
           (self || (res && w->nick && strcmp(res, w->nick) == 0));
}

static void settle(waiter_t *w, xmpp_stanza_t *st, mucadmin_status_t ok)
{
    w->done = 1;
    if (mca_stanza_error_parse(st, &w->err))
        w->status = MUCADMIN_E_STANZA;
    else
        w->status = ok;
}

/* Our occupant left a room without asking: kicked, banned, destroyed. */
static void self_removed(mucadmin_session_t *s, xmpp_stanza_t *x,
                         const char *room, const int *codes, size_t n)
{
    xmpp_stanza_t *destroy = mca_xml_child(x, "destroy", NULL);
    xmpp_stanza_t *why = destroy ? destroy : mca_xml_child(x, "item", NULL);
    xmpp_stanza_t *actor = why ? mca_xml_child(why, "actor", NULL) : NULL;
    char *reason = why ? mca_xml_child_text(why, "reason") : NULL;
    mucadmin_event_t ev = MUCADMIN_EVENT_KICKED;
    const char *who = NULL;

    if (destroy)
        ev = MUCADMIN_EVENT_DESTROYED;
    else if (has_code(codes, n, 301))
        ev = MUCADMIN_EVENT_BANNED;
    /* The actor by nick (XEP-0045 9.1) or, when the room shows it, JID. */
    if (actor && !(who = xmpp_stanza_get_attribute(actor, "nick")))
        who = xmpp_stanza_get_attribute(actor, "jid");
    s->ev_actor = who && *who ? who : NULL;
    s->ev_venue = destroy ? xmpp_stanza_get_attribute(destroy, "jid") : NULL;
    if (s->ev_venue && !*s->ev_venue)
        s->ev_venue = NULL;
    mca_sess_event(s, ev, room, reason);
    s->ev_actor = s->ev_venue = NULL;
    free(reason);
}

/* Is from (ROOM/NICK) our occupant in a room we are in?  ejabberd's
 * presence for a destroyed room has no status 110: the nick tells. */
static int our_nick(mucadmin_session_t *s, const char *from)
{
    struct joined *j = find_joined(s, from);
    const char *res = resource_of(from);

    return j && res && j->nick && !strcmp(res, j->nick);
}

void mca_presence_handle(mucadmin_session_t *s, xmpp_stanza_t *st)
{
    const char *from = xmpp_stanza_get_from(st);
    const char *type = xmpp_stanza_get_type(st);
    xmpp_stanza_t *x = mca_xml_child(st, "x", NS_MUC_USER);
    int codes[8], err = type && strcmp(type, "error") == 0;
    int gone = type && strcmp(type, "unavailable") == 0;
    size_t n = read_codes(x, codes, 8);
    int self = has_code(codes, n, 110);
    waiter_t *w;

    if (x && !err && from)
        mca_roster_presence(roster_for(s, from), st, gone);

    for (w = s->waiters; w; w = w->next) {
        if (w->done || w->kind == W_MESSAGE || w->kind == W_SUBJECT ||
            !self_presence(w, from, self))
            continue;
        if (err || (w->kind == W_JOIN && !gone) ||
            (w->kind == W_LEAVE && gone)) {
            snprintf(w->got_nick, sizeof(w->got_nick), "%s",
                     resource_of(from) ? resource_of(from) : "");
            memcpy(w->codes, codes, n * sizeof(int));
            w->ncodes = n;
            settle(w, st, MUCADMIN_OK);
            return;
        }
        if (w->kind == W_JOIN && gone) { /* refused entry by a kick/ban */
            w->done = 1;
            w->status = MUCADMIN_E_PROTOCOL;
            return;
        }
    }
    if (gone && from && find_joined(s, from) && (self || our_nick(s, from))) {
        char *room = xmpp_jid_bare(s->ctx, from);

        forget_joined(s, from);
        self_removed(s, x, room, codes, n);
        xmpp_free(s->ctx, room);
    }
}

/* A subject (change) from a room: a groupchat message with <subject/>
 * and no <body/>.  Kept for the rooms we are in, and given to the
 * W_SUBJECT waiters of the room. */
static void subject_seen(mucadmin_session_t *s, xmpp_stanza_t *st,
                         const char *from)
{
    struct joined *j = find_joined(s, from);
    char *text = mca_xml_child_text(st, "subject");
    waiter_t *w;

    if (!text && !(text = strdup("")))
        return;
    for (w = s->waiters; w; w = w->next) {
        if (w->done || w->kind != W_SUBJECT || !room_matches(from, w->room))
            continue;
        free(w->got_subject);
        w->got_subject = strdup(text);
        w->done = 1;
        w->status = w->got_subject ? MUCADMIN_OK : MUCADMIN_E_NOMEM;
    }
    if (j) {
        free(j->subject);
        j->subject = text;
    } else {
        free(text);
    }
}

/* A subject message from w's nick with the subject w sent. */
static int subject_echo(xmpp_stanza_t *st, const char *from, waiter_t *w)
{
    char *text;
    int same;

    if (!mca_xml_child(st, "subject", NULL) ||
        mca_xml_child(st, "body", NULL) || !resource_of(from) || !w->nick ||
        strcmp(resource_of(from), w->nick))
        return 0;
    text = mca_xml_child_text(st, "subject");
    same = !strcmp(text ? text : "", w->want_subject);
    free(text);
    return same;
}

void mca_message_handle(mucadmin_session_t *s, xmpp_stanza_t *st)
{
    const char *from = xmpp_stanza_get_from(st);
    const char *id = xmpp_stanza_get_id(st);
    const char *type = xmpp_stanza_get_type(st);
    waiter_t *w;
    char *body;

    if (s->msg_tap && s->msg_tap(s, st, s->msg_tap_ud))
        return;
    if (type && !strcmp(type, "groupchat") && from &&
        mca_xml_child(st, "subject", NULL) && !mca_xml_child(st, "body", NULL))
        subject_seen(s, st, from);
    for (w = s->waiters; w; w = w->next) {
        if (w->done || w->kind != W_MESSAGE || !room_matches(from, w->room))
            continue;
        if ((id && w->match_id && strcmp(id, w->match_id) == 0) ||
            (w->want_subject && subject_echo(st, from, w))) {
            settle(w, st, MUCADMIN_OK);
            return;
        }
    }
    if (type && strcmp(type, "groupchat") == 0)
        return; /* room traffic while we act in it */
    if (type && strcmp(type, "error") == 0)
        return;
    if ((body = mca_xml_child_text(st, "body"))) {
        mca_sess_event(s, MUCADMIN_EVENT_MESSAGE, from, body);
        free(body);
    }
}

/* "mucadmin-" and 4 random letters or digits, for a nick that is taken. */
static void other_nick(char *buf, size_t size)
{
    static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char r[4];
    size_t i;

    if (getrandom(r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
        unsigned v = (unsigned)time(NULL) ^ (unsigned)getpid() ^
                     (unsigned)(mca_now_ms() * 2654435761u);
        for (i = 0; i < sizeof(r); i++, v >>= 8)
            r[i] = (unsigned char)v;
    }
    snprintf(buf, size, "mucadmin-");
    for (i = 0; i < sizeof(r); i++)
        buf[9 + i] = set[r[i] % (sizeof(set) - 1)];
    buf[9 + i] = '\0';
}

/* One join as nick; w is set up here, its roster the caller's to free. */
static mucadmin_status_t join_as(mucadmin_session_t *s, const char *room,
                                 const char *nick, waiter_t *w)
{
    mucadmin_status_t st;

    mucadmin_list_free(w->roster);
    mca_stanza_error_clear(&w->err);
    memset(w, 0, sizeof(*w));
    w->kind = W_JOIN;
    w->room = room;
    w->nick = nick;
    if (!(w->roster = mca_list_new()))
        return MUCADMIN_E_NOMEM;
    mca_sess_log(s, "joining %s as %s", room, nick);
    st = mca_engine_send_wait(s, mca_build_join(room, nick, s->room_password),
                              w);
    if (st == MUCADMIN_E_STANZA)
        mca_sess_detail(s, "cannot join %s as %s: %s", room, nick,
                        mucadmin_condition_explain(s->err.condition));
    return st;
}

/* Whether the last join failed because its nick is taken. */
static int nick_taken(mucadmin_session_t *s, mucadmin_status_t st)
{
    return st == MUCADMIN_E_STANZA && s->err.condition &&
           strcmp(s->err.condition, "conflict") == 0;
}

mucadmin_status_t mca_room_join(mucadmin_session_t *s, const char *room,
                                int *created)
{
    waiter_t w;
    struct joined *j;
    char other[2][16]; /* the nick tried and the next */
    const char *nick = s->nick;
    mucadmin_status_t st;
    unsigned tries = 0;

    if (created)
        *created = 0;
    if (mca_room_is_joined(s, room))
        return MUCADMIN_OK;
    memset(&w, 0, sizeof(w));
    while (nick_taken(s, st = join_as(s, room, nick, &w)) &&
           tries++ < s->nick_retries) {
        other_nick(other[tries % 2], sizeof(other[0]));
        mca_sess_log(s, "the nick %s is taken in %s; trying %s", nick, room,
                     other[tries % 2]);
        nick = other[tries % 2];
        mca_stanza_error_clear(&s->err);
        free(s->detail);
        s->detail = NULL;
    }
    if (st != MUCADMIN_OK) {
        mucadmin_list_free(w.roster);
        return st;
    }
    if (created)
        *created = has_code(w.codes, w.ncodes, 201);
    /* The room may have changed our nick (status 210). */
    if (!(j = calloc(1, sizeof(*j))) || !(j->room = strdup(room)) ||
        !(j->nick = strdup(*w.got_nick ? w.got_nick : nick))) {
        if (j)
            free(j->room);
        free(j);
        mucadmin_list_free(w.roster);
        return MUCADMIN_E_NOMEM;
    }
    j->roster = w.roster;
    j->next = s->joined;
    s->joined = j;
    return MUCADMIN_OK;
}

mucadmin_status_t mca_room_leave(mucadmin_session_t *s, const char *room)
{
    struct joined *j = find_joined(s, room);
    waiter_t w;
    char *xml;
    mucadmin_status_t st;

    if (!j)
        return MUCADMIN_OK;
    memset(&w, 0, sizeof(w));
    w.kind = W_LEAVE;
    w.room = j->room;
    w.nick = j->nick;
    mca_sess_log(s, "leaving %s", room);
    xml = mca_build_leave(j->room, j->nick);
    st = mca_engine_send(s, NULL, xml);
    free(xml);
    if (st == MUCADMIN_OK)
        st = mca_engine_wait_one(s, &w);
    mca_stanza_error_clear(&w.err);
    forget_joined(s, room);
    return st;
}

mucadmin_status_t mca_room_join_existing(mucadmin_session_t *s,
                                         const char *room)
{
    mucadmin_info_t *info = NULL;
    mucadmin_status_t st = mucadmin_room_info_get(s, room, &info);

    mucadmin_info_free(info);
    return st == MUCADMIN_OK ? mca_room_join(s, room, NULL) : st;
}

mucadmin_status_t mucadmin_room_join(mucadmin_session_t *s, const char *room)
{
    mucadmin_status_t st;

    if (!room)
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    return mca_room_join(s, room, NULL);
}

int mucadmin_room_is_joined(mucadmin_session_t *s, const char *room)
{
    return s && room && mca_room_is_joined(s, room);
}

mucadmin_status_t mucadmin_room_leave(mucadmin_session_t *s, const char *room)
{
    mucadmin_status_t st;

    if (!room)
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    return mca_room_leave(s, room);
}
