/* SPDX-License-Identifier: MIT */
/*
 * cmd_affil.c - affiliation lists (members, admins, owners, outcasts):
 * show them, add and remove JIDs in batches, change one JID, ban, unban.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd_common.h"
#include "cmd_service.h"
#include "journal.h"
#include "output.h"
#include "session.h"

/* Record the affiliations the n items of b are about to change (their
 * live ones read first) to aff; EXIT_OK with *j to complete, or EXIT_*
 * after reporting: then nothing may be sent. */
static int journal_batch(struct cli *cli, mucadmin_session_t *s,
                         const char *room, mucadmin_batch_t *b,
                         mucadmin_affiliation_t aff, struct journal **j)
{
    size_t n = mucadmin_batch_count(b);
    const char **jids = calloc(n + 1, sizeof(*jids));
    int *before = calloc(n + 1, sizeof(*before));
    int *after = calloc(n + 1, sizeof(*after));
    mucadmin_status_t st;
    char *bj = NULL, *aj = NULL;
    int rc;

    if (!jids || !before || !after)
        abort();
    for (size_t i = 0; i < n; i++) {
        jids[i] = mucadmin_batch_jid(b, i);
        after[i] = (int)aff;
    }
    st = journal_read_affs(s, room, jids, n, before);
    if (st != MUCADMIN_OK && st != MUCADMIN_E_STANZA) {
        rc = cli_fail(cli, s, room, st);
        goto out;
    }
    bj = journal_affs(jids, before, n);
    aj = journal_affs(jids, after, n);
    *j = journal_new();
    journal_add(*j, room, "affiliation", bj, aj);
    if ((rc = journal_begin(cli, s, *j))) {
        journal_free(*j);
        *j = NULL;
    }
out:
    free(bj);
    free(aj);
    free(jids);
    free(before);
    free(after);
    return rc;
}

static const struct {
    const char *cmd;
    const char *noun;
    mucadmin_affiliation_t aff;
} lists[] = {
    { "members", "member", MUCADMIN_AFF_MEMBER },
    { "admins", "admin", MUCADMIN_AFF_ADMIN },
    { "owners", "owner", MUCADMIN_AFF_OWNER },
    { "outcasts", "outcast", MUCADMIN_AFF_OUTCAST },
};

/* A growing array of JIDs, from the command line or stdin. */
struct jids {
    char **v;
    size_t n, cap;
};

static int jids_add(struct jids *j, const char *s)
{
    if (j->n == j->cap) {
        size_t cap = j->cap ? 2 * j->cap : 64;
        char **v = realloc(j->v, cap * sizeof(*v));
        if (!v)
            return -1;
        j->v = v;
        j->cap = cap;
    }
    j->v[j->n] = strdup(s);
    return j->v[j->n] ? (int)j->n++ : -1;
}

static void jids_free(struct jids *j)
{
    for (size_t i = 0; i < j->n; i++)
        free(j->v[i]);
    free(j->v);
}

/* JIDs from args ("-": one per line from stdin, blank lines and #comments
 * skipped), every one checked before anything is sent. */
static int read_jids(struct cli *cli, const char *room, char *const *args,
                     int n, bool domain_ok, struct jids *out)
{
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    int bad = 0;

    for (int i = 0; i < n; i++) {
        if (strcmp(args[i], "-") != 0) {
            if (cmd_user_jid(cli, room, 0, args[i], domain_ok)) {
                bad++;
            } else if (jids_add(out, args[i]) < 0) {
                goto nomem;
            }
            continue;
        }
        while (getline(&line, &cap, stdin) >= 0) {
            char *s = line + strspn(line, " \t");
            size_t len = strlen(s);
            lineno++;
            while (len > 0 && strchr(" \t\r\n", s[len - 1]))
                s[--len] = '\0';
            if (!s[0] || s[0] == '#')
                continue;
            if (cmd_user_jid(cli, room, lineno, s, domain_ok)) {
                bad++;
            } else if (jids_add(out, s) < 0) {
                goto nomem;
            }
        }
    }
    free(line);
    if (bad)
        return EXIT_USAGE;
    if (out->n == 0)
        return cli_error(cli, EXIT_USAGE, room, NULL, "no JIDs given");
    return EXIT_OK;
nomem:
    free(line);
    return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
}

static bool on_list(const mucadmin_list_t *l, const char *jid)
{
    for (size_t i = 0; l && i < mucadmin_list_count(l); i++)
        if (mucadmin_list_jid(l, i) &&
            !strcasecmp(mucadmin_list_jid(l, i), jid))
            return true;
    return false;
}

static int show_list(struct cli *cli, mucadmin_session_t *s, const char *room,
                     mucadmin_affiliation_t aff)
{
    mucadmin_list_t *l = NULL;
    mucadmin_status_t st = mucadmin_room_affiliation_list(s, room, aff, &l);

    if (st != MUCADMIN_OK)
        return cli_fail(cli, s, room, st);
    cmd_list_out(cli, l, "jid", "nick", "reason", (char *)NULL);
    mucadmin_list_free(l);
    return EXIT_OK;
}

/*
 * Adding moves a JID off the list it is on: from[i] becomes the noun of the
 * higher list jids->v[i] is on (NULL when none), so that adding members
 * never silently demotes an admin or an owner, and a ban ("outcasts add")
 * says whom it takes rights from.  A list the account may not read
 * (a stanza error) has nobody this account could demote anyway.
 */
static int find_moves(struct cli *cli, mucadmin_session_t *s, const char *room,
                      int which, const struct jids *jids, const char **from,
                      size_t *nmoved)
{
    *nmoved = 0;
    for (int h = 0; h < 3; h++) {
        mucadmin_list_t *l = NULL;
        mucadmin_status_t st;

        if (which != 3 && h <= which)
            continue;
        st = mucadmin_room_affiliation_list(s, room, lists[h].aff, &l);
        if (st == MUCADMIN_E_STANZA)
            continue;
        if (st != MUCADMIN_OK)
            return cli_fail(cli, s, room, st);
        for (size_t i = 0; i < jids->n; i++)
            if (on_list(l, jids->v[i])) {
                *nmoved += !from[i];
                from[i] = lists[h].noun;
            }
        mucadmin_list_free(l);
    }
    return EXIT_OK;
}

/* "a@x is an owner, b@y is an admin" for the moves of from[], malloc'd. */
static char *moves_text(const struct jids *jids, const char **from)
{
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);

    if (!fp)
        return NULL;
    for (size_t i = 0, k = 0; i < jids->n; i++)
        if (from[i])
            fprintf(fp, "%s%s is %s %s", k++ ? ", " : "", jids->v[i],
                    from[i][0] == 'a' || from[i][0] == 'o' ? "an" : "a",
                    from[i]);
    fclose(fp);
    return text;
}

/* Ask before a ban, or before moving JIDs down to a lower list. */
static int confirm_moves(struct cli *cli, const char *room, int which,
                         const struct jids *jids, const char **from,
                         size_t nmoved)
{
    char *what = nmoved ? moves_text(jids, from) : NULL;
    int rc = EXIT_OK;

    if (nmoved && !what)
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    if (which == 3)
        rc = cli_confirm(cli, room, "Ban %zu JID%s from %s%s%s%s?", jids->n,
                         jids->n == 1 ? "" : "s", room, what ? " (" : "",
                         what ? what : "", what ? ")" : "");
    else if (nmoved)
        rc = cli_confirm(cli, room, "Move %zu JID%s down to %ss of %s (%s)?",
                         nmoved, nmoved == 1 ? "" : "s", lists[which].noun,
                         room, what);
    free(what);
    return rc;
}

/* The moves of the items applied: in JSON, "moved": [{jid, from}]; for
 * people, a line per list they left. */
static void say_moves(struct out *o, mucadmin_batch_t *b, const char **from)
{
    size_t n = from ? mucadmin_batch_count(b) : 0;

    out_table(o, "moved");
    for (size_t i = 0; i < n; i++) {
        if (!from[i] || mucadmin_batch_status(b, i) != MUCADMIN_OK)
            continue;
        out_record(o, NULL);
        out_str(o, "jid", mucadmin_batch_jid(b, i));
        out_str(o, "from", from[i]);
        out_end(o);
    }
    out_end(o);
}

static void say_moves_text(struct out *o, mucadmin_batch_t *b,
                           const char **from)
{
    size_t n = from ? mucadmin_batch_count(b) : 0;

    for (int h = 0; h < 3; h++) {
        char *text = NULL;
        size_t len = 0, k = 0;
        FILE *fp = open_memstream(&text, &len);
        if (!fp)
            return;
        for (size_t i = 0; i < n; i++)
            if (from[i] == lists[h].noun &&
                mucadmin_batch_status(b, i) == MUCADMIN_OK)
                fprintf(fp, "%s%s", k++ ? ", " : "", mucadmin_batch_jid(b, i));
        fclose(fp);
        if (k && text)
            out_say(o, "moved from %s: %s", lists[h].cmd, text);
        free(text);
    }
}

/* The result of batch b (maybe of no items): each failure on stderr,
 * every item in JSON; from[i] (or NULL) is the list item i leaves.
 * Returns how many failed. */
static size_t report_batch(struct cli *cli, const char *room,
                           mucadmin_batch_t *b, const char *verb,
                           const char *noun, const struct jids *skipped,
                           const char **from)
{
    size_t n = mucadmin_batch_count(b), failed = 0;
    struct out *o = out_new(cli);

    out_result(o, NULL);
    out_str(o, "room", room);
    out_str(o, "action", verb);
    out_str(o, "affiliation", noun);
    out_table(o, "results");
    for (size_t i = 0; i < n; i++) {
        mucadmin_status_t ist = mucadmin_batch_status(b, i);
        const char *cond = mucadmin_batch_condition(b, i);
        const char *text = mucadmin_batch_text(b, i);
        const char *jid = mucadmin_batch_jid(b, i);
        if (ist != MUCADMIN_OK) {
            if (!cond)
                cond = cli_status_condition(ist);
            failed++;
            cli_error(cli, cli_exit_code(ist), room, cond, "%s: %s", jid,
                      text ? text
                      : ist == MUCADMIN_E_STANZA
                          ? mucadmin_condition_explain(cond)
                          : mucadmin_strerror(ist));
        }
        out_record(o, NULL);
        out_str(o, "jid", jid);
        out_bool(o, "ok", ist == MUCADMIN_OK);
        out_str(o, "condition", ist == MUCADMIN_OK ? NULL : cond);
        out_str(o, "text", text);
        out_end(o);
    }
    out_end(o);
    out_strv(o, "skipped", (const char *const *)skipped->v, skipped->n);
    say_moves(o, b, from);
    out_int(o, "applied", (long long)(n - failed));
    out_int(o, "failed", (long long)failed);
    out_end(o);
    if (n && failed == 0)
        out_say(o, "%s %zu %s%s %s %s", verb, n, noun, n == 1 ? "" : "s",
                !strcmp(verb, "added") ? "to" : "from", room);
    else if (failed < n)
        out_say(o, "%s %zu of %zu %ss %s %s; %zu failed", verb, n - failed, n,
                noun, !strcmp(verb, "added") ? "to" : "from", room, failed);
    say_moves_text(o, b, from);
    out_free(o);
    return failed;
}

/* Apply b and report it (report_batch). */
static int run_batch(struct cli *cli, mucadmin_session_t *s, const char *room,
                     mucadmin_batch_t *b, const char *verb, const char *noun,
                     const struct jids *skipped, const char **from)
{
    mucadmin_status_t st = mucadmin_batch_apply(s, room, b,
                                                MUCADMIN_BATCH_DETECT);
    size_t n = mucadmin_batch_count(b);
    size_t failed = report_batch(cli, room, b, verb, noun, skipped, from);

    /* Some applied, some not (even when the connection went): exit 5. */
    if (failed && (st == MUCADMIN_OK || failed < n))
        st = MUCADMIN_E_PARTIAL;
    return cli_exit_code(st);
}

static int change_list(struct cli *cli, const struct cmd_args *a,
                       mucadmin_session_t *s, const char *room, int which,
                       const struct jids *jids_in)
{
    const char *reason = args_opt(a, "reason");
    bool add = !strcmp(a->argv[1], "add");
    struct jids skipped = { 0 };
    const struct jids jids = *jids_in;
    const char **from = NULL;
    size_t nmoved = 0;
    mucadmin_list_t *cur = NULL;
    mucadmin_batch_t *b = NULL;
    mucadmin_status_t st;
    int rc = EXIT_OK;

    if (!add) {
        /* Removing sets "none"; only JIDs on this list may get it, or
         * "members remove" would strip an admin. */
        st = mucadmin_room_affiliation_list(s, room, lists[which].aff, &cur);
        if (st != MUCADMIN_OK) {
            rc = cli_fail(cli, s, room, st);
            goto out;
        }
        if (lists[which].aff == MUCADMIN_AFF_OWNER &&
            (rc = cli_confirm(cli, room, "Remove %zu owner(s) of %s?", jids.n,
                              room)))
            goto out;
    } else {
        from = calloc(jids.n, sizeof(*from));
        if (!from) {
            rc = cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
            goto out;
        }
        if ((rc = find_moves(cli, s, room, which, &jids, from, &nmoved)) ||
            (rc = confirm_moves(cli, room, which, &jids, from, nmoved)))
            goto out;
    }
    b = mucadmin_batch_new();
    if (!b) {
        rc = cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < jids.n; i++) {
        if (!add && !on_list(cur, jids.v[i])) {
            if (!cli->quiet)
                cli_error(cli, 0, room, "skipped", "%s is not %s %s", jids.v[i],
                          which == 1 || which == 3 ? "an" : "a",
                          lists[which].noun);
            jids_add(&skipped, jids.v[i]);
            continue;
        }
        mucadmin_batch_add(b, jids.v[i],
                           add ? lists[which].aff : MUCADMIN_AFF_NONE, NULL,
                           reason);
    }
    if (mucadmin_batch_count(b) == 0) { /* all skipped: nothing to send */
        report_batch(cli, room, b, "removed", lists[which].noun, &skipped,
                     NULL);
        rc = EXIT_OK;
        goto out;
    }
    struct journal *j = NULL;
    if ((rc = journal_batch(cli, s, room, b,
                            add ? lists[which].aff : MUCADMIN_AFF_NONE, &j)))
        goto out;
    rc = run_batch(cli, s, room, b, add ? "added" : "removed",
                   lists[which].noun, &skipped, from);
    journal_end(cli, j, rc, rc == EXIT_PARTIAL);
out:
    free(from);
    if (b)
        mucadmin_batch_free(b);
    if (cur)
        mucadmin_list_free(cur);
    jids_free(&skipped);
    return rc;
}

int cmd_list(struct cli *cli, const struct cmd_args *a)
{
    struct jids jids = { 0 };
    mucadmin_session_t *s;
    char *room = NULL;
    int which = 0, rc;

    while (strcmp(lists[which].cmd, cli->cmd->name) != 0)
        which++;
    if (a->argc == 2 || (a->argc > 2 && strcmp(a->argv[1], "add") != 0 &&
                         strcmp(a->argv[1], "remove") != 0))
        return cli_error(cli, EXIT_USAGE, NULL, NULL, "usage: mucadmin %s %s",
                         cli->cmd->name, cmd_synopsis(cli->cmd));
    /* Every JID is checked before anything is sent, or even connected. */
    if (a->argc > 2 &&
        (rc = read_jids(cli, a->argv[0], a->argv + 2, a->argc - 2,
                        args_opt(a, "allow-domain-jid") != NULL, &jids)))
        goto out;
    rc = cli_begin(cli, a, &s, &room);
    if (rc == EXIT_OK && a->argc == 1)
        rc = show_list(cli, s, room, lists[which].aff);
    else if (rc == EXIT_OK)
        rc = change_list(cli, a, s, room, which, &jids);
out:
    jids_free(&jids);
    free(room);
    return rc;
}

/* For unban, which lifts only a ban: anyone else set to none would lose
 * their membership.  *banned false is reported as skipped. */
static int check_banned(struct cli *cli, mucadmin_session_t *s,
                        const char *room, const char *jid, bool *banned)
{
    mucadmin_list_t *l = NULL;
    mucadmin_status_t st;
    int rc = EXIT_OK;

    st = mucadmin_room_affiliation_list(s, room, MUCADMIN_AFF_OUTCAST, &l);
    if (st != MUCADMIN_OK) {
        rc = cli_fail(cli, s, room, st);
    } else if (!(*banned = on_list(l, jid))) {
        /* Nothing to lift: affiliation null, and no sentence. */
        cmd_acted(cli, room, "jid", jid, "affiliation", NULL, NULL);
        if (!cli->quiet)
            cli_error(cli, 0, room, "skipped", "%s is not banned", jid);
    }
    if (l)
        mucadmin_list_free(l);
    return rc;
}

/*
 * A nick given with an affiliation is a reservation (XEP-0045 9.3) that
 * not every server keeps: ejabberd applies the affiliation and drops the
 * nick.  Read the list back and say so, as a warning: the affiliation
 * itself was applied.
 */
static void check_nick(struct cli *cli, mucadmin_session_t *s, const char *room,
                       const char *jid, mucadmin_affiliation_t aff,
                       const char *nick)
{
    mucadmin_list_t *l = NULL;
    const char *kept = NULL;

    if (mucadmin_room_affiliation_list(s, room, aff, &l) != MUCADMIN_OK)
        return;
    for (size_t i = 0; i < mucadmin_list_count(l); i++)
        if (mucadmin_list_jid(l, i) &&
            !strcasecmp(mucadmin_list_jid(l, i), jid))
            kept = mucadmin_list_nick(l, i);
    if (!kept || strcmp(kept, nick) != 0)
        cli_error(cli, 0, room, "nick-not-kept",
                  "warning: %s is %s, but the server did not keep the nick "
                  "'%s' with it (it stores no reserved nicks with "
                  "affiliations, as ejabberd)",
                  jid, mucadmin_affiliation_name(aff), nick);
    mucadmin_list_free(l);
}

static int journal_one(struct cli *cli, mucadmin_session_t *s, const char *room,
                       const char *jid, mucadmin_affiliation_t aff,
                       struct journal **j)
{
    mucadmin_batch_t *b = mucadmin_batch_new();
    int rc;

    if (!b || mucadmin_batch_add(b, jid, aff, NULL, NULL) != MUCADMIN_OK)
        abort();
    rc = journal_batch(cli, s, room, b, aff, j);
    mucadmin_batch_free(b);
    return rc;
}

/* Set one JID's affiliation, confirming bans and owner removals. */
static int set_one(struct cli *cli, const struct cmd_args *a, const char *jid,
                   mucadmin_affiliation_t aff, bool unban)
{
    const char *reason = args_opt(a, "reason"), *nick = args_opt(a, "nick");
    mucadmin_session_t *s;
    mucadmin_status_t st;
    struct journal *j;
    bool banned = false;
    char *room;
    int rc;

    if ((rc = cmd_user_jid(cli, NULL, 0, jid,
                           args_opt(a, "allow-domain-jid") != NULL)))
        return rc;
    rc = cli_begin(cli, a, &s, &room);
    if (rc == EXIT_OK && unban)
        rc = check_banned(cli, s, room, jid, &banned);
    if (rc || (unban && !banned))
        goto out;
    if (aff == MUCADMIN_AFF_OUTCAST) {
        rc = cli_confirm(cli, room, "Ban %s from %s?", jid, room);
    } else if (aff != MUCADMIN_AFF_OWNER && !cli->yes) {
        mucadmin_list_t *owners = NULL;
        if (mucadmin_room_affiliation_list(s, room, MUCADMIN_AFF_OWNER,
                                           &owners) == MUCADMIN_OK &&
            on_list(owners, jid))
            rc = cli_confirm(cli, room, "Remove owner %s of %s?", jid, room);
        if (owners)
            mucadmin_list_free(owners);
    }
    if (rc)
        goto out;
    if ((rc = journal_one(cli, s, room, jid, aff, &j)))
        goto out;
    st = mucadmin_room_affiliation_set(s, room, jid, aff, nick, reason);
    journal_end(cli, j, st == MUCADMIN_OK ? EXIT_OK : EXIT_REFUSED, false);
    if (st == MUCADMIN_OK && nick && *nick && aff != MUCADMIN_AFF_NONE &&
        aff != MUCADMIN_AFF_OUTCAST)
        check_nick(cli, s, room, jid, aff, nick);
    if (st != MUCADMIN_OK)
        rc = cli_fail(cli, s, room, st);
    else
        cmd_acted(cli, room, "jid", jid, "affiliation",
                  mucadmin_affiliation_name(aff), "%s is now %s", jid,
                  aff == MUCADMIN_AFF_NONE ? "unaffiliated"
                                           : mucadmin_affiliation_name(aff));
out:
    free(room);
    return rc;
}

int cmd_affiliation(struct cli *cli, const struct cmd_args *a)
{
    int aff = mucadmin_affiliation_from_name(a->argv[2]);

    if (aff < 0)
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "'%s' is not an affiliation (owner, admin, member, "
                         "outcast or none)",
                         a->argv[2]);
    return set_one(cli, a, a->argv[1], (mucadmin_affiliation_t)aff, false);
}

/* ROOM JID: both given. */
static int room_and_jid(struct cli *cli, const struct cmd_args *a)
{
    if (a->argc == 2)
        return EXIT_OK;
    return cli_error(cli, EXIT_USAGE, NULL, NULL, "usage: mucadmin %s %s",
                     cli->cmd->name, cli->cmd->synopsis);
}

/* ban and unban: ROOM JID, or JID --everywhere (cmd_everywhere.c). */
static int ban_or_unban(struct cli *cli, const struct cmd_args *a, bool unban)
{
    if (args_opt(a, "everywhere"))
        return unban ? cmd_unban_everywhere(cli, a)
                     : cmd_ban_everywhere(cli, a);
    if (args_opt(a, "dry-run") || args_opt(a, "match"))
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "--dry-run and --match go with --everywhere");
    if (room_and_jid(cli, a))
        return EXIT_USAGE;
    return set_one(cli, a, a->argv[1],
                   unban ? MUCADMIN_AFF_NONE : MUCADMIN_AFF_OUTCAST, unban);
}

int cmd_ban(struct cli *cli, const struct cmd_args *a)
{
    return ban_or_unban(cli, a, false);
}

int cmd_unban(struct cli *cli, const struct cmd_args *a)
{
    return ban_or_unban(cli, a, true);
}
