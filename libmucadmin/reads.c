/* SPDX-License-Identifier: MIT */
/*
 * reads.c - a batch of reads (rooms' disco#info, configuration forms,
 * affiliation lists) sent pipelined: many rooms cost a few round trips,
 * not one each.  Every item keeps its own result.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum read_kind { READ_CONFIG, READ_LIST, READ_INFO };

struct read_item {
    char *room;
    enum read_kind kind;
    mucadmin_affiliation_t aff;  /* READ_LIST: which list */
    /* results */
    mucadmin_status_t status;
    struct stanza_error err;
    char *detail;
    mucadmin_form_t *form;
    mucadmin_list_t *list;
    mucadmin_info_t *info;
};

struct mucadmin_reads {
    struct read_item *it;
    size_t n, cap;
};

mucadmin_reads_t *mucadmin_reads_new(void)
{
    return calloc(1, sizeof(mucadmin_reads_t));
}

static void item_results_clear(struct read_item *it)
{
    stanza_error_clear(&it->err);
    free(it->detail);
    it->detail = NULL;
    mucadmin_form_free(it->form);
    it->form = NULL;
    mucadmin_list_free(it->list);
    it->list = NULL;
    mucadmin_info_free(it->info);
    it->info = NULL;
    it->status = MUCADMIN_E_INVALID; /* not run yet */
}

void mucadmin_reads_free(mucadmin_reads_t *r)
{
    size_t i;

    if (!r)
        return;
    for (i = 0; i < r->n; i++) {
        free(r->it[i].room);
        item_results_clear(&r->it[i]);
    }
    free(r->it);
    free(r);
}

static size_t add(mucadmin_reads_t *r, const char *room,
                  enum read_kind kind, mucadmin_affiliation_t aff)
{
    struct read_item *it;

    if (!r || !jid_valid(room))
        return MUCADMIN_READS_ERROR;
    if (array_grow(&r->it, &r->cap, r->n, sizeof(*it)) < 0)
        return MUCADMIN_READS_ERROR;
    it = &r->it[r->n];
    memset(it, 0, sizeof(*it));
    if (!(it->room = strdup(room)))
        return MUCADMIN_READS_ERROR;
    it->kind = kind;
    it->aff = aff;
    it->status = MUCADMIN_E_INVALID;
    return r->n++;
}

size_t mucadmin_reads_add_config(mucadmin_reads_t *r, const char *room)
{
    return add(r, room, READ_CONFIG, MUCADMIN_AFF_NONE);
}

size_t mucadmin_reads_add_info(mucadmin_reads_t *r, const char *room)
{
    return add(r, room, READ_INFO, MUCADMIN_AFF_NONE);
}

size_t mucadmin_reads_add_list(mucadmin_reads_t *r, const char *room,
                               mucadmin_affiliation_t which)
{
    if (which == MUCADMIN_AFF_NONE || (unsigned)which > MUCADMIN_AFF_OWNER)
        return MUCADMIN_READS_ERROR;
    return add(r, room, READ_LIST, which);
}

size_t mucadmin_reads_count(const mucadmin_reads_t *r)
{
    return r ? r->n : 0;
}

static const char *build_read(void *ud, size_t i, const char *id,
                              strbuf_t *b)
{
    struct read_item *it = &((mucadmin_reads_t *)ud)->it[i];
    char *xml;

    if (it->kind == READ_LIST)
        xml = build_affiliation_get(id, it->room, it->aff);
    else if (it->kind == READ_INFO)
        xml = build_disco(id, it->room, 0, NULL, NULL);
    else
        xml = build_iq("get", id, it->room, NS_MUC_OWNER, NULL);

    if (xml)
        sb_add(b, xml);
    else
        b->oom = 1;
    free(xml);
    return it->room;
}

/* Item it's result from its answered (or failed) request. */
static void item_result(struct read_item *it, req_t *q)
{
    it->status = q->status;
    if (q->status == MUCADMIN_E_STANZA) {
        it->err = q->err;
        memset(&q->err, 0, sizeof(q->err));
    } else if (q->status == MUCADMIN_OK && it->kind == READ_LIST) {
        it->status = affiliations_from_reply(q->reply, &it->list);
    } else if (q->status == MUCADMIN_OK && it->kind == READ_INFO) {
        if (!(it->info = parse_info(q->reply)))
            it->status = MUCADMIN_E_PROTOCOL;
    } else if (q->status == MUCADMIN_OK) {
        it->status = config_from_reply(q->reply, it->room, &it->form,
                                       &it->detail);
    }
}

mucadmin_status_t mucadmin_reads_run(mucadmin_session_t *s,
                                     mucadmin_reads_t *r)
{
    mucadmin_status_t st;
    req_t *reqs;
    size_t i, bad = (size_t)-1;

    if (!r)
        return MUCADMIN_E_INVALID;
    if ((st = sess_ready(s, NULL)) != MUCADMIN_OK)
        return st;
    for (i = 0; i < r->n; i++)
        item_results_clear(&r->it[i]);
    if (!r->n)
        return MUCADMIN_OK;
    if (!(reqs = calloc(r->n, sizeof(*reqs))))
        return MUCADMIN_E_NOMEM;
    sess_log(s, "%zu reads, pipelined", r->n);
    st = engine_pipeline(s, reqs, r->n, build_read, r);
    for (i = 0; i < r->n; i++) {
        if (st != MUCADMIN_OK && bad == (size_t)-1 && reqs[i].status == st)
            bad = i;
        item_result(&r->it[i], &reqs[i]);
    }
    if (bad != (size_t)-1)
        sess_req_error(s, &reqs[bad]); /* the detail of a timeout */
    for (i = 0; i < r->n; i++)
        req_clear(&reqs[i]);
    free(reqs);
    return st;
}

static struct read_item *item(const mucadmin_reads_t *r, size_t i)
{
    return r && i < r->n ? &r->it[i] : NULL;
}

mucadmin_status_t mucadmin_reads_status(const mucadmin_reads_t *r, size_t i)
{
    return item(r, i) ? item(r, i)->status : MUCADMIN_E_INVALID;
}

const char *mucadmin_reads_condition(const mucadmin_reads_t *r, size_t i)
{
    return item(r, i) ? item(r, i)->err.condition : NULL;
}

const char *mucadmin_reads_error_type(const mucadmin_reads_t *r, size_t i)
{
    return item(r, i) ? item(r, i)->err.type : NULL;
}

const char *mucadmin_reads_text(const mucadmin_reads_t *r, size_t i)
{
    return item(r, i) ? item(r, i)->err.text : NULL;
}

const char *mucadmin_reads_detail(const mucadmin_reads_t *r, size_t i)
{
    return item(r, i) ? item(r, i)->detail : NULL;
}

const mucadmin_form_t *mucadmin_reads_form(const mucadmin_reads_t *r,
                                           size_t i)
{
    return item(r, i) ? item(r, i)->form : NULL;
}

const mucadmin_list_t *mucadmin_reads_list(const mucadmin_reads_t *r,
                                           size_t i)
{
    return item(r, i) ? item(r, i)->list : NULL;
}

const mucadmin_info_t *mucadmin_reads_info(const mucadmin_reads_t *r,
                                           size_t i)
{
    return item(r, i) ? item(r, i)->info : NULL;
}

mucadmin_form_t *mucadmin_reads_take_form(mucadmin_reads_t *r, size_t i)
{
    struct read_item *it = item(r, i);
    mucadmin_form_t *f = it ? it->form : NULL;

    if (it)
        it->form = NULL;
    return f;
}

mucadmin_list_t *mucadmin_reads_take_list(mucadmin_reads_t *r, size_t i)
{
    struct read_item *it = item(r, i);
    mucadmin_list_t *l = it ? it->list : NULL;

    if (it)
        it->list = NULL;
    return l;
}
