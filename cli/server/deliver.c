/* SPDX-License-Identifier: MIT */
/* deliver.c - stanzas serialised once, written to local sessions. */
#include "core.h"
#include "deliver.h"

bool deliver_split(struct server *s, const char *full_jid, struct xsplit *x)
{
    struct c2s *c = router_session(s, full_jid);

    if (!c)
        return false;
    c2s_write(c, xsplit_with(x, full_jid));
    return true;
}
