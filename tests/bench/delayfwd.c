/* SPDX-License-Identifier: MIT */
/*
 * delayfwd.c - the bench's stated round trip: a plaintext TCP relay on a
 * free loopback port, one child per connection, that delivers every chunk
 * it reads, in either direction, RTT/2 ms after reading it (in order, no
 * bandwidth limit).  Loopback's own round trip (~0.05 ms) costs less than
 * handling an answer; a remote admin's does not, and pipelining is about
 * round trips.  The client side is not read for the first RTT of a
 * connection: the TCP handshake a real network would cost.
 *
 *   delayfwd RTT_MS TARGET_PORT     (prints DELAYFWD_PORT=N when ready)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "fwd.h"

/* A side stops being read while its queue holds more than this. */
#define QUEUE_MAX (8u << 20)
#define CHUNK 65536

struct chunk {
    struct chunk *next;
    int64_t due; /* ns, CLOCK_MONOTONIC */
    size_t len, off;
    char data[];
};

/* What one side read, waiting to be written to the other. */
struct queue {
    struct chunk *head, **tail;
    size_t bytes;
};

static int64_t now_ns(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Read what fd has into q, due at now + half; 0 at EOF or error. */
static int take(int fd, struct queue *q, int64_t half)
{
    static char buf[CHUNK];
    ssize_t n = read(fd, buf, sizeof(buf));
    struct chunk *c;

    if (n <= 0)
        return n < 0 && (errno == EINTR || errno == EAGAIN);
    /* Sized to what was read: the bound counts what is held. */
    if (!(c = malloc(sizeof(*c) + (size_t)n)))
        return 0;
    memcpy(c->data, buf, (size_t)n);
    c->next = NULL;
    c->due = now_ns() + half;
    c->len = (size_t)n;
    c->off = 0;
    *q->tail = c;
    q->tail = &c->next;
    q->bytes += sizeof(*c) + (size_t)n;
    return 1;
}

static void drop(struct queue *q)
{
    while (q->head) {
        struct chunk *c = q->head;

        q->head = c->next;
        free(c);
    }
    q->tail = &q->head;
    q->bytes = 0;
}

/* Write q's due chunks to fd, as far as fd takes them; -1 on error. */
static int give(int fd, struct queue *q)
{
    while (q->head && q->head->due <= now_ns()) {
        struct chunk *c = q->head;
        ssize_t n = write(fd, c->data + c->off, c->len - c->off);

        if (n < 0)
            return errno == EINTR || errno == EAGAIN ? 0 : -1;
        c->off += (size_t)n;
        if (c->off < c->len)
            return 0; /* fd is full: wait for POLLOUT */
        q->head = c->next;
        if (!q->head)
            q->tail = &q->head;
        q->bytes -= sizeof(*c) + c->len;
        free(c);
    }
    return 0;
}

/*
 * One connection: q[0] holds what the client sent, for the server; q[1]
 * what the server sent, for the client.  After either side closes, what
 * is queued is still delivered at its time, then the child exits; a side
 * that fails (reset) takes what was queued for it along.
 */
static int relay(int c, int port, int64_t half)
{
    int fd[2] = { c, fwd_connect(port) }, open = 1, i;
    int64_t start = now_ns() + 2 * half;
    struct queue q[2];

    if (fd[1] < 0)
        return 1;
    for (i = 0; i < 2; i++) {
        q[i].head = NULL;
        q[i].tail = &q[i].head;
        q[i].bytes = 0;
        /* Non-blocking writes: a slow reader must not stall the other way. */
        (void)fcntl(fd[i], F_SETFL, fcntl(fd[i], F_GETFL) | O_NONBLOCK);
    }
    for (;;) {
        struct pollfd p[2];
        int64_t wake = INT64_MAX, t = now_ns();
        struct timespec ts, *tp = NULL;

        if (!open && !q[0].head && !q[1].head)
            return 0;
        for (i = 0; i < 2; i++) {
            /* fd[i] is read into q[i] and written from q[1 - i]. */
            struct chunk *h = q[1 - i].head;
            short ev = 0;

            if (open && q[i].bytes <= QUEUE_MAX && (i == 1 || t >= start))
                ev |= POLLIN;
            if (h && h->due <= t)
                ev |= POLLOUT;
            else if (h && h->due < wake)
                wake = h->due;
            p[i] = (struct pollfd){ fd[i], ev, 0 };
        }
        if (open && t < start && start < wake)
            wake = start;
        if (wake != INT64_MAX) {
            int64_t d = wake > t ? wake - t : 0;

            ts.tv_sec = d / 1000000000;
            ts.tv_nsec = d % 1000000000;
            tp = &ts;
        }
        if (ppoll(p, 2, tp, NULL) < 0 && errno != EINTR)
            return 1;
        for (i = 0; i < 2; i++) {
            short r = p[i].revents;

            if (fd[i] < 0)
                continue;
            if ((r & POLLOUT) && give(fd[i], &q[1 - i]) < 0)
                r = POLLERR, p[i].events = 0;
            if ((r & (POLLIN | POLLHUP | POLLERR)) && (p[i].events & POLLIN)) {
                if (!take(fd[i], &q[i], half))
                    open = 0;
            } else if (r & (POLLHUP | POLLERR | POLLNVAL)) {
                /* Gone: nothing more reaches it (poll skips fd -1). */
                close(fd[i]);
                fd[i] = -1;
                drop(&q[1 - i]);
                open = 0;
            }
        }
    }
}

struct delay_arg {
    int port;
    int64_t half;
};

static int delay_child(int c, void *arg)
{
    struct delay_arg *d = arg;

    return relay(c, d->port, d->half);
}

int main(int argc, char **argv)
{
    struct delay_arg d;
    int rtt, port;
    char *end;

    rtt = argc == 3 ? (int)strtol(argv[1], &end, 10) : -1;
    port = argc == 3 ? atoi(argv[2]) : 0;
    if (argc != 3 || *end || rtt < 0 || rtt > 60000 || port <= 0 ||
        port > 65535) {
        fprintf(stderr, "usage: delayfwd RTT_MS TARGET_PORT\n");
        return 2;
    }
    d.port = port;
    d.half = (int64_t)rtt * 500000;
    return fwd_serve("DELAYFWD_PORT", delay_child, &d);
}
