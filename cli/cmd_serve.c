/* SPDX-License-Identifier: MIT */
/* cmd_serve.c - the serve command: options to srv_config, then run. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "server/jid.h"
#include "server/muc.h"
#include "server/server.h"
#include "server/xutil.h"

/* A NULL-terminated copy of a repeated option's values. */
static const char **opt_list(const struct cmd_args *a, const char *name)
{
    const char *const *vals;
    int n = args_opt_all(a, name, &vals);
    const char **out = calloc((size_t)n + 1, sizeof(*out));

    if (!out)
        out_of_memory();
    for (int i = 0; i < n; i++)
        out[i] = vals[i];
    return out;
}

static int parse_port(const char *s)
{
    char *end;
    long v;

    if (!s)
        return 5222;
    v = strtol(s, &end, 10);
    if (!*s || *end || v < 0 || v > 65535)
        return -1;
    return (int)v;
}

/* SIZE: bytes, or with a K, M or G suffix (KiB, MiB, GiB); 0 on error. */
static size_t parse_size(const char *s)
{
    char *end;
    unsigned long long v;
    int shift = 0;

    if (!s || *s < '0' || *s > '9')
        return 0;
    v = strtoull(s, &end, 10);
    if (*end == 'K' || *end == 'k')
        shift = 10;
    else if (*end == 'M' || *end == 'm')
        shift = 20;
    else if (*end == 'G' || *end == 'g')
        shift = 30;
    if (shift)
        end++;
    if (*end || v == 0 || v > (SIZE_MAX >> shift) >> 1)
        return 0;
    return (size_t)v << shift;
}

static int check_domain(struct cli *cli, const char *opt, const char *d)
{
    char *p = jid_prep(d);
    int ok = p && strcmp(p, d) == 0 && !strpbrk(d, "@/");

    free(p);
    if (!ok)
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "--%s: '%s' is not a valid (lowercase) domain", opt,
                         d);
    return EXIT_OK;
}

static int check_files(struct cli *cli, const struct srv_config *cfg)
{
    if (!cfg->cert != !cfg->key)
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "--cert and --key go together");
    if (cfg->cert && access(cfg->cert, R_OK) != 0)
        return cli_error(cli, EXIT_CONFIG, NULL, NULL,
                         "cannot read certificate %s", cfg->cert);
    if (cfg->key && access(cfg->key, R_OK) != 0)
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "cannot read key %s",
                         cfg->key);
    return EXIT_OK;
}

static int fill(struct cli *cli, const struct cmd_args *a,
                struct srv_config *cfg, char **muc)
{
    const char *tls = args_opt(a, "tls"), *q = args_opt(a, "quirks");
    int rc;

    cfg->bind = args_opt(a, "bind") ? args_opt(a, "bind") : "127.0.0.1";
    cfg->port = parse_port(args_opt(a, "port"));
    if (cfg->port < 0)
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "--port: want a number from 0 to 65535");
    cfg->domain = args_opt(a, "domain") ? args_opt(a, "domain") : "localhost";
    if ((rc = check_domain(cli, "domain", cfg->domain)))
        return rc;
    if (args_opt(a, "muc-domain")) {
        cfg->muc_domain = args_opt(a, "muc-domain");
    } else {
        *muc = malloc(strlen(cfg->domain) + 12);
        if (!*muc)
            out_of_memory();
        strcpy(*muc, "conference.");
        strcat(*muc, cfg->domain);
        cfg->muc_domain = *muc;
    }
    if ((rc = check_domain(cli, "muc-domain", cfg->muc_domain)))
        return rc;
    if (strcmp(cfg->muc_domain, cfg->domain) == 0)
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "--muc-domain must differ from --domain");
    cfg->any_password = args_opt(a, "any-password") != NULL;
    cfg->cert = args_opt(a, "cert");
    /* A real certificate means real use: STARTTLS required, as Prosody
     * requires it by default.  Without one (the generated certificate)
     * it stays optional, for tests. */
    cfg->tls = !tls                       ? (cfg->cert ? 2 : 1)
               : !strcmp(tls, "optional") ? 1
               : !strcmp(tls, "required") ? 2
                                          : 0;
    cfg->key = args_opt(a, "key");
    cfg->data = args_opt(a, "data");
    cfg->quirks = q && !strcmp(q, "ejabberd") ? QUIRKS_EJABBERD
                                              : QUIRKS_PROSODY;
    if (args_opt(a, "max-output-total")) {
        cfg->max_output_total = parse_size(args_opt(a, "max-output-total"));
        /* Below a few stanzas' worth nothing could be served. */
        if (cfg->max_output_total < 64 * 1024)
            return cli_error(cli, EXIT_USAGE, NULL, NULL,
                             "--max-output-total: want a size of at least "
                             "64K, like 64M");
    }
    return check_files(cli, cfg);
}

/* The MUC service's options (Prosody's muc_room_lock_timeout,
 * restrict_room_creation, muc_room_default_*). */
static int fill_muc(struct cli *cli, const struct cmd_args *a,
                    struct srv_config *cfg, const char *const *defaults)
{
    const char *lock = args_opt(a, "room-lock-timeout");
    const char *rc = args_opt(a, "restrict-room-creation"), *why;
    const char *mod = args_opt(a, "moderation");
    char *end;
    long t;

    if (lock) {
        t = strtol(lock, &end, 10);
        if (!*lock || *end || t < 1 || t > 86400 * 365)
            return cli_error(cli, EXIT_USAGE, NULL, NULL,
                             "--room-lock-timeout: want seconds, 1 or more");
        cfg->room_lock_timeout = (int)t;
    }
    cfg->restrict_creation = !rc || !strcmp(rc, "false") ? RESTRICT_NONE
                             : !strcmp(rc, "local")      ? RESTRICT_LOCAL
                                                         : RESTRICT_ADMIN;
    cfg->moderation = !mod || !strcmp(mod, "0") ? MODERATION_0
                      : !strcmp(mod, "1")       ? MODERATION_1
                                                : MODERATION_OFF;
    for (; *defaults; defaults++)
        if (!muc_room_default_ok(*defaults, &why))
            return cli_error(cli, EXIT_USAGE, NULL, NULL,
                             "--room-default: '%s': %s", *defaults, why);
    return EXIT_OK;
}

static int check_users(struct cli *cli, const char *const *users)
{
    for (; *users; users++)
        if (!strchr(*users, ':'))
            return cli_error(cli, EXIT_USAGE, NULL, NULL,
                             "--user: want JID:PASSWORD, got '%s'", *users);
    return EXIT_OK;
}

int cmd_serve(struct cli *cli, const struct cmd_args *a)
{
    struct srv_config cfg = { 0 };
    char *muc = NULL;
    const char **users = opt_list(a, "user"), **admins = opt_list(a, "admin");
    const char **defaults = opt_list(a, "room-default");
    int rc = fill(cli, a, &cfg, &muc);

    if (rc == EXIT_OK)
        rc = check_users(cli, users);
    if (rc == EXIT_OK)
        rc = fill_muc(cli, a, &cfg, defaults);
    if (rc == EXIT_OK) {
        cfg.users = users;
        cfg.admins = admins;
        cfg.room_defaults = defaults;
        server_set_verbose(cli->verbose);
        rc = server_run(&cfg) == 0 ? EXIT_OK : EXIT_CONFIG;
    }
    free(users);
    free(admins);
    free(defaults);
    free(muc);
    return rc;
}
