/* SPDX-License-Identifier: MIT */
/* cli-shell.c - the shell's word splitting, when the current room stands
 * for an omitted ROOM, and what the line scanner counts as positional. */
#include <string.h>

#include "../../cli/complete.h"
#include "../../cli/shell.h"
#include "check.h"

/* Split line and compare with the words of want, separated by '|'. */
static void split_is(const char *line, int rc, const char *want)
{
    char **w, q, buf[256] = "";
    int n, got = shell_split(line, &n, &w, &q);

    for (int i = 0; i < n; i++) {
        strcat(buf, w[i]);
        if (i + 1 < n)
            strcat(buf, "|");
    }
    CHECK(got == rc, line);
    CHECK(!strcmp(buf, want), line);
    if (strcmp(buf, want))
        printf("    got '%s', want '%s'\n", buf, want);
    shell_words_free(n, w);
}

/* Whether the room is omitted in line (split on blanks). */
static bool omitted(const char *line)
{
    char **w, q;
    int n;
    struct cmdline cl;
    bool r;

    shell_split(line, &n, &w, &q);
    cmdline_scan(n, w, &cl);
    r = cmdline_room_omitted(&cl);
    shell_words_free(n, w);
    return r;
}

int main(void)
{
    split_is("", 0, "");
    split_is("  members  team\tadd ", 0, "members|team|add");
    split_is("config team name=\"Team room\"", 0, "config|team|name=Team room");
    split_is("say team 'it''s \"x\"'", 0, "say|team|its \"x\"");
    split_is("say team \"a \\\"b\\\" \\\\ \\n\"", 0, "say|team|a \"b\" \\ \\n");
    split_is("say team a\\ b", 0, "say|team|a b");
    split_is("members team # add x", 0, "members|team");
    split_is("# only a comment", 0, "");
    split_is("say team a#b", 0, "say|team|a#b");
    split_is("say team ''", 0, "say|team|");
    split_is("say \"open", -1, "say|open");

    CHECK(omitted("members"), "members");
    CHECK(omitted("members add a@b"), "members add");
    CHECK(omitted("members --reason x remove a@b"), "option value skipped");
    CHECK(!omitted("members team"), "members team");
    CHECK(!omitted("members team add a@b"), "members team add");
    CHECK(omitted("config"), "config");
    CHECK(omitted("config name=x"), "config name=x");
    CHECK(!omitted("config team name=x"), "config team name=x");
    CHECK(omitted("kick bob"), "kick bob");
    CHECK(!omitted("kick team bob"), "kick team bob");
    CHECK(omitted("role bob visitor"), "role bob visitor");
    CHECK(omitted("subject 'new subject'"), "subject TEXT");
    CHECK(omitted("register --nick x"), "register --nick");
    CHECK(!omitted("version"), "no room command");
    CHECK(!omitted("--json rooms"), "rooms takes a service");
    CHECK(omitted("--json info"), "global option first");
    return check_done();
}
