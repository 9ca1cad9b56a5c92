/* SPDX-License-Identifier: MIT */
/* server-jid.c - unit tests: JID splitting and preparation. */
#include <stdlib.h>
#include <string.h>

#include "../../cli/server/jid.h"
#include "check.h"

static int prep_is(const char *in, const char *want)
{
    char *out = jid_prep(in);
    int ok = want ? out && strcmp(out, want) == 0 : out == NULL;

    if (!ok)
        printf("jid_prep(%s) = %s, want %s\n", in, out ? out : "NULL",
               want ? want : "NULL");
    free(out);
    return ok;
}

static int rp_is(const char *in, bool strict, const char *want)
{
    char *out = jid_resourceprep(in, strict);
    int ok = want ? out && strcmp(out, want) == 0 : out == NULL;

    free(out);
    return ok;
}

int main(void)
{
    char *l, *d, *r;

    CHECK(jid_split("romeo@localhost/mK0dD6Ha", &l, &d, &r) &&
          !strcmp(l, "romeo") && !strcmp(d, "localhost") &&
          !strcmp(r, "mK0dD6Ha"), "split full");
    free(l), free(d), free(r);
    CHECK(jid_split("room@conf/nick/with@at", &l, &d, &r) &&
          !strcmp(r, "nick/with@at") && !strcmp(l, "room"),
          "resource keeps / and @");
    free(l), free(d), free(r);
    CHECK(jid_split("localhost", &l, &d, &r) && !l && !r, "domain only");
    free(l), free(d), free(r);
    CHECK(!jid_split("@localhost", &l, &d, &r), "empty local");
    CHECK(!jid_split("a@localhost/", &l, &d, &r), "empty resource");
    CHECK(!jid_split("a@/r", &l, &d, &r), "empty domain");

    CHECK(prep_is("Romeo@LocalHost/Res", "romeo@localhost/Res"),
          "case folding of local and domain, not resource");
    CHECK(prep_is("localhost.", "localhost"), "trailing dot");
    CHECK(prep_is("a b@localhost", NULL), "space refused in local");
    CHECK(prep_is("a'b@localhost", NULL), "quote refused in local");
    CHECK(prep_is("x@a..b", NULL), "empty label");
    CHECK(prep_is("x@a b", NULL), "space refused in domain");
    CHECK(prep_is("x@a_b.example", NULL), "STD3 rules on the domain");
    CHECK(prep_is("\xc3\x84@localhost", "\xc3\xa4@localhost"),
          "non-ASCII lowercased");

    CHECK(rp_is("nick", true, "nick"), "plain nick");
    CHECK(rp_is("\xe2\x98\x83\xef\xb8\x8f", true, "\xe2\x98\x83"),
          "U+FE0F removed");
    CHECK(rp_is("\xf0\x9f\xa4\x96", true, NULL),
          "strict refuses U+1F916");
    CHECK(rp_is("\xf0\x9f\xa4\x96", false, "\xf0\x9f\xa4\x96"),
          "lax accepts U+1F916");
    CHECK(rp_is("", false, NULL), "empty refused");

    char *b = jid_bare("a@b/c");
    CHECK(!strcmp(b, "a@b"), "bare");
    free(b);
    CHECK(!strcmp(jid_resource("a@b/c/d"), "c/d"), "resource");
    CHECK(jid_resource("a@b") == NULL, "no resource");
    CHECK(jid_bare_eq("A@B/x", "a@b/y"), "bare eq");
    CHECK(!jid_bare_eq("a@b", "a@c"), "bare ne");
    return check_done();
}
