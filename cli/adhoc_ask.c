/* SPDX-License-Identifier: MIT */
/*
 * adhoc_ask.c - an ad-hoc command's stage as a dialogue in the interactive
 * shell: the stage's notes and form shown, then each field not given on
 * the command line asked for (Tab offers a list's options or a boolean's
 * words), every answer checked here so that a bad one is asked again
 * rather than sent.  Everything shown comes from the server: it goes
 * through term_safe().
 */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adhoc_ask.h"
#include "output.h"
#include "shell.h"

#define SHOW_OPTIONS 20 /* options listed with a field; Tab offers all */
#define SHOW_VALUE 60   /* characters of a current value in a prompt */

static const char *const booleans[] = { "true", "false", NULL };

static void safe_puts(const char *pre, const char *s, const char *post)
{
    char *t = term_safe(s ? s : "", true);

    printf("%s%s%s", pre, t ? t : "", post);
    free(t);
}

static bool is_multi(mucadmin_field_type_t t)
{
    return t == MUCADMIN_FIELD_JID_MULTI || t == MUCADMIN_FIELD_LIST_MULTI ||
           t == MUCADMIN_FIELD_TEXT_MULTI;
}

/* The field's values as one line: booleans as true/false, a private
 * value hidden, several joined by blanks; malloc'd, NULL when none. */
static char *current(const mucadmin_form_t *f, size_t i)
{
    size_t n = mucadmin_form_field_value_count(f, i), len = 0;
    mucadmin_field_type_t t = mucadmin_form_field_type(f, i);
    char *s = NULL, *ns;

    if (!n)
        return NULL;
    if (t == MUCADMIN_FIELD_TEXT_PRIVATE)
        return strdup("********"); /* secrets stay off the screen */
    if (t == MUCADMIN_FIELD_BOOLEAN) {
        const char *v = mucadmin_form_field_value(f, i, 0);
        return strdup(!strcmp(v, "1") || !strcmp(v, "true") ? "true" : "false");
    }
    for (size_t j = 0; j < n; j++) {
        const char *v = mucadmin_form_field_value(f, i, j);
        size_t add = strlen(v);
        if (!(ns = realloc(s, len + add + 2))) {
            free(s);
            return NULL;
        }
        s = ns;
        if (len)
            s[len++] = ' ';
        memcpy(s + len, v, add + 1);
        len += add;
    }
    return s;
}

static void show_options(const mucadmin_form_t *f, size_t i)
{
    size_t n = mucadmin_form_field_option_count(f, i);

    for (size_t j = 0; j < n && j < SHOW_OPTIONS; j++) {
        const char *v = mucadmin_form_field_option_value(f, i, j);
        const char *l = mucadmin_form_field_option_label(f, i, j);
        safe_puts(j ? ", " : "      options: ", v, "");
        if (l && strcmp(l, v))
            safe_puts(" (", l, ")");
    }
    if (n > SHOW_OPTIONS)
        printf(", and %zu more (Tab lists them)", n - SHOW_OPTIONS);
    if (n)
        putchar('\n');
}

/* "  VAR: LABEL (TYPE, required; how to answer) = CURRENT", its
 * description and options; a fixed field's text alone. */
static void show_field(const mucadmin_form_t *f, size_t i, bool given)
{
    mucadmin_field_type_t t = mucadmin_form_field_type(f, i);
    const char *label = mucadmin_form_field_label(f, i);
    const char *desc = mucadmin_form_field_desc(f, i);
    char *cur;

    if (t == MUCADMIN_FIELD_FIXED) {
        for (size_t j = 0; j < mucadmin_form_field_value_count(f, i); j++)
            safe_puts("  ", mucadmin_form_field_value(f, i, j), "\n");
        return;
    }
    safe_puts("  ", mucadmin_form_field_var(f, i), ":");
    if (label)
        safe_puts(" ", label, "");
    printf(" (%s%s%s)", mucadmin_field_type_name(t),
           mucadmin_form_field_required(f, i) ? ", required" : "",
           t == MUCADMIN_FIELD_TEXT_MULTI ? "; a line a value, an empty "
                                            "line ends"
           : is_multi(t)                  ? "; values separated by blanks"
                                          : "");
    if ((cur = current(f, i)))
        safe_puts(" = ", cur, given ? " (given)" : "");
    putchar('\n');
    free(cur);
    if (desc)
        safe_puts("      ", desc, "\n");
    show_options(f, i);
}

static void show_stage(const mucadmin_adhoc_t *c, const mucadmin_form_t *f,
                       const bool *given)
{
    const char *title = mucadmin_form_title(f), *ins;

    for (size_t i = 0; i < mucadmin_adhoc_note_count(c); i++) {
        const char *type = mucadmin_adhoc_note_type(c, i);
        printf("%s: ", type ? type : "info");
        safe_puts("", mucadmin_adhoc_note_text(c, i), "\n");
    }
    if (title)
        safe_puts("", title, "\n");
    if ((ins = mucadmin_form_instructions(f)))
        safe_puts("", ins, "\n");
    for (size_t i = 0; i < mucadmin_form_field_count(f); i++)
        if (mucadmin_form_field_type(f, i) != MUCADMIN_FIELD_HIDDEN &&
            (mucadmin_form_field_var(f, i) ||
             mucadmin_form_field_type(f, i) == MUCADMIN_FIELD_FIXED))
            show_field(f, i, given[i]);
    fflush(stdout);
}

/* The words Tab offers for field i (owned by the form, or static);
 * *list is the array to free. */
static const char *const *choices(const mucadmin_form_t *f, size_t i,
                                  const char ***list)
{
    size_t n = mucadmin_form_field_option_count(f, i);

    *list = NULL;
    if (mucadmin_form_field_type(f, i) == MUCADMIN_FIELD_BOOLEAN)
        return booleans;
    if (!n || !(*list = calloc(n + 1, sizeof(**list))))
        return NULL;
    for (size_t j = 0; j < n; j++)
        (*list)[j] = mucadmin_form_field_option_value(f, i, j);
    return *list;
}

static bool blank(const char *s)
{
    return s[strspn(s, " \t")] == '\0';
}

static bool is_cancel(const char *s)
{
    size_t lead = strspn(s, " \t"), len = strcspn(s + lead, " \t");

    return len == 6 && !strncmp(s + lead, "cancel", 6) && blank(s + lead + len);
}

/* A multi field's answer: the line's words (quoted as the shell's),
 * joined by '\n'; NULL with *why on an open quote. */
static char *words_value(const char *line, const char **why)
{
    int n;
    char **w, q, *v = NULL;
    size_t len = 0;

    *why = NULL;
    if (shell_split(line, &n, &w, &q) == -2)
        return NULL;
    if (q) {
        *why = "an open quote";
        shell_words_free(n, w);
        return NULL;
    }
    for (int k = 0; k < n; k++)
        len += strlen(w[k]) + 1;
    if ((v = calloc(1, len + 1)))
        for (int k = 0; k < n; k++) {
            if (k)
                strcat(v, "\n");
            strcat(v, w[k]);
        }
    shell_words_free(n, w);
    return v;
}

enum { ANSWERED, KEPT, CANCELLED, AGAIN, NOMEM };

/* A text-multi field's further lines, up to an empty one, after *v. */
static int more_lines(char **v)
{
    char *line, *nv;

    for (;;) {
        if (shell_ask("  ...> ", NULL, false, false, &line))
            return CANCELLED;
        if (!line[0]) {
            free(line);
            return ANSWERED;
        }
        if (is_cancel(line)) {
            free(line);
            return CANCELLED;
        }
        if (asprintf(&nv, "%s\n%s", *v, line) < 0)
            nv = NULL;
        free(line);
        if (!nv)
            return NOMEM;
        free(*v);
        *v = nv;
    }
}

/* Ask field i once. */
static int ask_one(struct cli *cli, const char *jid, mucadmin_form_t *f,
                   size_t i)
{
    mucadmin_field_type_t t = mucadmin_form_field_type(f, i);
    const char *var = mucadmin_form_field_var(f, i), *why = NULL;
    char *safe = term_safe(var, true), *cur = current(f, i), *prompt = NULL;
    char *line = NULL, *v = NULL;
    const char **list, *const *offer = choices(f, i, &list);
    int rc = NOMEM;

    if (cur && strlen(cur) > SHOW_VALUE)
        strcpy(cur + SHOW_VALUE - 3, "...");
    if (cur) {
        char *c = term_safe(cur, true);
        free(cur);
        cur = c;
    }
    if (!safe || asprintf(&prompt, "%s%s%s%s> ", safe, cur ? " [" : "",
                          cur ? cur : "", cur ? "]" : "") < 0)
        goto out;
    if (shell_ask(prompt, offer, is_multi(t) && t != MUCADMIN_FIELD_TEXT_MULTI,
                  t == MUCADMIN_FIELD_TEXT_PRIVATE, &line)) {
        rc = CANCELLED;
    } else if (is_cancel(line)) {
        rc = CANCELLED;
    } else if (blank(line)) {
        rc = KEPT;
    } else if (t == MUCADMIN_FIELD_JID_MULTI ||
               t == MUCADMIN_FIELD_LIST_MULTI) {
        if (!(v = words_value(line, &why)))
            rc = why ? AGAIN : NOMEM;
    } else if (!(v = strdup(line))) {
        rc = NOMEM;
    } else if (t == MUCADMIN_FIELD_TEXT_MULTI) {
        rc = more_lines(&v);
        if (rc != ANSWERED) {
            free(v);
            v = NULL;
        }
    }
    if (v) {
        rc = ANSWERED;
        if (mucadmin_form_set(f, var, v, &why) != MUCADMIN_OK)
            rc = why ? AGAIN : NOMEM;
    }
    if (rc == AGAIN)
        cli_error(cli, 0, jid, "bad-value", "%s: %s", safe,
                  why ? why : "not a value");
out:
    free(list);
    free(line);
    free(v);
    free(prompt);
    free(cur);
    free(safe);
    return rc;
}

int adhoc_ask(struct cli *cli, const char *jid, const mucadmin_adhoc_t *cmd,
              mucadmin_form_t *form, const bool *given)
{
    show_stage(cmd, form, given);
    for (size_t i = 0; i < mucadmin_form_field_count(form); i++) {
        mucadmin_field_type_t t = mucadmin_form_field_type(form, i);
        int rc;

        if (given[i] || !mucadmin_form_field_var(form, i) ||
            t == MUCADMIN_FIELD_FIXED || t == MUCADMIN_FIELD_HIDDEN)
            continue;
        do {
            rc = ask_one(cli, jid, form, i);
            if (rc == KEPT && mucadmin_form_field_required(form, i) &&
                !mucadmin_form_field_value_count(form, i)) {
                char *safe = term_safe(mucadmin_form_field_var(form, i), true);
                cli_error(cli, 0, jid, "required",
                          "%s needs a value ('cancel' cancels the command)",
                          safe ? safe : "the field");
                free(safe);
                rc = AGAIN;
            }
        } while (rc == AGAIN);
        if (rc == CANCELLED)
            return ADHOC_CANCELLED;
        if (rc == NOMEM)
            return cli_error(cli, EXIT_CONFIG, NULL, NULL, "out of memory");
    }
    return EXIT_OK;
}
