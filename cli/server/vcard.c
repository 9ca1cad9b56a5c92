/* SPDX-License-Identifier: MIT */
/*
 * vcard.c - vcard-temp (XEP-0054) requests to an account: there is no vCard
 * storage, so a get is answered with an empty <vCard/>, as Prosody 0.12's
 * mod_vcard does for an account that never published one (this is what an
 * occupant's vCard request through a room ends up as).
 */
#include <string.h>

#include "core.h"
#include "vcard.h"

bool vcard_account_iq(struct server *s, struct xnode *iq)
{
    const struct xnode *q = iq->children;
    const char *type = xnode_attr(iq, "type");
    struct xnode *r;

    if (!q || !type || strcmp(type, "get") != 0 ||
        strcmp(q->name, "vCard") != 0 || strcmp(q->ns, "vcard-temp") != 0)
        return false;
    r = router_iq_reply(iq, "result");
    xnode_add(r, "vCard", "vcard-temp");
    xnode_free(iq);
    server_route(s, r);
    return true;
}
