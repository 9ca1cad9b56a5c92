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
    xmpp_initialize();
    parse_ctx = xmpp_ctx_new(NULL, NULL);
}

/* A context with no connection, for parsing text outside a session. */
xmpp_ctx_t *xml_ctx(void)
{
    pthread_once(&ctx_once, ctx_init);
    return parse_ctx;
}

xmpp_stanza_t *xml_parse(const char *text)
{
    xmpp_ctx_t *ctx = xml_ctx();

    if (!ctx || !text)
        return NULL;
    return xmpp_stanza_new_from_string(ctx, text);
}

int xml_is(xmpp_stanza_t *st, const char *name)
{
    const char *n = xmpp_stanza_get_name(st);

    return n && strcmp(n, name) == 0;
}

xmpp_stanza_t *xml_child(xmpp_stanza_t *st, const char *name,
                         const char *ns)
{
    xmpp_stanza_t *c;
    const char *cns;

    if (!st)
        return NULL;
    for (c = xmpp_stanza_get_children(st); c; c = xmpp_stanza_get_next(c)) {
        if (!xmpp_stanza_is_tag(c) || !xml_is(c, name))
            continue;
        cns = xmpp_stanza_get_ns(c);
        if (!ns || (cns && strcmp(cns, ns) == 0))
            return c;
    }
    return NULL;
}

char *xml_text(xmpp_stanza_t *st)
{
    xmpp_ctx_t *ctx = xmpp_stanza_get_context(st);
    char *t = xmpp_stanza_get_text(st), *c;

    if (!t)
        return strdup("");
    c = strdup(t);
    xmpp_free(ctx, t);
    return c;
}

char *xml_child_text(xmpp_stanza_t *st, const char *name)
{
    xmpp_stanza_t *c = xml_child(st, name, NULL);

    return c ? xml_text(c) : NULL;
}
