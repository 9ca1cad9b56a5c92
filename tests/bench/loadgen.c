/* SPDX-License-Identifier: MIT */
/*
 * loadgen.c - many-clients load for the server benchmarks: plaintext
 * sessions (SASL PLAIN, any password) on one epoll loop.
 *
 *   loadgen [OPTIONS] join ROOM N      N clients join one room
 *   loadgen [OPTIONS] rooms MUC N      one client joins N rooms (creates)
 *   loadgen [OPTIONS] fanout ROOM N M  N clients join, client 0 sends M
 *                                      groupchat messages, every client
 *                                      waits for all M
 * OPTIONS: --host H --port P --domain D --pid PID (server, for RSS)
 *          --before CMD --after CMD (run around the fanout messages)
 * Prints KEY=VALUE lines: login_s, work_s, rss_pre_kb (before any login),
 * rss_base_kb (after the first client's login), rss_login_kb (all logged
 * in), rss_work_kb (joins or rooms done, traffic drained).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#define LOGIN_WINDOW 64
#define TIMEOUT_S                                                              \
    (getenv("LOADGEN_TIMEOUT") ? atoi(getenv("LOADGEN_TIMEOUT")) : 600)

enum state {
    S_STREAM1,
    S_AUTH,
    S_STREAM2,
    S_BIND,
    S_READY,
    S_JOIN,
    S_INSTANT,
    S_DONE
};

struct client {
    int fd;
    enum state st;
    int joins_left; /* self-presences still expected */
    int msgs;       /* fanout markers seen */
    size_t len;
    char buf[8192 + 64];
};

static struct {
    const char *host, *domain, *before, *after;
    int port, pid;
} opt = { "127.0.0.1", "localhost", NULL, NULL, 0, 0 };

static struct client *cl;
static int ncl, ep, logged_in, done_count;
static const char *marker = "bench-fanout-msg";

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("loadgen: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long rss_kb(void)
{
    char path[64], line[256];
    long kb = -1;
    if (!opt.pid)
        return -1;
    snprintf(path, sizeof path, "/proc/%d/status", opt.pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld", &kb) == 1)
            break;
    fclose(f);
    return kb;
}

/* Small writes on a loopback socket: block briefly rather than buffer. */
static void csend(struct client *c, const char *fmt, ...)
{
    char out[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, sizeof out, fmt, ap);
    va_end(ap);
    for (int off = 0; off < n;) {
        ssize_t w = write(c->fd, out + off, (size_t)(n - off));
        if (w < 0 && errno == EAGAIN) {
            usleep(100);
            continue;
        }
        if (w <= 0)
            die("write to the server failed");
        off += (int)w;
    }
}

static void stream_open(struct client *c)
{
    csend(c,
          "<?xml version='1.0'?><stream:stream to='%s' "
          "xmlns='jabber:client' "
          "xmlns:stream='http://etherx.jabber.org/streams' "
          "version='1.0'>",
          opt.domain);
}

static void client_start(int i)
{
    struct client *c = &cl[i];
    struct sockaddr_in sa = { .sin_family = AF_INET,
                              .sin_port = htons((uint16_t)opt.port) };
    inet_pton(AF_INET, opt.host, &sa.sin_addr);
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&sa, sizeof sa) < 0)
        die("connect (client %d): %s", i, strerror(errno));
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)i };
    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
    c->st = S_STREAM1;
    stream_open(c);
}

/* Find needle in the buffer; on success drop everything up to its end. */
static int take(struct client *c, const char *needle)
{
    size_t nl = strlen(needle);
    char *p = memmem(c->buf, c->len, needle, nl);
    if (!p)
        return 0;
    size_t end = (size_t)(p - c->buf) + nl;
    memmove(c->buf, c->buf + end, c->len - end);
    c->len -= end;
    return 1;
}

/* Keep only a tail long enough for a needle cut across two reads. */
static void trim(struct client *c)
{
    if (c->len > 64) {
        memmove(c->buf, c->buf + c->len - 64, 64);
        c->len = 64;
    }
}

static int self_presence(struct client *c)
{
    return take(c, "code='110'") || take(c, "code=\"110\"");
}

static void advance(struct client *c, int i)
{
    for (;;) {
        switch (c->st) {
        case S_STREAM1:
            if (!take(c, "</stream:features>"))
                return;
            char plain[128];
            unsigned char b64[200];
            int n = snprintf(plain, sizeof plain, "%cc%d%cpassword", 0, i, 0);
            EVP_EncodeBlock(b64, (unsigned char *)plain, n);
            csend(c,
                  "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' "
                  "mechanism='PLAIN'>%s</auth>",
                  b64);
            c->st = S_AUTH;
            break;
        case S_AUTH:
            if (memmem(c->buf, c->len, "<failure", 8))
                die("authentication of c%d failed", i);
            if (!take(c, "<success"))
                return;
            c->len = 0;
            stream_open(c);
            c->st = S_STREAM2;
            return;
        case S_STREAM2:
            if (!take(c, "</stream:features>"))
                return;
            csend(c, "<iq type='set' id='bind'><bind xmlns='urn:ietf:params"
                     ":xml:ns:xmpp-bind'><resource>lg</resource></bind>"
                     "</iq>");
            c->st = S_BIND;
            break;
        case S_BIND:
            if (!take(c, "</iq>"))
                return;
            c->st = S_READY;
            logged_in++;
            break;
        case S_JOIN:
            if (memmem(c->buf, c->len, "type='error'", 12))
                die("c%d: join failed: %.*s", i, (int)c->len, c->buf);
            while (c->joins_left > 0 && self_presence(c))
                c->joins_left--;
            if (c->joins_left > 0) {
                trim(c);
                return;
            }
            c->st = S_DONE;
            done_count++;
            break;
        case S_INSTANT:
            if (!take(c, "id='inst'") && !take(c, "id=\"inst\"")) {
                trim(c);
                return;
            }
            c->st = S_DONE;
            break;
        case S_READY:
        case S_DONE:
            while (take(c, marker))
                c->msgs++;
            trim(c);
            return;
        }
    }
}

static void on_readable(int i)
{
    struct client *c = &cl[i];
    for (;;) {
        if (c->len >= 8192)
            trim(c);
        ssize_t n = read(c->fd, c->buf + c->len, 8192 - c->len);
        if (n < 0 && errno == EAGAIN)
            return;
        if (n <= 0)
            die("client c%d: the server closed the connection", i);
        c->len += (size_t)n;
        advance(c, i);
    }
}

/* Run the loop until cond() holds; dies after TIMEOUT_S. */
static void loop_until(int (*cond)(void), void (*tick)(void))
{
    struct epoll_event evs[256];
    double deadline = now() + TIMEOUT_S;
    while (!cond()) {
        if (tick)
            tick();
        int n = epoll_wait(ep, evs, 256, 1000);
        for (int k = 0; k < n; k++)
            on_readable((int)evs[k].data.u32);
        if (now() > deadline)
            die("timeout");
    }
}

static int started;
static int all_logged_in(void)
{
    return logged_in == ncl;
}
static void start_more(void)
{
    while (started < ncl && started - logged_in < LOGIN_WINDOW)
        client_start(started++);
}
/* The first client logs in alone: what the server pays once, at its
 * first login (libcrypto's pages, SCRAM tables...), is not per client. */
static int first_logged_in(void)
{
    return logged_in >= 1;
}
static void start_first(void)
{
    if (started == 0)
        client_start(started++);
}
static int first_done(void)
{
    return cl[0].st == S_DONE;
}
static int all_done(void)
{
    return done_count == ncl;
}
static int fanout_total;
static int all_received(void)
{
    for (int i = 0; i < ncl; i++)
        if (cl[i].msgs < fanout_total)
            return 0;
    return 1;
}

static double settle_end;
static int settled(void)
{
    return now() >= settle_end;
}
static void settle(int ms)
{
    settle_end = now() + ms / 1000.0;
    loop_until(settled, NULL);
}

static void join(struct client *c, const char *room, int k)
{
    c->st = S_JOIN;
    c->joins_left++;
    csend(c,
          "<presence to='%s/n%d'><x xmlns='http://jabber.org/protocol/"
          "muc'><history maxstanzas='0'/></x></presence>",
          room, k);
}

static int parse_opts(int argc, char **argv)
{
    int i = 1;
    for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        const char *o = argv[i] + 2, *v = argv[i + 1];
        if (!strcmp(o, "host"))
            opt.host = v;
        else if (!strcmp(o, "port"))
            opt.port = atoi(v);
        else if (!strcmp(o, "domain"))
            opt.domain = v;
        else if (!strcmp(o, "pid"))
            opt.pid = atoi(v);
        else if (!strcmp(o, "before"))
            opt.before = v;
        else if (!strcmp(o, "after"))
            opt.after = v;
        else
            die("unknown option --%s", o);
    }
    return i;
}

static void run_hook(const char *cmd)
{
    if (cmd && system(cmd) != 0)
        die("hook failed: %s", cmd);
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    int i = parse_opts(argc, argv);
    if (argc - i < 3 || !opt.port)
        die("usage: loadgen --port P [OPTIONS] join ROOM N | rooms MUC N |"
            " fanout ROOM N M");
    const char *mode = argv[i], *target = argv[i + 1];
    int n = atoi(argv[i + 2]);
    int m = argc - i > 3 ? atoi(argv[i + 3]) : 0;
    int rooms = strcmp(mode, "rooms") == 0;
    ncl = rooms ? 1 : n;
    struct rlimit rl = { (rlim_t)ncl + 64, (rlim_t)ncl + 64 };
    setrlimit(RLIMIT_NOFILE, &rl);
    cl = calloc((size_t)ncl, sizeof *cl);
    ep = epoll_create1(0);
    if (!cl || ep < 0)
        die("out of memory");

    long rss_pre = rss_kb();
    loop_until(first_logged_in, start_first);
    long rss0 = rss_kb();
    double t0 = now();
    loop_until(all_logged_in, start_more);
    double t1 = now();
    long rss1 = rss_kb();
    if (rooms) {
        for (int k = 0; k < n; k++) {
            char room[256];
            snprintf(room, sizeof room, "r%d@%s", k, target);
            join(&cl[0], room, 0);
        }
    } else {
        /* The first occupant creates the room and makes it an instant
         * room (servers lock new rooms until configured), then the rest
         * join at once. */
        join(&cl[0], target, 0);
        loop_until(first_done, NULL);
        csend(&cl[0],
              "<iq type='set' id='inst' to='%s'><query xmlns='http"
              "://jabber.org/protocol/muc#owner'><x xmlns='jabber:"
              "x:data' type='submit'/></query></iq>",
              target);
        cl[0].st = S_INSTANT;
        loop_until(first_done, NULL);
        for (int k = 1; k < ncl; k++)
            join(&cl[k], target, k);
    }
    loop_until(all_done, NULL);
    double t2 = now();
    /* Memory at rest: the join storm's output queues drained first. */
    settle(1000);
    long rss2 = rss_kb();
    printf("login_s=%.6f\nwork_s=%.6f\nrss_pre_kb=%ld\nrss_base_kb=%ld\n"
           "rss_login_kb=%ld\nrss_work_kb=%ld\n",
           t1 - t0, t2 - t1, rss_pre, rss0, rss1, rss2);
    if (strcmp(mode, "fanout") == 0) {
        /* Let the join traffic drain before counting. */
        settle(300);
        run_hook(opt.before);
        fanout_total = m;
        double t3 = now();
        for (int k = 0; k < m; k++)
            csend(&cl[0],
                  "<message to='%s' type='groupchat'><body>%s %d"
                  "</body></message>",
                  target, marker, k);
        loop_until(all_received, NULL);
        double t4 = now();
        run_hook(opt.after);
        printf("fanout_s=%.6f\n", t4 - t3);
    }
    for (int k = 0; k < ncl; k++)
        close(cl[k].fd);
    return 0;
}
