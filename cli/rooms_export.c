/* SPDX-License-Identifier: MIT */
/*
 * rooms_export.c - the live state of rooms written as a rooms file
 * (libyaml's emitter), or as the same structure in JSON: every field the
 * server's form has (so that export then plan says "No changes."), the
 * four affiliation lists sorted by JID.  Room passwords are left out
 * unless --secrets asks for them; a room with one says so
 * (passwordprotected) even where the server's form has no such switch.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "fields.h"
#include "output.h"
#include "rooms.h"
#include "session.h"
#include "server/xutil.h"

struct xroom {
    char *jid;
    mucadmin_form_t *form;
    char *subject; /* NULL: none, or not readable */
    mucadmin_list_t *lists[RL_N];
    size_t *order[RL_N]; /* list indexes sorted by JID */
    bool secrets;        /* --secrets: passwords too */
};

#define PROTECTED "muc#roomconfig_passwordprotectedroom"

static bool has_value(const mucadmin_form_t *f, size_t i)
{
    return mucadmin_form_field_value_count(f, i) &&
           *mucadmin_form_field_value(f, i, 0);
}

/* Whether field i is a password that the export says is set, as
 * "passwordprotected: true", because the form has no such switch. */
static bool implied_protected(const mucadmin_form_t *f, size_t i)
{
    return mucadmin_form_field_type(f, i) == MUCADMIN_FIELD_TEXT_PRIVATE &&
           has_value(f, i) && mucadmin_form_find(f, PROTECTED) < 0;
}

/* The name field i is exported under, or NULL when it is not: secrets
 * only with --secrets, and only when set. */
static const char *field_name(const mucadmin_form_t *f, size_t i, bool secrets)
{
    const char *var = mucadmin_form_field_var(f, i);
    const char *alias = var ? mucadmin_field_alias_of(var) : NULL;
    mucadmin_field_type_t t = mucadmin_form_field_type(f, i);

    if (!var || t == MUCADMIN_FIELD_FIXED || t == MUCADMIN_FIELD_HIDDEN ||
        (t == MUCADMIN_FIELD_TEXT_PRIVATE && (!secrets || !has_value(f, i))))
        return NULL;
    return alias && mucadmin_form_resolve(f, alias) == var ? alias : var;
}

static bool is_multi(mucadmin_field_type_t t)
{
    return t == MUCADMIN_FIELD_JID_MULTI || t == MUCADMIN_FIELD_LIST_MULTI ||
           t == MUCADMIN_FIELD_TEXT_MULTI;
}

static const mucadmin_list_t *sort_list;
static int by_jid(const void *a, const void *b)
{
    const char *x = mucadmin_list_jid(sort_list, *(const size_t *)a);
    const char *y = mucadmin_list_jid(sort_list, *(const size_t *)b);
    return strcasecmp(x ? x : "", y ? y : "");
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void xroom_free(struct xroom *x)
{
    free(x->jid);
    free(x->subject);
    if (x->form)
        mucadmin_form_free(x->form);
    for (int li = 0; li < RL_N; li++) {
        if (x->lists[li])
            mucadmin_list_free(x->lists[li]);
        free(x->order[li]);
    }
}

/* MUCADMIN_E_STANZA (item-not-found) when disco#info says the room does
 * not exist: ejabberd would answer the owner's form get by creating a
 * temporary room. */
static mucadmin_status_t room_exists(mucadmin_session_t *s, const char *room)
{
    mucadmin_info_t *info = NULL;
    mucadmin_status_t st = mucadmin_room_info_get(s, room, &info);
    const char *cond = mucadmin_error_condition(s);

    mucadmin_info_free(info);
    if (st == MUCADMIN_E_STANZA && !(cond && !strcmp(cond, "item-not-found")))
        return MUCADMIN_OK; /* not an answer about existence: read on */
    return st;
}

/* Read one room; a failure is reported and returned as EXIT_*. */
static int xroom_read(struct cli *cli, mucadmin_session_t *s, const char *room,
                      struct xroom *x)
{
    mucadmin_status_t st = room_exists(s, room);

    if (st == MUCADMIN_OK)
        st = mucadmin_room_config_get(s, room, &x->form);

    for (int li = 0; st == MUCADMIN_OK && li < RL_N; li++)
        st = mucadmin_room_affiliation_list(s, room, rooms_list_aff(li),
                                            &x->lists[li]);
    /* Only occupants are told the subject: this joins the room. */
    if (st == MUCADMIN_OK &&
        (st = mucadmin_room_subject_get(s, room, &x->subject)) ==
            MUCADMIN_E_STANZA) {
        cli_error(cli, EXIT_OK, room, "not-exported",
                  "subject: cannot join the room to read it: %s",
                  mucadmin_error_detail(s) ? mucadmin_error_detail(s)
                                           : mucadmin_strerror(st));
        st = MUCADMIN_OK;
    }
    if (st != MUCADMIN_OK)
        return cli_fail(cli, s, room, st);
    if (!(x->jid = strdup(room)))
        out_of_memory();
    for (int li = 0; li < RL_N; li++) {
        size_t n = mucadmin_list_count(x->lists[li]);
        if (!(x->order[li] = calloc(n + 1, sizeof(size_t))))
            out_of_memory();
        for (size_t i = 0; i < n; i++)
            x->order[li][i] = i;
        sort_list = x->lists[li];
        qsort(x->order[li], n, sizeof(size_t), by_jid);
    }
    for (size_t i = 0; !x->secrets && i < mucadmin_form_field_count(x->form);
         i++)
        if (mucadmin_form_field_type(x->form, i) ==
                MUCADMIN_FIELD_TEXT_PRIVATE &&
            mucadmin_form_field_value_count(x->form, i) &&
            *mucadmin_form_field_value(x->form, i, 0))
            cli_error(cli, EXIT_OK, room, "not-exported",
                      "%s is a secret (the room password?): not exported "
                      "(--secrets exports it)",
                      mucadmin_form_field_var(x->form, i));
    return EXIT_OK;
}

/* ---- YAML ---- */

static void scalar(yaml_emitter_t *e, const char *s, bool plain)
{
    yaml_event_t ev;
    /* Words a loader reads as null are quoted, so that text stays text. */
    bool quote = !plain && (!*s || !strcasecmp(s, "null") || !strcmp(s, "~"));

    yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
                                 (int)strlen(s), 1, 1,
                                 quote ? YAML_SINGLE_QUOTED_SCALAR_STYLE
                                       : YAML_ANY_SCALAR_STYLE);
    yaml_emitter_emit(e, &ev);
}

static void begin(yaml_emitter_t *e, bool seq, bool flow)
{
    yaml_event_t ev;

    if (seq)
        yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
                                             flow ? YAML_FLOW_SEQUENCE_STYLE
                                                  : YAML_BLOCK_SEQUENCE_STYLE);
    else
        yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
                                            YAML_BLOCK_MAPPING_STYLE);
    yaml_emitter_emit(e, &ev);
}

static void end(yaml_emitter_t *e, bool seq)
{
    yaml_event_t ev;

    if (seq)
        yaml_sequence_end_event_initialize(&ev);
    else
        yaml_mapping_end_event_initialize(&ev);
    yaml_emitter_emit(e, &ev);
}

static void yaml_field(yaml_emitter_t *e, const mucadmin_form_t *f, size_t i)
{
    size_t n = mucadmin_form_field_value_count(f, i);
    mucadmin_field_type_t t = mucadmin_form_field_type(f, i);
    const char *v = n ? mucadmin_form_field_value(f, i, 0) : "";

    if (t == MUCADMIN_FIELD_BOOLEAN) {
        scalar(e, !strcmp(v, "1") || !strcmp(v, "true") ? "true" : "false",
               true);
    } else if (is_multi(t)) {
        /* Sets (not text lines) sorted: servers send them in hash order. */
        const char **vals = calloc(n + 1, sizeof(*vals));
        if (!vals)
            out_of_memory();
        for (size_t j = 0; j < n; j++)
            vals[j] = mucadmin_form_field_value(f, i, j);
        if (t != MUCADMIN_FIELD_TEXT_MULTI)
            qsort(vals, n, sizeof(*vals), by_string);
        begin(e, true, n == 0);
        for (size_t j = 0; j < n; j++)
            scalar(e, vals[j], false);
        end(e, true);
        free(vals);
    } else {
        scalar(e, v, false);
    }
}

static void yaml_entry(yaml_emitter_t *e, const mucadmin_list_t *l, size_t i)
{
    const char *nick = mucadmin_list_nick(l, i);
    const char *reason = mucadmin_list_reason(l, i);

    if (!nick && !reason) {
        scalar(e, mucadmin_list_jid(l, i), false);
        return;
    }
    begin(e, false, false);
    scalar(e, "jid", true);
    scalar(e, mucadmin_list_jid(l, i), false);
    if (nick) {
        scalar(e, "nick", true);
        scalar(e, nick, false);
    }
    if (reason) {
        scalar(e, "reason", true);
        scalar(e, reason, false);
    }
    end(e, false);
}

static void yaml_room(yaml_emitter_t *e, const struct xroom *x)
{
    begin(e, false, false);
    scalar(e, "jid", true);
    scalar(e, x->jid, false);
    scalar(e, "config", true);
    begin(e, false, false);
    for (size_t i = 0; i < mucadmin_form_field_count(x->form); i++) {
        const char *name = field_name(x->form, i, x->secrets);
        if (implied_protected(x->form, i)) {
            scalar(e, "passwordprotected", false);
            scalar(e, "true", true);
        }
        if (!name)
            continue;
        scalar(e, name, false);
        yaml_field(e, x->form, i);
    }
    end(e, false);
    if (x->subject) {
        scalar(e, "subject", true);
        scalar(e, x->subject, false);
    }
    for (int li = 0; li < RL_N; li++) {
        size_t n = mucadmin_list_count(x->lists[li]);
        scalar(e, rooms_list_names[li], true);
        begin(e, true, n == 0);
        for (size_t i = 0; i < n; i++)
            yaml_entry(e, x->lists[li], x->order[li][i]);
        end(e, true);
    }
    end(e, false);
}

static int yaml_write(const struct xroom *x, size_t n, FILE *fp)
{
    yaml_emitter_t e;
    yaml_event_t ev;
    int ok;

    if (!yaml_emitter_initialize(&e))
        return -1;
    yaml_emitter_set_output_file(&e, fp);
    yaml_emitter_set_unicode(&e, 1);
    yaml_emitter_set_width(&e, 78);
    yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
    yaml_emitter_emit(&e, &ev);
    yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
    yaml_emitter_emit(&e, &ev);
    begin(&e, false, false);
    scalar(&e, "rooms", true);
    begin(&e, true, n == 0);
    for (size_t i = 0; i < n; i++)
        yaml_room(&e, &x[i]);
    end(&e, true);
    end(&e, false);
    yaml_document_end_event_initialize(&ev, 1);
    yaml_emitter_emit(&e, &ev);
    yaml_stream_end_event_initialize(&ev);
    ok = yaml_emitter_emit(&e, &ev) && yaml_emitter_flush(&e);
    yaml_emitter_delete(&e);
    return ok ? 0 : -1;
}

/* ---- JSON, through cli/output.c: the same structure ---- */

static void json_room(struct out *o, const struct xroom *x)
{
    out_record(o, NULL);
    out_str(o, "jid", x->jid);
    out_record(o, "config");
    for (size_t i = 0; i < mucadmin_form_field_count(x->form); i++) {
        const char *name = field_name(x->form, i, x->secrets);
        if (implied_protected(x->form, i))
            out_bool(o, "passwordprotected", true);
        if (name &&
            mucadmin_form_field_type(x->form, i) == MUCADMIN_FIELD_TEXT_PRIVATE)
            out_str(o, name, mucadmin_form_field_value(x->form, i, 0));
        else if (name)
            field_out_value(o, name, x->form, i);
    }
    out_end(o);
    if (x->subject)
        out_str(o, "subject", x->subject);
    for (int li = 0; li < RL_N; li++) {
        const mucadmin_list_t *l = x->lists[li];
        out_table(o, rooms_list_names[li]);
        for (size_t i = 0; i < mucadmin_list_count(l); i++) {
            size_t k = x->order[li][i];
            out_record(o, NULL);
            out_str(o, "jid", mucadmin_list_jid(l, k));
            out_str(o, "nick", mucadmin_list_nick(l, k));
            out_str(o, "reason", mucadmin_list_reason(l, k));
            out_end(o);
        }
        out_end(o);
    }
    out_end(o);
}

static void json_write(struct cli *cli, const struct xroom *x, size_t n)
{
    struct out *o = out_new(cli);

    out_record(o, NULL);
    out_table(o, "rooms");
    for (size_t i = 0; i < n; i++)
        json_room(o, &x[i]);
    out_end(o);
    out_end(o);
    out_free(o);
}

int rooms_export(struct cli *cli, mucadmin_session_t *s,
                 const char *const *rooms, size_t n, bool secrets, FILE *fp)
{
    struct xroom *x = calloc(n + 1, sizeof(*x));
    size_t got = 0;
    int rc = EXIT_OK, r;

    if (!x)
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        x[got].secrets = secrets;
        r = xroom_read(cli, s, rooms[i], &x[got]);
        if (r == EXIT_OK)
            got++;
        else if (r == EXIT_CONN || r == EXIT_TIMEOUT)
            rc = r;
        else if (rc == EXIT_OK)
            rc = n > 1 ? EXIT_PARTIAL : r;
        if (r == EXIT_CONN || r == EXIT_TIMEOUT)
            break;
    }
    if (cli->json)
        json_write(cli, x, got);
    else if (yaml_write(x, got, fp) < 0)
        rc = cli_error(cli, EXIT_CONFIG, NULL, NULL, "cannot write YAML");
    for (size_t i = 0; i < got; i++)
        xroom_free(&x[i]);
    free(x);
    return rc;
}

/* The rooms a service lists (public ones: servers hide the others). */
static int service_rooms(struct cli *cli, mucadmin_session_t *s,
                         const char *arg, char ***rooms, size_t *n)
{
    const char *service = arg;
    mucadmin_list_t *l;
    mucadmin_status_t st;
    int rc = service ? EXIT_OK : cli_service(cli, &service);

    if (rc)
        return rc;
    if ((st = mucadmin_service_room_list(s, service, &l)) != MUCADMIN_OK)
        return cli_fail(cli, s, service, st);
    *n = mucadmin_list_count(l);
    if (!(*rooms = calloc(*n + 1, sizeof(char *))))
        out_of_memory();
    for (size_t i = 0; i < *n; i++)
        if (!((*rooms)[i] = strdup(mucadmin_list_jid(l, i))))
            out_of_memory();
    mucadmin_list_free(l);
    return EXIT_OK;
}

/* -o FILE: stdout goes to FILE, created (or cut) private: it may hold
 * room passwords. */
static int output_file(struct cli *cli, const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

    if (fd < 0 || fchmod(fd, 0600) < 0 || fflush(stdout) ||
        dup2(fd, STDOUT_FILENO) < 0) {
        if (fd >= 0)
            close(fd);
        return cli_error(cli, EXIT_CONFIG, NULL, NULL, "%s: %s", path,
                         strerror(errno));
    }
    close(fd);
    return EXIT_OK;
}

int cmd_export(struct cli *cli, const struct cmd_args *a)
{
    bool all = args_opt(a, "all") != NULL;
    mucadmin_session_t *s;
    char **rooms = NULL;
    size_t n = 0;
    int rc;

    if (all ? a->argc > 1 : a->argc == 0)
        return cli_error(cli, EXIT_USAGE, NULL, NULL,
                         "usage: mucadmin export ROOM... | --all [SERVICE]");
    rc = cli_connect(cli, &s);
    if (rc == EXIT_OK && all) {
        rc = service_rooms(cli, s, a->argc ? a->argv[0] : NULL, &rooms, &n);
    } else if (rc == EXIT_OK) {
        if (!(rooms = calloc((size_t)a->argc + 1, sizeof(char *))))
            out_of_memory();
        for (; rc == EXIT_OK && n < (size_t)a->argc; n++)
            rc = cli_room(cli, a->argv[n], &rooms[n]);
    }
    if (rc == EXIT_OK && args_opt(a, "output"))
        rc = output_file(cli, args_opt(a, "output"));
    if (rc == EXIT_OK)
        rc = rooms_export(cli, s, (const char *const *)rooms, n,
                          args_opt(a, "secrets") != NULL, stdout);
    for (size_t i = 0; i < n; i++)
        free(rooms[i]);
    free(rooms);
    return rc;
}
