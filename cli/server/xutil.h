/* SPDX-License-Identifier: MIT */
/*
 * xutil.h - small helpers shared by the server core and the CLI: the
 * allocators (out of memory ends the program, in xutil.c) and a growable
 * string buffer.
 */
#ifndef MUCSRV_XUTIL_H
#define MUCSRV_XUTIL_H

#include <stdarg.h>
#include <stddef.h>

/* The one answer to an allocation failure: a line on stderr, abort(). */
void out_of_memory(void) __attribute__((noreturn));
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s); /* NULL stays NULL */
char *xstrndup(const char *s, size_t n);
/* asprintf() that cannot fail: the string is the caller's. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

struct sbuf {
    char *data; /* NUL-terminated once anything was added */
    size_t len, cap;
};

void sbuf_add(struct sbuf *b, const char *s, size_t len);
void sbuf_puts(struct sbuf *b, const char *s);
/* Append s with &, <, >, " and ' escaped. */
void sbuf_escape(struct sbuf *b, const char *s);

#endif
