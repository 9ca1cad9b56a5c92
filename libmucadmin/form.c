/* SPDX-License-Identifier: MIT */
/* form.c - XEP-0004 data forms: parse, read, copy and free. */
#include <stdlib.h>
#include <string.h>

#include "form_int.h"

static const char *const type_names[] = {
    "text-single", "boolean",    "fixed",       "hidden",     "jid-multi",
    "jid-single",  "list-multi", "list-single", "text-multi", "text-private",
};

const char *mucadmin_field_type_name(mucadmin_field_type_t t)
{
    if ((unsigned)t >= sizeof(type_names) / sizeof(type_names[0]))
        return "text-single";
    return type_names[t];
}

static mucadmin_field_type_t type_from_name(const char *name)
{
    size_t i;

    for (i = 0; name && i < sizeof(type_names) / sizeof(type_names[0]); i++)
        if (strcmp(name, type_names[i]) == 0)
            return (mucadmin_field_type_t)i;
    return MUCADMIN_FIELD_TEXT_SINGLE;
}

int mca_strv_push(char ***v, size_t *n, const char *s)
{
    char **p = realloc(*v, (*n + 1) * sizeof(**v));
    char *c = strdup(s ? s : "");

    if (!p || !c) {
        if (p)
            *v = p;
        free(c);
        return -1;
    }
    *v = p;
    p[(*n)++] = c;
    return 0;
}

void mca_strv_free(char **v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void field_free(struct form_field *f)
{
    free(f->var);
    free(f->label);
    free(f->desc);
    free(f->datatype);
    mca_strv_free(f->values, f->nvalues);
    mca_strv_free(f->opt_values, f->noptions);
    mca_strv_free(f->opt_labels, f->noptions);
}

void mucadmin_form_free(mucadmin_form_t *f)
{
    size_t i;

    if (!f)
        return;
    for (i = 0; i < f->nfields; i++)
        field_free(&f->fields[i]);
    free(f->fields);
    free(f->kind);
    free(f->title);
    free(f->instructions);
    free(f);
}

static int parse_option(struct form_field *f, xmpp_stanza_t *o)
{
    char *v = mca_xml_child_text(o, "value");
    const char *label = xmpp_stanza_get_attribute(o, "label");
    int rc;

    rc = mca_strv_push(&f->opt_values, &f->noptions, v ? v : "");
    f->noptions--;
    rc |= mca_strv_push(&f->opt_labels, &f->noptions, label ? label : "");
    free(v);
    return rc;
}

static int parse_field(struct form_field *f, xmpp_stanza_t *fs)
{
    xmpp_stanza_t *c;
    char *t;
    int rc = 0;

    f->type = type_from_name(xmpp_stanza_get_type(fs));
    f->var = mca_xstrdup(xmpp_stanza_get_attribute(fs, "var"));
    f->label = mca_xstrdup(xmpp_stanza_get_attribute(fs, "label"));
    for (c = xmpp_stanza_get_children(fs); c && !rc;
         c = xmpp_stanza_get_next(c)) {
        if (!xmpp_stanza_is_tag(c))
            continue;
        if (mca_xml_is(c, "value")) {
            t = mca_xml_text(c);
            rc = !t || mca_strv_push(&f->values, &f->nvalues, t);
            free(t);
        } else if (mca_xml_is(c, "option")) {
            rc = parse_option(f, c);
        } else if (mca_xml_is(c, "desc")) {
            free(f->desc);
            f->desc = mca_xml_text(c);
        } else if (mca_xml_is(c, "required")) {
            f->required = 1;
        } else if (mca_xml_is(c, "validate")) {
            free(f->datatype);
            f->datatype = mca_xstrdup(xmpp_stanza_get_attribute(c, "datatype"));
        }
    }
    return rc ? -1 : 0;
}

mucadmin_form_t *mca_form_from_stanza(xmpp_stanza_t *x)
{
    mucadmin_form_t *f;
    xmpp_stanza_t *c;
    struct form_field *nf;

    if (!x || !mca_xml_is(x, "x"))
        return NULL;
    f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    f->kind = mca_xstrdup(xmpp_stanza_get_type(x));
    f->title = mca_xml_child_text(x, "title");
    f->instructions = mca_xml_child_text(x, "instructions");
    for (c = xmpp_stanza_get_children(x); c; c = xmpp_stanza_get_next(c)) {
        if (!xmpp_stanza_is_tag(c) || !mca_xml_is(c, "field"))
            continue;
        nf = realloc(f->fields, (f->nfields + 1) * sizeof(*nf));
        if (!nf)
            goto oom;
        f->fields = nf;
        memset(&nf[f->nfields], 0, sizeof(*nf));
        if (parse_field(&nf[f->nfields++], c))
            goto oom;
    }
    return f;
oom:
    mucadmin_form_free(f);
    return NULL;
}

mucadmin_form_t *mucadmin_form_parse(const char *xml, mucadmin_status_t *status)
{
    xmpp_stanza_t *st = mca_xml_parse(xml);
    mucadmin_form_t *f = NULL;
    mucadmin_status_t rc = MUCADMIN_OK;

    if (!st) {
        rc = xml ? MUCADMIN_E_PROTOCOL : MUCADMIN_E_INVALID;
    } else if (!mca_xml_is(st, "x") || !xmpp_stanza_get_ns(st) ||
               strcmp(xmpp_stanza_get_ns(st), NS_DATA) != 0) {
        rc = MUCADMIN_E_PROTOCOL;
    } else if (!(f = mca_form_from_stanza(st))) {
        rc = MUCADMIN_E_NOMEM;
    }
    if (st)
        xmpp_stanza_release(st);
    if (status)
        *status = rc;
    return f;
}

static int strv_copy(char ***dst, char *const *src, size_t n)
{
    size_t i, k = 0;

    *dst = NULL;
    for (i = 0; i < n; i++)
        if (mca_strv_push(dst, &k, src[i]))
            return -1;
    return 0;
}

mucadmin_form_t *mucadmin_form_copy(const mucadmin_form_t *f)
{
    mucadmin_form_t *c;
    size_t i;
    int rc = 0;

    if (!f || !(c = calloc(1, sizeof(*c))))
        return NULL;
    c->kind = mca_xstrdup(f->kind);
    c->title = mca_xstrdup(f->title);
    c->instructions = mca_xstrdup(f->instructions);
    c->fields = calloc(f->nfields ? f->nfields : 1, sizeof(*c->fields));
    if (!c->fields) {
        mucadmin_form_free(c);
        return NULL;
    }
    for (i = 0; i < f->nfields; i++, c->nfields++) {
        const struct form_field *a = &f->fields[i];
        struct form_field *b = &c->fields[i];

        *b = *a;
        b->var = mca_xstrdup(a->var);
        b->label = mca_xstrdup(a->label);
        b->desc = mca_xstrdup(a->desc);
        b->datatype = mca_xstrdup(a->datatype);
        rc |= strv_copy(&b->values, a->values, a->nvalues);
        rc |= strv_copy(&b->opt_values, a->opt_values, a->noptions);
        rc |= strv_copy(&b->opt_labels, a->opt_labels, a->noptions);
    }
    if (rc) {
        mucadmin_form_free(c);
        return NULL;
    }
    return c;
}

const char *mucadmin_form_type(const mucadmin_form_t *f)
{
    return f ? f->kind : NULL;
}

const char *mucadmin_form_namespace(const mucadmin_form_t *f)
{
    int i = mucadmin_form_find(f, "FORM_TYPE");

    if (i < 0 || f->fields[i].nvalues == 0)
        return NULL;
    return f->fields[i].values[0];
}

const char *mucadmin_form_title(const mucadmin_form_t *f)
{
    return f ? f->title : NULL;
}

const char *mucadmin_form_instructions(const mucadmin_form_t *f)
{
    return f ? f->instructions : NULL;
}

size_t mucadmin_form_field_count(const mucadmin_form_t *f)
{
    return f ? f->nfields : 0;
}

int mucadmin_form_find(const mucadmin_form_t *f, const char *var)
{
    size_t i;

    if (!f || !var)
        return -1;
    for (i = 0; i < f->nfields; i++)
        if (f->fields[i].var && strcmp(f->fields[i].var, var) == 0)
            return (int)i;
    return -1;
}

static const struct form_field *field(const mucadmin_form_t *f, size_t i)
{
    return f && i < f->nfields ? &f->fields[i] : NULL;
}

const char *mucadmin_form_field_var(const mucadmin_form_t *f, size_t i)
{
    return field(f, i) ? field(f, i)->var : NULL;
}

mucadmin_field_type_t mucadmin_form_field_type(const mucadmin_form_t *f,
                                               size_t i)
{
    return field(f, i) ? field(f, i)->type : MUCADMIN_FIELD_TEXT_SINGLE;
}

const char *mucadmin_form_field_label(const mucadmin_form_t *f, size_t i)
{
    return field(f, i) ? field(f, i)->label : NULL;
}

const char *mucadmin_form_field_desc(const mucadmin_form_t *f, size_t i)
{
    return field(f, i) ? field(f, i)->desc : NULL;
}

int mucadmin_form_field_required(const mucadmin_form_t *f, size_t i)
{
    return field(f, i) ? field(f, i)->required : 0;
}

const char *mucadmin_form_field_datatype(const mucadmin_form_t *f, size_t i)
{
    return field(f, i) ? field(f, i)->datatype : NULL;
}

size_t mucadmin_form_field_value_count(const mucadmin_form_t *f, size_t i)
{
    return field(f, i) ? field(f, i)->nvalues : 0;
}

const char *mucadmin_form_field_value(const mucadmin_form_t *f, size_t i,
                                      size_t j)
{
    const struct form_field *fl = field(f, i);

    return fl && j < fl->nvalues ? fl->values[j] : NULL;
}

size_t mucadmin_form_field_option_count(const mucadmin_form_t *f, size_t i)
{
    return field(f, i) ? field(f, i)->noptions : 0;
}

const char *mucadmin_form_field_option_value(const mucadmin_form_t *f, size_t i,
                                             size_t j)
{
    const struct form_field *fl = field(f, i);

    return fl && j < fl->noptions ? fl->opt_values[j] : NULL;
}

const char *mucadmin_form_field_option_label(const mucadmin_form_t *f, size_t i,
                                             size_t j)
{
    const struct form_field *fl = field(f, i);

    if (!fl || j >= fl->noptions || !*fl->opt_labels[j])
        return NULL;
    return fl->opt_labels[j];
}
