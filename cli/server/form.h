/* SPDX-License-Identifier: MIT */
/* form.h - XEP-0004 data forms for the mini server: build and read. */
#ifndef MUCSRV_FORM_H
#define MUCSRV_FORM_H

#include <stdbool.h>

#include "xnode.h"

/* Text of a node that may be absent ("" then). */
static inline const char *xtext(const struct xnode *n)
{
    return n ? xnode_text(n) : "";
}

/* <x xmlns='jabber:x:data' type='TYPE'/> appended to parent (if any). */
struct xnode *form_new(struct xnode *parent, const char *type);
/* A field; var/label may be NULL. */
struct xnode *form_field(struct xnode *x, const char *type, const char *var,
                         const char *label);
void form_value(struct xnode *field, const char *value);
void form_desc(struct xnode *field, const char *desc);
void form_option(struct xnode *field, const char *label, const char *value);
/* The field with this var, or NULL. */
const struct xnode *form_find(const struct xnode *x, const char *var);
/* Its first value ("" when it has none), NULL when the field is absent. */
const char *form_get(const struct xnode *x, const char *var);
/* FORM_TYPE's value or NULL. */
const char *form_type(const struct xnode *x);
/* XEP-0004 booleans: 1/true/0/false. */
bool form_bool(const char *v, bool *out);
/* A decimal integer (no junk). */
bool form_int(const char *v, int *out);

#endif
