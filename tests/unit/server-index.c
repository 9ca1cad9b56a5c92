/* SPDX-License-Identifier: MIT */
/*
 * server-index.c - unit tests: the routing index of bound sessions (full
 * JID -> session, bare JID -> the account's sessions): bind, unbind and
 * disconnect, two resources of one account, a resource conflict.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../cli/server/core.h"
#include "../../cli/server/muc.h"
#include "../../cli/server/sasl.h"
#include "../../cli/server/xutil.h"
#include "check.h"
#include "peers.h"

static struct server *srv;

/* An authenticated session as 'user', not bound yet. */
static struct c2s *session(int i, const char *user)
{
    struct c2s *c = peer_session(srv, i);

    c->user = strdup(user);
    return c;
}

/* Bind as a client does, with the iq. */
static void bind_to(struct c2s *c, const char *resource)
{
    char xml[256];
    struct xnode *iq;

    snprintf(xml, sizeof(xml),
             "<iq type='set' id='b'><bind xmlns='" NS_BIND
             "'><resource>%s</resource></bind></iq>",
             resource);
    iq = xnode_parse(xml);
    c2s_bind_iq(c, iq);
    xnode_free(iq);
}

static char *received(int i)
{
    return peer_received(srv, i);
}

static int account_size(const char *bare)
{
    int n = 0;

    for (struct c2s *c = router_account(srv, bare, strlen(bare)); c;
         c = c->acct_next)
        n++;
    return n;
}

int main(void)
{
    struct srv_config cfg = { .domain = "localhost",
                              .muc_domain = "conference.localhost" };
    struct server s = { .cfg = &cfg,
                        .idle_timeout = 60,
                        .handshake_timeout = 60 };
    struct c2s *a, *a2, *b, *b2, *u;

    srv = &s;
    s.db = sasl_db_new(true);
    s.muc = muc_new(&s, &cfg);

    a = session(0, "alice");
    CHECK(!router_session(&s, "alice@localhost/home"), "not bound: absent");
    bind_to(a, "home");
    CHECK(strstr(received(0), "<jid>alice@localhost/home</jid>"),
          "bind result");
    CHECK(router_session(&s, "alice@localhost/home") == a, "bound: found");
    CHECK(account_size("alice@localhost") == 1, "account has it");
    CHECK(!router_session(&s, "alice@localhost/work"), "other resource");
    CHECK(!router_account(&s, "bob@localhost", 13), "other account");

    /* Two resources of one account. */
    a2 = session(1, "alice");
    bind_to(a2, "work");
    received(1);
    CHECK(router_session(&s, "alice@localhost/home") == a &&
              router_session(&s, "alice@localhost/work") == a2,
          "two resources, each found");
    CHECK(account_size("alice@localhost") == 2, "account has both");
    c2s_stanza_in(a, xnode_parse("<presence/>"));
    c2s_stanza_in(a2, xnode_parse("<presence/>"));
    received(0);
    received(1);
    b = session(2, "bob");
    bind_to(b, "x");
    received(2);
    c2s_stanza_in(b, xnode_parse("<message to='alice@localhost' id='m1' "
                                 "type='chat'><body>hi</body></message>"));
    CHECK(strstr(received(0), "id='m1'") && strstr(received(1), "id='m1'"),
          "message to the bare JID: both resources");
    c2s_stanza_in(b, xnode_parse("<message to='alice@localhost/work' "
                                 "id='m2' type='chat'/>"));
    CHECK(!*received(0) && strstr(received(1), "id='m2'"),
          "message to one full JID: that resource only");

    /* Unbind when the session ends (stream closed by the client). */
    c2s_end(a, NULL);
    CHECK(!router_session(&s, "alice@localhost/home"), "ended: gone");
    CHECK(router_session(&s, "alice@localhost/work") == a2,
          "sibling still there");
    CHECK(account_size("alice@localhost") == 1, "account has one left");
    CHECK(strstr(received(1), "type='unavailable'"),
          "sibling told of the unavailable resource");

    /* Disconnect: freeing the session takes it out. */
    c2s_free(a2);
    CHECK(!router_session(&s, "alice@localhost/work"), "freed: gone");
    CHECK(!router_account(&s, "alice@localhost", 15), "account gone");

    /* Resource conflict: the new session wins, the old one is told. */
    b2 = session(3, "bob");
    bind_to(b2, "x");
    CHECK(router_session(&s, "bob@localhost/x") == b2, "new session wins");
    CHECK(account_size("bob@localhost") == 1, "old one out of the account");
    CHECK(strstr(received(2), "<conflict"), "old one gets conflict");
    CHECK(b->ended, "old one ended");
    c2s_free(b);
    CHECK(router_session(&s, "bob@localhost/x") == b2,
          "freeing the old one keeps the new one");

    /* Case: the bound JID is prepared; stanzas are routed on their
     * prepared 'to'. */
    u = session(4, "carol");
    bind_to(u, "Phone");
    received(4);
    CHECK(router_session(&s, "carol@localhost/Phone") == u,
          "resource keeps its case");
    server_route(&s, xnode_parse("<message from='x@conference.localhost' "
                                 "to='CAROL@LocalHost/Phone' id='m3'/>"));
    CHECK(strstr(received(4), "id='m3'"), "route on the prepared JID");

    /* Many sessions: each one found. */
    {
        struct c2s *many[200];
        char jid[64];
        int ok = 1;

        for (int i = 0; i < 200; i++) {
            many[i] = session(5, "many");
            close(peers[5]);
            snprintf(jid, sizeof(jid), "r%d", i);
            bind_to(many[i], jid);
        }
        for (int i = 0; i < 200; i++) {
            snprintf(jid, sizeof(jid), "many@localhost/r%d", i);
            ok &= router_session(&s, jid) == many[i];
        }
        CHECK(ok, "200 resources, each found");
        CHECK(account_size("many@localhost") == 200, "account of 200");
        for (int i = 0; i < 200; i += 2)
            c2s_free(many[i]);
        ok = 1;
        for (int i = 0; i < 200; i++) {
            snprintf(jid, sizeof(jid), "many@localhost/r%d", i);
            ok &= router_session(&s, jid) == (i % 2 ? many[i] : NULL);
        }
        CHECK(ok, "half freed: the rest found");
        CHECK(account_size("many@localhost") == 100, "account of 100");
    }

    peers_teardown(&s, 5);
    return check_done();
}
