/* SPDX-License-Identifier: MIT */
/*
 * fields.c - FIELD=VALUE arguments and field values for the commands;
 * the short names of fields and each server's vars for them are the
 * library's (mucadmin_form_resolve(), mucadmin_field_alias_*()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fields.h"
#include "output.h"

const char *field_create_default(const char *const *vars, size_t n)
{
    const char *var = mucadmin_form_resolve(NULL, "persistent");

    for (size_t i = 0; i < n; i++)
        if (vars[i] && !strcmp(vars[i], var))
            return NULL;
    return var;
}

int field_split(const char *arg, char **name, char **value)
{
    const char *eq = strchr(arg, '=');

    *name = *value = NULL;
    if (!eq || eq == arg)
        return -1;
    *name = strndup(arg, (size_t)(eq - arg));
    *value = strdup(eq + 1);
    if (!*name || !*value) {
        free(*name);
        free(*value);
        *name = *value = NULL;
        return -1;
    }
    return 0;
}

/* The values of field i of f: a string, or a list for multi-valued ones. */
void field_out_value(struct out *o, const char *key, const mucadmin_form_t *f,
                     size_t i)
{
    size_t n = mucadmin_form_field_value_count(f, i);
    mucadmin_field_type_t t = mucadmin_form_field_type(f, i);

    if (t == MUCADMIN_FIELD_BOOLEAN) {
        const char *v = n ? mucadmin_form_field_value(f, i, 0) : "0";
        out_bool(o, key, !strcmp(v, "1") || !strcmp(v, "true"));
    } else if (t == MUCADMIN_FIELD_JID_MULTI ||
               t == MUCADMIN_FIELD_LIST_MULTI ||
               t == MUCADMIN_FIELD_TEXT_MULTI) {
        const char **v = calloc(n + 1, sizeof(*v));
        for (size_t j = 0; v && j < n; j++)
            v[j] = mucadmin_form_field_value(f, i, j);
        out_strv(o, key, v, v ? n : 0);
        free(v);
    } else if (t == MUCADMIN_FIELD_TEXT_PRIVATE && n &&
               mucadmin_form_field_value(f, i, 0)[0]) {
        out_str(o, key, "********"); /* secrets stay off the screen */
    } else {
        out_str(o, key, n ? mucadmin_form_field_value(f, i, 0) : NULL);
    }
}

/* "unknown field 'x'; this server offers: name, whois, ..." */
static int unknown_field(struct cli *cli, const char *room,
                         const mucadmin_form_t *form, const char *name)
{
    size_t len = 1, n = mucadmin_form_field_count(form);
    char *list;

    for (size_t i = 0; i < n; i++) {
        const char *var = mucadmin_form_field_var(form, i);
        len += (var ? strlen(var) : 0) + 2;
    }
    list = calloc(len, 1);
    if (!list)
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const char *var = mucadmin_form_field_var(form, i);
        const char *alias = var ? mucadmin_field_alias_of(var) : NULL;
        mucadmin_field_type_t t = mucadmin_form_field_type(form, i);
        if (!var || t == MUCADMIN_FIELD_FIXED || t == MUCADMIN_FIELD_HIDDEN)
            continue;
        if (list[0])
            strcat(list, ", ");
        strcat(list, alias && mucadmin_form_resolve(form, alias) == var ? alias
                                                                        : var);
    }
    cli_error(cli, EXIT_USAGE, room, "unknown-field",
              "'%s' is not a field of this room; this server offers: %s", name,
              list);
    free(list);
    return EXIT_USAGE;
}

static char *stdin_line(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len = getline(&line, &cap, stdin);

    if (len < 0) {
        free(line);
        return NULL;
    }
    line[strcspn(line, "\r\n")] = '\0';
    return line;
}

void field_values_free(char **vars, char **values, int n)
{
    for (int i = 0; i < n; i++) {
        free(vars[i]);
        free(values[i]);
    }
}

int field_args(struct cli *cli, const char *room, const mucadmin_form_t *form,
               bool use_aliases, char *const *args, int n, char **vars,
               char **values)
{
    bool stdin_used = false;

    for (int i = 0; i < n; i++)
        vars[i] = values[i] = NULL;
    for (int i = 0; i < n; i++) {
        const char *var;
        char *name;
        if (field_split(args[i], &name, &values[i]) < 0) {
            field_values_free(vars, values, n);
            return cli_error(cli, EXIT_USAGE, room, NULL,
                             "'%s' is not FIELD=VALUE", args[i]);
        }
        if (form || use_aliases)
            var = mucadmin_form_resolve(form, name);
        else
            var = name;
        if (!var) {
            int rc = unknown_field(cli, room, form, name);
            free(name);
            field_values_free(vars, values, n);
            return rc;
        }
        vars[i] = strdup(var);
        free(name);
        if (!strcmp(values[i], "-")) {
            free(values[i]);
            values[i] = stdin_used ? NULL : stdin_line();
            stdin_used = true;
            if (!values[i]) {
                cli_error(cli, EXIT_USAGE, room, NULL,
                          "%s=-: no value on stdin (one value may come "
                          "from stdin)",
                          vars[i]);
                field_values_free(vars, values, n);
                return EXIT_USAGE;
            }
        }
    }
    return EXIT_OK;
}
