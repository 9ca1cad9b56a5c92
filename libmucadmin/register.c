/* SPDX-License-Identifier: MIT */
/* register.c - jabber:iq:register with a room: form, register, remove. */
#include <stdlib.h>
#include <string.h>

#include "form_int.h"

#define NICK_VAR "muc#register_roomnick"

/*
 * A registered user gets <registered/> and legacy fields instead of a
 * form (XEP-0045 7.10); registering again (a new nick) then submits the
 * standard muc#register form, which is what this stands in for.
 */
static mucadmin_form_t *default_form(void)
{
    return mucadmin_form_parse(
        "<x xmlns='" NS_DATA "' type='form'><field type='hidden' "
        "var='FORM_TYPE'><value>http://jabber.org/protocol/muc#register"
        "</value></field><field type='text-single' var='" NICK_VAR "' "
        "label='Nickname'><required/></field></x>",
        NULL);
}

static mucadmin_status_t get_form(mucadmin_session_t *s, const char *room,
                                  mucadmin_form_t **form)
{
    return mca_form_query(s, room, NS_REGISTER, "registration", "registered",
                          default_form, form);
}

mucadmin_status_t mucadmin_room_register_form_get(mucadmin_session_t *s,
                                                  const char *room,
                                                  mucadmin_form_t **form)
{
    return mca_form_get_call(s, room, form, get_form);
}

/* Fill the form: the nick, then the other fields; the submitted vars are
 * collected in *sent (FORM_TYPE is added by the submit builder). */
static mucadmin_status_t fill(mucadmin_session_t *s, mucadmin_form_t *f,
                              const char *nick, const char *const *vars,
                              const char *const *values, size_t n)
{
    mucadmin_status_t st;
    const char *why;
    size_t i;

    st = mucadmin_form_set(f, NICK_VAR, nick, &why);
    for (i = 0; i < n && st == MUCADMIN_OK; i++) {
        if (!vars[i] || !values[i])
            return MUCADMIN_E_INVALID;
        if ((st = mucadmin_form_set(f, vars[i], values[i], &why)) !=
            MUCADMIN_OK)
            mca_sess_detail(s, "%s: %s", vars[i],
                            st == MUCADMIN_E_NOTFOUND ? "no such field" : why);
    }
    if (st == MUCADMIN_E_NOTFOUND && !s->detail)
        mca_sess_detail(s, "the registration form has no %s field", NICK_VAR);
    return st;
}

mucadmin_status_t mucadmin_room_register(mucadmin_session_t *s,
                                         const char *room, const char *nick,
                                         const char *const *vars,
                                         const char *const *values, size_t n)
{
    mucadmin_form_t *f;
    mucadmin_status_t st;
    const char **all;
    char *x;
    req_t r;

    if (!room || !nick || !*nick || (n && (!vars || !values)))
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    if ((st = get_form(s, room, &f)) != MUCADMIN_OK)
        return st;
    if (!(all = malloc((n + 1) * sizeof(*all)))) {
        mucadmin_form_free(f);
        return MUCADMIN_E_NOMEM;
    }
    all[0] = NICK_VAR;
    if (n)
        memcpy(all + 1, vars, n * sizeof(*all));
    if ((st = fill(s, f, nick, vars, values, n)) == MUCADMIN_OK) {
        x = mca_form_submit_xml_vars(f, all, n + 1);
        st = x ? mca_engine_query(s, &r, "set", room, NS_REGISTER, x)
               : MUCADMIN_E_NOMEM;
        if (x)
            mca_req_clear(&r);
        free(x);
    }
    free(all);
    mucadmin_form_free(f);
    return st;
}

mucadmin_status_t mucadmin_room_unregister(mucadmin_session_t *s,
                                           const char *room)
{
    mucadmin_status_t st;
    req_t r;

    if (!room)
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    st = mca_engine_query(s, &r, "set", room, NS_REGISTER, "<remove/>");
    mca_req_clear(&r);
    return st;
}

mucadmin_status_t mucadmin_room_reserved_nick_get(mucadmin_session_t *s,
                                                  const char *room, char **nick)
{
    mucadmin_status_t st;
    xmpp_stanza_t *q, *id;
    const char *name;
    req_t r;
    char *xml;

    if (nick)
        *nick = NULL;
    if (!room || !nick)
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    mca_req_init(s, &r);
    xml = mca_build_disco(r.id, room, 0, "x-roomuser-item", NULL);
    if ((st = mca_engine_iq(s, &r, xml)) != MUCADMIN_OK)
        st = mca_sess_req_error(s, &r);
    free(xml);
    /* ejabberd 23.01 answers item-not-found ("Invalid node name") for a
     * room that exists: it keeps no nick reserved in a room.  Only the
     * room's own disco#info tells that from a missing room (and its
     * error is then the one to report). */
    if (st == MUCADMIN_E_STANZA && s->err.condition &&
        !strcmp(s->err.condition, "item-not-found")) {
        mucadmin_info_t *info = NULL;
        st = mucadmin_room_info_get(s, room, &info);
        mucadmin_info_free(info);
    }
    if (st == MUCADMIN_OK) {
        q = mca_xml_child(r.reply, "query", NS_DISCO_INFO);
        id = mca_xml_child(q, "identity", NULL);
        name = id ? xmpp_stanza_get_attribute(id, "name") : NULL;
        if (name && *name && !(*nick = strdup(name)))
            st = MUCADMIN_E_NOMEM;
    }
    mca_req_clear(&r);
    return st;
}
