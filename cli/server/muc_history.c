/* SPDX-License-Identifier: MIT */
/* muc_history.c - the discussion history a joining session gets, as
 * Prosody 0.12's history.lib gives it (the archive's where mod_muc_mam
 * takes over). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "muc_archive.h"
#include "xutil.h"

static bool num_attr(const struct xnode *h, const char *name, double *v)
{
    const char *s = xnode_attr(h, name);

    return s && lua_tonumber(s, v);
}

/* Prosody's parse_history, then its default (defaulthistorymessages). */
static void parse(const struct room *r, const struct xnode *st,
                  struct hist_req *q)
{
    const struct xnode *x = xnode_child(st, "x", NS_MUC);
    const struct xnode *h = x ? xnode_child(x, "history", NS_MUC) : NULL;
    double secs;
    time_t t;

    memset(q, 0, sizeof(*q));
    if (h) {
        q->has_chars = num_attr(h, "maxchars", &q->chars);
        q->has_stanzas = num_attr(h, "maxstanzas", &q->stanzas);
        q->has_since = archive_parse_stamp(xnode_attr(h, "since"), &q->since);
        if (num_attr(h, "seconds", &secs)) {
            if (secs > 1e12 || secs < -1e12)
                secs = secs < 0 ? -1e12 : 1e12;
            t = time(NULL) - (time_t)secs;
            if (!q->has_since || q->since < t)
                q->since = t;
            q->has_since = true;
        }
    }
    if (!q->has_chars && !q->has_stanzas && !q->has_since) {
        q->has_stanzas = true;
        q->stanzas = r->cfg.defaulthistory;
    }
}

/* Its length as Prosody counts it: serialised with to=''. */
static size_t chars_of(const struct xnode *msg)
{
    struct xnode *c = xnode_copy(msg);
    char *s;
    size_t n;

    xnode_set_attr(c, "to", "");
    s = xnode_to_string(c, NS_CLIENT);
    n = strlen(s);
    free(s);
    xnode_free(c);
    return n;
}

/* history.lib: from the newest back, while the characters (each with the
 * recipient's JID), the date and the number allow. */
static void from_memory(struct muc *m, struct room *r, const char *to,
                        const struct hist_req *q)
{
    struct hist **v, *e;
    size_t len = 0, i, n = 0;
    double chars = 0;
    struct xnode *c;

    for (e = r->hist; e; e = e->next)
        len++;
    if (!len)
        return;
    if (!(v = calloc(len, sizeof(*v))))
        out_of_memory();
    for (e = r->hist, i = 0; e; e = e->next)
        v[i++] = e;
    for (i = len; i > 0; i--) {
        e = v[i - 1];
        if (q->has_chars) {
            chars += (double)(chars_of(e->msg) + strlen(to));
            if (chars > q->chars)
                break;
        }
        if (q->has_since && q->since > e->when)
            break;
        if (q->has_stanzas && (double)(n + 1) > q->stanzas)
            break;
        n++;
    }
    for (i = len - n; i < len; i++) {
        c = xnode_copy(v[i]->msg);
        xnode_set_attr(c, "to", to);
        muc_send(m, c);
    }
    free(v);
}

void muc_history_send(struct muc *m, struct room *r, const char *to,
                      const struct xnode *st)
{
    struct hist_req q;

    parse(r, st, &q);
    if (!archive_history(m, r, to, &q))
        from_memory(m, r, to, &q);
}
