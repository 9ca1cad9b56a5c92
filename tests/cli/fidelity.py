# SPDX-License-Identifier: MIT
"""fidelity.py - one client flow run on Prosody 0.12 and on mucadmin serve
(tests/suites/34-serve-fidelity.sh).

usage: fidelity.py SCENARIO PORT CAFILE; exit 0 when the server does what
Prosody 0.12.3 does, 1 otherwise (the reason and the traffic on stderr).
What both servers must agree on, beyond the checks, goes to stdout as
normalised lines, which the suite compares between the two.
"""
import os
import re
import sys
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_core import Client, Fail, check  # noqa: E402

MUC = "http://jabber.org/protocol/muc"
SVC = "conference.localhost"
XDATA = "{jabber:x:data}"


def tls_login(port, cafile, user, password="password", lang=None):
    c = Client(port, user)
    c.open()
    c.starttls(cafile)
    c.open()
    r = c.plain(user, password)
    if "<success" not in r:
        raise Fail("%s: login refused: %s" % (user, r))
    c.jid = c.bind()
    return c


def stanza(c, name, ident, timeout=5):
    """The next <name> stanza with this id, parsed."""
    m = c.expect(r"<%s\b[^>]*\bid=['\"]%s['\"][^>]*(?:/>|(?<!/)>.*?</%s>)"
                 % (name, re.escape(ident), name), timeout)
    text = m.group(0)
    return ET.fromstring(text.replace("<%s " % name, "<%s xmlns='jabber:client' "
                                      % name, 1))


def error_of(el):
    err = el.find("{jabber:client}error")
    if err is None:
        return None
    conds = [x.tag.split("}")[1] for x in err if not x.tag.endswith("}text")]
    text = err.find("{urn:ietf:params:xml:ns:xmpp-stanzas}text")
    return (err.get("type"), conds[0] if conds else None,
            text.text if text is not None else None)


def iq(c, ident, to, type_, payload):
    c.send("<iq type='%s' id='%s' to='%s'>%s</iq>" % (type_, ident, to,
                                                      payload))
    return stanza(c, "iq", ident)


def sc_login(port, cafile):
    """STARTTLS required by default, Prosody's SASL offer, password change."""
    c = Client(port)
    feats = c.open().group(1)
    check(re.search(r"<starttls[^>]*>\s*<required/>", feats),
          "STARTTLS not required: " + feats)
    check("<mechanism>" not in feats, "SASL offered before TLS: " + feats)
    c.starttls(cafile)
    feats = c.open().group(1)
    # Prosody lists them in its hash table's order, which varies.
    mechs = sorted(re.findall(r"<mechanism>([^<]*)</mechanism>", feats))
    check(mechs == ["PLAIN", "SCRAM-SHA-1"], "mechanisms %r" % mechs)
    print("mechanisms " + " ".join(mechs))
    r = c.plain("user3", "password")
    check("<success" in r, "login refused: " + r)
    c.bind()
    q = "<query xmlns='jabber:iq:register'>%s</query>"
    info = iq(c, "d1", "localhost", "get",
              "<query xmlns='http://jabber.org/protocol/disco#info'/>")
    feats = [f.get("var") for f in info.iter(
        "{http://jabber.org/protocol/disco#info}feature")]
    check("jabber:iq:register" in feats, "server lacks jabber:iq:register")
    g = iq(c, "g1", "localhost", "get", q % "")
    reg = g.find("{jabber:iq:register}query")
    check(g.get("type") == "result" and reg is not None and
          [x.tag.split("}")[1] for x in reg] ==
          ["registered", "username", "password"] and
          reg.find("{jabber:iq:register}username").text == "user3" and
          not reg.find("{jabber:iq:register}password").text,
          "registration get: " + ET.tostring(g).decode())
    for ident, body in (("s1", "<username>user2</username>"
                               "<password>x</password>"),
                        ("s2", "<username>user3</username>"),
                        ("s3", "<password>x</password>")):
        e = error_of(iq(c, ident, "localhost", "set", q % body))
        check(e == ("modify", "bad-request", None),
              "%s: want bad-request, got %r" % (ident, e))
        print("%s %r" % (ident, e))
    ok = iq(c, "s4", "localhost", "set",
            q % "<username>USER3</username><password>n3w</password>")
    check(ok.get("type") == "result", "password change refused")
    old = Client(port)
    old.open()
    old.starttls(cafile)
    old.open()
    check("<not-authorized/>" in old.plain("user3", "password"),
          "the old password still works")
    tls_login(port, cafile, "user3", "n3w")
    print("password changed")


def form_values(el):
    out = []
    for f in el.iter(XDATA + "field"):
        if f.get("var") in (None, "FORM_TYPE"):
            continue
        vals = sorted(v.text or "" for v in f.findall(XDATA + "value"))
        out.append("field %s=%s" % (f.get("var"), ",".join(vals)))
    return sorted(out)


def codes(el):
    return sorted(s.get("code") for s in el.iter(
        "{%s#user}status" % MUC))


def join(c, room, nick, ident):
    c.send("<presence to='%s/%s' id='%s'><x xmlns='%s'/></presence>" %
           (room, nick, ident, MUC))
    return stanza(c, "presence", ident)


def sc_options(port, cafile):
    """restrict_room_creation admin, the lock timeout (3 s) and the
    muc_room_default_* settings."""
    admin = tls_login(port, cafile, "admin")
    u2 = tls_login(port, cafile, "user2")
    u3 = tls_login(port, cafile, "user3")
    room = "opts@" + SVC
    p = join(u2, "mine@" + SVC, "U2", "r1")
    e = error_of(p)
    check(e == ("cancel", "not-allowed", "Room creation is restricted"),
          "creation by a user: %r" % (e,))
    check(p.find("{jabber:client}error").get("by") == SVC, "error by")
    print("restricted %r" % (e,))
    p = join(admin, room, "Admin", "c1")
    check(error_of(p) is None and "201" in codes(p), "admin cannot create")
    print("created codes " + " ".join(codes(p)))
    items = iq(u3, "i1", SVC, "get",
               "<query xmlns='http://jabber.org/protocol/disco#items'/>")
    listed = sorted("%s %s" % (i.get("jid"), i.get("name")) for i in
                    items.iter("{http://jabber.org/protocol/disco#items}item"))
    check(listed == ["opts@conference.localhost None"],
          "public by default, listed while locked: %r" % listed)
    print("items %r" % listed)
    r = iq(admin, "m1", room, "set",
           "<query xmlns='%s#admin'><item jid='user2@localhost' "
           "affiliation='member'/></query>" % MUC)
    check(r.get("type") == "result", "member not set")
    first = error_of(join(u2, room, "U2", "j0"))
    check(first == ("cancel", "item-not-found", None),
          "a locked room let a member in: %r" % (first,))
    form = iq(admin, "f1", room, "get", "<query xmlns='%s#owner'/>" % MUC)
    for line in form_values(form):
        print(line)
    deadline = time.monotonic() + 15
    n = 0
    while True:
        n += 1
        p = join(u2, room, "U2", "j%d" % n)
        if error_of(p) is None:
            break
        check(error_of(p) == ("cancel", "item-not-found", None),
              "while locked: %r" % (error_of(p),))
        check(time.monotonic() < deadline, "the lock never ends")
        time.sleep(0.2)
    print("joined after the lock, codes " + " ".join(codes(p)))


def sc_create(port, cafile):
    """Who may create a room: a user, then an admin."""
    for user in ("user2", "admin"):
        c = tls_login(port, cafile, user)
        p = join(c, "by-%s@%s" % (user, SVC), "Me", "c1")
        e = error_of(p)
        print("%s: %s" % (user, "created %s" % " ".join(codes(p))
                          if e is None else "refused %r" % (e,)))


SCENARIOS = {"login": sc_login, "options": sc_options, "create": sc_create}

if __name__ == "__main__":
    try:
        SCENARIOS[sys.argv[1]](int(sys.argv[2]), sys.argv[3])
    except (Fail, OSError, KeyError, ET.ParseError) as e:
        print("%s: %s" % (sys.argv[1], e), file=sys.stderr)
        sys.exit(1)
