/* SPDX-License-Identifier: MIT */
/*
 * drop.c - when the server does not answer: a stopped server (SIGSTOP)
 * gives MUCADMIN_E_TIMEOUT, a cancelled batch MUCADMIN_E_CANCELLED (the
 * session staying usable), and a connection lost in the middle of a
 * pipelined batch fails every pending request with MUCADMIN_E_CONNECT.
 * The server process (--kill PID, started by the suite for this alone) is
 * stopped, continued and at last killed.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "common.h"

static pid_t victim;
static const char *const persist_var[] = { "muc#roomconfig_persistentroom" };
static const char *const persist_val[] = { "1" };
static int sent, lost, cancels;

static void log_cb(void *ud, mucadmin_log_t kind, const char *text)
{
    if (kind == MUCADMIN_LOG_SENT && strstr(text, "cancel0@") && !cancels++)
        mucadmin_session_cancel(ud);
    if (kind == MUCADMIN_LOG_SENT && strstr(text, "drop0@") && !sent++)
        kill(victim, SIGKILL);
}

/* Whether every thread of pid is stopped: kill() returns before a
 * multi-threaded server (ejabberd's beam) has stopped on every core, and
 * an answer could still leave it (suite 43 saw one under load). */
static int all_stopped(pid_t pid)
{
    char path[320], line[512];
    struct dirent *e;
    int stopped = 1;
    DIR *d;

    snprintf(path, sizeof(path), "/proc/%ld/task", (long)pid);
    if (!(d = opendir(path)))
        return 1; /* no /proc: nothing to wait for */
    while (stopped && (e = readdir(d))) {
        FILE *f;
        char *paren;

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "/proc/%ld/task/%s/stat", (long)pid,
                 e->d_name);
        if (!(f = fopen(path, "r")))
            continue;
        if (fgets(line, sizeof(line), f) && (paren = strrchr(line, ')')))
            stopped = paren[1] == ' ' && paren[2] == 'T';
        fclose(f);
    }
    closedir(d);
    return stopped;
}

static void stop_victim(void)
{
    struct timespec ms = { 0, 1000000 };

    kill(victim, SIGSTOP);
    for (int i = 0; i < 5000 && !all_stopped(victim); i++)
        nanosleep(&ms, NULL);
}

static void test_timeout(mucadmin_session_t *s, const char *room)
{
    mucadmin_info_t *info = NULL;
    mucadmin_session_t *late;
    mucadmin_status_t st;
    int keep;

    mucadmin_session_set_timeout(s, 400);
    stop_victim();
    expect(s, mucadmin_room_info_get(s, room, &info), MUCADMIN_E_TIMEOUT,
           "a stopped server: E_TIMEOUT");
    keep = session_timeout_ms;
    session_timeout_ms = 400;
    late = session("user2", "password", &st);
    session_timeout_ms = keep;
    mucadmin_session_free(late);
    CHECK(st == MUCADMIN_E_TIMEOUT, "connecting to a stopped server");
    kill(victim, SIGCONT);
    mucadmin_session_set_timeout(s, 10000);
    expect(s, mucadmin_room_info_get(s, room, &info), MUCADMIN_OK,
           "continued: the next request works (late answer ignored)");
    mucadmin_info_free(info);
}

static void test_cancel(mucadmin_session_t *s, const char *room)
{
    mucadmin_batch_t *b = mucadmin_batch_new();
    mucadmin_info_t *info = NULL;
    char jid[64];
    size_t i, n = 0, ok = 0;

    for (i = 0; i < 300; i++) {
        snprintf(jid, sizeof(jid), "cancel%zu@localhost", i);
        mucadmin_batch_add(b, jid, MUCADMIN_AFF_MEMBER, NULL, NULL);
    }
    expect(s, mucadmin_batch_apply(s, room, b, 0), MUCADMIN_E_CANCELLED,
           "a batch cancelled while it is sent: E_CANCELLED");
    for (i = 0; i < 300; i++) {
        n += mucadmin_batch_status(b, i) == MUCADMIN_E_CANCELLED;
        ok += mucadmin_batch_status(b, i) == MUCADMIN_OK;
    }
    /* The cancel comes as the first change is sent; the changes already
     * in flight (at most one window of 128) may have been answered in the
     * meantime, the rest must not have been sent at all. */
    CHECK(n + ok == 300, "each item either applied or cancelled");
    CHECK(n >= 300 - 128, "every item not yet answered is cancelled");
    expect(s, mucadmin_room_info_get(s, room, &info), MUCADMIN_OK,
           "after a cancel the session works");
    mucadmin_info_free(info);
    mucadmin_batch_free(b);
}

static void event_cb(void *ud, mucadmin_event_t ev, const char *room,
                     const char *text)
{
    if (ev == MUCADMIN_EVENT_DISCONNECTED)
        lost++;
}

int main(int argc, char **argv)
{
    mucadmin_session_t *s;
    mucadmin_batch_t *b;
    mucadmin_status_t st;
    char jid[64], room[128];
    size_t i, failed = 0;
    int kargc = 0;

    for (i = 1; i + 1 < (size_t)argc; i++)
        if (strcmp(argv[i], "--kill") == 0)
            victim = (pid_t)atoi(argv[i + 1]), kargc = (int)i;
    if (!victim) {
        fprintf(stderr, "usage: drop --kill PID --port N ...\n");
        return 2;
    }
    memmove(&argv[kargc], &argv[kargc + 2],
            (size_t)(argc - kargc - 1) * sizeof(*argv));
    if (parse_options(argc - 2, argv))
        return 2;
    s = login("user", "Dropper");
    snprintf(room, sizeof(room), "drop-%ld@conference.%s", (long)getpid(),
             domain);
    /* Persistent: a temporary room goes when create leaves it, and
     * ejabberd may drop a join that reaches it while it goes. */
    expect(s, mucadmin_room_create(s, room, persist_var, persist_val, 1),
           MUCADMIN_OK, "create a room");
    expect(s, mucadmin_room_join(s, room), MUCADMIN_OK, "stay in it");
    test_timeout(s, room);
    mucadmin_session_set_log(s, log_cb, s);
    test_cancel(s, room);
    mucadmin_session_set_event_callback(s, event_cb, NULL);
    b = mucadmin_batch_new();
    for (i = 0; i < 200; i++) {
        snprintf(jid, sizeof(jid), "drop%zu@localhost", i);
        mucadmin_batch_add(b, jid, MUCADMIN_AFF_MEMBER, NULL, NULL);
    }
    st = mucadmin_batch_apply(s, room, b, 0);
    for (i = 0; i < mucadmin_batch_count(b); i++)
        failed += mucadmin_batch_status(b, i) == MUCADMIN_E_CONNECT;
    printf("  %zu of 200 failed with E_CONNECT; call: %s\n", failed,
           mucadmin_strerror(st));
    CHECK(sent == 1, "the server was killed mid-batch");
    CHECK(st == MUCADMIN_E_CONNECT || st == MUCADMIN_E_PARTIAL,
          "the batch reports the lost connection");
    CHECK(failed > 0 && mucadmin_batch_status(b, 199) == MUCADMIN_E_CONNECT,
          "pending changes fail with E_CONNECT");
    CHECK(!mucadmin_session_is_connected(s), "no longer connected");
    CHECK(lost == 1, "DISCONNECTED event");
    CHECK(mucadmin_room_info_get(s, room, &(mucadmin_info_t *){ NULL }) ==
              MUCADMIN_E_NOTCONN,
          "later requests: E_NOTCONN");
    mucadmin_batch_free(b);
    mucadmin_session_free(s);
    return check_done();
}
