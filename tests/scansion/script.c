/* SPDX-License-Identifier: MIT */
/* script.c - read the scansion script format into characters and steps. */
#include "script.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct line {
    const char *s;
    size_t len;
};

static int perr(char *err, size_t errlen, int line, const char *fmt, ...)
{
    va_list ap;
    int off = snprintf(err, errlen, "line %d: ", line);

    if (off >= 0 && (size_t)off < errlen) {
        va_start(ap, fmt);
        vsnprintf(err + off, errlen - (size_t)off, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int blank(struct line l)
{
    size_t i;

    for (i = 0; i < l.len; i++)
        if (!isspace((unsigned char)l.s[i]))
            return 0;
    return 1;
}

static int indented(struct line l)
{
    return l.len && (l.s[0] == '\t' || l.s[0] == ' ');
}

/* A line of dashes only, at least three, ends the definitions. */
static int separator(struct line l)
{
    size_t i, n = l.len;

    while (n && isspace((unsigned char)l.s[n - 1]))
        n--;
    if (n < 3)
        return 0;
    for (i = 0; i < n; i++)
        if (l.s[i] != '-')
            return 0;
    return 1;
}

static int comment(struct line l)
{
    return (l.len >= 1 && l.s[0] == '#') ||
           (l.len >= 2 && !strncmp(l.s, "//", 2)) ||
           (l.len >= 2 && !strncmp(l.s, "--", 2));
}

static char *dup_trim(const char *s, size_t len)
{
    while (len && isspace((unsigned char)*s))
        s++, len--;
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    return strndup(s, len);
}

static size_t find_char(const struct script *s, const char *name, size_t len)
{
    size_t i;

    for (i = 0; i < s->nchars; i++)
        if (strlen(s->chars[i].name) == len &&
            !strncmp(s->chars[i].name, name, len))
            return i;
    return (size_t)-1;
}

static int add_char(struct script *s, const char *name, size_t len)
{
    struct character *c = realloc(s->chars, (s->nchars + 1) * sizeof(*c));

    if (!c)
        return -1;
    s->chars = c;
    memset(&c[s->nchars], 0, sizeof(*c));
    c[s->nchars].name = dup_trim(name, len);
    if (!c[s->nchars].name)
        return -1;
    s->nchars++;
    return 0;
}

/* "\tkey: value" under a [Class] Name line. */
static int char_key(struct character *c, struct line l, int no, char *err,
                    size_t errlen)
{
    const char *colon = memchr(l.s, ':', l.len);
    char *key, *val;
    char **slot = NULL;

    if (!colon)
        return perr(err, errlen, no, "expected 'key: value'");
    key = dup_trim(l.s, (size_t)(colon - l.s));
    val = dup_trim(colon + 1, l.len - (size_t)(colon + 1 - l.s));
    if (!key || !val) {
        free(key);
        free(val);
        return perr(err, errlen, no, "out of memory");
    }
    if (!strcmp(key, "jid"))
        slot = &c->jid;
    else if (!strcmp(key, "password"))
        slot = &c->password;
    else if (!strcmp(key, "connect_host"))
        slot = &c->host;
    else if (!strcmp(key, "connect_port"))
        c->port = atoi(val);
    /* Other keys are other runners' business; ignore them. */
    if (slot) {
        free(*slot);
        *slot = val;
        val = NULL;
    }
    free(key);
    free(val);
    return 0;
}

static const char *const verbs[] = { "connects", "disconnects", "sends",
                                     "receives" };

/*
 * "NAME VERB[:] [nothing]": the verb is the last word (the name may hold
 * spaces), so scan from the end.
 */
static int action(struct script *s, struct line l, int no, struct step *st,
                  char *err, size_t errlen)
{
    size_t n = l.len, v, vlen, end;
    int nothing = 0;

    while (n && isspace((unsigned char)l.s[n - 1]))
        n--;
    if (n > 8 && !strncmp(l.s + n - 7, "nothing", 7) &&
        isspace((unsigned char)l.s[n - 8])) {
        nothing = 1;
        n -= 7;
        while (n && isspace((unsigned char)l.s[n - 1]))
            n--;
    }
    if (n && l.s[n - 1] == ':')
        n--;
    for (v = 0; v < 4; v++) {
        vlen = strlen(verbs[v]);
        if (n > vlen && !strncmp(l.s + n - vlen, verbs[v], vlen) &&
            l.s[n - vlen - 1] == ' ')
            break;
    }
    if (v == 4)
        return perr(err, errlen, no, "not an action: '%.*s'", (int)l.len, l.s);
    end = n - vlen - 1;
    while (end && l.s[end - 1] == ' ')
        end--;
    st->who = find_char(s, l.s, end);
    if (st->who == (size_t)-1)
        return perr(err, errlen, no, "unknown character '%.*s'", (int)end, l.s);
    st->line = no;
    st->act = (enum act)v;
    if (nothing && st->act != ACT_RECEIVE)
        return perr(err, errlen, no, "only 'receives' takes 'nothing'");
    if (nothing)
        st->act = ACT_RECEIVE_NOTHING;
    return 0;
}

static struct line *split_lines(const char *text, size_t *count)
{
    struct line *ls = NULL, *t;
    size_t n = 0;
    const char *p = text, *nl;

    while (*p) {
        nl = strchr(p, '\n');
        t = realloc(ls, (n + 1) * sizeof(*ls));
        if (!t) {
            free(ls);
            return NULL;
        }
        ls = t;
        ls[n].s = p;
        ls[n].len = nl ? (size_t)(nl - p) : strlen(p);
        if (ls[n].len && p[ls[n].len - 1] == '\r')
            ls[n].len--;
        n++;
        if (!nl)
            break;
        p = nl + 1;
    }
    *count = n;
    return ls;
}

/* The indented lines after a sends/receives line, through blank lines. */
static char *block(struct line *ls, size_t n, size_t *i)
{
    size_t a = *i, b = *i, k, len = 0;
    char *r;

    while (b < n && (indented(ls[b]) || blank(ls[b]))) {
        if (blank(ls[b])) {
            for (k = b; k < n && blank(ls[k]); k++)
                ;
            if (k == n || !indented(ls[k]))
                break;
            b = k;
            continue;
        }
        b++;
    }
    for (k = a; k < b; k++)
        len += ls[k].len + 1;
    r = malloc(len + 1);
    if (!r)
        return NULL;
    len = 0;
    for (k = a; k < b; k++) {
        memcpy(r + len, ls[k].s, ls[k].len);
        len += ls[k].len;
        r[len++] = '\n';
    }
    r[len] = '\0';
    *i = b;
    return r;
}

int script_parse(const char *text, struct script *s, char *err, size_t errlen)
{
    struct line *ls;
    size_t n, i = 0;
    struct character *cur = NULL;
    int in_defs = 1, rc = -1;

    memset(s, 0, sizeof(*s));
    ls = split_lines(text, &n);
    if (!ls && *text)
        return perr(err, errlen, 1, "out of memory");
    while (i < n) {
        struct line l = ls[i];
        int no = (int)++i;

        if (in_defs && separator(l)) {
            in_defs = 0;
            cur = NULL;
            continue;
        }
        if (blank(l))
            continue;
        if (in_defs && indented(l)) {
            if (!cur) {
                perr(err, errlen, no, "indented line outside a definition");
                goto out;
            }
            if (char_key(cur, l, no, err, errlen) < 0)
                goto out;
            continue;
        }
        if (comment(l)) {
            if (!s->title && l.s[0] == '#' && s->nchars == 0 && in_defs) {
                size_t k = 1;
                while (k < l.len && (l.s[k] == '#' || l.s[k] == ' '))
                    k++;
                s->title = strndup(l.s + k, l.len - k);
            }
            continue;
        }
        if (in_defs) {
            const char *close = memchr(l.s, ']', l.len);
            const char *nm;
            if (l.s[0] != '[' || !close) {
                perr(err, errlen, no, "expected '[Class] Name'");
                goto out;
            }
            if ((size_t)(close - l.s) != 7 || strncmp(l.s, "[Client]", 8)) {
                perr(err, errlen, no, "unsupported class '%.*s'",
                     (int)(close - l.s + 1), l.s);
                goto out;
            }
            nm = close + 1;
            if (add_char(s, nm, l.len - (size_t)(nm - l.s)) < 0) {
                perr(err, errlen, no, "out of memory");
                goto out;
            }
            cur = &s->chars[s->nchars - 1];
            if (!*cur->name) {
                perr(err, errlen, no, "character without a name");
                goto out;
            }
            continue;
        }
        if (indented(l)) {
            perr(err, errlen, no, "stanza without an action line");
            goto out;
        } else {
            struct step st = { 0 }, *t;
            if (action(s, l, no, &st, err, errlen) < 0)
                goto out;
            if (st.act == ACT_SEND || st.act == ACT_RECEIVE) {
                st.xml = block(ls, n, &i);
                if (!st.xml) {
                    perr(err, errlen, no, "out of memory");
                    goto out;
                }
                if (!*st.xml) {
                    free(st.xml);
                    perr(err, errlen, no, "no stanza after the action");
                    goto out;
                }
            }
            t = realloc(s->steps, (s->nsteps + 1) * sizeof(*t));
            if (!t) {
                free(st.xml);
                perr(err, errlen, no, "out of memory");
                goto out;
            }
            s->steps = t;
            t[s->nsteps++] = st;
        }
    }
    if (in_defs) {
        perr(err, errlen, (int)n, "no '-----' line after the definitions");
        goto out;
    }
    for (i = 0; i < s->nchars; i++) {
        if (!s->chars[i].jid) {
            snprintf(err, errlen, "character '%s' has no jid",
                     s->chars[i].name);
            goto out;
        }
    }
    rc = 0;
out:
    free(ls);
    if (rc < 0)
        script_free(s);
    return rc;
}

void script_free(struct script *s)
{
    size_t i;

    for (i = 0; i < s->nchars; i++) {
        free(s->chars[i].name);
        free(s->chars[i].jid);
        free(s->chars[i].password);
        free(s->chars[i].host);
    }
    for (i = 0; i < s->nsteps; i++)
        free(s->steps[i].xml);
    free(s->chars);
    free(s->steps);
    free(s->title);
    memset(s, 0, sizeof(*s));
}
