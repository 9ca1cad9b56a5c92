/* SPDX-License-Identifier: MIT */
/* server-muc-room.c - the MUC service's model (affiliations, reserved
 * nicks, default roles) and its persistence file, without a network. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../cli/server/muc_int.h"
#include "check.h"

static void test_affiliations(void)
{
    struct muc m = { 0 };
    struct room *r = room_create(&m, "r@conference.localhost");
    enum affil a;

    CHECK(room_find(&m, "r@conference.localhost") == r, "room_find");
    room_set_aff_raw(r, "a@localhost", AFF_OWNER, NULL, NULL);
    room_set_aff_raw(r, "b@localhost", AFF_MEMBER, "Bee", NULL);
    CHECK(room_aff(r, "a@localhost") == AFF_OWNER, "owner stored");
    CHECK(room_aff(r, "c@localhost") == AFF_NONE, "unknown is none");
    CHECK(room_aff_by_nick(r, "Bee") == room_affent(r, "b@localhost"),
          "reserved nick lookup");
    CHECK(room_count_aff(r, AFF_OWNER) == 1, "one owner");
    room_set_aff_raw(r, "b@localhost", AFF_NONE, NULL, NULL);
    CHECK(room_aff_by_nick(r, "Bee") == NULL, "none forgets the nick");
    CHECK(aff_parse("outcast", &a) && a == AFF_OUTCAST, "parse outcast");
    CHECK(!aff_parse("king", &a), "parse unknown affiliation");
    CHECK(role_for(r, AFF_ADMIN) == ROLE_MODERATOR, "admin: moderator");
    CHECK(role_for(r, AFF_NONE) == ROLE_PARTICIPANT, "none: participant");
    r->cfg.moderated = true;
    CHECK(role_for(r, AFF_NONE) == ROLE_VISITOR, "moderated: visitor");
    CHECK(role_for(r, AFF_MEMBER) == ROLE_PARTICIPANT, "member speaks");
    room_gc(&m, r);
    CHECK(m.rooms == NULL, "an empty temporary room goes away");
}

static void test_store(void)
{
    char path[] = "/tmp/mucadmin-unit-XXXXXX";
    int fd = mkstemp(path);
    struct srv_config cfg = { .data = path };
    struct muc m = { .cfg = &cfg }, m2 = { .cfg = &cfg };
    struct room *r;

    close(fd);
    r = room_create(&m, "keep@conference.localhost");
    r->cfg.persistent = true;
    r->cfg.membersonly = true;
    free(r->cfg.password);
    r->cfg.password = strdup("s3cret");
    room_set_aff_raw(r, "o@localhost", AFF_OWNER, "Boss", NULL);
    room_set_aff_raw(r, "x@localhost", AFF_OUTCAST, NULL, "rude");
    room_create(&m, "gone@conference.localhost");
    CHECK(muc_store_save(&m) == 0, "save");
    CHECK(muc_store_load(&m2, path) == 0, "load");
    r = room_find(&m2, "keep@conference.localhost");
    CHECK(r != NULL, "persistent room loaded");
    CHECK(room_find(&m2, "gone@conference.localhost") == NULL,
          "temporary room not saved");
    CHECK(r && r->cfg.membersonly && !strcmp(r->cfg.password, "s3cret"),
          "config kept");
    CHECK(r && room_aff_by_nick(r, "Boss") &&
              room_aff(r, "o@localhost") == AFF_OWNER,
          "owner and nick kept");
    CHECK(r && !strcmp(room_affent(r, "x@localhost")->reason, "rude"),
          "ban reason kept");
    while (m.rooms)
        room_remove(&m, m.rooms);
    while (m2.rooms)
        room_remove(&m2, m2.rooms);
    unlink(path);
}

int main(void)
{
    test_affiliations();
    test_store();
    return check_done();
}
