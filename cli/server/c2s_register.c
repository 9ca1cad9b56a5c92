/* SPDX-License-Identifier: MIT */
/* c2s_register.c - in-band password change (XEP-0077 3.3) as Prosody. */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "jid.h"
#include "sasl.h"
#include "xutil.h"

#define NS_REGISTER "jabber:iq:register"

/* nodeprep, through the JID code: NULL when user is no valid localpart. */
static char *nodeprep(const char *user)
{
    size_t n = strlen(user);
    char *j = xmalloc(n + 3), *p, *at;

    memcpy(j, user, n);
    memcpy(j + n, "@x", 3);
    p = jid_prep(j);
    free(j);
    at = p ? strrchr(p, '@') : NULL;
    if (!at || at == p) {
        free(p);
        return NULL;
    }
    *at = '\0';
    return p;
}

/* The account's localpart when the sender is a local user's session (not
 * a room or occupant of the MUC service, whose stanzas come here too). */
static char *sender_user(const struct server *s, const struct xnode *iq)
{
    const char *from = xnode_attr(iq, "from");
    const char *at = from ? strchr(from, '@') : NULL;
    size_t dl = strlen(s->cfg->domain);

    if (!at || at == from || strncmp(at + 1, s->cfg->domain, dl) ||
        at[1 + dl] != '/')
        return NULL;
    return xstrndup(from, at - from);
}

static const char *child_text(const struct xnode *q, const char *name)
{
    const struct xnode *n = xnode_child(q, name, NULL);

    return n ? (xnode_text(n) ? xnode_text(n) : "") : NULL;
}

/* Prosody's mod_register for a logged-in user: a get says the account is
 * registered, a set with the account's own username and a password
 * changes it; another username or a missing element is bad-request.  An
 * --any-password name has no password to change: internal-server-error,
 * as Prosody's insecure authentication answers.  Account removal is not
 * offered (service-unavailable). */
bool c2s_register_iq(struct server *s, struct xnode *iq)
{
    const struct xnode *q = iq->children;
    const char *type = xnode_attr(iq, "type"), *user, *pw;
    char *me, *want;
    struct xnode *r, *rq;

    if (!q || strcmp(q->name, "query") || strcmp(q->ns, NS_REGISTER) || !type ||
        (strcmp(type, "get") && strcmp(type, "set")))
        return false;
    if (xnode_child(q, "remove", NULL))
        return false;
    me = sender_user(s, iq);
    if (!me) {
        xnode_free(iq);
        return true;
    }
    r = router_iq_reply(iq, "result");
    if (!strcmp(type, "get")) {
        rq = xnode_add(r, "query", NS_REGISTER);
        xnode_add(rq, "registered", NULL);
        xnode_add_text(rq, "username", me);
        xnode_add(rq, "password", NULL);
        xnode_free(iq);
        server_route(s, r);
        free(me);
        return true;
    }
    user = child_text(q, "username");
    pw = child_text(q, "password");
    want = user && pw ? nodeprep(user) : NULL;
    if (!want || strcmp(want, me)) {
        xnode_free(r);
        router_bounce(s, iq, "bad-request", "modify");
    } else if (!sasl_db_set_password(s->db, me, pw)) {
        xnode_free(r);
        router_bounce(s, iq, "internal-server-error", "wait");
    } else {
        xnode_free(iq);
        server_route(s, r);
    }
    free(want);
    free(me);
    return true;
}
