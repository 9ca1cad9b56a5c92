/* SPDX-License-Identifier: MIT */
/* xnode.c - XML element trees: building, querying and serialising. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnode.h"
#include "xutil.h"

struct xnode *xnode_new(const char *name, const char *ns)
{
    struct xnode *n = xmalloc(sizeof(*n));

    memset(n, 0, sizeof(*n));
    n->name = xstrdup(name);
    n->ns = ns ? xstrdup(ns) : NULL;
    return n;
}

void xnode_free(struct xnode *n)
{
    struct xnode *c, *next;

    if (!n)
        return;
    for (c = n->children; c; c = next) {
        next = c->next;
        xnode_free(c);
    }
    for (size_t i = 0; i < n->nattrs; i++) {
        free(n->attrs[i].name);
        free(n->attrs[i].value);
    }
    free(n->attrs);
    free(n->name);
    free(n->ns);
    free(n->text);
    free(n);
}

struct xnode *xnode_copy(const struct xnode *n)
{
    struct xnode *c = xnode_new(n->name, n->ns);

    for (size_t i = 0; i < n->nattrs; i++)
        xnode_set_attr(c, n->attrs[i].name, n->attrs[i].value);
    c->text = xstrdup(n->text);
    for (const struct xnode *k = n->children; k; k = k->next)
        xnode_append(c, xnode_copy(k));
    return c;
}

struct xnode *xnode_append(struct xnode *parent, struct xnode *child)
{
    if (!child->ns)
        child->ns = xstrdup(parent->ns ? parent->ns : NS_CLIENT);
    child->parent = parent;
    child->next = NULL;
    if (parent->last)
        parent->last->next = child;
    else
        parent->children = child;
    parent->last = child;
    return child;
}

struct xnode *xnode_add(struct xnode *parent, const char *name, const char *ns)
{
    return xnode_append(parent, xnode_new(name, ns));
}

struct xnode *xnode_add_text(struct xnode *parent, const char *name,
                             const char *text)
{
    struct xnode *c = xnode_add(parent, name, NULL);

    xnode_set_text(c, text);
    return c;
}

void xnode_unlink(struct xnode *n)
{
    struct xnode *p = n->parent, *prev = NULL;

    if (!p)
        return;
    for (struct xnode *c = p->children; c && c != n; c = c->next)
        prev = c;
    if (prev)
        prev->next = n->next;
    else
        p->children = n->next;
    if (p->last == n)
        p->last = prev;
    n->parent = NULL;
    n->next = NULL;
}

void xnode_set_attr(struct xnode *n, const char *name, const char *value)
{
    size_t i;

    for (i = 0; i < n->nattrs; i++)
        if (strcmp(n->attrs[i].name, name) == 0)
            break;
    if (i < n->nattrs) {
        free(n->attrs[i].value);
        if (value) {
            n->attrs[i].value = xstrdup(value);
            return;
        }
        free(n->attrs[i].name);
        memmove(&n->attrs[i], &n->attrs[i + 1],
                (n->nattrs - i - 1) * sizeof(*n->attrs));
        n->nattrs--;
        return;
    }
    if (!value)
        return;
    n->attrs = xrealloc(n->attrs, (n->nattrs + 1) * sizeof(*n->attrs));
    n->attrs[n->nattrs].name = xstrdup(name);
    n->attrs[n->nattrs].value = xstrdup(value);
    n->nattrs++;
}

const char *xnode_attr(const struct xnode *n, const char *name)
{
    for (size_t i = 0; i < n->nattrs; i++)
        if (strcmp(n->attrs[i].name, name) == 0)
            return n->attrs[i].value;
    return NULL;
}

void xnode_set_text(struct xnode *n, const char *text)
{
    free(n->text);
    n->text = xstrdup(text);
}

void xnode_append_text(struct xnode *n, const char *text, size_t len)
{
    size_t old = n->text ? strlen(n->text) : 0;

    n->text = xrealloc(n->text, old + len + 1);
    memcpy(n->text + old, text, len);
    n->text[old + len] = '\0';
}

const char *xnode_text(const struct xnode *n)
{
    return n->text ? n->text : "";
}

static bool xnode_matches(const struct xnode *c, const char *name,
                          const char *ns)
{
    return (!name || strcmp(c->name, name) == 0) &&
           (!ns || (c->ns && strcmp(c->ns, ns) == 0));
}

struct xnode *xnode_child(const struct xnode *n, const char *name,
                          const char *ns)
{
    for (struct xnode *c = n->children; c; c = c->next)
        if (xnode_matches(c, name, ns))
            return c;
    return NULL;
}

struct xnode *xnode_next(const struct xnode *c, const char *name,
                         const char *ns)
{
    for (c = c->next; c; c = c->next)
        if (xnode_matches(c, name, ns))
            return (struct xnode *)c;
    return NULL;
}

/* A growable string buffer for the serialiser. */
void sbuf_add(struct sbuf *b, const char *s, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        b->cap = (b->len + len + 1) * 2;
        b->data = xrealloc(b->data, b->cap);
    }
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void sbuf_puts(struct sbuf *b, const char *s)
{
    sbuf_add(b, s, strlen(s));
}

/* Escape text (quotes too, so the same routine serves attributes). */
void sbuf_escape(struct sbuf *b, const char *s)
{
    const char *start = s;

    for (; *s; s++) {
        const char *rep = NULL;

        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&apos;"; break;
        }
        if (!rep)
            continue;
        sbuf_add(b, start, s - start);
        sbuf_puts(b, rep);
        start = s + 1;
    }
    sbuf_add(b, start, s - start);
}

/* skip: an attribute of n left out; *at: where it was, or where the
 * attributes end when n has none of that name. */
static void serialise(struct sbuf *b, const struct xnode *n,
                      const char *parent_ns, const char *skip, size_t *at)
{
    const char *ns = n->ns ? n->ns : parent_ns;

    sbuf_puts(b, "<");
    sbuf_puts(b, n->name);
    if (ns && (!parent_ns || strcmp(ns, parent_ns) != 0)) {
        sbuf_puts(b, " xmlns='");
        sbuf_escape(b, ns);
        sbuf_puts(b, "'");
    }
    if (skip)
        *at = (size_t)-1;
    for (size_t i = 0; i < n->nattrs; i++) {
        if (strcmp(n->attrs[i].name, "xmlns") == 0)
            continue;
        if (skip && strcmp(n->attrs[i].name, skip) == 0) {
            *at = b->len;
            continue;
        }
        sbuf_puts(b, " ");
        sbuf_puts(b, n->attrs[i].name);
        sbuf_puts(b, "='");
        sbuf_escape(b, n->attrs[i].value);
        sbuf_puts(b, "'");
    }
    if (skip && *at == (size_t)-1)
        *at = b->len;
    if (!n->children && !(n->text && *n->text)) {
        sbuf_puts(b, "/>");
        return;
    }
    sbuf_puts(b, ">");
    if (n->text)
        sbuf_escape(b, n->text);
    for (const struct xnode *c = n->children; c; c = c->next)
        serialise(b, c, ns, NULL, NULL);
    sbuf_puts(b, "</");
    sbuf_puts(b, n->name);
    sbuf_puts(b, ">");
}

char *xnode_to_string(const struct xnode *n, const char *parent_ns)
{
    struct sbuf b = { 0 };

    serialise(&b, n, parent_ns, NULL, NULL);
    return b.data;
}

void xsplit_init(struct xsplit *x, const struct xnode *n, const char *parent_ns,
                 const char *attr)
{
    struct sbuf b = { 0 };

    memset(x, 0, sizeof(*x));
    x->attr = attr;
    serialise(&b, n, parent_ns, attr, &x->at);
    x->xml = b.data;
    x->len = b.len;
}

const char *xsplit_with(struct xsplit *x, const char *value)
{
    struct sbuf b = { x->out, 0, x->out_cap };

    sbuf_add(&b, x->xml, x->at);
    sbuf_puts(&b, " ");
    sbuf_puts(&b, x->attr);
    sbuf_puts(&b, "='");
    sbuf_escape(&b, value);
    sbuf_puts(&b, "'");
    sbuf_add(&b, x->xml + x->at, x->len - x->at);
    x->out = b.data;
    x->out_cap = b.cap;
    return x->out;
}

void xsplit_free(struct xsplit *x)
{
    free(x->xml);
    free(x->out);
    memset(x, 0, sizeof(*x));
}
