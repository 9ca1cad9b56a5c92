/* SPDX-License-Identifier: MIT */
/*
 * rooms_fields.c - a rooms file's config fields mapped onto the form a
 * server serves, so that one file fits Prosody, ejabberd and the mini
 * server: portable names and other servers' vars (cli/fields.c), hidden
 * as the negation of public, and the room password, which ejabberd
 * switches on with passwordprotectedroom and Prosody by being non-empty;
 * then the config actions of a plan, compared as the server's form types
 * the fields.
 */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fields.h"
#include "rooms.h"
#include "server/xutil.h"

#define PROTECTED "muc#roomconfig_passwordprotectedroom"
#define SECRET "muc#roomconfig_roomsecret"

/* 1 for a true boolean, 0 for a false one, -1 for neither. */
static int boolean(const char *v)
{
    static const char *const yes[] = { "1", "true", "yes", "on" };
    static const char *const no[] = { "0", "false", "no", "off" };

    for (size_t i = 0; i < 4; i++) {
        if (!strcasecmp(v, yes[i]))
            return 1;
        if (!strcasecmp(v, no[i]))
            return 0;
    }
    return -1;
}

/* The var name stands for among the standard ones (whatever the form). */
static const char *standard(const char *name)
{
    const char *alias = mucadmin_field_alias_of(name);

    return mucadmin_form_resolve(NULL, alias ? alias : name);
}

/* The value the room's password will have: the file's, else the live
 * one (form), else "". */
static const char *password(const struct rooms_room *r,
                            const mucadmin_form_t *form)
{
    int i = mucadmin_form_find(form, SECRET);

    for (size_t k = 0; k < r->nconfig; k++)
        if (!strcmp(standard(r->config[k].name), SECRET))
            return r->config[k].value;
    if (i < 0 || !mucadmin_form_field_value_count(form, (size_t)i))
        return "";
    return mucadmin_form_field_value(form, (size_t)i, 0);
}

static struct field_map *add(struct field_map **m, size_t *n,
                             enum map_kind kind, const char *name)
{
    struct field_map *e;

    if (!(*m = realloc(*m, (*n + 1) * sizeof(**m))))
        out_of_memory();
    e = &(*m)[(*n)++];
    memset(e, 0, sizeof(*e));
    e->kind = kind;
    e->name = name;
    return e;
}

/* hidden: the negation of public, where the form has no "hidden". */
static void map_hidden(struct field_map **m, size_t *n,
                       const struct rooms_field *f, const mucadmin_form_t *form)
{
    const char *var = mucadmin_form_resolve(form, "public");
    int b = boolean(f->value);
    struct field_map *e;

    if (!var) {
        add(m, n, MAP_UNKNOWN, f->name);
    } else if (b < 0) {
        add(m, n, MAP_BAD, f->name)->value = xstrdup("not a boolean");
    } else {
        e = add(m, n, MAP_SET, f->name);
        e->var = var;
        e->value = xstrdup(b ? "0" : "1");
        e->negated = true;
    }
}

/* passwordprotected where the form has no such switch (Prosody): the
 * password decides, so the file's value must agree with it. */
static void map_protected(struct field_map **m, size_t *n,
                          const struct rooms_field *f,
                          const struct rooms_room *r,
                          const mucadmin_form_t *form)
{
    int b = boolean(f->value);
    bool has = *password(r, form) != '\0';

    if (b == (int)has)
        add(m, n, MAP_SATISFIED, f->name);
    else
        add(m, n, MAP_BAD, f->name)->value = xstrdup(
            b < 0 ? "not a boolean"
            : b   ? "this server protects a room by its password alone, "
                    "and the file gives none (export --secrets carries it)"
                  : "this server protects a room by its password alone: "
                    "set password: \"\" to open the room");
}

size_t rooms_map_fields(const struct rooms_room *r, const mucadmin_form_t *form,
                        struct field_map **out)
{
    bool has_secret = false, has_protected = false;
    struct field_map *m = NULL, *e;
    size_t n = 0;

    for (size_t i = 0; i < r->nconfig; i++) {
        const struct rooms_field *f = &r->config[i];
        const char *std = standard(f->name);
        const char *var = mucadmin_form_resolve(form, f->name);
        has_secret |= !strcmp(std, SECRET);
        has_protected |= !strcmp(std, PROTECTED);
        if (!var && !strcmp(f->name, "hidden")) {
            map_hidden(&m, &n, f, form);
        } else if (!var && !strcmp(std, PROTECTED) &&
                   mucadmin_form_find(form, SECRET) >= 0) {
            map_protected(&m, &n, f, r, form);
        } else if (!var) {
            add(&m, &n, MAP_UNKNOWN, f->name);
        } else {
            e = add(&m, &n, MAP_SET, f->name);
            e->var = var;
            e->value = xstrdup(f->value);
        }
    }
    /* ejabberd keeps a password it is given, but asks for it only once
     * passwordprotectedroom is on: a file's password switches it. */
    if (has_secret && !has_protected &&
        mucadmin_form_find(form, PROTECTED) >= 0) {
        e = add(&m, &n, MAP_SET, "passwordprotected");
        e->var = PROTECTED;
        e->value = xstrdup(*password(r, form) ? "1" : "0");
    }
    *out = m;
    return n;
}

void rooms_map_free(struct field_map *m, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(m[i].value);
    free(m);
}

/* ---- the config actions of a plan ---- */

/* A field's value as people read it: yes/no, "a, b", masked secrets. */
static char *display(const mucadmin_form_t *f, const char *var)
{
    int i = mucadmin_form_find(f, var);
    size_t n, len = 1;
    char *s;

    if (i < 0)
        return NULL;
    n = mucadmin_form_field_value_count(f, (size_t)i);
    switch (mucadmin_form_field_type(f, (size_t)i)) {
    case MUCADMIN_FIELD_BOOLEAN: {
        const char *v = n ? mucadmin_form_field_value(f, (size_t)i, 0) : "0";
        return xstrdup(!strcmp(v, "1") || !strcmp(v, "true") ? "yes" : "no");
    }
    case MUCADMIN_FIELD_TEXT_PRIVATE:
        return xstrdup(
            n && *mucadmin_form_field_value(f, (size_t)i, 0) ? "********" : "");
    default: break;
    }
    for (size_t j = 0; j < n; j++)
        len += strlen(mucadmin_form_field_value(f, (size_t)i, j)) + 2;
    s = calloc(len, 1);
    if (!s)
        out_of_memory();
    for (size_t j = 0; j < n; j++) {
        if (j)
            strcat(s, ", ");
        strcat(s, mucadmin_form_field_value(f, (size_t)i, j));
    }
    return s;
}

static bool in(const char *const *vars, size_t n, const char *var)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(vars[i], var))
            return true;
    return false;
}

/* The live value of var as it would be sent (journal), NULL for a
 * secret. */
static char *raw_value(const mucadmin_form_t *f, const char *var)
{
    int i = mucadmin_form_find(f, var);
    char *s = NULL;
    size_t len = 0;
    FILE *fp;

    if (i < 0 ||
        mucadmin_form_field_type(f, (size_t)i) == MUCADMIN_FIELD_TEXT_PRIVATE)
        return NULL;
    if (!(fp = open_memstream(&s, &len)))
        abort();
    for (size_t j = 0; j < mucadmin_form_field_value_count(f, (size_t)i); j++)
        fprintf(fp, "%s%s", j ? "\n" : "",
                mucadmin_form_field_value(f, (size_t)i, j));
    /* A boolean without a value is false (XEP-0004). */
    if (!mucadmin_form_field_value_count(f, (size_t)i) &&
        mucadmin_form_field_type(f, (size_t)i) == MUCADMIN_FIELD_BOOLEAN)
        fputc('0', fp);
    fclose(fp);
    return s;
}

static char *negation(char *shown)
{
    if (shown && (!strcmp(shown, "yes") || !strcmp(shown, "no"))) {
        char *n = xstrdup(!strcmp(shown, "yes") ? "no" : "yes");
        free(shown);
        return n;
    }
    return shown;
}

static void config_action(struct rooms_plan *plan, const char *room,
                          const struct field_map *m,
                          const mucadmin_form_t *live,
                          const mucadmin_form_t *want, bool creating)
{
    struct rooms_action *a = rooms_plan_add(plan, ACT_CONFIG, room, m->name);
    a->var = xstrdup(m->var);
    a->value = xstrdup(m->value);
    a->old = creating ? NULL : display(live, m->var);
    a->before = creating ? NULL : raw_value(live, m->var);
    a->new = display(want, m->var);
    if (m->negated) {
        a->old = negation(a->old);
        a->new = negation(a->new);
    }
}

/* A field the form lacks: an error, or with --skip-unknown a warning. */
static void unknown(struct rooms_plan *plan, const char *room, const char *name)
{
    if (plan->skip_unknown)
        rooms_plan_warn(plan, room,
                        "%s: skipped: this server has no such "
                        "field (--skip-unknown)",
                        name);
    else
        rooms_plan_error(plan, room, name, "unknown-field",
                         "this server has no such field");
}

/* The config actions of one room against form (the live one, or the form
 * a new room gets when creating). */
void rooms_plan_config(struct rooms_plan *plan, const char *room,
                       const struct rooms_room *r, const mucadmin_form_t *form,
                       bool creating)
{
    mucadmin_form_t *want = mucadmin_form_copy(form);
    struct field_map *m;
    size_t n = rooms_map_fields(r, form, &m), ndiff, nset = 0;
    const char **diff = NULL, **given = xcalloc(n + 1, sizeof(*given));
    const char *keep_var;
    bool *set = calloc(n + 1, sizeof(*set));

    if (!want || !set)
        out_of_memory();
    for (size_t i = 0; i < n; i++) {
        const char *why = NULL;
        char *msg = NULL;
        if (m[i].kind == MAP_UNKNOWN) {
            unknown(plan, room, m[i].name);
        } else if (m[i].kind == MAP_BAD) {
            rooms_plan_error(plan, room, m[i].name, "bad-value", m[i].value);
        } else if (m[i].kind == MAP_SATISFIED) {
            continue;
        } else if (mucadmin_form_set(want, m[i].var, m[i].value, &why) !=
                   MUCADMIN_OK) {
            if (asprintf(&msg, "'%s' is %s", m[i].value,
                         why ? why : "not a value of this field") < 0)
                out_of_memory();
            rooms_plan_error(plan, room, m[i].name, "bad-value", msg);
            free(msg);
        } else {
            set[i] = true;
            given[nset++] = m[i].var;
        }
    }
    /* New rooms as "mucadmin create" makes them (field_create_default). */
    keep_var = creating ? field_create_default(given, nset) : NULL;
    if (keep_var && mucadmin_form_set(want, keep_var, FIELD_CREATE_VALUE,
                                      NULL) == MUCADMIN_OK) {
        struct field_map keep = { MAP_SET, "persistent", keep_var,
                                  (char *)FIELD_CREATE_VALUE, false };
        config_action(plan, room, &keep, form, want, true);
    }
    free(given);
    ndiff = mucadmin_form_diff(form, want, &diff);
    for (size_t i = 0; i < n; i++)
        if (set[i] && (creating || in(diff, ndiff, m[i].var)))
            config_action(plan, room, &m[i], form, want, creating);
    free(diff);
    free(set);
    rooms_map_free(m, n);
    mucadmin_form_free(want);
}
