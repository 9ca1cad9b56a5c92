/* SPDX-License-Identifier: MIT */
/* server-archive.c - the room archive of the mini server: dates as Prosody
 * reads them, what is archived, searches as Prosody's store does them, the
 * bound, and occupant ids. */
#include <stdlib.h>
#include <string.h>

#include "../../cli/server/muc_archive.h"
#include "check.h"

static void test_stamps(void)
{
    time_t t = 0;

    CHECK(archive_parse_stamp("2020-01-01T00:00:00Z", &t) && t == 1577836800,
          "a plain stamp");
    CHECK(archive_parse_stamp("20200101T00:00:00Z", &t) && t == 1577836800,
          "no dashes");
    CHECK(archive_parse_stamp("2020-01-01T00:00:00.123Z", &t) &&
              t == 1577836800,
          "fractions");
    CHECK(archive_parse_stamp("2020-01-01T00:00:00", &t) && t == 1577836800,
          "no zone is UTC");
    CHECK(archive_parse_stamp("2020-01-01T01:00:00+01:00", &t) &&
              t == 1577836800,
          "+01:00");
    CHECK(archive_parse_stamp("2019-12-31T23:00:00-0100", &t) &&
              t == 1577836800,
          "-0100");
    CHECK(archive_parse_stamp("2020-01-01T01:00:00+01junk", &t) &&
              t == 1577836800,
          "a zone found in junk, as Prosody's pattern");
    CHECK(archive_parse_stamp("2020-01-01T05:30:00+05:30", &t) &&
              t == 1577836800,
          "+05:30");
    CHECK(archive_parse_stamp("2020-01-01T05:00:00+053", &t) && t == 1577836800,
          "minutes only when two digits");
    CHECK(archive_parse_stamp("2020-13-01T00:00:00Z", &t) && t == 1609459200,
          "month 13 rolls over");
    CHECK(!archive_parse_stamp("2020-01-01", &t), "a date alone");
    CHECK(!archive_parse_stamp("yesterday", &t), "words");
    CHECK(!archive_parse_stamp("", &t), "empty");
    CHECK(!archive_parse_stamp(NULL, &t), "none");
    CHECK(!archive_parse_stamp("2020-01-01T00:00:00Zjunk", &t), "junk after Z");
    CHECK(!archive_parse_stamp("2020-01-01T00:00", &t), "no seconds");
}

static void test_numbers(void)
{
    double v = 0;

    CHECK(lua_tonumber(" 5 ", &v) && v == 5, "spaces around");
    CHECK(lua_tonumber("0x10", &v) && v == 16, "hex");
    CHECK(lua_tonumber("2.5", &v) && v == 2.5, "a fraction");
    CHECK(lua_tonumber("1e400", &v) && v > 1e300, "too big: infinity");
    CHECK(!lua_tonumber("inf", &v), "inf is no number to Lua");
    CHECK(!lua_tonumber("nan", &v), "nor nan");
    CHECK(!lua_tonumber("", &v), "empty");
    CHECK(!lua_tonumber("5x", &v), "junk after");
    CHECK(!lua_tonumber("many", &v), "words");
}

static struct srv_config cfg;
static struct muc m = { .cfg = &cfg };

static struct xnode *msg(const char *xml)
{
    return xnode_parse(xml);
}

static const char *sid_of(const struct xnode *x)
{
    const struct xnode *s = xnode_child(x, "stanza-id", NS_SID);

    return s ? xnode_attr(s, "id") : NULL;
}

static void test_occupant_id(void)
{
    struct room *r = room_create(&m, "masks@conference.localhost");
    struct xnode *p = msg("<presence><occupant-id xmlns='" NS_OCCUPANT_ID
                          "' id='forged'/></presence>");
    char *a, *b;

    r->oid_salt = strdup("salt");
    a = occupant_id(&m, r, "user@localhost");
    CHECK(!strcmp(a, "8IDDUybkIlUA93YgWvLGALxSVXSjwWES6nQrRh6ibRU="),
          "base64(HMAC-SHA256(bare JID, salt))");
    occupant_id_set(&m, r, "user@localhost", p);
    CHECK(!strcmp(xnode_attr(xnode_child(p, "occupant-id", NS_OCCUPANT_ID),
                             "id"),
                  a),
          "a forged id replaced");
    CHECK(xnode_next(xnode_child(p, "occupant-id", NS_OCCUPANT_ID),
                     "occupant-id", NS_OCCUPANT_ID) == NULL,
          "only one");
    free(r->oid_salt);
    r->oid_salt = NULL;
    b = occupant_id(&m, r, "user@localhost");
    CHECK(r->oid_salt && strlen(r->oid_salt) == 36, "a salt drawn (a UUID)");
    CHECK(strcmp(a, b) != 0, "another salt, another id");
    free(a);
    free(b);
    xnode_free(p);
    room_remove(&m, r);
}

/* Five messages m1..m5 archived in r; their stanza-ids in ids. */
static void fill(struct room *r, struct occupant *o, char ids[5][32])
{
    struct xnode *x;
    char buf[256];
    int i;

    for (i = 0; i < 5; i++) {
        snprintf(buf, sizeof(buf),
                 "<message type='groupchat' id='m%d'>"
                 "<body>%d</body></message>",
                 i + 1, i + 1);
        x = msg(buf);
        CHECK(muc_archive_groupchat(&m, r, o, x), "a body is historic");
        snprintf(ids[i], 32, "%s", sid_of(x) ? sid_of(x) : "");
        xnode_free(x);
    }
}

/* The ids archive_find gives, as "m2 m3" (or "error"). */
static const char *found(struct room *r, const struct arch_query *q)
{
    static char out[128];
    struct arch_item **v;
    size_t n, total, i;

    out[0] = '\0';
    if (archive_find(r, q, &v, &n, &total) < 0)
        return "error";
    for (i = 0; i < n; i++) {
        strcat(out, i ? " " : "");
        strcat(out, xnode_attr(v[i]->msg, "id"));
    }
    free(v);
    return out;
}

static void test_archive(void)
{
    struct room *r = room_create(&m, "annals@conference.localhost");
    struct occupant o = { .nick = "Romeo",
                          .bare = "user@localhost",
                          .role = ROLE_PARTICIPANT };
    struct arch_query q = { 0 };
    char ids[5][32], *only[2];
    struct xnode *x;

    q.after = "x";
    CHECK(!strcmp(found(r, &q), "error"), "after: none in an empty archive");
    q.after = NULL;
    CHECK(!strcmp(found(r, &q), ""), "an empty archive");
    x = msg("<message type='groupchat'><active xmlns='http://jabber.org/"
            "protocol/chatstates'/><stanza-id xmlns='" NS_SID "' by='ANNALS@"
            "conference.localhost' id='forged'/></message>");
    CHECK(!muc_archive_groupchat(&m, r, &o, x), "a chat state is not");
    CHECK(!sid_of(x), "the room's stanza-id claim goes, prepared or not");
    CHECK(xnode_child(x, "occupant-id", NS_OCCUPANT_ID), "occupant-id on");
    xnode_free(x);
    fill(r, &o, ids);
    CHECK(ids[0][0] && strlen(ids[0]) == 24 && strcmp(ids[0], ids[1]),
          "stanza-ids of 24 characters, each its own");
    CHECK(!strcmp(found(r, &q), "m1 m2 m3 m4 m5"), "everything");
    q.has_limit = true;
    q.limit = 2;
    CHECK(!strcmp(found(r, &q), "m1 m2"), "limit 2");
    q.after = ids[1];
    CHECK(!strcmp(found(r, &q), "m3 m4"), "after the 2nd");
    q.before = ids[3];
    CHECK(!strcmp(found(r, &q), "m3"), "after the 2nd, before the 4th");
    q.after = NULL;
    q.reverse = true;
    CHECK(!strcmp(found(r, &q), "m3 m2"), "reverse, before the 4th");
    q.after = ids[1];
    q.limit = 9;
    CHECK(!strcmp(found(r, &q), "m3"), "reverse, stops at after");
    q.before = "nope";
    CHECK(!strcmp(found(r, &q), "error"), "before: an unknown id");
    q.before = NULL;
    q.after = NULL;
    q.limit = 0;
    CHECK(!strcmp(found(r, &q), ""), "limit 0");
    q.limit = -1;
    CHECK(!strcmp(found(r, &q), "m5 m4 m3 m2 m1"),
          "a negative limit cuts nothing (Lua's items[0] = nil)");
    q.limit = 1.5;
    CHECK(!strcmp(found(r, &q), "m5 m4 m3 m2 m1"), "nor does a fraction");
    memset(&q, 0, sizeof(q));
    /* Sorted, as muc_mam.c gives them. */
    only[0] = ids[1];
    only[1] = ids[3];
    if (strcmp(only[0], only[1]) > 0) {
        only[0] = ids[3];
        only[1] = ids[1];
    }
    q.ids = only;
    q.nids = 2;
    q.has_ids = true;
    CHECK(!strcmp(found(r, &q), "m2 m4"), "ids");
    memset(&q, 0, sizeof(q));
    q.has_start = true;
    q.start = time(NULL) + 3600;
    CHECK(!strcmp(found(r, &q), ""), "start in the future");
    r->cfg.archiving = false;
    x = msg("<message type='groupchat'><body>off</body></message>");
    CHECK(muc_archive_groupchat(&m, r, &o, x) && !sid_of(x),
          "archiving off: historic, no stanza-id");
    xnode_free(x);
    CHECK(r->arch->n == 5, "archiving off: not archived");
    room_remove(&m, r);
}

static void test_bound(void)
{
    struct room *r = room_create(&m, "full@conference.localhost");
    struct occupant o = { .nick = "Romeo",
                          .bare = "user@localhost",
                          .role = ROLE_PARTICIPANT };
    struct xnode *x;
    int i;

    for (i = 0; i < MAM_CAP + 1; i++) {
        x = msg("<message type='groupchat'><body>b</body></message>");
        muc_archive_groupchat(&m, r, &o, x);
        xnode_free(x);
    }
    CHECK(r->arch->n == MAM_CAP / 100 * 99 + 1,
          "full: the newest 99% kept, then the new one");
    room_remove(&m, r);
}

/* Big messages: the oldest go before the archive passes MAM_BYTES. */
static void test_bytes(void)
{
    struct room *r = room_create(&m, "heavy@conference.localhost");
    struct occupant o = { .nick = "Romeo",
                          .bare = "user@localhost",
                          .role = ROLE_PARTICIPANT };
    size_t big = 512 * 1024, i, sent = 2 * (MAM_BYTES / big);
    char *body = malloc(big + 1);
    struct xnode *x;

    memset(body, 'a', big);
    body[big] = '\0';
    for (i = 0; i < sent; i++) {
        x = msg("<message type='groupchat'/>");
        xnode_add_text(x, "body", body);
        muc_archive_groupchat(&m, r, &o, x);
        xnode_free(x);
    }
    CHECK(r->arch->bytes <= MAM_BYTES, "bytes: within the bound");
    CHECK(r->arch->n < sent / 2 && r->arch->n > sent / 2 - 4,
          "bytes: all but the oldest kept");
    free(body);
    room_remove(&m, r);
}

int main(void)
{
    test_stamps();
    test_numbers();
    test_occupant_id();
    test_archive();
    test_bound();
    test_bytes();
    return check_done();
}
