/* SPDX-License-Identifier: MIT */
/* disco.c - service discovery: the MUC service, rooms, occupants, info. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static mucadmin_status_t disco(mucadmin_session_t *s, req_t *r, const char *to,
                               int items, const char *after)
{
    mucadmin_status_t st;
    char *xml;

    mca_req_init(s, r);
    xml = mca_build_disco(r->id, to, items, NULL, after);
    if ((st = mca_engine_iq(s, r, xml)) != MUCADMIN_OK)
        st = mca_sess_req_error(s, r);
    free(xml);
    return st;
}

static int is_muc(mucadmin_info_t *info)
{
    return info && mucadmin_info_has_feature(info, NS_MUC);
}

/* disco#info of every item at once; the first one that is MUC wins. */
static mucadmin_status_t pick_muc(mucadmin_session_t *s, mucadmin_list_t *l,
                                  char **service)
{
    req_t *reqs = calloc(l->n + 1, sizeof(*reqs));
    req_t **ptrs = calloc(l->n + 1, sizeof(*ptrs));
    mucadmin_info_t *info;
    mucadmin_status_t st = MUCADMIN_E_NOTFOUND;
    size_t i;
    char *xml;

    if (!reqs || !ptrs) {
        free(reqs);
        free(ptrs);
        return MUCADMIN_E_NOMEM;
    }
    for (i = 0; i < l->n; i++) {
        ptrs[i] = &reqs[i];
        mca_req_init(s, &reqs[i]);
        xml = mca_build_disco(reqs[i].id, l->e[i].jid, 0, NULL, NULL);
        if ((reqs[i].status = mca_engine_send(s, &reqs[i], xml)) != MUCADMIN_OK)
            reqs[i].done = 1;
        free(xml);
    }
    mca_engine_wait(s, ptrs, l->n);
    for (i = 0; i < l->n; i++) {
        if (st == MUCADMIN_E_NOTFOUND && reqs[i].status == MUCADMIN_OK) {
            info = mca_parse_info(reqs[i].reply);
            if (is_muc(info))
                st = (*service = strdup(l->e[i].jid)) ? MUCADMIN_OK
                                                      : MUCADMIN_E_NOMEM;
            mucadmin_info_free(info);
        }
        mca_req_clear(&reqs[i]);
    }
    free(reqs);
    free(ptrs);
    return st;
}

mucadmin_status_t mucadmin_service_find(mucadmin_session_t *s,
                                        const char *domain, char **service)
{
    mucadmin_status_t st;
    mucadmin_list_t *l = NULL;
    req_t r;

    if (service)
        *service = NULL;
    if (!domain || !service)
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, domain)) != MUCADMIN_OK)
        return st;
    st = disco(s, &r, domain, 1, NULL);
    if (st == MUCADMIN_OK && !(l = mca_parse_items(r.reply, NS_DISCO_ITEMS)))
        st = MUCADMIN_E_PROTOCOL;
    mca_req_clear(&r);
    if (st == MUCADMIN_OK)
        st = pick_muc(s, l, service);
    if (st == MUCADMIN_E_NOTFOUND)
        mca_sess_detail(s, "%s offers no multi-user chat service", domain);
    mucadmin_list_free(l);
    return st;
}

/* Move the entries of src to the end of dst. */
static int list_append(mucadmin_list_t *dst, mucadmin_list_t *src)
{
    struct mucadmin_list_entry *e;
    size_t i;

    for (i = 0; i < src->n; i++) {
        if (!(e = mca_list_add(dst)))
            return -1;
        *e = src->e[i];
    }
    src->n = 0;
    return 0;
}

/*
 * Follow RSM pages while the server says there are more: it sent a <last/>
 * that is new, the page was not empty, and <count/> (when given) is not
 * reached.
 */
mucadmin_status_t mca_disco_pages(page_fn fetch, void *ud, mucadmin_list_t *all)
{
    mucadmin_status_t st;
    mucadmin_list_t *page;
    xmpp_stanza_t *reply;
    char *after = NULL, *last;
    long count;
    size_t got;

    for (;;) {
        if ((st = fetch(ud, after, &reply)) != MUCADMIN_OK)
            break;
        page = mca_parse_items(reply, NS_DISCO_ITEMS);
        last = mca_parse_rsm_last(reply, &count);
        xmpp_stanza_release(reply);
        got = page ? page->n : 0;
        if (!page || list_append(all, page)) {
            st = page ? MUCADMIN_E_NOMEM : MUCADMIN_E_PROTOCOL;
            mucadmin_list_free(page);
            free(last);
            break;
        }
        mucadmin_list_free(page);
        if (!last || !got || (after && strcmp(after, last) == 0) ||
            (count >= 0 && all->n >= (size_t)count)) {
            free(last);
            break;
        }
        free(after);
        after = last;
    }
    free(after);
    return st;
}

struct rooms_job {
    mucadmin_session_t *s;
    const char *service;
};

static mucadmin_status_t fetch_rooms(void *ud, const char *after,
                                     xmpp_stanza_t **reply)
{
    struct rooms_job *j = ud;
    mucadmin_status_t st;
    req_t r;

    st = disco(j->s, &r, j->service, 1, after);
    *reply = r.reply;
    r.reply = NULL;
    mca_req_clear(&r);
    return st;
}

mucadmin_status_t mucadmin_service_room_list(mucadmin_session_t *s,
                                             const char *service,
                                             mucadmin_list_t **list)
{
    struct rooms_job job = { s, service };
    mucadmin_status_t st;
    mucadmin_list_t *all;

    if (list)
        *list = NULL;
    if (!service || !list)
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, service)) != MUCADMIN_OK)
        return st;
    if (!(all = mca_list_new()))
        return MUCADMIN_E_NOMEM;
    if ((st = mca_disco_pages(fetch_rooms, &job, all)) != MUCADMIN_OK) {
        mucadmin_list_free(all);
        return st;
    }
    *list = all;
    return MUCADMIN_OK;
}

mucadmin_status_t mucadmin_room_occupant_list(mucadmin_session_t *s,
                                              const char *room,
                                              mucadmin_list_t **list)
{
    mucadmin_status_t st;
    const char *slash;
    size_t i;
    req_t r;

    if (list)
        *list = NULL;
    if (!room || !list)
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    st = disco(s, &r, room, 1, NULL);
    if (st == MUCADMIN_OK &&
        !(*list = mca_parse_items(r.reply, NS_DISCO_ITEMS)))
        st = MUCADMIN_E_PROTOCOL;
    mca_req_clear(&r);
    for (i = 0; st == MUCADMIN_OK && i < (*list)->n; i++) {
        struct mucadmin_list_entry *e = &(*list)->e[i];

        slash = e->jid ? strchr(e->jid, '/') : NULL;
        if (!e->nick && (slash || e->name))
            e->nick = strdup(slash ? slash + 1 : e->name);
    }
    return st;
}

mucadmin_status_t mucadmin_room_info_get(mucadmin_session_t *s,
                                         const char *room,
                                         mucadmin_info_t **info)
{
    mucadmin_status_t st;
    req_t r;

    if (info)
        *info = NULL;
    if (!room || !info)
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, room)) != MUCADMIN_OK)
        return st;
    st = disco(s, &r, room, 0, NULL);
    if (st == MUCADMIN_OK && !(*info = mca_parse_info(r.reply)))
        st = MUCADMIN_E_PROTOCOL;
    mca_req_clear(&r);
    return st;
}
