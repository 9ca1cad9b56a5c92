/* SPDX-License-Identifier: MIT */
/* match.c - scansion's matching rules: strict and non-strict elements. */
#include "match.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mctx {
    struct captures *cap;
    char *why;
    size_t whylen;
};

void captures_free(struct captures *c)
{
    size_t i;

    for (i = 0; i < c->n; i++) {
        free(c->names[i]);
        free(c->values[i]);
    }
    free(c->names);
    free(c->values);
    memset(c, 0, sizeof(*c));
}

/* Forget captures bound after a failed trial (they are only appended). */
static void captures_truncate(struct captures *c, size_t n)
{
    while (c->n > n) {
        c->n--;
        free(c->names[c->n]);
        free(c->values[c->n]);
    }
}

static const char *capture_get(const struct captures *c, const char *name,
                               size_t len)
{
    size_t i;

    for (i = 0; i < c->n; i++)
        if (strlen(c->names[i]) == len && !strncmp(c->names[i], name, len))
            return c->values[i];
    return NULL;
}

static int capture_add(struct captures *c, const char *name, size_t len,
                       const char *value)
{
    char **nn = realloc(c->names, (c->n + 1) * sizeof(*nn));
    char **vv;

    if (!nn)
        return -1;
    c->names = nn;
    vv = realloc(c->values, (c->n + 1) * sizeof(*vv));
    if (!vv)
        return -1;
    c->values = vv;
    nn[c->n] = strndup(name, len);
    vv[c->n] = strdup(value);
    if (!nn[c->n] || !vv[c->n]) {
        free(nn[c->n]);
        free(vv[c->n]);
        return -1;
    }
    c->n++;
    return 0;
}

static int fail(struct mctx *m, const char *path, const char *fmt, ...)
{
    va_list ap;
    int off;

    off = snprintf(m->why, m->whylen, "%s: ", path);
    if (off < 0 || (size_t)off >= m->whylen)
        return 0;
    va_start(ap, fmt);
    vsnprintf(m->why + off, m->whylen - (size_t)off, fmt, ap);
    va_end(ap);
    return 0;
}

/*
 * Compare one expected value (attribute or text) with the received one:
 * {scansion:any} takes anything, {scansion:capture:NAME} binds NAME the
 * first time and must equal it afterwards, anything else is exact.
 */
static int value_ok(struct mctx *m, const char *exp, const char *got)
{
    size_t plen = strlen(MATCH_CAPTURE), elen = strlen(exp);
    const char *old;

    if (!strcmp(exp, MATCH_ANY))
        return 1;
    if (elen > plen + 1 && !strncmp(exp, MATCH_CAPTURE, plen) &&
        exp[elen - 1] == '}') {
        old = capture_get(m->cap, exp + plen, elen - plen - 1);
        if (old)
            return !strcmp(old, got);
        return capture_add(m->cap, exp + plen, elen - plen - 1, got) == 0;
    }
    return !strcmp(exp, got);
}

static int is_control(const char *attr)
{
    return !strncmp(attr, "scansion:", 9);
}

static int match_el(struct mctx *m, const struct xnode *e,
                    const struct xnode *r, int in_ns, const char *path);

/*
 * Non-strict children: each expected child needs its own received child,
 * in any order.  Backtracking, so that an early greedy choice cannot take
 * the only child a later expected element could match.
 */
static int assign(struct mctx *m, const struct xnode *e, const struct xnode *r,
                  int in_ns, const char *path, size_t i, char *used)
{
    size_t j, mark = m->cap->n;

    if (i == e->nkids)
        return 1;
    for (j = 0; j < r->nkids; j++) {
        if (used[j])
            continue;
        if (match_el(m, e->kids[i], r->kids[j], in_ns, path)) {
            used[j] = 1;
            if (assign(m, e, r, in_ns, path, i + 1, used))
                return 1;
            used[j] = 0;
        }
        captures_truncate(m->cap, mark);
    }
    return 0;
}

/*
 * Report a failed non-strict child assignment: name the first expected
 * child with no partner at all and, when a received child has its name and
 * namespace, why that one differs.
 */
static int no_partner(struct mctx *m, const struct xnode *e,
                      const struct xnode *r, int in_ns, const char *here)
{
    char inner[512] = "";
    size_t i, j, mark = m->cap->n;
    const struct xnode *want = e->kids[0];
    char *s;
    int any;

    for (i = 0; i < e->nkids; i++) {
        for (j = 0, any = 0; j < r->nkids && !any; j++) {
            any = match_el(m, e->kids[i], r->kids[j], in_ns, here);
            captures_truncate(m->cap, mark);
        }
        if (!any) {
            want = e->kids[i];
            break;
        }
    }
    for (j = 0; j < r->nkids; j++) {
        if (strcmp(r->kids[j]->name, want->name) ||
            strcmp(r->kids[j]->ns, want->ns))
            continue;
        match_el(m, want, r->kids[j], in_ns, here);
        captures_truncate(m->cap, mark);
        snprintf(inner, sizeof(inner), "%s", m->why);
        break;
    }
    s = xml_to_string(want);
    if (*inner)
        fail(m, here, "no child matches %s; closest: %s", s ? s : "?", inner);
    else
        fail(m, here, "no child matches %s", s ? s : "?");
    free(s);
    return 0;
}

static int match_el(struct mctx *m, const struct xnode *e,
                    const struct xnode *r, int in_ns, const char *path)
{
    char here[512];
    const char *flag, *v;
    char *et = NULL, *rt = NULL;
    size_t i;
    int strict, ok;

    snprintf(here, sizeof(here), "%s/%s", path, e->name);
    if (strcmp(e->name, r->name) != 0)
        return fail(m, here, "element <%s>, expected <%s>", r->name, e->name);
    if (strcmp(e->ns, r->ns) != 0)
        return fail(m, here, "namespace '%s', expected '%s'", r->ns, e->ns);

    /*
     * An element with its own namespace, and everything below it, is
     * strict; the stanza and its jabber:client children are not.
     * scansion:strict overrides this for the element itself only.
     */
    in_ns = in_ns || strcmp(e->ns, NS_CLIENT) != 0;
    strict = in_ns;
    flag = xnode_attr(e, "scansion:strict");
    if (flag)
        strict = !strcmp(flag, "true") || !strcmp(flag, "1");

    for (i = 0; i < e->nattrs; i++) {
        if (is_control(e->attrs[i].name))
            continue;
        v = xnode_attr(r, e->attrs[i].name);
        if (!v)
            return fail(m, here, "missing attribute %s='%s'", e->attrs[i].name,
                        e->attrs[i].value);
        if (!value_ok(m, e->attrs[i].value, v))
            return fail(m, here, "attribute %s='%s', expected '%s'",
                        e->attrs[i].name, v, e->attrs[i].value);
    }
    if (strict) {
        for (i = 0; i < r->nattrs; i++) {
            v = xnode_attr(e, r->attrs[i].name);
            if (!v)
                return fail(m, here, "unexpected attribute %s='%s' (strict)",
                            r->attrs[i].name, r->attrs[i].value);
        }
    }

    /* Whitespace-only text is indentation, never content. */
    et = xml_trim(e->text ? e->text : "", e->textlen);
    rt = xml_trim(r->text ? r->text : "", r->textlen);
    if (!et || !rt)
        ok = fail(m, here, "out of memory");
    else if (*et)
        ok = value_ok(m, et, rt) ||
             fail(m, here, "text '%s', expected '%s'", rt, et);
    else
        ok = !strict || !*rt ||
             fail(m, here, "unexpected text '%s' (strict)", rt);
    free(et);
    free(rt);
    if (!ok)
        return 0;

    if (strict) {
        if (e->nkids != r->nkids)
            return fail(m, here, "%zu child element(s), expected %zu (strict)",
                        r->nkids, e->nkids);
        for (i = 0; i < e->nkids; i++) {
            char kid[600];
            snprintf(kid, sizeof(kid), "%s[%zu]", here, i + 1);
            if (!match_el(m, e->kids[i], r->kids[i], in_ns, kid))
                return 0;
        }
        return 1;
    }
    if (e->nkids) {
        char *used = calloc(r->nkids + 1, 1);
        if (!used)
            return fail(m, here, "out of memory");
        ok = assign(m, e, r, in_ns, here, 0, used);
        free(used);
        if (!ok)
            return no_partner(m, e, r, in_ns, here);
    }
    return 1;
}

int match_stanza(const struct xnode *exp, const struct xnode *got,
                 struct captures *cap, char *why, size_t whylen)
{
    struct mctx m = { cap, why, whylen };
    size_t mark = cap->n;

    if (whylen)
        why[0] = '\0';
    if (match_el(&m, exp, got, 0, ""))
        return 1;
    captures_truncate(cap, mark);
    return 0;
}
