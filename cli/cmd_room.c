/* SPDX-License-Identifier: MIT */
/*
 * cmd_room.c - a room's life and voice: create, destroy, subject, invite,
 * say.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "cmd_service.h"
#include "fields.h"
#include "journal.h"
#include "output.h"
#include "session.h"

/* The most "-" reads: a message far below servers' stanza limits
 * (Prosody: 256 KiB). */
#define TEXT_MAX 65536

/* "-" stands for all of stdin (texts a script pipes in, several lines
 * long maybe), its trailing newlines dropped.  *text is malloc'd. */
static int text_arg(struct cli *cli, const char *arg, char **text)
{
    size_t n;
    char *buf;

    *text = NULL;
    if (strcmp(arg, "-") != 0)
        buf = strdup(arg);
    else if ((buf = malloc(TEXT_MAX + 1))) {
        n = fread(buf, 1, TEXT_MAX + 1, stdin);
        const char *bad = ferror(stdin)  ? "cannot be read"
                          : n > TEXT_MAX ? "the text is longer than 65536 bytes"
                          : memchr(buf, '\0', n) ? "the text has a NUL byte"
                                                 : NULL;
        if (bad) {
            free(buf);
            return cli_error(cli, EXIT_USAGE, NULL, NULL, "stdin: %s", bad);
        }
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
            n--;
        buf[n] = '\0';
    }
    if (!buf)
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    *text = buf;
    return EXIT_OK;
}

int cmd_create(struct cli *cli, const struct cmd_args *a)
{
    struct cmd_fields f;
    mucadmin_session_t *s;
    mucadmin_status_t st;
    struct journal *j;
    char *room = NULL, *after;
    int rc, i;

    rc = cmd_fields_parse(cli, NULL, NULL, true, a->argv + 1, a->argc - 1, 1,
                          &f);
    if (rc)
        return rc;
    const char *pvar = field_create_default((const char *const *)f.vars,
                                            (size_t)f.n);
    if (pvar) {
        i = f.n;
        f.vars[i] = strdup(pvar);
        f.values[i] = strdup(FIELD_CREATE_VALUE);
        f.n++;
        if (!f.vars[i] || !f.values[i]) {
            rc = cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
            goto out;
        }
    }
    rc = cli_begin(cli, a, &s, &room);
    if (rc)
        goto out;
    j = journal_new();
    after = journal_fields((const char *const *)f.vars,
                           (const char *const *)f.values, (size_t)f.n);
    journal_add(j, room, "create", NULL, after);
    free(after);
    if ((rc = journal_begin(cli, s, j))) {
        journal_free(j);
        goto out;
    }
    st = mucadmin_room_create(s, room, (const char *const *)f.vars,
                              (const char *const *)f.values, (size_t)f.n);
    journal_end(cli, j, st == MUCADMIN_OK ? EXIT_OK : EXIT_REFUSED, false);
    if (st == MUCADMIN_E_EXISTS)
        rc = cli_error(cli, EXIT_REFUSED, room, "exists",
                       "the room already exists (nothing changed)");
    else if (st != MUCADMIN_OK)
        rc = cli_fail(cli, s, room, st);
    else
        cmd_acted(cli, room, NULL, NULL, NULL, NULL, "created");
out:
    cmd_fields_free(&f);
    free(room);
    return rc;
}

int cmd_destroy(struct cli *cli, const struct cmd_args *a)
{
    const char *venue = args_opt(a, "venue");
    mucadmin_session_t *s;
    mucadmin_status_t st;
    char *room = NULL, *alt = NULL, *before = NULL;
    struct journal *j;
    int rc;

    if (args_opt(a, "venue-password") && !venue)
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "--venue-password needs --venue");
    if (args_opt(a, "from") || args_opt(a, "empty") || args_opt(a, "match"))
        return cmd_destroy_bulk(cli, a);
    if (args_opt(a, "dry-run"))
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "--dry-run goes with --from, --empty or --match");
    rc = cli_begin(cli, a, &s, &room);
    if (rc == EXIT_OK && venue)
        rc = cli_room(cli, venue, &alt);
    if (rc == EXIT_OK)
        rc = cmd_room_exists(cli, s, room);
    if (rc == EXIT_OK)
        rc = cli_confirm(cli, room, "Destroy %s?", room);
    /* What undo re-creates it from: recorded before it goes. */
    if (rc == EXIT_OK)
        rc = journal_snapshot(cli, s, room, &before);
    if (rc)
        goto out;
    j = journal_new();
    journal_add(j, room, "destroy", before, NULL);
    if ((rc = journal_begin(cli, s, j))) {
        journal_free(j);
        goto out;
    }
    st = mucadmin_room_destroy(s, room, args_opt(a, "reason"), alt,
                               args_opt(a, "venue-password"));
    journal_end(cli, j, st == MUCADMIN_OK ? EXIT_OK : EXIT_REFUSED, false);
    if (st != MUCADMIN_OK)
        rc = cli_fail(cli, s, room, st);
    else
        cmd_acted(cli, room, "venue", alt, NULL, NULL, "destroyed");
out:
    free(before);
    free(alt);
    free(room);
    return rc;
}

/* The subject before (null when it cannot be read) and after, recorded
 * before it is changed. */
static int journal_subject(struct cli *cli, mucadmin_session_t *s,
                           const char *room, const char *text,
                           struct journal **j)
{
    char *old = NULL, *before, *after;
    int rc;

    /* No subject is "", one that cannot be read null (undo skips it). */
    if (mucadmin_room_subject_get(s, room, &old) != MUCADMIN_OK)
        old = NULL;
    else if (!old && !(old = strdup("")))
        abort();
    before = journal_str(old);
    after = journal_str(text);
    *j = journal_new();
    journal_add(*j, room, "subject", before, after);
    free(old);
    free(before);
    free(after);
    if ((rc = journal_begin(cli, s, *j))) {
        journal_free(*j);
        *j = NULL;
    }
    return rc;
}

typedef mucadmin_status_t send_fn(mucadmin_session_t *s, const char *room,
                                  const char *text);

/* subject and say: one text (or "-", all of stdin) sent to the room;
 * key names it in the result, done is the sentence. */
static int send_text(struct cli *cli, const struct cmd_args *a, send_fn *send,
                     bool allow_empty, const char *key, const char *done)
{
    mucadmin_session_t *s;
    mucadmin_status_t st;
    struct journal *j = NULL;
    char *room = NULL, *text;
    int rc = text_arg(cli, a->argv[1], &text);

    if (rc == EXIT_OK)
        rc = cli_begin(cli, a, &s, &room);
    if (rc)
        goto out;
    if (!allow_empty && !text[0]) {
        rc = cli_error(cli, EXIT_USAGE, room, NULL, "empty message");
        goto out;
    }
    if (send == mucadmin_room_subject_set &&
        (rc = journal_subject(cli, s, room, text, &j)))
        goto out;
    st = send(s, room, text);
    journal_end(cli, j, st == MUCADMIN_OK ? EXIT_OK : EXIT_REFUSED, false);
    if (st != MUCADMIN_OK)
        rc = cli_fail(cli, s, room, st);
    else
        cmd_acted(cli, room, key, text, NULL, NULL, "%s", done);
out:
    free(text);
    free(room);
    return rc;
}

int cmd_subject(struct cli *cli, const struct cmd_args *a)
{
    return send_text(cli, a, mucadmin_room_subject_set, true, "subject",
                     "subject changed");
}

int cmd_say(struct cli *cli, const struct cmd_args *a)
{
    return send_text(cli, a, mucadmin_room_say, false, "text", "message sent");
}

int cmd_invite(struct cli *cli, const struct cmd_args *a)
{
    const char *reason = args_opt(a, "reason");
    int direct = args_opt(a, "direct") != NULL, failed = 0, worst = 0;
    mucadmin_session_t *s;
    char *room = NULL;
    int rc;

    for (int i = 1; i < a->argc; i++)
        if (!mucadmin_jid_valid(a->argv[i], 0))
            return cli_error(cli, EXIT_USAGE, NULL, "jid-malformed",
                             "'%s' is not a JID", a->argv[i]);
    rc = cli_begin(cli, a, &s, &room);
    if (rc)
        goto out;
    struct out *o = out_new(cli);
    out_result(o, NULL);
    out_str(o, "room", room);
    out_bool(o, "direct", direct);
    out_table(o, "results");
    for (int i = 1; i < a->argc; i++) {
        mucadmin_status_t st = mucadmin_room_invite(s, room, a->argv[i], reason,
                                                    direct);
        out_record(o, NULL);
        out_str(o, "jid", a->argv[i]);
        out_bool(o, "ok", st == MUCADMIN_OK);
        out_str(o, "condition",
                st == MUCADMIN_OK ? NULL
                : st == MUCADMIN_E_STANZA && mucadmin_error_condition(s)
                    ? mucadmin_error_condition(s)
                    : cli_status_condition(st));
        out_end(o);
        if (st != MUCADMIN_OK) {
            failed++;
            worst = cli_fail(cli, s, room, st);
        }
    }
    out_end(o);
    out_end(o);
    out_say(o, "%s: invited %d of %d", room, a->argc - 1 - failed, a->argc - 1);
    out_free(o);
    rc = !failed ? EXIT_OK : failed < a->argc - 1 ? EXIT_PARTIAL : worst;
out:
    free(room);
    return rc;
}
