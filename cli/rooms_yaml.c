/* SPDX-License-Identifier: MIT */
/*
 * rooms_yaml.c - small helpers over libyaml's document API for the rooms
 * loader: errors at FILE:LINE:COLUMN, scalars and nulls, and the pairs of
 * a mapping with "<<" merge keys applied (libyaml leaves them to us).
 */
#define _GNU_SOURCE /* vasprintf */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rooms_yaml.h"

int ry_fail(struct ld *l, const yaml_node_t *n, const char *fmt, ...)
{
    char *msg = NULL;
    va_list ap;
    int r;

    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    if (n)
        r = asprintf(&l->err, "%s:%lu:%lu: %s", l->path,
                     (unsigned long)n->start_mark.line + 1,
                     (unsigned long)n->start_mark.column + 1,
                     msg ? msg : "out of memory");
    else
        r = asprintf(&l->err, "%s: %s", l->path, msg ? msg : "out of memory");
    if (r < 0)
        l->err = NULL;
    free(msg);
    return -1;
}

const char *ry_kind(const yaml_node_t *n)
{
    return n->type == YAML_MAPPING_NODE    ? "a mapping"
           : n->type == YAML_SEQUENCE_NODE ? "a list"
                                           : "a string";
}

const char *ry_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value
                                            : NULL;
}

/* A plain ~, null or nothing is YAML's null. */
bool ry_is_null(const yaml_node_t *n)
{
    const char *s = ry_scalar(n);
    return s && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
           (!*s || !strcmp(s, "~") || !strcmp(s, "null"));
}

yaml_node_t *ry_node(struct ld *l, int id)
{
    return yaml_document_get_node(l->doc, id);
}

static bool seen(const struct kv *kv, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ry_scalar(kv[i].k), key))
            return true;
    return false;
}

static int push(struct ld *l, struct kv **kv, size_t *n, yaml_node_t *k,
                yaml_node_t *v)
{
    struct kv *p = realloc(*kv, (*n + 1) * sizeof(**kv));
    if (!p)
        return ry_fail(l, NULL, "out of memory");
    *kv = p;
    p[(*n)++] = (struct kv){ k, v };
    return 0;
}

static int collect(struct ld *l, yaml_node_t *m, struct kv **kv, size_t *n,
                   int depth, bool merged);

/* "<<: *a" or "<<: [*a, *b]": keys not given yet, the first source wins. */
static int merge(struct ld *l, yaml_node_t *v, struct kv **kv, size_t *n,
                 int depth)
{
    if (v->type == YAML_MAPPING_NODE)
        return collect(l, v, kv, n, depth + 1, true);
    if (v->type != YAML_SEQUENCE_NODE)
        return ry_fail(l, v,
                       "'<<' merges a mapping or a list of mappings, not %s",
                       ry_kind(v));
    for (yaml_node_item_t *i = v->data.sequence.items.start;
         i < v->data.sequence.items.top; i++) {
        yaml_node_t *src = ry_node(l, *i);
        if (src->type != YAML_MAPPING_NODE)
            return ry_fail(l, src, "'<<' merges mappings, not %s",
                           ry_kind(src));
        if (collect(l, src, kv, n, depth + 1, true) < 0)
            return -1;
    }
    return 0;
}

/* The pairs of mapping m with merge keys applied; a key given twice in
 * one mapping is an error, a merged one is overridden. */
static int collect(struct ld *l, yaml_node_t *m, struct kv **kv, size_t *n,
                   int depth, bool merged)
{
    size_t own = *n;

    if (depth > 32)
        return ry_fail(l, m, "merge keys nested too deep (a cycle?)");
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
         p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = ry_node(l, p->key), *v = ry_node(l, p->value);
        const char *key = ry_scalar(k);
        if (!key)
            return ry_fail(l, k, "a key must be a string, not %s", ry_kind(k));
        if (!strcmp(key, "<<"))
            continue;
        if (*n > own && seen(*kv + own, *n - own, key) && !merged)
            return ry_fail(l, k, "duplicate key '%s'", key);
        if (!seen(*kv, *n, key) && push(l, kv, n, k, v) < 0)
            return -1;
    }
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
         p < m->data.mapping.pairs.top; p++)
        if (!strcmp(ry_scalar(ry_node(l, p->key)) ?: "", "<<") &&
            merge(l, ry_node(l, p->value), kv, n, depth) < 0)
            return -1;
    return 0;
}

int ry_pairs(struct ld *l, yaml_node_t *m, const char *what, struct kv **kv,
             size_t *n)
{
    *kv = NULL;
    *n = 0;
    if (m->type != YAML_MAPPING_NODE)
        return ry_fail(l, m, "%s must be a mapping, not %s", what, ry_kind(m));
    if (collect(l, m, kv, n, 0, false) < 0) {
        free(*kv);
        *kv = NULL;
        return -1;
    }
    return 0;
}

/* A string value: scalars as written, null as "". */
int ry_string(struct ld *l, yaml_node_t *v, const char *what, char **out)
{
    const char *s = ry_scalar(v);

    if (!s)
        return ry_fail(l, v, "%s: expected a string, not %s", what, ry_kind(v));
    free(*out);
    *out = strdup(ry_is_null(v) ? "" : s);
    return *out ? 0 : ry_fail(l, NULL, "out of memory");
}
