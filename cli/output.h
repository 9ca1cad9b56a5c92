/* SPDX-License-Identifier: MIT */
/*
 * output.h - the one emitter of command results: the same calls give an
 * aligned human table or record, or JSON with --json.
 *
 * A result is a record (JSON object) or a table (JSON array of records,
 * one per row).  In human form a table prints with a header line of its
 * keys in capitals; a record prints as "key: value" lines; a "result"
 * record (the outcome of an action) prints nothing, the sentence given to
 * out_say() standing for it.
 */
#ifndef MUCADMIN_CLI_OUTPUT_H
#define MUCADMIN_CLI_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"

struct out;

struct out *out_new(const struct cli *cli);
/* The same, writing to fp (tests). */
struct out *out_new_fp(const struct cli *cli, FILE *fp);
/* Print what is still buffered and free o; NULL is fine. */
void out_free(struct out *o);

/* Begin a table, a record, or an action's result record; key is the
 * member name inside a record and NULL elsewhere.  A record inside a
 * table is a row. */
void out_table(struct out *o, const char *key);
void out_record(struct out *o, const char *key);
void out_result(struct out *o, const char *key);
void out_end(struct out *o);

/* Members of the current record; val NULL gives null ("-"). */
void out_str(struct out *o, const char *key, const char *val);
void out_bool(struct out *o, const char *key, bool val);
void out_int(struct out *o, const char *key, long long val);
void out_strv(struct out *o, const char *key, const char *const *vals,
              size_t n);
/* A member only JSON has: detail a human table has no room for. */
void out_json_str(struct out *o, const char *key, const char *val);

/* A sentence on stdout in human form, unless --quiet; nothing with --json. */
void out_say(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Write s as a JSON string literal (control characters escaped). */
void json_string(FILE *fp, const char *s);
/* s with its control characters (C0, DEL, C1) written \xHH, malloc'd;
 * blank_space: tab, newline and CR become a space instead.  Everything
 * that came from the network goes through it to the terminal. */
char *term_safe(const char *s, bool blank_space);
/* fputs(s, fp) with s's control characters escaped (term_safe()). */
void term_fputs(const char *s, FILE *fp);

#endif
