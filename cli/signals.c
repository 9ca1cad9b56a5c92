/* SPDX-License-Identifier: MIT */
/*
 * signals.c - SIGINT and SIGTERM: one flag, which every library session
 * of the program watches (mucadmin_session_set_interrupt), so that no
 * stage of a command, connecting included, goes on after ^C.
 */
#include <signal.h>
#include <stddef.h>

#include "session.h"

static volatile sig_atomic_t interrupted;
static mucadmin_session_t *volatile watched;

static void on_signal(int sig)
{
    interrupted = sig;
    /* The flag cannot stop a TLS handshake in progress; this can. */
    if (watched)
        mucadmin_session_cancel(watched);
}

void cli_signals_watch(mucadmin_session_t *s)
{
    watched = s;
}

void cli_signals_catch(struct cli_signals *old)
{
    struct sigaction sa = { .sa_handler = on_signal };

    /* No SA_RESTART: a blocking read (a prompt) returns at once.  Caught
     * even when inherited ignored, as a background job's SIGINT is. */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, old ? &old->intr : NULL);
    sigaction(SIGTERM, &sa, old ? &old->term : NULL);
}

void cli_signals_restore(const struct cli_signals *old)
{
    sigaction(SIGINT, &old->intr, NULL);
    sigaction(SIGTERM, &old->term, NULL);
}

const volatile sig_atomic_t *cli_interrupt_flag(void)
{
    return &interrupted;
}

int cli_interrupted(void)
{
    return interrupted;
}

void cli_interrupt_clear(void)
{
    interrupted = 0;
}
