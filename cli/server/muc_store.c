/* SPDX-License-Identifier: MIT */
/* muc_store.c - persistent rooms and affiliations in --data FILE (XML,
 * written to a temp file, fsync'd and renamed into place), serialised
 * straight from the model. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "muc_int.h"
#include "xutil.h"

#define NS_DATA "urn:mucadmin:serve:data"

/* " name='value'" (escaped); nothing for NULL, as xnode_set_attr(). */
static void put_attr(struct sbuf *b, const char *name, const char *value)
{
    if (!value)
        return;
    sbuf_puts(b, " ");
    sbuf_puts(b, name);
    sbuf_puts(b, "='");
    sbuf_escape(b, value);
    sbuf_puts(b, "'");
}

static void put_bool(struct sbuf *b, const char *name, bool v)
{
    put_attr(b, name, v ? "1" : "0");
}

static void put_int(struct sbuf *b, const char *name, int v)
{
    char buf[16];

    snprintf(buf, sizeof(buf), "%d", v);
    put_attr(b, name, buf);
}

static void put_aff(struct sbuf *b, const struct affent *e)
{
    sbuf_puts(b, "<aff");
    put_attr(b, "jid", e->jid);
    put_attr(b, "affiliation", aff_name(e->aff));
    put_attr(b, "nick", e->nick);
    put_attr(b, "reason", e->reason);
    sbuf_puts(b, "/>");
}

/*
 * The <aff/> elements of a room, kept between saves: room.c drops them
 * when an entry changes or goes, and entries added since (always at the
 * end of the list) are appended, so a save of a room with thousands of
 * members costs only the members added since the last one.
 */
static void put_affs(struct sbuf *out, struct room *r)
{
    struct sbuf b = { r->affs_xml, r->affs_xml_len, r->affs_xml_cap };
    struct affent *e;

    if (!r->affs_xml_valid) {
        b.len = 0;
        r->affs_xml_last = NULL;
        r->affs_xml_valid = true;
    }
    e = r->affs_xml_last ? r->affs_xml_last->next : r->affs;
    for (; e; e = e->next) {
        put_aff(&b, e);
        r->affs_xml_last = e;
    }
    r->affs_xml = b.data;
    r->affs_xml_len = b.len;
    r->affs_xml_cap = b.cap;
    if (b.len)
        sbuf_add(out, b.data, b.len);
}

/* The room as the loader reads it (the same text xnode_to_string() would
 * give its tree), appended to b. */
static void put_room(struct sbuf *b, struct room *r)
{
    const struct room_config *c = &r->cfg;
    char *subject;

    sbuf_puts(b, "<room");
    put_attr(b, "jid", r->jid);
    put_attr(b, "name", c->name);
    put_attr(b, "desc", c->desc);
    put_attr(b, "lang", c->lang);
    put_attr(b, "password", c->password);
    put_bool(b, "public", c->public);
    put_bool(b, "membersonly", c->membersonly);
    put_bool(b, "memberinvites", c->memberinvites);
    put_bool(b, "changesubject", c->changesubject);
    put_bool(b, "moderated", c->moderated);
    put_bool(b, "whois_anyone", c->whois_anyone);
    put_bool(b, "archiving", c->archiving);
    put_int(b, "historylength", c->historylength);
    put_int(b, "defaulthistory", c->defaulthistory);
    put_int(b, "bcast", (int)c->bcast);
    if (!r->affs && !r->subject) {
        sbuf_puts(b, "/>");
        return;
    }
    sbuf_puts(b, ">");
    put_affs(b, r);
    if (r->subject) {
        subject = xnode_to_string(r->subject, NS_DATA);
        sbuf_puts(b, "<subject>");
        sbuf_puts(b, subject);
        sbuf_puts(b, "</subject>");
        free(subject);
    }
    sbuf_puts(b, "</room>");
}

static int write_file(const char *path, const char *text, size_t len)
{
    size_t n = strlen(path) + 8;
    char *tmp = malloc(n);
    FILE *f;
    int ok;

    if (!tmp)
        abort();
    snprintf(tmp, n, "%s.tmp", path);
    f = fopen(tmp, "w");
    if (!f) {
        free(tmp);
        return -1;
    }
    ok = fwrite(text, 1, len, f) == len && fflush(f) == 0 &&
         fsync(fileno(f)) == 0;
    ok = fclose(f) == 0 && ok;
    if (ok)
        ok = rename(tmp, path) == 0;
    if (!ok)
        unlink(tmp);
    free(tmp);
    return ok ? 0 : -1;
}

void muc_store_dirty(struct muc *m)
{
    if (m->cfg->data)
        m->dirty = true;
}

void muc_flush(struct muc *m)
{
    if (m && m->dirty)
        muc_store_save(m);
}

int muc_store_save(struct muc *m)
{
    struct sbuf b = { 0 };
    struct room *r;
    bool any = false;
    int rc;

    m->dirty = false;
    if (!m->cfg->data)
        return 0;
    sbuf_puts(&b, "<mucdata xmlns='" NS_DATA "'");
    for (r = m->rooms; r; r = r->next) {
        if (!r->cfg.persistent)
            continue;
        if (!any)
            sbuf_puts(&b, ">");
        any = true;
        put_room(&b, r);
    }
    sbuf_puts(&b, any ? "</mucdata>" : "/>");
    rc = write_file(m->cfg->data, b.data, b.len);
    if (rc)
        fprintf(stderr, "mucadmin: serve: %s: cannot save: %s\n",
                m->cfg->data, strerror(errno));
    free(b.data);
    return rc;
}

static bool get_bool(const struct xnode *n, const char *name)
{
    const char *v = xnode_attr(n, name);

    return v && !strcmp(v, "1");
}

static void get_str(const struct xnode *n, const char *name, char **dst)
{
    const char *v = xnode_attr(n, name);

    if (v) {
        free(*dst);
        *dst = strdup(v);
    }
}

static void load_room(struct muc *m, const struct xnode *n)
{
    struct room *r = room_create(m, xnode_attr(n, "jid"));
    struct room_config *c = &r->cfg;
    const struct xnode *a, *s;
    enum affil af;

    get_str(n, "name", &c->name);
    get_str(n, "desc", &c->desc);
    get_str(n, "lang", &c->lang);
    get_str(n, "password", &c->password);
    c->persistent = true;
    c->public = get_bool(n, "public");
    c->membersonly = get_bool(n, "membersonly");
    c->memberinvites = get_bool(n, "memberinvites");
    c->changesubject = get_bool(n, "changesubject");
    c->moderated = get_bool(n, "moderated");
    c->whois_anyone = get_bool(n, "whois_anyone");
    c->archiving = get_bool(n, "archiving");
    form_int(xnode_attr(n, "historylength"), &c->historylength);
    form_int(xnode_attr(n, "defaulthistory"), &c->defaulthistory);
    if (xnode_attr(n, "bcast"))
        c->bcast = (unsigned)atoi(xnode_attr(n, "bcast"));
    for (a = xnode_child(n, "aff", NULL); a; a = xnode_next(a, "aff", NULL))
        if (xnode_attr(a, "jid") && aff_parse(xnode_attr(a, "affiliation"),
                                              &af))
            room_set_aff_raw(r, xnode_attr(a, "jid"), af,
                             xnode_attr(a, "nick"), xnode_attr(a, "reason"));
    s = xnode_child(n, "subject", NULL);
    if (s && s->children)
        r->subject = xnode_copy(s->children);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    char *buf = NULL;
    size_t len = 0, cap = 0, n;

    if (!f)
        return NULL;
    do {
        if (cap - len < 4096) {
            cap = cap ? cap * 2 : 8192;
            buf = realloc(buf, cap + 1);
            if (!buf)
                abort();
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);
    buf[len] = '\0';
    return buf;
}

int muc_store_load(struct muc *m, const char *path)
{
    char *text = slurp(path);
    struct xnode *root;
    const struct xnode *n;

    if (!text) {
        if (errno == ENOENT)
            return 0;
        fprintf(stderr, "mucadmin: serve: %s: %s\n", path, strerror(errno));
        return -1;
    }
    root = *text ? xnode_parse(text) : xnode_new("mucdata", NULL);
    free(text);
    if (!root || strcmp(root->name, "mucdata")) {
        fprintf(stderr, "mucadmin: serve: %s: not a mucadmin data file\n",
                path);
        xnode_free(root);
        return -1;
    }
    for (n = xnode_child(root, "room", NULL); n; n = xnode_next(n, "room",
                                                               NULL))
        if (xnode_attr(n, "jid"))
            load_room(m, n);
    xnode_free(root);
    return 0;
}
