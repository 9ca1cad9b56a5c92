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

/* Each block carries its size, so that growth is counted exactly, and
 * room for the link of a pool's list. */
typedef union {
    struct {
        size_t size;
        void *next;
    } h;
    max_align_t align;
} block_t;

/*
 * libstrophe allocates a received stanza piece by piece (each element,
 * its name, its attribute table, keys and values, then the stanza's text
 * for the log), about 700 blocks for a room's disco#info, and frees them
 * together once it is handled.  glibc's per-thread cache keeps 7 blocks
 * of a size, so the rest took malloc's slow paths: 27 % of the
 * instructions of rooms --all --long over 10,000 rooms.  Freed blocks of
 * up to POOL_MAX bytes are kept on a list per size class and given out
 * again, at most POOL_HELD bytes of them; the lists are freed with the
 * session.  Under AddressSanitizer or valgrind every block is malloc's,
 * so that their checks still see how libstrophe uses it.
 */
#define POOL_STEP 16
#define POOL_MAX (MCA_POOL_CLASSES * POOL_STEP)
#define POOL_HELD (2u << 20)

#if defined(__SANITIZE_ADDRESS__)
#define POOL_OFF 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_OFF 1
#endif
#endif
#if !defined(POOL_OFF) && defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define POOL_OFF RUNNING_ON_VALGRIND
#endif
#endif
#ifndef POOL_OFF
#define POOL_OFF 0
#endif

/* The size class of a block of size bytes (0: not pooled). */
static size_t pool_class(size_t size)
{
    return size > POOL_MAX ? 0 : size ? (size + POOL_STEP - 1) / POOL_STEP : 1;
}

/* What a block of size bytes is allocated with: its class's whole size,
 * so that any block of the class can serve the next request of it. */
static size_t capacity(size_t size)
{
    size_t c = pool_class(size);

    return c ? c * POOL_STEP : size;
}

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
    mucadmin_session_t *s = ud;
    size_t c = pool_class(size);
    block_t *b = c ? s->pool[c - 1] : NULL;

    if (b) {
        s->pool[c - 1] = b->h.next;
        s->pool_held -= c * POOL_STEP;
    } else if (!(b = malloc(sizeof(*b) + capacity(size)))) {
        return NULL;
    }
    b->h.size = size;
    grow(s, size);
    return b + 1;
}

static void guard_free(void *p, void *ud)
{
    mucadmin_session_t *s = ud;
    block_t *b = p;
    size_t c;

    if (!p)
        return;
    b--;
    shrink(s, b->h.size);
    c = pool_class(b->h.size);
    if (c && !s->pool_off && s->pool_held + c * POOL_STEP <= POOL_HELD) {
        b->h.next = s->pool[c - 1];
        s->pool[c - 1] = b;
        s->pool_held += c * POOL_STEP;
        return;
    }
    free(b);
}

static void *guard_realloc(void *p, size_t size, void *ud)
{
    block_t *b = p, *n;
    size_t old;

    if (!p)
        return guard_alloc(size, ud);
    b--;
    old = b->h.size;
    if (!(n = realloc(b, sizeof(*n) + capacity(size))))
        return NULL;
    n->h.size = size;
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
    s->pool_off = POOL_OFF;
}

void mca_guard_free(mucadmin_session_t *s)
{
    block_t *b;
    size_t c;

    for (c = 0; c < MCA_POOL_CLASSES; c++) {
        while ((b = s->pool[c])) {
            s->pool[c] = b->h.next;
            free(b);
        }
    }
    s->pool_held = 0;
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
