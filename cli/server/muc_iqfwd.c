/* SPDX-License-Identifier: MIT */
/* muc_iqfwd.c - iq between occupants: requests to an occupant JID go to
 * the occupant's client (vCard requests to its account), answers come
 * back with the original id, as in Prosody; a ping to one's own occupant
 * JID is answered by the room (XEP-0410).
 *
 * The id a forwarded request carries is an HMAC (a key drawn at start) of
 * the original id and the parties, so nobody can guess the next one, and
 * an answer is taken only from the JID the request went to, to the
 * occupant who asked: anything else is dropped, as Prosody does. */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "muc_int.h"
#include "xutil.h"

#define FWD_MAX 256

struct fwd {
    char *id;        /* the id we sent */
    char *orig_id;   /* the requester's id */
    char *orig_from; /* the requester's real JID */
    char *target;    /* the occupant JID the request went to */
    char *sent_to;   /* the real JID it went to: the only answerer */
    char *asker;     /* the requester's occupant JID: the answer's 'to' */
    struct fwd *next;
};

/* The key of forwarded ids: random, drawn once per process. */
static unsigned char id_key[32];
static bool id_key_set;

static char *dup0(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void fwd_free(struct fwd *f)
{
    free(f->id);
    free(f->orig_id);
    free(f->orig_from);
    free(f->target);
    free(f->sent_to);
    free(f->asker);
    free(f);
}

/* Remember a forwarded request; the oldest go when there are too many. */
static void fwd_add(struct muc *m, struct fwd *f)
{
    struct fwd **pp;

    f->next = m->fwds;
    m->fwds = f;
    if (++m->nfwds <= FWD_MAX)
        return;
    for (pp = &m->fwds; (*pp)->next; pp = &(*pp)->next)
        ;
    fwd_free(*pp);
    *pp = NULL;
    m->nfwds--;
}

/* With the NUL: "a" "bc" and "ab" "c" differ. */
static void mac_add(struct sbuf *b, const char *s)
{
    sbuf_add(b, s ? s : "", strlen(s ? s : "") + 1);
}

/*
 * "muc-" and the hex of HMAC-SHA256(key, seq, original id, requester,
 * asker, target, real recipient), truncated to 128 bits.  The sequence
 * number keeps two identical requests apart.
 */
static char *fwd_id(struct muc *m, const struct fwd *f)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    char seq[24], *out = xmalloc(4 + 32 + 1);
    struct sbuf b = { 0 };

    if (!id_key_set) {
        if (RAND_bytes(id_key, sizeof(id_key)) != 1)
            abort();
        id_key_set = true;
    }
    snprintf(seq, sizeof(seq), "%lu", ++m->idseq);
    mac_add(&b, seq);
    mac_add(&b, f->orig_id);
    mac_add(&b, f->orig_from);
    mac_add(&b, f->asker);
    mac_add(&b, f->target);
    mac_add(&b, f->sent_to);
    if (!HMAC(EVP_sha256(), id_key, sizeof(id_key),
              (const unsigned char *)b.data, b.len, mac, &len) ||
        len < 16)
        abort();
    free(b.data);
    memcpy(out, "muc-", 4);
    for (size_t i = 0; i < 16; i++)
        snprintf(out + 4 + 2 * i, 3, "%02x", mac[i]);
    return out;
}

static void forward_request(struct muc *m, struct room *r, struct xnode *st,
                            struct occupant *me, struct occupant *to)
{
    const struct xnode *q = st->children;
    struct fwd *f = calloc(1, sizeof(*f));
    struct xnode *c = xnode_copy(st);
    bool vcard = q && !strcmp(q->ns, "vcard-temp");

    if (!f)
        out_of_memory();
    f->orig_id = dup0(xnode_attr(st, "id"));
    f->orig_from = dup0(xnode_attr(st, "from"));
    f->target = occ_jid(r, to->nick);
    f->asker = occ_jid(r, me->nick);
    f->sent_to = strdup(vcard ? to->bare : to->sessions->jid);
    f->id = fwd_id(m, f);
    fwd_add(m, f);
    xnode_set_attr(c, "id", f->id);
    xnode_set_attr(c, "from", f->asker);
    xnode_set_attr(c, "to", f->sent_to);
    muc_send(m, c);
}

/* The request an answer belongs to, taken from the list; NULL (the
 * answer is dropped) unless it comes from where the request went, to
 * the occupant who asked. */
static struct fwd *fwd_take_answer(struct muc *m, const struct xnode *st)
{
    const char *id = xnode_attr(st, "id"), *from = xnode_attr(st, "from");
    const char *to = xnode_attr(st, "to");
    struct fwd **pp, *f;

    for (pp = &m->fwds; id && from && to && *pp; pp = &(*pp)->next) {
        f = *pp;
        if (strcmp(f->id, id) != 0)
            continue;
        if (strcmp(f->sent_to, from) != 0 || strcmp(f->asker, to) != 0)
            return NULL;
        *pp = f->next;
        m->nfwds--;
        return f;
    }
    return NULL;
}

static void forward_response(struct muc *m, struct xnode *st)
{
    struct fwd *f = fwd_take_answer(m, st);
    struct xnode *c;

    if (!f)
        return;
    c = xnode_copy(st);
    xnode_set_attr(c, "id", f->orig_id);
    xnode_set_attr(c, "from", f->target);
    xnode_set_attr(c, "to", f->orig_from);
    muc_send(m, c);
    fwd_free(f);
}

void muc_iq_to_occupant(struct muc *m, struct room *r, struct xnode *st,
                        const char *nick)
{
    const char *type = xnode_attr(st, "type");
    struct occupant *me = occ_by_real(r, xnode_attr(st, "from"), NULL);
    struct occupant *to = occ_by_nick(r, nick);

    if (type && (!strcmp(type, "result") || !strcmp(type, "error"))) {
        forward_response(m, st);
    } else if (!me) {
        muc_error(m, st, "cancel", "not-acceptable",
                  "You are not currently connected to this chat", r->jid);
    } else if (!to || !to->sessions) {
        muc_error(m, st, "cancel", "item-not-found", "Recipient not in room",
                  r->jid);
    } else if (to == me && type && !strcmp(type, "get") &&
               xnode_child(st, "ping", NS_PING)) {
        /* XEP-0410 self-ping: the room answers for the occupant. */
        muc_send(m, muc_reply(st));
    } else {
        forward_request(m, r, st, me, to);
    }
}

void muc_iqfwd_clear(struct muc *m)
{
    struct fwd *f;

    while ((f = m->fwds)) {
        m->fwds = f->next;
        fwd_free(f);
    }
    m->nfwds = 0;
}
