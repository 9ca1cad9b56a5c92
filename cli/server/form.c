/* SPDX-License-Identifier: MIT */
/* form.c - XEP-0004 data forms for the mini server: build and read. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"

struct xnode *form_new(struct xnode *parent, const char *type)
{
    struct xnode *x = xnode_new("x", NS_XDATA);

    xnode_set_attr(x, "type", type);
    return parent ? xnode_append(parent, x) : x;
}

struct xnode *form_field(struct xnode *x, const char *type, const char *var,
                         const char *label)
{
    struct xnode *f = xnode_add(x, "field", NS_XDATA);

    xnode_set_attr(f, "type", type);
    xnode_set_attr(f, "var", var);
    xnode_set_attr(f, "label", label);
    return f;
}

void form_value(struct xnode *field, const char *value)
{
    struct xnode *v = xnode_add(field, "value", NS_XDATA);

    if (value && *value)
        xnode_set_text(v, value);
}

void form_desc(struct xnode *field, const char *desc)
{
    xnode_set_text(xnode_add(field, "desc", NS_XDATA), desc);
}

void form_option(struct xnode *field, const char *label, const char *value)
{
    struct xnode *o = xnode_add(field, "option", NS_XDATA);

    xnode_set_attr(o, "label", label);
    form_value(o, value);
}

const struct xnode *form_find(const struct xnode *x, const char *var)
{
    const struct xnode *f;
    const char *v;

    for (f = x ? xnode_child(x, "field", NS_XDATA) : NULL; f;
         f = xnode_next(f, "field", NS_XDATA)) {
        v = xnode_attr(f, "var");
        if (v && !strcmp(v, var))
            return f;
    }
    return NULL;
}

const char *form_get(const struct xnode *x, const char *var)
{
    const struct xnode *f = form_find(x, var);

    if (!f)
        return NULL;
    return xtext(xnode_child(f, "value", NS_XDATA));
}

const char *form_type(const struct xnode *x)
{
    return form_get(x, "FORM_TYPE");
}

bool form_bool(const char *v, bool *out)
{
    if (!v)
        return false;
    if (!strcmp(v, "1") || !strcmp(v, "true")) {
        *out = true;
        return true;
    }
    if (!strcmp(v, "0") || !strcmp(v, "false")) {
        *out = false;
        return true;
    }
    return false;
}

bool form_int(const char *v, int *out)
{
    char *end;
    long n;

    if (!v || !*v)
        return false;
    errno = 0;
    n = strtol(v, &end, 10);
    if (*end || errno || n < 0 || n > 1000000)
        return false;
    *out = (int)n;
    return true;
}
