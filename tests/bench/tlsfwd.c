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

#include <openssl/ssl.h>

#include "fwd.h"

/* One connection: TLS on c, plain on the server; until either closes. */
static int relay(SSL_CTX *ctx, int c, int port)
{
    char buf[16384];
    SSL *ssl = SSL_new(ctx);
    int s = fwd_connect(port), n;

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

struct tls_arg {
    SSL_CTX *ctx;
    int port;
};

static int tls_child(int c, void *arg)
{
    struct tls_arg *t = arg;

    return relay(t->ctx, c, t->port);
}

int main(int argc, char **argv)
{
    struct tls_arg t;

    if (argc != 4) {
        fprintf(stderr, "usage: tlsfwd CERT KEY TARGET_PORT\n");
        return 2;
    }
    t.ctx = SSL_CTX_new(TLS_server_method());
    if (!t.ctx || SSL_CTX_use_certificate_chain_file(t.ctx, argv[1]) != 1 ||
        SSL_CTX_use_PrivateKey_file(t.ctx, argv[2], SSL_FILETYPE_PEM) != 1) {
        fprintf(stderr, "tlsfwd: cannot load %s / %s\n", argv[1], argv[2]);
        return 1;
    }
    t.port = atoi(argv[3]);
    return fwd_serve("TLSFWD_PORT", tls_child, &t);
}
