/* SPDX-License-Identifier: MIT */
/*
 * rooms_yaml.h - the rooms loader's helpers over libyaml's document API
 * (internal to rooms_load.c and rooms_yaml.c).
 */
#ifndef MUCADMIN_CLI_ROOMS_YAML_H
#define MUCADMIN_CLI_ROOMS_YAML_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

struct ld {
    yaml_document_t *doc;
    const char *path;
    char *err;
};

struct kv {
    yaml_node_t *k, *v;
};

/* Set l->err to "FILE:LINE:COLUMN: message" (n's start) or "FILE: message"
 * (n NULL); returns -1. */
int ry_fail(struct ld *l, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "a mapping", "a list" or "a string", for messages. */
const char *ry_kind(const yaml_node_t *n);
/* A scalar's text, or NULL for another node. */
const char *ry_scalar(const yaml_node_t *n);
/* A plain ~, null or nothing. */
bool ry_is_null(const yaml_node_t *n);
yaml_node_t *ry_node(struct ld *l, int id);
/* The pairs of mapping m (what names it in errors) with merge keys
 * applied; *kv is malloc'd.  A key twice in one mapping is an error. */
int ry_pairs(struct ld *l, yaml_node_t *m, const char *what, struct kv **kv,
             size_t *n);
/* A string value (null as ""); *out replaced with a malloc'd copy. */
int ry_string(struct ld *l, yaml_node_t *v, const char *what, char **out);

#endif
