/* SPDX-License-Identifier: MIT */
/* xml.h - the runner's own XML tree, with every namespace resolved. */
#ifndef SCANSION_XML_H
#define SCANSION_XML_H

#include <stddef.h>

#define NS_CLIENT "jabber:client"
#define NS_XML "http://www.w3.org/XML/1998/namespace"
#define NS_SCANSION "https://matthewwild.co.uk/projects/scansion"

struct xattr {
    char *name; /* "lang" style local name, "xml:lang", "scansion:strict" */
    char *value;
};

/*
 * One element.  ns is always the resolved namespace (never NULL): the
 * namespace a child inherits is written into it, unlike libstrophe, which
 * only records an xmlns where it is declared.
 */
struct xnode {
    char *name;
    char *ns;
    struct xattr *attrs;
    size_t nattrs;
    char *text; /* this element's own character data, concatenated */
    size_t textlen;
    struct xnode **kids;
    size_t nkids;
};

struct xnode *xnode_new(const char *name, const char *ns);
void xnode_free(struct xnode *n);
int xnode_set_attr(struct xnode *n, const char *name, const char *value);
const char *xnode_attr(const struct xnode *n, const char *name);
int xnode_add_child(struct xnode *n, struct xnode *child);
int xnode_add_text(struct xnode *n, const char *s, size_t len);

/*
 * Parse one element written in a script.  The text is wrapped in an element
 * that declares jabber:client as default namespace and the scansion: prefix,
 * which scripts use without declaring it.  Exactly one root element is
 * allowed.  Returns NULL and fills err on error.
 */
struct xnode *xml_parse(const char *text, char *err, size_t errlen);

/* Serialise; xmlns is written where it differs from the parent's. */
char *xml_to_string(const struct xnode *n);

/* Trimmed copy of s (never NULL in, malloc'd out). */
char *xml_trim(const char *s, size_t len);

#endif
