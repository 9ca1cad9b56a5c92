/* SPDX-License-Identifier: MIT */
/* cli-rooms-load.c - the rooms file loader: the format of mucadmin-rooms(5),
 * defaults, anchors and merge keys, and errors at FILE:LINE:COLUMN. */
#include <stdlib.h>
#include <string.h>

#include "../../cli/rooms.h"
#include "check.h"

static struct rooms_file rf;
static char *err;

static int load(const char *text)
{
    rooms_free(&rf);
    free(err);
    err = NULL;
    return rooms_load_string("f.yaml", text, strlen(text), &rf, &err);
}

/* The load fails with a message starting with want. */
static void bad(const char *text, const char *want, const char *name)
{
    int rc = load(text);
    int ok = rc < 0 && err && !strncmp(err, want, strlen(want));
    if (!ok)
        printf("  got: %s\n", err ? err : "(loaded)");
    CHECK(ok, name);
}

static const char *field(const struct rooms_room *r, const char *name)
{
    for (size_t i = 0; i < r->nconfig; i++)
        if (!strcmp(r->config[i].name, name))
            return r->config[i].value;
    return NULL;
}

static void test_basic(void)
{
    const char *y =
        "service: conference.example.org\n"
        "rooms:\n"
        "  - jid: team\n"
        "    config: {name: Team, membersonly: yes,\n"
        "             presencebroadcast: [moderator, participant]}\n"
        "    subject: Hello\n"
        "    owners: [alice@example.org]\n"
        "    members:\n"
        "      - bob@example.org\n"
        "      - {jid: carol@example.org, nick: Carol, reason: x}\n"
        "    outcasts: []\n"
        "  - jid: other@muc.example.net\n";
    CHECK(load(y) == 0, "basic file loads");
    CHECK(rf.nrooms == 2, "two rooms");
    if (rf.nrooms != 2)
        return;
    struct rooms_room *r = &rf.rooms[0];
    CHECK(!strcmp(r->jid, "team@conference.example.org"),
          "bare name completed");
    CHECK(!strcmp(rf.rooms[1].jid, "other@muc.example.net"), "full JID kept");
    CHECK(!strcmp(field(r, "name"), "Team"), "config string");
    CHECK(!strcmp(field(r, "membersonly"), "yes"), "config boolean as written");
    CHECK(!strcmp(field(r, "presencebroadcast"), "moderator\nparticipant"),
          "config list joined");
    CHECK(r->subject && !strcmp(r->subject, "Hello"), "subject");
    CHECK(r->has_list[RL_OWNERS] && r->nlist[RL_OWNERS] == 1, "owners");
    CHECK(r->nlist[RL_MEMBERS] == 2, "members");
    CHECK(!strcmp(r->list[RL_MEMBERS][1].nick, "Carol") &&
              !strcmp(r->list[RL_MEMBERS][1].reason, "x"),
          "entry mapping");
    CHECK(r->has_list[RL_OUTCASTS] && r->nlist[RL_OUTCASTS] == 0,
          "empty list is managed");
    CHECK(!r->has_list[RL_ADMINS], "absent list is not managed");
    CHECK(r->line == 3, "room line");
    CHECK(!rf.rooms[1].has_list[RL_MEMBERS] && !rf.rooms[1].subject,
          "second room has nothing");
}

static void test_defaults_anchors(void)
{
    const char *y = "x-common: &common\n"
                    "  whois: moderators\n"
                    "  persistent: true\n"
                    "defaults:\n"
                    "  config: {public: false, name: Default}\n"
                    "  owners: [boss@example.org]\n"
                    "rooms:\n"
                    "  - jid: a@muc.example.org\n"
                    "    config:\n"
                    "      <<: *common\n"
                    "      whois: anyone\n"
                    "      name: A\n"
                    "    owners: [alice@example.org]\n"
                    "  - jid: b@muc.example.org\n"
                    "    config: *common\n"
                    "    owners: [boss@example.org]\n";
    CHECK(load(y) == 0, "defaults and anchors load");
    if (rf.nrooms != 2)
        return;
    struct rooms_room *a = &rf.rooms[0], *b = &rf.rooms[1];
    CHECK(!strcmp(field(a, "whois"), "anyone"), "explicit key beats merge");
    CHECK(!strcmp(field(a, "persistent"), "true"), "merged key");
    CHECK(!strcmp(field(a, "name"), "A"), "room beats defaults");
    CHECK(!strcmp(field(a, "public"), "false"), "defaults field");
    CHECK(a->nlist[RL_OWNERS] == 2, "defaults owners added");
    CHECK(!strcmp(field(b, "whois"), "moderators"), "alias");
    CHECK(!strcmp(field(b, "name"), "Default"), "defaults name");
    CHECK(b->nlist[RL_OWNERS] == 1, "same JID not added twice");
}

static void test_errors(void)
{
    bad("rooms:\n  - jid: a@b\n    config: {name: [x, {y: 1}]}\n",
        "f.yaml:3:24: room a@b: config field 'name': expected a list of "
        "strings",
        "mapping inside a list");
    bad("rooms:\n  - jid: a@b\n    colour: blue\n",
        "f.yaml:3:5: room a@b: unknown key 'colour'", "unknown room key");
    bad("rooms:\n  - jid: a@b\n    members: [{jid: c@d, nik: x}]\n",
        "f.yaml:3:26: room a@b: members: unknown key 'nik'",
        "unknown entry key");
    bad("servise: x\nrooms: []\n", "f.yaml:1:1: unknown key 'servise'",
        "unknown top key");
    bad("rooms:\n  - jid: a@b\n    config: {name: [x}\n",
        "f.yaml:3:22: ", "syntax error position");
    bad("rooms: [\n", "f.yaml:2:1: ", "unclosed flow sequence");
    bad("rooms:\n  - jid: a@b\n    config:\n      name: x\n      name: y\n",
        "f.yaml:5:7: duplicate key 'name'", "duplicate key");
    bad("rooms:\n  - jid: a@b\n    subject: [x]\n",
        "f.yaml:3:14: room a@b: subject: expected a string, not a list",
        "wrong type names room and field");
    bad("rooms:\n  - jid: a@b\n    config: {membersonly: {x: 1}}\n",
        "f.yaml:3:27: room a@b: config field 'membersonly': expected a "
        "string, not a mapping",
        "config mapping value");
    bad("rooms:\n  - jid: a@b\n    members: [not a jid]\n",
        "f.yaml:3:15: room a@b: members: 'not a jid' is not a bare JID",
        "bad JID");
    bad("rooms:\n  - jid: a@b\n    members: [c@d]\n    admins: [C@d]\n",
        "f.yaml:2:5: room a@b: C@d is both in admins and in members",
        "JID on two lists");
    bad("rooms:\n  - jid: a@b\n  - jid: a@b\n",
        "f.yaml:3:5: room a@b is already on line 2", "duplicate room");
    bad("rooms:\n  - config: {}\n", "f.yaml:2:5: a room without a jid",
        "room without jid");
    bad("rooms:\n  - jid: 'bad room'\n", "f.yaml:2:10: 'bad room' is not",
        "bad room name");
    bad("rooms: {}\n", "f.yaml:1:8: rooms must be a list", "rooms mapping");
    bad("", "f.yaml: the file is empty", "empty file");
    bad("defaults:\n  jid: x\nrooms: []\n",
        "f.yaml:2:3: defaults: unknown "
        "key 'jid'",
        "jid in defaults");
    bad("rooms:\n  - jid: a@b\n    config:\n      <<: 3\n",
        "f.yaml:4:11: '<<' merges a mapping", "bad merge");
}

static void test_merge_list(void)
{
    const char *y = "x-a: &a {name: A, whois: anyone}\n"
                    "x-b: &b {name: B, public: yes}\n"
                    "rooms:\n"
                    "  - jid: r@s\n"
                    "    config: {<<: [*a, *b], public: no}\n"
                    "    members: [{jid: m@s, nick: ~, reason: null}]\n";
    CHECK(load(y) == 0, "merge of a list loads");
    if (rf.nrooms != 1)
        return;
    CHECK(!strcmp(field(&rf.rooms[0], "name"), "A"), "first source wins");
    CHECK(!strcmp(field(&rf.rooms[0], "public"), "no"), "own key wins");
    CHECK(!strcmp(field(&rf.rooms[0], "whois"), "anyone"), "merged key");
    CHECK(rf.rooms[0].list[RL_MEMBERS][0].nick == NULL &&
              rf.rooms[0].list[RL_MEMBERS][0].reason == NULL,
          "null nick and reason are absent");
}

int main(void)
{
    test_merge_list();
    test_basic();
    test_defaults_anchors();
    test_errors();
    CHECK(load("rooms: []\n") == 0 && rf.nrooms == 0, "no rooms is fine");
    rooms_free(&rf);
    free(err);
    return check_done();
}
