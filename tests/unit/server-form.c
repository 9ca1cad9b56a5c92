/* SPDX-License-Identifier: MIT */
/* server-form.c - data forms of the mini server: building, reading, and
 * the room configuration form's validation and application. */
#include <stdlib.h>
#include <string.h>

#include "../../cli/server/form.h"
#include "../../cli/server/muc_config.h"
#include "check.h"

static struct xnode *submit(const char *fields)
{
    char buf[2048];

    snprintf(buf, sizeof(buf),
             "<x xmlns='jabber:x:data' type='submit'>"
             "<field var='FORM_TYPE'><value>"
             "http://jabber.org/protocol/muc#roomconfig</value></field>"
             "%s</x>",
             fields);
    return xnode_parse(buf);
}

static void test_build_read(void)
{
    struct xnode *x = form_new(NULL, "form"), *f;
    char *s;

    f = form_field(x, "boolean", "b", "A flag");
    form_value(f, "1");
    form_value(form_field(x, "text-single", "empty", NULL), "");
    s = xnode_to_string(x, NS_CLIENT);
    CHECK(strstr(s, "<field type='boolean' var='b' label='A flag'>"
                    "<value>1</value></field>") != NULL,
          "boolean field");
    CHECK(strstr(s, "<value/>") != NULL, "empty value is <value/>");
    free(s);
    CHECK(!strcmp(form_get(x, "b"), "1"), "form_get value");
    CHECK(!strcmp(form_get(x, "empty"), ""), "form_get empty value");
    CHECK(form_get(x, "missing") == NULL, "form_get missing field");
    xnode_free(x);
}

static void test_scalars(void)
{
    bool b = false;
    int n = 0;

    CHECK(form_bool("true", &b) && b, "bool true");
    CHECK(form_bool("0", &b) && !b, "bool 0");
    CHECK(!form_bool("yes", &b), "bool yes is invalid");
    CHECK(form_int("20", &n) && n == 20, "int 20");
    CHECK(!form_int("2x", &n), "int with junk");
    CHECK(!form_int("", &n), "empty int");
}

static void test_config(void)
{
    struct muc m = { 0 };
    struct room *r = room_create(&m, "room@conference.localhost");
    struct xnode *x;
    unsigned codes = 0;
    const char *bad;
    bool unknown;

    x = submit("<field var='muc#roomconfig_membersonly'><value>1</value>"
               "</field><field var='muc#roomconfig_whois'><value>anyone"
               "</value></field><field var='muc#roomconfig_historylength'>"
               "<value>abc</value></field>");
    bad = muc_config_invalid(x, &unknown);
    CHECK(bad && !strcmp(bad, "muc#roomconfig_historylength") && !unknown,
          "invalid integer: its field, a bad value");
    muc_config_apply(&m, r, x, &codes);
    CHECK(r->cfg.membersonly, "membersonly applied");
    CHECK(r->cfg.whois_anyone, "whois applied");
    CHECK(r->cfg.historylength == 20, "invalid value ignored");
    CHECK(codes == (CODE_104 | CODE_172), "status codes 104 and 172");
    xnode_free(x);

    x = submit("<field var='muc#roomconfig_bogus'><value>1</value></field>");
    bad = muc_config_invalid(x, &unknown);
    CHECK(bad && !strcmp(bad, "muc#roomconfig_bogus") && unknown,
          "unknown field: its name, unknown");
    codes = 0;
    muc_config_apply(&m, r, x, &codes);
    CHECK(codes == 0, "unknown field ignored");
    xnode_free(x);

    x = submit("<field var='muc#roomconfig_presencebroadcast'>"
               "<value>moderator</value><value>none</value></field>");
    CHECK(!muc_config_invalid(x, &unknown), "presencebroadcast valid");
    muc_config_apply(&m, r, x, &codes);
    CHECK(r->cfg.bcast == (BCAST_MODERATOR | BCAST_NONE), "roles applied");
    xnode_free(x);
    room_remove(&m, r);
}

/* caps_ver on XEP-0115's own examples (5.2 simple, 5.3 with a form). */
static void test_caps_ver(void)
{
    struct xnode *q = xnode_parse(
        "<query xmlns='http://jabber.org/protocol/disco#info'>"
        "<identity category='client' name='Exodus 0.9.1' type='pc'/>"
        "<feature var='http://jabber.org/protocol/disco#items'/>"
        "<feature var='http://jabber.org/protocol/caps'/>"
        "<feature var='http://jabber.org/protocol/disco#info'/>"
        "<feature var='http://jabber.org/protocol/muc'/></query>");
    char *v = caps_ver(q);

    CHECK(!strcmp(v, "QgayPKawpkPSDYmwT/WM94uAlu0="), "caps ver: simple");
    free(v);
    xnode_free(q);
    q = xnode_parse(
        "<query xmlns='http://jabber.org/protocol/disco#info'>"
        "<identity xml:lang='en' category='client' name='Psi 0.11'"
        " type='pc'/>"
        "<identity xml:lang='el' category='client' name='Ψ 0.11' type='pc'/>"
        "<feature var='http://jabber.org/protocol/disco#items'/>"
        "<feature var='http://jabber.org/protocol/caps'/>"
        "<feature var='http://jabber.org/protocol/disco#info'/>"
        "<feature var='http://jabber.org/protocol/muc'/>"
        "<x xmlns='jabber:x:data' type='result'>"
        "<field var='FORM_TYPE' type='hidden'>"
        "<value>urn:xmpp:dataforms:softwareinfo</value></field>"
        "<field var='ip_version'><value>ipv4</value><value>ipv6</value>"
        "</field><field var='os'><value>Mac</value></field>"
        "<field var='os_version'><value>10.5.1</value></field>"
        "<field var='software'><value>Psi</value></field>"
        "<field var='software_version'><value>0.11</value></field>"
        "</x></query>");
    v = caps_ver(q);
    CHECK(!strcmp(v, "q07IKJEyjvHSyhy//CH0CxmKi8w="), "caps ver: a form");
    free(v);
    xnode_free(q);
}

int main(void)
{
    test_build_read();
    test_scalars();
    test_config();
    test_caps_ver();
    return check_done();
}
