/* SPDX-License-Identifier: MIT */
/* muc_int.h - the MUC service's internal model shared by its parts. */
#ifndef MUCSRV_MUC_INT_H
#define MUCSRV_MUC_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "form.h"
#include "muc.h"
#include "server.h"
#include "strmap.h"
#include "xnode.h"

enum affil { AFF_OUTCAST = -1, AFF_NONE = 0, AFF_MEMBER, AFF_ADMIN, AFF_OWNER };
enum role { ROLE_NONE = 0, ROLE_VISITOR, ROLE_PARTICIPANT, ROLE_MODERATOR };

/* Roles whose presence is broadcast (muc#roomconfig_presencebroadcast). */
#define BCAST_NONE (1u << ROLE_NONE)
#define BCAST_VISITOR (1u << ROLE_VISITOR)
#define BCAST_PARTICIPANT (1u << ROLE_PARTICIPANT)
#define BCAST_MODERATOR (1u << ROLE_MODERATOR)
#define BCAST_DEFAULT (BCAST_VISITOR | BCAST_PARTICIPANT | BCAST_MODERATOR)

struct fwd;
struct tomb;

struct room_config {
    char *name, *desc, *lang, *password;
    bool persistent, public, membersonly, memberinvites, changesubject;
    bool moderated, whois_anyone, archiving;
    int historylength, defaulthistory;
    unsigned bcast;
};

/* One client session inside an occupant (multi-session nicks).  As in
 * Prosody 0.12.3 the first one is the occupant's primary session: its
 * presence (its id too) is what the others see; each session sees its
 * own.  When the primary goes, the next one takes over. */
struct session {
    char *jid;            /* real full JID */
    struct xnode *pres;   /* its last presence (as received) */
    struct session *next; /* in the order they joined */
};

struct occupant {
    char *nick;
    char *bare; /* real bare JID */
    enum role role;
    struct session *sessions;
    struct occupant *next;
};

struct affent {
    char *jid; /* bare */
    enum affil aff;
    char *nick; /* reserved nickname or NULL */
    char *reason;
    struct affent *next; /* in the order set */
    struct affent *prev;
    struct affent *hnext; /* in its bucket of the room's index */
};

struct hist {
    struct xnode *msg; /* as broadcast, without 'to' */
    time_t when;
    struct hist *next;
};

struct room {
    char *jid;       /* bare room JID */
    struct muc *muc; /* the service (server admins are owners) */
    struct room_config cfg;
    bool locked;
    time_t lock_until;   /* locked (muc_locked()) until then */
    struct affent *affs; /* in the order set (the data file's) */
    struct affent *affs_last;
    struct affent **aff_tab; /* index by JID: aff_cap buckets */
    size_t aff_cap, naffs;
    char *affs_xml; /* muc_store.c's text of affs .. */
    size_t affs_xml_len, affs_xml_cap;
    struct affent *affs_xml_last; /* .. up to this entry */
    bool affs_xml_valid;          /* cleared when an entry changes or goes */
    struct occupant *occs;
    struct xnode *subject; /* last subject message, or NULL */
    struct hist *hist;     /* oldest first */
    int nhist;
    struct archive *arch; /* muc_archive.c: the room's MAM archive */
    char *oid_salt;       /* muc_occupant_id.c: XEP-0421 salt */
    struct room *next;
};

struct muc {
    struct server *srv;
    const struct srv_config *cfg;
    const char *domain;
    struct room *rooms;
    struct strmap room_index; /* the rooms by JID (thousands of them) */
    unsigned long idseq;
    struct fwd *fwds; /* iq forwarded between occupants */
    int nfwds;
    struct tomb *tombs; /* destroyed persistent rooms */
    bool dirty;         /* a change not yet in --data (muc_flush) */
};

/* room.c: the model */
struct room *room_find(struct muc *m, const char *jid);
struct room *room_create(struct muc *m, const char *jid);
void room_remove(struct muc *m, struct room *r);
/* Remove the room when nothing keeps it (not persistent, nobody in it). */
void room_gc(struct muc *m, struct room *r);
enum affil room_aff(const struct room *r, const char *bare);
struct affent *room_affent(const struct room *r, const char *bare);
struct affent *room_aff_by_nick(const struct room *r, const char *nick);
void room_set_aff_raw(struct room *r, const char *bare, enum affil a,
                      const char *nick, const char *reason);
int room_count_aff(const struct room *r, enum affil a);
struct occupant *occ_by_nick(const struct room *r, const char *nick);
struct occupant *occ_by_real(const struct room *r, const char *full,
                             struct session **sp);
struct occupant *occ_by_bare(const struct room *r, const char *bare,
                             struct occupant *after);
struct occupant *occ_new(struct room *r, const char *nick, const char *bare);
void occ_remove(struct room *r, struct occupant *o);
void occ_del_session(struct occupant *o, struct session *s);
/* Take s out of its occupant's list (s stays allocated); then put it last. */
void occ_unlink_session(struct occupant *o, struct session *s);
void occ_add_session(struct occupant *o, struct session *s);
int room_count_occ(const struct room *r);
enum role role_for(const struct room *r, enum affil a);
const char *aff_name(enum affil a);
const char *role_name(enum role r);
bool aff_parse(const char *s, enum affil *a);
bool role_parse(const char *s, enum role *r);
char *occ_jid(const struct room *r, const char *nick);
void room_config_defaults(struct room_config *c);

/* muc_send.c: stanza building and delivery */
void muc_send(struct muc *m, struct xnode *st);
struct xnode *muc_stanza(const char *name, const char *from, const char *to,
                         const char *type);
struct xnode *muc_reply(const struct xnode *req); /* iq result */
void muc_error(struct muc *m, const struct xnode *req, const char *type,
               const char *cond, const char *text, const char *by);
struct xnode *muc_x_user(struct xnode *parent);
void muc_add_status(struct xnode *x, int code);
char *muc_new_id(struct muc *m);
/* Presence of occupant o as seen by recipient occupant 'to' (NULL: a
 * non-moderator view); codes before/after the items. */
struct pres_opts {
    const char *type;   /* NULL or "unavailable" */
    const int *pre;     /* status codes before the items, 0-ended */
    const char *nick;   /* item nick (303) */
    const char *reason; /* item reason */
    const char *actor_nick, *actor_jid;
    struct xnode *destroy;    /* copied into x */
    const char *status_text;  /* top-level <status> */
    const char *only_jid;     /* only this session's item */
    const int *self_pre;      /* extra codes for the occupant itself */
    const struct xnode *base; /* children to copy instead of the
                                 session's last presence */
    int old_role;             /* role checked against presencebroadcast
                                 (-1: the current one) */
    bool no_self;             /* do not send to the occupant itself */
    bool only_self;           /* send to the occupant itself only */
    bool no_110;              /* no status 110 (probe replies) */
    bool keep_role;           /* unavailable, item role as it is */
};
struct xnode *occ_presence(struct muc *m, struct room *r, struct occupant *o,
                           bool with_jid, bool self,
                           const struct pres_opts *po);
/* Occupants' (and offline members') presence to a joining session. */
void muc_send_occupants(struct muc *m, struct room *r, struct occupant *me,
                        const char *to);
void muc_pres_opts_init(struct pres_opts *po);
void muc_moderator_changed(struct muc *m, struct room *r, struct occupant *o,
                           enum role old);
/* Send o's presence to every occupant (each session), 110 to o itself:
 * the others get the primary session's presence, each session of o its
 * own (while o has a role). */
void muc_broadcast_occ(struct muc *m, struct room *r, struct occupant *o,
                       const struct pres_opts *po);
void muc_broadcast_msg(struct muc *m, struct room *r, struct xnode *msg);
bool can_see_jid(const struct room *r, const struct occupant *viewer);
/* The unavailable presence of an affiliated member who is not in the room
 * (item with nick, role none; jid when viewer may see it), to 'to'. */
struct xnode *offline_presence(const struct room *r, const struct affent *a,
                               const struct occupant *viewer, const char *to);

/* muc_presence.c */
/* What a client's presence looks like once Prosody's mod_vcard_legacy has
 * seen it: available presence carries an (empty) avatar hash. */
struct xnode *session_presence(const struct xnode *st);
/* muc_sessions.c: multi-session nicks (as Prosody 0.12.3) */
void leave_session(struct muc *m, struct room *r, struct occupant *o,
                   struct session *s, const struct xnode *st);
void split_session(struct muc *m, struct room *r, struct occupant *o,
                   struct session *s, struct xnode *st, const char *nick);
void merge_session(struct muc *m, struct room *r, struct occupant *o,
                   struct session *s, struct xnode *st, struct occupant *to);
void muc_presence(struct muc *m, struct room *r, struct xnode *st,
                  const char *nick);
/* Remove an occupant with an unavailable broadcast (kick, ban, ...). */
void muc_kick(struct muc *m, struct room *r, struct occupant *o, int code,
              const char *reason, const char *actor_nick,
              const char *actor_jid);

/* muc_message.c */
void muc_message(struct muc *m, struct room *r, struct xnode *st,
                 const char *nick);
void muc_send_subject(struct muc *m, struct room *r, const char *to);
/* Keep msg (copied, with a delay) in the room's discussion history. */
void muc_history_add(struct room *r, const struct xnode *msg);

/* muc_admin.c */
void muc_admin_iq(struct muc *m, struct room *r, struct xnode *st);
/* Set an affiliation with Prosody's checks; actor NULL = the service.
 * Returns NULL or an error condition (etype set). */
const char *muc_set_aff(struct muc *m, struct room *r, const char *actor,
                        const char *jid, enum affil a, const char *reason,
                        const char *nick, bool set_nick, const char **etype);

/* Set a role as a moderator would (actor: a real full JID). */
const char *muc_set_role(struct muc *m, struct room *r, const char *actor,
                         const char *nick, enum role role, const char *reason,
                         const char **etype);

/* muc_voice.c: a normal message to the room holding a muc#request form
 * (a voice request or a moderator's answer): handled, true. */
bool muc_voice_message(struct muc *m, struct room *r, struct xnode *st);

/* muc_unique.c: a muc#unique get to the service: answered, true. */
bool muc_unique_iq(struct muc *m, struct xnode *st);

/* muc_create.c: room creation as Prosody 0.12: restrict_room_creation,
 * the muc_room_default_* settings, the lock of a new room. */
/* Whether st's sender may create a room; if not, answered. */
bool muc_may_create(struct muc *m, const struct xnode *st);
/* A new room's configuration from the defaults and st's xml:lang. */
void muc_room_defaults(struct muc *m, struct room *r, const struct xnode *st);
void muc_lock(struct muc *m, struct room *r);
/* Locked still?  A lock whose time is over is lifted here. */
bool muc_locked(struct room *r);

/* muc_invite.c: a mediated invitation (inv: its <invite/>) or decline. */
void muc_invite(struct muc *m, struct room *r, struct xnode *st,
                const struct xnode *inv);
void muc_decline(struct muc *m, struct room *r, struct xnode *st,
                 const struct xnode *d);

/* muc_owner.c */
void muc_owner_iq(struct muc *m, struct room *r, struct xnode *st);
void muc_destroy(struct muc *m, struct room *r, const char *reason,
                 const char *alt, const char *password);

/* muc_iqfwd.c */
void muc_iq_to_occupant(struct muc *m, struct room *r, struct xnode *st,
                        const char *nick);
void muc_iqfwd_clear(struct muc *m);

/* muc_tombstone.c */
void muc_tomb_add(struct muc *m, const char *jid, const char *reason,
                  const char *alt);
/* True when st went to a tombstone (answered "gone"): drop it. */
bool muc_tomb_check(struct muc *m, const char *room, const struct xnode *st);
void muc_tomb_clear(struct muc *m);

/* muc_register.c */
void muc_register_iq(struct muc *m, struct room *r, struct xnode *st);

/* muc_disco.c */
void muc_room_disco(struct muc *m, struct room *r, struct xnode *st);
/* The room's disco#info features, identity and form, added to q. */
void muc_room_info(struct room *r, struct xnode *q);
/* Entity caps (muc_caps.c): the node, the ver of a disco#info answer
 * (caller frees), the room's caps presence sent to a joining session. */
#define CAPS_NODE "https://mucadmin.invalid/serve"
/* muc_adhoc.c: Prosody's "Set affiliation in room" command */
#define NODE_SET_AFF "http://prosody.im/protocol/muc#set-affiliation"
void muc_adhoc_set_affiliation(struct muc *m, const struct xnode *st,
                               struct xnode *cmd);
char *caps_ver(const struct xnode *q);
void muc_room_caps(struct muc *m, struct room *r, const char *to);
void muc_service_iq(struct muc *m, struct xnode *st);

/* muc_occupant_id.c: XEP-0421 (as Prosody 0.12's occupant_id.lib) */
#define NS_OCCUPANT_ID "urn:xmpp:occupant-id:0"
bool occupant_id_enabled(const struct muc *m);
/* The occupant-id of a real bare JID in room r (caller frees). */
char *occupant_id(struct muc *m, struct room *r, const char *bare);
/* Replace any <occupant-id/> of st by the one of bare (when enabled). */
void occupant_id_set(struct muc *m, struct room *r, const char *bare,
                     struct xnode *st);

/* muc_archive.c: the room archive (XEP-0313 on room JIDs, Prosody 0.12's
 * mod_muc_mam with its internal storage) */
#define NS_MAM "urn:xmpp:mam:2"
#define NS_SID "urn:xmpp:sid:0"
#define MAM_CAP 10000         /* messages kept per room */
#define MAM_BYTES (64u << 20) /* and at most about 64 MiB of them */
/* A groupchat message from o about to be broadcast: forged delays and
 * stanza-ids go, its occupant-id comes; when it is one for the history
 * it is archived (with a stanza-id) if the room archives.  Returns
 * whether it belongs in the history. */
bool muc_archive_groupchat(struct muc *m, struct room *r,
                           const struct occupant *o, struct xnode *msg);
void muc_archive_free(struct room *r);
/* A message from the room itself for the history (a moderation's
 * announcement): archived, with its stanza-id, if the room archives. */
void muc_archive_room_msg(struct muc *m, struct room *r, struct xnode *msg);
/* muc_history.c: the discussion history for a session joining with st,
 * as Prosody 0.12 (history.lib, and mod_muc_mam where it takes over). */
void muc_history_send(struct muc *m, struct room *r, const char *to,
                      const struct xnode *st);
/* muc_mam.c: a MAM iq to a room's bare JID (r NULL: no such room). */
void muc_mam_iq(struct muc *m, struct room *r, struct xnode *st);

/* muc_moderate.c: XEP-0425 message moderation, as Debian 12's
 * mod_muc_moderation (--moderation 1: :1 as well) */
bool muc_moderation_on(const struct muc *m);
/* The room's disco#info features for it, added to q. */
void muc_moderation_features(const struct muc *m, struct xnode *q);
/* Whether st (an iq to a room's bare JID) is a moderation request. */
bool muc_moderate_handles(const struct muc *m, const struct xnode *st);
void muc_moderate_iq(struct muc *m, struct room *r, struct xnode *st);

/* muc_store.c */
int muc_store_load(struct muc *m, const char *path);
int muc_store_save(struct muc *m);
/* Note a change to persistent state: saved by muc_flush(), which the core
 * calls before any output leaves, so it is on disk before its result. */
void muc_store_dirty(struct muc *m);

#endif
