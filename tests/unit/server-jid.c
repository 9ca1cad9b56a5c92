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

/* jid_prep() (with its ASCII shortcut) and jid_prep_idn() agree. */
static int same_as_idn(const char *in)
{
    char *a = jid_prep(in), *b = jid_prep_idn(in);
    int ok = a ? b && strcmp(a, b) == 0 : b == NULL;

    if (!ok)
        printf("jid_prep(\"%s\") = %s, libidn: %s\n", in, a ? a : "NULL",
               b ? b : "NULL");
    if (ok && jid_prepared(in) && !(a && strcmp(a, in) == 0)) {
        printf("jid_prepared(\"%s\") but it prepares to %s\n", in,
               a ? a : "NULL");
        ok = 0;
    }
    free(a);
    free(b);
    return ok;
}

/* Random JIDs from characters the shortcut has rules for. */
static int fuzz_same_as_idn(unsigned n)
{
    static const char *const bits[] = {
        "a",        "Z",    "0",  "-",         ".",         "@",
        "/",        " ",    "\"", "&",         "'",         ":",
        "<",        ">",    "_",  "\x7f",      "\x01",      "\xc3\x84",
        "\xc3\xa9", "xn--", "~",  "localhost", "LocalHost", "example.org",
        "r",        ".."
    };
    unsigned seed = 12345;
    char buf[64];
    int ok = 1;

    for (unsigned i = 0; i < n && ok; i++) {
        size_t len = 0;
        unsigned parts;

        seed = seed * 1103515245 + 12345;
        parts = 1 + (seed >> 16) % 8;
        buf[0] = '\0';
        while (parts--) {
            seed = seed * 1103515245 + 12345;
            const char *b =
                bits[(seed >> 16) % (sizeof(bits) / sizeof(bits[0]))];
            if (len + strlen(b) >= sizeof(buf))
                break;
            strcpy(buf + len, b);
            len += strlen(b);
        }
        ok = same_as_idn(buf);
    }
    return ok;
}

int main(void)
{
    char *l, *d, *r;

    CHECK(jid_split("romeo@localhost/mK0dD6Ha", &l, &d, &r) &&
              !strcmp(l, "romeo") && !strcmp(d, "localhost") &&
              !strcmp(r, "mK0dD6Ha"),
          "split full");
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

    CHECK(same_as_idn("romeo@localhost/r") &&
              same_as_idn("Romeo@LocalHost/R e s") && same_as_idn("x@-a.b") &&
              same_as_idn("x@a-.b") && same_as_idn("x@a.b.") &&
              same_as_idn("x@a.-b") && same_as_idn("x@xn--nxasmq6b.example") &&
              same_as_idn("x@1.2.3.4") && same_as_idn("a~b@c/\x01") &&
              same_as_idn(
                  "x@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaa.b") &&
              same_as_idn(
                  "x@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaa.b") &&
              same_as_idn("\"@a") && same_as_idn("a@b/\x7f"),
          "ASCII shortcut: same as libidn, edge cases");
    CHECK(fuzz_same_as_idn(200000), "ASCII shortcut: same as libidn, fuzz");
    CHECK(jid_prepared("a@b/C") && !jid_prepared("A@b/c") &&
              !jid_prepared("a@b.") && !jid_prepared("\xc3\xa4@b"),
          "jid_prepared");

    CHECK(rp_is("nick", true, "nick"), "plain nick");
    CHECK(rp_is("\xe2\x98\x83\xef\xb8\x8f", true, "\xe2\x98\x83"),
          "U+FE0F removed");
    CHECK(rp_is("\xf0\x9f\xa4\x96", true, NULL), "strict refuses U+1F916");
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
