#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""mam_paging.py - MAM paging on a room's JID, for tests/suites/33-mam.sh.

usage: mam_paging.py PORT ROOM [cap]; logs in as user@localhost (SASL PLAIN, no
TLS: serve --any-password or Prosody with PROSODY_AUTH=insecure), makes
ROOM at conference.localhost, sends five messages and pages through their
archive by the stanza-ids the room gave them (RSM after/before, the form's
ids/after-id/before-id, flip-page).  Prints "ok NAME" or "not ok NAME
(why)" for each check; exit 1 when one failed.  Only the standard library.
"""
import base64
import socket
import sys
import xml.etree.ElementTree as ET

MAM = "urn:xmpp:mam:2"
RSM = "http://jabber.org/protocol/rsm"
SID = "urn:xmpp:sid:0"
FWD = "urn:xmpp:forward:0"
HEADER = ("<stream:stream to='localhost' xmlns:stream='http://etherx.jabber."
          "org/streams' xmlns='jabber:client' version='1.0'>")


class Client:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.queue = []
        self.restart()

    def restart(self):
        self.parser = ET.XMLPullParser(events=("start", "end"))
        self.depth = 0
        self.send(HEADER)

    def send(self, s):
        self.sock.sendall(s.encode())

    def next(self):
        """The next top-level element of the stream."""
        while not self.queue:
            data = self.sock.recv(65536)
            if not data:
                raise SystemExit("connection closed")
            self.parser.feed(data)
            for ev, el in self.parser.read_events():
                if ev == "start":
                    self.depth += 1
                else:
                    self.depth -= 1
                    if self.depth == 1:
                        self.queue.append(el)
        return self.queue.pop(0)

    def until(self, pred):
        while True:
            el = self.next()
            if pred(el):
                return el

    def login(self, user):
        self.until(lambda e: e.tag.endswith("features"))
        cred = base64.b64encode(("\0%s\0password" % user).encode()).decode()
        self.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' "
                  "mechanism='PLAIN'>%s</auth>" % cred)
        el = self.next()
        if not el.tag.endswith("success"):
            raise SystemExit("login refused")
        self.restart()
        self.until(lambda e: e.tag.endswith("features"))
        self.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:"
                  "ns:xmpp-bind'/></iq><iq type='set' id='s'><session "
                  "xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>")
        self.until(lambda e: e.get("id") == "s")


def tag(ns, name):
    return "{%s}%s" % (ns, name)


class Test:
    def __init__(self, port, room):
        self.c = Client(port)
        self.c.login("user")
        self.room = room + "@conference.localhost"
        self.failed = 0
        self.n = 0

    def check(self, name, ok, why=""):
        print(("ok %s" if ok else "not ok %s (" + why + ")") % name)
        if not ok:
            self.failed += 1

    def setup_room(self):
        c = self.c
        c.send("<presence to='%s/Pager'><x xmlns='http://jabber.org/"
               "protocol/muc'/></presence>" % self.room)
        c.until(lambda e: e.tag.endswith("message"))    # the subject
        c.send("<iq type='set' id='inst' to='%s'><query xmlns='http://"
               "jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' "
               "type='submit'/></query></iq>" % self.room)
        c.until(lambda e: e.get("id") == "inst")

    def setup(self):
        c = self.c
        self.setup_room()
        self.sids = []
        for i in range(1, 6):
            c.send("<message type='groupchat' to='%s' id='m%d'><body>%d"
                   "</body></message>" % (self.room, i, i))
            el = c.until(lambda e: e.get("id") == "m%d" % i)
            sid = el.find(tag(SID, "stanza-id"))
            self.sids.append(sid.get("id") if sid is not None else None)
        self.check("five stanza-ids", all(self.sids) and
                   len(set(self.sids)) == 5, str(self.sids))

    def query(self, inner):
        """Send a query; (ids of the results in order, fin element)."""
        self.n += 1
        qid = "q%d" % self.n
        self.c.send("<iq type='set' id='%s' to='%s'><query xmlns='%s' "
                    "queryid='%s'>%s</query></iq>" %
                    (qid, self.room, MAM, qid, inner))
        got = []
        while True:
            el = self.c.next()
            if el.tag.endswith("iq") and el.get("id") == qid:
                return got, el
            res = el.find(tag(MAM, "result"))
            if res is not None and res.get("queryid") == qid:
                msg = res.find(tag(FWD, "forwarded") + "/" +
                               tag("jabber:client", "message"))
                got.append((res.get("id"), msg.get("id")))

    def expect(self, name, inner, want, complete, first=None, last=None,
               count=5):
        got, iq = self.query(inner)
        fin = iq.find(tag(MAM, "fin"))
        s = self.sids
        ids = [r[0] for r in got]
        wanted = [s[i] for i in want]
        self.check(name + ": results", ids == wanted,
                   "got %s, want %s" % (ids, wanted))
        self.check(name + ": each its message",
                   [r[1] for r in got] == ["m%d" % (i + 1) for i in want])
        if fin is None:
            self.check(name + ": fin", False, "no fin")
            return
        self.check(name + ": complete",
                   (fin.get("complete") == "true") == complete,
                   "complete=%s" % fin.get("complete"))
        rsm = fin.find(tag(RSM, "set"))
        f = rsm.findtext(tag(RSM, "first"))
        la = rsm.findtext(tag(RSM, "last"))
        wf = s[first] if first is not None else None
        wl = s[last] if last is not None else None
        self.check(name + ": first/last", (f, la) == (wf, wl),
                   "got %s %s" % (f, la))
        self.check(name + ": count", rsm.findtext(tag(RSM, "count")) ==
                   str(count))

    def error(self, name, inner, cond):
        _, iq = self.query(inner)
        err = iq.find(tag("jabber:client", "error"))
        ok = (iq.get("type") == "error" and err is not None and
              err.get("type") == "modify" and
              err.find(tag("urn:ietf:params:xml:ns:xmpp-stanzas", cond))
              is not None)
        self.check(name, ok, ET.tostring(iq).decode())


def rsm(s):
    return "<set xmlns='%s'>%s</set>" % (RSM, s)


def form(fields):
    out = "<field var='FORM_TYPE'><value>%s</value></field>" % MAM
    for var, values in fields:
        out += "<field var='%s'>%s</field>" % (
            var, "".join("<value>%s</value>" % v for v in values))
    return "<x xmlns='jabber:x:data' type='submit'>%s</x>" % out


def cap(t):
    """Prosody's storage_archive_item_limit: at 10000 the archive keeps the
    newest 9900, then takes the new one."""
    c, n = t.c, 10001
    c.send("".join("<message type='groupchat' to='%s' id='c%d'><body>%d"
                   "</body></message>" % (t.room, i, i)
                   for i in range(1, n + 1)))
    c.until(lambda e: e.get("id") == "c%d" % n)
    got, iq = t.query(rsm("<max>1</max>"))
    fin = iq.find(tag(MAM, "fin"))
    count = fin.find(tag(RSM, "set")).findtext(tag(RSM, "count"))
    t.check("cap: 9901 kept", count == "9901", "count %s" % count)
    t.check("cap: the oldest went", [r[1] for r in got] == ["c101"],
            str(got))
    sys.exit(1 if t.failed else 0)


def main():
    t = Test(int(sys.argv[1]), sys.argv[2])
    if sys.argv[3:] == ["cap"]:
        t.setup_room()
        cap(t)
    t.setup()
    s = t.sids
    t.expect("max 2", rsm("<max>2</max>"), [0, 1], False, 0, 1)
    t.expect("after the 2nd", rsm("<max>2</max><after>%s</after>" % s[1]),
             [2, 3], False, 2, 3)
    t.expect("after the 4th", rsm("<max>2</max><after>%s</after>" % s[3]),
             [4], True, 4, 4)
    t.expect("last page", rsm("<max>2</max><before/>"), [3, 4], False, 3, 4)
    t.expect("before the 4th", rsm("<max>2</max><before>%s</before>" % s[3]),
             [1, 2], False, 1, 2)
    t.expect("before the 2nd", rsm("<max>2</max><before>%s</before>" % s[1]),
             [0], True, 0, 0)
    t.expect("between, RSM", rsm("<after>%s</after><before>%s</before>" %
                                 (s[0], s[4])), [1, 2, 3], True, 1, 3)
    t.expect("between, form", form([("after-id", [s[0]]),
                                    ("before-id", [s[3]])]),
             [1, 2], True, 1, 2)
    t.expect("ids", form([("ids", [s[3], s[1], "nope"])]), [1, 3], True,
             1, 3, count=2)
    t.expect("flip-page", rsm("<max>2</max>") + "<flip-page/>", [1, 0],
             False, 0, 1)
    t.expect("max not a number", rsm("<max>many</max>"), [0, 1, 2, 3, 4],
             True, 0, 4)
    t.expect("max over 50", rsm("<max>1000</max>"), [0, 1, 2, 3, 4], True,
             0, 4)
    t.error("before an unknown id", rsm("<before>nope</before>"),
            "item-not-found")
    t.error("after-id unknown", form([("after-id", ["nope"])]),
            "item-not-found")
    sys.exit(1 if t.failed else 0)


if __name__ == "__main__":
    main()
