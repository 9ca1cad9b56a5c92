/* SPDX-License-Identifier: MIT */
/* build.c - the exact XML of every request the library sends. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void iq_open(strbuf_t *b, const char *type, const char *id,
                    const char *to)
{
    mca_sb_add(b, "<iq");
    mca_sb_attr(b, "type", type);
    mca_sb_attr(b, "id", id);
    mca_sb_attr(b, "to", to);
    mca_sb_add(b, ">");
}

char *mca_build_iq(const char *type, const char *id, const char *to,
                   const char *ns, const char *inner)
{
    strbuf_t b = { 0 };

    iq_open(&b, type, id, to);
    mca_sb_add(&b, "<query");
    mca_sb_attr(&b, "xmlns", ns);
    if (inner && *inner) {
        mca_sb_addf(&b, ">%s</query></iq>", inner);
    } else {
        mca_sb_add(&b, "/></iq>");
    }
    return mca_sb_take(&b);
}

/* The IQ with a <query xmlns=ns> around what b holds (b is emptied). */
static char *query_iq(strbuf_t *b, const char *type, const char *id,
                      const char *to, const char *ns)
{
    char *inner = mca_sb_take(b), *r;

    if (!inner)
        return NULL;
    r = mca_build_iq(type, id, to, ns, inner);
    free(inner);
    return r;
}

/* End the start tag of element tag in b: with a <reason/> child when there
 * is a reason, else as an empty element. */
static void end_with_reason(strbuf_t *b, const char *tag, const char *reason)
{
    if (reason) {
        mca_sb_add(b, ">");
        mca_sb_elem(b, "reason", reason);
        mca_sb_addf(b, "</%s>", tag);
    } else {
        mca_sb_add(b, "/>");
    }
}

char *mca_build_affiliation_get(const char *id, const char *room,
                                mucadmin_affiliation_t a)
{
    strbuf_t b = { 0 };

    mca_sb_add(&b, "<item");
    mca_sb_attr(&b, "affiliation", mucadmin_affiliation_name(a));
    mca_sb_add(&b, "/>");
    return query_iq(&b, "get", id, room, NS_MUC_ADMIN);
}

char *mca_build_role_get(const char *id, const char *room, mucadmin_role_t r)
{
    strbuf_t b = { 0 };

    mca_sb_add(&b, "<item");
    mca_sb_attr(&b, "role", mucadmin_role_name(r));
    mca_sb_add(&b, "/>");
    return query_iq(&b, "get", id, room, NS_MUC_ADMIN);
}

/* The set IQ with <item affiliation jid nick><reason/></item> for items
 * from..from+n, appended to b (what the bulk batch sends, built without a
 * second copy of its items). */
void mca_build_admin_items_into(strbuf_t *b, const char *id, const char *room,
                                const mucadmin_batch_t *bt, size_t from,
                                size_t n)
{
    size_t i;

    iq_open(b, "set", id, room);
    mca_sb_add(b, "<query xmlns='" NS_MUC_ADMIN "'");
    if (!n || from >= bt->n) {
        mca_sb_add(b, "/></iq>");
        return;
    }
    mca_sb_add(b, ">");
    for (i = from; i < from + n && i < bt->n; i++) {
        const struct batch_item *it = &bt->it[i];

        mca_sb_add(b, "<item");
        mca_sb_attr(b, "affiliation", mucadmin_affiliation_name(it->aff));
        mca_sb_attr(b, "jid", it->jid);
        mca_sb_attr(b, "nick", it->nick);
        end_with_reason(b, "item", it->reason);
    }
    mca_sb_add(b, "</query></iq>");
}

char *mca_build_admin_items(const char *id, const char *room,
                            const mucadmin_batch_t *bt, size_t from, size_t n)
{
    strbuf_t b = { 0 };

    mca_build_admin_items_into(&b, id, room, bt, from, n);
    return mca_sb_take(&b);
}

char *mca_build_role_set(const char *id, const char *room, const char *nick,
                         mucadmin_role_t role, const char *reason)
{
    strbuf_t b = { 0 };

    mca_sb_add(&b, "<item");
    mca_sb_attr(&b, "nick", nick);
    mca_sb_attr(&b, "role", mucadmin_role_name(role));
    end_with_reason(&b, "item", reason);
    return query_iq(&b, "set", id, room, NS_MUC_ADMIN);
}

char *mca_build_destroy(const char *id, const char *room, const char *reason,
                        const char *venue, const char *venue_password)
{
    strbuf_t b = { 0 };

    mca_sb_add(&b, "<destroy");
    mca_sb_attr(&b, "jid", venue);
    if (reason || venue_password) {
        mca_sb_add(&b, ">");
        mca_sb_elem(&b, "reason", reason);
        mca_sb_elem(&b, "password", venue_password);
        mca_sb_add(&b, "</destroy>");
    } else {
        mca_sb_add(&b, "/>");
    }
    return query_iq(&b, "set", id, room, NS_MUC_OWNER);
}

/* History is not wanted: the library joins only to act. */
char *mca_build_join(const char *room, const char *nick, const char *password)
{
    strbuf_t b = { 0 };

    mca_sb_add(&b, "<presence to='");
    mca_sb_esc(&b, room);
    mca_sb_add(&b, "/");
    mca_sb_esc(&b, nick);
    mca_sb_add(&b, "'><x xmlns='" NS_MUC "'><history maxstanzas='0'/>");
    mca_sb_elem(&b, "password", password);
    mca_sb_add(&b, "</x></presence>");
    return mca_sb_take(&b);
}

char *mca_build_leave(const char *room, const char *nick)
{
    strbuf_t b = { 0 };

    mca_sb_add(&b, "<presence type='unavailable' to='");
    mca_sb_esc(&b, room);
    mca_sb_add(&b, "/");
    mca_sb_esc(&b, nick);
    mca_sb_add(&b, "'/>");
    return mca_sb_take(&b);
}

char *mca_build_disco(const char *id, const char *to, int items,
                      const char *node, const char *after)
{
    strbuf_t b = { 0 };

    iq_open(&b, "get", id, to);
    mca_sb_add(&b, "<query");
    mca_sb_attr(&b, "xmlns", items ? NS_DISCO_ITEMS : NS_DISCO_INFO);
    mca_sb_attr(&b, "node", node);
    if (after) {
        mca_sb_add(&b, "><set xmlns='" NS_RSM "'>");
        mca_sb_elem(&b, "after", after);
        mca_sb_add(&b, "</set></query></iq>");
    } else {
        mca_sb_add(&b, "/></iq>");
    }
    return mca_sb_take(&b);
}

char *mca_build_message(const char *id, const char *to, const char *type,
                        const char *subject, const char *body)
{
    strbuf_t b = { 0 };

    mca_sb_add(&b, "<message");
    mca_sb_attr(&b, "type", type);
    mca_sb_attr(&b, "id", id);
    mca_sb_attr(&b, "to", to);
    mca_sb_add(&b, ">");
    if (subject)
        mca_sb_elem(&b, "subject", subject);
    mca_sb_elem(&b, "body", body);
    mca_sb_add(&b, "</message>");
    return mca_sb_take(&b);
}

char *mca_build_invite(const char *id, const char *room, const char *jid,
                       const char *reason, int direct)
{
    strbuf_t b = { 0 };

    mca_sb_add(&b, "<message");
    mca_sb_attr(&b, "id", id);
    mca_sb_attr(&b, "to", direct ? jid : room);
    mca_sb_add(&b, ">");
    if (direct) {
        mca_sb_add(&b, "<x xmlns='" NS_CONFERENCE "'");
        mca_sb_attr(&b, "jid", room);
        mca_sb_attr(&b, "reason", reason);
        mca_sb_add(&b, "/>");
    } else {
        mca_sb_add(&b, "<x xmlns='" NS_MUC_USER "'><invite");
        mca_sb_attr(&b, "to", jid);
        end_with_reason(&b, "invite", reason);
        mca_sb_add(&b, "</x>");
    }
    mca_sb_add(&b, "</message>");
    return mca_sb_take(&b);
}
