/* SPDX-License-Identifier: MIT */
/*
 * lib-stanzas.c - libmucadmin's requests (exact XML) and the parsing of
 * canned replies (Prosody 0.12's, from ../shared/reference), no network.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "internal.h"

#define ROOM "r@conference.localhost"

static void same(char *got, const char *want, const char *name)
{
    int ok = got && strcmp(got, want) == 0;

    CHECK(ok, name);
    if (!ok)
        printf("  got:  %s\n  want: %s\n", got ? got : "(null)", want);
    free(got);
}

static void test_requests(void)
{
    mucadmin_batch_t *b = mucadmin_batch_new();

    same(mca_build_iq("get", "i1", ROOM, NS_MUC_OWNER, NULL),
         "<iq type='get' id='i1' to='" ROOM "'><query "
         "xmlns='http://jabber.org/protocol/muc#owner'/></iq>",
         "muc#owner get");
    same(mca_build_iq("set", "i2", ROOM, NS_REGISTER, "<remove/>"),
         "<iq type='set' id='i2' to='" ROOM "'><query "
         "xmlns='jabber:iq:register'><remove/></query></iq>",
         "register remove");
    same(mca_build_affiliation_get("i3", ROOM, MUCADMIN_AFF_OUTCAST),
         "<iq type='get' id='i3' to='" ROOM "'><query "
         "xmlns='http://jabber.org/protocol/muc#admin'><item "
         "affiliation='outcast'/></query></iq>",
         "muc#admin get outcast list");
    mucadmin_batch_add(b, "a@localhost", MUCADMIN_AFF_MEMBER, "Reserved", NULL);
    mucadmin_batch_add(b, "b@localhost", MUCADMIN_AFF_OUTCAST, NULL,
                       "spam & <ads>");
    mucadmin_batch_add(b, "c@localhost", MUCADMIN_AFF_NONE, NULL, NULL);
    same(mca_build_admin_items("i4", ROOM, b, 0, 1),
         "<iq type='set' id='i4' to='" ROOM "'><query "
         "xmlns='http://jabber.org/protocol/muc#admin'><item "
         "affiliation='member' jid='a@localhost' nick='Reserved'/></query>"
         "</iq>",
         "muc#admin set member with nick");
    same(mca_build_admin_items("i5", ROOM, b, 1, 1),
         "<iq type='set' id='i5' to='" ROOM "'><query "
         "xmlns='http://jabber.org/protocol/muc#admin'><item "
         "affiliation='outcast' jid='b@localhost'><reason>spam &amp; "
         "&lt;ads&gt;</reason></item></query></iq>",
         "muc#admin set outcast with reason (escaped)");
    same(mca_build_admin_items("i6", ROOM, b, 0, 3),
         "<iq type='set' id='i6' to='" ROOM "'><query "
         "xmlns='http://jabber.org/protocol/muc#admin'><item "
         "affiliation='member' jid='a@localhost' nick='Reserved'/><item "
         "affiliation='outcast' jid='b@localhost'><reason>spam &amp; "
         "&lt;ads&gt;</reason></item><item affiliation='none' "
         "jid='c@localhost'/></query></iq>",
         "muc#admin multi-item set");
    mucadmin_batch_free(b);
    same(mca_build_role_set("i7", ROOM, "Juliet", MUCADMIN_ROLE_NONE, "bye"),
         "<iq type='set' id='i7' to='" ROOM "'><query "
         "xmlns='http://jabber.org/protocol/muc#admin'><item nick='Juliet' "
         "role='none'><reason>bye</reason></item></query></iq>",
         "kick");
    same(mca_build_role_set("i8", ROOM, "O'Hara", MUCADMIN_ROLE_PARTICIPANT,
                            NULL),
         "<iq type='set' id='i8' to='" ROOM "'><query "
         "xmlns='http://jabber.org/protocol/muc#admin'><item "
         "nick='O&apos;Hara' role='participant'/></query></iq>",
         "voice (nick with a quote)");
    same(mca_build_destroy("i9", ROOM, "done", "new@conference.localhost",
                           "pw"),
         "<iq type='set' id='i9' to='" ROOM "'><query "
         "xmlns='http://jabber.org/protocol/muc#owner'><destroy "
         "jid='new@conference.localhost'><reason>done</reason><password>pw"
         "</password></destroy></query></iq>",
         "destroy with reason, venue and password");
    same(mca_build_destroy("i10", ROOM, NULL, NULL, NULL),
         "<iq type='set' id='i10' to='" ROOM "'><query "
         "xmlns='http://jabber.org/protocol/muc#owner'><destroy/></query>"
         "</iq>",
         "destroy, nothing else");
    same(mca_build_join(ROOM, "nick", "secret"),
         "<presence to='" ROOM "/nick'><x "
         "xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/>"
         "<password>secret</password></x></presence>",
         "join with password");
    same(mca_build_leave(ROOM, "nick"),
         "<presence type='unavailable' to='" ROOM "/nick'/>", "leave");
    same(mca_build_disco("d1", ROOM, 0, "x-roomuser-item", NULL),
         "<iq type='get' id='d1' to='" ROOM "'><query "
         "xmlns='http://jabber.org/protocol/disco#info' "
         "node='x-roomuser-item'/></iq>",
         "reserved nick query");
    same(mca_build_disco("d2", "conference.localhost", 1, NULL, "last@c"),
         "<iq type='get' id='d2' to='conference.localhost'><query "
         "xmlns='http://jabber.org/protocol/disco#items'><set "
         "xmlns='http://jabber.org/protocol/rsm'><after>last@c</after></set>"
         "</query></iq>",
         "disco#items next RSM page");
    same(mca_build_message("m1", ROOM, "groupchat", "Topic", NULL),
         "<message type='groupchat' id='m1' to='" ROOM "'><subject>Topic"
         "</subject></message>",
         "subject");
    same(mca_build_message("m2", ROOM, "groupchat", NULL, "hi"),
         "<message type='groupchat' id='m2' to='" ROOM "'><body>hi</body>"
         "</message>",
         "groupchat message");
    same(mca_build_invite("m3", ROOM, "u@localhost", "come", 0),
         "<message id='m3' to='" ROOM "'><x "
         "xmlns='http://jabber.org/protocol/muc#user'><invite "
         "to='u@localhost'><reason>come</reason></invite></x></message>",
         "mediated invitation");
    same(mca_build_invite("m4", ROOM, "u@localhost", "come", 1),
         "<message id='m4' to='u@localhost'><x xmlns='jabber:x:conference' "
         "jid='" ROOM "' reason='come'/></message>",
         "direct invitation (XEP-0249)");
}

static xmpp_stanza_t *parse(const char *xml)
{
    xmpp_stanza_t *st = mca_xml_parse(xml);

    CHECK(st != NULL, "canned reply parses");
    return st;
}

static void test_lists(void)
{
    xmpp_stanza_t *st = parse(
        "<iq to='user@localhost/x' id='list-member' type='result' "
        "from='" ROOM "'><query xmlns='http://jabber.org/protocol/muc#admin'>"
        "<item jid='multi1@localhost' affiliation='member'/><item "
        "jid='user2@localhost' affiliation='member'><reason>friend</reason>"
        "</item><item nick='Reserved' jid='nick-member@localhost' "
        "affiliation='member'/></query></iq>");
    mucadmin_list_t *l = mca_parse_items(st, NS_MUC_ADMIN);

    CHECK(mucadmin_list_count(l) == 3, "member list: 3 entries");
    CHECK(strcmp(mucadmin_list_jid(l, 2), "nick-member@localhost") == 0, "jid");
    CHECK(strcmp(mucadmin_list_nick(l, 2), "Reserved") == 0, "nick");
    CHECK(mucadmin_list_nick(l, 0) == NULL, "no nick");
    CHECK(strcmp(mucadmin_list_reason(l, 1), "friend") == 0, "reason");
    CHECK(mucadmin_list_affiliation(l, 0) == MUCADMIN_AFF_MEMBER,
          "affiliation");
    CHECK(mucadmin_list_role(l, 0) == MUCADMIN_ROLE_NONE, "no role");
    CHECK(mucadmin_list_jid(l, 3) == NULL, "out of range");
    mucadmin_list_free(l);
    CHECK(mca_parse_items(st, NS_DISCO_ITEMS) == NULL, "wrong namespace");
    xmpp_stanza_release(st);
}

static void test_disco(void)
{
    xmpp_stanza_t *st = parse(
        "<iq type='result' id='disco-room' from='" ROOM "'><query "
        "xmlns='http://jabber.org/protocol/disco#info'><feature "
        "var='muc_hidden'/><feature var='muc_temporary'/><identity "
        "type='text' category='conference' name='Tea room'/><feature "
        "var='http://jabber.org/protocol/muc'/><x type='result' "
        "xmlns='jabber:x:data'><field type='hidden' var='FORM_TYPE'><value>"
        "http://jabber.org/protocol/muc#roominfo</value></field><field "
        "type='text-single' var='muc#roominfo_occupants' label='Number of "
        "occupants'><value>1</value></field></x></query></iq>");
    mucadmin_info_t *i = mca_parse_info(st);
    char *last;
    long count;

    CHECK(i && strcmp(mucadmin_info_name(i), "Tea room") == 0, "info name");
    CHECK(mucadmin_info_feature_count(i) == 3, "features");
    CHECK(mucadmin_info_has_feature(i, "muc_hidden"), "has feature");
    CHECK(!mucadmin_info_has_feature(i, "muc_open"), "lacks feature");
    CHECK(strcmp(mucadmin_form_namespace(mucadmin_info_form(i)),
                 "http://jabber.org/protocol/muc#roominfo") == 0,
          "roominfo form");
    mucadmin_info_free(i);
    xmpp_stanza_release(st);

    st = parse("<iq type='result' id='x'><query "
               "xmlns='http://jabber.org/protocol/disco#items'><item "
               "jid='a@c' name='A'/><item jid='b@c'/><set "
               "xmlns='http://jabber.org/protocol/rsm'><first>a@c</first>"
               "<last>b@c</last><count>5</count></set></query></iq>");
    last = mca_parse_rsm_last(st, &count);
    CHECK(last && strcmp(last, "b@c") == 0 && count == 5, "RSM last, count");
    free(last);
    {
        mucadmin_list_t *l = mca_parse_items(st, NS_DISCO_ITEMS);

        CHECK(mucadmin_list_count(l) == 2 &&
                  strcmp(mucadmin_list_name(l, 0), "A") == 0,
              "disco items with names");
        mucadmin_list_free(l);
    }
    xmpp_stanza_release(st);
}

/* Canned disco#items pages, as a server that pages with RSM sends them. */
struct pages {
    const char *const *xml;
    size_t n, calls;
    char afters[8][16];
};

static mucadmin_status_t fetch_page(void *ud, const char *after,
                                    xmpp_stanza_t **reply)
{
    struct pages *p = ud;
    size_t i = p->calls < p->n ? p->calls : p->n - 1;

    snprintf(p->afters[p->calls & 7], 16, "%s", after ? after : "-");
    p->calls++;
    *reply = mca_xml_parse(p->xml[i]);
    return *reply ? MUCADMIN_OK : MUCADMIN_E_PROTOCOL;
}

#define PAGE(items, rsm)                                                       \
    "<iq type='result' id='p'><query "                                         \
    "xmlns='http://jabber.org/protocol/disco#items'>" items                    \
    "<set xmlns='http://jabber.org/protocol/rsm'>" rsm "</set></query></iq>"

static void test_rsm(void)
{
    static const char *const paged[] = {
        PAGE("<item jid='a@c'/><item jid='b@c'/>",
             "<first>a@c</first><last>b@c</last><count>5</count>"),
        PAGE("<item jid='c@c'/><item jid='d@c'/>", "<last>d@c</last>"),
        PAGE("<item jid='e@c'/>", "<last>e@c</last><count>5</count>"),
        PAGE("<item jid='x@c'/>", "<last>x@c</last>"),
    };
    static const char *const stuck[] = {
        PAGE("<item jid='a@c'/>", "<last>a@c</last>"),
    };
    static const char *const plain[] = {
        "<iq type='result' id='p'><query "
        "xmlns='http://jabber.org/protocol/disco#items'><item jid='a@c'/>"
        "</query></iq>",
    };
    struct pages p = { paged, 4, 0, { { 0 } } };
    mucadmin_list_t *l = mca_list_new();

    CHECK(mca_disco_pages(fetch_page, &p, l) == MUCADMIN_OK, "RSM: pages read");
    CHECK(mucadmin_list_count(l) == 5 && p.calls == 3, "RSM: 3 pages, 5");
    CHECK(strcmp(p.afters[0], "-") == 0 && strcmp(p.afters[1], "b@c") == 0 &&
              strcmp(p.afters[2], "d@c") == 0,
          "RSM: each page asked after the last one");
    CHECK(strcmp(mucadmin_list_jid(l, 4), "e@c") == 0, "RSM: order kept");
    mucadmin_list_free(l);

    p = (struct pages){ stuck, 1, 0, { { 0 } } };
    l = mca_list_new();
    CHECK(mca_disco_pages(fetch_page, &p, l) == MUCADMIN_OK && p.calls == 2,
          "RSM: a server repeating a page is not followed forever");
    mucadmin_list_free(l);

    p = (struct pages){ plain, 1, 0, { { 0 } } };
    l = mca_list_new();
    CHECK(mca_disco_pages(fetch_page, &p, l) == MUCADMIN_OK && p.calls == 1 &&
              mucadmin_list_count(l) == 1,
          "no RSM: one page");
    mucadmin_list_free(l);
}

static const char *const conditions[] = {
    "bad-request",
    "conflict",
    "feature-not-implemented",
    "forbidden",
    "gone",
    "internal-server-error",
    "item-not-found",
    "jid-malformed",
    "not-acceptable",
    "not-allowed",
    "not-authorized",
    "policy-violation",
    "recipient-unavailable",
    "redirect",
    "registration-required",
    "remote-server-not-found",
    "remote-server-timeout",
    "resource-constraint",
    "service-unavailable",
    "subscription-required",
    "undefined-condition",
    "unexpected-request",
};

static void test_errors(void)
{
    const char *fallback = mucadmin_condition_explain("no-such-condition");
    struct stanza_error e;
    char xml[512];
    size_t i;
    int ok = 1, explained = 1;
    xmpp_stanza_t *st;

    for (i = 0; i < sizeof(conditions) / sizeof(conditions[0]); i++) {
        snprintf(xml, sizeof(xml),
                 "<iq type='error' id='e'><error type='cancel'><%s "
                 "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text "
                 "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>why %zu</text>"
                 "</error></iq>",
                 conditions[i], i);
        st = mca_xml_parse(xml);
        if (!st || !mca_stanza_error_parse(st, &e) ||
            strcmp(e.condition, conditions[i]) != 0 ||
            strcmp(e.type, "cancel") != 0 || strncmp(e.text, "why ", 4))
            ok = 0;
        if (mucadmin_condition_explain(conditions[i]) == fallback)
            explained = 0;
        mca_stanza_error_clear(&e);
        if (st)
            xmpp_stanza_release(st);
    }
    CHECK(ok, "every condition, type and text parsed");
    CHECK(explained, "every condition explained in MUC terms");
    CHECK(strcmp(mucadmin_condition_explain("registration-required"),
                 "the room is members-only and you are not a member") == 0,
          "registration-required explained");
    CHECK(strstr(mucadmin_condition_explain("conflict"), "owner") != NULL,
          "conflict mentions the last owner");
    CHECK(strstr(mucadmin_condition_explain("not-authorized"), "password"),
          "not-authorized mentions the password");
    CHECK(mucadmin_condition_explain(NULL) == fallback, "NULL condition");

    st = mca_xml_parse("<iq type='error' id='e'><error type='auth'><forbidden "
                       "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                       "</iq>");
    CHECK(mca_stanza_error_parse(st, &e) &&
              strcmp(e.condition, "forbidden") == 0 &&
              strcmp(e.type, "auth") == 0 && e.text == NULL,
          "Prosody's forbidden, no text");
    mca_stanza_error_clear(&e);
    xmpp_stanza_release(st);
    st = mca_xml_parse("<iq type='result' id='e'/>");
    CHECK(!mca_stanza_error_parse(st, &e), "a result has no error");
    xmpp_stanza_release(st);
}

static void test_names(void)
{
    int i, ok = 1;

    for (i = MUCADMIN_AFF_NONE; i <= MUCADMIN_AFF_OWNER; i++)
        ok &= mucadmin_affiliation_from_name(
                  mucadmin_affiliation_name((mucadmin_affiliation_t)i)) == i;
    for (i = MUCADMIN_ROLE_NONE; i <= MUCADMIN_ROLE_MODERATOR; i++)
        ok &= mucadmin_role_from_name(mucadmin_role_name((mucadmin_role_t)i)) ==
              i;
    CHECK(ok, "affiliation and role names round-trip");
    CHECK(mucadmin_affiliation_from_name("king") == -1, "unknown name");
    CHECK(mucadmin_role_from_name(NULL) == -1, "NULL name");
    for (ok = 1, i = MUCADMIN_OK; i <= MUCADMIN_E_VALUE; i++)
        ok &= strcmp(mucadmin_strerror((mucadmin_status_t)i),
                     "unknown status") != 0;
    CHECK(ok, "every status has a sentence");
}

static void test_redact(void)
{
    char *r = mca_log_redact(
        "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
        "AHVzZXIAcGFzc3dvcmQ=</auth>");

    CHECK(r && strcmp(r, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' "
                         "mechanism='PLAIN'>[redacted]</auth>") == 0,
          "PLAIN credentials redacted");
    free(r);
    r = mca_log_redact("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                       "Yz1iaXdzLHI9</response>");
    CHECK(r && strstr(r, "[redacted]") && !strstr(r, "Yz1i"),
          "SCRAM response redacted");
    free(r);
    r = mca_log_redact(
        "<presence><x><password>s3cret</password></x></presence>");
    CHECK(r && !strstr(r, "s3cret"), "room password redacted");
    free(r);
    r = mca_log_redact(
        "<authority/><auth/><message><body>auth</body></message>");
    CHECK(r && strcmp(r, "<authority/><auth/><message><body>auth</body>"
                         "</message>") == 0,
          "nothing else touched");
    free(r);
    /* Data forms, as libstrophe renders them: sent (no type) and got. */
    r = mca_log_redact(
        "<x type=\"submit\"><field var=\"muc#roomconfig_roomname\">"
        "<value>Team</value></field><field var=\"muc#roomconfig_"
        "roomsecret\"><value>pw1</value></field></x>");
    CHECK(r && !strstr(r, "pw1") && strstr(r, "<value>Team</value>") &&
              strstr(r, "roomsecret\"><value>[redacted]</value></field>"),
          "a submitted room password redacted, nothing else");
    free(r);
    r = mca_log_redact("<x type='form'><field type='text-private' var='k' "
                       "label='Key'><value>pw2</value><value>pw3</value>"
                       "</field><field var='o' type='text-single'><value>v"
                       "</value></field><field var='e' type='text-private'/>"
                       "<field var='n'><value>shown</value></field></x>");
    CHECK(r && !strstr(r, "pw2") && !strstr(r, "pw3") &&
              strstr(r, "<value>v</value>") && strstr(r, ">shown<"),
          "text-private values redacted in a received form");
    free(r);
}

static void test_jids(void)
{
    /* mucadmin_jid_valid() is the one check of the library, the CLI and
     * rooms files: ':' is not allowed in a localpart (RFC 7622 3.3.1). */
    CHECK(!mucadmin_jid_valid("x:y@localhost", 0), "':' in the localpart");
    CHECK(!mucadmin_jid_valid("x:y@localhost", 1), "':' in a bare JID");
    CHECK(mucadmin_jid_valid("localhost/x:y@z", 0),
          "':' and '@' in a resource");
    CHECK(mucadmin_jid_valid("room@conference.example.org", 1), "bare JID");
    CHECK(mucadmin_jid_valid("room@conference.example.org/nick with space", 0),
          "full JID, resource with space");
    CHECK(!mucadmin_jid_valid("room@conference.example.org/nick", 1),
          "no resource in a bare JID");
    CHECK(mucadmin_jid_valid("example.org", 1), "domain JID");
    CHECK(mucadmin_jid_valid("u@[::1]", 1), "IP literal");
    CHECK(mucadmin_jid_valid("caf\xc3\xa9@\xc3\xa9t\xc3\xa9.example", 1),
          "UTF-8 localpart and domain");
    CHECK(!mucadmin_jid_valid(NULL, 0), "NULL");
    CHECK(!mucadmin_jid_valid("", 0), "empty");
    CHECK(!mucadmin_jid_valid("a@", 0), "no domain");
    CHECK(!mucadmin_jid_valid("@example.org", 0), "empty localpart");
    CHECK(!mucadmin_jid_valid("a b@c", 0), "space in node");
    CHECK(!mucadmin_jid_valid("not a jid", 0), "spaces");
    CHECK(!mucadmin_jid_valid("a@b@c", 0), "two @");
    CHECK(!mucadmin_jid_valid("a<b@c", 0), "'<' in the localpart");
    CHECK(!mucadmin_jid_valid("a@b/", 0), "empty resource");
    CHECK(!mucadmin_jid_valid("u@.org", 0), "domain starting with a dot");
    CHECK(!mucadmin_jid_valid("u@example..org", 0), "empty label");
    CHECK(!mucadmin_jid_valid("u@example.org.", 0), "final dot");
    CHECK(!mucadmin_jid_valid("u@exa_mple.org", 0), "'_' in the domain");
    CHECK(!mucadmin_jid_valid("u@-example.org", 0), "label starting with '-'");
    CHECK(!mucadmin_jid_valid("u@ex\xff.org", 0), "not UTF-8");
    CHECK(!mucadmin_jid_valid("u@example.org/a\tb", 0),
          "control in a resource");
    {
        mucadmin_batch_t *b = mucadmin_batch_new();
        CHECK(mucadmin_batch_add(b, "x:y@localhost", MUCADMIN_AFF_MEMBER, NULL,
                                 NULL) == MUCADMIN_E_INVALID,
              "the library refuses what mucadmin_jid_valid() refuses");
        mucadmin_batch_free(b);
    }
    CHECK(mca_jid_bare_equal("Room@Conf.Example/x", "room@conf.example"),
          "bare equal ignores case and resource");
    CHECK(!mca_jid_bare_equal("room1@c", "room@c"), "bare differ");
}

static void test_jidmap(void)
{
    static const char *const jids[] = { "a@x", "b@x", "c@x", "d@x", "e@x",
                                        "f@x", "g@x", "h@x", "i@x", "j@x",
                                        "k@x", "l@x", "m@x", "n@x", "o@x",
                                        "p@x", "q@x", "r@x", "s@x", "t@x" };
    jidmap_t m;
    size_t i;
    int ok = 1;

    CHECK(mca_jidmap_init(&m, 2) == 0, "jidmap: a small map");
    for (i = 0; i < sizeof(jids) / sizeof(*jids); i++)
        ok &= mca_jidmap_put(&m, jids[i], (int)i) == 0;
    CHECK(ok && m.n == 20, "jidmap: grows past its first size");
    for (ok = 1, i = 0; i < sizeof(jids) / sizeof(*jids); i++)
        ok &= mca_jidmap_get(&m, jids[i], -1) == (int)i;
    CHECK(ok, "jidmap: every key found with its value");
    CHECK(mca_jidmap_get(&m, "A@X/res", -1) == 0,
          "jidmap: bare JID, case folded, resource ignored");
    CHECK(mca_jidmap_get(&m, "zz@x", -1) == -1, "jidmap: absent key");
    mca_jidmap_put(&m, "B@x", 99);
    CHECK(mca_jidmap_get(&m, "b@x", -1) == 1 && m.n == 20,
          "jidmap: the first value put stays");
    mca_jidmap_free(&m);
    CHECK(mca_jidmap_get(&m, "a@x", -7) == -7, "jidmap: freed map is empty");
}

static void test_text_ok(void)
{
    static const char ok[] = "<a b='\xc3\xa9\xe2\x82\xac\xf0\x9f\x98"
                             "\x80'>\t\r\n</a>";

    CHECK(mca_xml_text_ok(ok, strlen(ok)), "text ok: UTF-8, tab, CR, LF");
    CHECK(!mca_xml_text_ok("a\x01b", 3), "text ok: control character");
    CHECK(!mca_xml_text_ok("a\xc3", 2), "text ok: cut sequence");
    CHECK(!mca_xml_text_ok("\xc0\xaf", 2), "text ok: overlong");
    CHECK(!mca_xml_text_ok("\xed\xa0\x80", 3), "text ok: surrogate");
    CHECK(!mca_xml_text_ok("\xef\xbf\xbe", 3), "text ok: U+FFFE");
    CHECK(!mca_xml_text_ok("\xff", 1), "text ok: not UTF-8");
}

int main(void)
{
    test_requests();
    test_lists();
    test_disco();
    test_rsm();
    test_errors();
    test_names();
    test_redact();
    test_jids();
    test_jidmap();
    test_text_ok();
    return check_done();
}
