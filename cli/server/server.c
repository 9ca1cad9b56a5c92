/* SPDX-License-Identifier: MIT */
/* server.c - server setup and teardown (early version: routing drops). */
#include <stdio.h>
#include <stdlib.h>

#include "server.h"

struct server {
    const struct srv_config *cfg;
    bool stop;
};

void server_route(struct server *s, struct xnode *stanza)
{
    xnode_free(stanza);
}

bool server_is_admin(const struct server *s, const char *bare_jid)
{
    return false;
}

const struct srv_config *server_config(const struct server *s)
{
    return s->cfg;
}

void server_stop(struct server *s)
{
    s->stop = true;
}

int server_run(const struct srv_config *cfg)
{
    fputs("mucadmin: serve: not implemented yet\n", stderr);
    return 1;
}
