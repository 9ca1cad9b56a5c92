/* SPDX-License-Identifier: MIT */
/* lib-form.c - data forms without a network: parse, set, submit, diff. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "mucadmin.h"

/* What Prosody 0.12 serves (../shared/reference), abridged. */
static const char prosody_form[] =
    "<x type='form' xmlns='jabber:x:data'><title>Configuration for "
    "r@conference.localhost</title><instructions>Complete and submit this "
    "form to configure the room.</instructions><field type='hidden' "
    "var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig"
    "</value></field><field type='fixed'><value>Room information</value>"
    "</field><field type='text-single' var='muc#roomconfig_roomname' "
    "label='Title'/><field type='text-single' var='muc#roomconfig_lang' "
    "label='Language'><desc>Indicate the primary language spoken in this "
    "room</desc><validate datatype='xs:language' "
    "xmlns='http://jabber.org/protocol/xdata-validate'/><value>en</value>"
    "</field><field type='boolean' var='muc#roomconfig_persistentroom' "
    "label='Persistent'/><field type='boolean' "
    "var='muc#roomconfig_publicroom'><value>0</value></field><field "
    "type='list-single' var='muc#roomconfig_whois' label='Whois'><option "
    "label='Moderators only'><value>moderators</value></option><option "
    "label='Anyone'><value>anyone</value></option><value>moderators</value>"
    "</field><field type='text-single' var='muc#roomconfig_historylength'>"
    "<validate datatype='xs:integer' "
    "xmlns='http://jabber.org/protocol/xdata-validate'/><value>20</value>"
    "</field><field type='list-multi' var='muc#roomconfig_presencebroadcast'>"
    "<option label='none'><value>none</value></option><option "
    "label='visitor'><value>visitor</value></option><option "
    "label='moderator'><value>moderator</value></option><value>visitor"
    "</value><value>moderator</value></field><field type='text-private' "
    "var='muc#roomconfig_roomsecret' label='Password'><value/></field>"
    "</x>";

/* One field of each of the ten types. */
static const char all_types[] =
    "<x xmlns='jabber:x:data' type='form'>"
    "<field var='ts'><value>untyped</value></field>"
    "<field type='boolean' var='b'><required/><value>true</value></field>"
    "<field type='fixed'><value>Section</value></field>"
    "<field type='hidden' var='h'><value>hid</value></field>"
    "<field type='jid-multi' var='jm'><value>a@b</value><value>c@d</value>"
    "</field><field type='jid-single' var='js'><value>e@f/g</value></field>"
    "<field type='list-multi' var='lm'><option><value>x</value></option>"
    "<option><value>y</value></option></field>"
    "<field type='list-single' var='ls'><option label='One'><value>1</value>"
    "</option></field><field type='text-multi' var='tm'><value>l1</value>"
    "<value>l2</value></field><field type='text-private' var='tp'/>"
    "<field type='text-single' var='n'><validate "
    "xmlns='http://jabber.org/protocol/xdata-validate' datatype='xs:boolean'/>"
    "</field></x>";

static void test_parse(void)
{
    mucadmin_status_t st;
    mucadmin_form_t *f = mucadmin_form_parse(prosody_form, &st);
    int i;

    CHECK(f && st == MUCADMIN_OK, "parse Prosody's form");
    CHECK(strcmp(mucadmin_form_type(f), "form") == 0, "kind");
    CHECK(strcmp(mucadmin_form_namespace(f),
                 "http://jabber.org/protocol/muc#roomconfig") == 0,
          "FORM_TYPE");
    CHECK(strncmp(mucadmin_form_title(f), "Configuration for", 17) == 0,
          "title");
    CHECK(mucadmin_form_instructions(f) != NULL, "instructions");
    CHECK(mucadmin_form_field_count(f) == 10, "field count");
    CHECK(mucadmin_form_field_var(f, 1) == NULL, "fixed field has no var");
    CHECK(mucadmin_form_field_type(f, 1) == MUCADMIN_FIELD_FIXED, "fixed");
    i = mucadmin_form_find(f, "muc#roomconfig_lang");
    CHECK(i == 3, "find");
    CHECK(strcmp(mucadmin_form_field_datatype(f, 3), "xs:language") == 0,
          "xs:language datatype");
    CHECK(strcmp(mucadmin_form_field_desc(f, 3),
                 "Indicate the primary language spoken in this room") == 0,
          "desc");
    CHECK(strcmp(mucadmin_form_field_label(f, 3), "Language") == 0, "label");
    CHECK(strcmp(mucadmin_form_field_value(f, 3, 0), "en") == 0, "value");
    i = mucadmin_form_find(f, "muc#roomconfig_whois");
    CHECK(mucadmin_form_field_option_count(f, (size_t)i) == 2, "options");
    CHECK(strcmp(mucadmin_form_field_option_label(f, (size_t)i, 1), "Anyone") ==
              0,
          "option label");
    CHECK(strcmp(mucadmin_form_field_option_value(f, (size_t)i, 1), "anyone") ==
              0,
          "option value");
    i = mucadmin_form_find(f, "muc#roomconfig_persistentroom");
    CHECK(mucadmin_form_field_value_count(f, (size_t)i) == 0,
          "boolean without a value");
    i = mucadmin_form_find(f, "muc#roomconfig_roomsecret");
    CHECK(mucadmin_form_field_value_count(f, (size_t)i) == 1 &&
              strcmp(mucadmin_form_field_value(f, (size_t)i, 0), "") == 0,
          "empty <value/>");
    CHECK(mucadmin_form_find(f, "nope") == -1, "find unknown");
    CHECK(mucadmin_form_field_var(f, 99) == NULL, "index out of range");
    mucadmin_form_free(f);

    CHECK(!mucadmin_form_parse("<x xmlns='jabber:x:data'", &st) &&
              st == MUCADMIN_E_PROTOCOL,
          "bad XML: E_PROTOCOL");
    CHECK(!mucadmin_form_parse("<query xmlns='jabber:iq:register'/>", &st) &&
              st == MUCADMIN_E_PROTOCOL,
          "not a data form: E_PROTOCOL");
}

static void test_types(void)
{
    static const struct {
        const char *var;
        mucadmin_field_type_t type;
        const char *name;
    } want[] = {
        { "ts", MUCADMIN_FIELD_TEXT_SINGLE, "text-single" },
        { "b", MUCADMIN_FIELD_BOOLEAN, "boolean" },
        { NULL, MUCADMIN_FIELD_FIXED, "fixed" },
        { "h", MUCADMIN_FIELD_HIDDEN, "hidden" },
        { "jm", MUCADMIN_FIELD_JID_MULTI, "jid-multi" },
        { "js", MUCADMIN_FIELD_JID_SINGLE, "jid-single" },
        { "lm", MUCADMIN_FIELD_LIST_MULTI, "list-multi" },
        { "ls", MUCADMIN_FIELD_LIST_SINGLE, "list-single" },
        { "tm", MUCADMIN_FIELD_TEXT_MULTI, "text-multi" },
        { "tp", MUCADMIN_FIELD_TEXT_PRIVATE, "text-private" },
    };
    mucadmin_form_t *f = mucadmin_form_parse(all_types, NULL);
    size_t i;

    CHECK(f && mucadmin_form_field_count(f) == 11, "all types parsed");
    for (i = 0; f && i < 10; i++) {
        CHECK(mucadmin_form_field_type(f, i) == want[i].type, want[i].name);
        CHECK(strcmp(mucadmin_field_type_name(want[i].type), want[i].name) == 0,
              "type name");
    }
    CHECK(mucadmin_form_field_required(f, 1), "required");
    CHECK(!mucadmin_form_field_required(f, 0), "not required");
    CHECK(mucadmin_form_field_value_count(f, 4) == 2, "jid-multi values");
    CHECK(mucadmin_form_field_option_label(f, 6, 0) == NULL,
          "option without label");
    mucadmin_form_free(f);
}

static int set(mucadmin_form_t *f, const char *var, const char *v,
               mucadmin_status_t want)
{
    const char *why = NULL;
    mucadmin_status_t st = mucadmin_form_set(f, var, v, &why);

    return st == want && (st != MUCADMIN_E_VALUE || why);
}

static const char *val(mucadmin_form_t *f, const char *var, size_t j)
{
    return mucadmin_form_field_value(f, (size_t)mucadmin_form_find(f, var), j);
}

static void test_set(void)
{
    mucadmin_form_t *f = mucadmin_form_parse(all_types, NULL);
    static const char *const yes[] = { "true", "1", "yes", "on", "TRUE" };
    static const char *const no[] = { "false", "0", "no", "off", "Off" };
    size_t i;

    for (i = 0; i < 5; i++) {
        CHECK(set(f, "b", yes[i], MUCADMIN_OK) &&
                  strcmp(val(f, "b", 0), "1") == 0,
              "boolean true spellings");
        CHECK(set(f, "b", no[i], MUCADMIN_OK) &&
                  strcmp(val(f, "b", 0), "0") == 0,
              "boolean false spellings");
    }
    CHECK(set(f, "b", "maybe", MUCADMIN_E_VALUE), "boolean: maybe");
    CHECK(set(f, "n", "on", MUCADMIN_OK) && strcmp(val(f, "n", 0), "1") == 0,
          "xs:boolean text field");
    CHECK(set(f, "ls", "1", MUCADMIN_OK), "list-single option");
    CHECK(set(f, "ls", "2", MUCADMIN_E_VALUE), "list-single non-option");
    CHECK(set(f, "lm", "x\ny", MUCADMIN_OK) &&
              mucadmin_form_field_value_count(f, 6) == 2,
          "list-multi two options");
    CHECK(set(f, "lm", "x\nz", MUCADMIN_E_VALUE), "list-multi non-option");
    CHECK(set(f, "js", "room@conference.example/nick", MUCADMIN_OK),
          "jid-single");
    CHECK(set(f, "js", "not a jid", MUCADMIN_E_VALUE), "jid-single bad");
    CHECK(set(f, "js", "@example.org", MUCADMIN_E_VALUE), "jid empty node");
    CHECK(set(f, "jm", "a@b\nc@d\ne@f", MUCADMIN_OK) &&
              mucadmin_form_field_value_count(f, 4) == 3,
          "jid-multi three");
    CHECK(set(f, "jm", "a@b\nx y", MUCADMIN_E_VALUE), "jid-multi bad line");
    CHECK(set(f, "tm", "one\ntwo", MUCADMIN_OK), "text-multi lines");
    CHECK(set(f, "ts", "one\ntwo", MUCADMIN_E_VALUE), "text-single newline");
    CHECK(set(f, "tp", "s3cret", MUCADMIN_OK), "text-private");
    CHECK(set(f, "nope", "1", MUCADMIN_E_NOTFOUND), "unknown var");
    CHECK(mucadmin_form_set(f, NULL, "1", NULL) == MUCADMIN_E_INVALID,
          "NULL var");
    mucadmin_form_free(f);

    f = mucadmin_form_parse(prosody_form, NULL);
    CHECK(set(f, "muc#roomconfig_historylength", "-30", MUCADMIN_OK),
          "xs:integer negative");
    CHECK(set(f, "muc#roomconfig_historylength", "3x", MUCADMIN_E_VALUE),
          "xs:integer bad");
    CHECK(set(f, "muc#roomconfig_historylength", "", MUCADMIN_E_VALUE),
          "xs:integer empty");
    CHECK(set(f, "muc#roomconfig_lang", "pt-BR", MUCADMIN_OK), "xs:language");
    CHECK(set(f, "muc#roomconfig_lang", "english language", MUCADMIN_E_VALUE),
          "xs:language bad");
    CHECK(set(f, "muc#roomconfig_lang", "toolonglanguage", MUCADMIN_E_VALUE),
          "xs:language subtag too long");
    mucadmin_form_free(f);
}

static void test_submit_diff(void)
{
    mucadmin_form_t *a = mucadmin_form_parse(prosody_form, NULL);
    mucadmin_form_t *b = mucadmin_form_copy(a), *c;
    const char **vars = NULL;
    char *x;
    size_t n;

    mucadmin_form_set(b, "muc#roomconfig_roomname", "Tea & <cake>", NULL);
    x = mucadmin_form_submit_xml(b);
    CHECK(x && strcmp(x, "<x xmlns='jabber:x:data' type='submit'>"
                         "<field var='FORM_TYPE'><value>http://jabber.org/"
                         "protocol/muc#roomconfig</value></field>"
                         "<field var='muc#roomconfig_roomname'><value>Tea "
                         "&amp; &lt;cake&gt;</value></field>"
                         "<field var='muc#roomconfig_lang'><value>en</value>"
                         "</field><field var='muc#roomconfig_persistentroom'/>"
                         "<field var='muc#roomconfig_publicroom'><value>0"
                         "</value></field><field var='muc#roomconfig_whois'>"
                         "<value>moderators</value></field>"
                         "<field var='muc#roomconfig_historylength'><value>20"
                         "</value></field><field "
                         "var='muc#roomconfig_presencebroadcast'><value>"
                         "visitor</value><value>moderator</value></field>"
                         "<field var='muc#roomconfig_roomsecret'><value/>"
                         "</field></x>") == 0,
          "submit form: exact XML, fixed fields left out");
    c = mucadmin_form_parse(x, NULL);
    CHECK(c && strcmp(mucadmin_form_type(c), "submit") == 0,
          "submit form parses back");
    free(x);

    n = mucadmin_form_diff(a, b, &vars);
    CHECK(n == 1 && strcmp(vars[0], "muc#roomconfig_roomname") == 0,
          "diff: one changed var");
    free(vars);
    mucadmin_form_set(b, "muc#roomconfig_persistentroom", "false", NULL);
    mucadmin_form_set(b, "muc#roomconfig_presencebroadcast",
                      "moderator\nvisitor", NULL);
    mucadmin_form_set(b, "muc#roomconfig_roomname", "", NULL);
    n = mucadmin_form_diff(a, b, &vars);
    CHECK(n == 0, "diff: absent boolean = false, multi order ignored");
    free(vars);
    n = mucadmin_form_diff(a, c, NULL);
    CHECK(n == 1, "diff with an untyped submit form, no array");
    mucadmin_form_free(c);
    c = mucadmin_form_parse(all_types, NULL);
    n = mucadmin_form_diff(a, c, &vars);
    CHECK(n == 9, "diff: fields missing from b count");
    free(vars);
    mucadmin_form_free(a);
    mucadmin_form_free(b);
    mucadmin_form_free(c);
}

/* The field aliases: short names, and each server's vars for them. */
static void test_aliases(void)
{
    static const char ejabberd_like[] =
        "<x type='form' xmlns='jabber:x:data'><field type='boolean' "
        "var='mam'/><field type='boolean' "
        "var='{http://prosody.im/protocol/muc}roomconfig_allowmemberinvites'"
        "/></x>";
    mucadmin_form_t *p = mucadmin_form_parse(prosody_form, NULL);
    mucadmin_form_t *e = mucadmin_form_parse(ejabberd_like, NULL);
    size_t n = 0;

    CHECK(!strcmp(mucadmin_form_resolve(NULL, "membersonly"),
                  "muc#roomconfig_membersonly"),
          "alias, no form");
    CHECK(!strcmp(mucadmin_form_resolve(NULL, "password"),
                  "muc#roomconfig_roomsecret"),
          "alias password");
    CHECK(!strcmp(mucadmin_form_resolve(NULL, "x#y"), "x#y"),
          "no form: a var as it is");
    CHECK(!strcmp(mucadmin_form_resolve(p, "whois"), "muc#roomconfig_whois"),
          "alias in a form");
    CHECK(!mucadmin_form_resolve(p, "membersonly"), "a field the form lacks");
    CHECK(!strcmp(mucadmin_form_resolve(e, "archiving"), "mam"),
          "another server's var for an alias");
    CHECK(!strcmp(mucadmin_form_resolve(e, "muc#roomconfig_enablearchiving"),
                  "mam"),
          "the standard var maps onto the server's");
    CHECK(!strcmp(mucadmin_form_resolve(e, "allowinvites"),
                  "{http://prosody.im/protocol/muc}roomconfig_"
                  "allowmemberinvites"),
          "Prosody's member invites");
    CHECK(!strcmp(mucadmin_field_alias_of("muc#roomconfig_persistentroom"),
                  "persistent"),
          "alias of a var");
    CHECK(!strcmp(mucadmin_field_alias_of("mam"), "archiving"),
          "alias of another server's var");
    CHECK(!mucadmin_field_alias_of("nosuch"), "no alias");
    while (mucadmin_field_alias_name(n))
        n++;
    CHECK(n > 20 && !strcmp(mucadmin_field_alias_name(0), "name"),
          "the table, by index");
    CHECK(!strcmp(mucadmin_field_alias_var(0, 0), "muc#roomconfig_roomname") &&
              !mucadmin_field_alias_var(0, 1) &&
              !mucadmin_field_alias_var(n, 0),
          "an alias's vars, NULL past the last");
    mucadmin_form_free(p);
    mucadmin_form_free(e);
}

int main(void)
{
    test_aliases();
    test_parse();
    test_types();
    test_set();
    test_submit_diff();
    return check_done();
}
