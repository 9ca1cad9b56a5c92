/* SPDX-License-Identifier: MIT */
/* internal.h - libmucadmin's private types and helpers (never installed). */
#ifndef MUCADMIN_INTERNAL_H
#define MUCADMIN_INTERNAL_H

#include <signal.h>
#include <stdint.h>
#include <strophe.h>

#include "mucadmin.h"

/*
 * Internal functions are global inside the library, so they are named
 * mca_*: the prefix keeps them from clashing with the symbols of programs
 * linking libmucadmin.a, and apart from the public mucadmin_* names that
 * the version script (libmucadmin.sym) alone exports.
 */

/* ejabberd answers a destruction before the room's process is gone, and a
 * request reaching the dying room is never answered: after a destruction
 * the room is asked its disco#info with this deadline, this many times,
 * until it answers (owner.c for one room, fanout.c for many). */
#define MCA_SETTLE_TRIES 5
#define MCA_SETTLE_MS 1000
/* The session allocator keeps freed blocks of up to 16 x 16 bytes (guard.c). */
#define MCA_POOL_CLASSES 16

#define NS_MUC "http://jabber.org/protocol/muc"
#define NS_MUC_USER "http://jabber.org/protocol/muc#user"
#define NS_MUC_ADMIN "http://jabber.org/protocol/muc#admin"
#define NS_MUC_OWNER "http://jabber.org/protocol/muc#owner"
#define NS_REGISTER "jabber:iq:register"
#define NS_DATA "jabber:x:data"
#define NS_DISCO_INFO "http://jabber.org/protocol/disco#info"
#define NS_DISCO_ITEMS "http://jabber.org/protocol/disco#items"
#define NS_RSM "http://jabber.org/protocol/rsm"
#define NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"
#define NS_VALIDATE "http://jabber.org/protocol/xdata-validate"
#define NS_CONFERENCE "jabber:x:conference"

/* ---- strbuf.c: growing strings and XML escaping ---- */
typedef struct {
    char *s;
    size_t len, cap;
    int oom;
} strbuf_t;

void mca_sb_add(strbuf_t *b, const char *text);
/* Append n bytes; -1 when out of memory (b->oom set, its text intact). */
int mca_sb_addn(strbuf_t *b, const char *text, size_t n);
void mca_sb_addf(strbuf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Append text escaped for XML character data and attribute values. */
void mca_sb_esc(strbuf_t *b, const char *text);
/* Append " name='value'" (escaped) when value is not NULL. */
void mca_sb_attr(strbuf_t *b, const char *name, const char *value);
/* Append "<name>value</name>" (escaped) when value is not NULL. */
void mca_sb_elem(strbuf_t *b, const char *name, const char *value);
/* The string (malloc'd, caller frees), or NULL when out of memory. */
char *mca_sb_take(strbuf_t *b);
void mca_sb_free(strbuf_t *b);

char *mca_xstrdup(const char *s);
/* Replace *dst with a copy of src (NULL allowed). */
int mca_xstrset(char **dst, const char *src);
/* Overwrite then free a secret. */
void mca_xwipe(char *s);
/* Bare JIDs equal, ignoring the case of node and domain. */
int mca_jid_bare_equal(const char *a, const char *b);

/* ---- jidmap.c: bare JIDs (case folded) hashed to an int ---- */
struct jidmap_slot {
    const char *key; /* borrowed */
    int value;
};
typedef struct {
    struct jidmap_slot *slot;
    size_t n, cap;
} jidmap_t;
/* An empty map sized for about n keys; -1 when out of memory. */
int mca_jidmap_init(jidmap_t *m, size_t n);
void mca_jidmap_free(jidmap_t *m);
/* Add jid (kept as a pointer) with value unless its bare JID is there. */
int mca_jidmap_put(jidmap_t *m, const char *jid, int value);
/* The value of jid's bare JID, or absent. */
int mca_jidmap_get(const jidmap_t *m, const char *jid, int absent);

/* ---- xml.c: the libstrophe context used to parse, helpers ---- */
xmpp_ctx_t *mca_xml_ctx(void);
xmpp_stanza_t *mca_xml_parse(const char *text);
/* First child named name in namespace ns (ns NULL: any). */
xmpp_stanza_t *mca_xml_child(xmpp_stanza_t *st, const char *name,
                             const char *ns);
/* The text of a child element as a malloc'd string, or NULL. */
char *mca_xml_child_text(xmpp_stanza_t *st, const char *name);
/* The text of st itself, malloc'd ("" for an empty element). */
char *mca_xml_text(xmpp_stanza_t *st);
int mca_xml_is(xmpp_stanza_t *st, const char *name);
/* Whether text of len bytes holds only characters XML allows (valid
 * UTF-8, no control characters but tab, newline and carriage return). */
int mca_xml_text_ok(const char *text, size_t len);

/* ---- lists (list.c) ---- */
struct mucadmin_list_entry {
    char *jid, *nick, *name, *reason;
    char *node; /* disco#items: the item's node */
    mucadmin_affiliation_t affiliation;
    mucadmin_role_t role;
};
struct mucadmin_list {
    struct mucadmin_list_entry *e;
    size_t n, cap;
};
mucadmin_list_t *mca_list_new(void);
struct mucadmin_list_entry *mca_list_add(mucadmin_list_t *l);
/* Free an entry's strings (the entry itself stays). */
void mca_list_entry_clear(struct mucadmin_list_entry *e);
/* A deep copy of l (NULL gives an empty list); NULL when out of memory. */
mucadmin_list_t *mca_list_copy(const mucadmin_list_t *l);
/* Make room for item n of an array (*items, of *cap items of size bytes),
 * doubling it when full; -1 when out of memory (the array is unchanged). */
int mca_array_grow(void *items, size_t *cap, size_t n, size_t size);

/* ---- forms (form.c) ---- */
mucadmin_form_t *mca_form_from_stanza(xmpp_stanza_t *x);
/* A type='submit' form with FORM_TYPE and only the listed vars. */
char *mca_form_submit_xml_vars(const mucadmin_form_t *f,
                               const char *const *vars, size_t n);
/* Whether field var has equal values in a and b (booleans and multi
 * fields compared by meaning, not spelling or order). */
int mca_form_same_value(const mucadmin_form_t *a, const mucadmin_form_t *b,
                        const char *var);

/* ---- asking for a form (mca_form_query.c) ---- */
/* The data form in reply's <query xmlns=ns/> as *form (the caller's);
 * without one, fallback() when the query holds a fallback_child element
 * (both may be NULL), else MUCADMIN_E_PROTOCOL. */
mucadmin_status_t mca_form_from_reply(xmpp_stanza_t *reply, const char *ns,
                                      const char *fallback_child,
                                      mucadmin_form_t *(*fallback)(void),
                                      mucadmin_form_t **form);
/* Get room's <query xmlns=ns/> and the data form in it as *form.  An
 * answer without one gets fallback() when its query holds a
 * fallback_child element (both may be NULL), else is a protocol error
 * ("ROOM sent no WHAT form"). */
mucadmin_status_t mca_form_query(mucadmin_session_t *s, const char *room,
                                 const char *ns, const char *what,
                                 const char *fallback_child,
                                 mucadmin_form_t *(*fallback)(void),
                                 mucadmin_form_t **form);
typedef mucadmin_status_t form_get_fn(mucadmin_session_t *s, const char *room,
                                      mucadmin_form_t **form);
/* A public call that gets a form: its arguments checked, the session
 * readied, then get. */
mucadmin_status_t mca_form_get_call(mucadmin_session_t *s, const char *room,
                                    mucadmin_form_t **form, form_get_fn *get);

/* ---- stanza errors (errors.c) ---- */
struct stanza_error {
    char *condition, *type, *text;
};
/* Read the <error/> child of a stanza; 0 when it has none. */
int mca_stanza_error_parse(xmpp_stanza_t *st, struct stanza_error *e);
void mca_stanza_error_clear(struct stanza_error *e);

/* ---- the request engine (engine.c) ---- */
typedef struct req {
    char id[32];
    unsigned long num; /* the counter in id, for lookups */
    char *to;          /* who must answer (NULL: our own account) */
    int to_borrowed;   /* to is not ours to free */
    int done;
    mucadmin_status_t status;
    xmpp_stanza_t *reply; /* a copy of the result, owned by the request */
    struct stanza_error err;
    uint64_t deadline;
    int handed; /* given to a pipeline's done function */
} req_t;

enum { W_JOIN, W_LEAVE, W_MESSAGE, W_SUBJECT };

/* A presence or message we wait for (joins, leaves, subject echoes). */
typedef struct waiter {
    int kind; /* W_JOIN, W_LEAVE, W_MESSAGE or W_SUBJECT */
    const char *room, *nick, *match_id;
    /* W_MESSAGE: an echo of this subject (from our nick, its id lost)
     * also matches; by its text, as ejabberd sends the room's current
     * subject from the nick that set it, ours too, right after a join. */
    const char *want_subject;
    char got_nick[256]; /* W_JOIN: our nick as the room says it (210) */
    char *got_subject;  /* W_SUBJECT: the room's subject, malloc'd */
    int done;
    mucadmin_status_t status;
    struct stanza_error err;
    int codes[8];
    size_t ncodes;
    mucadmin_list_t *roster; /* W_JOIN: the occupants the room announces */
    struct waiter *next;
} waiter_t;

struct joined {
    char *room, *nick;
    char *subject; /* the last subject the room sent, or NULL if none yet */
    mucadmin_list_t *roster; /* who is in it, us included (roster.c) */
    struct joined *next;
};

struct mucadmin_session {
    xmpp_ctx_t *ctx;
    xmpp_conn_t *conn;
    char *jid, *password, *host, *cafile, *nick, *room_password;
    unsigned short port;
    mucadmin_tls_t tls;
    int trust_any;
    unsigned timeout_ms;
    mucadmin_password_cb password_cb;
    void *password_ud;
    mucadmin_log_cb log_cb;
    void *log_ud;
    xmpp_log_t log;            /* libstrophe's logger, pointing at us */
    xmpp_mem_t mem;            /* the context's allocator, counting (guard.c) */
    size_t mem_live, mem_base; /* bytes held; held when a stanza ended */
    void *pool[MCA_POOL_CLASSES]; /* freed small blocks, by size (guard.c) */
    size_t pool_held;             /* ... their bytes */
    int pool_off;                 /* blocks go back to malloc at once */
    const char *broken;           /* why the stream is unusable, or NULL */
    int broken_closed;            /* ... and the connection was ended for it */
    mucadmin_event_cb event_cb;
    void *event_ud;
    /* what the server said with the event being delivered (borrowed,
     * set only during the callback) */
    const char *ev_actor, *ev_venue;

    /* connection state */
    int connected, conn_done, cert_failed, tls_failed, auth_failed;
    int tls_required; /* the server's STARTTLS is <required/> */
    int saw_stream;
    volatile sig_atomic_t cancelled;
    volatile sig_atomic_t connecting;       /* in mucadmin_session_connect() */
    const volatile sig_atomic_t *interrupt; /* the caller's; never reset */
    unsigned nick_retries; /* joins again as mucadmin-XXXX on conflict */
    char *bound_jid;
    int fd; /* the connection's socket, or -1 */

    /* engine */
    unsigned long next_id;
    req_t **pending;
    size_t npending, cappending;
    waiter_t *waiters;
    struct joined *joined;
    char *sw_service;   /* the last service asked for its software */
    int sw_applies_all; /* ... and whether it applies multi-item sets */
    /* A call that takes messages for itself (mam.c: archive results):
     * non-zero when it took st. */
    int (*msg_tap)(mucadmin_session_t *s, xmpp_stanza_t *st, void *ud);
    void *msg_tap_ud;

    /* errors of the last call */
    struct stanza_error err;
    char *detail;
    char **ignored;
    size_t nignored;
};

/* Start a public call: clear the previous call's errors. */
void mca_sess_begin(mucadmin_session_t *s);
/* Record a detail sentence (printf style) for the current call. */
void mca_sess_detail(mucadmin_session_t *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Keep a request's stanza error as the session's last error. */
mucadmin_status_t mca_sess_req_error(mucadmin_session_t *s, req_t *r);
uint64_t mca_now_ms(void);
void mca_sess_log(mucadmin_session_t *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void mca_sess_event(mucadmin_session_t *s, mucadmin_event_t ev,
                    const char *room, const char *text);

/* One turn of libstrophe's loop (waiting at most timeout ms), then the
 * turns it takes to read what TLS already decrypted. */
void mca_engine_run(mucadmin_session_t *s, unsigned long timeout);
/* Install the stanza handlers on a new connection. */
void mca_engine_attach(mucadmin_session_t *s);
/* Fail every pending request and waiter (connection lost). */
void mca_engine_fail_all(mucadmin_session_t *s, mucadmin_status_t st);
/* Fresh id for a request or message; r may be NULL. */
void mca_engine_new_id(mucadmin_session_t *s, char *id, size_t len);
/* Send a stanza given as XML text; with r, register it as a pending IQ
 * (the text's id must be r->id). */
mucadmin_status_t mca_engine_send(mucadmin_session_t *s, req_t *r,
                                  const char *xml);
/* mca_engine_send() for text of len bytes that the library built; to (may be
 * NULL) is who must answer r, borrowed for r's life.  With out (may be
 * NULL: sent now), the text is gathered there for one write later. */
mucadmin_status_t mca_engine_send_raw(mucadmin_session_t *s, req_t *r,
                                      const char *to, const char *xml,
                                      size_t len, strbuf_t *out);
/* Drive the loop until all n requests are done (each gets a status). */
mucadmin_status_t mca_engine_wait(mucadmin_session_t *s, req_t **r, size_t n);
/* Build request i's XML with the given id into b (emptied before each
 * request, kept between them); returns who must answer it (borrowed, it
 * must outlive the call). */
typedef const char *(*pipeline_fn)(void *ud, size_t i, const char *id,
                                   strbuf_t *b);
/* Send n requests built by build, pipelined, and wait for them all; the
 * return value as mca_engine_wait(). */
mucadmin_status_t mca_engine_pipeline(mucadmin_session_t *s, req_t *r, size_t n,
                                      pipeline_fn build, void *ud);
/* Called once for each request of a pipeline as soon as it is settled
 * (answered, failed, or never sent), in no set order; it may take and
 * release r->reply. */
typedef void (*pipeline_done_fn)(void *ud, size_t i, req_t *r);
/* mca_engine_pipeline() handing each request to done when it settles. */
mucadmin_status_t mca_engine_pipeline_each(mucadmin_session_t *s, req_t *r,
                                           size_t n, pipeline_fn build,
                                           pipeline_done_fn done, void *ud);
void mca_waiter_add(mucadmin_session_t *s, waiter_t *w);
void mca_waiter_remove(mucadmin_session_t *s, waiter_t *w);
/* Drive the loop until w is done or the deadline passes. */
mucadmin_status_t mca_engine_wait_one(mucadmin_session_t *s, waiter_t *w);
/* Send xml (malloc'd, freed here) and wait for w; a stanza error w got
 * becomes the session's.  w's error is left cleared. */
mucadmin_status_t mca_engine_send_wait(mucadmin_session_t *s, char *xml,
                                       waiter_t *w);
/* Send one IQ (text built with id r->id) and wait for it; the status. */
mucadmin_status_t mca_engine_iq(mucadmin_session_t *s, req_t *r,
                                const char *xml);
/* Build, send and wait for <iq type to><query xmlns=ns>inner</query></iq>
 * (r is initialised here); a failure is kept on the session. */
mucadmin_status_t mca_engine_query(mucadmin_session_t *s, req_t *r,
                                   const char *type, const char *to,
                                   const char *ns, const char *inner);
/* Start a public call on a connected session about room (may be NULL). */
mucadmin_status_t mca_sess_ready(mucadmin_session_t *s, const char *room);
/* The call in progress is cancelled, or the caller's interrupt flag set. */
#define sess_cancelled(s)                                                      \
    ((s)->cancelled || ((s)->interrupt && *(s)->interrupt))
void mca_req_init(mucadmin_session_t *s, req_t *r);
void mca_req_clear(req_t *r);
/* Release the request's reply only (its status and error stay). */
void mca_req_release_reply(req_t *r);

/* ---- a hostile server's stream (guard.c) ---- */
/* Point s->mem at the counting allocator (before xmpp_ctx_new). */
void mca_guard_init(mucadmin_session_t *s);
/* Free the blocks the allocator kept (after xmpp_ctx_free). */
void mca_guard_free(mucadmin_session_t *s);
/* A stanza was received whole: measure the next one from here. */
void mca_guard_stanza_done(mucadmin_session_t *s);
/* A new connection: nothing is wrong with its stream yet. */
void mca_guard_reset(mucadmin_session_t *s);
/* After a turn of libstrophe's loop: end a stream found unusable. */
void mca_guard_check(mucadmin_session_t *s);

/* ---- requests (build.c): exact XML of every request ---- */
char *mca_build_iq(const char *type, const char *id, const char *to,
                   const char *ns, const char *inner);
char *mca_build_admin_items(const char *id, const char *room,
                            const mucadmin_batch_t *b, size_t from, size_t n);
void mca_build_admin_items_into(strbuf_t *b, const char *id, const char *room,
                                const mucadmin_batch_t *bt, size_t from,
                                size_t n);
char *mca_build_affiliation_get(const char *id, const char *room,
                                mucadmin_affiliation_t a);
char *mca_build_role_get(const char *id, const char *room, mucadmin_role_t r);
char *mca_build_role_set(const char *id, const char *room, const char *nick,
                         mucadmin_role_t role, const char *reason);
char *mca_build_destroy(const char *id, const char *room, const char *reason,
                        const char *venue, const char *venue_password);
char *mca_build_join(const char *room, const char *nick, const char *password);
char *mca_build_leave(const char *room, const char *nick);
char *mca_build_disco(const char *id, const char *to, int items,
                      const char *node, const char *after);
char *mca_build_message(const char *id, const char *to, const char *type,
                        const char *subject, const char *body);
char *mca_build_invite(const char *id, const char *room, const char *jid,
                       const char *reason, int direct);

/* ---- replies (parse.c) ---- */
mucadmin_list_t *mca_parse_items(xmpp_stanza_t *iq, const char *ns);
/* An <item/>'s affiliation and role into e (none for what it lacks; it
 * may be NULL). */
void mca_item_roles(struct mucadmin_list_entry *e, xmpp_stanza_t *it);
mucadmin_info_t *mca_parse_info(xmpp_stanza_t *iq);
/* RSM <last/> of a disco#items reply (malloc'd) and <count/> (-1). */
char *mca_parse_rsm_last(xmpp_stanza_t *iq, long *count);

/* ---- disco.c ---- */
/* Fetch one disco#items page (after: RSM <after/>, or NULL for the first);
 * *reply is then the caller's to release. */
typedef mucadmin_status_t (*page_fn)(void *ud, const char *after,
                                     xmpp_stanza_t **reply);
/* Append the items of every page to all. */
mucadmin_status_t mca_disco_pages(page_fn fetch, void *ud,
                                  mucadmin_list_t *all);

/* ---- rooms joined by the library (presence.c) ---- */
mucadmin_status_t mca_room_join(mucadmin_session_t *s, const char *room,
                                int *created);
/* Join a room that must exist already, to act in it as an occupant:
 * joining a missing room would create it, so disco#info asks first
 * (item-not-found when it is missing). */
mucadmin_status_t mca_room_join_existing(mucadmin_session_t *s,
                                         const char *room);
mucadmin_status_t mca_room_leave(mucadmin_session_t *s, const char *room);
int mca_room_is_joined(mucadmin_session_t *s, const char *room);
/* Our nick in a joined room (it may differ from the session's: taken,
 * or changed by the room), else the session's. */
const char *mca_room_nick(mucadmin_session_t *s, const char *room);
/* The roster of a joined room (NULL when not joined); owned by the room. */
const mucadmin_list_t *mca_room_roster(mucadmin_session_t *s, const char *room);
/* Occupant presence st into roster l (roster.c). */
void mca_roster_presence(mucadmin_list_t *l, xmpp_stanza_t *st, int gone);
void mca_rooms_forget_all(mucadmin_session_t *s);
void mca_presence_handle(mucadmin_session_t *s, xmpp_stanza_t *st);
void mca_message_handle(mucadmin_session_t *s, xmpp_stanza_t *st);

/* ---- software (software.c) ---- */
/* Whether room's service is known to apply every item of a muc#admin set
 * (it says it is ejabberd); asked once per service and session. */
int mca_service_applies_all(mucadmin_session_t *s, const char *room);

/* ---- batch (admin.c) ---- */
struct batch_item {
    char *jid, *nick, *reason;
    mucadmin_affiliation_t aff;
    mucadmin_status_t status;
    char *condition, *text;
};
struct mucadmin_batch {
    struct batch_item *it;
    size_t n, cap;
};

/* Forget the results of a previous run. */
void mca_batch_reset(mucadmin_batch_t *b);
/* A muc#admin get's reply into *list (the caller's); MUCADMIN_E_PROTOCOL
 * when it holds no list. */
mucadmin_status_t mca_affiliations_from_reply(xmpp_stanza_t *reply,
                                              mucadmin_list_t **list);

/* ---- info (parse.c) ---- */
struct mucadmin_info {
    char *name;
    char **features;
    size_t nfeatures;
    mucadmin_form_t *form;
};

/* ---- configure shared by owner.c and create ---- */
/* A muc#owner get's reply into the configuration form *form (the
 * caller's); MUCADMIN_E_PROTOCOL with *detail (malloc'd) when it holds
 * none. */
mucadmin_status_t mca_config_from_reply(xmpp_stanza_t *reply, const char *room,
                                        mucadmin_form_t **form, char **detail);
mucadmin_status_t mca_owner_configure(mucadmin_session_t *s, const char *room,
                                      const char *const *vars,
                                      const char *const *values, size_t n);

/* ---- session.c: libstrophe callbacks used by connect.c ---- */
/* The session connecting on this thread (for the certificate callback). */
extern __thread mucadmin_session_t *mca_connecting;
int mca_certfail(const xmpp_tlscert_t *cert, const char *errormsg);
void mca_conn_cb(xmpp_conn_t *conn, xmpp_conn_event_t event, int error,
                 xmpp_stream_error_t *stream_error, void *ud);

/* ---- log.c ---- */
void mca_log_handler(void *ud, xmpp_log_level_t level, const char *area,
                     const char *msg);
/* Copy of msg with SASL payloads replaced by "[redacted]" (malloc'd). */
char *mca_log_redact(const char *msg);

#endif
