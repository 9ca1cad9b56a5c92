/* SPDX-License-Identifier: MIT */
/* muc_archive.c - the room archive: what goes in (stanza-ids, occupant-ids,
 * its bound) and the discussion history it gives joining occupants. */
#include <ctype.h>
#include <math.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jid.h"
#include "muc_archive.h"
#include "xutil.h"

#define NS_HINTS "urn:xmpp:hints"
#define EXPIRE_AFTER (7 * 24 * 3600) /* muc_log_expires_after "1w" */

void archive_stamp(time_t t, char *buf, size_t len)
{
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static bool digits(const char *s, int n, int *v)
{
    int i;

    *v = 0;
    for (i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        *v = *v * 10 + (s[i] - '0');
    }
    return true;
}

/* The zone part: "", "Z", or where Prosody's unanchored pattern
 * ([+-])(%d%d):?(%d*) first matches in it (minutes only when exactly two
 * digits). */
static bool zone_offset(const char *z, long *off)
{
    const char *p, *mm;
    int h, mi;

    *off = 0;
    if (!*z || !strcmp(z, "Z"))
        return true;
    for (p = z; *p; p++) {
        if ((*p != '+' && *p != '-') || !digits(p + 1, 2, &h))
            continue;
        mm = p + 3 + (p[3] == ':');
        if (strspn(mm, "0123456789") != 2 || !digits(mm, 2, &mi))
            mi = 0;
        *off = (h * 60L + mi) * 60L * (*p == '-' ? -1 : 1);
        return true;
    }
    return false;
}

bool archive_parse_stamp(const char *s, time_t *t)
{
    int f[6];
    struct tm tm;
    long off;

    if (!s || !digits(s, 4, &f[0]))
        return false;
    s += 4;
    s += *s == '-';
    if (!digits(s, 2, &f[1]))
        return false;
    s += 2;
    s += *s == '-';
    if (!digits(s, 2, &f[2]) || s[2] != 'T' || !digits(s + 3, 2, &f[3]) ||
        s[5] != ':' || !digits(s + 6, 2, &f[4]) || s[8] != ':' ||
        !digits(s + 9, 2, &f[5]))
        return false;
    s += 11;
    s += *s == '.';
    while (isdigit((unsigned char)*s))
        s++;
    if (!zone_offset(s, &off))
        return false;
    /* Out-of-range fields roll over, as in Lua's os.time(). */
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = f[0] - 1900;
    tm.tm_mon = f[1] - 1;
    tm.tm_mday = f[2];
    tm.tm_hour = f[3];
    tm.tm_min = f[4];
    tm.tm_sec = f[5];
    *t = timegm(&tm) - off;
    return true;
}

bool lua_tonumber(const char *s, double *v)
{
    char *end;

    while (isspace((unsigned char)*s))
        s++;
    /* strtod() reads "inf" and "nan", Lua does not. */
    if (!*s || isalpha((unsigned char)*s))
        return false;
    *v = strtod(s, &end);
    while (isspace((unsigned char)*end))
        end++;
    return end != s && !*end && !isnan(*v);
}

static void new_sid(char *out)
{
    unsigned char b[18];
    char *p;

    if (RAND_bytes(b, sizeof(b)) != 1)
        abort();
    EVP_EncodeBlock((unsigned char *)out, b, sizeof(b));
    /* URL-safe, as Prosody's util.id. */
    for (p = out; *p; p++)
        *p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
}

static void item_free(struct arch_item *it)
{
    xnode_free(it->msg);
    free(it);
}

static void drop_oldest(struct archive *a)
{
    struct arch_item *it = a->head;

    a->head = it->next;
    if (!a->head)
        a->tail = NULL;
    a->n--;
    a->bytes -= it->bytes;
    item_free(it);
}

/* Roughly what a tree takes in memory: its strings and its nodes. */
static size_t weight(const struct xnode *n)
{
    size_t w = sizeof(*n) + strlen(n->name) + strlen(n->ns) + 2, i;
    const struct xnode *c;

    for (i = 0; i < n->nattrs; i++)
        w += sizeof(n->attrs[i]) + strlen(n->attrs[i].name) +
             strlen(n->attrs[i].value) + 2;
    if (n->text)
        w += strlen(n->text) + 1;
    for (c = n->children; c; c = c->next)
        w += weight(c);
    return w;
}

/* Prosody at its quota: first what is older than the expiry, then the
 * oldest until 99% of the quota is left. */
static void make_room(struct archive *a, time_t now, size_t bytes)
{
    /* Not Prosody's (its archive is on disk): what a room's archive may
     * hold in memory, however big its messages. */
    while (a->head && a->bytes + bytes > MAM_BYTES)
        drop_oldest(a);
    if (a->n < MAM_CAP)
        return;
    while (a->head && a->head->when < now - EXPIRE_AFTER)
        drop_oldest(a);
    if (a->n < MAM_CAP)
        return;
    while (a->n > MAM_CAP / 100 * 99)
        drop_oldest(a);
}

static const char *append(struct room *r, struct xnode *stored)
{
    struct archive *a = r->arch;
    struct arch_item *it = calloc(1, sizeof(*it));

    if (!a && !(a = r->arch = calloc(1, sizeof(*a))))
        out_of_memory();
    if (!it)
        out_of_memory();
    it->when = time(NULL);
    it->msg = stored;
    it->bytes = sizeof(*it) + weight(stored);
    new_sid(it->id);
    make_room(a, it->when, it->bytes);
    if (a->tail)
        a->tail->next = it;
    else
        a->head = it;
    a->tail = it;
    a->n++;
    a->bytes += it->bytes;
    return it->id;
}

void muc_archive_free(struct room *r)
{
    if (!r->arch)
        return;
    while (r->arch->head)
        drop_oldest(r->arch);
    free(r->arch);
    r->arch = NULL;
}

static bool is_ns_child(const struct xnode *c, const char *name, const char *ns)
{
    return !strcmp(c->ns, ns) && (!name || !strcmp(c->name, name));
}

/* Prosody's muc-message-is-historic. */
static bool is_historic(const struct xnode *msg)
{
    const struct xnode *c;

    if (xnode_child(msg, "no-store", NS_HINTS) ||
        xnode_child(msg, "no-permanent-store", NS_HINTS))
        return false;
    if (xnode_child(msg, "store", NS_HINTS) ||
        xnode_child(msg, "body", NS_CLIENT) ||
        xnode_child(msg, "encryption", "urn:xmpp:eme:0"))
        return true;
    for (c = msg->children; c; c = c->next)
        if (is_ns_child(c, NULL, "urn:xmpp:chat-markers:0"))
            return true;
    return false;
}

/* Children claiming to come from the room: delays and stanza-ids. */
static void strip_forged(struct room *r, struct xnode *msg)
{
    struct xnode *c, *next;
    const char *from;
    char *by;
    bool drop;

    for (c = msg->children; c; c = next) {
        next = c->next;
        from = xnode_attr(c, "from");
        drop = (is_ns_child(c, "delay", NS_DELAY) ||
                is_ns_child(c, "x", "jabber:x:delay")) &&
               from && !strcmp(from, r->jid);
        if (is_ns_child(c, "stanza-id", NS_SID) && xnode_attr(c, "by")) {
            by = jid_prep(xnode_attr(c, "by"));
            drop = by && !strcmp(by, r->jid);
            free(by);
        }
        if (drop) {
            xnode_unlink(c);
            xnode_free(c);
        }
    }
}

/* What the archive keeps: in a room where anyone may see real JIDs, who
 * sent it (bare JID, affiliation, role), as mod_muc_mam stores it. */
static struct xnode *stored_copy(struct room *r, const struct occupant *o,
                                 const struct xnode *msg)
{
    struct xnode *s = xnode_copy(msg), *it;

    xnode_set_attr(s, "to", NULL);
    if (r->cfg.whois_anyone) {
        it = xnode_add(muc_x_user(s), "item", NS_MUC_USER);
        xnode_set_attr(it, "affiliation", aff_name(room_aff(r, o->bare)));
        xnode_set_attr(it, "role", role_name(o->role));
        xnode_set_attr(it, "jid", o->bare);
    }
    return s;
}

bool muc_archive_groupchat(struct muc *m, struct room *r,
                           const struct occupant *o, struct xnode *msg)
{
    struct xnode *sid, *stored;

    if (m->cfg->quirks == QUIRKS_EJABBERD)
        return xnode_child(msg, "body", NS_CLIENT) != NULL;
    strip_forged(r, msg);
    occupant_id_set(m, r, o->bare, msg);
    if (!is_historic(msg))
        return false;
    if (r->cfg.archiving) {
        stored = stored_copy(r, o, msg);
        sid = xnode_add(msg, "stanza-id", NS_SID);
        xnode_set_attr(sid, "by", r->jid);
        xnode_set_attr(sid, "id", append(r, stored));
    }
    return true;
}

void muc_archive_room_msg(struct muc *m, struct room *r, struct xnode *msg)
{
    struct xnode *stored, *sid;

    if (m->cfg->quirks == QUIRKS_EJABBERD || !r->cfg.archiving)
        return;
    /* No occupant sent it: no sender to record, even where real JIDs
     * show (mod_muc_mam adds the item only for an occupant's). */
    stored = xnode_copy(msg);
    xnode_set_attr(stored, "to", NULL);
    sid = xnode_add(msg, "stanza-id", NS_SID);
    xnode_set_attr(sid, "by", r->jid);
    xnode_set_attr(sid, "id", append(r, stored));
}

struct arch_item *archive_get(const struct room *r, const char *id)
{
    struct arch_item *it;

    /* Ours are 24 characters: a longer one is in no archive. */
    if (!r->arch || !id || strlen(id) >= sizeof(it->id))
        return NULL;
    for (it = r->arch->head; it; it = it->next)
        if (!strcmp(it->id, id))
            return it;
    return NULL;
}

void archive_replace(struct room *r, struct arch_item *it, struct xnode *msg)
{
    size_t bytes = sizeof(*it) + weight(msg);

    /* Its time and place stay; only what it says changes. */
    r->arch->bytes = r->arch->bytes - it->bytes + bytes;
    it->bytes = bytes;
    xnode_free(it->msg);
    it->msg = msg;
}

void archive_strip_jids(const struct room *r, struct xnode *msg)
{
    struct xnode *c, *next;

    if (r->cfg.whois_anyone)
        return;
    for (c = msg->children; c; c = next) {
        next = c->next;
        if (is_ns_child(c, "x", NS_MUC_USER)) {
            xnode_unlink(c);
            xnode_free(c);
        }
    }
}

static int cmp_id(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(char *const *)elem);
}

/* q->ids is sorted (muc_mam.c). */
static bool has_id(const struct arch_query *q, const char *id)
{
    return bsearch(id, q->ids, q->nids, sizeof(*q->ids), cmp_id) != NULL;
}

static bool find_id(struct arch_item **v, size_t n, const char *id, size_t *at)
{
    size_t j;

    for (j = 0; j < n; j++) {
        if (!strcmp(v[j]->id, id)) {
            *at = j + 1;
            return true;
        }
    }
    return false;
}

int archive_find(const struct room *r, const struct arch_query *q,
                 struct arch_item ***out, size_t *nout, size_t *total)
{
    const struct archive *a = r->arch;
    struct arch_item **v, *it, *t;
    size_t n = 0, i = 0, j, k;
    const char *stop = NULL;

    *out = NULL;
    *nout = *total = 0;
    if (!a || !a->n)
        return q->before || q->after ? -1 : 0;
    if (!(v = calloc(a->n, sizeof(*v))))
        out_of_memory();
    for (it = a->head; it; it = it->next) {
        if ((q->has_ids && !has_id(q, it->id)) ||
            (q->has_start && it->when < q->start) ||
            (q->has_end && it->when > q->end))
            continue;
        v[n++] = it;
    }
    *total = n;
    if (q->reverse) {
        for (j = 0; j < n / 2; j++) {
            t = v[j];
            v[j] = v[n - 1 - j];
            v[n - 1 - j] = t;
        }
    }
    if (q->reverse ? q->before != NULL : q->after != NULL) {
        if (!find_id(v, n, q->reverse ? q->before : q->after, &i)) {
            free(v);
            return -1;
        }
    }
    stop = q->reverse ? q->after : q->before;
    /* Lua's items[i + limit + 1] = nil: only a whole, non-negative limit
     * cuts the list short. */
    if (q->has_limit && q->limit >= 0 && q->limit < 1e15 &&
        q->limit == (double)(long long)q->limit && (double)(n - i) > q->limit)
        n = i + (size_t)q->limit;
    for (k = 0; i + k < n && !(stop && !strcmp(v[i + k]->id, stop)); k++)
        v[k] = v[i + k];
    *out = v;
    *nout = k;
    return 0;
}

static void send_items(struct muc *m, struct room *r, const char *to,
                       struct arch_item **v, size_t n, bool has_chars,
                       double chars)
{
    struct xnode **out = calloc(n ? n : 1, sizeof(*out)), *c, *d;
    char stamp[32], *text;
    size_t i, k;

    if (!out)
        out_of_memory();
    for (k = 0; k < n; k++) {
        c = xnode_copy(v[k]->msg);
        xnode_set_attr(c, "to", to);
        d = xnode_add(c, "delay", NS_DELAY);
        archive_stamp(v[k]->when, stamp, sizeof(stamp));
        xnode_set_attr(d, "from", r->jid);
        xnode_set_attr(d, "stamp", stamp);
        d = xnode_add(c, "stanza-id", NS_SID);
        xnode_set_attr(d, "by", r->jid);
        xnode_set_attr(d, "id", v[k]->id);
        archive_strip_jids(r, c);
        if (has_chars) {
            text = xnode_to_string(c, NS_CLIENT);
            chars -= (double)strlen(text);
            free(text);
            if (chars < 0) {
                xnode_free(c);
                break;
            }
        }
        out[k] = c;
    }
    /* Newest first from the archive; sent oldest first. */
    for (i = k; i > 0; i--)
        muc_send(m, out[i - 1]);
    free(out);
}

bool archive_history(struct muc *m, struct room *r, const char *to,
                     const struct hist_req *h)
{
    struct arch_query q = { 0 };
    double stanzas = h->stanzas;
    struct arch_item **v;
    size_t n, total;

    if (m->cfg->quirks == QUIRKS_EJABBERD || !r->cfg.archiving)
        return false;
    if ((h->has_stanzas && stanzas == 0) || (h->has_chars && h->chars == 0))
        return false;
    if (!h->has_stanzas || stanzas > r->cfg.historylength)
        stanzas = r->cfg.historylength;
    /* Prosody 0.12 sends a negative count the whole archive when the
     * room's memory is empty; here the memory answers it: nothing. */
    if (stanzas < 0)
        return false;
    /* And a fraction would be no limit at all there (Lua's nil-ing of
     * items[i + limit + 1]): whole messages only. */
    stanzas = (double)(long long)stanzas;
    /* Enough in memory: the room's own history answers. */
    if (r->hist && r->nhist >= stanzas)
        return false;
    q.has_start = h->has_since;
    q.start = h->since;
    q.reverse = true;
    q.has_limit = true;
    q.limit = stanzas;
    if (archive_find(r, &q, &v, &n, &total) == 0)
        send_items(m, r, to, v, n, h->has_chars, h->chars);
    free(v);
    return true;
}
