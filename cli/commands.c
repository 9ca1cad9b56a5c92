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
    { "nick", 0, "NICK", "the nick to join rooms under (default mucadmin)",
      NULL, 0 },
    { "insecure", 0, NULL, "trust any TLS certificate (warns)", NULL, 0 },
    { "plaintext", 0, NULL, "allow a connection without TLS", NULL, 0 },
    { "timeout", 0, "SECONDS", "per-request timeout", NULL, 0 },
    { "json", 0, NULL, "print results as JSON", NULL, 0 },
    { "verbose", 'v', NULL, "log the XML stream on stderr", NULL, 0 },
    { "quiet", 'q', NULL, "only data and errors, no confirmations", NULL, 0 },
    { "yes", 'y', NULL, "do not ask for confirmation", NULL, 0 },
    { 0 },
};

static const struct cmd_opt serve_opts[] = {
    { "bind", 0, "ADDR", "listen on ADDR (default 127.0.0.1)", NULL, 0 },
    { "port", 0, "N", "listen on port N; 0 picks a free one (default 5222)", NULL, 0 },
    { "domain", 0, "D", "the server's domain (default localhost)", NULL, 0 },
    { "muc-domain", 0, "D", "the MUC service (default conference.DOMAIN)", NULL, 0 },
    { "user", 0, "JID:PASSWORD", "create an account", NULL, OPT_REPEAT },
    { "any-password", 0, NULL, "accept any password for names that are not --user accounts (test mode)", NULL, 0 },
    { "admin", 0, "JID", "make JID a server admin", NULL, OPT_REPEAT },
    { "tls", 0, "MODE", "STARTTLS: off, optional or required", tls_modes, 0 },
    { "cert", 0, "FILE", "TLS certificate (PEM)", NULL, 0 },
    { "key", 0, "FILE", "TLS private key (PEM)", NULL, 0 },
    { "data", 0, "FILE", "load and save persistent rooms in FILE", NULL, 0 },
    { "quirks", 0, "MODE", "behave like prosody or ejabberd", quirk_modes, 0 },
    { "max-output-total", 0, "SIZE", "output all clients may have waiting, e.g. 64M (default 32M)", NULL, 0 },
    { 0 },
};

static const char *const k_command[] = { "command", NULL };
static const char *const k_room[] = { "room", NULL };
static const char *const k_service[] = { "service", NULL };
static const char *const k_room_field[] = { "room", "field=value", NULL };
static const char *const k_room_jid[] = { "room", "jid", NULL };
static const char *const k_room_nick[] = { "room", "nick", NULL };
static const char *const k_room_text[] = { "room", "text", NULL };
static const char *const k_list[] = { "room", "add|remove", "jid", NULL };
static const char *const k_affil[] = { "room", "jid", "affiliation", NULL };
static const char *const k_role[] = { "room", "nick", "role", NULL };

static const char *const outcasts_aliases[] = { "bans", NULL };
static const char *const k_file[] = { "file", NULL };

static const struct cmd_opt reason_opts[] = {
    { "reason", 0, "TEXT", "the reason, shown to those concerned", NULL, 0 },
    { 0 },
};
#define DOMAIN_OPT { "allow-domain-jid", 0, NULL, \
    "take a JID without @ as the domain it is, not a typo", NULL, 0 }
static const struct cmd_opt list_opts[] = {
    { "reason", 0, "TEXT", "the reason, shown to those concerned", NULL, 0 },
    DOMAIN_OPT,
    { 0 },
};
static const struct cmd_opt unban_opts[] = {
    DOMAIN_OPT,
    { 0 },
};
static const struct cmd_opt destroy_opts[] = {
    { "reason", 0, "TEXT", "the reason, shown to the occupants", NULL, 0 },
    { "venue", 0, "ROOM", "an alternate room for the occupants", NULL, 0 },
    { "venue-password", 0, "PW", "the alternate room's password", NULL, 0 },
    { 0 },
};
static const char *const k_rooms_file[] = { "file", NULL };
static const struct cmd_opt plan_opts[] = {
    { "prune", 0, NULL, "also plan removing what the file does not mention "
      "(rooms: only in its prune: scope)", NULL, 0 },
    { "exit-code", 0, NULL, "exit 1 when there are changes, 0 when none",
      NULL, 0 },
    { "skip-unknown", 0, NULL,
      "skip fields this server's form lacks (a warning each)", NULL, 0 },
    { 0 },
};
static const struct cmd_opt apply_opts[] = {
    { "dry-run", 'n', NULL, "only show what would be done (as plan)",
      NULL, 0 },
    { "prune", 0, NULL,
      "also remove affiliations the file does not mention, and rooms in "
      "its prune: scope (asks)", NULL, 0 },
    { "skip-unknown", 0, NULL,
      "skip fields this server's form lacks (a warning each)", NULL, 0 },
    { 0 },
};
static const struct cmd_opt export_opts[] = {
    { "all", 0, NULL, "every room the service lists (default: the "
      "account's service)", NULL, 0 },
    { "secrets", 0, NULL, "also export room passwords", NULL, 0 },
    { "output", 'o', "FILE", "write to FILE, created private (0600)",
      NULL, 0 },
    { 0 },
};
static const struct cmd_opt affil_opts[] = {
    { "reason", 0, "TEXT", "the reason, kept with the affiliation", NULL, 0 },
    { "nick", 0, "NICK", "the nick to reserve for the JID", NULL, OPT_SHADOW },
    DOMAIN_OPT,
    { 0 },
};
static const struct cmd_opt register_opts[] = {
    { "nick", 0, "NICK", "the nick to register (required)", NULL,
      OPT_SHADOW },
    { 0 },
};
static const struct cmd_opt occupants_opts[] = {
    { "no-join", 0, NULL, "ask disco#items instead (many servers answer it empty)", NULL, 0 },
    { 0 },
};
static const struct cmd_opt shell_opts[] = {
    { "keep-going", 'k', NULL, "in a script, go on after a failed command",
      NULL, 0 },
    { 0 },
};
static const struct cmd_opt log_opts[] = {
    { "room", 0, "ROOM", "only the entries that changed ROOM", NULL, 0 },
    { "since", 0, "TIME", "only the entries since TIME (2026-12-02T10:00:00Z, "
      "2026-12-02, 30m, 2h, 3d)", NULL, 0 },
    { 0 },
};
static const struct cmd_opt undo_opts[] = {
    { "last", 0, NULL, "the journal's last entry", NULL, 0 },
    { "dry-run", 'n', NULL, "only show what would be done (as plan)",
      NULL, 0 },
    { 0 },
};
static const char *const k_entry[] = { "entry", NULL };
static const struct cmd_opt history_opts[] = {
    { "since", 0, "TIME", "messages from TIME on (2026-12-02T10:00:00Z, "
      "2026-12-02, 30m, 2h, 3d)", NULL, 0 },
    { "until", 0, "TIME", "messages up to TIME", NULL, 0 },
    { "from", 0, "NICK|JID", "only the messages of a nick, an occupant-id "
      "or a real JID", NULL, 0 },
    { "limit", 0, "N", "at most N messages (default 100)", NULL, 0 },
    { 0 },
};
static const struct cmd_opt lockdown_opts[] = {
    { "match", 0, "GLOB", "the rooms of the service whose name matches "
      "GLOB (with --lift: the rooms locked down)", NULL, 0 },
    { "lift", 0, NULL, "restore what each room's lockdown changed", NULL, 0 },
    { "dry-run", 'n', NULL, "only show what would be done (as plan)",
      NULL, 0 },
    { 0 },
};
static const struct cmd_opt invite_opts[] = {
    { "reason", 0, "TEXT", "a message for the invitee", NULL, 0 },
    { "direct", 0, NULL, "invite directly (XEP-0249), not via the room",
      NULL, 0 },
    { 0 },
};

#define C CMD_CONN
#define R (CMD_CONN | CMD_ROOM)
#define LIST_SYN "ROOM [add|remove JID...|-]"

const struct cmd cmd_table[] = {
    { "help", NULL, "[COMMAND]", "show the commands, or one command's help",
      0, 1, NULL, k_command, 0, cmd_help },
    { "version", NULL, "", "print the version of mucadmin and libmucadmin",
      0, 0, NULL, NULL, 0, cmd_version },
    { "rooms", NULL, "[SERVICE]",
      "list the rooms of a MUC service (default: the account's)",
      0, 1, NULL, k_service, C, cmd_rooms },
    { "info", NULL, "ROOM", "show a room's name, features and public info",
      1, 1, NULL, k_room, R, cmd_info },
    { "occupants", NULL, "ROOM [--no-join]",
      "list who is in a room (joins it for a moment to read its roster)",
      1, 1, occupants_opts, k_room, R, cmd_occupants },
    { "create", NULL, "ROOM [FIELD=VALUE...]",
      "create a room (persistent unless persistent=0) with the fields given",
      1, -1, NULL, k_room_field, R, cmd_create },
    { "destroy", NULL, "ROOM", "destroy a room (asks unless --yes)",
      1, 1, destroy_opts, k_room, R | CMD_DESTRUCTIVE, cmd_destroy },
    { "config", NULL, "ROOM [FIELD=VALUE...]",
      "show a room's configuration, or change fields of it",
      1, -1, NULL, k_room_field, R | CMD_SENSITIVE, cmd_config },
    { "plan", NULL, "FILE",
      "show what apply would change in the rooms of FILE (changes nothing)",
      1, 1, plan_opts, k_rooms_file, C, cmd_plan },
    { "apply", NULL, "FILE",
      "make the rooms match FILE: create, configure, set affiliations",
      1, 1, apply_opts, k_rooms_file, C, cmd_apply },
    { "export", NULL, "ROOM...|--all [SERVICE]",
      "print rooms' configuration and affiliations as a rooms file",
      0, -1, export_opts, k_room, C, cmd_export },
    { "members", NULL, LIST_SYN,
      "list a room's members, or add or remove some",
      1, -1, list_opts, k_list, R, cmd_list },
    { "admins", NULL, LIST_SYN, "list a room's admins, or add or remove some",
      1, -1, list_opts, k_list, R, cmd_list },
    { "owners", NULL, LIST_SYN,
      "list a room's owners, or add or remove some (removal asks)",
      1, -1, list_opts, k_list, R, cmd_list },
    { "outcasts", outcasts_aliases, LIST_SYN,
      "list a room's banned JIDs, or ban or unban some",
      1, -1, list_opts, k_list, R, cmd_list },
    { "affiliation", NULL, "ROOM JID owner|admin|member|outcast|none",
      "set one JID's affiliation",
      3, 3, affil_opts, k_affil, R, cmd_affiliation },
    { "ban", NULL, "ROOM JID", "ban a JID from a room (asks unless --yes)",
      2, 2, list_opts, k_room_jid, R | CMD_DESTRUCTIVE, cmd_ban },
    { "unban", NULL, "ROOM JID", "lift a JID's ban",
      2, 2, unban_opts, k_room_jid, R, cmd_unban },
    { "kick", NULL, "ROOM NICK", "kick an occupant out of a room",
      2, 2, reason_opts, k_room_nick, R, cmd_kick },
    { "role", NULL, "ROOM NICK moderator|participant|visitor|none",
      "change an occupant's role", 3, 3, reason_opts, k_role, R, cmd_role },
    { "voice", NULL, "ROOM NICK", "give an occupant voice (participant)",
      2, 2, reason_opts, k_room_nick, R, cmd_voice },
    { "devoice", NULL, "ROOM NICK", "take an occupant's voice (visitor)",
      2, 2, reason_opts, k_room_nick, R, cmd_voice },
    { "register", NULL, "ROOM --nick NICK [FIELD=VALUE...]",
      "register with a room, reserving a nick",
      1, -1, register_opts, k_room_field, R | CMD_SENSITIVE, cmd_register },
    { "unregister", NULL, "ROOM", "cancel the registration with a room",
      1, 1, NULL, k_room, R, cmd_unregister },
    { "nick", NULL, "ROOM", "print the nick reserved for the account",
      1, 1, NULL, k_room, R, cmd_nick },
    { "subject", NULL, "ROOM TEXT|-",
      "set a room's subject (-: all of stdin)",
      2, 2, NULL, k_room_text, R, cmd_subject },
    { "invite", NULL, "ROOM JID...", "invite JIDs to a room",
      2, -1, invite_opts, k_room_jid, R, cmd_invite },
    { "say", NULL, "ROOM TEXT|-",
      "send a message to a room (-: all of stdin)",
      2, 2, NULL, k_room_text, R, cmd_say },
    { "shell", NULL, "[--keep-going] [FILE]",
      "the interactive shell; runs FILE or a piped stdin as a script",
      0, 1, shell_opts, k_file, 0, cmd_shell },
    { "use", NULL, "[ROOM|-]",
      "(shell) set the current room, which commands then may omit",
      0, 1, NULL, k_room, 0, cmd_use },
    { "join", NULL, "ROOM [--nick NICK]",
      "(shell) stay in a room: being kicked, banned or the room destroyed "
      "is shown between prompts", 1, 1, NULL, k_room, R, cmd_join },
    { "leave", NULL, "ROOM", "(shell) leave a room joined with join",
      1, 1, NULL, k_room, R, cmd_leave },
    { "serve", NULL, "[OPTIONS]",
      "run the built-in mini MUC server (a test target, not for production)",
      0, 0, serve_opts, NULL, 0, cmd_serve },
    { "log", NULL, "[--room ROOM] [--since TIME]",
      "show the journal of the changes mucadmin made",
      0, 0, log_opts, NULL, 0, cmd_log },
    { "undo", NULL, "ID|--last [--dry-run]",
      "revert a journal entry's changes (plans first, asks unless --yes)",
      0, 1, undo_opts, k_entry, C | CMD_DESTRUCTIVE, cmd_undo },
    { "history", NULL, "ROOM [--since T] [--until T] [--from NICK|JID] "
      "[--limit N]", "read a room's archive (XEP-0313), oldest first",
      1, 1, history_opts, k_room, R, cmd_history },
    { "retract", NULL, "ROOM STANZA-ID... [--reason R]",
      "remove messages as a moderator (XEP-0425; asks unless --yes)",
      2, -1, reason_opts, k_room, R | CMD_DESTRUCTIVE, cmd_retract },
    { "lockdown", NULL, "ROOM...|--match GLOB [--lift] [--dry-run]",
      "make rooms moderated, members-only and closed to invites; --lift "
      "restores what they were", 0, -1, lockdown_opts, k_room, C,
      cmd_lockdown },
    { "__man-commands", NULL, "", "print the man page's command list",
      0, 0, NULL, NULL, CMD_HIDDEN, cmd_man_commands },
    { "__complete", NULL, "-- WORD...",
      "print the completions of the last word (for shell completion)",
      0, -1, NULL, NULL, CMD_HIDDEN, cmd_complete },
    { 0 },
};

#undef C
#undef R

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
