/* SPDX-License-Identifier: MIT */
/*
 * reads.c - a batch of reads (mucadmin_reads_*) against a real server:
 * configuration forms and lists, a room that does not exist and one we
 * may not read among reads that succeed, many items in one run, disco#info
 * telling the rooms that exist from those that do not.
 */
#include <sys/time.h>

#include "common.h"

static char service[256], room_a[320], room_b[320], missing[320];
static mucadmin_session_t *owner, *stranger;

static const char *value_of(const mucadmin_form_t *f, const char *var)
{
    int i = f ? mucadmin_form_find(f, var) : -1;

    return i < 0 ? NULL : mucadmin_form_field_value(f, (size_t)i, 0);
}

static int has_jid(const mucadmin_list_t *l, const char *jid)
{
    size_t i;

    for (i = 0; i < mucadmin_list_count(l); i++)
        if (!strcmp(mucadmin_list_jid(l, i), jid))
            return 1;
    return 0;
}

static void setup(void)
{
    const char *vars[] = { "muc#roomconfig_persistentroom",
                           "muc#roomconfig_roomname" };
    const char *a[] = { "1", "Reads room A" }, *b[] = { "1", "Reads room B" };
    char jid[128];

    expect(owner, mucadmin_room_create(owner, room_a, vars, a, 2), MUCADMIN_OK,
           "create room A");
    expect(owner, mucadmin_room_create(owner, room_b, vars, b, 2), MUCADMIN_OK,
           "create room B");
    snprintf(jid, sizeof(jid), "user2@%s", domain);
    expect(owner,
           mucadmin_room_affiliation_set(owner, room_a, jid,
                                         MUCADMIN_AFF_MEMBER, NULL, NULL),
           MUCADMIN_OK, "a member in room A");
}

static void test_mixed(void)
{
    mucadmin_reads_t *r = mucadmin_reads_new();
    size_t ca, la, lo, cm, lm, cb;
    mucadmin_form_t *f;
    mucadmin_list_t *l;
    char jid[128];

    CHECK(mucadmin_reads_add_config(r, "not a jid") == MUCADMIN_READS_ERROR,
          "add: a bad room JID is refused");
    CHECK(mucadmin_reads_add_list(r, room_a, MUCADMIN_AFF_NONE) ==
              MUCADMIN_READS_ERROR,
          "add: there is no list of none");
    ca = mucadmin_reads_add_config(r, room_a);
    la = mucadmin_reads_add_list(r, room_a, MUCADMIN_AFF_MEMBER);
    lo = mucadmin_reads_add_list(r, room_a, MUCADMIN_AFF_OWNER);
    cm = mucadmin_reads_add_config(r, missing);
    lm = mucadmin_reads_add_list(r, missing, MUCADMIN_AFF_MEMBER);
    cb = mucadmin_reads_add_config(r, room_b);
    CHECK(ca == 0 && cb == 5 && mucadmin_reads_count(r) == 6,
          "add: indexes in order");
    CHECK(mucadmin_reads_status(r, ca) == MUCADMIN_E_INVALID,
          "status before a run: E_INVALID");
    expect(owner, mucadmin_reads_run(owner, r), MUCADMIN_OK,
           "run: every item answered");

    CHECK(mucadmin_reads_status(r, ca) == MUCADMIN_OK, "config A read");
    CHECK(value_of(mucadmin_reads_form(r, ca), "muc#roomconfig_roomname") &&
              !strcmp(value_of(mucadmin_reads_form(r, ca),
                               "muc#roomconfig_roomname"),
                      "Reads room A"),
          "config A: its name");
    CHECK(mucadmin_reads_status(r, cb) == MUCADMIN_OK &&
              !strcmp(value_of(mucadmin_reads_form(r, cb),
                               "muc#roomconfig_roomname"),
                      "Reads room B"),
          "config B read, its own name");
    snprintf(jid, sizeof(jid), "user2@%s", domain);
    CHECK(mucadmin_reads_status(r, la) == MUCADMIN_OK &&
              has_jid(mucadmin_reads_list(r, la), jid),
          "member list of A holds the member");
    snprintf(jid, sizeof(jid), "user@%s", domain);
    CHECK(mucadmin_reads_status(r, lo) == MUCADMIN_OK &&
              has_jid(mucadmin_reads_list(r, lo), jid),
          "owner list of A holds its owner");

    CHECK(mucadmin_reads_status(r, cm) == MUCADMIN_E_STANZA,
          "config of a missing room: a stanza error");
    CHECK(mucadmin_reads_condition(r, cm) &&
              !strcmp(mucadmin_reads_condition(r, cm), "item-not-found"),
          "... item-not-found");
    CHECK(mucadmin_reads_error_type(r, cm) != NULL, "... with its type");
    CHECK(!mucadmin_reads_form(r, cm), "... and no form");
    CHECK(mucadmin_reads_status(r, lm) == MUCADMIN_E_STANZA &&
              mucadmin_reads_condition(r, lm),
          "list of a missing room: a stanza error");

    f = mucadmin_reads_take_form(r, ca);
    CHECK(f && !mucadmin_reads_form(r, ca), "take the form: r lets it go");
    mucadmin_form_free(f);
    l = mucadmin_reads_take_list(r, la);
    CHECK(l && !mucadmin_reads_take_list(r, la), "take the list once");
    mucadmin_list_free(l);

    expect(owner, mucadmin_reads_run(owner, r), MUCADMIN_OK, "run again");
    CHECK(mucadmin_reads_form(r, ca) && mucadmin_reads_list(r, la),
          "a second run reads again");
    mucadmin_reads_free(r);
}

static void test_forbidden(void)
{
    mucadmin_reads_t *r = mucadmin_reads_new();
    size_t c, l;

    c = mucadmin_reads_add_config(r, room_a);
    l = mucadmin_reads_add_config(r, room_b);
    expect(stranger, mucadmin_reads_run(stranger, r), MUCADMIN_OK,
           "a stranger's run: answered");
    CHECK(mucadmin_reads_status(r, c) == MUCADMIN_E_STANZA &&
              mucadmin_reads_condition(r, c) &&
              !strcmp(mucadmin_reads_condition(r, c), "forbidden"),
          "a stranger may not read the config: forbidden");
    CHECK(mucadmin_reads_status(r, l) == MUCADMIN_E_STANZA,
          "... of either room");
    mucadmin_reads_free(r);
}

/* disco#info says which rooms exist without touching the others (an
 * owner's form get makes ejabberd create a temporary room). */
static void test_info(void)
{
    mucadmin_reads_t *r = mucadmin_reads_new();
    const mucadmin_info_t *info;
    size_t ia, im;

    CHECK(mucadmin_reads_add_info(r, "not a jid") == MUCADMIN_READS_ERROR,
          "info: a bad room JID is refused");
    ia = mucadmin_reads_add_info(r, room_a);
    im = mucadmin_reads_add_info(r, missing);
    expect(owner, mucadmin_reads_run(owner, r), MUCADMIN_OK,
           "info: run answered");
    info = mucadmin_reads_info(r, ia);
    CHECK(mucadmin_reads_status(r, ia) == MUCADMIN_OK && info &&
              mucadmin_info_has_feature(info, "http://jabber.org/protocol/muc"),
          "info of room A: a MUC room");
    CHECK(mucadmin_reads_status(r, im) == MUCADMIN_E_STANZA &&
              mucadmin_reads_condition(r, im) &&
              !strcmp(mucadmin_reads_condition(r, im), "item-not-found") &&
              !mucadmin_reads_info(r, im),
          "info of a missing room: item-not-found, no info");
    CHECK(!mucadmin_reads_form(r, ia) && !mucadmin_reads_list(r, ia),
          "info: no form or list with it");
    mucadmin_reads_free(r);
}

static double ms_since(const struct timeval *t0)
{
    struct timeval t;

    gettimeofday(&t, NULL);
    return (t.tv_sec - t0->tv_sec) * 1e3 + (t.tv_usec - t0->tv_usec) / 1e3;
}

static void test_many(void)
{
    mucadmin_reads_t *r = mucadmin_reads_new();
    struct timeval t0;
    size_t i, ok = 0, nf = 0, n = 300;
    const char *rm;

    for (i = 0; i < n; i++) {
        rm = i % 3 == 0 ? room_a : i % 3 == 1 ? room_b : missing;
        if (i % 2)
            mucadmin_reads_add_list(r, rm, MUCADMIN_AFF_MEMBER);
        else
            mucadmin_reads_add_config(r, rm);
    }
    gettimeofday(&t0, NULL);
    expect(owner, mucadmin_reads_run(owner, r), MUCADMIN_OK,
           "300 reads in one run");
    printf("  %zu reads (pipelined) in %.0f ms\n", n, ms_since(&t0));
    for (i = 0; i < n; i++) {
        if (i % 3 == 2) {
            nf += mucadmin_reads_status(r, i) == MUCADMIN_E_STANZA;
            continue;
        }
        ok += mucadmin_reads_status(r, i) == MUCADMIN_OK &&
              (i % 2 ? mucadmin_reads_list(r, i) != NULL
                     : mucadmin_reads_form(r, i) != NULL);
    }
    CHECK(ok == 200, "every read of an existing room succeeded");
    CHECK(nf == 100, "every read of the missing room: a stanza error");
    mucadmin_reads_free(r);
}

int main(int argc, char **argv)
{
    mucadmin_reads_t *r;

    if (parse_options(argc, argv))
        return 2;
    snprintf(service, sizeof(service), "conference.%s", domain);
    snprintf(room_a, sizeof(room_a), "reads-a-%ld@%s", (long)getpid(), service);
    snprintf(room_b, sizeof(room_b), "reads-b-%ld@%s", (long)getpid(), service);
    snprintf(missing, sizeof(missing), "reads-none-%ld@%s", (long)getpid(),
             service);
    owner = login("user", "Owner");
    stranger = login("user3", "Stranger");
    r = mucadmin_reads_new();
    CHECK(mucadmin_reads_run(owner, r) == MUCADMIN_OK, "an empty run");
    mucadmin_reads_free(r);
    setup();
    test_mixed();
    test_forbidden();
    test_info();
    test_many();
    mucadmin_room_destroy(owner, room_a, NULL, NULL, NULL);
    mucadmin_room_destroy(owner, room_b, NULL, NULL, NULL);
    mucadmin_session_free(owner);
    mucadmin_session_free(stranger);
    return check_done();
}
