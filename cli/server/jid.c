/* SPDX-License-Identifier: MIT */
/* jid.c - JID splitting and stringprep (nodeprep, nameprep, resourceprep). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <idna.h>
#include <stringprep.h>

#include "jid.h"
#include "xutil.h"

#define JID_PART_MAX 1023

bool jid_parts(const char *jid, struct jid_parts *p)
{
    const char *slash, *at, *end;

    memset(p, 0, sizeof(*p));
    if (!jid)
        return false;
    slash = strchr(jid, '/');
    end = slash ? slash : jid + strlen(jid);
    at = memchr(jid, '@', (size_t)(end - jid));
    if (slash && slash[1] == '\0')
        return false;
    if (at && at == jid)
        return false;
    p->domain = at ? at + 1 : jid;
    p->domain_len = (size_t)(end - p->domain);
    if (p->domain_len == 0)
        return false;
    if (at) {
        p->local = jid;
        p->local_len = (size_t)(at - jid);
    }
    p->resource = slash ? slash + 1 : NULL;
    return true;
}

bool jid_split(const char *jid, char **local, char **domain, char **resource)
{
    struct jid_parts p;

    *local = *domain = *resource = NULL;
    if (!jid_parts(jid, &p))
        return false;
    if (p.local)
        *local = xstrndup(p.local, p.local_len);
    *domain = xstrndup(p.domain, p.domain_len);
    if (p.resource)
        *resource = xstrdup(p.resource);
    return true;
}

/* Run a stringprep profile; NULL when the input is refused. */
static char *prep(const char *in, const Stringprep_profile *profile,
                  Stringprep_profile_flags flags)
{
    size_t cap = strlen(in) * 4 + 16;
    char *buf;
    int rc;

    for (;;) {
        buf = xmalloc(cap);
        strcpy(buf, in);
        rc = stringprep(buf, cap, flags, profile);
        if (rc != STRINGPREP_TOO_SMALL_BUFFER)
            break;
        free(buf);
        cap *= 2;
    }
    if (rc != STRINGPREP_OK || buf[0] == '\0' || strlen(buf) > JID_PART_MAX) {
        free(buf);
        return NULL;
    }
    return buf;
}

static char *prep_domain(const char *d)
{
    size_t len = strlen(d);
    char *tmp, *out;

    /* A trailing dot (fully qualified form) is not part of the domain. */
    if (len > 1 && d[len - 1] == '.')
        len--;
    tmp = xstrndup(d, len);
    out = prep(tmp, stringprep_nameprep, 0);
    free(tmp);
    if (out && (out[0] == '.' || strstr(out, ".."))) {
        free(out);
        return NULL;
    }
    /* Like Prosody: the domain must also pass ToASCII with the STD3
     * rules (no spaces, underscores or other punctuation). */
    if (out) {
        char *ascii = NULL;

        if (idna_to_ascii_8z(out, &ascii, IDNA_USE_STD3_ASCII_RULES) !=
            IDNA_SUCCESS) {
            free(out);
            out = NULL;
        }
        free(ascii);
    }
    return out;
}

static char *join(const char *l, const char *d, const char *r)
{
    size_t len = (l ? strlen(l) + 1 : 0) + strlen(d) + (r ? strlen(r) + 1 : 0);
    char *out = xmalloc(len + 1);

    snprintf(out, len + 1, "%s%s%s%s%s", l ? l : "", l ? "@" : "", d,
             r ? "/" : "", r ? r : "");
    return out;
}

char *jid_prep_idn(const char *jid)
{
    char *l, *d, *r, *pl = NULL, *pd = NULL, *pr = NULL, *out = NULL;

    if (!jid_split(jid, &l, &d, &r))
        return NULL;
    pd = prep_domain(d);
    if (l)
        pl = prep(l, stringprep_xmpp_nodeprep, 0);
    if (r)
        pr = prep(r, stringprep_xmpp_resourceprep, 0);
    if (pd && (!l || pl) && (!r || pr))
        out = join(pl, pd, pr);
    free(l);
    free(d);
    free(r);
    free(pl);
    free(pd);
    free(pr);
    return out;
}

/* What each printable ASCII character may be part of. */
enum { A_LOCAL = 1, A_RES = 2, A_LDH = 4, A_UPPER = 8 };

#define A_LR (A_LOCAL | A_RES)

static const unsigned char ascii_class[128] = {
    [' '] = A_RES,
    ['!'] = A_LR,
    ['"'] = A_RES,
    ['#' ... '%'] = A_LR,
    ['&'] = A_RES,
    ['\''] = A_RES,
    ['(' ... ','] = A_LR,
    ['-'] = A_LR | A_LDH,
    ['.'] = A_LR,
    ['/'] = A_RES,
    ['0' ... '9'] = A_LR | A_LDH,
    [':'] = A_RES,
    [';'] = A_LR,
    ['<'] = A_RES,
    ['='] = A_LR,
    ['>'] = A_RES,
    ['?'] = A_LR,
    ['@'] = A_RES,
    ['A' ... 'Z'] = A_LR | A_LDH | A_UPPER,
    ['[' ... '`'] = A_LR,
    ['a' ... 'z'] = A_LR | A_LDH,
    ['{' ... '~'] = A_LR,
};

static unsigned ascii_of(unsigned char ch)
{
    return ch < 128 ? ascii_class[ch] : 0;
}

/*
 * The fast path for what clients and services nearly always write: plain
 * ASCII.  There the three profiles come down to a few rules: nodeprep and
 * nameprep fold case, nodeprep refuses space, controls and "&'/:<>@,
 * resourceprep keeps printable ASCII as it is, and IDNA's STD3 rules want
 * LDH labels of at most 63 characters without a hyphen at either end.
 * Whatever falls outside (other bytes, refusals, a trailing dot, long
 * parts) goes through libidn, so that both ways always agree; the unit
 * tests compare them.
 *
 * Returns -1 when not for the fast path, 0 when jid is already prepared, 1
 * when it needs case folding.  With out (strlen(jid) + 1 bytes), writes
 * the prepared JID there.
 */
static int ascii_prep(const char *jid, char *out)
{
    const unsigned char *s = (const unsigned char *)jid, *d = s, *r;
    unsigned all = A_LOCAL, fold = 0, c;
    size_t n, label = 0;

    for (n = 0; s[n] && s[n] != '/' && s[n] != '@'; n++) {
        c = ascii_of(s[n]);
        all &= c;
        fold |= c;
    }
    if (s[n] == '@') {
        if (!n || n > JID_PART_MAX || !(all & A_LOCAL))
            return -1;
        d = s + n + 1;
    }
    for (n = 0; d[n] && d[n] != '/'; n++) {
        if (d[n] == '.') {
            if (!label || d[n - 1] == '-')
                return -1;
            label = 0;
            continue;
        }
        c = ascii_of(d[n]);
        if (!(c & A_LDH) || (!label && d[n] == '-') || ++label > 63)
            return -1;
        fold |= c;
    }
    if (!label || d[n - 1] == '-' || n > 253)
        return -1;
    r = d + n;
    if (*r == '/') {
        for (n = 1; r[n]; n++)
            if (!(ascii_of(r[n]) & A_RES))
                return -1;
        if (n == 1 || n - 1 > JID_PART_MAX)
            return -1;
    }
    if (out) {
        size_t bare = (size_t)(r - s);

        for (n = 0; n < bare; n++)
            out[n] = (char)((ascii_of(s[n]) & A_UPPER) ? s[n] - 'A' + 'a'
                                                       : s[n]);
        strcpy(out + bare, (const char *)r);
    }
    return (fold & A_UPPER) ? 1 : 0;
}

char *jid_prep(const char *jid)
{
    char *out;

    if (!jid)
        return NULL;
    out = xmalloc(strlen(jid) + 1);
    if (ascii_prep(jid, out) >= 0)
        return out;
    free(out);
    return jid_prep_idn(jid);
}

bool jid_prepared(const char *jid)
{
    return jid && ascii_prep(jid, NULL) == 0;
}

char *jid_bare(const char *jid)
{
    const char *slash = strchr(jid, '/');

    return slash ? xstrndup(jid, slash - jid) : xstrdup(jid);
}

const char *jid_resource(const char *jid)
{
    const char *slash = strchr(jid, '/');

    return slash ? slash + 1 : NULL;
}

char *jid_resourceprep(const char *s, bool strict)
{
    size_t i;

    if (!s)
        return NULL;
    /* Printable ASCII is its own resourceprep (all of it assigned). */
    for (i = 0; s[i] >= ' ' && s[i] < 0x7f && i < JID_PART_MAX; i++)
        ;
    if (i && !s[i])
        return xstrdup(s);
    return prep(s, stringprep_xmpp_resourceprep,
                strict ? STRINGPREP_NO_UNASSIGNED : 0);
}

bool jid_bare_eq(const char *a, const char *b)
{
    char *ba, *bb, *pa, *pb;
    bool eq;

    if (!a || !b)
        return false;
    if (jid_prepared(a) && jid_prepared(b)) {
        size_t la = strcspn(a, "/"), lb = strcspn(b, "/");

        return la == lb && memcmp(a, b, la) == 0;
    }
    ba = jid_bare(a);
    bb = jid_bare(b);
    pa = jid_prep(ba);
    pb = jid_prep(bb);
    eq = pa && pb && strcmp(pa, pb) == 0;
    free(ba);
    free(bb);
    free(pa);
    free(pb);
    return eq;
}
