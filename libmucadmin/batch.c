/* SPDX-License-Identifier: MIT */
/* batch.c - a batch of affiliation changes and each one's result. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

mucadmin_batch_t *mucadmin_batch_new(void)
{
    return calloc(1, sizeof(mucadmin_batch_t));
}

static void item_results_clear(struct batch_item *it)
{
    free(it->condition);
    free(it->text);
    it->condition = it->text = NULL;
    it->status = MUCADMIN_OK;
}

void mca_batch_reset(mucadmin_batch_t *b)
{
    size_t i;

    for (i = 0; i < b->n; i++)
        item_results_clear(&b->it[i]);
}

void mucadmin_batch_free(mucadmin_batch_t *b)
{
    size_t i;

    if (!b)
        return;
    for (i = 0; i < b->n; i++) {
        free(b->it[i].jid);
        free(b->it[i].nick);
        free(b->it[i].reason);
        item_results_clear(&b->it[i]);
    }
    free(b->it);
    free(b);
}

mucadmin_status_t mucadmin_batch_add(mucadmin_batch_t *b, const char *jid,
                                     mucadmin_affiliation_t affiliation,
                                     const char *nick, const char *reason)
{
    struct batch_item *it;

    if (!b || !mca_jid_valid(jid) || (unsigned)affiliation > MUCADMIN_AFF_OWNER)
        return MUCADMIN_E_INVALID;
    if (mca_array_grow(&b->it, &b->cap, b->n, sizeof(*it)) < 0)
        return MUCADMIN_E_NOMEM;
    it = &b->it[b->n];
    memset(it, 0, sizeof(*it));
    it->aff = affiliation;
    if (!(it->jid = strdup(jid)) || mca_xstrset(&it->nick, nick) ||
        mca_xstrset(&it->reason, reason)) {
        free(it->jid);
        free(it->nick);
        return MUCADMIN_E_NOMEM;
    }
    b->n++;
    return MUCADMIN_OK;
}

size_t mucadmin_batch_count(const mucadmin_batch_t *b)
{
    return b ? b->n : 0;
}

const char *mucadmin_batch_jid(const mucadmin_batch_t *b, size_t i)
{
    return b && i < b->n ? b->it[i].jid : NULL;
}

mucadmin_status_t mucadmin_batch_status(const mucadmin_batch_t *b, size_t i)
{
    return b && i < b->n ? b->it[i].status : MUCADMIN_E_INVALID;
}

const char *mucadmin_batch_condition(const mucadmin_batch_t *b, size_t i)
{
    return b && i < b->n ? b->it[i].condition : NULL;
}

const char *mucadmin_batch_text(const mucadmin_batch_t *b, size_t i)
{
    return b && i < b->n ? b->it[i].text : NULL;
}
