/* SPDX-License-Identifier: MIT */
/*
 * cmd_whereis.c - where a JID is on a service: every room of the
 * inventory in which it has an affiliation (with its reserved nick), or
 * sits as an occupant when the room's role lists show real JIDs; the four
 * affiliation lists and three role lists of every room read pipelined.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd_common.h"
#include "cmd_service.h"
#include "output.h"
#include "session.h"

static const mucadmin_affiliation_t affs[] = {
    MUCADMIN_AFF_OWNER,
    MUCADMIN_AFF_ADMIN,
    MUCADMIN_AFF_MEMBER,
    MUCADMIN_AFF_OUTCAST,
};
static const mucadmin_role_t roles[] = {
    MUCADMIN_ROLE_MODERATOR,
    MUCADMIN_ROLE_PARTICIPANT,
    MUCADMIN_ROLE_VISITOR,
};
#define NAFF (sizeof(affs) / sizeof(*affs))
#define NREADS (NAFF + sizeof(roles) / sizeof(*roles))

/* Whether a and b have the same bare JID (case ignored). */
static bool same_bare(const char *a, const char *b)
{
    size_t n = strcspn(a, "/"), m = strcspn(b, "/");

    return n == m && strncasecmp(a, b, n) == 0;
}

struct found {
    const char *aff, *nick, *role, *occupant;
    const char *refused; /* the condition of an affiliation list refused */
};

/* What room k's lists (reads base .. base + NREADS - 1) say of jid. */
static void look(const mucadmin_reads_t *r, size_t base, const char *jid,
                 struct found *f)
{
    const mucadmin_list_t *l;
    const char *j;

    memset(f, 0, sizeof(*f));
    for (size_t q = 0; q < NREADS; q++) {
        if (!(l = mucadmin_reads_list(r, base + q))) {
            if (q < NAFF && !f->refused)
                f->refused = mucadmin_reads_condition(r, base + q)
                                 ? mucadmin_reads_condition(r, base + q)
                                 : cli_status_condition(
                                       mucadmin_reads_status(r, base + q));
            continue;
        }
        for (size_t i = 0; i < mucadmin_list_count(l); i++) {
            if (!(j = mucadmin_list_jid(l, i)) || !same_bare(j, jid))
                continue;
            if (q < NAFF) {
                f->aff = mucadmin_affiliation_name(affs[q]);
                f->nick = mucadmin_list_nick(l, i);
            } else {
                f->role = mucadmin_role_name(roles[q - NAFF]);
                f->occupant = mucadmin_list_nick(l, i);
            }
        }
    }
}

static int queue_reads(struct cli *cli, struct inventory *inv,
                       mucadmin_reads_t *r)
{
    size_t k, q, i;

    for (k = 0; k < inv->n; k++)
        for (q = 0; q < NREADS; q++) {
            i = q < NAFF
                    ? mucadmin_reads_add_list(r, service_room(inv, k), affs[q])
                    : mucadmin_reads_add_role(r, service_room(inv, k),
                                              roles[q - NAFF]);
            if (i != k * NREADS + q)
                return cli_error(cli, EXIT_CONFIG, service_room(inv, k), NULL,
                                 "cannot queue its lists");
        }
    return EXIT_OK;
}

static void report(struct cli *cli, struct inventory *inv,
                   const mucadmin_reads_t *r, const char *jid, int *refused)
{
    struct out *o = out_new(cli);
    struct found f;

    out_table(o, NULL);
    for (size_t k = 0; k < inv->n; k++) {
        if (service_gone(r, k * NREADS))
            continue; /* a tombstone: no room to report */
        look(r, k * NREADS, jid, &f);
        if (f.refused) {
            cli_error(cli, 0, service_room(inv, k), f.refused,
                      "warning: its affiliation lists are not all "
                      "readable to this account");
            (*refused)++;
        }
        if (!f.aff && !f.role)
            continue;
        out_record(o, NULL);
        out_str(o, "room", service_room(inv, k));
        out_str(o, "affiliation", f.aff ? f.aff : "none");
        out_str(o, "nick", f.nick);
        out_str(o, "role", f.role);
        out_str(o, "occupant", f.occupant);
        out_end(o);
    }
    out_end(o);
    out_free(o);
}

int cmd_whereis(struct cli *cli, const struct cmd_args *a)
{
    const char *jid = a->argv[0];
    struct inventory inv;
    mucadmin_session_t *s;
    mucadmin_reads_t *r = NULL;
    mucadmin_status_t st;
    int rc, refused = 0;

    if ((rc = cmd_user_jid(cli, NULL, 0, jid,
                           args_opt(a, "allow-domain-jid") != NULL)))
        return rc;
    rc = service_inventory(cli, a, a->argc > 1 ? a->argv[1] : NULL, true,
                           SVC_UNCHECKED, &s, &inv);
    if (rc == EXIT_OK && !(r = mucadmin_reads_new()))
        rc = cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    if (rc == EXIT_OK)
        rc = queue_reads(cli, &inv, r);
    if (rc == EXIT_OK && (st = mucadmin_reads_run(s, r)) != MUCADMIN_OK)
        rc = cli_fail(cli, s, inv.service, st);
    if (rc == EXIT_OK) {
        report(cli, &inv, r, jid, &refused);
        rc = refused ? EXIT_PARTIAL : EXIT_OK;
    }
    mucadmin_reads_free(r);
    service_inventory_free(&inv);
    return rc;
}
