/* SPDX-License-Identifier: MIT */
/* jid.c - mucadmin_jid_valid(): the one JID syntax check (RFC 7622). */
#include <string.h>

#include "internal.h"

#define JID_PART_MAX 1023

/* Whether c may appear in a localpart: RFC 7622 section 3.3.1 leaves out
 * " & ' / : < > @, and the PRECIS IdentifierClass spaces and controls. */
static int local_char_ok(unsigned char c)
{
    return c > 0x20 && c != 0x7f && !strchr("\"&'/:<>@", c);
}

/* A domainpart: an IP literal ("[...]" of hex digits, ':' and '.') or
 * dot-separated labels of letters, digits and hyphens (the STD3 rules
 * servers apply) or non-ASCII UTF-8 (an IDN label, prepared by the
 * server); no empty label, so no leading, trailing or doubled dot. */
static int domain_ok(const char *d, size_t n)
{
    size_t i, label = 0;

    if (n == 0 || n > JID_PART_MAX)
        return 0;
    if (d[0] == '[') {
        if (n < 3 || d[n - 1] != ']')
            return 0;
        for (i = 1; i < n - 1; i++)
            if (!strchr("0123456789abcdefABCDEF:.", d[i]))
                return 0;
        return 1;
    }
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)d[i];

        if (c == '.') {
            if (label == 0 || d[i - 1] == '-')
                return 0;
            label = 0;
            continue;
        }
        if (c < 0x80 &&
            !(c == '-' ? label > 0
                       : (c >= '0' && c <= '9') ||
                             ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
            return 0;
        label++;
    }
    return label > 0 && d[n - 1] != '-';
}

int mucadmin_jid_valid(const char *jid, int bare)
{
    const char *slash, *at, *dom, *p;
    size_t len;

    if (!jid || !*jid)
        return 0;
    len = strlen(jid);
    if (!mca_xml_text_ok(jid, len))
        return 0; /* not UTF-8, or a character XML cannot carry */
    slash = strchr(jid, '/');
    at = memchr(jid, '@', slash ? (size_t)(slash - jid) : len);
    dom = jid;
    if (at) {
        if (at == jid || at - jid > JID_PART_MAX)
            return 0;
        for (p = jid; p < at; p++)
            if (!local_char_ok((unsigned char)*p))
                return 0;
        dom = at + 1;
    }
    if (!domain_ok(dom, slash ? (size_t)(slash - dom) : strlen(dom)))
        return 0;
    if (!slash)
        return 1;
    if (bare || !slash[1] || strlen(slash + 1) > JID_PART_MAX)
        return 0;
    for (p = slash + 1; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return 0;
    return 1;
}
