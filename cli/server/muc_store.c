/* SPDX-License-Identifier: MIT */
/* muc_store.c - persistent rooms and affiliations in --data FILE (XML,
 * mode 0600: room passwords are in it), serialised straight from the
 * model.  A save writes FILE.tmp, fsyncs it, keeps the previous FILE as
 * FILE.bak and renames the new one into place.  A file that is not
 * exactly a data file is refused whole, never loaded in part. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jid.h"
#include "muc_int.h"
#include "strmap.h"
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
    if (r->oid_salt)
        put_attr(b, "oidsalt", r->oid_salt);
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

/* Write all of text to a new fd (0600 whatever the umask), fsync'd. */
static int write_tmp(const char *tmp, const char *text, size_t len)
{
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    size_t done = 0;
    ssize_t w;
    int ok;

    if (fd < 0)
        return -1;
    /* An old FILE.tmp (a crash) keeps its mode through O_TRUNC. */
    ok = fchmod(fd, 0600) == 0;
    while (ok && done < len) {
        w = write(fd, text + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        if (ok)
            done += (size_t)w;
    }
    ok = ok && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    return ok ? 0 : -1;
}

/* The directory's entries (the renames) on disk too. */
static void sync_dir(const char *path)
{
    char *copy = xstrdup(path);
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(copy);
}

/*
 * FILE.tmp, then FILE.bak made a second name of the current FILE (a hard
 * link: FILE itself never goes missing, even for a moment), then FILE.tmp
 * renamed over FILE.  A kill at any point leaves FILE whole, old or new.
 */
static int write_file(const char *path, const char *text, size_t len)
{
    size_t n = strlen(path) + 8;
    char *tmp = xmalloc(n), *bak = xmalloc(n);
    int rc, err;

    snprintf(tmp, n, "%s.tmp", path);
    snprintf(bak, n, "%s.bak", path);
    rc = write_tmp(tmp, text, len);
    if (rc == 0 && (unlink(bak) == 0 || errno == ENOENT) &&
        link(path, bak) == 0)
        chmod(bak, 0600);
    if (rc == 0)
        rc = rename(tmp, path);
    err = errno;
    if (rc)
        unlink(tmp);
    else
        sync_dir(path);
    free(tmp);
    free(bak);
    errno = err;
    return rc ? -1 : 0;
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
        fprintf(stderr, "mucadmin: serve: %s: cannot save: %s\n", m->cfg->data,
                strerror(errno));
    free(b.data);
    return rc;
}

/* Why a data file is refused (written to why), or "" when it is fine. */
struct load_err {
    char why[512];
};

static bool refuse(struct load_err *e, const char *fmt, const char *arg)
{
    snprintf(e->why, sizeof(e->why), fmt, arg ? arg : "");
    return false;
}

static bool get_bool(const struct xnode *n, const char *name, bool *v,
                     struct load_err *e)
{
    const char *s = xnode_attr(n, name);

    if (!s)
        return true;
    if (strcmp(s, "0") != 0 && strcmp(s, "1") != 0)
        return refuse(e, "room %s: bad boolean", xnode_attr(n, "jid"));
    *v = s[0] == '1';
    return true;
}

static bool get_int(const struct xnode *n, const char *name, int *v,
                    struct load_err *e)
{
    const char *s = xnode_attr(n, name);

    if (s && !form_int(s, v))
        return refuse(e, "room %s: bad number", xnode_attr(n, "jid"));
    return true;
}

static void get_str(const struct xnode *n, const char *name, char **dst)
{
    const char *v = xnode_attr(n, name);

    if (v) {
        free(*dst);
        *dst = strdup(v);
    }
}

/* A JID as the model keeps it: prepared, bare, with a local part; on
 * domain when domain is not NULL. */
static bool jid_ok(const char *jid, const char *domain)
{
    char *p = jid ? jid_prep(jid) : NULL;
    const char *at = p ? strchr(p, '@') : NULL;
    bool ok = p && !strcmp(p, jid) && at && at > p && !jid_resource(p) &&
              (!domain || !strcmp(at + 1, domain));

    free(p);
    return ok;
}

static bool load_affs(struct room *r, const struct xnode *n, struct load_err *e)
{
    const struct xnode *a;
    const char *jid;
    enum affil af;

    for (a = n->children; a; a = a->next) {
        if (!strcmp(a->name, "subject"))
            continue;
        jid = xnode_attr(a, "jid");
        if (strcmp(a->name, "aff") != 0 || !jid_ok(jid, NULL) ||
            !aff_parse(xnode_attr(a, "affiliation"), &af) || af == AFF_NONE)
            return refuse(e, "room %s: bad affiliation entry", r->jid);
        if (room_affent(r, jid))
            return refuse(e, "room %s: an affiliation appears twice", r->jid);
        room_set_aff_raw(r, jid, af, xnode_attr(a, "nick"),
                         xnode_attr(a, "reason"));
    }
    return true;
}

static bool load_room(struct muc *m, const struct xnode *n, struct load_err *e)
{
    struct room *r = room_create(m, xnode_attr(n, "jid"));
    struct room_config *c = &r->cfg;
    const struct xnode *s;
    int bcast = (int)c->bcast;

    get_str(n, "name", &c->name);
    get_str(n, "desc", &c->desc);
    get_str(n, "lang", &c->lang);
    get_str(n, "password", &c->password);
    get_str(n, "oidsalt", &r->oid_salt);
    c->persistent = true;
    if (!get_bool(n, "public", &c->public, e) ||
        !get_bool(n, "membersonly", &c->membersonly, e) ||
        !get_bool(n, "memberinvites", &c->memberinvites, e) ||
        !get_bool(n, "changesubject", &c->changesubject, e) ||
        !get_bool(n, "moderated", &c->moderated, e) ||
        !get_bool(n, "whois_anyone", &c->whois_anyone, e) ||
        !get_bool(n, "archiving", &c->archiving, e) ||
        !get_int(n, "historylength", &c->historylength, e) ||
        !get_int(n, "defaulthistory", &c->defaulthistory, e) ||
        !get_int(n, "bcast", &bcast, e))
        return false;
    c->bcast = (unsigned)bcast;
    if (!load_affs(r, n, e))
        return false;
    s = xnode_child(n, "subject", NULL);
    if (s && s->children)
        r->subject = xnode_copy(s->children);
    return true;
}

/* The whole file and its length; NULL (errno set) when it cannot be read. */
static char *slurp(const char *path, size_t *lenp)
{
    FILE *f = fopen(path, "r");
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    int err;

    if (!f)
        return NULL;
    do {
        if (cap - len < 4096) {
            cap = cap ? cap * 2 : 8192;
            buf = xrealloc(buf, cap + 1);
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    err = ferror(f) ? errno : 0;
    fclose(f);
    if (err) {
        free(buf);
        errno = err;
        return NULL;
    }
    buf[len] = '\0';
    *lenp = len;
    return buf;
}

/* Check the document whole and load its rooms; false with e->why set. */
static bool load_doc(struct muc *m, const char *text, size_t len,
                     struct load_err *e)
{
    struct xnode *root;
    const struct xnode *n;
    struct strmap seen = { 0 };
    const char *jid;
    bool ok = true;

    if (len == 0)
        return true; /* an empty file: no rooms yet */
    if (strlen(text) != len)
        return refuse(e, "not a mucadmin data file (a NUL byte in it)", NULL);
    root = xnode_parse(text);
    if (!root || strcmp(root->name, "mucdata") || strcmp(root->ns, NS_DATA)) {
        xnode_free(root);
        return refuse(e, "not a mucadmin data file", NULL);
    }
    for (n = root->children; ok && n; n = n->next) {
        jid = xnode_attr(n, "jid");
        if (strcmp(n->name, "room") != 0)
            ok = refuse(e, "not a mucadmin data file (<%s/>)", n->name);
        else if (!jid_ok(jid, m->domain))
            ok = refuse(e, "invalid room JID '%s'", jid);
        else if (strmap_get(&seen, jid))
            ok = refuse(e, "room %s appears twice", jid);
        else
            ok = load_room(m, n, e);
        if (ok)
            strmap_put(&seen, jid, (void *)n);
    }
    strmap_clear(&seen);
    xnode_free(root);
    return ok;
}

int muc_store_load(struct muc *m, const char *path)
{
    struct load_err e = { "" };
    size_t len = 0;
    char *text = slurp(path, &len);

    if (!text) {
        if (errno == ENOENT)
            return 0;
        fprintf(stderr, "mucadmin: serve: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!load_doc(m, text, len, &e)) {
        fprintf(stderr,
                "mucadmin: serve: %s: %s; the file is left as it "
                "is\n",
                path, e.why);
        while (m->rooms)
            room_remove(m, m->rooms);
        free(text);
        return -1;
    }
    free(text);
    return 0;
}
