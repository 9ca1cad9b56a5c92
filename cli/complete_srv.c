/* SPDX-License-Identifier: MIT */
/*
 * complete_srv.c - server data for completion.  A Tab must never prompt
 * for a password or print errors over the line being edited, so the
 * connection is only made when it needs no prompt, stderr is muted while
 * asking, and answers are kept for CACHE_SECS.
 */
#define _GNU_SOURCE /* asprintf */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "complete_srv.h"
#include "session.h"

#define CACHE_SECS 30
#define CACHE_MAX 32

enum { K_ROOMS, K_OCCUPANTS, K_AFFIL, K_FORM, K_NODES, K_CMDFORM };

static struct entry {
    int kind;
    char *key;
    time_t at;
    mucadmin_list_t *list;
    mucadmin_form_t *form;
} cache[CACHE_MAX];

static void entry_clear(struct entry *e)
{
    free(e->key);
    if (e->list)
        mucadmin_list_free(e->list);
    if (e->form)
        mucadmin_form_free(e->form);
    memset(e, 0, sizeof(*e));
}

void complete_forget(void)
{
    for (size_t i = 0; i < CACHE_MAX; i++)
        entry_clear(&cache[i]);
}

static struct entry *cache_find(int kind, const char *key)
{
    time_t now = time(NULL);

    for (size_t i = 0; i < CACHE_MAX; i++) {
        struct entry *e = &cache[i];
        if (e->key && now - e->at > CACHE_SECS)
            entry_clear(e);
        if (e->key && e->kind == kind && !strcmp(e->key, key))
            return e;
    }
    return NULL;
}

static struct entry *cache_put(int kind, const char *key)
{
    struct entry *e = &cache[0];

    for (size_t i = 0; i < CACHE_MAX; i++) {
        if (!cache[i].key) {
            e = &cache[i];
            break;
        }
        if (cache[i].at < e->at)
            e = &cache[i];
    }
    entry_clear(e);
    e->kind = kind;
    e->key = strdup(key);
    e->at = time(NULL);
    return e->key ? e : NULL;
}

bool complete_may_connect(struct cli *cli)
{
    const struct account *acct;
    const char *pw = getenv("MUCADMIN_PASSWORD");

    if (cli_account(cli, &acct) != EXIT_OK)
        return false;
    if (!cli->jid && !acct->jid)
        return false;
    return (pw && pw[0]) || acct->password_command || acct->password_file;
}

/* Take the global options among the words (for __complete). */
static void apply_globals(struct srv_ctx *sc)
{
    static const struct cmd dummy = {
        "__complete", NULL, "", "", 0, -1, NULL, NULL, CMD_HIDDEN, NULL
    };
    char **argv = calloc((size_t)sc->n + 1, sizeof(char *));
    struct cmd_args a;
    int m = 0;

    if (!argv)
        return;
    for (int i = 0; i < sc->n; i++) {
        const char *w = sc->words[i];
        size_t len = strcspn(w + 2, "=");
        if (w[0] != '-' || !w[1])
            continue;
        for (const struct cmd_opt *o = global_opts; o->name; o++) {
            bool hit = w[1] == '-' ? strlen(o->name) == len &&
                                         !strncmp(o->name, w + 2, len)
                                   : o->short_name == w[1] && !w[2];
            if (!hit)
                continue;
            argv[m++] = sc->words[i];
            if (o->arg && !strchr(w, '=') && i + 1 < sc->n)
                argv[m++] = sc->words[++i];
            break;
        }
    }
    if (args_parse(sc->cli, &dummy, m, argv, &a) == EXIT_OK && !a.argc &&
        sc->cli->timeout <= 0)
        sc->cli->timeout = 5;
    free(a.argv);
    free(argv);
}

/* Run with stderr muted: errors would land on the line being edited. */
static int mute(void)
{
    int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);

    fflush(stderr);
    if (null >= 0) {
        dup2(null, STDERR_FILENO);
        close(null);
    }
    return saved;
}

static void unmute(int saved)
{
    fflush(stderr);
    if (saved >= 0) {
        dup2(saved, STDERR_FILENO);
        close(saved);
    }
}

/* The connected session, or NULL when completion may not or cannot. */
static mucadmin_session_t *session(struct srv_ctx *sc)
{
    mucadmin_session_t *s = NULL;
    int saved;
    bool ok = false;

    if (sc->server == COMPLETE_LOCAL || sc->failed)
        return NULL;
    saved = mute();
    if (sc->server == COMPLETE_IF_ABLE && !sc->tried)
        apply_globals(sc);
    sc->tried = true;
    if (sc->server == COMPLETE_SERVER || complete_may_connect(sc->cli))
        ok = cli_connect(sc->cli, &s) == EXIT_OK;
    unmute(saved);
    sc->failed = !ok;
    return ok ? s : NULL;
}

/* The room the words name (or the shell's current room), resolved. */
static const char *room(struct srv_ctx *sc, mucadmin_session_t **s)
{
    int saved;

    *s = session(sc);
    if (!*s || !sc->room_arg)
        return NULL;
    if (!sc->room) {
        saved = mute();
        if (cli_room(sc->cli, sc->room_arg, &sc->room) != EXIT_OK)
            sc->room = NULL;
        unmute(saved);
    }
    return sc->room;
}

/* A cached list of kind for room (and affiliation aff). */
static const mucadmin_list_t *list(struct srv_ctx *sc, int kind,
                                   const char *room, int aff)
{
    char key[1100];
    struct entry *e;
    mucadmin_session_t *s = NULL;
    mucadmin_list_t *l = NULL;
    mucadmin_status_t st;
    int joined;

    snprintf(key, sizeof(key), "%d %s", aff, room ? room : "");
    /* Nicks of a room the shell is in (see join): its roster, current and
     * without a request, so never from the cache.  Otherwise disco#items,
     * since joining on Tab would show us to the room (and many servers
     * answer it empty). */
    s = cli_session(sc->cli);
    joined = kind == K_OCCUPANTS && room && s &&
             mucadmin_room_is_joined(s, room);
    if ((e = cache_find(kind, key))) {
        if (!joined)
            return e->list;
        entry_clear(e);
    }
    if (kind == K_ROOMS) {
        const char *service;
        int saved;
        if (!(s = session(sc)))
            return NULL;
        saved = mute();
        st = cli_service(sc->cli, &service) == EXIT_OK
                 ? mucadmin_service_room_list(s, service, &l)
                 : MUCADMIN_E_NOTFOUND;
        unmute(saved);
    } else {
        if (!room || !(s = session(sc)))
            return NULL;
        if (joined)
            st = mucadmin_room_roster_get(s, room, &l);
        else if (kind == K_OCCUPANTS)
            st = mucadmin_room_occupant_list(s, room, &l);
        else
            st = mucadmin_room_affiliation_list(s, room,
                                                (mucadmin_affiliation_t)aff,
                                                &l);
    }
    if (st != MUCADMIN_OK)
        return NULL;
    if (!(e = cache_put(kind, key))) {
        mucadmin_list_free(l);
        return NULL;
    }
    e->list = l;
    return l;
}

void srv_add_rooms(struct srv_ctx *sc, struct completions *c, const char *cur)
{
    const mucadmin_list_t *l = list(sc, K_ROOMS, NULL, 0);

    for (size_t i = 0; l && i < mucadmin_list_count(l); i++)
        completions_add(c, cur, mucadmin_list_jid(l, i),
                        mucadmin_list_name(l, i));
}

void srv_add_nicks(struct srv_ctx *sc, struct completions *c, const char *cur)
{
    mucadmin_session_t *s;
    const char *r = room(sc, &s);
    const mucadmin_list_t *l = r ? list(sc, K_OCCUPANTS, r, 0) : NULL;
    size_t listed = 0;

    for (size_t i = 0; l && i < mucadmin_list_count(l); i++)
        if (mucadmin_list_nick(l, i)) {
            completions_add(c, cur, mucadmin_list_nick(l, i), NULL);
            listed++;
        }
    /* Only occupants see a room's roster, and many servers list no
     * occupants to others: in the shell, say so rather than nothing. */
    if (sc->server == COMPLETE_SERVER && r && s && !listed && !c->why &&
        !mucadmin_room_is_joined(s, r) &&
        asprintf(&c->why,
                 "mucadmin: %s: no nicks to offer: the shell is "
                 "not in the room ('join %s' first)",
                 r, r) < 0)
        c->why = NULL;
}

void srv_add_affiliates(struct srv_ctx *sc, struct completions *c,
                        const char *cur, mucadmin_affiliation_t which)
{
    mucadmin_session_t *s;
    const char *r = room(sc, &s);
    const mucadmin_list_t *l = r ? list(sc, K_AFFIL, r, (int)which) : NULL;

    for (size_t i = 0; l && i < mucadmin_list_count(l); i++)
        completions_add(c, cur, mucadmin_list_jid(l, i),
                        mucadmin_affiliation_name(which));
}

const mucadmin_form_t *srv_form(struct srv_ctx *sc)
{
    mucadmin_session_t *s;
    mucadmin_form_t *f = NULL;
    struct entry *e;
    const char *r;

    if (sc->server == COMPLETE_LOCAL || !sc->room_arg)
        return NULL;
    if (!(r = room(sc, &s)))
        return NULL;
    if ((e = cache_find(K_FORM, r)))
        return e->form;
    if (mucadmin_room_config_get(s, r, &f) != MUCADMIN_OK)
        return NULL;
    if (!(e = cache_put(K_FORM, r))) {
        mucadmin_form_free(f);
        return NULL;
    }
    e->form = f;
    return f;
}

void srv_add_command_nodes(struct srv_ctx *sc, struct completions *c,
                           const char *cur, const char *jid)
{
    mucadmin_session_t *s = jid ? session(sc) : NULL;
    mucadmin_list_t *l = NULL;
    struct entry *e;
    int saved;

    if (!s)
        return;
    if (!(e = cache_find(K_NODES, jid))) {
        saved = mute();
        if (mucadmin_adhoc_list(s, jid, &l) != MUCADMIN_OK)
            l = NULL;
        unmute(saved);
        if (!l)
            return;
        if (!(e = cache_put(K_NODES, jid))) {
            mucadmin_list_free(l);
            return;
        }
        e->list = l;
    }
    for (size_t i = 0; i < mucadmin_list_count(e->list); i++)
        if (mucadmin_list_node(e->list, i))
            completions_add(c, cur, mucadmin_list_node(e->list, i),
                            mucadmin_list_name(e->list, i));
}

/* The first stage's form of a command: it is executed, its form kept and
 * the command cancelled (nothing run). */
const mucadmin_form_t *srv_command_form(struct srv_ctx *sc, const char *jid,
                                        const char *node)
{
    mucadmin_session_t *s = jid && node ? session(sc) : NULL;
    mucadmin_adhoc_t *cmd = NULL;
    mucadmin_form_t *f = NULL;
    struct entry *e;
    char key[2100];
    int saved;

    if (!s)
        return NULL;
    snprintf(key, sizeof(key), "%s %s", jid, node);
    if ((e = cache_find(K_CMDFORM, key)))
        return e->form;
    saved = mute();
    if (mucadmin_adhoc_execute(s, jid, node, &cmd) == MUCADMIN_OK &&
        mucadmin_adhoc_form(cmd)) {
        f = mucadmin_form_copy(mucadmin_adhoc_form(cmd));
        mucadmin_adhoc_cancel(s, cmd);
    }
    mucadmin_adhoc_free(cmd);
    unmute(saved);
    if (!f || !(e = cache_put(K_CMDFORM, key))) {
        mucadmin_form_free(f);
        return NULL;
    }
    e->form = f;
    return f;
}

void srv_ctx_done(struct srv_ctx *sc)
{
    free(sc->room);
    sc->room = NULL;
}
