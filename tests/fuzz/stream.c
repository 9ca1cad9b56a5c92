/* SPDX-License-Identifier: MIT */
/* stream.c - libFuzzer target: bytes into the mini server's c2s streams. */
/*
 * The input is what two clients send, in segments separated by NUL bytes
 * (never valid in XML, so no loss): segment k goes to client k % 2 as one
 * read, so stanzas split at any boundary are covered.  Each client is a
 * real c2s session on one end of a socketpair, driven through c2s_io() as
 * the event loop would; the server has STARTTLS (a generated certificate),
 * the account romeo/secret, any password for the others off, and the MUC
 * service without a data file.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../cli/server/core.h"
#include "../../cli/server/muc.h"
#include "../../cli/server/sasl.h"
#include "../../cli/server/tls.h"

#define NCLIENTS 2

static const char *const admins[] = { "admin@localhost", NULL };
static struct srv_config cfg = {
    .bind = "127.0.0.1",
    .domain = "localhost",
    .muc_domain = "conference.localhost",
    .admins = admins,
    .tls = 1,
};
static struct sasl_db *db;
static SSL_CTX *tls;
static char *tmpdir;

static void at_exit(void)
{
    if (tls)
        SSL_CTX_free(tls);
    sasl_db_free(db);
    tls_cleanup(tmpdir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    signal(SIGPIPE, SIG_IGN);
    /* Accounts are salted once: PBKDF2 per input would be the whole cost. */
    db = sasl_db_new(false);
    sasl_db_add(db, "romeo", "secret");
    sasl_db_add(db, "admin", "secret");
    sasl_db_add(db, "juliet", "secret");
    tls = tls_ctx_new(NULL, NULL, cfg.domain, cfg.muc_domain, &tmpdir);
    if (!tls)
        abort();
    atexit(at_exit);
    return 0;
}

/* Read and drop whatever the server wrote to a client. */
static void drain(int fd)
{
    char buf[65536];

    while (read(fd, buf, sizeof(buf)) > 0)
        ;
}

static void send_to(struct server *s, struct c2s **cl, int *peer, int k,
                    const uint8_t *data, size_t len)
{
    while (len && cl[k] && !cl[k]->conn.dead) {
        ssize_t w = write(peer[k], data, len);

        if (w <= 0)
            break;
        data += w;
        len -= (size_t)w;
        c2s_io(cl[k]);
        for (int i = 0; i < NCLIENTS; i++)
            if (peer[i] >= 0)
                drain(peer[i]);
    }
    /* Held login attempts: their timers fire (no waiting here). */
    for (int i = 0; i < NCLIENTS; i++)
        if (cl[i] && cl[i]->held)
            c2s_auth_release(cl[i]);
    /* Output routed to the others: let them flush as POLLOUT would. */
    for (int i = 0; i < NCLIENTS; i++) {
        if (cl[i] && !cl[i]->conn.dead)
            c2s_io(cl[i]);
        if (peer[i] >= 0)
            drain(peer[i]);
    }
    for (int i = 0; i < NCLIENTS; i++)
        if (cl[i] && cl[i]->conn.dead) {
            c2s_free(cl[i]);
            cl[i] = NULL;
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct server s = { 0 };
    struct c2s *cl[NCLIENTS] = { 0 };
    int peer[NCLIENTS], sv[2], k = 0;
    const uint8_t *p = data, *end = data + size, *nul;

    s.cfg = &cfg;
    s.db = db;
    s.tls = tls;
    s.listen_fd = -1;
    s.handshake_timeout = 60;
    s.idle_timeout = 900;
    s.muc = muc_new(&s, &cfg);
    if (!s.muc)
        abort();
    for (int i = 0; i < NCLIENTS; i++) {
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
                       sv) != 0)
            abort();
        cl[i] = c2s_new(&s, sv[0]);
        peer[i] = sv[1];
    }
    while (p < end) {
        nul = memchr(p, '\0', (size_t)(end - p));
        if (!nul)
            nul = end;
        send_to(&s, cl, peer, k % NCLIENTS, p, (size_t)(nul - p));
        k++;
        p = nul + 1;
    }
    /* The clients vanish: end of stream, then the sessions go. */
    for (int i = 0; i < NCLIENTS; i++) {
        close(peer[i]);
        if (cl[i] && !cl[i]->conn.dead)
            c2s_io(cl[i]);
    }
    while (s.sessions)
        c2s_free(s.sessions);
    strmap_clear(&s.by_full);
    strmap_clear(&s.by_bare);
    muc_free(s.muc);
    return 0;
}
