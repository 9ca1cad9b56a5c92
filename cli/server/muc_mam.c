/* SPDX-License-Identifier: MIT */
/* muc_mam.c - XEP-0313 queries on a room's JID, answered as Prosody 0.12's
 * mod_muc_mam does over its internal archive store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "muc_archive.h"
#include "xutil.h"

#define NS_RSM "http://jabber.org/protocol/rsm"
#define NS_FORWARD "urn:xmpp:forward:0"
#define DEFAULT_MAX 20 /* results when the client sets no max */
#define MAX_MAX 50     /* max_archive_query_results */

struct mam_req {
    struct arch_query q;
    double max;
    bool flip;
    char *err; /* a bad-request's text */
};

static void serve_form(struct muc *m, const struct xnode *st)
{
    struct xnode *res = muc_reply(st), *x, *f, *v;

    x = form_new(xnode_add(res, "query", NS_MAM), "form");
    form_value(form_field(x, "hidden", "FORM_TYPE", NULL), NS_MAM);
    form_field(x, "jid-single", "with", NULL);
    f = form_field(x, "text-single", "start", NULL);
    v = xnode_add(f, "validate", "http://jabber.org/protocol/xdata-validate");
    xnode_set_attr(v, "datatype", "xs:dateTime");
    f = form_field(x, "text-single", "end", NULL);
    xnode_append(f, xnode_copy(v));
    form_field(x, "text-single", "before-id", NULL);
    form_field(x, "text-single", "after-id", NULL);
    form_field(x, "list-multi", "ids", NULL);
    muc_send(m, res);
}

/* The first <field var=var/> and its first value (NULL: none). */
static const struct xnode *field(const struct xnode *x, const char *var,
                                 const char **value)
{
    const struct xnode *f, *v;

    for (f = xnode_child(x, "field", NS_XDATA); f;
         f = xnode_next(f, "field", NS_XDATA)) {
        if (xnode_attr(f, "var") && !strcmp(xnode_attr(f, "var"), var))
            break;
    }
    v = f ? xnode_child(f, "value", NS_XDATA) : NULL;
    *value = v ? xnode_text(v) : NULL;
    return f;
}

static char *concat(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 1);

    if (!s)
        out_of_memory();
    memcpy(s, a, la);
    memcpy(s + la, b, lb + 1);
    return s;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The ids to look for, sorted (archive_find looks them up). */
static void form_ids(struct mam_req *r, const struct xnode *f)
{
    const struct xnode *v;
    size_t n = 0;

    for (v = xnode_child(f, "value", NS_XDATA); v;
         v = xnode_next(v, "value", NS_XDATA))
        n++;
    if (!n)
        return;
    if (!(r->q.ids = calloc(n, sizeof(*r->q.ids))))
        out_of_memory();
    for (v = xnode_child(f, "value", NS_XDATA); v;
         v = xnode_next(v, "value", NS_XDATA))
        r->q.ids[r->q.nids++] = (char *)xnode_text(v);
    qsort(r->q.ids, r->q.nids, sizeof(*r->q.ids), cmp_str);
    r->q.has_ids = true;
}

static bool form_time(struct mam_req *r, const struct xnode *x, const char *var,
                      bool *has, time_t *t)
{
    const char *v;

    field(x, var, &v);
    if (!v)
        return true;
    if (!archive_parse_stamp(v, t)) {
        r->err = strdup("invalid timestamp");
        return false;
    }
    *has = true;
    return true;
}

/* The query form, read as Prosody's dataforms layout reads it. */
static bool parse_form(struct mam_req *r, const struct xnode *x,
                       const char **before, const char **after)
{
    const char *type, *with;
    const struct xnode *f;
    char *p;

    field(x, "FORM_TYPE", &type);
    if (!type || strcmp(type, NS_MAM) != 0) {
        r->err = strdup("Unexpected FORM_TYPE, expected '" NS_MAM "'");
        return false;
    }
    /* 'with' is checked, then ignored: the archive keeps groupchat only
     * and Prosody uses the field for that. */
    if (field(x, "with", &with) && with) {
        if (!(p = jid_prep(with))) {
            r->err = concat("Invalid JID: ", with);
            return false;
        }
        free(p);
    }
    if (!form_time(r, x, "start", &r->q.has_start, &r->q.start) ||
        !form_time(r, x, "end", &r->q.has_end, &r->q.end))
        return false;
    field(x, "before-id", before);
    field(x, "after-id", after);
    if ((f = field(x, "ids", &with)))
        form_ids(r, f);
    return true;
}

/* RSM (XEP-0059) as util.rsm parses it: the last of each element counts,
 * an empty <before/> asks for the last page. */
static void parse_rsm(struct mam_req *r, const struct xnode *set,
                      const char *fbefore, const char *fafter)
{
    const struct xnode *c;
    const char *before = NULL, *after = NULL;
    bool last_page = false, has_max = false;
    double max = 0;

    for (c = set ? set->children : NULL; c; c = c->next) {
        if (strcmp(c->ns, NS_RSM) != 0) {
            continue;
        } else if (!strcmp(c->name, "after")) {
            after = xnode_text(c);
        } else if (!strcmp(c->name, "before")) {
            before = xnode_text(c);
            last_page = !*before;
        } else if (!strcmp(c->name, "max")) {
            has_max = lua_tonumber(xnode_text(c), &max);
        }
    }
    r->max = has_max ? max : DEFAULT_MAX;
    if (r->max > MAX_MAX)
        r->max = MAX_MAX;
    r->q.reverse = before != NULL;
    r->q.before = before ? (last_page ? NULL : before) : fbefore;
    r->q.after = after ? after : fafter;
}

static struct xnode *result(struct room *r, const struct xnode *st,
                            const char *qid, const struct arch_item *it)
{
    struct xnode *msg = muc_stanza("message", r->jid, xnode_attr(st, "from"),
                                   NULL),
                 *res, *fw, *d, *c;
    char stamp[32];

    res = xnode_add(msg, "result", NS_MAM);
    xnode_set_attr(res, "queryid", qid);
    xnode_set_attr(res, "id", it->id);
    fw = xnode_add(res, "forwarded", NS_FORWARD);
    d = xnode_add(fw, "delay", NS_DELAY);
    archive_stamp(it->when, stamp, sizeof(stamp));
    xnode_set_attr(d, "stamp", stamp);
    c = xnode_copy(it->msg);
    archive_strip_jids(r, c);
    xnode_append(fw, c);
    return msg;
}

static void send_fin(struct muc *m, const struct xnode *st, bool complete,
                     const char *first, const char *last, size_t total)
{
    struct xnode *res = muc_reply(st), *fin, *set;
    char n[32];

    fin = xnode_add(res, "fin", NS_MAM);
    if (complete)
        xnode_set_attr(fin, "complete", "true");
    set = xnode_add(fin, "set", NS_RSM);
    if (first)
        xnode_add_text(set, "first", first);
    if (last)
        xnode_add_text(set, "last", last);
    snprintf(n, sizeof(n), "%zu", total);
    xnode_add_text(set, "count", n);
    muc_send(m, res);
}

static void answer(struct muc *m, struct room *r, const struct xnode *st,
                   const struct xnode *query, struct mam_req *req)
{
    const char *qid = xnode_attr(query, "queryid"), *first, *last, *t;
    struct arch_item **v;
    size_t n, total, k, sent;
    bool complete = true;

    req->q.has_limit = true;
    req->q.limit = req->max + 1;
    if (archive_find(r, &req->q, &v, &n, &total) < 0) {
        muc_error(m, st, "modify", "item-not-found", NULL, NULL);
        return;
    }
    for (sent = 0; sent < n; sent++) {
        if ((double)(sent + 1) > req->max) {
            complete = false;
            break;
        }
    }
    for (k = 0; k < sent; k++)
        muc_send(m, result(r, st, qid, v[req->flip ? sent - 1 - k : k]));
    first = sent ? v[0]->id : NULL;
    last = sent ? v[sent - 1]->id : NULL;
    if (req->q.reverse) {
        t = first;
        first = last;
        last = t;
    }
    send_fin(m, st, complete, first, last, total);
    free(v);
}

static void query(struct muc *m, struct room *r, const struct xnode *st)
{
    const struct xnode *q = st->children, *x;
    char *bare = jid_bare(xnode_attr(st, "from"));
    enum affil a = room_aff(r, bare);
    struct mam_req req = { 0 };
    const char *fbefore = NULL, *fafter = NULL;

    free(bare);
    if (a == AFF_OUTCAST || (r->cfg.membersonly && a == AFF_NONE)) {
        muc_error(m, st, "auth", "forbidden", NULL, NULL);
        return;
    }
    x = xnode_child(q, "x", NS_XDATA);
    if (x && !parse_form(&req, x, &fbefore, &fafter)) {
        muc_error(m, st, "modify", "bad-request", req.err, NULL);
    } else {
        parse_rsm(&req, xnode_child(q, "set", NS_RSM), fbefore, fafter);
        req.flip = req.q.reverse !=
                   (xnode_child(q, "flip-page", NS_MAM) != NULL);
        answer(m, r, st, q, &req);
    }
    free(req.err);
    free(req.q.ids);
}

void muc_mam_iq(struct muc *m, struct room *r, struct xnode *st)
{
    const char *type = xnode_attr(st, "type");

    if (!strcmp(type, "get"))
        serve_form(m, st);
    else if (!r)
        muc_error(m, st, "cancel", "item-not-found", NULL, NULL);
    else
        query(m, r, st);
}
