/* SPDX-License-Identifier: MIT */
/* vars.c - ${NAME's JID} and ${NAME's full JID} in stanza blocks (spec §3). */
#include "vars.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *jid_bare(const char *jid)
{
    const char *slash = strchr(jid, '/');

    return slash ? strndup(jid, (size_t)(slash - jid)) : strdup(jid);
}

static int append(char **out, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap * 2 : 256;
        char *t;
        while (c < *len + n + 1)
            c *= 2;
        t = realloc(*out, c);
        if (!t)
            return -1;
        *out = t;
        *cap = c;
    }
    memcpy(*out + *len, s, n);
    *len += n;
    (*out)[*len] = '\0';
    return 0;
}

static int append_escaped(char **out, size_t *len, size_t *cap, const char *s)
{
    int rc = 0;

    for (; *s && !rc; s++) {
        switch (*s) {
        case '&': rc = append(out, len, cap, "&amp;", 5); break;
        case '<': rc = append(out, len, cap, "&lt;", 4); break;
        case '>': rc = append(out, len, cap, "&gt;", 4); break;
        case '"': rc = append(out, len, cap, "&quot;", 6); break;
        case '\'': rc = append(out, len, cap, "&apos;", 6); break;
        default: rc = append(out, len, cap, s, 1);
        }
    }
    return rc;
}

char *script_subst(const char *text, var_lookup look, void *ud, char *err,
                   size_t errlen)
{
    char *out = NULL;
    size_t len = 0, cap = 0;
    const char *p = text, *open, *close, *sep, *q;
    const char *val;
    int full;

    if (append(&out, &len, &cap, "", 0) < 0)
        goto oom;
    while ((open = strstr(p, "${")) != NULL) {
        close = strchr(open + 2, '}');
        if (!close) {
            snprintf(err, errlen, "unterminated '${'");
            goto fail;
        }
        /* Split at the last "'s " inside the braces. */
        sep = NULL;
        for (q = open + 2; q + 3 <= close; q++)
            if (!strncmp(q, "'s ", 3))
                sep = q;
        if (!sep) {
            snprintf(err, errlen, "unknown variable '%.*s'",
                     (int)(close - open + 1), open);
            goto fail;
        }
        if ((size_t)(close - sep) == 6 && !strncmp(sep + 3, "JID", 3))
            full = 0;
        else if ((size_t)(close - sep) == 11 &&
                 !strncmp(sep + 3, "full JID", 8))
            full = 1;
        else {
            snprintf(err, errlen, "unknown variable '%.*s'",
                     (int)(close - open + 1), open);
            goto fail;
        }
        val = look(ud, open + 2, (size_t)(sep - open - 2), full);
        if (!val) {
            snprintf(err, errlen, "no value for '%.*s'",
                     (int)(close - open + 1), open);
            goto fail;
        }
        if (append(&out, &len, &cap, p, (size_t)(open - p)) < 0 ||
            append_escaped(&out, &len, &cap, val) < 0)
            goto oom;
        p = close + 1;
    }
    if (append(&out, &len, &cap, p, strlen(p)) < 0)
        goto oom;
    return out;
oom:
    snprintf(err, errlen, "out of memory");
fail:
    free(out);
    return NULL;
}
