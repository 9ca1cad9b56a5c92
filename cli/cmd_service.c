/* SPDX-License-Identifier: MIT */
/*
 * cmd_service.c - service-wide reads: every room of a service (hidden
 * ones too for a service admin) with its vital signs from disco#info,
 * read pipelined, and the filters on them (rooms --all --long --empty
 * --match).
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_service.h"
#include "output.h"
#include "session.h"

bool service_wanted(const struct cmd_args *a)
{
    return args_opt(a, "all") || args_opt(a, "long") || args_opt(a, "empty") ||
           args_opt(a, "match");
}

/* GLOB against the room's local part, or its whole JID when GLOB has an
 * '@'. */
static bool room_matches(const char *glob, const char *jid)
{
    char local[1024];
    const char *at = strchr(jid, '@');
    size_t n = at ? (size_t)(at - jid) : strlen(jid);

    if (!glob)
        return true;
    if (strchr(glob, '@') || n >= sizeof(local))
        return fnmatch(glob, jid, FNM_CASEFOLD) == 0;
    memcpy(local, jid, n);
    local[n] = '\0';
    return fnmatch(glob, local, FNM_CASEFOLD) == 0;
}

static const char *info_value(const mucadmin_info_t *info, const char *var)
{
    const mucadmin_form_t *f = info ? mucadmin_info_form(info) : NULL;
    int i = f ? mucadmin_form_find(f, var) : -1;

    if (i < 0 || !mucadmin_form_field_value_count(f, (size_t)i))
        return NULL;
    return mucadmin_form_field_value(f, (size_t)i, 0);
}

/* The number of occupants the room's info says, or -1. */
long service_occupants(const mucadmin_info_t *info)
{
    const char *v = info_value(info, "muc#roominfo_occupants");
    char *end;
    long n;

    if (!v || !*v)
        return -1;
    n = strtol(v, &end, 10);
    return *end || n < 0 ? -1 : n;
}

static void inventory_free_lists(struct inventory *inv)
{
    mucadmin_list_free(inv->rooms);
    mucadmin_reads_free(inv->reads);
    free(inv->keep);
    free(inv->info);
    memset(inv, 0, sizeof(*inv));
}

void service_inventory_free(struct inventory *inv)
{
    inventory_free_lists(inv);
}

/* A room destroyed meanwhile, or a Prosody tombstone (which its admin
 * command still lists). */
bool service_gone(const mucadmin_reads_t *r, size_t i)
{
    const char *c = mucadmin_reads_condition(r, i);

    return c && (!strcmp(c, "gone") || !strcmp(c, "item-not-found"));
}

/* Read every kept room's disco#info, pipelined; a room gone is left out,
 * one that fails otherwise is reported (its vital signs unknown) and
 * stays. */
static int read_infos(struct cli *cli, mucadmin_session_t *s,
                      struct inventory *inv)
{
    mucadmin_status_t st;
    size_t k, n;

    if (!(inv->reads = mucadmin_reads_new()) ||
        !(inv->info = calloc(inv->n + 1, sizeof(*inv->info))))
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    for (k = 0; k < inv->n; k++) {
        inv->info[k] = mucadmin_reads_add_info(inv->reads,
                                               service_room(inv, k));
        if (inv->info[k] == MUCADMIN_READS_ERROR)
            return cli_error(cli, EXIT_CONFIG, service_room(inv, k), NULL,
                             "cannot ask for its info");
    }
    st = mucadmin_reads_run(s, inv->reads);
    if (st != MUCADMIN_OK)
        return cli_fail(cli, s, inv->service, st);
    for (n = k = 0; k < inv->n; k++) {
        if (!service_gone(inv->reads, inv->info[k])) {
            inv->keep[n] = inv->keep[k];
            inv->info[n++] = inv->info[k];
        }
    }
    inv->n = n;
    for (k = 0; k < inv->n; k++) {
        if (mucadmin_reads_status(inv->reads, inv->info[k]) == MUCADMIN_OK)
            continue;
        cli_error(cli, 0, service_room(inv, k),
                  mucadmin_reads_condition(inv->reads, inv->info[k]),
                  "warning: its info is unknown: %s",
                  mucadmin_reads_text(inv->reads, inv->info[k])
                      ? mucadmin_reads_text(inv->reads, inv->info[k])
                      : mucadmin_strerror(
                            mucadmin_reads_status(inv->reads, inv->info[k])));
    }
    return EXIT_OK;
}

const mucadmin_info_t *service_info(const struct inventory *inv, size_t k)
{
    return inv->reads ? mucadmin_reads_info(inv->reads, inv->info[k]) : NULL;
}

const char *service_room(const struct inventory *inv, size_t k)
{
    return mucadmin_list_jid(inv->rooms, inv->keep[k]);
}

/* Keep the rooms --empty lets through (their infos were read). */
static void keep_empty(struct inventory *inv)
{
    size_t k, n = 0;

    for (k = 0; k < inv->n; k++) {
        if (service_occupants(service_info(inv, k)) != 0)
            continue;
        inv->keep[n] = inv->keep[k];
        inv->info[n++] = inv->info[k];
    }
    inv->n = n;
}

int service_inventory(struct cli *cli, const struct cmd_args *a,
                      const char *service_arg, bool all, unsigned what,
                      mucadmin_session_t **sp, struct inventory *inv)
{
    bool infos = what & SVC_INFOS;
    const char *glob = args_opt(a, "match");
    mucadmin_status_t st;
    mucadmin_session_t *s;
    int every = 1, rc;
    size_t i, n;

    memset(inv, 0, sizeof(*inv));
    if ((rc = cli_connect(cli, &s)))
        return rc;
    *sp = s;
    if (service_arg)
        inv->service = service_arg;
    else if ((rc = cli_service(cli, &inv->service)))
        return rc;
    /* Rooms whose info is read here need no check by the library. */
    if (all)
        st = mucadmin_service_room_list_all(s, inv->service,
                                            infos || args_opt(a, "empty") ||
                                                    (what & SVC_UNCHECKED)
                                                ? MUCADMIN_ROOMS_UNCHECKED
                                                : 0,
                                            &inv->rooms, &every);
    else
        st = mucadmin_service_room_list(s, inv->service, &inv->rooms);
    if (st != MUCADMIN_OK)
        return cli_fail(cli, s, inv->service, st);
    if (!every && !cli->quiet)
        cli_error(cli, 0, inv->service, "no-admin-command",
                  "warning: no admin command lists the service's rooms "
                  "to this account: hidden rooms only as discovery shows "
                  "them (ejabberd: to service admins and room owners)");
    n = mucadmin_list_count(inv->rooms);
    if (!(inv->keep = calloc(n + 1, sizeof(*inv->keep)))) {
        inventory_free_lists(inv);
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    }
    for (i = 0; i < n; i++)
        if (mucadmin_list_jid(inv->rooms, i) &&
            room_matches(glob, mucadmin_list_jid(inv->rooms, i)))
            inv->keep[inv->n++] = i;
    if (!infos && !args_opt(a, "empty"))
        return EXIT_OK;
    if ((rc = read_infos(cli, s, inv)))
        return rc;
    if (args_opt(a, "empty"))
        keep_empty(inv);
    return EXIT_OK;
}

static void feature_out(struct out *o, const char *key,
                        const mucadmin_info_t *info, const char *yes,
                        const char *no)
{
    if (info && mucadmin_info_has_feature(info, yes))
        out_bool(o, key, true);
    else if (info && mucadmin_info_has_feature(info, no))
        out_bool(o, key, false);
    else
        out_str(o, key, NULL);
}

static void vital_signs(struct out *o, const struct inventory *inv, size_t k)
{
    const mucadmin_info_t *info = service_info(inv, k);
    const char *name = info ? mucadmin_info_name(info) : NULL;
    long occ = service_occupants(info);

    if (occ >= 0)
        out_int(o, "occupants", occ);
    else
        out_str(o, "occupants", NULL);
    feature_out(o, "public", info, "muc_public", "muc_hidden");
    feature_out(o, "members_only", info, "muc_membersonly", "muc_open");
    feature_out(o, "moderated", info, "muc_moderated", "muc_unmoderated");
    feature_out(o, "password", info, "muc_passwordprotected", "muc_unsecured");
    feature_out(o, "persistent", info, "muc_persistent", "muc_temporary");
    out_str(o, "name",
            name ? name : info_value(info, "muc#roomconfig_roomname"));
    out_str(o, "description", info_value(info, "muc#roominfo_description"));
}

int cmd_rooms_service(struct cli *cli, const struct cmd_args *a)
{
    bool lng = args_opt(a, "long") != NULL;
    struct inventory inv;
    mucadmin_session_t *s;
    struct out *o;
    size_t k;
    int rc;

    rc = service_inventory(cli, a, a->argc > 0 ? a->argv[0] : NULL,
                           args_opt(a, "all") != NULL, lng ? SVC_INFOS : 0, &s,
                           &inv);
    if (rc) {
        service_inventory_free(&inv);
        return rc;
    }
    o = out_new(cli);
    out_table(o, NULL);
    for (k = 0; k < inv.n; k++) {
        out_record(o, NULL);
        out_str(o, "jid", service_room(&inv, k));
        if (lng)
            vital_signs(o, &inv, k);
        else
            out_str(o, "name", mucadmin_list_name(inv.rooms, inv.keep[k]));
        out_end(o);
    }
    out_end(o);
    out_free(o);
    service_inventory_free(&inv);
    return EXIT_OK;
}
