/* SPDX-License-Identifier: MIT */
/* form_int.h - the data form structure shared by form.c and form_set.c. */
#ifndef MUCADMIN_FORM_INT_H
#define MUCADMIN_FORM_INT_H

#include "internal.h"

struct form_field {
    char *var, *label, *desc, *datatype;
    mucadmin_field_type_t type;
    int required;
    char **values;
    size_t nvalues;
    char **opt_values, **opt_labels; /* labels "" when absent */
    size_t noptions;
};

struct mucadmin_form {
    char *kind, *title, *instructions;
    struct form_field *fields;
    size_t nfields;
};

int mca_strv_push(char ***v, size_t *n, const char *s);
void mca_strv_free(char **v, size_t n);

#endif
