/* SPDX-License-Identifier: MIT */
/* account.c - libFuzzer target: the CLI's accounts file (config.yaml)
 * loader, for the default account and for a named one. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../cli/account.h"

static char path[64];

static void at_exit(void)
{
    unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    snprintf(path, sizeof(path), "/tmp/fuzz-account-%ld.yaml", (long)getpid());
    atexit(at_exit);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = { NULL, "main", "x" };
    FILE *f = fopen(path, "w");

    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0 ||
        chmod(path, 0600) != 0) /* a file others may write is refused */
        abort();
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        struct account a;
        char *err = NULL;

        memset(&a, 0, sizeof(a));
        if (account_load(path, names[i], &a, &err) != 0 && !err)
            abort(); /* a refusal always says why */
        account_clear(&a);
        free(err);
    }
    return 0;
}
