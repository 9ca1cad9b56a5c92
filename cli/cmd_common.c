/* SPDX-License-Identifier: MIT */
/*
 * cmd_common.c - pieces several commands end or begin with (see
 * cmd_common.h).
 */
#define _GNU_SOURCE /* vasprintf */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "cmd_common.h"
#include "fields.h"
#include "output.h"
#include "session.h"

void cmd_acted(struct cli *cli, const char *room, const char *k1,
               const char *v1, const char *k2, const char *v2, const char *fmt,
               ...)
{
    struct out *o = out_new(cli);
    char *what = NULL;
    va_list ap;

    out_result(o, NULL);
    out_str(o, "room", room);
    if (k1)
        out_str(o, k1, v1);
    if (k2)
        out_str(o, k2, v2);
    out_end(o);
    if (fmt) {
        va_start(ap, fmt);
        if (vasprintf(&what, fmt, ap) < 0)
            what = NULL;
        va_end(ap);
    }
    if (what)
        out_say(o, "%s: %s", room, what);
    free(what);
    out_free(o);
}

int cmd_room_exists(struct cli *cli, mucadmin_session_t *s, const char *room)
{
    mucadmin_info_t *info = NULL;
    mucadmin_status_t st = mucadmin_room_info_get(s, room, &info);

    mucadmin_info_free(info);
    return st == MUCADMIN_OK ? EXIT_OK : cli_fail(cli, s, room, st);
}

static const char *role_of(const mucadmin_list_t *l, size_t i)
{
    return mucadmin_role_name(mucadmin_list_role(l, i));
}

static const char *affiliation_of(const mucadmin_list_t *l, size_t i)
{
    return mucadmin_affiliation_name(mucadmin_list_affiliation(l, i));
}

static const struct {
    const char *key;
    const char *(*get)(const mucadmin_list_t *l, size_t i);
} columns[] = {
    { "jid", mucadmin_list_jid },
    { "nick", mucadmin_list_nick },
    { "name", mucadmin_list_name },
    { "reason", mucadmin_list_reason },
    { "role", role_of },
    { "affiliation", affiliation_of },
};

void cmd_list_out(struct cli *cli, const mucadmin_list_t *l, ...)
{
    struct out *o = out_new(cli);
    const char *key;
    va_list ap;

    out_table(o, NULL);
    for (size_t i = 0; i < mucadmin_list_count(l); i++) {
        out_record(o, NULL);
        va_start(ap, l);
        while ((key = va_arg(ap, const char *)))
            for (size_t c = 0; c < sizeof(columns) / sizeof(*columns); c++)
                if (!strcmp(columns[c].key, key))
                    out_str(o, key, columns[c].get(l, i));
        va_end(ap);
        out_end(o);
    }
    out_end(o);
    out_free(o);
}

int cmd_fields_parse(struct cli *cli, const char *room,
                     const mucadmin_form_t *form, bool use_aliases,
                     char *const *args, int n, int spare, struct cmd_fields *f)
{
    size_t len = (size_t)n + (size_t)spare + 1;
    int rc;

    f->n = 0;
    f->vars = calloc(len, sizeof(*f->vars));
    f->values = calloc(len, sizeof(*f->values));
    if (!f->vars || !f->values)
        rc = cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    else
        rc = field_args(cli, room, form, use_aliases, args, n, f->vars,
                        f->values);
    if (rc) {
        /* field_args() freed what it had filled. */
        free(f->vars);
        free(f->values);
        f->vars = f->values = NULL;
        return rc;
    }
    f->n = n;
    return EXIT_OK;
}

void cmd_fields_free(struct cmd_fields *f)
{
    if (f->vars && f->values)
        field_values_free(f->vars, f->values, f->n);
    free(f->vars);
    free(f->values);
    f->vars = f->values = NULL;
    f->n = 0;
}

int cmd_user_jid(struct cli *cli, const char *room, size_t lineno,
                 const char *jid, bool domain_ok)
{
    const struct account *acct;
    const char *me = cli->jid, *at;
    char where[48] = "";

    if (lineno)
        snprintf(where, sizeof(where), "stdin line %zu: ", lineno);
    if (!mucadmin_jid_valid(jid, 1))
        return cli_error(cli, EXIT_USAGE, room, "jid-malformed",
                         "%s'%s' is not a bare JID", where, jid);
    if (strchr(jid, '@') || domain_ok)
        return EXIT_OK;
    if (!me && cli_account(cli, &acct) == EXIT_OK)
        me = acct->jid;
    at = me ? strchr(me, '@') : NULL;
    if (at && at[1])
        return cli_error(cli, EXIT_USAGE, room, "jid-malformed",
                         "%s'%s' is a domain, not a user: did you mean "
                         "%s@%.*s? (--allow-domain-jid if a domain is "
                         "meant)",
                         where, jid, jid, (int)strcspn(at + 1, "/"), at + 1);
    return cli_error(cli, EXIT_USAGE, room, "jid-malformed",
                     "%s'%s' is a domain, not a user: give user@domain "
                     "(--allow-domain-jid if a domain is meant)",
                     where, jid);
}
