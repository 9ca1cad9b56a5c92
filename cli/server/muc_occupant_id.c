/* SPDX-License-Identifier: MIT */
/* muc_occupant_id.c - XEP-0421 occupant ids, derived as Prosody 0.12 does. */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "muc_int.h"
#include "xutil.h"

bool occupant_id_enabled(const struct muc *m)
{
    /* ejabberd 23.01 has no XEP-0421. */
    return m->cfg->quirks != QUIRKS_EJABBERD;
}

/*
 * Each room draws a random salt (a UUID, as Prosody's room._data
 * occupant_id_salt) the first time it needs one; a persistent room keeps
 * it in --data, so ids survive a restart as they do with Prosody.
 */
static const char *room_salt(struct muc *m, struct room *r)
{
    unsigned char b[16];
    char buf[40];

    if (r->oid_salt)
        return r->oid_salt;
    if (RAND_bytes(b, sizeof(b)) != 1)
        abort();
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(buf, sizeof(buf),
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
             b[11], b[12], b[13], b[14], b[15]);
    r->oid_salt = strdup(buf);
    if (!r->oid_salt)
        out_of_memory();
    if (r->cfg.persistent)
        muc_store_dirty(m);
    return r->oid_salt;
}

/* base64(HMAC-SHA256(key = the bare JID, message = the room's salt)):
 * opaque, the same for every session of one user, different per room. */
char *occupant_id(struct muc *m, struct room *r, const char *bare)
{
    const char *salt = room_salt(m, r);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    char *out = malloc(4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1);

    if (!out || !HMAC(EVP_sha256(), bare, (int)strlen(bare),
                      (const unsigned char *)salt, strlen(salt), mac, &len))
        abort();
    EVP_EncodeBlock((unsigned char *)out, mac, (int)len);
    return out;
}

void occupant_id_set(struct muc *m, struct room *r, const char *bare,
                     struct xnode *st)
{
    struct xnode *c, *next;
    char *id;

    if (!occupant_id_enabled(m))
        return;
    /* Whatever the client put there is a forgery. */
    for (c = st->children; c; c = next) {
        next = c->next;
        if (!strcmp(c->name, "occupant-id") && !strcmp(c->ns, NS_OCCUPANT_ID)) {
            xnode_unlink(c);
            xnode_free(c);
        }
    }
    id = occupant_id(m, r, bare);
    xnode_set_attr(xnode_add(st, "occupant-id", NS_OCCUPANT_ID), "id", id);
    free(id);
}
