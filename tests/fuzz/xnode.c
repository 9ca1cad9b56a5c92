/* SPDX-License-Identifier: MIT */
/* xnode.c - libFuzzer target: xnode_parse and serialising what it built. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/server/xnode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *xml = malloc(size + 1), *out;
    struct xnode *n, *copy;

    memcpy(xml, data, size);
    xml[size] = '\0';
    n = xnode_parse(xml);
    free(xml);
    if (!n)
        return 0;
    out = xnode_to_string(n, NS_CLIENT);
    copy = xnode_copy(n);
    xnode_free(n);
    /* What we write must read back (no unescaped text, no lost quotes). */
    n = xnode_parse(out);
    free(out);
    xnode_free(n);
    out = xnode_to_string(copy, NULL);
    free(out);
    xnode_free(copy);
    return 0;
}
