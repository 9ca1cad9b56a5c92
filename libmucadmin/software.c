/* SPDX-License-Identifier: MIT */
/*
 * software.c - what software a MUC service runs (XEP-0092), for what no
 * disco feature announces: whether a muc#admin set of many items applies
 * them all (ejabberd) or only the first while still answering result
 * (Prosody 0.12).  Only the name the service gives is trusted, never a
 * result; the batch's read-back verifies either way.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define NS_VERSION "jabber:iq:version"

static int names_ejabberd(const char *name)
{
    for (; name && *name; name++)
        if (!strncasecmp(name, "ejabberd", 8))
            return 1;
    return 0;
}

/* The service of room ("room@service" or a bare service). */
static const char *service_of(const char *room)
{
    const char *at = strchr(room, '@');

    return at ? at + 1 : room;
}

int mca_service_applies_all(mucadmin_session_t *s, const char *room)
{
    const char *service = service_of(room);
    xmpp_stanza_t *q;
    char *name = NULL;
    int all = 0;
    req_t r;

    if (s->sw_service && !strcmp(s->sw_service, service))
        return s->sw_applies_all;
    if (mca_engine_query(s, &r, "get", service, NS_VERSION, NULL) ==
            MUCADMIN_OK &&
        (q = mca_xml_child(r.reply, "query", NS_VERSION)))
        name = mca_xml_child_text(q, "name");
    all = names_ejabberd(name);
    mca_sess_log(s, "%s runs %s: %s", service, name ? name : "(not said)",
                 all ? "many items per set" : "one item per set");
    free(name);
    mca_req_clear(&r);
    /* A service that does not say is no error of the caller's. */
    mca_sess_begin(s);
    free(s->sw_service);
    s->sw_service = strdup(service);
    s->sw_applies_all = all;
    return all;
}
