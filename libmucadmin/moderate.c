/* SPDX-License-Identifier: MIT */
/*
 * moderate.c - message moderation (XEP-0425): a moderator retracts room
 * messages by their stanza-id.  The room's disco#info says which version
 * it speaks: urn:xmpp:message-moderate:1 (<moderate id=.../>), or :0, what
 * Debian 12's mod_muc_moderation speaks (<apply-to xmlns=fasten:0
 * id=...><moderate/></apply-to>).  The requests are pipelined.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NS_MODERATE0 "urn:xmpp:message-moderate:0"
#define NS_MODERATE1 "urn:xmpp:message-moderate:1"
#define NS_RETRACT0 "urn:xmpp:message-retract:0"
#define NS_RETRACT1 "urn:xmpp:message-retract:1"
#define NS_FASTEN "urn:xmpp:fasten:0"

struct job {
    const char *room, *reason;
    const char *const *ids;
    int version;
};

static const char *build(void *ud, size_t i, const char *id, strbuf_t *b)
{
    struct job *j = ud;

    mca_sb_add(b, "<iq type='set'");
    mca_sb_attr(b, "id", id);
    mca_sb_attr(b, "to", j->room);
    mca_sb_add(b, ">");
    if (j->version == 1) {
        mca_sb_add(b, "<moderate xmlns='" NS_MODERATE1 "'");
        mca_sb_attr(b, "id", j->ids[i]);
        mca_sb_add(b, "><retract xmlns='" NS_RETRACT1 "'/>");
        mca_sb_elem(b, "reason", j->reason);
        mca_sb_add(b, "</moderate></iq>");
    } else {
        mca_sb_add(b, "<apply-to xmlns='" NS_FASTEN "'");
        mca_sb_attr(b, "id", j->ids[i]);
        mca_sb_add(b, "><moderate xmlns='" NS_MODERATE0
                      "'><retract xmlns='" NS_RETRACT0 "'/>");
        mca_sb_elem(b, "reason", j->reason);
        mca_sb_add(b, "</moderate></apply-to></iq>");
    }
    return j->room;
}

mucadmin_status_t mucadmin_room_moderation_version(mucadmin_session_t *s,
                                                   const char *room,
                                                   int *version)
{
    mucadmin_info_t *info = NULL;
    mucadmin_status_t st;

    if (!version)
        return MUCADMIN_E_INVALID;
    *version = -1;
    if ((st = mucadmin_room_info_get(s, room, &info)) != MUCADMIN_OK)
        return st;
    if (mucadmin_info_has_feature(info, NS_MODERATE1))
        *version = 1;
    else if (mucadmin_info_has_feature(info, NS_MODERATE0))
        *version = 0;
    mucadmin_info_free(info);
    if (*version < 0) {
        mca_sess_detail(s,
                        "%s offers no message moderation (neither %s nor %s "
                        "in its disco#info)",
                        room, NS_MODERATE1, NS_MODERATE0);
        return MUCADMIN_E_UNSUPPORTED;
    }
    return MUCADMIN_OK;
}

mucadmin_status_t mucadmin_room_retract(mucadmin_session_t *s, const char *room,
                                        const char *const *ids, size_t n,
                                        const char *reason,
                                        mucadmin_status_t *status,
                                        char **condition)
{
    struct job j = { room, reason, ids, 0 };
    mucadmin_status_t st;
    req_t *r;

    if (!ids || !n || !status || !condition)
        return MUCADMIN_E_INVALID;
    for (size_t i = 0; i < n; i++) {
        status[i] = MUCADMIN_E_INVALID;
        condition[i] = NULL;
        if (!ids[i] || !*ids[i])
            return MUCADMIN_E_INVALID;
    }
    if ((st = mucadmin_room_moderation_version(s, room, &j.version)) !=
        MUCADMIN_OK)
        return st;
    if (!(r = calloc(n, sizeof(*r))))
        return MUCADMIN_E_NOMEM;
    st = mca_engine_pipeline(s, r, n, build, &j);
    for (size_t i = 0; i < n; i++) {
        status[i] = r[i].status;
        if (r[i].status == MUCADMIN_E_STANZA && r[i].err.condition)
            condition[i] = mca_xstrdup(r[i].err.condition);
        mca_req_clear(&r[i]);
    }
    free(r);
    /* A refusal is the item's; only what stops the session is the call's. */
    return st == MUCADMIN_E_STANZA ? MUCADMIN_OK : st;
}
