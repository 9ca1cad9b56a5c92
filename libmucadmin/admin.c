/* SPDX-License-Identifier: MIT */
/*
 * admin.c - muc#admin: affiliation lists, batches of changes (one IQ per
 * item, pipelined, then read back), and roles by nick.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Send (not wait for) the request of one affiliation list. */
static void list_get(mucadmin_session_t *s, const char *room,
                     mucadmin_affiliation_t which, req_t *r)
{
    char *xml;

    req_init(s, r);
    xml = build_affiliation_get(r->id, room, which);
    if ((r->status = engine_send(s, r, xml)) != MUCADMIN_OK)
        r->done = 1;
    free(xml);
}

mucadmin_status_t mucadmin_affiliations_get(mucadmin_session_t *s,
                                            const char *room,
                                            mucadmin_affiliation_t which,
                                            mucadmin_list_t **list)
{
    mucadmin_status_t st;
    req_t r;
    char *xml;

    if (list)
        *list = NULL;
    if (!list || !room || which == MUCADMIN_AFF_NONE ||
        (unsigned)which > MUCADMIN_AFF_OWNER)
        return MUCADMIN_E_INVALID;
    if ((st = sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    req_init(s, &r);
    xml = build_affiliation_get(r.id, room, which);
    st = engine_iq(s, &r, xml);
    free(xml);
    if (st != MUCADMIN_OK)
        st = sess_req_error(s, &r);
    else if (!(*list = parse_items(r.reply, NS_MUC_ADMIN)))
        st = MUCADMIN_E_PROTOCOL;
    req_clear(&r);
    return st;
}

static void item_result(struct batch_item *it, req_t *r)
{
    it->status = r->status;
    if (r->status == MUCADMIN_E_STANZA) {
        it->condition = r->err.condition;
        it->text = r->err.text;
        r->err.condition = r->err.text = NULL;
    }
}

struct batch_job {
    const char *room;
    const mucadmin_batch_t *b;
    int multi;
};

static char *build_item(void *ud, size_t i, const char *id)
{
    struct batch_job *j = ud;

    return build_admin_items(id, j->room, j->b, j->multi ? 0 : i,
                             j->multi ? j->b->n : 1);
}

/* Send the IQs (one per item, or one for all) and wait for them all. */
static mucadmin_status_t send_batch(mucadmin_session_t *s, const char *room,
                                    mucadmin_batch_t *b, int multi)
{
    struct batch_job job = {room, b, multi};
    size_t nreq = multi ? 1 : b->n, i;
    req_t *reqs = calloc(nreq, sizeof(*reqs));
    mucadmin_status_t st;

    if (!reqs)
        return MUCADMIN_E_NOMEM;
    st = engine_pipeline(s, reqs, nreq, build_item, &job);
    for (i = 0; i < b->n; i++)
        item_result(&b->it[i], &reqs[multi ? 0 : i]);
    for (i = 0; i < nreq; i++)
        req_clear(&reqs[i]);
    free(reqs);
    return st;
}

static mucadmin_affiliation_t find_aff(mucadmin_list_t *const lists[5],
                                       const char *jid, int *known)
{
    size_t a, i;

    *known = 1;
    for (a = MUCADMIN_AFF_OUTCAST; a <= MUCADMIN_AFF_OWNER; a++) {
        if (!lists[a]) {
            *known = 0;
            continue;
        }
        for (i = 0; i < lists[a]->n; i++)
            if (lists[a]->e[i].jid && jid_bare_equal(lists[a]->e[i].jid, jid))
                return (mucadmin_affiliation_t)a;
    }
    return MUCADMIN_AFF_NONE;
}

/* Read the four lists back (pipelined) and mark items answered result but
 * not applied.  Lists we may not read leave their items unverified. */
static void verify(mucadmin_session_t *s, const char *room,
                   mucadmin_batch_t *b)
{
    req_t reqs[5], *ptrs[4];
    mucadmin_list_t *lists[5] = {NULL};
    mucadmin_affiliation_t a, got;
    size_t i;
    int known;

    for (a = MUCADMIN_AFF_OUTCAST; a <= MUCADMIN_AFF_OWNER; a++) {
        list_get(s, room, a, &reqs[a]);
        ptrs[a - 1] = &reqs[a];
    }
    engine_wait(s, ptrs, 4);
    for (a = MUCADMIN_AFF_OUTCAST; a <= MUCADMIN_AFF_OWNER; a++) {
        if (reqs[a].status == MUCADMIN_OK)
            lists[a] = parse_items(reqs[a].reply, NS_MUC_ADMIN);
        req_clear(&reqs[a]);
    }
    for (i = 0; i < b->n; i++) {
        if (b->it[i].status != MUCADMIN_OK)
            continue;
        got = find_aff(lists, b->it[i].jid, &known);
        if (got != b->it[i].aff && (known || got != MUCADMIN_AFF_NONE))
            b->it[i].status = MUCADMIN_E_IGNORED;
    }
    for (a = MUCADMIN_AFF_OUTCAST; a <= MUCADMIN_AFF_OWNER; a++)
        mucadmin_list_free(lists[a]);
}

static mucadmin_status_t summarize(mucadmin_session_t *s,
                                   const mucadmin_batch_t *b)
{
    size_t i, failed = 0;
    mucadmin_status_t first = MUCADMIN_OK, st;

    for (i = 0; i < b->n; i++) {
        if (b->it[i].status == MUCADMIN_OK)
            continue;
        if (!failed++)
            first = b->it[i].status;
    }
    if (!failed)
        return MUCADMIN_OK;
    /* All failed the same way: that status; otherwise a partial result. */
    for (st = first, i = 0; i < b->n; i++)
        if (b->it[i].status != first)
            st = MUCADMIN_E_PARTIAL;
    sess_detail(s, "%zu of %zu changes failed (first: %s)", failed, b->n,
                mucadmin_strerror(first));
    return st;
}

mucadmin_status_t mucadmin_affiliations_set(mucadmin_session_t *s,
                                            const char *room,
                                            mucadmin_batch_t *b,
                                            unsigned flags)
{
    mucadmin_status_t st;

    if (!room || !b)
        return MUCADMIN_E_INVALID;
    if ((st = sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    batch_reset(b);
    if (!b->n)
        return MUCADMIN_OK;
    sess_log(s, "%zu affiliation changes on %s", b->n, room);
    st = send_batch(s, room, b, !!(flags & MUCADMIN_BATCH_MULTI_ITEM));
    if (st == MUCADMIN_OK && !(flags & MUCADMIN_BATCH_NO_VERIFY))
        verify(s, room, b);
    if (st == MUCADMIN_E_NOMEM)
        return st;
    if (st == MUCADMIN_E_CANCELLED || st == MUCADMIN_E_CONNECT) {
        summarize(s, b); /* the detail; the status says why it stopped */
        return st;
    }
    st = summarize(s, b);
    if (b->n == 1 && b->it[0].status == MUCADMIN_E_STANZA) {
        stanza_error_clear(&s->err);
        s->err.condition = xstrdup(b->it[0].condition);
        s->err.text = xstrdup(b->it[0].text);
        sess_detail(s, "%s: %s", b->it[0].condition,
                    mucadmin_condition_explain(b->it[0].condition));
    }
    return st;
}

mucadmin_status_t mucadmin_affiliation_set(mucadmin_session_t *s,
                                           const char *room, const char *jid,
                                           mucadmin_affiliation_t affiliation,
                                           const char *nick,
                                           const char *reason)
{
    mucadmin_batch_t *b = mucadmin_batch_new();
    mucadmin_status_t st;

    if (!b)
        return MUCADMIN_E_NOMEM;
    st = mucadmin_batch_add(b, jid, affiliation, nick, reason);
    if (st == MUCADMIN_OK)
        st = mucadmin_affiliations_set(s, room, b, 0);
    mucadmin_batch_free(b);
    return st;
}

mucadmin_status_t mucadmin_role_set(mucadmin_session_t *s, const char *room,
                                    const char *nick, mucadmin_role_t role,
                                    const char *reason)
{
    mucadmin_status_t st, lst = MUCADMIN_OK;
    int was_in;
    req_t r;
    char *xml;

    if (!room || !nick || !*nick || (unsigned)role > MUCADMIN_ROLE_MODERATOR)
        return MUCADMIN_E_INVALID;
    if ((st = sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    was_in = room_is_joined(s, room);
    if (!was_in && (st = room_join(s, room, NULL)) != MUCADMIN_OK)
        return st;
    req_init(s, &r);
    xml = build_role_set(r.id, room, nick, role, reason);
    if ((st = engine_iq(s, &r, xml)) != MUCADMIN_OK)
        st = sess_req_error(s, &r);
    free(xml);
    req_clear(&r);
    if (!was_in)
        lst = room_leave(s, room);
    return st != MUCADMIN_OK ? st : lst;
}
