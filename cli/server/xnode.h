/* SPDX-License-Identifier: MIT */
/*
 * xnode.h - XML element trees for the mini server: what the stream parser
 * builds, what the MUC service reads and writes, what the router delivers.
 *
 * Every node carries its resolved namespace URI (ns, never NULL once parsed
 * or created with one).  Serialisation writes xmlns only where a node's
 * namespace differs from its parent's (for a stanza, from "jabber:client").
 */
#ifndef MUCSRV_XNODE_H
#define MUCSRV_XNODE_H

#include <stdbool.h>
#include <stddef.h>

#define NS_CLIENT "jabber:client"
#define NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"
#define NS_MUC "http://jabber.org/protocol/muc"
#define NS_MUC_USER "http://jabber.org/protocol/muc#user"
#define NS_MUC_ADMIN "http://jabber.org/protocol/muc#admin"
#define NS_MUC_OWNER "http://jabber.org/protocol/muc#owner"
#define NS_DISCO_INFO "http://jabber.org/protocol/disco#info"
#define NS_DISCO_ITEMS "http://jabber.org/protocol/disco#items"
#define NS_REGISTER "jabber:iq:register"
#define NS_XDATA "jabber:x:data"
#define NS_DELAY "urn:xmpp:delay"
#define NS_PING "urn:xmpp:ping"
#define NS_VERSION "jabber:iq:version"
#define NS_COMMANDS "http://jabber.org/protocol/commands"

struct xattr {
    char *name; /* qualified as written, e.g. "xml:lang" */
    char *value;
};

struct xnode {
    char *name; /* local name */
    char *ns;   /* namespace URI */
    struct xattr *attrs;
    size_t nattrs;
    char *text; /* concatenated character data, or NULL */
    struct xnode *parent;
    struct xnode *children; /* first child */
    struct xnode *last;     /* last child */
    struct xnode *next;     /* next sibling */
};

/* A new element; ns NULL means "the parent's" (resolved when appended; a
 * top-level node with ns NULL is in jabber:client).  Aborts on OOM: the
 * server is a test target and treats allocation failure as fatal. */
struct xnode *xnode_new(const char *name, const char *ns);
void xnode_free(struct xnode *n);                /* NULL is fine */
struct xnode *xnode_copy(const struct xnode *n); /* deep copy, no parent */

/* Append child (takes ownership); returns child. */
struct xnode *xnode_append(struct xnode *parent, struct xnode *child);
/* Create, append and return a child element. */
struct xnode *xnode_add(struct xnode *parent, const char *name, const char *ns);
/* Create a child with text: <name>text</name>; returns it. */
struct xnode *xnode_add_text(struct xnode *parent, const char *name,
                             const char *text);
/* Detach n from its parent (n keeps its subtree). */
void xnode_unlink(struct xnode *n);

/* Attributes: value NULL removes. */
void xnode_set_attr(struct xnode *n, const char *name, const char *value);
const char *xnode_attr(const struct xnode *n, const char *name);
void xnode_set_text(struct xnode *n, const char *text);
void xnode_append_text(struct xnode *n, const char *text, size_t len);
const char *xnode_text(const struct xnode *n); /* "" when none */

/* First child with this name and namespace; NULL name or ns matches any. */
struct xnode *xnode_child(const struct xnode *n, const char *name,
                          const char *ns);
/* Next sibling after c with this name and namespace (NULL = any). */
struct xnode *xnode_next(const struct xnode *c, const char *name,
                         const char *ns);

/* Serialise (malloc'd string, caller frees).  parent_ns is the namespace in
 * scope around n, e.g. NS_CLIENT for a stanza in a c2s stream. */
char *xnode_to_string(const struct xnode *n, const char *parent_ns);

/* One stanza for many recipients that differ in one attribute ('to'):
 * serialised once, then written out with each value in turn. */
struct xsplit {
    const char *attr; /* the attribute that varies */
    char *xml;        /* the stanza without it */
    size_t len, at;   /* its length; where attr goes */
    char *out;        /* the last xsplit_with() */
    size_t out_cap;
};

/* Serialise n (without its attribute attr, if it has one; the value
 * given later takes its place).  attr is not copied. */
void xsplit_init(struct xsplit *x, const struct xnode *n, const char *parent_ns,
                 const char *attr);
/* The stanza with attr='value' (escaped), valid until the next call. */
const char *xsplit_with(struct xsplit *x, const char *value);
void xsplit_free(struct xsplit *x);

/* Parse one complete element from a string (forms, tests, saved data);
 * NULL on malformed input.  Namespaces resolved; top level default
 * namespace jabber:client. */
struct xnode *xnode_parse(const char *xml);

#endif
