/* SPDX-License-Identifier: MIT */
/* client.c - connect characters with libstrophe and queue what they get. */
#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

xmpp_ctx_t *clients_ctx_new(const struct conn_opts *opts)
{
    xmpp_log_t *log = NULL;

    if (opts->verbose >= 2)
        log = xmpp_get_default_logger(XMPP_LEVEL_DEBUG);
    return xmpp_ctx_new(NULL, log);
}

void rstanza_free(struct rstanza *r)
{
    xnode_free(r->node);
    free(r->text);
    r->node = NULL;
    r->text = NULL;
}

struct xnode *xnode_from_stanza(xmpp_stanza_t *st, const char *parent_ns)
{
    const char *ns = xmpp_stanza_get_ns(st);
    const char *name = xmpp_stanza_get_name(st);
    const char *attrs[128];
    struct xnode *n;
    xmpp_stanza_t *k;
    int i, na;

    if (!ns || !*ns)
        ns = parent_ns;
    n = xnode_new(name ? name : "", ns);
    if (!n)
        return NULL;
    na = xmpp_stanza_get_attributes(st, attrs, 128);
    for (i = 0; i + 1 < na; i += 2) {
        /* Namespace declarations are not attributes for matching. */
        if (!strcmp(attrs[i], "xmlns") || !strncmp(attrs[i], "xmlns:", 6))
            continue;
        /*
         * libstrophe drops the prefix of namespaced attributes; the only
         * one XMPP uses is xml:lang, so give it its name back.
         */
        if (xnode_set_attr(n, strcmp(attrs[i], "lang") ? attrs[i] : "xml:lang",
                           attrs[i + 1]) < 0)
            goto oom;
    }
    for (k = xmpp_stanza_get_children(st); k; k = xmpp_stanza_get_next(k)) {
        if (xmpp_stanza_is_text(k)) {
            const char *t = xmpp_stanza_get_text_ptr(k);
            if (t && xnode_add_text(n, t, strlen(t)) < 0)
                goto oom;
        } else if (xmpp_stanza_is_tag(k)) {
            struct xnode *kid = xnode_from_stanza(k, ns);
            if (!kid || xnode_add_child(n, kid) < 0) {
                xnode_free(kid);
                goto oom;
            }
        }
    }
    return n;
oom:
    xnode_free(n);
    return NULL;
}

static int queue_push(struct client *c, struct rstanza r)
{
    if (c->qhead + c->qlen == c->qcap) {
        if (c->qhead) {
            memmove(c->q, c->q + c->qhead, c->qlen * sizeof(*c->q));
            c->qhead = 0;
        } else {
            size_t cap = c->qcap ? c->qcap * 2 : 16;
            struct rstanza *t = realloc(c->q, cap * sizeof(*t));
            if (!t)
                return -1;
            c->q = t;
            c->qcap = cap;
        }
    }
    c->q[c->qhead + c->qlen++] = r;
    return 0;
}

static int is_stanza(const char *name)
{
    return name && (!strcmp(name, "message") || !strcmp(name, "presence") ||
                    !strcmp(name, "iq"));
}

static int on_stanza(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
    struct client *c = ud;
    const char *ns = xmpp_stanza_get_ns(st);
    struct rstanza r;

    /* Stream-level elements (stream management, errors) are not stanzas. */
    if (!is_stanza(xmpp_stanza_get_name(st)) ||
        (ns && *ns && strcmp(ns, NS_CLIENT) != 0))
        return 1;
    r.node = xnode_from_stanza(st, NS_CLIENT);
    r.text = r.node ? xml_to_string(r.node) : NULL;
    if (!r.node || !r.text || queue_push(c, r) < 0) {
        fprintf(stderr, "scansion-run: out of memory\n");
        rstanza_free(&r);
        return 1;
    }
    if (c->opts->verbose)
        fprintf(stderr, "<- %s: %s\n", c->name, r.text);
    return 1;
}

static void on_conn(xmpp_conn_t *conn, xmpp_conn_event_t ev, int error,
                    xmpp_stream_error_t *serr, void *ud)
{
    struct client *c = ud;
    const char *b;

    if (ev == XMPP_CONN_CONNECT) {
        b = xmpp_conn_get_bound_jid(conn);
        free(c->bound);
        c->bound = b ? strdup(b) : NULL;
        c->state = CS_ONLINE;
        return;
    }
    if (ev == XMPP_CONN_DISCONNECT || ev == XMPP_CONN_FAIL) {
        if (c->state == CS_CONNECTING || c->state == CS_ONLINE) {
            if (serr && serr->text)
                snprintf(c->failure, sizeof(c->failure), "stream error: %s",
                         serr->text);
            else if (serr)
                snprintf(c->failure, sizeof(c->failure), "stream error %d",
                         (int)serr->type);
            else if (error)
                snprintf(c->failure, sizeof(c->failure), "%s: %s",
                         c->state == CS_CONNECTING ? "connection failed"
                                                   : "connection lost",
                         strerror(error));
            else if (c->state == CS_CONNECTING)
                snprintf(c->failure, sizeof(c->failure),
                         "no session (refused, TLS, SASL or bind failed)");
            else
                snprintf(c->failure, sizeof(c->failure),
                         "the server closed the stream");
        }
        c->state = c->state == CS_CONNECTING ? CS_FAILED : CS_CLOSED;
    }
}

void clients_pump(xmpp_ctx_t *ctx, double deadline)
{
    double left;

    while ((left = deadline - now_s()) > 0)
        xmpp_run_once(ctx, left > 0.02 ? 20 : (unsigned long)(left * 1000) + 1);
}

int client_connect(xmpp_ctx_t *ctx, struct client *c, const char *jid,
                   const char *password, const char *host, int port,
                   double timeout)
{
    long flags = XMPP_CONN_FLAG_DISABLE_SM;
    double deadline = now_s() + timeout;

    c->conn = xmpp_conn_new(ctx);
    if (!c->conn) {
        snprintf(c->failure, sizeof(c->failure), "out of memory");
        return -1;
    }
    /*
     * Stream management stays off: a resumable session would outlive
     * "disconnects" on the server and keep the occupant in its rooms.
     */
    if (c->opts->tls == TLS_NONE)
        flags |= XMPP_CONN_FLAG_DISABLE_TLS;
    else
        flags |= XMPP_CONN_FLAG_MANDATORY_TLS;
    if (c->opts->insecure)
        flags |= XMPP_CONN_FLAG_TRUST_TLS;
    xmpp_conn_set_flags(c->conn, flags);
    if (c->opts->cafile)
        xmpp_conn_set_cafile(c->conn, c->opts->cafile);
    xmpp_conn_set_jid(c->conn, jid);
    xmpp_conn_set_pass(c->conn, password ? password : "");
    c->state = CS_CONNECTING;
    c->failure[0] = '\0';
    if (xmpp_connect_client(c->conn, host, (unsigned short)port, on_conn, c) !=
        XMPP_EOK) {
        c->state = CS_FAILED;
        snprintf(c->failure, sizeof(c->failure), "cannot connect to %s:%d",
                 host, port);
        return -1;
    }
    while (c->state == CS_CONNECTING && now_s() < deadline)
        xmpp_run_once(ctx, 20);
    if (c->state == CS_ONLINE) {
        /*
         * Added only once the event loop has finished with the bind
         * result, which would otherwise reach this handler too.
         */
        xmpp_handler_add(c->conn, on_stanza, NULL, NULL, NULL, c);
        return 0;
    }
    if (c->state == CS_CONNECTING) {
        snprintf(c->failure, sizeof(c->failure), "not logged in after %g s",
                 timeout);
        xmpp_disconnect(c->conn);
        c->state = CS_FAILED;
    }
    return -1;
}

void client_send(struct client *c, const char *xml)
{
    if (c->opts->verbose)
        fprintf(stderr, "-> %s: %s\n", c->name, xml);
    xmpp_send_raw_string(c->conn, "%s", xml);
}

int client_next(xmpp_ctx_t *ctx, struct client *c, double deadline,
                struct rstanza *out)
{
    for (;;) {
        if (c->qlen) {
            *out = c->q[c->qhead];
            c->qhead++;
            c->qlen--;
            if (!c->qlen)
                c->qhead = 0;
            return 1;
        }
        if (now_s() >= deadline)
            return 0;
        xmpp_run_once(ctx, 20);
    }
}

void client_disconnect(xmpp_ctx_t *ctx, struct client *c, double timeout)
{
    double deadline = now_s() + timeout;

    if (c->state != CS_ONLINE)
        return;
    c->state = CS_CLOSING;
    snprintf(c->failure, sizeof(c->failure), "disconnected by the script");
    xmpp_disconnect(c->conn);
    while (c->state == CS_CLOSING && now_s() < deadline)
        xmpp_run_once(ctx, 20);
    c->state = CS_CLOSED;
}

void client_release(struct client *c)
{
    size_t i;

    if (c->conn)
        xmpp_conn_release(c->conn);
    c->conn = NULL;
    for (i = 0; i < c->qlen; i++)
        rstanza_free(&c->q[c->qhead + i]);
    free(c->q);
    c->q = NULL;
    c->qhead = c->qlen = c->qcap = 0;
    free(c->bound);
    c->bound = NULL;
}
