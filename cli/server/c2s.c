/* SPDX-License-Identifier: MIT */
/* c2s.c - client sessions: stream headers, input, dispatch, stream errors. */
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "jid.h"
#include "muc.h"
#include "sasl.h"
#include "xutil.h"

static void on_open(void *ud, struct xnode *header);
static void on_stanza(void *ud, struct xnode *st);
static void on_close(void *ud);

static const struct xparse_cbs c2s_cbs = { on_open, on_stanza, on_close };

/* Pending MUC changes go to disk before any output that may report them. */
static void before_write(void *arg)
{
    struct c2s *c = arg;

    muc_flush(c->srv->muc);
}

/* Over the output budget (from inside another send): the loop ends the
 * session, c2s_overflowed(). */
static void on_overflow(void *arg)
{
    c2s_dirty(arg);
}

void c2s_overflowed(struct c2s *c)
{
    conn_overflow_done(&c->conn);
    c2s_stream_error(c, "resource-constraint",
                     "Too much output waiting: "
                     "the client does not read it");
}

struct c2s *c2s_new(struct server *s, int fd)
{
    struct c2s *c = xmalloc(sizeof(*c));

    memset(c, 0, sizeof(*c));
    conn_init(&c->conn, fd);
    c->conn.before_write = before_write;
    c->conn.before_write_arg = c;
    c->conn.on_overflow = on_overflow;
    c->srv = s;
    c->parser = xparse_new(true, STANZA_MAX, &c2s_cbs, c);
    c2s_deadline(c, core_now() + s->handshake_timeout);
    c->next = s->sessions;
    if (s->sessions)
        s->sessions->prev = c;
    s->sessions = c;
    return c;
}

void c2s_dirty(struct c2s *c)
{
    struct server *s = c->srv;

    if (c->dirty || c->freeing)
        return;
    c->dirty = true;
    c->dirty_prev = NULL;
    c->dirty_next = s->dirty;
    if (s->dirty)
        s->dirty->dirty_prev = c;
    s->dirty = c;
}

static void undirty(struct c2s *c)
{
    if (!c->dirty)
        return;
    if (c->dirty_next)
        c->dirty_next->dirty_prev = c->dirty_prev;
    if (c->dirty_prev)
        c->dirty_prev->dirty_next = c->dirty_next;
    else
        c->srv->dirty = c->dirty_next;
    c->dirty = false;
    c->dirty_prev = c->dirty_next = NULL;
}

void c2s_deadline(struct c2s *c, double when)
{
    c->deadline = when;
    if (when < c->srv->next_tick)
        c->srv->next_tick = when;
}

void c2s_free(struct c2s *c)
{
    if (!c)
        return;
    if (!c->ended)
        c2s_end(c, "closed");
    c->freeing = true;
    undirty(c);
    if (c->next)
        c->next->prev = c->prev;
    if (c->prev)
        c->prev->next = c->next;
    else if (c->srv->sessions == c)
        c->srv->sessions = c->next;
    conn_destroy(&c->conn);
    xparse_free(c->parser);
    sasl_free(c->sasl);
    free(c->user);
    free(c->full_jid);
    free(c->lang);
    xnode_free(c->presence);
    xnode_free(c->held);
    presence_forget_directed(c);
    free(c);
}

/* A random stream id (UUID-like, as Prosody's). */
static void stream_id(char *out, size_t len)
{
    unsigned char r[16];

    RAND_bytes(r, sizeof(r));
    snprintf(out, len,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x",
             r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
             r[11], r[12], r[13], r[14], r[15]);
}

static void send_header(struct c2s *c)
{
    char id[40], *buf;
    size_t len;

    stream_id(id, sizeof(id));
    len = strlen(c->srv->cfg->domain) + 256;
    buf = xmalloc(len);
    snprintf(buf, len,
             "<?xml version='1.0'?><stream:stream id='%s' "
             "version='1.0' from='%s' xmlns:stream='" NS_STREAMS "' "
             "xml:lang='en' xmlns='" NS_CLIENT "'>",
             id, c->srv->cfg->domain);
    c2s_write(c, buf);
    free(buf);
    c->opened = true;
}

void c2s_write(struct c2s *c, const char *xml)
{
    if (core_verbose && !c->conn.dead && !c->conn.close_after_flush)
        c2s_log(c, "SEND", xml, strlen(xml));
    conn_send_str(&c->conn, xml);
    c2s_dirty(c);
}

void c2s_send(struct c2s *c, const struct xnode *st)
{
    char *s = xnode_to_string(st, NS_CLIENT);

    c2s_write(c, s);
    free(s);
}

void c2s_stream_error(struct c2s *c, const char *cond, const char *text)
{
    struct sbuf b = { 0 };

    if (c->conn.close_after_flush || c->conn.dead)
        return;
    if (!c->opened)
        send_header(c);
    sbuf_puts(&b, "<stream:error><");
    sbuf_puts(&b, cond);
    sbuf_puts(&b, " xmlns='" NS_STREAM_ERRORS "'/>");
    if (text) {
        sbuf_puts(&b, "<text xmlns='" NS_STREAM_ERRORS "'>");
        sbuf_escape(&b, text);
        sbuf_puts(&b, "</text>");
    }
    sbuf_puts(&b, "</stream:error></stream:stream>");
    c2s_write(c, b.data);
    free(b.data);
    c->conn.close_after_flush = true;
    c2s_deadline(c, core_now() + 2);
    conn_flush(&c->conn);
    xparse_stop(c->parser);
    c2s_end(c, cond);
}

void c2s_end(struct c2s *c, const char *err)
{
    struct xnode *pres;

    if (c->ended)
        return;
    c->ended = true;
    if (!c->bound)
        return;
    router_unbind(c->srv, c);
    /* Like Prosody's resource-unbind: unavailable presence (with the
     * reason) to contacts and every JID that had directed presence. */
    if (c->presence || c->ndirected) {
        pres = xnode_new("presence", NS_CLIENT);
        xnode_set_attr(pres, "type", "unavailable");
        if (err) {
            char buf[256];

            snprintf(buf, sizeof(buf), "Disconnected: %s", err);
            xnode_add_text(pres, "status", buf);
        }
        presence_out(c, pres); /* skips this (ended) session */
    }
}

static void send_features(struct c2s *c, const struct xnode *features)
{
    struct sbuf b = { 0 };

    /* The streams prefix is the one our header declared. */
    sbuf_puts(&b, "<stream:features>");
    for (struct xnode *f = features->children; f; f = f->next) {
        char *x = xnode_to_string(f, NS_CLIENT);

        sbuf_puts(&b, x);
        free(x);
    }
    sbuf_puts(&b, "</stream:features>");
    c2s_write(c, b.data);
    free(b.data);
}

/*
 * -v before authentication logs what was parsed, not the raw bytes: the
 * text of SASL elements (PLAIN's carries the password) as "[redacted]",
 * as the client's log does.  After it, input is logged as it comes.
 */
static void log_header(struct c2s *c, const struct xnode *h)
{
    struct sbuf b = { 0 };

    if (!core_verbose || c->authed)
        return;
    sbuf_puts(&b, "<stream:stream");
    for (size_t i = 0; i < h->nattrs; i++) {
        sbuf_puts(&b, " ");
        sbuf_puts(&b, h->attrs[i].name);
        sbuf_puts(&b, "='");
        sbuf_escape(&b, h->attrs[i].value);
        sbuf_puts(&b, "'");
    }
    sbuf_puts(&b, ">");
    c2s_log(c, "RECV", b.data, b.len);
    free(b.data);
}

static void log_element(struct c2s *c, const struct xnode *el)
{
    struct xnode *copy;
    char *x;

    if (!core_verbose || c->authed)
        return;
    copy = xnode_copy(el);
    if (!strcmp(el->ns, NS_SASL) && *xnode_text(el))
        xnode_set_text(copy, "[redacted]");
    x = xnode_to_string(copy, NS_CLIENT);
    c2s_log(c, "RECV", x, strlen(x));
    free(x);
    xnode_free(copy);
}

static void on_open(void *ud, struct xnode *h)
{
    struct c2s *c = ud;
    const char *to = xnode_attr(h, "to"), *ver = xnode_attr(h, "version");
    const char *lang = xnode_attr(h, "xml:lang");
    struct xnode *features;

    log_header(c, h);
    send_header(c);
    free(c->lang);
    c->lang = xstrdup(lang);
    if (!to) {
        c2s_stream_error(c, "improper-addressing",
                         "A 'to' attribute is required on stream headers");
    } else if (!jid_bare_eq(to, c->srv->cfg->domain)) {
        c2s_stream_error(c, "host-unknown",
                         "This server does not serve "
                         "that host");
    } else if (!ver || strcmp(ver, "1.0") != 0) {
        c2s_stream_error(c, "unsupported-version", NULL);
    } else {
        features = xnode_new("features", NS_STREAMS);
        c2s_features(c, features);
        send_features(c, features);
        xnode_free(features);
    }
    xnode_free(h);
}

static void on_close(void *ud)
{
    struct c2s *c = ud;

    /* The client closed its stream: answer in kind, then unbind. */
    c2s_end(c, NULL);
    c2s_write(c, "</stream:stream>");
    c->conn.close_after_flush = true;
    c2s_deadline(c, core_now() + 2);
    conn_flush(&c->conn);
    xparse_stop(c->parser);
}

static void on_stanza(void *ud, struct xnode *st)
{
    struct c2s *c = ud;

    log_element(c, st);
    if (c->ended) {
        xnode_free(st);
        return;
    }
    if (strcmp(st->ns, NS_CLIENT) != 0) {
        if (!c2s_negotiate(c, st))
            c2s_stream_error(c, "unsupported-stanza-type", NULL);
        xnode_free(st);
        return;
    }
    if (strcmp(st->name, "iq") != 0 && strcmp(st->name, "message") != 0 &&
        strcmp(st->name, "presence") != 0) {
        c2s_stream_error(c, "unsupported-stanza-type", NULL);
        xnode_free(st);
        return;
    }
    if (!c->authed) {
        c2s_stream_error(c, "not-authorized", NULL);
        xnode_free(st);
        return;
    }
    /* As Prosody: a stanza without xml:lang gets the stream's, "en" when
     * the stream header named none. */
    if (!xnode_attr(st, "xml:lang"))
        xnode_set_attr(st, "xml:lang", c->lang ? c->lang : "en");
    if (!c->bound) {
        if (!c2s_bind_iq(c, st))
            c2s_stream_error(c, "not-authorized", NULL);
        xnode_free(st);
        return;
    }
    c2s_deadline(c, core_now() + c->srv->idle_timeout);
    c2s_stanza_in(c, st);
}

/* Feed what arrived; parser restarts happen between reads. */
void c2s_log(const struct c2s *c, const char *dir, const char *data, size_t len)
{
    fprintf(stderr, "mucadmin: serve: %d %s %s: %.*s\n", c->conn.fd,
            c->full_jid ? c->full_jid : "-", dir, (int)len, data);
}

static void input(struct c2s *c, const char *buf, size_t len)
{
    if (core_verbose && c->authed) /* before: log_element() */
        c2s_log(c, "RECV", buf, len);
    if (c->bound) /* whitespace keepalives count as activity */
        c2s_deadline(c, core_now() + c->srv->idle_timeout);
    if (!xparse_feed(c->parser, buf, len, false))
        c2s_stream_error(c, xparse_error(c->parser), NULL);
    c2s_restart_due(c);
}

void c2s_restart_due(struct c2s *c)
{
    if (!c->restart)
        return;
    xparse_free(c->parser);
    c->parser = xparse_new(true, STANZA_MAX, &c2s_cbs, c);
    c->restart = false;
    c->opened = false;
}

void c2s_io(struct c2s *c)
{
    char buf[16384];
    int n = 0;

    if (c->conn.tls == TLS_HANDSHAKE && !c->conn.draining) {
        n = conn_handshake(&c->conn);
        if (n < 0)
            c->conn.dead = true;
        if (n <= 0)
            return;
    }
    conn_flush(&c->conn);
    if (c->held) /* a login attempt waits: so does its stream */
        return;
    while (!c->conn.dead && (n = conn_read(&c->conn, buf, sizeof(buf))) > 0)
        if (!c->conn.close_after_flush)
            input(c, buf, (size_t)n);
    if (n < 0 && !c->conn.dead) {
        c2s_end(c, "closed");
        c->conn.dead = true;
    }
}

void c2s_timeout(struct c2s *c)
{
    if (c->conn.close_after_flush) {
        c->conn.dead = true;
        return;
    }
    c2s_stream_error(c, "connection-timeout", NULL);
    c2s_deadline(c, core_now() + 5);
}
