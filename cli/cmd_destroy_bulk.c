/* SPDX-License-Identifier: MIT */
/*
 * cmd_destroy_bulk.c - destroy many rooms at once: those a file names
 * (destroy --from FILE|-) or those of the inventory the filters keep
 * (destroy --empty --match GLOB); each asked for its disco#info first
 * (pipelined), then destroyed, pipelined, with a result per room.
 */
#define _GNU_SOURCE /* getline */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_service.h"
#include "output.h"
#include "session.h"

struct bulk {
    char **rooms;
    size_t n, cap;
    const char **why; /* a room that cannot be destroyed: why */
    size_t *fan_of;   /* its index in fan, or -1 */
    mucadmin_fanout_t *fan;
    size_t ntodo;
};

static void bulk_free(struct bulk *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->rooms[i]);
    free(b->rooms);
    free(b->why);
    free(b->fan_of);
    mucadmin_fanout_free(b->fan);
}

static int add_room(struct cli *cli, struct bulk *b, char *room)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        char **r = realloc(b->rooms, cap * sizeof(*r));
        if (!r) {
            free(room);
            return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
        }
        b->rooms = r;
        b->cap = cap;
    }
    b->rooms[b->n++] = room;
    return EXIT_OK;
}

/* One room a line (blank lines and # comments skipped), bare names
 * completed with the service as for every ROOM. */
static int from_file(struct cli *cli, const char *path, struct bulk *b)
{
    FILE *fp = strcmp(path, "-") ? fopen(path, "r") : stdin;
    char *line = NULL, *p, *room;
    size_t cap = 0, len;
    int rc = EXIT_OK;

    if (!fp)
        return cli_error(cli, EXIT_USAGE, path, NULL, "cannot read it");
    while (rc == EXIT_OK && getline(&line, &cap, fp) >= 0) {
        for (p = line; *p == ' ' || *p == '\t'; p++)
            ;
        len = strcspn(p, "\r\n");
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        p[len] = '\0';
        if (!*p || *p == '#')
            continue;
        if ((rc = cli_room(cli, p, &room)) == EXIT_OK)
            rc = add_room(cli, b, room);
    }
    free(line);
    if (fp != stdin)
        fclose(fp);
    return rc;
}

static int from_inventory(struct cli *cli, const struct cmd_args *a,
                          struct bulk *b)
{
    struct inventory inv;
    mucadmin_session_t *s;
    char *room;
    int rc = service_inventory(cli, a, NULL, true, 0, &s, &inv);

    for (size_t k = 0; rc == EXIT_OK && k < inv.n; k++)
        rc = (room = strdup(service_room(&inv, k)))
                 ? add_room(cli, b, room)
                 : cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    service_inventory_free(&inv);
    return rc;
}

/* Every room asked for its disco#info: a room that does not answer it
 * is not destroyed (ejabberd would make a temporary room to destroy). */
static int check_rooms(struct cli *cli, mucadmin_session_t *s, struct bulk *b,
                       mucadmin_reads_t *r)
{
    mucadmin_status_t st;

    if (!(b->why = calloc(b->n + 1, sizeof(*b->why))) ||
        !(b->fan_of = calloc(b->n + 1, sizeof(*b->fan_of))))
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    for (size_t i = 0; i < b->n; i++)
        if (mucadmin_reads_add_info(r, b->rooms[i]) != i)
            return cli_error(cli, EXIT_USAGE, b->rooms[i], "jid-malformed",
                             "not a room JID");
    if ((st = mucadmin_reads_run(s, r)) != MUCADMIN_OK)
        return cli_fail(cli, s, NULL, st);
    for (size_t i = 0; i < b->n; i++) {
        b->fan_of[i] = (size_t)-1;
        if ((st = mucadmin_reads_status(r, i)) == MUCADMIN_OK) {
            b->ntodo++;
            continue;
        }
        b->why[i] = mucadmin_reads_condition(r, i);
        if (!b->why[i])
            b->why[i] = cli_status_condition(st);
    }
    return EXIT_OK;
}

static int destroy_all(struct cli *cli, const struct cmd_args *a,
                       mucadmin_session_t *s, struct bulk *b, const char *venue)
{
    mucadmin_status_t st;
    size_t i, k = 0;

    if (!(b->fan = mucadmin_fanout_new()))
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    for (i = 0; i < b->n; i++) {
        if (b->why[i])
            continue;
        if (mucadmin_fanout_add(b->fan, b->rooms[i]))
            return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
        b->fan_of[i] = k++;
    }
    st = mucadmin_fanout_destroy(s, b->fan, args_opt(a, "reason"), venue,
                                 args_opt(a, "venue-password"));
    if (st != MUCADMIN_OK && st != MUCADMIN_E_PARTIAL &&
        st != MUCADMIN_E_STANZA)
        return cli_fail(cli, s, NULL, st);
    return EXIT_OK;
}

/* The table; returns how many rooms failed. */
static size_t report(struct cli *cli, const struct bulk *b, bool dry)
{
    struct out *o = out_new(cli);
    const char *result, *cond;
    size_t failed = 0, k;
    mucadmin_status_t st;

    out_table(o, NULL);
    for (size_t i = 0; i < b->n; i++) {
        result = dry ? "would-destroy" : "destroyed";
        cond = b->why[i];
        k = b->fan_of[i];
        if (cond) {
            result = "failed";
        } else if (!dry && k != (size_t)-1 &&
                   (st = mucadmin_fanout_status(b->fan, k)) != MUCADMIN_OK) {
            result = "failed";
            cond = mucadmin_fanout_condition(b->fan, k);
            if (!cond)
                cond = cli_status_condition(st);
        }
        failed += cond != NULL;
        out_record(o, NULL);
        out_str(o, "room", b->rooms[i]);
        out_str(o, "result", result);
        out_str(o, "condition", cond);
        out_end(o);
    }
    out_end(o);
    out_free(o);
    return failed;
}

int cmd_destroy_bulk(struct cli *cli, const struct cmd_args *a)
{
    const char *from = args_opt(a, "from"), *venue = args_opt(a, "venue");
    bool dry = args_opt(a, "dry-run") != NULL;
    mucadmin_reads_t *r = mucadmin_reads_new();
    struct bulk b = { 0 };
    mucadmin_session_t *s;
    char *alt = NULL;
    size_t failed;
    int rc = r ? EXIT_OK
               : cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");

    if (rc == EXIT_OK && from && (args_opt(a, "empty") || args_opt(a, "match")))
        rc = cli_error(cli, EXIT_USAGE, NULL, NULL,
                       "--from, or --empty and --match, not both");
    if (rc == EXIT_OK && a->argc > 0 && a->argv[0] != cli->room)
        rc = cli_error(cli, EXIT_USAGE, NULL, NULL,
                       "no ROOM with --from, "
                       "--empty or --match");
    if (rc == EXIT_OK && from)
        rc = from_file(cli, from, &b);
    if (rc == EXIT_OK)
        rc = from ? cli_connect(cli, &s) : from_inventory(cli, a, &b);
    if (rc == EXIT_OK && !from)
        rc = cli_connect(cli, &s);
    if (rc == EXIT_OK && venue)
        rc = cli_room(cli, venue, &alt);
    if (rc == EXIT_OK)
        rc = check_rooms(cli, s, &b, r);
    if (rc == EXIT_OK && !dry && b.ntodo)
        rc = cli_confirm(cli, NULL, "Destroy %zu room%s?", b.ntodo,
                         b.ntodo == 1 ? "" : "s");
    if (rc == EXIT_OK && !dry && b.ntodo)
        rc = destroy_all(cli, a, s, &b, alt);
    if (rc == EXIT_OK) {
        failed = report(cli, &b, dry);
        rc = !failed ? EXIT_OK : failed < b.n ? EXIT_PARTIAL : EXIT_REFUSED;
    }
    free(alt);
    mucadmin_reads_free(r);
    bulk_free(&b);
    return rc;
}
