/* SPDX-License-Identifier: MIT */
/* muc_store.c - persistent rooms and affiliations in --data FILE (XML,
 * written to a temp file, fsync'd and renamed into place). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "muc_int.h"

static void set_bool(struct xnode *n, const char *name, bool v)
{
    xnode_set_attr(n, name, v ? "1" : "0");
}

static void set_int(struct xnode *n, const char *name, int v)
{
    char buf[16];

    snprintf(buf, sizeof(buf), "%d", v);
    xnode_set_attr(n, name, buf);
}

static struct xnode *room_to_xml(const struct room *r)
{
    const struct room_config *c = &r->cfg;
    struct xnode *n = xnode_new("room", "urn:mucadmin:serve:data"), *a;
    const struct affent *e;

    xnode_set_attr(n, "jid", r->jid);
    xnode_set_attr(n, "name", c->name);
    xnode_set_attr(n, "desc", c->desc);
    xnode_set_attr(n, "lang", c->lang);
    xnode_set_attr(n, "password", c->password);
    set_bool(n, "public", c->public);
    set_bool(n, "membersonly", c->membersonly);
    set_bool(n, "memberinvites", c->memberinvites);
    set_bool(n, "changesubject", c->changesubject);
    set_bool(n, "moderated", c->moderated);
    set_bool(n, "whois_anyone", c->whois_anyone);
    set_bool(n, "archiving", c->archiving);
    set_int(n, "historylength", c->historylength);
    set_int(n, "defaulthistory", c->defaulthistory);
    set_int(n, "bcast", (int)c->bcast);
    for (e = r->affs; e; e = e->next) {
        a = xnode_add(n, "aff", NULL);
        xnode_set_attr(a, "jid", e->jid);
        xnode_set_attr(a, "affiliation", aff_name(e->aff));
        xnode_set_attr(a, "nick", e->nick);
        xnode_set_attr(a, "reason", e->reason);
    }
    if (r->subject)
        xnode_append(xnode_add(n, "subject", NULL), xnode_copy(r->subject));
    return n;
}

static int write_file(const char *path, const char *text)
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
    ok = fputs(text, f) >= 0 && fflush(f) == 0 && fsync(fileno(f)) == 0;
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
    struct xnode *root;
    struct room *r;
    char *text;
    int rc;

    m->dirty = false;
    if (!m->cfg->data)
        return 0;
    root = xnode_new("mucdata", "urn:mucadmin:serve:data");
    for (r = m->rooms; r; r = r->next)
        if (r->cfg.persistent)
            xnode_append(root, room_to_xml(r));
    text = xnode_to_string(root, NULL);
    xnode_free(root);
    rc = write_file(m->cfg->data, text);
    if (rc)
        fprintf(stderr, "mucadmin: serve: %s: cannot save: %s\n",
                m->cfg->data, strerror(errno));
    free(text);
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
