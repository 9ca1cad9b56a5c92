/* SPDX-License-Identifier: MIT */
/* cli-castore.c - what counts as a hashed CA directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../cli/castore.h"
#include "check.h"

static char base[64];

/* A fresh directory holding one file named name (none when name is NULL). */
static const char *dir_with(const char *sub, const char *name)
{
    static char dir[128];
    char path[256];
    FILE *f;

    snprintf(dir, sizeof(dir), "%s/%s", base, sub);
    if (mkdir(dir, 0700) != 0)
        return NULL;
    if (name) {
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        if (!(f = fopen(path, "w")))
            return NULL;
        fclose(f);
    }
    return dir;
}

int main(void)
{
    char list[512];

    snprintf(base, sizeof(base), "/tmp/cli-castore.XXXXXX");
    if (!mkdtemp(base))
        return 1;
    CHECK(castore_hashed_dir(dir_with("a", "0123abcd.0")), "a hash name");
    CHECK(castore_hashed_dir(dir_with("b", "ffffffff.9")), "a second digit");
    CHECK(!castore_hashed_dir(dir_with("c", "0123abcd.r0")), "a CRL name only");
    CHECK(!castore_hashed_dir(dir_with("d", "0123abc.0")), "seven digits");
    CHECK(!castore_hashed_dir(dir_with("e", "0123abcg.0")), "not hex");
    CHECK(!castore_hashed_dir(dir_with("f", "0123abcd.0.pem")), "a suffix");
    CHECK(!castore_hashed_dir(dir_with("g", NULL)), "an empty directory");
    CHECK(!castore_hashed_dir("/nonexistent/dir"), "a missing directory");
    CHECK(!castore_hashed_dir(""), "no directory");
    CHECK(!castore_hashed_dir(NULL), "NULL");
    snprintf(list, sizeof(list), "/nonexistent:%s/g:%s/a", base, base);
    CHECK(castore_hashed_dir(list), "a list: the third is hashed");
    snprintf(list, sizeof(list), "%s/c::%s/g", base, base);
    CHECK(!castore_hashed_dir(list), "a list with none hashed");
    snprintf(list, sizeof(list), "rm -rf '%s'", base);
    return system(list) == 0 ? check_done() : 1;
}
