/* SPDX-License-Identifier: MIT */
/* libform.c - libFuzzer target: libmucadmin's data-form parser, setter,
 * submit serialiser and diff. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mucadmin.h"

/* Some values to set each field to: its own, and typical user input. */
static const char *const tries[] = {
    "1", "no", "", "20", "-5", "x@y/z", "a\nb", "moderator\nparticipant",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *xml = malloc(size + 1), *sub;
    mucadmin_status_t st = MUCADMIN_OK;
    mucadmin_form_t *f, *g, *h;
    const char **vars = NULL;
    const char *why;

    memcpy(xml, data, size);
    xml[size] = '\0';
    f = mucadmin_form_parse(xml, &st);
    free(xml);
    if (!f)
        return 0;
    mucadmin_form_type(f);
    mucadmin_form_namespace(f);
    mucadmin_form_title(f);
    mucadmin_form_instructions(f);
    g = mucadmin_form_copy(f);
    for (size_t i = 0; i < mucadmin_form_field_count(f); i++) {
        const char *var = mucadmin_form_field_var(f, i);

        mucadmin_field_type_name(mucadmin_form_field_type(f, i));
        mucadmin_form_field_label(f, i);
        mucadmin_form_field_desc(f, i);
        mucadmin_form_field_required(f, i);
        mucadmin_form_field_datatype(f, i);
        for (size_t j = 0; j < mucadmin_form_field_value_count(f, i); j++)
            mucadmin_form_field_value(f, i, j);
        for (size_t j = 0; j < mucadmin_form_field_option_count(f, i); j++) {
            mucadmin_form_field_option_value(f, i, j);
            mucadmin_form_field_option_label(f, i, j);
        }
        if (!var)
            continue;
        mucadmin_form_find(f, var);
        for (size_t t = 0; t < sizeof(tries) / sizeof(tries[0]); t++)
            mucadmin_form_set(g, var, tries[t], &why);
        if (mucadmin_form_field_option_count(f, i))
            mucadmin_form_set(g, var, mucadmin_form_field_option_value(f, i, 0),
                              &why);
    }
    sub = mucadmin_form_submit_xml(g);
    if (sub) {
        /* What we submit must parse again as a form. */
        h = mucadmin_form_parse(sub, &st);
        if (!h)
            abort();
        vars = NULL;
        mucadmin_form_diff(g, h, &vars);
        free(vars);
        mucadmin_form_free(h);
        free(sub);
    }
    vars = NULL;
    mucadmin_form_diff(f, g, &vars);
    free(vars);
    mucadmin_form_free(g);
    mucadmin_form_free(f);
    return 0;
}
