/* SPDX-License-Identifier: MIT */
/* build.c - the exact XML of every request the library sends. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void iq_open(strbuf_t *b, const char *type, const char *id,
                    const char *to)
{
    sb_add(b, "<iq");
    sb_attr(b, "type", type);
    sb_attr(b, "id", id);
    sb_attr(b, "to", to);
    sb_add(b, ">");
}

char *build_iq(const char *type, const char *id, const char *to,
               const char *ns, const char *inner)
{
    strbuf_t b = {0};

    iq_open(&b, type, id, to);
    sb_add(&b, "<query");
    sb_attr(&b, "xmlns", ns);
    if (inner && *inner) {
        sb_addf(&b, ">%s</query></iq>", inner);
    } else {
        sb_add(&b, "/></iq>");
    }
    return sb_take(&b);
}

/* The IQ with a <query xmlns=ns> around what b holds (b is emptied). */
static char *query_iq(strbuf_t *b, const char *type, const char *id,
                      const char *to, const char *ns)
{
    char *inner = sb_take(b), *r;

    if (!inner)
        return NULL;
    r = build_iq(type, id, to, ns, inner);
    free(inner);
    return r;
}

/* End the start tag of element tag in b: with a <reason/> child when there
 * is a reason, else as an empty element. */
static void end_with_reason(strbuf_t *b, const char *tag, const char *reason)
{
    if (reason) {
        sb_add(b, ">");
        sb_elem(b, "reason", reason);
        sb_addf(b, "</%s>", tag);
    } else {
        sb_add(b, "/>");
    }
}

char *build_affiliation_get(const char *id, const char *room,
                            mucadmin_affiliation_t a)
{
    strbuf_t b = {0};

    sb_add(&b, "<item");
    sb_attr(&b, "affiliation", mucadmin_affiliation_name(a));
    sb_add(&b, "/>");
    return query_iq(&b, "get", id, room, NS_MUC_ADMIN);
}

char *build_role_get(const char *id, const char *room, mucadmin_role_t r)
{
    strbuf_t b = {0};

    sb_add(&b, "<item");
    sb_attr(&b, "role", mucadmin_role_name(r));
    sb_add(&b, "/>");
    return query_iq(&b, "get", id, room, NS_MUC_ADMIN);
}

/* The set IQ with <item affiliation jid nick><reason/></item> for items
 * from..from+n, appended to b (what the bulk batch sends, built without a
 * second copy of its items). */
void build_admin_items_into(strbuf_t *b, const char *id, const char *room,
                            const mucadmin_batch_t *bt, size_t from,
                            size_t n)
{
    size_t i;

    iq_open(b, "set", id, room);
    sb_add(b, "<query xmlns='" NS_MUC_ADMIN "'");
    if (!n || from >= bt->n) {
        sb_add(b, "/></iq>");
        return;
    }
    sb_add(b, ">");
    for (i = from; i < from + n && i < bt->n; i++) {
        const struct batch_item *it = &bt->it[i];

        sb_add(b, "<item");
        sb_attr(b, "affiliation", mucadmin_affiliation_name(it->aff));
        sb_attr(b, "jid", it->jid);
        sb_attr(b, "nick", it->nick);
        end_with_reason(b, "item", it->reason);
    }
    sb_add(b, "</query></iq>");
}

char *build_admin_items(const char *id, const char *room,
                        const mucadmin_batch_t *bt, size_t from, size_t n)
{
    strbuf_t b = {0};

    build_admin_items_into(&b, id, room, bt, from, n);
    return sb_take(&b);
}

char *build_role_set(const char *id, const char *room, const char *nick,
                     mucadmin_role_t role, const char *reason)
{
    strbuf_t b = {0};

    sb_add(&b, "<item");
    sb_attr(&b, "nick", nick);
    sb_attr(&b, "role", mucadmin_role_name(role));
    end_with_reason(&b, "item", reason);
    return query_iq(&b, "set", id, room, NS_MUC_ADMIN);
}

char *build_destroy(const char *id, const char *room, const char *reason,
                    const char *venue, const char *venue_password)
{
    strbuf_t b = {0};

    sb_add(&b, "<destroy");
    sb_attr(&b, "jid", venue);
    if (reason || venue_password) {
        sb_add(&b, ">");
        sb_elem(&b, "reason", reason);
        sb_elem(&b, "password", venue_password);
        sb_add(&b, "</destroy>");
    } else {
        sb_add(&b, "/>");
    }
    return query_iq(&b, "set", id, room, NS_MUC_OWNER);
}

/* History is not wanted: the library joins only to act. */
char *build_join(const char *room, const char *nick, const char *password)
{
    strbuf_t b = {0};

    sb_add(&b, "<presence to='");
    sb_esc(&b, room);
    sb_add(&b, "/");
    sb_esc(&b, nick);
    sb_add(&b, "'><x xmlns='" NS_MUC "'><history maxstanzas='0'/>");
    sb_elem(&b, "password", password);
    sb_add(&b, "</x></presence>");
    return sb_take(&b);
}

char *build_leave(const char *room, const char *nick)
{
    strbuf_t b = {0};

    sb_add(&b, "<presence type='unavailable' to='");
    sb_esc(&b, room);
    sb_add(&b, "/");
    sb_esc(&b, nick);
    sb_add(&b, "'/>");
    return sb_take(&b);
}

char *build_disco(const char *id, const char *to, int items,
                  const char *node, const char *after)
{
    strbuf_t b = {0};

    iq_open(&b, "get", id, to);
    sb_add(&b, "<query");
    sb_attr(&b, "xmlns", items ? NS_DISCO_ITEMS : NS_DISCO_INFO);
    sb_attr(&b, "node", node);
    if (after) {
        sb_add(&b, "><set xmlns='" NS_RSM "'>");
        sb_elem(&b, "after", after);
        sb_add(&b, "</set></query></iq>");
    } else {
        sb_add(&b, "/></iq>");
    }
    return sb_take(&b);
}

char *build_message(const char *id, const char *to, const char *type,
                    const char *subject, const char *body)
{
    strbuf_t b = {0};

    sb_add(&b, "<message");
    sb_attr(&b, "type", type);
    sb_attr(&b, "id", id);
    sb_attr(&b, "to", to);
    sb_add(&b, ">");
    if (subject)
        sb_elem(&b, "subject", subject);
    sb_elem(&b, "body", body);
    sb_add(&b, "</message>");
    return sb_take(&b);
}

char *build_invite(const char *id, const char *room, const char *jid,
                   const char *reason, int direct)
{
    strbuf_t b = {0};

    sb_add(&b, "<message");
    sb_attr(&b, "id", id);
    sb_attr(&b, "to", direct ? jid : room);
    sb_add(&b, ">");
    if (direct) {
        sb_add(&b, "<x xmlns='" NS_CONFERENCE "'");
        sb_attr(&b, "jid", room);
        sb_attr(&b, "reason", reason);
        sb_add(&b, "/>");
    } else {
        sb_add(&b, "<x xmlns='" NS_MUC_USER "'><invite");
        sb_attr(&b, "to", jid);
        end_with_reason(&b, "invite", reason);
        sb_add(&b, "</x>");
    }
    sb_add(&b, "</message>");
    return sb_take(&b);
}
