/* SPDX-License-Identifier: MIT */
/*
 * complete.c - completion candidates from the command table: commands,
 * options and their values, enumerations, field names, and (through
 * complete_srv.c) rooms, nicks, JIDs and field options from the server.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "complete.h"
#include "complete_srv.h"
#include "fields.h"

static const char *const affiliations[] = { "owner",   "admin", "member",
                                            "outcast", "none",  NULL };
static const char *const roles[] = { "moderator", "participant", "visitor",
                                     "none", NULL };
static const char *const booleans[] = { "true", "false", NULL };

void completions_free(struct completions *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->word[i]);
        free(c->desc[i]);
    }
    free(c->word);
    free(c->desc);
    free(c->why);
    memset(c, 0, sizeof(*c));
}

/* Add word (with prefix pre and suffix suf) when it starts with cur. */
static void add3(struct completions *c, const char *cur, const char *pre,
                 const char *word, const char *suf, const char *desc)
{
    char *w;

    if (asprintf(&w, "%s%s%s", pre, word, suf) < 0)
        return;
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->word[i], w))
            goto skip;
    if (strncmp(w, cur, strlen(cur)) != 0)
        goto skip;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 32;
        char **nw = realloc(c->word, cap * sizeof(*nw));
        if (nw)
            c->word = nw;
        char **nd = realloc(c->desc, cap * sizeof(*nd));
        if (nd)
            c->desc = nd;
        if (!nw || !nd)
            goto skip;
        c->cap = cap;
    }
    c->word[c->n] = w;
    c->desc[c->n++] = desc ? strdup(desc) : NULL;
    return;
skip:
    free(w);
}

void completions_add(struct completions *c, const char *cur, const char *word,
                     const char *desc)
{
    add3(c, cur, "", word, "", desc);
}

static void add_all(struct completions *c, const char *cur,
                    const char *const *words)
{
    for (; words && *words; words++)
        completions_add(c, cur, *words, NULL);
}

static const struct cmd_opt *find_long(const struct cmd_opt *opts,
                                       const char *w)
{
    size_t len = strcspn(w + 2, "=");

    for (; opts && opts->name; opts++)
        if (strlen(opts->name) == len && !strncmp(opts->name, w + 2, len))
            return opts;
    return NULL;
}

/* The option word w names, among the command's and the global ones. */
static const struct cmd_opt *word_opt(const struct cmd *cmd, const char *w)
{
    const struct cmd_opt *o;

    if (w[0] != '-' || !w[1])
        return NULL;
    if (w[1] == '-') {
        o = cmd ? find_long(cmd->opts, w) : NULL;
        return o ? o : find_long(global_opts, w);
    }
    for (int pass = 0; pass < 2; pass++) {
        o = pass ? global_opts : (cmd ? cmd->opts : NULL);
        for (; o && o->name; o++)
            if (o->short_name && o->short_name == w[1] && !w[2])
                return o;
    }
    return NULL;
}

/* Whether w is an option that takes the next word as its value. */
static bool takes_next(const struct cmd *cmd, const char *w)
{
    const struct cmd_opt *o = word_opt(cmd, w);

    return o && o->arg && !strchr(w, '=');
}

void cmdline_scan(int n, char **words, struct cmdline *cl)
{
    bool opts_done = false;

    memset(cl, 0, sizeof(*cl));
    cl->cmd_at = cl->first_pos = -1;
    for (int i = 0; i < n; i++) {
        const char *w = words[i];
        if (!opts_done && !strcmp(w, "--") && cl->cmd) {
            opts_done = true;
        } else if (!opts_done && w[0] == '-' && w[1]) {
            if (takes_next(cl->cmd, w))
                i++;
        } else if (!cl->cmd && cl->cmd_at < 0) {
            cl->cmd = cmd_find(w);
            cl->cmd_at = i;
        } else if (cl->npos < (int)(sizeof(cl->pos) / sizeof(cl->pos[0]))) {
            if (cl->first_pos < 0)
                cl->first_pos = i;
            cl->pos[cl->npos++] = words[i];
        }
    }
}

static bool in_list(const char *w, const char *const *list)
{
    for (; list && *list; list++)
        if (!strcmp(*list, w))
            return true;
    return false;
}

/* Whether w fits a positional argument of kind (and so is no room). */
static bool fits_kind(const char *kind, const char *w)
{
    if (!strcmp(kind, "field=value"))
        return strchr(w, '=') != NULL;
    if (!strcmp(kind, "affiliation"))
        return in_list(w, affiliations);
    if (!strcmp(kind, "role"))
        return in_list(w, roles);
    if (strchr(kind, '|')) {
        size_t len = strlen(w);
        for (const char *k = kind; *k; k += strcspn(k, "|"), k += !!*k)
            if (strcspn(k, "|") == len && !strncmp(k, w, len))
                return true;
    }
    return false;
}

static const char *arg_kind(const struct cmd *cmd, int k)
{
    int last = 0;

    if (!cmd->arg_kinds || !cmd->arg_kinds[0])
        return NULL;
    while (cmd->arg_kinds[last + 1])
        last++;
    if (cmd->max_args >= 0 && k >= cmd->max_args)
        return NULL;
    return cmd->arg_kinds[k <= last ? k : last];
}

static bool first_fits_second(const struct cmdline *cl)
{
    const char *kind = arg_kind(cl->cmd, 1);

    return cl->npos > 0 && kind && fits_kind(kind, cl->pos[0]);
}

bool cmdline_room_omitted(const struct cmdline *cl)
{
    if (!cl->cmd || !(cl->cmd->flags & CMD_ROOM))
        return false;
    return cl->npos < cl->cmd->min_args || first_fits_second(cl);
}

static void enumeration(struct completions *c, const char *cur,
                        const char *kind)
{
    char *copy = strdup(kind), *save = NULL;

    for (char *t = copy ? strtok_r(copy, "|", &save) : NULL; t;
         t = strtok_r(NULL, "|", &save))
        completions_add(c, cur, t, NULL);
    free(copy);
}

static void commands(struct completions *c, const char *cur)
{
    for (const struct cmd *cmd = cmd_table; cmd->name; cmd++) {
        if (cmd->flags & CMD_HIDDEN)
            continue;
        completions_add(c, cur, cmd->name, cmd->summary);
        for (const char *const *al = cmd->aliases; al && *al; al++)
            completions_add(c, cur, *al, cmd->summary);
    }
}

static void options(struct completions *c, const char *cur,
                    const struct cmd *cmd)
{
    for (int pass = 0; pass < 2; pass++) {
        const struct cmd_opt *o = pass ? global_opts : (cmd ? cmd->opts : 0);
        for (; o && o->name; o++)
            add3(c, cur, "--", o->name, "", o->help);
    }
}

/* A var for field_names(), unless FORM_TYPE or not to be set. */
static const char *settable_var(const mucadmin_form_t *form, size_t i)
{
    const char *var = mucadmin_form_field_var(form, i);
    mucadmin_field_type_t t = mucadmin_form_field_type(form, i);

    if (!var || !strcmp(var, "FORM_TYPE") || t == MUCADMIN_FIELD_FIXED ||
        t == MUCADMIN_FIELD_HIDDEN)
        return NULL;
    return var;
}

/* NAME= for the room's own fields: each by its alias, or by its var when
 * it has none or when no alias fits the word (muc#...); without the form
 * (offline, or a room to create) every alias. */
static void field_names(struct completions *c, const char *cur,
                        const mucadmin_form_t *form)
{
    size_t n = c->n;

    for (size_t i = 0; !form && mucadmin_field_alias_name(i); i++)
        add3(c, cur, "", mucadmin_field_alias_name(i), "=", NULL);
    for (int pass = 0; form && pass < 2; pass++) {
        if (pass == 1 && (!cur[0] || c->n > n))
            break;
        for (size_t i = 0; i < mucadmin_form_field_count(form); i++) {
            const char *var = settable_var(form, i);
            const char *alias = var ? mucadmin_field_alias_of(var) : NULL;
            if (alias && mucadmin_form_resolve(form, alias) != var)
                alias = NULL;
            if (var && (pass == 0 || alias))
                add3(c, cur, "", pass == 0 && alias ? alias : var, "=",
                     mucadmin_form_field_label(form, i));
        }
    }
}

/* NAME= (field_names); VALUE after NAME=. */
static void fields(struct completions *c, const char *cur,
                   const mucadmin_form_t *form)
{
    const char *eq = strchr(cur, '=');

    if (!eq) {
        field_names(c, cur, form);
        return;
    }
    if (!form)
        return;
    char *name = strndup(cur, (size_t)(eq - cur));
    const char *var = name ? mucadmin_form_resolve(form, name) : NULL;
    int i = var ? mucadmin_form_find(form, var) : -1;
    if (i >= 0 &&
        mucadmin_form_field_type(form, (size_t)i) == MUCADMIN_FIELD_BOOLEAN) {
        for (const char *const *b = booleans; *b; b++)
            add3(c, cur, name, "=", *b, NULL);
    }
    for (size_t j = 0;
         i >= 0 && j < mucadmin_form_field_option_count(form, (size_t)i); j++)
        add3(c, cur, name, "=",
             mucadmin_form_field_option_value(form, (size_t)i, j),
             mucadmin_form_field_option_label(form, (size_t)i, j));
    free(name);
}

/* Files and directories (with '/', no space after) starting with cur. */
static void files(struct completions *c, const char *cur)
{
    const char *slash = strrchr(cur, '/');
    char *dir = slash ? strndup(cur, (size_t)(slash - cur + 1)) : strdup("");
    DIR *d = dir ? opendir(dir[0] ? dir : ".") : NULL;
    struct dirent *e;
    struct stat st;
    char *path;

    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.' && (!slash ? cur[0] != '.' : slash[1] != '.'))
            continue;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (asprintf(&path, "%s%s", dir, e->d_name) < 0)
            break;
        bool is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
        add3(c, cur, "", path, is_dir ? "/" : "", NULL);
        free(path);
    }
    if (d)
        closedir(d);
    free(dir);
}

/* The affiliation list each list command shows. */
static const struct {
    const char *cmd;
    mucadmin_affiliation_t aff;
} list_cmds[] = {
    { "owners", MUCADMIN_AFF_OWNER },
    { "admins", MUCADMIN_AFF_ADMIN },
    { "members", MUCADMIN_AFF_MEMBER },
    { "outcasts", MUCADMIN_AFF_OUTCAST },
};

#define N_LISTS (sizeof(list_cmds) / sizeof(list_cmds[0]))

/* JIDs for a jid argument: from an affiliation list when one fits. */
static void jids(struct completions *c, const char *cur,
                 const struct cmdline *cl, struct srv_ctx *sc)
{
    const char *name = cl->cmd->name;

    for (size_t i = 0; i < N_LISTS; i++) {
        /* affiliation: any list; members... remove: that list. */
        if (!strcmp(name, "affiliation") ||
            (sc->remove && !strcmp(name, list_cmds[i].cmd)))
            srv_add_affiliates(sc, c, cur, list_cmds[i].aff);
    }
    if (!strcmp(name, "unban"))
        srv_add_affiliates(sc, c, cur, MUCADMIN_AFF_OUTCAST);
}

/* FIELD= of an ad-hoc command's first stage (none without its form,
 * not the room configuration's names). */
static void command_fields(struct completions *c, const char *cur,
                           struct srv_ctx *sc, const struct cmdline *cl)
{
    const mucadmin_form_t *form = srv_command_form(sc, cl->pos[0], cl->pos[1]);

    if (form)
        fields(c, cur, form);
}

static void kind_candidates(struct completions *c, const char *cur,
                            const struct cmdline *cl, int k, struct srv_ctx *sc)
{
    const char *kind = arg_kind(cl->cmd, k);

    if (!kind)
        return;
    if (!strcmp(kind, "command"))
        commands(c, cur);
    else if (!strcmp(kind, "room"))
        srv_add_rooms(sc, c, cur);
    else if (!strcmp(kind, "nick"))
        srv_add_nicks(sc, c, cur);
    else if (!strcmp(kind, "jid"))
        jids(c, cur, cl, sc);
    else if (!strcmp(kind, "node") && cl->npos > 0)
        srv_add_command_nodes(sc, c, cur, cl->pos[0]);
    else if (!strcmp(kind, "field=value")) {
        if (!strcmp(cl->cmd->name, "config") ||
            !strcmp(cl->cmd->name, "create"))
            fields(c, cur, srv_form(sc));
        else if (!strcmp(cl->cmd->name, "command") && cl->npos > 1)
            command_fields(c, cur, sc, cl);
    } else if (!strcmp(kind, "file"))
        files(c, cur);
    else if (!strcmp(kind, "affiliation"))
        add_all(c, cur, affiliations);
    else if (!strcmp(kind, "role"))
        add_all(c, cur, roles);
    else if (strchr(kind, '|'))
        enumeration(c, cur, kind);
}

/* Candidates for a positional argument of a known command. */
static void positional(struct cli *cli, struct completions *c, const char *cur,
                       const struct cmdline *cl, struct srv_ctx *sc)
{
    int k = cl->npos;
    bool omitted = (cl->cmd->flags & CMD_ROOM) && cli->room &&
                   first_fits_second(cl);

    sc->room_arg = cl->npos > 0 && !omitted ? cl->pos[0] : cli->room;
    if (omitted)
        k++;
    for (int i = omitted ? 0 : 1; i < cl->npos; i++)
        if (!strcmp(cl->pos[i], "remove"))
            sc->remove = true;
    kind_candidates(c, cur, cl, k, sc);
    /* With a current room, the first word may be the room or what
     * follows it. */
    if (k == 0 && (cl->cmd->flags & CMD_ROOM) && cli->room)
        kind_candidates(c, cur, cl, 1, sc);
}

void complete_words(struct cli *cli, int n, char **words, int server,
                    struct completions *out)
{
    const char *cur = n > 0 ? words[n - 1] : "";
    struct cmdline cl;
    struct srv_ctx sc = {
        .cli = cli, .server = server, .n = n - 1, .words = words
    };

    memset(out, 0, sizeof(*out));
    cmdline_scan(n > 0 ? n - 1 : 0, words, &cl);
    if (n >= 2 && takes_next(cl.cmd, words[n - 2])) {
        const struct cmd_opt *o = word_opt(cl.cmd, words[n - 2]);
        if (o->values)
            add_all(out, cur, o->values);
        else if (!strcmp(o->name, "venue"))
            srv_add_rooms(&sc, out, cur);
    } else if (cur[0] == '-') {
        options(out, cur, cl.cmd);
    } else if (!cl.cmd && cl.cmd_at < 0) {
        commands(out, cur);
    } else if (cl.cmd) {
        positional(cli, out, cur, &cl, &sc);
    }
    srv_ctx_done(&sc);
    /* "FIELD=" and "dir/" are not finished words. */
    out->nospace = out->n > 0;
    for (size_t i = 0; i < out->n; i++) {
        size_t len = strlen(out->word[i]);
        if (!len || !strchr("=/", out->word[i][len - 1]))
            out->nospace = false;
    }
}
