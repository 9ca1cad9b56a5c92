/* SPDX-License-Identifier: MIT */
/*
 * fanout.c - one change made in many rooms at once (a ban everywhere):
 * one request per room, all pipelined, then the rooms' lists read back
 * (pipelined) to verify, each room with its own result.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct fan_item {
    char *room;
    mucadmin_status_t status;
    struct stanza_error err;
};

struct mucadmin_fanout {
    struct fan_item *it;
    size_t n, cap;
    mucadmin_batch_t *change; /* during a run: the one item to send */
    const char *reason, *venue, *venue_password; /* ... or destruction */
    size_t *todo; /* ... to these rooms (NULL: all) */
};

mucadmin_fanout_t *mucadmin_fanout_new(void)
{
    return calloc(1, sizeof(mucadmin_fanout_t));
}

void mucadmin_fanout_free(mucadmin_fanout_t *f)
{
    size_t i;

    if (!f)
        return;
    for (i = 0; i < f->n; i++) {
        free(f->it[i].room);
        mca_stanza_error_clear(&f->it[i].err);
    }
    free(f->it);
    free(f);
}

mucadmin_status_t mucadmin_fanout_add(mucadmin_fanout_t *f, const char *room)
{
    struct fan_item *it;

    if (!f || !mucadmin_jid_valid(room, 1) || strchr(room, '/'))
        return MUCADMIN_E_INVALID;
    if (mca_array_grow(&f->it, &f->cap, f->n, sizeof(*it)) < 0)
        return MUCADMIN_E_NOMEM;
    it = &f->it[f->n];
    memset(it, 0, sizeof(*it));
    if (!(it->room = strdup(room)))
        return MUCADMIN_E_NOMEM;
    it->status = MUCADMIN_E_INVALID;
    f->n++;
    return MUCADMIN_OK;
}

size_t mucadmin_fanout_count(const mucadmin_fanout_t *f)
{
    return f ? f->n : 0;
}

static struct fan_item *item(const mucadmin_fanout_t *f, size_t i)
{
    return f && i < f->n ? &f->it[i] : NULL;
}

const char *mucadmin_fanout_room(const mucadmin_fanout_t *f, size_t i)
{
    return item(f, i) ? item(f, i)->room : NULL;
}

mucadmin_status_t mucadmin_fanout_status(const mucadmin_fanout_t *f, size_t i)
{
    return item(f, i) ? item(f, i)->status : MUCADMIN_E_INVALID;
}

const char *mucadmin_fanout_condition(const mucadmin_fanout_t *f, size_t i)
{
    return item(f, i) ? item(f, i)->err.condition : NULL;
}

const char *mucadmin_fanout_text(const mucadmin_fanout_t *f, size_t i)
{
    return item(f, i) ? item(f, i)->err.text : NULL;
}

static const char *build_set(void *ud, size_t k, const char *id, strbuf_t *b)
{
    mucadmin_fanout_t *f = ud;
    struct fan_item *it = &f->it[k];

    mca_build_admin_items_into(b, id, it->room, f->change, 0, 1);
    return it->room;
}

/* Whether list l holds jid (bare JIDs compared). */
static int on_list(const mucadmin_list_t *l, const char *jid)
{
    size_t i;

    for (i = 0; l && i < l->n; i++)
        if (l->e[i].jid && mca_jid_bare_equal(l->e[i].jid, jid))
            return 1;
    return 0;
}

/* Read back the lists of the rooms that answered result: jid must be on
 * the list of aff (on none of the four for MUCADMIN_AFF_NONE), else the
 * room gets MUCADMIN_E_IGNORED.  A list that cannot be read proves
 * nothing either way. */
static mucadmin_status_t verify(mucadmin_session_t *s, mucadmin_fanout_t *f,
                                const char *jid, mucadmin_affiliation_t aff)
{
    mucadmin_affiliation_t a, lo = aff, hi = aff;
    mucadmin_reads_t *r = mucadmin_reads_new();
    mucadmin_status_t st = MUCADMIN_OK;
    size_t i, k, per, q;
    int on;

    if (aff == MUCADMIN_AFF_NONE)
        lo = MUCADMIN_AFF_OUTCAST, hi = MUCADMIN_AFF_OWNER;
    per = (size_t)(hi - lo) + 1;
    for (i = 0; r && i < f->n; i++)
        if (f->it[i].status == MUCADMIN_OK)
            for (a = lo; a <= hi; a++)
                if (mucadmin_reads_add_list(r, f->it[i].room, a) ==
                    MUCADMIN_READS_ERROR)
                    st = MUCADMIN_E_NOMEM;
    if (!r)
        return MUCADMIN_E_NOMEM;
    if (st != MUCADMIN_OK || (st = mucadmin_reads_run(s, r)) != MUCADMIN_OK) {
        mucadmin_reads_free(r);
        return st;
    }
    for (k = i = 0; i < f->n; i++) {
        if (f->it[i].status != MUCADMIN_OK)
            continue;
        for (on = 0, q = 0; q < per; q++, k++)
            on |= on_list(mucadmin_reads_list(r, k), jid);
        if (on != (aff != MUCADMIN_AFF_NONE))
            f->it[i].status = MUCADMIN_E_IGNORED;
    }
    mucadmin_reads_free(r);
    return MUCADMIN_OK;
}

/* The call's status from the rooms' (as mucadmin_batch_apply). */
static mucadmin_status_t overall(const mucadmin_fanout_t *f)
{
    size_t i, ok = 0;

    for (i = 0; i < f->n; i++)
        ok += f->it[i].status == MUCADMIN_OK;
    if (ok == f->n)
        return MUCADMIN_OK;
    if (ok)
        return MUCADMIN_E_PARTIAL;
    for (i = 1; i < f->n; i++)
        if (f->it[i].status != f->it[0].status)
            return MUCADMIN_E_PARTIAL;
    return f->it[0].status;
}

/* Start a run: the session ready, the results of the last one gone. */
static mucadmin_status_t begin(mucadmin_session_t *s, mucadmin_fanout_t *f)
{
    mucadmin_status_t st = mca_sess_ready(s, NULL);
    size_t i;

    for (i = 0; st == MUCADMIN_OK && i < f->n; i++) {
        mca_stanza_error_clear(&f->it[i].err);
        f->it[i].status = MUCADMIN_E_INVALID;
    }
    return st;
}

/* One request per room (reqs: f->n of them, freed here), pipelined;
 * each room's status and error from its answer. */
static mucadmin_status_t send_all(mucadmin_session_t *s, mucadmin_fanout_t *f,
                                  req_t *reqs, pipeline_fn build)
{
    mucadmin_status_t st = mca_engine_pipeline(s, reqs, f->n, build, f);
    size_t i;

    for (i = 0; i < f->n; i++) {
        f->it[i].status = reqs[i].status;
        f->it[i].err = reqs[i].err;
        memset(&reqs[i].err, 0, sizeof(reqs[i].err));
        if (st != MUCADMIN_OK && reqs[i].status == st)
            mca_sess_req_error(s, &reqs[i]);
        mca_req_clear(&reqs[i]);
    }
    free(reqs);
    return st;
}

mucadmin_status_t mucadmin_fanout_affiliation(mucadmin_session_t *s,
                                              mucadmin_fanout_t *f,
                                              const char *jid,
                                              mucadmin_affiliation_t aff,
                                              const char *reason)
{
    mucadmin_status_t st;
    req_t *reqs;

    if (!f || !jid || (unsigned)aff > MUCADMIN_AFF_OWNER)
        return MUCADMIN_E_INVALID;
    if ((st = begin(s, f)) != MUCADMIN_OK || !f->n)
        return st;
    if (!(f->change = mucadmin_batch_new()))
        return MUCADMIN_E_NOMEM;
    st = mucadmin_batch_add(f->change, jid, aff, NULL, reason);
    reqs = st == MUCADMIN_OK ? calloc(f->n, sizeof(*reqs)) : NULL;
    if (!reqs) {
        mucadmin_batch_free(f->change);
        f->change = NULL;
        return st != MUCADMIN_OK ? st : MUCADMIN_E_NOMEM;
    }
    mca_sess_log(s, "%s to %s in %zu rooms, pipelined", jid,
                 mucadmin_affiliation_name(aff), f->n);
    st = send_all(s, f, reqs, build_set);
    mucadmin_batch_free(f->change);
    f->change = NULL;
    if (st == MUCADMIN_OK)
        st = verify(s, f, jid, aff);
    return st != MUCADMIN_OK ? st : overall(f);
}

static const char *build_destroy_k(void *ud, size_t k, const char *id,
                                   strbuf_t *b)
{
    mucadmin_fanout_t *f = ud;
    struct fan_item *it = &f->it[k];
    char *xml = mca_build_destroy(id, it->room, f->reason, f->venue,
                                  f->venue_password);

    mca_sb_add(b, xml ? xml : "");
    b->oom |= !xml;
    free(xml);
    return it->room;
}

static const char *build_probe(void *ud, size_t k, const char *id, strbuf_t *b)
{
    mucadmin_fanout_t *f = ud;
    struct fan_item *it = &f->it[f->todo[k]];
    char *xml = mca_build_disco(id, it->room, 0, NULL, NULL);

    mca_sb_add(b, xml ? xml : "");
    b->oom |= !xml;
    free(xml);
    return it->room;
}

/* As after one mucadmin_room_destroy() (MCA_SETTLE_*): each destroyed
 * room's disco#info, pipelined, until it answers. */

static mucadmin_status_t settle(mucadmin_session_t *s, mucadmin_fanout_t *f)
{
    unsigned saved = s->timeout_ms;
    mucadmin_status_t st = MUCADMIN_OK;
    size_t i, n = 0, k, left;
    req_t *q;

    if (!(f->todo = malloc((f->n + 1) * sizeof(*f->todo))) ||
        !(q = calloc(f->n + 1, sizeof(*q)))) {
        free(f->todo);
        f->todo = NULL;
        return MUCADMIN_E_NOMEM;
    }
    for (i = 0; i < f->n; i++)
        if (f->it[i].status == MUCADMIN_OK)
            f->todo[n++] = i;
    if (s->timeout_ms > MCA_SETTLE_MS)
        s->timeout_ms = MCA_SETTLE_MS;
    for (int t = 0; t < MCA_SETTLE_TRIES && n; t++) {
        st = mca_engine_pipeline(s, q, n, build_probe, f);
        for (left = k = 0; k < n; k++) {
            if (q[k].status == MUCADMIN_E_TIMEOUT)
                f->todo[left++] = f->todo[k];
            mca_req_clear(&q[k]);
        }
        n = left;
        if (st != MUCADMIN_OK && st != MUCADMIN_E_TIMEOUT)
            break;
        st = MUCADMIN_OK;
    }
    s->timeout_ms = saved;
    free(q);
    free(f->todo);
    f->todo = NULL;
    return st;
}

mucadmin_status_t mucadmin_fanout_destroy(mucadmin_session_t *s,
                                          mucadmin_fanout_t *f,
                                          const char *reason, const char *venue,
                                          const char *venue_password)
{
    mucadmin_status_t st;
    req_t *reqs;

    if (!f || (venue && !mucadmin_jid_valid(venue, 1)))
        return MUCADMIN_E_INVALID;
    if ((st = begin(s, f)) != MUCADMIN_OK || !f->n)
        return st;
    if (!(reqs = calloc(f->n, sizeof(*reqs))))
        return MUCADMIN_E_NOMEM;
    f->reason = reason;
    f->venue = venue;
    f->venue_password = venue_password;
    mca_sess_log(s, "%zu rooms destroyed, pipelined", f->n);
    st = send_all(s, f, reqs, build_destroy_k);
    f->reason = f->venue = f->venue_password = NULL;
    if (st == MUCADMIN_OK)
        st = settle(s, f);
    return st != MUCADMIN_OK ? st : overall(f);
}
