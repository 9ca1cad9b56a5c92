/* SPDX-License-Identifier: MIT */
/* xml.c - parsing XML text into libstrophe stanzas, and child lookups. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static pthread_once_t ctx_once = PTHREAD_ONCE_INIT;
static xmpp_ctx_t *parse_ctx;

static void ctx_init(void)
{
    xmpp_stanza_t *st;

    xmpp_initialize();
    parse_ctx = xmpp_ctx_new(NULL, NULL);
    /* libstrophe gives expat the memory of the context that made the
     * first parser, for good: make it this one, which is never freed,
     * not a session's (freed with the session, and counting, guard.c). */
    if (parse_ctx && (st = xmpp_stanza_new_from_string(parse_ctx, "<a/>")))
        xmpp_stanza_release(st);
}

/* A context with no connection, for parsing text outside a session. */
xmpp_ctx_t *mca_xml_ctx(void)
{
    pthread_once(&ctx_once, ctx_init);
    return parse_ctx;
}

xmpp_stanza_t *mca_xml_parse(const char *text)
{
    xmpp_ctx_t *ctx = mca_xml_ctx();

    if (!ctx || !text)
        return NULL;
    return xmpp_stanza_new_from_string(ctx, text);
}

int mca_xml_is(xmpp_stanza_t *st, const char *name)
{
    const char *n = xmpp_stanza_get_name(st);

    return n && strcmp(n, name) == 0;
}

xmpp_stanza_t *mca_xml_child(xmpp_stanza_t *st, const char *name,
                             const char *ns)
{
    xmpp_stanza_t *c;
    const char *cns;

    if (!st)
        return NULL;
    for (c = xmpp_stanza_get_children(st); c; c = xmpp_stanza_get_next(c)) {
        if (!xmpp_stanza_is_tag(c) || !mca_xml_is(c, name))
            continue;
        cns = xmpp_stanza_get_ns(c);
        if (!ns || (cns && strcmp(cns, ns) == 0))
            return c;
    }
    return NULL;
}

char *mca_xml_text(xmpp_stanza_t *st)
{
    xmpp_ctx_t *ctx = xmpp_stanza_get_context(st);
    char *t = xmpp_stanza_get_text(st), *c;

    if (!t)
        return strdup("");
    c = strdup(t);
    xmpp_free(ctx, t);
    return c;
}

char *mca_xml_child_text(xmpp_stanza_t *st, const char *name)
{
    xmpp_stanza_t *c = mca_xml_child(st, name, NULL);

    return c ? mca_xml_text(c) : NULL;
}

/* Length of the UTF-8 sequence that starts with byte c (0: not a start). */
static size_t utf8_len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        return 2;
    if (c >= 0xe0 && c <= 0xef)
        return 3;
    if (c >= 0xf0 && c <= 0xf4)
        return 4;
    return 0;
}

/* Code point of the n-byte sequence at p, or -1 when malformed. */
static long utf8_point(const unsigned char *p, size_t n)
{
    long cp = p[0] & (0x7f >> n);
    size_t k;

    for (k = 1; k < n; k++) {
        if ((p[k] & 0xc0) != 0x80)
            return -1;
        cp = (cp << 6) | (p[k] & 0x3f);
    }
    return cp;
}

int mca_xml_text_ok(const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0, n;
    long cp;

    while (i < len) {
        if (p[i] >= 0x20 && p[i] < 0x80) {
            i++;
            continue;
        }
        if (p[i] < 0x20) {
            if (p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
                return 0;
            i++;
            continue;
        }
        if (!(n = utf8_len(p[i])) || i + n > len ||
            (cp = utf8_point(p + i, n)) < 0)
            return 0;
        /* overlong forms, surrogates, beyond U+10FFFF, U+FFFE/U+FFFF */
        if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff || cp == 0xfffe ||
            cp == 0xffff)
            return 0;
        i += n;
    }
    return 1;
}
