/* SPDX-License-Identifier: MIT */
/* errors.c - stanza errors kept on the session and explained in MUC terms. */
#define _GNU_SOURCE /* vasprintf */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int mca_stanza_error_parse(xmpp_stanza_t *st, struct stanza_error *e)
{
    xmpp_stanza_t *err = mca_xml_child(st, "error", NULL), *c;
    const char *ns;

    memset(e, 0, sizeof(*e));
    if (!err)
        return 0;
    e->type = mca_xstrdup(xmpp_stanza_get_type(err));
    for (c = xmpp_stanza_get_children(err); c; c = xmpp_stanza_get_next(c)) {
        if (!xmpp_stanza_is_tag(c))
            continue;
        ns = xmpp_stanza_get_ns(c);
        if (!ns || strcmp(ns, NS_STANZAS) != 0)
            continue;
        if (mca_xml_is(c, "text")) {
            free(e->text);
            e->text = mca_xml_text(c);
        } else if (!e->condition) {
            e->condition = mca_xstrdup(xmpp_stanza_get_name(c));
        }
    }
    if (!e->condition)
        e->condition = strdup("undefined-condition");
    return 1;
}

void mca_stanza_error_clear(struct stanza_error *e)
{
    free(e->condition);
    free(e->type);
    free(e->text);
    memset(e, 0, sizeof(*e));
}

void mca_sess_begin(mucadmin_session_t *s)
{
    size_t i;

    mca_stanza_error_clear(&s->err);
    free(s->detail);
    s->detail = NULL;
    s->cancelled = 0;
    for (i = 0; i < s->nignored; i++)
        free(s->ignored[i]);
    free(s->ignored);
    s->ignored = NULL;
    s->nignored = 0;
}

void mca_sess_detail(mucadmin_session_t *s, const char *fmt, ...)
{
    va_list ap;
    char *d = NULL;

    va_start(ap, fmt);
    if (vasprintf(&d, fmt, ap) < 0)
        d = NULL;
    va_end(ap);
    free(s->detail);
    s->detail = d;
}

/* Move a failed request's error onto the session; returns its status. */
mucadmin_status_t mca_sess_req_error(mucadmin_session_t *s, req_t *r)
{
    if (r->status == MUCADMIN_E_STANZA && r->err.condition) {
        mca_stanza_error_clear(&s->err);
        s->err = r->err;
        memset(&r->err, 0, sizeof(r->err));
        mca_sess_detail(s, "%s: %s", s->err.condition,
                        s->err.text
                            ? s->err.text
                            : mucadmin_condition_explain(s->err.condition));
    } else if (r->status == MUCADMIN_E_TIMEOUT) {
        mca_sess_detail(s, "no answer to request %s in time", r->id);
    }
    return r->status;
}

const char *mucadmin_error_condition(const mucadmin_session_t *s)
{
    return s ? s->err.condition : NULL;
}

const char *mucadmin_error_type(const mucadmin_session_t *s)
{
    return s ? s->err.type : NULL;
}

const char *mucadmin_error_text(const mucadmin_session_t *s)
{
    return s ? s->err.text : NULL;
}

const char *mucadmin_error_detail(const mucadmin_session_t *s)
{
    return s ? s->detail : NULL;
}

static const struct {
    const char *condition, *explanation;
} explanations[] = {
    { "bad-request", "the server did not understand the request (a field or "
                     "value it does not accept)" },
    { "conflict", "the nickname is taken, or the change would leave the room "
                  "without an owner" },
    { "feature-not-implemented", "the server does not support this operation" },
    { "forbidden", "you do not have the affiliation this needs (owner or "
                   "admin), or you are banned" },
    { "gone", "the room no longer exists here (it moved or was destroyed)" },
    { "internal-server-error", "the server failed while handling the request" },
    { "item-not-found", "the room (or the entity named) does not exist" },
    { "jid-malformed", "a JID or nickname in the request is not valid" },
    { "not-acceptable", "the server refused the request as it stands (for "
                        "instance a nickname that breaks room policy, or "
                        "you must be in the room)" },
    { "not-allowed", "the room does not allow this (for instance room "
                     "creation is restricted, or invitations are off)" },
    { "not-authorized", "a password is required to enter the room, or the "
                        "one given is wrong" },
    { "policy-violation", "the request breaks a server policy" },
    { "recipient-unavailable", "the recipient is not available" },
    { "redirect", "the room has moved" },
    { "registration-required", "the room is members-only and you are not a "
                               "member" },
    { "remote-server-not-found", "the room's server could not be reached" },
    { "remote-server-timeout", "the room's server did not answer in time" },
    { "resource-constraint", "the server is too busy (or the room is full)" },
    { "service-unavailable", "the service does not offer this (or the room is "
                             "full, or registration is closed)" },
    { "subscription-required", "a subscription is required first" },
    { "undefined-condition", "the server reported an unspecified error" },
    { "unexpected-request", "the request came at the wrong time (for instance "
                            "before joining the room)" },
};

const char *mucadmin_condition_explain(const char *condition)
{
    size_t i;

    for (i = 0; condition && i < sizeof(explanations) / sizeof(explanations[0]);
         i++)
        if (strcmp(condition, explanations[i].condition) == 0)
            return explanations[i].explanation;
    return "the server refused the request";
}
