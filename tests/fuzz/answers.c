/* SPDX-License-Identifier: MIT */
/* answers.c - libFuzzer target: what the client does with a hostile
 * server's answers.  The input is one stanza, parsed in a session's
 * counting context (guard.c) and read as every kind of answer: lists,
 * disco info, forms, errors, occupant presence and room messages, then
 * logged (secrets redacted) and printed for a terminal and as JSON. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "../../cli/output.h"

static void read_as_answers(mucadmin_session_t *s, xmpp_stanza_t *st)
{
    mucadmin_list_t *l;
    mucadmin_info_t *info;
    mucadmin_form_t *form = NULL;
    struct stanza_error e = { 0 };
    char *detail = NULL;

    mucadmin_list_free(mca_parse_items(st, NS_DISCO_ITEMS));
    mucadmin_list_free(mca_parse_items(st, NS_MUC_ADMIN));
    if ((info = mca_parse_info(st)))
        mucadmin_info_free(info);
    l = NULL;
    if (mca_affiliations_from_reply(st, &l) == MUCADMIN_OK)
        mucadmin_list_free(l);
    if (mca_config_from_reply(st, "r@muc.x", &form, &detail) == MUCADMIN_OK)
        mucadmin_form_free(form);
    free(detail);
    mca_stanza_error_parse(st, &e);
    mca_stanza_error_clear(&e);
    /* As if it came from a room we are in. */
    mca_presence_handle(s, st);
    mca_message_handle(s, st);
}

static void print_as_text(xmpp_stanza_t *st)
{
    char *text = NULL, *red, *safe;
    size_t len;
    FILE *null = fopen("/dev/null", "w");

    if (xmpp_stanza_to_text(st, &text, &len) != XMPP_EOK)
        return;
    if ((red = mca_log_redact(text))) {
        safe = term_safe(red, false);
        /* No control character reaches a terminal. */
        for (const unsigned char *p = (unsigned char *)safe; *p; p++)
            if (*p < 0x20 || *p == 0x7f ||
                (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
                abort();
        free(safe);
        if (null)
            json_string(null, red);
        free(red);
    }
    xmpp_free(xmpp_stanza_get_context(st), text);
    if (null)
        fclose(null);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mucadmin_session_t *s = mucadmin_session_new();
    struct joined *j = calloc(1, sizeof(*j));
    xmpp_stanza_t *st;
    size_t held;
    char *xml;

    if (!s || !j || !(xml = malloc(size + 1)))
        abort();
    memcpy(xml, data, size);
    xml[size] = '\0';
    j->room = strdup("r@muc.x");
    j->nick = strdup("me");
    j->roster = mca_list_new();
    s->joined = j;
    held = s->mem_live;
    if ((st = xmpp_stanza_new_from_string(s->ctx, xml))) {
        read_as_answers(s, st);
        print_as_text(st);
        xmpp_stanza_release(st);
    }
    /* The guard's count comes back to what it was: no drift that would
     * one day call an honest stanza too large. */
    if (s->mem_live != held)
        abort();
    free(xml);
    mca_rooms_forget_all(s);
    mucadmin_session_free(s);
    return 0;
}
