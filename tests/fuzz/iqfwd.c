/* SPDX-License-Identifier: MIT */
/* iqfwd.c - libFuzzer target: stanzas between occupants of a room (the
 * forwarded-iq path and forged answers to it). */
/*
 * Four bound sessions: alice, bob and mal in the room den, eve in none.
 * The input is stanzas separated by NUL bytes; a stanza's first byte picks
 * the sender (its value mod 4), the rest is its XML.  "@ID@" in it is
 * replaced by the id of the last request the room forwarded to anyone,
 * so that answers (real or forged) can match a pending request.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../cli/server/core.h"
#include "../../cli/server/muc.h"
#include "../../cli/server/sasl.h"

#define NCLIENTS 4
#define ROOM "den@conference.localhost"

static struct srv_config cfg = {
    .bind = "127.0.0.1",
    .domain = "localhost",
    .muc_domain = "conference.localhost",
};
static const char *const jids[NCLIENTS] = {
    "alice@localhost/a",
    "bob@localhost/b",
    "mal@localhost/m",
    "eve@localhost/e",
};
static struct sasl_db *db;
static char last_id[128];

static void at_exit(void)
{
    sasl_db_free(db);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    signal(SIGPIPE, SIG_IGN);
    db = sasl_db_new(true);
    atexit(at_exit);
    return 0;
}

/* Read what the server wrote to the clients; keep the last forwarded id. */
static void drain(struct server *s, int *peer)
{
    char buf[65536];
    ssize_t n;

    for (struct c2s *c = s->sessions; c; c = c->next)
        conn_flush(&c->conn);
    for (int i = 0; i < NCLIENTS; i++) {
        while ((n = read(peer[i], buf, sizeof(buf) - 1)) > 0) {
            char *p = buf, *q;

            buf[n] = '\0';
            while ((p = strstr(p, " id='muc-"))) {
                p += 5;
                q = strchr(p, '\'');
                if (q && (size_t)(q - p) < sizeof(last_id))
                    snprintf(last_id, sizeof(last_id), "%.*s", (int)(q - p), p);
            }
        }
    }
}

static struct c2s *bound(struct server *s, int i, int *peer)
{
    int sv[2];
    struct c2s *c;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
                   sv) != 0)
        abort();
    c = c2s_new(s, sv[0]);
    peer[i] = sv[1];
    c->authed = c->bound = true;
    c->full_jid = strdup(jids[i]);
    c->bare_len = strcspn(jids[i], "/");
    c->user = strndup(jids[i], strchr(jids[i], '@') - jids[i]);
    router_bind(s, c);
    return c;
}

static void send_xml(struct server *s, struct c2s *c, int *peer,
                     const char *xml)
{
    struct xnode *st = xnode_parse(xml);

    if (st && !c->ended)
        c2s_stanza_in(c, st);
    else
        xnode_free(st);
    drain(s, peer);
}

/* The segment with @ID@ replaced (malloc'd). */
static char *expand(const uint8_t *p, size_t len)
{
    size_t idl = strlen(last_id), n = 0;
    char *out = malloc(len * (idl + 1) + 1);

    if (!out)
        abort();
    for (size_t i = 0; i < len; i++) {
        if (i + 4 <= len && !memcmp(p + i, "@ID@", 4)) {
            memcpy(out + n, last_id, idl);
            n += idl;
            i += 3;
        } else {
            out[n++] = (char)p[i];
        }
    }
    out[n] = '\0';
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct server s = { 0 };
    struct c2s *cl[NCLIENTS];
    int peer[NCLIENTS];
    const uint8_t *p = data, *end = data + size, *nul;
    static const char *const nicks[] = { "Alice", "Bob", "Mal" };
    char buf[256];

    s.cfg = &cfg;
    s.db = db;
    s.listen_fd = -1;
    s.handshake_timeout = 60;
    s.idle_timeout = 900;
    s.muc = muc_new(&s, &cfg);
    if (!s.muc)
        abort();
    last_id[0] = '\0';
    for (int i = 0; i < NCLIENTS; i++)
        cl[i] = bound(&s, i, peer);
    for (int i = 0; i < 3; i++) {
        snprintf(buf, sizeof(buf),
                 "<presence to='" ROOM "/%s'><x xmlns="
                 "'http://jabber.org/protocol/muc'/></presence>",
                 nicks[i]);
        send_xml(&s, cl[i], peer, buf);
        if (i == 0)
            send_xml(&s, cl[0], peer,
                     "<iq type='set' id='u' to='" ROOM
                     "'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                     "<x xmlns='jabber:x:data' type='submit'/></query></iq>");
    }
    while (p < end) {
        nul = memchr(p, '\0', (size_t)(end - p));
        if (!nul)
            nul = end;
        if (nul > p) {
            char *xml = expand(p + 1, (size_t)(nul - p - 1));

            send_xml(&s, cl[*p % NCLIENTS], peer, xml);
            free(xml);
        }
        p = nul + 1;
    }
    while (s.sessions)
        c2s_free(s.sessions);
    strmap_clear(&s.by_full);
    strmap_clear(&s.by_bare);
    muc_free(s.muc);
    for (int i = 0; i < NCLIENTS; i++)
        close(peer[i]);
    return 0;
}
