/* SPDX-License-Identifier: MIT */
/*
 * server.h - what the server core offers the services behind it (the MUC
 * service): configuration, routing and admin checks.
 */
#ifndef MUCSRV_SERVER_H
#define MUCSRV_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "xnode.h"

enum srv_quirks { QUIRKS_PROSODY, QUIRKS_EJABBERD };

struct srv_config {
    const char *bind;         /* default "127.0.0.1" */
    int port;                 /* 0: pick a free port */
    const char *domain;       /* default "localhost" */
    const char *muc_domain;   /* default "conference.<domain>" */
    const char *const *users; /* "jid:password" strings, NULL-terminated */
    bool any_password;
    const char *const *admins; /* bare JIDs, NULL-terminated */
    int tls;                   /* 0 off, 1 optional, 2 required */
    const char *cert, *key;    /* NULL: self-signed, generated at start */
    const char *data;          /* persistence file or NULL */
    enum srv_quirks quirks;
    size_t max_output_total; /* output all clients may have waiting
                                (bytes); 0: 32 MiB */
    int room_lock_timeout;   /* seconds a new room stays locked until
                                configured; 0: 300 (Prosody's
                                muc_room_lock_timeout) */
    enum srv_restrict {
        RESTRICT_NONE,
        RESTRICT_LOCAL,
        RESTRICT_ADMIN
    } restrict_creation;              /* Prosody's restrict_room_creation */
    const char *const *room_defaults; /* "KEY=VALUE": Prosody's
                                 muc_room_default_KEY, NULL-terminated
                                 (checked by muc_room_default_ok()) */
    enum srv_moderation {
        MODERATION_0,  /* Debian 12's mod_muc_moderation: :0 only */
        MODERATION_1,  /* :1 as well, as later mod_muc_moderation */
        MODERATION_OFF /* no mod_muc_moderation */
    } moderation;      /* XEP-0425 (muc_moderate.c) */
};

struct server;

/*
 * Route a stanza (takes ownership).  'from' must be set (a full JID, a room
 * or occupant JID); 'to' says where it goes: a local user's full JID (that
 * session), bare JID (RFC 6121 rules: presence/message to available
 * resources; iq handled by the server for the account), the server domain,
 * the MUC domain or anything under it (handed to the MUC service).  An
 * unroutable stanza is bounced with an error as RFC 6120 says (never for
 * errors themselves).
 */
void server_route(struct server *s, struct xnode *stanza);

/* Is this bare JID a server admin (--admin)? */
bool server_is_admin(const struct server *s, const char *bare_jid);

/* Log every session's XML traffic on stderr (mucadmin -v serve). */
void server_set_verbose(bool on);

/* Run the server until stopped; prints MUCADMIN_SERVE_PORT=<port> on stdout
 * once listening.  Returns 0, or non-zero after printing an error. */
int server_run(const struct srv_config *cfg);

#endif
