/* SPDX-License-Identifier: MIT */
/* server-xnode.c - unit tests: xnode trees, parsing and serialising. */
#include <stdlib.h>
#include <string.h>

#include "../../cli/server/xnode.h"
#include "check.h"

/* Parse, serialise in jabber:client, compare. */
static int roundtrip(const char *in, const char *want)
{
    struct xnode *n = xnode_parse(in);
    char *out;
    int ok;

    if (!n)
        return 0;
    out = xnode_to_string(n, NS_CLIENT);
    ok = strcmp(out, want) == 0;
    if (!ok)
        printf("got:  %s\nwant: %s\n", out, want);
    free(out);
    xnode_free(n);
    return ok;
}

static void test_build(void)
{
    struct xnode *iq = xnode_new("iq", NULL), *q, *c;
    char *s;

    xnode_set_attr(iq, "type", "get");
    xnode_set_attr(iq, "id", "a'b\"c");
    q = xnode_add(iq, "query", NS_DISCO_INFO);
    c = xnode_add_text(q, "x", "1 < 2 & 3 > 0");
    CHECK(strcmp(c->ns, NS_DISCO_INFO) == 0, "child inherits ns");
    s = xnode_to_string(iq, NS_CLIENT);
    CHECK(strcmp(
              s,
              "<iq type='get' id='a&apos;b&quot;c'><query xmlns='" NS_DISCO_INFO
              "'><x>1 &lt; 2 &amp; 3 &gt; 0</x>"
              "</query></iq>") == 0,
          "serialise escapes");
    free(s);
    CHECK(xnode_child(iq, "query", NS_DISCO_INFO) == q, "child lookup");
    CHECK(xnode_child(iq, "query", NS_DISCO_ITEMS) == NULL, "child ns");
    xnode_set_attr(iq, "type", NULL);
    CHECK(xnode_attr(iq, "type") == NULL, "attr removed");
    CHECK(strcmp(xnode_attr(iq, "id"), "a'b\"c") == 0, "other attr kept");
    struct xnode *cp = xnode_copy(iq);
    xnode_unlink(q);
    CHECK(iq->children == NULL && iq->last == NULL, "unlink");
    CHECK(xnode_child(cp, "query", NULL) != NULL, "copy is deep");
    xnode_free(q);
    xnode_free(iq);
    xnode_free(cp);
}

static void test_parse(void)
{
    struct xnode *n;

    CHECK(roundtrip("<message to='a@b' type='chat'><body>x &amp; y</body>"
                    "</message>",
                    "<message to='a@b' type='chat'><body>x &amp; y</body>"
                    "</message>"),
          "simple round trip");
    CHECK(roundtrip("<presence xmlns='jabber:client'><x xmlns='" NS_MUC
                    "'/></presence>",
                    "<presence><x xmlns='" NS_MUC "'/></presence>"),
          "namespaces");
    CHECK(roundtrip("<p:iq xmlns:p='jabber:client' p:type='get'>"
                    "<p:q/></p:iq>",
                    "<iq p:type='get'><q/></iq>"),
          "prefixed elements resolve");
    CHECK(roundtrip("<body xml:lang='en'>&lt;&#x41;&gt;</body>",
                    "<body xml:lang='en'>&lt;A&gt;</body>"),
          "xml:lang");
    n = xnode_parse("<a><b xmlns='urn:x'><c/></b></a>");
    CHECK(n && strcmp(xnode_child(xnode_child(n, "b", "urn:x"), "c", NULL)->ns,
                      "urn:x") == 0,
          "default ns inherited");
    xnode_free(n);
    CHECK(xnode_parse("<a><b></a>") == NULL, "malformed refused");
    CHECK(xnode_parse("<a>") == NULL, "incomplete refused");
    CHECK(xnode_parse("<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>") == NULL,
          "DTD refused");
    CHECK(xnode_parse("<a><!-- c --></a>") == NULL, "comment refused");
}

/* A stanza serialised once gives, for every 'to', what serialising a
 * copy with that 'to' gives. */
static bool split_same(const char *xml, const char *to)
{
    struct xnode *n = xnode_parse(xml), *c = xnode_copy(n);
    struct xsplit x;
    char *want;
    bool same;

    xnode_set_attr(c, "to", to);
    want = xnode_to_string(c, NS_CLIENT);
    xsplit_init(&x, n, NS_CLIENT, "to");
    xsplit_with(&x, "someone@else/r"); /* the buffer is reused */
    same = !strcmp(xsplit_with(&x, to), want);
    if (!same)
        fprintf(stderr, "%s\n%s\n", x.out, want);
    xsplit_free(&x);
    free(want);
    xnode_free(n);
    xnode_free(c);
    return same;
}

static void test_split(void)
{
    CHECK(split_same("<message from='r@c/n' type='groupchat'><body>a &amp; "
                     "b</body></message>",
                     "u@h/r"),
          "to added last");
    CHECK(split_same("<message from='r@c/n' to='x@y' id='1'/>", "u@h/r"),
          "to replaced in place");
    CHECK(split_same("<presence from='r@c/n'><x xmlns='" NS_MUC_USER "'>"
                     "<item jid='a@b/c'/></x></presence>",
                     "u'\"<&@h/r"),
          "the value escaped");
}

int main(void)
{
    test_build();
    test_parse();
    test_split();
    return check_done();
}
