/* SPDX-License-Identifier: MIT */
/* muc.c - the MUC service: creation, teardown and stanza dispatch. */
#include <stdlib.h>
#include <string.h>

#include "muc.h"
#include "xnode.h"

struct muc {
    struct server *srv;
    const struct srv_config *cfg;
};

struct muc *muc_new(struct server *s, const struct srv_config *cfg)
{
    struct muc *m = calloc(1, sizeof(*m));

    if (!m)
        abort();
    m->srv = s;
    m->cfg = cfg;
    return m;
}

void muc_free(struct muc *m)
{
    free(m);
}

/* Swap from/to, mark as error and route back (never for errors). */
static void bounce(struct muc *m, struct xnode *st, const char *cond)
{
    const char *type = xnode_attr(st, "type");
    char *from, *to;
    struct xnode *e;

    if (type && !strcmp(type, "error")) {
        xnode_free(st);
        return;
    }
    from = strdup(xnode_attr(st, "from") ? xnode_attr(st, "from") : "");
    to = strdup(xnode_attr(st, "to") ? xnode_attr(st, "to") : "");
    xnode_set_attr(st, "from", to);
    xnode_set_attr(st, "to", from);
    xnode_set_attr(st, "type", "error");
    e = xnode_add(st, "error", NULL);
    xnode_set_attr(e, "type", "cancel");
    xnode_add(e, cond, NS_STANZAS);
    free(from);
    free(to);
    server_route(m->srv, st);
}

void muc_handle(struct muc *m, struct xnode *stanza)
{
    bounce(m, stanza, "service-unavailable");
}
