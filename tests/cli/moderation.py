#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""moderation.py - what serve's --moderation modes do beyond Debian's Prosody
(tests/suites/35-serve-mam.sh; tests/diff/flows3.py compares mode 0 with
Prosody).

usage: moderation.py PORT ROOM MODE; MODE is serve's --moderation: 0, 1 or
off.  user@localhost makes ROOM, user2@localhost joins and speaks; the
owner retracts.  Prints "ok NAME" or "not ok NAME (why)" for each check;
exit 1 when one failed.  Only the standard library.
"""
import sys

from mam_paging import MAM, SID, Client, tag

MUC = "http://jabber.org/protocol/muc"
FASTEN = "urn:xmpp:fasten:0"
MOD0 = "urn:xmpp:message-moderate:0"
MOD1 = "urn:xmpp:message-moderate:1"
RET0 = "urn:xmpp:message-retract:0"
RET1 = "urn:xmpp:message-retract:1"
OID = "urn:xmpp:occupant-id:0"
STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas"


class Test:
    def __init__(self, port, room, mode):
        self.room, self.mode, self.failed = room, mode, False
        self.a, self.b = Client(port), Client(port)
        self.a.login("user")
        self.b.login("user2")

    def check(self, name, ok, why=""):
        print("ok %s" % name if ok else "not ok %s (%s)" % (name, why))
        self.failed = self.failed or not ok

    def join(self, c, nick):
        c.send("<presence to='%s/%s'><x xmlns='%s'/></presence>"
               % (self.room, nick, MUC))
        c.until(lambda e: e.tag.endswith("message") and
                e.find("{jabber:client}subject") is not None)

    def say(self, text, sid):
        self.b.send("<message type='groupchat' to='%s' id='%s'><body>%s"
                    "</body></message>" % (self.room, sid, text))
        el = self.a.until(lambda e: e.get("id") == sid)
        self.b.until(lambda e: e.get("id") == sid)
        return el.find(tag(SID, "stanza-id")).get("id")

    def iq(self, payload, ident):
        self.a.send("<iq type='set' to='%s' id='%s'>%s</iq>"
                    % (self.room, ident, payload))
        return self.a.until(lambda e: e.tag.endswith("iq") and
                            e.get("id") == ident)

    def error(self, name, el, cond):
        e = el.find("{jabber:client}error")
        got = [c.tag.split("}")[1] for c in e] if e is not None else []
        self.check(name, el.get("type") == "error" and cond in got,
                   "%s %s" % (el.get("type"), got))

    def features(self):
        self.a.send("<iq type='get' to='%s' id='d'><query xmlns='http://jabber"
                    ".org/protocol/disco#info'/></iq>" % self.room)
        q = self.a.until(lambda e: e.get("id") == "d")
        return [f.get("var") for f in q.iter(
            "{http://jabber.org/protocol/disco#info}feature")]

    def archive(self):
        self.a.send("<iq type='set' to='%s' id='q'><query xmlns='%s' queryid="
                    "'q'/></iq>" % (self.room, MAM))
        got = []
        while True:
            el = self.a.next()
            if el.get("id") == "q":
                return got
            r = el.find(tag(MAM, "result"))
            if r is not None:
                got.append((r.get("id"), r.find(".//{jabber:client}message")))


def mod0(sid, reason=None):
    r = "<reason>%s</reason>" % reason if reason is not None else ""
    return ("<apply-to xmlns='%s' id='%s'><moderate xmlns='%s'><retract "
            "xmlns='%s'/>%s</moderate></apply-to>" % (FASTEN, sid, MOD0, RET0, r))


def mod1(sid, reason=None, retract=True):
    r = "<reason>%s</reason>" % reason if reason is not None else ""
    x = "<retract xmlns='%s'/>" % RET1 if retract else ""
    return "<moderate xmlns='%s' id='%s'>%s%s</moderate>" % (MOD1, sid, x, r)


def v1(t, s1):
    """:1 as later mod_muc_moderation: one announcement both ways."""
    el = t.iq(mod1(s1, "spam"), "r1")
    t.check("1: a :1 request is served", el.get("type") == "result",
            el.get("type"))
    ann = t.b.until(lambda e: e.find(tag(FASTEN, "apply-to")) is not None)
    at = ann.find(tag(FASTEN, "apply-to"))
    m0 = at.find(tag(MOD0, "moderated"))
    t.check("1: the :0 announcement", at.get("id") == s1 and m0 is not None and
            m0.find(tag(RET0, "retract")) is not None and
            m0.findtext(tag(MOD0, "reason")) == "spam" and
            m0.get("by") == t.room + "/Alice", str(ann.attrib))
    r1 = ann.find(tag(RET1, "retract"))
    m1 = r1.find(tag(MOD1, "moderated")) if r1 is not None else None
    t.check("1: and the :1 one, with the moderator's occupant-id",
            r1 is not None and r1.get("id") == s1 and m1 is not None and
            m1.get("by") == t.room + "/Alice" and
            m1.find(tag(OID, "occupant-id")) is not None and
            r1.findtext(tag(RET1, "reason")) == "spam", "no :1 retract")
    el = t.iq(mod1(s1, retract=False), "r2")
    t.error("1: a :1 moderation retracting nothing: not served", el,
            "service-unavailable")


def main():
    t = Test(int(sys.argv[1]), sys.argv[2], sys.argv[3])
    t.join(t.a, "Alice")
    t.a.send("<iq type='set' to='%s' id='c'><query xmlns='%s#owner'><x xmlns="
             "'jabber:x:data' type='submit'/></query></iq>" % (t.room, MUC))
    t.a.until(lambda e: e.get("id") == "c")
    t.join(t.b, "Bob")
    s1, s2 = t.say("spam", "m1"), t.say("more", "m2")
    feats = t.features()
    want = {"0": [MOD0], "1": [MOD0, MOD1], "off": []}[t.mode]
    t.check("%s: disco#info" % t.mode,
            [f for f in feats if f.startswith("urn:xmpp:message-moderate")]
            == want, str(feats))
    if t.mode == "off":
        t.error("off: a :0 request is not served", t.iq(mod0(s1), "o1"),
                "service-unavailable")
        t.error("off: nor a :1 one", t.iq(mod1(s1), "o2"),
                "service-unavailable")
    elif t.mode == "0":
        t.error("0: a :1 request is not served (Debian 12)",
                t.iq(mod1(s1), "z1"), "service-unavailable")
    else:
        v1(t, s1)
    if t.mode != "off":
        el = t.iq(mod0(s2, "x" * 4097), "b1")
        t.error("%s: a reason over 4096 bytes: not-acceptable" % t.mode, el,
                "not-acceptable")
        el = t.iq(mod0("x" * 5000), "b2")
        t.error("%s: a long id: item-not-found" % t.mode, el,
                "item-not-found")
        el = t.iq(mod0(s2, "x" * 4096), "b3")
        t.check("%s: a reason of 4096 bytes is taken" % t.mode,
                el.get("type") == "result", el.get("type"))
    got = dict(t.archive())
    gone = [s for s in (s1, s2) if got[s].find(tag(MOD0, "moderated"))
            is not None]
    t.check("%s: the tombstones in the archive" % t.mode,
            gone == {"0": [s2], "1": [s1, s2], "off": []}[t.mode], str(gone))
    sys.exit(1 if t.failed else 0)


if __name__ == "__main__":
    main()
