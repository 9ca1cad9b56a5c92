/* SPDX-License-Identifier: MIT */
/*
 * fields.h - FIELD=VALUE arguments and field values for the commands (the
 * short names of fields are the library's: mucadmin_form_resolve()).
 */
#ifndef MUCADMIN_CLI_FIELDS_H
#define MUCADMIN_CLI_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "mucadmin.h"

/*
 * Rooms mucadmin creates ("create", a rooms file's new rooms) are
 * persistent unless their fields say otherwise: a room nobody is in
 * vanishes at once, and one an administration tool makes is meant to
 * stay.  The var a new room gets, with FIELD_CREATE_VALUE, when none of
 * vars (n of them) is it; NULL when one is.
 */
const char *field_create_default(const char *const *vars, size_t n);
#define FIELD_CREATE_VALUE "1"
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
