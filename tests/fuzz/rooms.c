/* SPDX-License-Identifier: MIT */
/* rooms.c - libFuzzer target: the CLI's YAML rooms-file loader. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/rooms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rooms_file rf;
    char *err = NULL;
    int li, lj;

    memset(&rf, 0, sizeof(rf));
    if (rooms_load_string("fuzz.yaml", (const char *)data, size, &rf, &err) ==
        0) {
        for (size_t i = 0; i < rf.nrooms; i++)
            rooms_twice(&rf.rooms[i], &li, &lj);
        rooms_free(&rf);
    } else if (!err) {
        abort(); /* a refusal always says why */
    }
    free(err);
    return 0;
}
