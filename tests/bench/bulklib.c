/* SPDX-License-Identifier: MIT */
/*
 * bulklib.c - the bulk benchmark's libmucadmin client: N member adds to one
 * room, as one verified batch (pipelined, or one multi-item IQ) or one
 * request in flight at a time, then one read-back of the member list.
 *
 *   bulklib JID HOST PORT CAFILE|- ROOM N MODE [PREFIX]
 * MODE: batch, multi (MUCADMIN_BATCH_MULTI_ITEM), single, or batch-nv and
 * multi-nv (MUCADMIN_BATCH_NO_VERIFY: what the verification costs).
 * The password comes from $MUCADMIN_PASSWORD.  Prints
 * "total_s=... listed=... status=..." (total_s: from the first request to
 * the verified list; the login is not counted).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mucadmin.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fail(mucadmin_session_t *s, const char *what, mucadmin_status_t st)
{
    const char *d = mucadmin_error_detail(s);
    fprintf(stderr, "bulklib: %s: %s%s%s\n", what, mucadmin_strerror(st),
            d ? ": " : "", d ? d : "");
    exit(1);
}

static size_t count_members(mucadmin_session_t *s, const char *room)
{
    mucadmin_list_t *l = NULL;
    mucadmin_status_t st = mucadmin_room_affiliation_list(s, room,
                                                          MUCADMIN_AFF_MEMBER,
                                                          &l);
    if (st != MUCADMIN_OK)
        fail(s, "member list", st);
    size_t n = mucadmin_list_count(l);
    mucadmin_list_free(l);
    return n;
}

/* One request at a time: each change waits for its answer. */
static mucadmin_status_t one_by_one(mucadmin_session_t *s, const char *room,
                                    int n, const char *prefix)
{
    char jid[128];
    for (int i = 0; i < n; i++) {
        mucadmin_batch_t *b = mucadmin_batch_new();
        snprintf(jid, sizeof jid, "%s%d@localhost", prefix, i);
        mucadmin_batch_add(b, jid, MUCADMIN_AFF_MEMBER, NULL, NULL);
        mucadmin_status_t st = mucadmin_batch_apply(s, room, b,
                                                    MUCADMIN_BATCH_NO_VERIFY);
        mucadmin_batch_free(b);
        if (st != MUCADMIN_OK)
            return st;
    }
    return MUCADMIN_OK;
}

static mucadmin_status_t batch(mucadmin_session_t *s, const char *room, int n,
                               const char *prefix, unsigned flags)
{
    char jid[128];
    mucadmin_batch_t *b = mucadmin_batch_new();
    for (int i = 0; i < n; i++) {
        snprintf(jid, sizeof jid, "%s%d@localhost", prefix, i);
        mucadmin_batch_add(b, jid, MUCADMIN_AFF_MEMBER, NULL, NULL);
    }
    mucadmin_status_t st = mucadmin_batch_apply(s, room, b, flags);
    mucadmin_batch_free(b);
    return st;
}

int main(int argc, char **argv)
{
    if (argc < 8) {
        fprintf(stderr, "usage: bulklib JID HOST PORT CAFILE|- ROOM N "
                        "batch|multi|single|batch-nv|multi-nv [PREFIX]\n");
        return 2;
    }
    const char *room = argv[5], *mode = argv[7];
    const char *prefix = argc > 8 ? argv[8] : "u";
    const char *pass = getenv("MUCADMIN_PASSWORD");
    int n = atoi(argv[6]);
    mucadmin_session_t *s = mucadmin_session_new();
    mucadmin_session_set_jid(s, argv[1]);
    mucadmin_session_set_password(s, pass ? pass : "password");
    mucadmin_session_set_server(s, argv[2], (unsigned short)atoi(argv[3]));
    if (strcmp(argv[4], "-") != 0)
        mucadmin_session_set_cafile(s, argv[4]);
    else
        mucadmin_session_set_trust_any(s, 1);
    mucadmin_session_set_timeout(s, 600000);
    mucadmin_status_t st = mucadmin_session_connect(s);
    if (st != MUCADMIN_OK)
        fail(s, "connect", st);

    double t0 = now();
    size_t listed = 0;
    if (strcmp(mode, "single") == 0) {
        st = one_by_one(s, room, n, prefix);
        if (st == MUCADMIN_OK)
            listed = count_members(s, room);
    } else {
        unsigned flags = strncmp(mode, "multi", 5) == 0
                             ? MUCADMIN_BATCH_MULTI_ITEM
                             : 0;
        if (strstr(mode, "-nv"))
            flags |= MUCADMIN_BATCH_NO_VERIFY;
        st = batch(s, room, n, prefix, flags);
    }
    double t1 = now();
    if (st != MUCADMIN_OK)
        fail(s, mode, st);
    if (strcmp(mode, "single") != 0)
        listed = count_members(s, room);
    printf("total_s=%.6f listed=%zu status=%s\n", t1 - t0, listed,
           mucadmin_strerror(st));
    mucadmin_session_disconnect(s);
    mucadmin_session_free(s);
    return 0;
}
