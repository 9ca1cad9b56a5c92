/* SPDX-License-Identifier: MIT */
/* client.h - the script's characters as libstrophe connections. */
#ifndef SCANSION_CLIENT_H
#define SCANSION_CLIENT_H

#include <stddef.h>
#include <strophe.h>

#include "xml.h"

enum tls_mode { TLS_NONE, TLS_STARTTLS };

struct conn_opts {
    enum tls_mode tls;
    const char *cafile;
    int insecure;
    int verbose; /* 1: print stanzas, 2: also libstrophe's debug log */
};

enum cstate {
    CS_IDLE,
    CS_CONNECTING,
    CS_ONLINE,
    CS_CLOSING, /* we asked to close */
    CS_FAILED,
    CS_CLOSED,
};

/* A received stanza: our tree plus its text for reports. */
struct rstanza {
    struct xnode *node;
    char *text;
};

struct client {
    const char *name;
    xmpp_conn_t *conn;
    enum cstate state;
    char *bound;       /* full JID after binding */
    char failure[256]; /* why the connection failed or dropped */
    /* FIFO of everything received since connecting. */
    struct rstanza *q;
    size_t qhead, qlen, qcap;
    const struct conn_opts *opts;
};

/* Monotonic seconds. */
double now_s(void);

xmpp_ctx_t *clients_ctx_new(const struct conn_opts *opts);

/* Connect, authenticate and bind; waits at most timeout seconds. */
int client_connect(xmpp_ctx_t *ctx, struct client *c, const char *jid,
                   const char *password, const char *host, int port,
                   double timeout);
void client_send(struct client *c, const char *xml);

/*
 * Next stanza from c's queue, driving the event loop until deadline.
 * Returns 1 and fills *out (caller frees with rstanza_free) or 0 on timeout.
 */
int client_next(xmpp_ctx_t *ctx, struct client *c, double deadline,
                struct rstanza *out);

/* Drive the event loop until deadline, collecting stanzas. */
void clients_pump(xmpp_ctx_t *ctx, double deadline);

/* Close the stream and wait for the server to close it too. */
void client_disconnect(xmpp_ctx_t *ctx, struct client *c, double timeout);

/* Drop the connection and queue (after disconnecting). */
void client_release(struct client *c);

void rstanza_free(struct rstanza *r);

/* Convert a libstrophe stanza tree, resolving inherited namespaces. */
struct xnode *xnode_from_stanza(xmpp_stanza_t *st, const char *parent_ns);

#endif
