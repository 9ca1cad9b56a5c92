/* SPDX-License-Identifier: MIT */
/* run.c - carry out a script's actions (spec §4, §6.4) and report. */
#include "run.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "script.h"
#include "vars.h"

/* How long "receives: nothing" listens when --timeout is longer. */
#define QUIET_WINDOW 0.5

struct run {
    const char *path;
    const struct run_opts *o;
    struct script s;
    struct client *cl;
    xmpp_ctx_t *ctx;
    struct captures cap;
    FILE *out;
    /* Stanzas skipped while waiting in the current receive. */
    char **skipped;
    size_t nskipped;
    size_t total_skipped;
};

static const char *lookup(void *ud, const char *name, size_t len, int full)
{
    struct run *r = ud;
    size_t i;
    static char bare[1024];
    char *b;

    for (i = 0; i < r->s.nchars; i++) {
        if (strlen(r->s.chars[i].name) != len ||
            strncmp(r->s.chars[i].name, name, len))
            continue;
        if (full)
            return r->cl[i].bound;
        /* The bare JID is known from the definition, even before login. */
        b = jid_bare(r->cl[i].bound ? r->cl[i].bound : r->s.chars[i].jid);
        if (!b)
            return NULL;
        snprintf(bare, sizeof(bare), "%s", b);
        free(b);
        return bare;
    }
    return NULL;
}

static void clear_skipped(struct run *r)
{
    size_t i;

    for (i = 0; i < r->nskipped; i++)
        free(r->skipped[i]);
    free(r->skipped);
    r->skipped = NULL;
    r->nskipped = 0;
}

static void skip(struct run *r, const struct step *st, const char *text,
                 const char *why)
{
    char **t = realloc(r->skipped, (r->nskipped + 1) * sizeof(*t));

    r->total_skipped++;
    /* Each skipped stanza is logged: the baseline needs to see them. */
    fprintf(stderr, "skipped %s:%d %s: %s\n", r->path, st->line,
            r->s.chars[st->who].name, text);
    if (!t)
        return;
    r->skipped = t;
    r->skipped[r->nskipped] = strdup(text);
    if (r->skipped[r->nskipped])
        r->nskipped++;
}

static enum result report(struct run *r, enum result res, int line,
                          const char *fmt, ...)
{
    va_list ap;

    fprintf(r->out, "%s %s", res == R_FAIL ? "FAIL" : "ERROR", r->path);
    if (line)
        fprintf(r->out, ":%d", line);
    fprintf(r->out, ": ");
    va_start(ap, fmt);
    vfprintf(r->out, fmt, ap);
    va_end(ap);
    fprintf(r->out, "\n");
    return res;
}

static void details(struct run *r, const char *expected, const char *got,
                    const char *why)
{
    size_t i;

    if (expected)
        fprintf(r->out, "  expected: %s\n", expected);
    if (got)
        fprintf(r->out, "  received: %s\n", got);
    if (why && *why)
        fprintf(r->out, "  mismatch: %s\n", why);
    if (r->nskipped) {
        fprintf(r->out, "  skipped (%zu):\n", r->nskipped);
        for (i = 0; i < r->nskipped; i++)
            fprintf(r->out, "    %s\n", r->skipped[i]);
    }
}

static enum result do_connect(struct run *r, const struct step *st)
{
    const struct character *ch = &r->s.chars[st->who];
    struct client *c = &r->cl[st->who];
    const char *host = r->o->host;
    int port = r->o->port;

    if (c->state == CS_ONLINE)
        return report(r, R_ERROR, st->line, "%s is already connected",
                      ch->name);
    if (c->conn)
        client_release(c);
    if (ch->host && !r->o->host_set)
        host = ch->host;
    if (ch->port && !r->o->port_set)
        port = ch->port;
    if (client_connect(r->ctx, c, ch->jid, ch->password, host, port,
                       r->o->timeout) < 0)
        return report(r, R_ERROR, st->line, "%s connects: %s", ch->name,
                      c->failure);
    if (r->o->conn.verbose)
        fprintf(stderr, "** %s: connected to %s:%d as %s\n", ch->name, host,
                port, c->bound ? c->bound : "?");
    return R_PASS;
}

/* Substitute variables and parse; the caller frees *text and the tree. */
static struct xnode *prepare(struct run *r, const struct step *st, char **text,
                             enum result *res)
{
    char err[256];
    struct xnode *n;

    *text = script_subst(st->xml, lookup, r, err, sizeof(err));
    if (!*text) {
        *res = report(r, R_ERROR, st->line, "%s", err);
        return NULL;
    }
    n = xml_parse(*text, err, sizeof(err));
    if (!n) {
        *res = report(r, R_ERROR, st->line, "bad stanza: %s", err);
        free(*text);
        *text = NULL;
    }
    return n;
}

static enum result do_send(struct run *r, const struct step *st)
{
    struct client *c = &r->cl[st->who];
    enum result res = R_PASS;
    char *text, *t;
    struct xnode *n = prepare(r, st, &text, &res);

    if (!n)
        return res;
    xnode_free(n);
    if (c->state != CS_ONLINE) {
        fprintf(stderr, "%s:%d: warning: %s is not connected; not sent\n",
                r->path, st->line, r->s.chars[st->who].name);
    } else {
        t = xml_trim(text, strlen(text));
        client_send(c, t ? t : text);
        free(t);
    }
    free(text);
    return R_PASS;
}

static enum result do_receive(struct run *r, const struct step *st)
{
    struct client *c = &r->cl[st->who];
    const char *who = r->s.chars[st->who].name;
    enum result res = R_PASS;
    char *text, *exp_s, why[512], last_why[512] = "";
    char *last = NULL;
    struct xnode *exp = prepare(r, st, &text, &res);
    struct rstanza got;
    double deadline = now_s() + r->o->timeout;

    if (!exp)
        return res;
    free(text);
    exp_s = xml_to_string(exp);
    clear_skipped(r);
    if (!c->conn) {
        res = report(r, R_ERROR, st->line, "%s receives before connecting",
                     who);
        goto out;
    }
    for (;;) {
        if (c->state != CS_ONLINE && !c->qlen) {
            /* Nothing more can come: say why rather than wait. */
            res = report(r, R_FAIL, st->line, "%s receives: %s", who,
                         c->failure[0] ? c->failure : "not connected");
            details(r, exp_s, NULL, NULL);
            break;
        }
        if (!client_next(r->ctx, c, deadline, &got)) {
            res = report(r, R_FAIL, st->line, "%s receives: timeout after %g s",
                         who, r->o->timeout);
            details(r, exp_s, NULL, NULL);
            if (last)
                fprintf(r->out,
                        "  last received (skipped): %s\n"
                        "  its mismatch: %s\n",
                        last, last_why);
            break;
        }
        if (match_stanza(exp, got.node, &r->cap, why, sizeof(why))) {
            rstanza_free(&got);
            break;
        }
        if (r->o->strict) {
            res = report(r, R_FAIL, st->line,
                         "%s receives: stanza does not match", who);
            details(r, exp_s, got.text, why);
            rstanza_free(&got);
            break;
        }
        skip(r, st, got.text, why);
        free(last);
        last = got.text;
        got.text = NULL;
        snprintf(last_why, sizeof(last_why), "%s", why);
        rstanza_free(&got);
    }
out:
    free(last);
    free(exp_s);
    xnode_free(exp);
    return res;
}

/*
 * "receives: nothing": listen for a short quiet window.  In strict mode a
 * stanza already queued fails too; by default those are skipped, like any
 * stanza a receive passes over.
 */
static enum result do_nothing(struct run *r, const struct step *st)
{
    struct client *c = &r->cl[st->who];
    const char *who = r->s.chars[st->who].name;
    double window = r->o->timeout < QUIET_WINDOW ? r->o->timeout : QUIET_WINDOW;
    struct rstanza got;
    enum result res = R_PASS;

    clear_skipped(r);
    if (!c->conn)
        return report(r, R_ERROR, st->line, "%s receives before connecting",
                      who);
    while (c->qlen) {
        client_next(r->ctx, c, 0, &got);
        if (r->o->strict) {
            res = report(r, R_FAIL, st->line,
                         "%s receives nothing: a stanza was waiting", who);
            details(r, "nothing", got.text, NULL);
            rstanza_free(&got);
            return res;
        }
        skip(r, st, got.text, "receives nothing");
        rstanza_free(&got);
    }
    clear_skipped(r);
    clients_pump(r->ctx, now_s() + window);
    if (c->qlen) {
        res = report(r, R_FAIL, st->line,
                     "%s receives nothing: a stanza arrived", who);
        details(r, "nothing", c->q[c->qhead].text, NULL);
    }
    return res;
}

/* Stand-in values, to check every stanza block before connecting. */
static const char *lookup_any(void *ud, const char *name, size_t len, int full)
{
    struct run *r = ud;
    size_t i;

    for (i = 0; i < r->s.nchars; i++)
        if (strlen(r->s.chars[i].name) == len &&
            !strncmp(r->s.chars[i].name, name, len))
            return full ? "x@example.invalid/r" : "x@example.invalid";
    return NULL;
}

/* Script bugs are reported before any server is bothered. */
static enum result check_blocks(struct run *r)
{
    char err[256], *text;
    struct xnode *n;
    size_t i;

    for (i = 0; i < r->s.nsteps; i++) {
        const struct step *st = &r->s.steps[i];
        if (!st->xml)
            continue;
        text = script_subst(st->xml, lookup_any, r, err, sizeof(err));
        if (!text)
            return report(r, R_ERROR, st->line, "%s", err);
        n = xml_parse(text, err, sizeof(err));
        free(text);
        if (!n)
            return report(r, R_ERROR, st->line, "bad stanza: %s", err);
        xnode_free(n);
    }
    return R_PASS;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL, *t;
    size_t len = 0, cap = 0, n;

    if (!f)
        return NULL;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            t = realloc(buf, cap);
            if (!t) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = t;
        }
        n = fread(buf + len, 1, 4096, f);
        len += n;
        if (n < 4096)
            break;
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

enum result run_file(const char *path, const struct run_opts *o, FILE *out)
{
    struct run r = { 0 };
    enum result res = R_PASS;
    char err[256];
    char *text;
    size_t i;

    r.path = path;
    r.o = o;
    r.out = out;
    text = read_file(path);
    if (!text)
        return report(&r, R_ERROR, 0, "cannot read the file");
    if (script_parse(text, &r.s, err, sizeof(err)) < 0) {
        int line = 0, off = 0;
        free(text);
        /* "line N: why" becomes "FILE:N: why", like every other report. */
        if (sscanf(err, "line %d: %n", &line, &off) == 1 && off > 0)
            return report(&r, R_ERROR, line, "%s", err + off);
        return report(&r, R_ERROR, 0, "%s", err);
    }
    free(text);
    r.cl = calloc(r.s.nchars ? r.s.nchars : 1, sizeof(*r.cl));
    r.ctx = clients_ctx_new(&o->conn);
    if (!r.cl || !r.ctx) {
        res = report(&r, R_ERROR, 0, "out of memory");
        goto out;
    }
    for (i = 0; i < r.s.nchars; i++) {
        r.cl[i].name = r.s.chars[i].name;
        r.cl[i].opts = &o->conn;
    }
    res = check_blocks(&r);
    for (i = 0; i < r.s.nsteps && res == R_PASS; i++) {
        const struct step *st = &r.s.steps[i];
        switch (st->act) {
        case ACT_CONNECT: res = do_connect(&r, st); break;
        case ACT_DISCONNECT:
            client_disconnect(r.ctx, &r.cl[st->who], o->timeout);
            if (o->conn.verbose)
                fprintf(stderr, "** %s: disconnected\n",
                        r.s.chars[st->who].name);
            break;
        case ACT_SEND: res = do_send(&r, st); break;
        case ACT_RECEIVE: res = do_receive(&r, st); break;
        case ACT_RECEIVE_NOTHING: res = do_nothing(&r, st); break;
        }
    }
    if (res == R_PASS) {
        fprintf(out, "PASS %s", path);
        if (r.total_skipped)
            fprintf(out, " (%zu skipped)", r.total_skipped);
        fprintf(out, "\n");
    }
out:
    /* Leftover stanzas are not a failure; everyone still online leaves. */
    for (i = 0; r.cl && i < r.s.nchars; i++)
        client_disconnect(r.ctx, &r.cl[i], 2.0);
    for (i = 0; r.cl && i < r.s.nchars; i++)
        client_release(&r.cl[i]);
    if (r.ctx)
        xmpp_ctx_free(r.ctx);
    clear_skipped(&r);
    captures_free(&r.cap);
    free(r.cl);
    script_free(&r.s);
    return res;
}
