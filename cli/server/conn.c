/* SPDX-License-Identifier: MIT */
/* conn.c - non-blocking socket I/O with optional TLS. */
#include <errno.h>
#include <malloc.h>
#include <openssl/err.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conn.h"

#define CONN_OUT_MAX (16 * 1024 * 1024)
#define CONN_OUT_BATCH (32 * 1024)
/* Output buffers released since the last trim that make one worth it. */
#define CONN_TRIM_AFTER (1024 * 1024)

/* Connections with output waiting (a list, and how many), the bytes they
 * have waiting in all, the budget for those, and the buffer memory
 * released since the heap was last trimmed. */
static struct conn *pending;
static size_t conns_pending;
static size_t out_total, out_budget = CONN_OUT_TOTAL;
static size_t released;

void conn_set_budget(size_t bytes)
{
    out_budget = bytes ? bytes : CONN_OUT_TOTAL;
}

static size_t backlog(const struct conn *c)
{
    return c->out.len - c->out_off;
}

static void pending_add(struct conn *c)
{
    conns_pending++;
    c->pend_prev = NULL;
    c->pend_next = pending;
    if (pending)
        pending->pend_prev = c;
    pending = c;
}

static void pending_del(struct conn *c)
{
    conns_pending--;
    if (c->pend_next)
        c->pend_next->pend_prev = c->pend_prev;
    if (c->pend_prev)
        c->pend_prev->pend_next = c->pend_next;
    else
        pending = c->pend_next;
    c->pend_prev = c->pend_next = NULL;
}

/* A burst of output (a join storm sends every occupant everyone's
 * presence) leaves glibc's heap full of freed buffers it keeps: once no
 * connection has output waiting any more, hand the free pages back. */
static void out_released(size_t cap)
{
    released += cap;
    if (conns_pending == 0 && released >= CONN_TRIM_AFTER) {
        malloc_trim(0);
        released = 0;
    }
}

/* Free the output buffer: an idle connection holds none. */
static void out_free(struct conn *c)
{
    size_t cap = c->out.cap;

    if (c->out.len) { /* output is freed as soon as it is written */
        out_total -= backlog(c);
        pending_del(c);
    }
    free(c->out.data);
    memset(&c->out, 0, sizeof(c->out));
    c->out_off = 0;
    if (cap)
        out_released(cap);
}

void conn_init(struct conn *c, int fd)
{
    memset(c, 0, sizeof(*c));
    c->fd = fd;
}

void conn_destroy(struct conn *c)
{
    if (c->ssl) {
        ERR_clear_error();
        if (c->tls == TLS_UP && !c->draining)
            SSL_shutdown(c->ssl);
        ERR_clear_error();
        SSL_free(c->ssl);
        c->ssl = NULL;
    }
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    out_free(c);
    c->dead = true;
}

/* Drop the connection with the most output waiting (not one dropped
 * before or closing); false when there is none. */
static bool shed_one(void)
{
    struct conn *worst = NULL;

    for (struct conn *p = pending; p; p = p->pend_next)
        if (!p->overflowed && !p->shed && !p->close_after_flush && !p->dead &&
            (!worst || backlog(p) > backlog(worst)))
            worst = p;
    if (!worst)
        return false;
    out_free(worst);
    worst->overflowed = true;
    if (worst->on_overflow)
        worst->on_overflow(worst->before_write_arg);
    else
        worst->dead = true;
    return true;
}

void conn_overflow_done(struct conn *c)
{
    c->overflowed = false;
    c->shed = true;
}

void conn_send(struct conn *c, const char *data, size_t len)
{
    if (c->dead || c->close_after_flush || c->overflowed || !len)
        return;
    /* A client that stops reading is dropped, not buffered for forever. */
    if (backlog(c) > CONN_OUT_MAX) {
        c->dead = true;
        return;
    }
    if (out_total + len > out_budget) {
        while (out_total + len > out_budget / 4 * 3 && shed_one())
            ;
        if (c->overflowed)
            return;
    }
    if (!c->out.len)
        pending_add(c);
    out_total += len;
    sbuf_add(&c->out, data, len);
    /* Output is written once per loop turn (see loop_once), so that a
     * burst of stanzas leaves in few segments and TLS records. */
    if (c->out.len - c->out_off > CONN_OUT_BATCH)
        conn_flush(c);
}

void conn_send_str(struct conn *c, const char *s)
{
    conn_send(c, s, strlen(s));
}

/* Classify an SSL result; returns 0 to retry later, -1 on failure. */
static int ssl_wait(struct conn *c, int r)
{
    int e = SSL_get_error(c->ssl, r);

    c->ssl_wants_write = e == SSL_ERROR_WANT_WRITE;
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
        return 0;
    return -1;
}

static void start_tls(struct conn *c)
{
    c->ssl = SSL_new(c->starttls);
    c->starttls = NULL;
    if (!c->ssl || SSL_set_fd(c->ssl, c->fd) != 1) {
        c->dead = true;
        return;
    }
    SSL_set_accept_state(c->ssl);
    c->tls = TLS_HANDSHAKE;
    if (conn_handshake(c) < 0)
        c->dead = true;
}

/* All said: close our side and read (discarding) until the peer closes,
 * so that unread input does not turn our last words into a reset. */
static void drain(struct conn *c)
{
    if (c->draining)
        return;
    c->draining = true;
    if (c->ssl && c->tls == TLS_UP) {
        ERR_clear_error();
        SSL_shutdown(c->ssl);
        ERR_clear_error();
    }
    shutdown(c->fd, SHUT_WR);
}

void conn_flush(struct conn *c)
{
    if (c->before_write && !c->dead && c->out_off < c->out.len)
        c->before_write(c->before_write_arg);
    while (!c->dead && c->tls != TLS_HANDSHAKE && c->out_off < c->out.len) {
        const char *p = c->out.data + c->out_off;
        size_t n = c->out.len - c->out_off;
        ssize_t w;

        if (c->ssl) {
            ERR_clear_error();
            w = SSL_write(c->ssl, p, (int)n);
            if (w <= 0) {
                if (ssl_wait(c, (int)w) < 0)
                    c->dead = true;
                return;
            }
        } else {
            w = send(c->fd, p, n, MSG_NOSIGNAL);
            if (w < 0) {
                if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                    c->dead = true;
                return;
            }
        }
        c->out_off += (size_t)w;
        out_total -= (size_t)w;
    }
    if (c->out_off == c->out.len) {
        out_free(c);
        if (c->close_after_flush)
            drain(c);
        else if (c->starttls)
            start_tls(c);
    }
}

int conn_read(struct conn *c, char *buf, size_t cap)
{
    ssize_t r;

    if (c->dead || c->starttls || (c->tls == TLS_HANDSHAKE && !c->draining))
        return 0;
    if (c->ssl && !c->draining) {
        ERR_clear_error();
        r = SSL_read(c->ssl, buf, (int)cap);
        if (r <= 0)
            return ssl_wait(c, (int)r);
        return (int)r;
    }
    r = recv(c->fd, buf, cap, 0);
    if (r < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0
                                                                         : -1;
    return r == 0 ? -1 : (int)r;
}

int conn_handshake(struct conn *c)
{
    int r;

    ERR_clear_error(); /* SSL_get_error() reads this thread's queue */
    r = SSL_accept(c->ssl);

    if (r == 1) {
        c->tls = TLS_UP;
        c->ssl_wants_write = false;
        conn_flush(c);
        return 1;
    }
    return ssl_wait(c, r);
}

short conn_events(const struct conn *c)
{
    short ev = POLLIN;

    if (c->out_off < c->out.len || c->ssl_wants_write)
        ev |= POLLOUT;
    return ev;
}
