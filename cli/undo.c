/* SPDX-License-Identifier: MIT */
/*
 * undo.c - the way back from a journal entry, as rooms as code: the
 * before-state of every room the entry changed becomes a room of a rooms
 * file (its fields, subject and affiliations as they were; a destroyed
 * room whole, from the snapshot taken before it went), which is then
 * planned and applied as apply does.  Changes are read newest first, so
 * that where one entry changed a thing twice the oldest value wins.
 */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/xutil.h"
#include "fields.h"
#include "journal.h"
#include "session.h"
#include "undo.h"

static struct undo_room *room_of(struct undo *u, const char *jid)
{
    struct undo_room *r;

    for (size_t i = 0; i < u->n; i++)
        if (!strcasecmp(u->rooms[i].r.jid, jid))
            return &u->rooms[i];
    if (!(u->rooms = realloc(u->rooms, (u->n + 1) * sizeof(*u->rooms))))
        out_of_memory();
    r = &u->rooms[u->n++];
    memset(r, 0, sizeof(*r));
    r->r.jid = xstrdup(jid);
    return r;
}

static void set_field(struct rooms_room *r, const char *var, const char *v)
{
    for (size_t i = 0; i < r->nconfig; i++)
        if (!strcmp(r->config[i].name, var)) {
            free(r->config[i].value);
            r->config[i].value = xstrdup(v);
            return;
        }
    if (!(r->config = realloc(r->config,
                              (r->nconfig + 1) * sizeof(*r->config))))
        out_of_memory();
    r->config[r->nconfig++] = (struct rooms_field){ xstrdup(var), xstrdup(v) };
}

/* jid's affiliation becomes aff: off every list, then on aff's. */
static void set_aff(struct rooms_room *r, const char *jid,
                    mucadmin_affiliation_t aff)
{
    for (int li = 0; li < RL_N; li++)
        for (size_t i = 0; i < r->nlist[li]; i++)
            if (!strcasecmp(r->list[li][i].jid, jid)) {
                free(r->list[li][i].jid);
                free(r->list[li][i].nick);
                free(r->list[li][i].reason);
                r->list[li][i--] = r->list[li][--r->nlist[li]];
            }
    for (size_t i = 0; i < r->nunlisted; i++)
        if (!strcasecmp(r->unlisted[i], jid)) {
            free(r->unlisted[i]);
            r->unlisted[i--] = r->unlisted[--r->nunlisted];
        }
    for (int li = 0; li < RL_N; li++)
        if (rooms_list_aff(li) == aff) {
            struct rooms_aff **l = &r->list[li];
            if (!(*l = realloc(*l, (r->nlist[li] + 1) * sizeof(**l))))
                out_of_memory();
            (*l)[r->nlist[li]++] = (struct rooms_aff){ xstrdup(jid), NULL,
                                                       NULL };
            return;
        }
    if (!(r->unlisted = realloc(r->unlisted,
                                (r->nunlisted + 1) * sizeof(*r->unlisted))))
        out_of_memory();
    r->unlisted[r->nunlisted++] = xstrdup(jid);
}

/* A warning "ROOM\tTEXT" (what: the room, or a field or JID of it). */
static void warn(struct undo *u, const char *room, const char *fmt,
                 const char *what)
{
    char *text, *w;

    if (asprintf(&text, fmt, what) < 0 ||
        asprintf(&w, "%s\t%s", room, text) < 0)
        out_of_memory();
    free(text);
    if (!(u->warn = realloc(u->warn, (u->nwarn + 1) * sizeof(*u->warn))))
        out_of_memory();
    u->warn[u->nwarn++] = w;
}

/* A destroy's snapshot: the room as the rooms file recorded it. */
static int from_snapshot(struct undo_room *ur, const struct jv *before,
                         char **err)
{
    const char *yaml = jv_str(before, "rooms_file");
    struct rooms_file rf = { 0 };
    char *jid = ur->r.jid;

    if (!yaml) {
        *err = xstrdup("the entry has no rooms_file snapshot");
        return -1;
    }
    if (rooms_load_string("journal snapshot", yaml, strlen(yaml), &rf, err))
        return -1;
    if (rf.nrooms != 1 || strcasecmp(rf.rooms[0].jid, jid)) {
        rooms_free(&rf);
        *err = xstrdup("the snapshot is not of this room");
        return -1;
    }
    ur->r.jid = NULL;
    rooms_room_clear(&ur->r);
    ur->r = rf.rooms[0];
    memset(&rf.rooms[0], 0, sizeof(rf.rooms[0]));
    rooms_free(&rf);
    free(ur->r.jid);
    ur->r.jid = jid;
    ur->destroy = false;
    return 0;
}

/* One change, read backwards: the room goes back to its before. */
static int take(struct undo *u, const struct jv *c, char **err)
{
    const char *room = jv_str(c, "room"), *kind = jv_str(c, "change");
    const struct jv *before = jv_get(c, "before");
    struct undo_room *ur;

    if (!mucadmin_jid_valid(room, 1) || !strchr(room, '@')) {
        *err = xstrdup("not a room JID");
        return -1;
    }
    ur = room_of(u, room);
    if (!strcmp(kind, "create")) {
        /* It did not exist: whatever else was done to it goes too. */
        char *jid = ur->r.jid;
        ur->r.jid = NULL;
        rooms_room_clear(&ur->r);
        ur->r.jid = jid;
        ur->destroy = true;
        return 0;
    }
    if (!strcmp(kind, "destroy"))
        return from_snapshot(ur, before, err);
    if (ur->destroy)
        return 0;
    if (!strcmp(kind, "subject")) {
        if (!before || before->type != JV_STR) {
            warn(u, room,
                 "%s: the value before is not known: not "
                 "restored",
                 "subject");
            return 0;
        }
        free(ur->r.subject);
        ur->r.subject = xstrdup(before->str);
        return 0;
    }
    if (!before || before->type != JV_OBJ) {
        *err = xstrdup("the entry's before is not an object");
        return -1;
    }
    for (size_t i = 0; i < before->n; i++) {
        const struct jv *v = &before->items[i];
        const char *key = before->keys[i];
        int aff;
        if (v->type != JV_STR) {
            warn(u, room,
                 !strcmp(kind, "config")
                     ? "%s: not recorded (a secret, or not readable): not "
                       "restored"
                     : "%s: the affiliation before is not known: "
                       "not restored",
                 key);
        } else if (!strcmp(kind, "config")) {
            /* The short name where there is one: it stands for this
             * very var on this server, and the plan shows it. */
            set_field(&ur->r,
                      mucadmin_field_alias_of(key)
                          ? mucadmin_field_alias_of(key)
                          : key,
                      v->str);
        } else if ((aff = mucadmin_affiliation_from_name(v->str)) < 0) {
            *err = xstrdup("an affiliation of the entry is not one");
            return -1;
        } else {
            set_aff(&ur->r, key, (mucadmin_affiliation_t)aff);
        }
    }
    return 0;
}

int undo_build(const struct jentry *e, const char *only, struct undo *u,
               char **err)
{
    const struct jv *c = e->changes;

    memset(u, 0, sizeof(*u));
    *err = NULL;
    for (size_t i = c->n; i-- > 0;) {
        const char *room = jv_str(&c->items[i], "room");
        if (only && strcasecmp(room, only))
            continue;
        if (take(u, &c->items[i], err) < 0) {
            char *m;
            if (asprintf(&m, "entry %s: %s: %s", e->id, room, *err) < 0)
                out_of_memory();
            free(*err);
            *err = m;
            undo_free(u);
            return -1;
        }
    }
    return 0;
}

void undo_merge(struct undo *dst, struct undo *src)
{
    dst->rooms = realloc(dst->rooms,
                         (dst->n + src->n + 1) * sizeof(*dst->rooms));
    dst->warn = realloc(dst->warn,
                        (dst->nwarn + src->nwarn + 1) * sizeof(*dst->warn));
    if (!dst->rooms || !dst->warn)
        out_of_memory();
    if (src->n)
        memcpy(dst->rooms + dst->n, src->rooms, src->n * sizeof(*src->rooms));
    if (src->nwarn)
        memcpy(dst->warn + dst->nwarn, src->warn, src->nwarn * sizeof(char *));
    dst->n += src->n;
    dst->nwarn += src->nwarn;
    free(src->rooms);
    free(src->warn);
    memset(src, 0, sizeof(*src));
}

void undo_free(struct undo *u)
{
    for (size_t i = 0; i < u->n; i++)
        rooms_room_clear(&u->rooms[i].r);
    free(u->rooms);
    for (size_t i = 0; i < u->nwarn; i++)
        free(u->warn[i]);
    free(u->warn);
    memset(u, 0, sizeof(*u));
}
