/* SPDX-License-Identifier: MIT */
/*
 * jsonval.h - a small, strict JSON reader for the journal's lines: one
 * value parsed into a tree, with bounded depth and size, so that a
 * corrupt or hostile line is refused, never a crash.
 */
#ifndef MUCADMIN_CLI_JSONVAL_H
#define MUCADMIN_CLI_JSONVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum jv_type { JV_NULL, JV_BOOL, JV_NUM, JV_STR, JV_ARR, JV_OBJ };

struct jv {
    enum jv_type type;
    bool b;
    double num;
    char *str;        /* JV_STR: the string (NUL-free: one is refused) */
    size_t n;         /* JV_ARR, JV_OBJ: how many items */
    char **keys;      /* JV_OBJ: the member names */
    struct jv *items; /* JV_ARR, JV_OBJ: the values */
};

/* Parse the len bytes at text as one JSON value (white space around it
 * allowed); NULL when it is not one (or deeper than 32 levels). */
struct jv *jv_parse(const char *text, size_t len);
void jv_free(struct jv *v);
/* Member key of object v, or NULL (also when v is not an object). */
const struct jv *jv_get(const struct jv *v, const char *key);
/* The string of member key, or NULL when it is missing or not a string. */
const char *jv_str(const struct jv *v, const char *key);
/* Write v as compact JSON on fp. */
void jv_write(const struct jv *v, FILE *fp);

#endif
