/* SPDX-License-Identifier: MIT */
/*
 * xparse.c - expat-driven incremental parsing of streams and documents.
 *
 * An expat parser holds ~10 KiB (pools, buffers, tables) and most clients
 * of the server are idle most of the time.  So a stream's parser is freed
 * whenever all bytes fed so far have been parsed into complete stanzas;
 * the next bytes go to a new parser that first reads the stream header
 * again (the element's name and namespace declarations: all the context a
 * stanza has), without telling the session.
 */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "xparse.h"
#include "xutil.h"

#define NS_SEP '\x01'

/* Expat 2.6.0 (and Debian 12's 2.5.0 security updates) defers reparsing a
 * partial token until "enough" new bytes arrive: right for documents,
 * wrong for a stream, where the peer then waits for an answer to a stanza
 * we have not parsed. Weak, so that an older expat without the call still
 * links and runs (it never defers). */
extern XML_Bool XML_SetReparseDeferralEnabled(XML_Parser parser,
                                              XML_Bool enabled)
    __attribute__((weak));
#define NS_XML "http://www.w3.org/XML/1998/namespace"

struct xparse {
    XML_Parser xp; /* NULL while idle between stanzas */
    bool stream;
    size_t max;
    const struct xparse_cbs *cbs;
    void *ud;
    struct xnode *cur; /* element being built */
    int depth;
    const char *error; /* stream error condition */
    bool stopped;
    unsigned long long fed;  /* bytes fed so far */
    unsigned long long mark; /* byte index of the last progress */
    size_t size;             /* bytes in the current stanza */
    char *default_ns;        /* xmlns of the stream header */
    struct sbuf decls;       /* the header's namespace declarations */
    struct sbuf header;      /* the header to resume with, or empty */
    bool resuming;           /* xp is reading our header, not the peer's */
    unsigned long long base; /* bytes fed before xp started */
    size_t skip;             /* bytes of our header xp read first */
    unsigned long long idle; /* byte index where the last stanza ended */
};

/* Byte index of the current event in the peer's bytes. */
static unsigned long long pos(const struct xparse *p)
{
    return (unsigned long long)XML_GetCurrentByteIndex(p->xp) - p->skip +
           p->base;
}

/* Byte index just after the current event. */
static unsigned long long pos_end(const struct xparse *p)
{
    return pos(p) + (unsigned long long)XML_GetCurrentByteCount(p->xp);
}

/* What the header says again: <prefix:stream xmlns:...='...'>. */
static void keep_header(struct xparse *p, const char *local, const char *prefix)
{
    sbuf_puts(&p->header, "<");
    if (prefix) {
        sbuf_puts(&p->header, prefix);
        sbuf_puts(&p->header, ":");
    }
    sbuf_puts(&p->header, local);
    if (p->decls.len)
        sbuf_add(&p->header, p->decls.data, p->decls.len);
    sbuf_puts(&p->header, ">");
    free(p->decls.data);
    memset(&p->decls, 0, sizeof(p->decls));
}

/* Once stopped, expat may still call a handler or two ("some call-backs
 * may still follow", e.g. the end of a self-closing tag): they all return
 * at once, so nothing reaches the session after an error or a restart. */
static void fail(struct xparse *p, const char *cond)
{
    if (!p->error)
        p->error = cond;
    XML_StopParser(p->xp, XML_FALSE);
}

/* Split expat's "uri\1local\1prefix" triplet. */
static void split_name(const char *raw, char **ns, char **local, char **prefix)
{
    const char *a = strchr(raw, NS_SEP), *b;

    *ns = *prefix = NULL;
    if (!a) {
        *local = xstrdup(raw);
        return;
    }
    *ns = xstrndup(raw, a - raw);
    b = strchr(a + 1, NS_SEP);
    if (!b) {
        *local = xstrdup(a + 1);
        return;
    }
    *local = xstrndup(a + 1, b - a - 1);
    *prefix = xstrdup(b + 1);
}

static void set_attrs(struct xnode *n, const char **atts, size_t *size)
{
    for (; atts && atts[0]; atts += 2) {
        char *ns, *local, *prefix;

        split_name(atts[0], &ns, &local, &prefix);
        if (ns && strcmp(ns, NS_XML) == 0 && !prefix)
            prefix = xstrdup("xml");
        if (prefix) {
            size_t len = strlen(prefix) + strlen(local) + 2;
            char *q = xmalloc(len);

            snprintf(q, len, "%s:%s", prefix, local);
            xnode_set_attr(n, q, atts[1]);
            free(q);
        } else {
            xnode_set_attr(n, local, atts[1]);
        }
        *size += strlen(atts[0]) + strlen(atts[1]) + 4;
        free(ns);
        free(local);
        free(prefix);
    }
}

static void XMLCALL on_start(void *ud, const char *name, const char **atts)
{
    struct xparse *p = ud;
    char *ns, *local, *prefix;
    struct xnode *n;

    if (p->error || p->stopped)
        return;

    if (p->resuming) { /* our own copy of the header */
        p->resuming = false;
        p->depth = 1;
        return;
    }
    split_name(name, &ns, &local, &prefix);
    if (p->stream && p->depth == 0 && ns)
        keep_header(p, local, prefix);
    free(prefix);
    if (!ns && p->stream && p->depth == 0) {
        free(local);
        fail(p, "invalid-namespace");
        return;
    }
    if (!ns)
        ns = xstrdup(p->cur ? p->cur->ns : NS_CLIENT);
    n = xnode_new(local, ns);
    free(ns);
    free(local);
    if (p->stream && p->depth == 0) {
        set_attrs(n, atts, &p->size);
        p->size = 0;
        p->depth++;
        p->mark = pos(p);
        p->idle = pos_end(p);
        if (strcmp(n->name, "stream") != 0 || strcmp(n->ns, NS_STREAMS) != 0 ||
            !p->default_ns || strcmp(p->default_ns, NS_CLIENT) != 0) {
            xnode_free(n);
            fail(p, "invalid-namespace");
            return;
        }
        p->cbs->open(p->ud, n);
        return;
    }
    if (p->depth == (p->stream ? 1 : 0)) {
        p->size = 0;
        p->mark = pos(p);
    }
    set_attrs(n, atts, &p->size);
    p->size += strlen(name) * 2 + 5;
    if (p->cur)
        xnode_append(p->cur, n);
    p->cur = n;
    p->depth++;
    if (p->size > p->max)
        fail(p, "policy-violation");
}

static void XMLCALL on_end(void *ud, const char *name)
{
    struct xparse *p = ud;
    struct xnode *n = p->cur;

    if (p->error || p->stopped)
        return;

    p->depth--;
    if (p->stream && p->depth == 0) {
        p->cbs->close(p->ud);
        return;
    }
    p->cur = n->parent;
    if (!p->cur) {
        p->mark = pos(p);
        p->idle = pos_end(p);
        p->cbs->stanza(p->ud, n);
    }
}

static void XMLCALL on_text(void *ud, const char *s, int len)
{
    struct xparse *p = ud;

    if (p->error || p->stopped)
        return;

    if (!p->cur) {
        p->mark = pos(p);
        p->idle = pos_end(p);
        return; /* whitespace between stanzas */
    }
    p->size += len;
    if (p->size > p->max) {
        fail(p, "policy-violation");
        return;
    }
    xnode_append_text(p->cur, s, len);
}

static void XMLCALL on_nsdecl(void *ud, const char *prefix, const char *uri)
{
    struct xparse *p = ud;

    if (p->depth != 0 || p->resuming)
        return;
    if (!prefix && !p->default_ns)
        p->default_ns = xstrdup(uri ? uri : "");
    sbuf_puts(&p->decls, prefix ? " xmlns:" : " xmlns");
    if (prefix)
        sbuf_puts(&p->decls, prefix);
    sbuf_puts(&p->decls, "='");
    sbuf_escape(&p->decls, uri ? uri : "");
    sbuf_puts(&p->decls, "'");
}

/* RFC 6120 11.1: no DTDs, comments, processing instructions or entity
 * declarations on a stream. */
static void XMLCALL on_doctype(void *ud, const char *name, const char *sysid,
                               const char *pubid, int internal)
{
    fail(ud, "restricted-xml");
}

static void XMLCALL on_entity(void *ud, const char *name, int pe,
                              const char *value, int len, const char *base,
                              const char *sysid, const char *pubid,
                              const char *notation)
{
    fail(ud, "restricted-xml");
}

static void XMLCALL on_comment(void *ud, const char *data)
{
    fail(ud, "restricted-xml");
}

static void XMLCALL on_pi(void *ud, const char *target, const char *data)
{
    fail(ud, "restricted-xml");
}

/* One salt for every parser: expat otherwise asks the kernel for entropy
 * each time a parser starts, and a stream's parser restarts often. */
static unsigned long hash_salt(void)
{
    static unsigned long salt;

    while (!salt) {
        if (getrandom(&salt, sizeof(salt), 0) != sizeof(salt))
            salt = 0x9e3779b97f4a7c15ul ^ (unsigned long)&salt;
    }
    return salt;
}

/* A new expat parser; when resuming a stream, it has read our header. */
static bool start_parser(struct xparse *p)
{
    p->xp = XML_ParserCreateNS("UTF-8", NS_SEP);
    if (!p->xp)
        out_of_memory();
    XML_SetHashSalt(p->xp, hash_salt());
    if (XML_SetReparseDeferralEnabled)
        XML_SetReparseDeferralEnabled(p->xp, XML_FALSE);
    XML_SetReturnNSTriplet(p->xp, 1);
    XML_SetUserData(p->xp, p);
    XML_SetElementHandler(p->xp, on_start, on_end);
    XML_SetCharacterDataHandler(p->xp, on_text);
    XML_SetStartNamespaceDeclHandler(p->xp, on_nsdecl);
    XML_SetStartDoctypeDeclHandler(p->xp, on_doctype);
    XML_SetEntityDeclHandler(p->xp, on_entity);
    XML_SetCommentHandler(p->xp, on_comment);
    XML_SetProcessingInstructionHandler(p->xp, on_pi);
    p->base = p->fed;
    p->skip = p->header.len;
    if (!p->skip)
        return true;
    p->resuming = true;
    return XML_Parse(p->xp, p->header.data, (int)p->skip, XML_FALSE) ==
               XML_STATUS_OK &&
           !p->resuming;
}

struct xparse *xparse_new(bool stream, size_t max, const struct xparse_cbs *cbs,
                          void *ud)
{
    struct xparse *p = xmalloc(sizeof(*p));

    memset(p, 0, sizeof(*p));
    p->stream = stream;
    p->max = max;
    p->cbs = cbs;
    p->ud = ud;
    start_parser(p);
    return p;
}

void xparse_free(struct xparse *p)
{
    struct xnode *root;

    if (!p)
        return;
    for (root = p->cur; root && root->parent; root = root->parent)
        ;
    xnode_free(root);
    if (p->xp)
        XML_ParserFree(p->xp);
    free(p->default_ns);
    free(p->decls.data);
    free(p->header.data);
    free(p);
}

bool xparse_feed(struct xparse *p, const char *data, size_t len, bool final)
{
    if (p->error)
        return false;
    if (p->stopped)
        return true;
    if (!p->xp && !start_parser(p)) {
        p->error = "internal-server-error";
        return false;
    }
    p->fed += len;
    if (XML_Parse(p->xp, data, (int)len, final) == XML_STATUS_ERROR) {
        if (p->stopped && !p->error)
            return true;
        if (!p->error)
            p->error = "not-well-formed";
        return false;
    }
    /* A start tag or text run expat is still buffering counts too. */
    if (p->fed - p->mark > p->max + 1024) {
        p->error = "policy-violation";
        return false;
    }
    /* Between stanzas with nothing left over: free the parser. */
    if (p->stream && p->header.len && p->depth == 1 && !p->cur && !p->stopped &&
        p->idle == p->fed) {
        XML_ParserFree(p->xp);
        p->xp = NULL;
    }
    return true;
}

const char *xparse_error(const struct xparse *p)
{
    return p->error;
}

void xparse_stop(struct xparse *p)
{
    p->stopped = true;
    if (p->xp)
        XML_StopParser(p->xp, XML_FALSE);
}

bool xparse_idle(const struct xparse *p)
{
    return !p->xp;
}

static void doc_stanza(void *ud, struct xnode *n)
{
    struct xnode **out = ud;

    if (*out)
        xnode_free(n);
    else
        *out = n;
}

struct xnode *xnode_parse(const char *xml)
{
    static const struct xparse_cbs cbs = { NULL, doc_stanza, NULL };
    struct xnode *out = NULL;
    struct xparse *p = xparse_new(false, (size_t)-1 / 2, &cbs, &out);
    bool ok = xparse_feed(p, xml, strlen(xml), true);

    xparse_free(p);
    if (!ok) {
        xnode_free(out);
        return NULL;
    }
    return out;
}
