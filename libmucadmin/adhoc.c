/* SPDX-License-Identifier: MIT */
/*
 * adhoc.c - ad-hoc commands (XEP-0050): the commands an entity offers,
 * and one command run stage by stage: execute, submit each stage's form,
 * or cancel.  Prosody's MUC admin commands ("Destroy Rooms", "Set
 * affiliation in room") are reached this way.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NS_COMMANDS "http://jabber.org/protocol/commands"

struct adhoc_note {
    char *type, *text;
};

struct mucadmin_adhoc {
    char *jid, *node, *sessionid, *state;
    mucadmin_form_t *form;
    struct adhoc_note *notes;
    size_t nnotes, capnotes;
    int can_complete, can_next;         /* the stage's <actions/> */
    int execute_next, execute_complete; /* ... and its execute= */
};

static void stage_clear(mucadmin_adhoc_t *c)
{
    size_t i;

    free(c->state);
    c->state = NULL;
    mucadmin_form_free(c->form);
    c->form = NULL;
    for (i = 0; i < c->nnotes; i++) {
        free(c->notes[i].type);
        free(c->notes[i].text);
    }
    c->nnotes = 0;
    c->can_complete = c->can_next = 0;
    c->execute_next = c->execute_complete = 0;
}

void mucadmin_adhoc_free(mucadmin_adhoc_t *c)
{
    if (!c)
        return;
    stage_clear(c);
    free(c->notes);
    free(c->jid);
    free(c->node);
    free(c->sessionid);
    free(c);
}

mucadmin_status_t mucadmin_adhoc_list(mucadmin_session_t *s, const char *jid,
                                      mucadmin_list_t **list)
{
    mucadmin_status_t st;
    char *xml;
    req_t r;

    if (list)
        *list = NULL;
    if (!jid || !list || !mucadmin_jid_valid(jid, 0))
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, jid)) != MUCADMIN_OK)
        return st;
    mca_req_init(s, &r);
    xml = mca_build_disco(r.id, jid, 1, NS_COMMANDS, NULL);
    if ((st = mca_engine_iq(s, &r, xml)) == MUCADMIN_OK &&
        !(*list = mca_parse_items(r.reply, NS_DISCO_ITEMS)))
        st = MUCADMIN_E_PROTOCOL;
    else if (st == MUCADMIN_E_STANZA && r.err.condition &&
             !strcmp(r.err.condition, "item-not-found"))
        st = (*list = mca_list_new()) ? MUCADMIN_OK : MUCADMIN_E_NOMEM;
    else if (st != MUCADMIN_OK)
        st = mca_sess_req_error(s, &r);
    free(xml);
    mca_req_clear(&r);
    return st;
}

/* The <command/> of an answer into c's current stage. */
static mucadmin_status_t stage_read(mucadmin_adhoc_t *c, xmpp_stanza_t *iq)
{
    xmpp_stanza_t *cmd = mca_xml_child(iq, "command", NS_COMMANDS), *ch;
    const char *sid = cmd ? xmpp_stanza_get_attribute(cmd, "sessionid") : NULL;
    struct adhoc_note *n;

    stage_clear(c);
    if (!cmd)
        return MUCADMIN_E_PROTOCOL;
    if ((sid && mca_xstrset(&c->sessionid, sid)) ||
        mca_xstrset(&c->state, xmpp_stanza_get_attribute(cmd, "status")))
        return MUCADMIN_E_NOMEM;
    for (ch = xmpp_stanza_get_children(cmd); ch;
         ch = xmpp_stanza_get_next(ch)) {
        if (!xmpp_stanza_is_tag(ch))
            continue;
        if (mca_xml_is(ch, "x") && !c->form && xmpp_stanza_get_ns(ch) &&
            !strcmp(xmpp_stanza_get_ns(ch), NS_DATA)) {
            if (!(c->form = mca_form_from_stanza(ch)))
                return MUCADMIN_E_NOMEM;
        } else if (mca_xml_is(ch, "actions")) {
            const char *ex = xmpp_stanza_get_attribute(ch, "execute");

            c->can_complete = mca_xml_child(ch, "complete", NULL) != NULL;
            c->can_next = mca_xml_child(ch, "next", NULL) != NULL;
            c->execute_next = ex && !strcmp(ex, "next");
            c->execute_complete = ex && !strcmp(ex, "complete");
        } else if (mca_xml_is(ch, "note")) {
            if (mca_array_grow(&c->notes, &c->capnotes, c->nnotes, sizeof(*n)))
                return MUCADMIN_E_NOMEM;
            n = &c->notes[c->nnotes++];
            n->type = mca_xstrdup(xmpp_stanza_get_attribute(ch, "type"));
            n->text = mca_xml_text(ch);
            if (!n->text)
                return MUCADMIN_E_NOMEM;
        }
    }
    return MUCADMIN_OK;
}

/* Send <command node sessionid action>inner</command> and read the
 * answer's stage. */
static mucadmin_status_t send_stage(mucadmin_session_t *s, mucadmin_adhoc_t *c,
                                    const char *action, const char *inner)
{
    mucadmin_status_t st;
    strbuf_t b = { 0 };
    req_t r;

    mca_req_init(s, &r);
    mca_sb_add(&b, "<iq type='set'");
    mca_sb_attr(&b, "id", r.id);
    mca_sb_attr(&b, "to", c->jid);
    mca_sb_add(&b, "><command xmlns='" NS_COMMANDS "'");
    mca_sb_attr(&b, "node", c->node);
    mca_sb_attr(&b, "sessionid", c->sessionid);
    mca_sb_attr(&b, "action", action);
    if (inner)
        mca_sb_addf(&b, ">%s</command></iq>", inner);
    else
        mca_sb_add(&b, "/></iq>");
    if (b.oom)
        st = MUCADMIN_E_NOMEM;
    else if ((st = mca_engine_iq(s, &r, b.s)) == MUCADMIN_OK)
        st = stage_read(c, r.reply);
    else
        st = mca_sess_req_error(s, &r);
    if (st == MUCADMIN_E_PROTOCOL)
        mca_sess_detail(s, "%s sent no command in its answer", c->jid);
    mca_sb_free(&b);
    mca_req_clear(&r);
    return st;
}

mucadmin_status_t mucadmin_adhoc_execute(mucadmin_session_t *s, const char *jid,
                                         const char *node,
                                         mucadmin_adhoc_t **cmd)
{
    mucadmin_adhoc_t *c;
    mucadmin_status_t st;

    if (cmd)
        *cmd = NULL;
    if (!jid || !node || !cmd || !mucadmin_jid_valid(jid, 0))
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, jid)) != MUCADMIN_OK)
        return st;
    if (!(c = calloc(1, sizeof(*c))) || !(c->jid = strdup(jid)) ||
        !(c->node = strdup(node))) {
        mucadmin_adhoc_free(c);
        return MUCADMIN_E_NOMEM;
    }
    if ((st = send_stage(s, c, "execute", NULL)) != MUCADMIN_OK) {
        mucadmin_adhoc_free(c);
        return st;
    }
    *cmd = c;
    return MUCADMIN_OK;
}

mucadmin_status_t mucadmin_adhoc_submit(mucadmin_session_t *s,
                                        mucadmin_adhoc_t *c,
                                        const mucadmin_form_t *form)
{
    mucadmin_status_t st;
    char *xml;

    if (!c || !form)
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, c->jid)) != MUCADMIN_OK)
        return st;
    if (!(xml = mucadmin_form_submit_xml(form)))
        return MUCADMIN_E_NOMEM;
    st = send_stage(s, c, mucadmin_adhoc_is_last(c) ? "complete" : "next", xml);
    free(xml);
    return st;
}

mucadmin_status_t mucadmin_adhoc_cancel(mucadmin_session_t *s,
                                        mucadmin_adhoc_t *c)
{
    mucadmin_status_t st;

    if (!c)
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, c->jid)) != MUCADMIN_OK)
        return st;
    return send_stage(s, c, "cancel", NULL);
}

int mucadmin_adhoc_is_last(const mucadmin_adhoc_t *c)
{
    if (!c || c->execute_complete)
        return 1;
    if (c->execute_next)
        return 0;
    return !c->can_next || c->can_complete;
}

const char *mucadmin_adhoc_state(const mucadmin_adhoc_t *c)
{
    return c ? c->state : NULL;
}

const mucadmin_form_t *mucadmin_adhoc_form(const mucadmin_adhoc_t *c)
{
    return c ? c->form : NULL;
}

size_t mucadmin_adhoc_note_count(const mucadmin_adhoc_t *c)
{
    return c ? c->nnotes : 0;
}

const char *mucadmin_adhoc_note_type(const mucadmin_adhoc_t *c, size_t i)
{
    return c && i < c->nnotes ? c->notes[i].type : NULL;
}

const char *mucadmin_adhoc_note_text(const mucadmin_adhoc_t *c, size_t i)
{
    return c && i < c->nnotes ? c->notes[i].text : NULL;
}
