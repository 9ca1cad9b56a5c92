/* SPDX-License-Identifier: MIT */
/* muc_unique.c - unique room names (XEP-0307, XEP-0045 10.1.4). */
#include <openssl/rand.h>
#include <string.h>

#include "muc_int.h"

#define NS_MUC_UNIQUE "http://jabber.org/protocol/muc#unique"

/* A fresh name, as Prosody 0.12 makes it: 18 random bytes in base64url
 * (24 characters), lowercased.  Nothing is reserved by asking. */
static void unique_name(char out[25])
{
    /* The base64url alphabet with its capitals already lowercased. */
    static const char b64[] = "abcdefghijklmnopqrstuvwxyz"
                              "abcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char r[18];

    if (RAND_bytes(r, sizeof(r)) != 1)
        memset(r, 0, sizeof(r));
    for (int i = 0, o = 0; i < 18; i += 3) {
        unsigned v = (unsigned)r[i] << 16 | (unsigned)r[i + 1] << 8 | r[i + 2];

        for (int k = 3; k >= 0; k--)
            out[o++] = b64[(v >> (6 * k)) & 63];
    }
    out[24] = '\0';
}

bool muc_unique_iq(struct muc *m, struct xnode *st)
{
    const struct xnode *c = st->children;
    const char *type = xnode_attr(st, "type");
    struct xnode *res;
    char name[25];

    if (!c || strcmp(c->name, "unique") || strcmp(c->ns, NS_MUC_UNIQUE) ||
        !type || strcmp(type, "get"))
        return false;
    unique_name(name);
    res = muc_reply(st);
    xnode_set_text(xnode_add(res, "unique", NS_MUC_UNIQUE), name);
    muc_send(m, res);
    return true;
}
