/* SPDX-License-Identifier: MIT */
/*
 * fields.h - short names for the room configuration fields ("membersonly")
 * and the muc#roomconfig_* vars they stand for.
 */
#ifndef MUCADMIN_CLI_FIELDS_H
#define MUCADMIN_CLI_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "mucadmin.h"

/*
 * The var NAME stands for: NAME itself when the form has such a field, else
 * the var of the alias NAME present in the form (form NULL: the standard
 * var of the alias), else NULL.  The result is owned by the form or static.
 */
const char *mucadmin_form_resolve(const mucadmin_form_t *form, const char *name);
/* The short name of var, or NULL. */
const char *mucadmin_field_alias_of(const char *var);
/* The i-th short name (for completion), or NULL past the last. */
const char *mucadmin_field_alias_name(size_t i);
/* Split "FIELD=VALUE": *name and *value are malloc'd.
 * Returns 0, or -1 when there is no '=' or no name. */
int field_split(const char *arg, char **name, char **value);

struct cli;
/*
 * Parse n FIELD=VALUE arguments into vars[] and values[] (arrays of n that
 * the caller gives; filled with malloc'd strings, freed with
 * field_values_free()).  With a form, names are resolved against it and an
 * unknown one is reported with the fields the form offers; without one,
 * aliases are mapped when use_aliases and other names kept.  A value "-"
 * is read as one line from stdin, so that secrets stay off the command
 * line.  Returns EXIT_*.
 */
int field_args(struct cli *cli, const char *room, const mucadmin_form_t *form,
               bool use_aliases, char *const *args, int n, char **vars,
               char **values);
void field_values_free(char **vars, char **values, int n);

struct out;
/* Emit field i's values under key: a boolean, a list for *-multi fields,
 * else a string (null when empty). */
void field_out_value(struct out *o, const char *key, const mucadmin_form_t *f,
                     size_t i);

#endif
