/* SPDX-License-Identifier: MIT */
/* store.c - libFuzzer target: the mini server's --data file loader, and
 * saving what it loaded (which must load again). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../cli/server/muc_int.h"

static char in_path[64], out_path[64], bak_path[72];

static void at_exit(void)
{
    unlink(in_path);
    unlink(out_path);
    unlink(bak_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    snprintf(in_path, sizeof(in_path), "/tmp/fuzz-store-%ld.in",
             (long)getpid());
    snprintf(out_path, sizeof(out_path), "/tmp/fuzz-store-%ld.out",
             (long)getpid());
    snprintf(bak_path, sizeof(bak_path), "%s.bak", out_path);
    atexit(at_exit);
    return 0;
}

static void clear(struct muc *m)
{
    while (m->rooms)
        room_remove(m, m->rooms);
    strmap_clear(&m->room_index);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct srv_config cfg = { .domain = "localhost",
                              .muc_domain = "conference.localhost" };
    struct muc m = { 0 };
    FILE *f = fopen(in_path, "w");
    int rc;

    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    m.cfg = &cfg;
    m.domain = cfg.muc_domain;
    rc = muc_store_load(&m, in_path);
    if (rc == 0 && m.rooms) {
        cfg.data = out_path;
        if (muc_store_save(&m) != 0)
            abort();
        clear(&m);
        /* What we saved must load again. */
        if (muc_store_load(&m, out_path) != 0)
            abort();
    }
    clear(&m);
    return 0;
}
