/* SPDX-License-Identifier: MIT */
/*
 * reads.c - a batch of reads (rooms' disco#info, configuration forms,
 * affiliation lists) sent pipelined: many rooms cost a few round trips,
 * not one each.  Every item keeps its own result.
 */
#include <stdlib.h>
#include <string.h>

#include "form_int.h"

enum read_kind { READ_CONFIG, READ_LIST, READ_INFO, READ_ROLE };

struct read_item {
    char *room;
    enum read_kind kind;
    mucadmin_affiliation_t aff; /* READ_LIST: which list */
    int fields;                 /* READ_CONFIG: vars may come from info */
    char **vars;
    size_t nvars;
    int from_info;        /* the form was made from disco#info */
    mucadmin_role_t role; /* READ_ROLE: which role */
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
    size_t *todo, ntodo; /* during a run: the items a phase sends */
    int probing;         /* the first phase: disco#info for a form */
};

mucadmin_reads_t *mucadmin_reads_new(void)
{
    return calloc(1, sizeof(mucadmin_reads_t));
}

static void item_results_clear(struct read_item *it)
{
    mca_stanza_error_clear(&it->err);
    free(it->detail);
    it->detail = NULL;
    mucadmin_form_free(it->form);
    it->form = NULL;
    mucadmin_list_free(it->list);
    it->list = NULL;
    mucadmin_info_free(it->info);
    it->info = NULL;
    it->from_info = 0;
    it->status = MUCADMIN_E_INVALID; /* not run yet */
}

void mucadmin_reads_free(mucadmin_reads_t *r)
{
    size_t i;

    if (!r)
        return;
    for (i = 0; i < r->n; i++) {
        free(r->it[i].room);
        mca_strv_free(r->it[i].vars, r->it[i].nvars);
        item_results_clear(&r->it[i]);
    }
    free(r->it);
    free(r);
}

static size_t add(mucadmin_reads_t *r, const char *room, enum read_kind kind,
                  mucadmin_affiliation_t aff)
{
    struct read_item *it;

    if (!r || !mucadmin_jid_valid(room, 1))
        return MUCADMIN_READS_ERROR;
    if (mca_array_grow(&r->it, &r->cap, r->n, sizeof(*it)) < 0)
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

size_t mucadmin_reads_add_config_fields(mucadmin_reads_t *r, const char *room,
                                        const char *const *vars, size_t n)
{
    size_t i = add(r, room, READ_CONFIG, MUCADMIN_AFF_NONE), k;
    struct read_item *it;

    if (i == MUCADMIN_READS_ERROR)
        return i;
    it = &r->it[i];
    for (k = 0; k < n; k++)
        if (!vars || !vars[k] ||
            mca_strv_push(&it->vars, &it->nvars, vars[k])) {
            mca_strv_free(it->vars, it->nvars); /* the whole form, then */
            it->vars = NULL;
            it->nvars = 0;
            return i;
        }
    it->fields = 1;
    return i;
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

size_t mucadmin_reads_add_role(mucadmin_reads_t *r, const char *room,
                               mucadmin_role_t which)
{
    size_t i;

    if (which == MUCADMIN_ROLE_NONE ||
        (unsigned)which > MUCADMIN_ROLE_MODERATOR)
        return MUCADMIN_READS_ERROR;
    if ((i = add(r, room, READ_ROLE, MUCADMIN_AFF_NONE)) !=
        MUCADMIN_READS_ERROR)
        r->it[i].role = which;
    return i;
}

size_t mucadmin_reads_count(const mucadmin_reads_t *r)
{
    return r ? r->n : 0;
}

static const char *build_read(void *ud, size_t k, const char *id, strbuf_t *b)
{
    mucadmin_reads_t *r = ud;
    struct read_item *it = &r->it[r->todo[k]];
    char *xml;

    if (it->kind == READ_LIST)
        xml = mca_build_affiliation_get(id, it->room, it->aff);
    else if (it->kind == READ_ROLE)
        xml = mca_build_role_get(id, it->room, it->role);
    else if (it->kind == READ_INFO || r->probing) /* a form's probe */
        xml = mca_build_disco(id, it->room, 0, NULL, NULL);
    else
        xml = mca_build_iq("get", id, it->room, NS_MUC_OWNER, NULL);

    if (xml)
        mca_sb_add(b, xml);
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
    } else if (q->status == MUCADMIN_OK &&
               (it->kind == READ_LIST || it->kind == READ_ROLE)) {
        it->status = mca_affiliations_from_reply(q->reply, &it->list);
    } else if (q->status == MUCADMIN_OK && it->kind == READ_INFO) {
        if (!(it->info = mca_parse_info(q->reply)))
            it->status = MUCADMIN_E_PROTOCOL;
    } else if (q->status == MUCADMIN_OK) {
        it->status = mca_config_from_reply(q->reply, it->room, &it->form,
                                           &it->detail);
    }
}

/*
 * What a room's disco#info says of its configuration exactly: the
 * XEP-0045 room features, each naming one switch of the owner's form on
 * or off (a room answering both or neither says nothing), and the
 * muc#roominfo form's room name, the owner form's field itself (Prosody,
 * ejabberd and the mini server serve both from the same setting).  Any
 * other field (the description is muc#roominfo_description on some
 * servers only, the others are absent) needs the owner's form.
 */
static const struct {
    const char *var, *on, *off;
} info_switches[] = {
    { "muc#roomconfig_persistentroom", "muc_persistent", "muc_temporary" },
    { "muc#roomconfig_publicroom", "muc_public", "muc_hidden" },
    { "muc#roomconfig_membersonly", "muc_membersonly", "muc_open" },
    { "muc#roomconfig_moderatedroom", "muc_moderated", "muc_unmoderated" },
};
#define INFO_NAME "muc#roomconfig_roomname"
#define NS_ROOMINFO "http://jabber.org/protocol/muc#roominfo"

/* Field var of info as the owner's form would type and hold it into f;
 * -1 when info does not say. */
static int info_field(const mucadmin_info_t *info, const char *var,
                      struct form_field *f)
{
    const mucadmin_form_t *x = mucadmin_info_form(info);
    const char *type = mucadmin_form_namespace(x), *v = NULL;
    size_t k;
    int i, on, off;

    for (k = 0; k < sizeof(info_switches) / sizeof(*info_switches); k++) {
        if (strcmp(var, info_switches[k].var) != 0)
            continue;
        on = mucadmin_info_has_feature(info, info_switches[k].on);
        off = mucadmin_info_has_feature(info, info_switches[k].off);
        if (on == off)
            return -1;
        f->type = MUCADMIN_FIELD_BOOLEAN;
        return mca_strv_push(&f->values, &f->nvalues, on ? "1" : "0");
    }
    if (strcmp(var, INFO_NAME) != 0 || !type || strcmp(type, NS_ROOMINFO) ||
        (i = mucadmin_form_find(x, INFO_NAME)) < 0 ||
        mucadmin_form_field_value_count(x, (size_t)i) > 1)
        return -1;
    f->type = MUCADMIN_FIELD_TEXT_SINGLE;
    if (mucadmin_form_field_value_count(x, (size_t)i))
        v = mucadmin_form_field_value(x, (size_t)i, 0);
    return v ? mca_strv_push(&f->values, &f->nvalues, v) : 0;
}

/* A form of just the item's fields from the room's disco#info, or NULL
 * when the info does not say them all. */
static mucadmin_form_t *form_from_info(const struct read_item *it,
                                       const mucadmin_info_t *info)
{
    mucadmin_form_t *f = calloc(1, sizeof(*f));
    size_t k;

    if (!f || !(f->kind = strdup("form")) ||
        !(f->fields = calloc(it->nvars + 1, sizeof(*f->fields))))
        goto fail;
    for (k = 0; k < it->nvars; k++) {
        struct form_field *ff = &f->fields[f->nfields++];
        if (!(ff->var = strdup(it->vars[k])) ||
            info_field(info, it->vars[k], ff) < 0)
            goto fail;
    }
    return f;
fail:
    mucadmin_form_free(f);
    return NULL;
}

/* A probe's answer that may stand for the item's owner form. */
static void item_from_info(struct read_item *it, req_t *q)
{
    mucadmin_info_t *info = mca_parse_info(q->reply);

    if (info && (it->form = form_from_info(it, info))) {
        it->status = MUCADMIN_OK;
        it->from_info = 1;
    }
    mucadmin_info_free(info);
}

/* A probe's answer waits for the phase's end (what it stands for
 * depends on how the phase went); any other answer is its item's result
 * at once, and its reply is released. */
static int waits(const mucadmin_reads_t *r, const struct read_item *it)
{
    return r->probing && it->kind == READ_CONFIG;
}

static void read_done(void *ud, size_t k, req_t *q)
{
    mucadmin_reads_t *r = ud;
    struct read_item *it = &r->it[r->todo[k]];

    if (waits(r, it))
        return;
    item_result(it, q);
    mca_req_release_reply(q);
}

/* Send the items r->todo names, pipelined; each answer to its result
 * (a probe's only when it is a room's item-not-found, or when it says
 * every field an item of mucadmin_reads_add_config_fields() asks for). */
static mucadmin_status_t phase(mucadmin_session_t *s, mucadmin_reads_t *r)
{
    mucadmin_status_t st;
    req_t *reqs;
    size_t k, bad = (size_t)-1;
    struct read_item *it;

    if (!r->ntodo)
        return MUCADMIN_OK;
    if (!(reqs = calloc(r->ntodo, sizeof(*reqs))))
        return MUCADMIN_E_NOMEM;
    st = mca_engine_pipeline_each(s, reqs, r->ntodo, build_read, read_done, r);
    for (k = 0; k < r->ntodo; k++) {
        it = &r->it[r->todo[k]];
        if (st != MUCADMIN_OK && bad == (size_t)-1 && reqs[k].status == st)
            bad = k;
        if (!waits(r, it))
            continue; /* read_done() made its result */
        if (st != MUCADMIN_OK)
            item_result(it, &reqs[k]);
        else if (reqs[k].status == MUCADMIN_E_STANZA && reqs[k].err.condition &&
                 !strcmp(reqs[k].err.condition, "item-not-found"))
            item_result(it, &reqs[k]); /* the room's answer: no room */
        else if (reqs[k].status == MUCADMIN_OK && it->fields)
            item_from_info(it, &reqs[k]);
    }
    if (bad != (size_t)-1)
        mca_sess_req_error(s, &reqs[bad]); /* the detail of a timeout */
    for (k = 0; k < r->ntodo; k++)
        mca_req_clear(&reqs[k]);
    free(reqs);
    return st;
}

/*
 * ejabberd answers an owner's form get to a room that does not exist from
 * a temporary room it creates, then destroys (and requests to it in the
 * meantime go unanswered): an owner's form is no proof that a room
 * exists.  So the rooms of configuration reads are asked first (disco#info,
 * pipelined with the lists, which a missing room refuses); a room that
 * answers item-not-found gives that answer to its configuration read, and
 * the other forms are read then.
 */
mucadmin_status_t mucadmin_reads_run(mucadmin_session_t *s, mucadmin_reads_t *r)
{
    mucadmin_status_t st;
    size_t i;

    if (!r)
        return MUCADMIN_E_INVALID;
    if ((st = mca_sess_ready(s, NULL)) != MUCADMIN_OK)
        return st;
    for (i = 0; i < r->n; i++)
        item_results_clear(&r->it[i]);
    if (!r->n)
        return MUCADMIN_OK;
    if (!(r->todo = malloc(r->n * sizeof(*r->todo))))
        return MUCADMIN_E_NOMEM;
    for (i = 0; i < r->n; i++)
        r->todo[i] = i;
    r->ntodo = r->n;
    r->probing = 1;
    mca_sess_log(s, "%zu reads, pipelined; the forms' rooms asked first", r->n);
    st = phase(s, r);
    r->probing = 0;
    if (st == MUCADMIN_OK) {
        for (r->ntodo = i = 0; i < r->n; i++)
            if (r->it[i].status == MUCADMIN_E_INVALID)
                r->todo[r->ntodo++] = i;
        st = phase(s, r);
    } else {
        for (i = 0; i < r->n; i++) /* never sent */
            if (r->it[i].status == MUCADMIN_E_INVALID)
                r->it[i].status = st;
    }
    free(r->todo);
    r->todo = NULL;
    r->ntodo = 0;
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

const mucadmin_form_t *mucadmin_reads_form(const mucadmin_reads_t *r, size_t i)
{
    return item(r, i) ? item(r, i)->form : NULL;
}

const mucadmin_list_t *mucadmin_reads_list(const mucadmin_reads_t *r, size_t i)
{
    return item(r, i) ? item(r, i)->list : NULL;
}

const mucadmin_info_t *mucadmin_reads_info(const mucadmin_reads_t *r, size_t i)
{
    return item(r, i) ? item(r, i)->info : NULL;
}

int mucadmin_reads_from_info(const mucadmin_reads_t *r, size_t i)
{
    return item(r, i) ? item(r, i)->from_info : 0;
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
