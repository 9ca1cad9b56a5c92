/* SPDX-License-Identifier: MIT */
/* owner.c - muc#owner: configuration, checked changes, create, destroy. */
#include <stdlib.h>
#include <string.h>

#include "form_int.h"

/* What a configuration form is called in details. */
#define WHAT "configuration"

static mucadmin_status_t get_form(mucadmin_session_t *s, const char *room,
                                  mucadmin_form_t **form)
{
    return mca_form_query(s, room, NS_MUC_OWNER, WHAT, NULL, NULL, form);
}

mucadmin_status_t mca_config_from_reply(xmpp_stanza_t *reply, const char *room,
                                        mucadmin_form_t **form, char **detail)
{
    mucadmin_status_t st = mca_form_from_reply(reply, NS_MUC_OWNER, NULL, NULL,
                                               form);
    strbuf_t b = { 0 };

    *detail = NULL;
    if (st == MUCADMIN_E_PROTOCOL) {
        mca_sb_addf(&b, "%s sent no " WHAT " form", room);
        *detail = mca_sb_take(&b);
    }
    return st;
}

mucadmin_status_t mucadmin_room_config_get(mucadmin_session_t *s,
                                           const char *room,
                                           mucadmin_form_t **form)
{
    return mca_form_get_call(s, room, form, get_form);
}

static mucadmin_status_t submit(mucadmin_session_t *s, const char *room,
                                const char *xform)
{
    req_t r;
    mucadmin_status_t st;

    if (!xform)
        return MUCADMIN_E_NOMEM;
    st = mca_engine_query(s, &r, "set", room, NS_MUC_OWNER, xform);
    mca_req_clear(&r);
    return st;
}

mucadmin_status_t mucadmin_room_config_submit(mucadmin_session_t *s,
                                              const char *room,
                                              const mucadmin_form_t *form)
{
    mucadmin_status_t st;
    char *x;

    if (!room || !form)
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    x = mucadmin_form_submit_xml(form);
    st = submit(s, room, x);
    free(x);
    return st;
}

/* "a, b, c": the vars a form offers, for error details. */
static char *offered(const mucadmin_form_t *f)
{
    strbuf_t b = { 0 };
    size_t i;

    for (i = 0; i < f->nfields; i++) {
        if (!f->fields[i].var || f->fields[i].type == MUCADMIN_FIELD_FIXED ||
            f->fields[i].type == MUCADMIN_FIELD_HIDDEN)
            continue;
        mca_sb_add(&b, b.len ? ", " : "");
        mca_sb_add(&b, f->fields[i].var);
    }
    return mca_sb_take(&b);
}

/* Check and set every value on the form; nothing is sent on failure. */
static mucadmin_status_t apply(mucadmin_session_t *s, mucadmin_form_t *f,
                               const char *const *vars,
                               const char *const *values, size_t n)
{
    mucadmin_status_t st;
    const char *why;
    char *list;
    size_t i;

    for (i = 0; i < n; i++) {
        if (!vars[i] || !values[i])
            return MUCADMIN_E_INVALID;
        st = mucadmin_form_set(f, vars[i], values[i], &why);
        if (st == MUCADMIN_E_NOTFOUND) {
            list = offered(f);
            mca_sess_detail(s, "the server offers no field %s; it offers: %s",
                            vars[i], list ? list : "");
            free(list);
        } else if (st == MUCADMIN_E_VALUE) {
            mca_sess_detail(s, "%s: '%s' is %s", vars[i], values[i], why);
        }
        if (st != MUCADMIN_OK)
            return st;
    }
    return MUCADMIN_OK;
}

/* Compare what we asked for with what the server now serves. */
static mucadmin_status_t verify(mucadmin_session_t *s, const char *room,
                                const mucadmin_form_t *want,
                                const char *const *vars, size_t n)
{
    mucadmin_form_t *got;
    mucadmin_status_t st = get_form(s, room, &got);
    strbuf_t b = { 0 };
    size_t i;

    if (st != MUCADMIN_OK)
        return st;
    for (i = 0; i < n; i++) {
        if (mca_form_same_value(want, got, vars[i]))
            continue;
        if (mca_strv_push(&s->ignored, &s->nignored, vars[i]))
            st = MUCADMIN_E_NOMEM;
        mca_sb_add(&b, b.len ? ", " : "");
        mca_sb_add(&b, vars[i]);
    }
    mucadmin_form_free(got);
    if (s->nignored && st == MUCADMIN_OK) {
        mca_sess_detail(s, "the server answered result but left unchanged: %s",
                        b.s ? b.s : "");
        st = MUCADMIN_E_IGNORED;
    }
    mca_sb_free(&b);
    return st;
}

#define SECRET "muc#roomconfig_roomsecret"
#define PROTECTED "muc#roomconfig_passwordprotectedroom"

/*
 * ejabberd keeps a room's password apart from whether one is asked for
 * (passwordprotectedroom) and serves it only while one is: a password set
 * alone protects nothing and reads back empty.  Where the form has that
 * field and the caller left it out, setting a password turns it on and
 * clearing the password turns it off.  Returns its value, or NULL.
 */
static const char *implied_protect(const mucadmin_form_t *f,
                                   const char *const *vars,
                                   const char *const *values, size_t n)
{
    const char *secret = NULL;
    size_t i;

    for (i = 0; i < n; i++) {
        if (!vars[i] || !values[i] || !strcmp(vars[i], PROTECTED))
            return NULL;
        if (!strcmp(vars[i], SECRET))
            secret = values[i];
    }
    if (!secret || mucadmin_form_find(f, PROTECTED) < 0)
        return NULL;
    return *secret ? "1" : "0";
}

static mucadmin_status_t configure(mucadmin_session_t *s, const char *room,
                                   mucadmin_form_t *f, const char *const *vars,
                                   const char *const *values, size_t n)
{
    mucadmin_status_t st;
    char *x;

    if ((st = apply(s, f, vars, values, n)) == MUCADMIN_OK) {
        x = mca_form_submit_xml_vars(f, vars, n);
        st = submit(s, room, x);
        free(x);
    }
    if (st == MUCADMIN_OK)
        st = verify(s, room, f, vars, n);
    return st;
}

mucadmin_status_t mca_owner_configure(mucadmin_session_t *s, const char *room,
                                      const char *const *vars,
                                      const char *const *values, size_t n)
{
    const char **v = NULL, **x = NULL, *prot;
    mucadmin_form_t *f;
    mucadmin_status_t st;

    if ((st = get_form(s, room, &f)) != MUCADMIN_OK)
        return st;
    if ((prot = implied_protect(f, vars, values, n))) {
        v = malloc((n + 1) * sizeof(*v));
        x = malloc((n + 1) * sizeof(*x));
        if (!v || !x) {
            st = MUCADMIN_E_NOMEM;
            goto out;
        }
        memcpy(v, vars, n * sizeof(*v));
        memcpy(x, values, n * sizeof(*x));
        v[n] = PROTECTED;
        x[n] = prot;
        mca_sess_log(s, "%s: %s set to %s with the password", room, PROTECTED,
                     prot);
        st = configure(s, room, f, v, x, n + 1);
    } else {
        st = configure(s, room, f, vars, values, n);
    }
out:
    free(v);
    free(x);
    mucadmin_form_free(f);
    return st;
}

mucadmin_status_t mucadmin_room_config_set(mucadmin_session_t *s,
                                           const char *room,
                                           const char *const *vars,
                                           const char *const *values, size_t n)
{
    mucadmin_status_t st;

    if (!room || (n && (!vars || !values)))
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    return mca_owner_configure(s, room, vars, values, n);
}

size_t mucadmin_room_config_ignored_count(const mucadmin_session_t *s)
{
    return s ? s->nignored : 0;
}

const char *mucadmin_room_config_ignored_var(const mucadmin_session_t *s,
                                             size_t i)
{
    return s && i < s->nignored ? s->ignored[i] : NULL;
}

mucadmin_status_t mucadmin_room_create(mucadmin_session_t *s, const char *room,
                                       const char *const *vars,
                                       const char *const *values, size_t n)
{
    mucadmin_status_t st, lst;
    int created = 0;

    if (!room || (n && (!vars || !values)))
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    if (mca_room_is_joined(s, room)) {
        mca_sess_detail(s, "already in %s", room);
        return MUCADMIN_E_EXISTS;
    }
    if ((st = mca_room_join(s, room, &created)) != MUCADMIN_OK)
        return st;
    if (!created) {
        mca_sess_detail(s, "%s already exists", room);
        st = MUCADMIN_E_EXISTS;
    } else if (n == 0) {
        mca_sess_log(s, "%s is new: making it an instant room", room);
        st = submit(s, room, "<x xmlns='" NS_DATA "' type='submit'/>");
    } else {
        mca_sess_log(s, "%s is new: configuring it before it unlocks", room);
        st = mca_owner_configure(s, room, vars, values, n);
    }
    lst = mca_room_leave(s, room);
    return st != MUCADMIN_OK ? st : lst;
}

/* After the destruction (MCA_SETTLE_*): the room's disco#info until it
 * answers, so that the caller's next request finds it gone (seen in CI:
 * the read-back after `apply --prune` timed out).  Prosody and serve
 * answer the first one at once. */

static void destroy_settle(mucadmin_session_t *s, const char *room)
{
    unsigned saved = s->timeout_ms;
    mucadmin_status_t st = MUCADMIN_E_TIMEOUT;
    char *xml;
    req_t r;

    if (s->timeout_ms > MCA_SETTLE_MS)
        s->timeout_ms = MCA_SETTLE_MS;
    for (int i = 0; i < MCA_SETTLE_TRIES && st == MUCADMIN_E_TIMEOUT; i++) {
        mca_req_init(s, &r);
        xml = mca_build_disco(r.id, room, 0, NULL, NULL);
        st = mca_engine_iq(s, &r, xml);
        free(xml);
        mca_req_clear(&r);
    }
    s->timeout_ms = saved;
}

mucadmin_status_t mucadmin_room_destroy(mucadmin_session_t *s, const char *room,
                                        const char *reason, const char *venue,
                                        const char *venue_password)
{
    mucadmin_status_t st;
    req_t r;
    char *xml;

    if (!room || (venue && !mucadmin_jid_valid(venue, 1)))
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    mca_req_init(s, &r);
    xml = mca_build_destroy(r.id, room, reason, venue, venue_password);
    if ((st = mca_engine_iq(s, &r, xml)) != MUCADMIN_OK)
        st = mca_sess_req_error(s, &r);
    free(xml);
    mca_req_clear(&r);
    if (st == MUCADMIN_OK)
        destroy_settle(s, room);
    return st;
}
