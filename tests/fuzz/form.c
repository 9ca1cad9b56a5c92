/* SPDX-License-Identifier: MIT */
/* form.c - libFuzzer target: the mini server reading a submitted data form
 * (form_* helpers, room configuration validation and application). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/server/form.h"
#include "../../cli/server/muc_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *xml = malloc(size + 1);
    struct xnode *x;
    struct muc m = { 0 };
    struct room *r;
    unsigned codes = 0;
    bool b;
    int n;

    memcpy(xml, data, size);
    xml[size] = '\0';
    x = xnode_parse(xml);
    free(xml);
    if (!x)
        return 0;
    form_type(x);
    for (const struct xnode *f = xnode_child(x, "field", NS_XDATA); f;
         f = xnode_next(f, "field", NS_XDATA)) {
        const char *var = xnode_attr(f, "var"), *v;

        if (!var)
            continue;
        v = form_get(x, var);
        if (!v || form_find(x, var) == NULL)
            abort(); /* a field we just saw must be found */
        form_bool(v, &b);
        form_int(v, &n);
    }
    r = room_create(&m, "room@conference.localhost");
    muc_config_invalid(x, &b);
    muc_config_apply(&m, r, x, &codes);
    /* Twice: the second time over values the first one set. */
    muc_config_apply(&m, r, x, &codes);
    room_remove(&m, r);
    strmap_clear(&m.room_index);
    xnode_free(x);
    return 0;
}
