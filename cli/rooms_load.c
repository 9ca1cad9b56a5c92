/* SPDX-License-Identifier: MIT */
/*
 * rooms_load.c - read a rooms file (mucadmin-rooms(5)) with libyaml's
 * document API (helpers in rooms_yaml.c): anchors and aliases come
 * resolved, "<<" merge keys applied, the "defaults" block is merged into
 * every room, and every error names FILE:LINE:COLUMN.
 */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "rooms.h"
#include "rooms_yaml.h"
#include "session.h"

/* A config value: a string, or a list of strings joined with '\n'. */
static int config_value(struct ld *l, yaml_node_t *v, const char *what,
                        char **out)
{
    size_t len = 1;

    if (v->type != YAML_SEQUENCE_NODE)
        return ry_string(l, v, what, out);
    for (yaml_node_item_t *i = v->data.sequence.items.start;
         i < v->data.sequence.items.top; i++) {
        const char *s = ry_scalar(ry_node(l, *i));
        if (!s)
            return ry_fail(l, ry_node(l, *i),
                           "%s: expected a list of strings, not %s in it", what,
                           ry_kind(ry_node(l, *i)));
        len += strlen(s) + 1;
    }
    free(*out);
    if (!(*out = calloc(len, 1)))
        return ry_fail(l, NULL, "out of memory");
    for (yaml_node_item_t *i = v->data.sequence.items.start;
         i < v->data.sequence.items.top; i++) {
        if (i > v->data.sequence.items.start)
            strcat(*out, "\n");
        strcat(*out, ry_scalar(ry_node(l, *i)));
    }
    return 0;
}

static int read_config(struct ld *l, yaml_node_t *m, const char *room,
                       struct rooms_room *r)
{
    struct kv *kv;
    size_t n;
    char what[512];

    snprintf(what, sizeof(what), "room %s: config", room);
    if (ry_pairs(l, m, what, &kv, &n) < 0)
        return -1;
    r->config = calloc(n + 1, sizeof(*r->config));
    if (!r->config) {
        free(kv);
        return ry_fail(l, NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        struct rooms_field *f = &r->config[r->nconfig++];
        snprintf(what, sizeof(what), "room %s: config field '%s'", room,
                 ry_scalar(kv[i].k));
        f->name = strdup(ry_scalar(kv[i].k));
        if (!f->name || config_value(l, kv[i].v, what, &f->value) < 0) {
            free(kv);
            return l->err ? -1 : ry_fail(l, NULL, "out of memory");
        }
    }
    free(kv);
    return 0;
}

static int read_entry(struct ld *l, yaml_node_t *v, const char *what,
                      struct rooms_aff *a)
{
    static const char *const keys[] = { "jid", "nick", "reason" };
    char **dst[] = { &a->jid, &a->nick, &a->reason };
    struct kv *kv;
    size_t n, i, j;

    if (v->type == YAML_SCALAR_NODE) {
        if (ry_string(l, v, what, &a->jid) < 0)
            return -1;
    } else {
        if (ry_pairs(l, v, what, &kv, &n) < 0)
            return -1;
        for (i = 0; i < n; i++) {
            const char *key = ry_scalar(kv[i].k);
            for (j = 0; j < 3 && strcmp(key, keys[j]); j++)
                ;
            if (j == 3) {
                ry_fail(l, kv[i].k, "%s: unknown key '%s' (jid, nick, reason)",
                        what, key);
                break;
            }
            if (j > 0 && ry_is_null(kv[i].v))
                continue; /* nick: null is no nick */
            if (ry_string(l, kv[i].v, what, dst[j]) < 0)
                break;
        }
        free(kv);
        if (i < n)
            return -1;
    }
    if (!a->jid)
        return ry_fail(l, v, "%s: an entry without a jid", what);
    if (!mucadmin_jid_valid(a->jid, 1))
        return ry_fail(l, v, "%s: '%s' is not a bare JID", what, a->jid);
    return 0;
}

static int read_list(struct ld *l, yaml_node_t *v, const char *room, int li,
                     struct rooms_room *r)
{
    char what[512];
    size_t n;

    snprintf(what, sizeof(what), "room %s: %s", room, rooms_list_names[li]);
    r->has_list[li] = true;
    if (ry_is_null(v))
        return 0;
    if (v->type != YAML_SEQUENCE_NODE)
        return ry_fail(l, v, "%s: expected a list, not %s", what, ry_kind(v));
    n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    r->list[li] = calloc(n + 1, sizeof(struct rooms_aff));
    if (!r->list[li])
        return ry_fail(l, NULL, "out of memory");
    for (yaml_node_item_t *i = v->data.sequence.items.start;
         i < v->data.sequence.items.top; i++)
        if (read_entry(l, ry_node(l, *i), what, &r->list[li][r->nlist[li]++]) <
            0)
            return -1;
    return 0;
}

/* One key of a room (or of defaults, where jid is not allowed). */
static int room_key(struct ld *l, const struct kv *p, const char *room,
                    bool is_default, struct rooms_room *r)
{
    const char *key = ry_scalar(p->k);
    char what[512];

    snprintf(what, sizeof(what), "room %s: %s", room, key);
    if (!strcmp(key, "jid") && !is_default)
        return 0; /* read first, by read_room */
    if (!strcmp(key, "config"))
        return read_config(l, p->v, room, r);
    if (!strcmp(key, "subject"))
        return ry_string(l, p->v, what, &r->subject);
    for (int li = 0; li < RL_N; li++)
        if (!strcmp(key, rooms_list_names[li]))
            return read_list(l, p->v, room, li, r);
    return ry_fail(l, p->k,
                   "%s%s: unknown key '%s' (%sconfig, subject, owners, "
                   "admins, members, outcasts)",
                   is_default ? "" : "room ", room, key,
                   is_default ? "" : "jid, ");
}

static int read_body(struct ld *l, const struct kv *kv, size_t n,
                     const char *room, bool is_default, struct rooms_room *r)
{
    for (size_t i = 0; i < n; i++)
        if (room_key(l, &kv[i], room, is_default, r) < 0)
            return -1;
    return 0;
}

static bool room_name_ok(const char *jid)
{
    if (strchr(jid, '@'))
        return mucadmin_jid_valid(jid, 1);
    return jid[0] && !strpbrk(jid, " \t\n\"&'/:<>@");
}

static int check_twice(struct ld *l, yaml_node_t *n, const struct rooms_room *r)
{
    int li, lj;
    const char *jid = rooms_twice(r, &li, &lj);

    if (!jid)
        return 0;
    return ry_fail(l, n, "room %s: %s is both in %s and in %s", r->jid, jid,
                   rooms_list_names[li], rooms_list_names[lj]);
}

static int read_room(struct ld *l, yaml_node_t *n, const char *service,
                     const struct rooms_room *defaults, struct rooms_room *r)
{
    struct kv *kv;
    size_t cnt, i;
    int rc = -1;

    if (ry_pairs(l, n, "a room", &kv, &cnt) < 0)
        return -1;
    r->line = n->start_mark.line + 1;
    for (i = 0; i < cnt && strcmp(ry_scalar(kv[i].k), "jid"); i++)
        ;
    if (i == cnt) {
        ry_fail(l, n, "a room without a jid");
    } else if (ry_string(l, kv[i].v, "room jid", &r->jid) == 0) {
        if (!room_name_ok(r->jid)) {
            ry_fail(l, kv[i].v, "'%s' is not a room name or room JID", r->jid);
        } else if (!strchr(r->jid, '@') && service) {
            char *full;
            if (asprintf(&full, "%s@%s", r->jid, service) < 0)
                full = NULL;
            free(r->jid);
            r->jid = full;
        }
        if (!l->err && !r->jid)
            ry_fail(l, NULL, "out of memory");
        else if (!l->err && read_body(l, kv, cnt, r->jid, false, r) == 0) {
            if (defaults && rooms_merge_defaults(r, defaults) < 0)
                ry_fail(l, NULL, "out of memory");
            else
                rc = check_twice(l, n, r);
        }
    }
    free(kv);
    return l->err ? -1 : rc;
}

static int read_rooms(struct ld *l, yaml_node_t *seq, const char *service,
                      const struct rooms_room *defaults, struct rooms_file *rf)
{
    size_t n;

    if (seq->type != YAML_SEQUENCE_NODE)
        return ry_fail(l, seq, "rooms must be a list, not %s", ry_kind(seq));
    n = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
    rf->rooms = calloc(n + 1, sizeof(*rf->rooms));
    if (!rf->rooms)
        return ry_fail(l, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *rn = ry_node(l, seq->data.sequence.items.start[i]);
        struct rooms_room *r = &rf->rooms[rf->nrooms++];
        if (read_room(l, rn, service, defaults, r) < 0)
            return -1;
        for (size_t j = 0; j < i; j++)
            if (!strcasecmp(rf->rooms[j].jid, r->jid))
                return ry_fail(l, rn, "room %s is already on line %lu", r->jid,
                               rf->rooms[j].line);
    }
    return 0;
}

/* prune: [PATTERN...], globs of the room names (localparts) the file
 * owns: only those may --prune destroy. */
static int read_prune(struct ld *l, yaml_node_t *seq, struct rooms_file *rf)
{
    size_t n;

    if (seq->type != YAML_SEQUENCE_NODE)
        return ry_fail(l, seq,
                       "prune must be a list of room name patterns "
                       "(prune: [team-*]), not %s",
                       ry_kind(seq));
    n = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
    rf->prune = calloc(n + 1, sizeof(*rf->prune));
    if (!rf->prune)
        return ry_fail(l, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *pn = ry_node(l, seq->data.sequence.items.start[i]);
        const char *p = ry_scalar(pn);
        if (!p || !*p || strpbrk(p, "@/ \t\r\n"))
            return ry_fail(l, pn,
                           "prune: '%s' is not a pattern of room "
                           "names (such as team-*, without @service)",
                           p ? p : ry_kind(pn));
        if (!(rf->prune[rf->nprune] = strdup(p)))
            return ry_fail(l, NULL, "out of memory");
        rf->nprune++;
    }
    return 0;
}

/* The top level: service, prune, defaults, rooms; "x-" keys hold
 * anchors. */
static int read_top(struct ld *l, yaml_node_t *top, struct rooms_file *rf)
{
    struct rooms_room defaults = { 0 };
    yaml_node_t *rooms = NULL;
    struct kv *kv;
    size_t n;
    int rc = 0;

    if (ry_pairs(l, top, "the file", &kv, &n) < 0)
        return -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const char *key = ry_scalar(kv[i].k);
        if (!strcmp(key, "service")) {
            rc = ry_string(l, kv[i].v, "service", &rf->service);
            if (rc == 0 && !mucadmin_jid_valid(rf->service, 1))
                rc = ry_fail(l, kv[i].v, "service: '%s' is not a domain",
                             rf->service);
        } else if (!strcmp(key, "prune")) {
            rc = read_prune(l, kv[i].v, rf);
        } else if (!strcmp(key, "defaults")) {
            struct kv *dkv;
            size_t dn;
            rc = ry_pairs(l, kv[i].v, "defaults", &dkv, &dn);
            if (rc == 0) {
                rc = read_body(l, dkv, dn, "defaults", true, &defaults);
                free(dkv);
            }
        } else if (!strcmp(key, "rooms")) {
            rooms = kv[i].v;
        } else if (strncmp(key, "x-", 2) != 0) {
            rc = ry_fail(l, kv[i].k,
                         "unknown key '%s' (service, prune, defaults, "
                         "rooms, or x-NAME for anchors)",
                         key);
        }
    }
    if (rc == 0 && !rooms)
        rc = ry_fail(l, top, "no 'rooms' list");
    if (rc == 0)
        rc = read_rooms(l, rooms, rf->service, &defaults, rf);
    rooms_room_clear(&defaults);
    free(kv);
    return rc;
}

static int load(struct ld *l, yaml_parser_t *p, struct rooms_file *rf)
{
    yaml_document_t doc;
    yaml_node_t *top;
    int rc;

    if (!yaml_parser_load(p, &doc)) {
        unsigned long line = p->problem_mark.line + 1;
        unsigned long col = p->problem_mark.column + 1;
        if (p->error == YAML_MEMORY_ERROR)
            return ry_fail(l, NULL, "out of memory");
        if (p->context)
            rc = asprintf(&l->err, "%s:%lu:%lu: %s (%s on line %lu)", l->path,
                          line, col, p->problem, p->context,
                          (unsigned long)p->context_mark.line + 1);
        else
            rc = asprintf(&l->err, "%s:%lu:%lu: %s", l->path, line, col,
                          p->problem ? p->problem : "invalid YAML");
        if (rc < 0)
            l->err = NULL;
        return -1;
    }
    l->doc = &doc;
    top = yaml_document_get_root_node(&doc);
    if (!top)
        rc = ry_fail(l, NULL, "the file is empty (it needs a 'rooms' list)");
    else
        rc = read_top(l, top, rf);
    yaml_document_delete(&doc);
    l->doc = NULL; /* it pointed at this frame's document */
    return rc;
}

static int finish(struct ld *l, const char *name, yaml_parser_t *p,
                  struct rooms_file *rf, char **err)
{
    int rc;

    memset(rf, 0, sizeof(*rf));
    rc = load(l, p, rf);
    yaml_parser_delete(p);
    if (rc == 0 && !(rf->path = strdup(name)))
        rc = ry_fail(l, NULL, "out of memory");
    if (rc < 0) {
        rooms_free(rf);
        *err = l->err ? l->err : strdup("out of memory");
        return -1;
    }
    return 0;
}

int rooms_load_string(const char *name, const char *text, size_t len,
                      struct rooms_file *rf, char **err)
{
    struct ld l = { .path = name };
    yaml_parser_t p;

    if (!yaml_parser_initialize(&p)) {
        *err = strdup("out of memory");
        return -1;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    return finish(&l, name, &p, rf, err);
}

int rooms_load(const char *path, struct rooms_file *rf, char **err)
{
    bool is_stdin = !strcmp(path, "-");
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    struct ld l = { .path = is_stdin ? "<stdin>" : path };
    yaml_parser_t p;
    int rc;

    if (!fp) {
        if (asprintf(err, "%s: %m", path) < 0)
            *err = NULL;
        return -1;
    }
    if (!yaml_parser_initialize(&p)) {
        if (!is_stdin)
            fclose(fp);
        *err = strdup("out of memory");
        return -1;
    }
    yaml_parser_set_input_file(&p, fp);
    rc = finish(&l, l.path, &p, rf, err);
    if (!is_stdin)
        fclose(fp);
    return rc;
}
