/* SPDX-License-Identifier: MIT */
/*
 * bulk-members.c - libmucadmin example: make sure a room exists, then give
 * every JID read from standard input (one per line) an affiliation, in
 * one pipelined batch, and print each one's result.
 *
 *   MUCADMIN_PASSWORD=... bulk-members [-s HOST[:PORT]] [-c CAFILE]
 *                                      JID ROOM AFFILIATION < jids
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mucadmin.h>

static int usage(void)
{
    fprintf(stderr, "usage: bulk-members [-s HOST[:PORT]] [-c CAFILE] "
                    "JID ROOM AFFILIATION < jids\n");
    return 2;
}

static int fail(mucadmin_session_t *s, const char *what, mucadmin_status_t st)
{
    const char *detail = mucadmin_error_detail(s);

    fprintf(stderr, "bulk-members: %s: %s%s%s\n", what, mucadmin_strerror(st),
            detail ? ": " : "", detail ? detail : "");
    mucadmin_session_free(s);
    return 1;
}

static mucadmin_status_t set_server(mucadmin_session_t *s, char *arg)
{
    char *colon = strrchr(arg, ':');

    if (colon)
        *colon++ = '\0';
    return mucadmin_session_set_server(s, arg,
                                       colon ? (unsigned short)atoi(colon) : 0);
}

/* Read JIDs into the batch; 0 when every line was a JID. */
static int read_jids(mucadmin_batch_t *b, mucadmin_affiliation_t aff)
{
    char line[1024];
    size_t n;

    while (fgets(line, sizeof(line), stdin)) {
        n = strcspn(line, "\r\n");
        line[n] = '\0';
        if (!n)
            continue;
        if (mucadmin_batch_add(b, line, aff, NULL, NULL) != MUCADMIN_OK) {
            fprintf(stderr, "bulk-members: not a JID: %s\n", line);
            return -1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *persistent[] = { "muc#roomconfig_persistentroom" };
    const char *yes[] = { "1" };
    mucadmin_session_t *s;
    mucadmin_batch_t *b;
    mucadmin_status_t st;
    const char *pw = getenv("MUCADMIN_PASSWORD");
    int opt, aff, rc = 0;
    size_t i;

    /* A lost connection must come back as a status, not kill us. */
    signal(SIGPIPE, SIG_IGN);
    if (!(s = mucadmin_session_new()))
        return 1;
    while ((opt = getopt(argc, argv, "s:c:")) != -1) {
        if (opt == 's')
            set_server(s, optarg);
        else if (opt == 'c')
            mucadmin_session_set_cafile(s, optarg);
        else
            return mucadmin_session_free(s), usage();
    }
    if (argc - optind != 3 || !pw ||
        (aff = mucadmin_affiliation_from_name(argv[optind + 2])) < 0) {
        mucadmin_session_free(s);
        return usage();
    }
    if ((st = mucadmin_session_set_jid(s, argv[optind])) != MUCADMIN_OK ||
        (st = mucadmin_session_set_password(s, pw)) != MUCADMIN_OK ||
        (st = mucadmin_session_connect(s)) != MUCADMIN_OK)
        return fail(s, "connect", st);
    st = mucadmin_room_create(s, argv[optind + 1], persistent, yes, 1);
    if (st != MUCADMIN_OK && st != MUCADMIN_E_EXISTS)
        return fail(s, "create", st);

    if (!(b = mucadmin_batch_new()) ||
        read_jids(b, (mucadmin_affiliation_t)aff)) {
        mucadmin_batch_free(b);
        mucadmin_session_free(s);
        return 1;
    }
    st = mucadmin_batch_apply(s, argv[optind + 1], b, 0);
    for (i = 0; i < mucadmin_batch_count(b); i++) {
        mucadmin_status_t ist = mucadmin_batch_status(b, i);
        const char *cond = mucadmin_batch_condition(b, i);

        printf("%s: %s%s%s\n", mucadmin_batch_jid(b, i), mucadmin_strerror(ist),
               cond ? ": " : "", cond ? cond : "");
    }
    if (st != MUCADMIN_OK)
        rc = fail(s, "affiliations", st), s = NULL;
    mucadmin_batch_free(b);
    mucadmin_session_free(s);
    return rc;
}
