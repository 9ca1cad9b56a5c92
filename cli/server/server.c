/* SPDX-License-Identifier: MIT */
/*
 * server.c - server_run: setup, the event loop, signals, teardown.
 *
 * The loop is epoll (level-triggered) over the listening socket and the
 * sessions.  A turn costs what happens in it, not the number of clients:
 * the sessions with events are served, then only the dirty ones (output
 * queued, connection ended) are flushed and freed; deadlines are checked
 * by a walk over the sessions at most every TICK seconds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "jid.h"
#include "muc.h"
#include "sasl.h"
#include "tls.h"
#include "xutil.h"

#define TICK 0.25 /* seconds between deadline checks, at least */
#define MAX_EVENTS 256
#define SNDBUF (128 * 1024) /* the kernel's send buffer per client */
/* In c2s.ep_events: the fd is in the epoll set (it may wait for nothing
 * while a login attempt is held).  No EPOLL* flag uses this bit. */
#define EP_ADDED (1u << 20)

static volatile sig_atomic_t got_signal;
bool core_verbose;

void server_set_verbose(bool on)
{
    core_verbose = on;
}

static void on_signal(int sig)
{
    got_signal = sig;
}

double core_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

bool server_is_admin(const struct server *s, const char *bare_jid)
{
    for (const char *const *a = s->cfg->admins; a && *a; a++)
        if (jid_bare_eq(*a, bare_jid))
            return true;
    return false;
}

static int listen_on(const char *addr, int port)
{
    struct addrinfo hints = { 0 }, *res, *ai;
    char svc[16];
    int fd = -1, one = 1, rc;

    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    snprintf(svc, sizeof(svc), "%d", port);
    rc = getaddrinfo(addr, svc, &hints, &res);
    if (rc != 0) {
        fprintf(stderr, "mucadmin: serve: %s: %s\n", addr, gai_strerror(rc));
        return -1;
    }
    for (ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family,
                    ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    ai->ai_protocol);
        if (fd < 0)
            continue;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 128) == 0)
            break;
        close(fd);
        fd = -1;
    }
    if (fd < 0)
        fprintf(stderr, "mucadmin: serve: cannot listen on %s port %d: %s\n",
                addr, port, strerror(errno));
    freeaddrinfo(res);
    return fd;
}

static int bound_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);

    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
        return -1;
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* Have epoll watch what c's connection waits for now. */
static void watch(struct server *s, struct c2s *c)
{
    unsigned want = c->held ? 0 : EPOLLIN;
    struct epoll_event ev = { 0 };

    if (conn_events(&c->conn) & POLLOUT)
        want |= EPOLLOUT;
    if ((c->ep_events && want == (c->ep_events & ~EP_ADDED)) || c->conn.fd < 0)
        return;
    ev.events = want;
    ev.data.ptr = c;
    if (epoll_ctl(s->epoll_fd, c->ep_events ? EPOLL_CTL_MOD : EPOLL_CTL_ADD,
                  c->conn.fd, &ev) == 0)
        c->ep_events = want | EP_ADDED;
    else
        c->conn.dead = true;
}

static void accept_all(struct server *s)
{
    int fd;

    while ((fd = accept4(s->listen_fd, NULL, NULL,
                         SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
        struct c2s *c;
        int one = 1, sndbuf = SNDBUF;

        /* Each send is written at once: without this, Nagle holds the
         * features after the stream header until the client's delayed
         * ACK, 40 ms on every stream (re)start. */
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        /* What a client does not read waits in our buffers, where the
         * output budget sees it, not megabytes of it in the kernel's
         * (autotuned up to tcp_wmem's maximum, 4 MiB by default). */
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
        c = c2s_new(s, fd);
        watch(s, c);
        c2s_dirty(c);
    }
}

/* Free a session whose connection is over. */
static void sweep(struct server *s, struct c2s *c)
{
    static unsigned gone; /* sessions freed since the last trim */

    if (c->ep_events && c->conn.fd >= 0)
        epoll_ctl(s->epoll_fd, EPOLL_CTL_DEL, c->conn.fd, NULL);
    c2s_free(c);
    gone++;
    /* Hand the memory of departed clients back to the system (glibc keeps
     * freed heap pages otherwise): when the last one leaves, and after
     * every few hundred. */
    if (!s->sessions || gone >= 256) {
        malloc_trim(0);
        gone = 0;
    }
}

/* Write the dirty sessions' output, free those that are over.  Freeing
 * one may queue output for others (unavailable presence): they are
 * dirty then, and served in the same pass. */
static void flush_dirty(struct server *s)
{
    struct c2s *c;

    while ((c = s->dirty)) {
        s->dirty = c->dirty_next;
        if (s->dirty)
            s->dirty->dirty_prev = NULL;
        c->dirty = false;
        c->dirty_next = NULL;
        if (c->conn.overflowed)
            c2s_overflowed(c);
        conn_flush(&c->conn);
        if (!c->conn.dead)
            watch(s, c);
        if (c->conn.dead)
            sweep(s, c);
    }
}

/* Deadlines: time the due sessions out, and find the next check. */
static void check_deadlines(struct server *s, double now)
{
    double next = now + 1;

    for (struct c2s *c = s->sessions; c; c = c->next) {
        if (c->conn.dead)
            continue;
        if (c->held && c->held_until <= now)
            c2s_auth_release(c);
        if (c->deadline <= now) {
            c2s_timeout(c);
            c2s_dirty(c);
        }
        if (c->deadline < next)
            next = c->deadline;
        if (c->held && c->held_until < next)
            next = c->held_until;
    }
    s->next_tick = next > now + TICK ? next : now + TICK;
}

static void loop_once(struct server *s)
{
    struct epoll_event ev[MAX_EVENTS];
    double now;
    int n, ms;

    muc_flush(s->muc); /* last turn's changes, before their results */
    flush_dirty(s);
    now = core_now();
    ms = s->next_tick > now ? (int)((s->next_tick - now) * 1000) + 1 : 0;
    n = epoll_wait(s->epoll_fd, ev, MAX_EVENTS, ms);
    for (int i = 0; i < n; i++) {
        struct c2s *c = ev[i].data.ptr;

        if (!c) {
            accept_all(s);
        } else if (c->held && (ev[i].events & (EPOLLHUP | EPOLLERR))) {
            c->conn.dead = true; /* gone while its attempt waited */
            c2s_dirty(c);
        } else if (!c->conn.dead) {
            c2s_io(c);
            c2s_dirty(c);
        }
    }
    now = core_now();
    if (now >= s->next_tick)
        check_deadlines(s, now);
}

/* Accounts from "jid:password" (the JID may be a bare localpart). */
static bool add_users(struct server *s)
{
    for (const char *const *u = s->cfg->users; u && *u; u++) {
        const char *colon = strchr(*u, ':');
        char *jid = colon ? xstrndup(*u, colon - *u) : NULL, *at;
        bool ok = jid != NULL;

        at = jid ? strchr(jid, '@') : NULL;
        if (at) {
            *at = '\0';
            ok = jid_bare_eq(at + 1, s->cfg->domain);
        }
        ok = ok && sasl_db_add(s->db, jid, colon + 1);
        free(jid);
        if (!ok) {
            fprintf(stderr,
                    "mucadmin: serve: --user: invalid account "
                    "(want LOCAL@%s:PASSWORD)\n",
                    s->cfg->domain);
            return false;
        }
    }
    return true;
}

static double env_seconds(const char *name, double def)
{
    const char *v = getenv(name);
    double d = v ? atof(v) : 0;

    return d > 0 ? d : def;
}

static bool setup(struct server *s, const struct srv_config *cfg, char **tmpdir)
{
    s->cfg = cfg;
    s->listen_fd = -1;
    s->epoll_fd = -1;
    s->handshake_timeout = env_seconds("MUCADMIN_SERVE_HANDSHAKE_TIMEOUT", 60);
    s->idle_timeout = env_seconds("MUCADMIN_SERVE_IDLE_TIMEOUT", 900);
    s->auth_delay = env_seconds("MUCADMIN_SERVE_AUTH_DELAY", 0.1);
    conn_set_budget(cfg->max_output_total);
    s->db = sasl_db_new(cfg->any_password);
    if (!add_users(s))
        return false;
    if (cfg->tls) {
        s->tls = tls_ctx_new(cfg->cert, cfg->key, cfg->domain, cfg->muc_domain,
                             tmpdir);
        if (!s->tls)
            return false;
    }
    s->listen_fd = listen_on(cfg->bind, cfg->port);
    if (s->listen_fd < 0)
        return false;
    s->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (s->epoll_fd < 0) {
        fprintf(stderr, "mucadmin: serve: epoll: %s\n", strerror(errno));
        return false;
    }
    {
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };

        epoll_ctl(s->epoll_fd, EPOLL_CTL_ADD, s->listen_fd, &ev);
    }
    s->next_tick = core_now() + 1;
    s->muc = muc_new(s, cfg);
    return s->muc != NULL;
}

static void teardown(struct server *s, char *tmpdir)
{
    for (struct c2s *c = s->sessions; c; c = c->next)
        if (!c->conn.dead)
            c2s_stream_error(c, "system-shutdown", NULL);
    while (s->sessions)
        c2s_free(s->sessions);
    s->dirty = NULL;
    strmap_clear(&s->by_full);
    strmap_clear(&s->by_bare);
    if (s->muc)
        muc_free(s->muc);
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    if (s->epoll_fd >= 0)
        close(s->epoll_fd);
    if (s->tls)
        SSL_CTX_free(s->tls);
    sasl_db_free(s->db);
    tls_cleanup(tmpdir);
}

int server_run(const struct srv_config *cfg)
{
    struct server s = { 0 };
    struct sigaction sa = { 0 };
    char *tmpdir = NULL;

    if (!setup(&s, cfg, &tmpdir)) {
        teardown(&s, tmpdir);
        return 1;
    }
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    printf("MUCADMIN_SERVE_PORT=%d\n", bound_port(s.listen_fd));
    if (tmpdir)
        printf("MUCADMIN_SERVE_CERT=%s/cert.pem\n", tmpdir);
    fflush(stdout);
    while (!got_signal)
        loop_once(&s);
    teardown(&s, tmpdir);
    return 0;
}
