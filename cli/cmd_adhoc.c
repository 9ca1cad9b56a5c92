/* SPDX-License-Identifier: MIT */
/*
 * cmd_adhoc.c - ad-hoc commands (XEP-0050): the commands a service or
 * room offers, and one run non-interactively, its stages' fields filled
 * from FIELD=VALUE arguments (a field given twice: the values of a multi
 * field); a stage left with a required field empty, or an argument no
 * stage knows, cancels it.  In the interactive shell a stage given
 * nothing, or left with a required field empty, is a dialogue instead
 * (adhoc_ask.c).
 */
#include <stdlib.h>
#include <string.h>

#include "adhoc_ask.h"
#include "cmd_common.h"
#include "fields.h"
#include "output.h"
#include "session.h"
#include "shell.h"

#define MAX_STAGES 16

int cmd_commands(struct cli *cli, const struct cmd_args *a)
{
    mucadmin_list_t *list = NULL;
    mucadmin_session_t *s;
    mucadmin_status_t st;
    const char *jid;
    struct out *o;
    int rc;

    if (a->argc > 0 && !mucadmin_jid_valid(a->argv[0], 0))
        return cli_error(cli, EXIT_USAGE, a->argv[0], "jid-malformed",
                         "not a JID");
    if ((rc = cli_connect(cli, &s)))
        return rc;
    if (a->argc > 0)
        jid = a->argv[0];
    else if ((rc = cli_service(cli, &jid)))
        return rc;
    if ((st = mucadmin_adhoc_list(s, jid, &list)) != MUCADMIN_OK)
        return cli_fail(cli, s, jid, st);
    o = out_new(cli);
    out_table(o, NULL);
    for (size_t i = 0; i < mucadmin_list_count(list); i++) {
        out_record(o, NULL);
        out_str(o, "node", mucadmin_list_node(list, i));
        out_str(o, "name", mucadmin_list_name(list, i));
        out_str(o, "jid", mucadmin_list_jid(list, i));
        out_end(o);
    }
    out_end(o);
    out_free(o);
    mucadmin_list_free(list);
    return EXIT_OK;
}

struct fills {
    char **vars, **vals; /* FIELD=VALUE arguments, in order */
    bool *used;
    int n;
};

static int fills_parse(struct cli *cli, char *const *args, int n,
                       struct fills *f)
{
    f->n = 0;
    f->vars = calloc((size_t)n + 1, sizeof(*f->vars));
    f->vals = calloc((size_t)n + 1, sizeof(*f->vals));
    f->used = calloc((size_t)n + 1, sizeof(*f->used));
    if (!f->vars || !f->vals || !f->used)
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(args[i], '=');
        if (!eq || eq == args[i])
            return cli_error(cli, EXIT_USAGE, NULL, NULL,
                             "'%s' is not FIELD=VALUE", args[i]);
        f->vars[i] = strndup(args[i], (size_t)(eq - args[i]));
        f->vals[i] = strdup(eq + 1);
        f->n = i + 1;
        if (!f->vars[i] || !f->vals[i])
            return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    }
    return EXIT_OK;
}

static void fills_free(struct fills *f)
{
    for (int i = 0; i < f->n; i++) {
        free(f->vars[i]);
        free(f->vals[i]);
    }
    free(f->vars);
    free(f->vals);
    free(f->used);
}

/* The values given for var, joined by '\n' (multi fields), or NULL. */
static char *joined(struct fills *f, const char *var)
{
    size_t len = 0;
    char *v = NULL;

    for (int i = 0; i < f->n; i++) {
        if (strcmp(f->vars[i], var))
            continue;
        size_t add = strlen(f->vals[i]);
        char *nv = realloc(v, len + add + 2);
        if (!nv) {
            free(v);
            return NULL;
        }
        v = nv;
        if (len)
            v[len++] = '\n';
        memcpy(v + len, f->vals[i], add + 1);
        len += add;
        f->used[i] = true;
    }
    return v;
}

/* Fill this stage's form from the arguments, marking in given[] the
 * fields they set; EXIT_USAGE (reported) when a value does not fit or a
 * required field stays empty (unless ask: then *missing is set, for the
 * dialogue), or (last stage) an argument is left that no field takes. */
static int fill(struct cli *cli, const char *jid, mucadmin_form_t *form,
                struct fills *f, bool last, bool ask, bool *given,
                bool *missing)
{
    const char *why, *var;
    mucadmin_status_t st;
    char *v;

    *missing = false;
    for (size_t i = 0; i < mucadmin_form_field_count(form); i++) {
        if (!(var = mucadmin_form_field_var(form, i)) ||
            mucadmin_form_field_type(form, i) == MUCADMIN_FIELD_FIXED)
            continue;
        if ((v = joined(f, var))) {
            why = NULL;
            st = mucadmin_form_set(form, var, v, &why);
            free(v);
            if (st != MUCADMIN_OK && !ask)
                return cli_error(cli, EXIT_USAGE, jid, "bad-value", "%s: %s",
                                 var, why ? why : mucadmin_strerror(st));
            /* In a dialogue a bad value is said, then asked for. */
            if (st != MUCADMIN_OK) {
                cli_error(cli, 0, jid, "bad-value", "%s: %s", var,
                          why ? why : mucadmin_strerror(st));
                *missing = true;
            }
            given[i] = st == MUCADMIN_OK;
        }
        if (mucadmin_form_field_required(form, i) &&
            !mucadmin_form_field_value_count(form, i)) {
            if (!ask)
                return cli_error(cli, EXIT_USAGE, jid, "required",
                                 "the field %s needs a value (%s=VALUE)", var,
                                 var);
            *missing = true;
        }
    }
    for (int i = 0; last && i < f->n; i++)
        if (!f->used[i])
            return cli_error(cli, EXIT_USAGE, jid, "unknown-field",
                             "the command has no field %s", f->vars[i]);
    return EXIT_OK;
}

/* The last stage's notes and result form; EXIT_REFUSED when the command
 * was canceled or said error. */
static int result(struct cli *cli, const char *jid, const char *node,
                  const mucadmin_adhoc_t *c)
{
    const mucadmin_form_t *form = mucadmin_adhoc_form(c);
    const char *state = mucadmin_adhoc_state(c), *type, *text;
    struct out *o = out_new(cli);
    int rc = state && !strcmp(state, "canceled") ? EXIT_REFUSED : EXIT_OK;

    out_record(o, NULL);
    out_str(o, "jid", jid);
    out_str(o, "node", node);
    out_str(o, "status", state);
    out_table(o, "notes");
    for (size_t i = 0; i < mucadmin_adhoc_note_count(c); i++) {
        type = mucadmin_adhoc_note_type(c, i);
        text = mucadmin_adhoc_note_text(c, i);
        if (type && !strcmp(type, "error")) {
            cli_error(cli, 0, jid, "command-error", "%s", text);
            rc = EXIT_REFUSED;
        }
        out_record(o, NULL);
        out_str(o, "type", type ? type : "info");
        out_str(o, "text", text);
        out_end(o);
    }
    out_end(o);
    out_record(o, "fields");
    for (size_t i = 0; form && i < mucadmin_form_field_count(form); i++)
        if (mucadmin_form_field_var(form, i) &&
            strcmp(mucadmin_form_field_var(form, i), "FORM_TYPE"))
            field_out_value(o, mucadmin_form_field_var(form, i), form, i);
    out_end(o);
    out_end(o);
    out_free(o);
    return rc;
}

/* The dialogue ended (the user cancelled it, or an error came): so does
 * the command, at the server, and the user is told how that went. */
static int cancelled(struct cli *cli, mucadmin_session_t *s, const char *jid,
                     mucadmin_adhoc_t *c)
{
    mucadmin_status_t st = mucadmin_adhoc_cancel(s, c);
    const char *state = mucadmin_adhoc_state(c);

    if (st != MUCADMIN_OK) {
        cli_fail(cli, s, jid, st);
        return cli_error(cli, EXIT_INTERRUPTED, jid, "canceled",
                         "the command was left unfinished; the server did "
                         "not answer its cancel");
    }
    return cli_error(cli, EXIT_INTERRUPTED, jid, "canceled",
                     state && !strcmp(state, "canceled")
                         ? "the command was canceled; the server ended it"
                         : "the command was canceled (the server said '%s')",
                     state ? state : "nothing");
}

/* One stage: filled from the arguments, then (in the interactive shell,
 * when nothing was given or a required field is still empty) from the
 * dialogue, and submitted. */
static int stage(struct cli *cli, mucadmin_session_t *s, const char *jid,
                 mucadmin_adhoc_t *c, struct fills *f, bool *asked)
{
    bool ask = shell_can_ask(), missing, *given;
    mucadmin_form_t *form;
    mucadmin_status_t st;
    int rc;

    if (!(form = mucadmin_form_copy(mucadmin_adhoc_form(c))) ||
        !(given = calloc(mucadmin_form_field_count(form) + 1, sizeof(bool)))) {
        mucadmin_form_free(form);
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    }
    rc = fill(cli, jid, form, f, mucadmin_adhoc_is_last(c), ask, given,
              &missing);
    if (rc == EXIT_OK && ask && (f->n == 0 || missing)) {
        *asked = true;
        rc = adhoc_ask(cli, jid, c, form, given);
    }
    if (rc == EXIT_OK && (st = mucadmin_adhoc_submit(s, c, form)))
        rc = cli_fail(cli, s, jid, st);
    mucadmin_form_free(form);
    free(given);
    return rc;
}

/* Run the stages: fill and submit while the command is executing with a
 * form; cancel it on a usage error, and in a dialogue on any error (^C
 * during a submit included), so that no session is left open. */
static int run(struct cli *cli, mucadmin_session_t *s, const char *jid,
               mucadmin_adhoc_t *c, struct fills *f)
{
    const char *state;
    bool asked = false;
    int rc;

    for (int k = 0; k < MAX_STAGES; k++) {
        state = mucadmin_adhoc_state(c);
        if (!state || strcmp(state, "executing") || !mucadmin_adhoc_form(c))
            return EXIT_OK;
        rc = stage(cli, s, jid, c, f, &asked);
        if (rc == ADHOC_CANCELLED)
            return cancelled(cli, s, jid, c);
        if (rc) {
            if (asked) /* said, so that the user knows it is over */
                cancelled(cli, s, jid, c);
            else if (rc == EXIT_USAGE)
                mucadmin_adhoc_cancel(s, c);
            return rc;
        }
    }
    return cli_error(cli, EXIT_CONFIG, jid, NULL, "more than %d stages",
                     MAX_STAGES);
}

int cmd_command(struct cli *cli, const struct cmd_args *a)
{
    const char *jid = a->argv[0], *node = a->argv[1];
    mucadmin_adhoc_t *c = NULL;
    mucadmin_session_t *s;
    mucadmin_status_t st;
    struct fills f = { 0 };
    int rc;

    if (!mucadmin_jid_valid(jid, 0))
        return cli_error(cli, EXIT_USAGE, jid, "jid-malformed", "not a JID");
    rc = fills_parse(cli, a->argv + 2, a->argc - 2, &f);
    if (rc == EXIT_OK)
        rc = cli_confirm(cli, jid, "Run the command %s of %s?", node, jid);
    if (rc == EXIT_OK)
        rc = cli_connect(cli, &s);
    if (rc == EXIT_OK && (st = mucadmin_adhoc_execute(s, jid, node, &c)))
        rc = cli_fail(cli, s, jid, st);
    if (rc == EXIT_OK)
        rc = run(cli, s, jid, c, &f);
    if (rc == EXIT_OK)
        rc = result(cli, jid, node, c);
    mucadmin_adhoc_free(c);
    fills_free(&f);
    return rc;
}
