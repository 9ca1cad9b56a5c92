/* SPDX-License-Identifier: MIT */
/*
 * room-info.c - libmucadmin example: what an administrator sees of a room:
 * its disco#info (name, features, muc#roominfo form) and its affiliation
 * lists.
 *
 *   MUCADMIN_PASSWORD=... room-info [-s HOST[:PORT]] [-c CAFILE] JID ROOM
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mucadmin.h>

static int usage(void)
{
    fprintf(stderr, "usage: room-info [-s HOST[:PORT]] [-c CAFILE] JID ROOM\n");
    return 2;
}

static void print_info(const mucadmin_info_t *info)
{
    const mucadmin_form_t *f = mucadmin_info_form(info);
    size_t i;

    printf("name: %s\n",
           mucadmin_info_name(info) ? mucadmin_info_name(info) : "-");
    for (i = 0; i < mucadmin_info_feature_count(info); i++)
        printf("feature: %s\n", mucadmin_info_feature(info, i));
    for (i = 0; i < mucadmin_form_field_count(f); i++) {
        const char *var = mucadmin_form_field_var(f, i);
        const char *v = mucadmin_form_field_value(f, i, 0);

        if (var && mucadmin_form_field_type(f, i) != MUCADMIN_FIELD_HIDDEN)
            printf("%s: %s\n", var, v ? v : "");
    }
}

static void print_list(mucadmin_session_t *s, const char *room,
                       mucadmin_affiliation_t a)
{
    mucadmin_list_t *l;
    mucadmin_status_t st = mucadmin_room_affiliation_list(s, room, a, &l);
    size_t i;

    if (st != MUCADMIN_OK) {
        printf("%s: (%s)\n", mucadmin_affiliation_name(a),
               mucadmin_error_condition(s) ? mucadmin_error_condition(s)
                                           : mucadmin_strerror(st));
        return;
    }
    for (i = 0; i < mucadmin_list_count(l); i++)
        printf("%s: %s%s%s\n", mucadmin_affiliation_name(a),
               mucadmin_list_jid(l, i), mucadmin_list_nick(l, i) ? " as " : "",
               mucadmin_list_nick(l, i) ? mucadmin_list_nick(l, i) : "");
    mucadmin_list_free(l);
}

int main(int argc, char **argv)
{
    const char *pw = getenv("MUCADMIN_PASSWORD");
    mucadmin_session_t *s;
    mucadmin_info_t *info;
    mucadmin_status_t st;
    char *colon;
    int opt, a;

    signal(SIGPIPE, SIG_IGN); /* the application's job, not the library's */
    if (!(s = mucadmin_session_new()))
        return 1;
    while ((opt = getopt(argc, argv, "s:c:")) != -1) {
        if (opt == 's') {
            if ((colon = strrchr(optarg, ':')))
                *colon++ = '\0';
            mucadmin_session_set_server(s, optarg,
                                        colon ? (unsigned short)atoi(colon)
                                              : 0);
        } else if (opt == 'c') {
            mucadmin_session_set_cafile(s, optarg);
        } else {
            mucadmin_session_free(s);
            return usage();
        }
    }
    if (argc - optind != 2 || !pw) {
        mucadmin_session_free(s);
        return usage();
    }
    mucadmin_session_set_jid(s, argv[optind]);
    mucadmin_session_set_password(s, pw);
    if ((st = mucadmin_session_connect(s)) == MUCADMIN_OK &&
        (st = mucadmin_room_info_get(s, argv[optind + 1], &info)) ==
            MUCADMIN_OK) {
        print_info(info);
        mucadmin_info_free(info);
        for (a = MUCADMIN_AFF_OWNER; a >= MUCADMIN_AFF_OUTCAST; a--)
            print_list(s, argv[optind + 1], (mucadmin_affiliation_t)a);
    } else {
        fprintf(stderr, "room-info: %s%s%s\n", mucadmin_strerror(st),
                mucadmin_error_detail(s) ? ": " : "",
                mucadmin_error_detail(s) ? mucadmin_error_detail(s) : "");
    }
    mucadmin_session_free(s);
    return st == MUCADMIN_OK ? 0 : 1;
}
