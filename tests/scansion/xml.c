/* SPDX-License-Identifier: MIT */
/* xml.c - parse script stanzas into xnode trees (expat) and print them. */
#include "xml.h"

#include <ctype.h>
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WRAP_NAME "scansion-wrap"

struct xnode *xnode_new(const char *name, const char *ns)
{
    struct xnode *n = calloc(1, sizeof(*n));

    if (!n)
        return NULL;
    n->name = strdup(name);
    n->ns = strdup(ns ? ns : "");
    if (!n->name || !n->ns) {
        xnode_free(n);
        return NULL;
    }
    return n;
}

void xnode_free(struct xnode *n)
{
    size_t i;

    if (!n)
        return;
    for (i = 0; i < n->nattrs; i++) {
        free(n->attrs[i].name);
        free(n->attrs[i].value);
    }
    for (i = 0; i < n->nkids; i++)
        xnode_free(n->kids[i]);
    free(n->attrs);
    free(n->kids);
    free(n->text);
    free(n->name);
    free(n->ns);
    free(n);
}

int xnode_set_attr(struct xnode *n, const char *name, const char *value)
{
    struct xattr *a;
    size_t i;

    for (i = 0; i < n->nattrs; i++) {
        if (strcmp(n->attrs[i].name, name) == 0) {
            char *v = strdup(value);
            if (!v)
                return -1;
            free(n->attrs[i].value);
            n->attrs[i].value = v;
            return 0;
        }
    }
    a = realloc(n->attrs, (n->nattrs + 1) * sizeof(*a));
    if (!a)
        return -1;
    n->attrs = a;
    a[n->nattrs].name = strdup(name);
    a[n->nattrs].value = strdup(value);
    if (!a[n->nattrs].name || !a[n->nattrs].value) {
        free(a[n->nattrs].name);
        free(a[n->nattrs].value);
        return -1;
    }
    n->nattrs++;
    return 0;
}

const char *xnode_attr(const struct xnode *n, const char *name)
{
    size_t i;

    for (i = 0; i < n->nattrs; i++)
        if (strcmp(n->attrs[i].name, name) == 0)
            return n->attrs[i].value;
    return NULL;
}

int xnode_add_child(struct xnode *n, struct xnode *child)
{
    struct xnode **k = realloc(n->kids, (n->nkids + 1) * sizeof(*k));

    if (!k)
        return -1;
    n->kids = k;
    k[n->nkids++] = child;
    return 0;
}

int xnode_add_text(struct xnode *n, const char *s, size_t len)
{
    char *t = realloc(n->text, n->textlen + len + 1);

    if (!t)
        return -1;
    memcpy(t + n->textlen, s, len);
    n->textlen += len;
    t[n->textlen] = '\0';
    n->text = t;
    return 0;
}

char *xml_trim(const char *s, size_t len)
{
    char *r;

    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    r = malloc(len + 1);
    if (r) {
        memcpy(r, s, len);
        r[len] = '\0';
    }
    return r;
}

/* ---- parsing ---------------------------------------------------------- */

struct pstate {
    XML_Parser p;
    struct xnode *stack[256];
    int depth;
    struct xnode *root; /* the wrapper */
    int failed;
    char *err;
    size_t errlen;
};

static void pfail(struct pstate *st, const char *msg)
{
    if (!st->failed)
        snprintf(st->err, st->errlen, "%s", msg);
    st->failed = 1;
    XML_StopParser(st->p, XML_FALSE);
}

/* expat gives "URI NAME" (we ask for ' ' as separator) or just "NAME". */
static void split_name(const char *full, const char **ns, size_t *nslen,
                       const char **local)
{
    const char *sp = strchr(full, ' ');

    if (sp) {
        *ns = full;
        *nslen = (size_t)(sp - full);
        *local = sp + 1;
    } else {
        *ns = "";
        *nslen = 0;
        *local = full;
    }
}

/* Attribute names keep the well-known prefixes scripts use. */
static char *attr_name(const char *full)
{
    const char *ns, *local;
    size_t nslen;
    char *r;

    split_name(full, &ns, &nslen, &local);
    if (!nslen)
        return strdup(local);
    if (nslen == strlen(NS_XML) && !strncmp(ns, NS_XML, nslen))
        ns = "xml", nslen = 3;
    else if (nslen == strlen(NS_SCANSION) && !strncmp(ns, NS_SCANSION, nslen))
        ns = "scansion", nslen = 8;
    r = malloc(nslen + strlen(local) + 2);
    if (r)
        sprintf(r, "%.*s:%s", (int)nslen, ns, local);
    return r;
}

static void XMLCALL on_start(void *ud, const XML_Char *name,
                             const XML_Char **atts)
{
    struct pstate *st = ud;
    const char *ns, *local;
    size_t nslen, i;
    struct xnode *n;
    char *nsz;

    if (st->failed)
        return;
    if (st->depth >= (int)(sizeof(st->stack) / sizeof(st->stack[0]))) {
        pfail(st, "elements nested too deeply");
        return;
    }
    split_name(name, &ns, &nslen, &local);
    nsz = strndup(ns, nslen);
    n = nsz ? xnode_new(local, nsz) : NULL;
    free(nsz);
    if (!n) {
        pfail(st, "out of memory");
        return;
    }
    for (i = 0; atts[i]; i += 2) {
        char *an = attr_name(atts[i]);
        if (!an || xnode_set_attr(n, an, atts[i + 1]) < 0) {
            free(an);
            xnode_free(n);
            pfail(st, "out of memory");
            return;
        }
        free(an);
    }
    if (st->depth == 0)
        st->root = n;
    else if (xnode_add_child(st->stack[st->depth - 1], n) < 0) {
        xnode_free(n);
        pfail(st, "out of memory");
        return;
    }
    st->stack[st->depth++] = n;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    struct pstate *st = ud;

    if (!st->failed && st->depth > 0)
        st->depth--;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    struct pstate *st = ud;

    if (st->failed || st->depth == 0)
        return;
    if (xnode_add_text(st->stack[st->depth - 1], s, (size_t)len) < 0)
        pfail(st, "out of memory");
}

struct xnode *xml_parse(const char *text, char *err, size_t errlen)
{
    static const char head[] = "<" WRAP_NAME " xmlns='" NS_CLIENT
                               "' xmlns:scansion='" NS_SCANSION "'>";
    static const char tail[] = "</" WRAP_NAME ">";
    struct pstate st = { 0 };
    struct xnode *res = NULL;
    char *trimmed;

    st.err = err;
    st.errlen = errlen;
    st.p = XML_ParserCreateNS("UTF-8", ' ');
    if (!st.p) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    XML_SetUserData(st.p, &st);
    XML_SetElementHandler(st.p, on_start, on_end);
    XML_SetCharacterDataHandler(st.p, on_text);
    if (XML_Parse(st.p, head, sizeof(head) - 1, 0) != XML_STATUS_OK ||
        XML_Parse(st.p, text, (int)strlen(text), 0) != XML_STATUS_OK ||
        XML_Parse(st.p, tail, sizeof(tail) - 1, 1) != XML_STATUS_OK) {
        if (!st.failed)
            snprintf(err, errlen, "XML error: %s (line %lu)",
                     XML_ErrorString(XML_GetErrorCode(st.p)),
                     (unsigned long)XML_GetCurrentLineNumber(st.p));
        st.failed = 1;
    }
    XML_ParserFree(st.p);
    if (!st.failed && st.root) {
        trimmed = xml_trim(st.root->text ? st.root->text : "",
                           st.root->textlen);
        if (st.root->nkids != 1)
            snprintf(err, errlen, "expected one XML element, found %zu",
                     st.root->nkids);
        else if (!trimmed || *trimmed)
            snprintf(err, errlen, "text outside the element");
        else {
            res = st.root->kids[0];
            st.root->nkids = 0;
        }
        free(trimmed);
    }
    xnode_free(st.root);
    return res;
}

/* ---- printing --------------------------------------------------------- */

struct buf {
    char *s;
    size_t len, cap;
    int oom;
};

static void put(struct buf *b, const char *s, size_t len)
{
    if (b->oom)
        return;
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        char *t;
        while (cap < b->len + len + 1)
            cap *= 2;
        t = realloc(b->s, cap);
        if (!t) {
            b->oom = 1;
            return;
        }
        b->s = t;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, len);
    b->len += len;
    b->s[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void put_escaped(struct buf *b, const char *s, size_t len, int attr)
{
    size_t i;

    for (i = 0; i < len; i++) {
        switch (s[i]) {
        case '&': puts_(b, "&amp;"); break;
        case '<': puts_(b, "&lt;"); break;
        case '>': puts_(b, "&gt;"); break;
        case '\'': puts_(b, attr ? "&apos;" : "'"); break;
        case '\n': puts_(b, attr ? "&#10;" : "\n"); break;
        default: put(b, s + i, 1);
        }
    }
}

/* Indentation between tags is not content; leave it out. */
static int has_text(const struct xnode *n)
{
    size_t i;

    for (i = 0; i < n->textlen; i++)
        if (!isspace((unsigned char)n->text[i]))
            return 1;
    return 0;
}

static void print_node(struct buf *b, const struct xnode *n, const char *pns)
{
    size_t i;

    puts_(b, "<");
    puts_(b, n->name);
    if (strcmp(n->ns, pns) != 0) {
        puts_(b, " xmlns='");
        put_escaped(b, n->ns, strlen(n->ns), 1);
        puts_(b, "'");
    }
    for (i = 0; i < n->nattrs; i++) {
        puts_(b, " ");
        puts_(b, n->attrs[i].name);
        puts_(b, "='");
        put_escaped(b, n->attrs[i].value, strlen(n->attrs[i].value), 1);
        puts_(b, "'");
    }
    if (!n->nkids && !has_text(n)) {
        puts_(b, "/>");
        return;
    }
    puts_(b, ">");
    if (has_text(n))
        put_escaped(b, n->text, n->textlen, 0);
    for (i = 0; i < n->nkids; i++)
        print_node(b, n->kids[i], n->ns);
    puts_(b, "</");
    puts_(b, n->name);
    puts_(b, ">");
}

char *xml_to_string(const struct xnode *n)
{
    struct buf b = { 0 };

    print_node(&b, n, NS_CLIENT);
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
