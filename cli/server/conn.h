/* SPDX-License-Identifier: MIT */
/*
 * conn.h - one non-blocking client socket: output buffering, reads and
 * writes through TLS once STARTTLS has switched it.
 */
#ifndef MUCSRV_CONN_H
#define MUCSRV_CONN_H

#include <openssl/ssl.h>
#include <stdbool.h>
#include <stddef.h>

#include "xutil.h"

enum conn_tls { TLS_NONE, TLS_HANDSHAKE, TLS_UP };

struct conn {
    int fd;
    SSL *ssl;
    enum conn_tls tls;
    bool ssl_wants_write; /* the last SSL call wanted POLLOUT */
    struct sbuf out;      /* pending output */
    size_t out_off;       /* bytes of out already written */
    SSL_CTX *starttls;    /* start TLS once out is flushed */
    bool close_after_flush;
    bool draining; /* output closed; input discarded */
    bool dead;     /* closed or failed: free it */
    /* Dropped for the output budget: what was waiting is gone, nothing
     * more is queued until the owner says why (conn_overflow_done()). */
    bool overflowed, shed;
    /* Called (with before_write_arg) from inside conn_send() for another
     * connection: it may only take note, and answer later. */
    void (*on_overflow)(void *arg);
    struct conn *pend_prev, *pend_next; /* connections with output */
    /* Called before any output is written (the server saves pending
     * changes there, so they are on disk before the client hears). */
    void (*before_write)(void *arg);
    void *before_write_arg;
};

void conn_init(struct conn *c, int fd);
/* Close the socket and free buffers (the struct itself is the caller's). */
void conn_destroy(struct conn *c);

/*
 * The output all connections may have waiting together (bytes; 0: the
 * default, CONN_OUT_TOTAL).  When a send would go over it, the
 * connections with the most waiting (the slowest readers) are dropped
 * first until the total is under 3/4 of it: their output is freed and
 * their on_overflow called.
 */
#define CONN_OUT_TOTAL ((size_t)32 * 1024 * 1024)
void conn_set_budget(size_t bytes);
/* The owner has handled an overflow: sends are queued again (its last
 * words), and the connection is never chosen again. */
void conn_overflow_done(struct conn *c);

/* Queue output; conn_flush() writes it (the loop does, every turn). */
void conn_send(struct conn *c, const char *data, size_t len);
void conn_send_str(struct conn *c, const char *s);
/* Write what can be written; starts TLS or closes when due. */
void conn_flush(struct conn *c);
/* Read into buf: > 0 bytes, 0 nothing now, -1 end of stream or error. */
int conn_read(struct conn *c, char *buf, size_t cap);
/* Drive a TLS handshake: 1 done, 0 in progress, -1 failed. */
int conn_handshake(struct conn *c);
/* poll() events this connection waits for. */
short conn_events(const struct conn *c);

#endif
