/* SPDX-License-Identifier: MIT */
/* runner-script.c - the script grammar (spec §2) and variables (spec §3). */
#include <stdlib.h>
#include <string.h>

#include "../scansion/script.h"
#include "../scansion/vars.h"
#include "check.h"

static const char good[] = "# Title line\n"
                           "# more description\n"
                           "## status: stable\n"
                           "[Client] Romeo\n"
                           "\tjid: user@localhost\n"
                           "\tpassword: password\n"
                           "\n"
                           "// a comment in the definitions\n"
                           "[Client] Juliet's phone\n"
                           "\tpassword: pw\n"
                           "\tjid: user2@localhost/phone\n"
                           "\tconnect_host: 127.0.0.1\n"
                           "\tconnect_port: 5333\n"
                           "\n"
                           "---------\n"
                           "\n"
                           "Romeo connects\n"
                           "# a comment\n"
                           "-- another\n"
                           "--\n"
                           "Juliet's phone connects\n"
                           "\n"
                           "Romeo sends:\n"
                           "\t<presence to='r@c/R'>\n"
                           "\n"
                           "\t\t<x xmlns='http://jabber.org/protocol/muc'/>\n"
                           "\t</presence>\n"
                           "\n"
                           "Juliet's phone receives\n"
                           "\t<presence/>\n"
                           "Romeo receives: nothing\n"
                           "Juliet's phone disconnects\n"
                           "// vim: syntax=xml:\n";

static void grammar(void)
{
    struct script s;
    char err[256] = "";
    int rc = script_parse(good, &s, err, sizeof(err));

    CHECK(rc == 0, "a good script parses");
    if (rc) {
        printf("  %s\n", err);
        return;
    }
    CHECK(s.title && !strcmp(s.title, "Title line"), "first line is the title");
    CHECK(s.nchars == 2, "two characters");
    CHECK(!strcmp(s.chars[1].name, "Juliet's phone"),
          "names may hold spaces and 's");
    CHECK(!strcmp(s.chars[1].jid, "user2@localhost/phone") &&
              !strcmp(s.chars[1].password, "pw"),
          "keys in any order");
    CHECK(s.chars[1].host && !strcmp(s.chars[1].host, "127.0.0.1") &&
              s.chars[1].port == 5333,
          "connect_host and connect_port");
    CHECK(s.nsteps == 6, "six actions; comments skipped");
    CHECK(s.nsteps > 0 && s.steps[0].act == ACT_CONNECT &&
              s.steps[0].line == 17,
          "connects, with its line number");
    CHECK(s.nsteps > 1 && s.steps[1].who == 1, "action of a spaced name");
    CHECK(s.nsteps > 2 && s.steps[2].act == ACT_SEND && s.steps[2].xml &&
              strstr(s.steps[2].xml, "</presence>") &&
              strstr(s.steps[2].xml, "<x xmlns"),
          "a stanza block runs through blank lines");
    CHECK(s.nsteps > 3 && s.steps[3].act == ACT_RECEIVE,
          "the colon is optional");
    CHECK(s.nsteps > 4 && s.steps[4].act == ACT_RECEIVE_NOTHING &&
              !s.steps[4].xml,
          "receives: nothing");
    CHECK(s.nsteps > 5 && s.steps[5].act == ACT_DISCONNECT, "disconnects");
    script_free(&s);
}

static int bad(const char *text, const char *want)
{
    struct script s;
    char err[256] = "";

    if (script_parse(text, &s, err, sizeof(err)) == 0) {
        script_free(&s);
        return 0;
    }
    if (!strstr(err, want)) {
        printf("  error was '%s', wanted '%s'\n", err, want);
        return 0;
    }
    return 1;
}

#define HEAD "[Client] A\n\tjid: a@b\n-----\n"

static void errors(void)
{
    CHECK(bad(HEAD "B connects\n", "line 4: unknown character"),
          "an undefined name is an error");
    CHECK(bad("[Client] A\n\tjid: a@b\nA connects\n", "expected '[Class]"),
          "actions before the separator are an error");
    CHECK(bad("[Client] A\n\tjid: a@b\n", "no '-----'"),
          "a missing separator is an error");
    CHECK(bad(HEAD "A dances\n", "not an action"), "an unknown verb");
    CHECK(bad(HEAD "A sends:\nA connects\n", "no stanza"),
          "sends without a stanza");
    CHECK(bad(HEAD "A connects\n\t<presence/>\n", "without an action"),
          "a stanza without an action line");
    CHECK(bad("[Component] C\n\tjid: c\n-----\n", "unsupported class"),
          "only [Client] is supported");
    CHECK(bad("[Client] A\n\tpassword: x\n-----\n", "has no jid"),
          "a character needs a jid");
    CHECK(bad(HEAD "A sends: nothing\n", "only 'receives'"),
          "only receives takes nothing");
}

static const char *look(void *ud, const char *name, size_t len, int full)
{
    if (len == 14 && !strncmp(name, "Juliet's phone", 14))
        return full ? "j@l/phone" : "j@l";
    if (len == 5 && !strncmp(name, "Romeo", 5))
        return full ? NULL : "r&d@l";
    return NULL;
}

static void variables(void)
{
    char err[256] = "";
    char *s;

    s = script_subst("<a to=\"${Juliet's phone's full JID}\" "
                     "b=\"${Juliet's phone's JID}\"/>",
                     look, NULL, err, sizeof(err));
    CHECK(s && !strcmp(s, "<a to=\"j@l/phone\" b=\"j@l\"/>"),
          "names split at the last 's");
    free(s);
    s = script_subst("<a b=\"${Romeo's JID}\"/>", look, NULL, err, sizeof(err));
    CHECK(s && !strcmp(s, "<a b=\"r&amp;d@l\"/>"), "values are XML-escaped");
    free(s);
    s = script_subst("${Romeo's full JID}", look, NULL, err, sizeof(err));
    CHECK(!s && strstr(err, "no value"), "a missing value is an error");
    free(s);
    s = script_subst("${Romeo's nick}", look, NULL, err, sizeof(err));
    CHECK(!s && strstr(err, "unknown variable"), "unknown variable kind");
    free(s);
    s = script_subst("no variables {scansion:any}", look, NULL, err,
                     sizeof(err));
    CHECK(s && !strcmp(s, "no variables {scansion:any}"),
          "text without variables is unchanged");
    free(s);
    s = jid_bare("a@b/c/d");
    CHECK(s && !strcmp(s, "a@b"), "bare JID");
    free(s);
}

int main(void)
{
    grammar();
    errors();
    variables();
    return check_done();
}
