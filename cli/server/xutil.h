/* SPDX-License-Identifier: MIT */
/*
 * xutil.h - small helpers shared by the server core: aborting allocators
 * and a growable string buffer.
 */
#ifndef MUCSRV_XUTIL_H
#define MUCSRV_XUTIL_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);          /* NULL stays NULL */
char *xstrndup(const char *s, size_t n);

struct sbuf {
    char *data;     /* NUL-terminated once anything was added */
    size_t len, cap;
};

void sbuf_add(struct sbuf *b, const char *s, size_t len);
void sbuf_puts(struct sbuf *b, const char *s);
/* Append s with &, <, >, " and ' escaped. */
void sbuf_escape(struct sbuf *b, const char *s);

#endif
