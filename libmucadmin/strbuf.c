/* SPDX-License-Identifier: MIT */
/* strbuf.c - growing strings, XML escaping and small string helpers. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

static int sb_grow(strbuf_t *b, size_t more)
{
    size_t cap;
    char *p;

    if (b->oom)
        return -1;
    if (b->len + more + 1 <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 128;
    while (cap < b->len + more + 1)
        cap *= 2;
    p = realloc(b->s, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->s = p;
    b->cap = cap;
    return 0;
}

int mca_sb_addn(strbuf_t *b, const char *text, size_t n)
{
    if (sb_grow(b, n))
        return -1;
    memcpy(b->s + b->len, text, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

void mca_sb_add(strbuf_t *b, const char *text)
{
    mca_sb_addn(b, text, strlen(text));
}

void mca_sb_addf(strbuf_t *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || sb_grow(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Runs of characters that need no escape are copied at once. */
void mca_sb_esc(strbuf_t *b, const char *text)
{
    const char *p = text;
    size_t run;

    for (;;) {
        run = strcspn(p, "&<>'\"");
        mca_sb_addn(b, p, run);
        p += run;
        switch (*p) {
        case '&': mca_sb_add(b, "&amp;"); break;
        case '<': mca_sb_add(b, "&lt;"); break;
        case '>': mca_sb_add(b, "&gt;"); break;
        case '\'': mca_sb_add(b, "&apos;"); break;
        case '"': mca_sb_add(b, "&quot;"); break;
        default: return;
        }
        p++;
    }
}

void mca_sb_attr(strbuf_t *b, const char *name, const char *value)
{
    if (!value)
        return;
    mca_sb_add(b, " ");
    mca_sb_add(b, name);
    mca_sb_add(b, "='");
    mca_sb_esc(b, value);
    mca_sb_add(b, "'");
}

void mca_sb_elem(strbuf_t *b, const char *name, const char *value)
{
    if (!value)
        return;
    mca_sb_add(b, "<");
    mca_sb_add(b, name);
    if (!*value) {
        mca_sb_add(b, "/>");
        return;
    }
    mca_sb_add(b, ">");
    mca_sb_esc(b, value);
    mca_sb_add(b, "</");
    mca_sb_add(b, name);
    mca_sb_add(b, ">");
}

char *mca_sb_take(strbuf_t *b)
{
    char *s;

    if (b->oom) {
        mca_sb_free(b);
        return NULL;
    }
    s = b->s ? b->s : mca_xstrdup("");
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

void mca_sb_free(strbuf_t *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

char *mca_xstrdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

int mca_xstrset(char **dst, const char *src)
{
    char *c = NULL;

    if (src && !(c = strdup(src)))
        return -1;
    free(*dst);
    *dst = c;
    return 0;
}

void mca_xwipe(char *s)
{
    volatile char *p = s;

    if (!s)
        return;
    while (*p)
        *p++ = '\0';
    free(s);
}

/*
 * A syntax check, not full RFC 7622 preparation: one optional '@' with a
 * non-empty node before it, a non-empty domain without spaces, and a
 * non-empty resource after '/' when there is one.
 */
int mca_jid_valid(const char *jid)
{
    const char *at, *slash, *p, *dom;

    if (!jid || !*jid)
        return 0;
    slash = strchr(jid, '/');
    at = strchr(jid, '@');
    if (at && slash && at > slash)
        at = NULL; /* an '@' in the resource */
    if (at == jid || (slash && !slash[1]))
        return 0;
    dom = at ? at + 1 : jid;
    if (dom == slash || !*dom || *dom == '.')
        return 0;
    for (p = jid; *p && p != slash; p++) {
        if (isspace((unsigned char)*p) || *p == '<' || *p == '>' ||
            *p == '"' || *p == '\'' || *p == '&')
            return 0;
        if (*p == '@' && p != at)
            return 0;
    }
    return 1;
}

int mca_jid_bare_equal(const char *a, const char *b)
{
    size_t la = strcspn(a, "/"), lb = strcspn(b, "/");

    return la == lb && strncasecmp(a, b, la) == 0;
}
