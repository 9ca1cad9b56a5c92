/* SPDX-License-Identifier: MIT */
/* script.c - libFuzzer target: the scansion runner's script parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../scansion/script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), err[256];
    struct script s;

    memcpy(text, data, size);
    text[size] = '\0';
    memset(&s, 0, sizeof(s));
    memset(err, 0xff, sizeof(err)); /* an error must say something */
    if (script_parse(text, &s, err, sizeof(err)) == 0)
        script_free(&s);
    else if (!memchr(err, '\0', sizeof(err)))
        abort();
    free(text);
    return 0;
}
