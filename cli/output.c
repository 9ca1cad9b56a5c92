/* SPDX-License-Identifier: MIT */
/*
 * output.c - the one emitter of results, in the manner of notmuch's
 * sprinter: JSON is streamed as it comes, human tables are buffered until
 * their end so that columns can be aligned.
 */
#define _GNU_SOURCE /* vasprintf */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "server/xutil.h"

#define OUT_DEPTH 8

enum kind { K_TABLE, K_RECORD, K_RESULT };

struct level {
    enum kind kind;
    int items;   /* members or rows written so far (JSON commas) */
    bool hidden; /* human form prints nothing of it */
};

struct out {
    bool json, quiet;
    FILE *fp;
    struct level st[OUT_DEPTH];
    int depth;
    /* Human table being collected: ncols keys, rows of cells. */
    char **heads;
    size_t ncols;
    char **cells;
    size_t ncells, cap;
    bool in_table, heads_done;
    /* Human record lines being collected. */
    char **keys, **vals;
    size_t nlines, lcap;
};

struct out *out_new_fp(const struct cli *cli, FILE *fp)
{
    struct out *o = calloc(1, sizeof(*o));

    if (!o)
        out_of_memory();
    o->json = cli->json;
    o->quiet = cli->quiet;
    o->fp = fp;
    return o;
}

struct out *out_new(const struct cli *cli)
{
    return out_new_fp(cli, stdout);
}

/* The length of a control character at p (C0, DEL, or C1 in UTF-8, which
 * terminals may take for the start of an escape sequence), or 0. */
static int control_len(const unsigned char *p)
{
    if (*p < 0x20 || *p == 0x7f)
        return 1;
    if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
        return 2;
    return 0;
}

void json_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        case '\t': fputs("\\t", fp); break;
        default:
            if (control_len(p) == 2)
                fprintf(fp, "\\u%04x", *++p);
            else if (control_len(p))
                fprintf(fp, "\\u%04x", *p);
            else
                fputc(*p, fp);
        }
    }
    fputc('"', fp);
}

char *term_safe(const char *s, bool blank_space)
{
    size_t n = 1;
    char *out, *q;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += control_len(p) ? 4 : 1;
    if (!(q = out = malloc(n)))
        out_of_memory();
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int c = control_len(p);

        if (c && blank_space && (*p == '\t' || *p == '\n' || *p == '\r'))
            *q++ = ' ';
        else if (c)
            q += sprintf(q, "\\x%02x", c == 2 ? *++p : *p);
        else
            *q++ = (char)*p;
    }
    *q = '\0';
    return out;
}

void term_fputs(const char *s, FILE *fp)
{
    char *safe = term_safe(s, false);

    fputs(safe, fp);
    free(safe);
}

/* Display width: UTF-8 continuation bytes take no column. */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            w++;
    return w;
}

static void flush_record(struct out *o)
{
    size_t kw = 0;

    for (size_t i = 0; i < o->nlines; i++)
        if (width(o->keys[i]) > kw)
            kw = width(o->keys[i]);
    for (size_t i = 0; i < o->nlines; i++) {
        fprintf(o->fp, "%s:%*s %s\n", o->keys[i], (int)(kw - width(o->keys[i])),
                "", o->vals[i]);
        free(o->keys[i]);
        free(o->vals[i]);
    }
    o->nlines = 0;
}

static void print_row(struct out *o, char **row, const size_t *w)
{
    for (size_t c = 0; c < o->ncols; c++) {
        const char *s = row[c] ? row[c] : "-";
        if (c + 1 == o->ncols)
            fprintf(o->fp, "%s\n", s);
        else
            fprintf(o->fp, "%s%*s  ", s, (int)(w[c] - width(s)), "");
    }
}

static void flush_table(struct out *o)
{
    size_t nrows = o->ncols ? o->ncells / o->ncols : 0;
    size_t *w = calloc(o->ncols + 1, sizeof(*w));

    if (w && nrows > 0) {
        for (size_t c = 0; c < o->ncols; c++) {
            for (char *p = o->heads[c]; *p; p++)
                *p = (char)toupper((unsigned char)*p);
            w[c] = width(o->heads[c]);
            for (size_t r = 0; r < nrows; r++) {
                const char *s = o->cells[r * o->ncols + c];
                if (width(s ? s : "-") > w[c])
                    w[c] = width(s ? s : "-");
            }
        }
        print_row(o, o->heads, w);
        for (size_t r = 0; r < nrows; r++)
            print_row(o, o->cells + r * o->ncols, w);
    }
    free(w);
    for (size_t i = 0; i < o->ncells; i++)
        free(o->cells[i]);
    for (size_t i = 0; i < o->ncols; i++)
        free(o->heads[i]);
    free(o->heads);
    o->heads = NULL;
    o->ncols = o->ncells = 0;
    o->in_table = o->heads_done = false;
}

void out_free(struct out *o)
{
    if (!o)
        return;
    while (o->depth > 0)
        out_end(o);
    flush_record(o);
    free(o->cells);
    free(o->keys);
    free(o->vals);
    fflush(o->fp);
    free(o);
}

static struct level *top(struct out *o)
{
    return o->depth ? &o->st[o->depth - 1] : NULL;
}

static bool hidden(struct out *o)
{
    return o->depth && top(o)->hidden;
}

/* JSON: the comma and key before a new member or element. */
static void json_member(struct out *o, const char *key)
{
    struct level *t = top(o);

    if (!t)
        return;
    if (t->items++)
        fputc(',', o->fp);
    if (t->kind != K_TABLE && key) {
        json_string(o->fp, key);
        fputc(':', o->fp);
    }
}

static void begin(struct out *o, enum kind kind, const char *key)
{
    struct level *parent = top(o);
    bool hide = (parent && parent->hidden) || kind == K_RESULT;

    if (o->depth == OUT_DEPTH)
        abort(); /* a programming error: results are shallow */
    if (o->json) {
        json_member(o, key);
        fputc(kind == K_TABLE ? '[' : '{', o->fp);
    } else if (!hide && kind == K_TABLE) {
        flush_record(o);
        o->in_table = true;
    }
    o->st[o->depth++] = (struct level){ kind, 0, hide };
}

void out_table(struct out *o, const char *key)
{
    begin(o, K_TABLE, key);
}
void out_record(struct out *o, const char *key)
{
    begin(o, K_RECORD, key);
}
void out_result(struct out *o, const char *key)
{
    begin(o, K_RESULT, key);
}

void out_end(struct out *o)
{
    struct level *t = top(o);

    if (!t)
        return;
    if (o->json) {
        fputc(t->kind == K_TABLE ? ']' : '}', o->fp);
        if (o->depth == 1)
            fputc('\n', o->fp);
    } else if (!t->hidden && t->kind == K_TABLE) {
        flush_table(o);
    } else if (!t->hidden && o->depth > 1 &&
               o->st[o->depth - 2].kind == K_TABLE) {
        o->heads_done = true; /* a row ended */
    } else if (!t->hidden && o->depth == 1) {
        flush_record(o);
    }
    o->depth--;
}

/* Human form: the value as a table cell or a record line; takes val. */
static void human(struct out *o, const char *key, char *val)
{
    if (hidden(o) || !key) {
        free(val);
        return;
    }
    /* A tab or newline from the server must not break the alignment,
     * nor may its escape sequences reach the terminal. */
    if (val) {
        char *safe = term_safe(val, true);
        free(val);
        val = safe;
    }
    if (o->in_table) {
        if (!o->heads_done) { /* the first row names the columns */
            char **h = realloc(o->heads, (o->ncols + 1) * sizeof(*h));
            if (!h)
                out_of_memory();
            o->heads = h;
            o->heads[o->ncols++] = strdup(key);
        }
        if (o->ncells == o->cap) {
            o->cap = o->cap ? 2 * o->cap : 64;
            o->cells = realloc(o->cells, o->cap * sizeof(*o->cells));
            if (!o->cells)
                out_of_memory();
        }
        o->cells[o->ncells++] = val;
        return;
    }
    if (o->nlines == o->lcap) {
        o->lcap = o->lcap ? 2 * o->lcap : 16;
        o->keys = realloc(o->keys, o->lcap * sizeof(*o->keys));
        o->vals = realloc(o->vals, o->lcap * sizeof(*o->vals));
        if (!o->keys || !o->vals)
            out_of_memory();
    }
    o->keys[o->nlines] = strdup(key);
    o->vals[o->nlines++] = val ? val : strdup("-");
}

void out_str(struct out *o, const char *key, const char *val)
{
    if (o->json) {
        json_member(o, key);
        if (val)
            json_string(o->fp, val);
        else
            fputs("null", o->fp);
        return;
    }
    human(o, key, val ? strdup(val) : NULL);
}

void out_json_str(struct out *o, const char *key, const char *val)
{
    if (o->json)
        out_str(o, key, val);
}

void out_bool(struct out *o, const char *key, bool val)
{
    if (o->json) {
        json_member(o, key);
        fputs(val ? "true" : "false", o->fp);
        return;
    }
    human(o, key, strdup(val ? "yes" : "no"));
}

void out_int(struct out *o, const char *key, long long val)
{
    char buf[32];

    if (o->json) {
        json_member(o, key);
        fprintf(o->fp, "%lld", val);
        return;
    }
    snprintf(buf, sizeof(buf), "%lld", val);
    human(o, key, strdup(buf));
}

void out_strv(struct out *o, const char *key, const char *const *vals, size_t n)
{
    if (o->json) {
        json_member(o, key);
        fputc('[', o->fp);
        for (size_t i = 0; i < n; i++) {
            if (i)
                fputc(',', o->fp);
            json_string(o->fp, vals[i]);
        }
        fputc(']', o->fp);
        return;
    }
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(vals[i]) + 2;
    char *s = malloc(len);
    if (!s)
        out_of_memory();
    s[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(s, ", ");
        strcat(s, vals[i]);
    }
    human(o, key, n ? s : NULL);
    if (!n)
        free(s);
}

void out_say(struct out *o, const char *fmt, ...)
{
    va_list ap;
    char *line;

    if (o->json || o->quiet)
        return;
    va_start(ap, fmt);
    if (vasprintf(&line, fmt, ap) < 0)
        out_of_memory();
    va_end(ap);
    term_fputs(line, o->fp); /* it may name what the server said */
    free(line);
    fputc('\n', o->fp);
}
