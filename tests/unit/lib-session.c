/* SPDX-License-Identifier: MIT */
/* lib-session.c - sessions and batches without a network: arguments,
 * not-connected statuses, settings. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "mucadmin.h"

#define ROOM "r@conference.localhost"

static char *pw_cb(void *ud)
{
    (*(int *)ud)++;
    return NULL;
}

static void test_offline(void)
{
    mucadmin_session_t *s = mucadmin_session_new();
    mucadmin_form_t *f;
    mucadmin_list_t *l;
    mucadmin_info_t *i;
    mucadmin_batch_t *b = mucadmin_batch_new();
    char *str;
    int ok = 1, calls = 0;

    CHECK(s != NULL, "new session");
    CHECK(!mucadmin_session_is_connected(s), "not connected");
    CHECK(mucadmin_session_bound_jid(s) == NULL, "no bound JID");
    CHECK(mucadmin_session_connect(s) == MUCADMIN_E_INVALID,
          "connect without JID");
    CHECK(mucadmin_session_set_jid(s, "not a jid") == MUCADMIN_E_INVALID,
          "bad JID refused");
    CHECK(mucadmin_session_set_jid(s, "user@localhost") == MUCADMIN_OK,
          "set JID");
    CHECK(mucadmin_session_set_nick(s, "") == MUCADMIN_E_INVALID,
          "empty nick refused");
    mucadmin_session_set_password_callback(s, pw_cb, &calls);
    mucadmin_session_set_server(s, "127.0.0.1", 1);
    CHECK(mucadmin_session_connect(s) == MUCADMIN_E_AUTH && calls == 1,
          "password callback returning NULL: E_AUTH");

    ok &= mucadmin_room_config_get(s, ROOM, &f) == MUCADMIN_E_NOTCONN;
    ok &= mucadmin_room_config_set(s, ROOM, NULL, NULL, 0) ==
          MUCADMIN_E_NOTCONN;
    ok &= mucadmin_room_create(s, ROOM, NULL, NULL, 0) == MUCADMIN_E_NOTCONN;
    ok &= mucadmin_room_destroy(s, ROOM, NULL, NULL, NULL) ==
          MUCADMIN_E_NOTCONN;
    ok &= mucadmin_room_affiliation_list(s, ROOM, MUCADMIN_AFF_MEMBER, &l) ==
          MUCADMIN_E_NOTCONN;
    ok &= mucadmin_batch_apply(s, ROOM, b, 0) == MUCADMIN_E_NOTCONN;
    ok &= mucadmin_room_role_set(s, ROOM, "n", MUCADMIN_ROLE_NONE, NULL) ==
          MUCADMIN_E_NOTCONN;
    ok &= mucadmin_room_register_form_get(s, ROOM, &f) == MUCADMIN_E_NOTCONN;
    ok &= mucadmin_room_register(s, ROOM, "n", NULL, NULL, 0) ==
          MUCADMIN_E_NOTCONN;
    ok &= mucadmin_room_unregister(s, ROOM) == MUCADMIN_E_NOTCONN;
    ok &= mucadmin_room_reserved_nick_get(s, ROOM, &str) == MUCADMIN_E_NOTCONN;
    ok &= mucadmin_service_find(s, "localhost", &str) == MUCADMIN_E_NOTCONN;
    ok &= mucadmin_service_room_list(s, "conference.localhost", &l) ==
          MUCADMIN_E_NOTCONN;
    ok &= mucadmin_room_occupant_list(s, ROOM, &l) == MUCADMIN_E_NOTCONN;
    ok &= mucadmin_room_info_get(s, ROOM, &i) == MUCADMIN_E_NOTCONN;
    ok &= mucadmin_room_subject_set(s, ROOM, "x") == MUCADMIN_E_NOTCONN;
    ok &= mucadmin_room_invite(s, ROOM, "u@localhost", NULL, 1) ==
          MUCADMIN_E_NOTCONN;
    ok &= mucadmin_room_say(s, ROOM, "x") == MUCADMIN_E_NOTCONN;
    ok &= mucadmin_room_join(s, ROOM) == MUCADMIN_E_NOTCONN;
    ok &= mucadmin_session_process(s, 0) == MUCADMIN_E_NOTCONN;
    CHECK(ok, "every request: E_NOTCONN when not connected");

    CHECK(mucadmin_room_info_get(s, "bad room", &i) == MUCADMIN_E_INVALID,
          "bad room JID: E_INVALID");
    CHECK(mucadmin_error_detail(s) &&
              strstr(mucadmin_error_detail(s), "bad room"),
          "detail names the bad JID");
    CHECK(mucadmin_room_affiliation_list(s, ROOM, MUCADMIN_AFF_NONE, &l) ==
              MUCADMIN_E_INVALID,
          "there is no list of none");
    CHECK(mucadmin_error_condition(s) == NULL, "no stanza error");
    CHECK(mucadmin_room_config_ignored_count(s) == 0 &&
              !mucadmin_room_config_ignored_var(s, 0),
          "nothing ignored");
    mucadmin_session_cancel(s);
    mucadmin_session_disconnect(s);
    mucadmin_session_free(s);
    mucadmin_session_free(NULL);
    mucadmin_batch_free(b);
}

static void test_batch(void)
{
    mucadmin_batch_t *b = mucadmin_batch_new();
    size_t i;
    char jid[32];

    CHECK(mucadmin_batch_add(b, "bad jid", MUCADMIN_AFF_MEMBER, NULL, NULL) ==
              MUCADMIN_E_INVALID,
          "batch: bad JID refused");
    CHECK(mucadmin_batch_add(b, "a@b", (mucadmin_affiliation_t)9, NULL, NULL) ==
              MUCADMIN_E_INVALID,
          "batch: bad affiliation refused");
    for (i = 0; i < 100; i++) {
        snprintf(jid, sizeof(jid), "u%zu@localhost", i);
        mucadmin_batch_add(b, jid, MUCADMIN_AFF_MEMBER, "n", "r");
    }
    CHECK(mucadmin_batch_count(b) == 100, "batch: 100 items");
    CHECK(strcmp(mucadmin_batch_jid(b, 42), "u42@localhost") == 0,
          "batch: jid by index");
    CHECK(mucadmin_batch_status(b, 0) == MUCADMIN_OK &&
              mucadmin_batch_condition(b, 0) == NULL &&
              mucadmin_batch_text(b, 0) == NULL,
          "batch: no results yet");
    CHECK(mucadmin_batch_status(b, 100) == MUCADMIN_E_INVALID,
          "batch: out of range");
    mucadmin_batch_free(b);
}

int main(void)
{
    test_offline();
    test_batch();
    return check_done();
}
