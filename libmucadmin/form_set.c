/* SPDX-License-Identifier: MIT */
/* form_set.c - data forms: validated setting, submit forms, comparison. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "form_int.h"

/* 1 or 0 for the boolean spellings we accept, -1 for anything else. */
static int parse_bool(const char *v)
{
    static const char *const yes[] = { "1", "true", "yes", "on" };
    static const char *const no[] = { "0", "false", "no", "off" };
    size_t i;

    for (i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0)
            return 1;
        if (strcasecmp(v, no[i]) == 0)
            return 0;
    }
    return -1;
}

static int is_integer(const char *v)
{
    if (*v == '-' || *v == '+')
        v++;
    if (!*v)
        return 0;
    for (; *v; v++)
        if (!isdigit((unsigned char)*v))
            return 0;
    return 1;
}

/* RFC 5646 in its simple shape: 1-8 letters, then "-" 1-8 alphanumerics. */
static int is_language(const char *v)
{
    size_t n = 0;
    int first = 1;

    if (!*v)
        return 1;
    for (;; v++) {
        if (*v == '-' || !*v) {
            if (n == 0 || n > 8)
                return 0;
            if (!*v)
                return 1;
            n = 0;
            first = 0;
        } else if (isalpha((unsigned char)*v) ||
                   (!first && isdigit((unsigned char)*v))) {
            n++;
        } else {
            return 0;
        }
    }
}

static int has_option(const struct form_field *f, const char *v)
{
    size_t i;

    if (f->noptions == 0)
        return 1; /* nothing offered to check against */
    for (i = 0; i < f->noptions; i++)
        if (strcmp(f->opt_values[i], v) == 0)
            return 1;
    return 0;
}

static int is_multi(mucadmin_field_type_t t)
{
    return t == MUCADMIN_FIELD_JID_MULTI || t == MUCADMIN_FIELD_LIST_MULTI ||
           t == MUCADMIN_FIELD_TEXT_MULTI;
}

static int is_int_type(const char *dt)
{
    static const char *const ints[] = { "xs:integer", "xs:int", "xs:long",
                                        "xs:short", "xs:byte" };
    size_t i;

    for (i = 0; dt && i < 5; i++)
        if (strcmp(dt, ints[i]) == 0)
            return 1;
    return 0;
}

/* Check one value; on success *norm is what to store (may be v). */
static const char *check_value(const struct form_field *f, const char *v,
                               const char **norm)
{
    int b;

    *norm = v;
    switch (f->type) {
    case MUCADMIN_FIELD_FIXED: return "a fixed field cannot be set";
    case MUCADMIN_FIELD_BOOLEAN:
        if ((b = parse_bool(v)) < 0)
            return "not a boolean (true/false, 1/0, yes/no, on/off)";
        *norm = b ? "1" : "0";
        return NULL;
    case MUCADMIN_FIELD_LIST_SINGLE:
    case MUCADMIN_FIELD_LIST_MULTI:
        return has_option(f, v) ? NULL : "not one of the field's options";
    case MUCADMIN_FIELD_JID_SINGLE:
    case MUCADMIN_FIELD_JID_MULTI:
        return !*v || mucadmin_jid_valid(v, 0) ? NULL : "not a valid JID";
    default: break;
    }
    if (is_int_type(f->datatype) && !is_integer(v))
        return "not an integer";
    if (f->datatype && strcmp(f->datatype, "xs:boolean") == 0) {
        if ((b = parse_bool(v)) < 0)
            return "not a boolean (true/false, 1/0, yes/no, on/off)";
        *norm = b ? "1" : "0";
    }
    if (f->datatype && strcmp(f->datatype, "xs:language") == 0 &&
        !is_language(v))
        return "not a language tag (such as en or pt-BR)";
    if (strchr(v, '\n') && !is_multi(f->type))
        return "a single-value field cannot hold several lines";
    return NULL;
}

mucadmin_status_t mucadmin_form_set(mucadmin_form_t *f, const char *var,
                                    const char *value, const char **why)
{
    struct form_field *fl;
    char **vals = NULL, *copy, *line, *save = NULL;
    size_t n = 0;
    const char *err = NULL, *norm;
    int i;

    if (why)
        *why = NULL;
    if (!f || !var || !value)
        return MUCADMIN_E_INVALID;
    if ((i = mucadmin_form_find(f, var)) < 0)
        return MUCADMIN_E_NOTFOUND;
    fl = &f->fields[i];
    if (!(copy = strdup(value)))
        return MUCADMIN_E_NOMEM;
    if (is_multi(fl->type)) {
        for (line = strtok_r(copy, "\n", &save); line && !err;
             line = strtok_r(NULL, "\n", &save)) {
            if (!(err = check_value(fl, line, &norm)) &&
                mca_strv_push(&vals, &n, norm))
                err = "out of memory";
        }
    } else if (!(err = check_value(fl, copy, &norm)) &&
               mca_strv_push(&vals, &n, norm)) {
        err = "out of memory";
    }
    free(copy);
    if (err) {
        mca_strv_free(vals, n);
        if (why)
            *why = err;
        return strcmp(err, "out of memory") ? MUCADMIN_E_VALUE
                                            : MUCADMIN_E_NOMEM;
    }
    mca_strv_free(fl->values, fl->nvalues);
    fl->values = vals;
    fl->nvalues = n;
    return MUCADMIN_OK;
}

static void submit_field(strbuf_t *b, const struct form_field *f)
{
    size_t j;

    if (!f->nvalues) {
        mca_sb_add(b, "<field");
        mca_sb_attr(b, "var", f->var);
        mca_sb_add(b, "/>");
        return;
    }
    mca_sb_add(b, "<field");
    mca_sb_attr(b, "var", f->var);
    mca_sb_add(b, ">");
    for (j = 0; j < f->nvalues; j++)
        mca_sb_elem(b, "value", f->values[j]);
    mca_sb_add(b, "</field>");
}

static int listed(const char *var, const char *const *vars, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(var, vars[i]) == 0)
            return 1;
    return 0;
}

static char *submit(const mucadmin_form_t *f, const char *const *vars, size_t n)
{
    strbuf_t b = { 0 };
    size_t i;

    mca_sb_add(&b, "<x xmlns='jabber:x:data' type='submit'>");
    for (i = 0; f && i < f->nfields; i++) {
        const struct form_field *fl = &f->fields[i];

        if (!fl->var || fl->type == MUCADMIN_FIELD_FIXED)
            continue;
        if (vars && strcmp(fl->var, "FORM_TYPE") != 0 &&
            !listed(fl->var, vars, n))
            continue;
        submit_field(&b, fl);
    }
    mca_sb_add(&b, "</x>");
    return mca_sb_take(&b);
}

char *mucadmin_form_submit_xml(const mucadmin_form_t *f)
{
    return submit(f, NULL, 0);
}

char *mca_form_submit_xml_vars(const mucadmin_form_t *f,
                               const char *const *vars, size_t n)
{
    static const char *const none[] = { "" };

    return submit(f, n ? vars : none, n);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The field's values as one comparable string: booleans as 0/1, single
 * fields without a value as "", unordered multi fields sorted. */
static char *normal_value(const struct form_field *f,
                          mucadmin_field_type_t type)
{
    strbuf_t b = { 0 };
    char **v;
    size_t i;

    if (type == MUCADMIN_FIELD_BOOLEAN) {
        mca_sb_add(&b, f->nvalues && parse_bool(f->values[0]) == 1 ? "1" : "0");
        return mca_sb_take(&b);
    }
    if (!is_multi(type)) {
        mca_sb_add(&b, f->nvalues ? f->values[0] : "");
        return mca_sb_take(&b);
    }
    v = malloc((f->nvalues + 1) * sizeof(*v));
    if (!v)
        return NULL;
    if (f->nvalues) /* values may be NULL then: memcpy's UB */
        memcpy(v, f->values, f->nvalues * sizeof(*v));
    if (type != MUCADMIN_FIELD_TEXT_MULTI)
        qsort(v, f->nvalues, sizeof(*v), cmp_str);
    for (i = 0; i < f->nvalues; i++) {
        mca_sb_add(&b, v[i]);
        mca_sb_add(&b, "\n");
    }
    free(v);
    return mca_sb_take(&b);
}

int mca_form_same_value(const mucadmin_form_t *a, const mucadmin_form_t *b,
                        const char *var)
{
    int i = mucadmin_form_find(a, var), j = mucadmin_form_find(b, var);
    mucadmin_field_type_t t;
    char *x, *y;
    int same;

    if (i < 0 || j < 0)
        return i < 0 && j < 0;
    /* Submit forms carry no types: a typed side says how to compare. */
    t = a->fields[i].type;
    if (t == MUCADMIN_FIELD_TEXT_SINGLE)
        t = b->fields[j].type;
    x = normal_value(&a->fields[i], t);
    y = normal_value(&b->fields[j], t);
    same = x && y && strcmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}

size_t mucadmin_form_diff(const mucadmin_form_t *a, const mucadmin_form_t *b,
                          const char ***vars)
{
    const char **out;
    size_t i, n = 0;

    if (vars)
        *vars = NULL;
    if (!a)
        return 0;
    out = malloc((a->nfields + 1) * sizeof(*out));
    if (!out)
        return 0;
    for (i = 0; i < a->nfields; i++) {
        const struct form_field *f = &a->fields[i];

        if (!f->var || f->type == MUCADMIN_FIELD_FIXED)
            continue;
        if (!mca_form_same_value(a, b, f->var))
            out[n++] = f->var;
    }
    if (vars)
        *vars = out;
    else
        free(out);
    return n;
}
