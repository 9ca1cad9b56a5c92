/* SPDX-License-Identifier: MIT */
/* muc_caps.c - a room's entity capabilities (XEP-0115), which ejabberd
 * 23.01 announces to a joining occupant (--quirks ejabberd). */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "muc_int.h"
#include "xutil.h"

/* Strings to sort by a key (i;octet), then append in that order. */
struct strs {
    struct kv {
        char *key, *str;
    } * v;
    size_t n;
};

static void strs_add(struct strs *s, char *key, char *str)
{
    s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
    s->v[s->n].key = key;
    s->v[s->n++].str = str;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(((const struct kv *)a)->key, ((const struct kv *)b)->key);
}

/* Sorted, each followed by sep, then freed. */
static void strs_flush(struct strs *s, struct sbuf *b, const char *sep)
{
    size_t i;

    if (s->n)
        qsort(s->v, s->n, sizeof(*s->v), cmp_key);
    for (i = 0; i < s->n; i++) {
        sbuf_puts(b, s->v[i].str);
        sbuf_puts(b, sep);
        if (s->v[i].key != s->v[i].str)
            free(s->v[i].key);
        free(s->v[i].str);
    }
    free(s->v);
    s->v = NULL;
    s->n = 0;
}

static void strs_add1(struct strs *s, char *str)
{
    strs_add(s, str, str);
}

static char *join4(const char *a, const char *b, const char *c, const char *d)
{
    struct sbuf s = { 0 };

    sbuf_puts(&s, a ? a : "");
    sbuf_puts(&s, "/");
    sbuf_puts(&s, b ? b : "");
    sbuf_puts(&s, "/");
    sbuf_puts(&s, c ? c : "");
    sbuf_puts(&s, "/");
    sbuf_puts(&s, d ? d : "");
    return s.data;
}

/* One field of an extended form: its var, then its values sorted. */
static char *field_string(const struct xnode *f)
{
    struct strs vals = { 0 };
    struct sbuf s = { 0 };
    const struct xnode *v;

    sbuf_puts(&s, xnode_attr(f, "var"));
    sbuf_puts(&s, "<");
    for (v = xnode_child(f, "value", NS_XDATA); v;
         v = xnode_next(v, "value", NS_XDATA))
        strs_add1(&vals, xstrdup(xnode_text(v)));
    strs_flush(&vals, &s, "<");
    return s.data;
}

/* XEP-0115 5.4: one extended form, its fields sorted by var. */
static char *form_string(const struct xnode *x)
{
    struct strs fields = { 0 };
    struct sbuf s = { 0 };
    const struct xnode *f;
    const char *var;

    sbuf_puts(&s, form_type(x));
    sbuf_puts(&s, "<");
    for (f = xnode_child(x, "field", NS_XDATA); f;
         f = xnode_next(f, "field", NS_XDATA)) {
        var = xnode_attr(f, "var");
        if (var && strcmp(var, "FORM_TYPE"))
            strs_add(&fields, xstrdup(var), field_string(f));
    }
    strs_flush(&fields, &s, "");
    return s.data;
}

/* The verification string of a disco#info answer, hashed (sha-1). */
char *caps_ver(const struct xnode *q)
{
    struct strs ids = { 0 }, feats = { 0 }, forms = { 0 };
    struct sbuf s = { 0 };
    const struct xnode *c;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    char *out;

    for (c = q->children; c; c = c->next) {
        if (!strcmp(c->name, "identity"))
            strs_add1(&ids,
                      join4(xnode_attr(c, "category"), xnode_attr(c, "type"),
                            xnode_attr(c, "xml:lang"), xnode_attr(c, "name")));
        else if (!strcmp(c->name, "feature") && xnode_attr(c, "var"))
            strs_add1(&feats, xstrdup(xnode_attr(c, "var")));
        else if (!strcmp(c->name, "x") && !strcmp(c->ns, NS_XDATA) &&
                 form_type(c))
            strs_add(&forms, xstrdup(form_type(c)), form_string(c));
    }
    strs_flush(&ids, &s, "<");
    strs_flush(&feats, &s, "<");
    strs_flush(&forms, &s, "");
    if (!EVP_Digest(s.data ? s.data : "", s.len, md, &len, EVP_sha1(), NULL))
        abort();
    free(s.data);
    out = xmalloc(4 * ((len + 2) / 3) + 1);
    EVP_EncodeBlock((unsigned char *)out, md, (int)len);
    return out;
}

/*
 * ejabberd 23.01 sends a joining occupant the room's caps first, from the
 * room's bare JID (tests/scansion/ejabberd/self_presence.scs); the hash
 * is over what the room answers to disco#info (muc_room_info), which
 * answers for CAPS_NODE#ver too.
 */
void muc_room_caps(struct muc *m, struct room *r, const char *to)
{
    struct xnode *q = xnode_new("query", NS_DISCO_INFO), *p, *c;
    char *ver;

    muc_room_info(r, q);
    ver = caps_ver(q);
    xnode_free(q);
    p = muc_stanza("presence", r->jid, to, NULL);
    c = xnode_add(p, "c", "http://jabber.org/protocol/caps");
    xnode_set_attr(c, "hash", "sha-1");
    xnode_set_attr(c, "node", CAPS_NODE);
    xnode_set_attr(c, "ver", ver);
    free(ver);
    muc_send(m, p);
}
