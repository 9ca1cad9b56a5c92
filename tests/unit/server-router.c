/* SPDX-License-Identifier: MIT */
/*
 * server-router.c - unit tests: routing between sessions, bounces and
 * directed presence, with sessions on socketpairs (no network, no loop).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../cli/server/core.h"
#include "../../cli/server/muc.h"
#include "../../cli/server/sasl.h"
#include "check.h"
#include "peers.h"

/* An authenticated session on a socketpair (peers[i] is the client's end),
 * bound to jid by hand when jid is not NULL. */
static struct c2s *session(struct server *s, int i, const char *jid)
{
    struct c2s *c = peer_session(s, i);

    if (!jid)
        return c;
    c->bound = true;
    c->full_jid = strdup(jid);
    c->bare_len = strcspn(jid, "/");
    c->user = strndup(jid, strchr(jid, '@') - jid);
    router_bind(s, c);
    return c;
}

static struct server *srv;

/* Everything session i received so far (flushed as the loop would). */
static char *received(int i)
{
    return peer_received(srv, i);
}

static void client_sends(struct c2s *c, const char *xml)
{
    c2s_stanza_in(c, xnode_parse(xml));
}

int main(void)
{
    struct srv_config cfg = { .domain = "localhost",
                              .muc_domain = "conference.localhost" };
    struct server s = { .cfg = &cfg,
                        .idle_timeout = 60,
                        .handshake_timeout = 60 };
    struct c2s *a, *b;
    char *r;

    srv = &s;
    s.db = sasl_db_new(true);
    s.muc = muc_new(&s, &cfg);
    a = session(&s, 0, "alice@localhost/home");
    b = session(&s, 1, "bob@localhost/work");

    client_sends(a, "<message to='bob@localhost/work' id='1'>"
                    "<body>x</body></message>");
    r = received(1);
    CHECK(strstr(r, "from='alice@localhost/home'") &&
              strstr(r, "to='bob@localhost/work'") && strstr(r, "<body>x"),
          "message between full JIDs");

    client_sends(a, "<message to='Bob@LOCALHOST/work' id='2'/>");
    CHECK(strstr(received(1), "id='2'"), "'to' is prepared for routing");

    server_route(&s, xnode_parse("<message from='room@conference.localhost'"
                                 " to='BOB@LocalHost/work' id='2b'/>"));
    CHECK(strstr(received(1), "to='bob@localhost/work'"),
          "services' 'to' prepared too");

    client_sends(a, "<message to='a b@localhost' id='3'/>");
    r = received(0);
    CHECK(strstr(r, "type='error'") && strstr(r, "<jid-malformed"),
          "invalid 'to': jid-malformed");

    client_sends(a, "<iq type='get' id='4' to='localhost'><x xmlns='u:x'/>"
                    "</iq>");
    r = received(0);
    CHECK(strstr(r, "<iq to='alice@localhost/home' from='localhost' id='4' "
                    "type='error'><error type='cancel'><service-unavailable "
                    "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                    "</iq>"),
          "unhandled iq: Prosody's error shape");

    client_sends(a, "<iq type='result' id='5' to='localhost'/>");
    CHECK(!*received(0), "no error for a result");

    client_sends(a, "<message to='x@example.org' id='6'/>");
    CHECK(strstr(received(0), "<remote-server-not-found"),
          "remote domain bounced");

    client_sends(a, "<message type='groupchat' to='bob@localhost/gone' "
                    "id='7'/>");
    CHECK(strstr(received(0), "<service-unavailable"),
          "groupchat to a missing resource bounced");

    client_sends(a, "<message type='chat' to='bob@localhost/gone' id='8'/>");
    CHECK(!*received(1), "chat to a missing resource: none available");
    client_sends(b, "<presence/>");
    r = received(1);
    CHECK(strstr(r, "from='bob@localhost/work'") &&
              strstr(r, "to='bob@localhost/work'"),
          "self-presence echo");
    client_sends(a, "<message type='chat' to='bob@localhost/gone' id='9'/>");
    CHECK(strstr(received(1), "id='9'"),
          "chat to a missing resource goes to the bare JID");

    client_sends(a, "<presence to='bob@localhost/work'/>");
    CHECK(strstr(received(1), "from='alice@localhost/home'"),
          "directed presence delivered");
    client_sends(a, "<presence to='bob@localhost/work' type='unavailable'/>");
    received(1);
    client_sends(a, "<presence to='bob@localhost/work'/>");
    received(1);
    c2s_end(a, NULL);
    r = received(1);
    CHECK(strstr(r, "type='unavailable'") &&
              strstr(r, "from='alice@localhost/home'"),
          "session end: unavailable to directed presence");
    CHECK(!router_session(&s, "alice@localhost/home"),
          "ended session no longer routable");

    peers_teardown(&s, 2);
    return check_done();
}
