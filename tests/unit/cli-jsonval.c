/* SPDX-License-Identifier: MIT */
/* cli-jsonval.c - the journal's JSON reader: what it takes and refuses,
 * and the times log and history take. */
#include <stdlib.h>
#include <string.h>

#include "../../cli/journal.h"
#include "../../cli/jsonval.h"
#include "check.h"

static int parses(const char *text)
{
    struct jv *v = jv_parse(text, strlen(text));
    jv_free(v);
    return v != NULL;
}

int main(void)
{
    struct jv *v;
    char *deep;

    const char *ok = "{\"a\": [1, true, null, \"x\\u00e9\\ud83d\\ude00\"]}";

    v = jv_parse(ok, strlen(ok));
    CHECK(v && v->type == JV_OBJ && v->n == 1, "an object");
    CHECK(v && jv_get(v, "a") && jv_get(v, "a")->n == 4, "its array");
    CHECK(v && !strcmp(jv_get(v, "a")->items[3].str,
                       "x\xc3\xa9\xf0\x9f\x98\x80"),
          "escapes and a surrogate pair as UTF-8");
    jv_free(v);
    CHECK(parses(" \"s\" "), "a string with white space around");
    CHECK(!parses(""), "nothing");
    CHECK(!parses("{"), "an open object");
    CHECK(!parses("{\"a\":1,}"), "a trailing comma");
    CHECK(!parses("[1] x"), "garbage after the value");
    CHECK(!parses("\"\\u0000\""), "an escaped NUL");
    CHECK(!parses("\"\\ud800\""), "a lone high surrogate");
    CHECK(!parses("\"\\udc00x\""), "a lone low surrogate");
    CHECK(!parses("\"a\tb\""), "a raw control character");
    CHECK(!parses("\"\\q\""), "an unknown escape");
    CHECK(!parses("{1: 2}"), "a key that is no string");
    CHECK(!jv_parse("\"a\0b\"", 5), "a NUL byte in the text");
    CHECK(!parses("tru"), "a cut literal");
    deep = malloc(200001);
    memset(deep, '[', 100000);
    memset(deep + 100000, ']', 100000);
    deep[200000] = '\0';
    CHECK(!parses(deep), "100000 levels: refused, no stack overflow");
    memset(deep, 0, 200001);
    memset(deep, '[', 32);
    memset(deep + 32, ']', 32);
    CHECK(parses(deep), "32 levels: taken");
    free(deep);
    CHECK(jv_str(NULL, "a") == NULL, "jv_str of nothing");

    CHECK(journal_parse_time("2026-12-02T10:00:00Z", 0) == 1796205600,
          "an ISO time");
    CHECK(journal_parse_time("2026-12-02", 0) == 1796169600, "a day");
    CHECK(journal_parse_time("2h", 10000) == 10000 - 7200, "2h ago");
    CHECK(journal_parse_time("3d", 1000000) == 1000000 - 3 * 86400, "3d ago");
    CHECK(journal_parse_time("2026-12-02T10:00:00", 0) == -1,
          "a time without Z");
    CHECK(journal_parse_time("yesterday", 0) == -1, "a word");
    CHECK(journal_parse_time("5x", 0) == -1, "an unknown unit");
    CHECK(journal_parse_time("99999999999d", 0) == -1, "too far back");
    return check_done();
}
