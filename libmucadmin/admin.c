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

    mca_req_init(s, r);
    xml = mca_build_affiliation_get(r->id, room, which);
    if ((r->status = mca_engine_send(s, r, xml)) != MUCADMIN_OK)
        r->done = 1;
    free(xml);
}

mucadmin_status_t mucadmin_room_affiliation_list(mucadmin_session_t *s,
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
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    mca_req_init(s, &r);
    xml = mca_build_affiliation_get(r.id, room, which);
    st = mca_engine_iq(s, &r, xml);
    free(xml);
    if (st != MUCADMIN_OK)
        st = mca_sess_req_error(s, &r);
    else
        st = mca_affiliations_from_reply(r.reply, list);
    mca_req_clear(&r);
    return st;
}

mucadmin_status_t mca_affiliations_from_reply(xmpp_stanza_t *reply,
                                              mucadmin_list_t **list)
{
    *list = mca_parse_items(reply, NS_MUC_ADMIN);
    return *list ? MUCADMIN_OK : MUCADMIN_E_PROTOCOL;
}

static void item_result(struct batch_item *it, req_t *r)
{
    it->status = r->status;
    /* copies: the items of one multi-item IQ share its error */
    if (r->status == MUCADMIN_E_STANZA) {
        it->condition = mca_xstrdup(r->err.condition);
        it->text = mca_xstrdup(r->err.text);
    }
}

/*
 * A multi-item batch is cut into IQs of at most this many bytes of items:
 * servers close the stream on a stanza over their size limit (Prosody's
 * and ejabberd's default: 256 KiB), and a few IQs in flight cost no more
 * than one.
 */
#define MULTI_BYTES (64 * 1024)

struct batch_job {
    const char *room;
    const mucadmin_batch_t *b;
    size_t *start; /* request k sends items start[k] .. start[k + 1] - 1 */
};

static const char *build_item(void *ud, size_t k, const char *id, strbuf_t *b)
{
    struct batch_job *j = ud;

    mca_build_admin_items_into(b, id, j->room, j->b, j->start[k],
                               j->start[k + 1] - j->start[k]);
    return j->room;
}

/* Bytes of s once escaped (0 for NULL). */
static size_t esc_len(const char *s)
{
    size_t n = 0;

    for (; s && *s; s++)
        n += strchr("&'\"", *s) ? 6 : strchr("<>", *s) ? 4 : 1;
    return n;
}

/* Split the batch into requests: one per item, or items packed up to
 * MULTI_BYTES per request.  *nreq requests; the array (n + 1 entries at
 * most) is the caller's to free. */
static size_t *split_batch(const mucadmin_batch_t *b, int multi, size_t *nreq)
{
    size_t *start = malloc((b->n + 1) * sizeof(*start)), i, k = 0, bytes = 0;
    size_t one;

    if (!start)
        return NULL;
    for (i = 0; i < b->n; i++) {
        one = 64 + esc_len(b->it[i].jid) + esc_len(b->it[i].nick) +
              esc_len(b->it[i].reason);
        if (!multi || i == 0 || bytes + one > MULTI_BYTES) {
            start[k++] = i;
            bytes = 0;
        }
        bytes += one;
    }
    start[k] = b->n;
    *nreq = k;
    return start;
}

/* Send the IQs (one per item, or items packed into few) and wait for
 * them all. */
static mucadmin_status_t send_batch(mucadmin_session_t *s, const char *room,
                                    mucadmin_batch_t *b, int multi)
{
    struct batch_job job = { room, b, NULL };
    size_t nreq = 0, i, k;
    req_t *reqs;
    mucadmin_status_t st;

    if (!(job.start = split_batch(b, multi, &nreq)))
        return MUCADMIN_E_NOMEM;
    if (!(reqs = calloc(nreq, sizeof(*reqs)))) {
        free(job.start);
        return MUCADMIN_E_NOMEM;
    }
    st = mca_engine_pipeline(s, reqs, nreq, build_item, &job);
    for (k = 0; k < nreq; k++)
        for (i = job.start[k]; i < job.start[k + 1]; i++)
            item_result(&b->it[i], &reqs[k]);
    for (k = 0; k < nreq; k++)
        mca_req_clear(&reqs[k]);
    free(reqs);
    free(job.start);
    return st;
}

/*
 * Which lists an item can be checked against: its own (the JID must be
 * there now), or all four for a removal (it must be in none).  Lists no
 * item moves a JID into are not read.
 */
static void lists_needed(const mucadmin_batch_t *b, int need[5])
{
    size_t i;
    int a;

    for (a = 0; a < 5; a++)
        need[a] = 0;
    for (i = 0; i < b->n; i++) {
        if (b->it[i].status != MUCADMIN_OK)
            continue;
        if (b->it[i].aff == MUCADMIN_AFF_NONE) {
            for (a = MUCADMIN_AFF_OUTCAST; a <= MUCADMIN_AFF_OWNER; a++)
                need[a] = 1;
            return;
        }
        need[b->it[i].aff] = 1;
    }
}

/* The JIDs of the lists read, each with the first list (in outcast ..
 * owner order) that holds it. */
static int index_lists(jidmap_t *m, mucadmin_list_t *const lists[5])
{
    size_t n = 0, i;
    int a;

    for (a = MUCADMIN_AFF_OUTCAST; a <= MUCADMIN_AFF_OWNER; a++)
        n += lists[a] ? lists[a]->n : 0;
    if (mca_jidmap_init(m, n))
        return -1;
    for (a = MUCADMIN_AFF_OUTCAST; a <= MUCADMIN_AFF_OWNER; a++)
        for (i = 0; lists[a] && i < lists[a]->n; i++)
            if (lists[a]->e[i].jid && mca_jidmap_put(m, lists[a]->e[i].jid, a))
                return -1;
    return 0;
}

/* Whether item it was checked against a complete picture: its own list
 * was read, or all four for a removal. */
static int item_known(const struct batch_item *it,
                      mucadmin_list_t *const lists[5])
{
    int a;

    if (it->aff != MUCADMIN_AFF_NONE)
        return lists[it->aff] != NULL;
    for (a = MUCADMIN_AFF_OUTCAST; a <= MUCADMIN_AFF_OWNER; a++)
        if (!lists[a])
            return 0;
    return 1;
}

/* Read back the lists the batch can have changed (pipelined) and mark
 * items answered result but not applied.  Lists we may not read leave
 * their items unverified. */
static void verify(mucadmin_session_t *s, const char *room, mucadmin_batch_t *b)
{
    req_t reqs[5], *ptrs[4];
    mucadmin_list_t *lists[5] = { NULL };
    mucadmin_affiliation_t a, got;
    jidmap_t map;
    size_t i, nreq = 0;
    int need[5];

    lists_needed(b, need);
    for (a = MUCADMIN_AFF_OUTCAST; a <= MUCADMIN_AFF_OWNER; a++) {
        if (!need[a])
            continue;
        list_get(s, room, a, &reqs[a]);
        ptrs[nreq++] = &reqs[a];
    }
    if (!nreq)
        return;
    mca_engine_wait(s, ptrs, nreq);
    for (a = MUCADMIN_AFF_OUTCAST; a <= MUCADMIN_AFF_OWNER; a++) {
        if (!need[a])
            continue;
        if (reqs[a].status == MUCADMIN_OK)
            mca_affiliations_from_reply(reqs[a].reply, &lists[a]);
        mca_req_clear(&reqs[a]);
    }
    if (index_lists(&map, lists) == 0) {
        for (i = 0; i < b->n; i++) {
            if (b->it[i].status != MUCADMIN_OK)
                continue;
            got = (mucadmin_affiliation_t)mca_jidmap_get(&map, b->it[i].jid,
                                                         MUCADMIN_AFF_NONE);
            if (got != b->it[i].aff &&
                (item_known(&b->it[i], lists) || got != MUCADMIN_AFF_NONE))
                b->it[i].status = MUCADMIN_E_IGNORED;
        }
    }
    mca_jidmap_free(&map);
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
    mca_sess_detail(s, "%zu of %zu changes failed (first: %s)", failed, b->n,
                    mucadmin_strerror(first));
    return st;
}

mucadmin_status_t mucadmin_batch_apply(mucadmin_session_t *s, const char *room,
                                       mucadmin_batch_t *b, unsigned flags)
{
    mucadmin_status_t st;

    if (!room || !b)
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    mca_batch_reset(b);
    if (!b->n)
        return MUCADMIN_OK;
    mca_sess_log(s, "%zu affiliation changes on %s", b->n, room);
    st = send_batch(s, room, b,
                    (flags & MUCADMIN_BATCH_MULTI_ITEM) ||
                        ((flags & MUCADMIN_BATCH_DETECT) &&
                         mca_service_applies_all(s, room)));
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
        mca_stanza_error_clear(&s->err);
        s->err.condition = mca_xstrdup(b->it[0].condition);
        s->err.text = mca_xstrdup(b->it[0].text);
        mca_sess_detail(s, "%s: %s", b->it[0].condition,
                        mucadmin_condition_explain(b->it[0].condition));
    }
    return st;
}

mucadmin_status_t mucadmin_room_affiliation_set(
    mucadmin_session_t *s, const char *room, const char *jid,
    mucadmin_affiliation_t affiliation, const char *nick, const char *reason)
{
    mucadmin_batch_t *b = mucadmin_batch_new();
    mucadmin_status_t st;

    if (!b)
        return MUCADMIN_E_NOMEM;
    st = mucadmin_batch_add(b, jid, affiliation, nick, reason);
    if (st == MUCADMIN_OK)
        st = mucadmin_batch_apply(s, room, b, 0);
    mucadmin_batch_free(b);
    return st;
}

mucadmin_status_t mucadmin_room_role_set(mucadmin_session_t *s,
                                         const char *room, const char *nick,
                                         mucadmin_role_t role,
                                         const char *reason)
{
    mucadmin_status_t st, lst = MUCADMIN_OK;
    int was_in;
    req_t r;
    char *xml;

    if (!room || !nick || !*nick || (unsigned)role > MUCADMIN_ROLE_MODERATOR)
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    was_in = mca_room_is_joined(s, room);
    if (!was_in && (st = mca_room_join_existing(s, room)) != MUCADMIN_OK)
        return st;
    mca_req_init(s, &r);
    xml = mca_build_role_set(r.id, room, nick, role, reason);
    if ((st = mca_engine_iq(s, &r, xml)) != MUCADMIN_OK)
        st = mca_sess_req_error(s, &r);
    free(xml);
    mca_req_clear(&r);
    if (!was_in)
        lst = mca_room_leave(s, room);
    return st != MUCADMIN_OK ? st : lst;
}
