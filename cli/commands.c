/* SPDX-License-Identifier: MIT */
/*
 * commands.c - the command table.  This is the only place that lists
 * mucadmin's commands: dispatch, help, the shell, completions and the man
 * page's command list are all driven from it.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char *const tls_modes[] = { "off", "optional", "required", NULL };
static const char *const quirk_modes[] = { "prosody", "ejabberd", NULL };
static const char *const moderation_modes[] = { "0", "1", "off", NULL };
static const char *const restrict_modes[] = { "false", "true", "local", "admin",
                                              NULL };

const struct cmd_opt global_opts[] = {
    { "account", 'a', "NAME", "use the named account of config.yaml", NULL, 0 },
    { "jid", 0, "JID", "log in as JID", NULL, 0 },
    { "server", 0, "HOST[:PORT]", "connect to HOST instead of DNS SRV", NULL,
      0 },
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
    { "port", 0, "N", "listen on port N; 0 picks a free one (default 5222)",
      NULL, 0 },
    { "domain", 0, "D", "the server's domain (default localhost)", NULL, 0 },
    { "muc-domain", 0, "D", "the MUC service (default conference.DOMAIN)", NULL,
      0 },
    { "user", 0, "JID:PASSWORD", "create an account", NULL, OPT_REPEAT },
    { "any-password", 0, NULL,
      "accept any password for names that are not --user accounts (test mode)",
      NULL, 0 },
    { "admin", 0, "JID", "make JID a server admin", NULL, OPT_REPEAT },
    { "tls", 0, "MODE", "STARTTLS: off, optional or required", tls_modes, 0 },
    { "cert", 0, "FILE", "TLS certificate (PEM)", NULL, 0 },
    { "key", 0, "FILE", "TLS private key (PEM)", NULL, 0 },
    { "data", 0, "FILE", "load and save persistent rooms in FILE", NULL, 0 },
    { "quirks", 0, "MODE", "behave like prosody or ejabberd", quirk_modes, 0 },
    { "max-output-total", 0, "SIZE",
      "output all clients may have waiting, e.g. 64M (default 32M)", NULL, 0 },
    { "room-lock-timeout", 0, "SECONDS",
      "a new room not configured in time is unlocked (default 300)", NULL, 0 },
    { "restrict-room-creation", 0, "WHO",
      "who may create rooms: false (anyone), local, admin or true",
      restrict_modes, 0 },
    { "room-default", 0, "KEY=VALUE",
      "a new room's setting, as Prosody's muc_room_default_KEY", NULL,
      OPT_REPEAT },
    { "moderation", 0, "VERSION",
      "message moderation (XEP-0425): 0 (the default), 1 (:0 and :1) or off",
      moderation_modes, 0 },
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
#define DOMAIN_OPT                                                             \
    {                                                                          \
        "allow-domain-jid", 0, NULL,                                           \
            "take a JID without @ as the domain it is, not a typo", NULL, 0    \
    }
static const struct cmd_opt list_opts[] = {
    { "reason", 0, "TEXT", "the reason, shown to those concerned", NULL, 0 },
    DOMAIN_OPT,
    { 0 },
};
#define EVERYWHERE_OPTS                                                        \
    { "everywhere",                                                            \
      0,                                                                       \
      NULL,                                                                    \
      "in every room the account may know of "                                 \
      "(JID only, no ROOM)",                                                   \
      NULL,                                                                    \
      OPT_SYNOPSIS },                                                          \
        { "dry-run", 'n',         NULL, "with --everywhere: only show where",  \
          NULL,      OPT_SYNOPSIS },                                           \
    {                                                                          \
        "match", 0, "GLOB",                                                    \
            "with --everywhere: only rooms whose name (or "                    \
            "JID, with @) matches",                                            \
            NULL, 0                                                            \
    }
static const struct cmd_opt ban_opts[] = {
    { "reason", 0, "TEXT", "the reason, shown to those concerned", NULL, 0 },
    DOMAIN_OPT,
    EVERYWHERE_OPTS,
    { 0 },
};
static const struct cmd_opt unban_opts[] = {
    DOMAIN_OPT,
    EVERYWHERE_OPTS,
    { 0 },
};
static const struct cmd_opt destroy_opts[] = {
    { "reason", 0, "TEXT", "the reason, shown to the occupants", NULL, 0 },
    { "venue", 0, "ROOM", "an alternate room for the occupants", NULL, 0 },
    { "venue-password", 0, "PW", "the alternate room's password", NULL, 0 },
    { "from", 0, "FILE",
      "destroy the rooms FILE names, one a line "
      "(-: stdin)",
      NULL, OPT_SYNOPSIS },
    { "empty", 0, NULL, "destroy every room without occupants", NULL,
      OPT_SYNOPSIS },
    { "match", 0, "GLOB",
      "destroy every room whose name (or JID, with @) "
      "matches",
      NULL, OPT_SYNOPSIS },
    { "dry-run", 'n', NULL,
      "with --from, --empty or --match: only show "
      "what would go",
      NULL, OPT_SYNOPSIS },
    { 0 },
};
static const char *const k_rooms_file[] = { "file", NULL };
static const struct cmd_opt plan_opts[] = {
    { "prune", 0, NULL,
      "also plan removing what the file does not mention "
      "(rooms: only in its prune: scope)",
      NULL, 0 },
    { "exit-code", 0, NULL, "exit 1 when there are changes, 0 when none", NULL,
      0 },
    { "skip-unknown", 0, NULL,
      "skip fields this server's form lacks (a warning each)", NULL, 0 },
    { 0 },
};
static const struct cmd_opt apply_opts[] = {
    { "dry-run", 'n', NULL, "only show what would be done (as plan)", NULL, 0 },
    { "prune", 0, NULL,
      "also remove affiliations the file does not mention, and rooms in "
      "its prune: scope (asks)",
      NULL, 0 },
    { "skip-unknown", 0, NULL,
      "skip fields this server's form lacks (a warning each)", NULL, 0 },
    { 0 },
};
static const struct cmd_opt export_opts[] = {
    { "all", 0, NULL,
      "every room the service lists (default: the "
      "account's service)",
      NULL, OPT_SYNOPSIS },
    { "secrets", 0, NULL, "also export room passwords", NULL, 0 },
    { "output", 'o', "FILE", "write to FILE, created private (0600)", NULL, 0 },
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
      OPT_SHADOW | OPT_REQUIRED },
    { 0 },
};
static const struct cmd_opt occupants_opts[] = {
    { "no-join", 0, NULL,
      "never join: when the role lists are refused, "
      "ask disco#items (many servers answer it empty)",
      NULL, OPT_SYNOPSIS },
    { "join", 0, NULL,
      "join to read the roster the room sends (shows the "
      "account too)",
      NULL, OPT_SYNOPSIS },
    { 0 },
};
static const struct cmd_opt rooms_opts[] = {
    { "all", 0, NULL,
      "hidden rooms too, where the account is a service "
      "admin",
      NULL, OPT_SYNOPSIS },
    { "long", 'l', NULL, "each room's vital signs from its disco#info", NULL,
      OPT_SYNOPSIS },
    { "empty", 0, NULL, "only rooms without occupants", NULL, OPT_SYNOPSIS },
    { "match", 0, "GLOB", "only rooms whose name (or JID, with @) matches",
      NULL, OPT_SYNOPSIS },
    { 0 },
};
static const char *const k_jid_service[] = { "jid", "service", NULL };
static const char *const k_adhoc[] = { "service", "node", "field=value", NULL };
static const struct cmd_opt whereis_opts[] = {
    { "match", 0, "GLOB", "only rooms whose name (or JID, with @) matches",
      NULL, OPT_SYNOPSIS },
    DOMAIN_OPT,
    { 0 },
};
static const struct cmd_opt shell_opts[] = {
    { "keep-going", 'k', NULL, "in a script, go on after a failed command",
      NULL, OPT_SYNOPSIS },
    { 0 },
};
static const struct cmd_opt join_opts[] = {
    { "nick", 0, "NICK", "the nick to join under (no other is tried)", NULL,
      OPT_GLOBAL | OPT_SYNOPSIS },
    { 0 },
};
static const struct cmd_opt invite_opts[] = {
    { "reason", 0, "TEXT", "a message for the invitee", NULL, 0 },
    { "direct", 0, NULL, "invite directly (XEP-0249), not via the room", NULL,
      0 },
    { 0 },
};

#define C CMD_CONN
#define R (CMD_CONN | CMD_ROOM)
#define LIST_SYN "ROOM [add|remove JID...|-]"

static const struct cmd_opt log_opts[] = {
    { "room", 0, "ROOM", "only the entries that changed ROOM", NULL,
      OPT_SYNOPSIS },
    { "since", 0, "TIME",
      "only the entries since TIME (2026-12-02T10:00:00Z, "
      "2026-12-02, 30m, 2h, 3d)",
      NULL, OPT_SYNOPSIS },
    { 0 },
};
static const struct cmd_opt undo_opts[] = {
    { "last", 0, NULL, "the journal's last entry", NULL, OPT_SYNOPSIS },
    { "dry-run", 'n', NULL, "only show what would be done (as plan)", NULL,
      OPT_SYNOPSIS },
    { 0 },
};
static const char *const k_entry[] = { "entry", NULL };
static const struct cmd_opt history_opts[] = {
    { "since", 0, "TIME",
      "messages from TIME on (2026-12-02T10:00:00Z, "
      "2026-12-02, 30m, 2h, 3d)",
      NULL, OPT_SYNOPSIS },
    { "until", 0, "TIME", "messages up to TIME", NULL, OPT_SYNOPSIS },
    { "from", 0, "NICK|JID",
      "only the messages of a nick, an occupant-id "
      "or a real JID",
      NULL, OPT_SYNOPSIS },
    { "limit", 0, "N", "at most N messages (default 100)", NULL, OPT_SYNOPSIS },
    { 0 },
};
static const char *const k_jid_room[] = { "jid", "room", NULL };
static const struct cmd_opt purge_opts[] = {
    { "everywhere", 0, NULL,
      "in every room the account may know of (JID only, no ROOM)", NULL,
      OPT_SYNOPSIS },
    { "since", 0, "TIME",
      "only messages from TIME on (2026-12-02T10:00:00Z, 2026-12-02, 30m, "
      "2h, 3d)",
      NULL, OPT_SYNOPSIS },
    { "nick", 0, "NICK",
      "also the messages sent under NICK (where the room shows no real "
      "JID)",
      NULL, OPT_SHADOW | OPT_SYNOPSIS },
    { "dry-run", 'n', NULL, "only show what would be retracted", NULL,
      OPT_SYNOPSIS },
    { "reason", 0, "TEXT", "the reason, shown to the occupants", NULL, 0 },
    { "match", 0, "GLOB",
      "with --everywhere: only rooms whose name (or JID, with @) matches", NULL,
      0 },
    { 0 },
};
static const struct cmd_opt sweep_opts[] = {
    { "reason", 0, "TEXT", "the reason, shown to those concerned", NULL,
      OPT_SYNOPSIS },
    { "dry-run", 'n', NULL, "only show what would be done", NULL,
      OPT_SYNOPSIS },
    { "nick", 0, "NICK",
      "also the messages sent under NICK (where the room shows no real "
      "JID)",
      NULL, OPT_SHADOW },
    { "match", 0, "GLOB", "only rooms whose name (or JID, with @) matches",
      NULL, 0 },
    { 0 },
};
static const struct cmd_opt lockdown_opts[] = {
    { "match", 0, "GLOB",
      "the rooms of the service whose name matches "
      "GLOB (with --lift: the rooms locked down)",
      NULL, OPT_SYNOPSIS },
    { "lift", 0, NULL, "restore what each room's lockdown changed", NULL,
      OPT_SYNOPSIS },
    { "dry-run", 'n', NULL, "only show what would be done (as plan)", NULL,
      OPT_SYNOPSIS },
    { 0 },
};
const struct cmd cmd_table[] = {
    {
        .name = "help",
        .synopsis = "[COMMAND]",
        .summary = "show the commands, or one command's help",
        .max_args = 1,
        .arg_kinds = k_command,
        .run = cmd_help,
    },
    {
        .name = "version",
        .synopsis = "",
        .summary = "print the version of mucadmin and libmucadmin",
        .max_args = 0,
        .run = cmd_version,
    },
    {
        .name = "rooms",
        .synopsis = "[SERVICE]",
        .summary = "list the rooms of a MUC service (default: the account's)",
        .max_args = 1,
        .opts = rooms_opts,
        .arg_kinds = k_service,
        .flags = C,
        .run = cmd_rooms,
    },
    {
        .name = "info",
        .synopsis = "ROOM",
        .summary = "show a room's name, features and public info",
        .min_args = 1,
        .max_args = 1,
        .arg_kinds = k_room,
        .flags = R,
        .run = cmd_info,
    },
    {
        .name = "occupants",
        .synopsis = "ROOM",
        .summary = "list who is in a room (its role lists; joins for a moment "
                   "when refused)",
        .min_args = 1,
        .max_args = 1,
        .opts = occupants_opts,
        .arg_kinds = k_room,
        .flags = R,
        .run = cmd_occupants,
    },
    {
        .name = "create",
        .synopsis = "ROOM [FIELD=VALUE...]",
        .summary = "create a room (persistent unless persistent=0) with the "
                   "fields given",
        .min_args = 1,
        .max_args = -1,
        .arg_kinds = k_room_field,
        .flags = R,
        .run = cmd_create,
    },
    {
        .name = "destroy",
        .synopsis = "[ROOM]",
        .summary = "destroy a room, or many (asks unless --yes)",
        .min_args = 0,
        .max_args = 1,
        .opts = destroy_opts,
        .arg_kinds = k_room,
        .flags = R | CMD_DESTRUCTIVE,
        .run = cmd_destroy,
    },
    {
        .name = "config",
        .synopsis = "ROOM [FIELD=VALUE...]",
        .summary = "show a room's configuration, or change fields of it",
        .min_args = 1,
        .max_args = -1,
        .arg_kinds = k_room_field,
        .flags = R | CMD_SENSITIVE,
        .run = cmd_config,
    },
    {
        .name = "plan",
        .synopsis = "FILE",
        .summary = "show what apply would change in the rooms of FILE "
                   "(changes nothing)",
        .min_args = 1,
        .max_args = 1,
        .opts = plan_opts,
        .arg_kinds = k_rooms_file,
        .flags = C,
        .run = cmd_plan,
    },
    {
        .name = "apply",
        .synopsis = "FILE",
        .summary = "make the rooms match FILE: create, configure, set "
                   "affiliations",
        .min_args = 1,
        .max_args = 1,
        .opts = apply_opts,
        .arg_kinds = k_rooms_file,
        .flags = C,
        .run = cmd_apply,
    },
    {
        .name = "export",
        .synopsis = "[ROOM...|SERVICE]",
        .summary = "print rooms' configuration and affiliations as a rooms "
                   "file",
        .max_args = -1,
        .opts = export_opts,
        .arg_kinds = k_room,
        .flags = C,
        .run = cmd_export,
    },
    {
        .name = "members",
        .synopsis = LIST_SYN,
        .summary = "list a room's members, or add or remove some",
        .min_args = 1,
        .max_args = -1,
        .opts = list_opts,
        .arg_kinds = k_list,
        .flags = R,
        .run = cmd_list,
    },
    {
        .name = "admins",
        .synopsis = LIST_SYN,
        .summary = "list a room's admins, or add or remove some",
        .min_args = 1,
        .max_args = -1,
        .opts = list_opts,
        .arg_kinds = k_list,
        .flags = R,
        .run = cmd_list,
    },
    {
        .name = "owners",
        .synopsis = LIST_SYN,
        .summary = "list a room's owners, or add or remove some (removal "
                   "asks)",
        .min_args = 1,
        .max_args = -1,
        .opts = list_opts,
        .arg_kinds = k_list,
        .flags = R,
        .run = cmd_list,
    },
    {
        .name = "outcasts",
        .aliases = outcasts_aliases,
        .synopsis = LIST_SYN,
        .summary = "list a room's banned JIDs, or ban or unban some",
        .min_args = 1,
        .max_args = -1,
        .opts = list_opts,
        .arg_kinds = k_list,
        .flags = R,
        .run = cmd_list,
    },
    {
        .name = "affiliation",
        .synopsis = "ROOM JID owner|admin|member|outcast|none",
        .summary = "set one JID's affiliation",
        .min_args = 3,
        .max_args = 3,
        .opts = affil_opts,
        .arg_kinds = k_affil,
        .flags = R,
        .run = cmd_affiliation,
    },
    {
        .name = "ban",
        .synopsis = "[ROOM] JID",
        .summary = "ban a JID from a room, or from every room (asks unless "
                   "--yes)",
        .min_args = 1,
        .max_args = 2,
        .opts = ban_opts,
        .arg_kinds = k_room_jid,
        .flags = R | CMD_DESTRUCTIVE,
        .run = cmd_ban,
    },
    {
        .name = "unban",
        .synopsis = "[ROOM] JID",
        .summary = "lift a JID's ban in a room, or in every room",
        .min_args = 1,
        .max_args = 2,
        .opts = unban_opts,
        .arg_kinds = k_room_jid,
        .flags = R,
        .run = cmd_unban,
    },
    {
        .name = "kick",
        .synopsis = "ROOM NICK",
        .summary = "kick an occupant out of a room",
        .min_args = 2,
        .max_args = 2,
        .opts = reason_opts,
        .arg_kinds = k_room_nick,
        .flags = R,
        .run = cmd_kick,
    },
    {
        .name = "role",
        .synopsis = "ROOM NICK moderator|participant|visitor|none",
        .summary = "change an occupant's role",
        .min_args = 3,
        .max_args = 3,
        .opts = reason_opts,
        .arg_kinds = k_role,
        .flags = R,
        .run = cmd_role,
    },
    {
        .name = "voice",
        .synopsis = "ROOM NICK",
        .summary = "give an occupant voice (participant)",
        .min_args = 2,
        .max_args = 2,
        .opts = reason_opts,
        .arg_kinds = k_room_nick,
        .flags = R,
        .run = cmd_voice,
    },
    {
        .name = "devoice",
        .synopsis = "ROOM NICK",
        .summary = "take an occupant's voice (visitor)",
        .min_args = 2,
        .max_args = 2,
        .opts = reason_opts,
        .arg_kinds = k_room_nick,
        .flags = R,
        .run = cmd_voice,
    },
    {
        .name = "register",
        .synopsis = "ROOM [FIELD=VALUE...]",
        .summary = "register with a room, reserving a nick",
        .min_args = 1,
        .max_args = -1,
        .opts = register_opts,
        .arg_kinds = k_room_field,
        .flags = R | CMD_SENSITIVE,
        .run = cmd_register,
    },
    {
        .name = "unregister",
        .synopsis = "ROOM",
        .summary = "cancel the registration with a room",
        .min_args = 1,
        .max_args = 1,
        .arg_kinds = k_room,
        .flags = R,
        .run = cmd_unregister,
    },
    {
        .name = "nick",
        .synopsis = "ROOM",
        .summary = "print the nick reserved for the account",
        .min_args = 1,
        .max_args = 1,
        .arg_kinds = k_room,
        .flags = R,
        .run = cmd_nick,
    },
    {
        .name = "subject",
        .synopsis = "ROOM TEXT|-",
        .summary = "set a room's subject (-: all of stdin)",
        .min_args = 2,
        .max_args = 2,
        .arg_kinds = k_room_text,
        .flags = R,
        .run = cmd_subject,
    },
    {
        .name = "invite",
        .synopsis = "ROOM JID...",
        .summary = "invite JIDs to a room",
        .min_args = 2,
        .max_args = -1,
        .opts = invite_opts,
        .arg_kinds = k_room_jid,
        .flags = R,
        .run = cmd_invite,
    },
    {
        .name = "say",
        .synopsis = "ROOM TEXT|-",
        .summary = "send a message to a room (-: all of stdin)",
        .min_args = 2,
        .max_args = 2,
        .arg_kinds = k_room_text,
        .flags = R,
        .run = cmd_say,
    },
    {
        .name = "whereis",
        .synopsis = "JID [SERVICE]",
        .summary = "list the rooms where a JID has an affiliation or sits "
                   "(every room the account may know of)",
        .min_args = 1,
        .max_args = 2,
        .opts = whereis_opts,
        .arg_kinds = k_jid_service,
        .flags = C,
        .run = cmd_whereis,
    },
    {
        .name = "commands",
        .synopsis = "[JID]",
        .summary = "list the ad-hoc commands a service or room offers "
                   "(default: the account's service)",
        .max_args = 1,
        .arg_kinds = k_service,
        .flags = C,
        .run = cmd_commands,
    },
    {
        .name = "command",
        .synopsis = "JID NODE [FIELD=VALUE...]",
        .summary = "run an ad-hoc command, its forms filled from the "
                   "arguments (or asked for in the shell)",
        .min_args = 2,
        .max_args = -1,
        .arg_kinds = k_adhoc,
        .flags = C | CMD_DESTRUCTIVE | CMD_SENSITIVE,
        .run = cmd_command,
    },
    {
        .name = "shell",
        .synopsis = "[FILE]",
        .summary = "the interactive shell; runs FILE or a piped stdin as a "
                   "script",
        .max_args = 1,
        .opts = shell_opts,
        .arg_kinds = k_file,
        .run = cmd_shell,
    },
    {
        .name = "use",
        .synopsis = "[ROOM|-]",
        .summary = "(shell) set the current room, which commands then may "
                   "omit",
        .max_args = 1,
        .arg_kinds = k_room,
        .run = cmd_use,
    },
    {
        .name = "join",
        .synopsis = "ROOM",
        .summary = "(shell) stay in a room: being kicked, banned or the room "
                   "destroyed "
                   "is shown between prompts",
        .min_args = 1,
        .max_args = 1,
        .opts = join_opts,
        .arg_kinds = k_room,
        .flags = R,
        .run = cmd_join,
    },
    {
        .name = "leave",
        .synopsis = "ROOM",
        .summary = "(shell) leave a room joined with join",
        .min_args = 1,
        .max_args = 1,
        .arg_kinds = k_room,
        .flags = R,
        .run = cmd_leave,
    },
    {
        .name = "serve",
        .synopsis = "[OPTIONS]",
        .summary = "run the built-in mini MUC server (a test target, not for "
                   "production)",
        .max_args = 0,
        .opts = serve_opts,
        .run = cmd_serve,
    },
    {
        .name = "log",
        .synopsis = "",
        .summary = "show the journal of the changes mucadmin made",
        .max_args = 0,
        .opts = log_opts,
        .run = cmd_log,
    },
    {
        .name = "undo",
        .synopsis = "[ID]",
        .summary = "revert a journal entry's changes (plans first, asks "
                   "unless --yes)",
        .max_args = 1,
        .opts = undo_opts,
        .arg_kinds = k_entry,
        .flags = C | CMD_DESTRUCTIVE,
        .run = cmd_undo,
    },
    {
        .name = "history",
        .synopsis = "ROOM",
        .summary = "read a room's archive (XEP-0313), oldest first",
        .min_args = 1,
        .max_args = 1,
        .opts = history_opts,
        .arg_kinds = k_room,
        .flags = R,
        .run = cmd_history,
    },
    {
        .name = "retract",
        .synopsis = "ROOM STANZA-ID...",
        .summary = "remove messages as a moderator (XEP-0425; asks unless "
                   "--yes)",
        .min_args = 2,
        .max_args = -1,
        .opts = reason_opts,
        .arg_kinds = k_room,
        .flags = R | CMD_DESTRUCTIVE,
        .run = cmd_retract,
    },
    {
        .name = "lockdown",
        .synopsis = "[ROOM...]",
        .summary = "make rooms moderated, members-only and closed to "
                   "invites; --lift restores what they were",
        .max_args = -1,
        .opts = lockdown_opts,
        .arg_kinds = k_room,
        .flags = C,
        .run = cmd_lockdown,
    },
    {
        .name = "purge",
        .synopsis = "JID [ROOM]",
        .summary = "retract a sender's messages in a room's archive, or "
                   "every room's (XEP-0425; asks unless --yes)",
        .min_args = 1,
        .max_args = 2,
        .opts = purge_opts,
        .arg_kinds = k_jid_room,
        .flags = C | CMD_DESTRUCTIVE,
        .run = cmd_purge,
    },
    {
        .name = "sweep",
        .synopsis = "JID",
        .summary = "ban a JID from every room and retract its messages, "
                   "one journal entry for undo (asks unless --yes)",
        .min_args = 1,
        .max_args = 1,
        .opts = sweep_opts,
        .arg_kinds = k_jid_service,
        .flags = C | CMD_DESTRUCTIVE,
        .run = cmd_sweep,
    },
    {
        .name = "__man-commands",
        .synopsis = "",
        .summary = "print the man page's command list",
        .max_args = 0,
        .flags = CMD_HIDDEN,
        .run = cmd_man_commands,
    },
    {
        .name = "__complete",
        .synopsis = "-- WORD...",
        .summary = "print the completions of the last word (for shell "
                   "completion)",
        .max_args = -1,
        .flags = CMD_HIDDEN,
        .run = cmd_complete,
    },
    { 0 },
};

#undef C
#undef R

/* Append to buf (of size bytes, *n used) without overflowing it. */
static void syn_add(char *buf, size_t size, size_t *n, const char *fmt, ...)
{
    va_list ap;
    int k;

    if (*n >= size)
        return;
    va_start(ap, fmt);
    k = vsnprintf(buf + *n, size - *n, fmt, ap);
    va_end(ap);
    if (k > 0)
        *n += (size_t)k < size - *n ? (size_t)k : size - *n - 1;
}

/*
 * The row's arguments with the options its table marks: [--name ARG] for
 * OPT_SYNOPSIS, --name ARG for OPT_REQUIRED, after the first argument
 * when that one is required, else first.  Options are spelled only in
 * their tables.  A static buffer, valid until the next call.
 */
const char *cmd_synopsis(const struct cmd *c)
{
    static char buf[256];
    const char *args = c->synopsis ? c->synopsis : "";
    size_t head = args[0] && args[0] != '[' ? strcspn(args, " ") : 0, n = 0;

    buf[0] = '\0';
    syn_add(buf, sizeof(buf), &n, "%.*s", (int)head, args);
    for (const struct cmd_opt *o = c->opts; o && o->name; o++) {
        bool req = o->flags & OPT_REQUIRED;

        if (!(o->flags & (OPT_SYNOPSIS | OPT_REQUIRED)))
            continue;
        syn_add(buf, sizeof(buf), &n, "%s%s--%s%s%s%s", n ? " " : "",
                req ? "" : "[", o->name, o->arg ? " " : "",
                o->arg ? o->arg : "", req ? "" : "]");
    }
    args += head + strspn(args + head, " ");
    if (*args)
        syn_add(buf, sizeof(buf), &n, "%s%s", n ? " " : "", args);
    return buf;
}

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
