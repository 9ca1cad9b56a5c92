/* SPDX-License-Identifier: MIT */
/*
 * mucadmin.h - libmucadmin, remote administration of XMPP multi-user chat
 * rooms (XEP-0045) on top of libstrophe.  This is the library's only public
 * header.
 *
 * Conventions: every symbol starts with mucadmin_ or MUCADMIN_; handles are
 * opaque and made with *_new, released with *_free; calls return a
 * mucadmin_status_t; the library never prints and never exits.
 *
 * Names are mucadmin_<object>_<verb> (noun then verb, as in libmpdclient
 * and notmuch), the object being what the call acts on:
 *   mucadmin_session_*  the connection: set_*, connect, disconnect, process
 *   mucadmin_room_*     a request about one room, (session, room, ...):
 *                       room_config_get/_set/_submit, room_create,
 *                       room_destroy, room_affiliation_list/_set,
 *                       room_role_set, room_subject_get/_set, room_join...
 *   mucadmin_service_*  a MUC service: service_find, service_room_list
 *   mucadmin_batch_*    a batch of affiliation changes, sent with
 *                       mucadmin_batch_apply(); mucadmin_reads_* likewise a
 *                       batch of reads, sent with mucadmin_reads_run()
 *   mucadmin_form_*, mucadmin_list_*, mucadmin_info_*  accessors of the
 *                       objects calls return: mucadmin_<object>_<attribute>
 * Verbs: _get reads one thing from the server, _list reads a list, _set
 * changes it; _new/_free make and release.  Terms are XEP-0045's and
 * XEP-0004's: a form's type is its type attribute ("form", "submit"...),
 * its namespace the value of its FORM_TYPE field.
 */
#ifndef MUCADMIN_H
#define MUCADMIN_H

#include <signal.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The version of this header.  The numbers come from the file VERSION of
 * the source tree: the Makefile passes them with -D to its own compiles
 * and make install writes them here, so the installed header stands alone.
 */
#ifndef MUCADMIN_VERSION_MAJOR /* make install: the numbers replace this */
#error "MUCADMIN_VERSION_* undefined: build with the Makefile or install"
#endif
#define MUCADMIN_VERSION_NUM                                                   \
    ((MUCADMIN_VERSION_MAJOR << 16) | (MUCADMIN_VERSION_MINOR << 8) |          \
     MUCADMIN_VERSION_PATCH)
/* Non-zero when this header is version MAJOR.MINOR.PATCH or later. */
#define MUCADMIN_CHECK_VERSION(major, minor, patch)                            \
    (MUCADMIN_VERSION_NUM >= (((major) << 16) | ((minor) << 8) | (patch)))

/*
 * Status codes.  Append only: values never change meaning once released.
 */
typedef enum {
    MUCADMIN_OK = 0,
    MUCADMIN_E_INVALID,     /* bad argument from the caller */
    MUCADMIN_E_NOMEM,       /* out of memory */
    MUCADMIN_E_STANZA,      /* the server answered with a stanza error */
    MUCADMIN_E_DNS,         /* the server's name did not resolve */
    MUCADMIN_E_CONNECT,     /* TCP connection failed or was lost */
    MUCADMIN_E_TLS,         /* TLS could not be negotiated */
    MUCADMIN_E_CERT,        /* the server's certificate was not trusted */
    MUCADMIN_E_AUTH,        /* authentication failed */
    MUCADMIN_E_TIMEOUT,     /* no answer before the deadline */
    MUCADMIN_E_PROTOCOL,    /* the server's answer made no sense */
    MUCADMIN_E_NOTCONN,     /* the session is not connected */
    MUCADMIN_E_IGNORED,     /* the server answered result but did not apply */
    MUCADMIN_E_PARTIAL,     /* some items of a batch failed */
    MUCADMIN_E_CANCELLED,   /* the caller cancelled the request */
    MUCADMIN_E_NOTFOUND,    /* a form field or list entry does not exist */
    MUCADMIN_E_EXISTS,      /* the room to create already exists */
    MUCADMIN_E_VALUE,       /* a value does not fit the field it is for */
    MUCADMIN_E_UNSUPPORTED, /* the server (or room) does not offer it */
} mucadmin_status_t;

/* A static English sentence for a status; never NULL. */
const char *mucadmin_strerror(mucadmin_status_t status);

/* The library's version as "MAJOR.MINOR.PATCH"; a static string. */
const char *mucadmin_version(void);

/*
 * Whether jid is a JID (RFC 7622): [localpart "@"] domainpart ["/"
 * resourcepart], each part 1 to 1023 bytes of UTF-8; no " & ' / : < > @,
 * spaces or controls in the localpart; a domain of letters, digits and
 * hyphens in dot-separated labels (non-ASCII labels are left to the
 * server's IDNA), or an IP literal in brackets; no controls in the
 * resource.  With bare non-zero, a resource makes it invalid.  Non-zero
 * when valid.  It checks syntax only: servers apply the stringprep or
 * PRECIS mappings (case, width) themselves.  Every call taking a JID
 * refuses one this rejects with MUCADMIN_E_INVALID.
 */
int mucadmin_jid_valid(const char *jid, int bare);

/* ------------------------------------------------------------------------
 * Sessions
 *
 * A session is one XMPP client connection.  All request calls block: they
 * drive libstrophe's event loop until their answers (or deadlines) arrive.
 * A session is not thread-safe; use one per thread.
 *
 * A session sends no presence to the account's contacts (it is not
 * "online" for them), so messages to the bare JID are not delivered to
 * it; rooms see it only while it is joined.
 *
 * Writing to a connection the server has closed raises SIGPIPE; ignoring
 * it (signal(SIGPIPE, SIG_IGN)) is the application's job, after which a
 * lost connection comes back as MUCADMIN_E_CONNECT.
 */
typedef struct mucadmin_session mucadmin_session_t;

/* New unconnected session; NULL when out of memory.  Free with
 * mucadmin_session_free(), which also disconnects. */
mucadmin_session_t *mucadmin_session_new(void);
void mucadmin_session_free(mucadmin_session_t *s);

/* The account to log in as (bare or full JID); copied. */
mucadmin_status_t mucadmin_session_set_jid(mucadmin_session_t *s,
                                           const char *jid);
/* The password; copied, wiped from memory on free. */
mucadmin_status_t mucadmin_session_set_password(mucadmin_session_t *s,
                                                const char *password);
/* Or ask for it at connect time: cb returns a malloc'd string that the
 * library wipes and frees, or NULL to abort with MUCADMIN_E_AUTH. */
typedef char *(*mucadmin_password_cb)(void *userdata);
void mucadmin_session_set_password_callback(mucadmin_session_t *s,
                                            mucadmin_password_cb cb,
                                            void *userdata);
/* Connect to host:port instead of resolving the JID's domain with DNS SRV.
 * host NULL restores SRV; port 0 means 5222 (5223 for direct TLS). */
mucadmin_status_t mucadmin_session_set_server(mucadmin_session_t *s,
                                              const char *host,
                                              unsigned short port);

typedef enum {
    MUCADMIN_TLS_STARTTLS = 0, /* default: STARTTLS required, cert verified */
    MUCADMIN_TLS_DIRECT,       /* TLS from the first byte (XEP-0368) */
    MUCADMIN_TLS_PLAINTEXT,    /* no TLS at all: only when explicitly asked */
} mucadmin_tls_t;
void mucadmin_session_set_tls(mucadmin_session_t *s, mucadmin_tls_t mode);
/* Verify the server certificate against the CAs in file (PEM) instead of
 * the system store; copied. */
mucadmin_status_t mucadmin_session_set_cafile(mucadmin_session_t *s,
                                              const char *file);
/* Accept any certificate (testing only). */
void mucadmin_session_set_trust_any(mucadmin_session_t *s, int yes);
/* Deadline of each request and of connecting, in milliseconds (default
 * 10000). */
void mucadmin_session_set_timeout(mucadmin_session_t *s, unsigned ms);
/* The nickname used when an operation must join a room (roles, subject,
 * messages, room creation); copied.  Default "mucadmin". */
mucadmin_status_t mucadmin_session_set_nick(mucadmin_session_t *s,
                                            const char *nick);
/* When a room refuses a join because the nick is taken (conflict), join
 * again as "mucadmin-" and 4 random letters or digits, up to tries times
 * (default 3; 0: report the conflict), each try logged
 * (MUCADMIN_LOG_INFO). */
void mucadmin_session_set_nick_retries(mucadmin_session_t *s, unsigned tries);
/* Password of password-protected rooms joined by the library; copied. */
mucadmin_status_t mucadmin_session_set_room_password(mucadmin_session_t *s,
                                                     const char *password);

typedef enum {
    MUCADMIN_LOG_INFO = 0, /* a sentence about what the library does */
    MUCADMIN_LOG_SENT,     /* raw XML sent, as written: pipelined
                              requests written together come in one
                              call (SASL credentials and room passwords
                              replaced by "[redacted]").  A log never
                              changes what is sent. */
    MUCADMIN_LOG_RECEIVED, /* raw XML received */
} mucadmin_log_t;
/* Called with text valid only during the call. */
typedef void (*mucadmin_log_cb)(void *userdata, mucadmin_log_t kind,
                                const char *text);
void mucadmin_session_set_log(mucadmin_session_t *s, mucadmin_log_cb cb,
                              void *userdata);

/* Connect, negotiate TLS, authenticate, bind.  Statuses: MUCADMIN_E_DNS,
 * _E_CONNECT, _E_TLS, _E_CERT, _E_AUTH, _E_TIMEOUT. */
mucadmin_status_t mucadmin_session_connect(mucadmin_session_t *s);
/* Leave joined rooms and close the stream.  Safe when not connected. */
void mucadmin_session_disconnect(mucadmin_session_t *s);
int mucadmin_session_is_connected(const mucadmin_session_t *s);
/* The full JID the server bound, or NULL; owned by the session. */
const char *mucadmin_session_bound_jid(const mucadmin_session_t *s);

/* Ask the request in flight to stop: it returns MUCADMIN_E_CANCELLED.
 * While mucadmin_session_connect() runs, the connection attempt is abandoned
 * (its socket shut down: a TLS handshake waits for nothing else).
 * Async-signal-safe (sets a flag), for a SIGINT handler. */
void mucadmin_session_cancel(mucadmin_session_t *s);
/* Tie the session to the caller's flag, which its SIGINT or SIGTERM
 * handler sets: while *flag is nonzero, connecting and the requests in
 * flight stop with MUCADMIN_E_CANCELLED and no request starts.  Unlike
 * mucadmin_session_cancel(), it lasts until the caller clears the flag.  The
 * flag must outlive the session; NULL unties it. */
void mucadmin_session_set_interrupt(mucadmin_session_t *s,
                                    const volatile sig_atomic_t *flag);

/* Server events that arrive outside a request. */
typedef enum {
    MUCADMIN_EVENT_DISCONNECTED = 0, /* the connection was lost */
    MUCADMIN_EVENT_KICKED,           /* our occupant was kicked (307...) */
    MUCADMIN_EVENT_BANNED,           /* ... banned (301) */
    MUCADMIN_EVENT_DESTROYED,        /* a room we were in was destroyed */
    MUCADMIN_EVENT_MESSAGE,          /* a message addressed to us */
} mucadmin_event_t;
/* room and text may be NULL; valid only during the call.  For
 * MUCADMIN_EVENT_MESSAGE, room is the sender's JID and text the body; for
 * KICKED, BANNED and DESTROYED, text is the reason given. */
typedef void (*mucadmin_event_cb)(void *userdata, mucadmin_event_t event,
                                  const char *room, const char *text);
void mucadmin_session_set_event_callback(mucadmin_session_t *s,
                                         mucadmin_event_cb cb, void *userdata);
/* Only during an event callback, for KICKED, BANNED and DESTROYED: who
 * did it (a nick, or a JID), and for DESTROYED the alternate room the
 * occupants are asked to go to; NULL when the server did not say.  Owned
 * by the session, valid during the call. */
const char *mucadmin_event_actor(const mucadmin_session_t *s);
const char *mucadmin_event_venue(const mucadmin_session_t *s);
/* Process what the server sent (events), waiting at most timeout_ms. */
mucadmin_status_t mucadmin_session_process(mucadmin_session_t *s,
                                           unsigned timeout_ms);
/*
 * The connection's socket, so that an application can wait for the
 * server and its own input at once (poll, select, an event loop): when
 * it is readable, call mucadmin_session_process(s, 0), which reads all
 * that arrived, what TLS had already decrypted included, and delivers the
 * events before it returns.  Wait on it for reading only; never read,
 * write or close it.  -1 when not connected (after the connection was
 * lost too: the DISCONNECTED event has then been delivered); a new
 * connection has a new descriptor.
 */
int mucadmin_session_fd(const mucadmin_session_t *s);

/* ------------------------------------------------------------------------
 * Errors of the last failed call on a session.  Strings are owned by the
 * session and valid until the next call on it; NULL when not applicable.
 */
/* The stanza error condition, e.g. "forbidden". */
const char *mucadmin_error_condition(const mucadmin_session_t *s);
/* The stanza error type: "cancel", "auth", "modify", "wait", "continue". */
const char *mucadmin_error_type(const mucadmin_session_t *s);
/* The server's <text/>, if it sent one. */
const char *mucadmin_error_text(const mucadmin_session_t *s);
/* A sentence about the failure (any status), e.g. which field is unknown
 * and which ones the server offers. */
const char *mucadmin_error_detail(const mucadmin_session_t *s);
/* What a stanza error condition means in MUC terms ("registration-required":
 * "the room is members-only and you are not a member"); static, never
 * NULL. */
const char *mucadmin_condition_explain(const char *condition);

/* ------------------------------------------------------------------------
 * Data forms (XEP-0004, with XEP-0122 datatypes)
 */
typedef struct mucadmin_form mucadmin_form_t;

typedef enum {
    MUCADMIN_FIELD_TEXT_SINGLE = 0, /* also the type of a field without one */
    MUCADMIN_FIELD_BOOLEAN,
    MUCADMIN_FIELD_FIXED,
    MUCADMIN_FIELD_HIDDEN,
    MUCADMIN_FIELD_JID_MULTI,
    MUCADMIN_FIELD_JID_SINGLE,
    MUCADMIN_FIELD_LIST_MULTI,
    MUCADMIN_FIELD_LIST_SINGLE,
    MUCADMIN_FIELD_TEXT_MULTI,
    MUCADMIN_FIELD_TEXT_PRIVATE,
} mucadmin_field_type_t;

/* Parse an <x xmlns='jabber:x:data'/> element given as XML text.  NULL
 * with *status set (MUCADMIN_E_PROTOCOL for bad XML or another element)
 * on failure; status may be NULL.  The form is the caller's to free; the
 * strings its accessors return belong to it. */
mucadmin_form_t *mucadmin_form_parse(const char *xml,
                                     mucadmin_status_t *status);
/* A deep copy (the caller's), or NULL when out of memory. */
mucadmin_form_t *mucadmin_form_copy(const mucadmin_form_t *f);
void mucadmin_form_free(mucadmin_form_t *f);
/* The form type (XEP-0004: its type attribute, "form", "submit", "cancel"
 * or "result"), the value of its hidden FORM_TYPE field (XEP-0068: the
 * namespace its fields belong to, e.g.
 * "http://jabber.org/protocol/muc#roomconfig"), title and instructions, or
 * NULL. */
const char *mucadmin_form_type(const mucadmin_form_t *f);
const char *mucadmin_form_namespace(const mucadmin_form_t *f);
const char *mucadmin_form_title(const mucadmin_form_t *f);
const char *mucadmin_form_instructions(const mucadmin_form_t *f);

/* Fields, by index 0..count-1, in the server's order. */
size_t mucadmin_form_field_count(const mucadmin_form_t *f);
/* Index of the field with this var, or -1. */
int mucadmin_form_find(const mucadmin_form_t *f, const char *var);
const char *mucadmin_form_field_var(const mucadmin_form_t *f, size_t i);
mucadmin_field_type_t mucadmin_form_field_type(const mucadmin_form_t *f,
                                               size_t i);
const char *mucadmin_form_field_label(const mucadmin_form_t *f, size_t i);
const char *mucadmin_form_field_desc(const mucadmin_form_t *f, size_t i);
int mucadmin_form_field_required(const mucadmin_form_t *f, size_t i);
/* XEP-0122 datatype, e.g. "xs:integer", or NULL. */
const char *mucadmin_form_field_datatype(const mucadmin_form_t *f, size_t i);
size_t mucadmin_form_field_value_count(const mucadmin_form_t *f, size_t i);
const char *mucadmin_form_field_value(const mucadmin_form_t *f, size_t i,
                                      size_t j);
size_t mucadmin_form_field_option_count(const mucadmin_form_t *f, size_t i);
const char *mucadmin_form_field_option_value(const mucadmin_form_t *f, size_t i,
                                             size_t j);
const char *mucadmin_form_field_option_label(const mucadmin_form_t *f, size_t i,
                                             size_t j);
/* "boolean", "list-single"...: the XEP-0004 name of a type. */
const char *mucadmin_field_type_name(mucadmin_field_type_t t);

/*
 * Short names for room configuration fields ("membersonly"), and the vars
 * they stand for on each server: servers spell some settings differently
 * (Prosody's member invites are
 * {http://prosody.im/protocol/muc}roomconfig_allowmemberinvites, ejabberd
 * calls archiving "mam"), so an alias lists every var it may stand for,
 * the standard muc#roomconfig_ one first.  Static data.
 */
/* Alias i's short name (i from 0), or NULL past the last. */
const char *mucadmin_field_alias_name(size_t i);
/* The j-th var alias i stands for (j from 0, the standard one), or NULL
 * past the last. */
const char *mucadmin_field_alias_var(size_t i, size_t j);
/* The short name of a var, whichever server's spelling it is, or NULL. */
const char *mucadmin_field_alias_of(const char *var);
/* The var name stands for in form: name itself when the form has such a
 * field, else the var of alias name (or of the alias of another server's
 * var) that the form has, else NULL.  With form NULL: the standard var of
 * alias name, or name itself.  Owned by the form, or static. */
const char *mucadmin_form_resolve(const mucadmin_form_t *form,
                                  const char *name);

/*
 * Set a field's value after checking it against the field: booleans accept
 * true/false/1/0/yes/no/on/off (stored as "1"/"0"), list-single values
 * must be one of the options, jid-* must be JIDs, xs:integer must be an
 * integer.  For *-multi fields, values are separated by '\n'.  Statuses:
 * MUCADMIN_E_NOTFOUND (no such var), MUCADMIN_E_VALUE (with the reason in
 * *why, a static string, when why is not NULL).
 */
mucadmin_status_t mucadmin_form_set(mucadmin_form_t *f, const char *var,
                                    const char *value, const char **why);
/* The form as a type='submit' <x/> with every field's var and values
 * (fixed fields left out); malloc'd, caller frees. */
char *mucadmin_form_submit_xml(const mucadmin_form_t *f);
/* Vars whose values differ between a and b (a field missing from b counts
 * as different).  Returns the count; *vars is a malloc'd array (free it
 * with free()) of strings owned by a. */
size_t mucadmin_form_diff(const mucadmin_form_t *a, const mucadmin_form_t *b,
                          const char ***vars);

/* ------------------------------------------------------------------------
 * Affiliations and roles
 */
typedef enum {
    MUCADMIN_AFF_NONE = 0,
    MUCADMIN_AFF_OUTCAST,
    MUCADMIN_AFF_MEMBER,
    MUCADMIN_AFF_ADMIN,
    MUCADMIN_AFF_OWNER,
} mucadmin_affiliation_t;

typedef enum {
    MUCADMIN_ROLE_NONE = 0,
    MUCADMIN_ROLE_VISITOR,
    MUCADMIN_ROLE_PARTICIPANT,
    MUCADMIN_ROLE_MODERATOR,
} mucadmin_role_t;

/* Names as in XEP-0045 ("member"...), and back: -1 for an unknown name. */
const char *mucadmin_affiliation_name(mucadmin_affiliation_t a);
int mucadmin_affiliation_from_name(const char *name);
const char *mucadmin_role_name(mucadmin_role_t r);
int mucadmin_role_from_name(const char *name);

/* A list of entries with a JID, nick, reason and affiliation/role (which
 * ones are set depends on the call that made it; absent ones are NULL). */
typedef struct mucadmin_list mucadmin_list_t;
size_t mucadmin_list_count(const mucadmin_list_t *l);
const char *mucadmin_list_jid(const mucadmin_list_t *l, size_t i);
const char *mucadmin_list_nick(const mucadmin_list_t *l, size_t i);
const char *mucadmin_list_name(const mucadmin_list_t *l, size_t i);
const char *mucadmin_list_reason(const mucadmin_list_t *l, size_t i);
mucadmin_affiliation_t mucadmin_list_affiliation(const mucadmin_list_t *l,
                                                 size_t i);
mucadmin_role_t mucadmin_list_role(const mucadmin_list_t *l, size_t i);
void mucadmin_list_free(mucadmin_list_t *l);

/* ------------------------------------------------------------------------
 * Owner requests (muc#owner)
 */
/* The room's configuration form; *form is the caller's to free. */
mucadmin_status_t mucadmin_room_config_get(mucadmin_session_t *s,
                                           const char *room,
                                           mucadmin_form_t **form);
/*
 * Change n fields (vars[i] to values[i], as mucadmin_form_set() spells
 * them): fetch the form, check every var and value against it
 * (MUCADMIN_E_NOTFOUND / MUCADMIN_E_VALUE, nothing sent; the detail names
 * the fields offered), submit FORM_TYPE and those fields, read the form
 * back and compare.  MUCADMIN_E_IGNORED when the server answered result
 * but left some fields unchanged: see mucadmin_ignored_*.
 */
mucadmin_status_t mucadmin_room_config_set(mucadmin_session_t *s,
                                           const char *room,
                                           const char *const *vars,
                                           const char *const *values, size_t n);
/* Submit a whole form as it is (type='submit'). */
mucadmin_status_t mucadmin_room_config_submit(mucadmin_session_t *s,
                                              const char *room,
                                              const mucadmin_form_t *form);
/* The vars the last mucadmin_room_config_set() (or _room_create()) found
 * unchanged; owned by the session, valid until the next call on it. */
size_t mucadmin_room_config_ignored_count(const mucadmin_session_t *s);
const char *mucadmin_room_config_ignored_var(const mucadmin_session_t *s,
                                             size_t i);

/*
 * Create a room: join it with the session's nick; when the server answers
 * 201 the room is new and locked: with n == 0 it is made an instant room,
 * else it is configured with the n fields (as mucadmin_room_config_set)
 * before it unlocks (statuses as mucadmin_room_config_set()).  Then leave.
 * MUCADMIN_E_EXISTS when the room was already there (nothing changed).  Servers
 * destroy a room that is not persistent when its last occupant leaves: to keep
 * one, set muc#roomconfig_persistentroom, or stay with mucadmin_room_join().
 */
mucadmin_status_t mucadmin_room_create(mucadmin_session_t *s, const char *room,
                                       const char *const *vars,
                                       const char *const *values, size_t n);
/* Destroy a room; reason, alternate venue and its password may be NULL. */
mucadmin_status_t mucadmin_room_destroy(mucadmin_session_t *s, const char *room,
                                        const char *reason, const char *venue,
                                        const char *venue_password);

/* ------------------------------------------------------------------------
 * Admin requests (muc#admin)
 */
/* The list of one affiliation (JID, nick and reason per entry); which is
 * not MUCADMIN_AFF_NONE; *list is the caller's to free. */
mucadmin_status_t mucadmin_room_affiliation_list(mucadmin_session_t *s,
                                                 const char *room,
                                                 mucadmin_affiliation_t which,
                                                 mucadmin_list_t **list);

/*
 * A batch of reads: rooms' disco#info, configuration forms and affiliation
 * lists, sent pipelined (up to 128 in flight) so that many rooms cost a few
 * round trips.  Add items, run, then read each item's result by the index its
 * add returned.
 */
typedef struct mucadmin_reads mucadmin_reads_t;
typedef struct mucadmin_info mucadmin_info_t; /* see mucadmin_room_info_get() */
#define MUCADMIN_READS_ERROR ((size_t)-1)
mucadmin_reads_t *mucadmin_reads_new(void);
/* Frees the items and every result not taken. */
void mucadmin_reads_free(mucadmin_reads_t *r);
/* Queue the configuration form of room (as mucadmin_room_config_get), or
 * its list of one affiliation (not MUCADMIN_AFF_NONE, as
 * mucadmin_room_affiliation_list).  The item's index, or MUCADMIN_READS_ERROR
 * (room not a valid JID, no such list, out of memory).  room is copied. */
size_t mucadmin_reads_add_config(mucadmin_reads_t *r, const char *room);
size_t mucadmin_reads_add_list(mucadmin_reads_t *r, const char *room,
                               mucadmin_affiliation_t which);
/* Queue the room's disco#info (as mucadmin_room_info_get): the way to learn
 * whether a room exists (item-not-found) without creating it, since
 * ejabberd answers an owner's form get to a missing room by creating a
 * temporary room.  Same returns as mucadmin_reads_add_config(). */
size_t mucadmin_reads_add_info(mucadmin_reads_t *r, const char *room);
/* Queue the configuration of room as far as the fields vars (n of them,
 * the owner form's names; copied) go: when the room's disco#info, asked
 * first anyway, says every one of them exactly (the XEP-0045 room
 * features for persistentroom, publicroom, membersonly, moderatedroom,
 * and the muc#roominfo roomname), the item's form holds just those
 * fields, typed as the owner's form types them, and no owner form is
 * read; else as mucadmin_reads_add_config().  disco#info is not the
 * owner's form: a caller that finds a field to change reads that (it also
 * says whether we may).  Same returns as mucadmin_reads_add_config(). */
size_t mucadmin_reads_add_config_fields(mucadmin_reads_t *r, const char *room,
                                        const char *const *vars, size_t n);
/* Queue the room's occupants of one role (not MUCADMIN_ROLE_NONE): a
 * muc#admin get with role=, which Prosody answers to the room's owners
 * and admins without their joining (nick, role, affiliation and the real
 * JID per occupant), read as mucadmin_reads_list().  Same returns as
 * mucadmin_reads_add_config(). */
size_t mucadmin_reads_add_role(mucadmin_reads_t *r, const char *room,
                               mucadmin_role_t which);
size_t mucadmin_reads_count(const mucadmin_reads_t *r);
/* Send every item and wait for them all.  MUCADMIN_OK when each got an
 * answer (each item's status says which); else why some did not
 * (MUCADMIN_E_CONNECT, _TIMEOUT, _CANCELLED; those items have that
 * status, items answered keep their results).  A run forgets the results
 * of the one before. */
mucadmin_status_t mucadmin_reads_run(mucadmin_session_t *s,
                                     mucadmin_reads_t *r);
/* Item i's status (MUCADMIN_E_INVALID before a run); for
 * MUCADMIN_E_STANZA its error's condition, type and text; for other
 * failures a detail sentence (the status says why when NULL).  Strings
 * owned by r, valid until it runs again or is freed. */
mucadmin_status_t mucadmin_reads_status(const mucadmin_reads_t *r, size_t i);
const char *mucadmin_reads_condition(const mucadmin_reads_t *r, size_t i);
const char *mucadmin_reads_error_type(const mucadmin_reads_t *r, size_t i);
const char *mucadmin_reads_text(const mucadmin_reads_t *r, size_t i);
const char *mucadmin_reads_detail(const mucadmin_reads_t *r, size_t i);
/* Item i's form, list or info when its status is MUCADMIN_OK (NULL
 * otherwise, or once taken): owned by r.  The _take calls hand it to the caller
 * (who frees it); r then holds NULL for it. */
const mucadmin_form_t *mucadmin_reads_form(const mucadmin_reads_t *r, size_t i);
const mucadmin_list_t *mucadmin_reads_list(const mucadmin_reads_t *r, size_t i);
const mucadmin_info_t *mucadmin_reads_info(const mucadmin_reads_t *r, size_t i);
/* 1 when item i's form was made from the room's disco#info
 * (mucadmin_reads_add_config_fields()), 0 otherwise. */
int mucadmin_reads_from_info(const mucadmin_reads_t *r, size_t i);
mucadmin_form_t *mucadmin_reads_take_form(mucadmin_reads_t *r, size_t i);
mucadmin_list_t *mucadmin_reads_take_list(mucadmin_reads_t *r, size_t i);

/* A batch of affiliation changes, each with its own result. */
typedef struct mucadmin_batch mucadmin_batch_t;
mucadmin_batch_t *mucadmin_batch_new(void);
void mucadmin_batch_free(mucadmin_batch_t *b);
/* Add a change; nick and reason may be NULL.  All strings copied. */
mucadmin_status_t mucadmin_batch_add(mucadmin_batch_t *b, const char *jid,
                                     mucadmin_affiliation_t affiliation,
                                     const char *nick, const char *reason);
size_t mucadmin_batch_count(const mucadmin_batch_t *b);
const char *mucadmin_batch_jid(const mucadmin_batch_t *b, size_t i);
/* After mucadmin_batch_apply: each item's status, and for a stanza
 * error its condition and text (owned by the batch, or NULL). */
mucadmin_status_t mucadmin_batch_status(const mucadmin_batch_t *b, size_t i);
const char *mucadmin_batch_condition(const mucadmin_batch_t *b, size_t i);
const char *mucadmin_batch_text(const mucadmin_batch_t *b, size_t i);

enum {
    /* Send many items per IQ (servers that apply every item, such as
     * ejabberd): IQs of at most 64 KiB, under servers' stanza size
     * limits, pipelined.  Default: one IQ per item, pipelined, since
     * Prosody 0.12 applies only the first item of a multi-item set. */
    MUCADMIN_BATCH_MULTI_ITEM = 1 << 0,
    /* Do not read the lists back to verify. */
    MUCADMIN_BATCH_NO_VERIFY = 1 << 1,
    /* MUCADMIN_BATCH_MULTI_ITEM when the room's service says (XEP-0092
     * software version) that it is ejabberd, one item per IQ otherwise;
     * asked once per service and session. */
    MUCADMIN_BATCH_DETECT = 1 << 2,
};
/* Apply a batch: MUCADMIN_OK when every item succeeded, MUCADMIN_E_PARTIAL
 * when some did, or the status all items share.  Verification reads back
 * the lists the batch can have changed (an item's own list; all four when
 * an item removes an affiliation); an item answered result but not
 * applied gets MUCADMIN_E_IGNORED.  Requests are pipelined (up to 128 in
 * flight, each with its own deadline counted from when it is sent); a
 * connection lost meanwhile fails the pending items with MUCADMIN_E_CONNECT,
 * and the call returns that (or MUCADMIN_E_CANCELLED when cancelled; items
 * already answered keep their results).  The batch keeps the results until it
 * is applied again or freed. */
mucadmin_status_t mucadmin_batch_apply(mucadmin_session_t *s, const char *room,
                                       mucadmin_batch_t *b, unsigned flags);
/* One change; nick and reason may be NULL. */
mucadmin_status_t mucadmin_room_affiliation_set(
    mucadmin_session_t *s, const char *room, const char *jid,
    mucadmin_affiliation_t affiliation, const char *nick, const char *reason);

/*
 * Change an occupant's role by nick (kick = MUCADMIN_ROLE_NONE).
 * XEP-0045 lets only occupants do this, so when the session is not in the
 * room the library joins it under the session's nick first and leaves
 * afterwards (other occupants see that presence).  The room must exist:
 * it is asked first (disco#info), since joining would create it.
 */
mucadmin_status_t mucadmin_room_role_set(mucadmin_session_t *s,
                                         const char *room, const char *nick,
                                         mucadmin_role_t role,
                                         const char *reason);

/* ------------------------------------------------------------------------
 * Registration (jabber:iq:register)
 */
/* The room's registration form (*form is the caller's).  Prosody answers
 * registration-required to users who are not members; a registered user
 * gets the standard muc#register form. */
mucadmin_status_t mucadmin_room_register_form_get(mucadmin_session_t *s,
                                                  const char *room,
                                                  mucadmin_form_t **form);
/* Register with a nick (muc#register_roomnick) and n more fields (vars as
 * in the form, checked as by mucadmin_form_set()). */
mucadmin_status_t mucadmin_room_register(mucadmin_session_t *s,
                                         const char *room, const char *nick,
                                         const char *const *vars,
                                         const char *const *values, size_t n);
/* Cancel the registration (<remove/>). */
mucadmin_status_t mucadmin_room_unregister(mucadmin_session_t *s,
                                           const char *room);
/* The nick reserved for us (x-roomuser-item); *nick is malloc'd, or NULL
 * when none is reserved.  An item-not-found answer is checked against the
 * room's disco#info: a room that exists has no nick for us (ejabberd
 * answers so), a missing room's error is the one returned. */
mucadmin_status_t mucadmin_room_reserved_nick_get(mucadmin_session_t *s,
                                                  const char *room,
                                                  char **nick);

/* ------------------------------------------------------------------------
 * Discovery and the rest
 */
/* The MUC service of a domain (disco#items + disco#info); *service is
 * malloc'd, the caller frees it.  MUCADMIN_E_NOTFOUND when there is none. */
mucadmin_status_t mucadmin_service_find(mucadmin_session_t *s,
                                        const char *domain, char **service);
/* The rooms of a service: jid and name per entry (RSM pages followed);
 * *list is the caller's to free.  Servers list public rooms only. */
mucadmin_status_t mucadmin_service_room_list(mucadmin_session_t *s,
                                             const char *service,
                                             mucadmin_list_t **list);
/* The occupants (disco#items on the room): jid (room/nick) and nick;
 * *list is the caller's.  Prosody 0.12 answers with an empty list. */
mucadmin_status_t mucadmin_room_occupant_list(mucadmin_session_t *s,
                                              const char *room,
                                              mucadmin_list_t **list);
/*
 * The occupants as the room shows them to its occupants: nick, role,
 * affiliation, and the real JID when the room reveals it to us (else
 * NULL); the session's own occupant included.  Unless the session is in
 * the room (mucadmin_room_join()), it checks that the room exists (disco#info),
 * joins it under the session's nick, reads the roster the room sends and
 * leaves: the occupants see us come and go.  *list is the caller's.
 */
mucadmin_status_t mucadmin_room_roster_get(mucadmin_session_t *s,
                                           const char *room,
                                           mucadmin_list_t **list);

/* The occupants from the room's role lists (muc#admin gets with role=
 * moderator, participant and visitor, pipelined), without joining: nick,
 * role, affiliation and the real JID when the room shows it.  Prosody
 * answers them to the room's owners and admins; ejabberd only to
 * moderators in the room (MUCADMIN_E_STANZA, forbidden, otherwise).
 * *list is the caller's. */
mucadmin_status_t mucadmin_room_occupant_list_by_role(mucadmin_session_t *s,
                                                      const char *room,
                                                      mucadmin_list_t **list);

/* disco#info of a room: name, features, muc#roominfo form; *info is the
 * caller's to free with mucadmin_info_free(). */
mucadmin_status_t mucadmin_room_info_get(mucadmin_session_t *s,
                                         const char *room,
                                         mucadmin_info_t **info);
const char *mucadmin_info_name(const mucadmin_info_t *i);
size_t mucadmin_info_feature_count(const mucadmin_info_t *i);
const char *mucadmin_info_feature(const mucadmin_info_t *i, size_t j);
int mucadmin_info_has_feature(const mucadmin_info_t *i, const char *var);
/* The muc#roominfo form, or NULL; owned by info. */
const mucadmin_form_t *mucadmin_info_form(const mucadmin_info_t *i);
void mucadmin_info_free(mucadmin_info_t *i);

/*
 * Join a room under the session's nick (and room password) and stay: the
 * session is then an occupant until mucadmin_room_leave() or disconnect, and
 * role, subject and message calls on that room do not join or leave it
 * themselves.  MUCADMIN_E_STANZA when the room refuses us (conflict: the
 * nick is taken; not-authorized: password; registration-required...).
 */
mucadmin_status_t mucadmin_room_join(mucadmin_session_t *s, const char *room);
/* Leave a room joined with mucadmin_room_join(); MUCADMIN_OK when not in it. */
mucadmin_status_t mucadmin_room_leave(mucadmin_session_t *s, const char *room);
/* Whether the session is in room (joined with mucadmin_room_join()): 1 or 0. */
int mucadmin_room_is_joined(mucadmin_session_t *s, const char *room);

/* Set the subject (joins the room as for roles). */
mucadmin_status_t mucadmin_room_subject_set(mucadmin_session_t *s,
                                            const char *room,
                                            const char *subject);
/*
 * Read the subject.  Rooms tell it only to occupants (it is not in
 * disco#info), so, as for roles, the library joins the room under the
 * session's nick, takes the subject the room sends on join, and leaves
 * (other occupants see that presence); in a room joined with
 * mucadmin_room_join() the last subject the room sent is returned.  *subject
 * is malloc'd, the caller frees it; NULL when the room has no subject
 * (an empty one).  MUCADMIN_E_TIMEOUT when no subject came.  A room
 * that does not exist is item-not-found (disco#info is asked first: a
 * join would create it on ejabberd, and requests reaching it while it
 * goes again are lost).
 */
mucadmin_status_t mucadmin_room_subject_get(mucadmin_session_t *s,
                                            const char *room, char **subject);
/* Invite jid: mediated through the room, or direct (XEP-0249) when direct
 * is non-zero; reason may be NULL.  Invitations have no answer, so a
 * disco#info request follows and an error the room sends back before its
 * answer is reported (MUCADMIN_E_STANZA).  Does not join the room. */
mucadmin_status_t mucadmin_room_invite(mucadmin_session_t *s, const char *room,
                                       const char *jid, const char *reason,
                                       int direct);
/* Send a groupchat message (joins the room as for roles).  Like
 * mucadmin_room_subject_set(), returns once the room has echoed it. */
mucadmin_status_t mucadmin_room_say(mucadmin_session_t *s, const char *room,
                                    const char *text);

/* ------------------------------------------------------------------------
 * Service-wide administration
 */
/*
 * Every room of a service the account may know of: the rooms discovery
 * lists (RSM pages followed, with <max/> when the service offers RSM,
 * since ejabberd lists only occupied rooms of a large service otherwise),
 * then the rooms of the service's admin command that destroys rooms
 * (Prosody's http://prosody.im/protocol/muc#destroy, which offers every
 * room), which discovery left out (hidden ones), each asked for its
 * disco#info: a room gone (a Prosody tombstone) or missing is left out.
 * The command is cancelled, never completed.  jid and name per entry;
 * *list is the caller's.  *every (may be NULL) is 1 when the command
 * answered, so the list holds hidden rooms too; 0 when the service offers
 * this account no such command (not a service admin, or another server:
 * ejabberd lists hidden rooms in discovery to its service admins and to
 * the rooms' owners).  With MUCADMIN_ROOMS_UNCHECKED in flags, the
 * rooms only the command names are not asked for their disco#info (for a
 * caller that asks every room's anyway, e.g. with mucadmin_reads_add_info():
 * a tombstone then answers gone).
 */
enum { MUCADMIN_ROOMS_UNCHECKED = 1 << 0 };
mucadmin_status_t mucadmin_service_room_list_all(mucadmin_session_t *s,
                                                 const char *service,
                                                 unsigned flags,
                                                 mucadmin_list_t **list,
                                                 int *every);

/*
 * One change made in many rooms at once (a ban everywhere): add the
 * rooms (copied), run, then read each room's result by its index.
 */
typedef struct mucadmin_fanout mucadmin_fanout_t;
mucadmin_fanout_t *mucadmin_fanout_new(void);
void mucadmin_fanout_free(mucadmin_fanout_t *f);
/* MUCADMIN_E_INVALID for a room that is not a bare JID. */
mucadmin_status_t mucadmin_fanout_add(mucadmin_fanout_t *f, const char *room);
size_t mucadmin_fanout_count(const mucadmin_fanout_t *f);
const char *mucadmin_fanout_room(const mucadmin_fanout_t *f, size_t i);
/*
 * Set jid's affiliation (reason may be NULL) in every room: one muc#admin
 * set per room, pipelined (up to 128 in flight), then the lists of the
 * rooms that answered result read back, pipelined: jid must be on the
 * list of the affiliation (on none for MUCADMIN_AFF_NONE), else the room
 * gets MUCADMIN_E_IGNORED.  Returns as mucadmin_batch_apply():
 * MUCADMIN_OK when every room succeeded, MUCADMIN_E_PARTIAL when some
 * did, the status all share, or why requests went unanswered.
 */
mucadmin_status_t mucadmin_fanout_affiliation(mucadmin_session_t *s,
                                              mucadmin_fanout_t *f,
                                              const char *jid,
                                              mucadmin_affiliation_t aff,
                                              const char *reason);
/*
 * Destroy every room (reason, alternate venue and its password may be
 * NULL): one muc#owner destroy per room, pipelined; then, as
 * mucadmin_room_destroy(), each destroyed room is asked until it answers
 * again (ejabberd loses requests reaching a room being destroyed).  The
 * rooms must exist (ask disco#info first: ejabberd answers a destruction
 * of a missing room from a temporary room).  Returns as
 * mucadmin_fanout_affiliation().
 */
mucadmin_status_t mucadmin_fanout_destroy(mucadmin_session_t *s,
                                          mucadmin_fanout_t *f,
                                          const char *reason, const char *venue,
                                          const char *venue_password);
/* Room i's status after a run (MUCADMIN_E_INVALID before), and for a
 * stanza error its condition and text (owned by f, or NULL). */
mucadmin_status_t mucadmin_fanout_status(const mucadmin_fanout_t *f, size_t i);
const char *mucadmin_fanout_condition(const mucadmin_fanout_t *f, size_t i);
const char *mucadmin_fanout_text(const mucadmin_fanout_t *f, size_t i);

/* ------------------------------------------------------------------------
 * Ad-hoc commands (XEP-0050)
 */
/* The commands jid offers (disco#items, node
 * http://jabber.org/protocol/commands): jid, node
 * (mucadmin_list_node()) and name per entry; an empty list when it has
 * none (item-not-found).  *list is the caller's. */
mucadmin_status_t mucadmin_adhoc_list(mucadmin_session_t *s, const char *jid,
                                      mucadmin_list_t **list);
/* An entry's disco node, or NULL. */
const char *mucadmin_list_node(const mucadmin_list_t *l, size_t i);

/* One command being run: its state after each stage. */
typedef struct mucadmin_adhoc mucadmin_adhoc_t;
/* Execute node at jid: *cmd (the caller's, freed with
 * mucadmin_adhoc_free()) holds the first stage's answer: its state, form
 * and notes.  A stanza error (forbidden...) is MUCADMIN_E_STANZA. */
mucadmin_status_t mucadmin_adhoc_execute(mucadmin_session_t *s, const char *jid,
                                         const char *node,
                                         mucadmin_adhoc_t **cmd);
/* Whether the current stage is the last: its default action (the
 * actions' execute=) is complete, or without one, it offers complete or
 * does not offer next. */
int mucadmin_adhoc_is_last(const mucadmin_adhoc_t *cmd);
/* Submit form (type='submit', fields as mucadmin_form_submit_xml()) for
 * the current stage: action complete on the last stage, else next.  The
 * answer becomes the current stage. */
mucadmin_status_t mucadmin_adhoc_submit(mucadmin_session_t *s,
                                        mucadmin_adhoc_t *cmd,
                                        const mucadmin_form_t *form);
/* Cancel the command (action cancel). */
mucadmin_status_t mucadmin_adhoc_cancel(mucadmin_session_t *s,
                                        mucadmin_adhoc_t *cmd);
/* The stage's status ("executing", "completed", "canceled", or NULL),
 * its form (a stage to fill, or a result) or NULL, and its notes (type
 * "info", "warn" or "error", or NULL; text).  Owned by cmd, valid until
 * its next stage. */
const char *mucadmin_adhoc_state(const mucadmin_adhoc_t *cmd);
const mucadmin_form_t *mucadmin_adhoc_form(const mucadmin_adhoc_t *cmd);
size_t mucadmin_adhoc_note_count(const mucadmin_adhoc_t *cmd);
const char *mucadmin_adhoc_note_type(const mucadmin_adhoc_t *cmd, size_t i);
const char *mucadmin_adhoc_note_text(const mucadmin_adhoc_t *cmd, size_t i);
void mucadmin_adhoc_free(mucadmin_adhoc_t *cmd);

/* ---- the room's archive (XEP-0313 on the room JID) ---- */

typedef struct mucadmin_room_history_get mucadmin_history_t;
/*
 * Read room's archive, oldest first, from start to end (XEP-0082 times,
 * "2026-12-02T10:00:00Z"; NULL: unbounded), only the messages from "from"
 * (a nick, an occupant-id, or a bare real JID where the room shows it;
 * NULL: everyone), at most max of them (0: 1000).  Paged with RSM, the
 * next page asked as soon as a page is full.  At most 16 MiB are kept.
 * MUCADMIN_E_UNSUPPORTED when the room does not offer urn:xmpp:mam:2 to
 * the account.  *history is the caller's (mucadmin_history_free()).
 */
mucadmin_status_t mucadmin_room_history_get(mucadmin_session_t *s,
                                            const char *room, const char *start,
                                            const char *end, const char *from,
                                            size_t max,
                                            mucadmin_history_t **history);
size_t mucadmin_history_count(const mucadmin_history_t *h);
/* Whether the archive said the range was served whole (and nothing was
 * left out for max or the byte bound). */
int mucadmin_history_complete(const mucadmin_history_t *h);
/* Message i's archive id (its stanza-id, XEP-0359, what moderation
 * takes), time, nick, occupant-id (XEP-0421), real JID and body; NULL
 * when the archive has none.  Owned by h. */
const char *mucadmin_history_id(const mucadmin_history_t *h, size_t i);
const char *mucadmin_history_time(const mucadmin_history_t *h, size_t i);
const char *mucadmin_history_nick(const mucadmin_history_t *h, size_t i);
const char *mucadmin_history_occupant_id(const mucadmin_history_t *h, size_t i);
const char *mucadmin_history_jid(const mucadmin_history_t *h, size_t i);
const char *mucadmin_history_body(const mucadmin_history_t *h, size_t i);
/* Whether message i was retracted (the archive keeps a tombstone). */
int mucadmin_history_retracted(const mucadmin_history_t *h, size_t i);
void mucadmin_history_free(mucadmin_history_t *h);

/* ---- message moderation (XEP-0425) ---- */

/* The version of message moderation room offers: 1
 * (urn:xmpp:message-moderate:1) or 0 (:0, Debian 12's prosody-modules);
 * MUCADMIN_E_UNSUPPORTED (*version -1) when neither. */
mucadmin_status_t mucadmin_room_moderation_version(mucadmin_session_t *s,
                                                   const char *room,
                                                   int *version);
/*
 * Retract the n messages of room whose stanza-ids (the archive ids of
 * mucadmin_room_history_get()) are ids, as a moderator, in the version the room
 * offers; reason may be NULL.  Pipelined.  Each message's outcome goes
 * in status[i] and, for a stanza error, its condition in condition[i]
 * (malloc'd, the caller frees; NULL otherwise): both arrays of n are the
 * caller's.  Returns MUCADMIN_OK when every request was answered (each
 * item says how), MUCADMIN_E_UNSUPPORTED when the room offers no
 * moderation (nothing is sent), or what stopped the session.
 */
mucadmin_status_t mucadmin_room_retract(mucadmin_session_t *s, const char *room,
                                        const char *const *ids, size_t n,
                                        const char *reason,
                                        mucadmin_status_t *status,
                                        char **condition);

#ifdef __cplusplus
}
#endif

#endif /* MUCADMIN_H */
