/* SPDX-License-Identifier: MIT */
/*
 * fwd.h - what the bench's loopback relays (tlsfwd.c, delayfwd.c) share:
 * a connection to a loopback port, and the server loop that listens on a
 * free loopback port, announces it as NAME=PORT and hands each connection
 * to a child of its own.  Included by each relay, a program of one file.
 */
#ifndef MUCADMIN_BENCH_FWD_H
#define MUCADMIN_BENCH_FWD_H

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

/* A TCP connection to 127.0.0.1:port, Nagle off; -1 on failure. */
static int fwd_connect(int port)
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

/* Listen on a free loopback port, print "NAME=PORT", then for each
 * connection fork a child that exits with child(c, arg).  Returns only
 * when it cannot listen (1). */
static int fwd_serve(const char *name, int (*child)(int c, void *arg),
                     void *arg)
{
    struct sockaddr_in a = { .sin_family = AF_INET };
    socklen_t len = sizeof(a);
    int l, one = 1;

    signal(SIGCHLD, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    l = socket(AF_INET, SOCK_STREAM, 0);
    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 ||
        listen(l, 64) < 0 || getsockname(l, (struct sockaddr *)&a, &len)) {
        perror(name);
        return 1;
    }
    printf("%s=%d\n", name, ntohs(a.sin_port));
    fflush(stdout);
    for (;;) {
        int c = accept(l, NULL, NULL);

        if (c < 0)
            continue;
        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        if (fork() == 0) {
            close(l);
            _exit(child(c, arg));
        }
        close(c);
    }
}

#endif
