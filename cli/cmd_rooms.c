/* SPDX-License-Identifier: MIT */
/*
 * cmd_rooms.c - read-only discovery: rooms of a service, a room's info,
 * its occupants.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "cmd_service.h"
#include "fields.h"
#include "output.h"
#include "session.h"

int cmd_rooms(struct cli *cli, const struct cmd_args *a)
{
    mucadmin_session_t *s;
    mucadmin_list_t *list = NULL;
    const char *service;
    mucadmin_status_t st;
    int rc;

    if (a->argc > 0 &&
        (strchr(a->argv[0], '@') || !mucadmin_jid_valid(a->argv[0], 1)))
        return cli_error(cli, EXIT_USAGE, a->argv[0], "jid-malformed",
                         "not a MUC service (conference.example.org)");
    if (service_wanted(a))
        return cmd_rooms_service(cli, a);
    rc = cli_connect(cli, &s);
    if (rc)
        return rc;
    if (a->argc > 0)
        service = a->argv[0];
    else if ((rc = cli_service(cli, &service)))
        return rc;
    st = mucadmin_service_room_list(s, service, &list);
    if (st != MUCADMIN_OK)
        return cli_fail(cli, s, service, st);
    cmd_list_out(cli, list, "jid", "name", (char *)NULL);
    mucadmin_list_free(list);
    return EXIT_OK;
}

int cmd_info(struct cli *cli, const struct cmd_args *a)
{
    mucadmin_session_t *s;
    mucadmin_info_t *info = NULL;
    const mucadmin_form_t *f;
    mucadmin_status_t st;
    char *room;
    struct out *o;
    int rc = cli_begin(cli, a, &s, &room);

    if (rc)
        goto out;
    st = mucadmin_room_info_get(s, room, &info);
    if (st != MUCADMIN_OK) {
        rc = cli_fail(cli, s, room, st);
        goto out;
    }
    o = out_new(cli);
    out_record(o, NULL);
    out_str(o, "room", room);
    out_str(o, "name", mucadmin_info_name(info));
    size_t nf = mucadmin_info_feature_count(info);
    const char **feat = calloc(nf + 1, sizeof(*feat));
    for (size_t j = 0; feat && j < nf; j++)
        feat[j] = mucadmin_info_feature(info, j);
    out_strv(o, "features", feat, feat ? nf : 0);
    free(feat);
    out_record(o, "info");
    f = mucadmin_info_form(info);
    for (size_t i = 0; f && i < mucadmin_form_field_count(f); i++) {
        const char *var = mucadmin_form_field_var(f, i);
        if (!var || !strcmp(var, "FORM_TYPE") ||
            mucadmin_form_field_type(f, i) == MUCADMIN_FIELD_FIXED)
            continue;
        field_out_value(o, var, f, i);
    }
    out_end(o);
    out_end(o);
    out_free(o);
out:
    if (info)
        mucadmin_info_free(info);
    free(room);
    return rc;
}

/* Whether a role-list read was refused in a way joining may get past
 * (not a missing room). */
static bool refused(mucadmin_session_t *s, mucadmin_status_t st)
{
    const char *c = mucadmin_error_condition(s);

    return st == MUCADMIN_E_STANZA && (!c || strcmp(c, "item-not-found"));
}

/*
 * The role lists first (no join: Prosody answers them to owners and
 * admins); when they are refused, the roster read by joining, or with
 * --no-join service discovery.  --join, or a room the shell is in, reads
 * the roster.
 */
int cmd_occupants(struct cli *cli, const struct cmd_args *a)
{
    mucadmin_session_t *s;
    mucadmin_list_t *list = NULL;
    mucadmin_status_t st;
    bool nojoin = args_opt(a, "no-join") != NULL;
    char *room;
    int rc = cli_begin(cli, a, &s, &room);

    if (rc)
        goto out;
    if (nojoin && args_opt(a, "join")) {
        rc = cli_error(cli, EXIT_USAGE, NULL, NULL,
                       "--join or --no-join, not both");
        goto out;
    }
    if (args_opt(a, "join") || mucadmin_room_is_joined(s, room)) {
        st = mucadmin_room_roster_get(s, room, &list);
    } else {
        st = mucadmin_room_occupant_list_by_role(s, room, &list);
        if (refused(s, st))
            st = nojoin ? mucadmin_room_occupant_list(s, room, &list)
                        : mucadmin_room_roster_get(s, room, &list);
    }
    if (st != MUCADMIN_OK) {
        rc = cli_fail(cli, s, room, st);
        goto out;
    }
    cmd_list_out(cli, list, "nick", "role", "affiliation", "jid", (char *)NULL);
out:
    if (list)
        mucadmin_list_free(list);
    free(room);
    return rc;
}
