/* SPDX-License-Identifier: MIT */
/*
 * peers.h - server unit tests' sessions on socketpairs: peers[i] is the
 * client's end of session i; no network, no event loop.
 */
#ifndef MUCADMIN_TESTS_PEERS_H
#define MUCADMIN_TESTS_PEERS_H

#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "../../cli/server/core.h"
#include "../../cli/server/muc.h"
#include "../../cli/server/sasl.h"

#define NPEERS 8

static int peers[NPEERS];

/* An authenticated session i of server s, not bound. */
static struct c2s *peer_session(struct server *s, int i)
{
    int sv[2];
    struct c2s *c;

    socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
    c = c2s_new(s, sv[0]);
    peers[i] = sv[1];
    c->authed = true;
    return c;
}

/* Everything session i received so far (flushed as the loop would). */
static char *peer_received(struct server *s, int i)
{
    static char buf[65536];
    ssize_t n;

    for (struct c2s *c = s->sessions; c; c = c->next)
        conn_flush(&c->conn);
    n = recv(peers[i], buf, sizeof(buf) - 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

/* Free server s's sessions, MUC, indexes and accounts; close n peers. */
static void peers_teardown(struct server *s, int n)
{
    muc_free(s->muc);
    while (s->sessions)
        c2s_free(s->sessions);
    strmap_clear(&s->by_full);
    strmap_clear(&s->by_bare);
    sasl_db_free(s->db);
    for (int i = 0; i < n; i++)
        close(peers[i]);
}

#endif
