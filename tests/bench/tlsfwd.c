/* SPDX-License-Identifier: MIT */
/*
 * tlsfwd.c - the bench's direct-TLS front (XEP-0368): accepts TLS on a
 * free loopback port, one child per connection, and relays the plain
 * stream to a server's plaintext port.  The mini server and the bench's
 * Prosody speak STARTTLS only; the direct-TLS rows of the one-shot
 * section (mucadmin and its floor alike) go through this.
 *
 *   tlsfwd CERT KEY TARGET_PORT     (prints TLSFWD_PORT=N when ready)
 */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <openssl/ssl.h>

static int tcp_to(int port)
{
    struct sockaddr_in a = { .sin_family = AF_INET };
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
        return -1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

/* One connection: TLS on c, plain on the server; until either closes. */
static int relay(SSL_CTX *ctx, int c, int port)
{
    char buf[16384];
    SSL *ssl = SSL_new(ctx);
    int s = tcp_to(port), n;

    if (!ssl || s < 0 || !SSL_set_fd(ssl, c) || SSL_accept(ssl) != 1)
        return 1;
    for (;;) {
        struct pollfd p[2] = { { c, POLLIN, 0 }, { s, POLLIN, 0 } };

        if (!SSL_pending(ssl) && poll(p, 2, -1) < 0)
            return 1;
        if (SSL_pending(ssl) || p[0].revents) {
            if ((n = SSL_read(ssl, buf, sizeof(buf))) <= 0 ||
                write(s, buf, (size_t)n) != n)
                return 0;
        }
        if (p[1].revents) {
            if ((n = (int)read(s, buf, sizeof(buf))) <= 0 ||
                SSL_write(ssl, buf, n) != n)
                return 0;
        }
    }
}

int main(int argc, char **argv)
{
    struct sockaddr_in a = { .sin_family = AF_INET };
    socklen_t len = sizeof(a);
    SSL_CTX *ctx;
    int l, one = 1;

    if (argc != 4) {
        fprintf(stderr, "usage: tlsfwd CERT KEY TARGET_PORT\n");
        return 2;
    }
    signal(SIGCHLD, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx || SSL_CTX_use_certificate_chain_file(ctx, argv[1]) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, argv[2], SSL_FILETYPE_PEM) != 1) {
        fprintf(stderr, "tlsfwd: cannot load %s / %s\n", argv[1], argv[2]);
        return 1;
    }
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    l = socket(AF_INET, SOCK_STREAM, 0);
    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 ||
        listen(l, 64) < 0 || getsockname(l, (struct sockaddr *)&a, &len)) {
        perror("tlsfwd");
        return 1;
    }
    printf("TLSFWD_PORT=%d\n", ntohs(a.sin_port));
    fflush(stdout);
    for (;;) {
        int c = accept(l, NULL, NULL);

        if (c < 0)
            continue;
        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        if (fork() == 0) {
            close(l);
            _exit(relay(ctx, c, atoi(argv[3])));
        }
        close(c);
    }
}
