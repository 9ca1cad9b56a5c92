/* SPDX-License-Identifier: MIT */
/* server-stream.c - unit tests: the incremental stream parser. */
#include <stdlib.h>
#include <string.h>

#include "../../cli/server/xparse.h"
#include "check.h"

#define HEADER                                                                 \
    "<stream:stream to='localhost' xmlns='jabber:client' "                     \
    "xmlns:stream='http://etherx.jabber.org/streams' "                         \
    "xml:lang='en' version='1.0'>"

struct seen {
    int opens, stanzas, closes;
    char last[64];
    char lang[8];
};

static void on_open(void *ud, struct xnode *h)
{
    struct seen *s = ud;
    const char *lang = xnode_attr(h, "xml:lang");

    s->opens++;
    snprintf(s->lang, sizeof(s->lang), "%s", lang ? lang : "");
    xnode_free(h);
}

static void on_stanza(void *ud, struct xnode *st)
{
    struct seen *s = ud;

    s->stanzas++;
    snprintf(s->last, sizeof(s->last), "%s/%s", st->name, st->ns);
    xnode_free(st);
}

static void on_close(void *ud)
{
    ((struct seen *)ud)->closes++;
}

static const struct xparse_cbs cbs = { on_open, on_stanza, on_close };

/* Feed text whole, then byte by byte; both must give the same result. */
static const char *run(const char *text, size_t max, struct seen *s)
{
    static char err[2][64];
    for (int mode = 0; mode < 2; mode++) {
        struct xparse *p = xparse_new(true, max, &cbs, &s[mode]);
        bool ok = true;

        memset(&s[mode], 0, sizeof(s[mode]));
        if (mode == 0)
            ok = xparse_feed(p, text, strlen(text), false);
        for (size_t i = 0; mode == 1 && ok && text[i]; i++)
            ok = xparse_feed(p, text + i, 1, false);
        snprintf(err[mode], sizeof(err[mode]), "%s", ok ? "" : xparse_error(p));
        xparse_free(p);
    }
    if (strcmp(err[0], err[1]) != 0 || s[0].stanzas != s[1].stanzas)
        return "chunking changes the result";
    return err[0];
}

/* Feed pieces one after the other; idle[i]: the parser is freed after
 * piece i.  Returns the error or "". */
static const char *pieces(const char *const *text, bool *idle, struct seen *s)
{
    static char err[64];
    struct xparse *p = xparse_new(true, 1000, &cbs, s);
    bool ok = true;

    memset(s, 0, sizeof(*s));
    for (size_t i = 0; ok && text[i]; i++) {
        ok = xparse_feed(p, text[i], strlen(text[i]), false);
        idle[i] = xparse_idle(p);
    }
    snprintf(err, sizeof(err), "%s", ok ? "" : xparse_error(p));
    xparse_free(p);
    return err;
}

int main(void)
{
    struct seen s[2];

    CHECK(!*run(HEADER "<message><body>a</body></message>"
                       "<iq type='get' id='1'/> </stream:stream>",
                1000, s) &&
              s[0].opens == 1 && s[0].stanzas == 2 && s[0].closes == 1 &&
              !strcmp(s[0].last, "iq/jabber:client") &&
              !strcmp(s[0].lang, "en"),
          "stream with two stanzas");
    CHECK(!*run(HEADER "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>", 1000,
                s) &&
              !strcmp(s[0].last, "auth/urn:ietf:params:xml:ns:xmpp-sasl"),
          "negotiation element keeps its namespace");
    CHECK(!strcmp(run(HEADER "<message><body>a</message>", 1000, s),
                  "not-well-formed"),
          "mismatched tag");
    CHECK(!strcmp(run("<!DOCTYPE s>" HEADER, 1000, s), "restricted-xml"),
          "DTD refused");
    CHECK(!strcmp(run(HEADER "<message><?pi x?></message>", 1000, s),
                  "restricted-xml"),
          "processing instruction refused");
    CHECK(!strcmp(run(HEADER "<message><!-- c --></message>", 1000, s),
                  "restricted-xml"),
          "comment refused");
    CHECK(!strcmp(run("<stream:stream xmlns='jabber:server' xmlns:stream="
                      "'http://etherx.jabber.org/streams'>",
                      1000, s),
                  "invalid-namespace"),
          "jabber:server refused");
    CHECK(!strcmp(run("<stream xmlns='jabber:client'>", 1000, s),
                  "invalid-namespace"),
          "no streams namespace");

    /* The parser goes between stanzas and comes back with the header's
     * prefixes and namespaces, which the stanzas after it use. */
    const char *const resume[] = {
        "<s:stream xmlns:s='http://etherx.jabber.org/streams' "
        "xmlns='jabber:client' xmlns:x='urn:example:x&amp;y'>",
        "<message><body>a</body></message>\n",
        "<x:ping/><iq",
        " type='get' id='1'/>",
        "<message><bo",
        "dy>b</body></message>",
        "</s:stream>",
        NULL
    };
    bool idle[8];
    CHECK(!*pieces(resume, idle, s) && s[0].opens == 1 && s[0].stanzas == 4 &&
              s[0].closes == 1 && !strcmp(s[0].last, "message/jabber:client"),
          "stream resumed between stanzas");
    CHECK(idle[0] && idle[1] && !idle[2] && idle[3] && !idle[4] && idle[5],
          "parser freed only when nothing is pending");
    const char *const declared[] = { resume[0], "<x:ping/>", NULL };
    CHECK(!*pieces(declared, idle, s) && idle[0] && idle[1] &&
              !strcmp(s[0].last, "ping/urn:example:x&y"),
          "the header's namespaces after a resume");
    const char *const prefixed[] = { HEADER,
                                     "<x:ping xmlns:x='urn:example:x'/>",
                                     "<x:ping/>", NULL };
    CHECK(!strcmp(pieces(prefixed, idle, s), "not-well-formed") &&
              s[0].stanzas == 1,
          "a stanza's own prefix ends with it");
    const char *const late[] = { HEADER, "<message><body>", NULL };
    CHECK(!*pieces(late, idle, s) && idle[0] && !idle[1],
          "a stanza in progress keeps its parser");

    char big[3000];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    char *text = malloc(strlen(HEADER) + sizeof(big) + 64);
    sprintf(text, HEADER "<message><body>%s</body></message>", big);
    CHECK(!strcmp(run(text, 1000, s), "policy-violation") && s[0].stanzas == 0,
          "stanza over the limit");
    CHECK(!*run(text, 4000, s) && s[0].stanzas == 1, "stanza under limit");
    sprintf(text, HEADER "<message a='%s", big);
    CHECK(!strcmp(run(text, 1000, s), "policy-violation"),
          "unfinished start tag over the limit");
    free(text);
    return check_done();
}
