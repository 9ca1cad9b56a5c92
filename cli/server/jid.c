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

bool jid_split(const char *jid, char **local, char **domain, char **resource)
{
    const char *slash, *at;
    size_t dlen;

    *local = *domain = *resource = NULL;
    if (!jid)
        return false;
    slash = strchr(jid, '/');
    at = memchr(jid, '@', slash ? (size_t)(slash - jid) : strlen(jid));
    if (slash && slash[1] == '\0')
        return false;
    if (at && at == jid)
        return false;
    const char *d = at ? at + 1 : jid;
    dlen = slash ? (size_t)(slash - d) : strlen(d);
    if (dlen == 0)
        return false;
    if (at)
        *local = xstrndup(jid, at - jid);
    *domain = xstrndup(d, dlen);
    if (slash)
        *resource = xstrdup(slash + 1);
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
    if (rc != STRINGPREP_OK || buf[0] == '\0' ||
        strlen(buf) > JID_PART_MAX) {
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

char *jid_prep(const char *jid)
{
    char *l, *d, *r, *pl = NULL, *pd = NULL, *pr = NULL, *out = NULL;

    if (!jid_split(jid, &l, &d, &r))
        return NULL;
    pd = prep_domain(d);
    if (l)
        pl = prep(l, stringprep_xmpp_nodeprep, 0);
    if (r)
        pr = jid_resourceprep(r, false);
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
    if (!s)
        return NULL;
    return prep(s, stringprep_xmpp_resourceprep,
                strict ? STRINGPREP_NO_UNASSIGNED : 0);
}

bool jid_bare_eq(const char *a, const char *b)
{
    char *ba, *bb, *pa, *pb;
    bool eq;

    if (!a || !b)
        return false;
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
