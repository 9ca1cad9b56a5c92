/* SPDX-License-Identifier: MIT */
/*
 * inventory.c - every room of a MUC service, hidden ones too where the
 * account is a service admin.  Discovery lists public rooms only (RSM
 * pages followed when the service offers them); Prosody's admin command
 * that destroys rooms offers every room as an option of its form, so that
 * form is asked for (and the command cancelled) to learn the others.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define NS_COMMANDS "http://jabber.org/protocol/commands"
#define NODE_DESTROY "http://prosody.im/protocol/muc#destroy"
/* ejabberd 23.01 pages at most 100 rooms (max_rooms_discoitems) and,
 * asked for more, skips the first ones (measured): never ask for more. */
#define RSM_PAGE 100

struct inventory {
    mucadmin_session_t *s;
    const char *service;
    int rsm;      /* the service pages disco#items (XEP-0059) */
    char **extra; /* rooms the command names that discovery did not list */
    size_t nextra, capextra;
    char **names; /* while they are checked: their names, as answered */
};

static const char *build_first(void *ud, size_t i, const char *id, strbuf_t *b)
{
    struct inventory *v = ud;
    char *xml;

    if (i == 0) {
        xml = mca_build_disco(id, v->service, 0, NULL, NULL);
        mca_sb_add(b, xml ? xml : "");
        b->oom |= !xml;
        free(xml);
        return v->service;
    }
    mca_sb_addf(b, "<iq type='set' id='%s' to='", id);
    mca_sb_esc(b, v->service);
    mca_sb_add(b, "'><command xmlns='" NS_COMMANDS "' node='" NODE_DESTROY
                  "' action='execute'/></iq>");
    return v->service;
}

/* A room named by the command: a bare JID on this service. */
static int room_of_service(const char *jid, const char *service)
{
    const char *at = jid ? strchr(jid, '@') : NULL;

    return at && at != jid && !strchr(jid, '/') && mucadmin_jid_valid(jid, 1) &&
           strcasecmp(at + 1, service) == 0;
}

/* The options of the command form's "rooms" field into v->extra; then
 * the command is cancelled (its answer does not matter). */
static mucadmin_status_t command_rooms(struct inventory *v, req_t *q)
{
    xmpp_stanza_t *cmd = mca_xml_child(q->reply, "command", NS_COMMANDS);
    xmpp_stanza_t *x = mca_xml_child(cmd, "x", NS_DATA);
    mucadmin_form_t *f = x ? mca_form_from_stanza(x) : NULL;
    const char *sid = cmd ? xmpp_stanza_get_attribute(cmd, "sessionid") : NULL;
    mucadmin_status_t st = MUCADMIN_OK;
    const char *room;
    strbuf_t b = { 0 };
    int k;
    size_t j;
    req_t c;

    if (!f)
        return x ? MUCADMIN_E_NOMEM : MUCADMIN_E_PROTOCOL;
    k = mucadmin_form_find(f, "rooms");
    for (j = 0; k >= 0 && j < mucadmin_form_field_option_count(f, k); j++) {
        room = mucadmin_form_field_option_value(f, k, j);
        if (!room_of_service(room, v->service))
            continue;
        if (mca_array_grow(&v->extra, &v->capextra, v->nextra,
                           sizeof(char *)) ||
            !(v->extra[v->nextra] = strdup(room))) {
            st = MUCADMIN_E_NOMEM;
            break;
        }
        v->nextra++;
    }
    mucadmin_form_free(f);
    mca_req_init(v->s, &c);
    mca_sb_addf(&b, "<iq type='set' id='%s' to='", c.id);
    mca_sb_esc(&b, v->service);
    mca_sb_add(&b, "'><command xmlns='" NS_COMMANDS "' node='" NODE_DESTROY
                   "' action='cancel'");
    mca_sb_attr(&b, "sessionid", sid);
    mca_sb_add(&b, "/></iq>");
    if (b.oom)
        st = MUCADMIN_E_NOMEM;
    else if (st == MUCADMIN_OK)
        mca_engine_iq(v->s, &c, b.s);
    mca_req_clear(&c);
    mca_sb_free(&b);
    return st;
}

/* The service's disco#info (does it page?) and the admin command's form,
 * pipelined.  *every: the command answered with its form. */
static mucadmin_status_t ask_service(struct inventory *v, int *every)
{
    mucadmin_info_t *info;
    mucadmin_status_t st;
    req_t q[2];

    st = mca_engine_pipeline(v->s, q, 2, build_first, v);
    if (st == MUCADMIN_OK && q[0].status == MUCADMIN_OK &&
        (info = mca_parse_info(q[0].reply))) {
        v->rsm = mucadmin_info_has_feature(info, NS_RSM);
        mucadmin_info_free(info);
    }
    if (st == MUCADMIN_OK && q[1].status == MUCADMIN_OK) {
        st = command_rooms(v, &q[1]);
        *every = st == MUCADMIN_OK;
        if (st == MUCADMIN_E_PROTOCOL) /* no form: discovery alone */
            st = MUCADMIN_OK;
    }
    if (st != MUCADMIN_OK)
        mca_sess_req_error(v->s, q[0].status != MUCADMIN_OK ? &q[0] : &q[1]);
    mca_req_clear(&q[0]);
    mca_req_clear(&q[1]);
    return st;
}

static mucadmin_status_t fetch_page(void *ud, const char *after,
                                    xmpp_stanza_t **reply)
{
    struct inventory *v = ud;
    mucadmin_status_t st;
    strbuf_t b = { 0 };
    req_t r;

    mca_req_init(v->s, &r);
    mca_sb_addf(&b, "<iq type='get' id='%s' to='", r.id);
    mca_sb_esc(&b, v->service);
    mca_sb_add(&b, "'><query xmlns='" NS_DISCO_ITEMS "'");
    if (v->rsm) {
        mca_sb_addf(&b, "><set xmlns='" NS_RSM "'><max>%d</max>", RSM_PAGE);
        mca_sb_elem(&b, "after", after);
        mca_sb_add(&b, "</set></query></iq>");
    } else {
        mca_sb_add(&b, "/></iq>");
    }
    st = b.oom ? MUCADMIN_E_NOMEM : mca_engine_iq(v->s, &r, b.s);
    if (st != MUCADMIN_OK && st != MUCADMIN_E_NOMEM)
        st = mca_sess_req_error(v->s, &r);
    *reply = r.reply;
    r.reply = NULL;
    mca_req_clear(&r);
    mca_sb_free(&b);
    return st;
}

static const char *build_info(void *ud, size_t i, const char *id, strbuf_t *b)
{
    struct inventory *v = ud;
    char *xml = mca_build_disco(id, v->extra[i], 0, NULL, NULL);

    mca_sb_add(b, xml ? xml : "");
    b->oom |= !xml;
    free(xml);
    return v->extra[i];
}

/* A checked room's answer: its name kept, the reply released at once. */
static void info_done(void *ud, size_t i, req_t *q)
{
    struct inventory *v = ud;
    mucadmin_info_t *info;

    info = q->status == MUCADMIN_OK ? mca_parse_info(q->reply) : NULL;
    if (info && info->name)
        v->names[i] = mca_xstrdup(info->name);
    mucadmin_info_free(info);
    mca_req_release_reply(q);
}

/* A room only the command named: asked for its disco#info, it is left
 * out when gone (Prosody keeps a destroyed persistent room as a
 * tombstone, still in the command's list) or missing by now. */
static int room_is_gone(req_t *q)
{
    const char *c = q->err.condition;

    return q->status == MUCADMIN_E_STANZA && c &&
           (!strcmp(c, "gone") || !strcmp(c, "item-not-found"));
}

static mucadmin_status_t add_unchecked(struct inventory *v,
                                       mucadmin_list_t *all)
{
    struct mucadmin_list_entry *e;
    size_t i;

    for (i = 0; i < v->nextra; i++) {
        if (!(e = mca_list_add(all)))
            return MUCADMIN_E_NOMEM;
        e->jid = v->extra[i];
        v->extra[i] = NULL;
    }
    return MUCADMIN_OK;
}

static mucadmin_status_t add_hidden(struct inventory *v, mucadmin_list_t *all,
                                    int check)
{
    struct mucadmin_list_entry *e;
    mucadmin_status_t st;
    jidmap_t seen;
    size_t i, n = 0;
    req_t *q;

    if (mca_jidmap_init(&seen, all->n + v->nextra))
        return MUCADMIN_E_NOMEM;
    for (i = 0; i < all->n; i++)
        if (all->e[i].jid)
            mca_jidmap_put(&seen, all->e[i].jid, 1);
    for (i = 0; i < v->nextra; i++) { /* keep the ones discovery missed */
        if (mca_jidmap_get(&seen, v->extra[i], 0)) {
            free(v->extra[i]);
            continue;
        }
        v->extra[n++] = v->extra[i];
        if (mca_jidmap_put(&seen, v->extra[i], 1))
            break;
    }
    if (i < v->nextra) { /* out of memory */
        for (i++; i < v->nextra; i++)
            free(v->extra[i]);
        v->nextra = n;
        mca_jidmap_free(&seen);
        return MUCADMIN_E_NOMEM;
    }
    v->nextra = n;
    mca_jidmap_free(&seen);
    if (!n)
        return MUCADMIN_OK;
    if (!check)
        return add_unchecked(v, all);
    if (!(q = calloc(n, sizeof(*q))) ||
        !(v->names = calloc(n, sizeof(*v->names)))) {
        free(q);
        return MUCADMIN_E_NOMEM;
    }
    st = mca_engine_pipeline_each(v->s, q, n, build_info, info_done, v);
    for (i = 0; i < n && st == MUCADMIN_OK; i++) {
        if (room_is_gone(&q[i]))
            continue;
        if (!(e = mca_list_add(all))) {
            st = MUCADMIN_E_NOMEM;
            break;
        }
        e->jid = v->extra[i];
        v->extra[i] = NULL;
        e->name = v->names[i];
        v->names[i] = NULL;
    }
    if (st != MUCADMIN_OK)
        for (i = 0; i < n; i++)
            if (q[i].status == st) {
                mca_sess_req_error(v->s, &q[i]);
                break;
            }
    for (i = 0; i < n; i++) {
        mca_req_clear(&q[i]);
        free(v->names[i]);
    }
    free(v->names);
    v->names = NULL;
    free(q);
    return st;
}

mucadmin_status_t mucadmin_service_room_list_all(mucadmin_session_t *s,
                                                 const char *service,
                                                 unsigned flags,
                                                 mucadmin_list_t **list,
                                                 int *every)
{
    struct inventory v = { s, service, 0, NULL, 0, 0, NULL };
    mucadmin_status_t st;
    mucadmin_list_t *all = NULL;
    int got_every = 0;
    size_t i;

    if (list)
        *list = NULL;
    if (every)
        *every = 0;
    if (!service || !list || !mucadmin_jid_valid(service, 1) ||
        strchr(service, '@'))
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, service)) != MUCADMIN_OK)
        return st;
    if (!(all = mca_list_new()))
        return MUCADMIN_E_NOMEM;
    mca_sess_log(s, "the rooms of %s: discovery and its admin command",
                 service);
    st = ask_service(&v, &got_every);
    if (st == MUCADMIN_OK)
        st = mca_disco_pages(fetch_page, &v, all);
    if (st == MUCADMIN_OK)
        st = add_hidden(&v, all, !(flags & MUCADMIN_ROOMS_UNCHECKED));
    for (i = 0; i < v.nextra; i++)
        free(v.extra[i]);
    free(v.extra);
    if (st != MUCADMIN_OK) {
        mucadmin_list_free(all);
        return st;
    }
    if (every)
        *every = got_every;
    *list = all;
    return MUCADMIN_OK;
}
