/* SPDX-License-Identifier: MIT */
/* mca_form_query.c - asking a room for the data form of a protocol (muc#owner
 * configuration, jabber:iq:register registration). */
#include "internal.h"

mucadmin_status_t mca_form_from_reply(xmpp_stanza_t *reply, const char *ns,
                                      const char *fallback_child,
                                      mucadmin_form_t *(*fallback)(void),
                                      mucadmin_form_t **form)
{
    xmpp_stanza_t *q = mca_xml_child(reply, "query", ns);
    xmpp_stanza_t *x = mca_xml_child(q, "x", NS_DATA);

    *form = NULL;
    if (x)
        *form = mca_form_from_stanza(x);
    else if (fallback_child && mca_xml_child(q, fallback_child, NULL))
        *form = fallback();
    else
        return MUCADMIN_E_PROTOCOL;
    return *form ? MUCADMIN_OK : MUCADMIN_E_NOMEM;
}

mucadmin_status_t mca_form_query(mucadmin_session_t *s, const char *room,
                                 const char *ns, const char *what,
                                 const char *fallback_child,
                                 mucadmin_form_t *(*fallback)(void),
                                 mucadmin_form_t **form)
{
    req_t r;
    mucadmin_status_t st;

    *form = NULL;
    st = mca_engine_query(s, &r, "get", room, ns, NULL);
    if (st == MUCADMIN_OK) {
        st = mca_form_from_reply(r.reply, ns, fallback_child, fallback, form);
        if (st == MUCADMIN_E_PROTOCOL)
            mca_sess_detail(s, "%s sent no %s form", room, what);
    }
    mca_req_clear(&r);
    return st;
}

mucadmin_status_t mca_form_get_call(mucadmin_session_t *s, const char *room,
                                    mucadmin_form_t **form, form_get_fn *get)
{
    mucadmin_status_t st;

    if (form)
        *form = NULL;
    if (!form || !room)
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    return get(s, room, form);
}
