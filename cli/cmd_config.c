/* SPDX-License-Identifier: MIT */
/*
 * cmd_config.c - show a room's configuration form, or change fields of it
 * by name or alias, checked against the form this server serves.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "fields.h"
#include "journal.h"
#include "output.h"
#include "session.h"

static void show_form(struct cli *cli, const char *room,
                      const mucadmin_form_t *f)
{
    struct out *o = out_new(cli);

    out_table(o, NULL);
    for (size_t i = 0; i < mucadmin_form_field_count(f); i++) {
        const char *var = mucadmin_form_field_var(f, i);
        const char *alias = var ? mucadmin_field_alias_of(var) : NULL;
        mucadmin_field_type_t t = mucadmin_form_field_type(f, i);
        size_t nopt = mucadmin_form_field_option_count(f, i);
        const char **opts;

        if (!var || t == MUCADMIN_FIELD_FIXED || t == MUCADMIN_FIELD_HIDDEN)
            continue;
        /* An alias is shown only when it resolves to this very field. */
        if (alias && mucadmin_form_resolve(f, alias) != var)
            alias = NULL;
        out_record(o, NULL);
        out_str(o, "field", alias ? alias : var);
        out_str(o, "type", mucadmin_field_type_name(t));
        field_out_value(o, "value", f, i);
        opts = calloc(nopt + 1, sizeof(*opts));
        for (size_t j = 0; opts && j < nopt; j++)
            opts[j] = mucadmin_form_field_option_value(f, i, j);
        out_strv(o, "options", opts, opts ? nopt : 0);
        free(opts);
        out_str(o, "label", mucadmin_form_field_label(f, i));
        out_json_str(o, "var", var);
        out_end(o);
    }
    out_end(o);
    out_free(o);
}

/* Each field the server answered result for but left as it was. */
static int report_ignored(struct cli *cli, mucadmin_session_t *s,
                          const char *room)
{
    size_t n = mucadmin_room_config_ignored_count(s);

    for (size_t i = 0; i < n; i++) {
        const char *var = mucadmin_room_config_ignored_var(s, i);
        const char *alias = mucadmin_field_alias_of(var);
        cli_error(cli, EXIT_REFUSED, room, "ignored",
                  "the server accepted %s%s%s%s but did not apply it", var,
                  alias ? " (" : "", alias ? alias : "", alias ? ")" : "");
    }
    if (n == 0)
        return cli_fail(cli, s, room, MUCADMIN_E_IGNORED);
    return EXIT_REFUSED;
}

static int change(struct cli *cli, mucadmin_session_t *s, const char *room,
                  const mucadmin_form_t *form, char *const *args, int n)
{
    struct cmd_fields f;
    mucadmin_status_t st;
    struct journal *j;
    char *before, *after;
    int rc;

    rc = cmd_fields_parse(cli, room, form, true, args, n, 0, &f);
    if (rc)
        return rc;
    /* "presencebroadcast=moderator,participant": list-multi options are
     * server-defined words, so a comma separates them as well as '\n'. */
    for (int i = 0; i < n; i++) {
        int k = mucadmin_form_find(form, f.vars[i]);
        if (k >= 0 && mucadmin_form_field_type(form, (size_t)k) ==
                          MUCADMIN_FIELD_LIST_MULTI)
            for (char *p = f.values[i]; *p; p++)
                if (*p == ',')
                    *p = '\n';
    }
    j = journal_new();
    before = journal_form_fields(form, (const char *const *)f.vars, (size_t)n);
    after = journal_fields((const char *const *)f.vars,
                           (const char *const *)f.values, (size_t)n);
    journal_add(j, room, "config", before, after);
    free(before);
    free(after);
    if ((rc = journal_begin(cli, s, j))) {
        journal_free(j);
        cmd_fields_free(&f);
        return rc;
    }
    st = mucadmin_room_config_set(s, room, (const char *const *)f.vars,
                                  (const char *const *)f.values, (size_t)n);
    journal_end(cli, j, st == MUCADMIN_OK ? EXIT_OK : EXIT_REFUSED,
                st == MUCADMIN_E_IGNORED);
    if (st == MUCADMIN_E_IGNORED) {
        rc = report_ignored(cli, s, room);
    } else if (st != MUCADMIN_OK) {
        rc = cli_fail(cli, s, room, st);
    } else {
        struct out *o = out_new(cli);
        out_result(o, NULL);
        out_str(o, "room", room);
        out_strv(o, "changed", (const char *const *)f.vars, (size_t)n);
        out_end(o);
        out_say(o, "configured %s: %d field%s changed", room, n,
                n == 1 ? "" : "s");
        out_free(o);
    }
    cmd_fields_free(&f);
    return rc;
}

int cmd_config(struct cli *cli, const struct cmd_args *a)
{
    mucadmin_session_t *s;
    mucadmin_form_t *form = NULL;
    mucadmin_status_t st;
    char *room;
    int rc;

    /* Check FIELD=VALUE syntax before connecting: exit 2 either way. */
    for (int i = 1; i < a->argc; i++)
        if (!strchr(a->argv[i], '=') || a->argv[i][0] == '=')
            return cli_error(cli, EXIT_USAGE, NULL, NULL,
                             "'%s' is not FIELD=VALUE", a->argv[i]);
    rc = cli_begin(cli, a, &s, &room);
    if (rc == EXIT_OK)
        rc = cmd_room_exists(cli, s, room);
    if (rc)
        goto out;
    st = mucadmin_room_config_get(s, room, &form);
    if (st != MUCADMIN_OK) {
        rc = cli_fail(cli, s, room, st);
        goto out;
    }
    if (a->argc == 1)
        show_form(cli, room, form);
    else
        rc = change(cli, s, room, form, a->argv + 1, a->argc - 1);
out:
    if (form)
        mucadmin_form_free(form);
    free(room);
    return rc;
}
