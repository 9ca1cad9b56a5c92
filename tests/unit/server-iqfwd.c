/* SPDX-License-Identifier: MIT */
/*
 * server-iqfwd.c - unit tests: iq between occupants (forwarded with a
 * rewritten id) and forged answers to them, on socketpairs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/server/core.h"
#include "check.h"
#include "peers.h"

#define ROOM "den@conference.localhost"

static struct server *srv;

static struct c2s *session(struct server *s, int i, const char *jid)
{
    struct c2s *c = peer_session(s, i);

    c->bound = true;
    c->full_jid = strdup(jid);
    c->bare_len = strcspn(jid, "/");
    c->user = strndup(jid, strchr(jid, '@') - jid);
    router_bind(s, c);
    return c;
}

static char *received(int i)
{
    return peer_received(srv, i);
}

static void sends(struct c2s *c, const char *fmt, const char *arg)
{
    char buf[1024];

    snprintf(buf, sizeof(buf), fmt, arg ? arg : "");
    c2s_stanza_in(c, xnode_parse(buf));
}

static void join(struct c2s *c, int i, const char *nick)
{
    sends(c,
          "<presence to='" ROOM "/%s'><x xmlns='http://jabber.org/"
          "protocol/muc'/></presence>",
          nick);
    received(i);
}

/* The id of the forwarded request in what peer i received. */
static void forwarded_id(int i, char *id, size_t len)
{
    const char *r = received(i), *p = strstr(r, " id='");

    id[0] = '\0';
    if (p)
        snprintf(id, len, "%.*s", (int)strcspn(p + 5, "'"), p + 5);
}

int main(void)
{
    struct srv_config cfg = { .domain = "localhost",
                              .muc_domain = "conference.localhost" };
    struct server s = { .cfg = &cfg,
                        .idle_timeout = 60,
                        .handshake_timeout = 60 };
    struct c2s *alice, *bob, *eve, *mal;
    char id[128], id2[128];
    const char *r;

    srv = &s;
    s.db = sasl_db_new(true);
    s.muc = muc_new(&s, &cfg);
    alice = session(&s, 0, "alice@localhost/a");
    bob = session(&s, 1, "bob@localhost/b");
    eve = session(&s, 2, "eve@localhost/e"); /* in no room */
    mal = session(&s, 3, "mal@localhost/m"); /* an occupant too */
    join(alice, 0, "Alice");
    sends(alice,
          "<iq type='set' id='u' to='" ROOM "'><query xmlns='http:"
          "//jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' "
          "type='submit'/></query></iq>",
          NULL);
    received(0);
    join(bob, 1, "Bob");
    join(mal, 3, "Mal");
    received(0);
    received(1);

    /* Alice asks Bob's version: Bob's client gets it with a new id. */
    sends(alice,
          "<iq type='get' id='v1' to='" ROOM "/Bob'><query xmlns="
          "'jabber:iq:version'/></iq>",
          NULL);
    forwarded_id(1, id, sizeof(id));
    CHECK(strncmp(id, "muc-", 4) == 0 && strlen(id) == 36,
          "forwarded id: muc- and 128 bits of HMAC");
    sends(alice,
          "<iq type='get' id='v1' to='" ROOM "/Bob'><query xmlns="
          "'jabber:iq:version'/></iq>",
          NULL);
    forwarded_id(1, id2, sizeof(id2));
    CHECK(*id2 && strcmp(id, id2) != 0, "the same request again: new id");

    /* Answers with that id from anyone but Bob's session are dropped. */
    sends(eve,
          "<iq type='result' id='%s' to='" ROOM "/Alice'><query "
          "xmlns='jabber:iq:version'><name>forged</name></query></iq>",
          id);
    CHECK(!strstr(received(0), "forged"),
          "a forged answer from a non-occupant is dropped");
    sends(mal,
          "<iq type='result' id='%s' to='" ROOM "/Alice'><query "
          "xmlns='jabber:iq:version'><name>forged</name></query></iq>",
          id);
    CHECK(!strstr(received(0), "forged"),
          "a forged answer from another occupant is dropped");
    sends(bob,
          "<iq type='result' id='%s' to='" ROOM "/Mal'><query "
          "xmlns='jabber:iq:version'><name>misrouted</name></query></iq>",
          id);
    CHECK(!strstr(received(3), "misrouted") &&
              !strstr(received(0), "misrouted"),
          "an answer to another occupant is dropped");

    /* The real answer still arrives, as coming from Bob, with v1. */
    sends(bob,
          "<iq type='result' id='%s' to='" ROOM "/Alice'><query "
          "xmlns='jabber:iq:version'><name>real</name></query></iq>",
          id);
    r = received(0);
    CHECK(strstr(r, "real") && strstr(r, "id='v1'") &&
              strstr(r, "from='" ROOM "/Bob'") &&
              strstr(r, "to='alice@localhost/a'"),
          "the real answer is delivered from the occupant");
    sends(bob,
          "<iq type='result' id='%s' to='" ROOM "/Alice'><query "
          "xmlns='jabber:iq:version'><name>again</name></query></iq>",
          id);
    CHECK(!strstr(received(0), "again"), "an id is answered once");

    /* An error from Bob is an answer too. */
    sends(bob,
          "<iq type='error' id='%s' to='" ROOM "/Alice'><error "
          "type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:"
          "ns:xmpp-stanzas'/></error></iq>",
          id2);
    CHECK(strstr(received(0), "service-unavailable"),
          "an error answer is forwarded");

    while (s.sessions) /* before the MUC: they leave the room */
        c2s_free(s.sessions);
    peers_teardown(&s, 4);
    return check_done();
}
