/* SPDX-License-Identifier: MIT */
/*
 * session.c - connection setup for every command: global options over the
 * account's settings, the password from account.c, a lazily connected
 * libmucadmin session cached in cli->priv, and room names completed with
 * the default MUC service.
 */
#define _GNU_SOURCE /* asprintf */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "castore.h"
#include "output.h"
#include "session.h"

struct priv {
    mucadmin_session_t *s;
    struct account acct;
    bool loaded;
    char *service;
    char *nick; /* set by the shell's join --nick */
};

static struct priv *priv(struct cli *cli)
{
    if (!cli->priv)
        cli->priv = calloc(1, sizeof(struct priv));
    return cli->priv;
}

int cli_account(struct cli *cli, const struct account **acct)
{
    struct priv *p = priv(cli);
    char *err = NULL;

    if (!p)
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    if (!p->loaded) {
        if (account_load(NULL, cli->account, &p->acct, &err) < 0) {
            cli_error(cli, EXIT_CONFIG, NULL, "config", "%s",
                      err ? err : "out of memory");
            free(err);
            account_clear(&p->acct);
            return EXIT_CONFIG;
        }
        p->loaded = true;
    }
    *acct = &p->acct;
    return EXIT_OK;
}

static void log_cb(void *ud, mucadmin_log_t kind, const char *text)
{
    static const char *const tag[] = { "info", "sent", "recv" };
    fprintf(stderr, "mucadmin: %s: ", tag[kind <= 2 ? kind : 0]);
    term_fputs(text, stderr); /* the stream's text: the server's */
    fputc('\n', stderr);
}

static bool is_loopback(const char *host)
{
    return !strcmp(host, "localhost") || !strncmp(host, "127.", 4) ||
           !strcmp(host, "::1");
}

/* Split HOST[:PORT] ("[v6]:port" too) into a malloc'd host and a port. */
static int split_server(const char *spec, char **host, unsigned short *port)
{
    const char *colon = strrchr(spec, ':');
    char *end;

    *port = 0;
    if (spec[0] == '[') {
        const char *close = strchr(spec, ']');
        if (!close || (close[1] && close[1] != ':'))
            return -1;
        *host = strndup(spec + 1, (size_t)(close - spec - 1));
        colon = close[1] ? close + 1 : NULL;
    } else if (colon && strchr(spec, ':') != colon) {
        colon = NULL; /* a bare IPv6 address */
        *host = strdup(spec);
    } else {
        *host = colon ? strndup(spec, (size_t)(colon - spec)) : strdup(spec);
    }
    if (colon) {
        long n = strtol(colon + 1, &end, 10);
        if (!colon[1] || *end || n < 1 || n > 65535) {
            free(*host);
            return -1;
        }
        *port = (unsigned short)n;
    }
    if (!*host || !**host) {
        free(*host);
        return -1;
    }
    return 0;
}

/* Apply options over the account to s; EXIT_* on a bad setting. */
static int setup(struct cli *cli, mucadmin_session_t *s,
                 const struct account *acct, const char **jid)
{
    const char *server = cli->server ? cli->server : acct->server;
    const char *cafile = cli->cafile ? cli->cafile : acct->cafile;
    const char *tls = acct->tls ? acct->tls : "starttls";
    char *host = NULL, *pw, *err = NULL;
    unsigned short port = 0;
    const char *room_pw = getenv("MUCADMIN_ROOM_PASSWORD");

    *jid = cli->jid ? cli->jid : acct->jid;
    if (!*jid)
        return cli_error(cli, EXIT_CONFIG, NULL, "config",
                         "no account: give --jid, or --account with an "
                         "account in %s",
                         acct->path ? acct->path : "?");
    if (!mucadmin_jid_valid(*jid, 0) || !strchr(*jid, '@'))
        return cli_error(cli, EXIT_USAGE, NULL, "jid-malformed",
                         "'%s' is not an account JID (user@domain)", *jid);
    mucadmin_session_set_jid(s, *jid);
    if (server) {
        if (split_server(server, &host, &port) < 0)
            return cli_error(cli, EXIT_USAGE, NULL, NULL,
                             "--server: '%s' is not HOST[:PORT]", server);
        mucadmin_session_set_server(s, host, port);
    }
    if (cli->plaintext || !strcmp(tls, "plaintext")) {
        const char *h = host ? host : strchr(*jid, '@') + 1;
        /* Only a deliberate "tls: plaintext" in the account file forces
         * a password over plain TCP to a remote host. */
        if (!is_loopback(h) && strcmp(tls, "plaintext") != 0) {
            cli_error(cli, EXIT_USAGE, NULL, NULL,
                      "--plaintext: refusing to send a password "
                      "unencrypted to %s (not loopback); set "
                      "'tls: plaintext' in the account to force it",
                      h);
            free(host);
            return EXIT_USAGE;
        }
        mucadmin_session_set_tls(s, MUCADMIN_TLS_PLAINTEXT);
    } else if (!strcmp(tls, "direct")) {
        mucadmin_session_set_tls(s, MUCADMIN_TLS_DIRECT);
    }
    free(host);
    if (cafile && access(cafile, R_OK) != 0)
        return cli_error(cli, EXIT_CONFIG, NULL, "config",
                         "cafile %s cannot be read", cafile);
    if (cafile)
        mucadmin_session_set_cafile(s, cafile);
    if (cli->insecure) {
        /* Said even with --quiet: this is not a confirmation. */
        fprintf(stderr, "mucadmin: warning: --insecure: the server's "
                        "certificate is not checked\n");
        mucadmin_session_set_trust_any(s, 1);
    }
    if (cli->timeout > 0)
        mucadmin_session_set_timeout(s, (unsigned)(cli->timeout * 1000));
    if (cli->verbose)
        mucadmin_session_set_log(s, log_cb, NULL);
    if (room_pw && room_pw[0])
        mucadmin_session_set_room_password(s, room_pw);
    mucadmin_session_set_nick_retries(s, CLI_NICK_RETRIES);
    mucadmin_session_set_interrupt(s, cli_interrupt_flag());
    cli_signals_watch(s);
    pw = account_password(acct, *jid, &err);
    if (!pw) {
        cli_error(cli, EXIT_CONFIG, NULL, "config", "%s",
                  err ? err : "out of memory");
        free(err);
        return EXIT_CONFIG;
    }
    mucadmin_session_set_password(s, pw);
    explicit_bzero(pw, strlen(pw));
    free(pw);
    return EXIT_OK;
}

/* The nick of this command: --nick, else the shell's join --nick, else
 * the account's, else the library's default. */
static int use_nick(struct cli *cli, mucadmin_session_t *s,
                    const struct account *acct)
{
    struct priv *p = cli->priv;
    const char *nick = cli->nick    ? cli->nick
                       : p->nick    ? p->nick
                       : acct->nick ? acct->nick
                                    : "mucadmin";

    if (!nick_valid(nick))
        return cli_error(cli, EXIT_CONFIG, NULL, "config",
                         "%s: account '%s': nick '%s' is not a nick",
                         acct->path, acct->name ? acct->name : "?", nick);
    if (mucadmin_session_set_nick(s, nick) != MUCADMIN_OK)
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    return EXIT_OK;
}

int cli_connect(struct cli *cli, mucadmin_session_t **out)
{
    const struct account *acct;
    struct priv *p;
    const char *jid, *cafile;
    mucadmin_status_t st;
    int rc;

    rc = cli_account(cli, &acct);
    if (rc)
        return rc;
    p = cli->priv;
    if (p->s && mucadmin_session_is_connected(p->s)) {
        *out = p->s;
        return use_nick(cli, p->s, acct);
    }
    if (!p->s) {
        p->s = mucadmin_session_new();
        if (!p->s)
            return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
        rc = setup(cli, p->s, acct, &jid);
        if (rc) {
            cli_signals_watch(NULL);
            mucadmin_session_free(p->s);
            p->s = NULL;
            return rc;
        }
    }
    if ((rc = use_nick(cli, p->s, acct)))
        return rc;
    cafile = cli->cafile ? cli->cafile : acct->cafile;
    if (cafile && !cli->insecure)
        castore_only(cafile);
    else
        castore_lazy(cli->insecure);
    st = mucadmin_session_connect(p->s);
    if (st != MUCADMIN_OK)
        return cli_fail(cli, p->s, NULL, st);
    *out = p->s;
    return EXIT_OK;
}

int cli_set_nick(struct cli *cli, mucadmin_session_t *s, const char *nick)
{
    struct priv *p = cli->priv;
    char *copy = strdup(nick);

    if (!p || !copy || mucadmin_session_set_nick(s, nick) != MUCADMIN_OK) {
        free(copy);
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    }
    free(p->nick);
    p->nick = copy;
    return EXIT_OK;
}

mucadmin_session_t *cli_session(struct cli *cli)
{
    struct priv *p = cli->priv;

    return p ? p->s : NULL;
}

void cli_close(struct cli *cli)
{
    struct priv *p = cli->priv;

    if (!p)
        return;
    if (p->s) {
        cli_signals_watch(NULL);
        mucadmin_session_disconnect(p->s);
        mucadmin_session_free(p->s);
    }
    account_clear(&p->acct);
    free(p->service);
    free(p->nick);
    free(p);
    cli->priv = NULL;
}

int cli_service(struct cli *cli, const char **service)
{
    const struct account *acct;
    mucadmin_session_t *s;
    struct priv *p;
    mucadmin_status_t st;
    int rc = cli_account(cli, &acct);

    if (rc)
        return rc;
    p = cli->priv;
    if (!p->service && acct->service)
        p->service = strdup(acct->service);
    if (!p->service) {
        const char *jid = cli->jid ? cli->jid : acct->jid;
        const char *at = jid ? strchr(jid, '@') : NULL;
        char *domain;
        rc = cli_connect(cli, &s);
        if (rc)
            return rc;
        domain = at ? strndup(at + 1, strcspn(at + 1, "/")) : NULL;
        st = mucadmin_service_find(s, domain ? domain : "", &p->service);
        free(domain);
        if (st != MUCADMIN_OK)
            return cli_fail(cli, s, NULL, st);
    }
    *service = p->service;
    return EXIT_OK;
}

/* The syntax of a room argument, checked before any connection. */
static int room_syntax(struct cli *cli, const char *arg)
{
    if (strchr(arg, '@') ? !mucadmin_jid_valid(arg, 1)
                         : !arg[0] || strpbrk(arg, " \t\n\"&'/:<>@"))
        return cli_error(cli, EXIT_USAGE, arg, "jid-malformed",
                         "not a room name or room JID (room@service)");
    return EXIT_OK;
}

int cli_room(struct cli *cli, const char *arg, char **room)
{
    const char *service;
    int rc;

    *room = NULL;
    if ((rc = room_syntax(cli, arg)))
        return rc;
    if (strchr(arg, '@')) {
        *room = strdup(arg);
    } else {
        rc = cli_service(cli, &service);
        if (rc)
            return rc;
        if (asprintf(room, "%s@%s", arg, service) < 0)
            *room = NULL;
    }
    return *room ? EXIT_OK
                 : cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
}

int cli_begin(struct cli *cli, const struct cmd_args *a, mucadmin_session_t **s,
              char **room)
{
    const char *arg = a->argc > 0 ? a->argv[0] : cli->room;
    int rc;

    *room = NULL;
    if (!arg)
        return cli_error(cli, EXIT_USAGE, NULL, NULL, "no room given");
    /* Bad input is exit 2 whether or not the server is reachable. */
    if ((rc = room_syntax(cli, arg)))
        return rc;
    rc = cli_connect(cli, s);
    if (rc)
        return rc;
    return cli_room(cli, arg, room);
}

int cli_confirm(struct cli *cli, const char *room, const char *fmt, ...)
{
    char line[16], *q;
    va_list ap;

    if (cli->yes)
        return EXIT_OK;
    if (!isatty(STDIN_FILENO))
        return cli_error(cli, EXIT_USAGE, room, NULL,
                         "refusing without --yes (not on a terminal)");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " [y/N] ");
    fflush(stderr);
    q = fgets(line, sizeof(line), stdin);
    if (q && (line[0] == 'y' || line[0] == 'Y'))
        return EXIT_OK;
    return cli_error(cli, EXIT_USAGE, room, NULL, "not confirmed");
}

bool nick_valid(const char *nick)
{
    size_t n = strlen(nick);

    if (n == 0 || n > 1023)
        return false;
    for (const char *c = nick; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return false;
    return true;
}
