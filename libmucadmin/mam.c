/* SPDX-License-Identifier: MIT */
/*
 * mam.c - a room's archive (XEP-0313 on the room JID), paged with RSM.
 * Pages are pipelined: the results of a page come before its answer, so
 * once a page has brought all it was asked for, its last id is known and
 * the next page is asked at once, before the answer (the <fin/>) comes.
 * What is kept is bounded (messages and bytes), and only results from the
 * room, for a query id of this call, are taken.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NS_MAM "urn:xmpp:mam:2"
#define NS_FORWARD "urn:xmpp:forward:0"
#define NS_DELAY "urn:xmpp:delay"
#define NS_OCCUPANT_ID "urn:xmpp:occupant-id:0"
/* Asked per page; at or below what servers serve (Prosody: 50). */
#define PAGE 50
#define MAX_PAGES 100000
#define MAX_BYTES (16u << 20)

struct hmsg {
    char *id, *time, *nick, *occupant_id, *jid, *body;
    int retracted;
};

struct mucadmin_room_history_get {
    struct hmsg *m;
    size_t n, cap;
    int complete;
};

struct page {
    req_t r;
    char qid[40];
    size_t got;
    char *last;
};

struct mam {
    mucadmin_session_t *s;
    const char *room, *start, *end, *from;
    size_t max, bytes;
    mucadmin_history_t *h;
    struct page **pages;
    size_t npages, cappages;
    int stop;    /* enough kept: ask nothing more */
    int dropped; /* a message was left out for the bounds */
    mucadmin_status_t fail;
};

static void hmsg_clear(struct hmsg *m)
{
    free(m->id);
    free(m->time);
    free(m->nick);
    free(m->occupant_id);
    free(m->jid);
    free(m->body);
}

void mucadmin_history_free(mucadmin_history_t *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++)
        hmsg_clear(&h->m[i]);
    free(h->m);
    free(h);
}

/* Whether the message is from (a nick, a bare real JID or an
 * occupant-id). */
static int from_matches(const struct hmsg *m, const char *from)
{
    if (!from)
        return 1;
    if (strchr(from, '@'))
        return m->jid && mca_jid_bare_equal(m->jid, from);
    return (m->nick && !strcmp(m->nick, from)) ||
           (m->occupant_id && !strcmp(m->occupant_id, from));
}

/* The page and result of a message from the archive, or NULL. */
static struct page *result_page(struct mam *q, xmpp_stanza_t *st,
                                xmpp_stanza_t **res)
{
    const char *from = xmpp_stanza_get_from(st), *qid;

    *res = mca_xml_child(st, "result", NS_MAM);
    if (!*res || !from || !mca_jid_bare_equal(from, q->room) ||
        strchr(from, '/') ||
        !(qid = xmpp_stanza_get_attribute(*res, "queryid")))
        return NULL;
    for (size_t i = q->npages; i-- > 0;)
        if (!strcmp(q->pages[i]->qid, qid))
            return q->pages[i];
    return NULL;
}

static int keep(struct mam *q, xmpp_stanza_t *res, const char *id)
{
    xmpp_stanza_t *fw = mca_xml_child(res, "forwarded", NS_FORWARD);
    xmpp_stanza_t *msg = mca_xml_child(fw, "message", NULL);
    xmpp_stanza_t *delay = mca_xml_child(fw, "delay", NS_DELAY), *c;
    const char *mfrom = msg ? xmpp_stanza_get_from(msg) : NULL;
    struct hmsg m = { 0 };
    size_t len;

    if (!msg)
        return 0;
    m.id = mca_xstrdup(id);
    m.time = mca_xstrdup(delay ? xmpp_stanza_get_attribute(delay, "stamp")
                               : NULL);
    m.nick = mca_xstrdup(mfrom && strchr(mfrom, '/') ? strchr(mfrom, '/') + 1
                                                     : NULL);
    c = mca_xml_child(msg, "occupant-id", NS_OCCUPANT_ID);
    m.occupant_id = mca_xstrdup(c ? xmpp_stanza_get_attribute(c, "id") : NULL);
    c = mca_xml_child(mca_xml_child(msg, "x", NS_MUC_USER), "item", NULL);
    m.jid = mca_xstrdup(c ? xmpp_stanza_get_attribute(c, "jid") : NULL);
    m.body = mca_xml_child_text(msg, "body");
    /* A tombstone (mod_muc_moderation) or a retraction in place. */
    m.retracted = mca_xml_child(msg, "retracted", NULL) ||
                  mca_xml_child(msg, "moderated", NULL);
    len = (m.body ? strlen(m.body) : 0) + 256;
    if (!from_matches(&m, q->from)) {
        hmsg_clear(&m);
        return 0;
    }
    if (q->bytes + len > MAX_BYTES || q->h->n >= q->max ||
        mca_array_grow(&q->h->m, &q->h->cap, q->h->n, sizeof(m))) {
        hmsg_clear(&m);
        q->stop = q->dropped = 1;
        return 0;
    }
    q->bytes += len;
    q->h->m[q->h->n++] = m;
    if (q->h->n >= q->max)
        q->stop = 1;
    return 1;
}

static mucadmin_status_t ask(struct mam *q, const char *after);

static int tap(mucadmin_session_t *s, xmpp_stanza_t *st, void *ud)
{
    struct mam *q = ud;
    xmpp_stanza_t *res;
    struct page *p = result_page(q, st, &res);
    const char *id = p ? xmpp_stanza_get_attribute(res, "id") : NULL;

    if (!p)
        return 0;
    if (!id)
        return 1;
    p->got++;
    mca_xstrset(&p->last, id);
    keep(q, res, id);
    /* The page is full: its last id is known, ask the next one now. */
    if (p->got == PAGE && p == q->pages[q->npages - 1] && !q->stop &&
        q->fail == MUCADMIN_OK) {
        mca_sess_log(s,
                     "%s: archive page %zu is full: the next one is asked "
                     "before its answer",
                     q->room, q->npages);
        q->fail = ask(q, id);
    }
    return 1;
}

static void add_field(strbuf_t *b, const char *var, const char *value)
{
    if (!value)
        return;
    mca_sb_add(b, "<field");
    mca_sb_attr(b, "var", var);
    mca_sb_add(b, ">");
    mca_sb_elem(b, "value", value);
    mca_sb_add(b, "</field>");
}

/* Send the query for the page after after (NULL: the first). */
static mucadmin_status_t ask(struct mam *q, const char *after)
{
    struct page *p = NULL;
    strbuf_t b = { 0 };
    char *inner, *xml;
    mucadmin_status_t st;

    if (q->npages >= MAX_PAGES || !(p = calloc(1, sizeof(*p))) ||
        mca_array_grow(&q->pages, &q->cappages, q->npages, sizeof(*q->pages))) {
        free(p);
        return q->npages >= MAX_PAGES ? MUCADMIN_E_PROTOCOL : MUCADMIN_E_NOMEM;
    }
    mca_req_init(q->s, &p->r);
    snprintf(p->qid, sizeof(p->qid), "h%s", p->r.id);
    q->pages[q->npages++] = p;
    mca_sb_add(&b, "<x xmlns='jabber:x:data' type='submit'><field "
                   "var='FORM_TYPE' type='hidden'><value>" NS_MAM
                   "</value></field>");
    add_field(&b, "start", q->start);
    add_field(&b, "end", q->end);
    mca_sb_addf(&b, "</x><set xmlns='" NS_RSM "'><max>%d</max>", PAGE);
    mca_sb_elem(&b, "after", after);
    mca_sb_add(&b, "</set>");
    inner = mca_sb_take(&b);
    xml = inner ? mca_build_iq("set", p->r.id, q->room, NS_MAM, inner) : NULL;
    free(inner);
    /* The query id goes on the query element. */
    if (xml && strstr(xml, "<query")) {
        strbuf_t x = { 0 };
        char *at = strstr(xml, "<query");
        mca_sb_addn(&x, xml, (size_t)(at - xml) + 6);
        mca_sb_attr(&x, "queryid", p->qid);
        mca_sb_add(&x, at + 6);
        free(xml);
        xml = mca_sb_take(&x);
    }
    st = mca_engine_send(q->s, &p->r, xml);
    free(xml);
    if (st != MUCADMIN_OK) {
        p->r.done = 1;
        p->r.status = st;
    }
    return st;
}

/* Page p answered: whether the archive says it is complete; *last the
 * id to page on from (borrowed), NULL when the answer has no <fin/>. */
static int fin(struct page *p, const char **last)
{
    xmpp_stanza_t *f = mca_xml_child(p->r.reply, "fin", NS_MAM);
    xmpp_stanza_t *set = mca_xml_child(f, "set", NS_RSM);
    xmpp_stanza_t *l = mca_xml_child(set, "last", NULL);
    const char *c = f ? xmpp_stanza_get_attribute(f, "complete") : NULL;

    *last = NULL;
    if (!f)
        return 0;
    if (l) {
        char *t = mca_xml_text(l);
        if (t && *t) {
            free(p->last);
            p->last = t;
        } else {
            free(t);
        }
    }
    *last = p->last ? p->last : "";
    return c && (!strcmp(c, "true") || !strcmp(c, "1"));
}

/* Wait for the pages in flight, from i on: an answer must never reach a
 * request that is gone. */
static void drain(struct mam *q, size_t i)
{
    for (; i < q->npages; i++) {
        req_t *r = &q->pages[i]->r;
        if (!r->done)
            mca_engine_wait(q->s, &r, 1);
    }
}

static mucadmin_status_t run(struct mam *q)
{
    mucadmin_status_t st = ask(q, NULL);
    const char *last;
    size_t i;

    for (i = 0; st == MUCADMIN_OK && i < q->npages; i++) {
        struct page *p = q->pages[i];
        req_t *r = &p->r;
        int complete;
        mca_engine_wait(q->s, &r, 1);
        if (r->status != MUCADMIN_OK) {
            st = mca_sess_req_error(q->s, r);
            break;
        }
        complete = fin(p, &last);
        if (!last) {
            mca_sess_detail(q->s,
                            "%s answered the archive query without <fin/>",
                            q->room);
            st = MUCADMIN_E_PROTOCOL;
        } else if (complete) {
            q->h->complete = !q->dropped;
            break;
        } else if (q->fail != MUCADMIN_OK) {
            st = q->fail;
        } else if (!q->stop && i + 1 == q->npages) {
            /* A page smaller than asked: the server's own size. */
            if (!p->got || !*last) {
                mca_sess_detail(q->s,
                                "%s sent an incomplete archive page with "
                                "nothing to page on",
                                q->room);
                st = MUCADMIN_E_PROTOCOL;
            } else {
                st = ask(q, last);
            }
        }
        if (q->stop)
            break;
    }
    drain(q, i);
    return st;
}

mucadmin_status_t mucadmin_room_history_get(mucadmin_session_t *s,
                                            const char *room, const char *start,
                                            const char *end, const char *from,
                                            size_t max,
                                            mucadmin_history_t **history)
{
    struct mam q = { .s = s,
                     .room = room,
                     .start = start,
                     .end = end,
                     .from = from,
                     .max = max ? max : 1000,
                     .fail = MUCADMIN_OK };
    mucadmin_info_t *info = NULL;
    mucadmin_status_t st;

    if (!history)
        return MUCADMIN_E_INVALID;
    *history = NULL;
    if ((st = mucadmin_room_info_get(s, room, &info)) != MUCADMIN_OK)
        return st;
    if (!mucadmin_info_has_feature(info, NS_MAM)) {
        mucadmin_info_free(info);
        mca_sess_detail(s,
                        "%s keeps no archive this account may read (no %s "
                        "in its disco#info)",
                        room, NS_MAM);
        return MUCADMIN_E_UNSUPPORTED;
    }
    mucadmin_info_free(info);
    if (!(q.h = calloc(1, sizeof(*q.h))))
        return MUCADMIN_E_NOMEM;
    s->msg_tap = tap;
    s->msg_tap_ud = &q;
    st = run(&q);
    s->msg_tap = NULL;
    s->msg_tap_ud = NULL;
    for (size_t i = 0; i < q.npages; i++) {
        mca_req_clear(&q.pages[i]->r);
        free(q.pages[i]->last);
        free(q.pages[i]);
    }
    free(q.pages);
    if (st != MUCADMIN_OK) {
        mucadmin_history_free(q.h);
        return st;
    }
    *history = q.h;
    return MUCADMIN_OK;
}

size_t mucadmin_history_count(const mucadmin_history_t *h)
{
    return h ? h->n : 0;
}

int mucadmin_history_complete(const mucadmin_history_t *h)
{
    return h && h->complete;
}

#define GETTER(name, field)                                                    \
    const char *mucadmin_history_##name(const mucadmin_history_t *h, size_t i) \
    {                                                                          \
        return h && i < h->n ? h->m[i].field : NULL;                           \
    }
GETTER(id, id)
GETTER(time, time)
GETTER(nick, nick)
GETTER(occupant_id, occupant_id)
GETTER(jid, jid)
GETTER(body, body)

int mucadmin_history_retracted(const mucadmin_history_t *h, size_t i)
{
    return h && i < h->n && h->m[i].retracted;
}
