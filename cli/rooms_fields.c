/* SPDX-License-Identifier: MIT */
/*
 * rooms_fields.c - a rooms file's config fields mapped onto the form a
 * server serves, so that one file fits Prosody, ejabberd and the mini
 * server: portable names and other servers' vars (cli/fields.c), hidden
 * as the negation of public, and the room password, which ejabberd
 * switches on with passwordprotectedroom and Prosody by being non-empty.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fields.h"
#include "rooms.h"

#define PROTECTED "muc#roomconfig_passwordprotectedroom"
#define SECRET "muc#roomconfig_roomsecret"

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

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
    const char *alias = field_alias(name);

    return field_resolve(NULL, alias ? alias : name);
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
        abort();
    e = &(*m)[(*n)++];
    memset(e, 0, sizeof(*e));
    e->kind = kind;
    e->name = name;
    return e;
}

/* hidden: the negation of public, where the form has no "hidden". */
static void map_hidden(struct field_map **m, size_t *n,
                       const struct rooms_field *f,
                       const mucadmin_form_t *form)
{
    const char *var = field_resolve(form, "public");
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

size_t rooms_map_fields(const struct rooms_room *r,
                        const mucadmin_form_t *form, struct field_map **out)
{
    bool has_secret = false, has_protected = false;
    struct field_map *m = NULL, *e;
    size_t n = 0;

    for (size_t i = 0; i < r->nconfig; i++) {
        const struct rooms_field *f = &r->config[i];
        const char *std = standard(f->name);
        const char *var = field_resolve(form, f->name);
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
