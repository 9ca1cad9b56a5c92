/* SPDX-License-Identifier: MIT */
/*
 * account.c - named accounts from config.yaml (libyaml) and their
 * passwords, which never come from the command line.
 */
#define _GNU_SOURCE /* vasprintf */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <yaml.h>

#include "account.h"

static char *xasprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;

    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}

char *account_path(void)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");

    if (xdg && xdg[0] == '/')
        return xasprintf("%s/mucadmin/config.yaml", xdg);
    return xasprintf("%s/.config/mucadmin/config.yaml", home ? home : ".");
}

void account_clear(struct account *a)
{
    free(a->name);
    free(a->jid);
    free(a->server);
    free(a->service);
    free(a->password_command);
    free(a->password_file);
    free(a->cafile);
    free(a->tls);
    free(a->nick);
    free(a->path);
    memset(a, 0, sizeof(*a));
}

static const char *scalar(yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value
                                            : NULL;
}

/* A leading "~" or "~/" of a file setting stands for $HOME, as in a
 * shell; "~user" is left alone. */
static int expand_home(struct account *a, const char *key, char **path,
                       char **err)
{
    const char *home = getenv("HOME");
    char *full;

    if (!*path || (*path)[0] != '~' || ((*path)[1] && (*path)[1] != '/'))
        return 0;
    if (!home || home[0] != '/') {
        *err = xasprintf("%s: account '%s': %s %s: cannot expand ~ "
                         "(HOME is not set)",
                         a->path, a->name, key, *path);
        return -1;
    }
    if (!(full = xasprintf("%s%s", home, *path + 1))) {
        *err = strdup("out of memory");
        return -1;
    }
    free(*path);
    *path = full;
    return 0;
}

/* Fill acct from the mapping node n; unknown keys are errors (typos). */
static int read_account(yaml_document_t *doc, yaml_node_t *n, struct account *a,
                        char **err)
{
    static const char *const tls_modes[] = { "starttls", "direct", "plaintext",
                                             NULL };
    struct {
        const char *key;
        char **dst;
    } keys[] = {
        { "jid", &a->jid },
        { "server", &a->server },
        { "service", &a->service },
        { "password_command", &a->password_command },
        { "password_file", &a->password_file },
        { "cafile", &a->cafile },
        { "tls", &a->tls },
        { "nick", &a->nick },
    };

    if (n->type != YAML_MAPPING_NODE) {
        *err = xasprintf("%s: line %lu: account '%s' is not a mapping", a->path,
                         (unsigned long)n->start_mark.line + 1, a->name);
        return -1;
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        const char *key = scalar(k), *val = scalar(v);
        size_t i;

        for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
            if (key && !strcmp(key, keys[i].key))
                break;
        if (i == sizeof(keys) / sizeof(keys[0]) || !val) {
            *err = xasprintf("%s: line %lu: account '%s': %s '%s'", a->path,
                             (unsigned long)k->start_mark.line + 1, a->name,
                             val ? "unknown key" : "not a string value for",
                             key ? key : "?");
            return -1;
        }
        free(*keys[i].dst);
        *keys[i].dst = strdup(val);
    }
    if (expand_home(a, "password_file", &a->password_file, err) < 0 ||
        expand_home(a, "cafile", &a->cafile, err) < 0)
        return -1;
    if (a->tls) {
        const char *const *m;
        for (m = tls_modes; *m && strcmp(*m, a->tls); m++)
            ;
        if (!*m) {
            *err = xasprintf("%s: account '%s': tls must be starttls, "
                             "direct or plaintext, not '%s'",
                             a->path, a->name, a->tls);
            return -1;
        }
    }
    return 0;
}

static int load_doc(yaml_document_t *doc, const char *name, struct account *a,
                    char **err)
{
    yaml_node_t *root = yaml_document_get_root_node(doc);
    yaml_node_t *accounts = NULL, *found = NULL, *only = NULL;
    const char *def = NULL, *only_name = NULL;
    size_t count = 0;

    if (!root) /* an empty file */
        goto none;
    if (root->type != YAML_MAPPING_NODE) {
        *err = xasprintf("%s: the top level must be a mapping", a->path);
        return -1;
    }
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
         p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        const char *key = scalar(k);
        if (key && !strcmp(key, "accounts") && v->type == YAML_MAPPING_NODE) {
            accounts = v;
        } else if (key && !strcmp(key, "default") && scalar(v)) {
            def = scalar(v);
        } else {
            *err = xasprintf("%s: line %lu: unknown or malformed key '%s' "
                             "(expected 'accounts' and 'default')",
                             a->path, (unsigned long)k->start_mark.line + 1,
                             key ? key : "?");
            return -1;
        }
    }
    if (!name)
        name = def;
    for (yaml_node_pair_t *p = accounts ? accounts->data.mapping.pairs.start
                                        : NULL;
         accounts && p < accounts->data.mapping.pairs.top; p++) {
        const char *key = scalar(yaml_document_get_node(doc, p->key));
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        if (!key)
            continue;
        count++;
        only = v;
        only_name = key;
        if (name && !strcmp(key, name))
            found = v;
    }
    if (!name && count == 1) {
        found = only;
        name = only_name;
    }
    if (!found) {
        if (!name)
            goto none;
        *err = xasprintf("%s: no account named '%s'", a->path, name);
        return -1;
    }
    a->name = strdup(name);
    return read_account(doc, found, a, err);
none:
    if (count > 1)
        *err = xasprintf("%s: several accounts and no 'default': choose one "
                         "with --account",
                         a->path);
    return count > 1 ? -1 : 0;
}

/*
 * A file that tells us what to run or which password to send must be
 * the user's own, as ssh wants of its configuration: owned by the user
 * (or root) and writable by nobody else.  what names the file in the
 * message; private also refuses read access by group and others.
 */
static int check_owner(const char *what, const char *path,
                       const struct stat *st, int private, char **err)
{
    unsigned mode = (unsigned)(st->st_mode & 0777);
    mode_t bad = private ? (S_IRWXG | S_IRWXO) : (S_IWGRP | S_IWOTH);

    if (st->st_uid != getuid() && st->st_uid != 0) {
        *err = xasprintf("%s%s is owned by uid %u, not by you (uid %u): "
                         "refused; it must be your own file",
                         what, path, (unsigned)st->st_uid, (unsigned)getuid());
        return -1;
    }
    if (st->st_mode & bad) {
        *err = xasprintf("%s%s is %s by others (mode %03o): refused; "
                         "run: chmod 600 %s",
                         what, path, private ? "accessible" : "writable", mode,
                         path);
        return -1;
    }
    return 0;
}

int account_load(const char *path, const char *name, struct account *a,
                 char **err)
{
    struct stat st;
    yaml_parser_t parser;
    yaml_document_t doc;
    FILE *fp;
    int rc;

    memset(a, 0, sizeof(*a));
    *err = NULL;
    a->path = path ? strdup(path) : account_path();
    if (!a->path) {
        *err = strdup("out of memory");
        return -1;
    }
    fp = fopen(a->path, "r");
    if (!fp) {
        if (errno == ENOENT && !name)
            return 0;
        *err = xasprintf("%s: %s%s", a->path, strerror(errno),
                         name ? " (needed for --account)" : "");
        return -1;
    }
    /* Before anything in it is used: its password_command runs. */
    if (fstat(fileno(fp), &st) < 0) {
        *err = xasprintf("%s: %s", a->path, strerror(errno));
        fclose(fp);
        return -1;
    }
    if (check_owner("", a->path, &st, 0, err) < 0) {
        fclose(fp);
        return -1;
    }
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, fp);
    if (!yaml_parser_load(&parser, &doc)) {
        *err = xasprintf("%s: line %lu: %s", a->path,
                         (unsigned long)parser.problem_mark.line + 1,
                         parser.problem ? parser.problem : "bad YAML");
        yaml_parser_delete(&parser);
        fclose(fp);
        return -1;
    }
    rc = load_doc(&doc, name, a, err);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    fclose(fp);
    return rc;
}

/* The first line of s without its newline, in place. */
static char *chomp(char *s)
{
    if (s)
        s[strcspn(s, "\r\n")] = '\0';
    return s;
}

static char *read_line(FILE *fp)
{
    char *line = NULL;
    size_t cap = 0;

    if (getline(&line, &cap, fp) < 0) {
        free(line);
        return NULL;
    }
    return chomp(line);
}

static char *from_command(const char *cmd, char **err)
{
    FILE *fp = popen(cmd, "r");
    char *pw;
    int st;

    if (!fp) {
        *err = xasprintf("password_command: %s", strerror(errno));
        return NULL;
    }
    pw = read_line(fp);
    st = pclose(fp);
    if (st != 0 || !pw || !pw[0]) {
        *err = xasprintf("password_command '%s' %s", cmd,
                         st != 0 ? "failed" : "printed no password");
        free(pw);
        return NULL;
    }
    return pw;
}

static char *from_file(const char *path, char **err)
{
    struct stat st;
    FILE *fp = fopen(path, "r");
    char *pw;

    if (!fp || fstat(fileno(fp), &st) < 0) {
        *err = xasprintf("password_file %s: %s", path, strerror(errno));
        if (fp)
            fclose(fp);
        return NULL;
    }
    if (check_owner("password_file ", path, &st, 1, err) < 0) {
        fclose(fp);
        return NULL;
    }
    pw = read_line(fp);
    fclose(fp);
    if (!pw || !pw[0]) {
        *err = xasprintf("password_file %s is empty", path);
        free(pw);
        return NULL;
    }
    return pw;
}

/* Prompt on the controlling terminal, not stdin: stdin may carry data. */
static char *from_prompt(const char *jid, char **err)
{
    struct termios old, quiet;
    FILE *tty = fopen("/dev/tty", "r+");
    char *pw;

    if (!tty) {
        *err = strdup("no password: set MUCADMIN_PASSWORD or give the "
                      "account a password_command or password_file");
        return NULL;
    }
    /* Echo off before the prompt, as getpass(3) does: an answer typed
     * as soon as the prompt shows must neither echo nor be flushed. */
    tcgetattr(fileno(tty), &old);
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
    fprintf(tty, "Password for %s: ", jid ? jid : "the account");
    fflush(tty);
    pw = read_line(tty);
    tcsetattr(fileno(tty), TCSAFLUSH, &old);
    fputc('\n', tty);
    fclose(tty);
    if (!pw)
        *err = strdup("no password given");
    return pw;
}

char *account_password(const struct account *a, const char *jid, char **err)
{
    const char *env = getenv("MUCADMIN_PASSWORD");

    *err = NULL;
    if (env && env[0])
        return strdup(env);
    if (a && a->password_command)
        return from_command(a->password_command, err);
    if (a && a->password_file)
        return from_file(a->password_file, err);
    return from_prompt(jid, err);
}
