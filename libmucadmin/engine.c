/* SPDX-License-Identifier: MIT */
/*
 * engine.c - the request engine: IQs are pipelined, each pending one is
 * matched to its answer by id and has its own deadline, and one loop
 * drives libstrophe until the requests a call waits for are all settled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <poll.h>

#include "internal.h"

#define ID_PREFIX "mca"
#define SLICE_MS 100 /* longest wait in libstrophe, to notice cancel */
#define PIPELINE 128 /* requests in flight at once */

void mca_engine_new_id(mucadmin_session_t *s, char *id, size_t len)
{
    snprintf(id, len, ID_PREFIX "%lu", ++s->next_id);
}

void mca_req_init(mucadmin_session_t *s, req_t *r)
{
    memset(r, 0, sizeof(*r));
    mca_engine_new_id(s, r->id, sizeof(r->id));
    r->num = s->next_id;
}

/* Pending requests are kept in id order (ids only grow), so a reply's id
 * is found by binary search. */
static long pending_find(mucadmin_session_t *s, unsigned long num)
{
    size_t lo = 0, hi = s->npending, mid;

    while (lo < hi) {
        mid = (lo + hi) / 2;
        if (s->pending[mid]->num == num)
            return (long)mid;
        if (s->pending[mid]->num < num)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static void pending_remove(mucadmin_session_t *s, req_t *r)
{
    long i = pending_find(s, r->num);

    if (i < 0)
        return;
    memmove(&s->pending[i], &s->pending[i + 1],
            (s->npending - (size_t)i - 1) * sizeof(*s->pending));
    s->npending--;
}

static int pending_add(mucadmin_session_t *s, req_t *r)
{
    req_t **p;
    size_t cap;

    if (s->npending == s->cappending) {
        cap = s->cappending ? s->cappending * 2 : 64;
        if (!(p = realloc(s->pending, cap * sizeof(*p))))
            return -1;
        s->pending = p;
        s->cappending = cap;
    }
    s->pending[s->npending++] = r;
    return 0;
}

static void req_settle(mucadmin_session_t *s, req_t *r, mucadmin_status_t st)
{
    pending_remove(s, r);
    r->status = st;
    r->done = 1;
}

void mca_req_release_reply(req_t *r)
{
    if (r->reply)
        xmpp_stanza_release(r->reply);
    r->reply = NULL;
}

void mca_req_clear(req_t *r)
{
    if (!r->to_borrowed)
        free(r->to);
    r->to_borrowed = 0;
    r->to = NULL;
    mca_req_release_reply(r);
    mca_stanza_error_clear(&r->err);
}

static void answer_iq(mucadmin_session_t *s, xmpp_stanza_t *st)
{
    const char *id = xmpp_stanza_get_id(st), *to = xmpp_stanza_get_from(st);
    const char *ns = NULL;
    xmpp_stanza_t *q = xmpp_stanza_get_children(st);
    strbuf_t b = { 0 };
    char *xml;
    xmpp_stanza_t *reply;

    while (q && !xmpp_stanza_is_tag(q))
        q = xmpp_stanza_get_next(q);
    if (q)
        ns = xmpp_stanza_get_ns(q);
    mca_sb_add(&b, "<iq");
    mca_sb_attr(&b, "id", id);
    mca_sb_attr(&b, "to", to);
    if (ns && strcmp(ns, "urn:xmpp:ping") == 0) {
        mca_sb_add(&b, " type='result'/>");
    } else {
        mca_sb_add(&b,
                   " type='error'><error type='cancel'><service-unavailable "
                   "xmlns='" NS_STANZAS "'/></error></iq>");
    }
    if (!(xml = mca_sb_take(&b)))
        return;
    if ((reply = xmpp_stanza_new_from_string(s->ctx, xml))) {
        xmpp_send(s->conn, reply);
        xmpp_stanza_release(reply);
    }
    free(xml);
}

/* Only the entity asked may answer (RFC 6120 8.1.2.1); requests to our
 * account are answered by the server for it, with or without a from. */
static int answered_by(mucadmin_session_t *s, req_t *r, const char *from)
{
    if (!r->to)
        return !from ||
               (s->bound_jid && mca_jid_bare_equal(from, s->bound_jid));
    return from && strcasecmp(from, r->to) == 0;
}

static int iq_cb(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
    mucadmin_session_t *s = ud;
    const char *type = xmpp_stanza_get_type(st);
    const char *id = xmpp_stanza_get_id(st);
    unsigned long num;
    long i;
    req_t *r;

    if (type && (strcmp(type, "get") == 0 || strcmp(type, "set") == 0)) {
        answer_iq(s, st);
        return 1;
    }
    if (!id || strncmp(id, ID_PREFIX, sizeof(ID_PREFIX) - 1) != 0)
        return 1;
    num = strtoul(id + sizeof(ID_PREFIX) - 1, NULL, 10);
    if ((i = pending_find(s, num)) < 0)
        return 1; /* late answer to a request that gave up */
    r = s->pending[i];
    if (!answered_by(s, r, xmpp_stanza_get_from(st)))
        return 1; /* not from whom we asked: not the answer */
    /* The parser releases st after the handlers: a reference keeps it,
     * where a copy would rebuild (a list of thousands of items costs). */
    r->reply = xmpp_stanza_clone(st);
    if (type && strcmp(type, "error") == 0) {
        mca_stanza_error_parse(st, &r->err);
        req_settle(s, r, MUCADMIN_E_STANZA);
    } else if (type && strcmp(type, "result") == 0) {
        req_settle(s, r, r->reply ? MUCADMIN_OK : MUCADMIN_E_NOMEM);
    } else {
        req_settle(s, r, MUCADMIN_E_PROTOCOL);
    }
    return 1;
}

static int presence_cb(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
    mca_presence_handle(ud, st);
    return 1;
}

static int message_cb(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
    mca_message_handle(ud, st);
    return 1;
}

void mca_engine_attach(mucadmin_session_t *s)
{
    xmpp_handler_add(s->conn, iq_cb, NULL, "iq", NULL, s);
    xmpp_handler_add(s->conn, presence_cb, NULL, "presence", NULL, s);
    xmpp_handler_add(s->conn, message_cb, NULL, "message", NULL, s);
}

void mca_engine_fail_all(mucadmin_session_t *s, mucadmin_status_t st)
{
    waiter_t *w;

    while (s->npending)
        req_settle(s, s->pending[s->npending - 1], st);
    for (w = s->waiters; w; w = w->next) {
        if (!w->done) {
            w->done = 1;
            w->status = st;
        }
    }
}

mucadmin_status_t mca_engine_send(mucadmin_session_t *s, req_t *r,
                                  const char *xml)
{
    xmpp_stanza_t *st;

    if (!xml)
        return MUCADMIN_E_NOMEM;
    if (!s->connected || !s->conn)
        return MUCADMIN_E_NOTCONN;
    if (!(st = xmpp_stanza_new_from_string(s->ctx, xml)))
        return MUCADMIN_E_NOMEM;
    if (r) {
        if (!r->to_borrowed)
            free(r->to);
        r->to_borrowed = 0;
        r->to = mca_xstrdup(xmpp_stanza_get_to(st));
        r->deadline = mca_now_ms() + s->timeout_ms;
        if (pending_add(s, r)) {
            xmpp_stanza_release(st);
            return MUCADMIN_E_NOMEM;
        }
    }
    xmpp_send(s->conn, st);
    xmpp_stanza_release(st);
    return MUCADMIN_OK;
}

/* Settle r if it cannot wait any longer; 1 when it is settled.  *next is
 * lowered to r's deadline. */
static int settle_due(mucadmin_session_t *s, req_t *r, uint64_t now,
                      uint64_t *next)
{
    if (r->done)
        return 1;
    if (sess_cancelled(s))
        req_settle(s, r, MUCADMIN_E_CANCELLED);
    else if (!s->connected)
        req_settle(s, r, MUCADMIN_E_CONNECT);
    else if (now >= r->deadline)
        req_settle(s, r, MUCADMIN_E_TIMEOUT);
    else if (r->deadline < *next)
        *next = r->deadline;
    return r->done;
}

/*
 * libstrophe 0.12 reads at most 4 KiB per turn and waits on the socket
 * alone: the rest of a TLS record it has decrypted (up to 12 KiB) is only
 * read by the following turns, each after its wait has timed out, so a
 * large reply stalled up to three full slices (300 ms for a list of 1,000
 * members).  After each turn, turns without waiting follow until the
 * socket has been quiet for as many turns as a record can take.
 */
#define DRAIN_QUIET 4 /* 16 KiB record / 4 KiB per turn */
#define DRAIN_MAX 256 /* then back to the caller's checks */

void mca_engine_run(mucadmin_session_t *s, unsigned long timeout)
{
    struct pollfd p;
    int quiet = 0, turns = 0, readable;

    xmpp_run_once(s->ctx, timeout);
    mca_guard_check(s);
    while (s->fd >= 0 && quiet < DRAIN_QUIET && turns++ < DRAIN_MAX) {
        p.fd = s->fd;
        p.events = POLLIN;
        readable = poll(&p, 1, 0) > 0;
        xmpp_run_once(s->ctx, 0);
        mca_guard_check(s);
        quiet = readable ? 0 : quiet + 1;
    }
}

static void run_until(mucadmin_session_t *s, uint64_t now, uint64_t next)
{
    mca_engine_run(s, next > now ? (unsigned long)(next - now) : 1);
}

/* Why not every request got an answer, or MUCADMIN_OK. */
static mucadmin_status_t wait_status(req_t *r)
{
    if (r->status == MUCADMIN_E_CANCELLED || r->status == MUCADMIN_E_TIMEOUT ||
        r->status == MUCADMIN_E_CONNECT || r->status == MUCADMIN_E_NOTCONN)
        return r->status;
    return MUCADMIN_OK;
}

/*
 * Returns MUCADMIN_OK when every request got an answer (each request's
 * own status says which), else why some did not: cancelled, timeout or
 * connection lost.
 */
mucadmin_status_t mca_engine_wait(mucadmin_session_t *s, req_t **r, size_t n)
{
    uint64_t now, next;
    size_t i;
    int all;

    for (;;) {
        now = mca_now_ms();
        next = now + SLICE_MS;
        for (all = 1, i = 0; i < n; i++)
            all &= settle_due(s, r[i], now, &next);
        if (all)
            break;
        run_until(s, now, next);
    }
    for (i = 0; i < n; i++)
        if (wait_status(r[i]) != MUCADMIN_OK)
            return wait_status(r[i]);
    return MUCADMIN_OK;
}

/*
 * Write what mca_engine_send_raw() gathered in out, in pieces of one TLS
 * record at most: libstrophe's OpenSSL writes one record per call and,
 * when a piece of its send queue is left half written, waits for input (up
 * to the loop's slice) before writing the rest.
 */
#define FLUSH_PIECE 16384

static void engine_flush(mucadmin_session_t *s, strbuf_t *out)
{
    size_t off, n;

    if (!out)
        return;
    for (off = 0; off < out->len && s->connected && s->conn; off += n) {
        n = out->len - off < FLUSH_PIECE ? out->len - off : FLUSH_PIECE;
        xmpp_send_raw(s->conn, out->s + off, n);
    }
    out->len = 0;
}

/*
 * Send XML text the library built, as it is: no parse into a stanza and
 * serialisation back (the cost of a bulk batch's every request).  Text
 * that would not parse takes mca_engine_send()'s way, which refuses it.
 * With r, to is who must answer; it is borrowed and must outlive r.  With
 * out, the text is gathered there and written with the requests around
 * it by engine_flush(): one write, one TLS record for many requests, so
 * the server too reads them in one go.  The log callback changes none of
 * this: libstrophe logs each write as it goes out (gathered requests in
 * one line), so the log observes the traffic it would have without it.
 */
mucadmin_status_t mca_engine_send_raw(mucadmin_session_t *s, req_t *r,
                                      const char *to, const char *xml,
                                      size_t len, strbuf_t *out)
{
    if (!xml)
        return MUCADMIN_E_NOMEM;
    if (!mca_xml_text_ok(xml, len)) {
        engine_flush(s, out); /* keep the order */
        return mca_engine_send(s, r, xml);
    }
    if (!s->connected || !s->conn)
        return MUCADMIN_E_NOTCONN;
    if (out && mca_sb_addn(out, xml, len)) {
        out->oom = 0; /* what it held is intact */
        return MUCADMIN_E_NOMEM;
    }
    if (r) {
        if (!r->to_borrowed)
            free(r->to);
        r->to = (char *)to;
        r->to_borrowed = 1;
        r->deadline = mca_now_ms() + s->timeout_ms;
        if (pending_add(s, r)) {
            if (out)
                out->len -= len;
            return MUCADMIN_E_NOMEM;
        }
    }
    if (!out)
        xmpp_send_raw(s->conn, xml, len);
    return MUCADMIN_OK;
}

static void pipeline_send(mucadmin_session_t *s, req_t *r, pipeline_fn build,
                          void *ud, size_t i, strbuf_t *b, strbuf_t *out)
{
    const char *to;

    mca_req_init(s, r);
    b->len = 0;
    to = build(ud, i, r->id, b);
    if (b->oom || !b->s)
        r->status = MUCADMIN_E_NOMEM;
    else
        r->status = mca_engine_send_raw(s, r, to, b->s, b->len, out);
    if (r->status != MUCADMIN_OK)
        r->done = 1;
}

/*
 * At most PIPELINE requests are in flight: enough that a batch costs a few
 * round trips, few enough that each request's deadline (counted from when
 * it is sent) measures the server's answer, not the length of the queue
 * in front of it.
 */
mucadmin_status_t mca_engine_pipeline(mucadmin_session_t *s, req_t *r, size_t n,
                                      pipeline_fn build, void *ud)
{
    return mca_engine_pipeline_each(s, r, n, build, NULL, ud);
}

/*
 * With done, each answer is handed over as soon as it is settled, so the
 * caller can turn it into its result and release the reply there: only
 * the replies in flight are held at once, not every reply of the batch
 * (10,000 DOMs, freed together at the end, cost more in malloc than the
 * answers took to parse).
 */
mucadmin_status_t mca_engine_pipeline_each(mucadmin_session_t *s, req_t *r,
                                           size_t n, pipeline_fn build,
                                           pipeline_done_fn done, void *ud)
{
    size_t low = 0, sent = 0, busy, i;
    uint64_t now, next;
    strbuf_t b = { 0 }, out = { 0 };

    for (;;) {
        now = mca_now_ms();
        next = now + SLICE_MS;
        for (busy = 0, i = low; i < sent; i++) {
            if (!settle_due(s, &r[i], now, &next))
                busy++;
            else if (done && !r[i].handed)
                r[i].handed = 1, done(ud, i, &r[i]);
        }
        while (low < sent && r[low].done)
            low++;
        if (sess_cancelled(s) || !s->connected) {
            for (; sent < n; sent++) {
                memset(&r[sent], 0, sizeof(r[sent]));
                r[sent].done = 1;
                r[sent].status = sess_cancelled(s) ? MUCADMIN_E_CANCELLED
                                                   : MUCADMIN_E_CONNECT;
            }
        }
        while (sent < n && busy < PIPELINE && !sess_cancelled(s)) {
            pipeline_send(s, &r[sent], build, ud, sent, &b, &out);
            sent++;
            busy++;
        }
        engine_flush(s, &out);
        if (low == n)
            break;
        run_until(s, now, next);
    }
    mca_sb_free(&b);
    mca_sb_free(&out);
    for (i = 0; i < n; i++)
        if (wait_status(&r[i]) != MUCADMIN_OK)
            return wait_status(&r[i]);
    return MUCADMIN_OK;
}

mucadmin_status_t mca_engine_iq(mucadmin_session_t *s, req_t *r,
                                const char *xml)
{
    mucadmin_status_t st = mca_engine_send(s, r, xml);

    if (st != MUCADMIN_OK) {
        r->status = st;
        r->done = 1;
        return st;
    }
    mca_engine_wait(s, &r, 1);
    return r->status;
}

void mca_waiter_add(mucadmin_session_t *s, waiter_t *w)
{
    w->next = s->waiters;
    s->waiters = w;
}

void mca_waiter_remove(mucadmin_session_t *s, waiter_t *w)
{
    waiter_t **p = &s->waiters;

    while (*p && *p != w)
        p = &(*p)->next;
    if (*p)
        *p = w->next;
}

mucadmin_status_t mca_engine_wait_one(mucadmin_session_t *s, waiter_t *w)
{
    uint64_t deadline = mca_now_ms() + s->timeout_ms, now;

    mca_waiter_add(s, w);
    while (!w->done) {
        now = mca_now_ms();
        if (sess_cancelled(s) || !s->connected || now >= deadline) {
            w->done = 1;
            w->status = sess_cancelled(s) ? MUCADMIN_E_CANCELLED
                        : !s->connected   ? MUCADMIN_E_CONNECT
                                          : MUCADMIN_E_TIMEOUT;
            break;
        }
        run_until(s, now,
                  deadline - now < SLICE_MS ? deadline : now + SLICE_MS);
    }
    mca_waiter_remove(s, w);
    return w->status;
}

mucadmin_status_t mca_engine_send_wait(mucadmin_session_t *s, char *xml,
                                       waiter_t *w)
{
    mucadmin_status_t st = mca_engine_send(s, NULL, xml);

    free(xml);
    if (st == MUCADMIN_OK)
        st = mca_engine_wait_one(s, w);
    if (st == MUCADMIN_E_STANZA) {
        mca_stanza_error_clear(&s->err);
        s->err = w->err;
        memset(&w->err, 0, sizeof(w->err));
    }
    mca_stanza_error_clear(&w->err);
    return st;
}

mucadmin_status_t mca_engine_query(mucadmin_session_t *s, req_t *r,
                                   const char *type, const char *to,
                                   const char *ns, const char *inner)
{
    char *xml;
    mucadmin_status_t st;

    mca_req_init(s, r);
    xml = mca_build_iq(type, r->id, to, ns, inner);
    st = mca_engine_iq(s, r, xml);
    free(xml);
    if (st != MUCADMIN_OK)
        st = mca_sess_req_error(s, r);
    return st;
}

mucadmin_status_t mca_sess_ready(mucadmin_session_t *s, const char *room)
{
    if (!s)
        return MUCADMIN_E_INVALID;
    mca_sess_begin(s);
    if (s->interrupt && *s->interrupt)
        return MUCADMIN_E_CANCELLED;
    if (room && !mucadmin_jid_valid(room, 1)) {
        mca_sess_detail(s, "not a valid room JID: %s", room);
        return MUCADMIN_E_INVALID;
    }
    if (!s->connected)
        return MUCADMIN_E_NOTCONN;
    return MUCADMIN_OK;
}
