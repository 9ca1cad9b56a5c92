/* SPDX-License-Identifier: MIT */
/*
 * commands.c - the command table.  This is the only place that lists
 * mucadmin's commands: dispatch, help, the shell, completions and the man
 * page's command list are all driven from it.
 */
#include <string.h>

#include "cli.h"

static const char *const tls_modes[] = { "off", "optional", "required", NULL };
static const char *const quirk_modes[] = { "prosody", "ejabberd", NULL };

const struct cmd_opt global_opts[] = {
    { "account", 'a', "NAME", "use the named account of config.yaml", NULL, 0 },
    { "jid", 0, "JID", "log in as JID", NULL, 0 },
    { "server", 0, "HOST[:PORT]", "connect to HOST instead of DNS SRV", NULL, 0 },
    { "cafile", 0, "FILE", "trust the CA certificates in FILE", NULL, 0 },
    { "insecure", 0, NULL, "trust any TLS certificate (warns)", NULL, 0 },
    { "plaintext", 0, NULL, "allow a connection without TLS", NULL, 0 },
    { "timeout", 0, "SECONDS", "per-request timeout", NULL, 0 },
    { "json", 0, NULL, "print results as JSON", NULL, 0 },
    { "verbose", 'v', NULL, "log the XML stream on stderr", NULL, 0 },
    { "quiet", 'q', NULL, "print nothing but errors", NULL, 0 },
    { "yes", 'y', NULL, "do not ask for confirmation", NULL, 0 },
    { 0 },
};

static const struct cmd_opt serve_opts[] = {
    { "bind", 0, "ADDR", "listen on ADDR (default 127.0.0.1)", NULL, 0 },
    { "port", 0, "N", "listen on port N; 0 picks a free one (default 5222)", NULL, 0 },
    { "domain", 0, "D", "the server's domain (default localhost)", NULL, 0 },
    { "muc-domain", 0, "D", "the MUC service (default conference.DOMAIN)", NULL, 0 },
    { "user", 0, "JID:PASSWORD", "create an account", NULL, OPT_REPEAT },
    { "any-password", 0, NULL, "accept any account and password (test mode; SASL PLAIN only when no --user)", NULL, 0 },
    { "admin", 0, "JID", "make JID a server admin", NULL, OPT_REPEAT },
    { "tls", 0, "MODE", "STARTTLS: off, optional or required", tls_modes, 0 },
    { "cert", 0, "FILE", "TLS certificate (PEM)", NULL, 0 },
    { "key", 0, "FILE", "TLS private key (PEM)", NULL, 0 },
    { "data", 0, "FILE", "load and save persistent rooms in FILE", NULL, 0 },
    { "quirks", 0, "MODE", "behave like prosody or ejabberd", quirk_modes, 0 },
    { 0 },
};

static const char *const k_command[] = { "command", NULL };

const struct cmd cmd_table[] = {
    { "help", NULL, "[COMMAND]", "show the commands, or one command's help",
      0, 1, NULL, k_command, 0, cmd_help },
    { "version", NULL, "", "print the version of mucadmin and libmucadmin",
      0, 0, NULL, NULL, 0, cmd_version },
    { "serve", NULL, "[OPTIONS]",
      "run the built-in mini MUC server (a test target, not for production)",
      0, 0, serve_opts, NULL, 0, cmd_serve },
    { "__man-commands", NULL, "", "print the man page's command list",
      0, 0, NULL, NULL, CMD_HIDDEN, cmd_man_commands },
    { 0 },
};

const struct cmd *cmd_find(const char *name)
{
    for (const struct cmd *c = cmd_table; c->name; c++) {
        if (strcmp(c->name, name) == 0)
            return c;
        for (const char *const *al = c->aliases; al && *al; al++)
            if (strcmp(*al, name) == 0)
                return c;
    }
    return NULL;
}
