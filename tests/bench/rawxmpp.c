/* SPDX-License-Identifier: MIT */
/*
 * rawxmpp.c - the benchmarks' raw-socket floor: one hand-written XMPP
 * session (STARTTLS, SASL PLAIN, bind) that creates rooms or writes a whole
 * batch of muc#admin stanzas at once and reads every reply.
 *
 *   rawxmpp [OPTIONS] create ROOM...      persistent rooms owned by USER
 *                                         (--temp: temporary ones, held
 *                                         until stdin closes)
 *   rawxmpp [OPTIONS] bulk ROOM N         N member adds, then the list
 *   rawxmpp [OPTIONS] list ROOM           count the members
 *   rawxmpp [OPTIONS] destroy ROOM...     destroy rooms
 * OPTIONS: --host H --port P --user U --pass P --domain D --tls|--plain
 *          --multi (bulk: N items packed into IQs of up to 64 KiB)
 *          --prefix S (member JIDs)
 *
 * bulk prints "set_s=... total_s=... results=... errors=... listed=...":
 * set_s is from the first byte written to the last reply read, total_s
 * adds one read-back of the member list (what a verified batch costs).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/ssl.h>

#define ADMIN_NS "http://jabber.org/protocol/muc#admin"
#define IO_TIMEOUT_MS 120000

struct conn {
    int fd;
    SSL_CTX *ctx;
    SSL *ssl;
    char *in;
    size_t len, cap, scan;
};

static struct {
    const char *host, *user, *pass, *domain, *prefix;
    int port, tls, multi, temp;
} opt = { "127.0.0.1", "user", "password", "localhost", "u", 0, 1, 0, 0 };

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("rawxmpp: ", stderr);
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

/* Read what is there: bytes appended, 0 when it would block, -1 on EOF. */
static ssize_t io_read(struct conn *c)
{
    if (c->cap - c->len < 65536) {
        c->cap = c->cap * 2 + 65536;
        c->in = realloc(c->in, c->cap + 1);
        if (!c->in)
            die("out of memory");
    }
    ssize_t n;
    if (c->ssl) {
        n = SSL_read(c->ssl, c->in + c->len, (int)(c->cap - c->len));
        if (n <= 0) {
            int e = SSL_get_error(c->ssl, (int)n);
            if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
                return 0;
            return -1;
        }
    } else {
        n = read(c->fd, c->in + c->len, c->cap - c->len);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return 0;
        if (n <= 0)
            return -1;
    }
    c->len += (size_t)n;
    c->in[c->len] = 0;
    return n;
}

static ssize_t io_write(struct conn *c, const char *buf, size_t len)
{
    if (c->ssl) {
        int n = SSL_write(c->ssl, buf, (int)(len > 1 << 30 ? 1 << 30 : len));
        if (n <= 0) {
            int e = SSL_get_error(c->ssl, n);
            if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
                return 0;
            return -1;
        }
        return n;
    }
    ssize_t n = write(c->fd, buf, len);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return 0;
    return n;
}

static void wait_fd(struct conn *c, short events)
{
    struct pollfd p = { .fd = c->fd, .events = events };
    if (c->ssl && SSL_pending(c->ssl))
        return;
    if (poll(&p, 1, IO_TIMEOUT_MS) <= 0)
        die("timeout waiting for the server");
}

static void send_all(struct conn *c, const char *buf, size_t len)
{
    size_t off = 0;
    while (off < len) {
        ssize_t n = io_write(c, buf + off, len - off);
        if (n < 0)
            die("write failed");
        if (n == 0)
            wait_fd(c, POLLOUT);
        off += (size_t)n;
    }
}

static void sendf(struct conn *c, const char *fmt, ...)
{
    char *s;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        die("out of memory");
    send_all(c, s, (size_t)n);
    free(s);
}

/* Read until needle appears after the scan mark; returns its offset and
 * moves the mark past it. */
static size_t wait_for(struct conn *c, const char *needle)
{
    for (;;) {
        char *p = memmem(c->in + c->scan, c->len - c->scan, needle,
                         strlen(needle));
        if (p) {
            c->scan = (size_t)(p - c->in) + strlen(needle);
            return (size_t)(p - c->in);
        }
        if (c->in && strstr(c->in + c->scan, "<failure"))
            die("server said: %s", c->in + c->scan);
        ssize_t n = io_read(c);
        if (n < 0)
            die("connection closed waiting for %s (got: %.300s)", needle,
                c->in ? c->in + c->scan : "");
        if (n == 0)
            wait_fd(c, POLLIN);
    }
}

static void reset_input(struct conn *c)
{
    c->len = c->scan = 0;
}

static void stream_open(struct conn *c)
{
    reset_input(c);
    sendf(c,
          "<?xml version='1.0'?><stream:stream to='%s' "
          "xmlns='jabber:client' "
          "xmlns:stream='http://etherx.jabber.org/streams' "
          "version='1.0'>",
          opt.domain);
    wait_for(c, "</stream:features>");
}

static void tcp_connect(struct conn *c)
{
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
    char port[16];
    snprintf(port, sizeof port, "%d", opt.port);
    if (getaddrinfo(opt.host, port, &hints, &ai) != 0)
        die("cannot resolve %s", opt.host);
    c->fd = socket(ai->ai_family, SOCK_STREAM, 0);
    if (c->fd < 0 || connect(c->fd, ai->ai_addr, ai->ai_addrlen) < 0)
        die("cannot connect to %s:%d", opt.host, opt.port);
    freeaddrinfo(ai);
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static void starttls(struct conn *c)
{
    sendf(c, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
    wait_for(c, "<proceed");
    c->ctx = SSL_CTX_new(TLS_client_method());
    c->ssl = SSL_new(c->ctx);
    SSL_set_fd(c->ssl, c->fd);
    SSL_set_tlsext_host_name(c->ssl, opt.domain);
    if (SSL_connect(c->ssl) != 1)
        die("TLS handshake failed");
    SSL_set_mode(c->ssl, SSL_MODE_ENABLE_PARTIAL_WRITE |
                             SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}

static void login(struct conn *c)
{
    tcp_connect(c);
    stream_open(c);
    if (opt.tls) {
        starttls(c);
        stream_open(c);
    }
    char plain[512];
    unsigned char b64[800];
    int n = snprintf(plain, sizeof plain, "%c%s%c%s", 0, opt.user, 0, opt.pass);
    EVP_EncodeBlock(b64, (unsigned char *)plain, n);
    sendf(c,
          "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' "
          "mechanism='PLAIN'>%s</auth>",
          b64);
    wait_for(c, "<success");
    stream_open(c);
    sendf(c,
          "<iq type='set' id='bind1'><bind "
          "xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>raw%d"
          "</resource></bind></iq>",
          (int)getpid());
    wait_for(c, "</iq>");
    reset_input(c);
    fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
}

static void logout(struct conn *c)
{
    sendf(c, "</stream:stream>");
    if (c->ssl) {
        SSL_shutdown(c->ssl);
        SSL_free(c->ssl);
        SSL_CTX_free(c->ctx);
    }
    close(c->fd);
    free(c->in);
}

/* The end of the iq whose id attribute is id (after the scan mark):
 * returns the offset just past it, and the number of <item in it. */
static size_t wait_iq(struct conn *c, const char *id, int *items, int *ok)
{
    char needle[64];
    snprintf(needle, sizeof needle, "id='%s'", id);
    size_t start = c->scan;
    size_t at;
    for (;;) {
        char *p = memmem(c->in + start, c->len - start, needle, strlen(needle));
        if (!p) {
            snprintf(needle, sizeof needle, "id=\"%s\"", id);
            p = memmem(c->in + start, c->len - start, needle, strlen(needle));
            snprintf(needle, sizeof needle, "id='%s'", id);
        }
        if (p) {
            at = (size_t)(p - c->in);
            break;
        }
        ssize_t n = io_read(c);
        if (n < 0)
            die("connection closed waiting for iq %s", id);
        if (n == 0)
            wait_fd(c, POLLIN);
    }
    /* Back to the tag's '<', then forward to its end. */
    size_t tag = at;
    while (tag > 0 && c->in[tag] != '<')
        tag--;
    c->scan = tag;
    for (;;) {
        char *gt = memchr(c->in + at, '>', c->len - at);
        if (gt) {
            size_t end;
            if (gt[-1] == '/') {
                end = (size_t)(gt - c->in) + 1;
            } else {
                char *close_tag = memmem(gt, c->len - (size_t)(gt - c->in),
                                         "</iq>", 5);
                if (!close_tag)
                    goto more;
                end = (size_t)(close_tag - c->in) + 5;
            }
            int count = 0;
            for (char *q = c->in + tag;
                 (q = memmem(q, c->in + end - q, "<item", 5)); q += 5)
                count++;
            if (items)
                *items = count;
            char *tagend = gt;
            *ok = memmem(c->in + tag, (size_t)(tagend - c->in) - tag,
                         "type='result'", 13) ||
                  memmem(c->in + tag, (size_t)(tagend - c->in) - tag,
                         "type=\"result\"", 13);
            c->scan = end;
            return end;
        }
    more:;
        ssize_t n = io_read(c);
        if (n < 0)
            die("connection closed reading iq %s", id);
        if (n == 0)
            wait_fd(c, POLLIN);
    }
}

static int list_members(struct conn *c, const char *room)
{
    int items = 0, ok = 0;
    sendf(c,
          "<iq type='get' id='list1' to='%s'><query xmlns='" ADMIN_NS
          "'><item affiliation='member'/></query></iq>",
          room);
    wait_iq(c, "list1", &items, &ok);
    if (!ok)
        die("member list of %s failed: %.300s", room, c->in);
    return items;
}

static void create_room(struct conn *c, const char *room)
{
    int ok = 0;
    sendf(c,
          "<presence to='%s/bench'><x "
          "xmlns='http://jabber.org/protocol/muc'/></presence>",
          room);
    /* Our own presence (status 110) ends the join. */
    for (;;) {
        size_t at = wait_for(c, "110");
        if (c->in[at - 1] == '\'' || c->in[at - 1] == '"')
            break;
    }
    sendf(c,
          "<iq type='set' id='cfg1' to='%s'><query "
          "xmlns='http://jabber.org/protocol/muc#owner'><x "
          "xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'>"
          "<value>http://jabber.org/protocol/muc#roomconfig</value>"
          "</field><field var='muc#roomconfig_persistentroom'><value>%d"
          "</value></field></x></query></iq>",
          room, !opt.temp);
    wait_iq(c, "cfg1", NULL, &ok);
    if (!ok)
        die("configuring %s failed: %.400s", room, c->in);
    if (opt.temp) { /* a temporary room lives while we stay in it */
        reset_input(c);
        return;
    }
    sendf(c, "<presence to='%s/bench' type='unavailable'/>", room);
    for (;;) {
        size_t at = wait_for(c, "110");
        if (c->in[at - 1] == '\'' || c->in[at - 1] == '"')
            break;
    }
    reset_input(c);
}

static void destroy_room(struct conn *c, const char *room)
{
    int ok = 0;
    sendf(c,
          "<iq type='set' id='dst1' to='%s'><query xmlns='http://jabber"
          ".org/protocol/muc#owner'><destroy/></query></iq>",
          room);
    wait_iq(c, "dst1", NULL, &ok);
    if (!ok)
        die("destroying %s failed: %.300s", room, c->in);
    reset_input(c);
}

/* Count reply tags (<iq ... type=...>) from the scan mark. */
static void count_replies(struct conn *c, int *results, int *errors)
{
    for (;;) {
        char *p = memmem(c->in + c->scan, c->len - c->scan, "<iq", 3);
        if (!p)
            break;
        char *gt = memchr(p, '>', c->len - (size_t)(p - c->in));
        if (!gt)
            break;
        size_t tl = (size_t)(gt - p);
        if (memmem(p, tl, "type='result'", 13) ||
            memmem(p, tl, "type=\"result\"", 13))
            (*results)++;
        else
            (*errors)++;
        c->scan = (size_t)(gt - c->in) + 1;
    }
    /* Keep the buffer small: drop what was scanned. */
    if (c->scan > 1 << 20) {
        memmove(c->in, c->in + c->scan, c->len - c->scan);
        c->len -= c->scan;
        c->scan = 0;
    }
}

/* --multi packs items into IQs of at most this many bytes, under the
 * servers' 256 KiB stanza limit (as libmucadmin does). */
#define MULTI_BYTES (64 * 1024)

/* The whole batch as one buffer; *niq: how many IQs it holds. */
static char *build_batch(const char *room, int n, size_t *len, int *niq)
{
    size_t cap = (size_t)n * 200 + 512, off = 0, start = 0;
    char *buf = malloc(cap);
    int iqs = 0;
    if (!buf)
        die("out of memory");
    for (int i = 0; i < n; i++) {
        if (!opt.multi || i == 0 || off - start > MULTI_BYTES) {
            if (opt.multi && i > 0)
                off += (size_t)sprintf(buf + off, "</query></iq>");
            start = off;
            off += (size_t)sprintf(buf + off,
                                   "<iq type='set' id='%c%d' "
                                   "to='%s'><query xmlns='" ADMIN_NS "'>",
                                   opt.multi ? 'm' : 's', iqs++, room);
        }
        off += (size_t)sprintf(buf + off,
                               "<item affiliation='member' "
                               "jid='%s%d@%s'/>",
                               opt.prefix, i, opt.domain);
        if (!opt.multi)
            off += (size_t)sprintf(buf + off, "</query></iq>");
    }
    if (opt.multi && n > 0)
        off += (size_t)sprintf(buf + off, "</query></iq>");
    *len = off;
    *niq = iqs;
    return buf;
}

static void bulk(struct conn *c, const char *room, int n)
{
    int results = 0, errors = 0, want;
    double t0 = now();
    size_t len, off = 0;
    char *buf = build_batch(room, n, &len, &want);
    while (results + errors < want) {
        if (off < len) {
            ssize_t w = io_write(c, buf + off, len - off);
            if (w < 0)
                die("write failed");
            off += (size_t)w;
        }
        ssize_t r;
        while ((r = io_read(c)) > 0)
            count_replies(c, &results, &errors);
        if (r < 0)
            die("connection closed after %d replies", results + errors);
        if (results + errors < want)
            wait_fd(c, POLLIN | (off < len ? POLLOUT : 0));
    }
    double t1 = now();
    free(buf);
    int listed = list_members(c, room);
    double t2 = now();
    printf("set_s=%.6f total_s=%.6f results=%d errors=%d listed=%d\n", t1 - t0,
           t2 - t0, results, errors, listed);
}

/* Stay in the temporary rooms until stdin closes, draining what comes. */
static void hold(struct conn *c)
{
    printf("ready\n");
    fflush(stdout);
    struct pollfd p[2] = { { .fd = 0, .events = POLLIN },
                           { .fd = c->fd, .events = POLLIN } };
    for (int rounds = 0; rounds < 1000000; rounds++) {
        if (poll(p, 2, 3600 * 1000) <= 0)
            return;
        if (p[0].revents) {
            char b[64];
            if (read(0, b, sizeof b) <= 0)
                return;
        }
        while (io_read(c) > 0)
            reset_input(c);
    }
}

static int parse_opts(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        const char *o = argv[i] + 2;
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(o, "tls")) {
            opt.tls = 1;
            continue;
        } else if (!strcmp(o, "plain")) {
            opt.tls = 0;
            continue;
        } else if (!strcmp(o, "multi")) {
            opt.multi = 1;
            continue;
        } else if (!strcmp(o, "temp")) {
            opt.temp = 1;
            continue;
        }
        if (!v)
            die("option --%s needs a value", o);
        i++;
        if (!strcmp(o, "host"))
            opt.host = v;
        else if (!strcmp(o, "port"))
            opt.port = atoi(v);
        else if (!strcmp(o, "user"))
            opt.user = v;
        else if (!strcmp(o, "pass"))
            opt.pass = v;
        else if (!strcmp(o, "domain"))
            opt.domain = v;
        else if (!strcmp(o, "prefix"))
            opt.prefix = v;
        else
            die("unknown option --%s", o);
    }
    return i;
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    int i = parse_opts(argc, argv);
    if (i >= argc || !opt.port)
        die("usage: rawxmpp --port P [OPTIONS] create ROOM...|bulk ROOM "
            "N|list ROOM");
    const char *cmd = argv[i++];
    struct conn c = { .fd = -1 };
    login(&c);
    if (!strcmp(cmd, "create")) {
        for (; i < argc; i++)
            create_room(&c, argv[i]);
        if (opt.temp)
            hold(&c);
    } else if (!strcmp(cmd, "bulk") && i + 2 == argc) {
        bulk(&c, argv[i], atoi(argv[i + 1]));
    } else if (!strcmp(cmd, "destroy")) {
        for (; i < argc; i++)
            destroy_room(&c, argv[i]);
    } else if (!strcmp(cmd, "list") && i + 1 == argc) {
        printf("listed=%d\n", list_members(&c, argv[i]));
    } else {
        die("bad command line");
    }
    logout(&c);
    return 0;
}
