/* SPDX-License-Identifier: MIT */
/*
 * rooms.h - "rooms as code": a rooms file (mucadmin-rooms(5)) loaded into
 * plain structs, a plan (the actions that make the live rooms match it),
 * applying a plan, and exporting live rooms in the same format.
 */
#ifndef MUCADMIN_CLI_ROOMS_H
#define MUCADMIN_CLI_ROOMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "mucadmin.h"

/* The affiliation lists, in the order the file and the plan use. */
enum { RL_OWNERS, RL_ADMINS, RL_MEMBERS, RL_OUTCASTS, RL_N };
extern const char *const rooms_list_names[RL_N];
mucadmin_affiliation_t rooms_list_aff(int list);

struct rooms_aff {
    char *jid, *nick, *reason; /* nick and reason may be NULL */
};

struct rooms_field {
    char *name;  /* an alias of cli/fields.c or a raw var */
    char *value; /* multi-valued fields: values separated by '\n' */
};

struct rooms_room {
    char *jid;          /* a room JID, or a bare name (no service) */
    unsigned long line; /* where the room starts in the file, 1-based */
    struct rooms_field *config;
    size_t nconfig;
    char *subject;       /* NULL: the file does not set one */
    bool has_list[RL_N]; /* the file mentions the list (maybe empty) */
    struct rooms_aff *list[RL_N];
    size_t nlist[RL_N];
    /* JIDs that must have no affiliation (undo's, never from a file):
     * the lists are read, and a JID on one is removed. */
    char **unlisted;
    size_t nunlisted;
};

struct rooms_file {
    char *path;
    char *service; /* top-level "service", or NULL */
    char **prune;  /* top-level "prune": globs of the room names
                    * (localparts) the file owns, which --prune may
                    * destroy; none: it destroys no room */
    size_t nprune;
    struct rooms_room *rooms;
    size_t nrooms;
};

/*
 * Load a rooms file (path "-": stdin) or a string (name is used in
 * messages).  Returns 0, or -1 with *err a malloc'd message
 * "FILE:LINE:COLUMN: ..." (or "FILE: ..." when there is no position).
 */
int rooms_load(const char *path, struct rooms_file *rf, char **err);
int rooms_load_string(const char *name, const char *text, size_t len,
                      struct rooms_file *rf, char **err);
void rooms_free(struct rooms_file *rf);
/* Internal to the loader: the defaults' fields and entries a room does
 * not have itself are copied into it (-1: out of memory); a room freed. */
int rooms_merge_defaults(struct rooms_room *r, const struct rooms_room *d);
void rooms_room_clear(struct rooms_room *r);
/* Whether room (a JID) is in the file's prune scope. */
bool rooms_prune_owns(const struct rooms_file *rf, const char *room);
/* A JID on two lists of r (the lists in *li and *lj), or NULL. */
const char *rooms_twice(const struct rooms_room *r, int *li, int *lj);

/* ---- a file's config fields on a server's form (rooms_fields.c) ---- */

struct rooms_plan;

enum map_kind {
    MAP_SET,       /* var gets value */
    MAP_UNKNOWN,   /* the form has no such field */
    MAP_SATISFIED, /* nothing to send: the form has it by other means */
    MAP_BAD,       /* cannot be: value says why */
};
struct field_map {
    enum map_kind kind;
    const char *name; /* as the file says (or the field a field implies) */
    const char *var;  /* MAP_SET: the form's var (owned by it, or static) */
    char *value;      /* MAP_SET: what to send; MAP_BAD: why not */
    bool negated;     /* the file's value is var's negation (hidden) */
};
/* The config of r (and the fields it implies) mapped onto form: *out is
 * a malloc'd array of the returned count, freed by rooms_map_free(). */
size_t rooms_map_fields(const struct rooms_room *r, const mucadmin_form_t *form,
                        struct field_map **out);
void rooms_map_free(struct field_map *m, size_t n);
/* The config actions of room r against form (the live one, or the form a
 * new room gets when creating), appended to plan. */
void rooms_plan_config(struct rooms_plan *plan, const char *room,
                       const struct rooms_room *r, const mucadmin_form_t *form,
                       bool creating);

/* ---- plans ---- */

enum rooms_act {
    ACT_CREATE,  /* the room is missing: create it configured */
    ACT_CONFIG,  /* change one field (with create: a field to set) */
    ACT_SUBJECT, /* set the subject */
    ACT_AFF,     /* add, change or remove one affiliation */
    ACT_DESTROY, /* --prune: a room the file does not mention */
    ACT_ERROR,   /* something that cannot be done (unknown field...) */
};

/* Not done: never sent.  Unknown: sent, but the answer never came (the
 * connection was lost or the run interrupted), so it may have applied. */
enum rooms_state { ST_PENDING, ST_APPLIED, ST_FAILED, ST_NOT_DONE, ST_UNKNOWN };

struct rooms_action {
    enum rooms_act kind;
    const struct rooms_room *src; /* the file's room */
    char *room;                   /* the room JID */
    char *what;                   /* field name, affiliated JID, or NULL */
    char *var;                    /* ACT_CONFIG: the var to send */
    char *old, *new;              /* for display; NULL is "-" */
    char *value;  /* ACT_CONFIG / ACT_SUBJECT: the value to send */
    char *before; /* ACT_CONFIG: the live value, as sent ('\n'
                   * between values; NULL: creating, or a secret) */
    mucadmin_affiliation_t aff, old_aff;
    char *nick, *reason;
    /* results */
    enum rooms_state state;
    char *condition, *text;
};

struct rooms_plan {
    struct rooms_action *acts;
    size_t n, cap;
    bool prune;
    /* The form a new room of probe_service gets (see rooms_probe.c). */
    mucadmin_form_t *probe;
    char *probe_service;
    /* Whether nick_service keeps the nicks sent with affiliations
     * (rooms_probe_nicks()). */
    char *nick_service;
    bool nicks_kept;
    size_t nicks_dropped; /* the file's nicks not compared for that */
    /* --skip-unknown: fields the server's form lacks are skipped. */
    bool skip_unknown;
    /* undo: a room that answers "gone" (Prosody's tombstone of a room
     * destroyed) is created again, as a missing one (which only a
     * server admin may do there). */
    bool recreate_gone;
    /* lockdown: a missing room is an error, never created. */
    bool no_create;
    /* Warnings ("ROOM\tTEXT", malloc'd), printed once by rooms_plan(). */
    char **warn;
    size_t nwarn;
};

/* Compute the plan for every room of rf (bare names completed by
 * cli_room()); prune adds removals of what the file does not mention.
 * Reports failures to read (connection...) and returns EXIT_*; rooms
 * that cannot be read get ACT_ERROR actions instead. */
int rooms_plan(struct cli *cli, mucadmin_session_t *s,
               const struct rooms_file *rf, bool prune,
               struct rooms_plan *plan);
/* The plan of one room (appended to plan); the library status of a read
 * that failed for a reason other than the room itself. */
mucadmin_status_t rooms_plan_room(struct cli *cli, mucadmin_session_t *s,
                                  const struct rooms_room *r, const char *jid,
                                  bool prune, struct rooms_plan *plan);
/* Where the live state of one room is in a batch of reads: its form and
 * its lists (items not queued: MUCADMIN_READS_ERROR). */
struct live {
    mucadmin_reads_t *reads;
    size_t config, list[RL_N];
};
/* Whether the file manages any of the room's lists. */
bool rooms_manages_lists(const struct rooms_room *r);
/* Queue the reads of room r (rooms_live.c). */
void rooms_live_queue(struct live *lv, mucadmin_reads_t *reads,
                      const struct rooms_room *r, const char *room);
/* Whether read i holds the room's answer (a result or a stanza error). */
bool rooms_live_answered(const struct live *lv, size_t i);
/* The room's configuration form, or list li (the caller's), and for a
 * stanza error its condition; a read the batch did not answer is made
 * again alone. */
mucadmin_status_t rooms_live_config(mucadmin_session_t *s,
                                    const struct live *lv, const char *room,
                                    mucadmin_form_t **form, const char **cond);
mucadmin_status_t rooms_live_list(mucadmin_session_t *s, const struct live *lv,
                                  const char *room, int li,
                                  mucadmin_list_t **list, const char **cond);
/* The room (of n) whose reads the run failed with st. */
size_t rooms_live_failed(const struct live *lv, size_t n, mucadmin_status_t st);
void rooms_plan_free(struct rooms_plan *plan);
/* An action that cannot be done (ACT_ERROR) with its condition and text. */
void rooms_plan_error(struct rooms_plan *plan, const char *room,
                      const char *what, const char *condition,
                      const char *text);
/* A warning about room (printed by rooms_plan() once it is done). */
void rooms_plan_warn(struct rooms_plan *plan, const char *room, const char *fmt,
                     ...) __attribute__((format(printf, 3, 4)));
/* rooms_probe.c: the form a new room of room's service gets (into
 * plan->probe), and whether that service keeps nicks with affiliations
 * (asked once per service). */
mucadmin_status_t rooms_probe_form(mucadmin_session_t *s, const char *room,
                                   struct rooms_plan *plan);
bool rooms_probe_nicks(mucadmin_session_t *s, const char *room,
                       struct rooms_plan *plan);
struct rooms_action *rooms_plan_add(struct rooms_plan *plan,
                                    enum rooms_act kind, const char *room,
                                    const char *what);
/* The action's verb as printed: create, config, add, change, remove... */
const char *rooms_action_verb(const struct rooms_action *a);
/* Print a plan or its results (with states) through cli/output.c. */
void rooms_plan_print(struct cli *cli, const struct rooms_plan *plan,
                      bool results);

/* Each action of plan not applied, on its own error line. */
void rooms_report(struct cli *cli, const struct rooms_plan *plan);

/* Apply plan (from rooms_plan) and verify it: EXIT_OK, EXIT_PARTIAL when
 * some action failed, EXIT_CONN when the connection was lost, 130 when
 * interrupted; every action's state says what happened. */
int rooms_apply(struct cli *cli, mucadmin_session_t *s,
                const struct rooms_file *rf, struct rooms_plan *plan);

/* rooms_journal.c: the plan recorded as one journal entry (rooms to be
 * destroyed read whole first), before anything is sent: EXIT_OK with
 * *j to complete (journal_end()), or EXIT_* after reporting. */
struct journal;
int rooms_journal(struct cli *cli, mucadmin_session_t *s,
                  const struct rooms_plan *plan, struct journal **j);

/* Write the live state of rooms as a rooms file on fp (secrets: room
 * passwords too). */
int rooms_export(struct cli *cli, mucadmin_session_t *s,
                 const char *const *rooms, size_t n, bool secrets, FILE *fp);

#endif
