/* SPDX-License-Identifier: MIT */
/* cli-table.c - the command table is consistent: unique names and aliases,
 * sane arities, every option named once, every row has a handler. */
#include <string.h>

#include "../../cli/cli.h"
#include "check.h"

static int seen(const char **names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], s))
            return 1;
    return 0;
}

int main(void)
{
    const char *names[256];
    int n = 0;

    for (const struct cmd *c = cmd_table; c->name; c++) {
        CHECK(!seen(names, n, c->name), c->name);
        names[n++] = c->name;
        for (const char *const *al = c->aliases; al && *al; al++) {
            CHECK(!seen(names, n, *al), *al);
            names[n++] = *al;
        }
        CHECK(c->run != NULL, c->name);
        CHECK(c->summary && c->summary[0], c->name);
        CHECK(c->synopsis != NULL, c->name);
        CHECK(c->max_args < 0 || c->max_args >= c->min_args, c->name);
        CHECK(cmd_find(c->name) == c, c->name);
        int nopt = 0;
        for (const struct cmd_opt *o = c->opts; o && o->name; o++, nopt++) {
            for (const struct cmd_opt *p = o + 1; p->name; p++)
                CHECK(strcmp(o->name, p->name) != 0, o->name);
            for (const struct cmd_opt *g = global_opts; g->name; g++)
                CHECK(strcmp(o->name, g->name) != 0 ||
                          (o->flags & (OPT_SHADOW | OPT_GLOBAL)),
                      o->name);
        }
        CHECK(nopt <= CMD_MAX_OPTS, c->name);
    }
    CHECK(cmd_find("no-such-command") == NULL, "unknown command");
    return check_done();
}
