/* SPDX-License-Identifier: MIT */
/* guard.c - a hostile server's stream: the memory a stanza may take while
 * it is received, and an unusable stream ends the connection. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"

/*
 * libstrophe builds each received stanza whole, then renders it to text
 * and frees it by recursion: a server nesting 100,000 elements overflowed
 * the stack before any handler of ours ran.  Nothing in libstrophe 0.12
 * reports the depth or the size of the stanza it is parsing, but every
 * byte of it is allocated through the session's context: the allocator
 * below measures how far the context's memory grew since the last stanza
 * was complete.  Between two of libstrophe's turns (4 KiB of input each)
 * a stanza that went over GUARD_STANZA_BYTES ends the connection before
 * it can be complete.  Measured: a nested element costs about 220 bytes
 * and a member list's item about 400, so 8 MiB stops nesting near 38,000
 * levels (the stack held 80,000, under ASan too) and still lets a list
 * of 20,000 members through.
 */
#define GUARD_STANZA_BYTES (8u << 20)

/* Each block carries its size, so that growth is counted exactly. */
typedef union {
    size_t size;
    max_align_t align;
} block_t;

static void grow(mucadmin_session_t *s, size_t n)
{
    s->mem_live += n;
    if (s->mem_live - s->mem_base > GUARD_STANZA_BYTES && !s->broken)
        s->broken = "the server sent a stanza too large or too deeply "
                    "nested (over 8 MiB while parsed)";
}

static void shrink(mucadmin_session_t *s, size_t n)
{
    s->mem_live -= n;
    if (s->mem_live < s->mem_base)
        s->mem_base = s->mem_live;
}

static void *guard_alloc(size_t size, void *ud)
{
    block_t *b = malloc(sizeof(*b) + size);

    if (!b)
        return NULL;
    b->size = size;
    grow(ud, size);
    return b + 1;
}

static void guard_free(void *p, void *ud)
{
    block_t *b = p;

    if (!p)
        return;
    b--;
    shrink(ud, b->size);
    free(b);
}

static void *guard_realloc(void *p, size_t size, void *ud)
{
    block_t *b = p, *n;
    size_t old;

    if (!p)
        return guard_alloc(size, ud);
    b--;
    old = b->size;
    if (!(n = realloc(b, sizeof(*n) + size)))
        return NULL;
    n->size = size;
    if (size > old)
        grow(ud, size - old);
    else
        shrink(ud, old - size);
    return n + 1;
}

void mca_guard_init(mucadmin_session_t *s)
{
    s->mem.alloc = guard_alloc;
    s->mem.free = guard_free;
    s->mem.realloc = guard_realloc;
    s->mem.userdata = s;
}

void mca_guard_stanza_done(mucadmin_session_t *s)
{
    s->mem_base = s->mem_live;
}

void mca_guard_reset(mucadmin_session_t *s)
{
    s->broken = NULL;
    s->broken_closed = 0;
    s->mem_base = s->mem_live;
}

/*
 * After one of libstrophe's turns: a stream found unusable (not
 * well-formed, or a stanza too large) fails every request with a
 * protocol error that says why, and the socket is shut down so that
 * libstrophe ends the connection (after a parse error it only sends a
 * stream error and goes on waiting for the server).
 */
void mca_guard_check(mucadmin_session_t *s)
{
    if (!s->broken || s->broken_closed)
        return;
    s->broken_closed = 1;
    mca_sess_detail(s, "%s; connection closed", s->broken);
    mca_sess_log(s, "%s; closing the connection", s->broken);
    mca_engine_fail_all(s, MUCADMIN_E_PROTOCOL);
    if (s->fd >= 0)
        shutdown(s->fd, SHUT_RDWR);
}
