/* SPDX-License-Identifier: MIT */
/* parse.c - replies (item lists, disco#info, RSM) into plain C structs. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void mca_item_roles(struct mucadmin_list_entry *e, xmpp_stanza_t *it)
{
    int a = mucadmin_affiliation_from_name(
        it ? xmpp_stanza_get_attribute(it, "affiliation") : NULL);
    int r = mucadmin_role_from_name(it ? xmpp_stanza_get_attribute(it, "role")
                                       : NULL);

    e->affiliation = a < 0 ? MUCADMIN_AFF_NONE : (mucadmin_affiliation_t)a;
    e->role = r < 0 ? MUCADMIN_ROLE_NONE : (mucadmin_role_t)r;
}

static int item_to_entry(mucadmin_list_t *l, xmpp_stanza_t *it)
{
    struct mucadmin_list_entry *e = mca_list_add(l);

    if (!e)
        return -1;
    e->jid = mca_xstrdup(xmpp_stanza_get_attribute(it, "jid"));
    e->nick = mca_xstrdup(xmpp_stanza_get_attribute(it, "nick"));
    e->name = mca_xstrdup(xmpp_stanza_get_attribute(it, "name"));
    e->reason = mca_xml_child_text(it, "reason");
    e->node = mca_xstrdup(xmpp_stanza_get_attribute(it, "node"));
    mca_item_roles(e, it);
    return 0;
}

/* The <item/>s of an IQ result's <query xmlns=ns/>; NULL when there is
 * no such query or memory ran out. */
mucadmin_list_t *mca_parse_items(xmpp_stanza_t *iq, const char *ns)
{
    xmpp_stanza_t *q = mca_xml_child(iq, "query", ns), *c;
    mucadmin_list_t *l;

    if (!q || !(l = mca_list_new()))
        return NULL;
    for (c = xmpp_stanza_get_children(q); c; c = xmpp_stanza_get_next(c)) {
        if (!xmpp_stanza_is_tag(c) || !mca_xml_is(c, "item"))
            continue;
        if (item_to_entry(l, c)) {
            mucadmin_list_free(l);
            return NULL;
        }
    }
    return l;
}

char *mca_parse_rsm_last(xmpp_stanza_t *iq, long *count)
{
    xmpp_stanza_t *q = mca_xml_child(iq, "query", NS_DISCO_ITEMS);
    xmpp_stanza_t *set = mca_xml_child(q, "set", NS_RSM);
    char *c;

    *count = -1;
    if (!set)
        return NULL;
    if ((c = mca_xml_child_text(set, "count"))) {
        *count = strtol(c, NULL, 10);
        free(c);
    }
    return mca_xml_child_text(set, "last");
}

void mucadmin_info_free(mucadmin_info_t *i)
{
    size_t j;

    if (!i)
        return;
    free(i->name);
    for (j = 0; j < i->nfeatures; j++)
        free(i->features[j]);
    free(i->features);
    mucadmin_form_free(i->form);
    free(i);
}

static int info_add_feature(mucadmin_info_t *i, const char *var)
{
    char **f = realloc(i->features, (i->nfeatures + 1) * sizeof(*f));

    if (!f)
        return -1;
    i->features = f;
    if (!(f[i->nfeatures] = strdup(var)))
        return -1;
    i->nfeatures++;
    return 0;
}

mucadmin_info_t *mca_parse_info(xmpp_stanza_t *iq)
{
    xmpp_stanza_t *q = mca_xml_child(iq, "query", NS_DISCO_INFO), *c;
    mucadmin_info_t *i;
    const char *v;
    int rc = 0;

    if (!q || !(i = calloc(1, sizeof(*i))))
        return NULL;
    for (c = xmpp_stanza_get_children(q); c && !rc;
         c = xmpp_stanza_get_next(c)) {
        if (!xmpp_stanza_is_tag(c))
            continue;
        if (mca_xml_is(c, "feature") &&
            (v = xmpp_stanza_get_attribute(c, "var"))) {
            rc = info_add_feature(i, v);
        } else if (mca_xml_is(c, "identity") && !i->name &&
                   (v = xmpp_stanza_get_attribute(c, "name"))) {
            rc = !(i->name = strdup(v));
        } else if (mca_xml_is(c, "x") && !i->form && xmpp_stanza_get_ns(c) &&
                   strcmp(xmpp_stanza_get_ns(c), NS_DATA) == 0) {
            rc = !(i->form = mca_form_from_stanza(c));
        }
    }
    if (rc) {
        mucadmin_info_free(i);
        return NULL;
    }
    return i;
}

const char *mucadmin_info_name(const mucadmin_info_t *i)
{
    return i ? i->name : NULL;
}

size_t mucadmin_info_feature_count(const mucadmin_info_t *i)
{
    return i ? i->nfeatures : 0;
}

const char *mucadmin_info_feature(const mucadmin_info_t *i, size_t j)
{
    return i && j < i->nfeatures ? i->features[j] : NULL;
}

int mucadmin_info_has_feature(const mucadmin_info_t *i, const char *var)
{
    size_t j;

    for (j = 0; i && var && j < i->nfeatures; j++)
        if (strcmp(i->features[j], var) == 0)
            return 1;
    return 0;
}

const mucadmin_form_t *mucadmin_info_form(const mucadmin_info_t *i)
{
    return i ? i->form : NULL;
}
